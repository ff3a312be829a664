"""How the programme's parsers (wub.fields, profiles.fields) are written in the OpenAPI
document: what each one takes, as codes or as a `pattern` with its bounds, so that a
value the document allows is one the parser takes (officials' other spellings, "Seksi
ILMO", "17 Agustus 2024", are taken too and named in descriptions).
"""

import csv
from datetime import date
from typing import Any

from matchmaker.reference.services import DATA

# Text is blank when nothing is left but spaces and control characters (plain_text).
_SPACE = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK, BLANK = f"[^{_SPACE}]", f"^[{_SPACE}]*$"
# Indonesian mobile numbers in the forms 08…, 62… and +62… (others are taken too); the
# shortest read without "+" would be a national number starting 62, so 62… is longer.
_OPERATOR = r"8(1[1-3]|2[1-3]|3[18]|5[1-35-9]|7[78]|81|9[5-9])"
PHONE = rf"^(\+62|0){_OPERATOR}[0-9]{{6,9}}$|^62{_OPERATOR}[0-9]{{7,9}}$"
# Whole rupiah below 10^13: 1500000, 1.500.000, Rp1.500.000,00, 1,5 juta, 750 rb.
RUPIAH = (
    r"^(Rp ?)?([0-9]{1,13}|[0-9]{1,3}(\.[0-9]{3}){1,4})(,00)?$"
    r"|^[0-9]{1,6}(,[0-9]{1,3})? ?(juta|jt|ribu|rb)$"
)
DAY = {"type": "string", "format": "date"}
DATE_WORDS = "YYYY-MM-DD; also 17/08/2024, 17 Agustus 2024 or an Excel day number."


def either(*choices: str) -> str:
    return "(" + "|".join(choices) + ")"


def year_pattern(low: int, high: int) -> str:
    """Digits (leading zeros allowed) or thousands-grouped ("2.024") of a year in low…high."""
    years = [str(y) for y in range(low, high + 1)]
    grouped = [f"{y[0]}.{y[1:]}" for y in years]
    return rf"^\s*(0{{0,15}}{either(*years)}|{either(*grouped).replace('.', '[.]')})\s*$"


def not_after(day: date) -> str:
    """ISO dates on or before `day` (the calendar itself is `format: date`'s)."""
    month, dd = r"(0[1-9]|1[0-2])", r"(0[1-9]|[12][0-9]|3[01])"
    earlier_years = either(*(f"{y:04d}" for y in range(max(day.year - 120, 1), day.year)))
    months = either(*(f"{m:02d}" for m in range(1, day.month))) if day.month > 1 else None
    days = either(*(f"{d:02d}" for d in range(1, day.day + 1)))
    ways = [f"{earlier_years}-{month}-{dd}", f"{day.year}-{day.month:02d}-{days}"]
    if months:
        ways.append(f"{day.year}-{months}-{dd}")
    return "^" + either(*ways) + "$"


def birth_years() -> str:
    """Born 14 to 80 years ago (wub.fields.birth_date)."""
    today = date.today()
    years = (str(y) for y in range(today.year - 80, today.year - 13))
    return rf"^{either(*years)}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def kecamatan_names() -> list[str]:
    with open(DATA / "kecamatan.csv", newline="", encoding="utf-8") as handle:
        return sorted(row["name"] for row in csv.DictReader(handle))


def codes(values, words: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "enum": list(values)}
    return {**schema, "description": words} if words else schema


def text(length: int, *, required: bool = False) -> dict[str, Any]:
    schema = {"type": "string", "maxLength": length}
    return {**schema, "minLength": 1, "pattern": NOT_BLANK} if required else schema


def blank_or(schema: dict) -> dict:
    """An optional value: the schema, or text of nothing but spaces (left blank)."""
    return {"anyOf": [schema, {"type": "string", "pattern": BLANK}]}


def empty_or(schema: dict) -> dict:
    """The schema, or an empty string (left blank)."""
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
