"""Introductions in the JSON API. own_intro: the owner's business with the CSR's company,
asked by the owner; other_intro: two strangers' records."""

from tests.permission_rows import row

ASK = {"business_id": "{own_business}", "company_id": "{own_company}", "kind": "mentoring"}

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row(
        "api.brokering.list_introductions",
        "GET",
        "/api/v1/introductions",
        (401, 200, 200, 200, 200),
    ),
    row(
        "api.brokering.create_introduction",
        "POST",
        "/api/v1/introductions",
        (401, 201, 201, 403, 201),
        ASK,
    ),
    row(
        "api.brokering.get_introduction",
        "GET",
        "/api/v1/introductions/{own_intro}",
        (401, 200, 200, 404, 200),
    ),
    row(
        "api.brokering.get_introduction",
        "GET",
        "/api/v1/introductions/{other_intro}",
        (401, 404, 404, 404, 200),
    ),
    # The owner asked, so only the company may accept; officials never answer for a side.
    row(
        "api.brokering.accept_introduction",
        "POST",
        "/api/v1/introductions/{own_intro}/accept",
        (401, 409, 200, 404, 409),
    ),
    row(
        "api.brokering.accept_introduction",
        "POST",
        "/api/v1/introductions/{other_intro}/accept",
        (401, 404, 404, 404, 409),
    ),
    row(
        "api.brokering.decline_introduction",
        "POST",
        "/api/v1/introductions/{own_intro}/decline",
        (401, 409, 200, 404, 409),
        {"reason": "capacity"},
    ),
    row(
        "api.brokering.withdraw_introduction",
        "POST",
        "/api/v1/introductions/{own_intro}/withdraw",
        (401, 200, 409, 404, 200),
        {"reason": "need_changed"},
    ),
    row(
        "api.brokering.advance_introduction",
        "POST",
        "/api/v1/introductions/{own_intro}/advance",
        (401, 409, 409, 404, 409),
        {"to": "meeting"},
    ),
    row(
        "api.brokering.list_messages",
        "GET",
        "/api/v1/introductions/{own_intro}/messages",
        (401, 200, 200, 404, 200),
    ),
    row(
        "api.brokering.post_message",
        "POST",
        "/api/v1/introductions/{own_intro}/messages",
        (401, 201, 201, 404, 201),
        {"body": "Halo"},
    ),
    row(
        "api.brokering.post_message",
        "POST",
        "/api/v1/introductions/{other_intro}/messages",
        (401, 404, 404, 404, 201),
        {"body": "Halo"},
    ),
    row(
        "api.brokering.post_note",
        "POST",
        "/api/v1/introductions/{own_intro}/notes",
        (401, 409, 409, 404, 409),
        {"body": "Catatan"},
    ),
]
