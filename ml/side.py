"""One side of the market (businesses or offers) as arrays the features read.

Rows are append-only: editing a record appends a new row and retires the old
one, so arrays never shift under an index built on them.
"""

import numpy as np
import scipy.sparse as sp

from ml.features import kbli_levels, sector_index, topic_mask, trade_mask
from ml.records import BusinessRecord, OfferRecord
from ml.text import analyse
from ml.trades import trades_of_terms


def business_docs(record: BusinessRecord) -> dict:
    """A business's text per kind of partnership: canonical terms, and the plain words
    (under "raw:…") for what the normaliser does not know, such as materials."""
    work_words, work = analyse(" ".join((record.name, record.text)))
    need_words, needs = analyse(record.mentoring_needs)
    return {
        "subcontracting": work,
        "mentoring": needs + [t for t in work if t in _TRADE_WORDS],
        "raw:subcontracting": work_words,
        "raw:mentoring": need_words + work_words,
    }


def offer_docs(record: OfferRecord) -> dict:
    plain, canonical = analyse(" ".join((record.title, record.text)))
    return {"offer": canonical, "raw:offer": plain}


_TRADE_WORDS = frozenset(
    (
        "bubut",
        "frais",
        "cnc",
        "las",
        "fabrikasi",
        "rewinding",
        "dinamo",
        "plating",
        "coating",
        "cor",
        "stamping",
        "plat",
        "elektronik",
        "otomotif",
        "bengkel",
        "kerajinan",
        "tembaga",
        "kuningan",
    )
)


class Side:
    """Arrays for one side; `kind_of` is None for businesses (they serve both kinds)."""

    def __init__(self):
        self.records: list = []
        self.row_of: dict[int, int] = {}
        self.docs: list[dict[str, list[str]]] = []
        self.columns: dict[str, np.ndarray] = {}
        self.matrices: dict[str, sp.csr_matrix] = {}

    def __len__(self) -> int:
        return len(self.records)

    def rows_for(self, ids) -> np.ndarray:
        return np.array([self.row_of[i] for i in ids if i in self.row_of], dtype=np.int64)

    def build(self, records: list, docs: list[dict], matrices: dict, is_business: bool) -> None:
        """Fill every column for `records` and take their text matrices (rows in order)."""
        self.records, self.docs = list(records), [_kept(d) for d in docs]
        self.row_of = {r.id: i for i, r in enumerate(self.records)}
        self.columns = _columns(self.records, self.docs, is_business)
        keys = ("subcontracting", "mentoring") if is_business else ("offer",)
        self.matrices = {
            key: sp.csr_matrix(matrices[key]) for key in (*keys, *(f"raw:{k}" for k in keys))
        }

    def append(self, record, doc: dict, vectorizers: dict, is_business: bool) -> int:
        """Add a record (new or edited); the previous row of the same id is retired."""
        old = self.row_of.get(record.id)
        if old is not None:
            self.columns["alive"][old] = False
        row = len(self.records)
        self.records.append(record)
        self.docs.append(_kept(doc))
        self.row_of[record.id] = row
        new = _columns([record], [doc], is_business)
        for name, values in new.items():
            self.columns[name] = np.concatenate([self.columns[name], values])
        for key, matrix in self.matrices.items():
            vectorizer = vectorizers["raw" if key.startswith("raw:") else "canon"]
            vector = vectorizer.transform([_text(doc[key])])
            self.matrices[key] = sp.vstack([matrix, vector], format="csr")
        return row

    def retire(self, record_id: int) -> None:
        row = self.row_of.pop(record_id, None)
        if row is not None:
            self.columns["alive"][row] = False


def _kept(doc: dict) -> dict:
    """What a side keeps of a document after its matrices are built: the canonical
    terms the reasons quote; plain words live on only in the matrices (memory)."""
    return {key: value for key, value in doc.items() if not key.startswith("raw:")}


def _text(doc) -> str:
    return doc if isinstance(doc, str) else " ".join(doc)


def _columns(records: list, docs: list[dict], is_business: bool) -> dict[str, np.ndarray]:
    def floats(values):
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)

    columns = {
        "lat": np.array([r.lat for r in records], dtype=np.float64),
        "lon": np.array([r.lon for r in records], dtype=np.float64),
        "kbli": kbli_levels([r.kbli for r in records]).reshape(len(records), 4),
        "sector": np.array([sector_index(r.kbli) for r in records], dtype=np.int64),
        "alive": np.ones(len(records), dtype=bool),
    }
    if is_business:
        columns.update(
            trades=np.array(
                [
                    trade_mask(r.tags or trades_of_terms(d["subcontracting"]) or [r.trade])
                    for r, d in zip(records, docs, strict=True)
                ],
                dtype=np.int64,
            ),
            topics=np.array([topic_mask(d["mentoring"]) for d in docs], dtype=np.int64),
            capacity=floats(r.capacity_per_month for r in records),
            employees=floats(r.employees for r in records),
            accepting=np.array([r.accepting for r in records], dtype=bool),
        )
    else:
        columns.update(
            trades=np.array(
                [trade_mask(trades_of_terms(d["offer"])) for d in docs], dtype=np.int64
            ),
            topics=np.array([topic_mask(d["offer"]) for d in docs], dtype=np.int64),
            volume=floats(r.volume for r in records),
            available=np.array([r.available for r in records], dtype=bool),
            kind=np.array([r.kind == "mentoring" for r in records], dtype=bool),
            company=np.array([r.company_id for r in records], dtype=np.int64),
        )
    return columns
