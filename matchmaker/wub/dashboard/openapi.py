"""The dashboard and targets part of the OpenAPI document (merged by matchmaker.openapi)."""

from typing import Any

from matchmaker.brokering.seksi import SEKSI_CODES
from matchmaker.wub.dashboard import targets
from matchmaker.wub.dashboard.models import TargetScope
from matchmaker.wub.openapi import TAG, object_schema, ref

_COUNT = {"type": "integer", "minimum": 0}
_TARGET = {
    "type": "integer",
    "minimum": 0,
    "nullable": True,
    "description": "Null when no target is set (a Seksi until an official sets one).",
}
_SCOPE = {"type": "string", "enum": [s.value for s in TargetScope]}


def _years(**more) -> dict:
    return {
        "wub": {**_COUNT, "description": "Participants of the year's cohorts who finished "
                "training (trained or later, or closed after reaching trained)."},
        "department_target": _TARGET,
        "regency_target": _TARGET,
        "seksi_target": {**_TARGET, "description": "The filtered Seksi's target; null "
                         "without a Seksi filter or when none is set."},
        **more,
    }  # fmt: skip


def schemas() -> dict[str, Any]:
    counts = {"type": "array", "items": ref("FigureCount")}
    year = {"type": "integer"}
    return {
        "FigureCount": object_schema(
            {
                "key": {
                    "type": "string",
                    "description": "A code (trade, state, YYYY-MM…); "
                    "empty for 'none' (no estate, no revenue recorded).",
                },
                "label": {"type": "string", "description": "In the caller's language."},
                "count": _COUNT,
            }
        ),  # fmt: skip
        "DashboardFigures": object_schema(
            {
                "filters": object_schema(
                    {
                        "seksi": {"type": "string", "enum": list(SEKSI_CODES), "nullable": True},
                        "year_from": year,
                        "year_to": year,
                        "wub_only": {"type": "boolean"},
                    }
                ),
                "as_of": {"type": "string", "format": "date"},
                "wub_per_year": {"type": "array", "items": object_schema(_years(year=year))},
                "period": object_schema(_years(first_year=year, last_year=year)),
                "wub_by_trade": counts,
                "wub_by_kecamatan": counts,
                "funnel": {
                    "type": "array",
                    "description": "Of those trained at least `months` ago: how many had a "
                    "started (or stalled) business and how many were operating or growing, "
                    "`months` after training, read from the status history.",
                    "items": object_schema(
                        {
                            "months": {"type": "integer", "enum": [6, 12]},
                            "trained": _COUNT,
                            "started": _COUNT,
                            "operating": _COUNT,
                        }
                    ),
                },  # fmt: skip
                "partnerships": object_schema(
                    {"total": _COUNT, "by_kind": counts, "by_estate": counts, "by_state": counts},
                    description="Introductions created in the years, narrowed by the business's "
                    "Seksi (its trade) and, with wub_only, to businesses linked to a participant.",
                ),
                "monitoring": object_schema(
                    {
                        "visited": _COUNT,
                        "operating": _COUNT,
                        "not_operating": _COUNT,
                        "revenue": counts,
                        "problems": counts,
                        "median_employees": {"type": "number", "nullable": True},
                        "visits_per_month": counts,
                    },
                    description="From each participant's latest visit; visits per month over "
                    "the last 12 months.",
                ),
            }
        ),
        "Target": object_schema(
            {
                "year": year,
                "scope": _SCOPE,
                "count": _TARGET,
                "stored": {"type": "boolean", "description": "False: the default applies."},
            }
        ),
        "TargetList": object_schema(
            {
                "period": object_schema({"first_year": year, "last_year": year}),
                "period_totals": object_schema({s.value: _TARGET for s in TargetScope}),
                "items": {"type": "array", "items": ref("Target")},
            }
        ),
        "TargetInput": {
            "type": "object",
            "additionalProperties": False,
            "required": ["count"],
            "properties": {
                "count": {"type": "integer", "minimum": 0, "maximum": targets.MAX_COUNT}
            },
        },  # fmt: skip
    }


def parameters(query) -> dict[str, Any]:
    low = targets.FIRST_YEAR
    year = {"type": "integer", "minimum": low}
    return {
        "dashboard_seksi": query("seksi", "Only cohorts (and businesses) of this Seksi.",
                                 {"type": "string", "enum": list(SEKSI_CODES)}),
        "year_from": query("year_from", f"First cohort year (default {low}).", year),
        "year_to": query("year_to", "Last cohort year (default this year).", year),
        "wub_only": query("wub_only", "1: partnerships of WUB businesses only.",
                          {"type": "string", "enum": ["1", "0", "true", "false"]}),
        "target_year": query("year", "One year; default the years of the plan period.", year),
        "path_year": {"name": "year", "in": "path", "required": True, "schema": year},
        "path_scope": {"name": "scope", "in": "path", "required": True, "schema": _SCOPE},
    }  # fmt: skip


def paths(operation, responses, common: tuple, write: tuple) -> dict[str, Any]:
    """/dashboard and /targets, built with matchmaker.openapi's own helpers."""
    filters = ("dashboard_seksi", "year_from", "year_to", "wub_only")
    return {
        "/dashboard": {
            "get": operation(
                "dashboard_figures",
                "Every dashboard figure for the filters (officials); a bad filter → 422",
                responses("200", "DashboardFigures", *common, "403", "422"),
                parameters=filters,
                tag=TAG,
            )
        },
        "/targets": {
            "get": operation(
                "list_targets",
                "Targets per scope for a year or the plan period, with period totals (officials)",
                responses("200", "TargetList", *common, "403", "422"),
                parameters=("target_year",),
                tag=TAG,
            )
        },
        "/targets/{year}/{scope}": {
            "parameters": [
                {"$ref": "#/components/parameters/path_year"},
                {"$ref": "#/components/parameters/path_scope"},
            ],
            "put": operation(
                "set_target",
                "Set a scope's target for a year (officials; 0–100,000; logged in the audit "
                "log); an out-of-range year or unknown scope → 422, a year that is not a "
                "whole number → 404 (no such URL)",
                responses("200", "Target", *common, *write, "403", "404"),
                body="TargetInput",
                tag=TAG,
            ),
        },
    }
