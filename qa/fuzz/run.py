"""API fuzzing: schemathesis against the served OpenAPI document, once per role.

Serves the app with gunicorn on loopback (qa.live: demo data, trained model) with
the API and login rate limits raised so the fuzzer is never throttled, takes a
bearer token for each role and runs `schemathesis run` with the checks below, then
sends what no schema generates (qa.fuzz.bodies: JSON nested 1,000 deep, integers past
64 bits) to every body-taking operation as that role; any 5xx fails.
Writes qa/artifacts/fuzz/summary.{json,txt} (plus each role's reports and output),
prints the summary and exits 1 on any failure.

    python -m qa.fuzz.run                   # CI: FUZZ_EXAMPLES=10 cases per operation
    FUZZ_EXAMPLES=200 FUZZ_SEED=7 FUZZ_ALL_PHASES=1 python -m qa.fuzz.run   # longer
"""

# Every command run here is this project's own schemathesis with fixed arguments.
# ruff: noqa: S603

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from qa.fuzz.bodies import fuzz_bodies
from qa.live import BIN, ROOT, running_app

ARTIFACTS = ROOT / "qa" / "artifacts" / "fuzz"
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
PASSWORD = "mitra-demo-2026"  # noqa: S105 (the published demo logins)
# In this order: the roles that change least first, the official (who may delete) last.
ROLES = {
    "anonymous": None,
    "owner": "owner@demo.mitra",
    "csr": "csr@demo.mitra",
    "pending_csr": "csr.baru@demo.mitra",
    "official": "official@demo.mitra",
}
# The coverage phase (boundary and invalid values of every parameter, not bounded by
# FUZZ_EXAMPLES) is most of the time: run it for the roles that reach furthest. Anonymous
# callers get 401 everywhere and a pending CSR mostly 403, so random cases suffice there.
# One worker: schemathesis itself crashed under threads ("AST constructor recursion
# depth mismatch", Python 3.11), and one is what --generation-deterministic repeats.
DEEP = "examples,coverage,fuzzing"
PHASES = {"anonymous": "fuzzing", "pending_csr": "fuzzing"}
# Every check schemathesis has (positive and negative data acceptance, response
# conformance, authorization…) except the two that follow a resource across calls, as
# issue 14 sets; FUZZ_CHECKS=<list> runs others. FUZZ_INCLUDE=<regex> fuzzes only the paths
# it matches (one feature's operations), FUZZ_ROLES=<list> only those roles.
CHECKS = os.environ.get("FUZZ_CHECKS", "all")
EXCLUDED = ("use_after_free", "ensure_resource_availability")
UNTHROTTLED = "100000 per minute"


def token(url: str, email: str) -> str:
    """A bearer token for one demo login, from POST /api/v1/auth/token."""
    body = json.dumps({"email": email, "password": PASSWORD}).encode()
    # The URL is our own gunicorn on 127.0.0.1 (qa.live), never user input.
    request = urllib.request.Request(  # noqa: S310
        url + "/api/v1/auth/token", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)["token"]


def fuzz_role(url: str, role: str, bearer: str | None, examples: int, seed: int) -> dict:
    """Run schemathesis as one role; its figures and failures from the JSON report."""
    folder = ARTIFACTS / role
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        str(BIN / "schemathesis"), "--config-file", str(CONFIG), "run",
        url + "/api/v1/openapi.json",
        "--checks", CHECKS, "--exclude-checks", ",".join(EXCLUDED),
        "--max-examples", str(examples), "--seed", str(seed), "--generation-deterministic",
        "--phases", DEEP if os.environ.get("FUZZ_ALL_PHASES") else PHASES.get(role, DEEP),
        "--workers", "1", "--request-timeout", "30",
        "--report", "json,junit", "--report-dir", str(folder),
        "--report-json-path", str(folder / "report.json"),
        "--report-junit-path", str(folder / "junit.xml"), "--no-color",
    ]  # fmt: skip
    if os.environ.get("FUZZ_INCLUDE"):
        command += ["--include-path-regex", os.environ["FUZZ_INCLUDE"]]
    if bearer:
        command += ["--header", f"Authorization: Bearer {bearer}"]
    started = time.monotonic()
    # Real photos where the document says a part is one (qa/fuzz/media.py).
    hooks = {**os.environ, "SCHEMATHESIS_HOOKS": "qa.fuzz.media"}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=hooks)
    (folder / "output.txt").write_text(done.stdout + done.stderr)
    report_path = folder / "report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    cases = report.get("test_cases", {})
    failures = [
        {"code": f["code"], "title": f["title"], "operations": f.get("operations", [])}
        for f in report.get("failures", [])
    ]
    return {
        "role": role,
        "exit_code": done.returncode,
        "seconds": round(time.monotonic() - started, 1),
        "operations_tested": report.get("operations", {}).get("tested", 0),
        "cases": cases.get("generated", 0),
        "unique_failures": cases.get("unique_failures", 0),
        "errored": cases.get("errored", 0),
        "failures": failures,
        "output": done.stdout + done.stderr,
    }


def summary_text(results: list[dict], examples: int, seed: int, seconds: float) -> str:
    """The summary as a table: one line per role, then each failure."""
    lines = [
        f"API fuzzing (schemathesis), {examples} examples per operation, seed {seed}, "
        f"{seconds:.0f} s; checks: {CHECKS} except {', '.join(EXCLUDED)}",
        f"{'role':<12} {'operations':>10} {'cases':>7} {'failures':>8} {'exit':>4} {'seconds':>7}"
        f" {'bodies':>6} {'5xx':>4}",
    ]
    for r in results:
        lines.append(
            f"{r['role']:<12} {r['operations_tested']:>10} {r['cases']:>7} "
            f"{r['unique_failures']:>8} {r['exit_code']:>4} {r['seconds']:>7} "
            f"{r['bodies']['sent']:>6} {len(r['bodies']['failures']):>4}"
        )
    total_ops = sum(r["operations_tested"] for r in results)
    total_cases = sum(r["cases"] for r in results)
    total_failures = sum(r["unique_failures"] for r in results)
    lines.append(f"{'total':<12} {total_ops:>10} {total_cases:>7} {total_failures:>8}")
    for r in results:
        for f in r["failures"]:
            ops = ", ".join(f["operations"][:6]) + (" …" if len(f["operations"]) > 6 else "")
            lines.append(f"  {r['role']}: {f['code']} {f['title']}: {ops}")
        lines += [f"  {r['role']}: hostile body: {f}" for f in r["bodies"]["failures"][:20]]
    return "\n".join(lines)


def main() -> int:
    """Serve, fuzz every role, write and print the summary; 1 on any failure."""
    examples = int(os.environ.get("FUZZ_EXAMPLES", "10"))
    seed = int(os.environ.get("FUZZ_SEED", "2026"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    settings = {"API_RATE_LIMIT": UNTHROTTLED, "LOGIN_RATE_LIMIT": UNTHROTTLED}
    with running_app(workers=2, log_path=ARTIFACTS / "server.log", **settings) as app:
        results = []
        chosen = os.environ.get("FUZZ_ROLES", ",".join(ROLES)).split(",")
        for role, email in ((r, e) for r, e in ROLES.items() if r in chosen):
            bearer = token(app.url, email) if email else None
            result = fuzz_role(app.url, role, bearer, examples, seed)
            result["bodies"] = fuzz_bodies(app.url, bearer)  # deep JSON, huge integers
            results.append(result)
    seconds = time.monotonic() - started
    text = summary_text(results, examples, seed, seconds)
    figures = [{k: v for k, v in r.items() if k != "output"} for r in results]
    (ARTIFACTS / "summary.json").write_text(
        json.dumps(
            {
                "examples": examples,
                "seed": seed,
                "seconds": round(seconds, 1),
                "checks": CHECKS,
                "excluded_checks": EXCLUDED,
                "roles": figures,
            },
            indent=2,
        )  # fmt: skip
    )
    (ARTIFACTS / "summary.txt").write_text(text + "\n")
    failed = [
        r
        for r in results
        if r["exit_code"] != 0 or r["unique_failures"] or not r["cases"] or r["bodies"]["failures"]
    ]
    for r in failed:
        print(f"\n===== {r['role']} (exit {r['exit_code']}) =====\n{r['output'][-6000:]}")
    print(text)
    print(f"Reports and server log: {ARTIFACTS}")
    broken = {(r["role"], op) for r in results for f in r["failures"] for op in f["operations"]}
    tested = sum(r["operations_tested"] for r in results)
    print(f"fuzz: {tested - len(broken)} passed, {len(broken)} failed")  # operations × roles
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
