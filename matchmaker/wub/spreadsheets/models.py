"""Spreadsheets uploaded for preview, kept until the official confirms the import, then
imported by a job whose progress and result they hold."""

from datetime import datetime, timedelta

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from matchmaker.auth.models import utcnow
from matchmaker.core.extensions import db

# preview → queued (confirmed) → running (a worker took it) → done, or failed (a row's
# problem: nothing saved, the preview lists it) or error (an unexpected failure).
PREVIEW, QUEUED, RUNNING, DONE, FAILED, ERROR = (
    "preview", "queued", "running", "done", "failed", "error",
)  # fmt: skip
CONFIRMABLE = (PREVIEW, FAILED, ERROR)
KEPT_FOR = timedelta(hours=24)  # an upload is dropped a day after it came, file and result


class PendingUpload(db.Model):
    """A spreadsheet uploaded for preview, kept until the official confirms the import
    (or for a day), then imported by a job. In the database, file and progress alike, so
    the confirming request, the job and the progress page may each reach any server."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # cohorts, participants
    filename: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # The import job: its state, the suggestions accepted with the confirmation, and the
    # attempt it belongs to (a retry starts a new one; a job of an older one stops).
    state: Mapped[str] = mapped_column(String(12), default=PREVIEW, server_default=PREVIEW)
    accepted: Mapped[list | None] = mapped_column(JSON)
    attempt: Mapped[int] = mapped_column(default=0, server_default="0")
    stage: Mapped[str] = mapped_column(String(12), default="", server_default="")
    rows_done: Mapped[int] = mapped_column(default=0, server_default="0")
    rows_total: Mapped[int] = mapped_column(default=0, server_default="0")
    queued_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]  # the job's last sign of life
    result: Mapped[dict | None] = mapped_column(JSON)  # counts once done
