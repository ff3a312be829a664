"""Security properties every response and session must have: headers, HSTS behind the TLS
proxy, sessions that end (fixation, logout, password change, remember-me), safe redirects,
and uploads judged by their content."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from openpyxl import Workbook

from matchmaker import create_app
from matchmaker.core import config
from matchmaker.core.config import database_url
from matchmaker.imports import tables
from matchmaker.wub.cohorts.models import WubStatus
from matchmaker.wub.monitoring.models import MonitoringVisit
from tests import factories
from tests.conftest import PASSWORD


def _directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def assert_secure_headers(response) -> None:
    """The headers every answer carries, whatever its kind."""
    policy = response.headers.get("Content-Security-Policy", "")
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = _directives(response)
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["script-src"] == "script-src 'self'"
    assert directives["object-src"] == "object-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    ("path", "status", "mimetype"),
    [
        ("/", 200, "text/html"),
        ("/masuk", 200, "text/html"),
        ("/tidak-ada", 404, "text/html"),
        ("/keluar", 405, "text/html"),
        ("/usaha", 302, "text/html"),
        ("/api/v1/openapi.json", 200, "application/json"),
        ("/api/v1/me", 401, "application/json"),
        ("/api/v1/tidak-ada", 404, "application/json"),
        ("/static/app.css", 200, "text/css"),
        ("/static/app.js", 200, "text/javascript"),
        ("/favicon.ico", None, None),
    ],
)
def test_every_kind_of_anonymous_answer_carries_the_security_headers(
    client, path, status, mimetype
):
    with client.get(path) as response:  # closes the file a static answer streams
        if status is not None:
            assert (response.status_code, response.mimetype) == (status, mimetype)
        assert_secure_headers(response)


@pytest.mark.parametrize(
    "path",
    [
        "/akun/data.json",
        "/petugas/ekspor/peserta.xlsx",
        "/petugas/ekspor/angkatan.csv",
        "/petugas/impor/templat/peserta.xlsx",
        "/petugas/audit.csv",
        "/petugas/dasbor",
    ],
)
def test_downloads_and_pages_of_a_logged_in_official_carry_them(client, auth, official, path):
    auth.login(official)
    response = client.get(path)
    assert response.status_code == 200
    assert_secure_headers(response)


def test_api_answers_and_errors_carry_them(client, owner):
    token = client.post("/api/v1/auth/token", json={"email": owner.email, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    assert_secure_headers(client.get("/api/v1/me", headers=headers))
    assert_secure_headers(client.get("/api/v1/businesses?limit=0", headers=headers))  # 422
    assert_secure_headers(client.post("/api/v1/auth/token", data="x"))


# --- HSTS and the TLS proxy ------------------------------------------------------------------


def test_no_hsts_over_plain_http_and_a_forwarded_proto_is_not_believed_by_default(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    forged = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in forged.headers


def test_hsts_when_tls_ends_at_the_app_itself(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.fixture
def proxied_app(app):
    """The app as production runs it: behind one TLS-terminating reverse proxy."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    return create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "PROXY_COUNT": 1, "MAIL_SERVER": None}
    )


def test_behind_the_proxy_its_forwarded_proto_brings_hsts(proxied_app):
    client = proxied_app.test_client()
    secure = client.get("/masuk", headers={"X-Forwarded-Proto": "https"})
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert_secure_headers(secure)
    assert "Strict-Transport-Security" not in client.get("/masuk").headers


def test_behind_the_proxy_only_its_own_hop_of_forwarded_for_is_believed(proxied_app):
    seen = {}

    @proxied_app.get("/_remote")
    def remote():
        from flask import request

        seen["addr"] = request.remote_addr
        return ""

    headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}  # forged by the client, then proxy
    proxied_app.test_client().get("/_remote", headers=headers)
    assert seen["addr"] == "203.0.113.9"


def test_proxy_count_defaults_to_one_in_production_and_none_in_development(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("PUBLIC_URL", "https://mitra.example")
    monkeypatch.delenv("PROXY_COUNT", raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    assert config.from_environment(str(tmp_path))["PROXY_COUNT"] == 1
    monkeypatch.setenv("APP_ENV", "development")
    assert config.from_environment(str(tmp_path))["PROXY_COUNT"] == 0
    monkeypatch.setenv("PROXY_COUNT", "2")
    assert config.from_environment(str(tmp_path))["PROXY_COUNT"] == 2
    assert database_url(None, str(tmp_path)).startswith("sqlite:///")


# --- sessions ----------------------------------------------------------------------------------


def _cookie(client, name: str = "session") -> str | None:
    found = client.get_cookie(name)
    return found.value if found else None


def _as(app, cookies: dict[str, str]):
    """A new browser holding only these cookies (a replayed or stolen set)."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def _logged_in(client) -> bool:
    return client.get("/akun").status_code == 200


def _login(client, user, **extra):
    data = {"email": user.email, "password": PASSWORD, **extra}
    assert client.post("/masuk", data=data).status_code == 302


def test_a_cookie_from_before_login_does_not_become_the_users_session(app, client, owner):
    client.get("/masuk")
    client.post("/bahasa/en", data={"next": "/masuk"})  # something in the session first
    before = _cookie(client)
    assert before
    _login(client, owner)
    assert _cookie(client) != before and _logged_in(client)
    assert not _logged_in(_as(app, {"session": before}))


def test_a_session_cookie_replayed_after_logout_is_not_logged_in(app, client, owner):
    _login(client, owner)
    stolen = _cookie(client)
    assert _logged_in(_as(app, {"session": stolen}))
    client.post("/keluar")
    assert not _logged_in(client)
    assert not _logged_in(_as(app, {"session": stolen}))


def test_logout_ends_the_users_sessions_on_other_devices(app, owner):
    phone, laptop = app.test_client(), app.test_client()
    _login(phone, owner)
    _login(laptop, owner)
    laptop.post("/keluar")
    assert not _logged_in(phone)


def test_a_password_change_ends_other_sessions_and_keeps_this_one(app, owner):
    phone, laptop = app.test_client(), app.test_client()
    _login(phone, owner)
    _login(laptop, owner)
    new = "sandi-baru-yang-panjang-2026"
    changed = laptop.post(
        "/akun/sandi",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )
    assert changed.status_code == 302
    assert _logged_in(laptop)
    assert not _logged_in(phone)


def test_a_remember_me_cookie_stops_working_at_logout(app, client, owner):
    _login(client, owner, remember="y")
    remembered = _cookie(client, "remember_token")
    assert remembered
    assert _logged_in(_as(app, {"remember_token": remembered}))  # it does log in before
    client.post("/keluar")
    assert _cookie(client, "remember_token") is None
    assert not _logged_in(_as(app, {"remember_token": remembered}))


def test_a_password_reset_ends_every_session(app, client, owner):
    from matchmaker.auth import services

    _login(client, owner)
    remembered = app.test_client()
    _login(remembered, owner, remember="y")
    token = _cookie(remembered, "remember_token")
    services.set_password(owner, "sandi-setelah-reset-2026")
    assert not _logged_in(client)
    assert not _logged_in(_as(app, {"remember_token": token}))


# --- redirects ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://jahat.example/",
        "//jahat.example/",
        "/\\jahat.example/",
        "\\\\jahat.example",
        "/usaha\r\nSet-Cookie: x=1",
        "/usaha\nenv;",
        "/\t/jahat.example",
        "javascript:alert(1)",
        "usaha",
    ],
)
def test_next_urls_that_leave_the_site_or_break_the_header_go_home(client, owner, target):
    login = client.post(
        "/masuk", query_string={"next": target}, data={"email": owner.email, "password": PASSWORD}
    )
    assert (login.status_code, login.headers["Location"]) == (302, "/")
    switch = client.post("/bahasa/en", data={"next": target})
    assert (switch.status_code, switch.headers["Location"]) == (302, "/")


# --- uploads judged by content -----------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims these dimensions (a decompression bomb's first bytes)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    body = struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return b"\x89PNG\r\n\x1a\n" + body


@pytest.mark.parametrize(
    "content",
    [
        b"<!doctype html><script>alert(document.cookie)</script>",
        b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>",  # JPEG magic, HTML body
        _png_header(40_000, 40_000),
    ],
)
def test_visit_photos_that_are_not_real_photos_are_refused(client, auth, official, content):
    auth.login(official)
    participant = factories.ParticipantFactory(status=WubStatus.OPERATING)
    data = {
        "visited_on": "17/08/2025",
        "operating": "ya",
        "photos": [(io.BytesIO(content), "foto.jpg")],
    }
    page = client.post(
        f"/petugas/peserta/{participant.id}/kunjungan/baru",
        data=data,
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "bukan foto" in page or "terlalu besar resolusinya" in page
    assert "<script>alert" not in page
    assert not MonitoringVisit.query.count()


def _xlsx(cell: tuple[int, int] | None = None) -> bytes:
    workbook = Workbook()
    workbook.active.append(["nama", "angkatan", "no hp"])
    if cell:
        workbook.active.cell(row=cell[0], column=cell[1], value="x")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_tiny_xlsx_with_a_cell_far_away_is_refused_before_it_is_walked():
    data = _xlsx(cell=(1_048_576, 16_384))  # 5 KB on disk, 17 billion cells to walk
    assert len(data) < 10_000
    with pytest.raises(tables.TableError, match="terlalu besar: 1048576 baris × 16384 kolom"):
        tables.read_grid(io.BytesIO(data), "peserta.xlsx")


def test_an_xlsx_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(tables, "XLSX_MAX_UNPACKED", 2**20)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_xlsx())) as source, zipfile.ZipFile(out, "w") as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info.filename), zipfile.ZIP_DEFLATED)
        bomb.writestr("xl/media/padding.bin", b"\0" * 2**21, zipfile.ZIP_DEFLATED)
    assert len(out.getvalue()) < 20_000
    with pytest.raises(tables.TableError, match="terlalu besar setelah dibuka"):
        tables.read_grid(io.BytesIO(out.getvalue()), "peserta.xlsx")


def test_the_upload_page_names_the_oversized_sheet(client, auth, official):
    from matchmaker.core.extensions import db
    from matchmaker.wub.spreadsheets.models import PendingUpload

    auth.login(official)
    data = {"kind": "participants", "file": (io.BytesIO(_xlsx(cell=(200_000, 3))), "p.xlsx")}
    client.post("/petugas/impor", data=data, content_type="multipart/form-data")
    token = db.session.scalar(db.select(PendingUpload.token))
    response = client.get(f"/petugas/impor/{token}")
    assert response.status_code == 422
    assert re.search(r"terlalu besar: 200000 baris", response.get_data(as_text=True))
