"""Learning the combination of features from people's decisions on pairs."""

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from ml.features import DEFAULT_WEIGHTS, FEATURES
from ml.records import KINDS


def decision_matrix(model, decisions, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the decisions of one kind whose pair the model knows."""
    rows, labels = [], []
    for business_id, offer_id, decision_kind, label in decisions:
        b_row = model.businesses_.row_of.get(business_id)
        o_row = model.offers_.row_of.get(offer_id)
        if decision_kind != kind or b_row is None or o_row is None:
            continue
        rows.append(model.pair_features(kind, b_row, np.array([o_row]))[0])
        labels.append(1 if label > 0 else 0)
    width = len(FEATURES[kind])
    return np.array(rows, dtype=np.float32).reshape(-1, width), np.array(labels, dtype=np.int64)


def fit_combiner(model, decisions) -> tuple[dict, dict]:
    """Per kind: a logistic regression when decisions are many enough and it beats the
    defaults on held-out decisions; otherwise None (defaults). Returns (combiners, report)."""
    combiners, report = {}, {}
    for kind in KINDS:
        features, labels = decision_matrix(model, decisions, kind)
        entry = {"decisions": int(labels.size), "positive": int(labels.sum()), "used": "defaults"}
        report[kind] = entry
        if labels.size < model.min_decisions or min(labels.sum(), labels.size - labels.sum()) < 5:
            entry["why"] = f"fewer than {model.min_decisions} decisions with both outcomes"
            continue
        train_x, test_x, train_y, test_y = train_test_split(
            features, labels, test_size=0.25, stratify=labels, random_state=model.random_state
        )
        weights = np.array([DEFAULT_WEIGHTS[kind][name] for name in FEATURES[kind]])
        learned = LogisticRegression(class_weight="balanced", max_iter=1000).fit(train_x, train_y)
        entry["auc_default"] = round(float(roc_auc_score(test_y, test_x @ weights)), 4)
        entry["auc_learned"] = round(
            float(roc_auc_score(test_y, learned.predict_proba(test_x)[:, 1])), 4
        )
        entry["held_out"] = int(test_y.size)
        if entry["auc_learned"] >= entry["auc_default"]:
            combiners[kind] = LogisticRegression(class_weight="balanced", max_iter=1000).fit(
                features, labels
            )
            entry["used"] = "learned"
            entry["coefficients"] = dict(
                zip(FEATURES[kind], map(float, combiners[kind].coef_[0]), strict=True)
            )
    return combiners, report
