"""Sign-up by e-mailed link, API tokens and signing out everywhere."""

from tests.permission_rows import row

ROWS = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("auth.signup_sent", "GET", "/daftar/terkirim", (200, 200, 200, 200, 200)),
    # A forged link goes back to step one; a logged-in user goes home.
    row("auth.signup_complete", "GET", "/daftar/palsu", (302,) * 5),
    row("auth.signup_complete", "POST", "/daftar/palsu", (302,) * 5, {}),
    # Nobody has a token with this id: 404 for every user.
    row("auth.revoke_token", "POST", "/akun/token/999999/cabut", (302, 404, 404, 404, 404)),
    row("auth.revoke_tokens", "POST", "/akun/token/cabut-semua", (302,) * 5),
    row("auth.sign_out_everywhere", "POST", "/akun/keluar-semua", (302,) * 5),
    row("api.auth.revoke_token", "DELETE", "/api/v1/auth/token", (401, 204, 204, 204, 204)),
]
