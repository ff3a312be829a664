"""The introduction's state machine: accept, decline, withdraw, advance, expire.

Each change reads the row locked (SELECT … FOR UPDATE on PostgreSQL) and saves it
with a version check, so two answers arriving at once end in one consistent state:
the later one waits, or finds the row changed and is re-applied to what is there.
"""

from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.audit import services as audit
from matchmaker.auth.models import User, utcnow
from matchmaker.brokering import reasons
from matchmaker.brokering.models import (
    ENDED,
    NEXT,
    WAITING,
    Introduction,
    Outcome,
    Partnership,
    ProgressNote,
    Side,
    Status,
    ValueBand,
)
from matchmaker.brokering.services import seats_left, side_of, tell
from matchmaker.core.extensions import db
from matchmaker.core.validation import Invalid, NotFound, Refused
from matchmaker.matching.models import Kind
from matchmaker.notifications.models import Topic
from matchmaker.profiles import fields

ATTEMPTS = 3


class MissingTerm(Refused):
    """An agreement without the term its introduction's kind needs (items or topics):
    the request is well formed, this introduction asks for more (409 naming the field)."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.fields = {name: message}

    apply_to = Invalid.apply_to  # pages show it under its field, like bad input


POSITIVE = fields.integer(1, 10_000_000)


def accept(user: User, intro_id: int) -> Introduction:
    """The user's side says yes; when both have, the introduction is accepted."""

    def change(intro: Introduction, side: Side) -> None:
        _must_wait(intro)
        if side == Side.OFFICIAL:
            raise Refused(_("Petugas tidak dapat menerima atas nama usaha atau perusahaan."))
        if _accepted_by(intro, side):
            raise Refused(_("Anda sudah menerima; menunggu jawaban pihak lain."))
        if intro.programme is not None and _accepted_by(intro, _other(side)):
            _must_have_a_seat(intro)
        now = utcnow()
        if side == Side.BUSINESS:
            intro.business_accepted_at = now
        else:
            intro.company_accepted_at = now
        if intro.both_accepted:
            _move(user, intro, Status.ACCEPTED)
            intro.expires_at = None
            _touch_programme(intro)
            tell(intro, list(Side), Topic.REQUESTS, "accepted")
        else:
            audit.record(user, "introduction.answered", intro, {f"{side}_accepted": [False, True]})

    return _apply(user, intro_id, change)


def decline(user: User, intro_id: int, code, text="") -> Introduction:
    """A side that has not said yes says no, with a reason."""
    code, text = reasons.parse_reason(reasons.DECLINE_REASONS, code, text)

    def change(intro: Introduction, side: Side) -> None:
        _must_wait(intro)
        if side == Side.OFFICIAL:
            raise Refused(_("Petugas tidak dapat menolak atas nama usaha atau perusahaan."))
        if _accepted_by(intro, side):
            raise Refused(_("Anda yang meminta perkenalan ini; gunakan Batalkan."))
        _end(user, intro, Status.DECLINED, code, text)
        tell(intro, _others(side), Topic.REQUESTS, "declined", reason=reasons.reason_label(code))

    return _apply(user, intro_id, change)


def withdraw(user: User, intro_id: int, code, text="") -> Introduction:
    """A side that said yes (or an official) calls it off, with a reason."""
    code, text = reasons.parse_reason(reasons.WITHDRAW_REASONS, code, text)

    def change(intro: Introduction, side: Side) -> None:
        _must_be_live(intro)
        if side != Side.OFFICIAL and not _accepted_by(intro, side):
            raise Refused(_("Anda belum menerima perkenalan ini; gunakan Tolak."))
        _end(user, intro, Status.WITHDRAWN, code, text)
        tell(intro, _others(side), Topic.REQUESTS, "withdrawn", reason=reasons.reason_label(code))

    return _apply(user, intro_id, change)


def advance(user: User, intro_id: int, to, details: dict | None = None) -> Introduction:
    """One step along accepted → meeting → agreement → active → completed. Reaching an
    agreement needs its terms; completing needs the outcome."""
    details = details or {}

    def change(intro: Introduction, side: Side) -> None:
        _must_be_live(intro)
        if intro.status in WAITING:
            raise Refused(_("Kedua pihak belum sama-sama menerima perkenalan ini."))
        following = NEXT[intro.status]
        if str(to) != following.value:
            label = reasons.STATUS_LABELS[following]
            raise Refused(
                _(
                    "Dari tahap ini hanya bisa maju ke “%(next)s” (%(code)s).",
                    next=label,
                    code=following.value,
                )
            )
        if following == Status.AGREEMENT:
            intro.partnership = _agreement(intro, details)
        if following == Status.COMPLETED:
            _complete(intro.partnership, details)
        _move(user, intro, following)
        if following == Status.COMPLETED:
            intro.ended_at = utcnow()
        label = str(reasons.STATUS_LABELS[following])
        tell(intro, _others(side), Topic.PROGRESS, "advanced", status=label)

    return _apply(user, intro_id, change)


def add_note(user: User, intro_id: int, body) -> ProgressNote:
    """A progress note on the partnership, by either side or an official."""
    intro = _load(intro_id)
    side = side_of(user, intro)
    if side is None:
        raise NotFound
    if intro.partnership is None:
        raise Refused(_("Catatan kemajuan dimulai setelah ada kesepakatan."))
    note = ProgressNote(
        partnership=intro.partnership, author=user, body=reasons.parse_text("body", body)
    )
    db.session.add(note)
    tell(intro, _others(side), Topic.PROGRESS, "note")
    db.session.commit()
    return note


def expire_and_remind(now=None) -> tuple[int, int]:
    """Remind the sides that still owe an answer a few days before the deadline, and
    expire what is past it. Returns (reminded, expired). `now` is for tests."""
    now = now or utcnow()
    days_before = timedelta(days=current_app.config["INTRODUCTION_REMINDER_DAYS"])
    waiting = select(Introduction).where(Introduction.status.in_(WAITING))
    reminded = expired = 0
    for intro in db.session.scalars(waiting.where(Introduction.expires_at <= now)).all():
        _end(None, intro, Status.EXPIRED, reasons.EXPIRED_REASON, "", now=now)
        tell(intro, list(Side), Topic.REQUESTS, "expired")
        expired += 1
    due = waiting.where(
        Introduction.expires_at <= now + days_before, Introduction.reminded_at.is_(None)
    )
    for intro in db.session.scalars(due).all():
        intro.reminded_at = now
        owing = [s for s in (Side.BUSINESS, Side.COMPANY) if not _accepted_by(intro, s)]
        tell(intro, owing, Topic.REMINDERS, "reminder")
        reminded += 1
    db.session.commit()
    return reminded, expired


def actions_for(user: User, intro: Introduction) -> list[str]:
    """What `user` may do to `intro` now: accept, decline, withdraw, advance:<state>,
    message, note. The same rules as the changes themselves, for showing buttons."""
    side = side_of(user, intro)
    if side is None:
        return []
    actions = []
    if intro.status in WAITING:
        if side == Side.OFFICIAL or _accepted_by(intro, side):
            actions.append("withdraw")
        else:
            actions += ["accept", "decline"]
    elif intro.status not in ENDED:
        actions += [f"advance:{NEXT[intro.status].value}", "withdraw"]
    if intro.status not in ENDED - {Status.COMPLETED}:
        actions.append("message")
    if intro.partnership is not None:
        actions.append("note")
    return actions


# --- the parts ---------------------------------------------------------------------------------


def _apply(user: User, intro_id: int, change) -> Introduction:
    """Run change(intro, side) on the locked row and commit; retried when another
    request changed the row between our read and our write."""
    for attempt in range(ATTEMPTS):
        intro = _load(intro_id, lock=True)
        side = side_of(user, intro)
        if side is None:
            raise NotFound
        change(intro, side)
        try:
            db.session.commit()
            return intro
        except StaleDataError:
            db.session.rollback()
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _load(intro_id: int, lock: bool = False) -> Introduction:
    query = select(Introduction).where(Introduction.id == intro_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    intro = db.session.scalar(query)
    if intro is None:
        raise NotFound
    return intro


def _accepted_by(intro: Introduction, side: Side) -> bool:
    if side == Side.BUSINESS:
        return intro.business_accepted_at is not None
    if side == Side.COMPANY:
        return intro.company_accepted_at is not None
    return False


def _other(side: Side) -> Side:
    return Side.COMPANY if side == Side.BUSINESS else Side.BUSINESS


def _must_have_a_seat(intro: Introduction) -> None:
    """The last yes takes a seat of the programme: refused when none is left (counted
    with the programme's row locked, so two last yeses cannot share one seat)."""
    if seats_left(intro.programme, lock=True) <= 0:
        raise Refused(_("Program “%(title)s” sudah penuh.", title=intro.programme.title))


def _others(side: Side) -> list[Side]:
    return [s for s in Side if s != side]


def _must_wait(intro: Introduction) -> None:
    _must_be_live(intro)
    if intro.status not in WAITING:
        raise Refused(_("Perkenalan ini sudah diterima kedua pihak."))


def _must_be_live(intro: Introduction) -> None:
    if intro.status in ENDED:
        label = reasons.STATUS_LABELS[intro.status]
        raise Refused(_("Perkenalan ini sudah berakhir (%(status)s).", status=label))


def _move(user: User | None, intro: Introduction, to: Status, now=None) -> None:
    before = intro.status
    intro.status, intro.status_since = to, now or utcnow()
    audit.record(user, "introduction.status", intro, {"status": [before.value, to.value]})


def _end(user, intro: Introduction, to: Status, code: str, text: str, now=None) -> None:
    intro.reason_code, intro.reason_text = code, text
    _move(user, intro, to, now)
    intro.ended_at = now or utcnow()
    _touch_programme(intro)


def _touch_programme(intro: Introduction) -> None:
    """A seat taken or freed changes what the model may suggest: mark the programme
    changed so every worker re-reads it."""
    if intro.programme is not None:
        intro.programme.updated_at = utcnow()


def _agreement(intro: Introduction, details: dict) -> Partnership:
    errors: dict[str, str] = {}
    partnership = Partnership(kind=intro.kind)
    partnership.start_date = (
        _field(errors, "start_date", details.get("start_date"), fields.iso_date) or date.today()
    )
    if intro.kind == Kind.SUBCONTRACTING:
        partnership.items = _text(errors, "items", details.get("items"))
        partnership.volume_per_month = _field(
            errors, "volume_per_month", details.get("volume_per_month"), POSITIVE
        )
        unit = details.get("volume_unit")
        partnership.volume_unit = _text(errors, "volume_unit", unit, max_len=40, one_line=True)
        band = details.get("value_band") or None
        if band is not None and band not in set(ValueBand):
            errors["value_band"] = _("Pilih salah satu rentang nilai.")
        partnership.value_band = ValueBand(band) if band and "value_band" not in errors else None
    else:
        partnership.topics = _text(errors, "topics", details.get("topics"))
        partnership.sessions = _field(errors, "sessions", details.get("sessions"), POSITIVE)
    term = "items" if intro.kind == Kind.SUBCONTRACTING else "topics"
    missing = term not in errors and not getattr(partnership, term)
    if missing:
        errors[term] = _("Wajib diisi.")
    if missing and len(errors) == 1:
        raise MissingTerm(term, errors[term])
    if errors:
        raise Invalid(errors)
    return partnership


def _complete(partnership: Partnership | None, details: dict) -> None:
    outcome = details.get("outcome")
    if outcome not in set(Outcome):
        raise Invalid({"outcome": _("Pilih hasil kemitraan.")})
    errors: dict[str, str] = {}
    partnership.outcome = Outcome(outcome)
    partnership.outcome_note = _text(errors, "outcome_note", details.get("outcome_note"))
    partnership.end_date = (
        _field(errors, "end_date", details.get("end_date"), fields.iso_date) or date.today()
    )
    if errors:
        raise Invalid(errors)


def _field(errors: dict, name: str, value, parse):
    if value in (None, ""):
        return None
    try:
        return parse(value)
    except ValueError as error:
        errors[name] = str(error)
        return None


def _text(errors: dict, name: str, value, required: bool = False, **limits) -> str:
    try:
        return reasons.parse_text(name, value, required=required, **limits)
    except Invalid as error:
        errors.update(error.fields)
        return ""
