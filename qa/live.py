"""The app as real clients meet it: gunicorn on loopback over a prepared database.

Shared by the browser journeys, the API fuzzing, the attack tools and the load
runs, so each of them exercises the same served app rather than a test client.
Usage from Python:

    with running_app(workers=2) as app:   # app.url, app.env, app.instance
        ...

or from a shell, `python -m qa.live --port 5099` (serves until interrupted).
"""

# Every command run here is this project's own flask/gunicorn with fixed arguments.
# ruff: noqa: S603

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
READY_TIMEOUT = 60  # seconds for gunicorn to answer after starting


@dataclass(frozen=True)
class LiveApp:
    url: str
    env: dict[str, str]
    instance: Path
    process: subprocess.Popen
    log_path: Path

    def flask(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run a `flask --app matchmaker` command against the same database."""
        return subprocess.run(
            [str(BIN / "flask"), "--app", "matchmaker", *args],
            env=self.env, cwd=ROOT, check=check, capture_output=True, text=True,
        )  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict[str, str], *, demo: bool = True, train: bool = True) -> None:
    """Migrate, load reference (and demo) data and train the model, as `make run` does."""
    steps = [["init-db"]] + ([["seed-demo"]] if demo else []) + ([["train"]] if train else [])
    for step in steps:
        subprocess.run(
            [str(BIN / "flask"), "--app", "matchmaker", *step],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True,
        )  # fmt: skip


def environment(instance: Path, database_url: str | None, **extra: str) -> dict[str, str]:
    env = {**os.environ, "INSTANCE_PATH": str(instance), "SECRET_KEY": "qa-" + instance.name}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


@contextmanager
def running_app(
    *,
    database_url: str | None = None,
    workers: int = 1,
    port: int | None = None,
    demo: bool = True,
    train: bool = True,
    prepared: bool = False,
    log_path: Path | None = None,
    scheduler: bool = True,
    job_worker: bool = True,
    **settings: str,
) -> Iterator[LiveApp]:
    """Serve the app with gunicorn on 127.0.0.1 until the block ends.

    Without `database_url`, a fresh SQLite database in a temporary instance folder.
    `prepared=True` skips init-db/seed-demo/train (the database is ready already).
    A job worker runs beside gunicorn, with the schedule unless `scheduler=False` (one
    scheduler per deployment: the second of two servers on one Redis runs jobs only), or
    none with `job_worker=False` (what a deployment without workers does).
    Extra keyword arguments become environment settings (e.g. VISIT_INTERVAL_DAYS="30").
    gunicorn's stderr (tracebacks included) goes to `log_path`, by default gunicorn.log in
    the temporary instance folder: never to a pipe nobody reads, which fills during a long
    run that logs errors (a database outage) and then blocks the server.
    """
    instance = Path(tempfile.mkdtemp(prefix="mitra-qa-"))
    env = environment(instance, database_url, **settings)
    port = port or free_port()
    try:
        if not prepared:
            prepare(env, demo=demo, train=train)
        log_path = Path(log_path or instance / "gunicorn.log")
        log = open(log_path, "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--timeout", "60", "--graceful-timeout", "5", "matchmaker:create_app()"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        log.close()  # the child holds its own copy
        worker = _job_worker(env, instance / "worker.log", scheduler) if job_worker else None
        app = LiveApp(f"http://127.0.0.1:{port}", env, instance, process, log_path)
        try:
            _wait_ready(app)
            yield app
        finally:
            for child, stop in ((process, signal.SIGTERM), (worker, signal.SIGINT)):
                if child is None:
                    continue
                child.send_signal(stop)
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def _job_worker(env: dict[str, str], log_path: Path, scheduler: bool) -> subprocess.Popen:
    """`flask jobs worker` beside gunicorn, as in production: e-mail, imports, schedule."""
    options = [] if scheduler else ["--no-schedule"]
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [str(BIN / "flask"), "--app", "matchmaker", "jobs", "worker", *options],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip


def _wait_ready(app: LiveApp) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            log = app.log_path.read_text(errors="replace")
            raise RuntimeError("gunicorn exited: " + log[-2000:])
        try:
            with urllib.request.urlopen(app.url + "/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{app.url} did not answer within {READY_TIMEOUT} s")


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the app with gunicorn for QA tools.")
    parser.add_argument("--port", type=int, default=5099)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    with running_app(port=args.port, workers=args.workers, database_url=args.database_url) as app:
        print(f"Serving {app.url} (instance {app.instance}); Ctrl+C to stop.", flush=True)
        with suppress(KeyboardInterrupt):
            app.process.wait()


if __name__ == "__main__":
    main()
