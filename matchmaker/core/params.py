"""One typed, bounded parser for every number and id a request carries.

Query strings, forms and JSON bodies all come through these field types, HTML and API
alike. Only ASCII digits count: `str`'s digit test accepts "²" (then `int()` fails: a 500)
and `int()` accepts "١٢" and "１２"; a number no database column holds (an id of 2^63,
a page of 10^22) used to reach the database and come back as an overflow, a 500.

Each field's `load(value)` returns the clean value or raises ValueError with a message
for the user; `argument()` reads one from a query string, form or JSON object and turns
that into `Invalid` naming the field. The API's schemas reuse the same field types.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import click
from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from matchmaker.core.validation import Invalid

MAX_ID = 2**63 - 1  # the largest id a database integer key holds
MAX_PAGE = 100_000  # 2.5 million rows at 25 a page: beyond any listing here

# ASCII only: `re`'s \d matches every Unicode digit. 19 digits hold any 64-bit number;
# more are refused before int() (which refuses over 4,300 digits with a ValueError).
_WHOLE = re.compile(r"-?[0-9]{1,19}")
_DIGITS = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]{1,12}(?:[.,][0-9]{1,12})?")


def whole_number(value: Any) -> int | None:
    """`value` as an int: a JSON integer (not a bool), or text of ASCII digits with an
    optional leading minus and surrounding spaces; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _WHOLE.fullmatch(text := value.strip()):
        return int(text)
    return None


def ascii_digits(text: str, low: int = 1, high: int = 19) -> bool:
    """True when `text` is low…high ASCII digits and nothing else (codes such as KBLI)."""
    return low <= len(text) <= high and _DIGITS.fullmatch(text) is not None


@dataclass(frozen=True)
class Integer:
    """A whole number in low…high, from a JSON integer or ASCII digits."""

    low: int
    high: int

    def load(self, value: Any) -> int:
        number = whole_number(value)
        if number is None:
            raise ValueError(_("Harus berupa bilangan bulat."))
        if not self.low <= number <= self.high:
            raise ValueError(_("Harus antara %(low)d dan %(high)d.", low=self.low, high=self.high))
        return number


@dataclass(frozen=True)
class Decimal:
    """A number in low…high with at most 12 digits either side of "." or ",": no
    exponent, no "inf" or "nan", no digits of other scripts (all of which float() takes)."""

    low: float
    high: float

    def load(self, value: Any) -> float:
        number = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str) and _DECIMAL.fullmatch(text := value.strip()):
            number = float(text.replace(",", "."))
        if number is None or not self.low <= number <= self.high:  # also refuses NaN
            raise ValueError(
                _(
                    "Harus angka antara %(low)s dan %(high)s.",
                    low=f"{self.low:g}",
                    high=f"{self.high:g}",
                )
            )
        return number


@dataclass(frozen=True)
class Id:
    """A record's id, 1…2^63-1: a number outside that names no record ("not found").
    With `text=False` (ids in JSON bodies) only a JSON integer is one, not "12"."""

    text: bool = True

    def load(self, value: Any) -> int:
        number = whole_number(value) if self.text or not isinstance(value, str) else None
        if number is None:
            raise ValueError(_("Wajib diisi dengan id (bilangan bulat)."))
        if not 1 <= number <= MAX_ID:
            raise ValueError(_("Tidak ditemukan."))
        return number


ID, JSON_ID = Id(), Id(text=False)
PAGE = Integer(1, MAX_PAGE)
YEAR = Integer(1, 9999)  # any year a date can hold: a filter, not a business rule


def coerce_int(value: Any) -> int:
    """A WTForms `coerce` for numeric choices: ASCII digits only (int() takes "２０２０")."""
    number = whole_number(value)
    if number is None:
        raise ValueError(f"not a whole number: {value!r}")
    return number


def id_of(value: Any) -> int | None:
    """`value` as a record id, or None when it cannot name one (not a whole number, or
    outside 1…2^63-1): the caller answers "not found" as for any missing record."""
    number = whole_number(value)
    return number if number is not None and 1 <= number <= MAX_ID else None


def argument(
    source: Mapping,
    name: str,
    field,
    default: Any = None,
    *,
    blank_is_absent: bool = True,
    message: str | None = None,
) -> Any:
    """`name` from a query string, form or JSON object, loaded by `field`: `default` when
    absent (or null; or, unless told otherwise, blank), else Invalid naming `name` with
    the field's message (or `message`, already translated)."""
    raw = source.get(name)
    if raw is None or (blank_is_absent and isinstance(raw, str) and not raw.strip()):
        return default
    try:
        return field.load(raw)
    except ValueError as error:
        raise Invalid({name: message or str(error)}) from None


def filter_argument(
    source: Mapping,
    name: str,
    field,
    errors: dict[str, str],
    default: Any = None,
    message: str | None = None,
    *,
    blank_is_absent: bool = True,
) -> Any:
    """Like `argument`, but a bad value gives `default` and its message is added to
    `errors` under `name`: a page's filters still show, or every bad field is named."""
    try:
        return argument(
            source, name, field, default, blank_is_absent=blank_is_absent, message=message
        )
    except Invalid as error:
        errors.update(error.fields)
        return default


def page_number(source: Mapping | None = None) -> int:
    """`?page=` as 1…MAX_PAGE (absent or blank: 1); any other value names no page of the
    listing, so the answer is 404. A page past the last one is empty, not an error."""
    raw = (request.args if source is None else source).get("page", "")
    if not raw.strip():
        return 1
    try:
        return PAGE.load(raw)
    except ValueError:
        raise NotFound() from None


def passed_on(source: Mapping) -> dict[str, str]:
    """A query string to hand to url_for(): names starting with "_" are url_for's own
    options (?_scheme=… builds another site's address; ?_method=… raises), so they stay."""
    return {name: value for name, value in source.items() if not name.startswith("_")}


def refuse_nul() -> None:
    """Before every view: a path, query-string or form value (or name) holding NUL is
    refused, naming it. No one types NUL, and PostgreSQL refuses it in any text it is
    sent, even a search term or a token looked up, with an error that was a 500."""
    sources = (request.view_args or {}, request.args, request.form)
    for source in sources:
        pairs = source.items(multi=True) if hasattr(source, "getlist") else source.items()
        for name, value in pairs:
            if "\x00" in name or (isinstance(value, str) and "\x00" in value):
                name = name.replace("\x00", "\\0")
                raise Invalid({name: _("Berisi karakter NUL, yang tidak diizinkan.")})


def init_app(app: Flask) -> None:
    """Check every request for NUL before its view runs."""
    app.before_request(refuse_nul)


class UtcMoment(click.ParamType):
    """A command-line time in ISO 8601 (`--now`), read as UTC when it names no zone."""

    name = "time"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.fail("not an ISO 8601 time", param, ctx)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


UTC_MOMENT = UtcMoment()
