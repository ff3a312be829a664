"""What the programme's JSON endpoints share: officials-only access, query-string filters
with pages and their cursors, and 201 answers.

Officials only (can_manage): no token is 401, any other role 403, before any record is
looked up.
"""

from functools import wraps

from flask import g, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import Select

from matchmaker.api import token_required
from matchmaker.auth.models import User
from matchmaker.errors import json_error
from matchmaker.extensions import db
from matchmaker.params import Integer, filter_argument
from matchmaker.validation import Invalid
from matchmaker.wub.serialise import offset_of, page

DEFAULT_LIMIT, MAX_LIMIT = 25, 100
LIMIT = Integer(1, MAX_LIMIT)


def can_manage(user: User) -> bool:
    """Only officials keep the programme's records (cohorts, participants, visits, targets)."""
    return user.is_authenticated and user.is_official


def officials_only(view):
    """401 without a valid token, 403 for anyone who may not manage the programme."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not can_manage(g.api_user):
            return json_error(403)
        return view(*args, **kwargs)

    return token_required(wrapper)


def arguments(**parsers) -> tuple[dict, int, int]:
    """The query string's filters (None when absent), `limit` and the offset `cursor`
    stands for; Invalid naming every bad one."""
    errors, values, limit, offset = {}, {}, DEFAULT_LIMIT, 0
    for name, parse in parsers.items():
        raw = request.args.get(name, "").strip()
        try:
            values[name] = parse(raw) if raw else None
        except ValueError as error:
            errors[name] = str(error)
    message = _("Harus bilangan bulat antara %(low)d dan %(high)d.", low=1, high=MAX_LIMIT)
    limit = filter_argument(
        request.args, "limit", LIMIT, errors, limit, message, blank_is_absent=False
    )
    if (cursor := request.args.get("cursor")) is not None:
        offset = offset_of(cursor)
        if not offset:
            errors["cursor"] = _("Kursor tidak sah; pakai nilai `next` dari halaman sebelumnya.")
    if errors:
        raise Invalid(errors)
    return values, limit, offset


def page_of(query: Select, limit: int, offset: int, one, *, scalars: bool = True) -> dict:
    result = db.session.execute(query.offset(offset).limit(limit + 1))
    rows = list(result.scalars()) if scalars else list(result)
    return page(rows, limit, offset, one)


def created(body: dict, endpoint: str, **ids):
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = url_for(endpoint, **ids)
    return response
