"""A user's introductions, and the messages and notes they wrote, in their data download
(auth.privacy); a deleted business's introductions go with it."""

from sqlalchemy import select

from matchmaker.auth import privacy
from matchmaker.auth.models import User
from matchmaker.brokering.models import Introduction, IntroductionMessage, ProgressNote
from matchmaker.brokering.schemas import IntroductionSchema, MessageSchema, Seen
from matchmaker.brokering.services import visible_to
from matchmaker.core.extensions import db
from matchmaker.profiles.accounts import business_erasing
from matchmaker.profiles.models import SmallBusiness


@privacy.exports(place=20)
def introduction_data(user: User) -> dict:
    """The user's introductions, and the messages and notes they wrote."""
    mine = [] if user.is_official else db.session.scalars(visible_to(user)).all()
    written = db.session.scalars(select(IntroductionMessage).filter_by(author_id=user.id))
    notes = db.session.scalars(select(ProgressNote).filter_by(author_id=user.id))
    return {
        "introductions": IntroductionSchema(many=True).dump(Seen(i, user) for i in mine),
        "messages_written": MessageSchema(many=True).dump(written),
        "notes_written": [{"body": n.body, "at": n.created_at.isoformat()} for n in notes],
    }


@business_erasing.connect
def erase_introductions(business: SmallBusiness, **_) -> None:
    """The business's introductions, with their threads and partnerships."""
    for intro in db.session.scalars(select(Introduction).filter_by(business_id=business.id)):
        db.session.delete(intro)
