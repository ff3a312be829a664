"""wapiti per role: crawl from the role's pages, attack with injection modules, read the report."""

# The only commands run here are Debian's wapiti with arguments built from our own lists.
# ruff: noqa: S603, S607

import json
import re
import subprocess  # runs wapiti only  # nosec B404
from dataclasses import dataclass
from pathlib import Path

from qa.security.accounts import Identity
from qa.security.targets import WAPITI_EXCLUDE, WAPITI_START

LAUNCHER = Path(__file__).with_name("wapiti_launcher.py")
MODULES = ["sql", "xss", "permanentxss", "redirect", "crlf", "exec", "file"]
FULL_MODULES = [*MODULES, "blindsql"]  # time-based: slow, so only with SECURITY_FULL
# Problems the app itself caused (a 500, a timeout) are findings as well as vulnerabilities.
ANOMALIES = {"Internal Server Error", "Resource consumption"}
ATTACKED = re.compile(r"^\[\*\] Launching module (\w+)", re.M)
RESOURCE = re.compile(r"^\[\+\] (GET|POST) (\S+)", re.M)


@dataclass
class Outcome:
    """What one wapiti scan reported."""

    name: str
    crawled: int
    modules: list[str]
    requests: int
    findings: list[str]


def cookie_file(identity: Identity, host: str, path: Path) -> Path:
    """The role's cookies in wapiti's JSON cookie-file format."""
    cookies = {
        name: {"value": value, "expires": None, "secure": False, "port": None, "version": 0}
        for name, value in identity.cookies.items()
    }
    path.write_text(json.dumps({host: {"/": cookies}}))
    return path


def command(base_url: str, identity: Identity, out: Path, full: bool) -> list[str]:
    """The wapiti command line for one role, bounded in crawl and attack time."""
    host = base_url.split("//", 1)[1].split(":")[0]
    scan, attack = (120, 60) if full else (20, 12)
    args = [
        "/usr/bin/python3", str(LAUNCHER), "-u", base_url + "/", "--scope", "folder", "-f", "json",
        "-o", str(out / f"wapiti-{identity.role}.json"),
        "-m", ",".join(FULL_MODULES if full else MODULES),
        "-d", "3" if full else "2", "--max-links-per-page", "40" if full else "15",
        "--max-files-per-dir", "30" if full else "8", "--max-parameters", "20",
        "--max-scan-time", str(scan), "--max-attack-time", str(attack), "-t", "10",
        "--flush-session", "--store-session", str(out / "wapiti-sessions" / identity.role),
        "--store-config", str(out / "wapiti-config"), "--no-bugreport", "-v", "1",
    ]  # fmt: skip
    if identity.cookies:
        args += ["-c", str(cookie_file(identity, host, out / f"cookies-{identity.role}.json"))]
    for pattern in WAPITI_EXCLUDE:
        args += ["-x", base_url + pattern]
    for path in WAPITI_START.get(identity.role, []):
        args += ["-s", base_url + path]
    return args


def start(base_url: str, identity: Identity, out: Path, full: bool) -> subprocess.Popen:
    """Start the scan for one role, its output in wapiti-<role>.log."""
    log = (out / f"wapiti-{identity.role}.log").open("w")
    args = command(base_url, identity, out, full)
    return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)  # our list  # nosec B603


def outcome(role: str, out: Path, requests: int) -> Outcome:
    """Read one role's report and log into an Outcome."""
    name = f"wapiti-{role}"
    log = (out / f"{name}.log").read_text(errors="replace")
    report_path = out / f"{name}.json"
    if not report_path.exists():
        return Outcome(name, 0, [], requests, [f"{name}: no report (see {name}.log)"])
    report = json.loads(report_path.read_text())
    findings = [
        f"{name}: {category} {item['method']} {item['path']} [{item['parameter']}] {item['info']}"
        for category, items in report["vulnerabilities"].items()
        for item in items
    ]
    findings += [
        f"{name}: {category} {item['method']} {item['path']} [{item['parameter']}]"
        for category, items in report["anomalies"].items()
        if category in ANOMALIES
        for item in items
    ]
    if "Traceback" in log:
        findings.append(f"{name}: wapiti crashed (see {name}.log)")
    crawled = len(set(RESOURCE.findall(log)))  # each URL and form a module attacked
    return Outcome(name, crawled, ATTACKED.findall(log), requests, findings)
