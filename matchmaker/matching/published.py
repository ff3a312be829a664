"""The published partner model: every version's file kept in the database, in chunks, so
that every app server sharing the database serves the same model.

A training writes its file locally, then `publish` streams it into ModelChunk rows and
marks the version ready. A server finds the newest ready version (`newest`), and when its
local copy is not that one, `download` streams the chunks into a temporary file beside
it, checks the sha256 and renames it into place. Neither ever holds the whole file in
memory. `prune` deletes the bytes of old versions, never those of the newest.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, insert, select, update

from matchmaker.core import params
from matchmaker.core.dates import utcnow
from matchmaker.core.extensions import db
from matchmaker.matching.models import ModelChunk, ModelVersion, VersionStatus

CHUNK_BYTES = 8 * 1024 * 1024
PENDING = (VersionStatus.QUEUED, VersionStatus.TRAINING)


class DownloadError(Exception):
    """The published bytes did not arrive whole (missing chunk, wrong size or sha256)."""


@dataclass(frozen=True)
class Published:
    """What a server needs to know about a ready version to fetch and serve it."""

    id: int
    sha256: str
    size: int
    chunks: int
    started_at: datetime | None
    trained_at: datetime | None


def newest() -> Published | None:
    """The newest ready version, in one small query, or None before the first training."""
    row = db.session.execute(
        select(
            ModelVersion.id,
            ModelVersion.sha256,
            ModelVersion.size,
            ModelVersion.chunks,
            ModelVersion.started_at,
            ModelVersion.trained_at,
        )
        .where(ModelVersion.status == VersionStatus.READY)
        .order_by(ModelVersion.id.desc())
        .limit(1)
    ).first()
    return Published(*row) if row else None


def local_path(base: Path, version: Published | ModelVersion) -> Path:
    """Where a version's file lives beside MODEL_PATH: its number and the start of its hash
    in the name, so a copy of another version (or another database's) never passes."""
    return base.with_name(f"{base.stem}-v{version.id}-{version.sha256[:12]}{base.suffix}")


def publish(version: ModelVersion, path: Path) -> None:
    """Stream the file at `path` into chunks of `version` and mark it ready (one commit)."""
    digest, size, seq = hashlib.sha256(), 0, 0
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK_BYTES):
            digest.update(block)
            size += len(block)
            # Core insert: the ORM would keep every chunk in its identity map.
            db.session.execute(
                insert(ModelChunk), {"version_id": version.id, "seq": seq, "data": block}
            )
            seq += 1
    version.size, version.chunks, version.sha256 = size, seq, digest.hexdigest()
    version.status, version.trained_at, version.stage = VersionStatus.READY, utcnow(), ""
    db.session.commit()


def download(version: Published, target: Path) -> None:
    """Fetch a version's chunks, one at a time, into `target` (atomically, sha256 checked)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as handle:
            for seq in range(version.chunks):
                block = db.session.scalar(
                    select(ModelChunk.data).where(
                        ModelChunk.version_id == version.id, ModelChunk.seq == seq
                    )
                )
                if block is None:
                    raise DownloadError(f"version {version.id} has no chunk {seq}")
                digest.update(block)
                size += len(block)
                handle.write(block)
        db.session.rollback()  # end the read transaction: no snapshot held while serving
        if size != version.size or digest.hexdigest() != version.sha256:
            raise DownloadError(f"version {version.id} arrived with another size or sha256")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def forget_old_files(base: Path, version_id: int) -> None:
    """Delete the files of versions older than `version_id` beside MODEL_PATH (never a
    newer one another worker has just fetched; one still reading an old file keeps its
    bytes through its open handle, on POSIX)."""
    for other in base.parent.glob(f"{base.stem}-v*{base.suffix}"):
        number = other.name[len(base.stem) + 2 :].split("-", 1)[0]
        if params.ascii_digits(number) and int(number) < version_id:
            other.unlink(missing_ok=True)


def prune(keep: int) -> int:
    """Delete the bytes of ready versions older than the newest `keep` (at least one, the
    one being served); their rows stay as history. Returns how many were pruned."""
    ready = db.session.scalars(
        select(ModelVersion.id)
        .where(ModelVersion.status == VersionStatus.READY)
        .order_by(ModelVersion.id.desc())
    ).all()
    old = ready[max(keep, 1) :]
    if old:
        db.session.execute(delete(ModelChunk).where(ModelChunk.version_id.in_(old)))
        db.session.execute(
            update(ModelVersion)
            .where(ModelVersion.id.in_(old))
            .values(status=VersionStatus.PRUNED, chunks=0)
        )
        db.session.commit()
    return len(old)


def pending() -> ModelVersion | None:
    """The training queued or running now, if any; one stuck longer than
    MODEL_TRAINING_TIMEOUT (its worker died) is marked failed and does not count."""
    found = db.session.scalars(
        select(ModelVersion)
        .where(ModelVersion.status.in_(PENDING))
        .order_by(ModelVersion.id.desc())
    ).all()
    limit = utcnow() - timedelta(seconds=current_app.config["MODEL_TRAINING_TIMEOUT"])
    alive = None
    for version in found:
        if (version.started_at or version.queued_at) < limit:
            fail(version, "timed out")
        elif alive is None:
            alive = version
    return alive


def fail(version: ModelVersion, error: str) -> None:
    """Record that a training failed and drop any bytes it had uploaded."""
    db.session.rollback()
    db.session.execute(delete(ModelChunk).where(ModelChunk.version_id == version.id))
    version.status, version.error = VersionStatus.FAILED, error[:2000]
    db.session.commit()


def has_later(version_id: int) -> bool:
    """Whether a training was asked for after `version_id` (whatever became of it)."""
    return (
        db.session.scalar(select(ModelVersion.id).where(ModelVersion.id > version_id).limit(1))
        is not None
    )


def latest_ready() -> ModelVersion | None:
    """The newest ready version, as a full row (for the officials' page and the API)."""
    return db.session.scalar(
        select(ModelVersion)
        .where(ModelVersion.status == VersionStatus.READY)
        .order_by(ModelVersion.id.desc())
        .limit(1)
    )


def latest_failed(after: int) -> ModelVersion | None:
    """The newest failed training after version `after` (one before it no longer matters)."""
    return db.session.scalar(
        select(ModelVersion)
        .where(ModelVersion.status == VersionStatus.FAILED, ModelVersion.id > after)
        .order_by(ModelVersion.id.desc())
        .limit(1)
    )


@dataclass
class ModelStatus:
    """What the officials' page and GET /api/v1/model show: the newest published version,
    the training queued or running, and the last training that failed after it."""

    ready: ModelVersion | None
    pending: ModelVersion | None
    failed: ModelVersion | None
    served: Published | None  # what the asking process serves now


def status(served: Published | None) -> ModelStatus:
    """The published model and its trainings, in a few small queries."""
    ready = latest_ready()
    return ModelStatus(ready, pending(), latest_failed(after=ready.id if ready else 0), served)
