"""Matching endpoints of the JSON API: suggestions in both directions, verdicts on pairs.

Who may read a profile's suggestions is who may edit it (profiles/access.py):
a business's owner and officials; a company's approved CSR staff and officials.
Anyone else gets 404, as for a record that does not exist. Reasons come in the
token user's language.
"""

from typing import Any

from flask import g
from flask_babel import get_locale
from flask_babel import gettext as _

from matchmaker.core.api import Blueprint, officials_only, token_required
from matchmaker.core.validation import NotFound
from matchmaker.matching import feedback, services
from matchmaker.matching import schemas as s
from matchmaker.matching.models import MatchFeedback
from matchmaker.profiles import access
from matchmaker.profiles.models import Company, SmallBusiness
from matchmaker.profiles.serialise import iso
from ml.model import Suggestion

blp = Blueprint("matching", __name__, description="Suggestions and verdicts on pairs.")


def _item(suggestion: Suggestion, company: Company, offer) -> dict[str, Any]:
    locale = str(get_locale())
    return {
        "company": {
            "id": company.id,
            "name": company.name,
            "estate": company.estate.short_name if company.estate else None,
        },
        "offer": {"kind": suggestion.kind, "id": offer.id, "title": offer.title},
        "score": suggestion.score,
        "band": suggestion.band,
        "reasons": [reason.text(locale) for reason in suggestion.reasons],
        "fallback": suggestion.fallback,
    }


def _business_part(business: SmallBusiness) -> dict[str, Any]:
    return {
        "id": business.id,
        "name": business.name,
        "kecamatan": business.kecamatan.name,
        "trade": business.trade,
    }


@blp.get("/businesses/<int:business_id>/suggestions")
@token_required
@blp.arguments(s.SuggestionArgs, location="query")
@blp.response(200, s.SuggestedCompanies)
@blp.errors(401, 404, 503)
def business_suggestions(args: dict, business_id: int):
    """Companies suggested for a business, best first (its owner, officials)."""
    business = access.get_business(business_id, edit=True, user=g.api_user)
    rows = services.suggest_companies(business, args["kind"], args["top"])
    return {"items": [_item(row.suggestion, row.company, row.offer) for row in rows]}


@blp.get("/companies/<int:company_id>/suggestions")
@token_required
@blp.arguments(s.CompanySuggestionArgs, location="query")
@blp.response(200, s.SuggestedBusinesses)
@blp.errors(401, 404, 503)
def company_suggestions(args: dict, company_id: int):
    """Businesses suggested for the company's open offers of `kind`, or for one (its
    approved CSR staff, officials)."""
    company = access.get_company(company_id, edit=True, user=g.api_user)
    offer = None
    if "offer_id" in args:
        offer = _offer_of(company, args["kind"], args["offer_id"])
    rows = services.suggest_businesses(company, args["kind"], args["top"], offer=offer)
    return {
        "items": [
            {"business": _business_part(row.business), **_item(row.suggestion, company, row.offer)}
            for row in rows
        ]
    }


def _offer_of(company: Company, kind: str, offer_id: int):
    """The company's need (subcontracting) or programme (mentoring); 404 naming offer_id."""
    offer = feedback.find_offer(kind, offer_id)
    if offer is None or offer.company_id != company.id:
        raise NotFound(fields={"offer_id": _("Tidak ditemukan.")})
    return offer


@blp.post("/feedback")
@token_required
@blp.arguments(s.FeedbackInput)
@blp.response(201, s.FeedbackSchema)
@blp.alt_response(200, schema=s.FeedbackSchema, description="An earlier verdict, replaced.")
@blp.errors(401, 404)
def create_feedback(data: dict):
    """Record the caller's verdict on a business–offer pair, one per person and pair.

    The business's owner, the company's approved CSR staff, or an official; anyone else,
    like a business or offer that does not exist, gets 404.
    """
    business = _business(data["business_id"])
    offer = feedback.find_offer(data["kind"], data["offer_id"])
    if offer is None:
        raise NotFound(fields={"offer_id": _("Tidak ditemukan.")})
    reason = feedback.parse_reason(data.get("reason"))
    saved, created = feedback.record(g.api_user, business, offer, data["verdict"], reason)
    return feedback_dict(saved), 201 if created else 200


def _business(business_id: int) -> SmallBusiness:
    try:
        return access.get_business(business_id, user=g.api_user)
    except NotFound:
        raise NotFound(fields={"business_id": _("Tidak ditemukan.")}) from None


def feedback_dict(item: MatchFeedback) -> dict[str, Any]:
    """A verdict as the API returns it."""
    return {
        "id": item.id,
        "business_id": item.business_id,
        "company_id": item.company_id,
        "kind": str(item.kind),
        "need_id": item.need_id,
        "programme_id": item.programme_id,
        "source": str(item.source),
        "verdict": item.verdict,
        "reason": item.reason,
        "created_at": iso(item.created_at),
    }


@blp.get("/model")
@officials_only
@blp.response(200, s.ModelSchema)
@blp.errors(401, 403)
def get_model_status():
    """The published partner model: its version, when and from what it was trained, and
    the training queued or running (officials)."""
    status = services.model_status()
    ready, pending, failed = status.ready, status.pending, status.failed
    return {
        "version": ready.id if ready else None,
        "trained_at": iso(ready.trained_at) if ready else None,
        "businesses": ready.businesses if ready else 0,
        "offers": ready.offers if ready else 0,
        "decisions": ready.decisions if ready else 0,
        "refit_of": ready.based_on if ready else None,
        "size": ready.size if ready else 0,
        "sha256": ready.sha256 if ready else None,
        "served_version": status.served.id if status.served else None,
        "training": {
            "version": pending.id,
            "state": str(pending.status),
            "stage": pending.stage,
            "queued_at": iso(pending.queued_at),
            "started_at": iso(pending.started_at) if pending.started_at else None,
        }
        if pending
        else None,
        "last_failure": {
            "version": failed.id,
            "error": failed.error,
            "queued_at": iso(failed.queued_at),
        }
        if failed
        else None,
    }
