"""Fitting the match probability and the band thresholds on the tuning sets' top tens.

What is calibrated is what people see: the top ten suggestions of every query, in both
directions, as `suggest --top 10` lists them. Per kind, a logistic curve maps the text
score to the probability that the pair is judged a match (grade 1 or 2). The band
thresholds are then set with a margin inside the targets (ml.bands.TARGETS): `high`
where at least MARGIN_HIGH of suggestions are matches, `low` where at most MARGIN_LOW
are and where a strong match rarely falls. Folds split by company check that the
thresholds hold on companies the fit never saw.
"""

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
from sklearn.linear_model import LogisticRegression

from bench.judged import KINDS, JudgedSet
from ml.bands import TARGETS, band_of, calibration
from ml.calibrate import PATH

MARGIN_HIGH = 0.80  # share of matches wanted among `high` (target 0.70)
MARGIN_LOW = 0.15  # share of matches allowed among `low` (target 0.25)
MARGIN_STRONG = 0.90  # share of strong matches wanted in `high` or `medium` (target 0.80)
TOP = 10


@dataclass
class Shown:
    """One suggestion in a top ten: its kind, text score, grade and company."""

    kind: str
    text: float
    grade: int
    company: str


def shown(data: JudgedSet, model) -> list[Shown]:
    """Every suggestion of every query's top ten, both directions, with its grade."""
    model.fit(data.businesses, data.offers)
    found = []
    for kind in KINDS:
        truth = data.truth[kind]
        for b in data.businesses:
            for s in model.suggest_for_business(b.id, kind, top=TOP):
                company = data.company_names[s.company_id]
                grade = truth.get((b.name, company), 0)
                found.append(Shown(kind, s.features["text"], grade, company))
        for cid, company in data.company_names.items():
            for s in model.suggest_for_company(cid, kind, top=TOP):
                grade = truth.get((data.business_names[s.business_id], company), 0)
                found.append(Shown(kind, s.features["text"], grade, company))
    return found


def fit_curve(items: list[Shown]) -> tuple[float, float]:
    """(intercept, slope) of P(match | text score)."""
    x = np.array([[i.text] for i in items])
    y = np.array([i.grade >= 1 for i in items], dtype=int)
    regression = LogisticRegression(C=10.0).fit(x, y)
    return float(regression.intercept_[0]), float(regression.coef_[0][0])


def probability(curve: tuple[float, float], text: float) -> float:
    return 1.0 / (1.0 + np.exp(-(curve[0] + curve[1] * text)))


def thresholds(items: list[Shown], curve) -> tuple[float, float]:
    """(high, medium): the lowest `high` threshold whose band holds MARGIN_HIGH matches,
    and the highest `medium` threshold below which at most MARGIN_LOW are matches and
    at least MARGIN_STRONG of strong matches stay above."""
    p = np.array([probability(curve, i.text) for i in items])
    match = np.array([i.grade >= 1 for i in items])
    strong = np.array([i.grade >= 2 for i in items])
    grid = np.unique(np.round(p, 3))
    high = next(
        (t for t in grid if (p >= t).sum() >= 10 and match[p >= t].mean() >= MARGIN_HIGH),
        float(grid[-1]),
    )
    medium = 0.0
    for t in grid[grid <= high]:
        low = p < t
        if low.any() and match[low].mean() > MARGIN_LOW:
            break
        if strong.any() and (strong & ~low).sum() / strong.sum() < MARGIN_STRONG:
            break
        medium = float(t)
    return float(high), medium


def fit_calibration(sets: dict[str, JudgedSet], model, log) -> dict:
    """Fit on every tuning set's top tens, check on held-out companies, write
    ml/data/calibration.json, and return the report."""
    items = {name: shown(data, model) for name, data in sets.items()}
    pooled = [i for found in items.values() for i in found]
    curves, bands, report = {}, {}, {"kinds": {}}
    for kind in KINDS:
        mine = [i for i in pooled if i.kind == kind]
        curves[kind] = fit_curve(mine)
        bands[kind] = thresholds(mine, curves[kind])
        report["kinds"][kind] = {
            "curve": curves[kind],
            "thresholds": bands[kind],
            "held_out": _held_out(mine),
        }
        log(f"calibration {kind}: curve {curves[kind]}, thresholds {bands[kind]}")
    for name, found in items.items():
        banded = [
            (i.kind, band_of(probability(curves[i.kind], i.text), *bands[i.kind]), i.grade)
            for i in found
        ]
        report[name] = calibration(banded)
        log(f"calibration on {name}: {report[name]}")
    PATH.write_text(
        json.dumps(
            {
                "note": "fitted by `python -m bench.tune` on the tuning sets' top-ten suggestions "
                f"({', '.join(sets)}; {len(pooled)} suggestions) on {date.today().isoformat()}",
                "targets": TARGETS,
                "curves": curves,
                "thresholds": bands,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return report


def _held_out(items: list[Shown], folds: int = 5) -> dict:
    """The band targets on each fold of companies, fitted on the others."""
    companies = sorted({i.company for i in items})
    order = np.random.default_rng(0).permutation(len(companies))
    results = []
    for f in range(folds):
        test = {companies[k] for k in order[f::folds]}
        train = [i for i in items if i.company not in test]
        held = [i for i in items if i.company in test]
        curve = fit_curve(train)
        cut = thresholds(train, curve)
        banded = [(i.kind, band_of(probability(curve, i.text), *cut), i.grade) for i in held]
        results.append(calibration(banded))
    return {
        "high_precision": [r["bands"]["high"]["match_rate"] for r in results],
        "low_match_rate": [r["bands"]["low"]["match_rate"] for r in results],
        "strong_high_or_medium": [r["strong_high_or_medium"] for r in results],
    }
