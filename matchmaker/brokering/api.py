"""Brokering endpoints of the JSON API: introductions, their answers and steps, messages.

Someone who takes no part in an introduction gets 404 for it, as for one that does
not exist; a step the state does not allow gets 409 with the reason.
"""

from flask import g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from matchmaker import pagination
from matchmaker.api import bp, json_body, record_by_id, token_required
from matchmaker.brokering import serialise, services, states
from matchmaker.brokering.models import Introduction, IntroductionMessage
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from matchmaker.validation import Invalid

CREATE_KEYS = {"business_id", "company_id", "kind", "need_id", "programme_id", "message"}


def _record(model, data: dict, key: str, required: bool = True):
    value = data.get(key)
    if value is None and not required:
        return None
    return record_by_id(model, value, key)


def _unknown(data: dict, allowed: set) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise Invalid({key: _("Kolom tidak dikenal.") for key in unknown})


@bp.post("/introductions")
@token_required
def create_introduction():
    """Ask for an introduction (owner, CSR) or propose one (official); 200 if it exists."""
    data = json_body()
    _unknown(data, CREATE_KEYS)
    business = _record(SmallBusiness, data, "business_id")
    company = _record(Company, data, "company_id")
    services.check_one_offer(data.get("need_id") is not None, data.get("programme_id") is not None)
    offer = _record(SubcontractingNeed, data, "need_id", required=False) or _record(
        MentoringProgramme, data, "programme_id", required=False
    )
    intro, created = services.start(
        g.api_user, business, company, data.get("kind", ""), offer, data.get("message", "")
    )
    return jsonify(serialise.introduction(intro, g.api_user)), 201 if created else 200


@bp.get("/introductions")
@token_required
def list_introductions():
    """The caller's introductions (officials: all), newest first, one page at a time;
    ?status=, ?limit=, ?cursor="""
    query = services.visible_to(g.api_user, request.args.get("status") or None)
    page = pagination.page(query, Introduction.id, _seen_by_caller, newest_first=True)
    return jsonify(page)


def _seen_by_caller(intro: Introduction) -> dict:
    return serialise.introduction(intro, g.api_user)


@bp.get("/introductions/<int:intro_id>")
@token_required
def get_introduction(intro_id: int):
    """One introduction; `contact` only once both sides accepted."""
    intro = services.get_visible(g.api_user, intro_id)
    return jsonify(serialise.introduction(intro, g.api_user))


@bp.post("/introductions/<int:intro_id>/accept")
@token_required
def accept_introduction(intro_id: int):
    """Say yes for the caller's side."""
    intro = states.accept(g.api_user, intro_id)
    return jsonify(serialise.introduction(intro, g.api_user))


@bp.post("/introductions/<int:intro_id>/decline")
@token_required
def decline_introduction(intro_id: int):
    """Say no, with {"reason": CODE, "reason_text": TEXT}."""
    data = _body_or_empty()
    intro = states.decline(g.api_user, intro_id, data.get("reason"), data.get("reason_text"))
    return jsonify(serialise.introduction(intro, g.api_user))


@bp.post("/introductions/<int:intro_id>/withdraw")
@token_required
def withdraw_introduction(intro_id: int):
    """Call it off, with {"reason": CODE, "reason_text": TEXT}."""
    data = _body_or_empty()
    intro = states.withdraw(g.api_user, intro_id, data.get("reason"), data.get("reason_text"))
    return jsonify(serialise.introduction(intro, g.api_user))


@bp.post("/introductions/<int:intro_id>/advance")
@token_required
def advance_introduction(intro_id: int):
    """Move one step on: {"to": STATE, ...terms for agreement or outcome for completed}."""
    data = json_body()
    intro = states.advance(g.api_user, intro_id, data.get("to"), data)
    return jsonify(serialise.introduction(intro, g.api_user))


@bp.get("/introductions/<int:intro_id>/messages")
@token_required
def list_messages(intro_id: int):
    """The introduction's thread, oldest first, one page at a time."""
    intro = services.get_visible(g.api_user, intro_id)
    query = select(IntroductionMessage).where(IntroductionMessage.introduction_id == intro.id)
    return jsonify(pagination.page(query, IntroductionMessage.id, serialise.message))


@bp.post("/introductions/<int:intro_id>/messages")
@token_required
def post_message(intro_id: int):
    """Add {"body": TEXT} to the thread."""
    intro = services.get_visible(g.api_user, intro_id)
    message = services.post_message(g.api_user, intro, json_body().get("body"))
    return jsonify(serialise.message(message)), 201


@bp.post("/introductions/<int:intro_id>/notes")
@token_required
def post_note(intro_id: int):
    """Add a progress note {"body": TEXT} to the partnership."""
    services.get_visible(g.api_user, intro_id)
    note = states.add_note(g.api_user, intro_id, json_body().get("body"))
    return jsonify({"id": note.id, "body": note.body}), 201


def _body_or_empty() -> dict:
    return json_body(optional=True)
