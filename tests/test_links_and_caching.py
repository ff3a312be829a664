"""Links the app builds: e-mailed links start with PUBLIC_URL whatever Host the request
named, unknown hosts are refused, Back/Cancel links stay on the site; and no answer that
may carry personal data is kept by any cache."""

import re

import pytest

from matchmaker.core import config
from tests import factories
from tests.conftest import PASSWORD, api_token


@pytest.fixture
def public_site(app):
    before = app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = "https://mitra.bekasikab.example"
    yield app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = before


# --- F1: links from PUBLIC_URL, trusted hosts --------------------------------------------------


def test_the_reset_link_ignores_a_foreign_host_header(client, mailbox, owner, public_site):
    client.post("/lupa-sandi", data={"email": owner.email}, headers={"Host": "jahat.example"})
    [message] = mailbox.messages
    text = message.get_content()
    assert "jahat.example" not in text
    link = re.search(r"https://mitra\.bekasikab\.example(/atur-sandi/\S+)", text).group(1)
    assert client.get(link).status_code == 200  # the link works


def test_the_sign_up_link_ignores_a_foreign_host_header(client, mailbox, public_site):
    client.post("/daftar", data={"email": "baru@contoh.id"}, headers={"Host": "jahat.example"})
    text = mailbox.messages[0].get_content()
    assert "jahat.example" not in text
    assert re.search(r"https://mitra\.bekasikab\.example/daftar/\S+", text)


def test_an_unknown_host_is_refused(app, client):
    app.config["TRUSTED_HOSTS"] = ["mitra.bekasikab.example"]
    try:
        refused = client.get("/masuk", headers={"Host": "jahat.example"})
        posted = client.post("/lupa-sandi", data={"email": "a@b.id"}, headers={"Host": "x.example"})
        served = client.get("/masuk", headers={"Host": "mitra.bekasikab.example"})
        with_port = client.get("/masuk", headers={"Host": "mitra.bekasikab.example:443"})
    finally:
        app.config["TRUSTED_HOSTS"] = None
    assert refused.status_code == posted.status_code == 400
    assert refused.headers["Cache-Control"] == "no-store"
    assert served.status_code == with_port.status_code == 200


def test_production_trusts_the_host_of_public_url_and_requires_it(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        config.from_environment(str(tmp_path))
    monkeypatch.setenv("PUBLIC_URL", "https://mitra.bekasikab.example/")
    settings = config.from_environment(str(tmp_path))
    assert settings["TRUSTED_HOSTS"] == ["mitra.bekasikab.example"]
    monkeypatch.setenv("TRUSTED_HOSTS", "mitra.bekasikab.example, 10.0.0.5")
    assert config.from_environment(str(tmp_path))["TRUSTED_HOSTS"] == [
        "mitra.bekasikab.example",
        "10.0.0.5",
    ]
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.delenv("TRUSTED_HOSTS")
    assert config.from_environment(str(tmp_path))["TRUSTED_HOSTS"] is None


# --- F9: Back and Cancel links -----------------------------------------------------------------


def cancel_link(page: str) -> str:
    return re.search(r'<a class="btn btn-outline-secondary" href="([^"]*)">Batal</a>', page)[1]


@pytest.mark.parametrize(
    ("referrer", "expected"),
    [
        ("https://evil.example/x", "{own}"),
        ("http://evil.example/usaha", "{own}"),
        ("//evil.example/x", "{own}"),
        ("http://localhost//evil.example/x", "{own}"),
        ("http://localhost/\\evil.example", "{own}"),
        ("javascript:alert(1)", "{own}"),
        ("http://localhost/usaha?q=las", "/usaha?q=las"),
        ("https://mitra.bekasikab.example/perusahaan", "/perusahaan"),
        ("/rekomendasi", "/rekomendasi"),
        (None, "{own}"),
    ],
)
def test_cancel_goes_back_only_within_the_site(
    client, auth, owner, public_site, referrer, expected
):
    auth.login(owner)
    own = f"/usaha/{owner.business.id}"
    headers = {"Referer": referrer} if referrer else {}
    page = client.get(f"{own}/ubah", headers=headers).get_data(as_text=True)
    assert cancel_link(page) == expected.format(own=own)


def test_a_new_profile_without_a_local_referrer_cancels_home(client, auth):
    user = factories.UserFactory()
    auth.login(user)
    page = client.get("/usaha/baru", headers={"Referer": "https://evil.example/x"})
    assert cancel_link(page.get_data(as_text=True)) == "/"


# --- F10: no caching of personal data ----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/akun",
        "/akun/data.json",
        "/petugas/peserta",
        "/petugas/peserta/{participant}",
        "/petugas/ekspor/peserta.xlsx",
        "/petugas/ekspor/kunjungan.csv",
        "/petugas/audit.csv",
        "/usaha/{business}",
        "/perkenalan",
        "/kotak-masuk",
    ],
)
def test_pages_and_downloads_with_personal_data_are_never_stored(client, auth, official, path):
    participant = factories.ParticipantFactory()
    auth.login(official)
    url = path.format(participant=participant.id, business=factories.BusinessFactory().id)
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers["Cache-Control"] == "no-store"


def test_api_answers_are_never_stored(client, official):
    headers = api_token(client, official)
    for path in ("/api/v1/participants", "/api/v1/me", "/api/v1/businesses", "/api/v1/nothing"):
        assert client.get(path, headers=headers).headers["Cache-Control"] == "no-store", path
    token = client.post("/api/v1/auth/token", json={"email": official.email, "password": PASSWORD})
    assert token.headers["Cache-Control"] == "no-store"


def test_anonymous_pages_and_errors_too_but_not_static_files(client):
    for path in ("/", "/masuk", "/tidak-ada"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    with client.get("/static/app.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")


def test_a_visit_photo_is_not_cached_either(client, auth, official):
    from matchmaker.core.extensions import db
    from matchmaker.wub.monitoring.models import VisitPhoto

    visit = factories.VisitFactory()
    photo = VisitPhoto(visit_id=visit.id, width=1, height=1, data=b"\xff\xd8\xff")
    db.session.add(photo)
    db.session.commit()
    auth.login(official)
    response = client.get(f"/petugas/foto/{photo.id}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
