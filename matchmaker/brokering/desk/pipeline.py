"""The pipeline board: introductions per state, and the live ones by age with the
stuck ones flagged, so officials see where brokering stalls."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from matchmaker.auth.models import utcnow
from matchmaker.brokering.desk.services import DeskFilters
from matchmaker.brokering.models import ENDED, Introduction, Status
from matchmaker.core.extensions import db
from matchmaker.profiles.models import Company

LIVE = tuple(s for s in Status if s not in ENDED)
# An active partnership is where it should be; every other live state is a step to take.
CAN_STALL = frozenset(LIVE) - {Status.ACTIVE}
PER_STATE = 50  # items listed per live state on the board


@dataclass
class PipelineItem:
    intro: Introduction
    days: int
    stuck: bool


@dataclass
class Pipeline:
    counts: dict[Status, int]  # every state, in order
    stuck: dict[Status, int]  # live states that can stall: how many are stuck
    items: dict[Status, list[PipelineItem]]  # live states: stuck first, then oldest first
    stuck_after: int

    @property
    def largest(self) -> int:
        return max(self.counts.values(), default=0)


def _narrowed(query, filters: DeskFilters):
    if filters.kind:
        query = query.where(Introduction.kind == filters.kind)
    if filters.estate_id:
        query = query.where(
            Introduction.company_id.in_(
                select(Company.id).where(Company.estate_id == filters.estate_id)
            )
        )
    return query


def board(filters: DeskFilters, stuck_after: int, now: datetime | None = None) -> Pipeline:
    """Introductions per state, and the live ones with their age, the stuck ones flagged."""
    now = now or utcnow()
    cutoff = now - timedelta(days=stuck_after)
    grouped = select(Introduction.status, func.count()).group_by(Introduction.status)
    counts = dict(db.session.execute(_narrowed(grouped, filters)).all())
    stuck = dict(
        db.session.execute(
            _narrowed(grouped, filters).where(
                Introduction.status.in_(CAN_STALL), Introduction.status_since < cutoff
            )
        ).all()
    )
    items = {}
    for status in LIVE:
        query = (
            select(Introduction)
            .options(joinedload(Introduction.business), joinedload(Introduction.company))
            .where(Introduction.status == status)
            .order_by(Introduction.status_since, Introduction.id)
            .limit(PER_STATE)
        )
        items[status] = [
            PipelineItem(
                intro,
                (now - intro.status_since).days,
                status in CAN_STALL and intro.status_since < cutoff,
            )
            for intro in db.session.scalars(_narrowed(query, filters))
        ]
    return Pipeline(
        counts={s: counts.get(s, 0) for s in Status},
        stuck={s: stuck.get(s, 0) for s in CAN_STALL},
        items=items,
        stuck_after=stuck_after,
    )
