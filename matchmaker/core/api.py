"""The JSON API's frame: one /api/v1 parent blueprint (flask-smorest), bearer tokens, the
bounded body reader, and how a bad argument becomes the API's one error shape.

Each feature declares its endpoints on its own `Blueprint` (below) with marshmallow
schemas: the schemas read and check the input, write the output and are the OpenAPI
document. matchmaker.api nests the features' blueprints under `bp` and serves the
document.
"""

import re
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any

import flask_smorest
from flask import current_app, g, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from webargs import core as webargs_core
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import UnsupportedMediaType

from matchmaker.core import bodies
from matchmaker.core.errors import json_error
from matchmaker.core.extensions import csrf, db, limiter
from matchmaker.core.schemas import ErrorSchema
from matchmaker.core.validation import Invalid, NotFound

# --- bearer tokens ---------------------------------------------------------------------------

# The accounts feature says how a raw token becomes (token, user); core knows no accounts.
_token_finder: Callable[[str], Any] | None = None


def token_finder(find: Callable[[str], Any]) -> Callable[[str], Any]:
    """Register `find(raw) -> token record or None` (the record has `.user`)."""
    global _token_finder  # noqa: PLW0603 (set once, at import of the accounts API)
    _token_finder = find
    return find


def load_token_user() -> None:
    """g.api_user and g.api_token from `Authorization: Bearer …`, or None."""
    g.api_user = g.api_token = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and _token_finder is not None:
        g.api_token = _token_finder(header[len("Bearer ") :].strip())
        g.api_user = g.api_token.user if g.api_token is not None else None


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


def record_by_id(model, record_id: int | None, key: str, *, optional: bool = False):
    """The record a body's id names (the id as its schema read it), or 404 naming `key`
    when it names none. With `optional`, no id at all is None."""
    if record_id is None and optional:
        return None
    found = db.session.get(model, record_id) if record_id is not None else None
    if found is None:
        raise NotFound(_("Tidak ditemukan."), fields={key: _("Tidak ditemukan.")})
    return found


# --- the request body ------------------------------------------------------------------------


class BodyError(Exception):
    """A request body the API does not read: too large (413), nested too deep or not a
    JSON object (400); `message` says which, in the user's language."""

    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message
        super().__init__(message)


def json_body(optional: bool = False) -> dict:
    """The request's JSON object, read within MAX_JSON_BYTES (counting the bytes read, so
    chunked bodies too) and MAX_JSON_DEPTH; else BodyError (413, 400) or 415.
    With `optional`, an empty body is {}."""
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
        g.json_body = {}
        return g.json_body
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


# --- arguments: read by schemas, refused in the API's words ----------------------------------

# marshmallow's and webargs's own messages, in the user's language: (pattern, message).
_MESSAGES: tuple[tuple[re.Pattern, Callable[[re.Match], str]], ...] = (
    (re.compile(r"Missing data for required field\."), lambda m: _("Wajib diisi.")),
    (re.compile(r"Field may not be null\."), lambda m: _("Wajib diisi.")),
    (re.compile(r"Unknown field\."), lambda m: _("Kolom tidak dikenal.")),
    (re.compile(r"Not a valid integer\."), lambda m: _("Harus berupa bilangan bulat.")),
    (re.compile(r"Not a valid number\."), lambda m: _("Harus berupa angka.")),
    (re.compile(r"Not a valid string\."), lambda m: _("Harus berupa teks.")),
    (re.compile(r"Not a valid boolean\."), lambda m: _("Harus ya atau tidak.")),
    (re.compile(r"Not a valid list\."), lambda m: _("Harus berupa daftar.")),
    (re.compile(r"Not a valid date\."), lambda m: _("Tanggal harus berformat TTTT-BB-HH.")),
    (re.compile(r"Invalid input type\."), lambda m: _("Jenis nilai tidak sah.")),
    (re.compile(r"Invalid value\."), lambda m: _("Nilai tidak sah.")),
    (
        re.compile(r"Must be one of: (.*)\."),
        lambda m: _("Harus salah satu dari: %(choices)s.", choices=m.group(1)),
    ),
    (
        re.compile(r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\."),
        lambda m: _("Harus antara %(low)s dan %(high)s.", low=m.group(1), high=m.group(2)),
    ),
    (
        re.compile(r"Must be greater than or equal to (\S+)\."),
        lambda m: _("Paling kecil %(low)s.", low=m.group(1)),
    ),
    (
        re.compile(r"Must be less than or equal to (\S+)\."),
        lambda m: _("Paling besar %(high)s.", high=m.group(1)),
    ),
    (
        re.compile(r"Longer than maximum length (\d+)\."),
        lambda m: _("Maksimal %(n)s karakter.", n=m.group(1)),
    ),
    (re.compile(r"Shorter than minimum length (\d+)\."), lambda m: _("Wajib diisi.")),
    (re.compile(r"String does not match expected pattern\."), lambda m: _("Format tidak sah.")),
)


def in_words(message: Any) -> str:
    """A library's validation message in the user's language (ours pass unchanged)."""
    text = str(message)
    for pattern, words in _MESSAGES:
        found = pattern.fullmatch(text)
        if found:
            return words(found)
    return text


def field_messages(messages: Any, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested {field: [message]} as the API's flat {field: message}; a list
    item's message is under "field.index", a whole-body one under "body"."""
    if isinstance(messages, list | tuple):
        return {prefix or "body": in_words(messages[0])} if messages else {}
    if not isinstance(messages, dict):
        return {prefix or "body": in_words(messages)}
    flat: dict[str, str] = {}
    for key, value in messages.items():
        name = "body" if key == "_schema" else str(key)
        flat.update(field_messages(value, f"{prefix}.{name}" if prefix else name))
    return flat


class Parser(FlaskParser):
    """webargs' Flask parser with this API's body reader and error shape."""

    def _raw_load_json(self, req) -> Any:
        data = json_body(optional=True)
        return data if data else webargs_core.missing

    def handle_error(self, error: ValidationError, req, schema, **kwargs):
        messages = error.messages
        if isinstance(messages, dict) and len(messages) == 1:
            # {"json": {...}} or {"query": {...}}: the location is not part of a field's name
            (messages,) = messages.values()
        raise Invalid(field_messages(messages))


class Blueprint(flask_smorest.Blueprint):
    """A feature's part of /api/v1 (nested under `bp` by matchmaker.api). Each operation's
    id in the document is its view's name (`get_business`), unique across the API."""

    ARGUMENTS_PARSER = Parser()

    def errors(self, *codes: int):
        """Document the error answers an operation gives besides those of every call
        (each in the API's one error shape)."""

        def decorator(view):
            for code in codes:
                view = self.alt_response(code, response=HTTPStatus(code).name)(view)
            return view

        return decorator

    def _store_endpoint_docs(self, endpoint, obj, parameters, tags, **options):
        csrf.exempt(obj)  # bearer tokens, not cookies (the parent's exemption is by name)
        # Tagged by feature: nested, flask-smorest would tag every operation "api".
        tags = tags or [self.name]
        super()._store_endpoint_docs(endpoint, obj, parameters, tags, **options)
        for method, doc in self._docs[endpoint].items():
            if method != "parameters":
                doc.setdefault("manual_doc", {}).setdefault("operationId", endpoint)


class Api(flask_smorest.Api):
    """flask-smorest, with errors answered by matchmaker.core.errors for pages and API alike."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        """matchmaker.core.errors already answers every HTTP error (JSON under /api/)."""


bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens, not cookies, authenticate the API
bp.before_request(load_token_user)


@bp.errorhandler(BodyError)
def _body_error(error: BodyError):
    return json_error(error.status, error.message, code=error.code)


def api_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


limiter.limit(api_limit)(bp)
