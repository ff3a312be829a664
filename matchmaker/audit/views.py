"""The audit log for officials: filter and export."""

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from matchmaker.audit import labels, report
from matchmaker.core import params
from matchmaker.core.dates import utcnow
from matchmaker.core.extensions import db
from matchmaker.core.pages.web import official_required

bp = Blueprint("audit", __name__)


@bp.get("/petugas/audit")
@official_required
def index():
    """Who changed what and when, newest first, with filters and pages."""
    filters, errors = report.AuditFilters.parse(request.args)
    page = db.paginate(
        filters.query(),
        page=params.page_number(),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "audit/index.html",
        page=page,
        filters=filters,
        errors=errors,
        choices=report.filter_choices(),
        action_label=report.action_label,
        object_label=report.object_label,
        actor_label=report.actor_label,
        changes=report.changes,
        summary=labels.summary,
    )


@bp.get("/petugas/audit.csv")
@official_required
def export():
    """The filtered entries as CSV, one row per changed field, for Excel."""
    filters, errors = report.AuditFilters.parse(request.args)
    if errors:  # never export more than the official asked for
        for message in errors.values():
            flash(message, "error")
        return redirect(url_for(".index", **params.passed_on(request.args)))
    name = f"audit-{utcnow().astimezone(report.JAKARTA):%Y%m%d-%H%M}.csv"
    return Response(
        stream_with_context(report.csv_lines(filters.query())),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
