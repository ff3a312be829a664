"""What the monitoring part of the API reads and answers: a visit as officials type it
(the parsers of wub.fields, so "17/08/2025", "ya", "1.500" and "3,5 juta" are taken as
on the form), a visit with its photos, a photo upload, and who is overdue for a visit."""

from flask import url_for
from marshmallow import Schema, fields, validate

from matchmaker.core.params import Integer
from matchmaker.core.schemas import PageArgs, Parsed, page_of
from matchmaker.imports.cells import MONTHS, SERIALS
from matchmaker.profiles import fields as pf
from matchmaker.profiles.serialise import iso
from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.models import WubStatus
from matchmaker.wub.monitoring.models import Problem, RevenueBand

INTERVAL_MAX = 3650  # days between visits the overdue list accepts
PHOTO_TYPES = "image/jpeg, image/png, image/webp"

# --- what a visit's fields take, as the document says it -----------------------------------

_YEAR = r"((19|20)?[0-9]{2})"  # 24 is 2024, 85 is 1985
_LEAP = r"(20([02468][048]|[13579][26])|19(0[48]|[2468][048]|[13579][26])|[02468][048]|[13579][26])"
_DAYS = {
    31: r"(0?[1-9]|[12][0-9]|3[01])",
    30: r"(0?[1-9]|[12][0-9]|30)",
    28: r"(0?[1-9]|1[0-9]|2[0-8])",
    29: r"29",
}


def _typed_date_pattern() -> str:
    """Day-first dates as spreadsheet_date reads them (17/08/2025, 17-8-25, 17 Agustus 2025,
    17 agt 25) or an Excel date number, only days the calendar has (29 February in leap
    years)."""
    forms = []
    for days, months, year in (
        (31, (1, 3, 5, 7, 8, 10, 12), _YEAR),
        (30, (4, 6, 9, 11), _YEAR),
        (28, (2,), _YEAR),
        (29, (2,), _LEAP),
    ):
        numbers = "|".join(f"0?{m}" if m < 10 else str(m) for m in months)
        words = "|".join(w for w, m in MONTHS.items() if m in months for w in (w, w.capitalize()))
        forms.append(rf"^{_DAYS[days]}[/.-]({numbers})[/.-]{year}$")
        forms.append(rf"^{_DAYS[days]}[ -]({words})\.?[ -]{year}$")
    first, last = str(SERIALS.start)[0], str(SERIALS.stop - 1)[0]
    return "|".join((*forms, rf"^[{first}-{last}][0-9]{{4}}$"))


_TYPED_DATE = _typed_date_pattern()
_WHOLE = r"^([0-9]{1,5}|100000|[0-9]{1,2}\.[0-9]{3}|100\.000)$"  # 0–100,000; 1.500 is 1500
_AMOUNT = (
    r"^(Rp\.? ?)?([0-9]{1,15}|[0-9]{1,3}(\.[0-9]{3}){1,4})(,00)?$"
    r"|^[0-9]{1,6}([.,][0-9]{1,3})? ?(juta|jt|ribu|rb)$"
)
_CODES = "|".join(p.value for p in Problem)
_YES, _NO = ("ya", "y", "yes", "true", "1", "on"), ("tidak", "n", "no", "false", "0", "off")


_COUNT = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": 100_000},
        {"type": "string", "pattern": _WHOLE},
    ],
    "description": '0–100,000; "1.500" is fifteen hundred.',
}
# Each VISIT_FIELDS field but the notes (plain text), as its parser takes it.
_DOCUMENTED = {
    "visited_on": {
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "pattern": _TYPED_DATE},
            {"type": "integer", "minimum": SERIALS.start, "maximum": SERIALS.stop - 1},
        ],
        "description": "YYYY-MM-DD; also 17/08/2025, 17-08-25, 17 Agustus 2025 or an Excel "
        "date number. A day after today → 409 naming `visited_on`.",
    },
    "operating": {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": [*_YES, *_NO]}]},
    "employees": _COUNT,
    "revenue_band": {
        "anyOf": [
            {"type": "string", "enum": [b.value for b in RevenueBand]},
            {"type": "integer"},
            {"type": "string", "pattern": _AMOUNT},
        ],
        "description": "A monthly revenue band, or an amount in rupiah placed in its band "
        "(3500000, '3.500.000', 'Rp3.500.000,00', '3,5 juta').",
    },
    "partner_orders": {
        **_COUNT,
        "description": "Orders from partner companies since the last visit; "
        + _COUNT["description"],
    },
    "problems": {
        "anyOf": [
            {"type": "array", "items": {"type": "string", "enum": _CODES.split("|")}},
            {"type": "string", "pattern": rf"^(({_CODES})(,({_CODES}))*)?$"},
        ],
        "description": "A list, or the codes comma-separated.",
    },
}


def _input_field(spec: pf.Field) -> fields.Field:
    """A VISIT_FIELDS field read by its own parser and documented as it takes."""
    options = {"required": spec.required, "allow_none": not spec.required}
    documented = _DOCUMENTED.get(spec.name)
    if documented is None:
        return fields.String(validate=validate.Length(max=4000), **options)
    if not spec.required:  # null is blank; in OpenAPI 3.0 a branch with a type must say so
        first, *rest = documented["anyOf"]
        documented = {**documented, "anyOf": [{**first, "nullable": True}, *rest]}
    return Parsed(spec.parse, documented, **options)


VisitInputSchema = Schema.from_dict(
    {spec.name: _input_field(spec) for spec in f.VISIT_FIELDS}, name="VisitInputSchema"
)


class PhotoUploadSchema(Schema):
    photo = fields.Raw(
        required=True,
        metadata={
            "type": "string",
            "format": "binary",
            "description": "JPEG, PNG or WebP, checked by its content and stored re-encoded "
            "without metadata; anything else → 422 naming `photo`.",
        },
    )


class OverdueArgs(PageArgs):
    interval = Parsed(
        Integer(1, INTERVAL_MAX).load,
        {"type": "integer", "minimum": 1, "maximum": INTERVAL_MAX},
        metadata={"description": "Days between visits; default VISIT_INTERVAL_DAYS (90)."},
    )


# --- what the API answers --------------------------------------------------------------------


class Stamp(fields.DateTime):
    """A stored UTC time, with its offset (ISO 8601)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return iso(value)


class OfficerSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class VisitPhotoSchema(Schema):
    id = fields.Integer(required=True)
    visit_id = fields.Integer(required=True)
    width = fields.Integer(required=True)
    height = fields.Integer(required=True)
    url = fields.Function(
        lambda photo: url_for("api.monitoring.get_photo", photo_id=photo.id),
        required=True,
        metadata={"type": "string", "description": "GET it with the token (image/jpeg)."},
    )
    created_at = Stamp(required=True)


class VisitSchema(Schema):
    id = fields.Integer(required=True)
    participant_id = fields.Integer(required=True)
    visited_on = fields.Date(required=True)
    officer = fields.Nested(OfficerSchema, required=True, allow_none=True)
    operating = fields.Boolean(required=True)
    employees = fields.Integer(required=True, allow_none=True)
    revenue_band = fields.Enum(RevenueBand, by_value=True, required=True, allow_none=True)
    partner_orders = fields.Integer(required=True, allow_none=True)
    problems = fields.List(
        fields.String(validate=validate.OneOf(_CODES.split("|"))),
        attribute="problem_list",
        required=True,
    )
    notes = fields.String(required=True)
    photos = fields.List(fields.Nested(VisitPhotoSchema), required=True)
    created_at = Stamp(required=True)


class OverdueParticipantSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    phone = fields.Function(
        lambda who: who.phone or None,
        required=True,
        allow_none=True,
        metadata={"type": "string", "description": "+62…; null when unknown."},
    )
    kecamatan = fields.Function(
        lambda who: who.kecamatan.name, required=True, metadata={"type": "string"}
    )
    cohort_id = fields.Integer(required=True)
    cohort_name = fields.Function(
        lambda who: who.cohort.name, required=True, metadata={"type": "string"}
    )
    status = fields.Enum(WubStatus, by_value=True, required=True)
    business_id = fields.Integer(required=True, allow_none=True)


class OverdueVisitSchema(Schema):
    participant = fields.Nested(OverdueParticipantSchema, required=True)
    last_visit = fields.Date(
        required=True, allow_none=True, metadata={"description": "Null: never visited."}
    )
    due_on = fields.Date(required=True)
    days_late = fields.Integer(required=True, validate=validate.Range(min=1))


class OverduePageSchema(page_of(OverdueVisitSchema)):
    interval = fields.Integer(required=True, metadata={"description": "The days used."})
