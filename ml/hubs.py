"""Offers' texts, and the hub correction: a candidate near everything loses its head start.

A broad profile ("we do welding, fabrication, machining, painting, repairs…") shares a
little with almost every need, so on raw similarity it crowds every company's list.
Per-candidate centring takes off each candidate's mean similarity to the whole other
side (of the same kind of partnership) before ranking: what remains is how much
better this pair fits than the candidate fits anyone. The mean similarity of a row
to all rows of the other side is its dot product with their mean vector, so the
correction costs one sparse-dense product per row, at any scale.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from ml.records import KINDS


def offer_text(matrices: dict, is_mentoring: np.ndarray, model) -> sp.csr_matrix:
    """Each offer's own text joined with its company's description, weighted per kind
    (model.company_weight_), rows of unit length."""
    weights = np.where(
        np.asarray(is_mentoring, dtype=bool),
        model.company_weight_["mentoring"],
        model.company_weight_["subcontracting"],
    ).astype(np.float32)
    mixed = sp.csr_matrix(matrices["offer"] + sp.diags(weights) @ matrices["company"])
    return normalize(mixed.astype(np.float32), copy=False) if mixed.shape[0] else mixed


def business_vectors(model, kind: str, rows=None) -> sp.csr_matrix:
    """Businesses as the text score sees them: their work, or for mentoring the mean of
    their work and their needs."""
    side = model.businesses_.matrices
    work = side["work"] if rows is None else side["work"][rows]
    if kind == "subcontracting":
        return work
    needs = side["needs"] if rows is None else side["needs"][rows]
    return (work + needs) * 0.5


class Hubs:
    """Each row's mean text similarity to the other side, per kind of partnership."""

    def fit(self, model) -> "Hubs":
        """Measure every business and offer row of a fitted model's sides."""
        offers = model.offers_
        text, mentoring = offers.matrices["text"], offers.columns["kind"]
        self.offer_means_, self.business_means_ = {}, {}
        self.business_ = {}
        self.offer_ = np.zeros(text.shape[0], dtype=np.float32)
        self.sizes_ = {"business": len(model.businesses_)}
        for kind in KINDS:
            is_kind = mentoring == (kind == "mentoring")
            self.sizes_[kind] = int(is_kind.sum())
            businesses = business_vectors(model, kind)
            self.offer_means_[kind] = _mean(text[np.flatnonzero(is_kind)], text.shape[1])
            self.business_means_[kind] = _mean(businesses, text.shape[1])
            self.business_[kind] = _dots(businesses, self.offer_means_[kind])
            self.offer_[is_kind] = _dots(text[np.flatnonzero(is_kind)], self.business_means_[kind])
        return self

    def offsets(self, kind: str, rows, business_side: bool, text: np.ndarray) -> np.ndarray:
        """Offsets of candidate rows (offers' when a business asks, businesses' otherwise):
        their mean similarity to the *other* rows of the query's side, that is without the
        pair being scored (`text`), which on a small market would cancel itself out."""
        means = self.offer_[rows] if business_side else self.business_[kind][rows]
        n = self.sizes_["business" if business_side else kind]
        if n < 2:
            return np.zeros_like(means)
        return (n * means - text) / (n - 1)

    def add_business(self, model, row: int) -> None:
        for kind in KINDS:
            value = _dots(business_vectors(model, kind, [row]), self.offer_means_[kind])
            self.business_[kind] = np.concatenate([self.business_[kind], value])

    def add_offer(self, model, row: int) -> None:
        kind = "mentoring" if model.offers_.columns["kind"][row] else "subcontracting"
        value = _dots(model.offers_.matrices["text"][row], self.business_means_[kind])
        self.offer_ = np.concatenate([self.offer_, value])


def _mean(matrix: sp.csr_matrix, width: int) -> np.ndarray:
    if matrix.shape[0] == 0:
        return np.zeros(width, dtype=np.float32)
    return np.asarray(matrix.mean(axis=0), dtype=np.float32).ravel()


def _dots(matrix: sp.csr_matrix, vector: np.ndarray) -> np.ndarray:
    return np.asarray(matrix @ vector, dtype=np.float32).ravel()
