"""Suggestions for the app: the shared model, kept fresh, read into view-ready rows."""

import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
from flask import current_app, g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from matchmaker.auth.models import utcnow
from matchmaker.core.extensions import db
from matchmaker.core.validation import DomainError
from matchmaker.matching import published, records, tasks, training
from matchmaker.matching.training import Decision, learn_from, training_decisions
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from ml import persist
from ml.model import PartnerModel, Suggestion

__all__ = ["Decision", "ModelPreparing", "get_model", "learn_from", "train", "training_decisions"]

_lock = threading.RLock()
# Per process: the model, its version (published.Published) and local file, when it last
# synced, and when (monotonic) the newest published version was last looked up.
_state: dict = {}


class ModelPreparing(DomainError):
    """No model is published yet (or this server could not fetch it): a training is
    queued and suggestions are being prepared; 503 with Retry-After for pages and API."""

    status, code = 503, "model_preparing"
    headers = {"Retry-After": "30"}  # noqa: RUF012 (read only)

    def __init__(self):
        super().__init__(_("Saran sedang disiapkan… Coba lagi dalam beberapa menit."))


def model_path() -> Path:
    """The local file of the version this process serves (MODEL_PATH before it has one)."""
    return _state.get("path") or training.model_base()


def train(progress=None, full: bool = False) -> PartnerModel:
    """Fit a new model on the whole database (or refit the newest version when few
    profiles changed, unless `full`: training.refit), publish it as a new version, keep
    its file as the local cache and serve it in this process."""
    version = training.start()
    model, path = training.fit_and_publish(version, progress=progress, full=full)
    with _lock:
        # It read every record committed before it started: sync from then on.
        _install(model, published.newest(), path, margin=timedelta(0))
    return model


def model_status() -> published.ModelStatus:
    """The published model, its trainings, and the version this process serves."""
    return published.status(served=_state.get("version"))


def served_version() -> published.Published | None:
    """The published version this process serves (None before it has loaded one)."""
    return _state.get("version")


def get_model() -> PartnerModel:
    """This process's model: the newest published version (looked up at most every
    MODEL_CHECK_SECONDS), downloaded when the local file is not that version (or was
    deleted), and brought up to date with every profile edited since it was trained.
    ModelPreparing when none is published yet: a training is queued, never run here."""
    with _lock:
        newest = _newest()
        if newest is None:
            tasks.request_training()  # runs at once under JOBS_IMMEDIATE (tests)
            newest = _newest(force=True)
        if newest is None:
            if _state.get("model") is None:
                raise ModelPreparing()
        elif newest != _state.get("version"):
            _fetch_and_load(newest)
        elif not _state["path"].exists():
            # Deleted under us: a newer version replaced it, or fetch it again.
            newest = _newest(force=True)
            if newest is not None and newest != _state.get("version"):
                _fetch_and_load(newest)
            elif newest is not None:
                _fetch(newest)
        _sync()
        return _state["model"]


def _newest(force: bool = False) -> published.Published | None:
    """The newest published version as last looked up: looked up again at most every
    MODEL_CHECK_SECONDS, and once per request (a page may ask the model many times)."""
    every = current_app.config["MODEL_CHECK_SECONDS"]
    now = time.monotonic()
    looked = has_request_context() and g.get("model_looked_up")
    if force or "checked" not in _state or (not looked and now - _state["checked"] >= every):
        _state["newest"], _state["checked"] = published.newest(), now
        if has_request_context():
            g.model_looked_up = True
    return _state["newest"]


def _fetch(version: published.Published) -> Path:
    """The local file of `version`, downloaded unless a worker beside us already did."""
    base = training.model_base()
    path = published.local_path(base, version)
    if not path.exists() or path.stat().st_size != version.size:
        current_app.logger.info("Downloading model version %s to %s", version.id, path)
        published.download(version, path)
        published.forget_old_files(base, version.id)
    return path


def _fetch_and_load(version: published.Published) -> None:
    try:
        model, path = _load(version)
    except persist.ModelVersionError as error:
        # Published by a server with other library versions: ask (once) for a training,
        # which runs where the job worker runs; until then keep what this process has.
        current_app.logger.warning("Model version %s: %s", version.id, error)
        if not published.has_later(version.id):
            tasks.request_training()
        newer = _newest(force=True)
        if newer is None or newer == version:
            return _cannot_serve(version, error)
        try:
            (model, path), version = _load(newer), newer
        except (OSError, published.DownloadError, persist.ModelFileError) as again:
            return _cannot_serve(newer, again)
    except (OSError, published.DownloadError, persist.ModelFileError) as error:
        return _cannot_serve(version, error)
    _install(model, version, path)


def _load(version: published.Published) -> tuple[PartnerModel, Path]:
    path = _fetch(version)
    try:
        return persist.load(path), path
    except persist.ModelVersionError:
        raise
    except persist.ModelFileError as error:  # a damaged local copy: fetch it once more
        current_app.logger.warning("Downloading model version %s again: %s", version.id, error)
        path.unlink(missing_ok=True)
        path = _fetch(version)
        return persist.load(path), path


def _cannot_serve(version: published.Published, error: Exception) -> None:
    """Keep serving the model this process has; with none, suggestions are 'preparing'."""
    current_app.logger.error("Cannot serve model version %s: %s", version.id, error)
    if _state.get("model") is None:
        raise ModelPreparing() from error


def _install(
    model: PartnerModel,
    version: published.Published | None,
    path: Path,
    margin: timedelta = timedelta(minutes=1),
) -> None:
    """Serve `model`; records edited since its training started are fed in by _sync (with
    a margin for another server's clock when it was trained elsewhere)."""
    since = version.started_at if version and version.started_at else utcnow()
    _state.update(
        model=model,
        version=version,
        path=path,
        synced_at=since - margin,
        newest=version,
        checked=time.monotonic(),
    )


def _sync() -> None:
    """Feed the model every business, need and programme changed since the last sync."""
    model, since = _state["model"], _state["synced_at"]
    now = utcnow() - timedelta(seconds=2)  # margin for writes committing right now
    changed = db.session.scalars(
        select(SmallBusiness)
        .options(joinedload(SmallBusiness.kecamatan))
        .where(SmallBusiness.updated_at >= since)
    ).all()
    for business in changed:
        model.update_business(records.business_record(business))
    companies = db.session.scalars(
        select(Company)
        .options(selectinload(Company.needs), selectinload(Company.programmes))
        .where(
            (Company.updated_at >= since)
            | Company.id.in_(
                select(SubcontractingNeed.company_id).where(SubcontractingNeed.updated_at >= since)
            )
            | Company.id.in_(
                select(MentoringProgramme.company_id).where(MentoringProgramme.updated_at >= since)
            )
        )
    ).all()
    for company in companies:
        refresh_company(model, company)
    _state["synced_at"] = max(since, now)


def refresh_company(model: PartnerModel, company: Company) -> None:
    """Re-read all of a company's offers; ones deleted since are retired."""
    current = records.offer_records(company)
    keep = {o.id for o in current}
    for record in current:
        model.update_offer(record)
    columns = model.offers_.columns
    rows = np.flatnonzero(columns["alive"] & (columns["company"] == company.id))
    for offer_id in {model.offers_.records[row].id for row in rows} - keep:
        model.remove_offer(offer_id)


def forget_business(business_id: int) -> None:
    """Drop a deleted business from this process's model."""
    with _lock:
        if _state.get("model") is not None:
            _state["model"].remove_business(business_id)


def reset() -> None:
    """Forget the in-memory model (tests, and after the database was replaced)."""
    with _lock:
        _state.clear()


@dataclass
class SuggestedCompany:
    suggestion: Suggestion
    company: Company
    offer: SubcontractingNeed | MentoringProgramme


@dataclass
class SuggestedBusiness:
    suggestion: Suggestion
    business: SmallBusiness
    offer: SubcontractingNeed | MentoringProgramme


def offers_for(keys) -> dict[int, SubcontractingNeed | MentoringProgramme]:
    """The needs and programmes behind suggestion keys, with their companies, in one query
    per kind (a page of suggestions would otherwise read them one by one)."""
    wanted: dict[str, list[int]] = {}
    for key in keys:
        kind, record_id = records.offer_parts(key)
        wanted.setdefault(kind, []).append(record_id)
    found = {}
    for kind, ids in wanted.items():
        model = SubcontractingNeed if kind == "subcontracting" else MentoringProgramme
        company = joinedload(model.company)
        query = (
            select(model)
            .where(model.id.in_(ids))
            .options(company.joinedload(Company.estate), company.joinedload(Company.kecamatan))
        )
        for offer in db.session.scalars(query):
            found[records.offer_key(kind, offer.id)] = offer
    return found


def suggest_companies(business: SmallBusiness, kind: str, top: int = 10) -> list[SuggestedCompany]:
    """Companies for a business, best first; rows whose records were deleted are skipped."""
    suggestions = get_model().suggest_for_business(business.id, kind, top=top)
    offers = offers_for(s.offer_id for s in suggestions)
    return [
        SuggestedCompany(s, offers[s.offer_id].company, offers[s.offer_id])
        for s in suggestions
        if s.offer_id in offers
    ]


def suggest_businesses(
    company: Company,
    kind: str,
    top: int = 10,
    offer: SubcontractingNeed | MentoringProgramme | None = None,
) -> list[SuggestedBusiness]:
    """Businesses for one offer of a company, or for all its open offers of `kind`."""
    model = get_model()
    if offer is not None:
        found = model.suggest_for_offer(records.offer_key(kind, offer.id), top=top)
    else:
        found = model.suggest_for_company(company.id, kind, top=top)
    businesses = {
        b.id: b
        for b in db.session.scalars(
            select(SmallBusiness)
            .options(joinedload(SmallBusiness.kecamatan))
            .where(SmallBusiness.id.in_([s.business_id for s in found]))
        )
    }
    offers = offers_for(s.offer_id for s in found)
    return [
        SuggestedBusiness(s, businesses[s.business_id], offers[s.offer_id])
        for s in found
        if s.business_id in businesses and s.offer_id in offers
    ]
