"""Fixtures of the browser journeys: the served app, Debian's Chromium, a checked tab.

The app is served once per session by qa.live (gunicorn on loopback over a fresh
SQLite database with the demo data and a trained model); each test gets a new
browser context at its viewport, so journeys share no cookies.
"""

import json
import re
import shutil
import socket
import time
import urllib.request
from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, Page, sync_playwright

from qa.e2e.browser import ARTIFACTS, PASSWORD, VIEWPORTS, Journey
from qa.live import LiveApp, running_app

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 15_000  # every wait of a step; a healthy page answers in well under a second


class Mailbox:
    """A real SMTP server on loopback that the served app sends its e-mail to."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"

    def link(self, to: str, path: str, timeout: float = 10) -> str:
        """The path (from `path` on) of the newest link in an e-mail to `to`."""
        pattern = re.compile(r"https?://[^/\s]+(" + re.escape(path) + r"\S*)")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.messages):
                found = pattern.search(message.get_content()) if message["To"] == to else None
                if found:
                    return found.group(1)
            time.sleep(0.1)
        raise AssertionError(f"no e-mail to {to} with a {path} link")


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """Where the served app's e-mail goes (sign-up links, notifications)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port
    yield box
    controller.stop()


@pytest.fixture(scope="session")
def live(mailbox: Mailbox) -> Iterator[LiveApp]:
    """The app under test, served by gunicorn for the whole session."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(mailbox.port)}
    with running_app(workers=2, log_path=ARTIFACTS / "gunicorn.log", **mail) as app:
        yield app


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; Playwright downloads no browser of its own."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def shared() -> dict:
    """What one journey leaves for the next, by viewport (the owner's request for the CSR)."""
    return {}


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request) -> str:
    """Each journey at a 360×740 phone and a 1280×800 desktop."""
    return request.param


@pytest.fixture
def journey_page(browser: Browser, viewport: str) -> Iterator[Page]:
    """A fresh context (no cookies) at the viewport, as an Indonesian phone or office PC."""
    phone = viewport == "phone"
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        is_mobile=phone,
        has_touch=phone,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def make_journey(request, page: Page, live: LiveApp, viewport: str, name: str) -> Journey:
    """A Journey whose last page is checked too, and photographed when the test failed."""
    journey = Journey(page, live.url, name, viewport)

    def finish() -> None:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            page.screenshot(path=ARTIFACTS / f"{name}-{viewport}-failure.png", full_page=True)
        elif report is not None and report.passed and journey.unchecked:
            journey.check("end")

    request.addfinalizer(finish)
    return journey


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, for the failure screenshot."""
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


def api(live: LiveApp, path: str, email: str) -> dict:
    """GET a JSON API path as a demo user (a token from /api/v1/auth/token)."""
    body = json.dumps({"email": email, "password": PASSWORD}).encode()
    login = urllib.request.Request(  # noqa: S310 - the loopback app under test
        live.url + "/api/v1/auth/token", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(login, timeout=10) as response:  # noqa: S310
        token = json.load(response)["token"]
    request = urllib.request.Request(  # noqa: S310
        live.url + "/api/v1" + path, headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


@pytest.fixture(scope="session")
def csr_company(live: LiveApp) -> dict:
    """The demo CSR's company, as the API shows it (name, estate, needs)."""
    me = api(live, "/me", "csr@demo.mitra")
    return api(live, f"/companies/{me['company_id']}", "csr@demo.mitra")
