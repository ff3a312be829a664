"""What the dashboard and targets part of the API reads and answers. Years are bounded by
the plan period in the configuration (targets.year_limits), so their documented bounds
are read when the document is built."""

from marshmallow import RAISE, Schema, fields, pre_dump, validate

from matchmaker.brokering.seksi import SEKSI_CODES
from matchmaker.core.schemas import Parsed
from matchmaker.profiles import fields as pf
from matchmaker.wub.dashboard import targets
from matchmaker.wub.dashboard.models import TargetScope

_YES, _NO = ("1", "true", "y", "ya", "on", "yes"), ("0", "false", "n", "tidak", "off", "no")
_THOUSANDS = r"^([0-9]{1,5}|100000|[0-9]{1,2}\.[0-9]{3}|100\.000)$"  # 0–100,000; 1.000 too


def _year_bounds() -> dict:
    low, high = targets.year_limits()
    return {"type": "integer", "minimum": low, "maximum": high}


def _year(description: str) -> Parsed:
    return Parsed(targets.parse_year, _year_bounds, metadata={"description": description})


class DashboardArgs(Schema):
    class Meta:
        unknown = RAISE

    seksi = fields.String(
        validate=validate.OneOf(SEKSI_CODES),
        metadata={"description": "Only cohorts (and businesses) of this Seksi."},
    )
    year_from = _year("First cohort year (default the first WUB year).")
    year_to = _year("Last cohort year (default this year); the two years in either order.")
    wub_only = Parsed(
        pf.boolean,
        {"type": "string", "enum": [*_YES, *_NO]},
        metadata={"description": "Yes: partnerships of WUB businesses only."},
    )


class TargetYearArgs(Schema):
    year = _year("One year; default the years of the plan period.")


class TargetPathArgs(Schema):
    year = Parsed(targets.parse_year, _year_bounds, required=True)
    scope = Parsed(
        targets.parse_scope,
        {"type": "string", "enum": [s.value for s in TargetScope]},
        required=True,
        metadata={"description": "Any case."},
    )


class TargetInputSchema(Schema):
    count = Parsed(
        targets.parse_count,
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": targets.MAX_COUNT},
                {"type": "string", "pattern": _THOUSANDS},
            ],
            "description": '0–100,000; "1.000" is a thousand.',
        },
        required=True,
    )


# --- what the API answers --------------------------------------------------------------------

_TARGET = {"validate": validate.Range(min=0), "required": True, "allow_none": True}


class FigureCountSchema(Schema):
    key = fields.String(
        required=True,
        metadata={"description": "A code (trade, state, YYYY-MM…); empty for 'none'."},
    )
    label = fields.String(required=True, metadata={"description": "In the caller's language."})
    count = fields.Integer(required=True, validate=validate.Range(min=0))


def _counts(**kwargs) -> fields.List:
    return fields.List(fields.Nested(FigureCountSchema), required=True, **kwargs)


class DashboardFiltersSchema(Schema):
    seksi = fields.Function(
        lambda f: f.seksi or None,
        required=True,
        allow_none=True,
        metadata={"type": "string", "enum": list(SEKSI_CODES)},
    )
    year_from = fields.Integer(required=True)
    year_to = fields.Integer(required=True)
    wub_only = fields.Boolean(required=True)


class YearFiguresSchema(Schema):
    """WUB of the year's cohorts who finished training, and the targets."""

    year = fields.Integer(required=True)
    wub = fields.Integer(required=True, validate=validate.Range(min=0))
    department_target = fields.Integer(attribute="department", **_TARGET)
    regency_target = fields.Integer(attribute="regency", **_TARGET)
    seksi_target = fields.Integer(
        attribute="seksi",
        metadata={"description": "The filtered Seksi's; null without a Seksi filter or target."},
        **_TARGET,
    )


class PeriodFiguresSchema(YearFiguresSchema):
    class Meta:
        exclude = ("year",)

    first_year = fields.Integer(required=True)
    last_year = fields.Integer(required=True)


class FunnelSchema(Schema):
    """Of those trained at least `months` ago: a started (or stalled) business and an
    operating or growing one, `months` after training."""

    months = fields.Integer(required=True, validate=validate.OneOf((6, 12)))
    trained = fields.Integer(required=True)
    started = fields.Integer(required=True)
    operating = fields.Integer(required=True)


class PartnershipsSchema(Schema):
    """Introductions created in the years, narrowed by the business's Seksi and, with
    wub_only, to businesses linked to a participant."""

    total = fields.Integer(required=True)
    by_kind = _counts()
    by_estate = _counts()
    by_state = _counts()


class MonitoringFiguresSchema(Schema):
    """From each participant's latest visit; visits per month over the last 12 months."""

    visited = fields.Integer(required=True)
    operating = fields.Integer(required=True)
    not_operating = fields.Integer(required=True)
    revenue = _counts()
    problems = _counts()
    median_employees = fields.Float(required=True, allow_none=True)
    visits_per_month = _counts(attribute="per_month")


class DashboardFiguresSchema(Schema):
    filters = fields.Nested(DashboardFiltersSchema, required=True)
    as_of = fields.Date(required=True, attribute="today")
    wub_per_year = fields.List(
        fields.Nested(YearFiguresSchema), required=True, attribute="per_year"
    )
    period = fields.Nested(PeriodFiguresSchema, required=True)
    wub_by_trade = _counts(attribute="by_trade")
    wub_by_kecamatan = _counts(attribute="by_kecamatan")
    funnel = fields.List(fields.Nested(FunnelSchema), required=True)
    partnerships = fields.Nested(PartnershipsSchema, required=True)
    monitoring = fields.Nested(MonitoringFiguresSchema, required=True)

    @pre_dump
    def _period_years(self, dash, **kwargs):
        years = dash.period_years
        period = {**vars(dash.period), "first_year": years[0], "last_year": years[-1]}
        return {**vars(dash), "period": period}


class TargetSchema(Schema):
    year = fields.Integer(required=True)
    scope = fields.Enum(TargetScope, by_value=True, required=True)
    count = fields.Integer(
        metadata={"description": "Null when none is set (a Seksi until an official sets one)."},
        **_TARGET,
    )
    stored = fields.Boolean(required=True, metadata={"description": "False: the default applies."})


class PlanPeriodSchema(Schema):
    first_year = fields.Integer(required=True)
    last_year = fields.Integer(required=True)


PeriodTotalsSchema = Schema.from_dict(
    {scope.value: fields.Integer(**_TARGET) for scope in TargetScope}, name="PeriodTotalsSchema"
)


class TargetListSchema(Schema):
    period = fields.Nested(PlanPeriodSchema, required=True)
    period_totals = fields.Nested(PeriodTotalsSchema, required=True)
    items = fields.List(fields.Nested(TargetSchema), required=True)
