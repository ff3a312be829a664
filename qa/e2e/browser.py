"""A journey's browser tab: every page it visits is checked and photographed.

Each check fails the journey with the list of what went wrong on that page:
console errors, uncaught page errors, 5xx answers, horizontal overflow (the document
wider than the viewport), and accessibility violations that axe-core (qa/node, the npm
package, run inside the page) rates serious or critical. A full-page screenshot of every
step is kept in qa/artifacts/e2e/<journey>-<viewport>-<nn>-<step>.png.
"""

import re
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Frame, Page, Response, expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "qa" / "artifacts" / "e2e"
AXE = ROOT / "qa" / "node" / "node_modules" / "axe-core" / "axe.min.js"
# axe-core's rule set (WCAG 2.0-2.2 A and AA and its best practices); only violations of
# these impacts fail a page, the rest are for a human to read in the report.
AXE_FAILS = ("serious", "critical")
AXE_RUN = """async (fails) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => fails.includes(v.impact)).map(v =>
    `${v.impact} ${v.id}: ${v.help} — `
    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')
    + (v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ''));
}"""
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
PASSWORD = "mitra-demo-2026"  # noqa: S105 - the documented demo password

# The document's real width. Clipping on html/body (`overflow-x: hidden`, which app.css had
# until these journeys found it) hides content past the edge and keeps scrollWidth at the
# viewport's, so any such clipping is lifted while measuring (CSSOM is allowed by the CSP).
DOCUMENT_WIDTH = """() => {
  const html = document.documentElement, body = document.body;
  const saved = [html.style.overflowX, body.style.overflowX];
  html.style.overflowX = body.style.overflowX = 'visible';
  const width = Math.max(html.scrollWidth, body.scrollWidth);
  [html.style.overflowX, body.style.overflowX] = saved;
  return width;
}"""
# The elements reaching past the right edge, for the overflow message.
WIDEST = """(limit) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > limit + 1)
  .slice(-5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim()
       ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
    + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)')"""


def accessibility_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now. The engine is
    evaluated through the DevTools protocol, which the page's CSP does not govern."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return [f"accessibility: {line}" for line in page.evaluate(AXE_RUN, list(AXE_FAILS))]


@cache
def _axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: make e2e installs qa/node (npm ci)", pytrace=False)
    return AXE.read_text(encoding="utf-8")


class Journey:
    """One journey at one viewport: navigation helpers plus a check on every page."""

    def __init__(self, page: Page, base_url: str, name: str, viewport: str) -> None:
        self.page, self.base_url, self.name, self.viewport = page, base_url, name, viewport
        self.problems: list[str] = []
        self.steps = 0
        self.unchecked = False
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("response", self._response)
        page.on("framenavigated", self._navigated)

    @property
    def phone(self) -> bool:
        """Whether this journey runs at the phone viewport."""
        return self.viewport == "phone"

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url") or self.page.url
            self.problems.append(f"console error ({where}): {message.text}")

    def _response(self, response: Response) -> None:
        if response.status >= 500:
            request = response.request
            self.problems.append(f"HTTP {response.status}: {request.method} {response.url}")

    def _navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.unchecked = True

    def goto(self, path: str, step: str) -> None:
        """Open a path of the app, then check the page."""
        self.page.goto(self.base_url + path)
        self.check(step)

    def check(self, step: str) -> None:
        """Screenshot the page; fail on console/page/server errors or horizontal overflow."""
        page = self.page
        page.wait_for_load_state("load")
        self.steps += 1
        shot = ARTIFACTS / f"{self.name}-{self.viewport}-{self.steps:02d}-{step}.png"
        page.screenshot(path=shot, full_page=True)
        problems, self.problems = self.problems, []
        width = page.viewport_size["width"]
        scroll = page.evaluate(DOCUMENT_WIDTH)
        if scroll > width:
            widest = page.evaluate(WIDEST, width)
            problems.append(f"horizontal overflow: {scroll}px > {width}px; widest: {widest}")
        problems += accessibility_violations(page)
        self.unchecked = False
        if problems:
            pytest.fail(f"{step} ({page.url}):\n  " + "\n  ".join(problems), pytrace=False)

    # --- navigation ------------------------------------------------------------------------

    def open_menu(self) -> None:
        """On a phone, unfold the navbar (collapsed behind its toggler) if it is folded."""
        toggler = self.page.locator(".navbar-toggler")
        if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
            toggler.click()
            expect(self.page.locator("#menu")).to_have_class(re.compile(r"\bshow\b"))

    def menu(self, *names: str, step: str) -> None:
        """Follow a navbar link, through its dropdown when two names are given."""
        self.open_menu()
        nav = self.page.locator("nav.navbar")
        for name in names[:-1]:
            nav.get_by_role("button", name=name, exact=True).or_(
                nav.get_by_role("link", name=name, exact=True)
            ).click()
        nav.get_by_role("link", name=names[-1], exact=True).click()
        self.check(step)

    def switch_language(self, step: str) -> None:
        """Press the navbar's language button and wait for the page in the other language."""
        lang = self.page.locator("html").get_attribute("lang")
        self.open_menu()
        self.page.locator("#lang-switch").click()
        expect(self.page.locator("html")).not_to_have_attribute("lang", lang)
        self.check(step)

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        """Log in through the form at /masuk."""
        self.goto("/masuk", "login")
        form = self.page.locator("main form")
        form.get_by_label("E-mail", exact=True).fill(email)
        form.get_by_label("Kata sandi", exact=True).fill(password)
        form.get_by_role("button", name="Masuk").click()
        self.open_menu()
        expect(self.page.locator("nav.navbar").get_by_role("button", name="Keluar")).to_be_visible()
        self.check("logged-in")

    def log_out(self) -> None:
        """Press “Keluar” in the navbar."""
        self.open_menu()
        self.page.locator("nav.navbar").get_by_role("button", name="Keluar").click()
        self.open_menu()
        expect(self.page.locator("nav.navbar").get_by_role("link", name="Masuk")).to_be_visible()
        self.check("logged-out")

    def flash(self, text: str | re.Pattern) -> None:
        """Expect a flashed message containing `text`."""
        expect(self.page.get_by_role("alert").filter(has_text=text).first).to_be_visible()
