"""Placing a whole cohort into open mentoring programmes at once: each participant's
business to at most one programme, within each programme's seats and a maximum
distance, maximising the model's total fit; then proposing every placed pair.

The solve itself is `ml.allocate`; this module gathers the numbers and says why each
participant who was not placed was left out.
"""

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from matchmaker.auth.models import User
from matchmaker.brokering.desk import services as desk
from matchmaker.brokering.models import WAITING, Introduction
from matchmaker.core import params
from matchmaker.core.extensions import db
from matchmaker.core.validation import Invalid
from matchmaker.matching import records
from matchmaker.matching import services as matching
from matchmaker.matching.models import Kind
from matchmaker.profiles.models import Company, MentoringProgramme, SmallBusiness
from matchmaker.wub.cohorts.models import Cohort, Participant, WubStatus
from ml import allocate
from ml.geo import distance_km
from ml.model import Suggestion

MAX_KM_LIMIT = 200  # the whole regency fits well inside this
MAX_KM = params.Decimal(1, MAX_KM_LIMIT)


@dataclass
class ProgrammeSeats:
    """A programme offered to the allocation, with the seats it had free before it."""

    programme: MentoringProgramme
    left: int
    used: int = 0

    @property
    def remaining(self) -> int:
        return self.left - self.used


@dataclass
class Placement:
    """A participant's business placed in a programme, with the model's reasons."""

    participant: Participant
    programme: MentoringProgramme
    suggestion: Suggestion
    distance_km: float

    @property
    def business(self) -> SmallBusiness:
        return self.participant.business

    @property
    def key(self) -> str:
        """The pair as the broker desk's proposal takes it: kind:programme id:business id."""
        return f"{Kind.MENTORING.value}:{self.programme.id}:{self.participant.business_id}"


@dataclass
class NotPlaced:
    participant: Participant
    why: str


@dataclass
class Preview:
    """What the allocation would propose, what it leaves out and why, and its totals."""

    cohort: Cohort
    max_km: float
    seats: list[ProgrammeSeats]
    placed: list[Placement] = field(default_factory=list)
    not_placed: list[NotPlaced] = field(default_factory=list)
    total_fit: float = 0.0
    greedy_fit: float = 0.0


# --- the programmes on offer -------------------------------------------------------------------


def default_max_km() -> float:
    """The distance limit used when the official does not set one."""
    return float(current_app.config["ALLOCATION_MAX_KM"])


def open_programmes() -> list[ProgrammeSeats]:
    """Open, unfinished programmes of companies taking requests that have a seat left."""
    query = (
        select(MentoringProgramme)
        .join(MentoringProgramme.company)
        .options(
            contains_eager(MentoringProgramme.company).joinedload(Company.estate),
            contains_eager(MentoringProgramme.company).joinedload(Company.kecamatan),
        )
        .where(
            MentoringProgramme.is_open,
            or_(MentoringProgramme.end_date.is_(None), MentoringProgramme.end_date >= date.today()),
            Company.accepting_requests,
        )
        .order_by(Company.name, MentoringProgramme.title, MentoringProgramme.id)
    )
    programmes = list(db.session.scalars(query).unique())
    left = seats_left(programmes)
    return [ProgrammeSeats(p, left[p.id]) for p in programmes if left[p.id] > 0]


def seats_left(programmes) -> dict[int, int]:
    """Seats free per programme id: capacity less the seats held (both sides accepted)
    and less the introductions still waiting for an answer, which may take one."""
    ids = [p.id for p in programmes]
    if not ids:
        return {}
    taken = records.seats_taken(ids)
    waiting = dict(
        db.session.execute(
            select(Introduction.programme_id, func.count())
            .where(
                Introduction.programme_id.in_(ids),
                Introduction.status.in_(WAITING),
                Introduction.ended_at.is_(None),
            )
            .group_by(Introduction.programme_id)
        ).all()
    )
    return {
        p.id: max(0, p.capacity - taken.get(p.id, 0) - waiting.get(p.id, 0)) for p in programmes
    }


def parse_choice(
    programme_ids: list[str], max_km: str, offered: list[ProgrammeSeats]
) -> tuple[list[ProgrammeSeats], float, dict[str, str]]:
    """The chosen programmes among those offered and the distance limit, from the form;
    each problem named by its field."""
    errors = {}
    message = _("Jarak maksimum harus angka km antara 1 dan %(n)d.", n=MAX_KM_LIMIT)
    limit = params.filter_argument(
        {"max_km": max_km}, "max_km", MAX_KM, errors, default_max_km(), message
    )
    by_id = {str(s.programme.id): s for s in offered}
    wanted = list(dict.fromkeys(v.strip() for v in programme_ids if v.strip()))
    chosen = [by_id[v] for v in wanted if v in by_id]
    if len(chosen) < len(wanted):
        errors["programme"] = _("Ada program yang tidak dikenal, sudah ditutup, atau sudah penuh.")
    elif not chosen:
        errors["programme"] = _("Pilih minimal satu program pendampingan.")
    return chosen, limit, errors


# --- the preview -------------------------------------------------------------------------------

NEARER_FIRST = 1e-3


def preview(cohort: Cohort, seats: list[ProgrammeSeats], max_km: float) -> Preview:
    """Place the cohort's participants in the chosen programmes, maximising total fit."""
    result = Preview(cohort, max_km, [ProgrammeSeats(s.programme, s.left) for s in seats])
    candidates = []
    for participant in _participants(cohort):
        why = _left_out(participant)
        if why:
            result.not_placed.append(NotPlaced(participant, why))
        else:
            candidates.append(participant)
    pairs = _Pairs(candidates, [s.programme for s in result.seats], max_km)
    capacity = np.array([s.left for s in result.seats], dtype=int)
    # Among equally fitting programmes the nearer one wins: a distance term far smaller
    # than any difference in fit the bands would show breaks the ties.
    nearer = pairs.fit - NEARER_FIRST * pairs.distance / max(max_km, 1.0)
    placement = allocate.assign(nearer, capacity, pairs.allowed)
    quick = allocate.greedy(nearer, capacity, pairs.allowed)
    result.total_fit = allocate.total_fit(pairs.fit, placement)
    result.greedy_fit = allocate.total_fit(pairs.fit, quick)
    for row, participant in enumerate(candidates):
        column = int(placement[row])
        if column == allocate.UNASSIGNED:
            result.not_placed.append(NotPlaced(participant, pairs.why_not(row)))
            continue
        result.seats[column].used += 1
        suggestion = pairs.suggestions[row, column]
        distance = float(pairs.distance[row, column])
        result.placed.append(
            Placement(participant, result.seats[column].programme, suggestion, distance)
        )
    result.placed.sort(
        key=lambda p: (p.programme.company.name, p.programme.id, -p.suggestion.score)
    )
    result.not_placed.sort(key=lambda n: n.participant.name.casefold())
    return result


def _participants(cohort: Cohort) -> list[Participant]:
    query = (
        select(Participant)
        .options(joinedload(Participant.business).joinedload(SmallBusiness.kecamatan))
        .where(Participant.cohort_id == cohort.id)
        .order_by(Participant.name, Participant.id)
    )
    return list(db.session.scalars(query))


def _left_out(participant: Participant) -> str:
    """Why a participant cannot be placed at all, or "" when they can."""
    if participant.status == WubStatus.CLOSED:
        return _("Usahanya sudah tutup.")
    if participant.business is None:
        return _("Belum punya profil usaha di aplikasi.")
    if not participant.business.accepting_requests:
        return _("Usahanya sedang tidak menerima permintaan baru.")
    return ""


class _Pairs:
    """Fit, distance and what rules out each participant × programme pair."""

    def __init__(self, participants: list[Participant], programmes, max_km: float):
        shape = (len(participants), len(programmes))
        self.max_km = max_km
        self.fit = np.zeros(shape)
        self.allowed = np.zeros(shape, dtype=bool)
        self.distance = np.zeros(shape)
        self.causes: list[set[str]] = [set() for _p in participants]
        self.suggestions: dict[tuple[int, int], Suggestion] = {}
        model = matching.get_model() if participants and programmes else None
        introduced = _introduced([p.business_id for p in participants])
        for row, participant in enumerate(participants):
            business = participant.business
            for column, programme in enumerate(programmes):
                self.distance[row, column] = _distance(business, programme.company)
                if (business.id, programme.company_id) in introduced:
                    self.causes[row].add("introduced")
                elif self.distance[row, column] > max_km:
                    self.causes[row].add("far")
                else:
                    key = records.offer_key(Kind.MENTORING.value, programme.id)
                    suggestion = model.explain(business.id, key)
                    if suggestion is None:
                        self.causes[row].add("unknown")
                        continue
                    self.suggestions[row, column] = suggestion
                    self.fit[row, column] = suggestion.score
                    self.allowed[row, column] = True

    def why_not(self, row: int) -> str:
        """Why the participant of this row got no seat."""
        if self.allowed[row].any():
            if (self.fit[row][self.allowed[row]] > 0).any():
                return _("Kursi program dalam jangkauan sudah diisi peserta yang lebih cocok.")
            return _("Kecocokan dengan program yang dipilih terlalu rendah.")
        far = self.distance[row][self.distance[row] > self.max_km]
        messages = {
            "introduced": _("Sudah punya perkenalan pendampingan dengan perusahaan program."),
            "far": _(
                "Terlalu jauh: program terdekat %(km)s km, batas %(max)s km.",
                km=format_decimal(float(far.min()) if far.size else 0.0, "0.0"),
                max=format_decimal(self.max_km, "0.#"),
            ),
            "unknown": _("Model belum mengenal pasangan ini; perbarui model lalu coba lagi."),
        }
        return " ".join(
            messages[c] for c in ("introduced", "far", "unknown") if c in self.causes[row]
        )


def _distance(business: SmallBusiness, company: Company) -> float:
    """Km from the business's kecamatan centre to the company's estate (or kecamatan)."""
    there = company.estate or company.kecamatan
    here = business.kecamatan
    return distance_km(here.lat, here.lon, there.lat, there.lon)


def _introduced(business_ids: list[int]) -> set[tuple[int, int]]:
    """(business, company) pairs with a live mentoring introduction."""
    if not business_ids:
        return set()
    rows = db.session.execute(
        select(Introduction.business_id, Introduction.company_id).where(
            Introduction.business_id.in_(business_ids),
            Introduction.kind == Kind.MENTORING,
            Introduction.ended_at.is_(None),
        )
    )
    return {(b, c) for b, c in rows}


# --- proposing ---------------------------------------------------------------------------------


def propose(official: User, cohort: Cohort, keys: list[str]) -> desk.ProposalReport:
    """Propose the previewed pairs through the broker desk, refusing pairs of businesses
    outside this cohort and, per programme, any beyond the seats free right now."""
    pairs = [(k, o, b) for k, o, b in _parse(keys) if k == Kind.MENTORING]
    if not pairs:
        raise Invalid({"pair": _("Pilih minimal satu pasangan.")})
    members = {p.business_id: p for p in _participants(cohort) if p.business_id}
    programmes = {
        p.id: p
        for p in db.session.scalars(
            select(MentoringProgramme)
            .options(joinedload(MentoringProgramme.company))
            .where(MentoringProgramme.id.in_({o for _k, o, _b in pairs}))
        )
    }
    left = seats_left(programmes.values())
    report, chosen = desk.ProposalReport(), []
    for kind, programme_id, business_id in pairs:
        participant, programme = members.get(business_id), programmes.get(programme_id)
        if participant is None or programme is None:
            report.refused.append(_("Pasangan yang dipilih bukan dari angkatan ini."))
        elif left[programme_id] <= 0:
            name = f"{participant.business.name} – {programme.company.name}"
            report.refused.append(
                f"{name}: " + _("Program “%(title)s” sudah penuh.", title=programme.title)
            )
        else:
            left[programme_id] -= 1
            chosen.append(f"{kind}:{programme_id}:{business_id}")
    for start in range(0, len(chosen), desk.MAX_PAIRS):
        part = desk.propose(official, chosen[start : start + desk.MAX_PAIRS])
        report.proposed += part.proposed
        report.existing += part.existing
        report.refused += part.refused
    return report


def _parse(keys: list[str]) -> list[tuple[str, int, int]]:
    """(kind, offer id, business id) from the form's hidden fields, each once, in order."""
    pairs = []
    for key in keys:
        kind, _sep, rest = key.partition(":")
        offer_id, _sep, business_id = rest.partition(":")
        offer_id, business_id = params.id_of(offer_id), params.id_of(business_id)
        if offer_id and business_id:
            pairs.append((kind, offer_id, business_id))
    return list(dict.fromkeys(pairs))
