"""What the cohorts and participants part of the API reads and answers.

Inputs are built from the field specs the services clean with (wub.fields): each field is
checked by its own parser here, so a bad value is a 422 naming it, and is passed on as
sent for the service to store. Rules across fields or records (a name taken that year, an
end before the start, a step before the last) stay in the services. Each field is
documented with what its parser takes (wub.formats).
"""

from datetime import UTC, date
from typing import Any

from marshmallow import Schema, fields, validate

from matchmaker.brokering.seksi import SEKSI_CODES
from matchmaker.core.params import ID, JSON_ID, MAX_ID
from matchmaker.core.schemas import PageArgs, Parsed
from matchmaker.core.validation import Invalid
from matchmaker.profiles import fields as pf
from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.history import allowed_next
from matchmaker.wub.cohorts.models import Education, WubStatus
from matchmaker.wub.formats import (
    BLANK,
    DATE_WORDS,
    DAY,
    PHONE,
    RUPIAH,
    birth_years,
    blank_or,
    codes,
    empty_or,
    kecamatan_names,
    not_after,
    text,
    year_pattern,
)
from ml.trades import TRADE_CODES

TRADE = codes(TRADE_CODES, "Trade code (its label is accepted too).")
STATUS = codes(
    (s.value for s in WubStatus), "Also the words officials write: lulus, mulai usaha, macet…"
)
EDUCATION = codes(
    (e.value for e in Education), "Also the words officials write: SMA, SMK, MTs, D3, S1…"
)
YEAR_LIMITS = (f.FIRST_YEAR, date.today().year + 1)
COHORT_DOCS = {
    "name": text(160, required=True),
    "year": {
        "anyOf": [
            {"type": "integer", "minimum": YEAR_LIMITS[0], "maximum": YEAR_LIMITS[1]},
            {"type": "string", "pattern": year_pattern(*YEAR_LIMITS)},
        ]
    },
    "trade": TRADE,
    "destination": {**text(160), "description": "Where the training was, e.g. Cepogo."},
    "seksi": {**blank_or(codes(SEKSI_CODES)), "description": "Blank: the trade's Seksi."},
    "start_date": {**blank_or(DAY), "description": DATE_WORDS},
    "end_date": {**blank_or(DAY), "description": "Not before start_date (else 409)."},
    "budget_source": {**text(60), "description": "APBD unless told otherwise."},
    "budget": {
        "anyOf": [
            {"type": "integer", "minimum": 0, "maximum": f.MAX_RUPIAH},
            {"type": "string", "pattern": RUPIAH},
            {"type": "string", "pattern": BLANK},
        ],
        "description": "Rupiah budgeted for the training.",
    },
    "notes": text(4000),
}
PARTICIPANT_DOCS = {
    "name": text(120, required=True),
    "phone": {
        **blank_or({"type": "string", "pattern": PHONE}),
        "description": "08…, 62… or +62…; or blank.",
    },
    "kecamatan": codes(kecamatan_names(), "Kecamatan name (either spelling, any case)."),
    "education": {**blank_or(codes(EDUCATION["enum"])), "description": EDUCATION["description"]},
    "priority": {
        "anyOf": [
            {"type": "boolean"},
            {"type": "string", "enum": ["ya", "tidak", "yes", "no", "true", "false", "1", "0"]},
            {"type": "string", "pattern": BLANK},
        ],
        "description": "SLTA graduate not continuing school; blank: true for SLTA.",
    },
    "birth_date": {
        **blank_or({**DAY, "pattern": birth_years()}),
        "description": "Age 14–80. " + DATE_WORDS,
    },
    "trade": {**blank_or(codes(TRADE_CODES)), "description": "Blank: the cohort's trade."},
}


# --- inputs, from the services' field specs ------------------------------------------------


def _checked(field: pf.Field):
    """`field`'s value checked as the service will clean it, and kept as sent."""

    def check(value: Any) -> Any:
        try:
            pf.clean((field,), {field.name: value}, partial=False)
        except Invalid as error:
            raise ValueError(error.fields[field.name]) from None
        return value

    return check


def _input(spec: tuple[pf.Field, ...], docs: dict, name: str, **more) -> type[Schema]:
    """A create's schema (fields required as the spec says), or with `Patch` in its name
    a PATCH's (nothing required: only the fields sent change)."""
    declared: dict[str, fields.Field] = {}
    for field in spec:
        length = docs[field.name].get("maxLength")
        declared[field.name] = Parsed(
            _checked(field),
            docs[field.name],
            required=field.required and "Patch" not in name,
            allow_none=not field.required,
            validate=validate.Length(max=length) if length else None,
        )
    return Schema.from_dict({**declared, **more}, name=name)


CohortInputSchema = _input(f.COHORT_FIELDS, COHORT_DOCS, "CohortInput")
CohortPatchSchema = _input(f.COHORT_FIELDS, COHORT_DOCS, "CohortPatch")
ParticipantInputSchema = _input(
    f.PARTICIPANT_FIELDS,
    PARTICIPANT_DOCS,
    "ParticipantInput",
    status=Parsed(
        lambda value: value if value == "" else f.status(value).value,
        {
            **codes([*STATUS["enum"], ""]),
            "description": "Blank: selected. " + STATUS["description"],
        },
        allow_none=True,
    ),
)
ParticipantPatchSchema = _input(
    f.PARTICIPANT_FIELDS,
    PARTICIPANT_DOCS,
    "ParticipantPatch",
    cohort_id=Parsed(
        JSON_ID.load,
        {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": "Move to this cohort."},
    ),
)


class StatusInputSchema(Schema):
    status = Parsed(
        f.status,
        {**STATUS, "description": "One of allowed_next (else 409). " + STATUS["description"]},
        required=True,
    )
    changed_on = Parsed(
        lambda value: value if value == "" else f.past_date(value),
        {
            **empty_or({**DAY, "pattern": not_after(date.today())}),
            "description": "Not in the future, nor before the last change (409); blank: today.",
        },
        allow_none=True,
    )
    note = Parsed(
        pf.text(500), {"type": "string", "maxLength": 500}, allow_none=True,
        validate=validate.Length(max=500),
    )  # fmt: skip
    business_id = Parsed(
        JSON_ID.load,
        {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_ID,
            "description": "Links the business; `started` needs one linked (else 409).",
        },
        allow_none=True,
    )


# --- list filters --------------------------------------------------------------------------


class CohortFilters(PageArgs):
    year = Parsed(f.year, {"type": "integer", "minimum": YEAR_LIMITS[0], "maximum": YEAR_LIMITS[1]})
    seksi = Parsed(f.seksi, codes(SEKSI_CODES, "Seksi code."))
    trade = Parsed(f.trade_named, codes(TRADE_CODES, "Trade code (or its label)."))


class ParticipantFilters(PageArgs):
    status = Parsed(f.status, STATUS)
    kecamatan = Parsed(pf.kecamatan, PARTICIPANT_DOCS["kecamatan"])
    q = fields.String(
        validate=validate.Length(max=120), metadata={"description": "Words in the name."}
    )


class AllParticipantFilters(ParticipantFilters):
    cohort = Parsed(
        ID.load, {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": "Cohort id."}
    )


# --- answers -------------------------------------------------------------------------------


class When(fields.DateTime):
    """A moment in UTC with its offset (stored naive on SQLite, meant as UTC)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class CohortSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    year = fields.Integer(required=True)
    trade = fields.String(required=True, validate=validate.OneOf(TRADE_CODES))
    destination = fields.String(required=True)
    seksi = fields.String(required=True, validate=validate.OneOf(SEKSI_CODES))
    start_date = fields.Date(required=True, allow_none=True)
    end_date = fields.Date(required=True, allow_none=True)
    budget_source = fields.String(required=True)
    budget = fields.Integer(required=True, allow_none=True)
    notes = fields.String(required=True)
    participant_count = fields.Integer(required=True, validate=validate.Range(min=0))
    created_at = When(required=True)
    updated_at = When(required=True)


class ParticipantSchema(Schema):
    id = fields.Integer(required=True)
    cohort_id = fields.Integer(required=True)
    cohort_name = fields.String(required=True, attribute="cohort.name")
    name = fields.String(required=True)
    phone = fields.Function(
        lambda record: record.phone or None,
        required=True,
        allow_none=True,
        metadata={"type": "string", "description": "+62… form; null when unknown."},
    )
    kecamatan = fields.String(required=True, attribute="kecamatan.name")
    education = fields.Enum(Education, by_value=True, required=True, allow_none=True)
    priority = fields.Boolean(required=True)
    birth_date = fields.Date(required=True, allow_none=True)
    trade = fields.String(required=True, validate=validate.OneOf(TRADE_CODES))
    status = fields.Enum(WubStatus, by_value=True, required=True)
    status_label = fields.Function(
        lambda record: str(f.STATUS_LABELS[record.status]),
        required=True,
        metadata={"type": "string", "description": "In the caller's language."},
    )
    status_since = fields.Date(required=True)
    allowed_next = fields.Function(
        lambda record: [s.value for s in allowed_next(record.status)],
        required=True,
        metadata={
            "type": "array",
            "items": {"type": "string", "enum": [s.value for s in WubStatus]},
            "description": "The statuses POST …/status takes now.",
        },
    )
    business_id = fields.Integer(
        required=True, allow_none=True, metadata={"description": "The business they started."}
    )
    created_at = When(required=True)
    updated_at = When(required=True)


class PersonSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class StatusChangeSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.Enum(WubStatus, by_value=True, required=True)
    status_label = fields.Function(
        lambda change: str(f.STATUS_LABELS[change.status]),
        required=True,
        metadata={"type": "string"},
    )
    previous = fields.Enum(WubStatus, by_value=True, required=True, allow_none=True)
    changed_on = fields.Date(required=True)
    changed_by = fields.Nested(PersonSchema, required=True, allow_none=True)
    note = fields.String(required=True)
    created_at = When(required=True)
