"""The judged sets as a gate for what the model learns from people's decisions.

A combination learned from decisions may pass its own cross-validation and still rank
worse on text nobody tuned for (README "Matching": learned from the tuning set's
decisions, it lost 0.04 nDCG@10 on the project's own set). So it replaces the defaults
only when it also ranks better than them on both judged sets shipped in ml/data/judged
(own and blind): each read here as the importer would read it, a model with the same
settings fitted on it, and its suggestions scored with the defaults and with the
learned combination.
"""

import csv
import inspect
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matchmaker.core import params
from matchmaker.profiles.needs import need_values, split, title
from matchmaker.reference.services import find_estate, find_kecamatan, kecamatan_named
from ml.evaluation import score_rankings
from ml.model import PartnerModel
from ml.records import BusinessRecord, OfferRecord

JUDGED = Path(__file__).resolve().parent.parent.parent / "ml" / "data" / "judged"
GATES = ("own", "blind")
KINDS = ("subcontracting", "mentoring")


@dataclass
class JudgedMarket:
    businesses: list[BusinessRecord]
    offers: list[OfferRecord]
    truth: dict[str, dict[tuple[str, str], int]]
    company_names: dict[int, str]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def read(folder: Path) -> JudgedMarket:
    """A judged set's businesses, offers and truth as model records (nothing is saved)."""
    businesses = [_business(i, row) for i, row in enumerate(_rows(folder / "businesses.csv"), 1)]
    offers, names = [], {}
    for j, row in enumerate(_rows(folder / "companies.csv"), 1):
        names[j] = row["name"]
        offers += _offers(j, row, len(offers))
    truth: dict[str, dict] = {kind: {} for kind in KINDS}
    for row in _rows(folder / "truth.csv"):
        truth[row["kind"]][(row["business"], row["company"])] = int(row["grade"])
    return JudgedMarket(businesses, offers, truth, names)


def _business(i: int, row: dict) -> BusinessRecord:
    place = find_kecamatan(row["kecamatan"])
    parts = (row["products"], row["capabilities"], row["equipment"], row["description"])
    employees = row.get("employees", "").strip()
    return BusinessRecord(
        id=i, name=row["name"], kbli=row["sector"].strip(), lat=place.lat, lon=place.lon,
        text="\n".join(p for p in parts if p), mentoring_needs=row["mentoring_needs"],
        employees=int(employees) if params.ascii_digits(employees) else None, kecamatan=place.name,
    )  # fmt: skip


def _offers(company: int, row: dict, before: int) -> list[OfferRecord]:
    estate = find_estate(row["estate"]) if row["estate"].strip() else None
    place = estate or find_kecamatan(row["kecamatan"])
    common = dict(
        company_id=company, company_name=row["name"], company_text=row["description"],
        kbli=row["sector"].strip(), lat=place.lat, lon=place.lon,
        place=estate.short_name if estate else place.name,
    )  # fmt: skip
    offers = []
    for part in split(row["subcontracting_needs"]):
        need = need_values(part)
        key = (before + len(offers) + 1) * 2
        offers.append(
            OfferRecord(id=key, kind="subcontracting", title=need["title"], text=part,
                        volume=need["volume"], volume_unit=need["volume_unit"], **common)
        )  # fmt: skip
    focus = row["mentoring_offer"].strip()
    if focus:
        key = (before + len(offers) + 1) * 2 + 1
        name = title(focus)
        offers.append(
            OfferRecord(id=key, kind="mentoring", title=name, text=focus,
                        areas=kecamatan_named(f"{name} {focus}"), **common)
        )  # fmt: skip
    return offers


def ndcg(model: PartnerModel, market: JudgedMarket, kind: str) -> float:
    """Mean nDCG@10 of both directions of one kind."""
    names = {b.id: b.name for b in market.businesses}
    by_business, by_company = {}, {}
    for (b, c), grade in market.truth[kind].items():
        by_business.setdefault(b, {})[c] = grade
        by_company.setdefault(c, {})[b] = grade
    b2c = {
        b.name: [market.company_names[s.company_id] for s in model.suggest_for_business(b.id, kind)]
        for b in market.businesses
    }
    c2b = {
        name: [names[s.business_id] for s in model.suggest_for_company(cid, kind)]
        for cid, name in market.company_names.items()
    }
    scores = [
        score_rankings(b2c, by_business)["ndcg@10"],
        score_rankings(c2b, by_company)["ndcg@10"],
    ]
    return float(np.mean(scores))


def gate(model: PartnerModel) -> dict[str, dict[str, tuple[float, float]]]:
    """Per learned kind: {set: (defaults, learned)} mean nDCG@10 on each judged set."""
    params = inspect.signature(PartnerModel).parameters
    found: dict[str, dict] = {kind: {} for kind in model.combiners_}
    for name in GATES:
        market = read(JUDGED / name)
        fresh = PartnerModel(**{p: getattr(model, p) for p in params})
        fresh.fit(market.businesses, market.offers)
        for kind, combiner in model.combiners_.items():
            defaults = ndcg(fresh, market, kind)
            fresh.combiners_ = {kind: combiner}
            found[kind][name] = (round(defaults, 4), round(ndcg(fresh, market, kind), 4))
            fresh.combiners_ = {}
    return found


def keep_what_passes(model: PartnerModel) -> None:
    """Drop each learned combination that does not beat the defaults on both judged sets,
    and say so in the model's training report."""
    if not model.combiners_:
        return
    for kind, results in gate(model).items():
        entry = model.training_report_[kind]
        entry["judged"] = results
        if not all(learned > defaults for defaults, learned in results.values()):
            del model.combiners_[kind]
            entry["used"] = "defaults"
            entry["why"] = "the learned combination did not beat the defaults on both judged sets"
