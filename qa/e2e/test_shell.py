"""The page shell in a real browser (issue 13): the phone's bottom tab bar with its badge
at 360 px, the official's one-line desktop menu at 1280 px, and the service worker's
offline page."""

import re

import pytest
from playwright.sync_api import expect

from qa.e2e.browser import ARTIFACTS
from qa.e2e.conftest import make_journey

MENU_MAX_HEIGHT = 72  # px, the official's top menu at 1280 px


def test_phone_tab_bar_shows_the_unread_badge_and_hides_no_content(request, browser, live):
    """At 360 px the CSR's tab bar sits at the bottom with a visible unread badge whose
    text says "… belum dibaca", marks the current tab, and covers none of the page."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True, locale="id-ID")  # fmt: skip
    page = context.new_page()
    request.addfinalizer(context.close)
    j = make_journey(request, page, live, "shell", "phone")
    j.log_in("csr@demo.mitra")
    tabbar = page.locator("nav.tabbar")
    expect(tabbar).to_be_visible()
    box = tabbar.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(740, abs=1)
    expect(tabbar.locator('[aria-current="page"]')).to_have_text(re.compile("Beranda"))
    badge = tabbar.locator(".count-badge").filter(has_text="belum dibaca")
    expect(badge).to_be_visible()
    expect(badge).to_have_text(re.compile(r"^\d+ pesan belum dibaca$"))
    inbox = tabbar.get_by_role("link", name=re.compile(r"^Kotak masuk \d+ pesan belum dibaca$"))
    expect(inbox).to_be_visible()

    # Scrolled to the end, the footer's last line is above the bar, not under it.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer = page.locator("footer.site-footer").bounding_box()
    bar = tabbar.bounding_box()
    assert footer["y"] + footer["height"] <= bar["y"] + 1, (footer, bar)

    inbox.click()
    j.check("inbox")
    expect(tabbar.locator('[aria-current="page"]')).to_have_text(re.compile("Kotak masuk"))


def test_official_desktop_menu_is_one_line(request, browser, live):
    """At 1280 px the official's whole top menu fits one line; rarely used links open
    from Lainnya."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    page = context.new_page()
    request.addfinalizer(context.close)
    j = make_journey(request, page, live, "shell", "desktop")
    j.log_in("official@demo.mitra")
    nav = page.locator("nav.navbar")
    height = nav.bounding_box()["height"]
    assert height <= MENU_MAX_HEIGHT, f"menu {height}px tall"
    expect(page.locator("nav.tabbar")).to_be_hidden()
    j.menu("Lainnya", "Log audit", step="audit")
    assert page.url.endswith("/petugas/audit")
    assert nav.bounding_box()["height"] <= MENU_MAX_HEIGHT


def test_offline_page_when_the_network_is_gone(request, browser, live):
    """Once the service worker is installed, a page that cannot be loaded shows the
    offline page in Bahasa Indonesia."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True, locale="id-ID")  # fmt: skip
    page = context.new_page()
    request.addfinalizer(context.close)
    j = make_journey(request, page, live, "shell-offline", "phone")
    j.goto("/", "landing")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the worker
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.goto(live.url + "/usaha")
    expect(page.get_by_role("heading", name="Tidak ada koneksi internet")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "shell-offline-phone-offline.png", full_page=True)
    context.set_offline(False)
    j.unchecked = False
