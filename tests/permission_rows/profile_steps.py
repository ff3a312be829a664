"""The business profile's steps: the business's owner and officials."""

from tests.permission_rows import row

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row(
        "profiles.edit_business_step",
        "GET",
        "/usaha/{own_business}/ubah/produk",
        (302, 200, 404, 404, 200),
    ),
    row(
        "profiles.edit_business_step",
        "GET",
        "/usaha/{other_business}/ubah/siapa",
        (302, 404, 404, 404, 200),
    ),
    # An empty POST re-saves the step as it is (WTForms falls back to the loaded values).
    row(
        "profiles.edit_business_step",
        "POST",
        "/usaha/{other_business}/ubah/peralatan",
        (302, 404, 404, 404, 302),
        {},
    ),
]
