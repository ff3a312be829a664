"""The programme's figures for the dashboard, the printable report, the downloads and the
API: WUB per year against target, by trade and kecamatan, the funnel from training to an
operating business, partnerships brokered, and what monitoring visits found.

A WUB is a participant who finished training: their status is trained or later, or they
closed after having reached trained (read from the status history). A WUB counts in the
year of their cohort.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from matchmaker.core.extensions import db
from matchmaker.core.pages.web import trade_label
from matchmaker.reference.models import Kecamatan
from matchmaker.wub.cohorts.models import (
    IN_BUSINESS,
    TRAINED_OR_LATER,
    Cohort,
    Participant,
    StatusChange,
    WubStatus,
)
from matchmaker.wub.dashboard import outcomes, targets
from matchmaker.wub.dashboard.filters import Count, Filters, add_months, narrow_cohorts
from matchmaker.wub.dashboard.models import TargetScope

FUNNEL_MONTHS = (6, 12)
OPERATING = frozenset({WubStatus.OPERATING, WubStatus.GROWING})


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
    partnerships: outcomes.Partnerships
    monitoring: outcomes.Monitoring


def build(filters: Filters, today: date | None = None) -> Dashboard:
    """Every figure for these filters (as of `today`)."""
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
