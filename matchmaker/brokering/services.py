"""Starting introductions, who may see them, contacts after double opt-in, messages.

The state changes after the start live in `brokering.states`; both modules are what
the HTML views, the API and the CLI call, so a rule lives once.
"""

from datetime import timedelta
from urllib.parse import quote

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError

from matchmaker.audit import services as audit
from matchmaker.auth.models import Membership, Role, User, utcnow
from matchmaker.brokering import outcomes  # noqa: F401  (lends matching its seats and lessons)
from matchmaker.brokering.models import (
    ENDED,
    Introduction,
    IntroductionMessage,
    Side,
    Status,
)
from matchmaker.brokering.reasons import parse_text
from matchmaker.core.extensions import db
from matchmaker.core.locking import lock_row
from matchmaker.core.validation import Invalid, NotAllowed, NotFound, Refused
from matchmaker.matching.models import Kind
from matchmaker.matching.records import seats_taken
from matchmaker.notifications.models import Topic
from matchmaker.notifications.services import notify
from matchmaker.profiles import fields
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)

# --- who is who --------------------------------------------------------------------------------


def side_of(user: User, intro: Introduction) -> Side | None:
    """The part `user` plays in `intro`: its business's owner, its company's approved
    staff, an official, or nobody (None)."""
    if not user.is_authenticated:
        return None
    if user.is_official:
        return Side.OFFICIAL
    if intro.business.owner_id == user.id:
        return Side.BUSINESS
    if user.approved_company_id is not None and user.approved_company_id == intro.company_id:
        return Side.COMPANY
    return None


def get_visible(user: User, intro_id: int) -> Introduction:
    """The introduction if `user` takes part in it or is an official; 404 otherwise, so
    nobody learns which introductions exist."""
    intro = db.session.get(Introduction, intro_id)
    if intro is None or side_of(user, intro) is None:
        raise NotFound
    return intro


def visible_to(user: User, status: str | None = None) -> Select:
    """The introductions `user` may list, newest change first."""
    query = select(Introduction).order_by(Introduction.status_since.desc(), Introduction.id.desc())
    if user.role == Role.OWNER:
        query = query.join(SmallBusiness).where(SmallBusiness.owner_id == user.id)
    elif user.role == Role.CSR:
        query = query.where(Introduction.company_id == (user.approved_company_id or -1))
    if status:
        if status not in set(Status):
            raise Invalid({"status": _("Status tidak dikenal.")})
        query = query.where(Introduction.status == status)
    return query


def users_of(intro: Introduction, side: Side) -> list[User]:
    """Who hears about `intro` for a side: the owner, or the company's approved staff."""
    if side == Side.BUSINESS:
        return [intro.business.owner] if intro.business.owner else []
    if side == Side.COMPANY:
        return [
            u
            for u in intro.company.staff
            if u.membership == Membership.APPROVED and u.role == Role.CSR
        ]
    return []


def officials_of(intro: Introduction) -> list[User]:
    """The official who proposed it, if one did."""
    creator = intro.created_by
    return [creator] if creator is not None and creator.is_official else []


def tell(intro: Introduction, sides, topic: Topic, key: str, **params) -> None:
    """Notify the users of the given sides (Side.OFFICIAL: the proposing official)."""
    users = []
    for side in sides:
        users += officials_of(intro) if side == Side.OFFICIAL else users_of(intro, side)
    params = {"business": intro.business.name, "company": intro.company.name, **params}
    notify(users, topic, key, params, path_of(intro))


def path_of(intro: Introduction) -> str:
    """The introduction's page; a plain path, since reminders go out from the CLI, where
    no request exists to build a URL from (e-mails prefix PUBLIC_URL)."""
    return f"/perkenalan/{intro.id}"


# --- starting ----------------------------------------------------------------------------------


def check_one_offer(need_given: bool, programme_given: bool) -> None:
    """An introduction concerns a need or a programme of the company, not both (Invalid
    naming programme_id); the caller says what "given" means in its input."""
    if need_given and programme_given:
        raise Invalid({"programme_id": _("Pilih kebutuhan atau program, tidak keduanya.")})


def start(
    user: User,
    business: SmallBusiness,
    company: Company,
    kind: str,
    offer: SubcontractingNeed | MentoringProgramme | None = None,
    message: str = "",
) -> tuple[Introduction, bool]:
    """Ask for (or, as an official, propose) an introduction; returns it and whether it
    is new. The same live pair and kind asked again returns the existing one."""
    side = _starting_side(user, business, company)
    kind = _kind(kind, offer, company)
    message = parse_text("message", message, required=False)
    existing = live_introduction(business.id, company.id, kind)
    if existing is not None:
        return existing, False
    _check_open(side, business, company, offer)
    if side == Side.BUSINESS:
        _check_daily_limit(user)
    now = utcnow()
    intro = Introduction(
        business=business,
        company=company,
        kind=kind,
        need=offer if isinstance(offer, SubcontractingNeed) else None,
        programme=offer if isinstance(offer, MentoringProgramme) else None,
        status=Status.PROPOSED if side == Side.OFFICIAL else Status.REQUESTED,
        started_by=side,
        created_by=user,
        message=message,
        business_accepted_at=now if side == Side.BUSINESS else None,
        company_accepted_at=now if side == Side.COMPANY else None,
        created_at=now,
        status_since=now,
        expires_at=now + timedelta(days=current_app.config["INTRODUCTION_EXPIRY_DAYS"]),
    )
    db.session.add(intro)
    try:
        db.session.flush()
    except IntegrityError:  # the same pair asked a moment ago, in another request
        db.session.rollback()
        return live_introduction(business.id, company.id, kind), False
    audit.record(user, "introduction.created", intro, {"status": [None, intro.status.value]})
    if side == Side.BUSINESS:
        tell(intro, [Side.COMPANY], Topic.REQUESTS, "requested")
    elif side == Side.COMPANY:
        tell(intro, [Side.BUSINESS], Topic.REQUESTS, "company_asked")
    else:
        tell(intro, [Side.BUSINESS, Side.COMPANY], Topic.REQUESTS, "proposed")
    db.session.commit()
    return intro, True


def live_introduction(business_id: int, company_id: int, kind: str) -> Introduction | None:
    return db.session.scalar(
        select(Introduction).where(
            Introduction.business_id == business_id,
            Introduction.company_id == company_id,
            Introduction.kind == kind,
            Introduction.ended_at.is_(None),
        )
    )


def live_introductions_of(business_id: int, company_id: int) -> list[Introduction]:
    """Every live introduction of the business and every one of the company, in one query."""
    return db.session.scalars(
        select(Introduction).where(
            Introduction.ended_at.is_(None),
            (Introduction.business_id == business_id) | (Introduction.company_id == company_id),
        )
    ).all()


def _starting_side(user: User, business: SmallBusiness, company: Company) -> Side:
    if user.is_official:
        return Side.OFFICIAL
    if user.role == Role.OWNER:
        if business.owner_id != user.id:
            raise NotFound(fields={"business_id": _("Tidak ditemukan.")})
        return Side.BUSINESS
    if user.role == Role.CSR and user.approved_company_id is not None:
        if user.approved_company_id != company.id:
            raise NotFound(fields={"company_id": _("Tidak ditemukan.")})
        return Side.COMPANY
    raise NotAllowed


def _kind(kind: str, offer, company: Company) -> Kind:
    if kind not in set(Kind):
        raise Invalid({"kind": _("Pilih subcontracting atau mentoring.")})
    kind = Kind(kind)
    if offer is None:
        return kind
    field = "need_id" if isinstance(offer, SubcontractingNeed) else "programme_id"
    if offer.company_id != company.id:  # no such offer of this company: as for any id
        raise NotFound(fields={field: _("Bukan milik perusahaan ini.")})
    if (kind == Kind.MENTORING) != isinstance(offer, MentoringProgramme):
        raise Invalid({field: _("Tidak sesuai dengan jenis kemitraan yang dipilih.")})
    return kind


def _check_open(side: Side, business: SmallBusiness, company: Company, offer) -> None:
    """Refuse what the other side has paused or what can take nobody more."""
    if side != Side.BUSINESS and not business.accepting_requests:
        raise Refused(_("%(name)s sedang tidak menerima permintaan baru.", name=business.name))
    if side != Side.COMPANY and not company.accepting_requests:
        raise Refused(_("%(name)s sedang tidak menerima permintaan baru.", name=company.name))
    if isinstance(offer, SubcontractingNeed) and not offer.is_open:
        raise Refused(_("Kebutuhan “%(title)s” sudah ditutup.", title=offer.title))
    if isinstance(offer, MentoringProgramme):
        if not offer.is_open:
            raise Refused(_("Program “%(title)s” sudah ditutup.", title=offer.title))
        if seats_left(offer) <= 0:
            raise Refused(_("Program “%(title)s” sudah penuh.", title=offer.title))


def _check_daily_limit(user: User) -> None:
    """At most INTRODUCTION_DAILY_LIMIT requests by the owner in 24 hours. The owner's row
    stays locked until the new introduction is committed, so requests sent at the same
    moment count one after another instead of all seeing room for one more."""
    limit = current_app.config["INTRODUCTION_DAILY_LIMIT"]
    lock_row(User, user.id)
    since = utcnow() - timedelta(days=1)
    count = db.session.scalar(
        select(func.count())
        .select_from(Introduction)
        .where(Introduction.created_by_id == user.id, Introduction.created_at >= since)
    )
    if count >= limit:
        raise Refused(
            _("Batas %(n)d permintaan per hari sudah tercapai. Coba lagi besok.", n=limit),
            status=429,
            code="rate_limited",
        )


def seats_left(programme: MentoringProgramme, lock: bool = False) -> int:
    """Places still free in a programme: its capacity less the introductions both sides
    accepted (and did not end early) — counted as the model's records count them. With
    `lock`, the programme's row stays locked until commit, so two introductions accepted
    at the same moment cannot both take the last seat."""
    if lock:
        lock_row(MentoringProgramme, programme.id)
    taken = seats_taken([programme.id]).get(programme.id, 0)
    return max(0, programme.capacity - taken)


# --- after both said yes -----------------------------------------------------------------------


def contact_for(user: User, intro: Introduction) -> dict | None:
    """The other side's phone, WhatsApp link and e-mail, once both accepted (officials
    always see both sides); None when they are not to be shown."""
    side = side_of(user, intro)
    if side is None or (side != Side.OFFICIAL and not intro.both_accepted):
        return None
    business, company = intro.business, intro.company
    both = {
        Side.BUSINESS: _contact(company.name, company.contact_phone, company.contact_email),
        Side.COMPANY: _contact(business.name, business.phone, business.email),
    }
    if side == Side.OFFICIAL:
        return {"business": both[Side.COMPANY], "company": both[Side.BUSINESS]}
    return both[side]


def _contact(name: str, phone: str, email: str) -> dict:
    return {
        "name": name,
        "phone": phone or None,
        "whatsapp": whatsapp_link(phone),
        "email": email or None,
        "mailto": f"mailto:{quote(email, safe='@')}" if email else None,
    }


def whatsapp_link(phone: str) -> str | None:
    """https://wa.me/62… for an Indonesian number written 08…, +62… or 62…."""
    if not phone:
        return None
    try:
        number = fields.phone(phone)
    except ValueError:
        return None
    return "https://wa.me/" + number.lstrip("+")


# --- the thread --------------------------------------------------------------------------------


def post_message(user: User, intro: Introduction, body: str) -> IntroductionMessage:
    """Add a message to the introduction's thread and tell the others."""
    side = side_of(user, intro)
    if side is None:
        raise NotFound
    if intro.status in ENDED - {Status.COMPLETED}:
        raise Refused(_("Perkenalan ini sudah berakhir; pesan tidak bisa dikirim lagi."))
    message = IntroductionMessage(introduction=intro, author=user, body=parse_text("body", body))
    db.session.add(message)
    others = [s for s in (Side.BUSINESS, Side.COMPANY, Side.OFFICIAL) if s != side]
    tell(intro, others, Topic.MESSAGES, "message", author=user.name)
    db.session.commit()
    return message
