"""Introductions for people: lists, one introduction's page with its answers, steps and thread.

Every action reads load → call the service → flash → redirect to the introduction's
page. Bad input re-renders the page with each message under its field and what was
typed kept; a step the state does not allow is flashed and the page shown again.
"""

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from matchmaker.auth.models import utcnow
from matchmaker.brokering import (
    forms,
    privacy,  # noqa: F401  (lends auth its part of a user's data)
    reasons,
    services,
    states,
)
from matchmaker.brokering.models import ENDED, NEXT, WAITING, Introduction, Side, Status
from matchmaker.core import params
from matchmaker.core.extensions import db
from matchmaker.core.pages.web import safe_next
from matchmaker.core.validation import Invalid, Refused
from matchmaker.matching.models import Kind
from matchmaker.notifications import services as inbox
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)

bp = Blueprint("brokering", __name__)

KIND_LABELS = {Kind.SUBCONTRACTING: _l("Subkontrak"), Kind.MENTORING: _l("Pendampingan")}
# The way from the first answer to a completed partnership, as the step indicator shows it.
STEPS = (Status.ACCEPTED, Status.MEETING, Status.AGREEMENT, Status.ACTIVE, Status.COMPLETED)
BADGES = {
    Status.REQUESTED: "text-bg-warning",
    Status.PROPOSED: "text-bg-warning",
    Status.COMPLETED: "text-bg-success",
    Status.DECLINED: "text-bg-secondary",
    Status.WITHDRAWN: "text-bg-secondary",
    Status.EXPIRED: "text-bg-secondary",
}


# --- words and helpers the templates share (the suggestion pages too) ------------------------


@bp.app_template_filter()
def status_label(status) -> str:
    return str(reasons.STATUS_LABELS[Status(status)])


@bp.app_template_filter()
def status_badge(status) -> str:
    """The Bootstrap badge class of a status: waiting, under way, done, or ended."""
    return BADGES.get(Status(status), "text-bg-primary")


@bp.app_template_filter()
def kind_label(kind) -> str:
    return str(KIND_LABELS[Kind(kind)])


@bp.app_template_filter()
def since(moment) -> str:
    """“sejak 3 hari yang lalu”: how long a state has lasted, in the reader's language."""
    return _("sejak %(ago)s", ago=format_timedelta(moment - utcnow(), add_direction=True))


@bp.app_template_global()
def live_introduction(business_id: int, company_id: int, kind: str) -> Introduction | None:
    """The pair's live introduction of this kind, for the buttons on a suggestion. A page
    of suggestions asks about one business (or one company) many times, so the live
    introductions of each business and company asked about are read once per request."""
    seen = g.setdefault("live_introductions", {"business": set(), "company": set(), "pair": {}})
    if business_id not in seen["business"] and company_id not in seen["company"]:
        for intro in services.live_introductions_of(business_id, company_id):
            seen["pair"][(intro.business_id, intro.company_id, str(intro.kind))] = intro
        seen["business"].add(business_id)
        seen["company"].add(company_id)
    return seen["pair"].get((business_id, company_id, str(kind)))


# --- pages -------------------------------------------------------------------------------------


@bp.get("/perkenalan")
@login_required
def index():
    """The user's introductions (officials: all), newest change first, by status."""
    status = request.args.get("status", "").strip()
    error = None
    try:
        query = services.visible_to(current_user, status or None)
    except Invalid as invalid:
        error, status = invalid.fields["status"], ""
        query = services.visible_to(current_user)
    query = query.options(
        selectinload(Introduction.business),
        selectinload(Introduction.company),
        selectinload(Introduction.need),
        selectinload(Introduction.programme),
        selectinload(Introduction.partnership),
    )
    page = db.paginate(
        query, page=params.page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return render_template(
        "brokering/index.html",
        page=page,
        rows=[(intro, _awaiting(intro)) for intro in page.items],
        status=status,
        error=error,
        filters={"status": status} if status else {},
        labels=reasons.STATUS_LABELS,
    )


@bp.get("/perkenalan/<int:intro_id>")
@login_required
def show(intro_id: int):
    """One introduction: its state, answers, contacts once both accepted, terms and thread.
    Opening it reads the user's notifications about it."""
    intro = services.get_visible(current_user, intro_id)
    inbox.mark_read(current_user, link=services.path_of(intro))
    return _page(intro)


def _page(intro: Introduction, **bound):
    """The introduction's page; `bound` holds a submitted form to show with its errors."""
    empty = {
        "decline": forms.decline_form(formdata=None),
        "withdraw": forms.withdraw_form(formdata=None),
        "advance": forms.AdvanceForm(formdata=None),
        "message": forms.MessageForm(formdata=None),
        "note": forms.NoteForm(formdata=None),
    }
    actions = states.actions_for(current_user, intro)
    return render_template(
        "brokering/show.html",
        intro=intro,
        side=services.side_of(current_user, intro),
        actions=actions,
        next_step=next((a.split(":")[1] for a in actions if a.startswith("advance:")), None),
        forms={**empty, **bound},
        contact=services.contact_for(current_user, intro),
        steps=_steps(intro),
        awaiting=_awaiting(intro, actions),
        reason_label=reasons.reason_label,
        value_bands=reasons.VALUE_BANDS,
        outcomes=reasons.OUTCOMES,
    )


def _awaiting(intro: Introduction, actions: list[str] | None = None) -> tuple[str, bool] | None:
    """What the introduction waits for, seen from the viewer's side, and whether it is
    the viewer's own answer."""
    if actions is None:
        actions = states.actions_for(current_user, intro)
    if "accept" in actions:
        return _("Menunggu jawaban Anda"), True
    if intro.status in WAITING:
        names = [
            party.name
            for party, at in (
                (intro.business, intro.business_accepted_at),
                (intro.company, intro.company_accepted_at),
            )
            if at is None
        ]
        if len(names) == 2:
            text = _("Menunggu jawaban %(first)s dan %(second)s", first=names[0], second=names[1])
        else:
            text = _("Menunggu jawaban %(name)s", name=names[0] if names else "")
        return text, False
    if intro.status in NEXT:
        return _("Berikutnya: %(step)s", step=reasons.STATUS_LABELS[NEXT[intro.status]]), False
    return None


def _steps(intro: Introduction) -> list[tuple[str, str]]:
    """(label, "done" | "current" | "todo") for each step; an introduction that ended
    early shows the steps it reached."""
    first = Status.PROPOSED if intro.started_by == Side.OFFICIAL else Status.REQUESTED
    way = (first, *STEPS)
    if intro.status in way:
        reached = way.index(intro.status)
    elif intro.partnership is not None:
        reached = way.index(Status.AGREEMENT)
    else:
        reached = way.index(Status.ACCEPTED) if intro.both_accepted else 0
    marks = ["done"] * reached + ["done" if intro.status in ENDED else "current"]
    marks += ["todo"] * (len(way) - len(marks))
    return [(str(reasons.STATUS_LABELS[step]), mark) for step, mark in zip(way, marks, strict=True)]


# --- starting ----------------------------------------------------------------------------------


@bp.post("/perkenalan")
@login_required
def start():
    """Ask for an introduction (owner, CSR) or propose one (official) from a suggestion."""
    form = forms.StartForm()
    back = safe_next(form.next.data, url_for(".index"))
    try:
        business = _record(form, SmallBusiness, "business_id")
        company = _record(form, Company, "company_id")
        services.check_one_offer(bool(form.need_id.data), bool(form.programme_id.data))
        offer = _record(form, SubcontractingNeed, "need_id", required=False) or _record(
            form, MentoringProgramme, "programme_id", required=False
        )
        intro, created = services.start(
            current_user, business, company, form.kind.data or "", offer, form.message.data or ""
        )
    except Invalid as error:
        db.session.rollback()
        flash(_named(form, error), "error")
        return redirect(back)
    except Refused as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    flash(*_started(intro, created))
    return redirect(url_for(".show", intro_id=intro.id))


def _record(form, model, name: str, required: bool = True):
    raw = (getattr(form, name).data or "").strip()
    if not raw and not required:
        return None
    found = db.session.get(model, record_id) if (record_id := params.id_of(raw)) else None
    if found is None:
        raise Invalid({name: _("Tidak ditemukan.")})
    return found


def _named(form, error: Invalid) -> str:
    """Each message after the label of its field: “Pesan: Maksimal 2000 karakter.”"""
    parts = []
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        parts.append(f"{field.label.text if field is not None else name}: {message}")
    return "; ".join(parts)


def _started(intro: Introduction, created: bool) -> tuple[str, str]:
    names = {"business": intro.business.name, "company": intro.company.name}
    if not created:
        return _(
            "Perkenalan %(business)s dengan %(company)s sudah ada; ini halamannya.", **names
        ), "info"
    side = services.side_of(current_user, intro)
    if side == Side.OFFICIAL:
        return _("Usulan perkenalan dikirim ke %(business)s dan %(company)s.", **names), "success"
    other = intro.company.name if side == Side.BUSINESS else intro.business.name
    return (
        _("Permintaan dikirim ke %(name)s. Kontak tampil setelah mereka menerima.", name=other),
        "success",
    )


# --- answers and steps -------------------------------------------------------------------------


@bp.post("/perkenalan/<int:intro_id>/terima")
@login_required
def accept(intro_id: int):
    """Say yes for the viewer's side; contacts appear once both sides have."""
    intro = services.get_visible(current_user, intro_id)

    def change(form):
        if states.accept(current_user, intro_id).status == Status.ACCEPTED:
            return _("Kedua pihak menerima. Kontak kini terlihat.")
        return _("Jawaban Anda tercatat. Kontak tampil setelah pihak lain juga menerima.")

    return _act(intro, "accept", forms.AnswerForm(), change)


@bp.post("/perkenalan/<int:intro_id>/tolak")
@login_required
def decline(intro_id: int):
    """Say no for the viewer's side, with a reason from the list."""
    intro = services.get_visible(current_user, intro_id)

    def change(form):
        states.decline(current_user, intro_id, form.reason.data, form.reason_text.data)
        return _("Perkenalan ditolak. Pihak lain diberi tahu alasannya.")

    return _act(intro, "decline", forms.decline_form(), change)


@bp.post("/perkenalan/<int:intro_id>/batalkan")
@login_required
def withdraw(intro_id: int):
    """Call the introduction off (a side that said yes, or an official), with a reason."""
    intro = services.get_visible(current_user, intro_id)

    def change(form):
        states.withdraw(current_user, intro_id, form.reason.data, form.reason_text.data)
        return _("Perkenalan dibatalkan.")

    return _act(intro, "withdraw", forms.withdraw_form(), change)


@bp.post("/perkenalan/<int:intro_id>/lanjut")
@login_required
def advance(intro_id: int):
    """One step on: meeting, agreement (with its terms), active, completed (with the outcome)."""
    intro = services.get_visible(current_user, intro_id)

    def change(form):
        done = states.advance(current_user, intro_id, form.to.data, form.details())
        return _("Tahap kini: %(status)s.", status=reasons.STATUS_LABELS[done.status])

    return _act(intro, "advance", forms.AdvanceForm(), change)


@bp.post("/perkenalan/<int:intro_id>/pesan")
@login_required
def message(intro_id: int):
    """Add a message to the thread."""
    intro = services.get_visible(current_user, intro_id)

    def change(form):
        services.post_message(current_user, intro, form.body.data)
        return _("Pesan terkirim.")

    return _act(intro, "message", forms.MessageForm(), change, anchor="pesan")


@bp.post("/perkenalan/<int:intro_id>/catatan")
@login_required
def note(intro_id: int):
    """Add a progress note to the partnership."""
    intro = services.get_visible(current_user, intro_id)

    def change(form):
        states.add_note(current_user, intro_id, form.body.data)
        return _("Catatan kemajuan tersimpan.")

    return _act(intro, "note", forms.NoteForm(), change, anchor="kemitraan")


def _act(intro: Introduction, key: str, form, change, anchor: str | None = None):
    """Run change(form); bad input shows the page again with the form's messages, a
    refused step is flashed, success is flashed; then back to the introduction."""
    try:
        done = change(form)
    except (Invalid, states.MissingTerm) as error:
        db.session.rollback()
        error.apply_to(form)
        flash(_named(form, error), "error")  # shown at the top of this very page
        return _page(intro, **{key: form})
    except Refused as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(done, "success")
    return redirect(url_for(".show", intro_id=intro.id, _anchor=anchor))
