"""Monitoring visits on the JSON API: a participant's visits, their photos, and who is
overdue for a visit (officials only). The rules live in monitoring.services, shared with
the HTML pages."""

from datetime import date

from flask import current_app, g, url_for
from sqlalchemy import select

from matchmaker.core import pagination
from matchmaker.core.api import Blueprint, officials_only
from matchmaker.core.extensions import db
from matchmaker.core.schemas import PageArgs, page_of
from matchmaker.wub.cohorts.models import Participant
from matchmaker.wub.monitoring import services as monitoring
from matchmaker.wub.monitoring.models import MonitoringVisit, VisitPhoto
from matchmaker.wub.monitoring.schemas import (
    PHOTO_TYPES,
    OverdueArgs,
    OverduePageSchema,
    PhotoUploadSchema,
    VisitInputSchema,
    VisitPhotoSchema,
    VisitSchema,
)

blp = Blueprint("monitoring", __name__, description="WUB monitoring visits (officials).")
_NEW = {"Location": {"schema": {"type": "string"}, "description": "URL of the new record."}}


@blp.get("/participants/<int:participant_id>/visits")
@officials_only
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(VisitSchema))
@blp.errors(401, 403, 404)
def list_visits(args: dict, participant_id: int):
    """The participant's visits, newest first (by id), one page at a time."""
    record = db.get_or_404(Participant, participant_id)
    query = select(MonitoringVisit).where(MonitoringVisit.participant_id == record.id)
    return pagination.page(
        query,
        MonitoringVisit.id,
        lambda visit: visit,  # written by the response's schema
        args,
        newest_first=True,
    )


@blp.post("/participants/<int:participant_id>/visits")
@officials_only
@blp.arguments(VisitInputSchema)
@blp.response(201, VisitSchema, headers=_NEW)
@blp.errors(401, 403, 404, 409)
def create_visit(data: dict, participant_id: int):
    """Record a visit (after the training); photos are added one by one afterwards.

    A participant who has not finished the training, or a visit dated after today,
    is 409 naming `participant` or `visited_on`.
    """
    record = db.get_or_404(Participant, participant_id)
    found = monitoring.record_visit(g.api_user, record, data)
    return found, 201, {"Location": url_for("api.monitoring.get_visit", visit_id=found.id)}


@blp.get("/visits/<int:visit_id>")
@officials_only
@blp.response(200, VisitSchema)
@blp.errors(401, 403, 404)
def get_visit(visit_id: int):
    """One visit with its photos."""
    return db.get_or_404(MonitoringVisit, visit_id)


@blp.delete("/visits/<int:visit_id>")
@officials_only
@blp.response(204)
@blp.errors(401, 403, 404)
def delete_visit(visit_id: int):
    """Remove a visit recorded by mistake, with its photos."""
    monitoring.delete_visit(g.api_user, db.get_or_404(MonitoringVisit, visit_id))


@blp.post("/visits/<int:visit_id>/photos")
@officials_only
@blp.arguments(PhotoUploadSchema, location="files")
@blp.response(201, VisitPhotoSchema, headers=_NEW)
@blp.errors(401, 403, 404, 409, 413)
@blp.doc(
    requestBody={
        "content": {"multipart/form-data": {"encoding": {"photo": {"contentType": PHOTO_TYPES}}}}
    }
)
def add_visit_photo(files: dict, visit_id: int):
    """Add one photo (JPEG, PNG or WebP, checked by its content, re-encoded without metadata).

    A file that is not such a photo is 422 naming `photo`; a visit that already has
    VISIT_PHOTOS_MAX photos is 409 naming `photo`.
    """
    visit = db.get_or_404(MonitoringVisit, visit_id)
    upload = files["photo"]
    added = monitoring.add_photo(
        g.api_user, visit, monitoring.Upload(upload.filename or "photo", upload.stream)
    )
    return added, 201, {"Location": url_for("api.monitoring.get_photo", photo_id=added.id)}


@blp.get("/photos/<int:photo_id>")
@officials_only
@blp.response(200, {"type": "string", "format": "binary"}, content_type="image/jpeg")
@blp.errors(401, 403, 404)
def get_photo(photo_id: int):
    """A visit photo as stored (JPEG, without metadata)."""
    found = db.get_or_404(VisitPhoto, photo_id)
    return current_app.response_class(found.data, mimetype="image/jpeg")  # no-store (web.py)


@blp.get("/visits/overdue")
@officials_only
@blp.arguments(OverdueArgs, location="query")
@blp.response(200, OverduePageSchema)
@blp.errors(401, 403)
def overdue_visits(args: dict):
    """Started WUB businesses due for a visit, the longest waiting first.

    The order is the point of this list and its key (the day a visit fell due) moves
    with every visit, so its cursor is a position in the list, not the last id.
    """
    interval = args.get("interval") or current_app.config["VISIT_INTERVAL_DAYS"]
    limit, offset = args["limit"], args.get("cursor", 0)
    rows = monitoring.overdue(date.today(), interval, limit=limit + 1, offset=offset)
    return {
        "items": rows[:limit],
        "next": pagination.Cursor.dump(offset + limit) if len(rows) > limit else None,
        "interval": interval,
    }
