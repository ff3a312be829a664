"""Cohorts and participants on the JSON API: records, status history and status changes.

Officials only; an unknown id is 404. The schemas (cohorts.schemas) check each value; the
rules across fields and records live in cohorts.services and cohorts.history, shared with
the HTML pages. Lists page through matchmaker.core.pagination, by id.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import g, url_for
from sqlalchemy import select
from sqlalchemy.orm import undefer

from matchmaker.core import pagination
from matchmaker.core.api import Blueprint, officials_only, record_by_id
from matchmaker.core.extensions import db
from matchmaker.core.schemas import PageArgs, page_of
from matchmaker.core.validation import DomainError, Invalid
from matchmaker.profiles.models import SmallBusiness
from matchmaker.wub.cohorts import history, services
from matchmaker.wub.cohorts.models import Cohort, Participant, StatusChange
from matchmaker.wub.cohorts.schemas import (
    AllParticipantFilters,
    CohortFilters,
    CohortInputSchema,
    CohortPatchSchema,
    CohortSchema,
    ParticipantFilters,
    ParticipantInputSchema,
    ParticipantPatchSchema,
    ParticipantSchema,
    StatusChangeSchema,
    StatusInputSchema,
)

blp = Blueprint("cohorts", __name__, description="Training cohorts and their participants (WUB).")
LOCATION = {"Location": {"schema": {"type": "string"}, "description": "URL of the new record."}}


@contextmanager
def rules_of_the_programme() -> Iterator[None]:
    """A body whose every value the schema took, refused by a rule across fields or records
    (a cohort name taken that year, an end before the start, a participant already listed,
    a step dated before the last, `started` without a business): 409 naming the fields."""
    try:
        yield
    except Invalid as error:
        db.session.rollback()
        named = {("business_id" if k == "business" else k): v for k, v in error.fields.items()}
        raise DomainError(" ".join(named.values()), fields=named) from None


def _page(query, key, args: dict, **kwargs) -> dict:
    return pagination.page(query, key, lambda r: r, args, **kwargs)


def _participants(args: dict, cohort_id: int | None = None) -> dict:
    """A page of participants narrowed by the filters, by id."""
    query = services.participant_query(
        cohort_id=cohort_id or args.get("cohort"),
        status=args.get("status") or "",
        kecamatan_id=args.get("kecamatan"),
        q=args.get("q", "").strip(),
    )
    return _page(query, Participant.id, args)


# --- cohorts -------------------------------------------------------------------------------


@blp.get("/cohorts")
@officials_only
@blp.arguments(CohortFilters, location="query")
@blp.response(200, page_of(CohortSchema))
@blp.errors(401, 403)
def list_cohorts(args: dict):
    """Training cohorts, newest first (by id), each with its participant count."""
    query = services.cohort_query(args.get("year"), args.get("seksi", ""), args.get("trade", ""))
    query = query.with_only_columns(Cohort).options(undefer(Cohort.participant_count))
    return _page(query, Cohort.id, args, newest_first=True)


@blp.post("/cohorts")
@officials_only
@blp.arguments(CohortInputSchema)
@blp.response(201, CohortSchema, headers=LOCATION)
@blp.errors(401, 403, 409)
def create_cohort(data: dict):
    """Set up a cohort (name unique per year, else 409).

    Paid from the APBD unless told otherwise, as in the form.
    """
    data.setdefault("budget_source", "APBD")
    with rules_of_the_programme():
        cohort = services.save_cohort(data)
    return cohort, 201, {"Location": url_for("api.cohorts.get_cohort", cohort_id=cohort.id)}


@blp.get("/cohorts/<int:cohort_id>")
@officials_only
@blp.response(200, CohortSchema)
@blp.errors(401, 403, 404)
def get_cohort(cohort_id: int):
    """One cohort with its participant count."""
    return db.get_or_404(Cohort, cohort_id)


@blp.patch("/cohorts/<int:cohort_id>")
@officials_only
@blp.arguments(CohortPatchSchema, required=False)
@blp.response(200, CohortSchema)
@blp.errors(401, 403, 404, 409)
def update_cohort(data: dict, cohort_id: int):
    """Change the fields sent; the others stay as they are (no body: none)."""
    cohort = db.get_or_404(Cohort, cohort_id)
    with rules_of_the_programme():
        return services.save_cohort(data, cohort=cohort, partial=True)


@blp.delete("/cohorts/<int:cohort_id>")
@officials_only
@blp.response(204)
@blp.errors(401, 403, 404, 409)
def delete_cohort(cohort_id: int):
    """Remove a cohort set up by mistake; 409 while it has participants."""
    services.delete_cohort(db.get_or_404(Cohort, cohort_id))


# --- participants --------------------------------------------------------------------------


@blp.get("/cohorts/<int:cohort_id>/participants")
@officials_only
@blp.arguments(ParticipantFilters, location="query")
@blp.response(200, page_of(ParticipantSchema))
@blp.errors(401, 403, 404)
def list_cohort_participants(args: dict, cohort_id: int):
    """The cohort's participants by id."""
    return _participants(args, db.get_or_404(Cohort, cohort_id).id)


@blp.post("/cohorts/<int:cohort_id>/participants")
@officials_only
@blp.arguments(ParticipantInputSchema)
@blp.response(201, ParticipantSchema, headers=LOCATION)
@blp.errors(401, 403, 404, 409)
def create_participant(data: dict, cohort_id: int):
    """Add a participant (`selected` unless a status is given).

    The same name and phone anywhere is a duplicate: 409 naming `name`.
    """
    cohort = db.get_or_404(Cohort, cohort_id)
    with rules_of_the_programme():
        record = services.save_participant(data, cohort=cohort, actor=g.api_user)
    location = url_for("api.cohorts.get_participant", participant_id=record.id)
    return record, 201, {"Location": location}


@blp.get("/participants")
@officials_only
@blp.arguments(AllParticipantFilters, location="query")
@blp.response(200, page_of(ParticipantSchema))
@blp.errors(401, 403)
def list_participants(args: dict):
    """Participants (WUB) by id."""
    return _participants(args)


@blp.get("/participants/<int:participant_id>")
@officials_only
@blp.response(200, ParticipantSchema)
@blp.errors(401, 403, 404)
def get_participant(participant_id: int):
    """One participant."""
    return db.get_or_404(Participant, participant_id)


@blp.patch("/participants/<int:participant_id>")
@officials_only
@blp.arguments(ParticipantPatchSchema, required=False)
@blp.response(200, ParticipantSchema)
@blp.errors(401, 403, 404, 409)
def update_participant(data: dict, participant_id: int):
    """Change the fields sent; `cohort_id` moves them to another cohort.

    The status changes only through POST …/status. A `cohort_id` naming no cohort is 404
    naming it.
    """
    record = db.get_or_404(Participant, participant_id)
    cohort = (
        record_by_id(Cohort, data.pop("cohort_id", None), "cohort_id", optional=True)
        or record.cohort
    )
    with rules_of_the_programme():
        return services.save_participant(data, cohort=cohort, participant=record, partial=True)


@blp.get("/participants/<int:participant_id>/history")
@officials_only
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(StatusChangeSchema))
@blp.errors(401, 403, 404)
def participant_history(args: dict, participant_id: int):
    """The participant's status changes, oldest first (by id), with who made each."""
    record = db.get_or_404(Participant, participant_id)
    query = select(StatusChange).where(StatusChange.participant_id == record.id)
    return _page(query, StatusChange.id, args)


@blp.post("/participants/<int:participant_id>/status")
@officials_only
@blp.arguments(StatusInputSchema)
@blp.response(200, ParticipantSchema)
@blp.errors(401, 403, 404, 409)
def change_participant_status(data: dict, participant_id: int):
    """Move to one of `allowed_next` on a day.

    409 with the reason when the step is not allowed, is dated before the last one, or
    is `started` without a business (`business_id` links one); a `business_id` naming no
    business is 404 naming it.
    """
    record = db.get_or_404(Participant, participant_id)
    data = {key: value for key, value in data.items() if value is not None}  # null: blank
    business = record_by_id(
        SmallBusiness, data.pop("business_id", None), "business_id", optional=True
    )
    with rules_of_the_programme():
        history.change_status(g.api_user, record, data, business=business)
    return record
