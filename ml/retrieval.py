"""Finding the candidates a query's full scoring looks at.

Up to `exact_limit` rows a side has no index: every allowed row is a candidate. Above
it, candidates are found in three steps, each cheaper per row than the next:

1. a *pool* from IVF indexes over SVD-reduced text vectors (ml.index): offers' texts;
   businesses' work; and, for mentoring, businesses' needs as well, since a programme
   must answer what a business asked for and a programme with several topics has its
   best businesses spread over many groups of the work index;
2. a *shortlist*: the pool's exact text scores, computed in the full sparse space
   (scipy's own row gathering and products), keep the best `candidates`;
3. the full scoring of the shortlist (ml.scoring.rank).

The shortlist also trims a small side scored without an index, so a query never runs
the full scoring over more than `candidates` rows. With `exhaustive` set on the model
(the benchmark's reference), every allowed row is scored in full instead.
"""

import numpy as np

from ml.index import build_index, project_row
from ml.scoring import combine_text, text_dots
from ml.vectors import dense_row

INDEXES = ("offer", "business:work", "business:needs")


def build(model, say) -> dict:
    """The indexes of the sides larger than the model's exact_limit."""
    indexes = {}
    for name in INDEXES:
        matrix = matrix_of(model, name)
        if matrix.shape[0] > model.exact_limit and matrix.nnz:
            say(f"indexing {name} ({matrix.shape[0]:,} rows)")
            indexes[name] = build_index(model, name, matrix)
    return indexes


def matrix_of(model, name: str):
    """The rows an index searches."""
    if name == "offer":
        return model.offers_.matrices["text"]
    return model.businesses_.matrices[name.split(":")[1]]


def add_row(model, name: str, row: int) -> None:
    """Make a new or edited row searchable at once."""
    index = model.indexes_.get(name)
    if index is not None:
        vector = project_row(index.projection_, matrix_of(model, name), row)
        index.add([row], vector[None, :])


def offers_for(model, kind: str, row: int, mask: np.ndarray) -> np.ndarray:
    """Offer rows worth scoring in full for one business row."""
    query = business_query(model, kind, row)
    pool = _pool(model, ["offer"], query, mask, model.pool, model.n_probe)
    return _shortlist(model, kind, row, pool, business_side=True)


def businesses_for(model, kind: str, row: int, mask, pool=None, probes=None) -> np.ndarray:
    """Business rows worth scoring in full for one offer row."""
    query = dense_row(model.offers_.matrices["text"], row)
    names = ["business:work"] + (["business:needs"] if kind == "mentoring" else [])
    found = _pool(model, names, query, mask, pool or model.pool, probes or model.n_probe)
    return _shortlist(model, kind, row, found, business_side=False)


def business_query(model, kind: str, row: int) -> np.ndarray:
    """A business's vector for searching offers: its work, or for mentoring the mean of
    its work and its needs."""
    query = dense_row(model.businesses_.matrices["work"], row)
    if kind == "mentoring":
        query = dense_row(model.businesses_.matrices["needs"], row, query) * 0.5
    return query


def _pool(model, names: list[str], query: np.ndarray, mask, k: int, probes: int):
    """Allowed rows near the query in each named index that exists (all allowed rows on
    a side without an index)."""
    indexes = [model.indexes_[name] for name in names if name in model.indexes_]
    if getattr(model, "exhaustive", False) or not indexes or not query.any():
        return np.flatnonzero(mask)
    found = [index.search(index.reduce(query), k, mask, probes) for index in indexes]
    if len(found) == 1:
        return found[0]
    union = np.zeros(mask.size, dtype=bool)
    for rows in found:
        union[rows] = True
    return np.flatnonzero(union)


def _shortlist(model, kind: str, row: int, pool: np.ndarray, business_side: bool):
    """The pool's rows with the best exact text scores (without hub offsets or side
    signals, which the full scoring adds), at most model.candidates of them."""
    keep = model.candidates
    if getattr(model, "exhaustive", False) or pool.size <= keep:
        return pool
    scores = exact_text(model, kind, row, pool, business_side)
    best = np.argpartition(-scores, keep - 1)[:keep]
    return pool[np.sort(best)]


def exact_text(model, kind: str, row: int, rows, business_side: bool) -> np.ndarray:
    """The text scores of ml.scoring before hub offsets: the cheap exact step between the
    index and the full scoring."""
    return combine_text(model, kind, text_dots(model, kind, row, rows, business_side))
