"""PartnerModel: suggestions in both directions, for both kinds, with reasons.

Follows scikit-learn's estimator contract: `__init__` stores parameters, `fit`
returns self, learned state ends with `_`, and prediction checks it was fitted.

Text is the backbone of every ranking (ml.vectors): a business's work against a
need joined with what its company makes; a business's mentoring needs and its work
against a programme. A company is scored by its best matching offer. Candidates that
are near everything lose their head start (ml.hubs), side signals move a ranking only
standardised and weighted by cross-validation (ml.features), and each suggestion
carries a calibrated match probability and its band (ml.calibrate).
"""

import ctypes
import gc
import multiprocessing
import os
import platform
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

import numpy as np
import scipy
import sklearn
from sklearn.exceptions import NotFittedError

from ml import explain, hubs, retrieval, scoring
from ml.calibrate import Calibration
from ml.docs import ITEM
from ml.encode import merge
from ml.features import DEFAULT_SIDE_WEIGHTS
from ml.learn import fit_combiner
from ml.reasons import Reason
from ml.records import KINDS, BusinessRecord, OfferRecord
from ml.refit import refit as refit_model
from ml.side import (
    BUSINESS_KEYS,
    ITEMS,
    OFFER_KEYS,
    Side,
    business_docs,
    encode_businesses,
    encode_offers,
    offer_docs,
)
from ml.vectors import fit_space

PARALLEL_FROM = 100_000  # below this, starting processes costs more than it saves
FORMAT_VERSION = 6  # bump whenever the fitted state changes shape
# How much of the company's own description joins an offer's text, per kind (chosen by
# company-grouped cross-validation on the judged sets: bench.tune, README "Matching").
COMPANY_WEIGHT = {"subcontracting": 0.25, "mentoring": 0.0}
# How much of a candidate's mean text score against the other side is taken off
# (bench.tune: best on all folds, about the same as none on the tuning sets, and a
# guard against a broad profile that would crowd every list).
HUB_WEIGHT = 0.5
PIVOT_SLOPE = 0.7  # chosen by bench.tune among 1 (plain cosine), 0.85, 0.7 and 0.5


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
    """One suggested pair: its calibrated match probability (`score`), band, the features
    behind it and its reasons."""

    kind: str
    business_id: int
    company_id: int
    offer_id: int
    score: float
    band: str = "low"
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
        Rows per query scored in full (the shortlist, ml.retrieval).
    pool : int
        Rows per query and index taken from an index before the shortlist.
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
    company_weight : dict or None
        Per kind, the weight of the company's description in an offer's text
        (None: ``COMPANY_WEIGHT``).
    hub_weight : float
        How much of a candidate's mean similarity to the other side is taken off its
        score (0 turns the hub correction off).
    side_weights : dict or None
        Per kind and side signal, its weight relative to the spread of the text score
        (None: ``DEFAULT_SIDE_WEIGHTS``).
    mentoring_floor : float or None
        What each of the two mentoring cosines is lifted by before their geometric mean
        (None: ``ml.scoring.MENTORING_FLOOR``).
    pivot_slope : float or None
        The slope of pivoted length normalisation (ml.vectors; 1: plain cosine; None:
        ``PIVOT_SLOPE``).
    feedback_docs, feedback_weight : int or None, float or None
        Subcontracting's pseudo-relevance feedback: how many of a query's best candidates
        its vector moves towards, and how far (ml.scoring; None: ``FEEDBACK_DOCS``,
        ``FEEDBACK_WEIGHT``; 0 turns it off).
    needs_one_by_one : bool or None
        Mentoring: whether a business's best single stated need counts when it fits a
        programme better than its needs as a whole (None: ``NEEDS_ONE_BY_ONE``).
    """

    def __init__(
        self,
        exact_limit: int = 20_000,
        candidates: int = 200,
        pool: int = 4_000,
        n_components: int = 96,
        n_probe: int = 32,
        min_decisions: int = 40,
        random_state: int = 0,
        n_jobs: int = -1,
        company_weight: dict | None = None,
        hub_weight: float = HUB_WEIGHT,
        side_weights: dict | None = None,
        mentoring_floor: float | None = None,
        pivot_slope: float | None = None,
        feedback_docs: int | None = None,
        feedback_weight: float | None = None,
        needs_one_by_one: bool | None = None,
    ):
        self.exact_limit = exact_limit
        self.candidates = candidates
        self.pool = pool
        self.n_components = n_components
        self.n_probe = n_probe
        self.min_decisions = min_decisions
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.company_weight = company_weight
        self.hub_weight = hub_weight
        self.side_weights = side_weights
        self.mentoring_floor = mentoring_floor
        self.pivot_slope = pivot_slope
        self.feedback_docs = feedback_docs
        self.feedback_weight = feedback_weight
        self.needs_one_by_one = needs_one_by_one

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
        `progress`, if given, is called with a short message at each stage. Records'
        cached docs are read once and then taken off them (`drop_docs`): the model keeps
        the records, and a million records' docs weigh about a gigabyte.
        """
        say = progress or (lambda message: None)
        say("normalising text")
        business_parts = _in_parallel(encode_businesses, businesses, self.n_jobs)
        offer_parts = _in_parallel(encode_offers, offers, self.n_jobs)
        drop_docs(businesses)
        drop_docs(offers)
        give_back_memory()
        say("fitting the vocabulary")
        vocabulary: dict[str, int] = {}
        raw = lambda keys: [*keys, *(f"raw:{k}" for k in keys)]  # noqa: E731
        b_texts, b_columns = merge(business_parts, vocabulary, raw([*BUSINESS_KEYS, ITEMS]))
        items = {"canon": b_texts.pop(ITEMS), "raw": b_texts.pop(f"raw:{ITEMS}")}
        o_texts, o_columns = merge(offer_parts, vocabulary, raw(OFFER_KEYS))
        del business_parts, offer_parts
        min_df = 2 if len(businesses) + len(offers) > 25_000 else 1
        keys = [*BUSINESS_KEYS, *OFFER_KEYS]
        slope = PIVOT_SLOPE if self.pivot_slope is None else self.pivot_slope
        self.space_, matrices = fit_space(b_texts | o_texts, vocabulary, keys, min_df, slope)
        say("building arrays")
        self.company_weight_ = dict(self.company_weight or COMPANY_WEIGHT)
        self.mentoring_floor_ = (
            scoring.MENTORING_FLOOR if self.mentoring_floor is None else self.mentoring_floor
        )
        self.feedback_ = (
            scoring.FEEDBACK_DOCS if self.feedback_docs is None else self.feedback_docs,
            scoring.FEEDBACK_WEIGHT if self.feedback_weight is None else self.feedback_weight,
        )
        self.needs_one_by_one_ = (
            scoring.NEEDS_ONE_BY_ONE if self.needs_one_by_one is None else self.needs_one_by_one
        )
        self.businesses_, self.offers_ = Side(), Side()
        self.businesses_.build(businesses, b_columns, {k: matrices[k] for k in BUSINESS_KEYS})
        self.businesses_.set_items(*self.space_.items(items, vocabulary, "needs", ITEM))
        del items
        offer_matrices = {k: matrices[k] for k in OFFER_KEYS}
        offer_matrices["text"] = hubs.offer_text(offer_matrices, o_columns["kind"], self)
        self.offers_.build(offers, o_columns, offer_matrices)
        say("measuring hubs")
        self.hubs_ = hubs.Hubs().fit(self)
        self.indexes_ = retrieval.build(self, say)
        self.side_weights_ = {
            kind: dict((self.side_weights or DEFAULT_SIDE_WEIGHTS)[kind]) for kind in KINDS
        }
        self.calibration_ = Calibration.default()
        self.combiners_, self.training_report_ = fit_combiner(self, list(decisions))
        self.versions_ = library_versions()
        return self

    # --- freshness ---------------------------------------------------------------------------

    def refit(
        self,
        changed_businesses: list[BusinessRecord] = (),
        changed_offers: list[OfferRecord] = (),
        removed_business_ids=(),
        removed_offer_ids=(),
        decisions=(),
    ) -> "PartnerModel":
        """A new model with the changed records in and the removed ones out, keeping this
        one's vocabulary, idf, projections and centroids (ml.refit): seconds where a fit
        takes minutes, for the day's edits. This model is left as it was.

        `changed_*` are new or edited records (with their docs, when cached); `decisions`
        as for `fit` (the combination of signals is learned again from them).
        """
        self._check_fitted()
        return refit_model(
            self,
            list(changed_businesses),
            list(changed_offers),
            removed_business_ids,
            removed_offer_ids,
            decisions,
            lambda function, items: _in_parallel(function, items, self.n_jobs),
        )

    def update_business(self, record: BusinessRecord) -> None:
        """Take in a new or edited business without refitting anything else."""
        self._check_fitted()
        doc = business_docs(record)
        drop_docs([record])
        vectors = {key: self.space_.rows([doc], key) for key in BUSINESS_KEYS}
        vectors[ITEMS] = self.space_.item_rows(doc, ITEMS, "needs", ITEM)
        row = self.businesses_.append(record, doc, vectors, True)
        self.hubs_.add_business(self, row)
        for kind in KINDS:
            retrieval.add_row(self, f"business:{kind}", row)

    def update_offer(self, record: OfferRecord) -> None:
        """Take in a new or edited need or programme without refitting anything else."""
        self._check_fitted()
        doc = offer_docs(record)
        drop_docs([record])
        vectors = {key: self.space_.rows([doc], key) for key in OFFER_KEYS}
        kind = np.array([record.kind == "mentoring"])
        vectors["text"] = hubs.offer_text(vectors, kind, self)
        row = self.offers_.append(record, doc, vectors, False)
        self.hubs_.add_offer(self, row)
        retrieval.add_row(self, f"offer:{record.kind}", row)

    def remove_business(self, business_id: int) -> None:
        self.businesses_.retire(business_id)

    def remove_offer(self, offer_id: int) -> None:
        self.offers_.retire(offer_id)

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
        rows = retrieval.offers_for(self, kind, row, mask)
        ranking, features = scoring.rank(self, kind, row, rows, business_side=True)
        return explain.best_per_company(self, kind, row, rows, ranking, features, top)

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
        pooled = []  # (ranking score, business row, offer row, kind, features)
        for kind, kind_rows, found in self._candidates_per_offer(offer_rows, mask):
            for offer_row, rows in zip(kind_rows, found, strict=True):
                ranking, features = scoring.rank(self, kind, offer_row, rows, business_side=False)
                for i in np.argsort(-ranking, kind="stable")[:top]:
                    pooled.append(
                        (float(ranking[i]), int(rows[i]), int(offer_row), kind, features[i])
                    )
        chosen, seen = [], set()
        for _, b_row, o_row, kind, feature_row in sorted(pooled, key=lambda p: -p[0]):
            if b_row not in seen:
                seen.add(b_row)
                chosen.append(explain.pair(self, kind, b_row, o_row, feature_row))
                if len(chosen) == top:
                    break
        return chosen

    def _candidates_per_offer(self, offer_rows, mask):
        """(kind, offer rows, candidate business rows of each) per kind."""
        kinds = self.offers_.columns["kind"][offer_rows]
        for kind, is_mentoring in (("subcontracting", False), ("mentoring", True)):
            rows = np.asarray(offer_rows)[kinds == is_mentoring]
            if rows.size:
                found = [retrieval.businesses_for(self, kind, r, mask, rows.size) for r in rows]
                yield kind, rows, found

    def explain(self, business_id: int, offer_id: int) -> Suggestion | None:
        """Score and reasons for one given pair, whatever its rank."""
        self._check_fitted()
        b_row = self.businesses_.row_of.get(business_id)
        o_row = self.offers_.row_of.get(offer_id)
        if b_row is None or o_row is None:
            return None
        kind = "mentoring" if self.offers_.columns["kind"][o_row] else "subcontracting"
        feedback = retrieval.feedback_for(self, kind, b_row, business_side=True)
        _, features = scoring.rank(self, kind, b_row, np.array([o_row]), True, feedback)
        return explain.pair(self, kind, b_row, o_row, features[0])

    def pair_features(self, kind: str, business_row: int, offer_rows: np.ndarray) -> np.ndarray:
        """Feature matrix of one business row against offer rows (used for learning)."""
        feedback = retrieval.feedback_for(self, kind, business_row, business_side=True)
        return scoring.features(self, kind, business_row, offer_rows, True, feedback)

    def _check_fitted(self) -> None:
        if not hasattr(self, "space_"):
            raise NotFittedError("PartnerModel is not fitted yet; call fit() first.")


def drop_docs(records) -> None:
    """Take the cached docs off records once they are encoded (ml.docs: the database
    keeps them; the model keeps only the records)."""
    for record in records:
        record.docs = None


def give_back_memory() -> None:
    """Hand freed heap memory back to the system (glibc only; elsewhere nothing): the
    docs dropped after encoding are a gigabyte of small strings, and without this the
    process keeps their pages while the vocabulary's arrays take new ones."""
    with suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)


_WORK: tuple = ()  # (function, items) for forked workers, which inherit it


def _in_parallel(function, items: list, n_jobs: int, chunk: int = 25_000) -> list:
    """function(block) for consecutive blocks of items, across processes when there are
    many. Workers are forked after `items` is set aside, so they read it from memory
    they share with the parent instead of receiving it pickled."""
    global _WORK
    workers = (os.cpu_count() or 1) if n_jobs < 1 else n_jobs
    spans = [(i, i + chunk) for i in range(0, len(items), chunk)] or [(0, 0)]
    if workers == 1 or len(items) < PARALLEL_FROM:
        with _no_collection():
            return [function(items[a:b]) for a, b in spans]
    _WORK = (function, items)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run_span, spans))
    finally:
        _WORK = ()


def _run_span(span: tuple[int, int]):
    function, items = _WORK
    with _no_collection():
        return function(items[span[0] : span[1]])


@contextmanager
def _no_collection():
    """Encoding makes millions of short lists and strings and no reference cycles; the
    cyclic collector would only walk every live object again and again (with a million
    records alive, that tripled the time of normalising)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
