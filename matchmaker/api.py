"""The /api/v1 blueprint: bearer-token auth, JSON errors, the OpenAPI document.

Each feature adds its endpoints in its own api.py onto this blueprint.
"""

from functools import wraps

from flask import Blueprint, current_app, g, jsonify, request
from flask_babel import gettext as _

from matchmaker import bodies
from matchmaker.errors import json_error
from matchmaker.extensions import csrf, limiter
from matchmaker.params import JSON_ID
from matchmaker.validation import Invalid

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens, not cookies, authenticate the API


@bp.before_request
def _load_token_user():
    from matchmaker.auth import tokens

    g.api_user = g.api_token = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        g.api_token = tokens.find(header[len("Bearer ") :].strip())
        g.api_user = g.api_token.user if g.api_token is not None else None


def api_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


limiter.limit(api_limit)(bp)


def token_required(view):
    """Answer 401 in JSON unless a valid bearer token came with the request."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if g.get("api_user") is None:
            return json_error(401, _("Token tidak ada, tidak sah, atau kedaluwarsa."))
        return view(*args, **kwargs)

    return wrapper


def officials_only(view):
    """401 without a valid token (as token_required); then 403 in JSON, with one message,
    for anyone who is not an official. The one such check for every JSON endpoint."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not g.api_user.is_official:
            return json_error(403, _("Hanya petugas yang dapat melihat atau mengubah ini."))
        return view(*args, **kwargs)

    return token_required(wrapper)


def record_by_id(model, value, key: str):
    """The record whose id is `value` (from a JSON body), or Invalid naming `key`: not an
    integer, beyond what a database key holds (a 500 on SQLite otherwise), or absent."""
    from matchmaker.extensions import db

    try:
        record_id = JSON_ID.load(value)
    except ValueError as error:
        raise Invalid({key: str(error)}) from None
    found = db.session.get(model, record_id)
    if found is None:
        raise Invalid({key: _("Tidak ditemukan.")})
    return found


class BodyError(Exception):
    """A request body the API does not read: too large (413), nested too deep or not a
    JSON object (400); `message` says which, in the user's language."""

    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message
        super().__init__(message)


@bp.errorhandler(BodyError)
def _body_error(error: BodyError):
    return json_error(error.status, error.message, code=error.code)


def json_body(optional: bool = False) -> dict:
    """The request's JSON object, read within MAX_JSON_BYTES (counting the bytes read, so
    chunked bodies too) and MAX_JSON_DEPTH; else a JSON error (413, 400, 415).
    With `optional`, an empty body is {}."""
    from werkzeug.exceptions import UnsupportedMediaType

    if "json_body" in g:
        return g.json_body
    limit, deepest = current_app.config["MAX_JSON_BYTES"], current_app.config["MAX_JSON_DEPTH"]
    too_large = BodyError(
        413,
        "payload_too_large",
        _("Data JSON yang dikirim terlalu besar (paling banyak %(kb)d KB).", kb=limit // 1024),
    )
    if (request.content_length or 0) > limit:
        raise too_large
    raw = bodies.read_at_most(request.stream, limit)
    if optional and not raw.strip():
        return {}
    if not request.is_json:
        raise UnsupportedMediaType()
    try:
        data = bodies.loads(raw, max_bytes=limit, max_depth=deepest)
    except bodies.TooLarge:
        raise too_large from None
    except bodies.TooDeep:
        message = _("Data JSON bersarang terlalu dalam (paling banyak %(n)d tingkat).", n=deepest)
        raise BodyError(400, "json_too_deep", message) from None
    except ValueError:
        raise BodyError(400, "bad_request", _("Isi permintaan bukan JSON yang valid.")) from None
    if not isinstance(data, dict):
        message = _("Isi permintaan harus berupa objek JSON ({…}).")
        raise BodyError(400, "bad_request", message)
    g.json_body = data
    return data


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3 description of this API."""
    from matchmaker.openapi import document

    return jsonify(document())


# Importing registers each feature's endpoints on `bp`.
from matchmaker.auth import api as _auth_api  # noqa: E402,F401
from matchmaker.brokering import api as _brokering_api  # noqa: E402,F401
from matchmaker.matching import api as _matching_api  # noqa: E402,F401
from matchmaker.profiles import api as _profiles_api  # noqa: E402,F401
from matchmaker.wub.cohorts import api as _cohorts_api  # noqa: E402,F401
from matchmaker.wub.dashboard import api as _dashboard_api  # noqa: E402,F401
from matchmaker.wub.monitoring import api as _monitoring_api  # noqa: E402,F401
