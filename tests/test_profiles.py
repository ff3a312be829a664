"""Profile pages: create and edit for each role, search and filters, validation, contacts."""

import pytest
from sqlalchemy import func, select

from matchmaker.auth.models import Membership, Role
from matchmaker.core.extensions import db
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from tests import factories

BUSINESS = {
    "name": "Las Listrik Barokah",
    "owner_name": "Rizky Pratama",
    "trade": "welding",
    "sector": "25920",
    "kbli_edition": "2020",
    "kecamatan": "Setu",
    "products": "Pagar, kanopi, rak besi",
    "capabilities": "Las listrik dan argon, fabrikasi rangka baja ringan",
    "capacity_per_month": "40",
    "capacity_unit": "unit",
    "employees": "4",
    "founded_year": "2022",
    "phone": "0813 1234 5678",
    "email": "barokah@contoh.id",
    "accepting_requests": "y",
}


def test_owner_creates_their_business(client, auth):
    user = factories.UserFactory(role=Role.OWNER)
    auth.login(user)
    assert client.get("/usaha/saya").headers["Location"].endswith("/usaha/baru")
    response = client.post("/usaha/baru", data=BUSINESS)
    assert response.status_code == 302
    business = db.session.scalar(select(SmallBusiness))
    assert response.headers["Location"].endswith(f"/usaha/{business.id}/ubah/produk")
    assert business.owner_id == user.id
    assert business.kecamatan.name == "Setu"
    assert business.phone == "+6281312345678"
    step = client.post(f"/usaha/{business.id}/ubah/peralatan", data=BUSINESS)
    assert step.headers["Location"].endswith(f"/usaha/{business.id}/ubah/bantuan")
    db.session.refresh(business)
    assert business.capacity_per_month == 40
    # One business per owner: the form leads to the existing one.
    assert (
        client.get("/usaha/baru").headers["Location"].endswith(f"/usaha/{business.id}/ubah/siapa")
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Wajib diisi"),
        ("kecamatan", "Atlantis", "Kecamatan tidak dikenal. Pilihan: Babelan"),
        ("sector", "99999", "Kode KBLI tidak dikenal"),
        ("sector", "abc", "Kode KBLI tidak dikenal"),
        ("employees", "banyak", "Harus berupa bilangan bulat"),
        ("employees", "-1", "Harus antara 0 dan 100000"),
        ("founded_year", "1800", "Harus antara 1900"),
        ("phone", "12345", "Nomor telepon tidak valid"),
        ("email", "bukan@", "Alamat e-mail tidak valid"),
        ("trade", "sihir", "Bidang usaha tidak dikenal"),
        ("products", "x" * 4001, "Maksimal 4000 karakter"),
    ],
)
def test_business_form_names_the_bad_field(client, auth, owner, field, value, message):
    """The one-page form checks every field; nothing is saved while one is wrong."""
    auth.login(owner)
    before = owner.business.name
    response = client.post(
        f"/usaha/{owner.business.id}/ubah", data={**BUSINESS, "name": "Baru", field: value}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SmallBusiness, owner.business.id).name == before


def test_kbli_edition_follows_the_code_unless_chosen(client, auth):
    auth.login(factories.UserFactory(role=Role.OWNER))
    # 95311 (car repair) exists only in KBLI 2025: a blank edition takes 2025 ...
    chosen_2020 = client.post(
        "/usaha/baru", data={**BUSINESS, "sector": "95311", "kbli_edition": "2020"}
    )
    assert "tidak ada di edisi 2020" in chosen_2020.get_data(as_text=True)
    response = client.post("/usaha/baru", data={**BUSINESS, "sector": "95311", "kbli_edition": ""})
    assert response.status_code == 302
    assert db.session.scalar(select(SmallBusiness.kbli_edition)) == 2025


def test_owner_edits_own_business_but_not_another(client, auth, owner):
    other = factories.BusinessFactory()
    auth.login(owner)
    page = client.get(f"/usaha/{owner.business.id}/ubah")
    assert page.status_code == 200 and owner.business.name in page.get_data(as_text=True)
    response = client.post(
        f"/usaha/{owner.business.id}/ubah", data={**BUSINESS, "name": "Bubut Jaya Baru"}
    )
    assert response.status_code == 302
    db.session.refresh(owner.business)
    assert owner.business.name == "Bubut Jaya Baru"
    assert client.get(f"/usaha/{other.id}/ubah").status_code == 404
    assert client.post(f"/usaha/{other.id}/ubah", data=BUSINESS).status_code == 404
    db.session.refresh(other)
    assert other.name != BUSINESS["name"]


def test_failed_edit_changes_nothing(client, auth, owner):
    before = owner.business.name
    auth.login(owner)
    client.post(
        f"/usaha/{owner.business.id}/ubah",
        data={**BUSINESS, "name": "Nama Baru", "kecamatan": "Atlantis"},
    )
    db.session.expire_all()
    assert db.session.get(SmallBusiness, owner.business.id).name == before


def test_official_creates_and_edits_any_business_and_company(client, auth, official, owner):
    auth.login(official)
    assert client.post("/usaha/baru", data=BUSINESS).status_code == 302
    assert client.post(f"/usaha/{owner.business.id}/ubah", data=BUSINESS).status_code == 302
    company = {
        "name": "PT Sinar Cikarang",
        "kecamatan": "Cikarang Selatan",
        "estate": "EJIP",
        "sector": "26120",
        "kbli_edition": "2020",
    }
    assert client.post("/perusahaan/baru", data=company).status_code == 302
    created = db.session.scalar(select(Company).where(Company.name == "PT Sinar Cikarang"))
    assert created.estate.short_name == "EJIP"


def test_csr_edits_their_company_needs_and_programmes(client, auth, csr):
    company = csr.company
    auth.login(csr)
    data = {
        "name": "PT Komponen Baru",
        "kecamatan": "Cikarang Barat",
        "estate": "MM2100",
        "sector": "29300",
        "kbli_edition": "2020",
    }
    assert client.post(f"/perusahaan/{company.id}/ubah", data=data).status_code == 302
    need = {
        "title": "Braket baja",
        "volume": "5.000",
        "volume_unit": "pcs/bulan",
        "deadline": "2027-03-31",
        "is_open": "y",
    }
    assert client.post(f"/perusahaan/{company.id}/kebutuhan/baru", data=need).status_code == 302
    created = db.session.scalar(
        select(SubcontractingNeed).where(SubcontractingNeed.title == "Braket baja")
    )
    assert created.volume == 5000 and str(created.deadline) == "2027-03-31"
    edit = client.post(
        f"/perusahaan/{company.id}/kebutuhan/{created.id}/ubah", data={**need, "is_open": ""}
    )
    assert edit.status_code == 302
    db.session.refresh(created)
    assert created.is_open is False
    programme = {
        "title": "Kelas K3",
        "focus": "Keselamatan kerja bengkel",
        "capacity": "10",
        "start_date": "2027-01-10",
        "end_date": "2027-01-01",
    }
    bad = client.post(f"/perusahaan/{company.id}/program/baru", data=programme)
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai" in bad.get_data(as_text=True)
    programme["end_date"] = "2027-06-30"
    assert client.post(f"/perusahaan/{company.id}/program/baru", data=programme).status_code == 302
    need_id = created.id
    delete = f"/perusahaan/{company.id}/kebutuhan/{need_id}/hapus"
    assert client.post(delete).status_code == 200  # one tap only asks
    assert db.session.get(SubcontractingNeed, need_id) is not None
    assert client.post(delete, data={"confirm": "1"}).status_code == 302
    db.session.expunge_all()
    assert db.session.get(SubcontractingNeed, need_id) is None  # gone from every query
    assert db.session.scalar(select(func.count(MentoringProgramme.id))) == 2


def test_csr_cannot_touch_another_company(client, auth, csr):
    other = factories.CompanyFactory()
    need = factories.NeedFactory(company=other)
    auth.login(csr)
    assert client.get(f"/perusahaan/{other.id}/ubah").status_code == 404
    assert (
        client.post(f"/perusahaan/{other.id}/kebutuhan/baru", data={"title": "x"}).status_code
        == 404
    )
    assert client.post(f"/perusahaan/{other.id}/kebutuhan/{need.id}/hapus").status_code == 404
    # A need of another company reached through one's own company is not found either.
    assert client.post(f"/perusahaan/{csr.company_id}/kebutuhan/{need.id}/hapus").status_code == 404
    assert db.session.get(SubcontractingNeed, need.id) is not None


def test_pending_csr_cannot_edit_their_company(client, auth):
    company = factories.CompanyFactory()
    user = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.PENDING)
    auth.login(user)
    assert client.get(f"/perusahaan/{company.id}/ubah").status_code == 404
    assert "belum disetujui" in client.get(f"/perusahaan/{company.id}").get_data(as_text=True)


def test_contacts_are_shown_only_to_owner_and_officials(client, auth, owner, csr, official):
    url = f"/usaha/{owner.business.id}"
    auth.login(csr)
    assert owner.business.phone not in client.get(url).get_data(as_text=True)
    auth.logout()
    for viewer in (owner, official):
        auth.login(viewer)
        assert owner.business.phone in client.get(url).get_data(as_text=True)
        auth.logout()


def test_business_directory_search_and_filters(client, auth, official):
    factories.BusinessFactory(
        name="Gulung Dinamo Pak Udin",
        trade="rewinding",
        kbli_code="33141",
        kecamatan=factories.kecamatan("Tambun Selatan"),
        capabilities="gulung ulang dinamo",
    )
    factories.BusinessFactory(
        name="Kerajinan Tembaga Setu",
        trade="copper_crafts",
        kbli_code="32120",
        kecamatan=factories.kecamatan("Setu"),
        capabilities="ukir tembaga",
    )
    auth.login(official)

    def names(query: str) -> str:
        return client.get("/usaha?" + query).get_data(as_text=True)

    assert "Pak Udin" in names("q=dinamo") and "Tembaga Setu" not in names("q=dinamo")
    assert "Tembaga Setu" in names("trade=copper_crafts") and "Pak Udin" not in names(
        "trade=copper_crafts"
    )
    assert "Pak Udin" in names("kecamatan=Tambun+Selatan") and "Tembaga Setu" not in names(
        "kecamatan=Tambun+Selatan"
    )
    assert "Pak Udin" in names("sector=331") and "Tembaga Setu" not in names("sector=331")
    assert "Tidak ada usaha" in names("q=%25_%25")


def test_company_directory_filters_by_estate(client, auth, owner):
    factories.CompanyFactory(
        name="PT Di Jababeka",
        estate=factories.estate("Jababeka"),
        kecamatan=factories.kecamatan("Cikarang Utara"),
    )
    factories.CompanyFactory(
        name="PT Di EJIP",
        estate=factories.estate("EJIP"),
        kecamatan=factories.kecamatan("Cikarang Selatan"),
    )
    auth.login(owner)
    page = client.get("/perusahaan?estate=Jababeka").get_data(as_text=True)
    assert "PT Di Jababeka" in page and "PT Di EJIP" not in page


def test_directory_paginates(client, auth, official):
    factories.BusinessFactory.create_batch(30)
    auth.login(official)
    first = client.get("/usaha").get_data(as_text=True)
    assert "1 / 2" in first
    assert "2 / 2" in client.get("/usaha?page=2").get_data(as_text=True)


def test_profile_pages_need_login(client, owner):
    for url in ("/usaha", f"/usaha/{owner.business.id}", "/perusahaan"):
        assert client.get(url).headers["Location"].startswith("/masuk")


def test_user_text_is_escaped(client, auth, owner):
    owner.business.description = "<script>alert(1)</script>"
    db.session.commit()
    auth.login(owner)
    page = client.get(f"/usaha/{owner.business.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_oversized_form_is_refused_with_413(app, client, auth, owner):
    auth.login(owner)
    huge = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(f"/usaha/{owner.business.id}/ubah", data={"description": huge})
    assert response.status_code == 413
    assert "terlalu besar" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SmallBusiness, owner.business.id).description != huge


LISTED_NEEDS = (
    "Kebutuhan kami:\n1) Bubut as roller S45C, 200 pcs/bulan\n"
    "2) Powder coating rangka rak, 500 pcs/bulan\n3) Palet kayu ISPM 15"
)


def _need_form(**values) -> dict:
    return {"title": "Kebutuhan rutin", "description": LISTED_NEEDS, "is_open": "y", **values}


def _needs_of(company) -> list:
    query = select(SubcontractingNeed).where(SubcontractingNeed.company_id == company.id)
    return db.session.scalars(query.order_by(SubcontractingNeed.id)).all()


def test_a_need_text_listing_several_needs_is_offered_as_one_entry_each(client, auth, csr):
    company = db.session.get(Company, csr.company_id)
    auth.login(csr)
    asked = client.post(f"/perusahaan/{company.id}/kebutuhan/baru", data=_need_form())
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "berisi 3 kebutuhan" in html
    assert "Bubut as roller S45C, 200 pcs/bulan" in html and "Palet kayu ISPM 15" in html
    before = _needs_of(company)

    done = client.post(f"/perusahaan/{company.id}/kebutuhan/baru", data=_need_form(split="yes"))
    assert done.status_code == 302
    needs = [n for n in _needs_of(company) if n not in before]
    assert [(n.title, n.volume, n.volume_unit) for n in needs] == [
        ("Bubut as roller S45C, 200 pcs/bulan", 200, "pcs/bulan"),
        ("Powder coating rangka rak, 500 pcs/bulan", 500, "pcs/bulan"),
        ("Palet kayu ISPM 15", None, ""),
    ]
    assert all(n.company_id == company.id and n.is_open for n in needs)


def test_a_listed_need_may_still_be_kept_as_one(client, auth, csr):
    company = db.session.get(Company, csr.company_id)
    auth.login(csr)
    before = _needs_of(company)
    kept = client.post(f"/perusahaan/{company.id}/kebutuhan/baru", data=_need_form(split="no"))
    assert kept.status_code == 302
    [need] = [n for n in _needs_of(company) if n not in before]
    assert need.title == "Kebutuhan rutin" and need.description == LISTED_NEEDS
