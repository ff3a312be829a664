"""The model package on its own: no Flask, the estimator contract, features, reasons."""

import subprocess
import sys

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from ml import persist
from ml.evaluation import ndcg_at, precision_at, reciprocal_rank, score_rankings, tfidf_rankings
from ml.model import PartnerModel
from ml.records import BusinessRecord, OfferRecord
from ml.sectors import io_sector, supply_link
from ml.store import RecordStore, RowIndex
from ml.text import terms
from ml.trades import infer_trades, primary_trade

SETU = (-6.36372, 107.03734)
CIKARANG_BARAT = (-6.29728, 107.09406)
TARUMAJAYA = (-6.12186, 106.99746)


def business(id_, text, needs="", place=CIKARANG_BARAT, kbli="25920", **extra):
    return BusinessRecord(
        id=id_,
        name=f"Usaha {id_}",
        kbli=kbli,
        lat=place[0],
        lon=place[1],
        text=text,
        mentoring_needs=needs,
        **extra,
    )


def offer(id_, kind, title, text="", company=None, place=CIKARANG_BARAT, kbli="29300", **extra):
    return OfferRecord(
        id=id_,
        kind=kind,
        company_id=company or id_,
        company_name=f"PT {id_}",
        kbli=kbli,
        lat=place[0],
        lon=place[1],
        title=title,
        text=text,
        place="MM2100",
        **extra,
    )


BUSINESSES = [
    business(
        1, "Bengkel bubut dan frais, CNC lathe, poros dan bushing presisi", capacity_per_month=3000
    ),
    business(2, "Las listrik dan argon, fabrikasi rangka baja, pagar dan kanopi", kbli="25110"),
    business(
        3,
        "Gulung dinamo pompa air dan rewinding motor listrik 3 phase",
        kbli="33141",
        needs="butuh pelatihan K3 dan pembukuan",
    ),
    business(
        4,
        "Kerajinan tembaga dan kuningan ukir, souvenir plakat",
        kbli="32120",
        place=SETU,
        needs="pemasaran online dan desain produk",
    ),
    business(5, "", kbli="25920"),  # an owner who wrote nothing yet
]
OFFERS = [
    offer(
        10,
        "subcontracting",
        "Turning shaft S45C",
        "poros presisi 0,01 mm untuk gearbox",
        volume=2000,
    ),
    offer(
        12,
        "subcontracting",
        "Rewinding motor conveyor",
        "perbaikan electric motor pabrik",
        kbli="10799",
    ),
    offer(
        14,
        "subcontracting",
        "Welding rangka rak",
        "fabrication rak gudang baja ringan",
        kbli="28190",
    ),
    offer(16, "subcontracting", "Poros lama", "bubut poros", is_open=False),
    offer(
        11,
        "mentoring",
        "Kelas K3 dan keuangan",
        "keselamatan kerja dan pembukuan untuk bengkel",
        seats_left=3,
    ),
    offer(
        13,
        "mentoring",
        "Digital marketing kriya",
        "pemasaran digital dan desain untuk perajin",
        seats_left=5,
    ),
    offer(15, "mentoring", "Program penuh", "pemasaran digital", seats_left=0),
]


@pytest.fixture(scope="module")
def model():
    return PartnerModel().fit(BUSINESSES, OFFERS)


def test_ml_never_imports_flask():
    """Every module of ml/, listed by pkgutil so a new one is covered too, imports no Flask."""
    code = (
        "import importlib, pkgutil, sys, ml\n"
        "names = [m.name for m in pkgutil.walk_packages(ml.__path__, 'ml.')]\n"
        "for name in names: importlib.import_module(name)\n"
        "print(' '.join(names), 'flask' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    *imported, flask_loaded = out.stdout.split()
    assert {"ml.model", "ml.persist", "ml.evaluation", "ml.ablation"} <= set(imported)
    assert flask_loaded == "False"


def test_estimator_contract():
    fresh = PartnerModel(candidates=50)
    assert vars(fresh) == {
        "exact_limit": 20_000,
        "candidates": 50,
        "pool": 4_000,
        "n_components": 96,
        "n_probe": 32,
        "min_decisions": 40,
        "random_state": 0,
        "n_jobs": -1,
        "company_weight": None,
        "hub_weight": 0.5,
        "side_weights": None,
        "mentoring_floor": None,
        "pivot_slope": None,
        "feedback_docs": None,
        "feedback_weight": None,
        "needs_one_by_one": None,
    }
    with pytest.raises(NotFittedError):
        fresh.suggest_for_business(1, "subcontracting")
    assert fresh.fit(BUSINESSES, OFFERS) is fresh
    assert fresh.versions_["sklearn"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pengelasan pagar", ["welding", "fence_gate"]),  # not Sastrawi's "kelas"
        ("kerajinan tembaga", ["copper_brass_crafts", "crafts", "copper"]),  # not "rajin"
        ("CNC lathe turning", ["cnc_machining", "lathe", "turning"]),
        ("gulung dinamo", ["motor_rewinding"]),
        ("welding dan las", ["welding", "welding"]),
        ("bubutt poros yg presisi", ["turning", "shaft", "presisi"]),  # typo, chat spelling
        ("spare part motor", ["motorcycle_parts"]),
        ("motor dan panel", ["motor", "panel"]),  # ambiguous alone: kept as written
        ("motor listrik", ["electric_motor"]),
        ("servis sepeda motor", ["motorcycle_repair"]),
        ("bubut dan frais, CNC", ["turning", "milling", "cnc_machining"]),  # not "frais CNC"
    ],
)
def test_normaliser_speaks_owners_language(text, expected):
    assert terms(text) == expected


def test_trades_inferred_from_text_and_kbli():
    assert infer_trades("bisa bubut as dan bushing, las juga")[:2] == ["machining", "welding"]
    assert primary_trade("", "33141") == "rewinding"
    assert primary_trade("ukir tembaga dan kuningan") == "copper_crafts"
    assert primary_trade("") == "other"


def test_vectorised_kbli_closeness_follows_the_scalar_rule():
    from ml.features import kbli_levels, kbli_match
    from ml.sectors import kbli_closeness

    codes = ["25920", "25999", "2592", "29300", "33141", "25"]
    matched = kbli_match(kbli_levels(["25920"])[0], kbli_levels(codes))
    assert list(matched) == [kbli_closeness("25920", c) for c in codes]


def test_sectors_from_the_input_output_table():
    assert io_sector("25920") == "22" and io_sector("95311") == "31"
    assert supply_link("25920", "29300") > supply_link("32120", "29300")


def test_business_to_companies_best_first_with_reasons(model):
    machining = model.suggest_for_business(1, "subcontracting", top=3)
    assert machining[0].offer_id == 10
    assert 2 <= len(machining[0].reasons) <= 4
    texts = [r.text("id") for r in machining[0].reasons]
    assert any("bubut" in t and "Turning shaft" in t for t in texts)
    assert any(t.endswith("km dari MM2100") for t in texts)
    assert any("km from MM2100" in r.text("en") for r in machining[0].reasons)
    assert model.suggest_for_business(3, "subcontracting")[0].offer_id == 12
    assert model.suggest_for_business(2, "subcontracting")[0].offer_id == 14


def test_offer_and_company_to_businesses(model):
    assert model.suggest_for_offer(12, top=2)[0].business_id == 3
    assert model.suggest_for_company(10, "subcontracting", top=1)[0].business_id == 1
    found = model.suggest_for_offer(13, top=5)
    assert found[0].business_id == 4
    assert any("pemasaran" in r.text() for r in found[0].reasons)


def test_closed_needs_and_full_programmes_are_not_suggested(model):
    suggested = {
        s.offer_id
        for b in BUSINESSES
        for k in ("subcontracting", "mentoring")
        for s in model.suggest_for_business(b.id, k, top=10)
    }
    assert 16 not in suggested and 15 not in suggested


def test_capacity_speaks_as_a_reason_and_moves_rankings_only_when_weighted():
    huge = offer(20, "subcontracting", "Bushing 50.000 pcs", "bubut bushing", volume=50_000)
    small = offer(22, "subcontracting", "Bushing 500 pcs", "bubut bushing", volume=500)
    one_person = business(30, "bubut bushing", capacity_per_month=400)
    fitted = PartnerModel().fit([one_person], [huge, small])
    reasons = {
        s.offer_id: {r.key for r in s.reasons}
        for s in fitted.suggest_for_business(30, "subcontracting")
    }
    assert "capacity_short" in reasons[20] and "capacity_short" in reasons[22]
    weighted = {"subcontracting": {"capacity": 0.5}}
    weighted = PartnerModel(side_weights=_with_side(weighted)).fit([one_person], [huge, small])
    assert [s.offer_id for s in weighted.suggest_for_business(30, "subcontracting")] == [22, 20]


def _with_side(changes: dict) -> dict:
    from ml.features import DEFAULT_SIDE_WEIGHTS

    return {kind: {**w, **changes.get(kind, {})} for kind, w in DEFAULT_SIDE_WEIGHTS.items()}


def test_cold_start_still_answers_and_says_why(model):
    empty = model.suggest_for_business(5, "subcontracting", top=3)
    assert empty and empty[0].fallback == "thin_profile"
    assert any("profil masih sedikit" in r.text() for r in empty[0].reasons)


def test_unknown_ids_and_empty_markets_give_empty_lists(model):
    assert model.suggest_for_business(999, "subcontracting") == []
    assert model.suggest_for_business(1, "nonsense") == []
    assert model.suggest_for_offer(999) == []
    lonely = PartnerModel().fit([business(1, "bubut")], [])
    assert lonely.suggest_for_business(1, "subcontracting") == []


def test_english_profiles_match_indonesian_needs():
    english = business(40, "We do CNC turning and milling of precision shafts")
    fitted = PartnerModel().fit([english, *BUSINESSES[1:]], OFFERS)
    assert fitted.suggest_for_business(40, "subcontracting")[0].offer_id == 10


def test_an_edit_is_reflected_without_refitting():
    fitted = PartnerModel().fit(BUSINESSES, OFFERS)
    assert fitted.suggest_for_business(2, "subcontracting")[0].offer_id == 14
    fitted.update_business(
        business(2, "sekarang khusus gulung dinamo dan rewinding motor", kbli="33141")
    )
    assert fitted.suggest_for_business(2, "subcontracting")[0].offer_id == 12
    fitted.update_offer(offer(14, "subcontracting", "Welding rangka rak", is_open=False))
    assert 14 not in {s.offer_id for s in fitted.suggest_for_business(2, "subcontracting")}


def test_large_sides_use_the_index_and_agree_with_exact_scoring():
    rng = np.random.default_rng(1)
    words = ["bubut", "las", "dinamo", "tembaga", "plating", "cor", "elektronik", "stamping"]
    many = [business(i, " ".join(rng.choice(words, 4))) for i in range(1, 601)]
    exact = PartnerModel().fit(many, OFFERS)
    indexed = PartnerModel(exact_limit=100, n_probe=8).fit(many, OFFERS)
    assert {"business:subcontracting", "business:mentoring"} <= set(indexed.indexes_)
    assert not {"offer:subcontracting", "offer:mentoring"} & set(indexed.indexes_)  # few
    top_exact = {s.business_id for s in exact.suggest_for_offer(12, top=10)}
    top_indexed = {s.business_id for s in indexed.suggest_for_offer(12, top=10)}
    assert len(top_exact & top_indexed) >= 8


def test_learns_from_decisions_and_reports_against_defaults():
    rng = np.random.default_rng(0)
    decisions = [
        (b.id, o.id, o.kind, int(rng.random() < 0.5))
        for b in BUSINESSES
        for o in OFFERS
        if o.kind == "subcontracting"
    ] * 3
    fitted = PartnerModel(min_decisions=10).fit(BUSINESSES, OFFERS, decisions)
    report = fitted.training_report_["subcontracting"]
    assert report["decisions"] == len(decisions)
    assert {"auc_default", "auc_learned", "folds"} <= set(report)
    assert fitted.training_report_["mentoring"]["used"] == "defaults"


def test_saved_model_round_trips_and_refuses_other_versions(model, tmp_path):
    path = tmp_path / "model.pkl"
    persist.save(model, path)
    loaded = persist.load(path)
    assert loaded.suggest_for_business(1, "subcontracting")[0].offer_id == 10
    versions = model.versions_
    try:
        model.versions_ = {**versions, "sklearn": "0.1"}
        persist.save(model, path)
    finally:
        model.versions_ = versions
    with pytest.raises(persist.ModelVersionError):
        persist.load(path)
    path.write_bytes(b"not a model at all")
    with pytest.raises(persist.ModelFileError):
        persist.load(path)
    path.write_bytes(b"")
    with pytest.raises(persist.ModelFileError):
        persist.load(path)
    with pytest.raises(persist.ModelFileError):
        persist.load(tmp_path / "missing.pkl")


def test_a_saved_models_large_arrays_are_mapped_from_the_file_copy_on_write(tmp_path):
    path = tmp_path / "model.pkl"
    many = [
        BusinessRecord(1000 + i, f"Bengkel {i}", "25920", -6.3, 107.1, text=f"bubut cnc poros {i}")
        for i in range(4000)
    ]
    persist.save(PartnerModel().fit(many, OFFERS), path)
    before = path.read_bytes()
    loaded = persist.load(path)
    column = loaded.businesses_.columns["lat"]  # 4,000 floats: out of the pickle
    assert isinstance(_owner(column), memoryview)  # a view of the mapping, not a copy
    column[:] = 0.0  # what an edited profile does to its row: private to this process
    assert path.read_bytes() == before
    truncated = before[: len(before) // 2]
    path.write_bytes(truncated)
    with pytest.raises(persist.ModelFileError):
        persist.load(path)


def test_record_store_and_row_index_read_like_a_list_and_a_dict():
    records = [BusinessRecord(i * 10, f"B{i}", "25920", 0.0, 0.0) for i in range(5)]
    store, index = RecordStore(records), RowIndex([r.id for r in records])
    assert len(store) == 5 and store[3] == records[3] and store[-1] == records[4]
    assert list(store) == records
    assert index.get(30) == 3 and index[40] == 4 and 35 not in index
    assert index.get("not an id") is None and index.get(2**70) is None
    store.append(BusinessRecord(30, "B3 edited", "25920", 0.0, 0.0))
    index[30] = 5  # an edit: the id's new row
    assert store[5].name == "B3 edited" and index[30] == 5 and len(store) == 6
    assert index.pop(10) == 1 and 10 not in index and index.pop(10, "gone") == "gone"
    with pytest.raises(KeyError):
        index[10]
    with pytest.raises(IndexError):
        store[-7]
    kept = store.take([0, 2, 5], then=[BusinessRecord(60, "B6", "25920", 0.0, 0.0)])
    assert [r.name for r in kept] == ["B0", "B2", "B3 edited", "B6"]
    assert sorted(index.items()) == [(0, 0), (20, 2), (30, 5), (40, 4)]
    assert [r.id for r in RecordStore().take([], then=records[:2])] == [0, 10]


def _owner(array):
    while isinstance(array, np.ndarray) and array.base is not None:
        array = array.base
    return array


def test_ranking_metrics():
    grades = {"a": 2, "b": 1}
    assert ndcg_at(["a", "b", "c"], grades) == pytest.approx(1.0)
    assert ndcg_at(["c", "b", "a"], grades) < 1.0
    assert precision_at(["a", "x", "b", "y", "z"], grades) == pytest.approx(0.4)
    assert reciprocal_rank(["x", "b"], grades) == 0.5
    assert score_rankings({"q": ["a"]}, {"q": grades, "none": {"z": 0}})["queries"] == 1
    ranked = tfidf_rankings({"q": "bubut poros"}, {"x": "las pagar", "y": "bubut poros presisi"})
    assert ranked["q"][0] == "y"


def test_index_widens_the_search_when_the_nearest_groups_hold_too_few_allowed_rows():
    from ml.index import IVFIndex

    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(2000, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = IVFIndex(n_lists=64, n_probe=1).fit(vectors)
    allowed = np.zeros(2000, dtype=bool)
    allowed[::97] = True  # a handful of rows, scattered over many groups
    found = index.search(vectors[0], 10, allowed)
    assert len(found) == 10 and allowed[found].all()


def test_fit_weighs_terms_exactly_as_scikit_learn_tfidf_does():
    """The fit builds its matrices from term ids; they must equal TfidfVectorizer's."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from ml.encode import counts, encode, merge, tfidf

    docs = [
        {"a": ["bubut", "las", "las", "x"], "b": ["cor"]},  # one letter: never a term
        {"a": ["las", "plat"], "b": []},
        {"a": [], "b": ["bubut", "bubut", "jig", "cor"]},
    ]
    halves = [encode(docs[:2], {"n": np.arange(2)}), encode(docs[2:], {"n": np.arange(1)})]
    vocabulary: dict[str, int] = {}
    texts, columns = merge(halves, vocabulary, ["a", "b"])
    assert columns["n"].tolist() == [0, 1, 0]
    for min_df in (1, 2):
        blocks = [counts(texts[key], len(vocabulary)) for key in ("a", "b")]
        (a, b), vectorizer, lengths = tfidf(blocks, vocabulary, min_df)
        corpus = [" ".join(d["a"]) for d in docs] + [" ".join(d["b"]) for d in docs]
        reference = TfidfVectorizer(
            token_pattern=r"[a-z0-9]{2,}", sublinear_tf=True, min_df=min_df, dtype=np.float32
        )
        expected = reference.fit_transform(corpus)
        columns_ours = [vectorizer.vocabulary_[t] for t in reference.get_feature_names_out()]
        ours = np.vstack([a.toarray(), b.toarray()])[:, columns_ours]
        np.testing.assert_allclose(ours, expected.toarray(), rtol=1e-6)
        np.testing.assert_allclose(
            vectorizer.transform(["las jig las"]).toarray()[:, columns_ours],
            reference.transform(["las jig las"]).toarray(),
            rtol=1e-6,
        )
        unnormalised = TfidfVectorizer(
            token_pattern=r"[a-z0-9]{2,}", sublinear_tf=True, min_df=min_df, norm=None
        ).fit_transform(corpus)
        np.testing.assert_allclose(
            np.concatenate(lengths), np.sqrt(unnormalised.multiply(unnormalised).sum(axis=1)).A1
        )


def test_pivoted_normalisation_lifts_long_texts_against_short_ones():
    """Slope 1 is plain cosine normalisation; below 1 a text longer than the pivot weighs
    more than under cosine, a shorter one less."""
    import scipy.sparse as sp

    from ml.vectors import pivoted

    rows = sp.csr_matrix(np.array([[3.0, 4.0, 0.0], [1.0, 0.0, 0.0]], dtype=np.float32))
    lengths = np.array([5.0, 1.0])
    cosine = pivoted(rows, lengths, pivot=3.0, slope=1.0).toarray()
    np.testing.assert_allclose(np.linalg.norm(cosine, axis=1), [1.0, 1.0], rtol=1e-6)
    tilted = pivoted(rows, lengths, pivot=3.0, slope=0.5).toarray()
    np.testing.assert_allclose(np.linalg.norm(tilted, axis=1), [5 / 4, 1 / 2], rtol=1e-6)


def test_taking_in_an_unchanged_record_reproduces_its_fitted_vectors():
    """An edit is taken in by transforming the record alone (ml.vectors.TextSpace.rows):
    weighed and normalised exactly as the fit weighed it, or a model loaded from its
    file would rank every recently synced record differently."""
    fitted = PartnerModel().fit(BUSINESSES, OFFERS)
    work = fitted.businesses_.matrices["work"][:4].toarray()
    text = fitted.offers_.matrices["text"][:3].toarray()
    for record in BUSINESSES[:4]:
        fitted.update_business(record)
    for record in OFFERS[:3]:
        fitted.update_offer(record)
    np.testing.assert_allclose(fitted.businesses_.matrices["work"][-4:].toarray(), work, atol=1e-6)
    np.testing.assert_allclose(fitted.offers_.matrices["text"][-3:].toarray(), text, atol=1e-6)


def test_rare_terms_find_every_allowed_row_sharing_a_rare_term():
    import scipy.sparse as sp

    from ml.index import RareTerms

    # terms 0-1 are common (every row), term 2 is in rows 3 and 7 only, term 3 in row 5
    dense = np.zeros((10, 4), dtype=np.float32)
    dense[:, :2] = 1.0
    dense[[3, 7], 2] = [0.5, 0.9]
    dense[5, 3] = 1.0
    rare = RareTerms(share=0.2).fit(sp.csr_matrix(dense), rows=np.arange(100, 110))
    assert rare.rare_.tolist() == [False, False, True, True]
    query = np.array([1.0, 1.0, 1.0, 0.0], dtype=np.float32)
    assert rare.search(query, 5).tolist() == [107, 103]  # best first, common terms ignored
    allowed = np.ones(110, dtype=bool)
    allowed[107] = False
    assert rare.search(query, 5, allowed).tolist() == [103]
    assert rare.search(np.array([1.0, 1.0, 0, 0], dtype=np.float32), 5).size == 0


def test_a_company_counts_its_offers_in_rank_order():
    from ml.retrieval import _nth_of_company

    ranked_companies = np.array([7, 3, 7, 7, 3, 9, 7])
    assert _nth_of_company(ranked_companies).tolist() == [0, 0, 1, 2, 1, 0, 3]


def test_a_record_edited_after_the_fit_is_always_in_the_indexed_pool():
    rng = np.random.default_rng(2)
    words = ["bubut", "las", "tembaga", "plating", "cor", "elektronik", "stamping"]
    many = [business(i, " ".join(rng.choice(words, 4))) for i in range(1, 601)]
    indexed = PartnerModel(exact_limit=100, n_probe=1).fit(many, OFFERS)
    indexed.update_business(business(600, "gulung ulang dinamo, rewinding motor listrik"))
    top = [s.business_id for s in indexed.suggest_for_offer(12, top=5)]
    assert top[0] == 600


def test_feedback_finds_the_shop_that_writes_like_the_ones_that_match():
    """Pseudo-relevance feedback: a need for bushings meets the turning shops that said
    "bushing"; a turning shop that never wrote the word then shares their other words
    ("bubut", "presisi") and comes before the unrelated shops, tied with them without it
    (every shop is named "Usaha …", which the unrelated ones then share)."""
    shops = [
        business(1, "bubut bushing kuningan, bubut poros"),
        business(2, "bubut bushing baja dan poros presisi"),
        business(3, "mesin bubut manual, ulir, presisi"),
        business(4, "jahit seragam kerja, bordir logo"),
        business(5, "sablon kaos dan spanduk"),
    ]
    need = [offer(10, "subcontracting", "Bushing", "bushing baja 20 mm, 2.000 pcs per bulan")]

    def text_scores(**settings):
        fitted = PartnerModel(hub_weight=0.0, **settings).fit(shops, need)
        found = fitted.suggest_for_offer(10, top=5)
        return [s.business_id for s in found], {s.business_id: s.features["text"] for s in found}

    order, text = text_scores()
    plain_order, plain = text_scores(feedback_docs=0)
    assert plain[3] == plain[4] == plain[5] == 0.0
    assert text[3] > 0.05 > max(text[4], text[5])
    assert order[:3] == [2, 1, 3]
    assert plain_order[:2] == [2, 1]


def test_one_pair_scores_as_it_does_in_its_list(model):
    """explain() learns from the same feedback as the business's unfiltered list."""
    for b in BUSINESSES:
        for listed in model.suggest_for_business(b.id, "subcontracting", top=5):
            alone = model.explain(b.id, listed.offer_id)
            assert alone.score == pytest.approx(listed.score, abs=1e-4)
            assert alone.band == listed.band


def test_a_programme_that_answers_one_of_several_needs_counts_as_an_answer():
    """A business's needs are scored one by one too: a K3 programme fits a workshop that
    asks for K3 among three other things about as well as one that asks only for K3,
    where scored as one text the other three needs would dilute it."""
    shops = [
        business(1, "bengkel las pagar", needs="K3 bengkel"),
        business(2, "bengkel las kanopi", needs="pembukuan, KUR, foto produk, K3 bengkel"),
        business(3, "bengkel las teralis", needs="desain produk"),
    ]
    programme = [offer(20, "mentoring", "K3 untuk bengkel las", "K3 dan APD di bengkel las")]

    def text_of(**settings):
        fitted = PartnerModel(hub_weight=0.0, **settings).fit(shops, programme)
        found = fitted.suggest_for_offer(20, top=3)
        return {s.business_id: s.features["text"] for s in found}

    one_by_one, whole = text_of(), text_of(needs_one_by_one=False)
    assert whole[2] < 0.8 * whole[1]
    assert one_by_one[2] == pytest.approx(one_by_one[1], rel=0.15)
    assert one_by_one[3] < 0.5 * one_by_one[2]


def test_an_edited_business_keeps_its_needs_one_by_one():
    """update_business weighs a record's needs, one by one, exactly as the fit did."""
    fitted = PartnerModel().fit(BUSINESSES, OFFERS)
    rows, sizes = fitted.businesses_.item_rows(np.arange(4))
    before = fitted.businesses_.items[rows].toarray()
    for record in BUSINESSES[:4]:
        fitted.update_business(record)
    n = len(fitted.businesses_)
    after_rows, after_sizes = fitted.businesses_.item_rows(np.arange(n - 4, n))
    assert after_sizes.tolist() == sizes.tolist()
    np.testing.assert_allclose(fitted.businesses_.items[after_rows].toarray(), before, atol=1e-6)


def test_a_side_weight_may_hold_for_one_direction_only():
    from ml.features import query_weights

    weights = {"topics": 0.1, "trade_fit": 0.0, "proximity": 0.0, "kbli": 0.0}
    weights["topics@business"] = 0.5
    assert query_weights(weights, "mentoring", business_side=True)[0] == 0.5
    assert query_weights(weights, "mentoring", business_side=False)[0] == pytest.approx(0.1)
