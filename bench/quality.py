"""Suggestion quality on judged sets, measured through the command-line contract.

    python -m bench.quality [SET_FOLDER ...]        (make quality)

Each set is a folder with businesses.csv, companies.csv and truth.csv in the columns
of `import-data`. For each set, in a fresh SQLite database, it runs what an outside
evaluator runs: `init-db`, `import-data businesses|companies`, `train`, then
`suggest --all-businesses|--all-companies --kind K --top 10 --json`, and scores the
lines it prints: nDCG@10, P@5 and MRR per kind and direction, beside the standard
baseline (ml.evaluation.tfidf_baseline: sublinear TF-IDF, l2, cosine over the same
text fields, one model per kind) computed from the same CSV files, and the band
calibration (ml.bands.calibration). The worst set decides: README reports every set.
Writes artifacts/quality.json.
"""

import argparse
import csv
import json
import os
import sys
import tempfile
from pathlib import Path

from ml.bands import calibration
from ml.evaluation import DIRECTIONS, METRICS, score_rankings, tfidf_baseline

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "ml" / "data" / "judged"
SETS = {"own": JUDGED / "own", "blind": JUDGED / "blind"}
KINDS = ("subcontracting", "mentoring")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def read_truth(folder: Path) -> dict[str, dict[tuple[str, str], int]]:
    """kind → {(business name, company name): grade}."""
    truth: dict[str, dict] = {kind: {} for kind in KINDS}
    for row in read_csv(folder / "truth.csv"):
        truth[row["kind"].strip()][(row["business"].strip(), row["company"].strip())] = int(
            row["grade"]
        )
    return truth


def invoke(runner, *args: str) -> str:
    result = runner.invoke(args=list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.output}")
    return result.stdout


def suggestions(runner, kind: str) -> dict[str, dict[str, list]]:
    """direction → {query name: [(suggested name, band), ...]} from `suggest --json`."""
    found = {}
    for direction, flag, subject, other in (
        ("business → companies", "--all-businesses", "business", "company"),
        ("company → businesses", "--all-companies", "company", "business"),
    ):
        lines = invoke(runner, "suggest", flag, "--kind", kind, "--top", "10", "--json")
        found[direction] = {}
        for line in lines.splitlines():
            record = json.loads(line)
            found[direction][record[subject]] = [
                (item[other], item["band"]) for item in record["suggestions"]
            ]
    return found


def judge(runner, folder: Path) -> dict:
    """Import, train and suggest through `runner` (a Flask CLI runner on an empty
    database), and score the suggestions against the folder's truth."""
    invoke(runner, "import-data", "businesses", str(folder / "businesses.csv"))
    invoke(runner, "import-data", "companies", str(folder / "companies.csv"))
    invoke(runner, "train")
    truth = read_truth(folder)
    businesses = read_csv(folder / "businesses.csv")
    companies = read_csv(folder / "companies.csv")
    rows, banded = [], []
    for kind in KINDS:
        found = suggestions(runner, kind)
        baseline = tfidf_baseline(businesses, companies, kind)
        for direction in DIRECTIONS:
            judged = _judged(truth[kind], direction)
            ranked = {q: [name for name, _ in items] for q, items in found[direction].items()}
            model = score_rankings(ranked, judged)
            rows.append(
                {
                    "kind": kind,
                    "direction": direction,
                    "queries": model.pop("queries"),
                    "model": model,
                    "baseline": _scores(score_rankings(baseline[direction], judged)),
                }
            )
            for query, items in found[direction].items():
                grades = judged.get(query, {})
                banded += [(kind, band, grades.get(name, 0)) for name, band in items]
    return {"folder": str(folder.relative_to(ROOT)), "rows": rows, "bands": calibration(banded)}


def _judged(pairs: dict, direction: str) -> dict[str, dict[str, int]]:
    judged: dict[str, dict[str, int]] = {}
    for (business, company), grade in pairs.items():
        if direction == "business → companies":
            judged.setdefault(business, {})[company] = grade
        else:
            judged.setdefault(company, {})[business] = grade
    return judged


def _scores(scores: dict) -> dict:
    scores.pop("queries", None)
    return scores


def judge_in_fresh_app(folder: Path) -> dict:
    """judge() in a new SQLite database and model file of its own."""
    with tempfile.TemporaryDirectory(prefix="quality-") as scratch:
        os.environ["INSTANCE_PATH"] = scratch
        from matchmaker import create_app
        from matchmaker.matching import services

        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/quality.sqlite3",
                "MODEL_PATH": f"{scratch}/model.pkl",
            }
        )
        services.reset()
        runner = app.test_cli_runner()
        with app.app_context():
            invoke(runner, "init-db")
            try:
                return judge(runner, folder)
            finally:
                services.reset()
                from matchmaker.core.extensions import db

                db.session.remove()
                db.engine.dispose()


def render(name: str, report: dict) -> str:
    lines = [f"{name}: {report['folder']}"]
    lines.append(
        f"  {'kind':<15} {'direction':<22} {'metric':<8} {'model':>7} {'tf-idf':>7}"
        f" {'gain':>7} {'queries':>7}"
    )
    for row in report["rows"]:
        for metric in METRICS:
            model, base = row["model"][metric], row["baseline"][metric]
            lines.append(
                f"  {row['kind']:<15} {row['direction']:<22} {metric:<8} {model:>7.3f}"
                f" {base:>7.3f} {model - base:>+7.3f} {row['queries']:>7}"
            )
    mean = sum(r["model"]["ndcg@10"] for r in report["rows"]) / len(report["rows"])
    lines.append(f"  mean nDCG@10 {mean:.3f}")
    bands = report["bands"]
    lines.append("  band     suggestions  judged matches  strong")
    for band in ("high", "medium", "low"):
        entry = bands["bands"][band]
        lines.append(
            f"  {band:<8} {entry['count']:>11}  {entry['match_rate']:>14.3f}  {entry['strong']:>6}"
        )
    lines.append(
        f"  strong matches in a top 10 that are high or medium: "
        f"{bands['strong_high_or_medium']:.3f} of {bands['strong_total']}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", help="set folders (default: own and blind)")
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "quality.json"))
    args = parser.parse_args(argv)
    folders = {Path(s).name: Path(s).resolve() for s in args.sets} or SETS
    reports = {}
    for name, folder in folders.items():
        print(f"… {name}: import, train, suggest", file=sys.stderr, flush=True)
        reports[name] = judge_in_fresh_app(folder)
        print(render(name, reports[name]), flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(reports, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
