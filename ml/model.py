"""PartnerModel: suggestions in both directions, for both kinds, with reasons.

Follows scikit-learn's estimator contract: `__init__` stores parameters, `fit`
returns self, learned state ends with `_`, and prediction checks it was fitted.
"""

import multiprocessing
import os
import platform
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import scipy
import sklearn
from sklearn.exceptions import NotFittedError

from ml import explain
from ml.encode import counts, merge, tfidf
from ml.features import DEFAULT_WEIGHTS, FEATURES, pair_features
from ml.index import IVFIndex, project, project_row
from ml.learn import fit_combiner
from ml.reasons import Reason
from ml.records import KINDS, BusinessRecord, OfferRecord
from ml.side import COMPOSED, Side, business_docs, encode_businesses, encode_offers, offer_docs

PARALLEL_FROM = 100_000  # below this, starting processes costs more than it saves
FORMAT_VERSION = 3  # bump whenever the fitted state changes shape


def library_versions() -> dict[str, str]:
    """The versions a saved model must be loaded with."""
    return {
        "format": str(FORMAT_VERSION),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "sklearn": sklearn.__version__,
    }


@dataclass
class Suggestion:
    """One suggested pair, with its score, the features behind it and its reasons."""

    kind: str
    business_id: int
    company_id: int
    offer_id: int
    score: float
    features: dict[str, float] = field(default_factory=dict)
    reasons: list[Reason] = field(default_factory=list)
    fallback: str | None = None  # why the suggestion rests on weaker signals, if it does


class PartnerModel:
    """Suggests partners between small businesses and companies' offers.

    Parameters
    ----------
    exact_limit : int
        Up to this many rows on the searched side, every row is scored; above it,
        candidates come from an IVF index over SVD-reduced text vectors.
    candidates : int
        Candidates retrieved from the index per query.
    n_components : int
        Dimensions of the reduced vectors (large sides only).
    n_probe : int
        Index groups searched per query.
    min_decisions : int
        Labelled decisions needed before a learned combination is tried.
    random_state : int
        Seed for sampling, SVD and k-means.
    n_jobs : int
        Processes for normalising text on large inputs; -1 for one per core.
    """

    def __init__(
        self,
        exact_limit: int = 20_000,
        candidates: int = 400,
        n_components: int = 96,
        n_probe: int = 16,
        min_decisions: int = 40,
        random_state: int = 0,
        n_jobs: int = -1,
    ):
        self.exact_limit = exact_limit
        self.candidates = candidates
        self.n_components = n_components
        self.n_probe = n_probe
        self.min_decisions = min_decisions
        self.random_state = random_state
        self.n_jobs = n_jobs

    # --- fitting -----------------------------------------------------------------------------

    def fit(
        self,
        businesses: list[BusinessRecord],
        offers: list[OfferRecord],
        decisions=(),
        progress=None,
    ) -> "PartnerModel":
        """Learn the vocabulary, index both sides, and learn from decisions if there are enough.

        `decisions` holds (business_id, offer_id, kind, label) with label 1 or 0;
        `progress`, if given, is called with a short message at each stage.
        """
        say = progress or (lambda message: None)
        say("normalising text")
        business_parts = _in_parallel(encode_businesses, businesses, self.n_jobs)
        offer_parts = _in_parallel(encode_offers, offers, self.n_jobs)
        say("fitting the vocabulary")
        vocabulary: dict[str, int] = {}
        b_keys = [*KINDS, "raw:subcontracting", "raw:needs"]
        b_texts, b_columns = merge(business_parts, vocabulary, b_keys)
        o_texts, o_columns = merge(offer_parts, vocabulary, ["offer", "raw:offer"])
        del business_parts, offer_parts
        b_counts = {key: counts(b_texts.pop(key), len(vocabulary)) for key in b_keys}
        for key, parts in COMPOSED.items():
            b_counts[key] = sum((b_counts[part] for part in parts[1:]), b_counts[parts[0]])
        del b_counts["raw:needs"]
        min_df = 2 if len(businesses) + len(offers) > 25_000 else 1
        self.vectorizers_, b_matrices, o_matrices = {}, {}, {}
        # One vocabulary per view over every text of both sides, as one corpus.
        for view, prefix in (("canon", ""), ("raw", "raw:")):
            blocks = [b_counts.pop(prefix + kind) for kind in KINDS]
            blocks.append(counts(o_texts.pop(prefix + "offer"), len(vocabulary)))
            matrices, self.vectorizers_[view] = tfidf(blocks, vocabulary, min_df)
            b_matrices |= {prefix + kind: m for kind, m in zip(KINDS, matrices, strict=False)}
            o_matrices[prefix + "offer"] = matrices[-1]
        self.vectorizer_ = self.vectorizers_["canon"]
        self.terms_ = self.vectorizer_.get_feature_names_out()
        say("building arrays")
        self.businesses_, self.offers_ = Side(), Side()
        self.businesses_.build(businesses, b_columns, b_matrices)
        self.offers_.build(offers, o_columns, o_matrices)
        self._build_indexes(say)
        self.weights_ = {kind: dict(DEFAULT_WEIGHTS[kind]) for kind in KINDS}
        self.combiners_, self.training_report_ = fit_combiner(self, list(decisions))
        self.versions_ = library_versions()
        return self

    def _build_indexes(self, say) -> None:
        from sklearn.decomposition import TruncatedSVD

        self.projections_, self.indexes_ = {}, {}
        sides = [("offer", self.offers_, "offer")]
        sides += [(f"business:{k}", self.businesses_, k) for k in KINDS]
        for name, side, matrix_key in sides:
            if len(side) <= self.exact_limit:
                continue
            say(f"indexing {name} ({len(side):,} rows)")
            matrix = side.matrices[matrix_key]
            rng = np.random.default_rng(self.random_state)
            sample = rng.choice(matrix.shape[0], size=min(matrix.shape[0], 100_000), replace=False)
            components = max(1, min(self.n_components, matrix.shape[1] - 1))
            svd = TruncatedSVD(components, n_iter=3, random_state=self.random_state)
            svd.fit(matrix[sample])
            # Queries project through the components' transpose, kept C-ordered in float32:
            # a query reads only its own terms' rows of it.
            projection = np.ascontiguousarray(svd.components_.T, dtype=np.float32)
            self.projections_[name] = projection
            index = IVFIndex(
                n_lists=max(16, int(np.sqrt(len(side)))),
                n_probe=self.n_probe,
                random_state=self.random_state,
            )
            self.indexes_[name] = index.fit(project(projection, matrix))

    # --- freshness ---------------------------------------------------------------------------

    def update_business(self, record: BusinessRecord) -> None:
        """Take in a new or edited business without refitting anything else."""
        self._check_fitted()
        row = self.businesses_.append(record, business_docs(record), self.vectorizers_, True)
        for kind in KINDS:
            self._index_row(f"business:{kind}", self.businesses_.matrices[kind], row)

    def update_offer(self, record: OfferRecord) -> None:
        """Take in a new or edited need or programme without refitting anything else."""
        self._check_fitted()
        row = self.offers_.append(record, offer_docs(record), self.vectorizers_, False)
        self._index_row("offer", self.offers_.matrices["offer"], row)

    def remove_business(self, business_id: int) -> None:
        self.businesses_.retire(business_id)

    def remove_offer(self, offer_id: int) -> None:
        self.offers_.retire(offer_id)

    def _index_row(self, name: str, matrix, row: int) -> None:
        index = self.indexes_.get(name)
        if index is not None:
            index.add([row], project_row(self.projections_[name], matrix, row)[None, :])

    # --- suggesting --------------------------------------------------------------------------

    def suggest_for_business(
        self, business_id: int, kind: str, top: int = 10, allowed_offer=None
    ) -> list[Suggestion]:
        """Companies for a business, each with its best open offer of `kind`, best first.

        `allowed_offer`, if given, is a boolean array over offer rows (filters).
        """
        self._check_fitted()
        row = self.businesses_.row_of.get(business_id)
        if row is None or kind not in KINDS:
            return []
        offers = self.offers_.columns
        mask = offers["alive"] & offers["available"] & (offers["kind"] == (kind == "mentoring"))
        if allowed_offer is not None:
            mask &= allowed_offer
        rows = self._candidates("offer", self.businesses_.matrices[kind], row, mask)
        scores, features = self._score(kind, row, rows, business_side=True)
        return explain.best_per_company(self, kind, row, rows, scores, features, top)

    def suggest_for_offer(
        self, offer_id: int, top: int = 10, allowed_business=None
    ) -> list[Suggestion]:
        """Businesses for one need or programme, best first."""
        self._check_fitted()
        row = self.offers_.row_of.get(offer_id)
        if row is None:
            return []
        return self._businesses_for_rows(np.array([row]), top, allowed_business)

    def suggest_for_company(
        self, company_id: int, kind: str, top: int = 10, allowed_business=None
    ) -> list[Suggestion]:
        """Businesses for a company's open offers of `kind`, each once with its best offer."""
        self._check_fitted()
        offers = self.offers_.columns
        rows = np.flatnonzero(
            offers["alive"]
            & offers["available"]
            & (offers["company"] == company_id)
            & (offers["kind"] == (kind == "mentoring"))
        )
        return self._businesses_for_rows(rows, top, allowed_business) if rows.size else []

    def _businesses_for_rows(self, offer_rows, top, allowed_business) -> list[Suggestion]:
        """The best businesses over one or more offer rows, each business once (with the
        offer it fits best); reasons are written only for the businesses returned."""
        columns = self.businesses_.columns
        mask = columns["alive"] & columns["accepting"]
        if allowed_business is not None:
            mask &= allowed_business
        pooled = []  # (score, business row, offer row, kind, features)
        for kind, kind_rows, found in self._candidates_per_offer(offer_rows, mask):
            for offer_row, rows in zip(kind_rows, found, strict=True):
                scores, features = self._score(kind, offer_row, rows, business_side=False)
                for i in np.argsort(-scores, kind="stable")[:top]:
                    pooled.append(
                        (float(scores[i]), int(rows[i]), int(offer_row), kind, features[i])
                    )
        chosen, seen = [], set()
        for score, b_row, o_row, kind, feature_row in sorted(pooled, key=lambda p: -p[0]):
            if b_row not in seen:
                seen.add(b_row)
                chosen.append(explain.pair(self, kind, b_row, o_row, score, feature_row))
                if len(chosen) == top:
                    break
        return chosen

    def _candidates_per_offer(self, offer_rows, mask):
        """(kind, offer rows, candidate business rows of each) per kind. Several offers of
        one company split the candidate budget and the index groups probed between them:
        the company wants the best businesses for any of its offers, not each offer's
        full list."""
        kinds = self.offers_.columns["kind"][offer_rows]
        matrix = self.offers_.matrices["offer"]
        for kind, is_mentoring in (("subcontracting", False), ("mentoring", True)):
            rows = np.asarray(offer_rows)[kinds == is_mentoring]
            if rows.size:
                budget = max(self.candidates // len(rows), min(self.candidates, 100))
                probes = max(4, self.n_probe // len(rows))
                name = f"business:{kind}"
                found = [self._candidates(name, matrix, r, mask, budget, probes) for r in rows]
                yield kind, rows, found

    def explain(self, business_id: int, offer_id: int) -> Suggestion | None:
        """Score and reasons for one given pair, whatever its rank."""
        self._check_fitted()
        b_row = self.businesses_.row_of.get(business_id)
        o_row = self.offers_.row_of.get(offer_id)
        if b_row is None or o_row is None:
            return None
        kind = "mentoring" if self.offers_.columns["kind"][o_row] else "subcontracting"
        scores, features = self._score(kind, b_row, np.array([o_row]), business_side=True)
        return explain.pair(self, kind, b_row, o_row, float(scores[0]), features[0])

    def pair_features(self, kind: str, business_row: int, offer_rows: np.ndarray) -> np.ndarray:
        """Feature matrix of one business row against offer rows (used for learning)."""
        return self._features(kind, business_row, offer_rows, business_side=True)

    def _candidates(
        self, index_name: str, matrix, row: int, mask: np.ndarray, k=None, probes=None
    ) -> np.ndarray:
        """Rows worth scoring for one query row of `matrix`: all allowed rows of a small
        side (or for a query without terms), else the index's nearest allowed rows."""
        index = self.indexes_.get(index_name)
        if index is None or matrix.indptr[row] == matrix.indptr[row + 1]:
            return np.flatnonzero(mask)
        query = project_row(self.projections_[index_name], matrix, row)
        return index.search(query, k or self.candidates, mask, probes)

    def _features(self, kind, row, rows, business_side: bool) -> np.ndarray:
        b_side, o_side = self.businesses_, self.offers_
        b_rows, o_rows = ([row], rows) if business_side else (rows, [row])
        b, o = _pick(b_side.columns, b_rows), _pick(o_side.columns, o_rows)

        def cosine(b_key: str, o_key: str) -> np.ndarray:
            if business_side:
                query, searched = b_side.matrices[b_key], o_side.matrices[o_key]
            else:
                query, searched = o_side.matrices[o_key], b_side.matrices[b_key]
            dense = np.zeros(query.shape[1], dtype=np.float32)
            span = slice(query.indptr[row], query.indptr[row + 1])
            dense[query.indices[span]] = query.data[span]
            return _row_dots(searched, np.asarray(rows), dense)

        text = cosine(kind, "offer")
        words = cosine(f"raw:{kind}", "raw:offer")
        return pair_features(kind, text, words, b, o)

    def _score(self, kind, row, rows, business_side: bool):
        if len(rows) == 0:
            return np.empty(0), np.empty((0, len(FEATURES[kind])))
        features = self._features(kind, row, rows, business_side)
        combiner = self.combiners_.get(kind)
        if combiner is not None:
            return combiner.predict_proba(features)[:, 1], features
        weights = np.array([self.weights_[kind][name] for name in FEATURES[kind]], dtype=np.float32)
        return features @ weights, features

    def _check_fitted(self) -> None:
        if not hasattr(self, "vectorizer_"):
            raise NotFittedError("PartnerModel is not fitted yet; call fit() first.")


_WORK: tuple = ()  # (function, items) for forked workers, which inherit it


def _in_parallel(function, items: list, n_jobs: int, chunk: int = 25_000) -> list:
    """function(block) for consecutive blocks of items, across processes when there are
    many. Workers are forked after `items` is set aside, so they read it from memory
    they share with the parent instead of receiving it pickled."""
    global _WORK
    workers = (os.cpu_count() or 1) if n_jobs < 1 else n_jobs
    spans = [(i, i + chunk) for i in range(0, len(items), chunk)] or [(0, 0)]
    if workers == 1 or len(items) < PARALLEL_FROM:
        return [function(items[a:b]) for a, b in spans]
    _WORK = (function, items)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run_span, spans))
    finally:
        _WORK = ()


def _run_span(span: tuple[int, int]):
    function, items = _WORK
    return function(items[span[0] : span[1]])


def _row_dots(matrix, rows: np.ndarray, dense: np.ndarray) -> np.ndarray:
    """matrix[rows] @ dense for a CSR matrix, reading the rows' entries in place: no
    sub-matrix is built (scipy's row selection costs more than the products here)."""
    starts, ends = matrix.indptr[rows], matrix.indptr[rows + 1]
    lengths = ends - starts
    owner = np.repeat(np.arange(len(rows)), lengths)
    positions = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths - starts, lengths)
    products = matrix.data[positions] * dense[matrix.indices[positions]]
    return np.bincount(owner, weights=products, minlength=len(rows)).astype(np.float32)


def _pick(columns: dict, rows) -> dict:
    return {name: values[rows] for name, values in columns.items()}
