"""Introduction pages, their actions, the inbox and the e-mail choices. own_intro: the
owner's business asked the CSR's company (waiting for the company); other_intro: two
strangers'. A step the state does not allow is flashed and redirected (302), so the
rows tell apart who may reach the introduction (302/200) from who may not (404)."""

from tests.permission_rows import row

ASK = {"business_id": "{own_business}", "company_id": "{own_company}", "kind": "mentoring"}
ASK_OTHERS = {
    "business_id": "{other_business}",
    "company_id": "{other_company}",
    "kind": "mentoring",
}
OWN = "/perkenalan/{own_intro}"
OTHER = "/perkenalan/{other_intro}"

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("brokering.index", "GET", "/perkenalan", (302, 200, 200, 200, 200)),
    row("brokering.index", "GET", "/perkenalan?status=requested", (302, 200, 200, 200, 200)),
    row("brokering.start", "POST", "/perkenalan", (302, 302, 302, 403, 302), ASK),
    row("brokering.start", "POST", "/perkenalan", (302, 404, 404, 403, 302), ASK_OTHERS),
    row("brokering.show", "GET", OWN, (302, 200, 200, 404, 200)),
    row("brokering.show", "GET", OTHER, (302, 404, 404, 404, 200)),
    # Only the company may accept what the owner asked; the others are told why (302).
    row("brokering.accept", "POST", OWN + "/terima", (302, 302, 302, 404, 302)),
    row("brokering.accept", "POST", OTHER + "/terima", (302, 404, 404, 404, 302)),
    row(
        "brokering.decline",
        "POST",
        OWN + "/tolak",
        (302, 302, 302, 404, 302),
        {"reason": "capacity"},
    ),
    # No reason: the page again with the message under the field.
    row("brokering.decline", "POST", OWN + "/tolak", (302, 200, 200, 404, 200), {}),
    row(
        "brokering.decline",
        "POST",
        OTHER + "/tolak",
        (302, 404, 404, 404, 302),
        {"reason": "capacity"},
    ),
    row(
        "brokering.withdraw",
        "POST",
        OWN + "/batalkan",
        (302, 302, 302, 404, 302),
        {"reason": "need_changed"},
    ),
    row(
        "brokering.withdraw",
        "POST",
        OTHER + "/batalkan",
        (302, 404, 404, 404, 302),
        {"reason": "need_changed"},
    ),
    row("brokering.advance", "POST", OWN + "/lanjut", (302, 302, 302, 404, 302), {"to": "meeting"}),
    row(
        "brokering.advance", "POST", OTHER + "/lanjut", (302, 404, 404, 404, 302), {"to": "meeting"}
    ),
    row("brokering.message", "POST", OWN + "/pesan", (302, 302, 302, 404, 302), {"body": "Halo"}),
    row("brokering.message", "POST", OTHER + "/pesan", (302, 404, 404, 404, 302), {"body": "Halo"}),
    row("brokering.message", "POST", OWN + "/pesan", (302, 200, 200, 404, 200), {"body": " "}),
    row("brokering.note", "POST", OWN + "/catatan", (302, 302, 302, 404, 302), {"body": "Catatan"}),
    row(
        "brokering.note", "POST", OTHER + "/catatan", (302, 404, 404, 404, 302), {"body": "Catatan"}
    ),
    # inbox and e-mail choices: each user's own only
    row("notifications.inbox", "GET", "/kotak-masuk", (302, 200, 200, 200, 200)),
    row("notifications.mark_read", "POST", "/kotak-masuk/baca", (302,) * 5),
    row("notifications.mark_read", "POST", "/kotak-masuk/baca", (302,) * 5, {"id": "1"}),
    row("notifications.email_settings", "GET", "/akun/email", (302, 200, 200, 200, 200)),
    row(
        "notifications.email_settings",
        "POST",
        "/akun/email",
        (302,) * 5,
        {"topics": "requests"},
    ),
]
