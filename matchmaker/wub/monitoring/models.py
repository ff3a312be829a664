"""Monitoring visits (pemantauan): what an officer found at a WUB business, with photos."""

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, backref, deferred, mapped_column, relationship

from matchmaker.auth.models import User, _values, utcnow
from matchmaker.core.extensions import db
from matchmaker.wub.cohorts.models import Participant


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
    revenue_band: Mapped[RevenueBand | None] = mapped_column(
        Enum(RevenueBand, native_enum=False, length=16, values_callable=_values)
    )
    partner_orders: Mapped[
        int | None
    ]  # orders received from partner companies since the last visit
    problems: Mapped[str] = mapped_column(String(200), default="")  # Problem codes, comma-separated
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship(
        backref=backref(
            "visits",
            cascade="all, delete-orphan",
            order_by="(MonitoringVisit.visited_on.desc(), MonitoringVisit.id.desc())",
        )
    )
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
