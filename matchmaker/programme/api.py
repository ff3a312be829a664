"""Programme endpoints of the JSON API: cohorts, participants and their status history,
monitoring visits with photos, and who is overdue for a visit.

Officials only (services.can_manage): no token is 401, any other role 403, before any
record is looked up; an unknown id is 404. The rules live in programme.services and
programme.monitoring, shared with the HTML pages.
"""

from datetime import date
from functools import wraps

from flask import current_app, g, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from matchmaker.api import bp, json_body, record_by_id, token_required
from matchmaker.audit import services as audit
from matchmaker.errors import json_error
from matchmaker.extensions import db
from matchmaker.locking import lock_row
from matchmaker.params import ID, Integer, filter_argument
from matchmaker.profiles import fields as pf
from matchmaker.profiles.models import SmallBusiness
from matchmaker.programme import fields, history, monitoring, serialise, services
from matchmaker.programme.models import (
    Cohort,
    MonitoringVisit,
    Participant,
    VisitPhoto,
)
from matchmaker.validation import Invalid

DEFAULT_LIMIT, MAX_LIMIT = 25, 100
LIMIT = Integer(1, MAX_LIMIT)
INTERVAL_MAX = 3650  # days between visits the overdue list accepts
STATUS_KEYS = {"status", "changed_on", "note", "business_id"}


def officials_only(view):
    """401 without a valid token, 403 for anyone who may not manage the programme."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not services.can_manage(g.api_user):
            return json_error(403)
        return view(*args, **kwargs)

    return token_required(wrapper)


# --- helpers: pages, query filters, loading ------------------------------------------------


def _arguments(**parsers) -> tuple[dict, int, int]:
    """The query string's filters (None when absent), `limit` and the offset `cursor`
    stands for; Invalid naming every bad one."""
    errors, values, limit, offset = {}, {}, DEFAULT_LIMIT, 0
    for name, parse in parsers.items():
        raw = request.args.get(name, "").strip()
        try:
            values[name] = parse(raw) if raw else None
        except ValueError as error:
            errors[name] = str(error)
    message = _("Harus bilangan bulat antara %(low)d dan %(high)d.", low=1, high=MAX_LIMIT)
    limit = filter_argument(
        request.args, "limit", LIMIT, errors, limit, message, blank_is_absent=False
    )
    if (cursor := request.args.get("cursor")) is not None:
        offset = serialise.offset_of(cursor)
        if not offset:
            errors["cursor"] = _("Kursor tidak sah; pakai nilai `next` dari halaman sebelumnya.")
    if errors:
        raise Invalid(errors)
    return values, limit, offset


def _page_of(query: Select, limit: int, offset: int, one, *, scalars: bool = True) -> dict:
    result = db.session.execute(query.offset(offset).limit(limit + 1))
    rows = list(result.scalars()) if scalars else list(result)
    return serialise.page(rows, limit, offset, one)


def _participants(cohort_id: int | None = None) -> dict:
    """A page of participants narrowed by the query string's filters."""
    found, limit, offset = _arguments(cohort=ID.load, status=fields.status, kecamatan=pf.kecamatan)
    query = services.participant_query(
        cohort_id=cohort_id or found["cohort"],
        status=found["status"] or "",
        kecamatan_id=found["kecamatan"],
        q=request.args.get("q", "").strip(),
    )
    return _page_of(query, limit, offset, serialise.participant)


def _created(body: dict, endpoint: str, **ids):
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = url_for(endpoint, **ids)
    return response


def _counted(cohort: Cohort) -> dict:
    count = select(func.count(Participant.id)).where(Participant.cohort_id == cohort.id)
    return serialise.cohort(cohort, db.session.scalar(count))


# --- cohorts -------------------------------------------------------------------------------


@bp.get("/cohorts")
@officials_only
def list_cohorts():
    """Cohorts newest first, each with its participant count; ?year, ?seksi, ?trade."""
    found, limit, offset = _arguments(
        year=fields.year, seksi=fields.seksi, trade=fields.trade_named
    )
    query = services.cohort_query(found["year"], found["seksi"] or "", found["trade"] or "")
    page = _page_of(query, limit, offset, lambda row: serialise.cohort(*row), scalars=False)
    return jsonify(page)


@bp.post("/cohorts")
@officials_only
def create_cohort():
    """Set up a training cohort (paid from the APBD unless told otherwise, as in the form)."""
    data = json_body()
    data.setdefault("budget_source", "APBD")
    cohort = services.save_cohort(data)
    return _created(serialise.cohort(cohort, 0), "api.get_cohort", cohort_id=cohort.id)


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
    """The cohort's participants by name; ?status, ?kecamatan, ?q."""
    db.get_or_404(Cohort, cohort_id)
    return jsonify(_participants(cohort_id))


@bp.post("/cohorts/<int:cohort_id>/participants")
@officials_only
def create_participant(cohort_id: int):
    """Add a participant to the cohort (`selected` unless a status is given)."""
    cohort = db.get_or_404(Cohort, cohort_id)
    record = services.save_participant(json_body(), cohort=cohort, actor=g.api_user)
    return _created(serialise.participant(record), "api.get_participant", participant_id=record.id)


@bp.get("/participants")
@officials_only
def list_participants():
    """Participants by name; ?cohort, ?status, ?kecamatan, ?q."""
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
    """The participant's status changes, oldest first, with who made each."""
    record = db.get_or_404(Participant, participant_id)
    return jsonify({"items": [serialise.status_change(c) for c in record.history]})


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


# --- monitoring visits ---------------------------------------------------------------------


@bp.get("/participants/<int:participant_id>/visits")
@officials_only
def list_visits(participant_id: int):
    """The participant's visits, newest first."""
    record = db.get_or_404(Participant, participant_id)
    return jsonify({"items": [serialise.visit(v) for v in record.visits]})


@bp.post("/participants/<int:participant_id>/visits")
@officials_only
def create_visit(participant_id: int):
    """Record a visit (photos are added afterwards, one request each)."""
    record = db.get_or_404(Participant, participant_id)
    found = monitoring.record_visit(g.api_user, record, json_body())
    return _created(serialise.visit(found), "api.get_visit", visit_id=found.id)


@bp.get("/visits/<int:visit_id>")
@officials_only
def get_visit(visit_id: int):
    """One visit with its photos."""
    return jsonify(serialise.visit(db.get_or_404(MonitoringVisit, visit_id)))


@bp.delete("/visits/<int:visit_id>")
@officials_only
def delete_visit(visit_id: int):
    """Remove a visit recorded by mistake, with its photos."""
    monitoring.delete_visit(g.api_user, db.get_or_404(MonitoringVisit, visit_id))
    return "", 204


@bp.post("/visits/<int:visit_id>/photos")
@officials_only
def add_visit_photo(visit_id: int):
    """Add one photo (multipart field `photo`), checked by its content; 422 naming `photo`."""
    visit = db.get_or_404(MonitoringVisit, visit_id)
    most = current_app.config["VISIT_PHOTOS_MAX"]
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        raise Invalid({"photo": _("Wajib diisi.")})
    if len(visit.photos) >= most:
        raise Invalid({"photo": _("Paling banyak %(n)d foto per kunjungan.", n=most)})
    try:
        added = monitoring.photo_record(monitoring.Upload(upload.filename, upload.stream))
    except ValueError as error:
        raise Invalid({"photo": str(error)}) from None
    # Counted again with the visit locked: two uploads at once must not both be the last.
    lock_row(MonitoringVisit, visit.id)
    db.session.expire(visit, ["photos"])
    if len(visit.photos) >= most:
        raise Invalid({"photo": _("Paling banyak %(n)d foto per kunjungan.", n=most)})
    visit.photos.append(added)
    audit.record(g.api_user, "visit.photo_added", visit, summary=visit.participant.name)
    db.session.commit()
    return _created(serialise.photo(added), "api.get_photo", photo_id=added.id)


@bp.get("/photos/<int:photo_id>")
@officials_only
def get_photo(photo_id: int):
    """A visit photo as stored (JPEG, without metadata)."""
    found = db.get_or_404(VisitPhoto, photo_id)
    return current_app.response_class(found.data, mimetype="image/jpeg")  # no-store (web.py)


@bp.get("/visits/overdue")
@officials_only
def overdue_visits():
    """Started WUB businesses due for a visit, the longest waiting first; ?interval (days)."""
    found, limit, offset = _arguments(interval=Integer(1, INTERVAL_MAX).load)
    interval = found["interval"] or current_app.config["VISIT_INTERVAL_DAYS"]
    rows = monitoring.overdue(date.today(), interval, limit=offset + limit + 1)[offset:]
    return jsonify({**serialise.page(rows, limit, offset, serialise.overdue), "interval": interval})
