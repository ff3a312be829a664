"""Spreadsheets uploaded for preview, kept until the official confirms the import."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from matchmaker.auth.models import utcnow
from matchmaker.core.extensions import db


class PendingUpload(db.Model):
    """A spreadsheet uploaded for preview, kept until the official confirms the import
    (or for a day). In the database, so the confirming request may reach any server."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # cohorts, participants
    filename: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
