"""What the brokering part of the API reads and answers: introductions, their answers
and steps, the thread and progress notes.

The rules stay in `services` and `states` (shared with the HTML pages); these schemas
check each value's type and form and say in the document what the services refuse
across fields (`Meta.openapi`: an `anyOf` the services' 422 answers match).
"""

import re
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate

from matchmaker.auth.models import User
from matchmaker.brokering import reasons
from matchmaker.brokering.models import Introduction, Outcome, Side, Status, ValueBand
from matchmaker.brokering.services import contact_for, side_of
from matchmaker.brokering.states import POSITIVE, actions_for
from matchmaker.core.params import MAX_ID
from matchmaker.core.schemas import PageArgs, Parsed
from matchmaker.matching.models import Kind
from matchmaker.profiles import fields as profile_fields

# --- reading ---------------------------------------------------------------------------------

# What the services drop from free text (plain_text.multi_line): control characters and
# white space (Python's, spelled out: `\s` differs between Python and ECMAScript). A
# required text needs one character besides these. Lone surrogates (JSON "\ud800"
# escapes) are dropped too but cannot be written in a pattern the fuzzer's regex reads.
_BLANK = r"\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
VISIBLE = f"^[{_BLANK}]*[^{_BLANK}]"
# 1 to 10,000,000 in digits, or with "." between thousands as Indonesians write it.
_WHOLE = r"[1-9][0-9]{0,6}|10000000"
_GROUPED = r"[1-9][0-9]{0,2}\.[0-9]{3}|[1-9]\.[0-9]{3}\.[0-9]{3}|10\.000\.000"
WHOLE_PATTERN = f"^(?:{_WHOLE}|{_GROUPED})$"
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _id(**kwargs) -> fields.Integer:
    """A record's id in a body: a JSON integer a database key can hold."""
    return fields.Integer(strict=True, validate=validate.Range(1, MAX_ID), **kwargs)


def _text(max_len: int = reasons.TEXT_MAX, required: bool = False, **kwargs) -> fields.String:
    """Free text; a required one must hold more than blank space (else 422 naming it)."""
    checks = [validate.Length(max=max_len)]
    if required:
        checks.append(validate.Regexp(VISIBLE, error=_l("Wajib diisi.")))
    return fields.String(required=required, validate=checks, **kwargs)


def _one_of(values, **kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf([str(v) for v in values]), **kwargs)


def _only(pattern: str, parse):
    """`parse`, for strings only those of `pattern` (as the document says)."""
    form = re.compile(pattern)

    def read(value: Any):
        if isinstance(value, str) and not form.fullmatch(value):  # `$` passes a final "\n"
            raise ValueError(_("Format tidak sah."))
        return parse(value)

    return read


def _whole(**kwargs) -> Parsed:
    """A count of 1…10,000,000: a JSON integer, or "1500" or "1.500"."""
    return Parsed(
        _only(WHOLE_PATTERN, POSITIVE),
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 10_000_000, "nullable": True},
                {"type": "string", "pattern": WHOLE_PATTERN, "nullable": True},
            ],
            "description": "1–10,000,000: a number, or digits with “.” between thousands.",
        },
        allow_none=True,
        **kwargs,
    )


def _day(**kwargs) -> Parsed:
    """A date written YYYY-MM-DD; null (or absent) for today."""
    openapi = {"type": "string", "format": "date", "pattern": DAY_PATTERN, "nullable": True}
    return Parsed(_only(DAY_PATTERN, profile_fields.iso_date), openapi, allow_none=True, **kwargs)


def _unless(field: str, value: str, then: dict) -> dict:
    """JSON Schema: when `field` is `value`, `then` must hold too."""
    return {"anyOf": [{"properties": {field: {"not": {"enum": [value]}}}}, then]}


_NONE = {"not": {"type": "integer"}}  # beside an id's own schema: null or absent


class IntroductionInputSchema(Schema):
    """An introduction asked for: a need goes with kind=subcontracting, a programme with
    kind=mentoring, never both (else 422 naming the offer)."""

    business_id = _id(required=True)
    company_id = _id(required=True)
    kind = _one_of(Kind, required=True)
    need_id = _id(allow_none=True, metadata={"description": "One need (kind=subcontracting)."})
    programme_id = _id(allow_none=True, metadata={"description": "One programme (kind=mentoring)."})
    message = _text(allow_none=True)

    class Meta:
        openapi = {
            "anyOf": [
                {
                    "properties": {
                        "kind": {"enum": [Kind.SUBCONTRACTING.value]},
                        "programme_id": _NONE,
                    }
                },
                {"properties": {"kind": {"enum": [Kind.MENTORING.value]}, "need_id": _NONE}},
            ]
        }


class _ReasonInput(Schema):
    """A decline's or a withdrawal's reason: a code from the list; "other" needs the text
    (else 422 naming reason_text)."""

    reason_text = _text(
        allow_none=True, metadata={"description": "Required when reason is `other`."}
    )

    class Meta:
        openapi = _unless(
            "reason",
            "other",
            {
                "required": ["reason_text"],
                "properties": {"reason_text": {"type": "string", "pattern": VISIBLE}},
            },
        )


def _reason(choices: dict) -> fields.String:
    """A reason's code from `choices`; another is refused with the choices in words."""

    def listed(code: str) -> None:
        if code not in choices:
            raise ValidationError(reasons.choose_reason(choices))

    return fields.String(required=True, validate=listed, metadata={"enum": list(choices)})


class DeclineInputSchema(_ReasonInput):
    reason = _reason(reasons.DECLINE_REASONS)


class WithdrawInputSchema(_ReasonInput):
    reason = _reason(reasons.WITHDRAW_REASONS)


class AdvanceInputSchema(Schema):
    """One step on, with the terms of an agreement or the outcome of its completion."""

    to = _one_of([Status.MEETING, Status.AGREEMENT, Status.ACTIVE, Status.COMPLETED], required=True)
    start_date = _day()
    items = _text(
        allow_none=True,
        metadata={"description": "Agreement of a subcontracting introduction: required (409)."},
    )
    volume_per_month = _whole()
    volume_unit = _text(40, allow_none=True)
    value_band = _one_of(ValueBand, allow_none=True)
    topics = _text(
        allow_none=True,
        metadata={"description": "Agreement of a mentoring introduction: required (409)."},
    )
    sessions = _whole()
    outcome = _one_of(Outcome, metadata={"description": "Completion: required."})
    outcome_note = _text(allow_none=True)
    end_date = _day()

    class Meta:
        openapi = _unless("to", Status.COMPLETED.value, {"required": ["outcome"]})


class TextInputSchema(Schema):
    body = _text(required=True)


class IntroductionArgsSchema(PageArgs):
    status = _one_of(Status, metadata={"description": "Only introductions in this state."})


# --- answering -------------------------------------------------------------------------------


class Moment(fields.DateTime):
    """A stored UTC time, written with its offset."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is None:
            return None
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


class Seen:
    """An introduction as `viewer` sees it (what IntroductionSchema writes): the record,
    and what depends on who looks — their side, the contact they may see, what they may
    do now — with the words in their language."""

    def __init__(self, intro: Introduction, viewer: User):
        self._intro, self._viewer = intro, viewer

    def __getattr__(self, name: str):
        return getattr(self._intro, name)

    @property
    def your_side(self) -> Side | None:
        return side_of(self._viewer, self._intro)

    @property
    def contact(self) -> dict | None:
        return contact_for(self._viewer, self._intro)

    @property
    def actions(self) -> list[str]:
        return actions_for(self._viewer, self._intro)

    @property
    def status_label(self) -> str:
        return str(reasons.STATUS_LABELS[self._intro.status])

    @property
    def business_accepted(self) -> bool:
        return self._intro.business_accepted_at is not None

    @property
    def company_accepted(self) -> bool:
        return self._intro.company_accepted_at is not None

    @property
    def reason(self) -> dict | None:
        code = self._intro.reason_code
        if not code:
            return None
        return {"code": code, "label": reasons.reason_label(code), "text": self._intro.reason_text}


class PartySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class OfferSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)


class ReasonSchema(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    text = fields.String(required=True)


class AuthorSchema(Schema):
    name = fields.String(required=True)


def _author() -> fields.Pluck:
    return fields.Pluck(AuthorSchema, "name", required=True, allow_none=True)


class PartnershipNoteSchema(Schema):
    author = _author()
    body = fields.String(required=True)
    at = Moment(attribute="created_at", required=True)


class PartnershipSchema(Schema):
    kind = fields.Enum(Kind, by_value=True, required=True)
    start_date = fields.Date(required=True)
    items = fields.String(required=True)
    volume_per_month = fields.Integer(required=True, allow_none=True)
    volume_unit = fields.String(required=True)
    value_band = fields.Enum(ValueBand, by_value=True, required=True, allow_none=True)
    topics = fields.String(required=True)
    sessions = fields.Integer(required=True, allow_none=True)
    end_date = fields.Date(required=True, allow_none=True)
    outcome = fields.Enum(Outcome, by_value=True, required=True, allow_none=True)
    outcome_note = fields.String(required=True)
    notes = fields.List(fields.Nested(PartnershipNoteSchema), required=True)


def _contact(nullable: bool = False) -> dict:
    text = {"type": "string", "nullable": True}
    schema = {
        "type": "object",
        "required": ["name", "phone", "whatsapp", "email", "mailto"],
        "properties": {
            "name": {"type": "string"},
            "phone": {**text, "description": "+62… form"},
            "whatsapp": {**text, "description": "https://wa.me/62…"},
            "email": text,
            "mailto": text,
        },
    }
    return {**schema, "nullable": True} if nullable else schema


CONTACT = {
    # null on either branch: a null-only third branch would not read as OpenAPI 3.0
    "anyOf": [
        _contact(nullable=True),
        {
            "type": "object",
            "nullable": True,
            "required": ["business", "company"],
            "properties": {"business": _contact(), "company": _contact()},
        },
    ],
    "description": "The other side's contact, only once both accepted (double opt-in), "
    "else null. Officials always get {business, company} instead.",
}


class IntroductionSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.Enum(Status, by_value=True, required=True)
    status_label = fields.String(
        required=True, metadata={"description": "In the caller's language."}
    )
    kind = fields.Enum(Kind, by_value=True, required=True)
    business = fields.Nested(PartySchema, required=True)
    company = fields.Nested(PartySchema, required=True)
    need_id = fields.Integer(required=True, allow_none=True)
    programme_id = fields.Integer(required=True, allow_none=True)
    offer = fields.Nested(OfferSchema, required=True, allow_none=True)
    started_by = fields.Enum(Side, by_value=True, required=True)
    your_side = fields.Enum(Side, by_value=True, required=True)
    message = fields.String(required=True)
    business_accepted = fields.Boolean(required=True)
    company_accepted = fields.Boolean(required=True)
    reason = fields.Nested(ReasonSchema, required=True, allow_none=True)
    created_at = Moment(required=True)
    status_since = Moment(required=True)
    expires_at = Moment(required=True, allow_none=True)
    contact = fields.Raw(required=True, allow_none=True, metadata=CONTACT)
    partnership = fields.Nested(
        PartnershipSchema,
        required=True,
        allow_none=True,
        metadata={"description": "From `agreement` on."},
    )
    actions = fields.List(
        fields.String(),
        required=True,
        metadata={
            "description": "What the caller may do now: accept, decline, withdraw, "
            "advance:<state>, message, note."
        },
    )


class MessageSchema(Schema):
    id = fields.Integer(required=True)
    author = _author()
    body = fields.String(required=True)
    created_at = Moment(required=True)


class NoteSchema(Schema):
    id = fields.Integer(required=True)
    body = fields.String(required=True)
