"""The business profile as four steps, each saving on its own with its own checks, and
the completeness meter that says what would improve the suggestions."""

import pytest
from sqlalchemy import func, select

from matchmaker.auth.models import Role
from matchmaker.core.extensions import db
from matchmaker.profiles.models import SmallBusiness
from tests import factories

WHO = {"name": "Las Barokah", "trade": "welding", "sector": "", "kecamatan": "Setu"}


def business_count() -> int:
    return db.session.scalar(select(func.count(SmallBusiness.id)))


def test_an_owner_walks_the_four_steps_and_each_saves(client, auth):
    owner = factories.UserFactory(role=Role.OWNER, name="Rizky", phone="+6281312345678")
    auth.login(owner)
    first = client.get("/usaha/baru").get_data(as_text=True)
    assert "Langkah 1 dari 4" in first and 'value="Rizky"' in first
    created = client.post("/usaha/baru", data={**WHO, "owner_name": "Rizky"})
    business = db.session.scalar(select(SmallBusiness))
    assert created.headers["Location"] == f"/usaha/{business.id}/ubah/produk"
    assert business.kbli_code == "2511"  # the usual code for welding, as the hint says
    assert business.owner_name == "Rizky"

    steps = [
        ("produk", {"products": "Pagar, kanopi", "capabilities": "Las argon"}, "peralatan"),
        ("peralatan", {"equipment": "2 mesin las", "capacity_per_month": "40"}, "bantuan"),
    ]
    for step, data, following in steps:
        answer = client.post(f"/usaha/{business.id}/ubah/{step}", data={**data, "go": "next"})
        assert answer.headers["Location"] == f"/usaha/{business.id}/ubah/{following}"
    last = client.post(
        f"/usaha/{business.id}/ubah/bantuan",
        data={"mentoring_needs": "pemasaran", "accepting_requests": "y", "go": "done"},
    )
    assert last.headers["Location"] == f"/usaha/{business.id}"
    db.session.refresh(business)
    assert (business.products, business.equipment, business.capacity_per_month) == (
        "Pagar, kanopi",
        "2 mesin las",
        40,
    )
    assert business.mentoring_needs == "pemasaran" and business.name == "Las Barokah"


def test_back_saves_then_goes_to_the_step_before(client, auth, owner):
    auth.login(owner)
    business = owner.business
    answer = client.post(
        f"/usaha/{business.id}/ubah/peralatan", data={"equipment": "Bubut", "go": "back"}
    )
    assert answer.headers["Location"] == f"/usaha/{business.id}/ubah/produk"
    db.session.refresh(business)
    assert business.equipment == "Bubut"


@pytest.mark.parametrize(
    ("step", "data", "field", "message"),
    [
        ("siapa", {**WHO, "name": "", "phone": "123"}, "name", "Wajib diisi"),
        ("siapa", {**WHO, "trade": "other", "sector": ""}, "sector", "Wajib diisi"),
        ("produk", {"products": "x" * 4001}, "products", "Maksimal 4000 karakter"),
        ("peralatan", {"capacity_per_month": "banyak"}, "capacity_per_month", "bilangan bulat"),
        ("peralatan", {"employees": "-3"}, "employees", "Harus antara 0"),
        ("bantuan", {"training_history": "x" * 4001}, "training_history", "Maksimal 4000"),
    ],
)
def test_each_step_checks_its_fields_and_saves_nothing_when_wrong(
    client, auth, owner, step, data, field, message
):
    auth.login(owner)
    business = owner.business
    before = {c: getattr(business, c) for c in ("name", "products", "employees", "kbli_code")}
    answer = client.post(f"/usaha/{business.id}/ubah/{step}", data={**data, "go": "next"})
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert message in page
    assert "is-invalid" in page
    db.session.expire_all()
    business = db.session.get(SmallBusiness, business.id)
    assert {c: getattr(business, c) for c in before} == before


def test_step_one_shows_every_mistake_at_once_and_keeps_values(client, auth, owner):
    auth.login(owner)
    data = {**WHO, "name": "", "phone": "123", "founded_year": "1800", "address": "Jl. Baru 1"}
    page = client.post(f"/usaha/{owner.business.id}/ubah/siapa", data=data).get_data(as_text=True)
    for message in ("Wajib diisi", "Nomor telepon tidak valid", "Harus antara 1900"):
        assert message in page
    assert 'value="Jl. Baru 1"' in page


def test_a_new_business_step_refuses_bad_input_and_creates_nothing(client, auth):
    auth.login(factories.UserFactory(role=Role.OWNER))
    page = client.post("/usaha/baru", data={**WHO, "kecamatan": "", "name": ""})
    assert page.status_code == 200 and business_count() == 0


def test_steps_are_for_the_owner_and_officials_only(client, auth, owner, csr, official):
    url = f"/usaha/{owner.business.id}/ubah/produk"
    auth.login(csr)
    assert client.get(url).status_code == 404
    assert client.post(url, data={"products": "curian"}).status_code == 404
    auth.logout()
    auth.login(factories.UserFactory(role=Role.OWNER))
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(official)
    assert client.get(url).status_code == 200
    assert client.get(f"/usaha/{owner.business.id}/ubah/entah").status_code == 404


def test_the_step_page_shows_the_completeness_meter(client, auth, owner):
    owner.business.mentoring_needs = ""
    owner.business.certifications = ""
    db.session.commit()
    auth.login(owner)
    page = client.get(f"/usaha/{owner.business.id}/ubah/produk").get_data(as_text=True)
    assert "Kelengkapan profil:" in page and "<progress" in page
    assert "Isi ini agar rekomendasi lebih tepat" in page
    assert "Kebutuhan pendampingan" in page
    assert f'href="/usaha/{owner.business.id}/ubah/bantuan"' in page


def test_the_profile_page_shows_what_is_missing_to_its_owner_only(client, auth, owner, csr):
    owner.business.equipment = ""
    db.session.commit()
    auth.login(owner)
    assert "Kelengkapan profil" in client.get(f"/usaha/{owner.business.id}").get_data(as_text=True)
    auth.logout()
    auth.login(csr)
    assert "Kelengkapan profil" not in client.get(f"/usaha/{owner.business.id}").get_data(
        as_text=True
    )


def test_tags_keep_their_rule_on_the_work_step(client, auth, owner):
    auth.login(owner)
    business = owner.business
    client.post(f"/usaha/{business.id}/ubah/produk", data={"products": "Las", "tags": ["plating"]})
    db.session.refresh(business)
    assert business.tags == "plating" and business.tags_edited
    client.post(f"/usaha/{business.id}/ubah/produk", data={"products": "Las", "tags_reset": "y"})
    db.session.refresh(business)
    assert not business.tags_edited


def test_a_second_tab_that_loses_the_race_is_sent_to_the_profile(client, auth, monkeypatch):
    """Two step-one submits for one owner: the check before saving passes for both (the
    first has not committed yet), the database's one-business-per-owner rule stops the
    second, which lands on the profile made by the first instead of an error page."""
    from matchmaker.profiles import services

    owner = factories.UserFactory(role=Role.OWNER)
    auth.login(owner)
    assert client.post("/usaha/baru", data={**WHO, "owner_name": "A"}).status_code == 302
    monkeypatch.setattr(services, "check_may_add_business", lambda owner: None)
    second = client.post("/usaha/baru", data={**WHO, "owner_name": "B"})
    first = db.session.scalar(select(SmallBusiness))
    assert second.status_code == 302
    assert second.headers["Location"].startswith(f"/usaha/{first.id}/ubah/")
    assert business_count() == 1 and first.owner_name == "A"
