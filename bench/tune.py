"""Choosing the model's few settings on the tuning sets, with folds split by company.

    python -m bench.tune [--sets own dev] [--out artifacts/tune.json]      (make tune)

The tuning sets are the project's own judged set (ml/data/judged/own) and a second
set written for tuning (ml/data/judged/dev); the blind set
(ml/data/judged/blind) is never read here. Each set is imported as
`import-data` would (needs split, trades inferred) into a scratch database.

Every setting is global, so cross-validation here asks: chosen on the other folds'
companies, how well does a setting do on companies it never saw? For each fold of
companies (five per set), the setting with the best mean nDCG@10 on the other folds
is scored on this fold's judged pairs: company → businesses rankings of the fold's
companies, and business → companies rankings scored on the fold's companies. A side signal
joins the ranking only when its best weight wins on held-out folds (greedy, one
signal at a time). The calibration of the match probability and the band thresholds
are then fitted on the chosen model's top-ten lists and written to
ml/data/calibration.json.
"""

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

from bench.judged import KINDS, JudgedSet, load_set
from ml.evaluation import ndcg_at
from ml.features import ASKERS, DEFAULT_SIDE_WEIGHTS, SIDE
from ml.model import COMPANY_WEIGHT, HUB_WEIGHT, PartnerModel

ROOT = Path(__file__).resolve().parent.parent
SETS = {"own": ROOT / "ml/data/judged/own", "dev": ROOT / "ml/data/judged/dev"}
FOLDS = 5
GRID = {
    "company_subcontracting": (0.25, 0.5, 1.0),
    "company_mentoring": (0.0,),
    "hub_weight": (0.0, 0.25, 0.5),
    "mentoring_floor": (0.02, 0.05, 0.1),
    "pivot_slope": (1.0, 0.85, 0.7, 0.5),
}
SIDE_GRID = (0.1, 0.25, 0.5)
# Subcontracting's pseudo-relevance feedback (ml.scoring): (candidates learned from,
# how far the query moves); (0, 0) is none. Kept only by the rule side signals meet.
FEEDBACK_GRID = tuple(itertools.product((2, 3, 5), (0.3, 0.5, 0.7)))
# Settings chosen one after the other, after the grid: (name, off, the values tried).
STEPS = (
    ("feedback", (0, 0.0), FEEDBACK_GRID),
    ("needs_one_by_one", False, (True,)),
)
# A side signal must add at least this much held-out nDCG@10 (and win in most folds)
# to move rankings: smaller gains are within what re-drawing the folds changes.
MIN_GAIN = 0.003


def model_for(setting: dict) -> PartnerModel:
    """A model with a setting of the grid (and side weights, if any)."""
    side = {kind: dict(weights) for kind, weights in DEFAULT_SIDE_WEIGHTS.items()}
    for (kind, name), weight in setting.get("side", {}).items():
        side[kind][name] = weight
    return PartnerModel(
        company_weight={
            "subcontracting": setting.get(
                "company_subcontracting", COMPANY_WEIGHT["subcontracting"]
            ),
            "mentoring": setting.get("company_mentoring", COMPANY_WEIGHT["mentoring"]),
        },
        hub_weight=setting.get("hub_weight", HUB_WEIGHT),
        side_weights=side,
        mentoring_floor=setting.get("mentoring_floor"),
        pivot_slope=setting.get("pivot_slope"),
        feedback_docs=setting.get("feedback", (None, None))[0],
        feedback_weight=setting.get("feedback", (None, None))[1],
        needs_one_by_one=setting.get("needs_one_by_one"),
    )


def rankings(data: JudgedSet, model: PartnerModel, fitted: bool = False) -> dict:
    """(kind, direction) → {query name: [ranked names]} over every candidate."""
    if not fitted:
        model.fit(data.businesses, data.offers)
    found = {}
    n_companies = len(data.company_names)
    for kind in KINDS:
        found[kind, "b"] = {
            b.name: [
                data.company_names[s.company_id]
                for s in model.suggest_for_business(b.id, kind, top=n_companies)
            ]
            for b in data.businesses
        }
        found[kind, "c"] = {
            name: [
                data.business_names[s.business_id]
                for s in model.suggest_for_company(cid, kind, top=10)
            ]
            for cid, name in data.company_names.items()
        }
    return found


def fold_scores(data: JudgedSet, found: dict) -> np.ndarray:
    """(folds, 4) mean nDCG@10 per fold of companies, per kind and direction, over the
    fold's judged pairs only: company → businesses lists of the fold's companies, and
    business → companies lists (of every company) scored on the fold's companies, with
    the companies a business matches in other folds left out of its list (neither
    credited nor counted against it)."""
    scores = np.zeros((FOLDS, 4))
    for f, companies in enumerate(data.folds(FOLDS)):
        for k, kind in enumerate(KINDS):
            inside, outside = {}, {}
            for (b, c), grade in data.truth[kind].items():
                (inside if c in companies else outside).setdefault(b, {})[c] = grade
            values = [
                ndcg_at([c for c in found[kind, "b"][b] if c not in outside.get(b, {})], grades)
                for b, grades in inside.items()
                if any(g >= 1 for g in grades.values())
            ]
            scores[f, 2 * k] = np.mean(values) if values else np.nan
            by_c: dict = {}
            for (b, c), grade in data.truth[kind].items():
                if c in companies:
                    by_c.setdefault(c, {})[b] = grade
            values = [ndcg_at(found[kind, "c"].get(c, []), g) for c, g in by_c.items()]
            scores[f, 2 * k + 1] = np.mean(values) if values else np.nan
    return scores


def cross_validate(sets: dict, settings: list[dict]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Fold scores of every setting on every set: (settings, sets × folds) mean nDCG, and
    the per-direction arrays."""
    table, detail = [], []
    for setting in settings:
        per_set = [fold_scores(data, rankings(data, model_for(setting))) for data in sets.values()]
        detail.append(np.stack(per_set))  # (sets, folds, 4)
        table.append(np.concatenate([np.nanmean(s, axis=1) for s in per_set]))
    return np.array(table), detail


def held_out_choice(table: np.ndarray) -> tuple[float, list[int]]:
    """For each fold (column), the setting best on the other columns, and the mean of the
    chosen settings' scores on their own held-out column."""
    chosen, scores = [], []
    for column in range(table.shape[1]):
        others = np.delete(table, column, axis=1).mean(axis=1)
        best = int(np.argmax(others))
        chosen.append(best)
        scores.append(table[best, column])
    return float(np.mean(scores)), chosen


def grid_settings() -> list[dict]:
    """Every setting of the grid, with no side signal: each must earn its place after."""
    names = list(GRID)
    return [
        dict(zip(names, values, strict=True), side=no_side())
        for values in itertools.product(*GRID.values())
    ]


def no_side() -> dict:
    """Every side weight the defaults set (ml.features.DEFAULT_SIDE_WEIGHTS) at zero."""
    return {(k, name): 0.0 for k, weights in DEFAULT_SIDE_WEIGHTS.items() for name in weights}


def side_names(kind: str) -> list[str]:
    """The side weights tried, one at a time: each signal for both directions, then for
    one direction only (ml.features.query_weights)."""
    return [*SIDE[kind], *(f"{n}@{asker}" for n in SIDE[kind] for asker in ASKERS)]


def tune(sets: dict, log) -> dict:
    """Choose the grid setting, then side signals one at a time; return the report."""
    settings = grid_settings()
    table, _ = cross_validate(sets, settings)
    cv, chosen = held_out_choice(table)
    best = settings[int(np.argmax(table.mean(axis=1)))]
    log(f"grid: held-out mean nDCG@10 {cv:.4f}; chosen per fold: "
        + ", ".join(_short(settings[c]) for c in chosen))  # fmt: skip
    log(f"grid: best on all folds {_short(best)} at {table.mean(axis=1).max():.4f}")
    report = {
        "grid": [
            {"setting": _plain(s), "mean": float(m)}
            for s, m in zip(settings, table.mean(1), strict=True)
        ]
    }
    report |= {"grid_held_out": cv, "chosen": _plain(best), "side": []}
    base = dict(best)
    for name, off, options in STEPS:
        base[name] = _step(sets, base, name, off, options, report, log)
    for kind in KINDS:
        for name in side_names(kind):
            trial = [base] + [
                {**base, "side": {**base.get("side", {}), (kind, name): w}} for w in SIDE_GRID
            ]
            side_table, _ = cross_validate(sets, trial)
            keep, side_cv, wins = _earns_place(side_table)
            side_chosen = side_table.shape[1]
            weight = SIDE_GRID[int(np.argmax(side_table[1:].mean(axis=1)))]
            log(f"side {kind}/{name}: held-out {side_cv:.4f} vs {side_table[0].mean():.4f}"
                f" without; chosen in {wins}/{side_chosen} folds → "
                + (f"kept at {weight}" if keep else "not kept"))  # fmt: skip
            report["side"].append(
                {"kind": kind, "signal": name, "held_out": side_cv, "kept": keep, "weight": weight}
            )
            if keep:
                base = {**base, "side": {**base.get("side", {}), (kind, name): weight}}
    report["final"] = _plain(base)
    report["final_side"] = [[k, n, w] for (k, n), w in base.get("side", {}).items() if w]
    report["setting"] = base
    return report


def _step(sets: dict, base: dict, name: str, off, options: tuple, report: dict, log):
    """The value of one setting that must earn its place (the best of `options` on all
    folds, if it does; `off` otherwise), with its figures in the report."""
    trial = [{**base, name: value} for value in (off, *options)]
    table, _ = cross_validate(sets, trial)
    keep, held_out, wins = _earns_place(table)
    best = options[int(np.argmax(table[1:].mean(axis=1)))]
    verdict = f"kept at {best}" if keep else "not kept"
    log(f"{name}: held-out {held_out:.4f} vs {table[0].mean():.4f} without;"
        f" chosen in {wins}/{table.shape[1]} folds → {verdict}")  # fmt: skip
    report[name] = {
        "held_out": held_out,
        "without": float(table[0].mean()),
        "kept": keep,
        "chosen": best if keep else off,
        "grid": [
            {"value": v, "mean": float(m)}
            for v, m in zip((off, *options), table.mean(1), strict=True)
        ],
    }
    return best if keep else off


def _earns_place(table: np.ndarray) -> tuple[bool, float, int]:
    """Whether the settings after the first (which goes without) earn their place: chosen
    on the other folds, they win most held-out folds and add at least MIN_GAIN held-out
    nDCG@10. Returns (kept, held-out score, folds won)."""
    held_out, chosen = held_out_choice(table)
    wins = sum(c != 0 for c in chosen)
    without = held_out_choice(table[:1])[0]
    return wins > len(chosen) / 2 and held_out >= without + MIN_GAIN, held_out, wins


def _plain(setting: dict) -> dict:
    """A setting without its side weights (whose keys are tuples), for the JSON report."""
    return {k: v for k, v in setting.items() if k != "side"}


def _short(setting: dict) -> str:
    return " ".join(f"{k}={v}" for k, v in setting.items() if k != "side")


def decisions_of(data: JudgedSet, model: PartnerModel) -> list[tuple]:
    """A set's judgements as decisions on the pairs people would see: every judged pair
    (a match) and every other pair of each business's top ten (not a match)."""
    model.fit(data.businesses, data.offers)
    by_name = {v: k for k, v in data.company_names.items()}
    decisions = []
    for kind in KINDS:
        judged = {(b, c) for (b, c), g in data.truth[kind].items() if g >= 1}
        for business in data.businesses:
            for s in model.suggest_for_business(business.id, kind, top=10):
                pair = (business.name, data.company_names[s.company_id])
                decisions.append((business.id, s.offer_id, kind, int(pair in judged)))
        for b, c in judged:
            offers = [o for o in data.offers if o.company_id == by_name.get(c) and o.kind == kind]
            bid = next((x.id for x in data.businesses if x.name == b), None)
            if offers and bid is not None:
                decisions.append((bid, offers[0].id, kind, 1))
    return decisions


def learning_check(sets: dict, setting: dict, log) -> dict:
    """Does a combination learned from one set's decisions beat the defaults on the
    other set? Learned with ml.learn (folds by company); applied to the other set."""

    report = {}
    names = list(sets)
    for source, target in ((names[0], names[-1]), (names[-1], names[0])):
        learner = model_for(setting)
        learner.min_decisions = 40
        learner.fit(
            sets[source].businesses,
            sets[source].offers,
            decisions_of(sets[source], model_for(setting)),
        )
        entry = {kind: learner.training_report_[kind] for kind in KINDS}
        found = {}
        for label, combiners in (("defaults", {}), ("learned", learner.combiners_)):
            applied = model_for(setting)
            applied.fit(sets[target].businesses, sets[target].offers)
            applied.combiners_ = combiners
            rankings_ = rankings(sets[target], applied, fitted=True)
            found[label] = float(np.nanmean(fold_scores(sets[target], rankings_)))
        entry["on_" + target] = found
        log(f"learned from {source}: {entry}")
        report[f"{source}→{target}"] = entry
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="*", default=list(SETS), choices=list(SETS))
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "tune.json"))
    parser.add_argument("--skip-grid", action="store_true", help="only fit the calibration")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    sets = {name: load_set(SETS[name]) for name in args.sets}
    report = {} if args.skip_grid else tune(sets, log)
    from bench.calibration import fit_calibration

    setting = report.pop("setting", {})
    report["calibration"] = fit_calibration(sets, model_for(setting), log)
    if len(sets) > 1:
        report["learning"] = learning_check(sets, setting, log)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
