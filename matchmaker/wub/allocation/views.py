"""Officials' cohort allocation: place a cohort into mentoring programmes, preview,
then propose every introduction in one step."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_login import current_user
from werkzeug.routing import BuildError

from matchmaker.brokering.desk.views import flash_report
from matchmaker.core.extensions import db
from matchmaker.core.pages.web import official_required, safe_next
from matchmaker.core.validation import Invalid
from matchmaker.wub.allocation import services as allocation
from matchmaker.wub.cohorts.models import Cohort

bp = Blueprint("allocation", __name__)


def _cohort(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    return cohort


def _cohort_url(cohort: Cohort) -> str | None:
    # The cohort pages are another module's; link back to them once they are registered.
    try:
        return url_for("programme.cohort", cohort_id=cohort.id)
    except BuildError:
        return None


@bp.get("/petugas/angkatan/<int:cohort_id>/alokasi")
@official_required
def show(cohort_id: int):
    """Choose programmes and a distance limit; preview the best placement of the cohort."""
    cohort = _cohort(cohort_id)
    offered = allocation.open_programmes()
    chosen, max_km, errors, preview = [], allocation.default_max_km(), {}, None
    if "programme" in request.args or "max_km" in request.args:
        chosen, max_km, errors = allocation.parse_choice(
            request.args.getlist("programme"), request.args.get("max_km", ""), offered
        )
        if not errors:
            preview = allocation.preview(cohort, chosen, max_km)
    return render_template(
        "wub/allocation/allocation.html",
        cohort=cohort,
        cohort_url=_cohort_url(cohort),
        offered=offered,
        chosen={s.programme.id for s in chosen},
        max_km=max_km,
        max_km_limit=allocation.MAX_KM_LIMIT,
        errors=errors,
        preview=preview,
        decimal=format_decimal,
    )


@bp.post("/petugas/angkatan/<int:cohort_id>/alokasi/usulkan")
@official_required
def propose(cohort_id: int):
    """Propose every previewed pair to both sides, within each programme's free seats."""
    cohort = _cohort(cohort_id)
    back = safe_next(request.form.get("next"), url_for(".show", cohort_id=cohort.id))
    try:
        report = allocation.propose(current_user, cohort, request.form.getlist("pair"))
    except Invalid as error:
        flash(" ".join(error.fields.values()), "warning")
        return redirect(back)
    flash_report(report)
    return redirect(back)
