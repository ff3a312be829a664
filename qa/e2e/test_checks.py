"""The page check itself: it must catch what it promises, or a green run proves nothing."""

import pytest

from qa.e2e.browser import VIEWPORTS, Journey


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("console.error('boom')", "console error"),
        ("setTimeout(() => { throw new Error('uncaught') })", "page error"),
        ("document.body.append(Object.assign(document.createElement('div'), "
         "{style: 'width: 2000px; height: 10px'}))", "horizontal overflow"),
        ("fetch('/__e2e_missing__')", "404"),
        # an image without a text alternative: axe-core's image-alt rule, rated critical
        ("document.querySelector('main').append(Object.assign(document.createElement('img'), "
         "{src: '/static/favicon.svg'}))", "accessibility: critical image-alt"),
    ],
    ids=["console", "pageerror", "overflow", "failed-load", "accessibility"],
)  # fmt: skip
def test_check_fails_on(browser, live, script, expected):
    """A console error, an uncaught error, overflow, a failed load and a serious
    accessibility violation each fail the check."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], is_mobile=True)
    try:
        page = context.new_page()
        journey = Journey(page, live.url, "selftest", "phone")
        journey.goto("/", "clean")
        page.evaluate(script)
        page.wait_for_timeout(300)  # let the async error or failed fetch reach the listeners
        with pytest.raises(pytest.fail.Exception, match=expected):
            journey.check("dirty")
    finally:
        context.close()
