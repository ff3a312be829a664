"""`make security`: sqlmap and wapiti against the served app as every role; exit 1 on a finding.

CI mode (default) keeps to the curated URLs at sqlmap level 1 and a few seconds per wapiti
module, within about three minutes; SECURITY_FULL=1 tests every URL at level 2 with longer
crawls and wapiti's time-based blind SQL module. Reports go to qa/artifacts/security/.
"""

import json
import os
import shutil
import sys
import time
from dataclasses import asdict

from qa.live import ROOT, running_app
from qa.security import sqlmap, wapiti
from qa.security.accounts import identities, is_logged_in

OUT = ROOT / "qa" / "artifacts" / "security"
# The tools send hundreds of logins and API calls a minute from one address, and sqlmap
# posts wrong passwords for the owner's e-mail (no per-account lock, no per-address limit).
LIMITS = {
    "LOGIN_RATE_LIMIT": "100000 per minute",
    "API_RATE_LIMIT": "100000 per minute",
    "EMAIL_RATE_LIMIT": "100000 per minute",
    "LOGIN_LOCKOUT_FAILURES": "1000000",
}
# Threads, so an idle connection a tool keeps open cannot hold a whole sync worker.
GUNICORN = {"GUNICORN_CMD_ARGS": "--threads 8"}


def scan(full: bool) -> dict:
    """Serve the app, run both tools as every role, and return the summary."""
    started = time.monotonic()
    with running_app(workers=2, **LIMITS, **GUNICORN) as app:
        prepared = time.monotonic() - started
        who = identities(app.url)
        budget = 2400 if full else 150  # the broker desk takes ~1 s a request
        scans = {role: wapiti.start(app.url, identity, OUT, full) for role, identity in who.items()}
        injections = sqlmap.run(app.url, who, OUT / "sqlmap", full, budget)
        deadline = started + prepared + budget
        crawls = [_finish(role, process, deadline) for role, process in scans.items()]
        # A tool that logged itself out would have tested the login page only.
        still_in = {r: is_logged_in(app.url, i.cookies) for r, i in who.items() if i.cookies}
    outcomes = [asdict(o) for o in [*injections, *crawls]]
    findings = [f for o in outcomes for f in o["findings"]]
    findings += [f"{role}: logged out during the scan" for role in still_in if not still_in[role]]
    return {
        "mode": "full" if full else "ci",
        "seconds": round(time.monotonic() - started, 1),
        "prepare_seconds": round(prepared, 1),
        "sqlmap": {
            "urls": sum(o.urls for o in injections),
            "parameters": sum(len(o.parameters) for o in injections),
            "requests": sum(o.requests for o in injections),
        },
        "wapiti": {"crawled": sum(o.crawled for o in crawls), "scans": len(crawls)},
        "findings": findings,
        "tools": outcomes,
    }


def _finish(role: str, process, deadline: float) -> wapiti.Outcome:
    """Wait for one wapiti scan until the deadline; a scan still running is a finding."""
    late = False
    try:
        process.wait(timeout=max(1.0, deadline - time.monotonic()))
    except Exception:  # noqa: BLE001 (TimeoutExpired: stop it and say so)
        process.kill()
        process.wait()
        late = True
    result = wapiti.outcome(role, OUT, 0)
    if late:
        result.findings.append(f"wapiti-{role}: still running at the deadline")
    return result


def main() -> int:
    """Run the scan, write summary.json, print the figures; 1 when anything was found."""
    for tool in ("sqlmap", "wapiti"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed: apt-get install -y sqlmap wapiti", file=sys.stderr)
            return 2
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    summary = scan(full=os.environ.get("SECURITY_FULL") == "1")
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    s, w = summary["sqlmap"], summary["wapiti"]
    print(
        f"security ({summary['mode']}, {summary['seconds']} s): sqlmap {s['urls']} URLs, "
        f"{s['parameters']} parameters, {s['requests']} requests; wapiti {w['scans']} roles, "
        f"{w['crawled']} URLs crawled and attacked; {len(summary['findings'])} findings"
    )
    for finding in summary["findings"]:
        print("  FINDING", finding)
    return 1 if summary["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
