"""Cached normalised text (ml.docs): a fit from cached docs is the fit from raw text."""

import pickle

import numpy as np

from bench import synthetic
from ml import docs
from ml.model import PartnerModel
from ml.records import BusinessRecord, OfferRecord


def with_docs(businesses, offers):
    """The records with their docs made as the app stores them."""
    cached_b = [
        BusinessRecord(
            **{**b.__dict__, "docs": docs.pack(docs.business(b.name, b.text, b.mentoring_needs))}
        )
        for b in businesses
    ]
    cached_o = []
    for o in offers:
        own = docs.pack(docs.offer(o.kind, o.title, o.text))
        cached_o.append(
            OfferRecord(
                **{**o.__dict__, "docs": own + "\n" + docs.pack(docs.company(o.company_text))}
            )
        )
    return cached_b, cached_o


def test_a_fit_from_cached_docs_equals_a_fit_from_text():
    businesses, offers = synthetic.generate(400, 40, seed=3)
    plain = PartnerModel(n_jobs=1).fit(businesses, offers)
    cached_businesses, cached_offers = with_docs(businesses, offers)
    cached = PartnerModel(n_jobs=1).fit(cached_businesses, cached_offers)
    assert all(r.docs is None for r in cached_businesses)  # read once, not kept
    for side in ("businesses_", "offers_"):
        ours, theirs = getattr(plain, side), getattr(cached, side)
        for key, matrix in ours.matrices.items():
            assert (matrix != theirs.matrices[key]).nnz == 0, key
        for name, column in ours.columns.items():
            same = column.dtype.kind == "f" and np.array_equal(
                column, theirs.columns[name], equal_nan=True
            )
            assert same or np.array_equal(column, theirs.columns[name]), name
    b = businesses[0].id
    assert [s.offer_id for s in plain.suggest_for_business(b, "subcontracting")] == [
        s.offer_id for s in cached.suggest_for_business(b, "subcontracting")
    ]


def test_an_offer_without_its_company_docs_makes_them():
    _, offers = synthetic.generate(10, 5, seed=1)
    record = offers[0]
    own_only = OfferRecord(
        **{**record.__dict__, "docs": docs.pack(docs.offer(record.kind, record.title, record.text))}
    )
    from ml.side import offer_docs

    assert offer_docs(own_only) == offer_docs(record)


def test_stored_docs_are_reused_only_while_text_and_normaliser_stay():
    made = docs.business("Bengkel Jaya", "bubut CNC, las argon, ISO 9001", "pemasaran")
    kept = docs.stored(made, "Bengkel Jaya", "bubut CNC, las argon, ISO 9001", "pemasaran")
    assert (
        docs.unpack(docs.reuse(kept, "Bengkel Jaya", "bubut CNC, las argon, ISO 9001", "pemasaran"))
        == made
    )
    assert docs.reuse(kept, "Bengkel Jaya", "bubut CNC", "pemasaran") is None  # edited
    assert (
        docs.reuse(
            {**kept, "fingerprint": "older"},
            "Bengkel Jaya",
            "bubut CNC, las argon, ISO 9001",
            "pemasaran",
        )
        is None
    )
    assert docs.reuse(None) is None and docs.reuse({"docs": 3}) is None
    assert "iso_9001" in made["holds"]


def test_a_record_is_pickled_without_its_docs():
    record = BusinessRecord(1, "A", "25920", 0.0, 0.0, text="bubut", docs="work turning")
    loaded = pickle.loads(pickle.dumps(record))  # noqa: S301 - our own bytes
    assert loaded.docs is None and loaded.text == "bubut"
