"""Officials' broker desk and pipeline board."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from matchmaker.brokering.desk import services as desk
from matchmaker.brokering.desk.pipeline import board as pipeline_board
from matchmaker.brokering.reasons import STATUS_LABELS
from matchmaker.brokering.seksi import SEKSI_LABELS, seksi_of
from matchmaker.brokering.services import path_of
from matchmaker.core import params
from matchmaker.core.pages.web import official_required, safe_next
from matchmaker.core.validation import Invalid
from matchmaker.reference.services import estate_choices, kecamatan_choices

bp = Blueprint("desk", __name__)


def _choices() -> dict:
    return {
        "estates": estate_choices(),
        "kecamatan": kecamatan_choices(),
        "seksi_labels": SEKSI_LABELS,
        "seksi_of": seksi_of,
    }


@bp.get("/petugas/meja")
@official_required
def index():
    """The broker desk: the best open pairs nobody has introduced yet, a page of them at a
    time, narrowed by kind, Seksi, trade, estate and the business's kecamatan."""
    filters, errors = desk.DeskFilters.parse(request.args)
    page = desk.page_of(filters, params.page_number())
    return render_template(
        "desk/index.html",
        page=page,
        pairs=page.items,
        filters=filters,
        errors=errors,
        limits={"offers": desk.MAX_OFFERS, "pairs": desk.MAX_PAIRS},
        **_choices(),
    )


@bp.post("/petugas/meja/usulkan")
@official_required
def propose():
    """Propose every checked pair to both sides; report what was new and what existed."""
    back = safe_next(request.form.get("next"), url_for(".index"))
    try:
        report = desk.propose(current_user, request.form.getlist("pair"))
    except Invalid as error:
        flash(" ".join(error.fields.values()), "warning")
        return redirect(back)
    flash_report(report)
    return redirect(back)


def flash_report(report: desk.ProposalReport) -> None:
    """Tell the official what a bulk proposal did: proposed, already live, refused and why."""
    if report.proposed:
        n = len(report.proposed)
        flash(
            ngettext("%(num)d perkenalan diusulkan.", "%(num)d perkenalan diusulkan.", n), "success"
        )
    if report.existing:
        names = "; ".join(f"{i.business.name} – {i.company.name}" for i in report.existing)
        flash(_("Sudah ada perkenalan yang berjalan untuk: %(names)s.", names=names), "info")
    for why in report.refused:
        flash(_("Tidak diusulkan: %(why)s", why=why), "warning")


@bp.get("/petugas/pipeline")
@official_required
def pipeline():
    """Introductions per state, with the live ones by age and the stuck ones first."""
    filters, errors = desk.DeskFilters.parse(request.args)
    filters.seksi = filters.trade = filters.kecamatan = ""  # the board: kind and estate only
    filters.kecamatan_id = None
    board = pipeline_board(filters, current_app.config["STUCK_AFTER_DAYS"])
    return render_template(
        "desk/pipeline.html",
        board=board,
        filters=filters,
        errors={k: v for k, v in errors.items() if k in ("kind", "estate")},
        labels=STATUS_LABELS,
        intro_path=path_of,
        **_choices(),
    )
