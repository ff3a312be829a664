"""Suggested partners in the app: pages and API for each role, filters, verdicts, freshness."""

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from matchmaker.auth.models import Membership, Role, User
from matchmaker.core.extensions import db
from matchmaker.matching import services
from matchmaker.matching.models import MatchFeedback
from matchmaker.profiles.models import SmallBusiness
from tests import factories
from tests.conftest import api_token

API = "/api/v1"


pytestmark = pytest.mark.usefixtures("model_file", "compiled_catalog")  # tests/conftest.py


@pytest.fixture
def market():
    """A turning shop; a company nearby needing turning, one needing rewinding, one far away."""
    business = factories.BusinessFactory(name="Bubut Presisi Jaya")
    near = factories.CompanyFactory(name="PT Mesin Pangan")
    gearbox = factories.NeedFactory(
        company=near, title="Poros gearbox", description="bubut poros baja S45C presisi"
    )
    k3 = factories.ProgrammeFactory(
        company=near, title="Kelas K3 bengkel", focus="keselamatan kerja dan pembukuan"
    )
    motors = factories.CompanyFactory(
        name="PT Motor Listrik Cikarang",
        estate=factories.estate("Jababeka"),
        kecamatan=factories.kecamatan("Cikarang Utara"),
        kbli_code="27110",
    )
    rewinding = factories.NeedFactory(
        company=motors,
        title="Rewinding motor conveyor",
        description="gulung ulang dinamo dan rewinding motor listrik 3 phase",
        volume=40,
        volume_unit="unit/bulan",
    )
    far = factories.CompanyFactory(
        name="PT Baja Marunda",
        estate=factories.estate("Marunda Center"),
        kecamatan=factories.kecamatan("Tarumajaya"),
        kbli_code="24101",
    )
    bushing = factories.NeedFactory(
        company=far, title="Flange baja", description="bubut flange baja"
    )
    csr = factories.UserFactory(role=Role.CSR, company=near, membership=Membership.APPROVED)
    pending = factories.UserFactory(role=Role.CSR, company=near, membership=Membership.PENDING)
    return SimpleNamespace(
        business=business,
        owner=business.owner,
        near=near,
        motors=motors,
        far=far,
        gearbox=gearbox,
        k3=k3,
        rewinding=rewinding,
        bushing=bushing,
        csr=csr,
        pending=pending,
    )


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def verdicts() -> list[MatchFeedback]:
    db.session.expire_all()
    return list(db.session.scalars(select(MatchFeedback).order_by(MatchFeedback.id)))


def judge_url(business, kind: str, offer) -> str:
    return f"/usaha/{business.id}/rekomendasi/{kind}/{offer.id}"


# --- owners -------------------------------------------------------------------------------


def test_owner_sees_companies_with_reasons_in_their_language(client, auth, market):
    auth.login(market.owner)
    html = page(client, "/rekomendasi")
    assert "Rekomendasi mitra" in html
    assert "PT Mesin Pangan" in html and "Poros gearbox" in html
    assert html.index("PT Mesin Pangan") < html.index("PT Baja Marunda")
    assert "cocok dengan kebutuhan" in html and "km dari MM2100" in html
    assert "<meter" in html and "Cocok" in html

    client.post("/bahasa/en", data={"next": "/rekomendasi"})
    html = page(client, "/rekomendasi")
    assert "Partner suggestions" in html
    assert "match the need" in html and "km from MM2100" in html
    assert "cocok dengan kebutuhan" not in html


def test_owner_switches_to_mentoring(client, auth, market):
    auth.login(market.owner)
    html = page(client, "/rekomendasi?kind=mentoring")
    assert "Kelas K3 bengkel" in html and "Poros gearbox" not in html
    assert "tempat tersisa" in html  # the seats reason


def test_navbar_and_home_link_to_suggestions(client, auth, market):
    auth.login(market.owner)
    top, tab_bar = page(client, "/").split('class="tabbar"')
    assert top.count('href="/rekomendasi"') >= 2  # the top menu and the home's to-do
    assert tab_bar.count('href="/rekomendasi"') == 1


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("km=10", ["PT Mesin Pangan", "PT Motor Listrik"], ["PT Baja Marunda"]),
        ("estate=Marunda+Center", ["PT Baja Marunda"], ["PT Mesin Pangan", "PT Motor Listrik"]),
        ("sector=24", ["PT Baja Marunda"], ["PT Mesin Pangan", "PT Motor Listrik"]),
        ("sector=27&km=20", ["PT Motor Listrik"], ["PT Mesin Pangan", "PT Baja Marunda"]),
    ],
)
def test_owner_filters(client, auth, market, query, shown, hidden):
    auth.login(market.owner)
    html = page(client, f"/rekomendasi?{query}")
    assert all(name in html for name in shown), shown
    assert not any(name in html for name in hidden), hidden


def test_filters_that_match_nothing_say_so(client, auth, market):
    auth.login(market.owner)
    html = page(client, "/rekomendasi?estate=EJIP")
    assert "Tidak ada perusahaan yang cocok dengan saringan ini." in html
    assert "Hapus saringan" in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("km=jauh", "Jarak harus bilangan bulat"),
        ("km=500", "Jarak harus bilangan bulat"),
        ("sector=2a", "Kode KBLI harus 1–5 angka"),
        ("estate=Kawasan+Antah", "Kawasan industri tidak dikenal."),
    ],
)
def test_bad_filters_are_named_and_ignored(client, auth, market, query, message):
    auth.login(market.owner)
    html = page(client, f"/rekomendasi?{query}")
    assert message in html
    assert "PT Baja Marunda" in html and "PT Mesin Pangan" in html  # the bad filter is dropped


def test_owner_asks_for_an_introduction(client, auth, market):
    auth.login(market.owner)
    response = client.post(
        judge_url(market.business, "kebutuhan", market.gearbox),
        data={"verdict": "1", "next": "/rekomendasi#s-subcontracting-1"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/rekomendasi#s-subcontracting-1"
    [stored] = verdicts()
    assert (stored.source, stored.verdict, stored.kind) == ("owner", 1, "subcontracting")
    assert (stored.business_id, stored.company_id) == (market.business.id, market.near.id)
    assert (stored.need_id, stored.programme_id, stored.user_id) == (
        market.gearbox.id,
        None,
        market.owner.id,
    )
    html = page(client, "/rekomendasi")
    assert html.count("Minat tercatat") == 2  # the flash message and the card's badge


def test_owner_says_not_a_match_and_may_change_their_mind(client, auth, market):
    auth.login(market.owner)
    url = judge_url(market.business, "program", market.k3)
    client.post(url, data={"verdict": "-1", "reason": "Sudah ikut kelas serupa"})
    [stored] = verdicts()
    assert (stored.verdict, stored.reason, stored.kind) == (
        -1,
        "Sudah ikut kelas serupa",
        "mentoring",
    )
    assert stored.programme_id == market.k3.id
    html = page(client, "/rekomendasi?kind=mentoring")
    assert "Tercatat: tidak cocok." in html and "Ditandai tidak cocok" in html

    client.post(url, data={"verdict": "1"})
    [stored] = verdicts()  # replaced, not added
    assert (stored.verdict, stored.reason) == (1, "")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"verdict": "2"}, "Penilaian: Harus 1 (cocok) atau -1 (tidak cocok)."),
        ({"verdict": "-1", "reason": "x" * 501}, "Alasan: Maksimal 500 karakter."),
    ],
)
def test_bad_verdicts_are_named_and_not_stored(client, auth, market, data, message):
    auth.login(market.owner)
    response = client.post(judge_url(market.business, "kebutuhan", market.gearbox), data=data)
    assert response.headers["Location"] == "/rekomendasi"
    assert message in page(client, "/rekomendasi")
    assert verdicts() == []


@pytest.mark.parametrize(
    "url",
    [
        "/usaha/{other}/rekomendasi/kebutuhan/{gearbox}",  # someone else's business
        "/usaha/{own}/rekomendasi/lain/{gearbox}",  # no such kind
        "/usaha/{own}/rekomendasi/kebutuhan/99999",  # no such need
        "/usaha/99999/rekomendasi/kebutuhan/{gearbox}",  # no such business
    ],
)
def test_verdicts_need_a_pair_the_user_may_judge(client, auth, market, url):
    ids = {"other": factories.BusinessFactory().id, "own": market.business.id}
    auth.login(market.owner)
    response = client.post(url.format(gearbox=market.gearbox.id, **ids), data={"verdict": "1"})
    assert response.status_code == 404 and verdicts() == []


def test_owner_without_a_business_is_asked_to_create_one(client, auth):
    owner = factories.UserFactory(role=Role.OWNER)
    auth.login(owner)
    html = page(client, "/rekomendasi")
    assert "Buat profil usaha" in html and 'href="/usaha/baru"' in html


def test_owner_visiting_their_business_url_goes_to_their_page(client, auth, market):
    auth.login(market.owner)
    response = client.get(f"/usaha/{market.business.id}/rekomendasi?kind=mentoring")
    assert response.status_code == 302
    assert response.headers["Location"] == "/rekomendasi?kind=mentoring"


def test_other_owners_and_staff_get_404(client, auth, market):
    auth.login(factories.BusinessFactory().owner)
    assert client.get(f"/usaha/{market.business.id}/rekomendasi").status_code == 404
    assert client.get(f"/perusahaan/{market.near.id}/rekomendasi").status_code == 404
    auth.logout()
    auth.login(market.pending)
    assert client.get(f"/perusahaan/{market.near.id}/rekomendasi").status_code == 404
    assert client.get("/rekomendasi").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, market):
    for url in ("/rekomendasi", f"/perusahaan/{market.near.id}/rekomendasi"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/masuk")


# --- freshness and cold start -------------------------------------------------------------


def form_data(business: SmallBusiness, **changes) -> dict:
    """The edit form as a browser sends it: every field, tags as checked."""
    data = {
        "name": business.name,
        "owner_name": business.owner_name,
        "trade": business.trade,
        "sector": business.kbli_code,
        "kbli_edition": str(business.kbli_edition),
        "kecamatan": business.kecamatan.name,
        "address": business.address,
        "description": business.description,
        "products": business.products,
        "capabilities": business.capabilities,
        "equipment": business.equipment,
        "certifications": business.certifications,
        "capacity_per_month": business.capacity_per_month or "",
        "capacity_unit": business.capacity_unit,
        "employees": business.employees if business.employees is not None else "",
        "founded_year": business.founded_year or "",
        "mentoring_needs": business.mentoring_needs,
        "training_history": business.training_history,
        "phone": business.phone,
        "email": business.email,
        "accepting_requests": "y",
        "tags": business.tag_list,
    }
    return {**data, **changes}


def test_an_edit_changes_the_next_suggestions_without_training(client, auth, market, monkeypatch):
    auth.login(market.owner)
    html = page(client, "/rekomendasi")
    assert html.index("Poros gearbox") < html.index("Rewinding motor conveyor")
    monkeypatch.setattr(services, "train", _no_training)

    business = market.business
    data = form_data(
        business,
        products="",
        equipment="",
        capabilities="gulung dinamo, rewinding motor listrik",
    )
    assert client.post(f"/usaha/{business.id}/ubah", data=data).status_code == 302
    html = page(client, "/rekomendasi")
    assert html.index("Rewinding motor conveyor") < html.index("Poros gearbox")
    assert "rewinding" in db.session.get(SmallBusiness, business.id).tag_list


def _no_training(*args, **kwargs):
    raise AssertionError("the model was retrained")


def test_a_thin_profile_still_gets_suggestions_and_a_hint(client, auth, market):
    thin = factories.BusinessFactory(
        name="Usaha Baru", products="", capabilities="", equipment="", description=""
    )
    auth.login(thin.owner)
    html = page(client, "/rekomendasi")
    assert "PT Mesin Pangan" in html
    assert "profil masih sedikit informasi" in html
    assert "Lengkapi profil" in html


def test_no_companies_at_all(client, auth, owner, official):
    auth.login(owner)
    html = page(client, "/rekomendasi")
    assert "Belum ada perusahaan dengan kebutuhan subkontrak yang dibuka saat ini." in html
    html = page(client, "/rekomendasi?kind=mentoring")
    assert "Belum ada program pendampingan yang dibuka saat ini." in html
    headers = api_token(client, official)
    response = client.get(
        f"{API}/businesses/{owner.business.id}/suggestions?kind=mentoring", headers=headers
    )
    assert response.status_code == 200 and response.get_json() == {"items": []}


# --- CSR staff and officials --------------------------------------------------------------


def test_csr_sees_businesses_for_each_open_need_and_programme(client, auth, market):
    factories.NeedFactory(company=market.near, title="Kebutuhan lama", is_open=False)
    other = factories.BusinessFactory(name="Las Listrik Jaya", trade="welding")
    auth.login(market.csr)
    html = page(client, f"/perusahaan/{market.near.id}/rekomendasi")
    assert "Usaha yang direkomendasikan" in html
    assert "Poros gearbox" in html and "Kelas K3 bengkel" in html
    assert "Kebutuhan lama" not in html
    assert "1 kebutuhan atau program yang ditutup tidak ditampilkan." in html
    assert "Bubut Presisi Jaya" in html and other.name in html
    assert "cocok dengan keahlian" in html or "cocok dengan kebutuhan" in html

    client.post(judge_url(market.business, "kebutuhan", market.gearbox), data={"verdict": "1"})
    [stored] = verdicts()
    assert (stored.source, stored.verdict, stored.user_id) == ("csr", 1, market.csr.id)
    assert "Minat tercatat" in page(client, f"/perusahaan/{market.near.id}/rekomendasi")


def test_csr_may_not_judge_other_companies_offers(client, auth, market):
    auth.login(market.csr)
    response = client.post(
        judge_url(market.business, "kebutuhan", market.bushing), data={"verdict": "1"}
    )
    assert response.status_code == 404 and verdicts() == []


def test_csr_at_rekomendasi_goes_to_their_company(client, auth, market):
    auth.login(market.csr)
    response = client.get("/rekomendasi")
    assert response.headers["Location"] == f"/perusahaan/{market.near.id}/rekomendasi"


def test_company_page_links_to_its_suggestions(client, auth, market):
    url = f"/perusahaan/{market.near.id}/rekomendasi"
    auth.login(market.csr)
    assert url in page(client, f"/perusahaan/{market.near.id}")
    auth.logout()
    auth.login(market.owner)
    assert url not in page(client, f"/perusahaan/{market.near.id}")


def test_official_sees_any_business_and_records_labels(client, auth, market, official):
    auth.login(official)
    html = page(client, f"/usaha/{market.business.id}/rekomendasi")
    assert "Bubut Presisi Jaya" in html and "PT Mesin Pangan" in html
    assert "Alasan (opsional)" in html and "Minta perkenalan" not in html
    assert f"/usaha/{market.business.id}/rekomendasi" in page(
        client, f"/usaha/{market.business.id}"
    )
    client.post(
        judge_url(market.business, "kebutuhan", market.bushing),
        data={"verdict": "-1", "reason": "Terlalu jauh dari Cikarang Barat"},
    )
    [stored] = verdicts()
    assert (stored.source, stored.verdict) == ("official", -1)
    assert stored.reason == "Terlalu jauh dari Cikarang Barat"
    html = page(client, f"/perusahaan/{market.far.id}/rekomendasi")
    assert "Flange baja" in html and "Penilaian Anda:" in html


# --- API ----------------------------------------------------------------------------------


def test_api_business_suggestions(client, market):
    headers = api_token(client, market.owner)
    url = f"{API}/businesses/{market.business.id}/suggestions?kind=subcontracting&top=2"
    items = client.get(url, headers=headers).get_json()["items"]
    assert len(items) == 2
    first = items[0]
    assert first["company"] == {"id": market.near.id, "name": "PT Mesin Pangan", "estate": "MM2100"}
    assert first["offer"] == {
        "kind": "subcontracting",
        "id": market.gearbox.id,
        "title": "Poros gearbox",
    }
    assert 0 < first["score"] <= 1 and first["fallback"] is None
    assert 2 <= len(first["reasons"]) <= 4
    assert any("km dari MM2100" in r for r in first["reasons"])

    db.session.get(User, market.owner.id).locale = "en"
    db.session.commit()
    items = client.get(url, headers=headers).get_json()["items"]
    assert any("km from MM2100" in r for r in items[0]["reasons"])


def test_api_company_suggestions(client, market):
    headers = api_token(client, market.csr)
    base = f"{API}/companies/{market.near.id}/suggestions"
    items = client.get(f"{base}?kind=subcontracting", headers=headers).get_json()["items"]
    assert items[0]["business"] == {
        "id": market.business.id,
        "name": "Bubut Presisi Jaya",
        "kecamatan": "Cikarang Barat",
        "trade": "machining",
    }
    assert items[0]["company"]["id"] == market.near.id
    query = f"{base}?kind=mentoring&offer_id={market.k3.id}"
    items = client.get(query, headers=headers).get_json()["items"]
    assert items and {i["offer"]["id"] for i in items} == {market.k3.id}
    assert {i["offer"]["kind"] for i in items} == {"mentoring"}


@pytest.mark.parametrize(
    "query, fields",
    [
        ("", {"kind"}),
        ("kind=both", {"kind"}),
        ("kind=mentoring&top=0", {"top"}),
        ("kind=mentoring&top=51", {"top"}),
        ("kind=mentoring&top=lima", {"top"}),
        ("top=-1", {"kind", "top"}),
    ],
)
def test_api_suggestions_check_kind_and_top(client, market, query, fields):
    headers = api_token(client, market.owner)
    response = client.get(
        f"{API}/businesses/{market.business.id}/suggestions?{query}", headers=headers
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == fields


@pytest.mark.parametrize(
    "query, status, field",
    [
        ("kind=subcontracting&offer_id=abc", 422, "offer_id"),
        ("kind=subcontracting&offer_id=0", 422, "offer_id"),
        ("kind=subcontracting&offer_id={bushing}", 404, "offer_id"),  # another company's
        ("kind=subcontracting&offer_id=999999", 404, "offer_id"),
    ],
)
def test_api_company_suggestions_check_the_offer(client, market, query, status, field):
    headers = api_token(client, market.csr)
    ids = {"gearbox": market.gearbox.id, "k3": market.k3.id, "bushing": market.bushing.id}
    response = client.get(
        f"{API}/companies/{market.near.id}/suggestions?" + query.format(**ids), headers=headers
    )
    assert response.status_code == status
    if field:
        assert set(response.get_json()["error"]["fields"]) == {field}


def test_api_suggestions_are_for_those_who_may_edit(client, market):
    business_url = f"{API}/businesses/{market.business.id}/suggestions?kind=subcontracting"
    company_url = f"{API}/companies/{market.near.id}/suggestions?kind=subcontracting"
    assert client.get(business_url).status_code == 401
    other_owner = api_token(client, factories.BusinessFactory().owner)
    assert client.get(business_url, headers=other_owner).status_code == 404
    assert client.get(company_url, headers=other_owner).status_code == 404
    pending = api_token(client, market.pending)
    assert client.get(company_url, headers=pending).status_code == 404
    csr = api_token(client, market.csr)
    assert client.get(business_url, headers=csr).status_code == 404


def feedback_body(market, **changes) -> dict:
    body = {
        "business_id": market.business.id,
        "kind": "subcontracting",
        "offer_id": market.gearbox.id,
        "verdict": 1,
    }
    return {**body, **changes}


@pytest.mark.parametrize(
    "who, source", [("owner", "owner"), ("csr", "csr"), ("official", "official")]
)
def test_api_feedback_source_follows_the_role(client, market, official, who, source):
    user = official if who == "official" else getattr(market, who)
    headers = api_token(client, user)
    response = client.post(
        f"{API}/feedback", json=feedback_body(market, reason="Dekat"), headers=headers
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["source"] == source and body["verdict"] == 1 and body["reason"] == "Dekat"
    assert (body["company_id"], body["need_id"], body["programme_id"]) == (
        market.near.id,
        market.gearbox.id,
        None,
    )
    again = client.post(f"{API}/feedback", json=feedback_body(market, verdict=-1), headers=headers)
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    assert [(f.source, f.verdict) for f in verdicts()] == [(source, -1)]


def test_api_feedback_for_a_programme(client, market):
    headers = api_token(client, market.owner)
    body = {
        "business_id": market.business.id,
        "kind": "mentoring",
        "offer_id": market.k3.id,
        "verdict": -1,
        "reason": None,
    }
    response = client.post(f"{API}/feedback", json=body, headers=headers)
    assert response.status_code == 201
    [stored] = verdicts()
    assert (stored.kind, stored.programme_id, stored.need_id) == ("mentoring", market.k3.id, None)


def test_api_feedback_needs_a_pair_the_caller_may_judge(client, market):
    assert client.post(f"{API}/feedback", json=feedback_body(market)).status_code == 401
    other_owner = api_token(client, factories.BusinessFactory().owner)
    assert (
        client.post(f"{API}/feedback", json=feedback_body(market), headers=other_owner).status_code
        == 404
    )
    csr = api_token(client, market.csr)
    body = feedback_body(market, offer_id=market.bushing.id)  # another company's need
    assert client.post(f"{API}/feedback", json=body, headers=csr).status_code == 404
    pending = api_token(client, market.pending)
    assert (
        client.post(f"{API}/feedback", json=feedback_body(market), headers=pending).status_code
        == 404
    )
    owner = api_token(client, market.owner)
    body = feedback_body(market, offer_id=999999)
    response = client.post(f"{API}/feedback", json=body, headers=owner)
    assert response.status_code == 404 and set(response.get_json()["error"]["fields"]) == {
        "offer_id"
    }
    body = feedback_body(market, business_id=999999)
    response = client.post(f"{API}/feedback", json=body, headers=owner)
    assert response.status_code == 404 and set(response.get_json()["error"]["fields"]) == {
        "business_id"
    }
    assert verdicts() == []


@pytest.mark.parametrize(
    "changes, fields",
    [
        ({"verdict": 2}, {"verdict"}),
        ({"verdict": True}, {"verdict"}),
        ({"verdict": None}, {"verdict"}),
        ({"kind": "both"}, {"kind"}),
        ({"kind": None}, {"kind"}),
        ({"offer_id": None}, {"offer_id"}),
        ({"offer_id": "7"}, {"offer_id"}),
        ({"offer_id": 0}, {"offer_id"}),
        ({"need_id": 1}, {"need_id"}),  # the offer is named by kind and offer_id
        ({"business_id": "satu"}, {"business_id"}),
        ({"reason": "x" * 501}, {"reason"}),
        ({"reason": 5}, {"reason"}),
        ({"score": 1}, {"score"}),
        ({"verdict": "1"}, {"verdict"}),
    ],
)
def test_api_feedback_names_bad_fields(client, market, changes, fields):
    headers = api_token(client, market.owner)
    response = client.post(
        f"{API}/feedback", json=feedback_body(market, **changes), headers=headers
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == fields
    assert verdicts() == []


def test_api_bodies_match_the_document(client, market):
    schemas = client.get(f"{API}/openapi.json").get_json()["components"]["schemas"]
    headers = api_token(client, market.csr)

    def item_schema(name):
        return schemas[name]

    company_items = client.get(
        f"{API}/companies/{market.near.id}/suggestions?kind=subcontracting", headers=headers
    ).get_json()["items"]
    feedback = client.post(f"{API}/feedback", json=feedback_body(market), headers=headers)
    official = api_token(client, factories.UserFactory(role=Role.OFFICIAL))
    business_items = client.get(
        f"{API}/businesses/{market.business.id}/suggestions?kind=mentoring", headers=official
    ).get_json()["items"]
    for body, schema in [
        (company_items[0], item_schema("SuggestedBusiness")),
        (business_items[0], item_schema("SuggestedCompany")),
        (feedback.get_json(), schemas["Feedback"]),
    ]:
        assert set(body) == set(schema["properties"]) == set(schema["required"])


# --- capability tags ----------------------------------------------------------------------


def stored(business) -> SmallBusiness:
    db.session.expire_all()
    return db.session.get(SmallBusiness, business.id)


def test_business_page_shows_its_tags(client, auth, owner):
    auth.login(owner)
    html = page(client, f"/usaha/{owner.business.id}")
    assert "Permesinan &amp; bubut" in html and "otomatis dari isi profil" in html
    assert 'href="/usaha?tag=machining"' in html


def test_owner_corrects_tags_and_resets_them(client, auth, owner):
    business = owner.business
    auth.login(owner)
    edit = f"/usaha/{business.id}/ubah"
    assert 'value="machining" checked' in page(client, edit)

    data = form_data(business, tags=["welding", "plating"])
    assert client.post(edit, data=data).status_code == 302
    saved = stored(business)
    assert (saved.tag_list, saved.tags_edited) == (["welding", "plating"], True)
    assert "otomatis dari isi profil" not in page(client, f"/usaha/{business.id}")

    # Saved again as they are, the owner's tags stay, even when the text changes.
    data = form_data(saved, capabilities="gulung dinamo")
    client.post(edit, data=data)
    assert stored(business).tag_list == ["welding", "plating"]

    client.post(edit, data=form_data(stored(business), tags_reset="y"))
    saved = stored(business)
    assert saved.tags_edited is False and "rewinding" in saved.tag_list


def test_untouched_automatic_tags_follow_the_text(client, auth, owner):
    business = owner.business
    auth.login(owner)
    data = form_data(business, products="", equipment="", capabilities="gulung dinamo")
    client.post(f"/usaha/{business.id}/ubah", data=data)
    saved = stored(business)
    assert saved.tags_edited is False and "rewinding" in saved.tag_list


def test_bad_tags_are_named(client, auth, owner):
    auth.login(owner)
    response = client.post(
        f"/usaha/{owner.business.id}/ubah", data=form_data(owner.business, tags=["sulap"])
    )
    assert response.status_code == 200
    assert "Kode tidak dikenal: sulap." in response.get_data(as_text=True)
    assert stored(owner.business).tags_edited is False


def test_directory_filters_by_tag(client, auth, owner):
    welder = factories.BusinessFactory(
        name="Las Teralis Jaya", products="pagar dan teralis", capabilities="las listrik"
    )
    sheet = factories.BusinessFactory(name="Plat Presisi", tags="sheet_metal", tags_edited=True)
    auth.login(owner)
    html = page(client, "/usaha?tag=welding")
    assert welder.name in html and owner.business.name not in html and sheet.name not in html
    assert 'value="welding" selected' in html
    html = page(client, "/usaha?tag=metal")  # whole codes only
    assert "0 usaha ditemukan" in html

    headers = api_token(client, owner)
    items = client.get(f"{API}/businesses?tag=sheet_metal", headers=headers).get_json()["items"]
    assert [item["name"] for item in items] == ["Plat Presisi"]
    assert items[0]["tags"] == ["sheet_metal"] and items[0]["tags_edited"] is True


@pytest.mark.parametrize(
    "tags, expected, edited",
    [
        (["welding", "welding", "plating"], ["welding", "plating"], True),
        ("casting, machining", ["casting", "machining"], True),
        ([], ["machining"], False),
        (None, ["machining"], False),
    ],
)
def test_api_sets_tags(client, owner, tags, expected, edited):
    headers = api_token(client, owner)
    url = f"{API}/businesses/{owner.business.id}"
    client.patch(url, json={"tags": ["rewinding"]}, headers=headers)
    body = client.patch(url, json={"tags": tags}, headers=headers).get_json()
    assert (body["tags"], body["tags_edited"]) == (expected, edited)


@pytest.mark.parametrize("tags", [["sulap"], "las", [1], {"a": 1}, True])
def test_api_rejects_bad_tags(client, owner, tags):
    headers = api_token(client, owner)
    response = client.patch(
        f"{API}/businesses/{owner.business.id}", json={"tags": tags}, headers=headers
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"tags"}
