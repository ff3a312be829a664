"""Matching endpoints of the JSON API: suggestions in both directions, verdicts on pairs.

Who may read a profile's suggestions is who may edit it (profiles/access.py):
a business's owner and officials; a company's approved CSR staff and officials.
Anyone else gets 404, as for a record that does not exist. Reasons come in the
token user's language.
"""

from typing import Any

from flask import abort, g, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _

from matchmaker import params
from matchmaker.api import bp, json_body, token_required
from matchmaker.matching import feedback, services
from matchmaker.matching.models import Kind, MatchFeedback
from matchmaker.profiles import access
from matchmaker.profiles.models import Company, SmallBusiness
from matchmaker.profiles.serialise import iso
from matchmaker.validation import Invalid
from ml.model import Suggestion

KINDS = tuple(k.value for k in Kind)
DEFAULT_TOP, MAX_TOP = 10, 50
TOP = params.Integer(1, MAX_TOP)
OFFER_ID = {Kind.SUBCONTRACTING: "need_id", Kind.MENTORING: "programme_id"}
FEEDBACK_KEYS = {"business_id", "kind", "need_id", "programme_id", "verdict", "reason"}


def _kind_and_top() -> tuple[str, int]:
    """`kind` (required) and `top` (1–50, default 10) from the query string."""
    errors = {}
    kind = request.args.get("kind", "")
    if kind not in KINDS:
        errors["kind"] = _("Wajib diisi, salah satu dari: %(k)s.", k=", ".join(KINDS))
    message = _("Harus bilangan bulat antara %(low)d dan %(high)d.", low=1, high=MAX_TOP)
    top = params.filter_argument(
        request.args, "top", TOP, errors, DEFAULT_TOP, message, blank_is_absent=False
    )
    if errors:
        raise Invalid(errors)
    return kind, top


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


@bp.get("/businesses/<int:business_id>/suggestions")
@token_required
def business_suggestions(business_id: int):
    """Companies suggested for a business, best first (its owner, officials)."""
    business = access.get_business(business_id, edit=True, user=g.api_user)
    kind, top = _kind_and_top()
    rows = services.suggest_companies(business, kind, top)
    return jsonify({"items": [_item(row.suggestion, row.company, row.offer) for row in rows]})


@bp.get("/companies/<int:company_id>/suggestions")
@token_required
def company_suggestions(company_id: int):
    """Businesses suggested for one of the company's offers, or all its open offers of `kind`."""
    company = access.get_company(company_id, edit=True, user=g.api_user)
    kind, top = _kind_and_top()
    offer = _offer_argument(company, kind)
    rows = services.suggest_businesses(company, kind, top, offer=offer)
    return jsonify(
        {
            "items": [
                {
                    "business": _business_part(row.business),
                    **_item(row.suggestion, company, row.offer),
                }
                for row in rows
            ]
        }
    )


def _offer_argument(company: Company, kind: str):
    """The need or programme named by `need_id`/`programme_id`, which must suit `kind`."""
    given = [name for name in OFFER_ID.values() if request.args.get(name) is not None]
    if not given:
        return None
    wanted = OFFER_ID[Kind(kind)]
    if given != [wanted]:
        wrong = next(name for name in given if name != wanted)
        raise Invalid({wrong: _("Untuk kind=%(kind)s pakai %(name)s.", kind=kind, name=wanted)})
    if params.whole_number(request.args[wanted]) is None:
        raise Invalid({wanted: _("Harus berupa bilangan bulat.")})
    offer_id = params.id_of(request.args[wanted])
    if offer_id is None:  # a number no record has: as for any missing one
        abort(404)
    loader = access.get_need if wanted == "need_id" else access.get_programme
    return loader(company, offer_id)


@bp.post("/feedback")
@token_required
def create_feedback():
    """Record the caller's verdict on a pair (owner, the company's CSR staff, or an official)."""
    values = _feedback_input(json_body())
    business = access.get_business(values["business_id"], user=g.api_user)
    offer = feedback.find_offer(values["kind"], values["offer_id"])
    if offer is None:
        abort(404)
    saved, created = feedback.record(
        g.api_user, business, offer, values["verdict"], values["reason"]
    )
    return jsonify(feedback_dict(saved)), 201 if created else 200


def _feedback_input(body: dict) -> dict[str, Any]:
    """The body checked field by field; Invalid names every bad one."""
    errors = {k: _("Kolom tidak dikenal.") for k in body if k not in FEEDBACK_KEYS}
    values: dict[str, Any] = {}
    for name in ("business_id", "kind"):
        if body.get(name) is None:
            errors[name] = _("Wajib diisi.")
    if body.get("business_id") is not None and (why := _id_error(body["business_id"])):
        errors["business_id"] = why
    kind = body.get("kind")
    if kind is not None and kind not in KINDS:
        errors["kind"] = _("Harus salah satu dari: %(k)s.", k=", ".join(KINDS))
    elif kind is not None:
        wanted = OFFER_ID[Kind(kind)]
        for name in OFFER_ID.values():
            if name != wanted and body.get(name) is not None:
                errors[name] = _("Untuk kind=%(kind)s pakai %(name)s.", kind=kind, name=wanted)
        if body.get(wanted) is None:
            errors[wanted] = _("Wajib diisi: bilangan bulat.")
        elif why := _id_error(body[wanted]):
            errors[wanted] = why
        values["offer_id"] = body.get(wanted)
    for name, parse in (("verdict", feedback.parse_verdict), ("reason", feedback.parse_reason)):
        try:
            values[name] = parse(body.get(name))
        except Invalid as error:
            errors.update(error.fields)
    if errors:
        raise Invalid(errors)
    return {**values, "business_id": body["business_id"], "kind": kind}


def _id_error(value: Any) -> str | None:
    """Why a JSON value is not an id (text, a boolean, a number no record can have)."""
    try:
        params.JSON_ID.load(value)
    except ValueError as error:
        return str(error)
    return None


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
