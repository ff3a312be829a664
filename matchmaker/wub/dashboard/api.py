"""Dashboard figures and targets on the JSON API (officials only: others get 403)."""

from flask import g
from marshmallow import RAISE

from matchmaker.core.api import Blueprint, officials_only
from matchmaker.wub.dashboard import targets
from matchmaker.wub.dashboard.figures import build
from matchmaker.wub.dashboard.filters import Filters
from matchmaker.wub.dashboard.schemas import (
    DashboardArgs,
    DashboardFiguresSchema,
    TargetInputSchema,
    TargetListSchema,
    TargetPathArgs,
    TargetSchema,
    TargetYearArgs,
)

blp = Blueprint("dashboard", __name__, description="WUB figures and targets (officials).")


@blp.get("/dashboard")
@officials_only
@blp.arguments(DashboardArgs, location="query", unknown=RAISE)
@blp.response(200, DashboardFiguresSchema)
@blp.errors(401, 403)
def dashboard_figures(args: dict):
    """Every dashboard figure for the filters; an unknown query parameter → 422 naming it."""
    return build(Filters.between(**args))


@blp.get("/targets")
@officials_only
@blp.arguments(TargetYearArgs, location="query")
@blp.response(200, TargetListSchema)
@blp.errors(401, 403)
def list_targets(args: dict):
    """Targets per scope for one year or each year of the plan period, with period totals."""
    plan = targets.period()
    years = [args["year"]] if "year" in args else list(plan)
    return {
        "period": {"first_year": plan[0], "last_year": plan[-1]},
        "period_totals": {s.value: n for s, n in targets.for_period().items()},
        "items": [cell for row in targets.cells(years).values() for cell in row.values()],
    }


@blp.put("/targets/<int:year>/<scope>")
@officials_only
@blp.arguments(TargetPathArgs, location="path")
@blp.arguments(TargetInputSchema)
@blp.response(200, TargetSchema)
@blp.errors(401, 403, 404)
def set_target(target: dict, data: dict, **_path):
    """Set one scope's target for a year; the change is in the audit log.

    A year that is not a whole number names no URL: 404.
    """
    return targets.set_target(g.api_user, target["year"], target["scope"], data["count"])
