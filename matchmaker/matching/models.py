"""What people said about suggested pairs: the labels the model learns from."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.auth.models import User, _values, utcnow
from matchmaker.core.extensions import db


class Kind(enum.StrEnum):
    SUBCONTRACTING = "subcontracting"
    MENTORING = "mentoring"


class FeedbackSource(enum.StrEnum):
    OWNER = "owner"  # an owner asked for an introduction (interest)
    CSR = "csr"  # CSR staff asked for one
    OFFICIAL = "official"  # an official's verdict on a suggested pair


class MatchFeedback(db.Model):
    """One person's judgement of a business–company pair: +1 a good match, -1 not."""

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("small_business.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[Kind] = mapped_column(
        Enum(Kind, native_enum=False, length=16, values_callable=_values)
    )
    need_id: Mapped[int | None] = mapped_column(
        ForeignKey("subcontracting_need.id", ondelete="SET NULL")
    )
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_programme.id", ondelete="SET NULL")
    )
    source: Mapped[FeedbackSource] = mapped_column(
        Enum(FeedbackSource, native_enum=False, length=16, values_callable=_values)
    )
    verdict: Mapped[int]
    reason: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()
