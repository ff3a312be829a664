"""Storage faults on SQLite: a read-only database and a full disk answer a clear 503
(a page, or the API's JSON error) and leave nothing half-written.

Root ignores file permissions, so read-only is the SQLite URI's `mode=ro`, and a full
disk is `PRAGMA max_page_count` held at the file's current size: the next write that
needs a page fails with SQLITE_FULL, as it would on a full disk.
"""

import sqlite3

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import InterfaceError, PendingRollbackError

from matchmaker import create_app
from matchmaker.audit.models import AuditEntry
from matchmaker.auth.services import issue_token
from matchmaker.brokering.models import Introduction
from matchmaker.core.extensions import db
from matchmaker.notifications.models import Notification
from matchmaker.profiles.models import SmallBusiness
from matchmaker.reference.services import load_reference_data
from tests import factories
from tests.conftest import PASSWORD, IsolatedClient

UNWRITABLE = "tidak dapat ditulis"
BUSINESS_FORM = {
    "name": "Nama Baru",
    "owner_name": "Agus Setiawan",
    "trade": "machining",
    "sector": "25920",
    "kbli_edition": "2020",
    "kecamatan": "Cikarang Barat",
    "employees": "3",
    "phone": "0813 1234 5678",
    "accepting_requests": "y",
}


def make_app(url: str):
    """An app of its own over the given SQLite URL (the suite's shared database may be
    PostgreSQL); sessions signed with one key, so a login carries over between apps."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "SECRET_KEY": "faults",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "MAIL_SERVER": None,
        }
    )
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture
def world(tmp_path):
    """A SQLite file with an owner's business, a company with a need, and the owner's
    token; VACUUMed, so no free page is left inside it."""
    path = tmp_path / "faults.sqlite3"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
        load_reference_data()
        business = factories.BusinessFactory()
        need = factories.NeedFactory()
        token, _expires = issue_token(business.owner)
        ids = {
            "business_id": business.id,
            "company_id": need.company_id,
            "need_id": need.id,
            "email": business.owner.email,
            "name": business.name,
            "headers": {"Authorization": f"Bearer {token}"},
        }
        db.session.remove()
        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("VACUUM")
    return path, app, ids


def counts(path) -> dict:
    """Rows a write would have left behind, read straight from the file."""
    with sqlite3.connect(path) as conn:
        one = lambda table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731, S608
        return {t: one(t) for t in ("introduction", "audit_entry", "notification")}


def logged_in(app, other, email: str):
    """A client of `other` carrying the session cookie of a login made through `app`."""
    source = app.test_client()
    assert source.post("/masuk", data={"email": email, "password": PASSWORD}).status_code == 302
    client = other.test_client()
    client.set_cookie("session", source.get_cookie("session").value)
    return client


def intro_body(ids: dict) -> dict:
    return {k: ids[k] for k in ("business_id", "company_id", "need_id")} | {
        "kind": "subcontracting"
    }


def assert_unwritable_json(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    error = response.get_json()["error"]
    assert error["code"] == "storage_unwritable"
    assert UNWRITABLE in error["message"]


def assert_unwritable_page(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert response.mimetype == "text/html"
    assert UNWRITABLE in response.get_data(as_text=True)


def test_read_only_database_refuses_writes_clearly_and_still_reads(world):
    path, app, ids = world
    before = counts(path)
    read_only = make_app(f"sqlite:///file:{path}?mode=ro&uri=true")
    client = logged_in(app, read_only, ids["email"])

    api = read_only.test_client()
    assert_unwritable_json(
        api.post("/api/v1/introductions", json=intro_body(ids), headers=ids["headers"])
    )
    page = client.post("/perkenalan", data={**intro_body(ids), "message": "Siap kirim contoh."})
    assert_unwritable_page(page)
    assert_unwritable_page(
        read_only.test_client().post("/masuk", data={"email": ids["email"], "password": PASSWORD})
    )
    # Reading goes on: the profile answers, and the page after the failure is whole.
    shown = api.get(f"/api/v1/businesses/{ids['business_id']}", headers=ids["headers"])
    assert shown.status_code == 200
    assert client.get(f"/usaha/{ids['business_id']}").status_code == 200
    assert counts(path) == before == {"introduction": 0, "audit_entry": 0, "notification": 0}


def test_full_disk_refuses_the_write_and_keeps_nothing_of_it(world):
    path, app, ids = world
    with sqlite3.connect(path) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    full = make_app(f"sqlite:///{path}")
    with full.app_context():

        @event.listens_for(db.engine, "connect")
        def _no_room(dbapi_connection, _record):
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        client = full.test_client()
        long_text = "Bubut presisi poros dan bushing sesuai gambar kerja. " * 70  # > a page
        response = client.patch(
            f"/api/v1/businesses/{ids['business_id']}",
            json={
                "name": "Nama Baru",
                "description": long_text[:4000],
                "products": long_text[:4000],
            },
            headers=ids["headers"],
        )
        assert_unwritable_json(response)
        html = logged_in(app, full, ids["email"])
        form = {**BUSINESS_FORM, "description": long_text[:4000], "products": long_text[:4000]}
        assert_unwritable_page(html.post(f"/usaha/{ids['business_id']}/ubah", data=form))

        db.session.remove()
        business = db.session.get(SmallBusiness, ids["business_id"])
        assert business.name == ids["name"]  # not one field of the failed edits was kept
        assert "gambar kerja. Bubut" not in business.description
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert db.session.scalar(select(func.count()).select_from(Introduction)) == 0
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
        db.engine.dispose()


def test_model_file_deleted_while_serving_is_downloaded_again(app, client, auth, tmp_path):
    """Each worker keeps serving from memory and fetches the published version's file
    again for the others; nobody trains."""
    from matchmaker.matching import services
    from matchmaker.matching.models import ModelVersion

    before = app.config["MODEL_PATH"]
    app.config["MODEL_PATH"] = str(tmp_path / "model.pkl")
    services.reset()
    try:
        business = factories.BusinessFactory()
        factories.NeedFactory(description="bubut poros dan bushing")
        services.train()
        auth.login(business.owner)
        assert client.get("/rekomendasi").status_code == 200
        path = services.model_path()
        path.unlink()
        page = client.get("/rekomendasi")
        assert page.status_code == 200
        assert "PT Komponen Presisi" in page.get_data(as_text=True)
        assert path.exists()
        services.reset()  # a worker started now loads the file downloaded again
        assert client.get("/rekomendasi").status_code == 200
        assert db.session.scalar(select(func.count()).select_from(ModelVersion)) == 1
    finally:
        services.reset()
        app.config["MODEL_PATH"] = before


@pytest.mark.parametrize(
    "error",
    [
        InterfaceError("SELECT 1", {}, Exception("the connection is closed")),
        PendingRollbackError("Can't reconnect until invalid transaction is rolled back."),
    ],
    ids=["interface", "pending-rollback"],
)
def test_a_connection_lost_under_a_request_is_503_not_500(app, error):
    """Both meet a request whose database connection went away mid-way (a crash)."""
    with app.test_request_context("/api/v1/me"):
        response = app.make_response(app.handle_user_exception(error))
        assert response.status_code == 503 and response.headers["Retry-After"]
        assert response.get_json()["error"]["code"] == "database_unavailable"
    with app.test_request_context("/usaha"):
        response = app.make_response(app.handle_user_exception(error))
        assert response.status_code == 503


def test_a_session_whose_database_went_away_after_the_answer_is_dropped_quietly(app, caplog):
    """PostgreSQL restarting between a request's answer and the end of its context: the
    session's closing rollback fails, and the answer must still go out (it was a 500)."""
    from sqlalchemy.exc import OperationalError

    session = db.session()

    def dead_connection():
        raise OperationalError("ROLLBACK", {}, Exception("terminating connection (shutdown)"))

    session.close = dead_connection
    try:
        app.do_teardown_appcontext()  # what the end of a request's app context runs
    finally:
        del session.close
    assert "Dropped a session whose connection failed" in caplog.text
    assert db.session() is not session  # the next request starts a new one
