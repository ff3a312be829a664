"""Brokering endpoints of the JSON API: introductions, their answers and steps, messages.

Someone who takes no part in an introduction gets 404 for it, as for one that does
not exist; a step the state does not allow gets 409 with the reason.
"""

from flask import g
from sqlalchemy import select

from matchmaker.brokering import services, states
from matchmaker.brokering.models import Introduction, IntroductionMessage
from matchmaker.brokering.schemas import (
    AdvanceInputSchema,
    DeclineInputSchema,
    IntroductionArgsSchema,
    IntroductionInputSchema,
    IntroductionSchema,
    MessageSchema,
    NoteSchema,
    Seen,
    TextInputSchema,
    WithdrawInputSchema,
)
from matchmaker.core import pagination
from matchmaker.core.api import Blueprint, record_by_id, token_required
from matchmaker.core.schemas import PageArgs, page_of
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)

blp = Blueprint(
    "brokering", __name__, description="Introductions, their answers and steps, messages."
)


@blp.post("/introductions")
@token_required
@blp.arguments(IntroductionInputSchema)
@blp.response(201, IntroductionSchema, description="Created")
@blp.alt_response(
    200,
    schema=IntroductionSchema,
    description="A live introduction of the same pair and kind exists: it is returned.",
)
@blp.errors(403, 404, 409, 429)
def create_introduction(data: dict):
    """Ask for an introduction (owner, CSR) or propose one (official).

    An owner asks a company, CSR staff ask a business, or an official proposes the pair
    to both; at most INTRODUCTION_DAILY_LIMIT requests per owner a day (429). An id that
    names no record the caller may use is 404 naming the field.
    """
    business = record_by_id(SmallBusiness, data["business_id"], "business_id")
    company = record_by_id(Company, data["company_id"], "company_id")
    services.check_one_offer(data.get("need_id") is not None, data.get("programme_id") is not None)
    offer = None
    if data.get("need_id") is not None:
        offer = record_by_id(SubcontractingNeed, data["need_id"], "need_id")
    elif data.get("programme_id") is not None:
        offer = record_by_id(MentoringProgramme, data["programme_id"], "programme_id")
    intro, created = services.start(
        g.api_user, business, company, data["kind"], offer, data.get("message") or ""
    )
    return Seen(intro, g.api_user), 201 if created else 200


@blp.get("/introductions")
@token_required
@blp.arguments(IntroductionArgsSchema, location="query")
@blp.response(200, page_of(IntroductionSchema))
def list_introductions(args: dict):
    """The caller's introductions (officials: all), newest first (by id)."""
    user = g.api_user
    query = services.visible_to(user, args.get("status"))
    return pagination.page(
        query, Introduction.id, lambda intro: Seen(intro, user), args, newest_first=True
    )


@blp.get("/introductions/<int:intro_id>")
@token_required
@blp.response(200, IntroductionSchema)
@blp.errors(404)
def get_introduction(intro_id: int):
    """One introduction the caller takes part in; `contact` once both sides accepted."""
    return Seen(services.get_visible(g.api_user, intro_id), g.api_user)


@blp.post("/introductions/<int:intro_id>/accept")
@token_required
@blp.response(200, IntroductionSchema)
@blp.errors(404, 409)
def accept_introduction(intro_id: int):
    """Say yes for the caller's side."""
    return Seen(states.accept(g.api_user, intro_id), g.api_user)


@blp.post("/introductions/<int:intro_id>/decline")
@token_required
@blp.arguments(DeclineInputSchema)
@blp.response(200, IntroductionSchema)
@blp.errors(404, 409)
def decline_introduction(data: dict, intro_id: int):
    """Say no, with a reason.

    A reason is required, so is the body: sent without one it answers 422 naming
    `reason`, and nothing changes.
    """
    intro = states.decline(g.api_user, intro_id, data["reason"], data.get("reason_text"))
    return Seen(intro, g.api_user)


@blp.post("/introductions/<int:intro_id>/withdraw")
@token_required
@blp.arguments(WithdrawInputSchema)
@blp.response(200, IntroductionSchema)
@blp.errors(404, 409)
def withdraw_introduction(data: dict, intro_id: int):
    """Call it off, with a reason.

    A reason is required, so is the body: sent without one it answers 422 naming
    `reason`, and nothing changes.
    """
    intro = states.withdraw(g.api_user, intro_id, data["reason"], data.get("reason_text"))
    return Seen(intro, g.api_user)


@blp.post("/introductions/<int:intro_id>/advance")
@token_required
@blp.arguments(AdvanceInputSchema)
@blp.response(200, IntroductionSchema)
@blp.errors(404, 409)
def advance_introduction(data: dict, intro_id: int):
    """Move one step on.

    Only the next step is allowed (else 409). An agreement needs `items`
    (subcontracting) or `topics` (mentoring): which one depends on the introduction, so
    a missing one is 409 naming it.
    """
    intro = states.advance(g.api_user, intro_id, data["to"], data)
    return Seen(intro, g.api_user)


@blp.get("/introductions/<int:intro_id>/messages")
@token_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(MessageSchema))
@blp.errors(404)
def list_messages(args: dict, intro_id: int):
    """The thread, oldest first."""
    intro = services.get_visible(g.api_user, intro_id)
    query = select(IntroductionMessage).where(IntroductionMessage.introduction_id == intro.id)
    return pagination.page(query, IntroductionMessage.id, lambda message: message, args)


@blp.post("/introductions/<int:intro_id>/messages")
@token_required
@blp.arguments(TextInputSchema)
@blp.response(201, MessageSchema, description="Created")
@blp.errors(404, 409)
def post_message(data: dict, intro_id: int):
    """Add a message to the thread."""
    intro = services.get_visible(g.api_user, intro_id)
    return services.post_message(g.api_user, intro, data["body"])


@blp.post("/introductions/<int:intro_id>/notes")
@token_required
@blp.arguments(TextInputSchema)
@blp.response(201, NoteSchema, description="Created")
@blp.errors(404, 409)
def post_note(data: dict, intro_id: int):
    """Add a progress note to the partnership (from `agreement` on; else 409)."""
    return states.add_note(g.api_user, intro_id, data["body"])
