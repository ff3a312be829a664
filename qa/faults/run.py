"""`make faults`: the app under load meets a PostgreSQL restart, a crash and a deleted
model file; it must answer a friendly 503 while the database is away, recover without a
restart, keep every write it acknowledged, and download the deleted model file again with no 5xx.

    python -m qa.faults.run [--size tiny]

Runs on a private PostgreSQL cluster (qa/faults/cluster.py) with the load suite's data
(qa/load/data.py), gunicorn with 2 workers and Redis, and the load suite's locust users.
Figures go to qa/artifacts/faults/summary.json; the exit status is 1 on any failure.
"""

import argparse
import json
import sys
import threading
import time
from pathlib import Path

import psutil
import psycopg
import requests

from qa.faults.cluster import Cluster, private_cluster
from qa.live import ROOT
from qa.load import data
from qa.load.run import locust, serve, warm_up, write_accounts

OUT = ROOT / "qa" / "artifacts" / "faults"
FAIL_FAST_S = 5.0  # a 503 must come sooner than this (connect timeout 3 s)
RECOVERY_S = 10.0  # after PostgreSQL accepts connections again
RAMP = 4  # seconds over which the users start


class Probe(threading.Thread):
    """One cheap database read every 0.2 s: (time, status, seconds) of each."""

    def __init__(self, url: str, accounts: dict):
        super().__init__(daemon=True)
        _email, token, business = accounts["owners"][-1]
        self.target = f"{url}/api/v1/businesses/{business}"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.seen: list[tuple[float, int, float]] = []
        self.done = threading.Event()

    def once(self) -> tuple[float, int, float]:
        started = time.monotonic()
        try:
            status = requests.get(self.target, headers=self.headers, timeout=30).status_code
        except requests.RequestException:
            status = 0
        return started, status, time.monotonic() - started

    def run(self) -> None:
        while not self.done.is_set():
            self.seen.append(self.once())
            time.sleep(0.2)

    def recovered_after(self, moment: float) -> float | None:
        """Seconds from `moment` to the first good answer sent after it."""
        good = [t for t, status, _s in self.seen if t >= moment and status == 200]
        return round(good[0] - moment, 2) if good else None


def workers(app) -> set[int]:
    return {child.pid for child in psutil.Process(app.process.pid).children()}


def found(database_url: str, table: str, ids: list[int]) -> int:
    """How many of the ids are rows of the table."""
    if not ids:
        return 0
    with psycopg.connect(data.libpq(database_url)) as conn:
        query = f"SELECT count(*) FROM {table} WHERE id = ANY(%s)"  # noqa: S608 (our own names)
        return conn.execute(query, (ids,)).fetchone()[0]


def read_outcomes(out: Path) -> dict:
    return json.loads((out / "outcomes.json").read_text())


def statuses(outcomes: dict) -> dict[int, int]:
    return {
        int(k[7:]): v for k, v in outcomes.items() if k.startswith("status_") and k[7:].isdigit()
    }


def postgres_restart(cluster: Cluster, accounts: dict, accounts_file: Path) -> dict:
    """A clean restart with 5 s down, then a crash (immediate stop), under 30 users."""
    out = OUT / "postgres"
    out.mkdir(parents=True, exist_ok=True)
    with serve(cluster.url, log_path=out / "gunicorn.log") as app:  # tracebacks kept
        warm_up(app.url, accounts)
        before = workers(app)
        probe = Probe(app.url, accounts)
        probe.start()
        users = locust(app.url, 26, 30, out, accounts_file, ramp=RAMP)
        time.sleep(RAMP + 3)
        stopped = time.monotonic()
        cluster.stop("fast")
        time.sleep(5)
        cluster.start()
        back = time.monotonic()
        time.sleep(7)
        crashed = time.monotonic()
        cluster.stop("immediate")  # no checkpoint: committed writes come back from the WAL
        cluster.start()
        back_again = time.monotonic()
        users.wait()
        probe.done.set()
        probe.join()
        after = [probe.once()[1] for _ in range(20)]
        same_workers = workers(app) == before
    result = read_outcomes(out)
    outcomes, acked = result["outcomes"], result["acknowledged"]
    counts = statuses(outcomes)
    figures = {
        "requests": sum(counts.values()),
        "statuses": counts,
        "503_friendly": outcomes.get("503_friendly", 0),
        "503_other": outcomes.get("503_other", 0),
        "503_slowest_s": outcomes.get("503_slowest_ms", 0) / 1000,
        "outage_s": round(back - stopped, 1),
        "recovery_s_after_restart": probe.recovered_after(back),
        "recovery_s_after_crash": probe.recovered_after(back_again),
        "crash_to_ready_s": round(back_again - crashed, 1),
        "probe_after": after,
        "same_workers": same_workers,
        "introductions_acknowledged": len(acked["introductions"]),
        "introductions_found": found(cluster.url, "introduction", acked["introductions"]),
        "messages_acknowledged": len(acked["messages"]),
        "messages_found": found(cluster.url, "introduction_message", acked["messages"]),
    }
    server_errors = sum(n for status, n in counts.items() if status >= 500 and status != 503)
    figures["problems"] = [
        text
        for bad, text in (
            (figures["503_friendly"] == 0, "no 503 seen: the outage was not observed"),
            (figures["503_other"], f"{figures['503_other']} 503s without the friendly body"),
            (server_errors, f"{server_errors} other 5xx answers"),
            (counts.get(0, 0), f"{counts.get(0, 0)} requests without an answer"),
            (figures["503_slowest_s"] > FAIL_FAST_S, f"a 503 took {figures['503_slowest_s']} s"),
            (not _recovered(figures["recovery_s_after_restart"]), "no recovery after the restart"),
            (not _recovered(figures["recovery_s_after_crash"]), "no recovery after the crash"),
            (set(after) != {200}, f"after the run the probe saw {sorted(set(after))}"),
            (not same_workers, "gunicorn workers were replaced"),
            (
                figures["introductions_found"] != figures["introductions_acknowledged"],
                "acknowledged introductions missing",
            ),
            (
                figures["messages_found"] != figures["messages_acknowledged"],
                "acknowledged messages missing",
            ),
        )  # fmt: skip
        if bad
    ]
    return figures


def _recovered(seconds: float | None) -> bool:
    return seconds is not None and seconds <= RECOVERY_S


def model_deleted(cluster: Cluster, accounts: dict, accounts_file: Path) -> dict:
    """The model file deleted while 20 users browse suggestions: downloaded again from the
    published version (nobody trains), no 5xx."""
    out = OUT / "model"
    out.mkdir(parents=True, exist_ok=True)
    with serve(cluster.url, log_path=out / "gunicorn.log") as app:  # tracebacks kept
        warm_up(app.url, accounts)
        path = data.model_file(cluster.url)
        users = locust(app.url, 12, 20, out, accounts_file, ramp=RAMP)
        time.sleep(RAMP + 3)
        if path is not None:
            path.unlink()
        deleted = time.monotonic()
        while path is not None and not path.exists() and time.monotonic() - deleted < 30:
            time.sleep(0.1)
        back = round(time.monotonic() - deleted, 2) if path and path.exists() else None
        users.wait()
    log = (out / "gunicorn.log").read_text(errors="replace")
    counts = statuses(read_outcomes(out)["outcomes"])
    server_errors = sum(n for status, n in counts.items() if status >= 500)
    figures = {
        "requests": sum(counts.values()),
        "statuses": counts,
        "file_back_after_s": back,
        "trainings": log.count("Training model version"),
    }
    figures["problems"] = [
        text
        for bad, text in (
            (path is None, "no local model file to delete after the warm-up"),
            (back is None, "the model file was not downloaded again within 30 s"),
            (figures["trainings"], "a server trained instead of downloading"),
            (server_errors, f"{server_errors} 5xx answers"),
            (counts.get(0, 0), f"{counts.get(0, 0)} requests without an answer"),
        )
        if bad
    ]
    return figures


def main(argv: list[str] | None = None) -> int:
    """Prepare a private cluster, run both scenarios, print and judge the figures."""
    parser = argparse.ArgumentParser(
        prog="python -m qa.faults.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--size", choices=data.SIZES, default="tiny")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with private_cluster() as cluster:
        print(f"[{time.monotonic() - started:5.1f} s] private cluster on port {cluster.port}")
        prepared = data.prepare(cluster.url, *data.SIZES[args.size], fresh=True)
        accounts_file = OUT / "accounts.json"
        accounts = write_accounts(cluster.url, accounts_file)
        results = {"postgres_restart": postgres_restart(cluster, accounts, accounts_file)}
        print(f"[{time.monotonic() - started:5.1f} s] PostgreSQL restart and crash done")
        results["model_deleted"] = model_deleted(cluster, accounts, accounts_file)
    results["prepared"] = prepared
    results["seconds"] = round(time.monotonic() - started, 1)
    (OUT / "summary.json").write_text(json.dumps(results, indent=2) + "\n")
    print(render(results))
    return 1 if any(results[s]["problems"] for s in ("postgres_restart", "model_deleted")) else 0


def render(results: dict) -> str:
    """The figures as lines for people."""
    pg, model = results["postgres_restart"], results["model_deleted"]
    lines = [
        f"faults: private PostgreSQL, {results['prepared']['counts']['businesses']:,} businesses;"
        f" {results['seconds']:.0f} s in all",
        f"PostgreSQL restart (5 s down) and crash, 30 users for 26 s: {pg['requests']} requests,"
        f" statuses {pg['statuses']}",
        f"  503 friendly {pg['503_friendly']}, other {pg['503_other']}, slowest 503"
        f" {pg['503_slowest_s']:.2f} s; recovered {pg['recovery_s_after_restart']} s after the"
        f" restart and {pg['recovery_s_after_crash']} s after the crash (ready"
        f" {pg['crash_to_ready_s']} s after it), same workers: {pg['same_workers']}",
        f"  writes acknowledged/found: introductions {pg['introductions_acknowledged']}/"
        f"{pg['introductions_found']}, messages {pg['messages_acknowledged']}/"
        f"{pg['messages_found']}",
        f"model file deleted under 20 users for 12 s: {model['requests']} requests, statuses"
        f" {model['statuses']}, file downloaded again after {model['file_back_after_s']} s",
    ]
    for name in ("postgres_restart", "model_deleted"):
        problems = results[name]["problems"]
        lines.append(f"{name}: " + ("FAIL: " + "; ".join(problems) if problems else "PASS"))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
