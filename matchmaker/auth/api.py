"""Account endpoints of the JSON API."""

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _

from matchmaker.api import bp, json_body, token_required
from matchmaker.auth import services, tokens
from matchmaker.auth.backoff import AccountLocked
from matchmaker.errors import json_error
from matchmaker.extensions import limiter


def _login_limit() -> str:
    # The same limit as the login form, so the API is no side door for guessing passwords.
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.post("/auth/token")
@limiter.limit(_login_limit)
def create_token():
    """Exchange an e-mail and password for a bearer token."""
    data = json_body()
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return json_error(401, _("E-mail atau kata sandi salah."), code="invalid_credentials")
    try:
        user = services.authenticate(email, password)
    except AccountLocked as locked:
        response, status = json_error(429, locked.message, code=locked.code)
        return response, status, {"Retry-After": str(locked.retry_after)}
    if user is None:
        return json_error(401, _("E-mail atau kata sandi salah."), code="invalid_credentials")
    token, expires = services.issue_token(user, request.user_agent.string)
    return jsonify({"token": token, "expires_at": expires.isoformat()})


@bp.delete("/auth/token")
@token_required
def revoke_token():
    """Revoke the token this request carries (log this client out of the API)."""
    tokens.revoke(g.api_user, g.api_token.id)
    return "", 204


@bp.get("/me")
@token_required
def me():
    """The user the token belongs to."""
    user = g.api_user
    return jsonify(
        {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "role": user.role.value,
            "locale": user.locale,
            "business_id": user.business.id if user.business else None,
            "company_id": user.approved_company_id,
        }
    )
