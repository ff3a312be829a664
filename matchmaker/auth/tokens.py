"""API bearer tokens: issued at login, listed on the account page, revoked one or all."""

import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError

from matchmaker.auth.models import ApiToken, User, utcnow
from matchmaker.core.extensions import db

# last_used_at is written at most this often per token: a write on every API request
# would turn each read into a write.
USE_RECORDED_EVERY = timedelta(minutes=5)


def issue(user: User, client: str = "") -> tuple[str, datetime]:
    """A new token for the user and its expiry; `client` (its User-Agent) labels it."""
    token = secrets.token_urlsafe(32)
    expires = utcnow() + current_app.config["API_TOKEN_LIFETIME"]
    db.session.add(
        ApiToken(
            user_id=user.id,
            digest=ApiToken.digest_of(token),
            expires_at=expires,
            client=(client or "")[:120],
        )
    )
    db.session.commit()
    return token, expires


def find(token: str) -> ApiToken | None:
    """The live token (known, unexpired, of an active user), its use recorded."""
    found = db.session.scalar(select(ApiToken).where(ApiToken.digest == ApiToken.digest_of(token)))
    now = utcnow()
    if found is None or found.expires_at < now or not found.user.is_active:
        return None
    if found.last_used_at is None or now - found.last_used_at > USE_RECORDED_EVERY:
        found.last_used_at, token_id = now, found.id
        try:
            db.session.commit()
        except DBAPIError:  # a storage that refuses writes must not stop reads
            db.session.rollback()
            current_app.logger.warning("Could not record the use of API token %s", token_id)
    return found


def active(user: User) -> list[ApiToken]:
    """The user's unexpired tokens, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.expires_at >= utcnow())
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke(user: User, token_id: int) -> bool:
    """Delete one of the user's tokens; False when the user has no such token."""
    gone = db.session.execute(
        delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    ).rowcount
    db.session.commit()
    return gone > 0


def revoke_all(user: User, commit: bool = True) -> int:
    """Delete every token of the user; how many there were."""
    gone = db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id)).rowcount
    if commit:
        db.session.commit()
    return gone
