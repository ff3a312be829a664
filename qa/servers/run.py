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


def run(database_url: str) -> dict:
    """Both servers through the scenario; returns the figures and the problems found."""
    figures: dict = {"database": database_url.rsplit("/", 1)[-1]}
    problems: list[str] = []
    recreate(database_url)
    shared = Path(tempfile.mkdtemp(prefix="mitra-servers-"))
    jobs = f"sqlite:///{shared / 'jobs.sqlite3'}"  # a queue, and nobody working it
    prepare(environment(shared, database_url), demo=True, train=False)
    business = owner_business(database_url)
    settings = {"JOBS_URL": jobs, "LOGIN_RATE_LIMIT": "1000 per minute"}
    OUT.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        servers = [
            stack.enter_context(
                running_app(
                    database_url=database_url,
                    workers=2,
                    prepared=True,
                    log_path=OUT / f"server{n}.log",
                    **settings,
                )
            )
            for n in (1, 2)
        ]
        first, second = servers
        officials = [Client(s.url, "official@demo.mitra") for s in servers]
        owner = Client(second.url, "owner@demo.mitra")
        suggestions = f"/businesses/{business}/suggestions?kind=subcontracting"

        before = owner.get(suggestions)
        figures["before_training"] = {
            "status": before.status_code,
            "code": before.json().get("error", {}).get("code"),
            "retry_after": before.headers.get("Retry-After"),
            "versions": [row[1] for row in versions(database_url)],
        }
        if before.status_code != 503 or figures["before_training"]["code"] != "model_preparing":
            problems.append(f"before any training the suggestions answered {before.status_code}")

        started = time.monotonic()
        trained = first.flask("train")
        figures["train_s"] = round(time.monotonic() - started, 1)
        figures["train_output"] = trained.stdout.strip().splitlines()[:1]
        published = versions(database_url)
        figures["versions_after_training"] = [(v[0], v[1], v[2]) for v in published]
        ready = [v for v in published if v[1] == "ready"]
        if len(published) != 1 or len(ready) != 1:
            problems.append(f"expected one ready version (the queued one), found {published}")
        version, size, sha256 = (ready[0][0], ready[0][2], ready[0][3]) if ready else (None, 0, "")

        answers = [official.get("/model").json() for official in officials]
        figures["model_answers"] = [
            {k: a.get(k) for k in ("version", "businesses", "offers", "decisions")} for a in answers
        ]
        if {a.get("version") for a in answers} != {version} or version is None:
            problems.append(f"the servers answer versions {[a.get('version') for a in answers]}")

        def serves() -> bool:
            return owner.get(suggestions).status_code == 200

        figures["second_serves_after_s"] = wait_for(serves)
        reply = owner.get(suggestions)
        figures["second_suggestions"] = {
            "status": reply.status_code,
            "items": len(reply.json().get("items", [])) if reply.ok else None,
        }
        if figures["second_serves_after_s"] is None or not figures["second_suggestions"]["items"]:
            problems.append(f"the second server answered {reply.status_code} with no items")
        files = model_files(second.instance)
        figures["second_files"] = [f.name for f in files]
        digest = hashlib.sha256(files[0].read_bytes()).hexdigest() if files else None
        if len(files) != 1 or digest != sha256 or files[0].stat().st_size != size:
            problems.append(f"the second's instance folder holds {figures['second_files']}")

        for f in files:
            f.unlink()
        deleted = time.monotonic()

        def downloaded_again() -> bool:
            owner.get(suggestions)  # a worker notices on its next use of the model
            return bool(model_files(second.instance))

        back = wait_for(downloaded_again)
        figures["downloaded_again_after_s"] = back
        figures["deleted_at_s"] = round(deleted - started, 1)
        again = model_files(second.instance)
        if back is None or not again or hashlib.sha256(again[0].read_bytes()).hexdigest() != sha256:
            problems.append("the deleted model file was not downloaded again")
        after = owner.get(suggestions)
        if after.status_code != 200:
            problems.append(f"after the deletion the suggestions answered {after.status_code}")

        log = second.log_path.read_text(errors="replace")
        figures["second_log"] = {
            "downloads": log.count("Downloading model version"),
            "training_lines": sum(log.count(line) for line in TRAINED_HERE),
            "tracebacks": log.count("Traceback"),
        }
        if figures["second_log"]["training_lines"]:
            problems.append("the second server's log shows a training")
        if figures["second_log"]["tracebacks"]:
            problems.append("the second server's log has tracebacks")
        if len(versions(database_url)) != 1:
            problems.append(f"versions after the run: {versions(database_url)}")
    figures["problems"] = problems
    return figures


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
