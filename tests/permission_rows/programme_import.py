"""Programme spreadsheets: upload, preview, confirm, templates, downloads; officials only."""

from tests.permission_rows import row

OFFICIAL_ONLY = (302, 403, 403, 403, 200)

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("programme_import.index", "GET", "/petugas/impor", OFFICIAL_ONLY),
    row("programme_import.index", "GET", "/petugas/impor?kind=cohorts", OFFICIAL_ONLY),
    # No kind and no file: the form again, with the message.
    row("programme_import.upload", "POST", "/petugas/impor", (302, 403, 403, 403, 422), {}),
    # Tokens are the uploader's own; an unknown one is not found.
    row("programme_import.preview", "GET", "/petugas/impor/palsu", (302, 403, 403, 403, 404)),
    row("programme_import.confirm", "POST", "/petugas/impor/palsu", (302, 403, 403, 403, 404)),
    row("programme_import.cancel", "POST", "/petugas/impor/palsu/batal", (302, 403, 403, 403, 404)),
    row(
        "programme_import.progress", "GET", "/petugas/impor/palsu/proses", (302, 403, 403, 403, 404)
    ),
    row(
        "programme_import.progress_status",
        "GET",
        "/petugas/impor/palsu/status",
        (302, 403, 403, 403, 404),
    ),
    row("programme_import.retry", "POST", "/petugas/impor/palsu/ulang", (302, 403, 403, 403, 404)),
    row("programme_import.template", "GET", "/petugas/impor/templat/peserta.xlsx", OFFICIAL_ONLY),
    row("programme_import.template", "GET", "/petugas/impor/templat/angkatan.xlsx", OFFICIAL_ONLY),
    row(
        "programme_import.export",
        "GET",
        "/petugas/ekspor/peserta.xlsx?cohort={cohort}&status=trained",
        OFFICIAL_ONLY,
    ),
    row("programme_import.export", "GET", "/petugas/ekspor/peserta.csv", OFFICIAL_ONLY),
    row("programme_import.export", "GET", "/petugas/ekspor/angkatan.csv?year=2024", OFFICIAL_ONLY),
    row(
        "programme_import.export",
        "GET",
        "/petugas/ekspor/kunjungan.xlsx?cohort={cohort}",
        OFFICIAL_ONLY,
    ),
]
