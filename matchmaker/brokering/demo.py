"""Demo introductions, so the pipeline, the desk and the inbox have something to show.

Built directly as records (not through the services) so seeding sends no e-mail;
each lands in a realistic state with the dates it would have had.
"""

import random
from datetime import date, timedelta

from matchmaker.auth.models import User, utcnow
from matchmaker.brokering.models import (
    Introduction,
    IntroductionMessage,
    Outcome,
    Partnership,
    ProgressNote,
    Side,
    Status,
    ValueBand,
)
from matchmaker.matching.models import Kind
from matchmaker.notifications.models import Notification, Topic
from matchmaker.profiles.models import Company, SmallBusiness

# (status, days in that state, who started it, reason) for the other demo pairs
STORIES = (
    (Status.PROPOSED, 2, Side.OFFICIAL, ""),
    (Status.PROPOSED, 9, Side.OFFICIAL, ""),
    (Status.REQUESTED, 4, Side.BUSINESS, ""),
    (Status.REQUESTED, 1, Side.COMPANY, ""),
    (Status.MEETING, 21, Side.OFFICIAL, ""),  # stuck: over STUCK_AFTER_DAYS
    (Status.AGREEMENT, 6, Side.BUSINESS, ""),
    (Status.ACTIVE, 40, Side.OFFICIAL, ""),
    (Status.COMPLETED, 15, Side.BUSINESS, ""),
    (Status.DECLINED, 12, Side.BUSINESS, "capacity"),
    (Status.WITHDRAWN, 30, Side.COMPANY, "need_changed"),
    (Status.EXPIRED, 3, Side.OFFICIAL, "no_answer"),
)
THREAD = (
    (Side.COMPANY, "Terima kasih, kami tertarik. Bisa kirim contoh bushing 20 mm minggu ini?"),
    (Side.BUSINESS, "Bisa Pak, Kamis kami antar 10 pcs ke MM2100 beserta laporan ukur."),
    (Side.COMPANY, "Baik, kami tunggu di pos 2 jam 10.00."),
)


def introductions(
    rng: random.Random,
    businesses: list[SmallBusiness],
    companies: list[Company],
    owner: User,
    csr: User,
    official: User,
) -> list:
    """Introductions in every state; the demo owner's with the demo CSR's company is
    accepted, with a short thread, and the last two wait for the demo accounts' answer (a
    workshop asked the CSR's company yesterday, a company asked the owner two days ago),
    so both home pages show a request to answer."""
    now = utcnow()
    mine, company = businesses[0], csr.company
    need = company.needs[0] if company.needs else None
    first = _introduction(
        mine, company, Kind.SUBCONTRACTING, need, Status.ACCEPTED, 3, Side.BUSINESS
    )
    first.created_by, first.message = owner, "Kami bengkel bubut di Cikarang Barat, siap bantu."
    for i, (side, body) in enumerate(THREAD):
        author = csr if side == Side.COMPANY else owner
        at = now - timedelta(days=2, hours=-i * 3)
        first.messages.append(IntroductionMessage(author=author, body=body, created_at=at))
    records: list = [first]
    others = [b for b in businesses[1:] if b.trade in ("machining", "welding", "sheet_metal")]
    with_needs = [c for c in companies if c.needs and c is not company]
    for (status, days, side, reason), business in zip(
        STORIES, rng.sample(others, len(STORIES)), strict=True
    ):
        partner = rng.choice(with_needs)
        kind = (
            Kind.MENTORING
            if status == Status.ACTIVE and partner.programmes
            else Kind.SUBCONTRACTING
        )
        offer = partner.programmes[0] if kind == Kind.MENTORING else partner.needs[0]
        intro = _introduction(business, partner, kind, offer, status, days, side)
        intro.reason_code = reason
        intro.created_by = official if side == Side.OFFICIAL else None
        records.append(intro)
    taken = [r.business for r in records]
    asker = next(b for b in others if b not in taken)
    records.append(
        _introduction(asker, company, Kind.SUBCONTRACTING, need, Status.REQUESTED, 1, Side.BUSINESS)
    )
    records[-1].message = "Kami bisa bantu kebutuhan ini, boleh kirim gambar kerjanya?"
    asking = next(c for c in with_needs if c is not records[1].company)
    records.append(
        _introduction(
            mine, asking, Kind.SUBCONTRACTING, asking.needs[0], Status.REQUESTED, 2, Side.COMPANY
        )
    )
    records[-1].message = "Kami melihat profil bengkel Anda dan ingin berdiskusi."
    return records


def notices(intros: list[Introduction], owner: User, csr: User) -> list[Notification]:
    """A few unread notifications about the demo accounts' introductions (they have ids):
    the owner's accepted one and its messages, and the two requests waiting for them."""
    now = utcnow()
    first, to_csr, to_owner = intros[0], intros[-2], intros[-1]
    return [
        _notice(csr, Topic.REQUESTS, "requested", to_csr, now - timedelta(days=1)),
        _notice(owner, Topic.REQUESTS, "company_asked", to_owner, now - timedelta(days=2)),
        _notice(owner, Topic.REQUESTS, "accepted", first, now - timedelta(days=3)),
        _notice(owner, Topic.MESSAGES, "message", first, now - timedelta(days=2), author=csr.name),
        _notice(csr, Topic.MESSAGES, "message", first, now - timedelta(days=2), author=owner.name),
    ]


def _introduction(business, company, kind, offer, status, days, side) -> Introduction:
    now = utcnow()
    since = now - timedelta(days=days)
    created = since - timedelta(days=3 if status not in (Status.REQUESTED, Status.PROPOSED) else 0)
    said_yes = status not in (Status.REQUESTED, Status.PROPOSED, Status.DECLINED, Status.EXPIRED)
    intro = Introduction(
        business=business,
        company=company,
        kind=kind,
        need=offer if kind == Kind.SUBCONTRACTING else None,
        programme=offer if kind == Kind.MENTORING else None,
        status=status,
        started_by=side,
        business_accepted_at=created if said_yes or side == Side.BUSINESS else None,
        company_accepted_at=since if said_yes or side == Side.COMPANY else None,
        created_at=created,
        status_since=since,
        expires_at=created + timedelta(days=14) if not said_yes else None,
    )
    if status in (Status.COMPLETED, Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED):
        intro.ended_at = since
    if status in (Status.AGREEMENT, Status.ACTIVE, Status.COMPLETED):
        intro.partnership = _partnership(kind, offer, since, status)
    return intro


def _partnership(kind, offer, since, status) -> Partnership:
    start = (since - timedelta(days=1)).date()
    if kind == Kind.MENTORING:
        partnership = Partnership(
            kind=kind, start_date=start, topics=offer.focus or offer.title, sessions=6
        )
    else:
        partnership = Partnership(
            kind=kind,
            start_date=start,
            items=offer.title,
            volume_per_month=offer.volume,
            volume_unit=offer.volume_unit,
            value_band=ValueBand.FROM_10M,
        )
    partnership.notes.append(
        ProgressNote(body="Pengiriman/pertemuan pertama berjalan sesuai rencana.", created_at=since)
    )
    if status == Status.COMPLETED:
        partnership.outcome, partnership.end_date = Outcome.SUCCEEDED, date.today()
    return partnership


def _notice(user: User, topic: Topic, key: str, intro: Introduction, at, **params) -> Notification:
    params = {"business": intro.business.name, "company": intro.company.name, **params}
    link = f"/perkenalan/{intro.id}"
    return Notification(
        user_id=user.id, topic=topic, message_key=key, params=params, link=link, created_at=at
    )
