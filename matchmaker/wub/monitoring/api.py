"""Monitoring visits on the JSON API: a participant's visits, their photos, and who is
overdue for a visit (officials only). The rules live in monitoring.services, shared with
the HTML pages."""

from datetime import date

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from matchmaker import pagination
from matchmaker.api import bp, json_body, officials_only
from matchmaker.audit import services as audit
from matchmaker.extensions import db
from matchmaker.locking import lock_row
from matchmaker.params import Integer
from matchmaker.validation import Invalid
from matchmaker.wub.api import created, filters
from matchmaker.wub.cohorts.models import Participant
from matchmaker.wub.monitoring import serialise
from matchmaker.wub.monitoring import services as monitoring
from matchmaker.wub.monitoring.models import MonitoringVisit, VisitPhoto

INTERVAL_MAX = 3650  # days between visits the overdue list accepts


@bp.get("/participants/<int:participant_id>/visits")
@officials_only
def list_visits(participant_id: int):
    """The participant's visits, newest first (by id), one page at a time."""
    record = db.get_or_404(Participant, participant_id)
    query = select(MonitoringVisit).where(MonitoringVisit.participant_id == record.id)
    return jsonify(pagination.page(query, MonitoringVisit.id, serialise.visit, newest_first=True))


@bp.post("/participants/<int:participant_id>/visits")
@officials_only
def create_visit(participant_id: int):
    """Record a visit (photos are added afterwards, one request each)."""
    record = db.get_or_404(Participant, participant_id)
    found = monitoring.record_visit(g.api_user, record, json_body())
    return created(serialise.visit(found), "api.get_visit", visit_id=found.id)


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
    return created(serialise.photo(added), "api.get_photo", photo_id=added.id)


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
    found = filters(interval=Integer(1, INTERVAL_MAX).load)
    interval = found["interval"] or current_app.config["VISIT_INTERVAL_DAYS"]
    # The order is the point of this list and its key (the day a visit fell due) moves
    # with every visit, so the signed cursor holds a position, not the last id.
    limit, offset = pagination.arguments()
    offset = offset or 0
    rows = monitoring.overdue(date.today(), interval, limit=offset + limit + 1)[offset:]
    following = pagination.Cursor.dump(offset + limit)
    return jsonify(
        {
            "items": [serialise.overdue(row) for row in rows[:limit]],
            "next": following if len(rows) > limit else None,
            "interval": interval,
        }
    )
