"""What people said about suggested pairs: the labels the model learns from."""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Enum, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.auth.models import User, _values, utcnow
from matchmaker.core.extensions import db


class VersionStatus(enum.StrEnum):
    QUEUED = "queued"  # a training job waits on the queue
    TRAINING = "training"  # a job or `flask train` is fitting it
    READY = "ready"  # published: every server downloads and serves the newest of these
    FAILED = "failed"  # the training or the upload failed (see error)
    PRUNED = "pruned"  # an old version whose bytes were deleted; the row stays as history


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


class ModelVersion(db.Model):
    """One training of the partner model: queued, running, then published (its file in
    ModelChunk rows) for every app server to download; the id is the version number."""

    __table_args__ = {"sqlite_autoincrement": True}  # a version number is never reused

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[VersionStatus] = mapped_column(
        Enum(VersionStatus, native_enum=False, length=16, values_callable=_values), index=True
    )
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]  # when training read the records
    trained_at: Mapped[datetime | None]  # when it was published
    stage: Mapped[str] = mapped_column(String(200), default="")  # training progress
    error: Mapped[str] = mapped_column(Text, default="")
    businesses: Mapped[int] = mapped_column(default=0)
    offers: Mapped[int] = mapped_column(default=0)
    decisions: Mapped[int] = mapped_column(default=0)
    size: Mapped[int] = mapped_column(BigInteger, default=0)  # bytes of the model file
    chunks: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # A refit (PartnerModel.refit) of this earlier version; None: a full fit.
    based_on: Mapped[int | None]


class ModelChunk(db.Model):
    """A piece (MODEL_CHUNK_BYTES at most) of a published model file, in order."""

    version_id: Mapped[int] = mapped_column(
        ForeignKey("model_version.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
