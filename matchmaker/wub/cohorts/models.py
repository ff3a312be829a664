"""Training cohorts, their participants (WUB) and each participant's status over time."""

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, Enum, ForeignKey, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from matchmaker.auth.models import User, _values, utcnow
from matchmaker.core.extensions import db
from matchmaker.profiles.models import SmallBusiness
from matchmaker.reference.models import Kecamatan


def _enum(enum_class, length: int = 16):
    return Enum(enum_class, native_enum=False, length=length, values_callable=_values)


class WubStatus(enum.StrEnum):
    SELECTED = "selected"  # chosen for a cohort
    IN_TRAINING = "in_training"
    TRAINED = "trained"  # finished the training: counts as a WUB
    STARTED = "started"  # the business has started (and has a profile)
    OPERATING = "operating"
    GROWING = "growing"
    STALLED = "stalled"
    CLOSED = "closed"


# The way a trainee is meant to go, in order; STALLED and CLOSED are off the path.
PATH = (
    WubStatus.SELECTED,
    WubStatus.IN_TRAINING,
    WubStatus.TRAINED,
    WubStatus.STARTED,
    WubStatus.OPERATING,
    WubStatus.GROWING,
)
# Statuses in which the training was finished, whatever happened afterwards.
TRAINED_OR_LATER = frozenset(PATH[2:]) | {WubStatus.STALLED}
# Statuses of a business that has started: monitoring visits are due for these.
IN_BUSINESS = frozenset(
    {WubStatus.STARTED, WubStatus.OPERATING, WubStatus.GROWING, WubStatus.STALLED}
)


class Education(enum.StrEnum):
    NONE = "none"  # no schooling finished
    SD = "sd"
    SMP = "smp"
    SLTA = "slta"  # SMA, SMK, MA: the programme's priority group when not continuing
    DIPLOMA = "diploma"
    SARJANA = "sarjana"


class Cohort(db.Model):
    """One training batch: where and when a group of trainees learnt a trade."""

    __table_args__ = (UniqueConstraint("name", "year", name="uq_cohort_name_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), index=True)
    year: Mapped[int] = mapped_column(index=True)
    trade: Mapped[str] = mapped_column(String(32), index=True)
    destination: Mapped[str] = mapped_column(String(160), default="")  # e.g. Cepogo, Boyolali
    seksi: Mapped[str] = mapped_column(String(8), index=True)  # see brokering.seksi
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    budget_source: Mapped[str] = mapped_column(String(60), default="APBD")
    budget: Mapped[int | None] = mapped_column(BigInteger)  # rupiah, as budgeted
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    participants: Mapped[list["Participant"]] = relationship(
        back_populates="cohort", order_by="Participant.name"
    )


class Participant(db.Model):
    """A trainee (WUB) of a cohort; linked to a small business once it has started."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    phone: Mapped[str] = mapped_column(String(20), default="", index=True)  # +62…
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    education: Mapped[Education | None] = mapped_column(_enum(Education))
    # The programme's priority group: an SLTA graduate who is not continuing school.
    priority: Mapped[bool] = mapped_column(default=False)
    birth_date: Mapped[date | None]
    trade: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[WubStatus] = mapped_column(_enum(WubStatus), index=True)
    status_since: Mapped[date]
    business_id: Mapped[int | None] = mapped_column(
        ForeignKey("small_business.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="participants")
    kecamatan: Mapped[Kecamatan] = relationship()
    business: Mapped[SmallBusiness | None] = relationship()
    history: Mapped[list["StatusChange"]] = relationship(
        back_populates="participant",
        cascade="all, delete-orphan",
        order_by="(StatusChange.changed_on, StatusChange.id)",
    )
    # `visits` (newest first) is declared by monitoring.models, which knows what a visit is.


# How many participants a cohort has: one subquery, loaded when read (undefer it for a list).
Cohort.participant_count = column_property(
    select(func.count(Participant.id))
    .where(Participant.cohort_id == Cohort.id)
    .correlate_except(Participant)
    .scalar_subquery(),
    deferred=True,
)


class StatusChange(db.Model):
    """One step of a participant's WUB status: what, from what, on which day, by whom."""

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[WubStatus] = mapped_column(_enum(WubStatus))
    previous: Mapped[WubStatus | None] = mapped_column(_enum(WubStatus))
    changed_on: Mapped[date] = mapped_column(index=True)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="history")
    changed_by: Mapped[User | None] = relationship()
