"""Journey 4: an official works on a 360 px phone: the broker desk is a page of pairs, not
43,000 px of cards, with its action bar in reach; the dashboard's chart words are at least
10 px tall and its wide tables say they scroll; the printed report fits A4."""

from playwright.sync_api import expect

from qa.e2e.browser import ARTIFACTS, VIEWPORTS
from qa.e2e.conftest import TIMEOUT_MS, make_journey

DESK_MAX_HEIGHT = 20_000  # px at 360 px wide
SMALLEST_TEXT = 10  # px, any word of a chart
A4_TEXT_WIDTH = 703  # px at 96 dpi: 210 mm less the report's 12 mm margins

# Every piece of text inside the dashboard's figures, its rendered size in px: an HTML
# element's font size, an SVG text's font size times the scale its viewBox draws it at.
CHART_TEXT = """() => {
  const found = [];
  for (const root of document.querySelectorAll('.chart-figure')) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, el = node.parentElement;
      if (!node.textContent.trim() || !el.getClientRects().length) continue;
      let size = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGGraphicsElement && el.getScreenCTM()) size *= el.getScreenCTM().d;
      found.push([node.textContent.trim().slice(0, 30), Math.round(size * 10) / 10]);
    }
  }
  return {texts: found, canvases: document.querySelectorAll('.chart-figure canvas').length};
}"""
# Each scrolling table: does it overflow its box, and is its hint shown?
SCROLL_HINTS = """() => [...document.querySelectorAll('[data-scroll-hint]')].map(box => {
  const scroller = box.querySelector('.table-responsive');
  const hint = box.querySelector('.table-scroll-hint');
  return [scroller.scrollWidth > scroller.clientWidth + 1, hint.checkVisibility()];
})"""
# Tables wider than the printed page, or cells whose text is cut.
PRINT_OVERFLOW = """(width) => {
  const bad = [];
  for (const table of document.querySelectorAll('table')) {
    const right = table.getBoundingClientRect().right;
    if (right > width + 1) bad.push('table ends at ' + Math.round(right) + 'px');
    for (const cell of table.querySelectorAll('th, td')) {
      if (cell.scrollWidth > cell.clientWidth + 1) bad.push('cut: ' + cell.textContent.trim());
    }
  }
  return bad;
}"""


def phone_journey(request, browser, live, name: str):
    context = browser.new_context(
        viewport=VIEWPORTS["phone"],
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
    )
    context.set_default_timeout(TIMEOUT_MS)
    request.addfinalizer(context.close)
    return make_journey(request, context.new_page(), live, "phone", name)


def test_official_desk_dashboard_and_report_on_a_phone(request, browser, live):
    """The desk pages its pairs; chart words ≥ 10 px; scroll hints; A4 report."""
    j = phone_journey(request, browser, live, "officials-phone")
    page = j.page
    j.log_in("official@demo.mitra")

    j.goto("/petugas/meja", "desk")
    cards = page.locator("input[name=pair]")
    assert 0 < cards.count() <= 25
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < DESK_MAX_HEIGHT, f"the desk is {height}px tall at 360px"
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    bar = page.locator(".sticky-actions")
    expect(bar.get_by_role("button", name="Usulkan terpilih")).to_be_in_viewport()
    assert abs(bar.bounding_box()["y"]) < 80  # held at the top while the cards scroll by
    next_page = page.get_by_role("link", name="Berikutnya »")
    if next_page.count():
        next_page.click()
        j.check("desk-page-2")
        assert page.locator("input[name=pair]").count() > 0

    j.goto("/petugas/dasbor", "dashboard")
    measured = page.evaluate(CHART_TEXT)
    assert measured["canvases"] == 0 and measured["texts"]
    small = [(text, size) for text, size in measured["texts"] if size < SMALLEST_TEXT]
    assert not small, f"chart text under {SMALLEST_TEXT}px at 360px: {small[:10]}"
    hints = page.evaluate(SCROLL_HINTS)
    assert any(overflows for overflows, _shown in hints), "no table overflows at 360px"
    assert all(overflows == shown for overflows, shown in hints), hints
    expect(page.get_by_text("Geser untuk melihat kolom lain").first).to_be_visible()

    j.goto("/petugas/dasbor/laporan", "report")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
    assert page.evaluate(PRINT_OVERFLOW, A4_TEXT_WIDTH) == []
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    (ARTIFACTS / "officials-phone-report.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")
    page.set_viewport_size(VIEWPORTS["phone"])
    j.check("report-screen")
