"""The cohorts and participants API's schemas: they take what the forms take ("2.025",
"Rp150.000.000,00", "0812-…") as well as plain numbers, refuse the rest naming the field,
and the document says so honestly: what its patterns promise the parsers accept."""

import re
from datetime import date, timedelta

import pytest

from matchmaker.api import document
from matchmaker.core.extensions import db
from matchmaker.wub import fields as f
from matchmaker.wub import formats
from matchmaker.wub.cohorts.models import Cohort, Participant
from matchmaker.wub.cohorts.schemas import YEAR_LIMITS
from tests import factories
from tests.conftest import api_token
from tests.test_programme_api import API, fields_of

COHORT = {"name": "Las Bogor", "trade": "welding"}


@pytest.fixture
def call(client, official):
    """`call(method, path, **kw)` as the official."""
    headers = api_token(client, official)
    return lambda method, path, **kw: client.open(API + path, method=method, headers=headers, **kw)


@pytest.mark.parametrize("year", [2025, "2025", "2.025", " 2025 "])
def test_a_year_as_a_number_or_as_officials_write_it(call, year):
    made = call("POST", "/cohorts", json={**COHORT, "year": year})
    assert made.status_code == 201 and made.get_json()["year"] == 2025


@pytest.mark.parametrize(
    ("budget", "rupiah"),
    [(150_000_000, 150_000_000), ("150.000.000", 150_000_000), ("Rp150.000.000,00", 150_000_000)]
    + [("1,5 juta", 1_500_000), ("750 rb", 750_000), (None, None)],
)
def test_a_budget_as_a_number_or_in_rupiah_words(call, budget, rupiah):
    made = call("POST", "/cohorts", json={**COHORT, "year": 2025, "budget": budget})
    assert made.status_code == 201 and made.get_json()["budget"] == rupiah


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"year": "20x5"}, "year"),
        ({"year": True}, "year"),
        ({"year": 2025, "budget": "banyak"}, "budget"),
        ({"year": 2025, "budget": -1}, "budget"),
        ({"year": 2025, "budget": 1.5}, "budget"),
        ({"year": 2025, "seksi": 7}, "seksi"),
        ({"year": 2025, "name": " \t "}, "name"),
        ({"year": 2025, "notes": ["a"]}, "notes"),
    ],
)
def test_a_value_outside_the_document_is_refused_naming_it(call, body, named):
    assert fields_of(call("POST", "/cohorts", json={**COHORT, **body})) == {named}
    assert not db_count(Cohort)


def test_a_participant_as_officials_write_one(call):
    cohort = factories.CohortFactory()
    body = {
        "name": "Sari",
        "kecamatan": "CIKARANG UTARA",
        "phone": "0812-3456-7890",
        "education": "SMK",
        "priority": "ya",
        "birth_date": "17 Agustus 2000",
        "status": "lulus",
    }
    made = call("POST", f"/cohorts/{cohort.id}/participants", json=body)
    assert made.status_code == 201, made.get_json()
    answer = made.get_json()
    assert (answer["phone"], answer["education"], answer["status"]) == (
        "+6281234567890",
        "slta",
        "trained",
    )
    assert (answer["kecamatan"], answer["birth_date"]) == ("Cikarang Utara", "2000-08-17")
    bad = {**body, "name": "Lain", "priority": "mungkin", "phone": "021"}
    assert fields_of(call("POST", f"/cohorts/{cohort.id}/participants", json=bad)) == {
        "priority",
        "phone",
    }
    assert db_count(Participant) == 1


def db_count(model) -> int:
    return db.session.query(model).count()


# --- the document's promises ---------------------------------------------------------------


def test_inputs_are_the_services_fields(app):
    found = document()["components"]["schemas"]
    for name, spec in (("Cohort", f.COHORT_FIELDS), ("Participant", f.PARTICIPANT_FIELDS)):
        created, patched = found[name + "Input"], found[name + "Patch"]
        assert {field.name for field in spec} <= set(created["properties"])
        assert set(created["required"]) == {field.name for field in spec if field.required}
        assert "required" not in patched and set(patched["properties"]) >= set(
            created["properties"]
        ) - {"status"}
        assert created["additionalProperties"] is False


def test_every_year_the_pattern_takes_is_taken(app):
    pattern = re.compile(formats.year_pattern(*YEAR_LIMITS))
    low, high = YEAR_LIMITS
    for year in range(low, high + 1):
        for text in (str(year), f"{str(year)[0]}.{str(year)[1:]}", f"00{year}"):
            assert pattern.search(text) and f.year(text) == year
    for text in (str(low - 1), str(high + 1), "2.0250", "20 25"):
        assert not pattern.search(text)


@pytest.mark.parametrize(
    "text", ["15", "1500000", "1.500.000", "Rp 1.500.000,00", "Rp1500000", "1,5 juta", "750 rb"]
)
def test_the_rupiah_pattern_takes_what_the_parser_takes(app, text):
    assert re.search(formats.RUPIAH, text) and 0 <= f.rupiah(text) <= f.MAX_RUPIAH


def test_the_phone_pattern_takes_only_valid_numbers(app):
    from matchmaker.profiles.fields import phone

    pattern = re.compile(formats.PHONE)
    for prefix in ("0", "62", "+62"):
        for operator in ("811", "822", "838", "852", "859", "877", "881", "899"):
            for rest in ("123456", "1234567", "12345678", "123456789"):
                number = prefix + operator + rest
                if prefix == "62" and len(rest) == 6:  # a national number 62…: not promised
                    assert not pattern.search(number)
                    continue
                assert pattern.search(number)
                assert phone(number) == "+62" + operator + rest, number
    assert not pattern.search("0810123456")


def test_dates_not_after_today(app):
    today = date.today()
    pattern = re.compile(formats.not_after(today))
    for day in (today, today - timedelta(1), today - timedelta(40), date(today.year - 1, 12, 31)):
        assert pattern.search(day.isoformat()) and f.past_date(day.isoformat()) == day
    for day in (today + timedelta(1), today + timedelta(40), date(today.year + 1, 1, 1)):
        assert not pattern.search(day.isoformat())
