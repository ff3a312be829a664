"""One keyset pagination for every JSON listing: `?limit=` and `?cursor=` in, and
{"items": [...], "next": cursor or null} out.

Pages follow the records' ids (ascending, or newest first), never an offset and never a
column that changes: a walk from the first page along `next` meets every record that
existed when it began exactly once, in one order, however many are added or changed
meanwhile (a record added during the walk shows on the next walk, not in this one).

A cursor is the last id of a page and the endpoint it came from, signed with the app's
secret key (itsdangerous): opaque to clients, and one that was altered, made up, or
taken from another listing is refused with 422 naming `cursor`, like a bad `limit`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute

from matchmaker import params
from matchmaker.extensions import db
from matchmaker.validation import Invalid

DEFAULT_LIMIT, MAX_LIMIT = 25, 100
LIMIT = params.Integer(1, MAX_LIMIT)
CURSOR_MAX_CHARS = 160  # ours are under 100 characters; a longer one is refused unread
# Ours are URL-safe base64 with a signature (itsdangerous). Saying so keeps a client's
# (or a fuzzer's) made-up cursor within one short request line: 160 characters outside
# this set can take 12 bytes each, past what the server accepts in a request line (414).
CURSOR_PATTERN = r"^[A-Za-z0-9_.-]*$"
_SALT = "api-list-cursor"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_SALT)


@dataclass(frozen=True)
class Cursor:
    """The `cursor` field of one listing (named by its endpoint), in the manner of
    matchmaker.params: `load` gives the id the previous page ended with, or ValueError."""

    listing: str

    def dump(self, last_id: int) -> str:
        return _signer().dumps([self.listing, last_id])

    def load(self, value: Any) -> int:
        refused = ValueError(_("Kursor tidak sah; pakai nilai `next` dari halaman sebelumnya."))
        if not isinstance(value, str) or len(value) > CURSOR_MAX_CHARS:
            raise refused
        try:
            listing, last_id = _signer().loads(value)
            if listing != self.listing:
                raise refused
            return params.JSON_ID.load(last_id)
        except (BadData, TypeError, ValueError):
            raise refused from None


def arguments(listing: str) -> tuple[int, int | None]:
    """`limit` (1…MAX_LIMIT, default DEFAULT_LIMIT) and the id after which the page
    starts (None on the first page), from the query string; Invalid naming each bad one."""
    errors: dict[str, str] = {}
    message = _("Harus bilangan bulat antara %(low)d dan %(high)d.", low=1, high=MAX_LIMIT)
    limit = params.filter_argument(
        request.args, "limit", LIMIT, errors, DEFAULT_LIMIT, message, blank_is_absent=False
    )
    after = params.filter_argument(
        request.args, "cursor", Cursor(listing), errors, None, blank_is_absent=False
    )
    if errors:
        raise Invalid(errors)
    return limit, after


def page(
    query: Select,
    key: InstrumentedAttribute[int],
    serialise: Callable[[Any], dict],
    *,
    newest_first: bool = False,
) -> dict[str, Any]:
    """One page of `query`'s records ordered by `key` (the model's id column), each as
    `serialise` makes it: {"items": [...], "next": cursor or null}. The query's own
    order is replaced, so the order always matches the cursor."""
    listing = request.endpoint or ""
    limit, after = arguments(listing)
    query = query.order_by(None).order_by(key.desc() if newest_first else key.asc())
    if after is not None:
        query = query.where(key < after if newest_first else key > after)
    rows = list(db.session.scalars(query.limit(limit + 1)).unique())
    more, rows = len(rows) > limit, rows[:limit]
    return {
        "items": [serialise(row) for row in rows],
        "next": Cursor(listing).dump(getattr(rows[-1], key.key)) if more else None,
    }


# --- its part of the OpenAPI document ------------------------------------------------------


def list_schema(item_ref: str) -> dict[str, Any]:
    """The OpenAPI schema of a page of the records `item_ref` ("#/components/schemas/…") names."""
    return {
        "type": "object",
        "required": ["items", "next"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": item_ref}},
            "next": {
                "type": "string",
                "nullable": True,
                "description": "Opaque cursor for the next page (pass it as `cursor`); "
                "null on the last page.",
            },
        },
    }


def parameters() -> dict[str, Any]:
    """The OpenAPI query parameters `limit` and `cursor`, as every listing reads them."""
    return {
        "limit": {
            "name": "limit",
            "in": "query",
            "required": False,
            "description": "Page size; out of range → 422 naming `limit`.",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_LIMIT,
                "default": DEFAULT_LIMIT,
            },
        },
        "cursor": {
            "name": "cursor",
            "in": "query",
            "required": False,
            "description": "`next` from the previous page of the same listing; anything "
            "else (altered, made up, from another listing) → 422 naming `cursor`.",
            "schema": {"type": "string", "maxLength": CURSOR_MAX_CHARS, "pattern": CURSOR_PATTERN},
        },
    }
