"""Inbox items and each user's choice of which ones also come by e-mail."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.auth.models import _values, utcnow
from matchmaker.extensions import db


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
