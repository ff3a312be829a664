"""Deleting asks first (a GET or a POST without confirm=1 answers the question page),
deleted needs and programmes can be restored, closed participants reopened."""

from tests.permission_rows import row

ASKS_THE_COMPANY = (302, 404, 200, 404, 200)  # the company's approved CSR staff and officials
ASKS_OFFICIALS = (302, 403, 403, 403, 200)

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row(
        "profiles.delete_offer",
        "GET",
        "/perusahaan/{own_company}/kebutuhan/{own_need}/hapus",
        ASKS_THE_COMPANY,
    ),
    row(
        "profiles.delete_offer",
        "POST",
        "/perusahaan/{own_company}/program/{own_programme}/hapus",
        ASKS_THE_COMPANY,
        {},
    ),
    row(
        "profiles.delete_offer",
        "GET",
        "/perusahaan/{other_company}/kebutuhan/{other_need}/hapus",
        (302, 404, 404, 404, 200),
    ),
    # Nothing was deleted, so there is nothing to restore: 404 for everyone who may edit.
    row(
        "profiles.restore_offer",
        "POST",
        "/perusahaan/{own_company}/kebutuhan/{own_need}/pulihkan",
        (302, 404, 404, 404, 404),
        {},
    ),
    row("programme.delete_cohort", "GET", "/petugas/angkatan/{cohort}/hapus", ASKS_OFFICIALS),
    row("programme.delete_cohort", "POST", "/petugas/angkatan/{cohort}/hapus", ASKS_OFFICIALS, {}),
    row("visits.delete_visit", "GET", "/petugas/kunjungan/{visit}/hapus", ASKS_OFFICIALS),
    # The participant is not closed: the official is told so, back on the participant's page.
    row(
        "programme.reopen",
        "POST",
        "/petugas/peserta/{participant}/buka-kembali",
        (302, 403, 403, 403, 302),
        {"status": "trained", "reason": "salah catat"},
    ),
]
