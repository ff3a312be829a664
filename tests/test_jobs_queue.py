"""The job queue: a queued job waits in storage and runs in the worker inside the app."""

import threading

from flask import current_app
from huey.storage import SqliteStorage

from matchmaker.core.jobs.queue import huey, job


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
