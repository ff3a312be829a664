"""Introductions between a small business and a company, and the partnerships they grow into."""

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.auth.models import User, _values, utcnow
from matchmaker.core.extensions import db
from matchmaker.matching.models import Kind
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)


class Status(enum.StrEnum):
    REQUESTED = "requested"  # one side asked the other
    PROPOSED = "proposed"  # an official proposed the pair to both
    ACCEPTED = "accepted"  # both said yes: contacts are shared
    MEETING = "meeting"
    AGREEMENT = "agreement"  # terms agreed: a partnership record exists from here on
    ACTIVE = "active"
    COMPLETED = "completed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


WAITING = frozenset({Status.REQUESTED, Status.PROPOSED})  # for one or both sides to say yes
ENDED = frozenset({Status.COMPLETED, Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED})
# States in which an introduction holds one of its programme's seats.
HOLDS_A_SEAT = frozenset(
    {Status.ACCEPTED, Status.MEETING, Status.AGREEMENT, Status.ACTIVE, Status.COMPLETED}
)
# The way forward after both accepted, one step at a time.
NEXT = {
    Status.ACCEPTED: Status.MEETING,
    Status.MEETING: Status.AGREEMENT,
    Status.AGREEMENT: Status.ACTIVE,
    Status.ACTIVE: Status.COMPLETED,
}


class Side(enum.StrEnum):
    BUSINESS = "business"
    COMPANY = "company"
    OFFICIAL = "official"


def _enum(enum_class, length: int = 16):
    return Enum(enum_class, native_enum=False, length=length, values_callable=_values)


class Introduction(db.Model):
    """A request (or an official's proposal) that a business and a company meet.

    At most one live introduction per business, company and kind: a partial unique
    index makes a second request for the same pair impossible, even when two arrive
    at once.
    """

    __table_args__ = (
        Index(
            "uq_introduction_live_pair",
            "business_id",
            "company_id",
            "kind",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("small_business.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[Kind] = mapped_column(_enum(Kind))
    need_id: Mapped[int | None] = mapped_column(
        ForeignKey("subcontracting_need.id", ondelete="SET NULL")
    )
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_programme.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[Status] = mapped_column(_enum(Status), index=True)
    started_by: Mapped[Side] = mapped_column(_enum(Side))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")
    business_accepted_at: Mapped[datetime | None]
    company_accepted_at: Mapped[datetime | None]
    reason_code: Mapped[str] = mapped_column(String(32), default="")
    reason_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status_since: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    # Bumped by every write: two answers read at once cannot both be saved unseen.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    business: Mapped[SmallBusiness] = relationship()
    company: Mapped[Company] = relationship()
    need: Mapped[SubcontractingNeed | None] = relationship()
    programme: Mapped[MentoringProgramme | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    messages: Mapped[list["IntroductionMessage"]] = relationship(
        back_populates="introduction",
        cascade="all, delete-orphan",
        order_by="IntroductionMessage.id",
    )
    partnership: Mapped["Partnership | None"] = relationship(
        back_populates="introduction", cascade="all, delete-orphan", uselist=False
    )

    @property
    def offer(self) -> SubcontractingNeed | MentoringProgramme | None:
        return self.need or self.programme

    @property
    def both_accepted(self) -> bool:
        return self.business_accepted_at is not None and self.company_accepted_at is not None

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING

    @property
    def has_ended(self) -> bool:
        return self.status in ENDED


class IntroductionMessage(db.Model):
    """One message in the short thread between the two sides (and officials)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(
        ForeignKey("introduction.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    introduction: Mapped[Introduction] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()


class ValueBand(enum.StrEnum):
    """Value of a subcontracting partnership per month, in rupiah."""

    UNDER_10M = "lt10m"
    FROM_10M = "10m-50m"
    FROM_50M = "50m-200m"
    OVER_200M = "gt200m"


class Outcome(enum.StrEnum):
    SUCCEEDED = "succeeded"  # delivered or coached as agreed
    PARTLY = "partly"
    STOPPED = "stopped"


class Partnership(db.Model):
    """What the two sides agreed, from `agreement` on, and how it ended."""

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(
        ForeignKey("introduction.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[Kind] = mapped_column(_enum(Kind))
    start_date: Mapped[date]
    # subcontracting
    items: Mapped[str] = mapped_column(Text, default="")
    volume_per_month: Mapped[int | None]
    volume_unit: Mapped[str] = mapped_column(String(40), default="")
    value_band: Mapped[ValueBand | None] = mapped_column(_enum(ValueBand))
    # mentoring
    topics: Mapped[str] = mapped_column(Text, default="")
    sessions: Mapped[int | None]
    end_date: Mapped[date | None]
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    introduction: Mapped[Introduction] = relationship(back_populates="partnership")
    notes: Mapped[list["ProgressNote"]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="ProgressNote.id"
    )


class ProgressNote(db.Model):
    """A note on how a partnership is going, by either side or an official."""

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnership.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    partnership: Mapped[Partnership] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()
