"""Finding the candidates a query's full scoring looks at.

Up to `exact_limit` rows a side has no index: every allowed row is a candidate. Above
it, candidates are found in three steps, each cheaper per row than the next:

1. a *pool*: the rows near the query in an IVF index over SVD-reduced text vectors
   (ml.index), one index per kind and side — offers of the kind; businesses' work, and
   for mentoring the mean of their work and their needs (the geometric mean the model
   scores is at most that arithmetic mean) — together with the rows that share the
   query's rare terms, found exactly (ml.index.RareTerms), and every row edited since
   the fit;
2. a *shortlist*: the pool's exact text scores, computed in the full sparse space
   (scipy's own row gathering and products), keep the best `candidates`;
3. the full scoring of the shortlist (ml.scoring.rank).

The shortlist also trims a small side scored without an index, so a query never runs
the full scoring over more than `candidates` rows. With `exhaustive` set on the model
(the benchmark's reference), every allowed row is scored in full instead.
"""

import numpy as np
import scipy.sparse as sp

from ml.hubs import business_vectors
from ml.index import RareTerms, build_index, project_row
from ml.records import KINDS
from ml.scoring import demotions, feedback_rows, text_scores
from ml.vectors import dense_row

PER_COMPANY = 3  # a company's offers kept in one business's shortlist
# A term in at most this share of an index's rows has its postings kept: a query reads
# the postings of all its rare terms, which is cheap among ~100,000 offers, not among a
# million businesses (measured with bench.matching at the full preset).
RARE_SHARE = {"offer": 0.1, "business": 0.02}
ALSO = {"business:mentoring": ("business:subcontracting",)}
INDEXES = tuple(f"{side}:{kind}" for side in ("offer", "business") for kind in KINDS)


def build(model, say, names=INDEXES) -> dict:
    """The indexes (of `names`) of the sides larger than the model's exact_limit."""
    indexes = {}
    for name in names:
        matrix, rows = matrix_of(model, name), rows_of(model, name)
        size = matrix.shape[0] if rows is None else rows.size
        if size > model.exact_limit and matrix.nnz:
            say(f"indexing {name} ({size:,} rows)")
            indexes[name] = build_index(model, name, matrix, rows)
            indexes[name].rare_terms_ = RareTerms(RARE_SHARE[name.split(":")[0]]).fit(
                matrix if rows is None else matrix[rows], rows
            )
    return indexes


def matrix_of(model, name: str, rows=None):
    """The vectors an index searches (of `rows` only, when given). A million businesses'
    work and needs together are not summed at once (ml.index reads them in blocks)."""
    side, kind = name.split(":")
    if side == "offer":
        text = model.offers_.matrices["text"]
        return text if rows is None else text[rows]
    if rows is None and kind == "mentoring":
        matrices = model.businesses_.matrices
        return RowSum(matrices["work"], matrices["needs"], 0.5)
    return business_vectors(model, kind, rows)


class RowSum:
    """(a + b) · scale, row blocks made when read: what `matrix[rows]`, `.shape` and
    ml.index need of a sparse matrix, without holding the sum."""

    def __init__(self, a, b, scale: float):
        self.a, self.b, self.scale = a, b, np.float32(scale)
        self.shape = a.shape

    @property
    def nnz(self) -> int:  # at most (entries in both are counted twice)
        return self.a.nnz + self.b.nnz

    def __getitem__(self, rows):
        return sp.csr_matrix((self.a[rows] + self.b[rows]) * self.scale, dtype=np.float32)


def rows_of(model, name: str):
    """The rows of its side an index holds (None: all of them)."""
    side, kind = name.split(":")
    if side == "offer":
        return np.flatnonzero(model.offers_.columns["kind"] == (kind == "mentoring"))
    return None


def add_row(model, name: str, row: int) -> None:
    """Make a new or edited row searchable at once."""
    index = model.indexes_.get(name)
    if index is not None:
        vector = project_row(index.projection_, matrix_of(model, name, [row]), 0)
        index.add([row], vector[None, :])


def offers_for(model, kind: str, row: int, mask: np.ndarray) -> np.ndarray:
    """Offer rows worth scoring in full for one business row."""
    query = business_query(model, kind, row)
    pool = _pool(model, f"offer:{kind}", query, mask, model.pool, model.n_probe)
    return _shortlist(model, kind, row, pool, business_side=True)


def businesses_for(model, kind: str, row: int, mask, share: int = 1) -> np.ndarray:
    """Business rows worth scoring in full for one offer row, when it is one of `share`
    offers of a company that asks for all of them at once: those split the budgets (pool,
    groups probed, shortlist) between them, since the company wants the best businesses
    for any of its offers, not each offer's full list."""
    query = dense_row(model.offers_.matrices["text"], row)
    pool = max(model.pool // share, min(model.pool, 1_000))
    probes = max(8, model.n_probe // share)
    found = _pool(model, f"business:{kind}", query, mask, pool, probes)
    keep = max(model.candidates // share, min(model.candidates, 50))
    return _shortlist(model, kind, row, found, business_side=False, keep=keep)


def feedback_for(model, kind: str, row: int, business_side: bool) -> np.ndarray:
    """The rows one query's pseudo-relevance feedback learns from when a single pair is
    scored (ml.scoring.text_dots): the best of the candidates its unfiltered list has."""
    if kind != "subcontracting" or not model.feedback_[0]:
        return np.empty(0, dtype=np.int64)
    if business_side:
        offers = model.offers_.columns
        mask = offers["alive"] & offers["available"] & (offers["kind"] == (kind == "mentoring"))
        rows = offers_for(model, kind, row, mask)
    else:
        columns = model.businesses_.columns
        rows = businesses_for(model, kind, row, columns["alive"] & columns["accepting"])
    return feedback_rows(model, kind, row, rows, business_side)


def business_query(model, kind: str, row: int) -> np.ndarray:
    """A business's vector for searching offers: its work, or for mentoring the mean of
    its work and its needs."""
    query = dense_row(model.businesses_.matrices["work"], row)
    if kind == "mentoring":
        query = dense_row(model.businesses_.matrices["needs"], row, query) * 0.5
    return query


def _pool(model, name: str, query: np.ndarray, mask, k: int, probes: int):
    """Allowed rows near the query in the named index, those sharing its rare terms, and
    those edited since the fit (all allowed rows on a side without an index)."""
    index = model.indexes_.get(name)
    if getattr(model, "exhaustive", False) or index is None or not query.any():
        return np.flatnonzero(mask)
    edited = index.extra_rows_[mask[index.extra_rows_]]
    near = index.search(index.reduce(query), k, mask, probes)
    rare = index.rare_terms_.search(query, k // 4, mask)
    also = [
        model.indexes_[other].search(model.indexes_[other].reduce(query), k // 2, mask, probes)
        for other in ALSO.get(name, ())
        if other in model.indexes_
    ]
    found = np.sort(np.concatenate([near, rare, edited, *also]))
    return found[np.r_[True, found[1:] != found[:-1]]] if found.size else found


def _shortlist(model, kind: str, row: int, pool: np.ndarray, business_side: bool, keep=None):
    """The pool's rows with the best exact text scores (hub offsets taken off, as the
    full scoring does), less what their offers rule out, at most model.candidates of
    them: what the full scoring adds is only the side signals. A company's offers are
    looked at together, so on the business side at most PER_COMPANY of one company's
    offers are kept: the list shows each company once."""
    keep = keep or model.candidates
    if getattr(model, "exhaustive", False) or pool.size <= keep:
        return pool
    scores = text_scores(model, kind, row, pool, business_side)
    scores -= demotions(model, kind, row, pool, business_side)
    if business_side:
        order = np.argsort(-scores, kind="stable")
        order = order[_nth_of_company(model.offers_.columns["company"][pool[order]]) < PER_COMPANY]
        return np.sort(pool[order[:keep]])
    best = np.argpartition(-scores, keep - 1)[:keep]
    return pool[np.sort(best)]


def _nth_of_company(companies: np.ndarray) -> np.ndarray:
    """For each offer in a ranked list, how many offers of its company come before it."""
    grouped = np.argsort(companies, kind="stable")  # by company, rank order kept within
    ordered = companies[grouped]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    nth = np.arange(companies.size) - np.repeat(starts, np.diff(np.r_[starts, companies.size]))
    out = np.empty_like(nth)
    out[grouped] = nth
    return out
