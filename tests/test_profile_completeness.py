"""profile_completeness: one measure of a business profile for the stepper and the home page."""

import pytest
from flask_babel import force_locale

from matchmaker.profiles.completeness import PARTS, profile_completeness
from tests.factories import BusinessFactory

pytestmark = pytest.mark.usefixtures("compiled_catalog")  # tests/conftest.py


def _bare(**kwargs):
    blank = {
        part.field: None if part.field in ("capacity_per_month", "employees") else ""
        for part in PARTS
    }
    return BusinessFactory(**{**blank, **kwargs})


def test_a_full_profile_is_complete():
    business = BusinessFactory(
        address="Jl. Industri 1",
        description="Bengkel bubut sejak 2019",
        capacity_per_month=500,
        certifications="ISO 9001",
        mentoring_needs="Pemasaran",
    )
    result = profile_completeness(business)
    assert result == {"percent": 100, "missing": []}


def test_a_bare_profile_is_zero_and_lists_every_part_with_words():
    result = profile_completeness(_bare())
    assert result["percent"] == 0
    assert [m["field"] for m in result["missing"]] != []
    assert {m["field"] for m in result["missing"]} == {part.field for part in PARTS}
    for missing in result["missing"]:
        assert set(missing) >= {"field", "label", "why"}
        assert isinstance(missing["label"], str) and missing["label"]
        assert isinstance(missing["why"], str) and missing["why"]


def test_parts_that_improve_suggestions_come_first():
    missing = profile_completeness(_bare())["missing"]
    flags = [m["improves_suggestions"] for m in missing]
    assert flags == sorted(flags, reverse=True)
    assert missing[0]["field"] in {"products", "capabilities", "equipment"}


@pytest.mark.parametrize(
    ("filled", "percent"),
    [({"products": "Poros"}, 15), ({"phone": "+6281234567890", "employees": 0}, 15)],
)
def test_percent_follows_the_weights(filled, percent):
    assert profile_completeness(_bare(**filled))["percent"] == percent


def test_blank_text_counts_as_missing():
    result = profile_completeness(_bare(products="   "))
    assert "products" in {m["field"] for m in result["missing"]}


def test_labels_speak_the_readers_language(app):
    business = _bare()
    with force_locale("id"):
        labels_id = {m["field"]: m["label"] for m in profile_completeness(business)["missing"]}
    with force_locale("en"):
        labels_en = {m["field"]: m["label"] for m in profile_completeness(business)["missing"]}
    assert labels_id["equipment"] == "Peralatan"
    assert labels_en["equipment"] == "Equipment"
