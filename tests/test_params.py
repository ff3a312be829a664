"""The one parser for numbers and ids from requests (matchmaker/core/params.py), and each place
that parsed by hand before: non-ASCII digits, ids past 64 bits and impossible pages are
refused with the field named, or are "not found", never a 500."""

import re

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from matchmaker.auth.models import User
from matchmaker.brokering.desk import services as desk
from matchmaker.brokering.models import Introduction
from matchmaker.core import params
from matchmaker.core.extensions import db
from matchmaker.core.validation import Invalid
from matchmaker.imports.cells import amount, spreadsheet_date
from matchmaker.matching.filters import CompanyFilters
from matchmaker.profiles import fields
from matchmaker.profiles.accounts import sign_up
from matchmaker.wub.allocation import services as allocation
from matchmaker.wub.dashboard import targets
from tests import factories
from tests.conftest import PASSWORD, api_token

HUGE = str(2**63)  # one past the largest id a database key holds
NOT_ASCII = ("²", "٣", "１２", "٣٤")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        (12, 12),
        ("-3", -3),
        ("0012", 12),
        ("²", None),  # str.isdigit() says yes; int() raises
        ("٣", None),  # int() reads it as 3
        ("１２", None),  # int() reads it as 12
        ("1_000", None),
        ("1e3", None),
        ("0x1f", None),
        ("+5", None),
        ("", None),
        ("9" * 10_000, None),  # past int()'s 4,300 digits (a ValueError inside int())
        ("9" * 20, None),
        (True, None),  # JSON true is not 1
        (2.0, None),
        (None, None),
        ([1], None),
    ],
)
def test_whole_numbers_are_ascii_digits_or_json_integers(value, expected):
    assert params.whole_number(value) == expected


def test_integer_names_what_is_wrong():
    field = params.Integer(1, 50)
    assert field.load("50") == 50
    with pytest.raises(ValueError, match="Harus berupa bilangan bulat"):
        field.load("٣")
    with pytest.raises(ValueError, match="Harus antara 1 dan 50"):
        field.load("51")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (HUGE, "Tidak ditemukan."),
        (10**25, "Tidak ditemukan."),
        ("0", "Tidak ditemukan."),
        ("-1", "Tidak ditemukan."),
        ("١", "Wajib diisi dengan id (bilangan bulat)."),
        (True, "Wajib diisi dengan id (bilangan bulat)."),
    ],
)
def test_ids_run_from_1_to_2_63_minus_1(value, message):
    assert params.ID.load(str(2**63 - 1)) == 2**63 - 1
    with pytest.raises(ValueError, match=re.escape(message)):
        params.ID.load(value)
    assert params.id_of(value) is None


def test_json_ids_are_numbers_not_text():
    assert params.JSON_ID.load(12) == 12
    with pytest.raises(ValueError, match="bilangan bulat"):
        params.JSON_ID.load("12")


@pytest.mark.parametrize("value", ["inf", "nan", "1e2", "１２", "12.5.1", "", "1" * 13])
def test_decimals_refuse_what_float_takes(value):
    with pytest.raises(ValueError, match="Harus angka antara 1 dan 200"):
        params.Decimal(1, 200).load(value)
    assert params.Decimal(1, 200).load("12,5") == params.Decimal(1, 200).load("12.5") == 12.5


def test_argument_names_the_field_and_filter_argument_drops_it():
    source = MultiDict({"top": "٣", "blank": " "})
    with pytest.raises(Invalid) as raised:
        params.argument(source, "top", params.Integer(1, 50))
    assert raised.value.fields == {"top": "Harus berupa bilangan bulat."}
    assert params.argument(source, "blank", params.Integer(1, 50), 10) == 10
    with pytest.raises(Invalid):
        params.argument(source, "blank", params.Integer(1, 50), blank_is_absent=False)
    errors = {}
    assert params.filter_argument(source, "top", params.Integer(1, 50), errors, 10, "Salah") == 10
    assert errors == {"top": "Salah"}


@pytest.mark.parametrize(
    ("page", "expected"),
    [("", 1), ("7", 7), ("100000", 100_000), ("100001", None), ("0", None), ("²", None)],
)
def test_page_numbers_are_bounded(page, expected):
    if expected is None:
        with pytest.raises(NotFound):
            params.page_number({"page": page})
    else:
        assert params.page_number({"page": page}) == expected


def test_url_for_options_are_not_passed_on():
    args = MultiDict({"kind": "mentoring", "_scheme": "javascript", "_external": "1"})
    assert params.passed_on(args) == {"kind": "mentoring"}


# --- the parsers that were by hand -------------------------------------------------------------


def test_profile_integers_refuse_other_scripts_and_keep_thousands():
    parse = fields.integer(0, 100_000)
    assert parse("1.500") == 1500
    for value in (*NOT_ASCII, "١.٥٠٠", True, "9" * 10_000):
        with pytest.raises(ValueError, match="Harus berupa bilangan bulat"):
            parse(value)
    with pytest.raises(ValueError, match="Kode KBLI"):
        fields.kbli("２５９２０")


def test_spreadsheet_numbers_past_float_range_are_refused_not_overflowed():
    """Found by the route fuzzer: 400 nines is float("inf"); int() or round() of it
    raised OverflowError from a cohort's date or budget field (a 500)."""
    for value in ("9" * 400, "9" * 400 + ".0", "٣/٨/٢٠٢٤"):
        with pytest.raises(ValueError, match="Tanggal"):
            spreadsheet_date(value)
    for value in ("9" * 400, "٣٠٠ juta"):
        with pytest.raises(ValueError, match="Jumlah tidak dikenali"):
            amount(value)


def test_targets_take_ascii_digits_only():
    low, _high = targets.year_limits()
    assert targets.parse_year(str(low)) == low
    with pytest.raises(ValueError, match="Tahun harus antara"):
        targets.parse_year("".join(chr(0x660 + int(d)) for d in str(low)))
    assert targets.parse_count("1.000") == 1000 and targets.parse_count(500.0) == 500
    for value in ("١.٠٠٠", "１００", True, 10**25, float("inf")):
        with pytest.raises(ValueError, match="Target harus"):
            targets.parse_count(value)


def test_filters_drop_and_name_bad_numbers():
    found, errors = CompanyFilters.parse(MultiDict({"km": "٣", "sector": "２９"}))
    assert set(errors) == {"km", "sector"} and found.km is None and not found.sector
    _chosen, limit, errors = allocation.parse_choice([], "１２", [])
    assert "max_km" in errors and limit == allocation.default_max_km()


def test_desk_keys_with_impossible_ids_are_no_pair():
    with pytest.raises(Invalid) as raised:
        desk.parse_keys([f"subcontracting:{HUGE}:1", "subcontracting:٣:1", "mentoring:1:-1"])
    assert set(raised.value.fields) == {"pair"}


def test_an_invalid_escaping_a_page_names_the_field(app):
    """Invalid raised by params.argument in a view: 400 naming the field (JSON: 422)."""
    with app.test_request_context("/petugas/angkatan"):
        response = app.make_response(app.handle_user_exception(Invalid({"year": "Salah."})))
        assert response.status_code == 400 and "Tahun: Salah." in response.get_data(as_text=True)
    with app.test_request_context("/api/v1/cohorts"):
        response = app.make_response(app.handle_user_exception(Invalid({"year": "Salah."})))
        assert response.status_code == 422
        assert response.get_json()["error"]["fields"] == {"year": "Salah."}


# --- through the routes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/usaha", "/petugas/angkatan", "/petugas/audit", "/perkenalan", "/kotak-masuk"]
)
def test_a_page_past_the_end_is_empty_and_an_impossible_one_is_404(client, auth, official, url):
    auth.login(official)
    assert client.get(f"{url}?page=99999").status_code == 200
    assert client.get(f"{url}?page=").status_code == 200
    for page in ("9999999999999999999999", "100001", "0", "-1", *NOT_ASCII):
        assert client.get(f"{url}?page={page}").status_code == 404, page


def test_a_path_id_in_other_digits_is_404(client, auth, official):
    business = factories.BusinessFactory()
    auth.login(official)
    arabic = "".join(chr(0x660 + int(d)) for d in str(business.id))
    assert client.get(f"/usaha/{business.id}").status_code == 200
    assert client.get(f"/usaha/{arabic}").status_code == 404


def test_api_query_numbers_name_the_field(client, official):
    headers = api_token(client, official)
    for url, name in [
        ("/api/v1/businesses?limit=１２", "limit"),
        ("/api/v1/introductions?limit=²", "limit"),
        ("/api/v1/participants?limit=٣", "limit"),
        (f"/api/v1/participants?cohort={HUGE}", "cohort"),
        ("/api/v1/visits/overdue?interval=١٠", "interval"),
    ]:
        response = client.get(url, headers=headers)
        assert response.status_code == 422, url
        assert set(response.get_json()["error"]["fields"]) == {name}, url
    assert client.get("/api/v1/businesses?limit=12", headers=headers).status_code == 200


def test_an_offer_id_in_the_query_is_named_or_not_found(client, csr):
    headers = api_token(client, csr)
    url = f"/api/v1/companies/{csr.company_id}/suggestions?kind=subcontracting&offer_id="
    for value in ("٣", HUGE):  # past the documented maximum (2^63-1): 422, not 404
        response = client.get(url + value, headers=headers)
        assert response.status_code == 422
        assert set(response.get_json()["error"]["fields"]) == {"offer_id"}
    assert client.get(url + "999999", headers=headers).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"business_id": 2**63}, "business_id"),
        ({"business_id": True}, "business_id"),
        ({"business_id": "1"}, "business_id"),
        ({"offer_id": 10**25}, "offer_id"),
        ({"offer_id": False}, "offer_id"),
    ],
)
def test_feedback_ids_past_64_bits_or_not_numbers_are_named(client, owner, change, field):
    need = factories.NeedFactory()
    body = {"business_id": owner.business.id, "kind": "subcontracting", "offer_id": need.id}
    body.update(change, verdict=1)
    response = client.post("/api/v1/feedback", json=body, headers=api_token(client, owner))
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()["error"]["fields"]) == {field}


def test_api_profile_numbers_refuse_booleans_and_huge_ones(client, official):
    headers = api_token(client, official)
    base = {"name": "Bubut Baru", "trade": "machining", "sector": "25920", "kecamatan": "Setu"}
    for value in (True, 10**25, "１２", 2**63):
        response = client.post(
            "/api/v1/businesses", json={**base, "employees": value}, headers=headers
        )
        assert response.status_code == 422, value
        assert set(response.get_json()["error"]["fields"]) == {"employees"}


@pytest.mark.parametrize("choice", [HUGE, "1" * 25, *NOT_ASCII, "-1", 2**63])
def test_signing_up_for_an_impossible_company_names_the_company(choice):
    factories.CompanyFactory()
    data = {
        "role": "csr",
        "name": "Dewi Lestari",
        "email": "dewi@contoh.id",
        "password": "bengkel-las-99",
        "consent": "y",
        "company": choice,
    }
    with pytest.raises(Invalid) as raised:
        sign_up(data)
    assert set(raised.value.fields) == {"company"}
    assert db.session.query(User).count() == 0


def test_asking_with_impossible_ids_names_the_field(client, auth, owner):
    company = factories.CompanyFactory()
    auth.login(owner)
    data = {"business_id": HUGE, "company_id": company.id, "kind": "subcontracting"}
    response = client.post("/perkenalan", data={**data, "next": "/perkenalan"})
    assert response.status_code == 302
    assert "Tidak ditemukan." in client.get("/perkenalan").get_data(as_text=True)
    data = {"business_id": owner.business.id, "company_id": "٣", "kind": "subcontracting"}
    assert client.post("/perkenalan", data=data).status_code == 302
    assert db.session.query(Introduction).count() == 0


def test_exports_of_an_impossible_cohort_are_404(client, auth, official):
    participant = factories.ParticipantFactory()
    auth.login(official)
    export = "/petugas/ekspor/peserta.csv"
    for cohort in (HUGE, "٣", "x"):
        assert client.get(f"{export}?cohort={cohort}").status_code == 404, cohort
    assert client.get(f"/petugas/ekspor/kunjungan.csv?participant={HUGE}").status_code == 404
    listed = client.get(f"{export}?cohort={participant.cohort_id}").get_data(as_text=True)
    assert participant.name in listed
    # The participants page sends the kecamatan by name; the export ignored it (an int).
    setu = client.get(f"{export}?cohort=&kecamatan=Setu").get_data(as_text=True)
    assert participant.name in setu
    assert participant.name not in client.get(f"{export}?kecamatan=Tambun Selatan").get_data(
        as_text=True
    )
    assert client.get(f"{export}?kecamatan=Atlantis").status_code == 404
    assert client.get("/petugas/ekspor/angkatan.csv?year=²").status_code == 200
    assert client.get("/petugas/angkatan?year=99999999999999999999").status_code == 200


def test_linking_a_participant_to_an_impossible_business_says_so(client, auth, official):
    participant = factories.ParticipantFactory()
    auth.login(official)
    for number in (HUGE, "٣"):
        url = f"/petugas/peserta/{participant.id}/usaha"
        response = client.post(url, data={"business": number})
        assert response.status_code == 302
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Profil usaha nomor itu tidak ada." in page


def test_marking_an_impossible_notification_read(client, auth, owner):
    auth.login(owner)
    response = client.post("/kotak-masuk/baca", data={"id": HUGE, "page": "9" * 25})
    assert response.headers["Location"] == "/kotak-masuk"
    assert "Pemberitahuan tidak ditemukan." in client.get("/kotak-masuk").get_data(as_text=True)
    response = client.post("/kotak-masuk/baca", data={"page": "2"})
    assert response.headers["Location"] == "/kotak-masuk?page=2"


def test_audit_actor_and_url_for_options(client, auth, official):
    auth.login(official)
    for actor in ("²", HUGE):
        page = client.get(f"/petugas/audit?actor={actor}").get_data(as_text=True)
        assert "Pelaku tidak dikenal." in page
    response = client.get("/petugas/audit.csv?actor=²&_method=DELETE&_scheme=javascript")
    assert response.status_code == 302
    assert response.headers["Location"] == "/petugas/audit?actor=%C2%B2"


def test_visit_interval_in_other_digits_is_named(client, auth, official):
    auth.login(official)
    page = client.get("/petugas/pemantauan?interval=١٠").get_data(as_text=True)
    assert "Jarak kunjungan harus 1–3650 hari." in page


def test_a_session_with_an_impossible_user_id_is_nobody(client, owner):
    """The session names the user "<id>.<nonce>"; an id past 64 bits is no one, not a 500."""
    auth_cookie = client.post("/masuk", data={"email": owner.email, "password": PASSWORD})
    assert auth_cookie.status_code == 302
    with client.session_transaction() as saved:
        saved["_user_id"] = f"{HUGE}.{saved['_user_id'].partition('.')[2]}"
    response = client.get("/akun")
    assert response.status_code == 302 and response.headers["Location"].startswith("/masuk")


def test_nul_anywhere_in_a_request_is_refused_naming_where(client, auth, official):
    """Found by the route fuzzer on PostgreSQL, which refuses NUL in any text it is sent:
    a search term, an e-mail at login, an upload's token in the path were each a 500."""
    response = client.post("/masuk", data={"email": "a\x00@b.id", "password": "x"})
    assert response.status_code == 400 and "E-mail: Berisi karakter NUL" in response.text
    auth.login(official)
    page = client.get("/usaha?q=bubut%00").text
    assert "Pencarian: Berisi karakter NUL" in page and "q:" not in page  # words, not codes
    client.post("/bahasa/en", data={"next": "/"})
    assert "Search: " in client.get("/usaha?q=bubut%00").text
    assert client.get("/petugas/impor/abc%00def").status_code == 400
    headers = api_token(client, official)
    response = client.get("/api/v1/businesses?kecamatan=%00", headers=headers)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"kecamatan"}
