"""The page shell (issue 13): compressed answers, fingerprinted static files kept a year,
the web app manifest, the service worker and its offline page, the icon sprite, the top
menu and the phone's tab bar with badges that say what they count."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest

from matchmaker.auth.models import Membership, Role
from matchmaker.brokering import services as brokering
from matchmaker.core.extensions import db
from matchmaker.core.pages import assets, icons
from matchmaker.notifications.models import Topic
from matchmaker.notifications.services import notify
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/(?:bootstrap/)?static/[^"]+)"', html)


# --- compression -------------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_pages_and_static_files_are_compressed(client, accept, encoding):
    css_url = static_urls(client.get("/").get_data(as_text=True))[0]
    page = client.get("/", headers={"Accept-Encoding": accept})
    with client.get(css_url, headers={"Accept-Encoding": accept}) as css:
        body = css.get_data()
    for response in (page, css):
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
    plain = brotli.decompress(body) if encoding == "br" else __import__("gzip").decompress(body)
    assert b".btn" in plain and len(body) < len(plain) / 3


def test_without_accept_encoding_nothing_is_compressed(client):
    assert "Content-Encoding" not in client.get("/", headers={"Accept-Encoding": ""}).headers


# --- fingerprinted static files ----------------------------------------------------------------


def test_static_urls_carry_the_file_fingerprint_and_are_kept_a_year(client):
    html = client.get("/").get_data(as_text=True)
    urls = static_urls(html)
    assert any("/static/app.css?v=" in url for url in urls)
    assert any("/bootstrap/static/css/bootstrap.min.css?v=" in url for url in urls)
    for url in urls:
        version = url.partition("?v=")[2].partition("#")[0]
        with client.get(url) as response:
            assert response.status_code == 200, url
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert re.fullmatch(r"[0-9a-f]{12}", version)
    app_css = (ROOT / "matchmaker" / "static" / "app.css").read_bytes()
    assert f"app.css?v={__import__('hashlib').sha256(app_css).hexdigest()[:12]}" in html


@pytest.mark.parametrize("query", ["", "?v=000000000000"])
def test_a_url_without_the_current_fingerprint_still_works_briefly_cached(client, query):
    with client.get(f"/static/app.css{query}") as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == assets.BRIEFLY


def test_dynamic_pages_stay_uncached(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_fingerprint_refuses_paths_outside_the_folder(app):
    with app.test_request_context():
        assert assets.fingerprint("static", "../__init__.py") is None
        assert assets.fingerprint("static", "no-such-file.css") is None
        assert assets.fingerprint("static", "app.css")


# --- installable -------------------------------------------------------------------------------


def test_manifest_names_the_app_its_icons_and_how_it_starts(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    manifest = json.loads(response.get_data())
    assert manifest["name"] == manifest["short_name"] == "Mitra Bekasi"
    assert manifest["lang"] == "id" and manifest["id"] == "/" and manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    sizes = {icon["sizes"]: icon for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= set(sizes)
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as fetched:
            assert fetched.status_code == 200 and fetched.mimetype == icon["type"]
    from PIL import Image

    for size in (192, 512):
        with Image.open(ROOT / "matchmaker" / "static" / f"icon-{size}.png") as image:
            assert image.size == (size, size)


def test_every_page_links_the_manifest_and_loads_app_js_which_registers_the_worker(client):
    html = client.get("/masuk").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    app_js = (ROOT / "matchmaker" / "static" / "app.js").read_text()
    assert 'navigator.serviceWorker.register("/service-worker.js", { scope: "/" })' in app_js
    assert "<script>" not in html  # no inline script: the CSP forbids it


def test_service_worker_keeps_the_shell_and_falls_back_to_the_offline_page(client):
    response = client.get("/service-worker.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    script = response.get_data(as_text=True)
    shell = json.loads(re.search(r"var SHELL = (\[.*?\]);", script).group(1))
    assert shell[0] == "/offline"
    assert any(url.startswith("/static/app.css?v=") for url in shell)
    for url in shell:
        with client.get(url) as fetched:
            assert fetched.status_code == 200, url
    assert "caches.match(OFFLINE)" in script and 'request.mode === "navigate"' in script
    assert client.get("/service-worker.js").get_data(as_text=True) == script  # stable text


def test_offline_page_is_in_indonesian_and_names_nobody(client, auth, owner):
    auth.login(owner)
    response = client.get("/offline")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="id">' in html
    assert "Tidak ada koneksi internet" in html and "Coba lagi" in html
    assert owner.name not in html and "<form" not in html and "csrf" not in html


# --- icons -------------------------------------------------------------------------------------


def test_the_sprite_holds_exactly_the_icons_the_pages_use():
    sprite = (ROOT / "matchmaker" / "static" / "icons.svg").read_text()
    symbols = set(re.findall(r'<symbol id="([a-z0-9-]+)"', sprite))
    assert symbols == set(icons.ICONS)
    templates = "".join(t.read_text() for t in (ROOT / "templates").rglob("*.html"))
    navigation = (ROOT / "matchmaker" / "main" / "navigation.py").read_text()
    called = set(re.findall(r"icon\((?:[a-z.]+ or )?'([a-z0-9-]+)'", templates))
    called |= set(re.findall(r'Link\(_l\("[^"]*"\), "[^"]+", "([a-z0-9-]+)"', navigation))
    assert called <= symbols  # every icon drawn is in the sprite
    named = set(re.findall(r"'([a-z0-9-]+)'", templates)) | set(
        re.findall(r'"([a-z0-9-]+)"', navigation)
    )
    assert symbols <= named  # and the sprite holds no icon that nothing names


def test_icon_symbol_is_built_from_an_svg_file():
    svg = '<svg xmlns="x" width="16" height="16" viewBox="0 0 16 16">\n  <path d="M1 1h2"/>\n</svg>'
    assert (
        icons.symbol("dot", svg)
        == '<symbol id="dot" viewBox="0 0 16 16"><path d="M1 1h2"/></symbol>'
    )


# --- menu and tab bar --------------------------------------------------------------------------


class Landmarks(HTMLParser):
    """The tab bar's links: (href, aria-current, text), and the badges' texts."""

    def __init__(self):
        super().__init__()
        self.tabs, self.badges, self._in_tab, self._badge_depth, self._depth = [], [], False, 0, 0
        self._in_tabbar = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._depth += 1
        classes = (attrs.get("class") or "").split()
        if tag == "nav" and "tabbar" in classes:
            self._in_tabbar = True
        if self._in_tabbar and tag == "a":
            self.tabs.append([attrs["href"], attrs.get("aria-current"), ""])
            self._in_tab = True
        if "count-badge" in classes:
            self.badges.append("")
            self._badge_depth = self._depth

    def handle_endtag(self, tag):
        if self._badge_depth == self._depth:
            self._badge_depth = 0
        self._depth -= 1
        if tag == "a":
            self._in_tab = False
        if tag == "nav":
            self._in_tabbar = False

    def handle_data(self, data):
        if self._in_tab:
            self.tabs[-1][2] += data
        if self._badge_depth:
            self.badges[-1] += data


def landmarks(html: str) -> Landmarks:
    parser = Landmarks()
    parser.feed(html)
    return parser


def words(text: str) -> str:
    return " ".join(text.split())


def test_visitors_have_no_tab_bar(client):
    assert landmarks(client.get("/").get_data(as_text=True)).tabs == []


@pytest.fixture
def pair():
    """An owner whose business a company asked to meet, and the company's approved staff."""
    business = factories.BusinessFactory(name="Bubut Jaya")
    company = factories.CompanyFactory(name="PT Mesin Bekasi")
    need = factories.NeedFactory(company=company, title="Poros S45C")
    csr = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    return business.owner, csr, business, company, need


def test_owner_tabs_show_unread_and_waiting_badges_with_their_words(client, auth, pair):
    owner, csr, business, company, need = pair
    brokering.start(csr, business, company, "subcontracting", need)  # waits for the owner
    notify([owner], Topic.MESSAGES, "message", {"author": "x", "business": "a", "company": "b"})
    db.session.commit()
    auth.login(owner)
    found = landmarks(client.get("/perkenalan").get_data(as_text=True))
    labels = [words(text) for _href, _current, text in found.tabs]
    assert [href for href, *_ in found.tabs] == [
        "/", "/rekomendasi", "/perkenalan", "/kotak-masuk", "/usaha/saya",
    ]  # fmt: skip
    assert labels[2] == "Perkenalan 1 menunggu jawaban Anda"
    assert labels[3] == "Kotak masuk 2 pesan belum dibaca"  # the request and the message
    assert [current for _h, current, _t in found.tabs] == [None, None, "page", None, None]
    assert any(re.fullmatch(r"\d+ pesan belum dibaca", words(b)) for b in found.badges)


def test_csr_tabs_lead_around_the_company(client, auth, pair):
    _owner, csr, _business, company, _need = pair
    auth.login(csr)
    found = landmarks(client.get("/").get_data(as_text=True))
    suggestions = f"/perusahaan/{company.id}/rekomendasi"
    assert [href for href, *_ in found.tabs] == [
        "/", suggestions, "/perkenalan", "/kotak-masuk", "/perusahaan/saya",
    ]  # fmt: skip
    assert found.tabs[0][1] == "page"


def test_official_tabs_and_the_approvals_badge(client, auth, official):
    factories.UserFactory(
        role=Role.CSR, company=factories.CompanyFactory(), membership=Membership.PENDING
    )
    auth.login(official)
    found = landmarks(client.get("/petugas/pemantauan").get_data(as_text=True))
    badge = " 1 staf CSR menunggu persetujuan"
    assert [words(text).removesuffix(badge) for *_x, text in found.tabs] == [
        "Beranda", "Meja", "Program WUB", "Pemantauan", "Lainnya",
    ]  # fmt: skip
    assert words(found.tabs[0][2]) == "Beranda 1 staf CSR menunggu persetujuan"
    assert found.tabs[3][1] == "page"


def test_english_badges(client, auth, pair):
    owner, *_rest = pair
    notify([owner], Topic.MESSAGES, "message", {"author": "x", "business": "a", "company": "b"})
    db.session.commit()
    auth.login(owner)
    client.post("/bahasa/en", data={"next": "/"})
    html = client.get("/").get_data(as_text=True)
    found = landmarks(html)

    assert "Inbox 1 unread message" in [words(text) for *_x, text in found.tabs]


def test_the_more_page_lists_every_menu_link(client, auth, official):
    auth.login(official)
    html = client.get("/menu").get_data(as_text=True)
    for path in (
        "/petugas/dasbor",
        "/petugas/meja",
        "/petugas/csr",
        "/petugas/baru",
        "/kotak-masuk",
    ):
        assert f'href="{path}"' in html
    client.post("/keluar")
    assert client.get("/menu").status_code == 302  # to log in


def test_an_official_desktop_menu_groups_rare_links_under_lainnya(client, auth, official):
    auth.login(official)
    html = client.get("/").get_data(as_text=True)
    top = html.split('id="menu"')[1].split("</nav>")[0]
    headings = re.findall(r"data-dropdown>([^<]+)</a>", top)
    assert headings == ["Program WUB", "Perantaraan", "Lainnya"]
    assert top.count('class="nav-item"') + top.count('class="nav-item dropdown"') <= 9


def test_the_top_menu_marks_one_current_link_and_its_group(client, auth, official):
    auth.login(official)
    top = client.get("/petugas/peserta").get_data(as_text=True).split('class="tabbar"')[0]
    assert re.findall(r'href="([^"]+)" aria-current="page"', top) == ["/petugas/peserta"]
    assert re.search(r'class="nav-link dropdown-toggle active" href="/petugas/angkatan"', top)
    assert 'dropdown-toggle active" href="/petugas/meja"' not in top
