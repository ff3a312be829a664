"""The JSON API: tokens, profiles, needs and programmes, permissions, errors, OpenAPI."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from matchmaker.auth.models import ApiToken, Membership, Role
from matchmaker.core.extensions import db
from matchmaker.profiles import services
from matchmaker.profiles.models import Company, SmallBusiness
from tests import factories
from tests.conftest import PASSWORD, api_token

API = "/api/v1"
NEW_BUSINESS = {
    "name": "Las Listrik Jaya",
    "trade": "welding",
    "sector": "25111",
    "kecamatan": "setu",
    "phone": "0812-1111-2222",
}
NEW_COMPANY = {
    "name": "PT Baja Cikarang",
    "kecamatan": "Cikarang Selatan",
    "sector": "24101",
    "estate": "EJIP",
    "contact_phone": "021-8970000",
}


def assert_error(response, status: int, *fields: str) -> dict:
    """The response is the API's error shape with this status, naming exactly these fields."""
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["message"]
    assert set(error["fields"]) == set(fields)
    return error


@pytest.fixture
def token_for(client):
    """Authorization headers per user, one token each (the token endpoint is rate limited)."""
    issued: dict[int, dict] = {}

    def headers(user) -> dict:
        if user.id not in issued:
            issued[user.id] = api_token(client, user)
        return issued[user.id]

    return headers


@pytest.fixture
def other_company():
    """A second company with a need and a programme, and its approved CSR user."""
    company = factories.CompanyFactory(estate=factories.estate("EJIP"))
    factories.NeedFactory(company=company)
    factories.ProgrammeFactory(company=company)
    factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    return company


# --- tokens and /me -----------------------------------------------------------------------


def test_token_for_good_credentials(client, owner):
    response = client.post(
        f"{API}/auth/token", json={"email": owner.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert len(body["token"]) > 30
    assert datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC)


@pytest.mark.parametrize(
    "body",
    [
        {"email": "pengguna@contoh.id", "password": "salah-sekali"},
        {"email": "tidak-ada@contoh.id", "password": PASSWORD},
    ],
)
def test_token_for_bad_credentials(client, body):
    factories.UserFactory(email="pengguna@contoh.id")
    error = assert_error(client.post(f"{API}/auth/token", json=body), 401)
    assert error["code"] == "invalid_credentials"


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"email": "pengguna@contoh.id"}, {"password"}),
        ({"email": ["pengguna@contoh.id"], "password": PASSWORD}, {"email"}),
        ({}, {"email", "password"}),
        ({"email": "a\x00@contoh.id", "password": PASSWORD}, {"email"}),  # PostgreSQL: 500
        ({"email": "pengguna@contoh.id", "password": "x\x00"}, {"password"}),
    ],
)
def test_token_request_missing_or_mistyped_names_the_field(client, body, fields):
    """What the document says a token request holds is checked like any body: 422."""
    factories.UserFactory(email="pengguna@contoh.id")
    error = assert_error(client.post(f"{API}/auth/token", json=body), 422, *fields)
    assert error["code"] == "validation_error"


def test_token_endpoint_is_rate_limited(client, app):
    wrong = {"email": "x@contoh.id", "password": "salah"}
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit):
        assert client.post(f"{API}/auth/token", json=wrong).status_code == 401
    assert_error(client.post(f"{API}/auth/token", json=wrong), 429)


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer tidak-sah"}, {"Authorization": "Basic dXNlcjpwYXNz"}]
)
def test_missing_or_invalid_token(client, headers):
    assert_error(client.get(f"{API}/me", headers=headers), 401)
    assert_error(client.get(f"{API}/businesses", headers=headers), 401)


def test_an_id_too_large_to_store_is_404_not_500(client, token_for, owner):
    """Found by fuzzing: a path id past 64 bits overflowed SQLite's INTEGER (500)."""
    huge = 10**30
    for path in [f"/businesses/{huge}", f"/companies/{huge}/programmes", f"/participants/{huge}"]:
        assert_error(client.get(API + path, headers=token_for(owner)), 404)
    # Not 405: the route's GET must not be offered for an id no route takes.
    assert_error(client.delete(f"{API}/companies/1/needs/{huge}", headers=token_for(owner)), 404)


def test_an_id_too_large_to_store_in_a_body_is_named_not_500(client, token_for, owner, official):
    """Found by fuzzing (stateful phase): a body id past 64 bits overflowed SQLite (500)."""
    huge = 10**30
    body = {"business_id": huge, "company_id": huge, "kind": "mentoring"}
    response = client.post(f"{API}/introductions", json=body, headers=token_for(owner))
    assert_error(response, 422, "business_id", "company_id")  # the schema reads both
    participant = factories.ParticipantFactory()
    response = client.patch(
        f"{API}/participants/{participant.id}", json={"cohort_id": huge},
        headers=token_for(official),
    )  # fmt: skip
    assert assert_error(response, 422, "cohort_id")["fields"]["cohort_id"] == "Tidak ditemukan."


def test_method_not_allowed_lists_the_allowed_methods(client):
    """Found by fuzzing: the API's 405 had no Allow header (RFC 9110)."""
    response = client.open(f"{API}/me", method="TRACE")
    assert_error(response, 405)
    assert "GET" in response.headers["Allow"]


def test_expired_token(client, owner):
    headers = api_token(client, owner)
    db.session.execute(update(ApiToken).values(expires_at=datetime.now(UTC) - timedelta(1)))
    db.session.commit()
    assert_error(client.get(f"{API}/me", headers=headers), 401)


def test_me_for_each_role(client, owner, csr, official):
    pending = factories.UserFactory(
        role=Role.CSR, company=csr.company, membership=Membership.PENDING
    )
    expected = [
        (owner, "owner", owner.business.id, None),
        (csr, "csr", None, csr.company_id),
        (official, "official", None, None),
        (pending, "csr", None, None),
    ]
    for user, role, business_id, company_id in expected:
        body = client.get(f"{API}/me", headers=api_token(client, user)).get_json()
        assert (body["id"], body["role"]) == (user.id, role)
        assert (body["business_id"], body["company_id"]) == (business_id, company_id)


# --- listings -----------------------------------------------------------------------------


def test_business_listing_pages_by_cursor(client, official):
    made = [factories.BusinessFactory().id for _ in range(30)]
    headers = api_token(client, official)
    seen, url = [], f"{API}/businesses?limit=12"
    while url:
        body = client.get(url, headers=headers).get_json()
        seen.append([item["id"] for item in body["items"]])
        url = body["next"] and f"{API}/businesses?limit=12&cursor={body['next']}"
    assert [len(page) for page in seen] == [12, 12, 6]
    assert sum(seen, []) == made
    default = client.get(f"{API}/businesses", headers=headers).get_json()
    assert len(default["items"]) == 25 and default["next"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=KUNINGAN", {"Kuningan Setu"}),
        ("trade=welding", {"Las Babelan"}),
        ("trade=tidak-ada", set()),
        ("sector=259", {"Bubut Cibitung"}),
        ("sector=25", {"Bubut Cibitung", "Las Babelan", "Kuningan Setu"}),
        ("kecamatan=karangbahagia", {"Dinamo Karang Bahagia"}),
        ("kecamatan=Atlantis", set()),
        ("trade=welding&kecamatan=Setu", set()),
    ],
)
def test_business_listing_filters(client, owner, query, expected):
    k = factories.kecamatan
    factories.BusinessFactory(name="Bubut Cibitung", kecamatan=k("Cibitung"))
    factories.BusinessFactory(
        name="Las Babelan", trade="welding", kbli_code="25111", kecamatan=k("Babelan")
    )
    factories.BusinessFactory(
        name="Kuningan Setu",
        trade="copper_crafts",
        kbli_code="25120",
        kecamatan=k("Setu"),
        products="Ukiran kuningan",
    )
    factories.BusinessFactory(
        name="Dinamo Karang Bahagia",
        trade="rewinding",
        kbli_code="33141",
        kecamatan=k("Karang Bahagia"),
    )
    owner.business.kbli_code, owner.business.trade = "33121", "other"
    db.session.commit()
    body = client.get(f"{API}/businesses?{query}", headers=api_token(client, owner)).get_json()
    assert {item["name"] for item in body["items"]} - {owner.business.name} == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("estate=ejip", {"PT EJIP"}),
        ("estate=MM2100 Industrial Town (MMID core)", {"PT MM"}),
        ("kecamatan=Cikarang Selatan", {"PT EJIP"}),
        ("sector=24", {"PT EJIP"}),
        ("q=ban", {"PT MM"}),
        ("", {"PT MM", "PT EJIP"}),
    ],
)
def test_company_listing_filters(client, owner, query, expected):
    factories.CompanyFactory(name="PT MM", description="Ban dan velg")
    factories.CompanyFactory(
        name="PT EJIP",
        estate=factories.estate("EJIP"),
        kbli_code="24101",
        kecamatan=factories.kecamatan("Cikarang Selatan"),
    )
    body = client.get(f"{API}/companies?{query}", headers=api_token(client, owner)).get_json()
    assert {item["name"] for item in body["items"]} == expected
    assert body["next"] is None


@pytest.mark.parametrize(
    "query, field",
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("limit=", "limit"),
        ("cursor=!!!", "cursor"),
        ("cursor=", "cursor"),
        ("cursor=abc", "cursor"),
        ("cursor=aWQ6NQ", "cursor"),  # "id:5", a cursor as they were before they were signed
        ("cursor=eDo1", "cursor"),  # "x:5"
        ("cursor=" + "a" * 201, "cursor"),
        ("limit=0&cursor=abc", "limit"),  # with cursor too: both named (see below)
    ],
)
@pytest.mark.parametrize("resource", ["businesses", "companies"])
def test_listing_rejects_bad_paging(client, owner, resource, query, field):
    response = client.get(f"{API}/{resource}?{query}", headers=api_token(client, owner))
    fields = {name.split("=")[0] for name in query.split("&")}
    assert field in fields
    assert_error(response, 422, *fields)


# --- reading one, and who sees contacts ----------------------------------------------------


def test_business_contacts_only_for_owner_and_officials(client, token_for, owner, csr, official):
    url = f"{API}/businesses/{owner.business.id}"
    other_owner = factories.BusinessFactory().owner
    for viewer, visible in [(owner, True), (official, True), (other_owner, False), (csr, False)]:
        body = client.get(url, headers=token_for(viewer)).get_json()
        assert body["contact_visible"] is visible
        contacts = [body["phone"], body["email"], body["owner_name"]]
        assert all(contacts) if visible else contacts == [None, None, None]
        listed = client.get(f"{API}/businesses", headers=token_for(viewer)).get_json()
        mine = next(item for item in listed["items"] if item["id"] == owner.business.id)
        assert mine == body


def test_business_fields_as_documented(client, owner):
    body = client.get(
        f"{API}/businesses/{owner.business.id}", headers=api_token(client, owner)
    ).get_json()
    assert (body["sector"], body["kecamatan"], body["trade"]) == (
        "25920",
        "Cikarang Barat",
        "machining",
    )
    assert body["phone"] == "+6281234567890" and body["kbli_edition"] == 2020
    assert body["created_at"].endswith("+00:00") and datetime.fromisoformat(body["updated_at"])


def test_company_contacts_only_for_its_staff_and_officials(
    client, owner, csr, official, other_company
):
    url = f"{API}/companies/{csr.company_id}"
    other_csr = other_company.staff[0]
    for viewer, visible in [(csr, True), (official, True), (other_csr, False), (owner, False)]:
        body = client.get(url, headers=api_token(client, viewer)).get_json()
        assert body["contact_visible"] is visible
        contacts = [body["contact_email"], body["contact_phone"]]
        assert all(contacts) if visible else contacts == [None, None]
        assert body["estate"] == "MM2100" and len(body["needs"]) == len(body["programmes"]) == 1


@pytest.mark.parametrize(
    "path",
    [
        "businesses/999999",
        "companies/999999",
        "companies/999999/needs",
        "companies/999999/programmes/1",
        "businesses/abc",
    ],
)
def test_missing_records_are_404(client, owner, path):
    assert_error(client.get(f"{API}/{path}", headers=api_token(client, owner)), 404)


# --- creating and changing profiles --------------------------------------------------------


def test_owner_creates_their_one_business(client):
    user = factories.UserFactory(role=Role.OWNER, name="Siti Aminah")
    headers = api_token(client, user)
    response = client.post(f"{API}/businesses", json=NEW_BUSINESS, headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/businesses/{body['id']}")
    assert (body["owner_name"], body["kecamatan"], body["phone"]) == (
        "Siti Aminah",
        "Setu",
        "+6281211112222",
    )
    assert client.get(f"{API}/me", headers=headers).get_json()["business_id"] == body["id"]
    again = client.post(f"{API}/businesses", json=NEW_BUSINESS, headers=headers)
    assert assert_error(again, 409)["code"] == "business_exists"


def test_a_second_create_that_loses_the_race_is_409_not_500(client, monkeypatch):
    """The check before saving passed for both requests; the database's rule stops the
    second, which the service answers as the same 409."""
    from matchmaker.profiles import services

    headers = api_token(client, factories.UserFactory(role=Role.OWNER))
    assert client.post(f"{API}/businesses", json=NEW_BUSINESS, headers=headers).status_code == 201
    monkeypatch.setattr(services, "check_may_add_business", lambda owner: None)
    again = client.post(f"{API}/businesses", json=NEW_BUSINESS, headers=headers)
    assert assert_error(again, 409)["code"] == "business_exists"


def test_who_may_create_profiles(client, csr, official):
    assert_error(
        client.post(f"{API}/businesses", json=NEW_BUSINESS, headers=api_token(client, csr)), 403
    )
    refused = assert_error(
        client.post(f"{API}/companies", json=NEW_COMPANY, headers=api_token(client, csr)), 403
    )
    # the one officials_only of matchmaker.api, with its one message
    assert refused["message"] == "Hanya petugas yang dapat melihat atau mengubah ini."
    headers = api_token(client, official)
    business = client.post(f"{API}/businesses", json=NEW_BUSINESS, headers=headers)
    assert business.status_code == 201
    assert db.session.get(SmallBusiness, business.get_json()["id"]).owner_id is None
    company = client.post(f"{API}/companies", json=NEW_COMPANY, headers=headers)
    assert company.status_code == 201
    assert company.get_json()["estate"] == "EJIP"
    assert company.get_json()["contact_phone"] == "+62218970000"


@pytest.mark.parametrize(
    "resource, body, fields",
    [
        ("businesses", {}, {"name", "trade", "sector", "kecamatan"}),
        ("businesses", {**NEW_BUSINESS, "name": None, "trade": ""}, {"name", "trade"}),
        ("companies", {"estate": "Nowhere"}, {"name", "kecamatan", "sector"}),
    ],
)
def test_create_requires_fields(client, official, resource, body, fields):
    response = client.post(f"{API}/{resource}", json=body, headers=api_token(client, official))
    assert_error(response, 422, *fields)


@pytest.mark.parametrize(
    "resource, changes, fields",
    [
        ("companies", {"estate": "Nowhere"}, {"estate"}),
        ("companies", {"kecamatan": "Atlantis", "sector": "99999"}, {"kecamatan", "sector"}),
        ("businesses", {"kecamatan": "Atlantis"}, {"kecamatan"}),
    ],
)
def test_a_name_or_code_of_no_reference_row_is_404_naming_it(
    client, official, resource, changes, fields
):
    """Like an id naming no record: the value has the documented form, but no row."""
    body = {**(NEW_COMPANY if resource == "companies" else NEW_BUSINESS), **changes}
    response = client.post(f"{API}/{resource}", json=body, headers=api_token(client, official))
    assert_error(response, 404, *fields)


def test_owner_patches_own_business(client, owner):
    response = client.patch(
        f"{API}/businesses/{owner.business.id}",
        json={"name": "Bubut Baru", "employees": "1.200"},
        headers=api_token(client, owner),
    )
    assert response.status_code == 200
    assert (response.get_json()["name"], response.get_json()["employees"]) == ("Bubut Baru", 1200)
    assert response.get_json()["trade"] == "machining"  # untouched
    assert db.session.get(SmallBusiness, owner.business.id).name == "Bubut Baru"


def test_patch_needs_the_right_to_edit(client, token_for, owner, csr, other_company):
    other_business = factories.BusinessFactory()
    cases = [
        (owner, f"businesses/{other_business.id}", 404),
        (csr, f"businesses/{owner.business.id}", 404),
        (csr, f"companies/{other_company.id}", 404),
        (other_company.staff[0], f"companies/{other_company.id}", 200),
        (csr, f"companies/{csr.company_id}", 200),
        (owner, f"companies/{csr.company_id}", 404),
        (owner, "businesses/999999", 404),
    ]
    for user, path, status in cases:
        response = client.patch(f"{API}/{path}", json={"name": "Diubah"}, headers=token_for(user))
        assert response.status_code == status, (user.role, path)
    assert other_business.name != "Diubah"


def test_pending_csr_cannot_edit_company(client, csr):
    pending = factories.UserFactory(
        role=Role.CSR, company=csr.company, membership=Membership.PENDING
    )
    response = client.patch(
        f"{API}/companies/{csr.company_id}", json={"name": "X"}, headers=api_token(client, pending)
    )
    assert_error(response, 404)


def test_official_patches_anything(client, owner, csr, official):
    headers = api_token(client, official)
    for path in (
        f"businesses/{owner.business.id}",
        f"companies/{csr.company_id}",
        f"companies/{csr.company_id}/needs/{csr.company.needs[0].id}",
        f"companies/{csr.company_id}/programmes/{csr.company.programmes[0].id}",
    ):
        key = "name" if path.count("/") == 1 else "title"
        response = client.patch(f"{API}/{path}", json={key: "Oleh Dinas"}, headers=headers)
        assert response.status_code == 200 and response.get_json()[key] == "Oleh Dinas"


@pytest.mark.parametrize(
    "body, field, hint",
    [
        ({"name": ""}, "name", ""),
        ({"name": 5}, "name", ""),
        ({"name": "x" * 121}, "name", "120"),
        ({"employees": "banyak"}, "employees", ""),
        ({"employees": True}, "employees", ""),
        ({"employees": 2.5}, "employees", ""),
        ({"founded_year": 1800}, "founded_year", "1900"),
        ({"kecamatan": 8}, "kecamatan", "Tarumajaya"),
        ({"trade": "roti"}, "trade", "machining"),
        ({"sector": "2592a"}, "sector", ""),
        ({"phone": "12345"}, "phone", "0812"),
        ({"email": "bukan-email"}, "email", ""),
        ({"accepting_requests": "mungkin"}, "accepting_requests", ""),
        ({"warna": "merah"}, "warna", ""),
        ({"name": "Boleh", "phone": "0"}, "phone", ""),
        ({"kbli_edition": 2022}, "kbli_edition", "2025"),
        ({"employees": "2.5"}, "employees", ""),
    ],
)
def test_invalid_patch_names_the_field_and_saves_nothing(client, owner, body, field, hint):
    url, headers = f"{API}/businesses/{owner.business.id}", api_token(client, owner)
    before = client.get(url, headers=headers).get_json()
    error = assert_error(client.patch(url, json=body, headers=headers), 422, field)
    assert error["code"] == "validation_error" and hint in error["fields"][field]
    db.session.expire_all()
    assert client.get(url, headers=headers).get_json() == before


@pytest.mark.parametrize(
    "body, status, fields",
    [
        ({"kecamatan": "Atlantis"}, 404, {"kecamatan"}),  # no such row, as for an id
        ({"sector": "99999"}, 404, {"sector"}),
        ({"sector": "26191", "kbli_edition": 2020}, 409, {"sector", "kbli_edition"}),
    ],
)
def test_a_patch_naming_no_row_or_not_fitting_is_404_or_409(client, owner, body, status, fields):
    """A value of the documented form that names no reference row is 404; values that
    do not fit together or with the stored record (a code and another edition) are 409."""
    url, headers = f"{API}/businesses/{owner.business.id}", api_token(client, owner)
    before = client.get(url, headers=headers).get_json()
    assert_error(client.patch(url, json=body, headers=headers), status, *fields)
    assert client.get(url, headers=headers).get_json() == before


def test_an_edition_the_stored_code_is_not_in_is_409(client, owner):
    url, headers = f"{API}/businesses/{owner.business.id}", api_token(client, owner)
    assert client.patch(url, json={"sector": "26191"}, headers=headers).status_code == 200
    response = client.patch(url, json={"kbli_edition": 2020}, headers=headers)
    assert assert_error(response, 409, "sector", "kbli_edition")["code"] == "conflict"


@pytest.mark.parametrize(
    "field, good, bad",
    [
        ("employees", ["1.500", "1500", 1500], ["1,500", "1.5", " 1500", "100.001"]),
        ("founded_year", ["2.001", 2001], ["1.899", "2001.0"]),
        ("accepting_requests", ["ya", "tidak", True, "0"], ["YA", "mungkin", 1]),
        ("phone", ["0812-3456-7890", "+62 21 8970000", ""], ["(021) 8970000", "0812"]),
        (
            "tags",
            [["welding"], "welding, plating", []],
            ["welding;plating", ["roti"], [" welding"]],
        ),
    ],
)
def test_the_api_takes_what_its_document_says(client, owner, field, good, bad):
    """The Indonesian spellings the forms take, in the forms the document lists; a
    string outside its pattern is 422 naming the field."""
    url, headers = f"{API}/businesses/{owner.business.id}", api_token(client, owner)
    for value in good:
        response = client.patch(url, json={field: value}, headers=headers)
        assert response.status_code == 200, (value, response.get_json())
    for value in bad:
        assert_error(client.patch(url, json={field: value}, headers=headers), 422, field)


def test_patch_to_a_2025_code_takes_its_edition_when_none_is_given(client, owner):
    response = client.patch(
        f"{API}/businesses/{owner.business.id}",
        json={"sector": "26191"},
        headers=api_token(client, owner),
    )
    assert response.status_code == 200
    assert (response.get_json()["sector"], response.get_json()["kbli_edition"]) == ("26191", 2025)


def test_patch_to_a_2025_code_with_its_edition(client, owner):
    response = client.patch(
        f"{API}/businesses/{owner.business.id}",
        json={"sector": "26191", "kbli_edition": 2025},
        headers=api_token(client, owner),
    )
    assert response.status_code == 200
    assert (response.get_json()["sector"], response.get_json()["kbli_edition"]) == ("26191", 2025)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"contact_phone": "abc"}, "contact_phone"),
        ({"contact_email": "@"}, "contact_email"),
        ({"kbli_edition": 1999}, "kbli_edition"),
        ({"website": "javascript:alert(1)"}, "website"),
    ],
)
def test_invalid_company_patch(client, csr, body, field):
    url, headers = f"{API}/companies/{csr.company_id}", api_token(client, csr)
    before = client.get(url, headers=headers).get_json()
    assert_error(client.patch(url, json=body, headers=headers), 422, field)
    assert client.get(url, headers=headers).get_json() == before


def test_estate_can_be_cleared(client, csr):
    response = client.patch(
        f"{API}/companies/{csr.company_id}", json={"estate": None}, headers=api_token(client, csr)
    )
    assert response.status_code == 200 and response.get_json()["estate"] is None


@pytest.mark.parametrize(
    "send, status",
    [
        (lambda c, u, h: c.patch(u, data="name=Baru", headers=h), 415),
        (lambda c, u, h: c.patch(u, data="name=Baru", content_type="text/plain", headers=h), 415),
        (lambda c, u, h: c.patch(u, json=["name", "Baru"], headers=h), 400),
        (lambda c, u, h: c.patch(u, data="{name", content_type="application/json", headers=h), 400),
        (lambda c, u, h: c.patch(u, json={"description": "x" * 70_000}, headers=h), 413),
    ],
)
def test_bad_bodies(client, owner, send, status):
    url = f"{API}/businesses/{owner.business.id}"
    assert_error(send(client, url, api_token(client, owner)), status)
    assert db.session.get(SmallBusiness, owner.business.id).name != "Baru"


# --- needs and programmes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, body, change",
    [
        ("needs", {"title": "Mur M8", "volume": 500, "deadline": "2030-01-31"}, {"is_open": False}),
        ("programmes", {"title": "Kaizen", "focus": "5S", "capacity": 3}, {"capacity": 8}),
    ],
)
def test_staff_manage_their_company_items(client, csr, kind, body, change):
    base, headers = f"{API}/companies/{csr.company_id}/{kind}", api_token(client, csr)
    created = client.post(base, json=body, headers=headers)
    assert created.status_code == 201
    item = created.get_json()
    assert created.headers["Location"].endswith(f"{base}/{item['id']}")
    assert item["company_id"] == csr.company_id and item["title"] == body["title"]
    listed = client.get(base, headers=headers).get_json()
    assert [i["id"] for i in listed["items"]][-1] == item["id"] and listed["next"] is None
    changed = client.patch(f"{base}/{item['id']}", json=change, headers=headers)
    assert changed.status_code == 200 and changed.get_json() | change == changed.get_json()
    assert client.get(f"{base}/{item['id']}", headers=headers).get_json() == changed.get_json()
    assert client.delete(f"{base}/{item['id']}", headers=headers).status_code == 204
    assert_error(client.get(f"{base}/{item['id']}", headers=headers), 404)


@pytest.mark.parametrize("kind", ["needs", "programmes"])
def test_a_companys_items_page_by_cursor(client, csr, kind):
    made = factories.NeedFactory if kind == "needs" else factories.ProgrammeFactory
    company = db.session.get(Company, csr.company_id)
    ids = [item.id for item in getattr(company, kind)] + [
        made(company=company).id for _ in range(4)
    ]
    base, headers = f"{API}/companies/{csr.company_id}/{kind}", api_token(client, csr)
    assert client.delete(f"{base}/{ids[1]}", headers=headers).status_code == 204
    seen, url = [], f"{base}?limit=2"
    while url:
        body = client.get(url, headers=headers).get_json()
        assert len(body["items"]) <= 2
        seen += [item["id"] for item in body["items"]]
        url = body["next"] and f"{base}?limit=2&cursor={body['next']}"
    assert seen == [ids[0], *ids[2:]]
    assert_error(client.get(f"{base}?limit=101", headers=headers), 422, "limit")


@pytest.mark.parametrize("kind", ["needs", "programmes"])
def test_item_permissions(client, owner, csr, official, other_company, kind):
    mine = f"{API}/companies/{csr.company_id}/{kind}"
    item_id = getattr(csr.company, kind)[0].id
    foreign_id = getattr(other_company, kind)[0].id
    other_headers = api_token(client, other_company.staff[0])
    new = {"title": "X", "focus": "Y", "capacity": 3} if kind == "programmes" else {"title": "X"}
    for headers in (other_headers, api_token(client, owner)):
        assert client.get(f"{mine}/{item_id}", headers=headers).status_code == 200
        assert_error(client.post(mine, json=new, headers=headers), 404)
        assert_error(client.patch(f"{mine}/{item_id}", json={"title": "X"}, headers=headers), 404)
        assert_error(client.delete(f"{mine}/{item_id}", headers=headers), 404)
    headers = api_token(client, csr)  # the other company's item, asked for under this one
    assert_error(client.get(f"{mine}/{foreign_id}", headers=headers), 404)
    assert_error(client.patch(f"{mine}/{foreign_id}", json={"title": "X"}, headers=headers), 404)
    assert_error(client.delete(f"{mine}/{foreign_id}", headers=headers), 404)
    response = client.delete(f"{mine}/{item_id}", headers=api_token(client, official))
    assert response.status_code == 204


@pytest.mark.parametrize(
    "kind, body, fields",
    [
        ("needs", {}, {"title"}),
        ("needs", {"title": "Mur", "volume": 0, "deadline": "31-01-2030"}, {"volume", "deadline"}),
        ("programmes", {}, {"title", "focus", "capacity"}),
    ],
)
def test_invalid_items(client, csr, kind, body, fields):
    base, headers = f"{API}/companies/{csr.company_id}/{kind}", api_token(client, csr)
    assert_error(client.post(base, json=body, headers=headers), 422, *fields)
    assert len(client.get(base, headers=headers).get_json()["items"]) == 1


def test_a_programme_ending_before_it_starts_is_409_naming_both_dates(client, csr):
    """Each date is valid alone: the document cannot refuse the pair, so it is a conflict."""
    base, headers = f"{API}/companies/{csr.company_id}/programmes", api_token(client, csr)
    body = {"title": "A", "focus": "B", "capacity": 2}
    dates = {"start_date": "2030-02-01", "end_date": "2030-01-01"}
    error = assert_error(client.post(base, json={**body, **dates}, headers=headers), 409, *dates)
    assert error["code"] == "conflict"
    assert len(client.get(base, headers=headers).get_json()["items"]) == 1


def test_invalid_item_patch_saves_nothing(client, csr):
    need = csr.company.needs[0]
    url, headers = f"{API}/companies/{csr.company_id}/needs/{need.id}", api_token(client, csr)
    before = client.get(url, headers=headers).get_json()
    assert_error(
        client.patch(url, json={"title": "Baru", "volume": -1}, headers=headers), 422, "volume"
    )
    assert client.get(url, headers=headers).get_json() == before


# --- the OpenAPI document -----------------------------------------------------------------


def test_openapi_document_is_valid(client):
    from openapi_spec_validator import validate

    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    validate(response.get_json())


def test_no_documented_query_text_takes_nul(client):
    """The server refuses NUL in any query value before a view runs (422): every text
    query parameter's documented pattern refuses it too, so the document promises no
    more than the server takes."""
    doc = client.get(f"{API}/openapi.json").get_json()
    checked = 0
    for item in doc["paths"].values():
        operations = [v for k, v in item.items() if k != "parameters"]
        for parameter in item.get("parameters", []) + [
            p for operation in operations for p in operation.get("parameters", [])
        ]:
            schema = parameter.get("schema", {})
            if parameter["in"] == "query" and schema.get("type") == "string":
                assert re.search(schema["pattern"], "a\x00b") is None, parameter["name"]
                checked += 1
    assert checked > 10


def test_openapi_covers_every_api_route(app, client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API + "/"):
            continue
        # <int:id> and <scope> alike become {id} and {scope}, as OpenAPI writes them
        path = re.sub(r"<(?:[^:<>]+:)?(\w+)>", r"{\1}", rule.rule[len(API) :])
        assert path in paths, rule.rule
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[path], (method, rule.rule)


@pytest.mark.parametrize(
    "name, spec",
    [
        ("Business", services.BUSINESS_FIELDS),
        ("Company", services.COMPANY_FIELDS),
        ("Need", services.NEED_FIELDS),
        ("Programme", services.PROGRAMME_FIELDS),
    ],
)
def test_openapi_inputs_match_the_services(client, name, spec):
    schemas = client.get(f"{API}/openapi.json").get_json()["components"]["schemas"]
    assert set(schemas[name + "Input"]["properties"]) == {field.name for field in spec}
    assert set(schemas[name + "Input"]["required"]) == {f.name for f in spec if f.required}
    output = set(schemas[name]["properties"])
    assert {field.name for field in spec} <= output


def test_responses_match_the_document(client, csr, official):
    """Every record the API returns has exactly the keys its schema lists."""
    schemas = client.get(f"{API}/openapi.json").get_json()["components"]["schemas"]
    headers = api_token(client, official)
    company = client.get(f"{API}/companies/{csr.company_id}", headers=headers).get_json()
    business = client.post(f"{API}/businesses", json=NEW_BUSINESS, headers=headers).get_json()
    for body, name in [
        (company, "Company"),
        (business, "Business"),
        (company["needs"][0], "Need"),
        (company["programmes"][0], "Programme"),
    ]:
        assert set(body) == set(schemas[name]["properties"]) == set(schemas[name]["required"])


def test_every_nullable_enum_of_the_document_lists_null(app):
    """OpenAPI 3.0: `nullable` does not widen an `enum`, so a null value fails validation
    unless the enum lists it (the agreement's value_band and outcome did)."""
    from matchmaker.api import document

    def enums(node, path=""):
        if isinstance(node, dict):
            if node.get("nullable") and "enum" in node:
                yield path, node["enum"]
            for key, value in node.items():
                yield from enums(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from enums(value, f"{path}/{index}")

    found = dict(enums(document()))
    assert "/components/schemas/Partnership/properties/outcome" in found
    assert [path for path, values in found.items() if None not in values] == []
