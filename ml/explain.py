"""Turning scored candidates into Suggestions with 2–4 reasons a person can check.

A reason names a capability only when both texts name the same concept: the
business's own words and the need's (or programme's) own words, not the company's
description and never a broader or merely related concept. So "keahlian bubut cocok
dengan kebutuhan …" is said only of a business that wrote that it turns.
"""

from functools import lru_cache

import numpy as np

from ml.features import FEATURES, TRADE_BIT
from ml.geo import distance_km
from ml.reasons import Reason
from ml.text import is_labelled, is_topic, term_label
from ml.trades import trade
from ml.vocabulary import vocabulary

MAX_SHARED = 3


def best_per_company(model, kind, b_row, rows, ranking, features, top) -> list:
    """The best offer per company, best companies first."""
    chosen, seen = [], set()
    companies = model.offers_.columns["company"]
    for i in np.argsort(-ranking, kind="stable"):
        company = int(companies[rows[i]])
        if company in seen:
            continue
        seen.add(company)
        chosen.append(pair(model, kind, b_row, int(rows[i]), features[i]))
        if len(chosen) == top:
            break
    return chosen


def pair(model, kind, b_row, o_row, feature_row):
    """A Suggestion for one business row and offer row: its calibrated probability, band
    and reasons."""
    from ml.model import Suggestion

    business = model.businesses_.records[b_row]
    offer = model.offers_.records[o_row]
    values = dict(zip(FEATURES[kind], (float(v) for v in feature_row), strict=True))
    probability = model.calibration_.probability(kind, values["text"])
    reasons, fallback = _reasons(model, kind, b_row, o_row, values)
    if kind == "mentoring" and not admits(offer, business):
        # The programme says who it is for: a business outside its area is not a match,
        # however well the texts fit.
        probability = min(probability, model.calibration_.below_medium(kind))
    return Suggestion(
        kind=kind,
        business_id=business.id,
        company_id=offer.company_id,
        offer_id=offer.id,
        score=round(probability, 4),
        band=model.calibration_.band(kind, probability),
        features=values,
        reasons=reasons,
        fallback=fallback,
    )


def admits(offer, business) -> bool:
    """Whether a programme limited to some kecamatan admits the business."""
    places = {" ".join(a.lower().split()) for a in offer.areas}
    return not places or " ".join(business.kecamatan.lower().split()) in places


def shared_terms(model, kind: str, b_row: int, o_row: int) -> list[str]:
    """Concepts the offer's own words ask for that the business's words show it has (the
    concept itself or a kind of it: "las TIG" has "las"), rarest first, at most three.
    Never a concept only the company's description or a neighbouring concept shares."""
    space, vocab = model.space_, vocabulary()
    ids = model.businesses_.term_ids("work", b_row, len(space.terms)).tolist()
    if kind == "mentoring":
        ids += model.businesses_.term_ids("needs", b_row, len(space.terms)).tolist()
    has = {str(space.terms[i]) for i in ids}
    lineage = set().union(*(_lineage(h) for h in has if h in vocab.concepts))
    found = model.offers_.columns["asks"][o_row] & lineage
    rarity = space.rarity
    return sorted(found, key=lambda c: (-rarity.get(c, 0.0), c))[:MAX_SHARED]


@lru_cache(maxsize=20_000)
def _lineage(concept: str) -> frozenset[str]:
    """A concept and every concept it is a kind of."""
    return frozenset((concept, *vocabulary().ancestors(concept)))


def _reasons(model, kind, b_row, o_row, values) -> tuple[list[Reason], str | None]:
    business = model.businesses_.records[b_row]
    offer = model.offers_.records[o_row]
    shared = shared_terms(model, kind, b_row, o_row)
    reasons = (
        _work_reasons(model, b_row, o_row, shared, values)
        if kind == "subcontracting"
        else _mentoring_reasons(model, b_row, o_row, shared, values)
    )
    km = distance_km(business.lat, business.lon, offer.lat, offer.lon)
    place = offer.place or offer.company_name
    reasons.append(Reason("distance", {"km": round(km, 1), "place": place}, 0.05))
    reasons.sort(key=lambda r: -r.weight)
    fallback = None
    if not says_what_it_does(model, b_row):
        fallback = "thin_profile"
        reasons.append(Reason("thin_profile", {}, 0.0))
    return reasons[:4], fallback


def says_what_it_does(model, b_row: int) -> bool:
    """Whether the business's own words name any concept of the vocabulary."""
    space = model.space_
    ids = model.businesses_.term_ids("work", b_row, len(space.terms))
    return any(is_labelled(str(space.terms[i])) for i in ids)


def _shared_trades(model, b_row, o_row) -> list[dict]:
    both = int(model.businesses_.columns["trades"][b_row]) & int(
        model.offers_.columns["trades"][o_row]
    )
    codes = [code for code, bit in TRADE_BIT.items() if both & bit]
    return [{"id": trade(c).label("id").lower(), "en": trade(c).label("en").lower()} for c in codes]


def _work_reasons(model, b_row, o_row, shared, values) -> list[Reason]:
    business = model.businesses_.records[b_row]
    offer = model.offers_.records[o_row]
    reasons = []
    skills = [t for t in shared if not is_topic(t)]
    if skills:
        labels = [term_label(t) for t in skills]
        said = {"terms": labels, "title": _short(offer.title), "concepts": skills}
        reasons.append(Reason("skills", said, 1.0))
    elif trades := _shared_trades(model, b_row, o_row):
        reasons.append(Reason("trade", {"trades": trades}, 0.5))
    if values["sector"] >= 0.5 and business.kbli[:2] != offer.kbli[:2]:
        supplier, buyer = business.kbli[:2], offer.kbli[:2]
        reasons.append(Reason("sector", {"supplier": supplier, "buyer": buyer}, 0.02))
    if offer.volume and business.capacity_per_month:
        unit = offer.volume_unit.split("/")[0].strip() or "pcs"
        key = "capacity_ok" if business.capacity_per_month >= offer.volume else "capacity_short"
        amounts = {
            "capacity": f"{business.capacity_per_month:,} {unit}".replace(",", "."),
            "volume": f"{offer.volume:,} {unit}".replace(",", "."),
        }
        reasons.append(Reason(key, amounts, 0.1))
    return reasons


def _mentoring_reasons(model, b_row, o_row, shared, values) -> list[Reason]:
    offer = model.offers_.records[o_row]
    business = model.businesses_.records[b_row]
    reasons = []
    if offer.areas:
        key = "area" if admits(offer, business) else "area_outside"
        places = {"areas": list(offer.areas), "place": business.kecamatan}
        reasons.append(Reason(key, places, 2.0 if key == "area_outside" else 0.3))
    topics = [t for t in shared if is_topic(t)]
    if topics:
        labels = [term_label(t) for t in topics]
        reasons.append(Reason("topics", {"topics": labels, "concepts": topics}, 1.0))
    if values["trade_fit"] >= 1.0 and (trades := _shared_trades(model, b_row, o_row)):
        reasons.append(Reason("programme_trade", {"trades": trades}, 0.5))
    if offer.seats_left is not None:
        reasons.append(Reason("seats", {"seats": int(offer.seats_left)}, 0.01))
    return reasons


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"
