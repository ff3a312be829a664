"""Cohorts and participants on the JSON API: records, status history and status changes.

Officials only (matchmaker.api.officials_only); an unknown id is 404. Lists page through
matchmaker.pagination, by id. The rules live in
cohorts.services and cohorts.history, shared with the HTML pages.
"""

from flask import g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from matchmaker import pagination
from matchmaker.api import bp, json_body, officials_only, record_by_id
from matchmaker.extensions import db
from matchmaker.params import ID
from matchmaker.profiles import fields as pf
from matchmaker.profiles.models import SmallBusiness
from matchmaker.validation import Invalid
from matchmaker.wub import fields
from matchmaker.wub.api import created, filters
from matchmaker.wub.cohorts import history, serialise, services
from matchmaker.wub.cohorts.models import Cohort, Participant, StatusChange

STATUS_KEYS = {"status", "changed_on", "note", "business_id"}


def _participants(cohort_id: int | None = None) -> dict:
    """A page of participants narrowed by the query string's filters, by id."""
    found = filters(cohort=ID.load, status=fields.status, kecamatan=pf.kecamatan)
    query = services.participant_query(
        cohort_id=cohort_id or found["cohort"],
        status=found["status"] or "",
        kecamatan_id=found["kecamatan"],
        q=request.args.get("q", "").strip(),
    )
    return pagination.page(query, Participant.id, serialise.participant)


def _counted(cohort: Cohort) -> dict:
    count = select(func.count(Participant.id)).where(Participant.cohort_id == cohort.id)
    return serialise.cohort(cohort, db.session.scalar(count))


# --- cohorts -------------------------------------------------------------------------------


@bp.get("/cohorts")
@officials_only
def list_cohorts():
    """Cohorts newest first (by id), each with its participant count; ?year, ?seksi, ?trade."""
    found = filters(year=fields.year, seksi=fields.seksi, trade=fields.trade_named)
    query = services.cohort_query(found["year"], found["seksi"] or "", found["trade"] or "")
    page = pagination.page(
        query.with_only_columns(Cohort), Cohort.id, lambda c: c, newest_first=True
    )
    counts = services.participant_counts([cohort.id for cohort in page["items"]])
    page["items"] = [serialise.cohort(c, counts.get(c.id, 0)) for c in page["items"]]
    return jsonify(page)


@bp.post("/cohorts")
@officials_only
def create_cohort():
    """Set up a training cohort (paid from the APBD unless told otherwise, as in the form)."""
    data = json_body()
    data.setdefault("budget_source", "APBD")
    cohort = services.save_cohort(data)
    return created(serialise.cohort(cohort, 0), "api.get_cohort", cohort_id=cohort.id)


@bp.get("/cohorts/<int:cohort_id>")
@officials_only
def get_cohort(cohort_id: int):
    """One cohort with its participant count."""
    return jsonify(_counted(db.get_or_404(Cohort, cohort_id)))


@bp.patch("/cohorts/<int:cohort_id>")
@officials_only
def update_cohort(cohort_id: int):
    """Change the fields sent; the others stay as they are."""
    cohort = db.get_or_404(Cohort, cohort_id)
    services.save_cohort(json_body(), cohort=cohort, partial=True)
    return jsonify(_counted(cohort))


@bp.delete("/cohorts/<int:cohort_id>")
@officials_only
def delete_cohort(cohort_id: int):
    """Remove a cohort set up by mistake; 409 while it has participants."""
    services.delete_cohort(db.get_or_404(Cohort, cohort_id))
    return "", 204


# --- participants --------------------------------------------------------------------------


@bp.get("/cohorts/<int:cohort_id>/participants")
@officials_only
def list_cohort_participants(cohort_id: int):
    """The cohort's participants by id; ?status, ?kecamatan, ?q."""
    db.get_or_404(Cohort, cohort_id)
    return jsonify(_participants(cohort_id))


@bp.post("/cohorts/<int:cohort_id>/participants")
@officials_only
def create_participant(cohort_id: int):
    """Add a participant to the cohort (`selected` unless a status is given)."""
    cohort = db.get_or_404(Cohort, cohort_id)
    record = services.save_participant(json_body(), cohort=cohort, actor=g.api_user)
    return created(serialise.participant(record), "api.get_participant", participant_id=record.id)


@bp.get("/participants")
@officials_only
def list_participants():
    """Participants by id; ?cohort, ?status, ?kecamatan, ?q."""
    return jsonify(_participants())


@bp.get("/participants/<int:participant_id>")
@officials_only
def get_participant(participant_id: int):
    """One participant."""
    return jsonify(serialise.participant(db.get_or_404(Participant, participant_id)))


@bp.patch("/participants/<int:participant_id>")
@officials_only
def update_participant(participant_id: int):
    """Change the fields sent (cohort_id moves them to another cohort); not the status."""
    record = db.get_or_404(Participant, participant_id)
    data, errors, cohort = json_body(), {}, record.cohort
    if "status" in data:
        errors["status"] = _("Status diubah lewat /participants/{id}/status.")
    if "cohort_id" in data:
        try:
            cohort = _record(Cohort, data.pop("cohort_id"), "cohort_id")
        except Invalid as error:
            errors.update(error.fields)
    if errors:  # name the other bad fields too
        try:
            fields.clean_participant({k: v for k, v in data.items() if k != "status"}, partial=True)
        except Invalid as error:
            errors.update(error.fields)
        raise Invalid(errors)
    services.save_participant(data, cohort=cohort, participant=record, partial=True)
    return jsonify(serialise.participant(record))


def _record(model, value, key: str):
    """The record with id `value`, or Invalid naming `key`."""
    return record_by_id(model, value, key)


@bp.get("/participants/<int:participant_id>/history")
@officials_only
def participant_history(participant_id: int):
    """The participant's status changes, oldest first (by id), with who made each."""
    record = db.get_or_404(Participant, participant_id)
    query = select(StatusChange).where(StatusChange.participant_id == record.id)
    return jsonify(pagination.page(query, StatusChange.id, serialise.status_change))


@bp.post("/participants/<int:participant_id>/status")
@officials_only
def change_participant_status(participant_id: int):
    """Move to a new status on a day; 409 with the reason when the step is not allowed."""
    record = db.get_or_404(Participant, participant_id)
    data = {key: value for key, value in json_body().items() if value is not None}  # null: blank
    unknown = sorted(set(data) - STATUS_KEYS)
    if unknown:
        raise Invalid({key: _("Kolom tidak dikenal.") for key in unknown})
    business = None
    if data.get("business_id") is not None:
        business = _record(SmallBusiness, data["business_id"], "business_id")
    try:
        history.change_status(g.api_user, record, data, business=business)
    except Invalid as error:
        db.session.rollback()
        named = {("business_id" if k == "business" else k): v for k, v in error.fields.items()}
        raise Invalid(named) from None
    return jsonify(serialise.participant(record))
