"""Inbox items and each user's choice of which ones also come by e-mail."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.auth.models import _values, utcnow
from matchmaker.core.extensions import db


class Topic(enum.StrEnum):
    """What a notification is about; users turn e-mail on or off per topic."""

    REQUESTS = "requests"  # new requests and proposals, and answers to one's own
    MESSAGES = "messages"
    REMINDERS = "reminders"  # an unanswered request about to expire
    PROGRESS = "progress"  # meeting, agreement, progress notes, completion


class Notification(db.Model):
    """One item in a user's inbox. The text is rendered in the reader's language from
    `message_key` and `params` when shown, not stored in one language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    topic: Mapped[Topic] = mapped_column(
        Enum(Topic, native_enum=False, length=16, values_callable=_values)
    )
    message_key: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    emailed: Mapped[bool] = mapped_column(default=False)


class EmailSetting(db.Model):
    """A user's choice for one topic; without a row, e-mail is on."""

    __table_args__ = (UniqueConstraint("user_id", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    topic: Mapped[Topic] = mapped_column(
        Enum(Topic, native_enum=False, length=16, values_callable=_values)
    )
    email: Mapped[bool] = mapped_column(default=True)


class OutgoingEmail(db.Model):
    """An e-mail in the outbox: written in the transaction of the change it announces,
    sent once that commits, and tried again later while sending fails."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Pending mail goes with the account when it is deleted.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # When the next attempt is due; None once sent or given up.
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(String(500), default="")
