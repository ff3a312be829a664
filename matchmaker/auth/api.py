"""Account endpoints of the JSON API."""

from flask import current_app, g, request
from flask_babel import gettext as _

from matchmaker.auth import services, tokens
from matchmaker.auth.backoff import AccountLocked
from matchmaker.auth.schemas import MeSchema, TokenRequestSchema, TokenSchema
from matchmaker.core.api import Blueprint, token_finder, token_required
from matchmaker.core.errors import json_error
from matchmaker.core.extensions import limiter

blp = Blueprint("auth", __name__, description="Bearer tokens and the caller's account.")
token_finder(tokens.find)


def _login_limit() -> str:
    # The same limit as the login form, so the API is no side door for guessing passwords.
    return current_app.config["LOGIN_RATE_LIMIT"]


@blp.post("/auth/token")
@limiter.limit(_login_limit)
@blp.arguments(TokenRequestSchema)
@blp.response(200, TokenSchema)
@blp.errors(401, 429)
@blp.doc(security=[])
def create_token(credentials: dict):
    """Exchange an e-mail and password for a bearer token.

    Wrong credentials are 401 `invalid_credentials`; repeated failures for one e-mail
    address from any client are 429 `account_locked` (LOGIN_LOCKOUT_FAILURES).
    """
    try:
        user = services.authenticate(credentials["email"], credentials["password"])
    except AccountLocked as locked:
        response, status = json_error(429, locked.message, code=locked.code)
        return response, status, {"Retry-After": str(locked.retry_after)}
    if user is None:
        return json_error(401, _("E-mail atau kata sandi salah."), code="invalid_credentials")
    token, expires = services.issue_token(user, request.user_agent.string)
    return {"token": token, "expires_at": expires}


@blp.delete("/auth/token")
@token_required
@blp.response(204)
@blp.errors(401)
def revoke_token():
    """Revoke the token this request carries (log this client out of the API)."""
    tokens.revoke(g.api_user, g.api_token.id)


@blp.get("/me")
@token_required
@blp.response(200, MeSchema)
@blp.errors(401)
def me():
    """The user the token belongs to."""
    user = g.api_user
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "locale": user.locale,
        "business_id": user.business.id if user.business else None,
        "company_id": user.approved_company_id,
    }
