"""Cohort allocation into mentoring programmes: officials only."""

from tests.permission_rows import row

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("allocation.show", "GET", "/petugas/angkatan/{cohort}/alokasi", (302, 403, 403, 403, 200)),
    row(
        "allocation.show",
        "GET",
        "/petugas/angkatan/{cohort}/alokasi?programme={other_programme}&max_km=25",
        (302, 403, 403, 403, 200),
    ),
    # Bad choices are named on the page, not answered with an error.
    row(
        "allocation.show",
        "GET",
        "/petugas/angkatan/{cohort}/alokasi?programme=999999&max_km=abc",
        (302, 403, 403, 403, 200),
    ),
    row("allocation.show", "GET", "/petugas/angkatan/999999/alokasi", (302, 403, 403, 403, 404)),
    # Nothing to propose: back to the page with a message.
    row(
        "allocation.propose",
        "POST",
        "/petugas/angkatan/{cohort}/alokasi/usulkan",
        (302, 403, 403, 403, 302),
        {},
    ),
    row(
        "allocation.propose",
        "POST",
        "/petugas/angkatan/{cohort}/alokasi/usulkan",
        (302, 403, 403, 403, 302),
        {"pair": "mentoring:999999:999999"},
    ),
    row(
        "allocation.propose",
        "POST",
        "/petugas/angkatan/999999/alokasi/usulkan",
        (302, 403, 403, 403, 404),
        {"pair": "mentoring:1:1"},
    ),
]
