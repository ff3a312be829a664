"""Shared fixtures: one migrated database per run (SQLite, or TEST_DATABASE_URL), clean per test."""

import os
import socket
import tempfile
import threading
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient
from flask_babel import get_domain
from flask_migrate import upgrade
from huey.storage import SqliteStorage
from sqlalchemy import create_engine, make_url, text

from matchmaker import create_app
from matchmaker.auth.models import Membership, Role
from matchmaker.core.config import database_url
from matchmaker.core.extensions import db, limiter
from matchmaker.core.jobs import queue
from matchmaker.reference.services import load_reference_data
from tests import factories

REFERENCE_TABLES = {"kecamatan", "industrial_estate", "kbli_code", "alembic_version"}
PASSWORD = factories.PASSWORD
ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "matchmaker" / "translations"
PO_FILE = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO_FILE = PO_FILE.with_suffix(".mo")


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as when served.

    The test body holds an app context for factories and queries; without this,
    requests would share its `g` (cached user, locale) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()  # the test's own objects re-read what the request wrote
        return response


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    os.environ["INSTANCE_PATH"] = str(instance)
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{instance / 'test.sqlite3'}"
    url = _worker_database(database_url(url, str(instance)))
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url(url, str(instance)),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "MAIL_SERVER": None,
            "SERVER_NAME": "localhost",
            "JOBS_IMMEDIATE": True,
            "MODEL_CHECK_SECONDS": 0,  # every call sees the versions this test published
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        _fresh_schema()
        upgrade()
        load_reference_data()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _worker_database(url: str) -> str:
    """Under pytest-xdist (make test runs two workers) each worker needs a database of its
    own: SQLite's file already sits in the worker's own temporary folder; on PostgreSQL,
    worker gwN uses `<database>_gwN` on the same server, created when missing."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not url.startswith("postgresql"):
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def _fresh_schema() -> None:
    """Start from an empty database so migrations, not leftovers, build the schema."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Each test gets the reference data and nothing else, and a job queue that runs jobs
    at once (a test that built another app pointed the one global queue at that app)."""
    if queue._apps[-1:] != [app]:
        queue.init_app(app)
    with app.app_context():
        yield
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
    limiter.reset()


@pytest.fixture
def model_file(app, tmp_path):
    """This test's own MODEL_PATH (its path: the served version's file lies beside it, see
    services.model_path()) and a process state that starts empty. Published versions live
    in the test database, which every test leaves empty."""
    from matchmaker.matching import services

    before = app.config["MODEL_PATH"]
    app.config["MODEL_PATH"] = str(tmp_path / "model.pkl")
    services.reset()
    yield tmp_path / "model.pkl"
    services.reset()
    app.config["MODEL_PATH"] = before


def read_catalog(path: Path):
    """The gettext catalog (.po or .pot) at `path`."""
    with path.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def compiled_catalog(app):
    """Compile the .mo as `make translations` would, when it is missing or older than the .po.

    Tests may run through plain pytest before `make translations`; the catalog cache is
    cleared so translations loaded earlier in the run (before the .mo existed) are dropped.
    A module that reads English text marks itself with usefixtures("compiled_catalog").
    """
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        catalog = read_catalog(PO_FILE)
        fd, tmp = tempfile.mkstemp(dir=MO_FILE.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as f:
            write_mo(f, catalog, use_fuzzy=True)
        os.replace(tmp, MO_FILE)
    with app.app_context():
        get_domain().cache.clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Auth:
    """Log a test client in and out through the real login form."""

    def __init__(self, client):
        self.client = client

    def login(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post("/masuk", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/keluar")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def owner():
    """An owner with a business."""
    business = factories.BusinessFactory()
    return business.owner


@pytest.fixture
def csr():
    """An approved CSR user of a company with one need and one programme."""
    company = factories.CompanyFactory()
    factories.NeedFactory(company=company)
    factories.ProgrammeFactory(company=company)
    return factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)


@pytest.fixture
def official():
    return factories.UserFactory(role=Role.OFFICIAL)


def api_token(client, user, password: str = PASSWORD) -> dict:
    """Authorization headers for the API, got through the real token endpoint."""
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": password})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


class Mailbox:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


@pytest.fixture
def mailbox(app):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield box
    app.config.update(MAIL_SERVER=None)
    controller.stop()


class StoredQueue:
    """The job queue as the worker sees it: jobs wait in a SQLite file until `run_next`."""

    def __init__(self, path):
        self.huey = huey = queue.huey
        self.saved = huey.storage, huey._immediate
        huey._immediate = False
        huey.storage = SqliteStorage("matchmaker", filename=str(path))

    def pending(self) -> list[str]:
        return [message.name.rsplit(".", 1)[-1] for message in self.huey.pending()]

    def run_next(self) -> None:
        """What one worker thread does with the next job: run it, outside any app context."""
        task = self.huey.dequeue()
        assert task is not None, "no job is waiting"
        worker = threading.Thread(target=lambda: self.huey.execute(task))
        worker.start()
        worker.join(30)
        assert not worker.is_alive()

    def restore(self) -> None:
        self.huey.storage, self.huey._immediate = self.saved


@pytest.fixture
def stored_queue(tmp_path):
    """Jobs are queued, not run at once, until the test runs them as a worker would."""
    queue = StoredQueue(tmp_path / "jobs.sqlite3")
    yield queue
    queue.restore()
