"""Programme logic shared by the HTML views, the API, the importers and the CLI:
cohorts, participants, their WUB status over time, and linking a participant to the
small business they start."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from matchmaker.audit import changes as audit
from matchmaker.audit import services as audit_log
from matchmaker.auth.models import User
from matchmaker.brokering.seksi import seksi_of
from matchmaker.extensions import db
from matchmaker.profiles import fields as pf
from matchmaker.profiles.models import SmallBusiness
from matchmaker.programme import fields as f
from matchmaker.programme.models import (
    IN_BUSINESS,
    PATH,
    Cohort,
    Education,
    Participant,
    StatusChange,
    WubStatus,
)
from matchmaker.validation import Invalid, Refused

OTHER_KBLI = "3290"  # Industri pengolahan lainnya: for trades with no KBLI code of their own
COHORT_AUDITED = tuple(field.target for field in f.COHORT_FIELDS)
PARTICIPANT_AUDITED = (
    *(field.target for field in f.PARTICIPANT_FIELDS),
    "cohort_id",
    "business_id",
)


def can_manage(user: User) -> bool:
    """Only officials keep the programme's records (cohorts, participants, visits, targets)."""
    return user.is_authenticated and user.is_official


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
    if values.get("priority") is None and "education" in values:
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


# --- status over time --------------------------------------------------------------------------


def allowed_next(current: WubStatus) -> list[WubStatus]:
    """The statuses a participant may move to from `current`.

    Forward along the path (steps may be skipped: officials often learn late); a
    business that has started may stall, and a stalled one may recover or close;
    anyone may drop out (closed), which is final.
    """
    if current == WubStatus.CLOSED:
        return []
    if current == WubStatus.STALLED:
        return [WubStatus.OPERATING, WubStatus.GROWING, WubStatus.CLOSED]
    ahead = list(PATH[PATH.index(current) + 1 :])
    stall = [WubStatus.STALLED] if current in IN_BUSINESS else []
    return [*ahead, *stall, WubStatus.CLOSED]


def record_status(
    participant: Participant, status: WubStatus, on: date, actor: User | None, note: str = ""
) -> StatusChange:
    """Add a step to the history and make it current (no checks: for new records)."""
    change = StatusChange(
        status=status,
        previous=participant.status,
        changed_on=on,
        changed_by_id=getattr(actor, "id", None),
        note=note,
    )
    participant.history.append(change)
    participant.status, participant.status_since = status, on
    return change


def change_status(
    actor: User, participant: Participant, data: dict, *, business: SmallBusiness | None = None
) -> StatusChange:
    """Move a participant to a new status on a given day, checked; commit or raise.

    A participant becomes `started` only with the small business they started: the one
    given, or the one already linked.
    """
    errors = {}
    try:
        status = f.status(data.get("status", ""))
    except ValueError as error:
        errors["status"] = str(error)
    try:
        on = f.past_date(data.get("changed_on") or date.today())
    except ValueError as error:
        errors["changed_on"] = str(error)
    note = str(data.get("note", "")).strip()
    if len(note) > 500:
        errors["note"] = _("Maksimal %(n)d karakter.", n=500)
    if errors:
        raise Invalid(errors)
    if status not in allowed_next(participant.status):
        raise Refused(
            _(
                "Status %(now)s tidak bisa diubah menjadi %(new)s.",
                now=f.STATUS_LABELS[participant.status],
                new=f.STATUS_LABELS[status],
            )
        )
    if on < participant.status_since:
        raise Invalid(
            {
                "changed_on": _(
                    "Tidak boleh sebelum perubahan terakhir (%(d)s).",
                    d=participant.status_since.isoformat(),
                )
            }
        )
    if business is not None:
        link_business(participant, business, commit=False)
    if status == WubStatus.STARTED and participant.business is None:
        raise Invalid({"business": _("Pilih atau buat profil usaha yang dimulai peserta ini.")})
    change = record_status(participant, status, on, actor, note)
    audit_log.record(
        actor,
        "participant.status",
        participant,
        {"status": [change.previous.value if change.previous else None, status.value]},
        summary=participant.name,
    )
    db.session.commit()
    return change


def link_business(
    participant: Participant, business: SmallBusiness, *, commit: bool = True
) -> None:
    """Record that this participant runs this small business."""
    other = db.session.scalar(
        select(Participant).where(
            Participant.business_id == business.id, Participant.id != participant.id
        )
    )
    if other is not None:
        raise Invalid({"business": _("Usaha ini sudah tertaut ke peserta %(n)s.", n=other.name)})
    participant.business = business
    if commit:
        db.session.commit()


def business_values(participant: Participant) -> dict:
    """A new business profile's fields, from what the programme knows of its owner."""
    from ml.trades import trade as trade_of

    return {
        "name": _("Usaha %(name)s", name=participant.name),
        "owner_name": participant.name,
        "trade": participant.trade,
        "sector": next(iter(trade_of(participant.trade).kbli_prefixes), OTHER_KBLI),
        "kecamatan": participant.kecamatan.name,
        "phone": participant.phone,
        "training_history": _(
            "%(cohort)s (%(year)d), %(destination)s",
            cohort=participant.cohort.name,
            year=participant.cohort.year,
            destination=participant.cohort.destination or "-",
        ),
    }


def phone_of(value) -> str:
    """A phone as stored (+62…), or "" when it cannot be read (for lookups, not saving)."""
    try:
        return pf.phone(value)
    except ValueError:
        return ""
