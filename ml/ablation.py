"""What each signal does to the rankings: variants of a fitted model, and effective shares.

A nominal weight says little: a signal whose values barely vary within a query moves
nothing, and one that varies wildly moves everything. The *effective share* of a
signal is the spread (standard deviation) of its additive part of the ranking score
among one query's candidates, divided by the summed spreads of all parts, averaged
over queries.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from ml import hubs
from ml.features import ASKERS, SIDE, query_weights, standardised

HUB = "hub correction"
FEEDBACK = "pseudo-relevance feedback"


def variants(model, kind: str) -> list[tuple[str, dict]]:
    """(label, changes) of the ablation: the defaults, without the hub correction,
    without the company's description and without feedback (subcontracting), without
    needs one by one (mentoring), each side signal without its weight, or on its own at a
    quarter of the text's spread."""
    found = [("defaults", {})]
    if model.hub_weight:
        found.append((f"without {HUB}", {"hub_weight": 0.0}))
    if model.company_weight_[kind]:
        found.append(("without company description", {"company_weight": 0.0}))
    if kind == "subcontracting" and model.feedback_[0]:
        found.append((f"without {FEEDBACK}", {"feedback": (0, 0.0)}))
    if kind == "mentoring" and model.needs_one_by_one_:
        found.append(("without needs one by one", {"needs_one_by_one": False}))
    weights = model.side_weights_[kind]
    for name in SIDE[kind]:
        for asker in ASKERS:
            if weights.get(f"{name}@{asker}"):
                change = {"side": {f"{name}@{asker}": 0.0}}
                found.append((f"without {name} when a {asker} asks", change))
        if weights.get(name):
            found.append((f"without {name}", {"side": {name: 0.0}}))
        else:
            found.append((f"with {name} at 0.25", {"side": {name: 0.25}}))
    return found


@contextmanager
def changed(model, kind: str, changes: dict) -> Iterator[None]:
    """The model with `changes` applied for the duration of the block."""
    saved = (model.hub_weight, dict(model.side_weights_[kind]), dict(model.company_weight_))
    saved_needs = model.needs_one_by_one_
    saved_text, saved_hubs, saved_feedback = (
        model.offers_.matrices["text"],
        model.hubs_,
        model.feedback_,
    )
    try:
        model.hub_weight = changes.get("hub_weight", model.hub_weight)
        model.feedback_ = changes.get("feedback", model.feedback_)
        model.needs_one_by_one_ = changes.get("needs_one_by_one", model.needs_one_by_one_)
        model.side_weights_[kind].update(changes.get("side", {}))
        if "company_weight" in changes:
            model.company_weight_[kind] = changes["company_weight"]
            columns = model.offers_.columns
            model.offers_.matrices["text"] = hubs.offer_text(
                model.offers_.matrices, columns["kind"], model
            )
            model.hubs_ = hubs.Hubs().fit(model)
        yield
    finally:
        model.hub_weight, side, company = saved
        model.side_weights_[kind], model.company_weight_ = side, company
        model.offers_.matrices["text"], model.hubs_ = saved_text, saved_hubs
        model.feedback_ = saved_feedback
        model.needs_one_by_one_ = saved_needs


def effective_shares(model, kind: str, business_rows) -> dict[str, float]:
    """Mean effective share of each part of the ranking score over business queries."""
    offers = model.offers_.columns
    mask = offers["alive"] & offers["available"] & (offers["kind"] == (kind == "mentoring"))
    names = ["text", *SIDE[kind]]
    weights = query_weights(model.side_weights_[kind], kind, business_side=True)
    shares = []
    for row in business_rows:
        candidates = np.flatnonzero(mask)
        if candidates.size < 2:
            continue
        features = model.pair_features(kind, row, candidates)
        spreads = _spreads(model, kind, features, weights)
        if spreads.sum() > 0:
            shares.append(spreads / spreads.sum())
    if not shares:
        return dict.fromkeys(names, 0.0)
    return dict(zip(names, np.mean(shares, axis=0).round(4).tolist(), strict=True))


def _spreads(model, kind, features, weights) -> np.ndarray:
    combiner = model.combiners_.get(kind)
    if combiner is not None:
        return np.abs(np.array(combiner.coefficients)) * features.std(axis=0)
    text = features[:, 0]
    side = standardised(features[:, 1:]) * weights * max(float(text.std()), 1e-3)
    return np.concatenate([[text.std()], side.std(axis=0)])
