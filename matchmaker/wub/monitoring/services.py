"""Monitoring visits (pemantauan): recording what an officer found, the photos taken,
each WUB's timeline, and who is overdue for a visit."""

import io
import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from matchmaker.audit import labels as audit_words
from matchmaker.audit import services as audit
from matchmaker.auth.models import User
from matchmaker.core.extensions import db
from matchmaker.core.locking import lock_row
from matchmaker.core.validation import DomainError, Invalid
from matchmaker.profiles import fields as pf
from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.models import IN_BUSINESS, Participant, StatusChange, WubStatus
from matchmaker.wub.monitoring.models import MonitoringVisit, Problem, RevenueBand, VisitPhoto

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_MAX_SIDE = 1600  # pixels; larger photos are scaled down before they are stored
PHOTO_MAX_PIXELS = 50_000_000  # a decoded image larger than this is refused (decompression bombs)
VISITABLE = frozenset(IN_BUSINESS) | {WubStatus.TRAINED, WubStatus.CLOSED}


def _problems(value) -> str | None:
    codes = [c for c in str(value).split(",") if c]
    try:
        return ", ".join(str(f.PROBLEM_LABELS[Problem(c)]) for c in codes) or None
    except ValueError:
        return None


audit_words.label_values("revenue_band", audit_words.enum(f.REVENUE_LABELS, RevenueBand))
audit_words.label_values("problems", _problems)


@dataclass(frozen=True)
class Upload:
    """A file as it came in: its name (for messages) and its bytes."""

    filename: str
    stream: BinaryIO


def record_visit(
    officer: User, participant: Participant, data: dict, photos: list[Upload] = ()
) -> MonitoringVisit:
    """Save a visit with its photos, checked as a whole; commit, or raise Invalid (a bad
    field or photo) or VisitRefused (a visit the participant or the calendar does not
    allow yet: before the training is finished, or on a day after today)."""
    errors: dict[str, str] = {}
    try:
        values = pf.clean(f.VISIT_FIELDS, data, partial=False)
    except Invalid as error:
        errors.update(error.fields)
        values = {}
    stored = []
    try:
        stored = photo_records(photos)
    except ValueError as error:
        errors["photos"] = str(error)
    if errors:
        raise Invalid(errors)
    refused = {}
    if participant.status not in VISITABLE:
        refused["participant"] = _("Kunjungan pemantauan dicatat setelah peserta lulus pelatihan.")
    if values["visited_on"] > date.today():
        refused["visited_on"] = _("Tanggal tidak boleh di masa depan.")
    if refused:
        raise VisitRefused(refused)
    visit = MonitoringVisit(participant=participant, officer_id=officer.id, **values)
    visit.photos = stored
    db.session.add(visit)
    summary = f"{participant.name} {values['visited_on'].isoformat()}"
    audit.record(officer, "visit.created", visit, summary=summary)
    db.session.commit()
    return visit


class VisitRefused(DomainError):
    """A well-formed visit or photo the visit's state does not allow (409), naming the
    fields it is about."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(" ".join(fields.values()), fields=fields)


def add_photo(officer: User, visit: MonitoringVisit, upload: Upload) -> VisitPhoto:
    """Add one photo to a visit: Invalid naming `photo` when it is not a photo, VisitRefused
    when the visit already has VISIT_PHOTOS_MAX."""
    most = current_app.config["VISIT_PHOTOS_MAX"]
    full = VisitRefused({"photo": _("Paling banyak %(n)d foto per kunjungan.", n=most)})
    if len(visit.photos) >= most:
        raise full
    try:
        added = photo_record(upload)
    except ValueError as error:
        raise Invalid({"photo": str(error)}) from None
    # Counted again with the visit locked: two uploads at once must not both be the last.
    lock_row(MonitoringVisit, visit.id)
    db.session.expire(visit, ["photos"])
    if len(visit.photos) >= most:
        raise full
    visit.photos.append(added)
    audit.record(officer, "visit.photo_added", visit, summary=visit.participant.name)
    db.session.commit()
    return added


def photo_records(photos: list[Upload]) -> list[VisitPhoto]:
    """Each upload checked to be a photo and stored re-encoded; ValueError naming the file."""
    photos = [p for p in photos if p.filename]
    most = current_app.config["VISIT_PHOTOS_MAX"]
    if len(photos) > most:
        raise ValueError(_("Paling banyak %(n)d foto per kunjungan.", n=most))
    return [photo_record(p) for p in photos]


def photo_record(upload: Upload) -> VisitPhoto:
    """A photo, checked by its content (not its name) and re-encoded as a JPEG without
    metadata (a phone's photo carries the GPS position of the owner's home)."""
    limit = current_app.config["VISIT_PHOTO_MAX_BYTES"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(
            _("%(name)s lebih besar dari %(mb)s MB.", name=upload.filename, mb=limit // 2**20)
        )
    image = _opened(data, upload.filename)
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return VisitPhoto(width=image.width, height=image.height, data=out.getvalue())


def _opened(data: bytes, filename: str) -> Image.Image:
    not_a_photo = _("%(name)s bukan foto (JPEG, PNG atau WebP).", name=filename)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.open(io.BytesIO(data)).verify()  # checks the whole file's structure
            image = Image.open(io.BytesIO(data))
            if image.format not in PHOTO_FORMATS:
                raise ValueError(not_a_photo)
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise ValueError(_("%(name)s terlalu besar resolusinya.", name=filename))
            image.load()
            return image
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):  # fmt: skip
        raise ValueError(not_a_photo) from None


def delete_visit(actor: User, visit: MonitoringVisit) -> None:
    """Remove a visit recorded by mistake, with its photos."""
    audit.record(actor, "visit.deleted", visit, summary=visit.participant.name)
    db.session.delete(visit)
    db.session.commit()


# --- timeline ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One dated thing in a WUB's timeline: a status change or a visit."""

    on: date
    kind: str  # "status" or "visit"
    item: StatusChange | MonitoringVisit


def timeline(participant: Participant) -> list[Event]:
    """Status changes and visits, newest first."""
    events = [Event(c.changed_on, "status", c) for c in participant.history]
    events += [Event(v.visited_on, "visit", v) for v in participant.visits]
    return sorted(events, key=lambda e: (e.on, e.kind == "visit", e.item.id), reverse=True)


# --- who is overdue ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Overdue:
    participant: Participant
    last_visit: date | None
    due_on: date
    days_late: int


def overdue_query(today: date, interval: int) -> Select:
    """(participant, last visit, date counted from) for every started WUB business whose
    next visit was due before `today`: `interval` days after its last visit, or after the
    business started when it was never visited."""
    last = (
        select(MonitoringVisit.participant_id, func.max(MonitoringVisit.visited_on).label("on"))
        .group_by(MonitoringVisit.participant_id)
        .subquery()
    )
    started = (
        select(StatusChange.participant_id, func.min(StatusChange.changed_on).label("on"))
        .where(StatusChange.status.in_(IN_BUSINESS))
        .group_by(StatusChange.participant_id)
        .subquery()
    )
    since = func.coalesce(last.c.on, started.c.on, Participant.status_since)
    return (
        select(Participant, last.c.on, since)
        .outerjoin(last, last.c.participant_id == Participant.id)
        .outerjoin(started, started.c.participant_id == Participant.id)
        .options(joinedload(Participant.cohort), joinedload(Participant.kecamatan))
        .where(Participant.status.in_(IN_BUSINESS), since < today - timedelta(days=interval))
        .order_by(since, Participant.id)
    )


def overdue(today: date, interval: int, limit: int | None = None, offset: int = 0) -> list[Overdue]:
    """Started WUB businesses due for a visit, the longest waiting first (from `offset`)."""
    query = overdue_query(today, interval).offset(offset or None)
    if limit:
        query = query.limit(limit)
    found = []
    for participant, last_visit, since in db.session.execute(query):
        due = since + timedelta(days=interval)
        found.append(Overdue(participant, last_visit, due, (today - due).days))
    return found
