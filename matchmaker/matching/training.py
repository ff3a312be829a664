"""Training the partner model on the whole database and publishing it as a new version.

Runs in `flask train` and in the training job (matching.tasks), never in a web request
(except where jobs run at once: tests, JOBS_IMMEDIATE).
"""

import os
import tempfile
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from matchmaker.core.dates import utcnow
from matchmaker.core.extensions import db
from matchmaker.matching import judged, published, records
from matchmaker.matching.models import MatchFeedback, ModelVersion, VersionStatus
from matchmaker.profiles.models import SmallBusiness
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


def fit_and_publish(
    version: ModelVersion, progress=None, full: bool = False
) -> tuple[PartnerModel, Path]:
    """Fit a model on the whole database (or refit the newest version, see `refit`,
    unless `full`), publish it as `version`, prune old versions; returns the model and its
    local file (the local cache). A failure is recorded."""
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
        decisions = training_decisions()
        model = None if full else refit(version, decisions, report)
        if model is None:
            businesses, offers = records.all_records()
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


def refit(version: ModelVersion, decisions: list, report) -> PartnerModel | None:
    """The newest published model brought up to date by PartnerModel.refit (its text
    space, projections and centroids kept; seconds where a full fit takes minutes), or
    None when a full fit is due: no version yet, at least MODEL_REFITS_BEFORE_FULL refits
    since the last full fit, more than MODEL_REFIT_MAX_SHARE of the businesses changed
    since it was trained, or its file unreadable here (other library versions).

    Businesses changed since the base's training started (less a minute for another
    server's clock) come in, deleted ones go out; every offer is read again, since an
    offer's availability also moves without an edit (seats taken, a deadline passing) and
    offers are few beside businesses. Terms no profile used before stay unknown until the
    next full fit, as they do for profiles taken in between trainings."""
    config = current_app.config
    base = published.newest()
    if base is None or base.started_at is None:
        return None
    if _refits_since_full(base.id) >= config["MODEL_REFITS_BEFORE_FULL"]:
        return None
    since = base.started_at - timedelta(minutes=1)
    total = db.session.scalar(select(func.count()).select_from(SmallBusiness)) or 0
    changed_count = db.session.scalar(
        select(func.count()).select_from(SmallBusiness).where(SmallBusiness.updated_at >= since)
    )
    if not total or changed_count > config["MODEL_REFIT_MAX_SHARE"] * total:
        return None
    path = published.local_path(model_base(), base)
    try:
        if not path.exists():
            _folder(path)
            published.download(base, path)
        previous = persist.load(path)
    except (persist.ModelFileError, published.DownloadError, OSError) as error:
        current_app.logger.warning("Fitting in full: version %s unusable: %s", base.id, error)
        return None
    report(f"refitting version {base.id}: {changed_count} businesses changed")
    changed = records.business_records(since)
    offers = records.all_offers()
    ids = set(db.session.scalars(select(SmallBusiness.id)))
    offer_ids = {o.id for o in offers}
    gone = [i for i, _ in previous.businesses_.row_of.items() if i not in ids]
    gone_offers = [i for i, _ in previous.offers_.row_of.items() if i not in offer_ids]
    model = previous.refit(changed, offers, gone, gone_offers, decisions)
    version.based_on = base.id
    return model


def _refits_since_full(version_id: int) -> int:
    """How many refits lead from the last full fit to `version_id`."""
    count = 0
    while (based_on := db.session.get(ModelVersion, version_id).based_on) is not None:
        count, version_id = count + 1, based_on
    return count


def _folder(base: Path) -> Path:
    base.parent.mkdir(parents=True, exist_ok=True)
    return base.parent
