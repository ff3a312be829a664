"""One huey queue for the whole app: web servers put jobs on it, `flask jobs worker` runs them.

Where the queue lives follows the configuration (JOBS_URL): Redis in production, so that
every app server and worker shares it; a SQLite file in the instance folder as the embedded
default (one machine). With JOBS_IMMEDIATE a job runs at once in the process that queued
it (tests, and commands run by hand), through huey's own immediate mode.

Features declare their jobs with `job` and `periodic_job` below; each runs inside an
application context, the one it was queued from or the worker's app.
"""

import functools
from urllib.parse import urlsplit

import click
from flask import Flask, has_app_context
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

huey = Huey("matchmaker", storage_class=MemoryStorage, utc=True)
_apps: list[Flask] = []  # the app the worker's jobs run in: the last one configured

__all__ = ["crontab", "huey", "init_app", "job", "periodic_job"]


def init_app(app: Flask) -> None:
    """Point the queue at JOBS_URL (redis://… or sqlite:///path) and add `flask jobs`."""
    url = app.config["JOBS_URL"]
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss", "unix"}:
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": url}
    elif scheme == "sqlite":
        path = url[len("sqlite:///") :]
        huey.storage_class, huey.storage_kwargs = SqliteStorage, {"filename": path}
    else:
        raise ValueError(f"JOBS_URL must be redis://… or sqlite:///…, not {url!r}")
    huey._immediate = bool(app.config.get("JOBS_IMMEDIATE"))  # the setter only acts on a change
    huey.storage = huey.create_storage()
    _apps[:] = [app]
    app.cli.add_command(jobs)


def _in_app(function):
    """`function` run inside an application context: the caller's, else the worker's app."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        if has_app_context() or not _apps:
            return function(*args, **kwargs)
        with _apps[-1].app_context():
            return function(*args, **kwargs)

    return run


def job(**options):
    """Declare a job (huey.task's options: retries, retry_delay, …); call `.enqueue`-style:
    `my_job(args)` queues it and returns huey's result handle."""

    def declare(function):  # huey names it module.function (wraps keeps __module__)
        return huey.task(**options)(_in_app(function))

    return declare


def periodic_job(schedule, **options):
    """Declare a job the worker's scheduler runs on `schedule` (a huey crontab)."""

    def declare(function):
        return huey.periodic_task(schedule, **options)(_in_app(function))

    return declare


@click.group("jobs")
def jobs() -> None:
    """The background job queue."""


@jobs.command("worker")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option(
    "--no-schedule", is_flag=True, help="Run queued jobs only; another worker runs the schedule."
)
def worker(workers: int, no_schedule: bool) -> None:
    """Run queued jobs (and, unless --no-schedule, the scheduled ones) until stopped."""
    click.echo(f"Job worker on {huey.storage.__class__.__name__}, {workers} threads", err=True)
    # On SQLite the workers poll; huey's default backs off to 10 s when idle, too slow for
    # an official watching an import start. Redis answers a blocking pop at once.
    consumer = huey.create_consumer(
        workers=workers,
        worker_type="thread",
        periodic=not no_schedule,
        check_worker_health=True,
        max_delay=1.0,
    )
    consumer.run()
