"""Dashboard figures and targets on the JSON API (officials only: others get 403)."""

from flask import g, jsonify, request
from flask_babel import gettext as _

from matchmaker.api import bp, json_body, officials_only
from matchmaker.validation import Invalid
from matchmaker.wub.dashboard import targets
from matchmaker.wub.dashboard.figures import YearRow, build
from matchmaker.wub.dashboard.filters import Count, Filters

FILTER_NAMES = ("seksi", "year_from", "year_to", "wub_only")


def _counts(counts: list[Count]) -> list[dict]:
    return [{"key": c.key, "label": c.label, "count": c.count} for c in counts]


def _year(row: YearRow) -> dict:
    return {
        "wub": row.wub,
        "department_target": row.department,
        "regency_target": row.regency,
        "seksi_target": row.seksi,
    }


def dashboard_json(dash) -> dict:
    """Every figure of a dashboard as JSON (the DashboardFigures schema)."""
    f, p, m = dash.filters, dash.partnerships, dash.monitoring
    return {
        "filters": {
            "seksi": f.seksi or None,
            "year_from": f.year_from,
            "year_to": f.year_to,
            "wub_only": f.wub_only,
        },
        "as_of": dash.today.isoformat(),
        "wub_per_year": [{"year": r.year, **_year(r)} for r in dash.per_year],
        "period": {
            "first_year": dash.period_years[0],
            "last_year": dash.period_years[-1],
            **_year(dash.period),
        },
        "wub_by_trade": _counts(dash.by_trade),
        "wub_by_kecamatan": _counts(dash.by_kecamatan),
        "funnel": [vars(row) for row in dash.funnel],
        "partnerships": {
            "total": p.total,
            "by_kind": _counts(p.by_kind),
            "by_estate": _counts(p.by_estate),
            "by_state": _counts(p.by_state),
        },
        "monitoring": {
            "visited": m.visited,
            "operating": m.operating,
            "not_operating": m.not_operating,
            "revenue": _counts(m.revenue),
            "problems": _counts(m.problems),
            "median_employees": m.median_employees,
            "visits_per_month": _counts(m.per_month),
        },
    }


@bp.get("/dashboard")
@officials_only
def dashboard_figures():
    """All the dashboard's figures; ?seksi=, ?year_from=, ?year_to=, ?wub_only="""
    unknown = sorted(set(request.args) - set(FILTER_NAMES))
    filters, errors = Filters.parse(request.args)
    errors.update({name: _("Parameter tidak dikenal.") for name in unknown})
    if errors:
        raise Invalid(errors)
    return jsonify(dashboard_json(build(filters)))


def _cell(cell: targets.TargetCell) -> dict:
    return {
        "year": cell.year,
        "scope": cell.scope.value,
        "count": cell.count,
        "stored": cell.stored,
    }


@bp.get("/targets")
@officials_only
def list_targets():
    """Every scope's target for one year (?year=) or for each year of the plan period."""
    raw = request.args.get("year", "").strip()
    try:
        years = [targets.parse_year(raw)] if raw else list(targets.period())
    except ValueError as error:
        raise Invalid({"year": str(error)}) from None
    plan = targets.period()
    return jsonify(
        {
            "period": {"first_year": plan[0], "last_year": plan[-1]},
            "period_totals": {s.value: n for s, n in targets.for_period().items()},
            "items": [_cell(c) for row in targets.cells(years).values() for c in row.values()],
        }
    )


@bp.put("/targets/<int:year>/<scope>")
@officials_only
def set_target(year: int, scope: str):
    """Set one scope's target for a year; the change is in the audit log."""
    data = json_body()
    unknown = sorted(set(data) - {"count"})
    if unknown:
        raise Invalid({name: _("Kolom tidak dikenal.") for name in unknown})
    if "count" not in data:
        raise Invalid({"count": _("Wajib diisi.")})
    return jsonify(_cell(targets.set_target(g.api_user, year, scope, data["count"])))
