"""Training the partner model in the background: a queued ModelVersion row, then a job.

The row is how every server knows a training is already on its way (so it is asked for
once, however many requests find no model) and how the officials' page shows its
progress; the job (`flask jobs worker`) fits and publishes it.
"""

from flask import current_app

from matchmaker.auth.models import User
from matchmaker.core.extensions import db
from matchmaker.core.jobs.queue import job
from matchmaker.matching import published, training
from matchmaker.matching.models import ModelVersion, VersionStatus


@job(retries=0)
def train_model(version_id: int) -> None:
    """Train and publish the queued version `version_id`, unless someone (a `flask train`
    run by hand) took it over already."""
    version = db.session.get(ModelVersion, version_id)
    if version is None or version.status != VersionStatus.QUEUED:
        current_app.logger.info("Model version %s is no longer queued: nothing to do", version_id)
        return
    current_app.logger.info("Training model version %s", version_id)
    training.fit_and_publish(training.start(version))


def request_training(user: User | None = None) -> tuple[ModelVersion, bool]:
    """Queue a training unless one is queued or running already; returns that version and
    whether it is new. The queue being unreachable fails the row, so the next call retries."""
    waiting = published.pending()
    if waiting is not None:
        return waiting, False
    version = ModelVersion(
        status=VersionStatus.QUEUED, requested_by_id=user.id if user is not None else None
    )
    db.session.add(version)
    db.session.commit()
    version_id = version.id
    try:
        train_model(version_id)
    except Exception as error:
        current_app.logger.error("Could not train model version %s: %s", version_id, error)
        version = db.session.get(ModelVersion, version_id)
        if version.status in published.PENDING:
            published.fail(version, f"{type(error).__name__}: {error}")
    return db.session.get(ModelVersion, version_id), True
