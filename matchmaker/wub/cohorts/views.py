"""Officials' pages for training cohorts and their participants (WUB)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.brokering.seksi import SEKSI_CODES, SEKSI_LABELS
from matchmaker.core import params
from matchmaker.core.extensions import db
from matchmaker.core.pages.confirmation import confirm_first
from matchmaker.core.pages.web import official_required
from matchmaker.core.validation import Invalid, Refused
from matchmaker.profiles import services as profiles
from matchmaker.profiles.models import SmallBusiness
from matchmaker.reference.services import find_kecamatan, kecamatan_choices
from matchmaker.wub.cohorts import history, services
from matchmaker.wub.cohorts.forms import (
    BusinessLinkForm,
    CohortForm,
    ParticipantForm,
    ReopenForm,
    StatusForm,
)
from matchmaker.wub.cohorts.models import Cohort, Participant, WubStatus
from matchmaker.wub.fields import (
    EDUCATION_LABELS,
    PROBLEM_LABELS,
    REVENUE_LABELS,
    STATUS_LABELS,
)
from matchmaker.wub.forms import ConfirmForm
from matchmaker.wub.monitoring.services import timeline
from ml.trades import TRADE_CODES

bp = Blueprint("programme", __name__)


@bp.app_context_processor
def _helpers() -> dict:
    return {
        "seksi_label": lambda code: SEKSI_LABELS.get(code, code),
        "education_labels": EDUCATION_LABELS,
        "revenue_labels": REVENUE_LABELS,
        "problem_labels": PROBLEM_LABELS,
    }


def _page(query):
    return db.paginate(
        query, page=params.page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )


def _arg(name: str) -> str:
    return request.args.get(name, "").strip()[:100]


# --- cohorts -----------------------------------------------------------------------------------


@bp.get("/petugas/angkatan")
@official_required
def cohorts():
    """Training cohorts, newest first, filtered by year, Seksi and trade."""
    filters = {
        "year": params.filter_argument(request.args, "year", params.YEAR, {}),  # not one: all
        "seksi": _arg("seksi") if _arg("seksi") in SEKSI_CODES else "",
        "trade": _arg("trade") if _arg("trade") in TRADE_CODES else "",
    }
    page = _page(services.cohort_query(**filters).with_only_columns(Cohort))
    return render_template(
        "wub/cohorts/cohorts.html",
        page=page,
        counts=services.participant_counts([c.id for c in page.items]),
        filters=filters,
        seksi_labels=SEKSI_LABELS,
    )


@bp.route("/petugas/angkatan/baru", methods=["GET", "POST"])
@official_required
def new_cohort():
    """Set up a training cohort."""
    return _cohort_form(None)


@bp.route("/petugas/angkatan/<int:cohort_id>/ubah", methods=["GET", "POST"])
@official_required
def edit_cohort(cohort_id: int):
    """Correct a cohort's details."""
    return _cohort_form(db.get_or_404(Cohort, cohort_id))


def _cohort_form(cohort: Cohort | None):
    form = CohortForm(obj=cohort)
    if form.validate_on_submit():
        try:
            cohort = services.save_cohort(form.values(), cohort=cohort)
        except Invalid as error:
            error.apply_to(form)
        else:
            flash(_("Angkatan disimpan."), "success")
            return redirect(url_for(".cohort", cohort_id=cohort.id))
    title = _("Ubah angkatan") if cohort else _("Angkatan baru")
    return render_template("wub/cohorts/form.html", form=form, title=title, cohort=cohort)


@bp.get("/petugas/angkatan/<int:cohort_id>")
@official_required
def cohort(cohort_id: int):
    """A cohort's details and its participants with their status."""
    found = db.get_or_404(Cohort, cohort_id)
    status = _arg("status") if _arg("status") in set(WubStatus) else ""
    page = _page(services.participant_query(cohort_id=found.id, status=status))
    return render_template(
        "wub/cohorts/cohort.html",
        cohort=found,
        page=page,
        status=status,
        counts=services.status_counts(found.id),
        delete_form=ConfirmForm(),
        labels=STATUS_LABELS,
    )


def _describe_cohort(cohort_id: int) -> tuple[str, str]:
    found = db.get_or_404(Cohort, cohort_id)
    return _("angkatan “%(name)s”", name=found.name), url_for(".cohort", cohort_id=found.id)


@bp.route("/petugas/angkatan/<int:cohort_id>/hapus", methods=["GET", "POST"])
@official_required
@confirm_first(_describe_cohort)
def delete_cohort(cohort_id: int):
    """Delete a cohort that has no participants."""
    found = db.get_or_404(Cohort, cohort_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.delete_cohort(found)
    except Refused as error:
        flash(error.message, "warning")
        return redirect(url_for(".cohort", cohort_id=cohort_id))
    flash(_("Angkatan dihapus."), "success")
    return redirect(url_for(".cohorts"))


# --- participants ------------------------------------------------------------------------------


@bp.get("/petugas/peserta")
@official_required
def participants():
    """Every participant, searchable by name and filtered by status and kecamatan."""
    status = _arg("status") if _arg("status") in set(WubStatus) else ""
    kecamatan = find_kecamatan(_arg("kecamatan")) if _arg("kecamatan") else None
    filters = {"q": _arg("q"), "status": status, "kecamatan": kecamatan.name if kecamatan else ""}
    query = services.participant_query(
        q=filters["q"], status=status, kecamatan_id=kecamatan.id if kecamatan else None
    )
    return render_template(
        "wub/cohorts/participants.html",
        page=_page(query),
        filters=filters,
        labels=STATUS_LABELS,
        kecamatan=kecamatan_choices(),
    )


@bp.route("/petugas/angkatan/<int:cohort_id>/peserta/baru", methods=["GET", "POST"])
@official_required
def new_participant(cohort_id: int):
    """Add a participant to a cohort."""
    return _participant_form(db.get_or_404(Cohort, cohort_id), None)


@bp.route("/petugas/peserta/<int:participant_id>/ubah", methods=["GET", "POST"])
@official_required
def edit_participant(participant_id: int):
    """Correct a participant's details."""
    found = db.get_or_404(Participant, participant_id)
    return _participant_form(found.cohort, found)


def _participant_form(cohort: Cohort, participant: Participant | None):
    form = ParticipantForm(data=services.form_data(participant) if participant else None)
    if form.validate_on_submit():
        try:
            participant = services.save_participant(
                form.values(), cohort=cohort, participant=participant, actor=current_user
            )
        except Invalid as error:
            error.apply_to(form)
        else:
            flash(_("Data peserta disimpan."), "success")
            return redirect(url_for(".participant", participant_id=participant.id))
    title = _("Ubah peserta") if participant else _("Peserta baru: %(c)s", c=cohort.name)
    return render_template("wub/cohorts/form.html", form=form, title=title, cohort=cohort)


@bp.get("/petugas/peserta/<int:participant_id>")
@official_required
def participant(participant_id: int):
    """A participant: details, status history and visits on one timeline, next steps."""
    found = db.get_or_404(Participant, participant_id)
    status_form = StatusForm()
    status_form.offer(history.allowed_next(found.status))
    reopen_form = ReopenForm(status=history.status_before_closing(found))
    reopen_form.offer(history.reopen_choices(found))
    return render_template(
        "wub/cohorts/participant.html",
        participant=found,
        events=timeline(found),
        status_form=status_form,
        reopen_form=reopen_form,
        link_form=BusinessLinkForm(),
        create_form=ConfirmForm(),
        labels=STATUS_LABELS,
    )


@bp.post("/petugas/peserta/<int:participant_id>/status")
@official_required
def change_status(participant_id: int):
    """Move a participant to a new status, dated, in the history."""
    found = db.get_or_404(Participant, participant_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        history.change_status(current_user, found, form.data)
    except Invalid as error:
        flash(" ".join(error.fields.values()), "danger")
    except Refused as error:
        flash(error.message, "danger")
    else:
        flash(_("Status menjadi %(s)s.", s=STATUS_LABELS[found.status]), "success")
    return redirect(url_for(".participant", participant_id=found.id))


@bp.post("/petugas/peserta/<int:participant_id>/buka-kembali")
@official_required
def reopen(participant_id: int):
    """Reopen a closed participant, with the reason on record."""
    found = db.get_or_404(Participant, participant_id)
    form = ReopenForm()
    form.offer(history.reopen_choices(found))
    if not form.validate_on_submit():
        abort(400)
    try:
        history.reopen(current_user, found, form.data)
    except Invalid as error:
        flash(" ".join(error.fields.values()), "danger")
    except Refused as error:
        flash(error.message, "danger")
    else:
        flash(_("Peserta dibuka kembali: %(s)s.", s=STATUS_LABELS[found.status]), "success")
    return redirect(url_for(".participant", participant_id=found.id))


@bp.post("/petugas/peserta/<int:participant_id>/usaha")
@official_required
def link_business(participant_id: int):
    """Link the participant to an existing business profile by its number."""
    found = db.get_or_404(Participant, participant_id)
    form = BusinessLinkForm()
    if not form.validate_on_submit():
        abort(400)
    number = params.id_of(form.business.data)
    business = db.session.get(SmallBusiness, number) if number else None
    try:
        if business is None:
            raise Invalid({"business": _("Profil usaha nomor itu tidak ada.")})
        history.link_business(found, business)
    except Invalid as error:
        flash(" ".join(error.fields.values()), "danger")
    else:
        flash(_("Tertaut ke usaha %(n)s.", n=business.name), "success")
    return redirect(url_for(".participant", participant_id=found.id))


@bp.post("/petugas/peserta/<int:participant_id>/usaha/baru")
@official_required
def create_business(participant_id: int):
    """Create the business profile of a participant who started, from what is known."""
    found = db.get_or_404(Participant, participant_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if found.business_id is not None:
        flash(_("Peserta ini sudah punya profil usaha."), "info")
        return redirect(url_for(".participant", participant_id=found.id))
    business = profiles.save_business(history.business_values(found))
    history.link_business(found, business)
    flash(_("Profil usaha dibuat. Lengkapi produk dan keahliannya."), "success")
    return redirect(url_for("profiles.edit_business", business_id=business.id))
