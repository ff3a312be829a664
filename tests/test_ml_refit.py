"""Incremental refit (ml.refit): the day's edits in seconds, suggestions as a full fit's."""

import numpy as np
import pytest

from bench import incremental, synthetic
from ml.index import project
from ml.model import PartnerModel
from ml.retrieval import matrix_of

SETTINGS = dict(exact_limit=500, n_components=32, n_probe=8, pool=600, candidates=100, n_jobs=1)


@pytest.fixture(scope="module")
def market():
    businesses, offers = synthetic.generate(3_000, 300, seed=5)
    incremental.cache_docs(businesses, offers, n_jobs=1)
    fitted = PartnerModel(**SETTINGS).fit(businesses, offers)
    return businesses, offers, fitted


def test_a_refit_without_changes_suggests_what_the_fit_did(market):
    businesses, _, fitted = market
    same = fitted.refit()
    assert len(same.businesses_) == len(fitted.businesses_)
    for b in businesses[:20]:
        assert [s.offer_id for s in same.suggest_for_business(b.id, "subcontracting")] == [
            s.offer_id for s in fitted.suggest_for_business(b.id, "subcontracting")
        ]


def test_a_refit_after_one_percent_changed_agrees_with_a_full_fit(market):
    businesses, offers, fitted = market
    changed = incremental.changes(businesses, offers, share=0.01, seed=1)
    b, o = changed["businesses"], changed["offers"]
    refitted = fitted.refit(b["changed"], o["changed"], b["removed"], o["removed"])
    full = PartnerModel(**SETTINGS).fit(b["after"], o["after"])
    assert len(refitted.businesses_) == len(b["after"])  # retired rows compacted away
    assert all(refitted.businesses_.row_of.get(i) is None for i in b["removed"])
    assert {i for i, _ in refitted.offers_.row_of.items()} == {r.id for r in o["after"]}
    recall = incremental.agreement(refitted, full, changed, queries=60, seed=2)
    assert min(recall.values()) >= 0.9, recall


def test_changed_rows_are_found_through_the_refitted_indexes(market):
    businesses, offers, fitted = market
    changed = incremental.changes(businesses, offers, share=0.01, seed=3)
    b = changed["businesses"]
    refitted = fitted.refit(b["changed"], (), b["removed"], ())
    assert "business:subcontracting" in refitted.indexes_
    index = refitted.indexes_["business:subcontracting"]
    assert index.extra_rows_.size == 0 and index.members_.size == len(refitted.businesses_)
    assert np.array_equal(np.sort(index.members_), np.arange(len(refitted.businesses_)))
    for i in np.random.default_rng(0).choice(index.members_.size, 50, replace=False):
        row = index.members_[i]  # each stored vector is its row's, in its nearest group
        vector = project(index.projection_, matrix_of(refitted, "business:subcontracting", [row]))
        assert np.allclose(index.vectors_[i], vector[0], atol=1e-5)
        group = np.searchsorted(index.offsets_, i, side="right") - 1
        assert group == np.argmax(index.centroids_ @ vector[0]) or row < len(b["after"]) - len(
            b["changed"]
        )
    new = b["changed"][-1]  # a new business, copied from another: it finds that one's offers
    row = refitted.businesses_.row_of[new.id]
    assert row >= len(b["after"]) - len(b["changed"])
    assert refitted.suggest_for_business(new.id, "subcontracting")


def test_a_refitted_model_takes_further_updates(market):
    businesses, offers, fitted = market
    fitted = PartnerModel(**SETTINGS).fit(businesses, offers)
    fitted.update_business(businesses[0])  # an edit since the fit: an extra index row
    refitted = fitted.refit([businesses[1]], [], [businesses[2].id], [])
    assert len(refitted.businesses_) == len(businesses) - 1
    refitted.update_offer(offers[0])
    assert refitted.suggest_for_offer(offers[0].id)


def test_kept_rows_then_new_rows_are_copied_as_scipy_would():
    import scipy.sparse as sp

    from ml.refit import _rows_then

    matrix = sp.random(50, 30, density=0.2, format="csr", dtype=np.float32, random_state=1)
    new = sp.random(4, 30, density=0.3, format="csr", dtype=np.float32, random_state=2)
    for kept in (np.arange(50), np.array([0, 1, 2, 7, 8, 30, 49]), np.array([], dtype=np.int64)):
        expected = sp.vstack([matrix[kept], new], format="csr")
        assert (_rows_then(matrix, kept, new) != expected).nnz == 0
