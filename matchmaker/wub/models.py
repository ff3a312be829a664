"""The Wirausaha Baru (WUB) programme: cohorts, participants, their status over time,
monitoring visits and targets."""

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, Enum, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from matchmaker.auth.models import User, _values, utcnow
from matchmaker.extensions import db
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


class RevenueBand(enum.StrEnum):
    """Monthly revenue of a WUB business, in rupiah."""

    UNDER_1M = "lt1m"
    FROM_1M = "1m-5m"
    FROM_5M = "5m-10m"
    FROM_10M = "10m-25m"
    OVER_25M = "gt25m"


class Problem(enum.StrEnum):
    """What holds a business back, as ticked on a monitoring visit."""

    RAW_MATERIALS = "raw_materials"
    CAPITAL = "capital"
    MARKETING = "marketing"
    QUALITY = "quality"
    EQUIPMENT = "equipment"


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
    visits: Mapped[list["MonitoringVisit"]] = relationship(
        back_populates="participant",
        cascade="all, delete-orphan",
        order_by="(MonitoringVisit.visited_on.desc(), MonitoringVisit.id.desc())",
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


class MonitoringVisit(db.Model):
    """A monitoring visit (pemantauan) to a WUB business: what the officer found."""

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    visited_on: Mapped[date] = mapped_column(index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    operating: Mapped[bool]
    employees: Mapped[int | None]
    revenue_band: Mapped[RevenueBand | None] = mapped_column(_enum(RevenueBand))
    partner_orders: Mapped[
        int | None
    ]  # orders received from partner companies since the last visit
    problems: Mapped[str] = mapped_column(String(200), default="")  # Problem codes, comma-separated
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="visits")
    officer: Mapped[User | None] = relationship()
    photos: Mapped[list["VisitPhoto"]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="VisitPhoto.id"
    )

    @property
    def problem_list(self) -> list[str]:
        return [p for p in self.problems.split(",") if p]


class VisitPhoto(db.Model):
    """A photo taken on a visit, re-encoded as JPEG (no metadata) after its content was
    checked. Kept in the database so every app server sees it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("monitoring_visit.id", ondelete="CASCADE"), index=True
    )
    width: Mapped[int]
    height: Mapped[int]
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    visit: Mapped[MonitoringVisit] = relationship(back_populates="photos")


class TargetScope(enum.StrEnum):
    REGENCY = "regency"  # the regent's target, every department together
    DEPARTMENT = "department"  # Dinas Perindustrian
    ILMO = "ILMO"
    IET = "IET"
    IKA = "IKA"


class Target(db.Model):
    """How many WUB a scope (the regency, the Department or one Seksi) aims for in a year."""

    __table_args__ = (UniqueConstraint("year", "scope", name="uq_target_year_scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    scope: Mapped[TargetScope] = mapped_column(_enum(TargetScope))
    count: Mapped[int]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


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
