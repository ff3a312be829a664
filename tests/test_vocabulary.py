"""The normaliser's knowledge: a sourced vocabulary, typo correction that leaves real words
alone, hypernyms that never pass for synonyms, and multi-need texts split apart."""

import pytest

from ml import text
from ml.needs import split_needs, split_stated
from ml.text import kinds_of, terms
from ml.vocabulary import FOLDER, _rows, root_words, vocabulary


def test_every_entry_names_its_source():
    for name in ("concepts.csv", "terms.csv", "ambiguous.csv", "stem_exceptions.csv",
                 "informal.csv", "trade_work.csv"):  # fmt: skip
        rows = _rows(name)
        assert rows, name
        assert all(row["source"] for row in rows), name


def test_the_hierarchy_is_a_forest_of_known_concepts():
    vocab = vocabulary()
    for concept in vocab.concepts.values():
        assert not concept.parent or concept.parent in vocab.concepts, concept.id
        assert concept.id not in vocab.ancestors(concept.id)  # no cycle
        assert concept.label_id and concept.label_en


def test_every_term_reads_as_the_concept_it_names():
    """Nothing in the pipeline (chat spellings, the stemmer, typo correction, another
    phrase) turns a vocabulary term into some other concept."""
    vocab = vocabulary()
    for row in _rows("terms.csv"):
        if row["concept"] in vocab.concepts:
            assert terms(row["term"])[0] == row["concept"], row["term"]


def test_no_root_dictionary_word_is_ever_corrected(monkeypatch):
    """Typo correction only touches a word that is neither one of Sastrawi's ~30,000
    Indonesian root words nor in the vocabulary: every root word reads the same with
    typo correction switched off."""
    roots = sorted(root_words())
    assert len(roots) > 25_000
    assert all(text.typo_of(word) is None for word in roots)
    with_correction = {word: text.term.__wrapped__(word) for word in roots}
    monkeypatch.setattr(text, "typo_of", lambda word: None)
    without = {word: text.term.__wrapped__(word) for word in roots}
    assert with_correction == without


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("bubutt", "turning"),
        ("pengelsan", "welding"),
        ("alumunium", "aluminium"),
        ("ukuran", "ukur"),  # a real word (root ukur): not "ukir"
        ("tempat", ""),  # a stopword, not "tempa"
        ("peralatan", "alat"),  # root alat: not "servis"
        ("pengemasan", "packaging"),  # not Sastrawi's "emas"
        ("kerusakan", "rusak"),  # not "rusa"
        ("bekasi", "bekasi"),  # a place, not "bekas"
        ("pengen", ""),  # chat spelling of "ingin" (a stopword), not Sastrawi's "ken"
        ("modal", "access_to_finance"),  # the most common mentoring need, said bare
    ],
)
def test_owners_spellings_and_real_words(written, meant):
    assert (terms(written) or [""])[0] == meant


@pytest.mark.parametrize(
    ("general", "narrow"),
    [
        ("pelapisan", "zinc plating"),
        ("pelapisan", "powder coating"),
        ("cat", "cat mobil"),
        ("pemesinan", "bubut"),
        ("pengelasan", "TIG"),
        ("perbaikan", "gulung dinamo"),
        ("kemasan", "kardus"),
    ],
)
def test_a_hypernym_never_counts_as_a_synonym(general, narrow):
    """The general word names the general concept, the narrow one its own; the narrow
    one is a kind of the general one, never the same."""
    vocab = vocabulary()
    [broad], [specific] = terms(general), terms(narrow)
    assert broad != specific
    assert vocab.is_kind_of(specific, broad) and not vocab.is_kind_of(broad, specific)


def test_ambiguous_words_stay_as_written_and_phrases_settle_them():
    vocab = vocabulary()
    assert {"motor", "panel", "as", "cetak"} <= vocab.ambiguous
    assert terms("motor") == ["motor"] and terms("panel") == ["panel"]
    assert terms("motor listrik") == ["electric_motor"]
    assert terms("sepeda motor") == ["motorcycle"]
    assert terms("panel listrik") == ["electrical_panel"]
    assert terms("as roda") == ["axle"]


def test_a_phrase_never_crosses_punctuation():
    assert terms("bubut dan frais, CNC") == ["turning", "milling", "cnc_machining"]


def test_the_files_live_in_the_package():
    assert FOLDER.name == "vocabulary" and (FOLDER / "README.md").exists()


# --- needs listed in one text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "needs"),
    [
        ("1) Bubut as 20 pcs 2) Las rangka meja 3) Powder coating cover", 3),
        ("Kebutuhan kami:\n1. Bubut as\n2. Palet kayu\n3. Seragam bordir", 3),
        ("a) Coran aluminium b) Machining hasil coran c) Heat treatment", 3),
        ("- Rewinding motor 3 phase\n- Fabrikasi rak\n• Kardus 2000 pcs", 3),
        ("Jasa powder coating rak\nPerbaikan forklift\nKatering 800 porsi", 3),
        ("Zinc plating baut; hard chrome rod hidrolik; palet kayu ISPM 15", 3),
        ("Pisau tempa dikeraskan. Puli dari besi cor. Pagar besi dilas. Kardus 2 warna.", 4),
        ("Subkon CNC turning pin S45C. Volume ±50.000 pcs/bulan. Supplier wajib ISO 9001.", 1),
        ("Bushing baja diameter 20 mm. Pembubutan sesuai gambar kerja, 5.000 pcs/bulan.", 1),
        ("Bubut as roller 20 pcs/bulan", 1),
        ("", 0),
    ],
)
def test_a_text_listing_several_needs_is_split(written, needs):
    parts = split_needs(written, kinds_of)
    assert len(parts) == needs, parts
    assert all(part.strip() for part in parts)


def test_conditions_stay_with_the_need_they_belong_to():
    parts = split_needs(
        "Bubut flange SS304. Toleransi 0,05 mm. Jasa powder coating rak, wajib tebal 60 mikron.",
        kinds_of,
    )
    assert parts == [
        "Bubut flange SS304. Toleransi 0,05 mm.",
        "Jasa powder coating rak, wajib tebal 60 mikron.",
    ]


@pytest.mark.parametrize(
    ("written", "needs"),
    [
        (
            "costing / hitung HPP, pemasaran online ke pabrik, K3 produksi",
            ["costing", "hitung HPP", "pemasaran online ke pabrik", "K3 produksi"],
        ),
        ("pengen dapet KUR, sama pembukuan biar rapi", ["pengen dapet KUR", "pembukuan biar rapi"]),
        ("ISO 9001 & FSC (untuk ekspor)\nK3 mesin", ["ISO 9001", "FSC (untuk ekspor)", "K3 mesin"]),
        ("modal usaha. pembukuan jg blm ada", ["modal usaha", "pembukuan", "blm ada"]),
        ("pembukuan dan pajak", ["pembukuan", "pajak"]),
        ("promosi", ["promosi"]),
        ("", []),
    ],
)
def test_a_business_stating_several_needs_has_them_one_by_one(written, needs):
    assert split_stated(written) == needs
