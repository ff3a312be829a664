"""Scoring candidates of one query: text scores, features, and the ranking score.

Subcontracting: the business's work against the need (joined with what its company
makes, ml.hubs.offer_text). Mentoring: a programme must answer what the business asked
for *and* be meant for its trade, so the text score is the geometric mean of the two
cosines, the business's needs against the programme and its work against the programme,
each lifted by MENTORING_FLOOR so that a programme open to every trade still counts.
From each candidate's text score its hub offset is taken (ml.hubs). Side signals move
the ranking only standardised and weighted (ml.features.combine). What an offer rules
out comes after the rest: a business without the certificate a need requires
(ml.requirements), outside the area a programme is limited to, or (for a programme's
list) one that asked for no mentoring.
"""

import numpy as np

from ml.features import SIDE, combine, eligible, pair_features
from ml.requirements import met
from ml.vectors import dense_row

MENTORING_FLOOR = 0.05  # chosen by bench.tune among 0.02, 0.05 and 0.1 (README "Matching")
OUTSIDE_AREA = 10.0  # a programme's list shows businesses outside its area after the rest
NO_NEEDS = 5.0  # and businesses that stated no mentoring need after those that did
UNCERTIFIED = 10.0  # a need that requires a certificate shows those who hold it first


def text_dots(model, kind: str, row: int, rows, business_side: bool) -> list[np.ndarray]:
    """The cosines of the business's work (and, for mentoring, needs) with the offer, for
    one row against many rows of the other side (scipy gathers the rows and multiplies)."""
    work, needs = model.businesses_.matrices["work"], model.businesses_.matrices["needs"]
    offers = model.offers_.matrices["text"]
    parts = (work,) if kind == "subcontracting" else (work, needs)
    if business_side:
        searched = offers[rows]
        dots = [searched @ dense_row(part, row) for part in parts]
    else:
        query = dense_row(offers, row)
        dots = [part[rows] @ query for part in parts]
    return [np.asarray(d, dtype=np.float32).ravel() for d in dots]


def text_scores(model, kind: str, row: int, rows, business_side: bool) -> np.ndarray:
    """Text scores of one row against candidate rows of the other side, less each
    candidate's hub offset."""
    dots = text_dots(model, kind, row, rows, business_side)
    text = combine_text(model, kind, dots)
    if not model.hub_weight:
        return text
    if kind == "subcontracting":
        dots = [dots[0], np.zeros_like(dots[0])]
    means = model.hubs_.means(kind, rows, business_side, dots)
    return text - model.hub_weight * combine_text(model, kind, means)


def combine_text(model, kind: str, dots: list[np.ndarray]) -> np.ndarray:
    """The text score from the cosines of the business's work and needs with the offer."""
    if kind == "subcontracting":
        return dots[0]
    floor = model.mentoring_floor_
    return np.sqrt((dots[0] + floor) * (dots[1] + floor)) - floor


def features(model, kind: str, row: int, rows, business_side: bool) -> np.ndarray:
    """Features (text first, then the side signals) of one row against candidate rows."""
    b_rows, o_rows = ([row], rows) if business_side else (rows, [row])
    b = {name: values[b_rows] for name, values in model.businesses_.columns.items()}
    o = {name: values[o_rows] for name, values in model.offers_.columns.items()}
    return pair_features(kind, text_scores(model, kind, row, rows, business_side), b, o)


def rank(model, kind: str, row: int, rows, business_side: bool):
    """(ranking scores, features) of one row against candidate rows."""
    if len(rows) == 0:
        return np.empty(0), np.empty((0, 1 + len(SIDE[kind])))
    found = features(model, kind, row, rows, business_side)
    combiner = model.combiners_.get(kind)
    if combiner is not None:
        ranking = combiner.rank(found)
    else:
        weights = [model.side_weights_[kind][name] for name in SIDE[kind]]
        ranking = combine(found, np.array(weights, dtype=np.float32), _reference(model, found))
    return ranking - demotions(model, kind, row, rows, business_side), found


def demotions(model, kind: str, row: int, rows, business_side: bool) -> np.ndarray:
    """What each pair loses for what its offer rules out: a certificate the business
    lacks, an area it is outside of, or (in a programme's list) no stated need."""
    if kind == "subcontracting":
        return UNCERTIFIED * ~certified(model, row, rows, business_side)
    lost = OUTSIDE_AREA * ~admitted(model, row, rows, business_side)
    if not business_side:
        lost = lost + NO_NEEDS * ~states_needs(model, rows)
    return lost


def _reference(model, found: np.ndarray):
    """The rows side signals are standardised over: the query's best `candidates` by text
    (all of them when there are no more), as a served query's shortlist holds."""
    keep = model.candidates
    if len(found) <= keep:
        return None
    return np.argpartition(-found[:, 0], keep - 1)[:keep]


def admitted(model, row: int, rows, business_side: bool) -> np.ndarray:
    """Whether each pair's programme admits its business by area."""
    b_rows, o_rows = ([row], rows) if business_side else (rows, [row])
    b = {"place": model.businesses_.columns["place"][b_rows]}
    return eligible(b, {"areas": model.offers_.columns["areas"][o_rows]})


def certified(model, row: int, rows, business_side: bool) -> np.ndarray:
    """Whether each pair's business holds a certificate its need requires (if any)."""
    b_rows, o_rows = ([row], rows) if business_side else (rows, [row])
    return met(
        model.offers_.columns["requires"][o_rows], model.businesses_.columns["holds"][b_rows]
    )


def states_needs(model, rows) -> np.ndarray:
    """Whether each business row states a mentoring need."""
    needs = model.businesses_.matrices["needs"]
    rows = np.asarray(rows)
    return needs.indptr[rows + 1] > needs.indptr[rows]
