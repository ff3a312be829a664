"""A user's rights over their personal data (UU 27/2022): download it, delete it."""

from flask_babel import gettext as _
from sqlalchemy import delete, select

from matchmaker.audit import services as audit
from matchmaker.auth import backoff, tokens
from matchmaker.auth.models import ApiToken, Role, User, utcnow
from matchmaker.auth.services import AccountError
from matchmaker.extensions import db
from matchmaker.notifications.models import OutgoingEmail


def export_user_data(user: User) -> dict:
    """Everything we hold about the user, as a JSON-ready mapping."""
    from matchmaker.profiles.serialise import business_dict, company_dict

    data = {
        "exported_at": utcnow().isoformat(),
        "account": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "phone": user.phone,
            "role": user.role.value,
            "locale": user.locale,
            "consent_at": user.consent_at.isoformat() if user.consent_at else None,
            "created_at": user.created_at.isoformat(),
            "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
        },
        "api_tokens": [
            {
                "client": token.client,
                "created_at": token.created_at.isoformat(),
                "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
                "expires_at": token.expires_at.isoformat(),
            }
            for token in tokens.active(user)
        ],
        "business": business_dict(user.business, user) if user.business else None,
        "company_membership": None,
    }
    data |= _brokering_data(user)
    if user.company is not None:
        data["company_membership"] = {
            "status": user.membership.value if user.membership else None,
            "company": company_dict(user.company, user),
        }
    return data


def _brokering_data(user: User) -> dict:
    """The user's introductions, the messages and notes they wrote, their inbox."""
    from matchmaker.brokering.models import IntroductionMessage, ProgressNote
    from matchmaker.brokering.schemas import IntroductionSchema, MessageSchema, Seen
    from matchmaker.brokering.services import visible_to
    from matchmaker.notifications.services import inbox, render

    mine = [] if user.is_official else db.session.scalars(visible_to(user)).all()
    written = db.session.scalars(select(IntroductionMessage).filter_by(author_id=user.id))
    notes = db.session.scalars(select(ProgressNote).filter_by(author_id=user.id))
    return {
        "introductions": IntroductionSchema(many=True).dump(Seen(i, user) for i in mine),
        "messages_written": MessageSchema(many=True).dump(written),
        "notes_written": [{"body": n.body, "at": n.created_at.isoformat()} for n in notes],
        "notifications": [
            {"text": render(n), "link": n.link, "at": n.created_at.isoformat()}
            for n in db.session.scalars(inbox(user))
        ],
    }


def _delete_business_records(business_id: int) -> None:
    """The business's introductions (with their threads and partnerships) and verdicts,
    through the ORM: SQLite does not enforce the database's ON DELETE CASCADE."""
    from matchmaker.brokering.models import Introduction
    from matchmaker.matching.models import MatchFeedback

    for intro in db.session.scalars(select(Introduction).filter_by(business_id=business_id)):
        db.session.delete(intro)
    db.session.execute(delete(MatchFeedback).where(MatchFeedback.business_id == business_id))


def delete_account(user: User, password: str) -> None:
    """Delete the account, its tokens and, for an owner, their business profile."""
    if not user.check_password(password or ""):
        raise AccountError({"password": _("Kata sandi salah.")})
    business_id = user.business.id if user.business is not None else None
    if user.role == Role.OWNER and user.business is not None:
        _delete_business_records(business_id)
        db.session.delete(user.business)
    audit.erase_person(user, business_id)
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    backoff.clear(user.email)
    # Mail not yet sent to them (and its copies of others' names) goes too; PostgreSQL's
    # ON DELETE CASCADE would do it, SQLite does not enforce it.
    db.session.execute(delete(OutgoingEmail).where(OutgoingEmail.user_id == user.id))
    db.session.delete(user)
    db.session.commit()
