"""A side's records and its id → row lookup as flat arrays, so a saved model maps them.

A million records as Python objects cost every worker of a server its own few hundred
megabytes, since unpickling builds them anew in each. Kept as arrays (each record's
pickle in one byte array with offsets; ids sorted beside their rows), they are mapped
from the model file (ml.persist) and shared by the workers; a record becomes an object
only when read (the few a suggestion explains). What changes after the fit (edited or
new profiles) lives in small per-process additions.
"""

import operator
import pickle  # records of our own model only  # nosec B403
from dataclasses import fields

import numpy as np


class RecordStore:
    """Records by row, append-only, read one at a time."""

    def __init__(self, records=()):
        records = list(records)
        # One dataclass per store: each record is kept as the pickle of its fields' values
        # (2× quicker to write than the record itself), and rebuilt from them when read.
        self._class = type(records[0]) if records else None
        blobs = self._blobs(records)
        self._bytes = np.frombuffer(b"".join(blobs), dtype=np.uint8)
        self._ends = np.cumsum([len(b) for b in blobs], dtype=np.int64)
        self._added: list = []  # records appended after the fit

    def _blobs(self, records: list) -> list[bytes]:
        if not records:
            return []
        values = operator.attrgetter(*(f.name for f in fields(self._class)))
        return [pickle.dumps(values(r), protocol=pickle.HIGHEST_PROTOCOL) for r in records]

    def take(self, rows, then=()) -> "RecordStore":
        """A new store of this one's `rows` (ascending) followed by the records `then`;
        rows stored at the fit are copied as bytes, run by run of consecutive rows (a
        compaction keeps long runs), never rebuilt as records."""
        rows, then = np.asarray(rows, dtype=np.int64), list(then)
        if np.any(np.diff(rows) <= 0):
            raise ValueError("take: rows must be ascending")
        stored = len(self._ends)
        old = rows[rows < stored]
        out = RecordStore()
        out._class = self._class or (type(then[0]) if then else None)
        starts = np.concatenate([np.zeros(1, dtype=np.int64), self._ends[:-1]])[old]
        sizes = self._ends[old] - starts
        copied = np.empty(int(sizes.sum()), dtype=np.uint8)
        breaks = np.flatnonzero(np.diff(old) != 1) + 1
        at = 0
        for a, b in zip(np.r_[0, breaks], np.r_[breaks, old.size], strict=True):
            if a < b:
                span = int(self._ends[old[b - 1]] - starts[a])
                copied[at : at + span] = self._bytes[starts[a] : starts[a] + span]
                at += span
        blobs = out._blobs([*(self._added[r - stored] for r in rows[rows >= stored]), *then])
        appended = np.frombuffer(b"".join(blobs), dtype=np.uint8)
        out._bytes = np.concatenate([copied, appended])
        ends = np.cumsum([len(b) for b in blobs], dtype=np.int64) + int(sizes.sum())
        out._ends = np.concatenate([np.cumsum(sizes, dtype=np.int64), ends])
        return out

    def __len__(self) -> int:
        return len(self._ends) + len(self._added)

    def __getitem__(self, row: int):
        row = int(row)
        stored = len(self._ends)
        if row < 0:
            row += len(self)
        if row >= stored:
            return self._added[row - stored]
        if row < 0:
            raise IndexError(row)
        start = int(self._ends[row - 1]) if row else 0
        blob = self._bytes[start : int(self._ends[row])]
        values = pickle.loads(blob.tobytes())  # noqa: S301  # our own records  # nosec B301
        return self._class(*values)

    def __iter__(self):
        return (self[row] for row in range(len(self)))

    def append(self, record) -> None:
        self._added.append(record)


class RowIndex:
    """id → row, for the fitted rows (sorted ids, searched) and the changes since."""

    def __init__(self, ids=()):
        ids = np.asarray(ids, dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        self._ids, self._rows = ids[order], order.astype(np.int64)
        self._changed: dict[int, int | None] = {}  # None: retired since the fit

    def get(self, record_id, default=None):
        if record_id in self._changed:
            row = self._changed[record_id]
            return default if row is None else row
        try:
            key = np.int64(record_id)
        except (OverflowError, TypeError, ValueError):
            return default
        at = int(np.searchsorted(self._ids, key))
        if at < len(self._ids) and self._ids[at] == key:
            return int(self._rows[at])
        return default

    def __contains__(self, record_id) -> bool:
        return self.get(record_id) is not None

    def __getitem__(self, record_id) -> int:
        row = self.get(record_id)
        if row is None:
            raise KeyError(record_id)
        return row

    def __setitem__(self, record_id: int, row: int) -> None:
        self._changed[record_id] = row

    def items(self):
        """(id, row) of every id with a row, in no particular order."""
        for record_id, row in zip(self._ids.tolist(), self._rows.tolist(), strict=True):
            if record_id not in self._changed:
                yield record_id, row
        yield from ((i, row) for i, row in self._changed.items() if row is not None)

    def pop(self, record_id, default=None):
        row = self.get(record_id)
        if row is None:
            return default
        self._changed[record_id] = None
        return row
