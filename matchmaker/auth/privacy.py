"""A user's rights over their personal data (UU 27/2022): download it, delete it.

The features above auth hold most of it (a business, introductions, notifications), so
each lends its part when it loads: `exports` adds sections to the download, `erases`
deletes what it keeps when the account goes.
"""

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import delete

from matchmaker.audit import services as audit
from matchmaker.auth import backoff, tokens
from matchmaker.auth.models import ApiToken, User, utcnow
from matchmaker.auth.services import AccountError
from matchmaker.core.extensions import db

Export = Callable[[User], dict]
Erase = Callable[[User], None]
_EXPORTS: dict[Export, int] = {}  # a feature's sections → their place in the download
_ERASERS: list[Erase] = []


def exports(place: int) -> Callable[[Export], Export]:
    """Add `collect(user)`'s sections to the download, after those of a lower `place`, so
    the file reads the same whichever feature loads first."""

    def lend(collect: Export) -> Export:
        _EXPORTS[collect] = place
        return collect

    return lend


def erases(erase: Erase) -> Erase:
    """Run `erase(user)` when the user deletes their account, before the account goes."""
    if erase not in _ERASERS:
        _ERASERS.append(erase)
    return erase


def export_user_data(user: User) -> dict:
    """Everything we hold about the user, as a JSON-ready mapping."""
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
    }
    for collect in sorted(_EXPORTS, key=_EXPORTS.__getitem__):
        data |= collect(user)
    return data


def delete_account(user: User, password: str) -> None:
    """Delete the account, its tokens and what each feature keeps of the user (for an
    owner, their business profile); the audit log keeps the deeds without the name."""
    if not user.check_password(password or ""):
        raise AccountError({"password": _("Kata sandi salah.")})
    business_id = user.business.id if user.business is not None else None
    for erase in _ERASERS:
        erase(user)
    audit.erase_person(user, business_id)
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    backoff.clear(user.email)
    db.session.delete(user)
    db.session.commit()
