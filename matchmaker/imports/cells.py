"""Cell values as officials really type them in their spreadsheets.

Dates come as 17/08/2024, 17-08-2024, 17.08.2024, 17 Agustus 2024, 17 Agt 24,
2024-08-17 or an Excel serial number (45521); amounts as 1.500.000, Rp 1.500.000,00,
1,5 juta or 750 rb; trades by code or label, in either language. Each parser returns
the value or raises ValueError with a message (in the user's language) saying what it
expected; the importer adds the row and column.
"""

import re
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from ml.trades import TRADE_CODES, TRADES

MONTHS = {
    **dict.fromkeys(("januari", "jan", "january"), 1),
    **dict.fromkeys(("februari", "pebruari", "feb", "peb", "february"), 2),
    **dict.fromkeys(("maret", "mar", "march"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "jun", "june"), 6),
    **dict.fromkeys(("juli", "jul", "july"), 7),
    **dict.fromkeys(("agustus", "agu", "agt", "ags", "aug", "august"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "okt", "oct", "october"), 10),
    **dict.fromkeys(("november", "nov", "nop", "nopember"), 11),
    **dict.fromkeys(("desember", "des", "dec", "december"), 12),
}
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's (Lotus) reckoning
SERIALS = range(10_000, 80_000)  # 1927 to 2119: a bare number outside is not a date
MULTIPLIERS = {"juta": 1_000_000, "jt": 1_000_000, "ribu": 1_000, "rb": 1_000, "k": 1_000}

# ASCII digits only (re's \d takes every script's), and few enough of them that float()
# stays finite: 400 nines are float("inf"), and int() or round() of that is a 500.
_NUMERIC = re.compile(r"([0-9]{1,4})[/\-.]([0-9]{1,2})[/\-.]([0-9]{2,4})")
_WORDS = re.compile(r"([0-9]{1,2})[\s\-]+([a-z]+)\.?[\s\-]+([0-9]{2,4})")
_AMOUNT = re.compile(r"(?:rp\.?\s*)?([0-9.,]{1,40})\s*([a-z]*)")


def spreadsheet_date(value: Any) -> date:
    """A date in any of the forms above; day first, as Indonesians write it."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().lower()
    if re.fullmatch(r"[0-9]{1,9}(\.0+)?", text) and int(float(text)) in SERIALS:
        return EXCEL_EPOCH + timedelta(days=int(float(text)))
    found = _parts(text)
    if found is None:
        raise ValueError(_("Tanggal tidak dikenali. Contoh: 17/08/2024 atau 17 Agustus 2024."))
    day, month, year = found
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("Tanggal %(text)s tidak ada di kalender.", text=value)) from None


def _parts(text: str) -> tuple[int, int, int] | None:
    if match := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text):  # ISO: year first
        year, month, day = map(int, match.groups())
        return day, month, year
    if match := _NUMERIC.fullmatch(text):
        day, month, year = map(int, match.groups())
        return (year, month, day) if day > 999 else (day, month, _year(year))
    if (match := _WORDS.fullmatch(text)) and match.group(2) in MONTHS:
        return int(match.group(1)), MONTHS[match.group(2)], _year(int(match.group(3)))
    return None


def _year(year: int) -> int:
    """Two-digit years: 00–69 are this century, 70–99 the last."""
    if year >= 100:
        return year
    return 2000 + year if year < 70 else 1900 + year


def amount(value: Any) -> int:
    """A whole amount (rupiah, pieces): dots or commas group thousands, a decimal comma
    is allowed with "juta"/"ribu" (1,5 juta), and "Rp" is ignored."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip().lower().replace(" ", "")
    match = _AMOUNT.fullmatch(text)
    if match is None or (match.group(2) and match.group(2) not in MULTIPLIERS):
        raise ValueError(_("Jumlah tidak dikenali. Contoh: 1.500.000 atau 1,5 juta."))
    digits, unit = match.groups()
    multiplier = MULTIPLIERS.get(unit, 1)
    number = _number(digits, allow_fraction=multiplier > 1)
    if number is None:
        raise ValueError(_("Jumlah tidak dikenali. Contoh: 1.500.000 atau 1,5 juta."))
    return round(number * multiplier)


def _number(digits: str, allow_fraction: bool) -> float | None:
    """1.500.000 / 1,500,000 / 1.500.000,00 / 1500000; 1,5 or 1.5 only before "juta" or
    "ribu" (alone it could be either a fraction or a typo)."""
    if (
        re.fullmatch(r"[0-9]{1,3}([.,][0-9]{3})+", digits)
        and len(set(re.findall(r"[.,]", digits))) == 1
    ):
        return float(re.sub(r"[.,]", "", digits))
    if match := re.fullmatch(r"([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),00", digits):  # 1.500.000,00
        return float(match.group(1).replace(".", ""))
    if re.fullmatch(r"[0-9]+", digits):
        return float(digits)
    if allow_fraction and re.fullmatch(r"[0-9]+[.,][0-9]+", digits):
        return float(digits.replace(",", "."))
    return None


def trade(value: Any) -> str:
    """A trade by its code or its label in either language; nothing else is guessed (an
    import offers the trade its words suggest, for the official to accept)."""
    text = " ".join(str(value).split())
    if text in TRADE_CODES:
        return text
    for t in TRADES:
        if text.casefold() in (
            t.code.replace("_", " "),
            t.label_id.casefold(),
            t.label_en.casefold(),
        ):
            return t.code
    locale = str(get_locale() or "id")
    labels = ", ".join(t.label(locale) for t in TRADES)
    raise ValueError(
        _("Bidang usaha “%(v)s” tidak dikenal. Pilihan: %(c)s.", v=_cut(value), c=labels)
    )


def _cut(value: Any, length: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= length else text[: length - 1] + "…"
