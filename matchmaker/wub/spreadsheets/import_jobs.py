"""Confirmed programme imports run as a job, so a 10,000-row file holds no web server
while it is read, checked and saved; the upload's row holds the job's state and progress
for the page that polls it.

The import keeps its rules: all rows or none, one transaction, and the job marks itself
done in that same transaction. Progress is written on a connection of its own while the
rows are checked (the import has written nothing yet, so neither PostgreSQL's row lock
nor SQLite's file lock stands in the way); while the rows are saved, the page says so.

A worker that dies mid-import loses that run (huey takes a job off the queue before it
runs it): nothing was saved, and after STALE without a sign of life the page offers to
queue it again. Each confirmation or retry is a new `attempt`; a job of an older one
stops at its next progress write and saves nothing.
"""

import io
from collections.abc import Iterable, Sequence
from datetime import timedelta
from time import monotonic
from typing import Any, TypeVar

from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import and_, delete, or_, update

from matchmaker.auth.models import User, utcnow
from matchmaker.core.extensions import db
from matchmaker.core.jobs.queue import crontab, job, periodic_job
from matchmaker.imports.tables import TableError
from matchmaker.wub.spreadsheets import imports
from matchmaker.wub.spreadsheets.importer import Outcome
from matchmaker.wub.spreadsheets.models import (
    CONFIRMABLE,
    DONE,
    ERROR,
    FAILED,
    KEPT_FOR,
    QUEUED,
    RUNNING,
    PendingUpload,
)

T = TypeVar("T")
STALE = timedelta(minutes=2)  # no sign of life for this long: the job is taken as lost
BEAT = 1.0  # seconds between progress writes while rows are checked

_table = PendingUpload.__table__


class Superseded(Exception):
    """The upload was cancelled or queued again: this run must save nothing."""


def queue(upload: PendingUpload, accepted: Sequence[str]) -> bool:
    """Queue the import of `upload` with the suggestions accepted; False when it is
    already queued or running (a second click, another tab), or done."""
    now = utcnow()
    lost = and_(
        _table.c.state.in_((QUEUED, RUNNING)),
        or_(
            _table.c.heartbeat_at < now - STALE,
            and_(_table.c.heartbeat_at.is_(None), _table.c.queued_at < now - STALE),
        ),
    )
    claim = (
        update(_table)
        .where(_table.c.id == upload.id, or_(_table.c.state.in_(CONFIRMABLE), lost))
        .values(
            state=QUEUED,
            attempt=_table.c.attempt + 1,
            accepted=list(accepted),
            stage="",
            rows_done=0,
            rows_total=0,
            queued_at=now,
            heartbeat_at=None,
            result=None,
        )  # fmt: skip
    )
    if db.session.execute(claim).rowcount != 1:
        db.session.rollback()
        return False
    db.session.commit()
    try:
        import_upload(upload.id, upload.attempt)
    except Exception:  # the queue is away: the page shows it waiting, then lost, to retry
        current_app.logger.exception("Import %d could not be queued", upload.id)
    return True


@job()
def import_upload(upload_id: int, attempt: int) -> None:
    """Import a confirmed upload, all rows or none, writing its progress as it goes."""
    started = _mark(upload_id, attempt, QUEUED, state=RUNNING, stage="read", heartbeat_at=utcnow())
    if not started:
        return  # cancelled, or queued again since: that run does the work
    upload = db.session.get(PendingUpload, upload_id)
    try:
        outcome = _run(upload, attempt)
    except Superseded:
        db.session.rollback()
        return
    except Exception:  # nothing was saved; the page offers to try again
        db.session.rollback()
        current_app.logger.exception("Import %d (attempt %d) failed", upload_id, attempt)
        _mark(upload_id, attempt, RUNNING, state=ERROR, stage="", heartbeat_at=utcnow())
        return
    if outcome is None or not outcome.saved:  # the preview lists the problems again
        db.session.rollback()
        _mark(upload_id, attempt, RUNNING, state=FAILED, stage="", heartbeat_at=utcnow())


def _run(upload: PendingUpload, attempt: int) -> Outcome | None:
    try:
        table = imports.read(upload.kind, io.BytesIO(upload.data), upload.filename)
    except TableError:
        return None
    progress = Progress(upload.id, attempt)

    def done(outcome: Outcome) -> None:  # in the import's own transaction
        finished = (
            update(_table)
            .where(_table.c.id == upload.id, _table.c.attempt == attempt)
            .values(
                state=DONE,
                stage="",
                rows_done=outcome.rows,
                data=b"",
                heartbeat_at=utcnow(),
                result=summary(outcome),
            )  # fmt: skip
        )
        if db.session.execute(finished).rowcount != 1:
            raise Superseded

    return imports.run(
        upload.kind,
        table,
        actor=db.session.get(User, upload.user_id),
        track=progress.track,
        source=upload.filename,
        accepted=upload.accepted or (),
        also=done,
    )


@periodic_job(crontab(minute="15"))
def drop_expired_uploads() -> None:
    """Hourly: uploads older than KEPT_FOR go, file and all, though nobody uploads again
    (the upload page drops them too). A run this catches saves nothing after it."""
    expired = delete(PendingUpload).where(PendingUpload.created_at < utcnow() - KEPT_FOR)
    db.session.execute(expired)
    db.session.commit()


def summary(outcome: Outcome) -> dict[str, Any]:
    """What the result page shows of a saved import."""
    return {
        "rows": outcome.rows,
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "status_changes": outcome.status_changes,
        "warnings": [str(warning) for warning in outcome.warnings[:50]],
    }


class Progress:
    """The import's `track`: rows checked so far, written at most once per BEAT."""

    def __init__(self, upload_id: int, attempt: int):
        self.upload_id, self.attempt = upload_id, attempt

    def track(self, items: Sequence[T], stage: str) -> Iterable[T]:
        if stage == "save":  # one mark: the import now holds its write lock
            self.write(stage="save", rows_done=_table.c.rows_total)
            return items
        self.write(stage="check", rows_total=len(items), rows_done=0)
        return self._counted(items)

    def _counted(self, items: Sequence[T]) -> Iterable[T]:
        last = monotonic()
        for number, item in enumerate(items):
            if monotonic() - last >= BEAT:
                self.write(rows_done=number)
                last = monotonic()
            yield item

    def write(self, **values) -> None:
        if not _mark(self.upload_id, self.attempt, RUNNING, heartbeat_at=utcnow(), **values):
            raise Superseded


def _mark(upload_id: int, attempt: int, expected: str, /, **values) -> bool:
    """Change the upload on a connection of its own, if it is still `expected` (a state)
    for this attempt; False when it is not (cancelled, or queued again)."""
    with db.engine.begin() as connection:
        row = _table.c
        change = (
            update(_table)
            .where(row.id == upload_id, row.attempt == attempt, row.state == expected)
            .values(**values)
        )
        return connection.execute(change).rowcount == 1


def lost(upload: PendingUpload) -> bool:
    """Queued or running without a sign of life for STALE: its worker is gone."""
    if upload.state not in (QUEUED, RUNNING):
        return False
    seen = upload.heartbeat_at or upload.queued_at
    return seen is None or seen < utcnow() - STALE


def status(upload: PendingUpload) -> dict[str, Any]:
    """The job's state for the page that polls it, with a sentence in the reader's language."""
    done, total = upload.rows_done, upload.rows_total
    if lost(upload):
        message = _("Impor terhenti: pekerja latar tidak menjawab. Belum ada yang disimpan.")
    elif upload.state == QUEUED:
        message = _("Menunggu giliran…")
    elif upload.state == RUNNING and upload.stage == "check":
        message = _(
            "Mengimpor baris %(done)s dari %(total)s…",
            done=format_number(done),
            total=format_number(total),
        )
    elif upload.state == RUNNING and upload.stage == "save":
        message = _("Menyimpan %(total)s baris…", total=format_number(total))
    elif upload.state == RUNNING:
        message = _("Membaca berkas…")
    elif upload.state == DONE:
        message = _("Impor selesai.")
    elif upload.state == FAILED:
        message = _("Impor tidak disimpan: ada masalah di berkas.")
    else:
        message = _("Impor gagal karena kesalahan sistem. Belum ada yang disimpan.")
    return {
        "state": upload.state,
        "stage": upload.stage,
        "rows_done": done,
        "rows_total": total,
        "lost": lost(upload),
        "finished": upload.state not in (QUEUED, RUNNING),
        "message": message,
    }
