"""The app's own stylesheet: regressions the browser journeys (make e2e) found."""

import re
from pathlib import Path

APP_CSS = Path(__file__).resolve().parent.parent / "matchmaker" / "static" / "app.css"


def test_html_and_body_do_not_clip_sideways_overflow():
    """`overflow-x: hidden` on html/body hid overflowing content instead of fixing it and
    made body a scroll container, so the desk's sticky action bar scrolled away."""
    css = re.sub(r"/\*.*?\*/", "", APP_CSS.read_text(), flags=re.S)
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        names = {s.strip() for s in selectors.split(",")}
        if names & {"html", "body"}:
            assert not re.search(r"overflow(-x)?\s*:\s*(hidden|clip|auto|scroll)", body), selectors


def test_desk_action_bar_is_sticky(client):
    """The desk's action bar is the one sticky element; it stays so in the stylesheet."""
    with client.get("/static/app.css") as response:
        css = response.get_data(as_text=True)
    assert re.search(r"\.sticky-actions\s*\{[^}]*position:\s*sticky", css)
