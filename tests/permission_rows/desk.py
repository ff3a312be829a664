"""The officials' broker desk and pipeline board: officials only."""

from tests.permission_rows import row

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("desk.index", "GET", "/petugas/meja", (302, 403, 403, 403, 200)),
    row("desk.index", "GET", "/petugas/meja?seksi=ILMO&kind=mentoring", (302, 403, 403, 403, 200)),
    # Nothing checked: the official is sent back to the desk with a message.
    row("desk.propose", "POST", "/petugas/meja/usulkan", (302, 403, 403, 403, 302), {}),
    row(
        "desk.propose",
        "POST",
        "/petugas/meja/usulkan",
        (302, 403, 403, 403, 302),
        {"pair": "subcontracting:999999:999999"},
    ),
    row("desk.pipeline", "GET", "/petugas/pipeline", (302, 403, 403, 403, 200)),
    row(
        "desk.pipeline", "GET", "/petugas/pipeline?kind=x&estate=MM2100", (302, 403, 403, 403, 200)
    ),
]
