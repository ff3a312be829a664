"""Scoring candidates of one query: text scores, features, and the ranking score.

Subcontracting: the business's work against the need (joined with what its company
makes, ml.hubs.offer_text). Mentoring: a programme must answer what the business asked
for *and* be meant for its trade, so the text score is the geometric mean of the two
cosines, the business's needs against the programme and its work against the programme,
each lifted by MENTORING_FLOOR so that a programme open to every trade still counts.
Subcontracting adds pseudo-relevance feedback (Rocchio, "Relevance feedback in
information retrieval", 1971): the query's vector is moved towards the mean of its
FEEDBACK_DOCS best candidates by text and scored again, so that a need written in
words the business did not use still meets the businesses whose texts sit beside the
ones that did (bench.tune chose it on held-out folds of companies; README "Matching").
From each candidate's text score its hub offset is taken (ml.hubs). Side signals move
the ranking only standardised and weighted (ml.features.combine). What an offer rules
out comes after the rest: a business without the certificate a need requires
(ml.requirements), outside the area a programme is limited to, or (for a programme's
list) one that asked for no mentoring.
"""

import numpy as np

from ml.features import SIDE, combine, eligible, pair_features, query_weights
from ml.requirements import met
from ml.vectors import dense_row

MENTORING_FLOOR = 0.05  # chosen by bench.tune among 0.02, 0.05 and 0.1 (README "Matching")
# Pseudo-relevance feedback for subcontracting: how many of the query's best candidates
# the query moves towards, and how far (their mean's length against the query's own);
# chosen by bench.tune on held-out folds of companies (0 turns it off).
FEEDBACK_DOCS = 2
FEEDBACK_WEIGHT = 0.5
# Mentoring: a business's needs are also scored one by one, and the best of them counts
# when it beats the needs as a whole (ml.needs.split_stated; chosen by bench.tune).
NEEDS_ONE_BY_ONE = True
OUTSIDE_AREA = 10.0  # a programme's list shows businesses outside its area after the rest
NO_NEEDS = 5.0  # and businesses that stated no mentoring need after those that did
UNCERTIFIED = 10.0  # a need that requires a certificate shows those who hold it first


def text_dots(model, kind: str, row: int, rows, business_side: bool, feedback=None):
    """The cosines of the business's work (and, for mentoring, needs) with the offer, for
    one row against many rows of the other side (scipy gathers the rows and multiplies).

    For subcontracting the query then takes in pseudo-relevance feedback: `feedback`
    names the rows of the other side it learns from (None: the best of `rows`)."""
    queries, dots, gathered = _plain_dots(model, kind, row, rows, business_side)
    docs, weight = model.feedback_
    if kind != "subcontracting" or not docs or not weight or len(dots[0]) == 0:
        return dots
    if feedback is None:
        feedback = np.asarray(rows)[np.argsort(-dots[0], kind="stable")[:docs]]
    if len(feedback) == 0:
        return dots
    work, offers = model.businesses_.matrices["work"], model.offers_.matrices["text"]
    other = offers if business_side else work
    query = expanded(queries[0], np.asarray(other[feedback].mean(axis=0)).ravel(), weight)
    return [np.asarray(gathered @ query, dtype=np.float32).ravel()]


def feedback_rows(model, kind: str, row: int, rows, business_side: bool) -> np.ndarray:
    """The rows of `rows` the query's pseudo-relevance feedback learns from: its best
    FEEDBACK_DOCS by plain text score (none for mentoring)."""
    if kind != "subcontracting" or not model.feedback_[0] or len(rows) == 0:
        return np.empty(0, dtype=np.int64)
    dots = _plain_dots(model, kind, row, rows, business_side)[1][0]
    return np.asarray(rows)[np.argsort(-dots, kind="stable")[: model.feedback_[0]]]


def _plain_dots(model, kind: str, row: int, rows, business_side: bool):
    """(the query's dense vectors, cosines per text part without feedback, the first
    part's rows of `rows` as gathered: feedback scores them again)."""
    work, needs = model.businesses_.matrices["work"], model.businesses_.matrices["needs"]
    offers = model.offers_.matrices["text"]
    parts = (work,) if kind == "subcontracting" else (work, needs)
    if business_side:
        gathered = offers[rows]
        queries = [dense_row(part, row) for part in parts]
        dots = [gathered @ query for query in queries]
    else:
        queries = [dense_row(offers, row)]
        searched = [part[rows] for part in parts]
        gathered = searched[0]
        dots = [block @ queries[0] for block in searched]
    dots = [np.asarray(d, dtype=np.float32).ravel() for d in dots]
    if kind == "mentoring" and model.needs_one_by_one_:
        dots[1] = np.maximum(dots[1], best_need(model, row, rows, business_side, queries))
    return queries, dots, gathered


def best_need(model, row: int, rows, business_side: bool, queries) -> np.ndarray:
    """Per pair, the cosine of the business's best matching need, one by one, with the
    programme (0 for a business that states none)."""
    side, offers = model.businesses_, model.offers_.matrices["text"]
    if business_side:
        items, _ = side.item_rows([row])
        if items.size == 0:
            return np.zeros(len(rows), dtype=np.float32)
        found = offers[rows] @ side.items[items].T
        return np.asarray(found.max(axis=1).todense(), dtype=np.float32).ravel()
    items, sizes = side.item_rows(rows)
    best = np.zeros(len(rows), dtype=np.float32)
    if items.size:
        values = np.asarray(side.items[items] @ queries[0], dtype=np.float32).ravel()
        has = sizes > 0
        best[has] = np.maximum.reduceat(values, (np.cumsum(sizes) - sizes)[has])
    return best


def expanded(query: np.ndarray, centre: np.ndarray, weight: float) -> np.ndarray:
    """The query moved towards `centre` by `weight` of its own length, at its own length."""
    length, centre_length = np.linalg.norm(query), np.linalg.norm(centre)
    if not length or not centre_length:
        return query
    moved = query + centre * (weight * length / centre_length)
    return (moved * (length / np.linalg.norm(moved))).astype(np.float32)


def text_scores(model, kind: str, row: int, rows, business_side: bool, feedback=None):
    """Text scores of one row against candidate rows of the other side, less each
    candidate's hub offset."""
    dots = text_dots(model, kind, row, rows, business_side, feedback)
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


def features(model, kind: str, row: int, rows, business_side: bool, feedback=None):
    """Features (text first, then the side signals) of one row against candidate rows."""
    b_rows, o_rows = ([row], rows) if business_side else (rows, [row])
    b = {name: values[b_rows] for name, values in model.businesses_.columns.items()}
    o = {name: values[o_rows] for name, values in model.offers_.columns.items()}
    text = text_scores(model, kind, row, rows, business_side, feedback)
    return pair_features(kind, text, b, o)


def rank(model, kind: str, row: int, rows, business_side: bool, feedback=None):
    """(ranking scores, features) of one row against candidate rows (`feedback`: see
    text_dots)."""
    if len(rows) == 0:
        return np.empty(0), np.empty((0, 1 + len(SIDE[kind])))
    found = features(model, kind, row, rows, business_side, feedback)
    combiner = model.combiners_.get(kind)
    if combiner is not None:
        ranking = combiner.rank(found)
    else:
        weights = query_weights(model.side_weights_[kind], kind, business_side)
        ranking = combine(found, weights, _reference(model, found))
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
