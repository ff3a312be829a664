"""Each role's to-do list for the home page: what waits for the user, read through the
features' own services and queries, a few queries in all."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import joinedload

from matchmaker.auth.models import Role, User, utcnow
from matchmaker.auth.services import pending_members
from matchmaker.brokering.models import WAITING, Introduction
from matchmaker.brokering.services import visible_to
from matchmaker.core.extensions import db
from matchmaker.matching import feedback
from matchmaker.matching import services as matching
from matchmaker.matching.models import Kind
from matchmaker.profiles.completeness import profile_completeness
from matchmaker.profiles.models import Company, SmallBusiness, SubcontractingNeed
from matchmaker.wub.monitoring.services import overdue, overdue_query
from matchmaker.wub.spreadsheets.models import DONE, KEPT_FOR, PendingUpload

SHOWN = 5  # items listed per to-do; the count says how many there are in all
NEW_SUGGESTIONS = 3
CLOSING_WITHIN_DAYS = 14  # a need whose deadline is this close is "closing soon"
UNANSWERED_AFTER_DAYS = 7  # an introduction nobody answered this long is stuck


@dataclass
class Todo:
    """One kind of thing to do: how many there are, and the first few."""

    count: int
    items: list = field(default_factory=list)


def count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def listed(query: Select, limit: int = SHOWN) -> Todo:
    items = list(db.session.scalars(query.limit(limit)))
    total = len(items) if len(items) < limit else count(query)
    return Todo(total, items)


def waiting_for(user: User) -> Select:
    """The introductions waiting for this user's own yes or no (owners and CSR staff)."""
    query = visible_to(user).where(Introduction.status.in_(WAITING))
    if user.role == Role.OWNER:
        return query.where(Introduction.business_accepted_at.is_(None))
    if user.role == Role.CSR:
        return query.where(Introduction.company_accepted_at.is_(None))
    return query.where(false())


def _waiting(user: User) -> Todo:
    return listed(
        waiting_for(user).options(
            joinedload(Introduction.business), joinedload(Introduction.company)
        )
    )


# --- owners ------------------------------------------------------------------------------------


def owner_home(user: User) -> dict:
    """Requests waiting for the owner's answer, new suggestions, profile completeness."""
    business = user.business
    return {
        "business": business,
        "waiting": _waiting(user),
        "suggestions": new_companies(user, business) if business else [],
        "completeness": profile_completeness(business) if business else None,
    }


def new_companies(user: User, business: SmallBusiness) -> list[matching.SuggestedCompany]:
    """The best suggested companies the owner has neither judged nor asked yet."""
    try:
        rows = [
            row
            for kind in Kind
            for row in matching.suggest_companies(business, kind, top=NEW_SUGGESTIONS * 2)
        ]
    except matching.ModelPreparing:  # the first model is being trained: nothing new yet
        return []
    judged = feedback.verdicts_of(user, [business.id])
    asked = set(
        db.session.execute(
            select(Introduction.company_id, Introduction.kind).where(
                Introduction.business_id == business.id
            )
        ).all()
    )
    fresh = [
        row
        for row in rows
        if (business.id, str(row.suggestion.kind), row.offer.id) not in judged
        and (row.company.id, Kind(row.suggestion.kind)) not in asked
    ]
    fresh.sort(key=lambda row: row.suggestion.score, reverse=True)
    return fresh[:NEW_SUGGESTIONS]


# --- CSR staff ---------------------------------------------------------------------------------


def csr_home(user: User, today: date) -> dict:
    """Requests waiting for the company's answer, needs closing soon, new suggestions for
    each open need."""
    company = (
        db.session.get(Company, user.approved_company_id) if user.approved_company_id else None
    )
    if company is None:
        return {"company": None}
    soon = (
        select(SubcontractingNeed)
        .where(
            SubcontractingNeed.company_id == company.id,
            SubcontractingNeed.is_open.is_(True),
            SubcontractingNeed.deadline >= today,
            SubcontractingNeed.deadline <= today + timedelta(days=CLOSING_WITHIN_DAYS),
        )
        .order_by(SubcontractingNeed.deadline, SubcontractingNeed.id)
    )
    return {
        "company": company,
        "waiting": _waiting(user),
        "closing": listed(soon),
        "suggestions": new_businesses(user, company),
    }


def new_businesses(user: User, company: Company) -> list[tuple[object, list]]:
    """(open need, its best suggested businesses not judged yet), for each open need
    that has suggestions, in one call to the model."""
    try:
        rows = matching.suggest_businesses(company, Kind.SUBCONTRACTING, top=SHOWN * 3)
    except matching.ModelPreparing:  # the first model is being trained: nothing new yet
        return []
    judged = feedback.verdicts_of(user, [row.business.id for row in rows])
    per_need: dict[int, tuple[object, list]] = {}
    for row in rows:
        key = (row.business.id, str(Kind.SUBCONTRACTING), row.offer.id)
        if key in judged:
            continue
        need, shown = per_need.setdefault(row.offer.id, (row.offer, []))
        if len(shown) < NEW_SUGGESTIONS:
            shown.append(row)
    return list(per_need.values())[:SHOWN]


# --- officials ---------------------------------------------------------------------------------


def official_home(user: User, today: date) -> dict:
    """CSR staff awaiting approval, stuck introductions, overdue monitoring visits, the
    official's own imports waiting for confirmation."""
    members = pending_members()
    stuck = (
        select(Introduction)
        .options(joinedload(Introduction.business), joinedload(Introduction.company))
        .where(
            Introduction.status.in_(WAITING),
            Introduction.status_since < utcnow() - timedelta(days=UNANSWERED_AFTER_DAYS),
        )
        .order_by(Introduction.status_since, Introduction.id)
    )
    interval = current_app.config["VISIT_INTERVAL_DAYS"]
    late = overdue(today, interval, limit=SHOWN)
    uploads = (
        select(PendingUpload)
        .where(
            PendingUpload.user_id == user.id,
            PendingUpload.created_at >= utcnow() - KEPT_FOR,
            PendingUpload.state != DONE,  # kept only for its result page
        )
        .order_by(PendingUpload.created_at.desc())
    )
    return {
        "approvals": Todo(len(members), members[:SHOWN]),
        "stuck": listed(stuck),
        "overdue": Todo(
            len(late) if len(late) < SHOWN else count(overdue_query(today, interval)), late
        ),
        "imports": listed(uploads),
        "stuck_days": UNANSWERED_AFTER_DAYS,
        "model": matching.model_status(),
    }
