"""`make load`: 50 locust users for LOAD_SECONDS (120) against gunicorn with 2 workers
over PostgreSQL holding 100,000 businesses and 10,000 companies; p95 ≤ 300 ms over all
requests and no errors, or the exit status is 1.

    python -m qa.load.run [--seconds 120] [--users 50] [--size full] [--servers 2]

With `--servers 2` (LOAD_SERVERS) two app servers run side by side, each gunicorn with 2
workers and its own empty instance folder, on the same PostgreSQL database and Redis; the
users are spread over both, and both must serve the same published model version all
along (GET /api/v1/model, asked every few seconds as an official).

Stats go to qa/artifacts/load/ (stats_*.csv, report.html, summary.json, outcomes.json).
"""

# Every command run here is this project's own locust with fixed arguments.
# ruff: noqa: S603

import argparse
import csv
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psutil
import psycopg
import redis
import requests

from qa.live import BIN, ROOT, running_app
from qa.load import data

P95_MS, MAX_ERRORS = 300, 0
RAMP = 10  # seconds over which the users start
REDIS_URL = "redis://127.0.0.1:6379/15"
LOCUSTFILE = ROOT / "qa" / "load" / "locustfile.py"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/qa_load"


def write_accounts(database_url: str, path: Path) -> dict:
    """The load accounts and id ranges the locust users need, read from the database."""
    with psycopg.connect(data.libpq(database_url)) as conn:
        owners = conn.execute(
            'SELECT u.email, b.id FROM "user" u JOIN small_business b ON b.owner_id = u.id'
            " WHERE u.email LIKE %s ORDER BY u.email",
            (f"owner%@{data.DOMAIN}",),
        ).fetchall()
        csr = conn.execute(
            'SELECT email, company_id FROM "user" WHERE email LIKE %s ORDER BY email',
            (f"csr%@{data.DOMAIN}",),
        ).fetchall()
        business_ids = conn.execute("SELECT min(id), max(id) FROM small_business").fetchone()
        company_ids = conn.execute("SELECT min(id), max(id) FROM company").fetchone()
    accounts = {
        "password": data.LOAD_PASSWORD,
        "owners": [
            (email, data.token_for("owner", int(email[5:10])), business)
            for email, business in owners
        ],
        "csr": csr,
        "official": ("official@demo.mitra", data.DEMO_PASSWORD),
        "business_ids": business_ids,
        "company_ids": company_ids,
    }
    path.write_text(json.dumps(accounts))
    return accounts


@contextmanager
def serve(
    database_url: str, *, own_instance: bool = False, scheduler: bool = True, **settings: str
):
    """gunicorn with 2 workers over the database, Redis for shared limits, limits wide
    enough that one machine's 50 users are not taken for an attack. The model is the one
    trained for this database (qa/artifacts/load/), or with `own_instance` whatever the
    server finds itself: its empty instance folder, then the published versions."""
    if scheduler:  # the first server: before any server of this run has started
        redis.Redis.from_url(REDIS_URL).flushdb()
    if not own_instance:
        settings["MODEL_PATH"] = str(data.model_path(database_url))
    with running_app(
        database_url=database_url,
        workers=2,
        prepared=True,
        scheduler=scheduler,
        REDIS_URL=REDIS_URL,
        API_RATE_LIMIT="100000 per minute",
        LOGIN_RATE_LIMIT="100000 per minute",
        **settings,
    ) as app:
        yield app


@contextmanager
def serve_many(database_url: str, servers: int):
    """`servers` app servers on the same database and Redis."""
    with ExitStack() as stack:
        own = servers > 1
        yield [
            stack.enter_context(serve(database_url, own_instance=own, scheduler=n == 0))
            for n in range(servers)
        ]


class VersionWatch(threading.Thread):
    """Asks every server for its model version every `every` seconds, as an official."""

    def __init__(self, urls: list[str], token: str, every: float = 5.0):
        super().__init__(daemon=True)
        self.urls, self.token, self.every = urls, token, every
        self.done, self.samples, self.problems = threading.Event(), 0, []
        self.versions: set = set()

    def run(self) -> None:
        while True:
            self.sample()
            if self.done.wait(self.every):
                return

    def sample(self) -> None:
        seen = {}
        for url in self.urls:
            try:
                answer = requests.get(
                    f"{url}/api/v1/model",
                    headers={"Authorization": f"Bearer {self.token}"},
                    timeout=30,
                )
                seen[url] = answer.json().get("version") if answer.ok else answer.status_code
            except (requests.RequestException, ValueError) as error:
                seen[url] = repr(error)
        self.samples += 1
        self.versions |= set(seen.values())
        if len(set(seen.values())) != 1:
            self.problems.append(seen)

    def stop(self) -> dict:
        self.done.set()
        self.join()
        self.sample()  # and once more after the load
        return {
            "samples": self.samples,
            "versions": sorted(map(str, self.versions)),
            "disagreements": self.problems[:5],
        }


def official_token(url: str, accounts: dict) -> str:
    email, password = accounts["official"]
    answer = requests.post(
        f"{url}/api/v1/auth/token", json={"email": email, "password": password}, timeout=30
    )
    answer.raise_for_status()
    return answer.json()["token"]


def warm_up(url: str, accounts: dict, calls: int = 8) -> float:
    """Load the model in every worker before measuring (concurrent suggestion calls)."""
    started = time.monotonic()

    def one(number: int) -> int:
        _email, token, business = accounts["owners"][number]
        return requests.get(
            f"{url}/api/v1/businesses/{business}/suggestions?kind=subcontracting",
            headers={"Authorization": f"Bearer {token}"},
            timeout=120,
        ).status_code

    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(one, range(calls)))
    if set(statuses) != {200}:
        raise SystemExit(f"warm-up answered {statuses}")
    return time.monotonic() - started


def locust(
    url: str, seconds: int, users: int, out: Path, accounts: Path, ramp: int = RAMP, hosts=()
) -> subprocess.Popen:
    """Start locust headless; stats CSV and HTML report under `out`. With `hosts`, the
    users are spread over those servers (the locustfile's QA_LOAD_HOSTS)."""
    out.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "QA_LOAD_ACCOUNTS": str(accounts),
        "QA_LOAD_OUTCOMES": str(out / "outcomes.json"),
        "QA_LOAD_HOSTS": " ".join(hosts),
    }
    # Users start over RAMP seconds (logging in); the stats are reset once all have
    # started, so the figures are `seconds` of browsing (logins are reported apart).
    command = [
        str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--host", url,
        "-u", str(users), "-r", f"{users / ramp:.2f}", "-t", f"{seconds + ramp + 2}s",
        "--reset-stats",
        "--csv", str(out / "stats"), "--html", str(out / "report.html"),
        "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING",
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=ROOT)


def worker_cpu(app) -> float:
    """CPU seconds used so far by the gunicorn workers."""
    total = 0.0
    for child in psutil.Process(app.process.pid).children():
        times = child.cpu_times()
        total += times.user + times.system
    return total


def read_stats(out: Path) -> dict:
    """Per-request-name and aggregated figures from locust's stats CSV."""
    rows = {}
    with (out / "stats_stats.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[f"{row['Type']} {row['Name']}".strip()] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
                "max": float(row["Max Response Time"]),
                "rps": float(row["Requests/s"]),
            }
    total = rows.pop("Aggregated")
    outcomes = (
        json.loads((out / "outcomes.json").read_text()) if (out / "outcomes.json").exists() else {}
    )
    return {"total": total, "endpoints": rows, "outcomes": outcomes.get("outcomes", {})}


def report(stats: dict, seconds: int, users: int, prepared: dict, warm: float) -> list[str]:
    """The figures as lines for people, slowest first."""
    t, m = stats["total"], stats["machine"]
    servers = m.get("servers", 1)
    shape = f"{servers} servers × gunicorn 2 workers" if servers > 1 else "gunicorn 2 workers"
    lines = [
        f"load: {users} users for {seconds} s, {shape}, PostgreSQL"
        f" ({prepared['counts']['businesses']:,} businesses, {prepared['counts']['companies']:,}"
        f" companies); data {'reused' if prepared['reused'] else 'prepared'} in"
        f" {prepared['seconds']:.1f} s, warm-up {warm:.1f} s",
        f"{'request':48} {'n':>6} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}",
    ]
    for name, e in sorted(stats["endpoints"].items(), key=lambda kv: -kv[1]["p95"]):
        lines.append(
            f"{name[:48]:48} {e['requests']:6d} {e['failures']:5d} {e['p50']:6.0f}"
            f" {e['p95']:6.0f} {e['p99']:6.0f} {e['max']:7.0f}"
        )
    lines += [
        f"all: {t['requests']} requests, {t['rps']:.1f} req/s; p50 {t['p50']:.0f} ms,"
        f" p95 {t['p95']:.0f} ms, p99 {t['p99']:.0f} ms; errors {t['failures']}",
        "outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["outcomes"].items())),
        f"machine: {m['cores']} cores, load average {m['load_average_before']:.1f} before and"
        f" {m['load_average_after']:.1f} after (other processes included); gunicorn workers"
        f" used {m['worker_cpu_s']:.0f} CPU s, including the logins and ramp",
    ]
    if "model_versions" in stats:
        v = stats["model_versions"]
        lines.append(
            f"model version: asked {v['samples']} times of every server; versions seen:"
            f" {', '.join(v['versions'])}; disagreements: {len(v['disagreements'])}"
        )
    return lines


def verdict(stats: dict) -> list[str]:
    """Missed targets, as lines (none when all are met)."""
    t, missed = stats["total"], []
    if t["p95"] > P95_MS:
        missed.append(f"p95 {t['p95']:.0f} ms > {P95_MS} ms")
    if t["failures"] > MAX_ERRORS:
        missed.append(f"{t['failures']} errors (see qa/artifacts/load/stats_failures.csv)")
    if t["requests"] == 0:
        missed.append("no requests were made")
    versions = stats.get("model_versions")
    if versions and (versions["disagreements"] or len(versions["versions"]) != 1):
        missed.append(f"the servers did not serve one model version: {versions}")
    return missed


def main(argv: list[str] | None = None) -> int:
    """Prepare the data, serve, run locust, print the figures, judge the targets."""
    parser = argparse.ArgumentParser(
        prog="python -m qa.load.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 120)))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--size", choices=data.SIZES, default=os.environ.get("LOAD_SIZE", "full"))
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_URL))
    parser.add_argument(
        "--servers", type=int, choices=(1, 2, 3, 4), default=int(os.environ.get("LOAD_SERVERS", 1))
    )
    args = parser.parse_args(argv)
    out = data.ARTIFACTS
    prepared = data.prepare(args.database_url, *data.SIZES[args.size])
    out.mkdir(parents=True, exist_ok=True)  # a fresh clone reusing a loaded database has none
    accounts_file = out / "accounts.json"
    accounts = write_accounts(args.database_url, accounts_file)
    load_before = os.getloadavg()[0]
    versions = None
    with serve_many(args.database_url, args.servers) as apps:
        urls = [app.url for app in apps]
        warm = max(warm_up(url, accounts) for url in urls)
        if len(apps) > 1:
            versions = VersionWatch(urls, official_token(urls[0], accounts))
            versions.start()
        cpu = sum(map(worker_cpu, apps))
        hosts = urls if len(apps) > 1 else ()
        locust(urls[0], args.seconds, args.users, out, accounts_file, hosts=hosts).wait()
        cpu = sum(map(worker_cpu, apps)) - cpu
        if versions:
            versions = versions.stop()
    stats = read_stats(out)
    stats["machine"] = {
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
        "cores": os.cpu_count(),
        "worker_cpu_s": round(cpu, 1),
        "servers": len(urls),
    }
    if versions:
        stats["model_versions"] = versions
    lines = report(stats, args.seconds, args.users, prepared, warm)
    missed = verdict(stats)
    lines.append("FAIL: " + "; ".join(missed) if missed else f"PASS (p95 ≤ {P95_MS} ms, no errors)")
    print("\n".join(lines))
    (out / "summary.json").write_text(json.dumps({**stats, "missed": missed}, indent=2) + "\n")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
