"""The sourced vocabulary the normaliser reads: concepts, the words that name them, and
what the stemmer must not touch.

The files live in ml/data/vocabulary/ (see its README): every concept and every term
records where it came from (a standard, a glossary, a dictionary, a KBLI title). Two
relations are kept apart on purpose:

- a *term* names exactly one concept ("pembubutan", "lathe", "turning" → turning);
- a concept *is a kind of* its parent (zinc plating → electroplating → coating).

A third, smaller table says what a trade does (trade_work.csv: a welding shop welds),
so "bengkel las" and "fabrikasi" meet "las" without either being the other.

A general word ("pelapisan") names the general concept, never a narrower one, and a
bare word with unrelated readings ("motor", "panel", "as") is not mapped at all: only
phrases that settle it ("motor listrik", "as roda") are.
"""

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).parent / "data" / "vocabulary"
WORK_KINDS = frozenset({"process", "product", "service", "equipment", "trade"})


@dataclass(frozen=True)
class Concept:
    """One concept: its id, the concept it is a kind of, its kind and its labels."""

    id: str
    parent: str
    kind: str
    label_id: str
    label_en: str
    source: str

    def label(self, locale: str) -> str:
        """The label in the given locale ("id" or "en")."""
        return self.label_en if locale == "en" else self.label_id


@dataclass
class Vocabulary:
    """Concepts and the words that name them, as the normaliser looks them up."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)  # one-word term → concept
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    ambiguous: frozenset[str] = frozenset()
    stem_exceptions: dict[str, str] = field(default_factory=dict)  # word → its real root
    works: dict[str, tuple[str, ...]] = field(default_factory=dict)  # trade → what it does
    surface: dict[str, set[str]] = field(default_factory=dict)  # concept → its terms

    def add_term(self, term: str, concept: str) -> None:
        """Let `term` (a word or a phrase) name `concept`."""
        first, *rest = term.split()
        if rest:
            entries = self.phrases.setdefault(first, [])
            entries.append((tuple(rest), concept))
            entries.sort(key=lambda entry: -len(entry[0]))  # longest phrase first
        else:
            self.words[first] = concept
        self.surface.setdefault(concept, set()).add(term)

    def ancestors(self, concept: str) -> list[str]:
        """The concepts `concept` is a kind of, nearest first."""
        found, seen = [], {concept}
        parent = self.concepts[concept].parent if concept in self.concepts else ""
        while parent and parent not in seen and parent in self.concepts:
            found.append(parent)
            seen.add(parent)
            parent = self.concepts[parent].parent
        return found

    def is_kind_of(self, concept: str, general: str) -> bool:
        """Whether `concept` is `general` or one of its kinds."""
        return concept == general or general in self.ancestors(concept)

    def names_work(self, concept: str) -> bool:
        """Whether the concept is a process, product, service, equipment or trade."""
        found = self.concepts.get(concept)
        return found is not None and found.kind in WORK_KINDS

    def label(self, concept: str, locale: str) -> str:
        """How people read a concept; the id itself when it is not a concept."""
        found = self.concepts.get(concept)
        return found.label(locale) if found else concept


def _rows(name: str) -> list[dict[str, str]]:
    path = FOLDER / name
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            {k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(handle)
        ]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary in ml/data/vocabulary/, read once per process."""
    found = Vocabulary()
    for row in _rows("concepts.csv"):
        found.concepts[row["concept"]] = Concept(
            row["concept"], row["parent"], row["kind"], row["label_id"], row["label_en"],
            row["source"],
        )  # fmt: skip
    for row in _rows("terms.csv"):
        if row["concept"] in found.concepts and row["term"]:
            found.add_term(" ".join(row["term"].lower().split()), row["concept"])
    found.ambiguous = frozenset(row["word"].lower() for row in _rows("ambiguous.csv"))
    found.stem_exceptions = {
        row["word"].lower(): row["root"].lower() for row in _rows("stem_exceptions.csv")
    }
    for row in _rows("trade_work.csv"):
        if row["trade"] in found.concepts and row["work"] in found.concepts:
            found.works[row["trade"]] = (*found.works.get(row["trade"], ()), row["work"])
    return found


@lru_cache(maxsize=1)
def root_words() -> frozenset[str]:
    """Sastrawi's dictionary of Indonesian root words (about 30,000)."""
    import Sastrawi.Stemmer

    path = Path(Sastrawi.Stemmer.__file__).parent / "data" / "kata-dasar.txt"
    return frozenset(path.read_text(encoding="utf-8").split())
