"""The demo dataset behind `flask seed-demo`: realistic profiles for both sides and demo logins.

Deterministic (one seeded generator), so every demo and screenshot shows the same
businesses. The vocabulary lives in matchmaker/demo_data.py.
"""

import random
import re
from datetime import date, timedelta

from sqlalchemy import select

from matchmaker import demo_data as words
from matchmaker.auth.models import Membership, Role, User, utcnow
from matchmaker.brokering import demo as brokering_demo
from matchmaker.core.extensions import db
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from matchmaker.reference.models import IndustrialEstate, Kecamatan
from matchmaker.wub import demo as programme_demo
from ml.trades import TRADE_CODES

# Printed by seed-demo on purpose; the command refuses to run in production.
DEMO_PASSWORD = "mitra-demo-2026"  # noqa: S105  # demo only, refused in production  # nosec B105
DEMO_EMAILS = ("official@demo.mitra", "csr@demo.mitra", "owner@demo.mitra")
# CSR staff waiting for an official's approval, so the approval queue is not empty.
PENDING_CSR = (
    ("csr.baru@demo.mitra", "Dewi Lestari", "Jababeka"),
    ("csr.pengadaan@demo.mitra", "Bayu Hermawan", "EJIP"),
    ("csr.deltamas@demo.mitra", "Putri Anggraini", "GIIC Deltamas"),
)
OWNER_BUSINESS = ("Bengkel Bubut Sinar Jaya", "Rizky Pratama", "machining", "Cikarang Barat")
BUSINESSES = 230
COMPANIES = 48
SEED = 2026
FIRST_DAY, LAST_DAY = date(2026, 1, 1), date(2027, 12, 31)


def seed() -> dict[str, int] | None:
    """Add the demo dataset in one transaction; None (and nothing added) when already there."""
    if db.session.scalar(select(User.id).where(User.email == DEMO_EMAILS[0])) is not None:
        return None
    kecamatan = {k.name: k for k in db.session.scalars(select(Kecamatan))}
    estates = {e.short_name: e for e in db.session.scalars(select(IndustrialEstate))}
    if not kecamatan or not estates:
        raise LookupError("Reference data missing: run `flask --app matchmaker init-db` first.")
    rng = random.Random(SEED)  # noqa: S311  # reproducible demo data, not a secret  # nosec B311
    try:
        businesses = _businesses(rng, kecamatan)
        companies = [_company(rng, estates[name]) for name in _estate_plan(rng)]
        _unique_company_names(companies)
        users = _users(businesses[0], companies)
        db.session.add_all([*businesses, *companies, *users])
        official, csr, owner = users[:3]
        intros = brokering_demo.introductions(rng, businesses, companies, owner, csr, official)
        db.session.add_all(intros)
        db.session.flush()
        db.session.add_all(brokering_demo.notices(intros, owner, csr))
        places = sorted(kecamatan.values(), key=lambda k: k.name)
        cohorts = programme_demo.programme(rng, places, businesses, official)
        db.session.add_all(cohorts)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {
        "businesses": len(businesses),
        "companies": len(companies),
        "introductions": len(intros),
        "cohorts": len(cohorts),
        "participants": sum(len(c.participants) for c in cohorts),
    }


# --- small businesses -----------------------------------------------------------------


def _businesses(rng: random.Random, kecamatan: dict[str, Kecamatan]) -> list[SmallBusiness]:
    """Every trade and every kecamatan at least once; the rest drawn by realistic weights."""
    name, owner, trade, home = OWNER_BUSINESS
    plan = [(trade, home, name)]
    places = list(words.KECAMATAN_WEIGHTS)
    weights = [words.TRADES[code]["weight"] for code in TRADE_CODES]
    for i in range(BUSINESSES - 1):
        code = TRADE_CODES[i] if i < len(TRADE_CODES) else rng.choices(TRADE_CODES, weights)[0]
        plan.append((code, places[i] if i < len(places) else _kecamatan_for(rng, code), None))
    used = {name}
    businesses = [
        _business(rng, code, kecamatan[place], used, fixed) for code, place, fixed in plan
    ]
    businesses[0].owner_name = owner
    businesses[0].kbli_code, businesses[0].kbli_edition = "25920", 2020
    return businesses


def _kecamatan_for(rng: random.Random, trade: str) -> str:
    weights = dict(words.KECAMATAN_WEIGHTS)
    for place, extra in words.KECAMATAN_BOOST.get(trade, {}).items():
        weights[place] += extra
    return rng.choices(list(weights), list(weights.values()))[0]


def _business(
    rng: random.Random, code: str, place: Kecamatan, used: set[str], name: str | None
) -> SmallBusiness:
    vocab = words.TRADES[code]
    founded = rng.randint(2018, 2026)
    unit, low, high = rng.choice(vocab["units"])
    edition, kbli = (
        (2025, rng.choice(vocab["kbli_2025"]))
        if rng.random() < 0.1
        else (2020, rng.choice(vocab["kbli"]))
    )
    name = name or _unique(_business_name(rng, vocab["names"], place.name), used)
    return SmallBusiness(
        name=name,
        owner_name=_person(rng),
        trade=code,
        kbli_code=kbli,
        kbli_edition=edition,
        kecamatan=place,
        address=f"{rng.choice(words.STREETS).format(kec=place.name)} No. {rng.randint(1, 120)}, "
        f"Kec. {place.name}",
        description=_description(rng, code, place.name, founded),
        products=_listing(rng, vocab["products"], 2, 4),
        capabilities=_listing(rng, vocab["capabilities"], 1, 3),
        equipment=", ".join(
            item.format(n=rng.randint(2, 4))
            for item in rng.sample(vocab["equipment"], rng.randint(2, 4))
        ),
        certifications=_certifications(rng, vocab["cert"]),
        capacity_per_month=_round(rng.randint(low, high)),
        capacity_unit=unit,
        employees=min(25, 1 + int(rng.expovariate(1 / 4))),
        founded_year=founded,
        mentoring_needs=rng.choice(words.NEEDS_PREFIX)
        + ", ".join(rng.sample(words.MENTORING_NEEDS, rng.randint(1, 3))),
        training_history=_training(rng, vocab["dest"], founded),
        phone=_mobile(rng),
        email=_email(name, rng) if rng.random() < 0.4 else "",
        accepting_requests=rng.random() < 0.95,
    )


def _person(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return f"{rng.choice(words.WOMEN)} {rng.choice(words.WOMEN_SURNAMES)}"
    return f"{rng.choice(words.MEN)} {rng.choice(words.MEN_SURNAMES)}"


def _business_name(rng: random.Random, patterns: tuple[str, ...], place: str) -> str:
    return rng.choice(patterns).format(
        stem=rng.choice(words.STEMS), nick=rng.choice(words.NICKNAMES), kec=place
    )


def _unique(name: str, used: set[str]) -> str:
    # Owners reuse lucky names; a branch number is how they tell them apart ("Sinar Jaya 2").
    candidate, number = name, 1
    while candidate in used:
        number += 1
        candidate = f"{name} {number}"
    used.add(candidate)
    return candidate


def _description(rng: random.Random, code: str, place: str, founded: int) -> str:
    parts = [
        rng.choice(words.TRADES[code]["pitch"]),
        f"Mulai usaha tahun {founded} setelah ikut pelatihan WUB Disperin Kab. Bekasi.",
    ]
    trades, note = words.CLUSTER_NOTES.get(place, ((), ""))
    if code in trades:
        parts.append(note)
    elif rng.random() < 0.4:
        parts.append(f"Lokasi di {place}.")
    parts.append(rng.choice(words.CLOSINGS))
    return " ".join(part for part in parts if part)


def _listing(rng: random.Random, items: tuple[str, ...], low: int, high: int) -> str:
    text = ", ".join(rng.sample(items, rng.randint(low, high)))
    if rng.random() < 0.3:
        text += ", dll"
    return text[0].upper() + text[1:] if rng.random() < 0.5 else text


def _certifications(rng: random.Random, trade_cert: str) -> str:
    choices = words.CERTIFICATIONS + ((trade_cert,) * 2 if trade_cert else ())
    picked = rng.sample(choices, rng.choice((0, 1, 1, 2)))
    return ", ".join(dict.fromkeys(picked))


def _training(rng: random.Random, destinations: tuple[str, ...], founded: int) -> str:
    year = rng.randint(2018, min(founded, 2025))
    where = words.DESTINATIONS[rng.choice(destinations)]
    lines = [f"{year}: Pelatihan WUB Dinas Perindustrian Kab. Bekasi, {where}"]
    if rng.random() < 0.45:
        lines.append(rng.choice(words.EXTRA_TRAINING).format(y=rng.randint(year, 2025)))
    return "\n".join(lines)


def _mobile(rng: random.Random) -> str:
    digits = rng.choice((7, 8, 8))
    subscriber = str(rng.randint(1, 9)) + "".join(str(rng.randrange(10)) for _ in range(digits - 1))
    return f"+62{rng.choice(words.MOBILE_PREFIXES)}{subscriber}"


def _email(name: str, rng: random.Random) -> str:
    # demo.mitra is not a real domain: notifications from a demo never reach a stranger.
    slug = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".")
    return f"{slug}{rng.randint(1, 99)}@demo.mitra"


def _round(value: int) -> int:
    """Round as owners and buyers quote volumes: 1.250, not 1.237."""
    step = 50 if value >= 500 else 10 if value >= 100 else 5 if value >= 20 else 1
    return max(step, round(value / step) * step)


# --- companies ------------------------------------------------------------------------


def _estate_plan(rng: random.Random) -> list[str]:
    """Every estate once (in table order, so MM2100 is second), the rest by estate size."""
    names = list(words.ESTATE_WEIGHTS)
    return names + rng.choices(names, list(words.ESTATE_WEIGHTS.values()), k=COMPANIES - len(names))


def _company(rng: random.Random, estate: IndustrialEstate) -> Company:
    sector = rng.choice(words.ESTATE_SECTORS[estate.short_name])
    kbli, name_words, makes, need_keys = words.SECTORS[sector]
    name = (
        f"PT {rng.choice(words.COMPANY_PREFIXES)} {rng.choice(name_words)} "
        f"{rng.choice(words.COMPANY_SUFFIXES)}"
    )
    company = Company(
        name=name,
        estate=estate,
        kecamatan_id=estate.kecamatan_id,
        kbli_code=kbli,
        kbli_edition=2020,
        description=rng.choice(words.COMPANY_DESCRIPTIONS).format(
            what=rng.choice(makes), estate=estate.short_name, year=rng.randint(1995, 2021)
        ),
        contact_phone=_landline(rng) if rng.random() < 0.7 else _mobile(rng),
    )
    company.needs = [_need(rng, key) for key in rng.sample(need_keys, rng.randint(1, 3))]
    chosen = rng.sample(words.PROGRAMMES, rng.choice((0, 1, 1, 2)))
    company.programmes = [_programme(rng, estate, *programme) for programme in chosen]
    return company


def _unique_company_names(companies: list[Company]) -> None:
    used: set[str] = set()
    for company in companies:
        company.name = _unique(company.name, used)
        slug = re.sub(r"[^a-z0-9]+", "-", company.name.lower().removeprefix("pt ")).strip("-")
        company.contact_email = f"csr@{slug}.demo.mitra"


def _landline(rng: random.Random) -> str:
    # Cikarang and Cibitung numbers sit in Jakarta's area code 021, mostly 89xx xxxx / 88xx xxxx.
    return f"+6221{rng.choice(('89', '88'))}{rng.randint(100000, 999999)}"


def _need(rng: random.Random, key: str) -> SubcontractingNeed:
    title, description, unit, low, high = words.NEEDS[key]
    return SubcontractingNeed(
        title=title,
        description=description,
        volume=_round(rng.randint(low, high)),
        volume_unit=unit,
        deadline=_day(rng, FIRST_DAY, LAST_DAY),
        is_open=rng.random() < 0.8,
    )


def _programme(
    rng: random.Random, estate: IndustrialEstate, title: str, focus: str, description: str
) -> MentoringProgramme:
    start = _day(rng, FIRST_DAY, date(2027, 6, 30))
    return MentoringProgramme(
        title=f"{title} {estate.short_name} {start.year}",
        focus=focus,
        description=description,
        capacity=rng.randint(3, 20),
        start_date=start,
        end_date=start + timedelta(days=30 * rng.randint(3, 9)),
        is_open=rng.random() < 0.85,
    )


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


# --- logins ---------------------------------------------------------------------------


def _users(owner_business: SmallBusiness, companies: list[Company]) -> list[User]:
    """The three demo logins, plus CSR staff waiting in the officials' approval queue."""

    def company_in(estate: str) -> Company:
        return next(c for c in companies if c.estate.short_name == estate)

    owner = _user(DEMO_EMAILS[2], owner_business.owner_name, Role.OWNER, phone=owner_business.phone)
    owner_business.owner = owner
    users = [
        _user(DEMO_EMAILS[0], "Siti Rahmawati (Seksi ILMO)", Role.OFFICIAL),
        _user(
            DEMO_EMAILS[1],
            "Andika Firmansyah",
            Role.CSR,
            company=company_in("MM2100"),
            membership=Membership.APPROVED,
        ),
        owner,
    ]
    for email, name, estate in PENDING_CSR:
        users.append(
            _user(email, name, Role.CSR, company=company_in(estate), membership=Membership.PENDING)
        )
    return users


def _user(email: str, name: str, role: Role, **extra) -> User:
    user = User(email=email, name=name, role=role, locale="id", consent_at=utcnow(), **extra)
    user.set_password(DEMO_PASSWORD)
    return user
