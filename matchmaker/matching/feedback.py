"""People's verdicts on suggested pairs: interest, "not a match", and officials' labels.

The HTML buttons and `POST /api/v1/feedback` both come through `record`, so who may
judge a pair and which source a verdict carries are decided once, here.
"""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select

from matchmaker.auth.models import Role, User
from matchmaker.core.extensions import db
from matchmaker.core.plain_text import multi_line
from matchmaker.core.validation import Invalid, NotFound
from matchmaker.matching.models import FeedbackSource, Kind, MatchFeedback
from matchmaker.profiles.accounts import business_erasing
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)

REASON_MAX = 500
Offer = SubcontractingNeed | MentoringProgramme
SOURCES = {Role.OWNER: FeedbackSource.OWNER, Role.CSR: FeedbackSource.CSR}


def offer_kind(offer: Offer) -> Kind:
    return Kind.MENTORING if isinstance(offer, MentoringProgramme) else Kind.SUBCONTRACTING


def find_offer(kind: str, offer_id: int) -> Offer | None:
    """The need (subcontracting) or programme (mentoring) with this id, if any."""
    model = MentoringProgramme if kind == Kind.MENTORING else SubcontractingNeed
    return db.session.get(model, offer_id)


def may_judge(user: User, business: SmallBusiness, company: Company) -> bool:
    """The business's owner, the company's approved CSR staff, and officials."""
    return business.can_edit(user) or company.can_edit(user)


def parse_verdict(value: Any) -> int:
    """+1 or -1 (as a number or a string); anything else names `verdict`."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    if isinstance(value, bool) or text not in {"1", "+1", "-1"}:
        raise Invalid({"verdict": _("Harus 1 (cocok) atau -1 (tidak cocok).")})
    return -1 if text == "-1" else 1


def parse_reason(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid({"reason": _("Harus berupa teks.")})
    value = multi_line(value)
    if len(value) > REASON_MAX:
        raise Invalid({"reason": _("Maksimal %(n)d karakter.", n=REASON_MAX)})
    return value


def record(
    user: User, business: SmallBusiness, offer: Offer, verdict: int, reason: str = ""
) -> tuple[MatchFeedback, bool]:
    """Store the user's verdict on the pair (NotFound if they may not judge it).

    One verdict per person and pair: judging again replaces the earlier one.
    Returns the feedback and whether it is new.
    """
    if not may_judge(user, business, offer.company):
        raise NotFound
    kind = offer_kind(offer)
    key = {"need_id": offer.id} if kind == Kind.SUBCONTRACTING else {"programme_id": offer.id}
    feedback = db.session.scalar(
        select(MatchFeedback).filter_by(user_id=user.id, business_id=business.id, kind=kind, **key)
    )
    created = feedback is None
    if created:
        feedback = MatchFeedback(
            user_id=user.id, business_id=business.id, company_id=offer.company_id, kind=kind, **key
        )
        db.session.add(feedback)
    feedback.source = SOURCES.get(user.role, FeedbackSource.OFFICIAL)
    feedback.verdict, feedback.reason = verdict, reason
    db.session.commit()
    return feedback, created


def verdicts_of(user: User, business_ids) -> dict[tuple[int, str, int], int]:
    """The user's verdicts on pairs with these businesses: {(business, kind, offer): verdict}."""
    if not user.is_authenticated or not business_ids:
        return {}
    found = db.session.scalars(
        select(MatchFeedback).where(
            MatchFeedback.user_id == user.id, MatchFeedback.business_id.in_(set(business_ids))
        )
    )
    return {
        (f.business_id, str(f.kind), f.need_id or f.programme_id): f.verdict
        for f in found
        if (f.need_id or f.programme_id) is not None
    }


@business_erasing.connect
def erase_verdicts(business: SmallBusiness, **_) -> None:
    """A business deleted with its owner's account takes the verdicts on its pairs along."""
    db.session.execute(delete(MatchFeedback).where(MatchFeedback.business_id == business.id))
