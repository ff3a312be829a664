"""Learning the combination of signals from people's decisions on pairs.

A decision is a pair someone judged (an owner's or CSR's interest, an official's
verdict, an introduction both accepted or declined as not a match). Per kind, a
logistic regression over the pair's signals is compared with the defaults (the text
score, side signals as weighted) by cross-validation with folds split by company, so
that no company is judged on what was learned from its own decisions; it replaces the
defaults only when it beats them on every fold's average.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from ml.features import FEATURES, combine, query_weights
from ml.records import KINDS

MIN_EACH = 5  # decisions of each outcome needed at least


@dataclass
class LearnedCombination:
    """A fitted logistic regression that ranks candidates by its decision function."""

    regression: LogisticRegression

    def rank(self, features: np.ndarray) -> np.ndarray:
        return self.regression.decision_function(features)

    @property
    def coefficients(self) -> list[float]:
        return [float(c) for c in self.regression.coef_[0]]


def decision_matrix(model, decisions, kind: str):
    """Features, labels and company ids of the decisions of one kind the model knows."""
    rows, labels, companies = [], [], []
    for business_id, offer_id, decision_kind, label in decisions:
        b_row = model.businesses_.row_of.get(business_id)
        o_row = model.offers_.row_of.get(offer_id)
        if decision_kind != kind or b_row is None or o_row is None:
            continue
        rows.append(model.pair_features(kind, b_row, np.array([o_row]))[0])
        labels.append(1 if label > 0 else 0)
        companies.append(int(model.offers_.columns["company"][o_row]))
    width = len(FEATURES[kind])
    return (
        np.array(rows, dtype=np.float32).reshape(-1, width),
        np.array(labels, dtype=np.int64),
        np.array(companies, dtype=np.int64),
    )


def fit_combiner(model, decisions) -> tuple[dict, dict]:
    """Per kind, a LearnedCombination when there are enough decisions and it beats the
    defaults under company-grouped cross-validation; otherwise none (the defaults).
    Returns (combiners, report)."""
    combiners, report = {}, {}
    for kind in KINDS:
        features, labels, companies = decision_matrix(model, decisions, kind)
        entry = {"decisions": int(labels.size), "positive": int(labels.sum()), "used": "defaults"}
        report[kind] = entry
        folds = min(5, len(set(companies.tolist())))
        if (
            labels.size < model.min_decisions
            or min(labels.sum(), labels.size - labels.sum()) < MIN_EACH
            or folds < 2
        ):
            entry["why"] = f"fewer than {model.min_decisions} decisions with both outcomes"
            continue
        weights = query_weights(model.side_weights_[kind], kind, business_side=True)
        learned, default = _cross_validate(features, labels, companies, folds, weights)
        entry.update(auc_learned=round(learned, 4), auc_default=round(default, 4), folds=folds)
        if learned > default:
            regression = _regression().fit(features, labels)
            combiners[kind] = LearnedCombination(regression)
            entry["used"] = "learned"
            entry["coefficients"] = dict(
                zip(FEATURES[kind], combiners[kind].coefficients, strict=True)
            )
    return combiners, report


def _regression() -> LogisticRegression:
    return LogisticRegression(class_weight="balanced", max_iter=1000)


def _cross_validate(features, labels, companies, folds, weights) -> tuple[float, float]:
    """Mean held-out AUC of the learned combination and of the defaults, folds by company."""
    learned, default = [], []
    for train, test in GroupKFold(n_splits=folds).split(features, labels, companies):
        if len(set(labels[test].tolist())) < 2 or len(set(labels[train].tolist())) < 2:
            continue
        fitted = _regression().fit(features[train], labels[train])
        learned.append(roc_auc_score(labels[test], fitted.decision_function(features[test])))
        default.append(roc_auc_score(labels[test], combine(features[test], weights)))
    if not learned:
        return 0.0, 0.0
    return float(np.mean(learned)), float(np.mean(default))
