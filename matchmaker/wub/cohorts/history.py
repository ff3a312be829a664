"""A WUB's status over time: which steps are allowed, recording a dated step by whom,
and the small business a participant starts."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from matchmaker.audit import services as audit_log
from matchmaker.auth.models import User
from matchmaker.core import dates
from matchmaker.core.extensions import db
from matchmaker.core.plain_text import single_line
from matchmaker.core.validation import Invalid, Refused
from matchmaker.profiles.models import SmallBusiness
from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.models import IN_BUSINESS, PATH, Participant, StatusChange, WubStatus
from ml.trades import trade as trade_of

OTHER_KBLI = "3290"  # Industri pengolahan lainnya: for trades with no KBLI code of their own


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
    note = single_line(str(data.get("note", "")))
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
                    d=dates.day(participant.status_since),
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


def reopen_choices(participant: Participant) -> list[WubStatus]:
    """Where a closed participant can be reopened to: any status but closed, those of a
    running business only when a business profile is linked."""
    if participant.status != WubStatus.CLOSED:
        return []
    statuses = (*PATH, WubStatus.STALLED)
    return [s for s in statuses if participant.business is not None or s not in IN_BUSINESS]


def status_before_closing(participant: Participant) -> WubStatus | None:
    """The status the participant had when they were closed, if it is on record."""
    closing = [c for c in participant.history if c.status == WubStatus.CLOSED]
    return closing[-1].previous if closing else None


def reopen(actor: User, participant: Participant, data: dict) -> StatusChange:
    """An official reopens a closed participant, with the reason (required), which the
    history and the audit log keep in words; commit or raise."""
    if participant.status != WubStatus.CLOSED:
        raise Refused(_("Peserta ini tidak berstatus Tutup."))
    errors, reason = {}, single_line(str(data.get("reason") or ""))
    try:
        status = f.status(data.get("status", ""))
        if status not in reopen_choices(participant):
            raise ValueError(_("Pilih salah satu status yang ditawarkan."))
    except ValueError as error:
        errors["status"] = str(error)
    if not reason:
        errors["reason"] = _("Tulis alasan membuka kembali.")
    elif len(reason) > 400:
        errors["reason"] = _("Maksimal %(n)d karakter.", n=400)
    if errors:
        raise Invalid(errors)
    on = max(date.today(), participant.status_since)
    change = record_status(participant, status, on, actor, _("Dibuka kembali: %(r)s", r=reason))
    audit_log.record(
        actor,
        "participant.status",
        participant,
        {"status": [WubStatus.CLOSED.value, status.value], "notes": [None, reason]},
        summary=_("%(name)s dibuka kembali: %(reason)s", name=participant.name, reason=reason),
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
