"""Certificates a need requires, and the certificates a business states.

A buyer who writes "supplier wajib ISO 9001" or "welder must hold BNSP" rules out
whoever cannot show it. A certificate counts as required when a sentence of the need
names it together with a word of obligation; a business holds it when its own words
name it (or a narrower one: IATF 16949 is a kind of quality management, but not ISO
9001 itself). Certificates are the concepts of the vocabulary under "certification",
the management-system standards, the food permits and the ISPM 15 treatment.
"""

import re
from functools import lru_cache

import numpy as np

from ml.text import terms
from ml.vocabulary import vocabulary

ROOTS = (
    "certification", "iso_9001", "iatf_16949", "iso_13485", "smk3", "pirt", "bpom",
    "fumigation",
)  # fmt: skip
OBLIGATION = re.compile(
    r"\b(wajib|harus|diwajibkan|syarat|persyaratan|mandatory|must|required|require[sd]?)\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"(?<=[.;!?\n])\s*")


@lru_cache(maxsize=1)
def certificates() -> frozenset[str]:
    """Every certificate concept: the roots and their kinds."""
    vocab = vocabulary()
    return frozenset(c for c in vocab.concepts if any(vocab.is_kind_of(c, root) for root in ROOTS))


def required(text: str) -> frozenset[str]:
    """The certificates a need's text makes a condition."""
    found = set()
    for sentence in _SENTENCES.split(text or ""):
        if OBLIGATION.search(sentence):
            found |= {t for t in terms(sentence) if t in certificates()}
    return frozenset(found)


def held(text: str) -> frozenset[str]:
    """The certificates a business's own words name."""
    return frozenset(t for t in terms(text) if t in certificates())


@lru_cache(maxsize=4096)
def accepted(requires: frozenset[str]) -> frozenset[str]:
    """Every certificate that meets at least one of the required ones (any one will do:
    "IATF 16949 atau minimal ISO 9001"), a narrower one included."""
    vocab = vocabulary()
    return frozenset(c for c in certificates() if any(vocab.is_kind_of(c, r) for r in requires))


def met(requires, holds) -> np.ndarray:
    """Per pair, whether the business's certificates meet the need's requirement;
    `requires` and `holds` are object arrays of frozensets that broadcast (one side a
    single row)."""
    requires, holds = np.atleast_1d(requires), np.atleast_1d(holds)
    if requires.size == 1:
        if not requires[0]:
            return np.ones(holds.size, dtype=bool)
        ok = accepted(requires[0])
        return np.fromiter((not ok.isdisjoint(h) for h in holds), bool, holds.size)
    have = holds[0]
    return np.fromiter(
        (not r or not accepted(r).isdisjoint(have) for r in requires), bool, requires.size
    )
