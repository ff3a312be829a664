"""A subcontracting need read from free text: its title, its volume, and the separate
needs a text lists (ml.needs), for the company importer and the need editor alike."""

import re
from typing import Any

from ml.needs import split_needs
from ml.text import kinds_of

TITLE_LENGTH = 80
MAX_VOLUME = 100_000_000  # as NEED_FIELDS allows

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_LIST_MARKER = re.compile(r"^(?:\(?(?:\d{1,2}|[a-h])[.)]|[-•*·–—])\s+")
_VOLUME = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+)\s*([^\W\d_]{1,20})?\s*"
    r"(?:/\s*|\b(?:per|tiap|setiap)\s+)(bulan|bln|minggu|mgg|hari|tahun|thn)\b",
    re.IGNORECASE,
)
_PERIODS = {"bln": "bulan", "mgg": "minggu", "thn": "tahun"}


def title(text: str, limit: int = TITLE_LENGTH) -> str:
    """The first sentence of a text (after any list marker such as "1." or "-"), or its
    first `limit` characters cut between words."""
    text = _LIST_MARKER.sub("", text.strip())
    first = _SENTENCE_END.split(text.strip().splitlines()[0], maxsplit=1)[0].strip()
    first = first.rstrip(".").strip() or first
    if len(first) <= limit:
        return first
    cut = first[: limit + 1].rsplit(" ", 1)[0] if " " in first[:limit] else first[:limit]
    return cut.rstrip(" ,;:-") + "…"


def volume(text: str) -> tuple[int | None, str]:
    """The volume a text states ("5.000 pcs/bulan" -> (5000, "pcs/bulan")), else (None, "")."""
    match = _VOLUME.search(text)
    if match is None:
        return None, ""
    number, unit, period = match.groups()
    period = _PERIODS.get(period.lower(), period.lower())
    amount = int(re.sub(r"[.,]", "", number))
    if not 1 <= amount <= MAX_VOLUME:
        return None, ""
    return amount, f"{unit.lower()}/{period}" if unit else f"per {period}"


def need_values(text: str) -> dict[str, Any]:
    """A subcontracting need from its free-text description."""
    amount, unit = volume(text)
    return {"title": title(text), "description": text, "volume": amount, "volume_unit": unit}


def split(text: str) -> list[str]:
    """The separate needs a text lists (one, for a single need; none, for an empty text)."""
    return split_needs(text, kinds_of)
