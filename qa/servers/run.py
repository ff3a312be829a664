"""`make servers`: two app servers, one model. Two gunicorn servers (2 workers each) with
empty instance folders of their own share one PostgreSQL database and no job worker;
`flask train` run with the first one's settings publishes a model, and the second serves
suggestions from it without training, downloads it again when its file is deleted.

    python -m qa.servers.run [--database-url postgresql://postgres@127.0.0.1:5432/qa_servers]

Prints PASS or FAIL with the figures, writes qa/artifacts/servers/summary.json, and exits
with 1 on failure. The database is dropped and created anew.
"""

# Every command run here is this project's own flask with fixed arguments.
# ruff: noqa: S603

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import psycopg
import requests

from qa.live import ROOT, environment, prepare, running_app
from qa.load.data import DEMO_PASSWORD, libpq, recreate

OUT = ROOT / "qa" / "artifacts" / "servers"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/qa_servers"
WAIT_S = 30  # for a server to see a new version (it looks every MODEL_CHECK_SECONDS)
TRAINED_HERE = ("Training model version", "Rebuilding the partner model")


class Client:
    """One account's API calls against one server, with its bearer token."""

    def __init__(self, url: str, email: str, password: str = DEMO_PASSWORD):
        self.url = url
        answer = requests.post(
            f"{url}/api/v1/auth/token", json={"email": email, "password": password}, timeout=30
        )
        answer.raise_for_status()
        self.headers = {"Authorization": f"Bearer {answer.json()['token']}"}

    def get(self, path: str) -> requests.Response:
        return requests.get(self.url + "/api/v1" + path, headers=self.headers, timeout=60)


def owner_business(database_url: str) -> int:
    """The demo owner's business (the suggestions asked for)."""
    with psycopg.connect(libpq(database_url)) as conn:
        return conn.execute(
            'SELECT b.id FROM small_business b JOIN "user" u ON u.id = b.owner_id'
            " WHERE u.email = 'owner@demo.mitra'"
        ).fetchone()[0]


def versions(database_url: str) -> list[tuple]:
    with psycopg.connect(libpq(database_url)) as conn:
        return conn.execute(
            "SELECT id, status, size, sha256 FROM model_version ORDER BY id"
        ).fetchall()


def model_files(instance: Path) -> list[Path]:
    return sorted(instance.glob("partner-model-v*.pkl"))


def wait_for(check, seconds: float = WAIT_S) -> float | None:
    """Seconds until check() is true (polling), or None when it never was."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return round(time.monotonic() - started, 2)
        time.sleep(0.5)
    return None


class Scenario:
    """The steps, each adding its figures and the problems it found."""

    def __init__(self, database_url: str, first, second):
        self.url, self.first, self.second = database_url, first, second
        self.figures: dict = {"database": database_url.rsplit("/", 1)[-1]}
        self.problems: list[str] = []
        self.officials = [Client(s.url, "official@demo.mitra") for s in (first, second)]
        self.owner = Client(second.url, "owner@demo.mitra")
        self.suggestions = f"/businesses/{owner_business(database_url)}/suggestions"
        self.suggestions += "?kind=subcontracting"
        self.published: tuple = (None, 0, "")  # version, size, sha256

    def check(self, bad, problem: str) -> None:
        if bad:
            self.problems.append(problem)

    def before_training(self) -> None:
        """No model yet: the second server says it is being prepared (and queues one)."""
        before = self.owner.get(self.suggestions)
        code = before.json().get("error", {}).get("code")
        self.figures["before_training"] = {
            "status": before.status_code,
            "code": code,
            "retry_after": before.headers.get("Retry-After"),
            "versions": [row[1] for row in versions(self.url)],
        }
        self.check(
            before.status_code != 503 or code != "model_preparing",
            f"before any training the suggestions answered {before.status_code}",
        )

    def train_on_the_first(self) -> None:
        """`flask train` with the first server's settings publishes the queued version."""
        self.started = time.monotonic()
        trained = self.first.flask("train")
        self.figures["train_s"] = round(time.monotonic() - self.started, 1)
        self.figures["train_output"] = trained.stdout.strip().splitlines()[:1]
        rows = versions(self.url)
        self.figures["versions_after_training"] = [row[:3] for row in rows]
        ready = [row for row in rows if row[1] == "ready"]
        self.check(
            len(rows) != 1 or len(ready) != 1,
            f"expected one ready version (the queued one), found {rows}",
        )
        if ready:
            self.published = (ready[0][0], ready[0][2], ready[0][3])

    def same_version(self) -> None:
        """Both servers answer the published version at GET /api/v1/model."""
        answers = [official.get("/model").json() for official in self.officials]
        keys = ("version", "businesses", "offers", "decisions")
        self.figures["model_answers"] = [{k: a.get(k) for k in keys} for a in answers]
        seen = [a.get("version") for a in answers]
        self.check(set(seen) != {self.published[0]} or None in seen, f"the servers answer {seen}")

    def second_serves(self) -> None:
        """The second serves suggestions from the downloaded file, the published bytes."""
        took = wait_for(lambda: self.owner.get(self.suggestions).status_code == 200)
        reply = self.owner.get(self.suggestions)
        items = len(reply.json().get("items", [])) if reply.ok else None
        self.figures["second_serves_after_s"] = took
        self.figures["second_suggestions"] = {"status": reply.status_code, "items": items}
        self.check(took is None or not items, f"the second answered {reply.status_code}")
        files = model_files(self.second.instance)
        self.figures["second_files"] = [f.name for f in files]
        _, size, sha256 = self.published
        self.check(
            len(files) != 1 or digest(files[0]) != sha256 or files[0].stat().st_size != size,
            f"the second's instance folder holds {self.figures['second_files']}",
        )

    def deleted_file_comes_back(self) -> None:
        """The second's file deleted: a worker downloads it again on its next use."""
        for found in model_files(self.second.instance):
            found.unlink()

        def downloaded_again() -> bool:
            self.owner.get(self.suggestions)
            return bool(model_files(self.second.instance))

        back = wait_for(downloaded_again)
        self.figures["downloaded_again_after_s"] = back
        again = model_files(self.second.instance)
        self.check(
            back is None or not again or digest(again[0]) != self.published[2],
            "the deleted model file was not downloaded again",
        )
        status = self.owner.get(self.suggestions).status_code
        self.check(status != 200, f"after the deletion the suggestions answered {status}")

    def nobody_trained(self) -> None:
        """The second's log shows downloads, no training and no traceback; one version."""
        log = self.second.log_path.read_text(errors="replace")
        self.figures["second_log"] = {
            "downloads": log.count("Downloading model version"),
            "training_lines": sum(log.count(line) for line in TRAINED_HERE),
            "tracebacks": log.count("Traceback"),
        }
        self.check(self.figures["second_log"]["training_lines"], "the second's log shows training")
        self.check(self.figures["second_log"]["tracebacks"], "the second's log has tracebacks")
        rows = versions(self.url)
        self.check(len(rows) != 1, f"versions after the run: {rows}")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(database_url: str) -> dict:
    """A fresh database, two servers, the scenario; returns the figures and problems."""
    recreate(database_url)
    shared = Path(tempfile.mkdtemp(prefix="mitra-servers-"))
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        prepare(environment(shared, database_url), demo=True, train=False)
        settings = {
            "JOBS_URL": f"sqlite:///{shared / 'jobs.sqlite3'}",  # a queue nobody works
            "LOGIN_RATE_LIMIT": "1000 per minute",
        }
        with ExitStack() as stack:
            first, second = (
                stack.enter_context(
                    running_app(
                        database_url=database_url,
                        workers=2,
                        prepared=True,
                        log_path=OUT / f"server{n}.log",
                        job_worker=False,  # training happens only through `flask train`
                        **settings,
                    )
                )
                for n in (1, 2)
            )
            scenario = Scenario(database_url, first, second)
            scenario.before_training()
            scenario.train_on_the_first()
            scenario.same_version()
            scenario.second_serves()
            scenario.deleted_file_comes_back()
            scenario.nobody_trained()
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    return {**scenario.figures, "problems": scenario.problems}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m qa.servers.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args(argv)
    figures = run(args.database_url)
    (OUT / "summary.json").write_text(json.dumps(figures, indent=2, default=str))
    for key, value in figures.items():
        if key != "problems":
            print(f"  {key}: {value}")
    if figures["problems"]:
        print("FAIL: " + "; ".join(figures["problems"]))
        return 1
    print(
        f"PASS: both servers serve version {figures['model_answers'][0]['version']}; the "
        f"second downloaded it without training and again "
        f"{figures['downloaded_again_after_s']} s after its file was deleted"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
