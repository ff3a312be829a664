"""Offers' texts, and the hub correction: a candidate near everything loses its head start.

A broad profile ("we do welding, fabrication, machining, painting, repairs…") shares a
little with almost every need, so on raw similarity it could crowd every company's
list. Per-candidate centring takes off a share of each candidate's mean text score
against the rest of the other side (of the same kind of partnership): what remains is
how much better this pair fits than the candidate fits anyone. The mean cosine of a
row with every row of the other side is its dot product with their mean vector, so
the correction costs one sparse-dense product per row and text, at any scale; the
mean cosines go through the same formula as the pair's own (ml.scoring.combine_text).
"""

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from ml.records import KINDS

PARTS = ("work", "needs")  # a business's texts the scores are made of


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
    """Businesses as retrieval sees them: their work, or for mentoring the mean of their
    work and their needs."""
    side = model.businesses_.matrices
    work = side["work"] if rows is None else side["work"][rows]
    if kind == "subcontracting":
        return work
    needs = side["needs"] if rows is None else side["needs"][rows]
    return (work + needs) * 0.5


class Hubs:
    """Each row's mean cosine, per text part, with the other side, per kind."""

    def fit(self, model) -> "Hubs":
        """Measure every business and offer row of a fitted model's sides."""
        text, mentoring = model.offers_.matrices["text"], model.offers_.columns["kind"]
        businesses = model.businesses_.matrices
        self.offer_means_, self.business_means_, self.business_, self.sizes_ = {}, {}, {}, {}
        self.offer_ = np.zeros((text.shape[0], len(PARTS)), dtype=np.float32)
        self.sizes_["business"] = len(model.businesses_)
        for kind in KINDS:
            rows = np.flatnonzero(mentoring == (kind == "mentoring"))
            self.sizes_[kind] = rows.size
            self.offer_means_[kind] = _mean(text[rows], text.shape[1])
            self.business_[kind] = np.column_stack(
                [_dots(businesses[part], self.offer_means_[kind]) for part in PARTS]
            )
            means = [_mean(businesses[part], text.shape[1]) for part in PARTS]
            self.business_means_[kind] = means
            self.offer_[rows] = np.column_stack([_dots(text[rows], mean) for mean in means])
        return self

    def means(self, kind: str, rows, business_side: bool, dots: list) -> list[np.ndarray]:
        """Per text part, the candidates' mean cosine with the *other* rows of the query's
        side: without the pair being scored (`dots`, per part), which on a small market
        would cancel itself out. Offers' when a business asks, businesses' otherwise."""
        table = self.offer_[rows] if business_side else self.business_[kind][rows]
        n = self.sizes_["business" if business_side else kind]
        if n < 2:
            return [np.zeros(len(rows), dtype=np.float32) for _ in PARTS]
        return [(n * table[:, i] - dots[i]) / (n - 1) for i in range(len(PARTS))]

    def add_business(self, model, row: int) -> None:
        businesses = model.businesses_.matrices
        for kind in KINDS:
            value = [_dots(businesses[part][row], self.offer_means_[kind]) for part in PARTS]
            self.business_[kind] = np.vstack([self.business_[kind], np.column_stack(value)])

    def add_offer(self, model, row: int) -> None:
        kind = "mentoring" if model.offers_.columns["kind"][row] else "subcontracting"
        text = model.offers_.matrices["text"][row]
        value = [_dots(text, mean) for mean in self.business_means_[kind]]
        self.offer_ = np.vstack([self.offer_, np.column_stack(value)])


def _mean(matrix: sp.csr_matrix, width: int) -> np.ndarray:
    if matrix.shape[0] == 0:
        return np.zeros(width, dtype=np.float32)
    return np.asarray(matrix.mean(axis=0), dtype=np.float32).ravel()


def _dots(matrix: sp.csr_matrix, vector: np.ndarray) -> np.ndarray:
    return np.asarray(matrix @ vector, dtype=np.float32).ravel()
