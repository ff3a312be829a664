"""Officials' pages for monitoring visits: recording one, its photos, and who is overdue."""

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.core import params
from matchmaker.core.exports import send_table
from matchmaker.core.extensions import db
from matchmaker.core.pages.confirmation import confirm_first
from matchmaker.core.pages.web import official_required
from matchmaker.core.validation import Invalid
from matchmaker.wub.cohorts.models import Participant
from matchmaker.wub.fields import STATUS_LABELS
from matchmaker.wub.forms import ConfirmForm
from matchmaker.wub.monitoring import services as monitoring
from matchmaker.wub.monitoring.forms import VisitForm
from matchmaker.wub.monitoring.models import MonitoringVisit, VisitPhoto

bp = Blueprint("visits", __name__)

OVERDUE_COLUMNS = (
    "name", "cohort", "phone", "kecamatan", "status", "last_visit", "due_on", "days_late",
)  # fmt: skip
MAX_INTERVAL = 3650
INTERVAL = params.Integer(1, MAX_INTERVAL)


@bp.route("/petugas/peserta/<int:participant_id>/kunjungan/baru", methods=["GET", "POST"])
@official_required
def new_visit(participant_id: int):
    """Record a monitoring visit, with photos."""
    participant = db.get_or_404(Participant, participant_id)
    form = VisitForm()
    if form.validate_on_submit():
        uploads = [
            monitoring.Upload(f.filename or "", f.stream) for f in request.files.getlist("photos")
        ]
        try:
            monitoring.record_visit(current_user, participant, _visit_data(form), uploads)
        except Invalid as error:
            error.apply_to(form)
        except monitoring.VisitRefused as refused:
            Invalid(refused.fields).apply_to(form)
        else:
            flash(_("Kunjungan dicatat."), "success")
            return redirect(url_for("programme.participant", participant_id=participant.id))
    elif request.method == "GET":
        form.visited_on.data = date.today().strftime("%d/%m/%Y")
    return render_template("wub/monitoring/visit_form.html", form=form, participant=participant)


def _visit_data(form: VisitForm) -> dict:
    names = ("visited_on", "operating", "employees", "revenue_band", "partner_orders", "notes")
    data = {name: getattr(form, name).data or "" for name in names}
    data["problems"] = form.problems.data or []
    return data


def _describe_visit(visit_id: int) -> tuple[str, str]:
    visit = db.get_or_404(MonitoringVisit, visit_id)
    what = _(
        "kunjungan %(date)s ke %(name)s",
        date=format_date(visit.visited_on, "medium"),
        name=visit.participant.name,
    )
    return what, url_for("programme.participant", participant_id=visit.participant_id)


@bp.route("/petugas/kunjungan/<int:visit_id>/hapus", methods=["GET", "POST"])
@official_required
@confirm_first(_describe_visit)
def delete_visit(visit_id: int):
    """Remove a visit recorded by mistake."""
    visit = db.get_or_404(MonitoringVisit, visit_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    participant_id = visit.participant_id
    monitoring.delete_visit(current_user, visit)
    flash(_("Kunjungan dihapus."), "success")
    return redirect(url_for("programme.participant", participant_id=participant_id))


@bp.get("/petugas/foto/<int:photo_id>")
@official_required
def photo(photo_id: int):
    """A visit photo (stored as JPEG), for officials only."""
    found = db.get_or_404(VisitPhoto, photo_id)
    # Not cached: a photo of someone's home is personal data (web.py sends no-store).
    response = current_app.response_class(found.data, mimetype="image/jpeg")
    response.headers["Content-Disposition"] = f'inline; filename="kunjungan-{found.visit_id}.jpg"'
    return response


def _interval() -> tuple[int, str | None]:
    errors, default = {}, current_app.config["VISIT_INTERVAL_DAYS"]
    message = _("Jarak kunjungan harus 1–%(n)d hari.", n=MAX_INTERVAL)
    interval = params.filter_argument(request.args, "interval", INTERVAL, errors, default, message)
    return interval, errors.get("interval")


@bp.get("/petugas/pemantauan")
@official_required
def overdue():
    """Started WUB businesses overdue for a monitoring visit, the longest waiting first."""
    interval, error = _interval()
    return render_template(
        "wub/monitoring/overdue.html",
        items=monitoring.overdue(date.today(), interval),
        interval=interval,
        error=error,
        labels=STATUS_LABELS,
    )


@bp.get("/petugas/pemantauan.<any(csv, xlsx):fmt>")
@official_required
def overdue_download(fmt: str):
    """The overdue list as a spreadsheet."""
    interval, _error = _interval()
    rows = [
        (
            item.participant.name,
            item.participant.cohort.name,
            item.participant.phone,
            item.participant.kecamatan.name,
            item.participant.status,
            item.last_visit,
            item.due_on,
            item.days_late,
        )
        for item in monitoring.overdue(date.today(), interval)
    ]
    return send_table(f"pemantauan-terlambat.{fmt}", OVERDUE_COLUMNS, rows)
