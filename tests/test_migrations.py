"""Migrations build the schema the models describe, on SQLite and on PostgreSQL."""

import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from matchmaker import create_app
from matchmaker.core.config import database_url
from matchmaker.core.extensions import db
from matchmaker.reference.models import KbliCode


@pytest.fixture
def empty_database_url(tmp_path):
    """A URL to a brand-new empty database of the kind the suite runs on."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    url = make_url(database_url(base, str(tmp_path)))
    name = f"mitra_migrate_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_app(empty_database_url, tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_upgrade_matches_the_models_and_downgrade_empties(fresh_app):
    with fresh_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"render_as_batch": True})
            assert compare_metadata(context, db.metadata) == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "small_business" in inspect(db.engine).get_table_names()


def flask_command(*args: str, database: str, instance) -> subprocess.CompletedProcess:
    """Run `flask --app matchmaker ARGS` as a user would, in its own process."""
    env = {**os.environ, "DATABASE_URL": database, "INSTANCE_PATH": str(instance)}
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "flask", "--app", "matchmaker", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_init_db_command_is_idempotent(fresh_app, empty_database_url, tmp_path):
    first = flask_command("init-db", database=empty_database_url, instance=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "23 kecamatan, 10 industrial estates" in first.stdout
    second = flask_command("init-db", database=empty_database_url, instance=tmp_path)
    assert second.returncode == 0, second.stderr
    with fresh_app.app_context():
        assert db.session.scalar(select(func.count(KbliCode.id))) == 2686 + 281
