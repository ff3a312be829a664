"""Turning scored candidates into Suggestions with 2–4 reasons a person can check."""

import numpy as np

from ml.features import FEATURES, TRADE_BIT
from ml.geo import distance_km
from ml.reasons import Reason
from ml.text import TERM_LABELS, term_label
from ml.trades import trade


def best_per_company(model, kind, b_row, rows, scores, features, top) -> list:
    """The best offer per company, best companies first."""
    chosen, seen = [], set()
    companies = model.offers_.columns["company"]
    for i in np.argsort(-scores, kind="stable"):
        company = int(companies[rows[i]])
        if company in seen:
            continue
        seen.add(company)
        chosen.append(pair(model, kind, b_row, int(rows[i]), float(scores[i]), features[i]))
        if len(chosen) == top:
            break
    return chosen


def pair(model, kind, b_row, o_row, score, feature_row):
    """A Suggestion for one business row and offer row, with its reasons."""
    from ml.model import Suggestion

    business = model.businesses_.records[b_row]
    offer = model.offers_.records[o_row]
    values = dict(zip(FEATURES[kind], (float(v) for v in feature_row), strict=True))
    reasons, fallback = _reasons(model, kind, b_row, o_row, values)
    return Suggestion(
        kind=kind,
        business_id=business.id,
        company_id=offer.company_id,
        offer_id=offer.id,
        score=round(score, 4),
        features=values,
        reasons=reasons,
        fallback=fallback,
    )


def _reasons(model, kind, b_row, o_row, values) -> tuple[list[Reason], str | None]:
    business = model.businesses_.records[b_row]
    offer = model.offers_.records[o_row]
    weights = model.weights_[kind]
    b_terms = model.businesses_.term_ids(kind, b_row)
    both = set(b_terms.tolist()).intersection(model.offers_.term_ids("offer", o_row).tolist())
    idf, terms = model.vectorizer_.idf_, model.terms_
    labelled = [i for i in sorted(both) if terms[i] in TERM_LABELS]
    shared = [str(terms[i]) for i in sorted(labelled, key=lambda i: -idf[i])[:3]]
    reasons = []
    if kind == "subcontracting":
        reasons += _work_reasons(model, b_row, o_row, shared, values, weights)
    else:
        reasons += _mentoring_reasons(model, b_row, o_row, shared, values, weights)
    km = distance_km(business.lat, business.lon, offer.lat, offer.lon)
    reasons.append(
        Reason(
            "distance",
            {"km": round(km, 1), "place": offer.place or offer.company_name},
            weights["proximity"] * values["proximity"],
        )
    )
    reasons.sort(key=lambda r: -r.weight)
    fallback = None
    if b_terms.size == 0:
        fallback = "thin_profile"
        reasons.append(Reason("thin_profile", {}, 0.0))
    return reasons[:4], fallback


def _shared_trades(model, b_row, o_row) -> list[dict]:
    both = int(model.businesses_.columns["trades"][b_row]) & int(
        model.offers_.columns["trades"][o_row]
    )
    codes = [code for code, bit in TRADE_BIT.items() if both & bit]
    return [{"id": trade(c).label("id").lower(), "en": trade(c).label("en").lower()} for c in codes]


def _work_reasons(model, b_row, o_row, shared, values, weights) -> list[Reason]:
    business = model.businesses_.records[b_row]
    offer = model.offers_.records[o_row]
    reasons = []
    weight = sum(weights[f] * values[f] for f in ("text", "words", "tags"))
    if shared:
        reasons.append(
            Reason(
                "skills",
                {"terms": [term_label(t) for t in shared], "title": _short(offer.title)},
                weight,
            )
        )
    elif trades := _shared_trades(model, b_row, o_row):
        reasons.append(Reason("trade", {"trades": trades}, weight))
    if values["sector"] >= 0.5 and business.kbli[:2] != offer.kbli[:2]:
        reasons.append(
            Reason(
                "sector",
                {"supplier": business.kbli[:2], "buyer": offer.kbli[:2]},
                weights["sector"] * values["sector"],
            )
        )
    if offer.volume and business.capacity_per_month:
        unit = offer.volume_unit.split("/")[0].strip() or "pcs"
        key = "capacity_ok" if business.capacity_per_month >= offer.volume else "capacity_short"
        reasons.append(
            Reason(
                key,
                {
                    "capacity": f"{business.capacity_per_month:,} {unit}".replace(",", "."),
                    "volume": f"{offer.volume:,} {unit}".replace(",", "."),
                },
                weights["capacity"] * values["capacity"] + 0.01,
            )
        )
    return reasons


def _mentoring_reasons(model, b_row, o_row, shared, values, weights) -> list[Reason]:
    offer = model.offers_.records[o_row]
    from ml.text import MENTORING_TOPICS

    reasons = []
    topics = [t for t in shared if t in MENTORING_TOPICS]
    if topics:
        reasons.append(
            Reason(
                "topics",
                {"topics": [term_label(t) for t in topics]},
                sum(weights[f] * values[f] for f in ("topics", "text", "words")),
            )
        )
    if values["trade_fit"] >= 1.0 and (trades := _shared_trades(model, b_row, o_row)):
        reasons.append(
            Reason(
                "programme_trade", {"trades": trades}, weights["trade_fit"] * values["trade_fit"]
            )
        )
    if offer.seats_left is not None:
        reasons.append(Reason("seats", {"seats": int(offer.seats_left)}, 0.01))
    return reasons


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"
