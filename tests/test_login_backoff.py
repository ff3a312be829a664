"""Per-account backoff: repeated failed logins to one account, from any client address,
pause its logins for a while (growing), tell its holder and the audit log, and never
lock the owner out for good."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from matchmaker.audit.models import AuditEntry
from matchmaker.auth.models import LoginThrottle, utcnow
from matchmaker.core.extensions import db
from tests.conftest import PASSWORD

API = "/api/v1"
LOCKED = "Terlalu banyak percobaan masuk yang gagal untuk akun ini"


@pytest.fixture
def strict(app):
    """Three failures lock; the per-client rate limit is out of the way."""
    before = {k: app.config[k] for k in ("LOGIN_LOCKOUT_FAILURES", "LOGIN_RATE_LIMIT")}
    app.config.update(LOGIN_LOCKOUT_FAILURES=3, LOGIN_RATE_LIMIT="1000 per minute")
    yield
    app.config.update(before)


def from_address(client, number: int) -> dict:
    """Request options of a client at another address each time."""
    return {"environ_base": {"REMOTE_ADDR": f"203.0.113.{number}"}}


def fail_logins(client, email: str, times: int, api: bool = False) -> list[int]:
    codes = []
    for n in range(times):
        if api:
            body = {"email": email, "password": "tebakan-salah"}
            response = client.post(f"{API}/auth/token", json=body, **from_address(client, n))
        else:
            data = {"email": email, "password": "tebakan-salah"}
            response = client.post("/masuk", data=data, **from_address(client, n))
        codes.append(response.status_code)
    return codes


def expire_lock() -> None:
    db.session.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_failures_from_many_addresses_lock_the_account_and_tell_its_holder(
    client, mailbox, owner, strict
):
    assert fail_logins(client, owner.email, 3) == [200, 200, 200]
    right = {"email": owner.email, "password": PASSWORD}
    refused = client.post("/masuk", data=right, **from_address(client, 99))
    assert refused.status_code == 429
    assert LOCKED in refused.get_data(as_text=True)
    assert client.get("/akun").status_code == 302  # the right password did not log in
    [notice] = mailbox.messages
    assert notice["To"] == owner.email
    assert "dikunci sementara" in notice["Subject"]
    assert "http://localhost:5000/lupa-sandi" in notice.get_content()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auth.locked"))
    assert (entry.object_type, entry.object_id, entry.actor_id) == ("user", owner.id, None)
    assert "locked 15 min" in entry.summary and "203.0.113.2" in entry.summary


def test_the_token_endpoint_counts_and_refuses_the_same_way(client, owner, strict):
    assert fail_logins(client, owner.email, 3, api=True) == [401, 401, 401]
    body = {"email": owner.email, "password": PASSWORD}
    refused = client.post(f"{API}/auth/token", json=body)
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "account_locked"
    assert 850 <= int(refused.headers["Retry-After"]) <= 900
    # The lock counts HTML and API failures together.
    expire_lock()
    fail_logins(client, owner.email, 2, api=True)
    assert fail_logins(client, owner.email, 1)[0] == 200
    assert client.post(f"{API}/auth/token", json=body).status_code == 429


def test_the_lock_expires_and_grows_each_time(client, owner, strict):
    fail_logins(client, owner.email, 3)
    first = db.session.scalar(select(LoginThrottle)).locked_until - utcnow()
    expire_lock()
    fail_logins(client, owner.email, 3)
    second = db.session.scalar(select(LoginThrottle)).locked_until - utcnow()
    assert timedelta(minutes=14) < first <= timedelta(minutes=15)
    assert timedelta(minutes=29) < second <= timedelta(minutes=30)
    expire_lock()
    right = {"email": owner.email, "password": PASSWORD}
    assert client.post("/masuk", data=right).status_code == 302
    assert db.session.scalar(select(LoginThrottle)) is None  # a login forgets the failures


def test_a_password_reset_lifts_the_lock_at_once(client, mailbox, owner, strict):
    from matchmaker.auth import services

    fail_logins(client, owner.email, 3)
    services.set_password(owner, "sandi-baru-setelah-kunci")
    fresh = {"email": owner.email, "password": "sandi-baru-setelah-kunci"}
    assert client.post("/masuk", data=fresh).status_code == 302


def test_an_address_without_account_is_locked_alike_and_nobody_is_told(
    client, mailbox, owner, strict
):
    assert fail_logins(client, "tidak-ada@contoh.id", 3) == [200, 200, 200]
    locked = client.post("/masuk", data={"email": "Tidak-Ada@contoh.id", "password": "x"})
    assert locked.status_code == 429 and LOCKED in locked.get_data(as_text=True)
    assert mailbox.messages == []
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auth.locked")) is None
    stored = db.session.scalar(select(LoginThrottle))
    assert len(stored.address_digest) == 64  # a keyed digest, not the address
    assert "tidak-ada" not in stored.address_digest
    right = {"email": owner.email, "password": PASSWORD}
    assert client.post("/masuk", data=right).status_code == 302  # other accounts unaffected


def test_failures_spread_beyond_the_window_do_not_lock(client, owner, strict):
    fail_logins(client, owner.email, 2)
    db.session.execute(
        update(LoginThrottle).values(window_started_at=utcnow() - timedelta(minutes=16))
    )
    db.session.commit()
    assert fail_logins(client, owner.email, 2) == [200, 200]
    right = {"email": owner.email, "password": PASSWORD}
    assert client.post("/masuk", data=right).status_code == 302
