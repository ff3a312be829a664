"""Incremental refit: a fitted model brought up to date with the profiles that changed.

A full fit learns the vocabulary, the idf weights, the SVD projections and the k-means
centroids from every profile; after a small share of profiles changed, those barely
move. A refit keeps them and redoes only what depends on the rows: the changed rows are
encoded with the fitted text space, both sides are rebuilt without retired rows
(compaction: an edit since the fit appended a row and retired its old one), each index
keeps its kept rows' reduced vectors in their groups and assigns the new rows to their
nearest centroid, rare-term postings are carried over and extended, and the hub means
are measured again over the new sides. Terms that appear only in new text are unknown
to the fitted vocabulary, as they are to `update_business`; a periodic full fit learns
them.
"""

import copy

import numpy as np
import scipy.sparse as sp

from ml import hubs, retrieval
from ml.docs import ITEM
from ml.encode import merge
from ml.index import project
from ml.learn import fit_combiner
from ml.side import (
    BUSINESS_KEYS,
    BUSINESS_TEXTS,
    ITEMS,
    OFFER_KEYS,
    OFFER_TEXTS,
    Side,
    encode_businesses,
    encode_offers,
)
from ml.store import RowIndex


def refit(model, businesses, offers, removed_businesses, removed_offers, decisions, in_parallel):
    """A new model: `model`'s fitted text space and index geometry, with `businesses` and
    `offers` (new or edited records) in, the removed ids out and retired rows dropped."""
    new = copy.copy(model)
    b_map, new.businesses_ = _side(
        model, model.businesses_, businesses, removed_businesses, True, in_parallel
    )
    o_map, new.offers_ = _side(model, model.offers_, offers, removed_offers, False, in_parallel)
    new.hubs_ = hubs.Hubs().fit(new)
    new.indexes_ = {}
    for name, index in model.indexes_.items():
        mapping = b_map if name.startswith("business") else o_map
        new.indexes_[name] = _reindex(new, name, index, mapping)
    missing = [name for name in retrieval.INDEXES if name not in new.indexes_]
    new.indexes_ |= retrieval.build(new, lambda message: None, missing)
    new.combiners_, new.training_report_ = fit_combiner(new, list(decisions))
    return new


def _side(model, side: Side, changed: list, removed, is_business: bool, in_parallel):
    """(old row → new row, -1 when gone; the compacted side with `changed` appended)."""
    alive = side.columns["alive"].copy()
    for record_id in [*(r.id for r in changed), *removed]:
        row = side.row_of.get(record_id)
        if row is not None:
            alive[row] = False
    kept = np.flatnonzero(alive)
    mapping = np.full(len(side), -1, dtype=np.int64)
    mapping[kept] = np.arange(kept.size)
    columns, matrices, items = _encode(model, changed, is_business, in_parallel)
    ids = np.full(len(side), -1, dtype=np.int64)
    for record_id, row in side.row_of.items():
        ids[row] = record_id
    new = Side()
    new.records = side.records.take(kept, changed)  # kept records copied as bytes
    new.row_of = RowIndex(np.concatenate([ids[kept], [r.id for r in changed]]).astype(np.int64))
    new.columns = {
        **{name: np.concatenate([side.columns[name][kept], columns[name]]) for name in columns},
        "alive": np.ones(kept.size + len(changed), dtype=bool),
    }
    new.matrices = {
        key: _rows_then(matrix, kept, matrices[key]) for key, matrix in side.matrices.items()
    }
    if is_business:
        item_rows, sizes = side.item_rows(kept)
        new_items, ptr = items
        kept_ptr = np.zeros(kept.size + 1, dtype=np.int64)
        np.cumsum(sizes, out=kept_ptr[1:])
        new.set_items(
            _rows_then(side.items, item_rows, new_items),
            np.concatenate([kept_ptr, kept_ptr[-1] + ptr[1:]]),
        )
    return mapping, new


def _rows_then(matrix: sp.csr_matrix, kept: np.ndarray, new: sp.csr_matrix) -> sp.csr_matrix:
    """The `kept` rows of `matrix` (ascending), then the rows of `new`: copied run by run
    of consecutive kept rows, so a million rows less a few are copied once."""
    new = sp.csr_matrix(new, dtype=matrix.dtype)
    sizes = np.concatenate([matrix.indptr[kept + 1] - matrix.indptr[kept], np.diff(new.indptr)])
    indptr = np.zeros(sizes.size + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    data = np.empty(int(indptr[-1]), dtype=matrix.dtype)
    indices = np.empty(int(indptr[-1]), dtype=np.result_type(matrix.indices, new.indices))
    breaks = np.flatnonzero(np.diff(kept) != 1) + 1
    for a, b in zip(np.r_[0, breaks], np.r_[breaks, kept.size], strict=True):
        if a == b:
            continue
        source = slice(matrix.indptr[kept[a]], matrix.indptr[kept[b - 1] + 1])
        target = slice(indptr[a], indptr[b])
        data[target], indices[target] = matrix.data[source], matrix.indices[source]
    tail = int(indptr[kept.size])
    data[tail:], indices[tail:] = new.data, new.indices
    shape = (sizes.size, matrix.shape[1])
    return sp.csr_matrix((data, indices, indptr), shape=shape, copy=False)


def _encode(model, records: list, is_business: bool, in_parallel):
    """Columns, text matrices and (businesses) need items of new records, in the fitted
    text space."""
    encode = encode_businesses if is_business else encode_offers
    vocabulary: dict[str, int] = {}
    keys = BUSINESS_TEXTS if is_business else OFFER_TEXTS
    texts, columns = merge(in_parallel(encode, records), vocabulary, keys)
    for record in records:  # encoded: the model keeps the records, not their docs
        record.docs = None
    keys = BUSINESS_KEYS if is_business else OFFER_KEYS
    matrices = {key: model.space_.transform(texts, vocabulary, key) for key in keys}
    items = None
    if is_business:
        items_texts = {"canon": texts[ITEMS], "raw": texts[f"raw:{ITEMS}"]}
        items = model.space_.items(items_texts, vocabulary, "needs", ITEM)
    else:
        matrices["text"] = hubs.offer_text(matrices, columns["kind"], model)
    return columns, matrices, items


def _reindex(new, name: str, index, mapping: np.ndarray):
    """The index over the new side: kept rows stay in their groups with their reduced
    vectors, rows added since the fit and new rows go to their nearest centroid."""
    out = copy.copy(index)
    members = mapping[index.members_]
    stay = members >= 0
    extra = mapping[index.extra_rows_]
    extra_kept = extra >= 0
    wanted = retrieval.rows_of(new, name)
    side_size = len(new.businesses_ if name.startswith("business") else new.offers_)
    first_new = int((mapping >= 0).sum())
    added = np.arange(first_new, side_size)
    if wanted is not None:
        added = added[np.isin(added, wanted)]
    added_vectors = project(out.projection_, retrieval.matrix_of(new, name, added))
    moved_rows = np.concatenate([extra[extra_kept], added])
    moved_vectors = np.vstack([index.extra_vectors_[extra_kept], added_vectors])
    moved_labels = (
        np.argmax(moved_vectors @ index.centroids_.T, axis=1)
        if moved_rows.size
        else np.zeros(0, dtype=np.int64)
    )
    out.members_, out.vectors_, out.offsets_ = _regroup(
        index, members, stay, moved_rows, moved_vectors, moved_labels
    )
    out.extra_rows_ = np.empty(0, dtype=np.int64)
    out.extra_vectors_ = np.empty((0, index.vectors_.shape[1]), dtype=np.float32)
    out.rare_terms_ = _rare_terms(new, name, index.rare_terms_, mapping, moved_rows)
    return out


def _regroup(index, members, stay, moved_rows, moved_vectors, moved_labels):
    """(members, vectors, offsets) with each group's kept rows, then its moved rows:
    written group by group into one new array, so the million reduced vectors are
    copied once (not gathered, stacked and sorted)."""
    n_lists = len(index.offsets_) - 1
    kept_before = np.zeros(stay.size + 1, dtype=np.int64)
    np.cumsum(stay, out=kept_before[1:])
    kept_sizes = kept_before[index.offsets_[1:]] - kept_before[index.offsets_[:-1]]
    by_label = np.argsort(moved_labels, kind="stable")
    moved_sizes = np.bincount(moved_labels, minlength=n_lists).astype(np.int64)
    offsets = np.zeros(n_lists + 1, dtype=np.int64)
    np.cumsum(kept_sizes + moved_sizes, out=offsets[1:])
    rows = np.empty(int(offsets[-1]), dtype=np.int64)
    vectors = np.empty((int(offsets[-1]), index.vectors_.shape[1]), dtype=np.float32)
    moved_at = 0
    for group in range(n_lists):
        a, b = index.offsets_[group], index.offsets_[group + 1]
        start, kept = offsets[group], kept_sizes[group]
        if kept == b - a:
            vectors[start : start + kept] = index.vectors_[a:b]
        elif kept:
            vectors[start : start + kept] = index.vectors_[a:b][stay[a:b]]
        rows[start : start + kept] = members[a:b][stay[a:b]]
        taken = by_label[moved_at : moved_at + moved_sizes[group]]
        moved_at += moved_sizes[group]
        vectors[start + kept : offsets[group + 1]] = moved_vectors[taken]
        rows[start + kept : offsets[group + 1]] = moved_rows[taken]
    return rows, vectors, offsets


def _rare_terms(new, name: str, rare, mapping: np.ndarray, moved_rows: np.ndarray):
    """The rare-term postings over the new side: kept rows' entries carried over, the
    rows added since the fit and the new rows' entries of the same rare terms added."""
    out = copy.copy(rare)
    local = mapping[rare.rows_]
    stay = local >= 0
    by_row = sp.csr_matrix(rare.postings_.T)[np.flatnonzero(stay)]
    moved = sp.csr_matrix(retrieval.matrix_of(new, name, moved_rows), dtype=np.float32)
    moved.data = moved.data * rare.rare_[moved.indices]  # only the rare terms' entries
    moved.eliminate_zeros()
    stacked = sp.vstack([by_row, moved], format="csr", dtype=np.float32)
    out.postings_ = sp.csr_matrix(stacked.T)
    out.rows_ = np.concatenate([local[stay], moved_rows])
    return out
