"""A user's rights over their personal data (UU 27/2022): download it, delete it."""

from flask_babel import gettext as _
from sqlalchemy import delete

from matchmaker.auth.models import ApiToken, Role, User, utcnow
from matchmaker.auth.services import AccountError
from matchmaker.extensions import db


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
        "business": business_dict(user.business, user) if user.business else None,
        "company_membership": None,
    }
    if user.company is not None:
        data["company_membership"] = {
            "status": user.membership.value if user.membership else None,
            "company": company_dict(user.company, user),
        }
    return data


def delete_account(user: User, password: str) -> None:
    """Delete the account, its tokens and, for an owner, their business profile."""
    if not user.check_password(password or ""):
        raise AccountError({"password": _("Kata sandi salah.")})
    if user.role == Role.OWNER and user.business is not None:
        db.session.delete(user.business)
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.delete(user)
    db.session.commit()
