"""Reading the database into the model's plain records."""

from collections.abc import Callable, Collection
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from matchmaker.core.extensions import db
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
    cached_text,
)
from matchmaker.reference.services import kecamatan_named
from ml.records import BusinessRecord, OfferRecord


def offer_key(kind: str, record_id: int) -> int:
    """One id space for needs (even) and programmes (odd), as the model wants."""
    return record_id * 2 + (1 if kind == "mentoring" else 0)


def offer_parts(key: int) -> tuple[str, int]:
    return ("mentoring" if key % 2 else "subcontracting"), key // 2


def business_record(business: SmallBusiness) -> BusinessRecord:
    """The business as the model sees it, with its normalised text when its cache holds
    (ml.docs: the model normalises the rest itself)."""
    text = business.work_text
    return BusinessRecord(
        id=business.id,
        name=business.name,
        kbli=business.kbli_code,
        lat=business.kecamatan.lat,
        lon=business.kecamatan.lon,
        text=text,
        mentoring_needs=business.mentoring_needs,
        trade=business.trade,
        tags=tuple(business.tag_list),
        capacity_per_month=business.capacity_per_month,
        employees=business.employees,
        kecamatan=business.kecamatan.name,
        accepting=business.accepting_requests,
        docs=cached_text(business),
    )


def offer_records(company: Company, taken: dict[int, int] | None = None) -> list[OfferRecord]:
    """The company's needs and programmes as model records; `taken` maps a programme to
    its seats taken (read from the database when not given)."""
    if taken is None:
        taken = seats_taken([p.id for p in company.programmes])
    place = company.estate or company.kecamatan
    common = {
        "company_id": company.id,
        "company_name": company.name,
        "company_text": company.description or "",
        "kbli": company.kbli_code,
        "lat": place.lat,
        "lon": place.lon,
        "accepting": company.accepting_requests,
        "place": company.estate.short_name if company.estate else company.kecamatan.name,
    }
    company_docs = cached_text(company)
    records = [need_record(need, common) for need in company.needs]
    records += [
        programme_record(programme, common, taken.get(programme.id, 0))
        for programme in company.programmes
    ]
    for record in records if company_docs is not None else ():
        # the offer's own docs, if cached, then its company's (ml.side.offer_docs)
        record.docs = company_docs if record.docs is None else f"{record.docs}\n{company_docs}"
    return records


def need_record(need: SubcontractingNeed, common: dict) -> OfferRecord:
    still_open = need.is_open and (need.deadline is None or need.deadline >= date.today())
    return OfferRecord(
        id=offer_key("subcontracting", need.id),
        kind="subcontracting",
        title=need.title,
        text=need.description,
        volume=need.volume,
        volume_unit=need.volume_unit,
        is_open=still_open,
        docs=cached_text(need),
        **common,
    )


def programme_record(programme: MentoringProgramme, common: dict, taken: int = 0) -> OfferRecord:
    still_open = programme.is_open and (
        programme.end_date is None or programme.end_date >= date.today()
    )
    text = "\n".join((programme.focus, programme.description))
    return OfferRecord(
        id=offer_key("mentoring", programme.id),
        kind="mentoring",
        title=programme.title,
        text=text,
        areas=kecamatan_named(" ".join((programme.title, text))),
        seats_left=max(0, programme.capacity - taken),
        is_open=still_open,
        docs=cached_text(programme),
        **common,
    )


def all_records() -> tuple[list[BusinessRecord], list[OfferRecord]]:
    """Every business and every offer, in as few queries as possible."""
    return business_records(), all_offers()


def business_records(since=None) -> list[BusinessRecord]:
    """Every business, or those whose profile changed at `since` or later, by id."""
    query = (
        select(SmallBusiness)
        .options(joinedload(SmallBusiness.kecamatan))
        .order_by(SmallBusiness.id)
    )
    if since is not None:
        query = query.where(SmallBusiness.updated_at >= since)
    return [business_record(b) for b in db.session.scalars(query)]


def all_offers() -> list[OfferRecord]:
    """Every need and programme, with its company's and seat counts, in a few queries."""
    companies = (
        db.session.scalars(
            select(Company)
            .options(
                joinedload(Company.kecamatan),
                joinedload(Company.estate),
                selectinload(Company.needs),
                selectinload(Company.programmes),
            )
            .order_by(Company.id)
        )
        .unique()
        .all()
    )
    taken = seats_taken()
    return [o for c in companies for o in offer_records(c, taken)]


SeatCount = Callable[[Collection[int] | None], dict[int, int]]
# Seats are held by introductions both sides accepted; brokering keeps those and sits above
# matching, so it lends the count when it loads (brokering.outcomes).
_seat_count: list[SeatCount] = []


def count_seats_with(count: SeatCount) -> None:
    """Let `count(programme_ids or None)` answer seats_taken."""
    _seat_count[:] = [count]


def seats_taken(programme_ids=None) -> dict[int, int]:
    """Seats of each programme held by introductions both sides accepted, in one query."""
    if programme_ids is not None and not programme_ids:
        return {}
    if not _seat_count:
        raise RuntimeError("No seat count: matchmaker.brokering.outcomes was not imported.")
    return _seat_count[0](programme_ids)
