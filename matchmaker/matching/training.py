"""Training the partner model on the whole database and publishing it as a new version.

Runs in `flask train` and in the training job (matching.tasks), never in a web request
(except where jobs run at once: tests, JOBS_IMMEDIATE).
"""

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from matchmaker.core.dates import utcnow
from matchmaker.core.extensions import db
from matchmaker.matching import judged, published, records
from matchmaker.matching.models import MatchFeedback, ModelVersion, VersionStatus
from ml import persist
from ml.model import PartnerModel

Decision = tuple[int, int, str, int]  # (business_id, offer key, kind, label)
# Introductions teach the model too; brokering keeps them and sits above matching, so it
# lends their decisions when it loads (brokering.outcomes).
_decision_sources: list[Callable[[], Iterable[Decision]]] = []


def learn_from(source: Callable[[], Iterable[Decision]]) -> None:
    """Add `source()`'s decisions to what the model is trained on."""
    if source not in _decision_sources:
        _decision_sources.append(source)


def training_decisions() -> list[Decision]:
    """What people decided about pairs, as (business_id, offer key, kind, label): their
    verdicts on suggestions, then what the lent sources decided (introductions)."""
    decisions = []
    for feedback in db.session.scalars(select(MatchFeedback)):
        record_id = feedback.need_id if feedback.kind == "subcontracting" else feedback.programme_id
        if record_id is not None:
            key = records.offer_key(feedback.kind, record_id)
            decisions.append((feedback.business_id, key, str(feedback.kind), feedback.verdict))
    for source in _decision_sources:
        decisions.extend(source())
    return decisions


def model_base() -> Path:
    """MODEL_PATH: the versions' local files are named after it, in its folder."""
    return Path(current_app.config["MODEL_PATH"])


def start(version: ModelVersion | None = None) -> ModelVersion:
    """Mark `version` (a queued one), else the queued one if any, else a new row, as
    training now: a `flask train` run by hand takes over a job still waiting."""
    version = version or published.pending()
    if version is None or version.status != VersionStatus.QUEUED:
        version = ModelVersion(status=VersionStatus.TRAINING)
        db.session.add(version)
    version.status, version.started_at, version.stage = VersionStatus.TRAINING, utcnow(), ""
    db.session.commit()
    return version


def fit_and_publish(version: ModelVersion, progress=None) -> tuple[PartnerModel, Path]:
    """Fit a model on the whole database, publish it as `version`, prune old versions;
    returns the model and its local file (the local cache). A failure is recorded."""
    version_id = version.id

    def report(stage: str) -> None:
        db.session.execute(
            ModelVersion.__table__.update()
            .where(ModelVersion.id == version_id)
            .values(stage=str(stage)[:200])
        )
        db.session.commit()
        if progress is not None:
            progress(stage)

    base = model_base()
    try:
        businesses, offers = records.all_records()
        decisions = training_decisions()
        model = PartnerModel().fit(businesses, offers, decisions, progress=report)
        judged.keep_what_passes(model)
        version.businesses, version.offers = len(model.businesses_), len(model.offers_)
        version.decisions = len(decisions)
        report("publishing")
        fd, tmp = tempfile.mkstemp(dir=_folder(base), prefix=base.name, suffix=".tmp")
        os.close(fd)
        try:
            persist.save(model, tmp)
            published.publish(version, Path(tmp))
            path = published.local_path(base, version)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except Exception as error:
        published.fail(version, f"{type(error).__name__}: {error}")
        raise
    published.forget_old_files(base, version.id)
    published.prune(current_app.config["MODEL_KEEP_VERSIONS"])
    return model, path


def _folder(base: Path) -> Path:
    base.parent.mkdir(parents=True, exist_ok=True)
    return base.parent
