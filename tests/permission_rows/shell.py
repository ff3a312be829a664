"""The page shell: the menu page (logged-in users), and what installs the app (anyone)."""

from tests.permission_rows import row

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("main.more", "GET", "/menu", (302, 200, 200, 200, 200)),
    row("main.manifest", "GET", "/manifest.webmanifest", (200,) * 5),
    row("main.service_worker", "GET", "/service-worker.js", (200,) * 5),
    row("main.offline", "GET", "/offline", (200,) * 5),
]
