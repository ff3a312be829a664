"""Parsing and checking profile fields, the same for forms, the API and imports.

Each parser takes the raw value (string from a form, any JSON value from the API)
and returns the clean value or raises ValueError with a message for the user.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from matchmaker.core import params, plain_text
from matchmaker.reference import services as reference
from ml.trades import TRADE_CODES


def blank(value: Any) -> bool:
    """None, or text of nothing but spaces and control characters."""
    return value is None or (isinstance(value, str) and not plain_text.single_line(value))


def text(max_len: int, *, multiline: bool = False) -> Callable[[Any], str]:
    """Text of at most `max_len` characters: on one line (line breaks and control
    characters become a space), or with `multiline` keeping its line breaks."""
    clean = plain_text.multi_line if multiline else plain_text.single_line

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(_("Harus berupa teks."))
        value = clean(value)
        if len(value) > max_len:
            raise ValueError(_("Maksimal %(n)d karakter.", n=max_len))
        return value

    parse.max_len = max_len  # for the API's schemas (profiles.schemas)
    return parse


# Indonesian thousands separators: "1.500" or "12.000.000", never "2.5"; ASCII digits.
_GROUPED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")


def integer(low: int, high: int) -> Callable[[Any], int]:
    field = params.Integer(low, high)

    def parse(value: Any) -> int:
        if isinstance(value, str) and _GROUPED.fullmatch(value.strip()):
            value = value.strip().replace(".", "")
        return field.load(value)

    parse.bounds = (low, high)  # for the API's schemas (profiles.schemas)
    return parse


def edition(value: Any) -> int:
    """The KBLI edition a code comes from: 2020 or 2025."""
    if str(value).strip() not in ("2020", "2025"):
        raise ValueError(_("Edisi KBLI harus 2020 atau 2025."))
    return int(str(value).strip())


def web_address(value: Any) -> str:
    """An http(s) address; other schemes (javascript:, data:) are refused."""
    address = text(255)(value)
    parts = urlsplit(address if "://" in address else "https://" + address)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc:
        raise ValueError(_("Alamat situs web tidak valid. Contoh: https://perusahaan.co.id"))
    return parts.geturl()


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"1", "true", "y", "ya", "on", "yes"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {
        "0",
        "false",
        "n",
        "tidak",
        "off",
        "no",
    }:
        return False
    raise ValueError(_("Harus ya atau tidak."))


def iso_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(_("Tanggal harus berformat TTTT-BB-HH.")) from None


def email(value: Any) -> str:
    try:
        return validate_email(str(value), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValueError(_("Alamat e-mail tidak valid.")) from None


# An Indonesian number (08…, +62…, 62…) in +62… form: the one parser accounts use too.
phone = plain_text.phone_number


def trade(value: Any) -> str:
    if value not in TRADE_CODES:
        raise ValueError(_("Bidang usaha tidak dikenal. Pilihan: %(c)s.", c=", ".join(TRADE_CODES)))
    return value


def kecamatan(value: Any) -> int:
    found = reference.find_kecamatan(str(value)) if isinstance(value, str) else None
    if found is None:
        names = ", ".join(k.name for k in reference.kecamatan_choices())
        raise ValueError(_("Kecamatan tidak dikenal. Pilihan: %(names)s.", names=names))
    return found.id


def estate(value: Any) -> int:
    found = reference.find_estate(str(value)) if isinstance(value, str) else None
    if found is None:
        names = ", ".join(e.short_name for e in reference.estate_choices())
        raise ValueError(_("Kawasan industri tidak dikenal. Pilihan: %(names)s.", names=names))
    return found.id


def kbli(value: Any) -> str:
    code = str(value).strip()
    if not params.ascii_digits(code, 2, 5) or reference.find_kbli(code) is None:
        examples = "25920, 25910, 33121, 33141, 29300, 30912, 27111, 32120, 95311"
        raise ValueError(
            _(
                "Kode KBLI tidak dikenal (2–5 angka, edisi 2020 atau 2025). Contoh: %(e)s.",
                e=examples,
            )
        )
    return code


@dataclass(frozen=True)
class Field:
    """A profile attribute: the column it fills, how to parse it, whether it is required."""

    name: str
    parse: Callable[[Any], Any]
    required: bool = False
    column: str | None = None
    blank: Any = None  # stored when the field is left empty: "" for string columns

    @property
    def target(self) -> str:
        return self.column or self.name


def text_field(name: str, max_len: int, required: bool = False, *, multiline=False) -> Field:
    """A text attribute, single-line unless `multiline` (descriptions, notes)."""
    return Field(name, text(max_len, multiline=multiline), required, blank="")


def clean(spec: tuple[Field, ...], data: dict, *, partial: bool) -> dict[str, Any]:
    """Parse `data` against `spec`: {column: value}, or Invalid naming every bad field.

    With `partial`, absent fields are left alone (PATCH); otherwise absent means blank.
    Unknown keys are errors, so a typo in an API call is not silently ignored.
    """
    from matchmaker.core.validation import Invalid

    known = {f.name for f in spec}
    errors = {k: _("Kolom tidak dikenal.") for k in data if k not in known}
    values: dict[str, Any] = {}
    for field in spec:
        if partial and field.name not in data:
            continue
        raw = data.get(field.name)
        if blank(raw):
            if field.required:
                errors[field.name] = _("Wajib diisi.")
            else:
                values[field.target] = field.blank
            continue
        try:
            values[field.target] = field.parse(raw)
        except ValueError as error:
            errors[field.name] = str(error)
    if errors:
        raise Invalid(errors)
    return values
