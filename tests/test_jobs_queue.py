"""The job queue: a queued job waits in storage and runs in the worker inside the app."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from flask import current_app
from huey.storage import SqliteStorage
from sqlalchemy import select

from matchmaker.core.extensions import db
from matchmaker.core.jobs.queue import huey, job
from matchmaker.notifications import outbox
from matchmaker.notifications.models import OutgoingEmail
from tests import factories


@job()
def config_value(key: str):
    return current_app.config[key]


def test_tests_run_jobs_at_once_in_the_caller(app):
    assert huey.immediate
    assert config_value("PAGE_SIZE")() == app.config["PAGE_SIZE"]


def test_a_queued_job_waits_then_runs_in_a_worker_thread_with_the_app(app, tmp_path):
    saved = huey.storage, huey._immediate
    huey._immediate = False
    huey.storage = SqliteStorage("matchmaker", filename=str(tmp_path / "jobs.sqlite3"))
    try:
        result = config_value("PAGE_SIZE")
        assert huey.pending_count() == 1 and result.get() is None  # nothing ran yet

        # What the worker does with one job, in a thread that has no app context.
        worker = threading.Thread(target=lambda: huey.execute(huey.dequeue()))
        worker.start()
        worker.join(10)

        assert result.get() == app.config["PAGE_SIZE"]
        assert huey.pending_count() == 0
    finally:
        huey.storage, huey._immediate = saved


def test_the_queue_lives_where_jobs_url_says(app):
    assert app.config["JOBS_URL"].startswith(("sqlite:///", "redis://"))


def test_flask_jobs_worker_runs_a_queued_job_end_to_end(app, mailbox, tmp_path):
    """The real command in its own process: an e-mail a commit queued on a SQLite queue is
    delivered by `flask jobs worker` to the SMTP server, then the worker stops on SIGINT."""
    jobs_url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    saved = huey.storage, huey._immediate
    huey._immediate = False
    huey.storage = SqliteStorage("matchmaker", filename=str(tmp_path / "jobs.sqlite3"))
    try:
        owner = factories.UserFactory(email="pemilik@bengkel.id")
        outbox.enqueue(owner, "Lewat pekerja", "Dikirim oleh flask jobs worker.")
        db.session.commit()  # queues send_committed in the SQLite file
        assert huey.pending_count() == 1
    finally:
        huey.storage, huey._immediate = saved

    env = os.environ | {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOBS_URL": jobs_url,
        "INSTANCE_PATH": str(tmp_path),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(app.config["MAIL_PORT"]),
    }
    env.pop("JOBS_IMMEDIATE", None)
    flask = Path(sys.executable).with_name("flask")
    worker = subprocess.Popen(  # noqa: S603 (our own flask, fixed arguments)
        [str(flask), "--app", "matchmaker", "jobs", "worker", "--no-schedule", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not mailbox.messages and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGINT)
        output = worker.communicate(timeout=30)[0]
    assert [m["Subject"] for m in mailbox.messages] == ["Lewat pekerja"], output
    assert "send_committed" in output and worker.returncode == 0
    db.session.expire_all()
    assert db.session.scalar(select(OutgoingEmail.sent_at)) is not None
