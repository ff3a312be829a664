"""Phone screenshots of the main journeys for README's gallery (docs/gallery/).

    python -m qa.gallery        (make gallery)

Serves the app with the demo data (qa.live), opens each page at 360×740 in Debian's
Chromium as the user who would, and saves what the screen shows (not the whole page).
"""

import sys

from playwright.sync_api import sync_playwright

from qa.e2e.browser import PASSWORD, VIEWPORTS
from qa.live import ROOT, running_app

OUT = ROOT / "docs" / "gallery"
SHOTS = (  # (file, who: demo e-mail or None, path)
    ("1-landing", None, "/"),
    ("2-owner-home", "owner@demo.mitra", "/"),
    ("3-owner-suggestions", "owner@demo.mitra", "/rekomendasi"),
    ("4-owner-introductions", "owner@demo.mitra", "/perkenalan"),
    ("5-csr-home", "csr@demo.mitra", "/"),
    ("6-official-desk", "official@demo.mitra", "/petugas/meja"),
    ("7-official-dashboard", "official@demo.mitra", "/petugas/dasbor"),
)
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with running_app(workers=2) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        contexts = {}
        for name, email, path in SHOTS:
            if email not in contexts:
                contexts[email] = browser.new_context(
                    viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True, locale="id-ID"
                )
                if email:
                    page = contexts[email].new_page()
                    page.goto(app.url + "/masuk")
                    form = page.locator("main form")
                    form.get_by_label("E-mail", exact=True).fill(email)
                    form.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
                    form.get_by_role("button", name="Masuk").click()
                    page.wait_for_load_state("load")
                    page.close()
            page = contexts[email].new_page()
            page.goto(app.url + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=OUT / f"{name}.png")
            print(f"{name}: {path} as {email or 'visitor'}", file=sys.stderr)
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
