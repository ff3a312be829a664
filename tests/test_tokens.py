"""API tokens can be revoked: by the client itself (DELETE /api/v1/auth/token), one or all
from the account page, and with every session by "Keluar dari semua perangkat"."""

import json
from datetime import timedelta

from sqlalchemy import func, select, update

from matchmaker.auth.models import ApiToken, utcnow
from matchmaker.core.extensions import db
from tests import factories
from tests.conftest import PASSWORD

API = "/api/v1"


def token_of(client, user, agent: str = "pytest-client/1.0") -> dict:
    response = client.post(
        f"{API}/auth/token",
        json={"email": user.email, "password": PASSWORD},
        headers={"User-Agent": agent},
    )
    assert response.status_code == 200
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def tokens_of(user) -> int:
    query = select(func.count()).select_from(ApiToken).where(ApiToken.user_id == user.id)
    return db.session.scalar(query)


def test_a_client_revokes_its_own_token_and_only_that_one(client, owner):
    phone, laptop = token_of(client, owner), token_of(client, owner)
    revoked = client.delete(f"{API}/auth/token", headers=phone)
    assert (revoked.status_code, revoked.data) == (204, b"")
    answer = client.get(f"{API}/me", headers=phone)
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "unauthorized"
    assert client.delete(f"{API}/auth/token", headers=phone).status_code == 401
    assert client.get(f"{API}/me", headers=laptop).status_code == 200


def test_the_revocation_is_documented(client):
    operation = client.get(f"{API}/openapi.json").get_json()["paths"]["/auth/token"]["delete"]
    assert operation["operationId"] == "revoke_token"
    assert {"204", "401"} <= set(operation["responses"])


def test_the_account_page_lists_active_tokens_with_their_use(client, auth, owner):
    headers = token_of(client, owner, agent="Aplikasi-Gudang/2.1")
    client.get(f"{API}/me", headers=headers)
    expired = token_of(client, owner, agent="Skrip-Lama/0.1")
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.client == "Skrip-Lama/0.1")
        .values(expires_at=utcnow() - timedelta(days=1))
    )
    db.session.commit()
    auth.login(owner)
    page = client.get("/akun").get_data(as_text=True)
    assert "Aplikasi-Gudang/2.1" in page and "terakhir dipakai" in page
    assert "Skrip-Lama/0.1" not in page  # expired: no longer active
    assert client.get(f"{API}/me", headers=expired).status_code == 401
    stored = db.session.scalar(select(ApiToken).where(ApiToken.client == "Aplikasi-Gudang/2.1"))
    assert stored.last_used_at is not None
    exported = json.loads(client.get("/akun/data.json").data)["api_tokens"]
    assert [t["client"] for t in exported] == ["Aplikasi-Gudang/2.1"]


def test_one_token_is_revoked_from_the_account_page(client, auth, owner):
    kept, gone = token_of(client, owner, "tetap/1"), token_of(client, owner, "cabut/1")
    auth.login(owner)
    target = db.session.scalar(select(ApiToken).where(ApiToken.client == "cabut/1"))
    response = client.post(f"/akun/token/{target.id}/cabut")
    assert response.headers["Location"] == "/akun"
    assert client.get(f"{API}/me", headers=gone).status_code == 401
    assert client.get(f"{API}/me", headers=kept).status_code == 200


def test_nobody_revokes_another_users_token(client, auth, owner):
    other = factories.UserFactory()
    token_of(client, other)
    theirs = db.session.scalar(select(ApiToken).where(ApiToken.user_id == other.id))
    auth.login(owner)
    assert client.post(f"/akun/token/{theirs.id}/cabut").status_code == 404
    assert tokens_of(other) == 1


def test_all_tokens_are_revoked_at_once(client, auth, owner):
    first, second = token_of(client, owner), token_of(client, owner)
    auth.login(owner)
    response = client.post("/akun/token/cabut-semua", follow_redirects=True)
    assert "2 token API dicabut" in response.get_data(as_text=True)
    assert client.get(f"{API}/me", headers=first).status_code == 401
    assert client.get(f"{API}/me", headers=second).status_code == 401
    assert client.get("/akun").status_code == 200  # the session itself stays


def test_signing_out_everywhere_ends_every_session_and_token(app, client, auth, owner):
    headers = token_of(client, owner)
    other_device = app.test_client()
    other_device.post("/masuk", data={"email": owner.email, "password": PASSWORD})
    assert other_device.get("/akun").status_code == 200
    auth.login(owner)
    response = client.post("/akun/keluar-semua")
    assert response.headers["Location"] == "/masuk"
    assert client.get("/akun").status_code == 302
    assert other_device.get("/akun").status_code == 302
    assert client.get(f"{API}/me", headers=headers).status_code == 401
    assert tokens_of(owner) == 0
    assert auth.login(owner).status_code == 302  # and the owner can log in again
