"""Programme logic shared by the HTML views, the API, the importers and the CLI:
cohorts, participants, their WUB status over time, and linking a participant to the
small business they start."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from matchmaker.audit import changes as audit
from matchmaker.audit import labels as audit_words
from matchmaker.auth.models import User
from matchmaker.brokering.seksi import seksi_of
from matchmaker.core.extensions import db
from matchmaker.core.validation import Invalid, Refused
from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.history import record_status
from matchmaker.wub.cohorts.models import Cohort, Education, Participant, WubStatus

COHORT_AUDITED = tuple(field.target for field in f.COHORT_FIELDS)
PARTICIPANT_AUDITED = (
    *(field.target for field in f.PARTICIPANT_FIELDS),
    "cohort_id",
    "business_id",
)
audit_words.label_values("cohort_id", audit_words.named(Cohort, "name", lambda c: c.year))
audit_words.label_values("education", audit_words.enum(f.EDUCATION_LABELS, Education))
audit_words.label_statuses("participant", f.STATUS_LABELS)


# --- cohorts -----------------------------------------------------------------------------------


def save_cohort(data: dict, *, cohort: Cohort | None = None, partial: bool = False) -> Cohort:
    """Create or update a cohort from raw input; commit, or change nothing and raise Invalid."""
    values = f.clean_cohort(data, partial=partial and cohort is not None)
    name = values.get("name", cohort.name if cohort else "")
    year = values.get("year", cohort.year if cohort else None)
    other = find_cohort(name, year)
    if other is not None and other is not cohort:
        raise Invalid({"name": _("Angkatan dengan nama ini sudah ada pada tahun %(y)d.", y=year)})
    before = audit.before(cohort, COHORT_AUDITED)
    cohort = cohort or Cohort()
    for column, value in values.items():
        setattr(cohort, column, value)
    if not cohort.seksi:
        cohort.seksi = seksi_of(cohort.trade)
    db.session.add(cohort)
    audit.saved(cohort, "cohort", COHORT_AUDITED, before)
    db.session.commit()
    return cohort


def find_cohort(name: str, year: int | None) -> Cohort | None:
    """The cohort of that name (ignoring case) and year."""
    return db.session.scalar(
        select(Cohort).where(func.lower(Cohort.name) == name.casefold(), Cohort.year == year)
    )


def cohort_query(year: int | None = None, seksi: str = "", trade: str = "") -> Select:
    """Cohorts newest first, with how many participants each has."""
    counted = (
        select(Cohort, func.count(Participant.id))
        .outerjoin(Participant, Participant.cohort_id == Cohort.id)
        .group_by(Cohort.id)
        .order_by(Cohort.year.desc(), Cohort.start_date.desc(), Cohort.id.desc())
    )
    if year:
        counted = counted.where(Cohort.year == year)
    if seksi:
        counted = counted.where(Cohort.seksi == seksi)
    if trade:
        counted = counted.where(Cohort.trade == trade)
    return counted


def participant_counts(cohort_ids: list[int]) -> dict[int, int]:
    """How many participants each of these cohorts has."""
    query = (
        select(Participant.cohort_id, func.count())
        .where(Participant.cohort_id.in_(cohort_ids))
        .group_by(Participant.cohort_id)
    )
    return dict(db.session.execute(query).all())


def delete_cohort(cohort: Cohort) -> None:
    """Delete a cohort that has no participants (a mistake in setting it up)."""
    if cohort.participants:
        raise Refused(_("Angkatan ini masih punya peserta; pindahkan atau hapus mereka dahulu."))
    audit.deleted(cohort, "cohort", COHORT_AUDITED)
    db.session.delete(cohort)
    db.session.commit()


# --- participants ------------------------------------------------------------------------------


def save_participant(
    data: dict,
    *,
    cohort: Cohort,
    participant: Participant | None = None,
    partial: bool = False,
    actor: User | None = None,
) -> Participant:
    """Create or update a participant; a new one starts `selected` (or the status given)."""
    data = dict(data)
    initial = data.pop("status", None)
    values = f.clean_participant(data, partial=partial and participant is not None)
    errors = {}
    if initial not in (None, "") and participant is None:
        try:
            initial = f.status(initial)
        except ValueError as error:
            errors["status"] = str(error)
    name = values.get("name", participant.name if participant else "")
    phone = values.get("phone", participant.phone if participant else "")
    twin = find_participant(name, phone)
    if twin is not None and twin is not participant:
        errors["name"] = _(
            "Peserta dengan nama dan nomor telepon ini sudah ada (angkatan %(c)s).",
            c=twin.cohort.name,
        )
    if errors:
        raise Invalid(errors)
    before = audit.before(participant, PARTICIPANT_AUDITED)
    with db.session.no_autoflush:  # a new participant is complete only at the end
        if participant is None:
            participant = Participant()
            record_status(participant, initial or WubStatus.SELECTED, date.today(), actor)
        participant.cohort = cohort
        for column, value in values.items():
            setattr(participant, column, value)
        fill_defaults(participant, values)
        db.session.add(participant)
    audit.saved(participant, "participant", PARTICIPANT_AUDITED, before)
    db.session.commit()
    return participant


def fill_defaults(participant: Participant, values: dict) -> None:
    """What a participant's row leaves blank: the cohort's trade, and the priority flag
    (an SLTA graduate is in the priority group unless told otherwise)."""
    if not participant.trade:
        participant.trade = participant.cohort.trade
    # A blank priority sent alone is also worked out again, rather than stored as null.
    if values.get("priority") is None and ("education" in values or "priority" in values):
        participant.priority = participant.education == Education.SLTA


def find_participant(name: str, phone: str) -> Participant | None:
    """The participant with this name (ignoring case and spacing) and phone: a duplicate."""
    if not name:
        return None
    wanted = " ".join(name.split()).casefold()
    query = select(Participant).where(func.lower(Participant.name) == wanted)
    query = query.where(Participant.phone == phone) if phone else query
    return db.session.scalars(query.options(joinedload(Participant.cohort))).first()


def participant_query(
    *, cohort_id: int | None = None, status: str = "", q: str = "", kecamatan_id: int | None = None
) -> Select:
    """Participants by name, narrowed by any of the filters."""
    query = select(Participant).options(
        joinedload(Participant.cohort), joinedload(Participant.kecamatan)
    )
    if cohort_id:
        query = query.where(Participant.cohort_id == cohort_id)
    if status:
        query = query.where(Participant.status == status)
    if kecamatan_id:
        query = query.where(Participant.kecamatan_id == kecamatan_id)
    if q:
        query = query.where(Participant.name.ilike(f"%{q.replace('%', '')}%"))
    return query.order_by(Participant.name, Participant.id)


def form_data(participant: Participant) -> dict:
    """A participant's values as the edit form shows them."""
    return {
        "name": participant.name,
        "phone": participant.phone,
        "kecamatan": participant.kecamatan.name,
        "education": participant.education.value if participant.education else "",
        "priority": "ya" if participant.priority else "tidak",
        "birth_date": participant.birth_date.isoformat() if participant.birth_date else "",
        "trade": participant.trade,
    }


def status_counts(cohort_id: int | None = None) -> dict[WubStatus, int]:
    """How many participants (of one cohort, or all) are in each status."""
    query = select(Participant.status, func.count()).group_by(Participant.status)
    if cohort_id is not None:
        query = query.where(Participant.cohort_id == cohort_id)
    found = dict(db.session.execute(query).all())
    return {status: found.get(status, 0) for status in WubStatus}
