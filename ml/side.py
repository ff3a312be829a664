"""One side of the market (businesses or offers) as arrays the features read.

Rows are append-only: editing a record appends a new row and retires the old
one, so arrays never shift under an index built on them.

Each side keeps one text matrix per text key (see ml.vectors): a business its work
("work": name, products, capabilities, equipment, description) and its mentoring
needs ("needs"); an offer its own text ("offer": a need, or a programme's focus and
description) joined with what its company makes ("company").
"""

import zlib

import numpy as np
import scipy.sparse as sp

from ml import docs as normaliser
from ml.docs import unpack
from ml.encode import Encoded, encode
from ml.features import kbli_levels, sector_index, topic_mask, trade_mask
from ml.records import BusinessRecord, OfferRecord
from ml.store import RecordStore, RowIndex
from ml.trades import trades_of_terms

BUSINESS_KEYS = ("work", "needs")
ITEMS = "needs_items"  # a business's needs one by one: scored, never fitted on
OFFER_KEYS = ("offer", "company")
# The term lists a fit encodes (docs also hold the certificates and concepts named)
BUSINESS_TEXTS = tuple(p + k for p in ("", "raw:") for k in (*BUSINESS_KEYS, ITEMS))
OFFER_TEXTS = tuple(p + k for p in ("", "raw:") for k in OFFER_KEYS)


def business_docs(record: BusinessRecord) -> dict[str, list[str]]:
    """A business's normalised texts (ml.docs.business): those it carries, else made."""
    if record.docs is not None:
        return unpack(record.docs)
    return normaliser.business(record.name, record.text, record.mentoring_needs)


def offer_docs(record: OfferRecord) -> dict[str, list[str]]:
    """An offer's own text and its company's description, normalised (ml.docs.offer and
    ml.docs.company): those it carries, else made."""
    found = unpack(record.docs) if record.docs is not None else {}
    if "offer" not in found:
        found |= normaliser.offer(record.kind, record.title, record.text)
    if "company" not in found:
        found |= normaliser.company(record.company_text)
    return found


def encode_businesses(records: list[BusinessRecord]) -> Encoded:
    """A block of businesses as term ids and columns (runs in a worker process)."""
    docs = [business_docs(r) for r in records]
    return encode(docs, _columns(records, docs, is_business=True), BUSINESS_TEXTS)


def encode_offers(records: list[OfferRecord]) -> Encoded:
    docs = [offer_docs(r) for r in records]
    return encode(docs, _columns(records, docs, is_business=False), OFFER_TEXTS)


class Side:
    """Arrays for one side: records, their columns, and their text matrices (one per
    key, canonical terms in the first columns and plain words after them)."""

    def __init__(self):
        self.records = RecordStore()
        self.row_of = RowIndex()
        self.columns: dict[str, np.ndarray] = {}
        self.matrices: dict[str, sp.csr_matrix] = {}
        # Businesses' needs one by one: row r's are items[item_ptr[r]:item_ptr[r + 1]].
        self.items: sp.csr_matrix | None = None
        self.item_ptr = np.zeros(1, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.records)

    def rows_for(self, ids) -> np.ndarray:
        return np.array([self.row_of[i] for i in ids if i in self.row_of], dtype=np.int64)

    def build(self, records: list, columns: dict, matrices: dict) -> None:
        """Take `records` with their columns and text matrices (rows in the same order)."""
        self.records = RecordStore(records)
        self.row_of = RowIndex([r.id for r in records])
        self.columns = {**columns, "alive": np.ones(len(records), dtype=bool)}
        self.matrices = {key: sp.csr_matrix(matrix) for key, matrix in matrices.items()}

    def set_items(self, items: sp.csr_matrix, ptr: np.ndarray) -> None:
        """Take each row's items (rows of `items`; row r's are ptr[r]:ptr[r + 1])."""
        self.items, self.item_ptr = sp.csr_matrix(items), np.asarray(ptr, dtype=np.int64)

    def item_rows(self, rows) -> tuple[np.ndarray, np.ndarray]:
        """The item rows of `rows`, in order, and how many each of `rows` has."""
        rows = np.asarray(rows, dtype=np.int64)
        starts, ends = self.item_ptr[rows], self.item_ptr[rows + 1]
        sizes = ends - starts
        within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return np.repeat(starts, sizes) + within, sizes

    def append(self, record, doc: dict, vectors: dict[str, sp.csr_matrix], is_business: bool):
        """Add a record (new or edited) with its text `vectors` (one row per key); the
        previous row of the same id is retired. Returns the new row."""
        old = self.row_of.get(record.id)
        if old is not None:
            self.columns["alive"][old] = False
        row = len(self.records)
        self.records.append(record)
        self.row_of[record.id] = row
        new = _columns([record], [doc], is_business)
        new["alive"] = np.ones(1, dtype=bool)
        for name, values in new.items():
            self.columns[name] = np.concatenate([self.columns[name], values])
        for key, matrix in self.matrices.items():
            self.matrices[key] = sp.vstack([matrix, vectors[key]], format="csr")
        if self.items is not None:
            new_items = vectors[ITEMS]
            self.items = sp.vstack([self.items, new_items], format="csr")
            self.item_ptr = np.append(self.item_ptr, self.item_ptr[-1] + new_items.shape[0])
        return row

    def retire(self, record_id: int) -> None:
        row = self.row_of.pop(record_id, None)
        if row is not None:
            self.columns["alive"][row] = False

    def term_ids(self, key: str, row: int, below: int | None = None) -> np.ndarray:
        """Column ids of the terms in one row's text under `key` (those below `below`:
        the canonical terms, when it is the canonical vocabulary's size)."""
        matrix = self.matrices[key]
        ids = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
        return ids if below is None else ids[ids < below]


def _columns(records: list, docs: list[dict], is_business: bool) -> dict[str, np.ndarray]:
    def floats(values):
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)

    columns = {
        "lat": np.array([r.lat for r in records], dtype=np.float64),
        "lon": np.array([r.lon for r in records], dtype=np.float64),
        "kbli": kbli_levels([r.kbli for r in records]).reshape(len(records), 4),
        "sector": np.array([sector_index(r.kbli) for r in records], dtype=np.int64),
    }
    if is_business:
        columns.update(
            trades=np.array(
                [
                    trade_mask(r.tags or trades_of_terms(d["work"]) or [r.trade])
                    for r, d in zip(records, docs, strict=True)
                ],
                dtype=np.int64,
            ),
            topics=np.array([topic_mask(d["needs"]) for d in docs], dtype=np.int64),
            capacity=floats(r.capacity_per_month for r in records),
            employees=floats(r.employees for r in records),
            accepting=np.array([r.accepting for r in records], dtype=bool),
            place=np.array([place_id(r.kecamatan) for r in records], dtype=np.int64),
            holds=_sets(frozenset(d["holds"]) for d in docs),
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
            areas=_areas(records),
            requires=_sets(frozenset(d["requires"]) for d in docs),
            asks=_sets(frozenset(d["asks"]) for d in docs),
        )
    return columns


def _sets(values) -> np.ndarray:
    """An object array of frozensets (concatenates like any column). Equal sets are one
    object, stored once in a saved model and built once by each worker that loads it."""
    one_of: dict[frozenset, frozenset] = {}
    values = [one_of.setdefault(v, v) for v in values]
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def place_id(kecamatan: str) -> int:
    """A stable number for a kecamatan name (case and spacing ignored)."""
    return zlib.crc32(" ".join(kecamatan.lower().split()).encode())


def _areas(records: list) -> np.ndarray:
    """Per offer, the place ids it is limited to (an empty set: everywhere)."""
    return _sets(frozenset(place_id(a) for a in r.areas) for r in records)
