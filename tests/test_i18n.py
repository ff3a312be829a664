"""The English catalog: complete, current with the sources, and used by pages and the API.

Bahasa Indonesia is the source language (every msgid); English is the translation.
"""

import re
import subprocess
import sys

import pytest

from matchmaker.auth.models import User
from matchmaker.core.extensions import db
from tests import factories
from tests.conftest import PO_FILE, ROOT, api_token, read_catalog

PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]")

pytestmark = pytest.mark.usefixtures("compiled_catalog")  # tests/conftest.py


def msgids(catalog) -> list:
    """Each message's msgid (the singular one for plurals), header left out."""
    return [m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


# The catalog itself


def test_every_message_is_translated_and_not_fuzzy():
    catalog = read_catalog(PO_FILE)
    messages = [m for m in catalog if m.id]
    assert messages
    untranslated = [
        m.id for m in messages if not all(s.strip() for s in _strings(m.string, len(m.id)))
    ]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not untranslated, f"no English for: {untranslated}"
    assert not fuzzy, f"fuzzy (check and clear the flag): {fuzzy}"
    assert not catalog.fuzzy, "the catalog header is marked fuzzy"


def test_placeholders_survive_translation():
    catalog = read_catalog(PO_FILE)
    wrong = []
    for m in catalog:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        for english in _strings(m.string, len(ids)):
            # For plurals, every form must carry the placeholders of the plural msgid.
            if placeholders(english) != placeholders(ids[-1]):
                wrong.append((ids[0], english))
    assert not wrong, f"placeholders differ from the msgid: {wrong}"


def test_no_markup_in_translations():
    catalog = read_catalog(PO_FILE)
    html = [m.string for m in catalog if m.id and re.search(r"<[a-zA-Z/]", str(m.string))]
    assert not html


def test_catalog_is_current_with_the_sources(tmp_path):
    """Every UI string in the code and templates has an entry in the English catalog."""
    pot = tmp_path / "messages.pot"
    done = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "--quiet",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            # Babel skips directories starting with "_" by default, which would miss
            # templates/_macros; only hidden directories and bytecode are skipped here.
            "--ignore-dirs",
            ".* __pycache__",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    extracted = set(msgids(read_catalog(pot)))
    assert "Masuk" in extracted and "Sebelumnya" in extracted  # sanity: code and macros seen
    translated = set(msgids(read_catalog(PO_FILE)))
    missing = sorted(extracted - translated)
    assert not missing, (
        "UI strings without an English entry; run `make extract-messages` and translate "
        f"them in {PO_FILE.relative_to(ROOT)}: {missing}"
    )


def _strings(string, n_ids: int) -> list[str]:
    if isinstance(string, str):
        return [string]
    return list(string) if string else [""] * n_ids


# Pages and API (conftest's client gives each request its own app context, as when served)


class Browser:
    """A visitor with a test client: pages, the language switch, login."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, **kwargs):
        return self.client.post(url, **kwargs)

    def page(self, url: str) -> str:
        response = self.get(url)
        assert response.status_code == 200, url
        return response.get_data(as_text=True)

    def switch(self, lang: str, next_url: str = "/"):
        response = self.post(f"/bahasa/{lang}", data={"next": next_url})
        assert response.status_code == 302
        return response

    def login(self, user):
        response = self.post("/masuk", data={"email": user.email, "password": factories.PASSWORD})
        assert response.status_code == 302, "login failed"


@pytest.fixture
def browser(app):
    return Browser(app)


def stored_locale(user) -> str:
    db.session.expire_all()
    return db.session.get(User, user.id).locale


def test_pages_default_to_indonesian(browser):
    page = browser.page("/")
    assert '<html lang="id">' in page
    assert "Masuk" in page and "Log in" not in page


def test_language_switch_for_visitors(browser):
    response = browser.switch("en", next_url="/masuk")
    assert response.headers["Location"].endswith("/masuk")
    page = browser.page("/masuk")
    assert '<html lang="en">' in page
    assert "Log in" in page and "Forgotten your password?" in page
    assert "Lupa kata sandi?" not in page

    browser.switch("id", next_url="/masuk")
    page = browser.page("/masuk")
    assert '<html lang="id">' in page
    assert "Lupa kata sandi?" in page and "Log in" not in page


def test_unknown_language_is_ignored(browser):
    browser.switch("fr")
    assert '<html lang="id">' in browser.page("/")


def test_form_labels_and_errors_are_translated(browser):
    browser.switch("en")
    page = browser.post("/masuk", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Email" in page and "Password" in page
    assert "This field is required." in page
    assert "Wajib diisi." not in page


def test_logged_in_choice_is_stored_and_used_on_next_login(app, browser, owner):
    browser.login(owner)
    browser.switch("en")
    assert stored_locale(owner) == "en"
    browser.post("/keluar")  # clears the session, and with it the session's language
    assert '<html lang="id">' in browser.page("/masuk")

    elsewhere = Browser(app)  # another device: nothing but the account remembers English
    assert '<html lang="id">' in elsewhere.page("/masuk")
    elsewhere.login(owner)
    page = elsewhere.page("/")
    assert '<html lang="en">' in page
    assert "Log out" in page and "Profile completeness" in page

    elsewhere.switch("id")
    assert stored_locale(owner) == "id"
    assert "Keluar" in elsewhere.page("/")


def test_official_pages_in_english(browser, official):
    browser.login(official)
    browser.switch("en")
    page = browser.page("/")
    assert "CSR staff awaiting approval" in page and "Overdue monitoring visits" in page


def test_api_errors_default_to_indonesian(browser):
    response = browser.post(
        "/api/v1/auth/token", json={"email": "x@contoh.id", "password": "salah"}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == "E-mail atau kata sandi salah."


def test_api_errors_follow_the_language_switch(browser):
    browser.switch("en")
    response = browser.post(
        "/api/v1/auth/token", json={"email": "x@contoh.id", "password": "salah"}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == "Incorrect email or password."


def test_api_errors_in_english_for_an_english_user(app, browser, official):
    official.locale = "en"
    db.session.commit()
    with app.app_context():
        headers = api_token(browser.client, official)
    # A bearer token and nothing else: no session cookie says which language.
    response = browser.get("/api/v1/businesses?limit=0", headers=headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["message"] == "Invalid data."
    assert error["fields"]["limit"] == "Must be between 1 and 100."


def test_api_paging_and_role_errors_in_the_users_language(app, browser, csr):
    csr.locale = "en"
    db.session.commit()
    with app.app_context():
        headers = api_token(browser.client, csr)
    response = browser.get("/api/v1/introductions?cursor=tidak-sah", headers=headers)
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert fields == {"cursor": "Invalid cursor; use the `next` value from the previous page."}
    refused = browser.post("/api/v1/companies", json={"name": "PT X"}, headers=headers)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == "Only officials can view or change this."
    csr.locale = "id"
    db.session.commit()
    response = browser.get("/api/v1/introductions?cursor=tidak-sah", headers=headers)
    assert response.get_json()["error"]["fields"]["cursor"].startswith("Kursor tidak sah")
