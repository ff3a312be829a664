"""Splitting a text that lists several subcontracting needs into one text per need.

CSR and procurement staff often write all of a company's needs in one field: a
numbered list ("1) … 2) …"), bullets, one need per line, or several sentences in a
row. Scored as one text, the needs dilute each other: a specialist who fits one of
them is pushed down by the length of the others. Each need is split off instead.

Structure is trusted in this order: item markers, then lines, then semicolons, then
sentences. Numbered items and bullets are needs as written. Of parts found by lines,
semicolons or sentences, one continues the need before it rather than becoming a need
when it names no work of its own ("Volume ±5.000 pcs/bulan.", "Supplier wajib ISO
9001."), or, of sentences, when it names only how to make the thing the sentence
before it named ("Bushing baja 20 mm. Pembubutan sesuai gambar kerja.").
"""

import re
from collections.abc import Callable

MAX_NEEDS = 12

# "1) ", "2. ", "(3) ", "a) " — an item marker at the start of the text, of a line, or
# after a space; the numbers must run 1, 2, 3… (or a, b, c…) to count as a list.
_MARKER = re.compile(r"(?:(?<=\s)|^)\(?(\d{1,2}|[a-h])[.)]\s+(?=\S)", re.MULTILINE)
_BULLET = re.compile(r"^\s*[-•*·–—]\s+", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")
_LEAD = re.compile(r"^[\s,;:.\-–—•*·]+|[\s,;:\-–—]+$")


OBJECTS = frozenset({"product", "service", "trade", "equipment"})
WORK = OBJECTS | {"process"}


def split_needs(text: str, kinds_of: Callable[[str], set[str]]) -> list[str]:
    """The separate needs a text lists, in order; a single need comes back alone.

    Parameters
    ----------
    text : str
        The free text, as written.
    kinds_of : callable
        The kinds of concept a part names (ml.vocabulary: "process", "product",
        "service", "equipment", "trade", "material", "topic"…).

    Returns
    -------
    list of str
        One text per need (at most ``MAX_NEEDS``; the rest joins the last one), or
        ``[]`` for an empty text.
    """
    text = (text or "").strip()
    if not text:
        return []
    for split in (_items, _bullets):
        parts = [p for p in (_clean(p) for p in split(text)) if p]
        if len(parts) > 1:
            return _cap(parts)
    for split in (_lines, _semicolons, _sentences):
        parts = [p for p in (_clean(p) for p in split(text)) if p]
        if len(parts) > 1:
            needs = _attach_continuations(parts, kinds_of, split is _sentences)
            if len(needs) > 1:
                return _cap(needs)
    return [text]


def _items(text: str) -> list[str]:
    """Parts between numbered markers that run in sequence; text before the first
    marker (a lead-in such as "Kebutuhan kami:") is dropped when it ends with a colon."""
    markers = list(_MARKER.finditer(text))
    chain, expected = [], None
    for match in markers:
        label = match.group(1).lower()
        first = label in ("1", "a")
        if first and not chain:
            chain, expected = [match], _next(label)
        elif chain and label == expected:
            chain.append(match)
            expected = _next(label)
    if len(chain) < 2:
        return []
    starts = [m.start() for m in chain] + [len(text)]
    parts = [text[m.end() : starts[i + 1]] for i, m in enumerate(chain)]
    lead = text[: chain[0].start()].strip()
    if lead and not lead.endswith(":"):
        parts.insert(0, lead)
    return parts


def _next(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _bullets(text: str) -> list[str]:
    if len(_BULLET.findall(text)) < 2:
        return []
    parts = _BULLET.split(text)
    lead = parts[0].strip()
    return parts[1:] if lead.endswith(":") or not lead else parts


def _lines(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].rstrip().endswith(":"):
        lines = lines[1:]
    return lines


def _semicolons(text: str) -> list[str]:
    return text.split(";")


def _sentences(text: str) -> list[str]:
    return _SENTENCE_END.split(text)


def _clean(part: str) -> str:
    return _LEAD.sub("", " ".join(part.split()))


def _attach_continuations(
    parts: list[str], kinds_of: Callable[[str], set[str]], sentences: bool
) -> list[str]:
    """Join each part that continues a need to the need before it (or after it, at the
    start): one that names no work, or (of sentences) one that names only a process
    after a sentence that named an object."""
    needs: list[str] = []
    pending, before = "", set()
    for part in parts:
        kinds = kinds_of(part)
        elaborates = sentences and before & OBJECTS and not kinds & OBJECTS
        if kinds & WORK and not (needs and elaborates):
            needs.append(f"{pending} {part}".strip() if pending else part)
            pending, before = "", kinds
        elif needs:
            needs[-1] = f"{needs[-1]}{_joiner(needs[-1])} {part}"
        else:
            pending = f"{pending} {part}".strip()
    if pending:
        needs.append(pending)
    return needs


def _joiner(previous: str) -> str:
    return "" if previous.endswith((".", "!", "?", ";", ":")) else "."


def _cap(needs: list[str]) -> list[str]:
    if len(needs) <= MAX_NEEDS:
        return needs
    return [*needs[: MAX_NEEDS - 1], " ".join(needs[MAX_NEEDS - 1 :])]


# What separates the needs an owner states in one line: "pembukuan, KUR & promosi online",
# "ISO 9001 dan K3", "desain / foto produk", "modal sama pemasaran", "… plus 5S".
_STATED = re.compile(
    r"[\n,;/&+]|\b(?:dan|serta|plus|sama|juga|jg|and)\b|(?<=[a-z0-9)])\.(?=\s)", re.IGNORECASE
)


def split_stated(text: str) -> list[str]:
    """The separate needs of a business's stated mentoring needs, in order (the text
    alone when it names one; [] for an empty text). A programme that answers one of them
    answers the business, however many others it lists."""
    parts = [_clean(p) for p in _STATED.split(text or "")]
    return _cap([p for p in parts if p]) if (text or "").strip() else []
