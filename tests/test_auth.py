"""Accounts: sign-up (by e-mailed link), login, rate limit, CSRF, password reset by real
SMTP, data rights."""

import json
import re

import pytest
from sqlalchemy import func, select

from matchmaker.auth import signup
from matchmaker.auth.models import ApiToken, Membership, Role, User
from matchmaker.core.extensions import db
from matchmaker.profiles.models import Company, SmallBusiness
from tests import factories
from tests.conftest import PASSWORD, api_token

SIGNUP = {
    "role": "owner",
    "name": "Dewi Lestari",
    "phone": "0812-3456-7890",
    "password": "bengkel-las-99",
    "confirm": "bengkel-las-99",
    "consent": "y",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def signup_url(email: str = "dewi@contoh.id") -> str:
    """Step two of sign-up, as the e-mailed link opens it."""
    return "/daftar/" + signup.token_for(email)


def test_sign_up_starts_with_a_link_by_email_and_ends_logged_in(client, mailbox):
    answer = client.post("/daftar", data={"email": " Dewi@Contoh.id "})
    assert answer.headers["Location"] == "/daftar/terkirim"
    assert "Periksa e-mail Anda" in client.get("/daftar/terkirim").get_data(as_text=True)
    assert count(User) == 0  # nothing is stored before the link is opened
    [message] = mailbox.messages
    assert message["To"] == "dewi@contoh.id"
    link = re.search(r"http://localhost:5000(/daftar/\S+)", message.get_content()).group(1)
    form = client.get(link).get_data(as_text=True)
    assert "dewi@contoh.id" in form and 'name="email"' not in form
    assert client.post(link, data=SIGNUP).headers["Location"].endswith("/usaha/baru")
    assert client.get("/akun").status_code == 200
    client.post("/keluar")
    again = client.get(link)  # the account exists now: the link leads to the login
    assert again.headers["Location"].endswith("/masuk")


def test_sign_up_link_must_be_genuine(client):
    response = client.get("/daftar/palsu")
    assert response.headers["Location"].endswith("/daftar")
    assert client.post("/daftar/palsu", data=SIGNUP).headers["Location"].endswith("/daftar")
    assert count(User) == 0


def test_sign_up_names_a_malformed_address(client, mailbox):
    response = client.post("/daftar", data={"email": "bukan-email"})
    assert response.status_code == 200
    assert "Alamat e-mail tidak valid" in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_owner_signs_up_and_is_logged_in(client):
    response = client.post(signup_url(), data=SIGNUP)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/usaha/baru")
    user = db.session.scalar(select(User).where(User.email == "dewi@contoh.id"))
    assert user.role == Role.OWNER and user.consent_at is not None
    assert user.phone == "+6281234567890"
    assert user.password_hash != SIGNUP["password"]
    assert client.get("/akun").status_code == 200


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"consent": ""}, "consent", "Persetujuan pengolahan data pribadi wajib dicentang"),
        ({"password": "pendek", "confirm": "pendek"}, "password", "minimal 8 karakter"),
        ({"confirm": "lain-lagi-123"}, "confirm", "Kata sandi tidak sama"),
        ({"name": ""}, "name", "Wajib diisi"),
        ({"phone": "12"}, "phone", "Nomor telepon tidak valid"),
    ],
)
def test_signup_names_the_bad_field(client, change, field, message):
    response = client.post(signup_url(), data={**SIGNUP, **change})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(User) == 0


def test_signup_with_a_taken_email_creates_nothing(client):
    factories.UserFactory(email="dewi@contoh.id")
    response = client.post(signup_url("dewi@contoh.id"), data=SIGNUP)
    assert response.headers["Location"].endswith("/masuk")
    assert count(User) == 1


def test_csr_joins_an_existing_company_pending_approval(client):
    company = factories.CompanyFactory()
    data = {**SIGNUP, "role": "csr", "company": str(company.id)}
    assert client.post(signup_url("csr@pt.co.id"), data=data).status_code == 302
    user = db.session.scalar(select(User).where(User.email == "csr@pt.co.id"))
    assert (user.company_id, user.membership) == (company.id, Membership.PENDING)
    assert user.approved_company_id is None
    assert client.get(f"/perusahaan/{company.id}/ubah").status_code == 404


def test_csr_registers_a_new_company_in_one_step(client):
    data = {
        **SIGNUP,
        "role": "csr",
        "company": "new",
        "company_name": "PT Baru Presisi",
        "company_kecamatan": "cikarang barat",
        "company_estate": "MM2100",
        "company_sector": "29300",
    }
    assert client.post(signup_url("csr@baru.co.id"), data=data).status_code == 302
    company = db.session.scalar(select(Company).where(Company.name == "PT Baru Presisi"))
    assert company.estate.short_name == "MM2100"
    assert company.staff[0].membership == Membership.PENDING


def test_csr_new_company_errors_name_company_fields_and_save_nothing(client):
    data = {
        **SIGNUP,
        "role": "csr",
        "company": "new",
        "company_name": "PT Baru",
        "company_kecamatan": "Atlantis",
        "company_sector": "99999",
    }
    body = client.post(signup_url("csr@baru.co.id"), data=data).get_data(as_text=True)
    assert "Kecamatan tidak dikenal" in body and "Kode KBLI tidak dikenal" in body
    assert count(User) == 0 and count(Company) == 0


def test_official_approves_a_csr_member(client, auth, official):
    company = factories.CompanyFactory()
    member = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.PENDING)
    auth.login(official)
    assert member.name in client.get("/petugas/csr").get_data(as_text=True)
    response = client.post(f"/petugas/csr/{member.id}/approve")
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.approved_company_id == company.id


def test_login_and_logout(client, auth, owner):
    assert auth.login(owner).status_code == 302
    assert client.get("/akun").status_code == 200
    auth.logout()
    assert client.get("/akun").status_code == 302


def test_login_rejects_a_wrong_password_without_saying_which_part(client, owner):
    response = client.post("/masuk", data={"email": owner.email, "password": "salah-sekali"})
    assert "E-mail atau kata sandi salah" in response.get_data(as_text=True)


def test_login_follows_only_local_next_urls(client, owner):
    data = {"email": owner.email, "password": PASSWORD}
    away = client.post("/masuk?next=https://jahat.example/curi", data=data)
    assert away.headers["Location"] == "/"
    client.post("/keluar")
    local = client.post("/masuk?next=/usaha", data=data)
    assert local.headers["Location"] == "/usaha"


def test_login_is_rate_limited(app, client, owner):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        codes = [
            client.post("/masuk", data={"email": owner.email, "password": "salah"}).status_code
            for _ in range(4)
        ]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "10 per minute;50 per hour"
    assert codes == [200, 200, 200, 429]


def test_login_starts_a_fresh_session(client, owner):
    with client.session_transaction() as session:
        session["planted"] = "by-attacker"
    client.post("/masuk", data={"email": owner.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].split(".")[0] == str(owner.id)


def test_logout_invalidates_the_session(client, auth, owner):
    auth.login(owner)
    with client.session_transaction() as session:
        stolen = dict(session)
    auth.logout()
    with client.session_transaction() as session:
        assert "_user_id" not in session
        session.update(stolen)  # replay the cookie captured before logout
    assert client.get("/akun").status_code == 302


def test_forms_without_csrf_token_are_rejected(app, client, owner):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/masuk", data={"email": owner.email, "password": PASSWORD})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in response.get_data(as_text=True)


def test_no_api_write_asks_for_a_csrf_token(app, client):
    """Bearer tokens, not cookies, authenticate /api/v1: with CSRF on, every write still
    answers in JSON (401 without a token), never the form's CSRF refusal."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/api/v1/"):
                continue
            url = re.sub(r"<(?:int:)?\w+>", "1", rule.rule)
            for method in rule.methods & {"POST", "PUT", "PATCH", "DELETE"}:
                response = client.open(url, method=method, json={})
                assert response.is_json and response.status_code != 400, (method, url)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_forms_with_a_csrf_token_pass(app, client, owner):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get("/masuk").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = {"email": owner.email, "password": PASSWORD, "csrf_token": token}
        response = client.post("/masuk", data=data)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 302


def test_password_reset_by_email(client, mailbox, owner):
    response = client.post("/lupa-sandi", data={"email": owner.email})
    assert response.status_code == 302
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["To"] == owner.email
    assert message["Subject"] == "Atur ulang kata sandi Mitra Bekasi"
    link = re.search(r"http://localhost:5000(/atur-sandi/\S+)", message.get_content()).group(1)
    new = {"password": "sandi-baru-2026", "confirm": "sandi-baru-2026"}
    assert client.post(link, data=new).status_code == 302
    assert (
        client.post(
            "/masuk", data={"email": owner.email, "password": "sandi-baru-2026"}
        ).status_code
        == 302
    )
    # The link is single-use.
    assert client.get(link).headers["Location"].endswith("/lupa-sandi")


def test_password_reset_says_nothing_about_unknown_addresses(client, mailbox):
    response = client.post(
        "/lupa-sandi", data={"email": "tidak.ada@contoh.id"}, follow_redirects=True
    )
    assert "Jika e-mail terdaftar" in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_password_reset_without_mail_server_logs_the_link(client, owner, caplog):
    client.post("/lupa-sandi", data={"email": owner.email})
    assert "/atur-sandi/" in caplog.text


def test_tampered_reset_link_is_refused(client):
    response = client.get("/atur-sandi/bukan-token-asli")
    assert response.headers["Location"].endswith("/lupa-sandi")


def test_change_password_revokes_api_tokens(client, auth, owner):
    headers = api_token(client, owner)
    auth.login(owner)
    data = {
        "current_password": PASSWORD,
        "new_password": "baru-sekali-1",
        "confirm": "baru-sekali-1",
    }
    assert client.post("/akun/sandi", data=data).status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_change_password_needs_the_current_one(client, auth, owner):
    auth.login(owner)
    data = {
        "current_password": "salah",
        "new_password": "baru-sekali-1",
        "confirm": "baru-sekali-1",
    }
    assert "Kata sandi saat ini salah" in client.post("/akun/sandi", data=data).get_data(
        as_text=True
    )


def test_user_downloads_their_data(client, auth, owner):
    auth.login(owner)
    response = client.get("/akun/data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.data)
    assert data["account"]["email"] == owner.email
    assert data["business"]["name"] == owner.business.name
    assert data["business"]["phone"] == owner.business.phone


def test_owner_deletes_account_and_business(client, auth, owner):
    api_token(client, owner)
    auth.login(owner)
    wrong = client.post("/akun/hapus", data={"password": "salah", "confirm": "y"})
    assert "Kata sandi salah" in wrong.get_data(as_text=True)
    assert count(User) == 1
    response = client.post("/akun/hapus", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert (count(User), count(SmallBusiness), count(ApiToken)) == (0, 0, 0)
    assert client.get("/akun").status_code == 302


def test_csr_deleting_account_keeps_the_company(client, auth, csr):
    auth.login(csr)
    client.post("/akun/hapus", data={"password": PASSWORD, "confirm": "y"})
    assert (count(User), count(Company)) == (0, 1)


def test_official_creates_an_official(client, auth, official):
    auth.login(official)
    data = {
        "name": "Budi",
        "email": "budi@dinas.go.id",
        "password": "petugas-123",
        "confirm": "petugas-123",
    }
    assert client.post("/petugas/baru", data=data).status_code == 302
    assert db.session.scalar(select(User).where(User.email == "budi@dinas.go.id")).is_official


def test_create_official_command(runner):
    result = runner.invoke(
        args=["create-official", "kepala@dinas.go.id", "--password", "rahasia-dinas-1"]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.email == "kepala@dinas.go.id")).is_official
    again = runner.invoke(
        args=["create-official", "kepala@dinas.go.id", "--password", "rahasia-dinas-1"]
    )
    assert again.exit_code != 0 and "sudah terdaftar" in again.output


def test_language_switch_is_remembered_for_the_user(client, auth, owner):
    auth.login(owner)
    assert "Keluar" in client.get("/").get_data(as_text=True)
    client.post("/bahasa/en", data={"next": "/akun"})
    db.session.refresh(owner)
    assert owner.locale == "en"


def test_deleting_an_account_erases_the_person_from_introductions_and_the_log(
    app, client, auth, owner, csr
):
    from matchmaker.audit.models import AuditEntry
    from matchmaker.brokering import services as brokering
    from matchmaker.brokering.models import Introduction, IntroductionMessage

    company, name = csr.company, owner.name
    with app.test_request_context():
        intro, _ = brokering.start(owner, owner.business, company, "subcontracting")
        brokering.post_message(owner, intro, "Nomor saya 0812-1111-2222")
    auth.login(owner)
    client.post(f"/usaha/{owner.business.id}/ubah", data={"name": "Bubut Ganti Nama"})
    data = json.loads(client.get("/akun/data.json").data)
    assert data["introductions"][0]["company"]["name"] == company.name
    assert data["messages_written"][0]["body"] == "Nomor saya 0812-1111-2222"
    client.post("/akun/hapus", data={"password": PASSWORD, "confirm": "y"})
    assert (count(Introduction), count(IntroductionMessage), count(SmallBusiness)) == (0, 0, 0)
    entries = db.session.scalars(select(AuditEntry)).all()
    assert {"introduction.created", "business.updated"} <= {e.action for e in entries}  # kept …
    text = json.dumps([[e.actor_name, e.summary, e.changes] for e in entries])
    assert name not in text and "Bubut Ganti Nama" not in text  # … but not who it was
