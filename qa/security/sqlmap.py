"""sqlmap in batch mode over the curated URLs, one process per role and kind, in parallel."""

# The only commands run here are Debian's sqlmap with arguments built from our own lists.
# ruff: noqa: S603, S607

import csv
import re
import subprocess  # runs sqlmap only  # nosec B404
import time
from dataclasses import dataclass, field
from pathlib import Path

from qa.security.accounts import Identity
from qa.security.targets import SQLMAP_API, SQLMAP_FORMS, SQLMAP_GET, chosen

TESTED = re.compile(r"testing for SQL injection on (\w+) parameter '([^']+)'")
INJECTABLE = re.compile(r"parameter '([^']+)' (?:is|appears to be) .*injectable", re.I)
SERVER_ERRORS = re.compile(r"\b(5\d\d \([^)]*\) - \d+ times)")
TOOL_ERRORS = re.compile(r"\[(?:ERROR|CRITICAL)\] (.+)")
EXPECTED = "all tested parameters do not appear to be injectable"


@dataclass
class Job:
    """One sqlmap process: its name, targets and extra arguments."""

    name: str
    arguments: list[str]
    urls: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What one sqlmap process reported."""

    name: str
    urls: int
    parameters: list[str]
    requests: int
    findings: list[str]
    seconds_limit_hit: bool = False


def jobs(base_url: str, who: dict[str, Identity], full: bool) -> list[Job]:
    """The sqlmap processes for this run: GET pages per role, API per role, forms."""
    found: dict[str, Job] = {}
    for role, path in chosen(SQLMAP_GET, full):
        cookie = who[role].cookie_header
        # Pages carry a fresh CSRF token each time: compare their text, not their markup.
        arguments = ["--cookie", cookie, "--text-only"]
        job = found.setdefault(f"web-{role}", Job(f"web-{role}", arguments))
        job.urls.append(base_url + path)
    for role, path in chosen(SQLMAP_API, full):
        header = f"Authorization: Bearer {who[role].token}"
        job = found.setdefault(f"api-{role}", Job(f"api-{role}", ["--headers", header]))
        job.urls.append(base_url + path)
    for path, data in chosen(SQLMAP_FORMS, full):
        name = "form" + path.replace("/", "-")
        arguments = ["--data", f"{data}&csrf_token=x", "--csrf-token", "csrf_token",
                     "--csrf-url", base_url + path]  # fmt: skip
        found[name] = Job(name, arguments, [base_url + path])
    return list(found.values())


def command(job: Job, out: Path, full: bool) -> list[str]:
    """The sqlmap command line for one job (level 2 with SECURITY_FULL, else level 1)."""
    args = [
        "sqlmap", "--batch", "--disable-coloring", "-v", "1", "--flush-session",
        "--level", "2" if full else "1", "--risk", "1", "--timeout", "15", "--retries", "1",
        "--output-dir", str(out / "sessions" / job.name), "-t", str(out / f"{job.name}.traffic"),
        "--results-file", str(out / f"{job.name}.csv"), *job.arguments,
        # Level 2 would also tamper with the signed session cookie: pointless and slow.
        "--param-exclude", "^(session|remember_token)$",
        # Its WAF probe adds an unknown parameter, which strict API lists answer with 422.
        "--skip-waf",
    ]  # fmt: skip
    if len(job.urls) == 1:
        return [*args, "-u", job.urls[0]]
    bulk = out / f"{job.name}.urls"
    bulk.write_text("\n".join(job.urls) + "\n")
    # Logged-in runs keep their cookie: a Set-Cookie must not swap the session.
    return [*args, "-m", str(bulk), "--drop-set-cookie"]


def start(job: Job, out: Path, full: bool) -> subprocess.Popen:
    """Start one sqlmap process, its output in <name>.log."""
    log = (out / f"{job.name}.log").open("w")
    args = command(job, out, full)
    return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)  # our list  # nosec B603


def outcome(job: Job, out: Path) -> Outcome:
    """Read a finished job's log, traffic and results file into an Outcome."""
    log = (out / f"{job.name}.log").read_text(errors="replace")
    traffic = out / f"{job.name}.traffic"
    sent = traffic.read_text(errors="replace") if traffic.exists() else ""
    requests = sent.count("HTTP request [#")
    parameters = [f"{place} {name}" for place, name in TESTED.findall(log)]
    findings = [f"{job.name}: {name} injectable" for name in INJECTABLE.findall(log)]
    results = out / f"{job.name}.csv"
    if results.exists():
        rows = list(csv.DictReader(results.open()))
        findings += [f"{job.name}: {row['Target URL']} {row['Parameter']}" for row in rows]
    findings += [f"{job.name}: server error {codes}" for codes in SERVER_ERRORS.findall(log)]
    findings += [
        f"{job.name}: {error[:160]}" for error in TOOL_ERRORS.findall(log) if EXPECTED not in error
    ]
    if not parameters:
        findings.append(f"{job.name}: no parameter was tested (see {job.name}.log)")
    return Outcome(job.name, len(job.urls), parameters, requests, findings)


def run(base_url: str, who: dict[str, Identity], out: Path, full: bool, limit: float) -> list:
    """Run every job in parallel within `limit` seconds; their outcomes."""
    out.mkdir(parents=True, exist_ok=True)
    planned = jobs(base_url, who, full)
    processes = [(job, start(job, out, full)) for job in planned]
    deadline = time.monotonic() + limit
    outcomes = []
    for job, process in processes:
        try:
            process.wait(timeout=max(1.0, deadline - time.monotonic()))
            outcomes.append(outcome(job, out))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            result = outcome(job, out)
            result.findings.append(f"{job.name}: stopped after {limit:.0f} s")
            result.seconds_limit_hit = True
            outcomes.append(result)
    return outcomes
