"""One keyset pagination for every JSON listing: `?limit=` and `?cursor=` in, and
{"items": [...], "next": cursor or null} out.

Pages follow the records' ids (ascending, or newest first), never an offset and never a
column that changes: a walk from the first page along `next` meets every record that
existed when it began exactly once, in one order, however many are added or changed
meanwhile (a record added during the walk shows on the next walk, not in this one).

A cursor is the position a page ended at (the last id, in decimal digits): any cursor
of the documented form is a valid place to continue from, so a client can resume a walk
or start it anywhere; one of another form is refused with 422 naming `cursor`, like a bad
`limit`.
"""

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute

from matchmaker.core import params
from matchmaker.core.extensions import db

DEFAULT_LIMIT, MAX_LIMIT = 25, 100
LIMIT = params.Integer(1, MAX_LIMIT)
MAX_CURSOR_CHARS = 18  # below 2^63, the largest key a database holds
CURSOR_PATTERN = r"^[0-9]{1,18}$"


class Cursor:
    """The `cursor` field, in the manner of matchmaker.core.params: `load` gives the position
    the previous page ended at, or ValueError."""

    @staticmethod
    def dump(position: int) -> str:
        return str(position)

    @staticmethod
    def load(value: Any) -> int:
        if not isinstance(value, str) or not params.ascii_digits(value, 1, MAX_CURSOR_CHARS):
            raise ValueError(_("Kursor tidak sah; pakai nilai `next` dari halaman sebelumnya."))
        return int(value)


def page(
    query: Select,
    key: InstrumentedAttribute[int],
    serialise: Callable[[Any], dict],
    args: Mapping[str, Any],
    *,
    newest_first: bool = False,
) -> dict[str, Any]:
    """One page of `query`'s records ordered by `key` (the model's id column), each as
    `serialise` makes it: {"items": [...], "next": cursor or null}. The query's own
    order is replaced, so the order always matches the cursor. `args` holds `limit` and
    `cursor` (the position the previous page ended at) as core.schemas.PageArgs reads them."""
    limit, after = args["limit"], args.get("cursor")
    query = query.order_by(None).order_by(key.desc() if newest_first else key.asc())
    if after is not None:
        query = query.where(key < after if newest_first else key > after)
    rows = list(db.session.scalars(query.limit(limit + 1)).unique())
    more, rows = len(rows) > limit, rows[:limit]
    return {
        "items": [serialise(row) for row in rows],
        "next": Cursor.dump(getattr(rows[-1], key.key)) if more else None,
    }
