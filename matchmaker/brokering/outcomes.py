"""What introductions tell the partner model: the seats they hold in programmes and the
decisions people made about a pair. Matching sits below brokering, so this module lends
both to it when it loads (records.count_seats_with, services.learn_from)."""

from collections.abc import Collection

from sqlalchemy import func, select

from matchmaker.brokering.models import HOLDS_A_SEAT, Introduction, Status
from matchmaker.brokering.reasons import NOT_A_MATCH
from matchmaker.core.extensions import db
from matchmaker.matching import records
from matchmaker.matching import services as matching


def seats_held(programme_ids: Collection[int] | None = None) -> dict[int, int]:
    """Seats of each programme (of those given, or all) held by introductions both sides
    accepted, in one query."""
    query = (
        select(Introduction.programme_id, func.count())
        .where(Introduction.programme_id.is_not(None), Introduction.status.in_(HOLDS_A_SEAT))
        .group_by(Introduction.programme_id)
    )
    if programme_ids is not None:
        query = query.where(Introduction.programme_id.in_(programme_ids))
    return dict(db.session.execute(query).all())


def decisions() -> list[matching.Decision]:
    """Introductions both sides accepted (1) or that were declined as not a match (0). A
    decline for being full or busy says nothing about the pair, so it teaches nothing."""
    found = []
    for intro in db.session.scalars(
        select(Introduction).where(
            Introduction.need_id.is_not(None) | Introduction.programme_id.is_not(None)
        )
    ):
        if intro.both_accepted:
            label = 1
        elif intro.status == Status.DECLINED and intro.reason_code in NOT_A_MATCH:
            label = 0
        else:
            continue
        key = records.offer_key(str(intro.kind), intro.need_id or intro.programme_id)
        found.append((intro.business_id, key, str(intro.kind), label))
    return found


records.count_seats_with(seats_held)
matching.learn_from(decisions)
