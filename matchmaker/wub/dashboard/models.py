"""WUB targets per year and scope (the regency, the Department, each Seksi)."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.auth.models import _values, utcnow
from matchmaker.core.extensions import db


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
    scope: Mapped[TargetScope] = mapped_column(
        Enum(TargetScope, native_enum=False, length=16, values_callable=_values)
    )
    count: Mapped[int]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
