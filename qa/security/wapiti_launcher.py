"""Start Debian's wapiti 3.0.4 with its URL-exclusion patterns working on Python 3.11.

Its `wildcard_translate` appends `(?ms)` after the pattern, which Python 3.11 refuses
("global flags not at the start"), so any `-x` crashes the scan. Run with the system
python3 (wapiti lives in its dist-packages): `python3 wapiti_launcher.py ARGS...`.
"""

import re
import sys

from wapitiCore.main.wapiti import wapiti_main
from wapitiCore.net import crawler


def wildcard_translate(pattern: str) -> re.Pattern:
    """`*` matches anything; everything else literally; the whole URL must match."""
    return re.compile("(?ms)" + ".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")


if __name__ == "__main__":
    crawler.wildcard_translate = wildcard_translate
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
