"""The audit log and its export: officials only."""

from tests.permission_rows import row

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("audit.index", "GET", "/petugas/audit", (302, 403, 403, 403, 200)),
    row("audit.index", "GET", "/petugas/audit?since=kemarin", (302, 403, 403, 403, 200)),
    row("audit.export", "GET", "/petugas/audit.csv", (302, 403, 403, 403, 200)),
    row("audit.export", "GET", "/petugas/audit.csv?action=auth.login", (302, 403, 403, 403, 200)),
]
