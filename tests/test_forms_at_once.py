"""Forms show every mistake at once, beside its field, and keep what was typed
(passwords may clear); required fields are marked before anyone submits."""

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from matchmaker.auth.models import User
from matchmaker.core.extensions import db
from tests import factories
from tests.conftest import PASSWORD
from tests.test_auth import SIGNUP, signup_url


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


class _Errors(HTMLParser):
    """Each error message of a page, under the name of the input it follows."""

    def __init__(self):
        super().__init__()
        self.last, self.found, self.reading = None, {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.last = attrs.get("name")
        self.reading = tag == "div" and "invalid-feedback" in (attrs.get("class") or "")

    def handle_data(self, data):
        if self.reading and self.last and data.strip():
            self.found.setdefault(self.last, data.strip())

    def handle_endtag(self, tag):
        self.reading = False


def errors_by_field(page: str) -> dict[str, str]:
    """{input name: its error message} as the page shows them, beside each field."""
    parser = _Errors()
    parser.feed(page)
    return parser.found


def marked(page: str, name: str) -> bool:
    """Whether the label of a field is followed by the visible "(wajib)"."""
    return bool(
        re.search(rf'<label[^>]*for="{name}"[^>]*>[^<]*</label> <span[^>]*>\(wajib\)', page)
    )


FOUR_MISTAKES = {
    **SIGNUP,
    "name": "",
    "phone": "12",
    "password": "pendek",
    "confirm": "lain-lagi",
    "consent": "",
}


def test_signup_with_four_mistakes_shows_each_beside_its_field_at_once(client):
    page = client.post(signup_url(), data={**FOUR_MISTAKES, "name": "Dewi"}).get_data(as_text=True)
    assert "Nomor telepon tidak valid" in page
    assert "Kata sandi minimal 8 karakter" in page
    assert "Kata sandi tidak sama" in page
    assert "Persetujuan pengolahan data pribadi wajib dicentang" in page
    assert count(User) == 0


def test_signup_errors_sit_beside_their_fields_and_values_are_kept(client):
    data = {**FOUR_MISTAKES, "name": "", "phone": "0812-99"}
    page = client.post(signup_url(), data=data).get_data(as_text=True)
    errors = errors_by_field(page)
    assert errors["name"] == "Wajib diisi."
    assert errors["phone"].startswith("Nomor telepon tidak valid")
    assert errors["password"] == "Kata sandi minimal 8 karakter."
    assert errors["confirm"] == "Kata sandi tidak sama."
    assert errors["consent"].startswith("Persetujuan pengolahan data pribadi")
    assert 'value="0812-99"' in page  # kept
    assert 'value="pendek"' not in page  # passwords clear


def test_signup_keeps_the_name_on_a_failed_submit(client):
    page = client.post(signup_url(), data={**FOUR_MISTAKES, "name": "Dewi Lestari"})
    assert 'value="Dewi Lestari"' in page.get_data(as_text=True)


def test_csr_signup_shows_company_and_account_mistakes_together(client):
    data = {
        **SIGNUP,
        "role": "csr",
        "company": "new",
        "company_name": "",
        "company_kecamatan": "Atlantis",
        "company_sector": "99999",
        "password": "pendek",
        "confirm": "pendek",
    }
    errors = errors_by_field(
        client.post(signup_url("c@pt.co.id"), data=data).get_data(as_text=True)
    )
    assert {"company_name", "company_kecamatan", "company_sector", "password"} <= set(errors)


def test_signup_marks_required_fields_before_submitting(client):
    page = client.get(signup_url()).get_data(as_text=True)
    assert marked(page, "name") and marked(page, "consent") and not marked(page, "phone")
    assert re.search(r'<input[^>]*id="name"[^>]*required', page)
    assert re.search(r'<label[^>]*for="name"[^>]*>Nama lengkap</label>', page)  # name unchanged


def test_signup_carries_name_and_phone_into_the_new_business(client):
    client.post(signup_url(), data=SIGNUP)
    page = client.get("/usaha/baru").get_data(as_text=True)
    assert 'value="Dewi Lestari"' in page  # the owner's name
    assert 'value="+6281234567890"' in page  # the phone, as stored


def test_csr_new_company_gets_the_phone_as_its_contact(client):
    data = {
        **SIGNUP,
        "role": "csr",
        "company": "new",
        "company_name": "PT Kontak Baru",
        "company_kecamatan": "Setu",
        "company_estate": "",
        "company_sector": "29300",
    }
    assert client.post(signup_url("csr@kontak.co.id"), data=data).status_code == 302
    from matchmaker.profiles.models import Company

    company = db.session.scalar(select(Company).where(Company.name == "PT Kontak Baru"))
    assert company.contact_phone == "+6281234567890"


def test_reset_password_shows_length_and_mismatch_at_once(client):
    from matchmaker.auth import services

    user = factories.UserFactory()
    with client.application.test_request_context():
        token = services.password_reset_token(user)
    page = client.post(
        f"/atur-sandi/{token}", data={"password": "pendek", "confirm": "lain"}
    ).get_data(as_text=True)
    assert "Kata sandi minimal 8 karakter" in page and "Kata sandi tidak sama" in page


def test_change_password_names_a_wrong_current_and_a_short_new_at_once(client, auth):
    user = factories.UserFactory()
    auth.login(user)
    data = {"current_password": "salah-sekali", "new_password": "pendek", "confirm": "pendek"}
    page = client.post("/akun/sandi", data=data).get_data(as_text=True)
    assert "Kata sandi saat ini salah" in page and "Kata sandi minimal 8 karakter" in page
    assert client.post("/masuk", data={"email": user.email, "password": PASSWORD})


def test_login_marks_both_fields_and_names_both_when_empty(client):
    page = client.post("/masuk", data={"email": "", "password": ""}).get_data(as_text=True)
    errors = errors_by_field(page)
    assert errors == {"email": "Wajib diisi.", "password": "Wajib diisi."}


@pytest.mark.parametrize(
    ("url", "data", "expected"),
    [
        (
            "/perusahaan/{company}/ubah",
            {"name": "", "kecamatan": "", "sector": "abc", "website": "javascript:x"},
            {"name", "kecamatan", "sector", "website"},
        ),
        (
            "/perusahaan/{company}/kebutuhan/baru",
            {"title": "", "volume": "banyak", "deadline": "besok"},
            {"title", "volume", "deadline"},
        ),
        (
            "/perusahaan/{company}/program/baru",
            {"title": "", "focus": "", "capacity": "nol", "start_date": "kemarin"},
            {"title", "focus", "capacity", "start_date"},
        ),
    ],
)
def test_company_forms_show_every_mistake_and_keep_values(client, auth, csr, url, data, expected):
    auth.login(csr)
    page = client.post(url.format(company=csr.company_id), data=data).get_data(as_text=True)
    assert expected <= set(errors_by_field(page))
    for value in data.values():
        if value:
            assert f'value="{value}"' in page or f">{value}</textarea>" in page


def test_company_forms_mark_required_fields(client, auth, csr):
    auth.login(csr)
    page = client.get(f"/perusahaan/{csr.company_id}/program/baru").get_data(as_text=True)
    assert all(marked(page, name) for name in ("title", "focus", "capacity"))
    assert not marked(page, "description")


def test_kbli_edition_is_chosen_for_the_user_by_default(client, auth, csr):
    auth.login(csr)
    page = client.get(f"/perusahaan/{csr.company_id}/ubah").get_data(as_text=True)
    assert "Edisi KBLI di NIB" not in page
    assert re.search(r'<option selected value="">Otomatis, sesuai kode</option>', page)
    data = {"name": "PT X", "kecamatan": "Setu", "sector": "95311", "kbli_edition": ""}
    assert client.post(f"/perusahaan/{csr.company_id}/ubah", data=data).status_code == 302
    db.session.refresh(csr.company)
    assert (csr.company.kbli_code, csr.company.kbli_edition) == ("95311", 2025)


def test_introduction_forms_mark_their_required_fields(client, auth, owner, csr):
    from matchmaker.brokering import services as brokering

    with client.application.test_request_context():
        intro, _ = brokering.start(owner, owner.business, csr.company, "subcontracting")
    auth.login(csr)
    page = client.get(f"/perkenalan/{intro.id}").get_data(as_text=True)
    assert re.search(r">Alasan</label> <span[^>]*>\(wajib\)</span>", page)
    assert re.search(r">Pesan</label> <span[^>]*>\(wajib\)</span>", page)
    assert not re.search(r">Keterangan</label> <span[^>]*>\(wajib\)", page)
