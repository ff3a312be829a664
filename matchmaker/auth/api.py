"""Account endpoints of the JSON API."""

from flask import current_app, g, jsonify
from flask_babel import gettext as _

from matchmaker.api import bp, json_body, token_required
from matchmaker.auth import services
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
    user = services.authenticate(email, password)
    if user is None:
        return json_error(401, _("E-mail atau kata sandi salah."), code="invalid_credentials")
    token, expires = services.issue_token(user)
    return jsonify({"token": token, "expires_at": expires.isoformat()})


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
