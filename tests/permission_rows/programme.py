"""Cohorts, participants, status changes and monitoring visits: officials only."""

from tests.permission_rows import row

OFFICIALS_READ = (302, 403, 403, 403, 200)
OFFICIALS_WRITE = (302, 403, 403, 403, 302)

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("programme.cohorts", "GET", "/petugas/angkatan", OFFICIALS_READ),
    row("programme.cohorts", "GET", "/petugas/angkatan?year=x&seksi=ILMO", OFFICIALS_READ),
    row("programme.new_cohort", "GET", "/petugas/angkatan/baru", OFFICIALS_READ),
    # An empty form comes back with its errors.
    row("programme.new_cohort", "POST", "/petugas/angkatan/baru", OFFICIALS_READ, {}),
    row("programme.cohort", "GET", "/petugas/angkatan/{cohort}", OFFICIALS_READ),
    row("programme.edit_cohort", "GET", "/petugas/angkatan/{cohort}/ubah", OFFICIALS_READ),
    row(
        "programme.edit_cohort",
        "POST",
        "/petugas/angkatan/{cohort}/ubah",
        OFFICIALS_READ,
        {"name": ""},
    ),
    # The cohort has a participant: refused with a message, back to the cohort.
    row(
        "programme.delete_cohort",
        "POST",
        "/petugas/angkatan/{cohort}/hapus",
        OFFICIALS_WRITE,
        {"confirm": "1"},
    ),
    row("programme.participants", "GET", "/petugas/peserta?status=trained", OFFICIALS_READ),
    row(
        "programme.new_participant",
        "GET",
        "/petugas/angkatan/{cohort}/peserta/baru",
        OFFICIALS_READ,
    ),
    row(
        "programme.new_participant",
        "POST",
        "/petugas/angkatan/{cohort}/peserta/baru",
        OFFICIALS_READ,
        {},
    ),
    row("programme.participant", "GET", "/petugas/peserta/{participant}", OFFICIALS_READ),
    row("programme.edit_participant", "GET", "/petugas/peserta/{participant}/ubah", OFFICIALS_READ),
    row(
        "programme.edit_participant",
        "POST",
        "/petugas/peserta/{participant}/ubah",
        OFFICIALS_READ,
        {"name": ""},
    ),
    row(
        "programme.change_status",
        "POST",
        "/petugas/peserta/{participant}/status",
        OFFICIALS_WRITE,
        {"status": "stalled"},
    ),
    row(
        "programme.link_business",
        "POST",
        "/petugas/peserta/{participant}/usaha",
        OFFICIALS_WRITE,
        {"business": "{own_business}"},
    ),
    row(
        "programme.create_business",
        "POST",
        "/petugas/peserta/{participant}/usaha/baru",
        OFFICIALS_WRITE,
        {},
    ),
    row("visits.new_visit", "GET", "/petugas/peserta/{participant}/kunjungan/baru", OFFICIALS_READ),
    row(
        "visits.new_visit",
        "POST",
        "/petugas/peserta/{participant}/kunjungan/baru",
        OFFICIALS_READ,
        {"visited_on": "kemarin"},
    ),
    row(
        "visits.delete_visit",
        "POST",
        "/petugas/kunjungan/{visit}/hapus",
        OFFICIALS_WRITE,
        {"confirm": "1"},
    ),
    row("visits.photo", "GET", "/petugas/foto/999999", (302, 403, 403, 403, 404)),
    row("visits.overdue", "GET", "/petugas/pemantauan", OFFICIALS_READ),
    row("visits.overdue", "GET", "/petugas/pemantauan?interval=abc", OFFICIALS_READ),
    row("visits.overdue_download", "GET", "/petugas/pemantauan.xlsx", OFFICIALS_READ),
    row("visits.overdue_download", "GET", "/petugas/pemantauan.csv?interval=30", OFFICIALS_READ),
]
