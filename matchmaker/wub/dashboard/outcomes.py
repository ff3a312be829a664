"""Figures of what came of the programme, for the dashboard: partnerships brokered
(introductions) and what monitoring visits found."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from matchmaker.brokering.models import Introduction, Status
from matchmaker.brokering.reasons import STATUS_LABELS
from matchmaker.brokering.seksi import trades_of
from matchmaker.core.extensions import db
from matchmaker.matching.models import Kind
from matchmaker.profiles.models import Company, SmallBusiness
from matchmaker.reference.models import IndustrialEstate
from matchmaker.wub.cohorts.models import Participant
from matchmaker.wub.dashboard.filters import Count, Filters, add_months, narrow_cohorts
from matchmaker.wub.fields import PROBLEM_LABELS, REVENUE_LABELS
from matchmaker.wub.monitoring.models import MonitoringVisit, Problem, RevenueBand

JAKARTA = ZoneInfo("Asia/Jakarta")
MONTHS_SHOWN = 12  # visits per month, over this many months up to the current one


@dataclass
class Monitoring:
    visited: int  # participants with at least one visit
    operating: int  # of them, operating at their latest visit
    not_operating: int
    revenue: list[Count]
    problems: list[Count]
    median_employees: float | None
    per_month: list[Count]


@dataclass
class Partnerships:
    total: int
    by_kind: list[Count]
    by_estate: list[Count]
    by_state: list[Count]


# --- partnerships ------------------------------------------------------------------------------


def _introductions(query, filters: Filters):
    # Years as lived in Bekasi: a request made on 1 January, 03:00 WIB, counts in that year.
    first = datetime(filters.year_from, 1, 1, tzinfo=JAKARTA)
    last = datetime(filters.year_to + 1, 1, 1, tzinfo=JAKARTA)
    query = query.where(Introduction.created_at >= first, Introduction.created_at < last)
    if filters.seksi:
        query = query.where(SmallBusiness.trade.in_(trades_of(filters.seksi)))
    if filters.wub_only:
        linked = select(Participant.business_id).where(Participant.business_id.is_not(None))
        query = query.where(Introduction.business_id.in_(linked))
    return query


def partnerships(filters: Filters) -> Partnerships:
    """Introductions brokered (created in the years) by kind, industrial estate and state."""

    def grouped(column) -> dict:
        query = (
            select(column, func.count(Introduction.id))
            .join(Introduction.business)
            .join(Introduction.company)
            .outerjoin(IndustrialEstate, Company.estate_id == IndustrialEstate.id)
            .group_by(column)
        )
        return dict(db.session.execute(_introductions(query, filters)).all())

    kinds, states = grouped(Introduction.kind), grouped(Introduction.status)
    estates = grouped(IndustrialEstate.short_name)
    kind_labels = {Kind.SUBCONTRACTING: _("Subkontrak"), Kind.MENTORING: _("Pendampingan")}
    by_estate = [Count(name or "", name or _("Tanpa kawasan"), n) for name, n in estates.items()]
    return Partnerships(
        total=sum(kinds.values()),
        by_kind=[Count(k.value, kind_labels[k], kinds.get(k, 0)) for k in Kind],
        by_estate=sorted(by_estate, key=lambda c: (-c.count, c.key == "", c.label)),
        by_state=[Count(s.value, str(STATUS_LABELS[s]), states.get(s, 0)) for s in Status],
    )


# --- monitoring --------------------------------------------------------------------------------


def monitoring(filters: Filters, today: date) -> Monitoring:
    """From each participant's latest visit: operating or not, revenue, problems,
    employees; and how many visits were made each month of the last twelve."""
    query = (
        select(
            MonitoringVisit.participant_id,
            MonitoringVisit.visited_on,
            MonitoringVisit.operating,
            MonitoringVisit.employees,
            MonitoringVisit.revenue_band,
            MonitoringVisit.problems,
        )
        .join(MonitoringVisit.participant)
        .join(Participant.cohort)
        .order_by(
            MonitoringVisit.participant_id,
            MonitoringVisit.visited_on.desc(),
            MonitoringVisit.id.desc(),
        )
    )
    visits = db.session.execute(narrow_cohorts(query, filters)).all()
    latest = {}
    for visit in visits:
        latest.setdefault(visit.participant_id, visit)
    last = list(latest.values())
    bands = [v.revenue_band for v in last]
    problems = [p for v in last for p in v.problems.split(",") if p]
    employees = [v.employees for v in last if v.employees is not None]
    revenue = [Count(b.value, str(REVENUE_LABELS[b]), bands.count(b)) for b in RevenueBand]
    revenue.append(Count("", _("Tidak dicatat"), bands.count(None)))
    operating = sum(1 for v in last if v.operating)
    return Monitoring(
        visited=len(last),
        operating=operating,
        not_operating=len(last) - operating,
        revenue=revenue,
        problems=[Count(p.value, str(PROBLEM_LABELS[p]), problems.count(p)) for p in Problem],
        median_employees=statistics.median(employees) if employees else None,
        per_month=_per_month([v.visited_on for v in visits], today),
    )


def _per_month(days: list[date], today: date) -> list[Count]:
    months = [add_months(today.replace(day=1), -back) for back in range(MONTHS_SHOWN - 1, -1, -1)]
    keys = [m.strftime("%Y-%m") for m in months]
    counts = dict.fromkeys(keys, 0)
    for day in days:
        key = day.strftime("%Y-%m")
        if key in counts:
            counts[key] += 1
    return [Count(k, format_date(m, "MMM y"), counts[k]) for k, m in zip(keys, months, strict=True)]
