"""The programme dashboard, its downloads and report, and the targets: officials only."""

from tests.permission_rows import row

OFFICIALS = (302, 403, 403, 403, 200)
API_OFFICIALS = (401, 403, 403, 403, 200)

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("dashboard.index", "GET", "/petugas/dasbor", OFFICIALS),
    row("dashboard.index", "GET", "/petugas/dasbor?seksi=X&year_from=1900", OFFICIALS),
    row("dashboard.report", "GET", "/petugas/dasbor/laporan?seksi=ILMO", OFFICIALS),
    row("dashboard.download", "GET", "/petugas/dasbor/wub-per-tahun.csv", OFFICIALS),
    row("dashboard.download", "GET", "/petugas/dasbor/corong.xlsx?wub_only=1", OFFICIALS),
    row("dashboard.download", "GET", "/petugas/dasbor/tidak-ada.csv", (302, 403, 403, 403, 404)),
    row("dashboard.edit_targets", "GET", "/petugas/target", OFFICIALS),
    # A bad cell: the grid comes back with the cell's message, nothing saved.
    row("dashboard.edit_targets", "POST", "/petugas/target", OFFICIALS, {"t-2025-ILMO": "x"}),
    row(
        "dashboard.edit_targets",
        "POST",
        "/petugas/target",
        (302, 403, 403, 403, 302),
        {"t-2025-ILMO": "120"},
    ),
    row("api.dashboard.dashboard_figures", "GET", "/api/v1/dashboard?seksi=IET", API_OFFICIALS),
    row("api.dashboard.list_targets", "GET", "/api/v1/targets?year=2025", API_OFFICIALS),
    row(
        "api.dashboard.set_target",
        "PUT",
        "/api/v1/targets/2025/department",
        API_OFFICIALS,
        {"count": 450},
    ),
    row(
        "api.dashboard.set_target",
        "PUT",
        "/api/v1/targets/2025/nowhere",
        (401, 403, 403, 403, 422),
        {"count": 450},
    ),
]
