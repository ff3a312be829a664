"""The programme's figures for the dashboard, the printable report, the downloads and the
API: WUB per year against target, by trade and kecamatan, the funnel from training to an
operating business, partnerships brokered, and what monitoring visits found.

A WUB is a participant who finished training: their status is trained or later, or they
closed after having reached trained (read from the status history). A WUB counts in the
year of their cohort.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from matchmaker import params
from matchmaker.brokering.seksi import SEKSI_CODES
from matchmaker.extensions import db
from matchmaker.programme import targets
from matchmaker.programme.fields import FIRST_YEAR
from matchmaker.programme.models import (
    IN_BUSINESS,
    TRAINED_OR_LATER,
    Cohort,
    Participant,
    StatusChange,
    TargetScope,
    WubStatus,
)
from matchmaker.reference.models import Kecamatan
from matchmaker.web import trade_label

FUNNEL_MONTHS = (6, 12)
OPERATING = frozenset({WubStatus.OPERATING, WubStatus.GROWING})


@dataclass
class Filters:
    """What the figures are narrowed to: a Seksi, cohort years, only WUB partnerships."""

    seksi: str = ""
    year_from: int = FIRST_YEAR
    year_to: int = field(default_factory=lambda: date.today().year)
    wub_only: bool = False

    @classmethod
    def parse(cls, args) -> tuple["Filters", dict[str, str]]:
        """Filters from query arguments; a bad value is dropped and named in the errors."""
        found, errors = cls(), {}
        low, high = targets.year_limits()
        seksi = args.get("seksi", "").strip()
        if seksi in SEKSI_CODES:
            found.seksi = seksi
        elif seksi:
            errors["seksi"] = _("Seksi tidak dikenal.")
        message = _("Tahun harus antara %(low)d dan %(high)d.", low=low, high=high)
        for name in ("year_from", "year_to"):
            year = params.filter_argument(
                args, name, params.Integer(low, high), errors, getattr(found, name), message
            )
            setattr(found, name, year)
        if found.year_from > found.year_to:
            errors["year_to"] = _("Tahun akhir tidak boleh sebelum tahun awal.")
            found.year_to = found.year_from
        found.wub_only = args.get("wub_only", "").strip().lower() in {"1", "true", "ya", "on"}
        return found, errors

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for download links)."""
        args = {"year_from": str(self.year_from), "year_to": str(self.year_to)}
        return {
            **args,
            **({"seksi": self.seksi} if self.seksi else {}),
            **({"wub_only": "1"} if self.wub_only else {}),
        }

    @property
    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)


@dataclass
class Count:
    """One bar of a chart: a code, its label in the reader's language, a count."""

    key: str
    label: str
    count: int


@dataclass
class YearRow:
    year: int
    wub: int
    department: int | None  # the Department's target
    regency: int | None
    seksi: int | None  # the filtered Seksi's target, when a Seksi is chosen and has one


@dataclass
class FunnelRow:
    """Of those trained at least `months` ago, how many had started / were operating then."""

    months: int
    trained: int
    started: int
    operating: int


@dataclass
class Dashboard:
    filters: Filters
    today: date
    per_year: list[YearRow]
    period: YearRow  # the plan period: WUB and targets added up (year = first year)
    period_years: range
    by_trade: list[Count]
    by_kecamatan: list[Count]
    funnel: list[FunnelRow]
    partnerships: Any  # dashboard_outcomes.Partnerships
    monitoring: Any  # dashboard_outcomes.Monitoring


def build(filters: Filters, today: date | None = None) -> Dashboard:
    """Every figure for these filters (as of `today`)."""
    from matchmaker.programme import dashboard_outcomes as outcomes  # it builds on this module

    today = today or date.today()
    per_year = wub_per_year(filters, filters.years)
    plan = targets.period()
    period_rows = wub_per_year(filters, plan)
    return Dashboard(
        filters=filters,
        today=today,
        per_year=per_year,
        period=_added_up(plan[0], period_rows),
        period_years=plan,
        by_trade=wub_by(filters, Participant.trade, trade_label),
        by_kecamatan=wub_by(filters, Kecamatan.name),
        funnel=funnel(filters, today),
        partnerships=outcomes.partnerships(filters),
        monitoring=outcomes.monitoring(filters, today),
    )


# --- WUB ---------------------------------------------------------------------------------------


def ever_trained():
    """SQL condition: the participant finished training, whatever happened after."""
    trained, step = list(TRAINED_OR_LATER), aliased(StatusChange)
    return or_(
        Participant.status.in_(trained),
        and_(
            Participant.status == WubStatus.CLOSED,
            exists().where(step.participant_id == Participant.id, step.status.in_(trained)),
        ),
    )


def narrow_cohorts(query, filters: Filters, years=None):
    """Narrow a query joined to Cohort by the Seksi and the cohort years."""
    years = filters.years if years is None else years
    query = query.where(Cohort.year >= years[0], Cohort.year <= years[-1])
    return query.where(Cohort.seksi == filters.seksi) if filters.seksi else query


def wub_per_year(filters: Filters, years: range) -> list[YearRow]:
    """WUB of each year's cohorts beside that year's targets."""
    query = (
        select(Cohort.year, func.count(Participant.id))
        .join(Participant.cohort)
        .where(ever_trained())
        .group_by(Cohort.year)
    )
    counts = dict(db.session.execute(narrow_cohorts(query, filters, years)).all())
    grid = targets.cells(years)
    rows = []
    for year in years:
        row = grid[year]
        seksi = row[TargetScope(filters.seksi)].count if filters.seksi else None
        rows.append(
            YearRow(
                year,
                counts.get(year, 0),
                row[TargetScope.DEPARTMENT].count,
                row[TargetScope.REGENCY].count,
                seksi,
            )
        )
    return rows


def _added_up(first: int, rows: list[YearRow]) -> YearRow:
    def total(name: str) -> int | None:
        values = [getattr(r, name) for r in rows if getattr(r, name) is not None]
        return sum(values) if values else None

    return YearRow(
        first, sum(r.wub for r in rows), *(total(n) for n in ("department", "regency", "seksi"))
    )


def wub_by(filters: Filters, column, label=str) -> list[Count]:
    """WUB counted by a column (trade, kecamatan name), largest first."""
    query = (
        select(column, func.count(Participant.id))
        .join(Participant.cohort)
        .join(Participant.kecamatan)
        .where(ever_trained())
        .group_by(column)
    )
    rows = db.session.execute(narrow_cohorts(query, filters)).all()
    counts = [Count(str(key), str(label(key)), n) for key, n in rows]
    return sorted(counts, key=lambda c: (-c.count, c.label))


# --- the funnel --------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _histories(filters: Filters) -> dict[int, list[tuple[date, WubStatus]]]:
    query = (
        select(StatusChange.participant_id, StatusChange.changed_on, StatusChange.status)
        .join(Participant, StatusChange.participant_id == Participant.id)
        .join(Participant.cohort)
        .where(ever_trained())
        .order_by(StatusChange.participant_id, StatusChange.changed_on, StatusChange.id)
    )
    found: dict[int, list[tuple[date, WubStatus]]] = {}
    for participant_id, on, status in db.session.execute(narrow_cohorts(query, filters)):
        found.setdefault(participant_id, []).append((on, status))
    return found


def status_on(history: list[tuple[date, WubStatus]], day: date) -> WubStatus | None:
    """The status in force on a day: the last step taken on or before it."""
    current = None
    for on, status in history:
        if on > day:
            break
        current = status
    return current


def funnel(filters: Filters, today: date) -> list[FunnelRow]:
    """Trained → started → operating, read from the history 6 and 12 months after training."""
    rows = {months: FunnelRow(months, 0, 0, 0) for months in FUNNEL_MONTHS}
    for history in _histories(filters).values():
        trained_on = next((on for on, s in history if s in TRAINED_OR_LATER), None)
        if trained_on is None:
            continue
        for months, row in rows.items():
            point = add_months(trained_on, months)
            if point > today:
                continue
            status = status_on(history, point)
            row.trained += 1
            row.started += status in IN_BUSINESS
            row.operating += status in OPERATING
    return list(rows.values())
