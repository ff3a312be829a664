"""Officials' programme dashboard, its downloads and printable report, and the targets grid."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from matchmaker.brokering.seksi import SEKSI_LABELS
from matchmaker.core.exports import send_table
from matchmaker.core.pages.web import official_required
from matchmaker.core.validation import Invalid
from matchmaker.wub.dashboard import charts, targets
from matchmaker.wub.dashboard.figures import build
from matchmaker.wub.dashboard.filters import Filters
from matchmaker.wub.dashboard.models import TargetScope

bp = Blueprint("dashboard", __name__)


def _figures() -> tuple[Filters, dict, object]:
    filters, errors = Filters.parse(request.args)
    return filters, errors, build(filters)


def _context(filters: Filters, errors: dict, dash) -> dict:
    return {
        "dash": dash,
        "filters": filters,
        "errors": errors,
        "tables": charts.tables(dash),
        "charts": charts,
        "seksi_labels": SEKSI_LABELS,
        "year_limits": targets.year_limits(),
        "number": charts.number,
        "percent": charts.percent,
    }


@bp.get("/petugas/dasbor")
@official_required
def index():
    """The programme dashboard: each figure as a chart with its table, filtered."""
    return render_template("wub/dashboard/dashboard.html", **_context(*_figures()))


@bp.get("/petugas/dasbor/laporan")
@official_required
def report():
    """A one-page printable report (A4) of the key figures, with date and filters."""
    context = _context(*_figures())
    return render_template("wub/dashboard/report.html", printed_on=date.today(), **context)


@bp.get("/petugas/dasbor/<figure>.<any(csv, xlsx):fmt>")
@official_required
def download(figure: str, fmt: str):
    """One figure's table as CSV or XLSX, with the dashboard's filters."""
    if figure not in charts.SLUGS:
        abort(404)
    filters, _errors, dash = _figures()
    table = charts.tables(dash)[figure]
    name = f"{figure}-{filters.year_from}-{filters.year_to}"
    name += f"-{filters.seksi}" if filters.seksi else ""
    return send_table(f"{name}.{fmt}", table.columns, table.rows)


@bp.route("/petugas/target", methods=["GET", "POST"])
@official_required
def edit_targets():
    """The targets grid: years × scopes, each cell editable, totals over the plan period."""
    low, _high = targets.year_limits()
    plan = targets.period()
    years = range(low, plan[-1] + 1)
    errors = {}
    if request.method == "POST":
        try:
            changed = targets.save_grid(current_user, request.form, years)
        except Invalid as error:
            errors = error.fields
            flash(_("Target belum disimpan: periksa isian yang ditandai."), "danger")
        else:
            flash(ngettext("%(num)d target diubah.", "%(num)d target diubah.", changed), "success")
            return redirect(url_for(".edit_targets"))
    return render_template(
        "wub/dashboard/targets.html",
        grid=targets.cells(years),
        plan=plan,
        totals=targets.totals(plan),
        scopes=list(TargetScope),
        label=targets.label,
        cell_name=targets.cell_name,
        errors=errors,
        form=request.form if errors else {},
        number=charts.number,
        max_count=targets.MAX_COUNT,
    )
