"""Lighthouse (mobile) on the key pages, against the app as served, as each page's user.

    python -m qa.lighthouse.run [--runs 3]        (make lighthouse)

Lighthouse 12.2.3 (qa/node, pinned) drives Debian's Chromium with its default mobile
emulation (a mid-range phone on throttled 4G, simulated). Each page is measured `runs`
times in fresh Chromium processes, logged in as the role that uses it (the session
cookie goes along as a request header), and the median of each figure is reported
against the targets of issue 13: at most 200 KiB transferred, LCP at most 2.0 s,
performance at least 0.95, accessibility and best practices 1.0. Reports (JSON) and a
summary land in qa/artifacts/lighthouse/; the exit code is 1 when a target is missed.
"""

# Every command run here is the pinned Lighthouse CLI with fixed arguments.
# ruff: noqa: S603

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from qa.live import ROOT, running_app
from qa.security.accounts import browser_login

ARTIFACTS = ROOT / "qa" / "artifacts" / "lighthouse"
CLI = ROOT / "qa" / "node" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
# (name, path, who opens it: a demo account's e-mail, or None for a visitor)
PAGES = (
    ("home", "/", "owner@demo.mitra"),
    ("login", "/masuk", None),
    ("suggestions", "/rekomendasi", "owner@demo.mitra"),
    ("introductions", "/perkenalan", "owner@demo.mitra"),
    ("dashboard", "/petugas/dasbor", "official@demo.mitra"),
    ("desk", "/petugas/meja", "official@demo.mitra"),
)
TARGETS = {  # figure: (bound, "max" or "min")
    "kib": (200.0, "max"),
    "lcp_s": (2.0, "max"),
    "performance": (0.95, "min"),
    "accessibility": (1.0, "min"),
    "best_practices": (1.0, "min"),
}


def measure(url: str, cookie: str | None, out: Path) -> dict:
    """One Lighthouse run; the figures of TARGETS, plus what failed in each category."""
    command = [
        "node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices",
        f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=30000",
    ]  # fmt: skip
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, check=True, env=env, cwd=ROOT, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits, categories = report["audits"], report["categories"]
    failed = sorted(
        audit_ref["id"]
        for category in categories.values()
        for audit_ref in category["auditRefs"]
        if audit_ref.get("weight")
        and (audits[audit_ref["id"]].get("score") is not None)
        and audits[audit_ref["id"]]["score"] < 1
        and category["id"] != "performance"
    )
    return {
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "performance": categories["performance"]["score"],
        "accessibility": categories["accessibility"]["score"],
        "best_practices": categories["best-practices"]["score"],
        "failed_audits": failed,
        "final_url": report.get("finalDisplayedUrl") or report.get("finalUrl"),
    }


def meets(figure: str, value: float) -> bool:
    bound, side = TARGETS[figure]
    return value <= bound if side == "max" else value >= bound


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not CLI.exists():
        print(f"{CLI} is missing: make lighthouse installs qa/node (npm ci)", file=sys.stderr)
        return 2
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    summary, ok = {}, True
    with running_app(workers=2, log_path=ARTIFACTS / "gunicorn.log") as app:
        cookies = {}
        for name, path, email in PAGES:
            if email and email not in cookies:
                found = browser_login(app.url, email)
                cookies[email] = "; ".join(f"{k}={v}" for k, v in found.items())
            runs = []
            for i in range(args.runs):
                print(f"… {name} ({path}) run {i + 1}/{args.runs}", file=sys.stderr, flush=True)
                out = ARTIFACTS / f"{name}-{i + 1}.json"
                runs.append(measure(app.url + path, cookies.get(email), out))
            if runs[-1]["final_url"] and not runs[-1]["final_url"].endswith(path):
                print(f"{name}: ended at {runs[-1]['final_url']}, not {path}", file=sys.stderr)
                ok = False
            median = {f: statistics.median(r[f] for r in runs) for f in TARGETS}
            passed = {f: meets(f, v) for f, v in median.items()}
            ok &= all(passed.values())
            summary[name] = {
                "path": path, "role": email or "visitor", "median": median,
                "runs": runs, "passed": passed,
            }  # fmt: skip
    (ARTIFACTS / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"{'page':<14} {'KiB':>6} {'LCP s':>6} {'perf':>5} {'a11y':>5} {'BP':>5}  failing audits")
    for name, entry in summary.items():
        m = entry["median"]
        marks = {f: "" if entry["passed"][f] else "!" for f in TARGETS}
        failing = sorted({a for r in entry["runs"] for a in r["failed_audits"]})
        print(
            f"{name:<14} {m['kib']:>5.0f}{marks['kib']} {m['lcp_s']:>5.2f}{marks['lcp_s']}"
            f" {m['performance']:>4.2f}{marks['performance']}"
            f" {m['accessibility']:>4.2f}{marks['accessibility']}"
            f" {m['best_practices']:>4.2f}{marks['best_practices']}  {', '.join(failing) or '-'}"
        )
    verdict = "PASS" if ok else "FAIL"
    print(f"{verdict}: median of {args.runs} runs per page; ! marks a missed target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
