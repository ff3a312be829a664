"""The SVG icon sprite (matchmaker/static/icons.svg): only the icons the pages use, from
Bootstrap Icons (MIT), vendored from Debian's `bootstrap-icons` package, so no page asks
any other site for an icon.

Rebuild after adding a name to ICONS (needs `apt-get install bootstrap-icons`):

    .venv/bin/python -m matchmaker.core.pages.icons
"""

import re
import sys
from pathlib import Path

SOURCE = Path("/usr/share/bootstrap-icons/svg")
SPRITE = Path(__file__).resolve().parent / "static" / "icons.svg"
ICONS = (
    "arrow-right", "building", "calendar-event", "check-circle",
    "chevron-right", "clipboard-check", "clock", "house-door",
    "inbox", "kanban", "list", "mortarboard", "people", "person-check", "person-circle",
    "plus-lg", "search", "stars", "three-dots", "upload", "wifi-off",
)  # fmt: skip


def symbol(name: str, svg: str) -> str:
    """One icon's <svg> file as a <symbol> with the icon's name as its id."""
    view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
    body = re.sub(r"^.*?<svg[^>]*>|</svg>\s*$", "", svg.strip(), flags=re.S)
    body = re.sub(r"\s*\n\s*", "", body)
    return f'<symbol id="{name}" viewBox="{view_box}">{body}</symbol>'


def build(source: Path = SOURCE) -> str:
    """The sprite: every icon of ICONS as a symbol, in one SVG document."""
    symbols = "\n".join(symbol(name, (source / f"{name}.svg").read_text()) for name in ICONS)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg">\n'
        "<!-- Bootstrap Icons (https://icons.getbootstrap.com), MIT licence, "
        "Copyright (c) 2019-2021 The Bootstrap Authors; "
        "built by matchmaker/core/pages/icons.py -->\n"
        f"{symbols}\n</svg>\n"
    )


if __name__ == "__main__":
    SPRITE.write_text(build(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE))
    print(f"{SPRITE}: {len(ICONS)} icons")
