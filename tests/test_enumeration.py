"""Nobody learns which e-mail addresses have accounts: not from the token endpoint's or the
login's time, not from the sign-up or password-reset answers; and those two forms are
rate-limited per client address and per e-mail address."""

import re
import statistics
import time

import pytest
from sqlalchemy import func, select

from matchmaker.auth.models import User
from matchmaker.core.extensions import db
from tests import factories
from tests.conftest import PASSWORD

# A form's CSRF token is signed with the second it was made in: two answers a second apart
# differ there and only there, whoever asked.
_TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*"')


def page(response) -> str:
    """The page's text, its CSRF tokens blanked."""
    return _TOKEN.sub(r'\1"', response.get_data(as_text=True))


API = "/api/v1"


@pytest.fixture
def unthrottled(app):
    before = app.config["LOGIN_RATE_LIMIT"]
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    yield
    app.config["LOGIN_RATE_LIMIT"] = before


@pytest.fixture
def real_user():
    """A user whose password is hashed as sign-up hashes it (the factories' is cheap)."""
    user = factories.UserFactory(email="terdaftar@contoh.id")
    user.set_password(PASSWORD)
    db.session.commit()
    return user


def median_seconds(send, times: int = 5) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        send()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


@pytest.mark.parametrize("channel", ["api", "html"])
def test_an_unknown_address_takes_as_long_as_a_real_one(client, real_user, unthrottled, channel):
    def attempt(email):
        body = {"email": email, "password": "tebakan-salah"}
        if channel == "api":
            assert client.post(f"{API}/auth/token", json=body).status_code == 401
        else:
            assert client.post("/masuk", data=body).status_code == 200

    attempt("pemanasan@contoh.id")  # the first unknown address also makes the stand-in hash
    unknown = median_seconds(lambda: attempt("tidak-ada@contoh.id"), 4)
    real = median_seconds(lambda: attempt(real_user.email), 4)  # 8 failures: below the lock
    print(f"{channel}: unknown {unknown * 1000:.0f} ms, real {real * 1000:.0f} ms")
    assert real > 0.01  # a real password hash was checked (the test means something)
    assert max(unknown, real) / min(unknown, real) < 3


def test_sign_up_answers_alike_and_mails_the_holder_instead(client, mailbox, real_user):
    new = client.post("/daftar", data={"email": "baru@contoh.id"})
    taken = client.post("/daftar", data={"email": "TERDAFTAR@contoh.id"})
    assert new.status_code == taken.status_code == 302
    assert new.headers["Location"] == taken.headers["Location"] == "/daftar/terkirim"
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    to_new, to_holder = mailbox.messages
    assert to_new["To"] == "baru@contoh.id" and "/daftar/" in to_new.get_content()
    assert to_holder["To"] == real_user.email
    holder_text = to_holder.get_content()
    assert "sudah punya akun" in holder_text and "/daftar/" not in holder_text
    assert "http://localhost:5000/lupa-sandi" in holder_text


def test_password_reset_answers_alike(client, mailbox, real_user):
    known = client.post("/lupa-sandi", data={"email": real_user.email}, follow_redirects=True)
    unknown = client.post("/lupa-sandi", data={"email": "tak-ada@contoh.id"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert page(known) == page(unknown)
    assert [m["To"] for m in mailbox.messages] == [real_user.email]


def test_a_mail_server_that_is_down_does_not_tell_either(app, client, real_user):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens there
    try:
        known = client.post("/lupa-sandi", data={"email": real_user.email})
        taken = client.post("/daftar", data={"email": real_user.email})
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    assert known.status_code == taken.status_code == 302


@pytest.mark.parametrize("path", ["/daftar", "/lupa-sandi"])
def test_one_address_gets_only_a_few_mails_whoever_asks(client, mailbox, real_user, path):
    codes = [
        client.post(
            path,
            data={"email": real_user.email},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
        ).status_code
        for n in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    assert len(mailbox.messages) == 3
    other = client.post(path, data={"email": "lain@contoh.id"})
    assert other.status_code == 302  # the limit is the address's, not the form's


def test_both_forms_share_the_limit_of_one_address(client, mailbox, real_user):
    assert client.post("/daftar", data={"email": real_user.email}).status_code == 302
    assert client.post("/lupa-sandi", data={"email": real_user.email}).status_code == 302
    assert client.post("/daftar", data={"email": real_user.email}).status_code == 302
    assert client.post("/lupa-sandi", data={"email": real_user.email}).status_code == 429


def test_sign_up_is_rate_limited_per_client_address(app, client):
    before = app.config["LOGIN_RATE_LIMIT"]
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        codes = [
            client.post("/daftar", data={"email": f"orang{n}@contoh.id"}).status_code
            for n in range(4)
        ]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = before
    assert codes == [302, 302, 302, 429]
