"""Each profile's normalised text, made once per edit and kept with the profile.

Normalising text (ml.text.analyse) is most of what a fit costs, yet a profile's text
changes only when its owner edits it. So the terms a fit reads from a profile — its
canonical terms and plain words per text key, and the certificates its words name —
are made here from the profile's own strings, stored with the profile (`stored`), and
handed back to the model on the record (`BusinessRecord.docs`, `OfferRecord.docs`).
The model normalises only records that come without them.

A stored form carries two checks: the normaliser's `fingerprint` (the source of the
modules that normalise and the vocabulary files: any change to them makes every
stored form stale) and a digest of the strings it was made from (a stored form that
missed an edit is stale too). `reuse` answers the docs only when both still hold.
"""

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ml.needs import split_stated
from ml.requirements import held, required
from ml.text import analyse, terms
from ml.vocabulary import FOLDER, vocabulary

ITEM = "|"  # starts each need in "needs_items" (one letter: never a term)
# What the normalising reads: a change to any of these files makes stored docs stale.
SOURCES = ("docs.py", "text.py", "vocabulary.py", "needs.py", "requirements.py")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A short digest of the normaliser: its modules, its vocabulary files and Sastrawi."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [*(here / name for name in SOURCES), *sorted(FOLDER.iterdir())]:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    try:
        digest.update(version("Sastrawi").encode())
    except PackageNotFoundError:  # pragma: no cover - installed under another name
        digest.update(b"sastrawi")
    return digest.hexdigest()[:16]


def business(name: str, text: str, mentoring_needs: str) -> dict[str, list[str]]:
    """A business's texts as canonical terms (each concept with its parent, see
    ml.text.analyse), and as plain words under "raw:…" (for what the normaliser does not
    know, such as material grades). Its mentoring needs come whole ("needs") and one by
    one ("needs_items": each need after an ITEM mark, ml.needs.split_stated); "holds"
    lists the certificates its own words name."""
    work_words, work = analyse(" ".join((name, text)), expand=True)
    items = [analyse(need, expand=True) for need in split_stated(mentoring_needs)]
    return {
        "work": work,
        "needs": [t for _, found in items for t in found],
        "needs_items": [t for _, found in items for t in (ITEM, *found)],
        "raw:work": work_words,
        "raw:needs": [w for words, _ in items for w in words],
        "raw:needs_items": [w for words, _ in items for w in (ITEM, *words)],
        "holds": sorted(held(" ".join((name, text)))),
    }


def offer(kind: str, title: str, text: str) -> dict[str, list[str]]:
    """A need's or programme's own text, canonical and plain; the certificates a need
    makes a condition ("requires"), and the concepts its own words name ("asks": what a
    reason may say the offer asks for)."""
    plain, canonical = analyse(" ".join((title, text)), expand=True)
    concepts = vocabulary().concepts
    return {
        "offer": canonical,
        "raw:offer": plain,
        "requires": sorted(required(text)) if kind == "subcontracting" else [],
        "asks": sorted({t for t in terms(" ".join((title, text))) if t in concepts}),
    }


def company(company_text: str) -> dict[str, list[str]]:
    """What a company makes and does, canonical and plain (it joins each of its offers)."""
    words, canonical = analyse(company_text, expand=True)
    return {"company": canonical, "raw:company": words}


def pack(docs: dict[str, list[str]]) -> str:
    """Docs as one string, a line per key ("key term term …"): a million profiles'
    docs held as one string each cost a fraction of a million dicts of lists."""
    return "\n".join(" ".join((key, *found)) for key, found in docs.items())


def unpack(packed: str) -> dict[str, list[str]]:
    """The docs `pack` made (terms never hold a space: ml.text splits on them)."""
    docs = {}
    for line in packed.split("\n"):
        key, _, found = line.partition(" ")
        docs[key] = found.split()
    return docs


def _digest(texts) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for text in texts:
        digest.update((text or "").encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def stored(docs: dict[str, list[str]], *texts: str) -> dict:
    """The form to keep with a profile (JSON-ready): `docs` packed, made from `texts` by
    today's normaliser."""
    return {"fingerprint": fingerprint(), "source": _digest(texts), "docs": pack(docs)}


def reuse(kept, *texts: str) -> str | None:
    """The packed docs of a stored form when the normaliser and the profile's `texts` are
    still those it was made from; None when it is missing, stale or malformed."""
    if not isinstance(kept, dict) or not isinstance(kept.get("docs"), str):
        return None
    if kept.get("fingerprint") != fingerprint() or kept.get("source") != _digest(texts):
        return None
    return kept["docs"]
