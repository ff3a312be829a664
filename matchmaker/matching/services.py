"""Suggestions for the app: the shared model, kept fresh, read into view-ready rows."""

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from matchmaker.auth.models import utcnow
from matchmaker.core.extensions import db
from matchmaker.matching import judged, records
from matchmaker.matching.models import MatchFeedback
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from ml import persist
from ml.model import PartnerModel, Suggestion

_lock = threading.RLock()
_state: dict = {}  # per process: model, the model file's mtime, and when it last synced


def model_path() -> Path:
    return Path(current_app.config["MODEL_PATH"])


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


def train(progress=None) -> PartnerModel:
    """Fit a new model on the whole database, save it to MODEL_PATH and use it here."""
    started = utcnow()
    businesses, offers = records.all_records()
    model = PartnerModel().fit(businesses, offers, training_decisions(), progress=progress)
    judged.keep_what_passes(model)
    persist.save(model, model_path())
    with _lock:
        _state.update(model=model, mtime=model_path().stat().st_mtime, synced_at=started)
    return model


def get_model() -> PartnerModel:
    """This process's model: loaded from MODEL_PATH (rebuilt if missing, corrupt or from
    other library versions), reloaded when another process saved a newer one, written
    back when the file disappeared, and brought up to date with every profile edited since."""
    with _lock:
        path = model_path()
        mtime = path.stat().st_mtime if path.exists() else None
        if _state.get("model") is None or (mtime and mtime != _state.get("mtime")):
            _load_or_rebuild(path)
        elif mtime is None:
            _write_back(path)
        _sync()
        return _state["model"]


def _load_or_rebuild(path: Path) -> None:
    try:
        model = persist.load(path)
        _state.update(
            model=model,
            mtime=path.stat().st_mtime,
            synced_at=_file_time(path) - timedelta(minutes=1),
        )
    except persist.ModelFileError as error:
        current_app.logger.warning("Rebuilding the partner model: %s", error)
        train()


def _write_back(path: Path) -> None:
    """The file is gone while this process holds a model (deleted, or a new volume): write
    it back, so other workers and servers load it instead of each training anew."""
    current_app.logger.warning("Model file %s is missing: writing this process's model", path)
    try:
        persist.save(_state["model"], path)
    except OSError as error:  # keep serving from memory; the next call tries again
        current_app.logger.error("Could not write the model to %s: %s", path, error)
        return
    _state["mtime"] = path.stat().st_mtime


def _file_time(path: Path):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


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
