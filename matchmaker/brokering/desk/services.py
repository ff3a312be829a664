"""The broker desk: the open pairs nobody has introduced yet, best first, and proposing
many of them at once. The filters are shared with the pipeline board."""

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, joinedload

from matchmaker.auth.models import User
from matchmaker.brokering import services
from matchmaker.brokering.models import Introduction
from matchmaker.brokering.seksi import SEKSI_CODES, trades_of
from matchmaker.core.extensions import db
from matchmaker.core.params import id_of
from matchmaker.core.validation import Invalid, Refused
from matchmaker.matching import records
from matchmaker.matching import services as matching
from matchmaker.matching.models import Kind
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from matchmaker.reference.services import find_estate, find_kecamatan
from ml.model import Suggestion
from ml.trades import TRADE_CODES

MAX_OFFERS = 200  # newest open needs and programmes scanned per view of the desk
PER_OFFER = 3  # best businesses taken from each
MAX_PAIRS = 100  # pairs found, and proposed at once
PER_PAGE = 25  # pairs on one page of the desk (a phone scrolls through them)
OFFER_MODELS = {Kind.SUBCONTRACTING: SubcontractingNeed, Kind.MENTORING: MentoringProgramme}


@dataclass
class DeskFilters:
    """Narrowing of the desk and the board; a bad value is dropped and named in the errors."""

    seksi: str = ""
    trade: str = ""
    estate: str = ""
    kind: str = ""
    kecamatan: str = ""  # the business's
    estate_id: int | None = field(default=None, repr=False)
    kecamatan_id: int | None = field(default=None, repr=False)

    NAMES = ("seksi", "trade", "estate", "kind", "kecamatan")

    @classmethod
    def parse(cls, args) -> tuple["DeskFilters", dict[str, str]]:
        found, errors = cls(), {}
        values = {n: args.get(n, "").strip()[:100] for n in cls.NAMES}
        checks = {
            "seksi": (values["seksi"] in SEKSI_CODES, _("Seksi tidak dikenal.")),
            "trade": (values["trade"] in TRADE_CODES, _("Bidang usaha tidak dikenal.")),
            "kind": (values["kind"] in set(Kind), _("Pilih subkontrak atau pendampingan.")),
        }
        if values["estate"]:
            estate = find_estate(values["estate"])
            found.estate_id = estate.id if estate else None
            checks["estate"] = (estate is not None, _("Kawasan industri tidak dikenal."))
        if values["kecamatan"]:
            kecamatan = find_kecamatan(values["kecamatan"])
            found.kecamatan_id = kecamatan.id if kecamatan else None
            checks["kecamatan"] = (kecamatan is not None, _("Kecamatan tidak dikenal."))
        for name, value in values.items():
            ok, message = checks.get(name, (True, ""))
            if value and not ok:
                errors[name] = message
            elif value:
                setattr(found, name, value)
        return found, errors

    def as_args(self) -> dict[str, str]:
        """The filters that are set, as query-string arguments."""
        return {n: getattr(self, n) for n in self.NAMES if getattr(self, n)}


# --- the desk ----------------------------------------------------------------------------------


@dataclass
class DeskPair:
    """A business the model ranks high for an open need or programme, not yet introduced."""

    suggestion: Suggestion
    business: SmallBusiness
    offer: SubcontractingNeed | MentoringProgramme
    kind: str

    @property
    def company(self) -> Company:
        return self.offer.company

    @property
    def key(self) -> str:
        """The pair as the desk's checkbox sends it back: kind:offer id:business id."""
        return f"{self.kind}:{self.offer.id}:{self.business.id}"


def open_offers(filters: DeskFilters) -> list[tuple[str, SubcontractingNeed | MentoringProgramme]]:
    """The newest open needs and programmes (with a seat left) of companies taking requests."""
    today, found = date.today(), []
    for kind, model in OFFER_MODELS.items():
        if filters.kind and filters.kind != kind:
            continue
        end = model.deadline if model is SubcontractingNeed else model.end_date
        query = (
            select(model)
            .join(model.company)
            .options(contains_eager(model.company).joinedload(Company.estate))
            .where(model.is_open, or_(end.is_(None), end >= today), Company.accepting_requests)
            .order_by(model.created_at.desc(), model.id.desc())
            .limit(MAX_OFFERS)
        )
        if filters.estate_id:
            query = query.where(Company.estate_id == filters.estate_id)
        found += [(kind.value, offer) for offer in db.session.scalars(query)]
    found.sort(key=lambda pair: (pair[1].created_at, pair[1].id), reverse=True)
    found = found[:MAX_OFFERS]
    full = _full_programmes([o for k, o in found if k == Kind.MENTORING])
    return [(k, o) for k, o in found if not (k == Kind.MENTORING and o.id in full)]


def _full_programmes(programmes: list[MentoringProgramme]) -> set[int]:
    taken = records.seats_taken([p.id for p in programmes])
    return {p.id for p in programmes if taken.get(p.id, 0) >= p.capacity}


def open_pairs(filters: DeskFilters) -> list[DeskPair]:
    """The best pairs over the open offers, best first, none already introduced."""
    offers = open_offers(filters)
    if not offers:
        return []
    model = matching.get_model()
    allowed = _business_mask(model, filters)
    introduced = _introduced({offer.company_id for _k, offer in offers})
    pooled = []
    for kind, offer in offers:
        mask = _without(model, allowed, introduced.get((offer.company_id, kind), set()))
        key = records.offer_key(kind, offer.id)
        for suggestion in model.suggest_for_offer(key, top=PER_OFFER, allowed_business=mask):
            pooled.append((suggestion, offer, kind))
    pooled.sort(key=lambda p: -p[0].score)
    pooled = pooled[:MAX_PAIRS]
    businesses = _businesses({s.business_id for s, _o, _k in pooled})
    return [
        DeskPair(s, businesses[s.business_id], offer, kind)
        for s, offer, kind in pooled
        if s.business_id in businesses
    ]


def _business_mask(model, filters: DeskFilters) -> np.ndarray | None:
    """The model's business rows the Seksi, trade and kecamatan filters allow; None: all."""
    if not (filters.seksi or filters.trade or filters.kecamatan_id):
        return None
    trades = set(trades_of(filters.seksi)) if filters.seksi else set(TRADE_CODES)
    if filters.trade:
        trades &= {filters.trade}
    query = select(SmallBusiness.id).where(SmallBusiness.trade.in_(trades))
    if filters.kecamatan_id:
        query = query.where(SmallBusiness.kecamatan_id == filters.kecamatan_id)
    ids = db.session.scalars(query)
    mask = np.zeros(len(model.businesses_), dtype=bool)
    mask[model.businesses_.rows_for(ids)] = True
    return mask


def _without(model, allowed: np.ndarray | None, business_ids: set[int]) -> np.ndarray | None:
    if not business_ids:
        return allowed
    mask = np.ones(len(model.businesses_), dtype=bool) if allowed is None else allowed.copy()
    mask[model.businesses_.rows_for(business_ids)] = False
    return mask


def _introduced(company_ids: set[int]) -> dict[tuple[int, str], set[int]]:
    """Businesses with an introduction in any state, per (company, kind)."""
    found: dict[tuple[int, str], set[int]] = {}
    rows = db.session.execute(
        select(Introduction.company_id, Introduction.kind, Introduction.business_id).where(
            Introduction.company_id.in_(company_ids)
        )
    )
    for company_id, kind, business_id in rows:
        found.setdefault((company_id, str(kind)), set()).add(business_id)
    return found


def _businesses(ids: set[int]) -> dict[int, SmallBusiness]:
    if not ids:
        return {}
    query = select(SmallBusiness).options(joinedload(SmallBusiness.kecamatan))
    return {b.id: b for b in db.session.scalars(query.where(SmallBusiness.id.in_(ids)))}


@dataclass
class DeskPage:
    """One page of the desk's pairs, with what the page links need (as db.paginate gives)."""

    items: list[DeskPair]
    page: int
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    @property
    def first(self) -> int:
        """The number of the page's first pair, counting from 1."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0


def page_of(filters: DeskFilters, page: int) -> DeskPage:
    """The desk's pairs, best first, PER_PAGE at a time; a page past the last is empty."""
    pairs = open_pairs(filters)
    start = (page - 1) * PER_PAGE
    return DeskPage(pairs[start : start + PER_PAGE], page, len(pairs), PER_PAGE)


# --- proposing in bulk -------------------------------------------------------------------------


@dataclass
class ProposalReport:
    proposed: list[Introduction] = field(default_factory=list)
    existing: list[Introduction] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "business – company: why"


def parse_keys(keys: list[str]) -> list[tuple[str, int, int]]:
    """(kind, offer id, business id) from the desk's checkboxes, each once, in order."""
    pairs = []
    for key in keys:
        kind, _sep, rest = key.partition(":")
        offer_id, _sep, business_id = rest.partition(":")
        offer_id, business_id = id_of(offer_id), id_of(business_id)
        if kind in set(Kind) and offer_id and business_id:
            pairs.append((kind, offer_id, business_id))
    pairs = list(dict.fromkeys(pairs))
    if not pairs:
        raise Invalid({"pair": _("Pilih minimal satu pasangan.")})
    if len(pairs) > MAX_PAIRS:
        raise Invalid({"pair": _("Paling banyak %(n)d pasangan sekaligus.", n=MAX_PAIRS)})
    return pairs


def propose(official: User, keys: list[str]) -> ProposalReport:
    """Propose every chosen pair as the official; say which already had a live
    introduction and which could not be proposed, and why."""
    pairs = parse_keys(keys)
    offers = {
        (kind, o.id): o
        for kind, model in OFFER_MODELS.items()
        for o in db.session.scalars(
            select(model)
            .options(joinedload(model.company))
            .where(model.id.in_([i for k, i, _b in pairs if k == kind]))
        )
    }
    businesses = _businesses({b for _k, _o, b in pairs})
    report = ProposalReport()
    for kind, offer_id, business_id in pairs:
        offer, business = offers.get((kind, offer_id)), businesses.get(business_id)
        if offer is None or business is None:
            report.refused.append(_("Pasangan yang dipilih sudah tidak ada."))
            continue
        try:
            intro, created = services.start(official, business, offer.company, kind, offer)
        except Invalid as error:
            why = "; ".join(error.fields.values())
        except Refused as error:
            why = error.message
        else:
            (report.proposed if created else report.existing).append(intro)
            continue
        report.refused.append(f"{business.name} – {offer.company.name}: {why}")
    return report
