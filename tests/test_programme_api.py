"""The programme through the JSON API: an official's whole journey, every bad input named,
refused status steps, duplicates, photos checked by content, the overdue list, and
answers that match the OpenAPI document."""

import io
from datetime import date, timedelta

import pytest
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from PIL import Image

from matchmaker.auth.models import Membership, Role
from matchmaker.core.extensions import db
from matchmaker.wub.cohorts import api as cohorts_api
from matchmaker.wub.cohorts.models import Cohort, Participant, WubStatus
from matchmaker.wub.monitoring import api as monitoring_api
from matchmaker.wub.monitoring.models import MonitoringVisit, VisitPhoto
from tests import factories
from tests.conftest import api_token

API = "/api/v1"
_TOKENS: dict = {}


def token(client, user) -> dict:
    """One token per user and test: the token endpoint is rate-limited like a login."""
    key = (id(client), user.id)
    if key not in _TOKENS:
        _TOKENS[key] = api_token(client, user)
    return _TOKENS[key]


@pytest.fixture(autouse=True)
def _forget_tokens():
    yield
    _TOKENS.clear()


@pytest.fixture
def call(client, official):
    """`call(method, path, **kw)` as the official."""

    def send(method: str, path: str, **kw):
        return client.open(API + path, method=method, headers=token(client, official), **kw)

    return send


def conforms(body, name: str) -> dict:
    """Check a body against its schema in the served OpenAPI document, keys exactly."""
    from matchmaker.api import document

    doc = document()
    OAS30Validator(
        {**doc, "$ref": f"#/components/schemas/{name}"}, format_checker=oas30_format_checker
    ).validate(body)
    assert set(body) == set(doc["components"]["schemas"][name]["properties"])
    return body


def fields_of(response, status: int = 422) -> set[str]:
    assert response.status_code == status, response.get_json()
    conforms(response.get_json(), "Error")
    return set(response.get_json()["error"]["fields"])


def jpeg_bytes(size=(40, 30), fmt="JPEG", exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    extra = {}
    if exif:
        info = Image.Exif()
        info[0x010F] = "KameraHP"  # Make
        extra["exif"] = info.tobytes()
    image.save(out, fmt, **extra)
    return out.getvalue()


def upload(call, visit_id: int, data: bytes, name: str = "foto.jpg"):
    return call(
        "POST",
        f"/visits/{visit_id}/photos",
        data={"photo": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


# --- the whole journey ---------------------------------------------------------------------


def test_official_journey_cohort_participants_status_visit_photo(call):
    made = call(
        "POST",
        "/cohorts",
        json={
            "name": "Kerajinan Logam Cepogo",
            "year": 2024,
            "trade": "Kerajinan logam",
            "destination": "Cepogo, Boyolali",
            "seksi": "Seksi ILMO",
            "start_date": "17/08/2024",
            "end_date": "30 Agustus 2024",
        },
    )
    assert made.status_code == 201
    cohort = conforms(made.get_json(), "Cohort")
    assert made.headers["Location"].endswith(f"/cohorts/{cohort['id']}")
    assert (cohort["trade"], cohort["seksi"], cohort["start_date"]) == (
        "metal_crafts",
        "ILMO",
        "2024-08-17",
    )
    assert cohort["participant_count"] == 0 and cohort["budget_source"] == "APBD"

    added = call(
        "POST",
        f"/cohorts/{cohort['id']}/participants",
        json={
            "name": "  Rina   Wulandari ",
            "phone": "0812-3456-7001",
            "kecamatan": "setu",
            "education": "SMK",
            "birth_date": "05-03-2004",
        },
    )
    assert added.status_code == 201
    person = conforms(added.get_json(), "Participant")
    assert person["name"] == "Rina Wulandari" and person["phone"] == "+6281234567001"
    assert (person["education"], person["priority"], person["trade"]) == (
        "slta",
        True,
        "metal_crafts",
    )
    assert person["status"] == "selected" and person["birth_date"] == "2004-03-05"
    assert person["status_since"] == date.today().isoformat()

    pid = person["id"]
    for step in ("in_training", "lulus"):
        body = {"status": step, "changed_on": None, "note": None, "business_id": None}
        moved = call("POST", f"/participants/{pid}/status", json=body)
        assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["status"] == "trained"
    assert "started" in moved.get_json()["allowed_next"]

    no_business = call("POST", f"/participants/{pid}/status", json={"status": "started"})
    assert fields_of(no_business, 409) == {"business_id"}  # a rule of state, not a bad value
    business = factories.BusinessFactory()
    started = call(
        "POST",
        f"/participants/{pid}/status",
        json={"status": "started", "business_id": business.id, "note": "Buka bengkel"},
    )
    assert started.status_code == 200
    assert conforms(started.get_json(), "Participant")["business_id"] == business.id

    history = conforms(call("GET", f"/participants/{pid}/history").get_json(), "StatusChangePage")
    for change in history["items"]:
        conforms(change, "StatusChange")
    assert [c["status"] for c in history["items"]] == [
        "selected",
        "in_training",
        "trained",
        "started",
    ]
    assert history["items"][-1]["previous"] == "trained"
    assert history["items"][-1]["note"] == "Buka bengkel"
    assert history["items"][-1]["changed_by"]["name"] and history["items"][1]["note"] == ""

    visit = call(
        "POST",
        f"/participants/{pid}/visits",
        json={
            "visited_on": date.today().isoformat(),
            "operating": "ya",
            "employees": 2,
            "revenue_band": "3.500.000",
            "problems": ["capital", "marketing"],
            "notes": "Butuh modal untuk mesin las.",
        },
    )
    assert visit.status_code == 201
    found = conforms(visit.get_json(), "Visit")
    assert (found["revenue_band"], found["problems"]) == ("1m-5m", ["capital", "marketing"])
    assert found["officer"]["name"] and found["photos"] == []

    photo = upload(call, found["id"], jpeg_bytes((2400, 1800), exif=True))
    assert photo.status_code == 201, photo.get_json()
    stored = conforms(photo.get_json(), "VisitPhoto")
    assert max(stored["width"], stored["height"]) == 1600  # scaled down
    image = call("GET", f"/photos/{stored['id']}")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert not Image.open(io.BytesIO(image.data)).getexif()  # metadata stripped

    again = conforms(call("GET", f"/visits/{found['id']}").get_json(), "Visit")
    assert [p["id"] for p in again["photos"]] == [stored["id"]]
    assert again["photos"][0]["url"] == f"/api/v1/photos/{stored['id']}"
    listed = conforms(call("GET", f"/participants/{pid}/visits").get_json(), "VisitPage")
    assert [v["id"] for v in listed["items"]] == [found["id"]]

    counted = conforms(call("GET", f"/cohorts/{cohort['id']}").get_json(), "Cohort")
    assert counted["participant_count"] == 1
    overdue = conforms(call("GET", "/visits/overdue").get_json(), "OverduePage")
    assert overdue["items"] == [] and overdue["interval"] == 90  # visited today


# --- cohorts -------------------------------------------------------------------------------


GOOD_COHORT = {"name": "Las Bogor", "year": 2025, "trade": "welding"}


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({}, {"name", "year", "trade"}),
        ({**GOOD_COHORT, "year": 1990}, {"year"}),
        ({**GOOD_COHORT, "year": "dua ribu"}, {"year"}),
        ({**GOOD_COHORT, "trade": "menjahit baju pengantin"}, {"trade"}),
        ({**GOOD_COHORT, "seksi": "Seksi Tekstil"}, {"seksi"}),
        ({**GOOD_COHORT, "start_date": "31/02/2024"}, {"start_date"}),
        ({**GOOD_COHORT, "name": "x" * 161, "colour": "merah"}, {"name", "colour"}),
    ],
)
def test_bad_cohort_names_each_field_and_saves_nothing(call, body, named):
    assert fields_of(call("POST", "/cohorts", json=body)) == named
    assert db.session.query(Cohort).count() == 0


def test_an_end_before_the_start_is_a_conflict_naming_it(call):
    """Each date is well formed (the schema's 422); their order is a rule across fields,
    which the document cannot state: 409 naming end_date (was 422)."""
    body = {**GOOD_COHORT, "start_date": "2024-08-10", "end_date": "2024-08-01"}
    assert fields_of(call("POST", "/cohorts", json=body), 409) == {"end_date"}
    assert db.session.query(Cohort).count() == 0


def test_cohort_name_is_unique_per_year_and_patch_keeps_the_rest(call):
    """A name taken that year is a conflict with a record: 409 naming it (was 422)."""
    first = call("POST", "/cohorts", json=GOOD_COHORT).get_json()
    taken = call("POST", "/cohorts", json={**GOOD_COHORT, "name": "las BOGOR"})
    assert fields_of(taken, 409) == {"name"}
    assert call("POST", "/cohorts", json={**GOOD_COHORT, "year": 2024}).status_code == 201
    patched = call("PATCH", f"/cohorts/{first['id']}", json={"destination": "Bogor"})
    assert patched.status_code == 200
    body = conforms(patched.get_json(), "Cohort")
    assert (body["destination"], body["name"], body["seksi"]) == ("Bogor", "Las Bogor", "ILMO")
    bad = call("PATCH", f"/cohorts/{first['id']}", json={"destination": "X", "year": 1800})
    assert fields_of(bad) == {"year"}
    assert db.session.get(Cohort, first["id"]).destination == "Bogor"


def test_cohort_list_filters_and_pages(call):
    for n, (year, trade) in enumerate(
        [(2023, "welding"), (2024, "electronics"), (2024, "welding")]
    ):
        call("POST", "/cohorts", json={"name": f"Angkatan {n}", "year": year, "trade": trade})
    factories.ParticipantFactory(cohort=db.session.scalars(db.select(Cohort)).first())
    everything = conforms(call("GET", "/cohorts").get_json(), "CohortPage")
    assert [c["year"] for c in everything["items"]] == [2024, 2024, 2023]
    assert sum(c["participant_count"] for c in everything["items"]) == 1
    ilmo = call("GET", "/cohorts?seksi=ILMO&year=2024").get_json()["items"]
    assert [c["name"] for c in ilmo] == ["Angkatan 2"]
    assert [c["trade"] for c in call("GET", "/cohorts?trade=Elektronika").get_json()["items"]] == [
        "electronics"
    ]
    first = call("GET", "/cohorts?limit=2").get_json()
    assert len(first["items"]) == 2 and first["next"]
    rest = call("GET", f"/cohorts?limit=2&cursor={first['next']}").get_json()
    assert len(rest["items"]) == 1 and rest["next"] is None
    assert fields_of(call("GET", "/cohorts?limit=0&cursor=abc&seksi=X")) == {
        "limit",
        "cursor",
        "seksi",
    }


def test_cohort_delete_refused_while_it_has_participants(call):
    participant = factories.ParticipantFactory()
    refused = call("DELETE", f"/cohorts/{participant.cohort_id}")
    assert refused.status_code == 409 and "peserta" in refused.get_json()["error"]["message"]
    empty = call("POST", "/cohorts", json=GOOD_COHORT).get_json()
    assert call("DELETE", f"/cohorts/{empty['id']}").status_code == 204
    assert call("GET", f"/cohorts/{empty['id']}").status_code == 404
    assert db.session.get(Cohort, participant.cohort_id) is not None


# --- participants --------------------------------------------------------------------------


GOOD_PERSON = {"name": "Dedi Kurniawan", "kecamatan": "Cibitung", "phone": "+62 813-1111-2222"}


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({}, {"name", "kecamatan"}),
        ({**GOOD_PERSON, "phone": "12345"}, {"phone"}),
        ({**GOOD_PERSON, "kecamatan": "Bandung"}, {"kecamatan"}),
        ({**GOOD_PERSON, "education": "kuliah di luar negeri"}, {"education"}),
        ({**GOOD_PERSON, "birth_date": "01/01/2020"}, {"birth_date"}),
        ({**GOOD_PERSON, "priority": "mungkin"}, {"priority"}),
        ({**GOOD_PERSON, "status": "pensiun"}, {"status"}),
        ({**GOOD_PERSON, "trade": "menjahit baju pengantin", "umur": 20}, {"trade", "umur"}),
    ],
)
def test_bad_participant_names_each_field_and_saves_nothing(call, body, named):
    cohort = factories.CohortFactory()
    assert fields_of(call("POST", f"/cohorts/{cohort.id}/participants", json=body)) == named
    assert db.session.query(Participant).count() == 0


def test_duplicate_participant_is_same_name_and_phone(call):
    cohort, other = factories.CohortFactory(), factories.CohortFactory()
    assert call("POST", f"/cohorts/{cohort.id}/participants", json=GOOD_PERSON).status_code == 201
    twin = {**GOOD_PERSON, "name": "dedi  KURNIAWAN", "phone": "081311112222"}
    duplicate = call("POST", f"/cohorts/{other.id}/participants", json=twin)
    assert fields_of(duplicate, 409) == {"name"}  # a conflict with a record (was 422)
    assert cohort.name in duplicate.get_json()["error"]["fields"]["name"]
    namesake = {**GOOD_PERSON, "phone": "081399998888"}
    assert call("POST", f"/cohorts/{other.id}/participants", json=namesake).status_code == 201
    assert db.session.query(Participant).count() == 2


def test_participant_patch_moves_cohort_but_not_status(call):
    person = factories.ParticipantFactory()
    other = factories.CohortFactory()
    url = f"/participants/{person.id}"
    moved = call("PATCH", url, json={"cohort_id": other.id, "phone": "0857-1234-5678"})
    body = conforms(moved.get_json(), "Participant")
    assert (body["cohort_id"], body["phone"]) == (other.id, "+6285712345678")
    named = call("PATCH", url, json={"status": "closed", "cohort_id": 999999, "phone": "1"})
    assert fields_of(named) == {"status", "phone"}  # not in the document; not a phone
    # A well-formed id naming no cohort is 404 naming it (was 422).
    assert fields_of(call("PATCH", url, json={"cohort_id": 999999}), 404) == {"cohort_id"}
    assert db.session.get(Participant, person.id).status == WubStatus.TRAINED
    assert fields_of(call("PATCH", url, json={"cohort_id": "dua"})) == {"cohort_id"}


def test_blank_priority_is_worked_out_not_stored_as_null(call):
    """Found by fuzzing: {"priority": null} without education was a 500 (NOT NULL)."""
    person = factories.ParticipantFactory(priority=False)
    patched = call("PATCH", f"/participants/{person.id}", json={"priority": None})
    assert conforms(patched.get_json(), "Participant")["priority"] is True  # SLTA
    cohort = factories.CohortFactory()
    body = {"name": "Rina", "kecamatan": "Setu", "priority": None}
    created = call("POST", f"/cohorts/{cohort.id}/participants", json=body)
    assert created.status_code == 201 and created.get_json()["priority"] is False


def test_participant_list_filters_and_pages(call):
    cohort = factories.CohortFactory()
    for name, kecamatan in [("Ani", "Setu"), ("Budi", "Setu"), ("Cici", "Tambun Selatan")]:
        factories.ParticipantFactory(
            cohort=cohort, name=name, kecamatan=factories.kecamatan(kecamatan)
        )
    factories.ParticipantFactory(name="Dodi", status=WubStatus.STARTED)
    names = lambda path: [p["name"] for p in call("GET", path).get_json()["items"]]  # noqa: E731
    assert names(f"/participants?cohort={cohort.id}") == ["Ani", "Budi", "Cici"]
    assert names(f"/cohorts/{cohort.id}/participants?kecamatan=Tambun Selatan") == ["Cici"]
    assert names("/participants?status=mulai usaha") == ["Dodi"]
    assert names("/participants?q=bud") == ["Budi"]
    page = conforms(call("GET", "/participants?limit=3").get_json(), "ParticipantPage")
    assert len(page["items"]) == 3
    assert names(f"/participants?limit=3&cursor={page['next']}") == ["Dodi"]
    assert fields_of(call("GET", "/participants?cohort=x&kecamatan=Bandung&status=y")) == {
        "cohort",
        "kecamatan",
        "status",
    }
    assert call("GET", "/cohorts/999999/participants").status_code == 404


# --- status steps --------------------------------------------------------------------------


def test_refused_status_steps_answer_409_with_the_reason(call):
    person = factories.ParticipantFactory()  # trained
    url = f"/participants/{person.id}/status"
    back = call("POST", url, json={"status": "selected"})
    assert back.status_code == 409
    assert "Lulus pelatihan" in back.get_json()["error"]["message"]
    assert "Terpilih" in back.get_json()["error"]["message"]
    assert call("POST", url, json={"status": "tutup", "note": "Pindah kota"}).status_code == 200
    final = call("POST", url, json={"status": "operating"})
    assert final.status_code == 409
    assert [c.status for c in db.session.get(Participant, person.id).history][-1] == (
        WubStatus.CLOSED
    )


@pytest.mark.parametrize(
    ("body", "named", "status"),
    [
        ({}, {"status"}, 422),
        ({"status": "naik kelas"}, {"status"}, 422),
        # Before the last change, or `started` with no business: rules of the participant's
        # state, which the document cannot state (409, was 422).
        ({"status": "operating", "changed_on": "2024-07-01"}, {"changed_on"}, 409),
        ({"status": "operating", "changed_on": "01/01/2099"}, {"changed_on"}, 422),
        ({"status": "operating", "note": "x" * 501}, {"note"}, 422),
        ({"status": "operating", "note": 12}, {"note"}, 422),
        ({"status": "started"}, {"business_id"}, 409),
        ({"status": "started", "business_id": 999999}, {"business_id"}, 404),  # was 422
        ({"status": "started", "business_id": "satu"}, {"business_id"}, 422),
        ({"status": "operating", "by": "saya"}, {"by"}, 422),
    ],
)
def test_bad_status_step_names_the_field_and_changes_nothing(call, body, named, status):
    person = factories.ParticipantFactory()
    answer = call("POST", f"/participants/{person.id}/status", json=body)
    assert fields_of(answer, status) == named
    db.session.refresh(person)
    assert person.status == WubStatus.TRAINED and len(person.history) == 2
    assert person.business_id is None


def test_a_business_links_to_one_participant_only(call):
    business = factories.BusinessFactory()
    factories.ParticipantFactory(business=business)
    other = factories.ParticipantFactory()
    taken = call(
        "POST",
        f"/participants/{other.id}/status",
        json={"status": "started", "business_id": business.id},
    )
    assert fields_of(taken, 409) == {"business_id"}  # a conflict with a record (was 422)
    assert db.session.get(Participant, other.id).business_id is None


# --- visits and photos ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({}, {"visited_on", "operating"}),
        ({"visited_on": "2025-01-01", "operating": "kadang"}, {"operating"}),
        ({"visited_on": "2025-01-01", "operating": True, "problems": ["cuaca"]}, {"problems"}),
        ({"visited_on": "2025-01-01", "operating": True, "employees": -3}, {"employees"}),
        (
            {"visited_on": "2025-01-01", "operating": True, "revenue_band": "banyak"},
            {"revenue_band"},
        ),
    ],
)
def test_bad_visit_names_each_field_and_saves_nothing(call, body, named):
    person = factories.ParticipantFactory()
    assert fields_of(call("POST", f"/participants/{person.id}/visits", json=body)) == named
    assert db.session.query(MonitoringVisit).count() == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (
            {"visited_on": "2025-08-17", "operating": True, "employees": 1500},
            {"visited_on": "2025-08-17", "operating": True, "employees": 1500},
        ),
        (
            {"visited_on": "17/08/2025", "operating": "ya", "employees": "1.500"},
            {"visited_on": "2025-08-17", "operating": True, "employees": 1500},
        ),
        (
            {"visited_on": "17 Agustus 2025", "operating": "tidak", "partner_orders": "12"},
            {"visited_on": "2025-08-17", "operating": False, "partner_orders": 12},
        ),
        (
            {"visited_on": 45886, "operating": False, "revenue_band": "3,5 juta"},
            {"visited_on": "2025-08-17", "revenue_band": "1m-5m"},
        ),
        (
            {"visited_on": "2025-08-17", "operating": "1", "revenue_band": "Rp12.000.000,00"},
            {"revenue_band": "10m-25m", "problems": []},
        ),
        (
            {"visited_on": "2025-08-17", "operating": True, "problems": "capital,quality"},
            {"problems": ["capital", "quality"]},
        ),
        (
            {"visited_on": "2025-08-17", "operating": True, "employees": None, "notes": None},
            {"employees": None, "notes": ""},
        ),
    ],
)
def test_a_visit_as_a_number_or_as_officials_type_it(call, typed, stored):
    person = factories.ParticipantFactory()
    made = call("POST", f"/participants/{person.id}/visits", json=typed)
    assert made.status_code == 201, made.get_json()
    found = conforms(made.get_json(), "Visit")
    assert {name: found[name] for name in stored} == stored


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"employees": "1,5"}, "employees"),
        ({"employees": "100.001"}, "employees"),
        ({"employees": ""}, "employees"),
        ({"partner_orders": True}, "partner_orders"),
        ({"visited_on": "31/02/2025"}, "visited_on"),
        ({"operating": "kadang-kadang"}, "operating"),
        ({"problems": "capital;quality"}, "problems"),
        ({"notes": "x" * 4001}, "notes"),
        ({"officer": "Budi"}, "officer"),
    ],
)
def test_a_visit_outside_its_document_is_422_naming_the_field(call, body, named):
    person = factories.ParticipantFactory()
    sent = {"visited_on": "2025-08-17", "operating": True, **body}
    assert fields_of(call("POST", f"/participants/{person.id}/visits", json=sent)) == {named}


def test_the_documented_visit_formats_are_the_ones_read(app):
    """The patterns in VisitInput take what the parsers read (samples of each form)."""
    import re

    from matchmaker.api import document
    from matchmaker.wub import fields as wub_fields

    typed = document()["components"]["schemas"]["VisitInput"]["properties"]
    pattern = re.compile(typed["visited_on"]["anyOf"][1]["pattern"])
    for text in ("17/08/2025", "1-8-25", "29.02.2024", "17 Agustus 2025", "3 jan. 24", "45886"):
        assert pattern.search(text), text
        assert wub_fields.a_date(text)
    for text in ("31/02/2025", "29/02/2023", "31 April 2025", "0/1/2025", "17/13/2025"):
        assert not pattern.search(text), text  # no such day: a schema-valid date is one
        with pytest.raises(ValueError):
            wub_fields.a_date(text)
    whole = re.compile(typed["employees"]["anyOf"][1]["pattern"])
    for text, number in (("0", 0), ("1.500", 1500), ("99.999", 99_999), ("100000", 100_000)):
        assert whole.search(text) and wub_fields.count(text) == number
    assert not whole.search("100.001") and not whole.search("100001")


def test_no_visit_before_the_training_is_finished_or_after_today(call):
    """Well-formed, but not allowed yet: 409 naming what is in the way (was 422)."""
    person = factories.ParticipantFactory(status=WubStatus.IN_TRAINING)
    body = {"visited_on": "2025-01-01", "operating": False}
    assert fields_of(call("POST", f"/participants/{person.id}/visits", json=body), 409) == {
        "participant"
    }
    later = {"visited_on": "01/01/2099", "operating": True}
    visited = factories.ParticipantFactory()
    assert fields_of(call("POST", f"/participants/{visited.id}/visits", json=later), 409) == {
        "visited_on"
    }
    assert db.session.query(MonitoringVisit).count() == 0


def test_photos_are_checked_by_content_and_counted(app, call):
    visit = factories.VisitFactory()
    renamed = upload(call, visit.id, b"%PDF-1.4 not a photo", "foto.jpg")
    assert fields_of(renamed) == {"photo"}
    assert "foto.jpg" in renamed.get_json()["error"]["fields"]["photo"]
    assert fields_of(call("POST", f"/visits/{visit.id}/photos", data={})) == {"photo"}
    assert upload(call, visit.id, jpeg_bytes(fmt="PNG"), "kios.png").status_code == 201
    app.config["VISIT_PHOTOS_MAX"] = 2
    try:
        assert upload(call, visit.id, jpeg_bytes()).status_code == 201
        over = upload(call, visit.id, jpeg_bytes())
    finally:
        app.config["VISIT_PHOTOS_MAX"] = 4
    # The visit is full: 409 (was 422), the photo itself was fine.
    assert fields_of(over, 409) == {"photo"}
    assert "2" in over.get_json()["error"]["fields"]["photo"]
    assert db.session.query(VisitPhoto).count() == 2
    assert upload(call, 999999, jpeg_bytes()).status_code == 404


def test_deleting_a_visit_removes_its_photos(call):
    visit_id = factories.VisitFactory().id
    photo_id = upload(call, visit_id, jpeg_bytes()).get_json()["id"]
    assert call("DELETE", f"/visits/{visit_id}").status_code == 204
    assert call("GET", f"/visits/{visit_id}").status_code == 404
    assert call("GET", f"/photos/{photo_id}").status_code == 404


# --- overdue -------------------------------------------------------------------------------


def test_overdue_lists_started_businesses_longest_waiting_first(call):
    today = date.today()
    never = factories.ParticipantFactory(
        name="Belum Dikunjungi", status=WubStatus.STARTED, status_since=today - timedelta(200)
    )
    visited_long_ago = factories.ParticipantFactory(
        name="Lama", status=WubStatus.OPERATING, status_since=today - timedelta(400)
    )
    factories.VisitFactory(participant=visited_long_ago, visited_on=today - timedelta(120))
    recent = factories.ParticipantFactory(status=WubStatus.GROWING, status_since=today)
    factories.VisitFactory(participant=recent, visited_on=today - timedelta(10))
    factories.ParticipantFactory(status=WubStatus.TRAINED, status_since=today - timedelta(500))

    found = conforms(call("GET", "/visits/overdue").get_json(), "OverduePage")
    for item in found["items"]:
        conforms(item, "OverdueVisit")
    assert [i["participant"]["id"] for i in found["items"]] == [never.id, visited_long_ago.id]
    first, second = found["items"]
    assert first["last_visit"] is None and first["days_late"] == 110
    assert first["due_on"] == (today - timedelta(110)).isoformat()
    assert second["last_visit"] == (today - timedelta(120)).isoformat()
    assert second["days_late"] == 30 and second["participant"]["phone"].startswith("+62")

    weekly = call("GET", "/visits/overdue?interval=7").get_json()
    assert weekly["interval"] == 7 and len(weekly["items"]) == 3
    page = call("GET", "/visits/overdue?interval=7&limit=2").get_json()
    rest = call("GET", f"/visits/overdue?interval=7&limit=2&cursor={page['next']}").get_json()
    assert [i["participant"]["id"] for i in page["items"] + rest["items"]] == [
        i["participant"]["id"] for i in weekly["items"]
    ]
    assert rest["next"] is None
    assert call("GET", "/visits/overdue?interval=3650").get_json()["items"] == []
    assert fields_of(call("GET", "/visits/overdue?interval=dua")) == {"interval"}


# --- who may call these --------------------------------------------------------------------


def _programme_routes(app) -> list[tuple[str, str]]:
    """(method, url) of every programme endpoint, ids filled with ones that exist."""
    visit = factories.VisitFactory()
    photo = VisitPhoto(visit=visit, width=1, height=1, data=jpeg_bytes())
    db.session.add(photo)
    db.session.commit()
    ids = {
        "cohort_id": visit.participant.cohort_id,
        "participant_id": visit.participant_id,
        "visit_id": visit.id,
        "photo_id": photo.id,
    }
    views = {
        name
        for module in (cohorts_api, monitoring_api)
        for name, item in vars(module).items()
        if getattr(item, "__module__", "") == module.__name__
    }
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(API) and rule.endpoint.split(".")[-1] in views:
            url = rule.rule
            for name, value in ids.items():
                url = url.replace(f"<int:{name}>", str(value))
            routes += [(m, url) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return routes


def test_only_officials_reach_any_programme_endpoint(app, client):
    routes = _programme_routes(app)
    assert len(routes) == 19
    company = factories.CompanyFactory()
    others = [
        factories.BusinessFactory().owner,
        factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED),
        factories.UserFactory(role=Role.CSR, company=company, membership=Membership.PENDING),
    ]
    for method, url in routes:
        assert client.open(url, method=method, json={}).status_code == 401, url
        bad = {"Authorization": "Bearer palsu"}
        assert client.open(url, method=method, json={}, headers=bad).status_code == 401, url
        for user in others:
            answer = client.open(url, method=method, json={}, headers=token(client, user))
            assert answer.status_code == 403, (user.role, method, url)
            assert set(answer.get_json()["error"]) == {"code", "message", "fields"}
    assert db.session.query(MonitoringVisit).count() == 1  # nothing deleted
    assert db.session.query(Cohort).count() == 1


def test_document_describes_the_programme(app):
    from matchmaker.api import document

    doc = document()
    programme = {
        path: item
        for path, item in doc["paths"].items()
        if path.startswith(("/cohorts", "/participants", "/visits", "/photos"))
    }
    assert len(programme) == 12
    for item in programme.values():
        for method, operation in item.items():
            if method != "parameters":
                assert operation["tags"] in (["cohorts"], ["monitoring"], ["dashboard"])
                assert "403" in operation["responses"]
    schemas = doc["components"]["schemas"]
    assert schemas["Participant"]["properties"]["status"]["enum"] == [s.value for s in WubStatus]
    assert set(schemas["ParticipantInput"]["required"]) == {"name", "kecamatan"}
    assert set(schemas["VisitInput"]["required"]) == {"visited_on", "operating"}
    upload_body = doc["paths"]["/visits/{visit_id}/photos"]["post"]["requestBody"]
    assert "multipart/form-data" in upload_body["content"]
