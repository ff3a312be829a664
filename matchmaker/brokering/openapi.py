"""The introductions part of the OpenAPI document (merged by matchmaker.openapi)."""

from typing import Any

from matchmaker import pagination
from matchmaker.brokering.models import Outcome, Side, Status, ValueBand
from matchmaker.brokering.reasons import DECLINE_REASONS, TEXT_MAX, WITHDRAW_REASONS
from matchmaker.matching.models import Kind

_ID = {"type": "integer", "minimum": 1}
_WHEN = {"type": "string", "format": "date-time"}
_DAY = {"type": "string", "format": "date"}
_TEXT = {"type": "string", "maxLength": TEXT_MAX}


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def _object(properties: dict, required=None, **extra) -> dict:
    return {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
        **extra,
    }


def _contact() -> dict:
    return _object(
        {
            "name": {"type": "string"},
            "phone": _nullable({"type": "string", "description": "+62… form"}),
            "whatsapp": _nullable({"type": "string", "description": "https://wa.me/62…"}),
            "email": _nullable({"type": "string"}),
            "mailto": _nullable({"type": "string"}),
        }
    )


def schemas() -> dict[str, Any]:
    party = _object({"id": _ID, "name": {"type": "string"}})
    partnership = _object(
        {
            "kind": {"type": "string", "enum": [k.value for k in Kind]},
            "start_date": _DAY,
            "items": {"type": "string"},
            "volume_per_month": _nullable({"type": "integer"}),
            "volume_unit": {"type": "string"},
            "value_band": _nullable({"type": "string", "enum": [v.value for v in ValueBand]}),
            "topics": {"type": "string"},
            "sessions": _nullable({"type": "integer"}),
            "end_date": _nullable(_DAY),
            "outcome": _nullable({"type": "string", "enum": [o.value for o in Outcome]}),
            "outcome_note": {"type": "string"},
            "notes": {
                "type": "array",
                "items": _object(
                    {
                        "author": _nullable({"type": "string"}),
                        "body": {"type": "string"},
                        "at": _WHEN,
                    }
                ),
            },
        }
    )
    introduction = {
        "id": _ID,
        "status": {"type": "string", "enum": [s.value for s in Status]},
        "status_label": {"type": "string", "description": "In the caller's language."},
        "kind": {"type": "string", "enum": [k.value for k in Kind]},
        "business": party,
        "company": party,
        "need_id": _nullable(_ID),
        "programme_id": _nullable(_ID),
        "offer": _nullable(_object({"id": _ID, "title": {"type": "string"}})),
        "started_by": {"type": "string", "enum": [s.value for s in Side]},
        "your_side": {"type": "string", "enum": [s.value for s in Side]},
        "message": {"type": "string"},
        "business_accepted": {"type": "boolean"},
        "company_accepted": {"type": "boolean"},
        "reason": _nullable(
            _object(
                {
                    "code": {"type": "string"},
                    "label": {"type": "string"},
                    "text": {"type": "string"},
                }
            )
        ),
        "created_at": _WHEN,
        "status_since": _WHEN,
        "expires_at": _nullable(_WHEN),
        "contact": {
            # null on either branch: a null-only third branch would not read as OpenAPI 3.0
            "anyOf": [
                _nullable(_contact()),
                _nullable(_object({"business": _contact(), "company": _contact()})),
            ],
            "description": "The other side's contact, only once both accepted (double "
            "opt-in), else null. Officials always get {business, company} instead.",
        },
        "partnership": _nullable({**partnership, "description": "From `agreement` on."}),
        "actions": {
            "type": "array",
            "items": {"type": "string"},
            "description": "What the caller may do now: accept, decline, withdraw, "
            "advance:<state>, message, note.",
        },
    }
    message = _object(
        {
            "id": _ID,
            "author": _nullable({"type": "string"}),
            "body": {"type": "string"},
            "at": _WHEN,
        }
    )
    message["properties"]["created_at"] = message["properties"].pop("at")
    message["required"] = list(message["properties"])
    reason = {
        "reason_text": {**_TEXT, "description": "Required when reason is `other`."},
    }
    return {
        "Introduction": _object(introduction),
        "IntroductionList": pagination.list_schema("#/components/schemas/Introduction"),
        "IntroductionInput": _object(
            {
                "business_id": _ID,
                "company_id": _ID,
                "kind": {"type": "string", "enum": [k.value for k in Kind]},
                "need_id": _nullable({**_ID, "description": "One need (kind=subcontracting)."}),
                "programme_id": _nullable(
                    {**_ID, "description": "One programme (kind=mentoring)."}
                ),
                "message": _TEXT,
            },
            required=["business_id", "company_id", "kind"],
            additionalProperties=False,
        ),
        "DeclineInput": _object(
            {"reason": {"type": "string", "enum": list(DECLINE_REASONS)}, **reason},
            required=["reason"],
        ),
        "WithdrawInput": _object(
            {"reason": {"type": "string", "enum": list(WITHDRAW_REASONS)}, **reason},
            required=["reason"],
        ),
        "AdvanceInput": _object(
            {
                "to": {"type": "string", "enum": ["meeting", "agreement", "active", "completed"]},
                "start_date": _DAY,
                "items": {**_TEXT, "description": "Agreement, subcontracting: required."},
                "volume_per_month": {"type": "integer", "minimum": 1},
                "volume_unit": {"type": "string", "maxLength": 40},
                "value_band": {"type": "string", "enum": [v.value for v in ValueBand]},
                "topics": {**_TEXT, "description": "Agreement, mentoring: required."},
                "sessions": {"type": "integer", "minimum": 1},
                "outcome": {
                    "type": "string",
                    "enum": [o.value for o in Outcome],
                    "description": "Completed: required.",
                },
                "outcome_note": _TEXT,
                "end_date": _DAY,
            },
            required=["to"],
        ),
        "Message": message,
        "MessageList": pagination.list_schema("#/components/schemas/Message"),
        "TextInput": _object({"body": _TEXT}),
        "Note": _object({"id": _ID, "body": {"type": "string"}}),
    }


def paths(operation, responses, common: tuple, write: tuple) -> dict[str, Any]:
    """The /introductions paths, built with matchmaker.openapi's own helpers."""

    def read(name: str, summary: str, schema: str, *codes: str, **kw) -> dict:
        return operation(
            name, summary, responses("200", schema, *common, *codes), tag="brokering", **kw
        )

    def step(name: str, summary: str, body: str | None, *codes: str, **kw) -> dict:
        answer = responses("200", "Introduction", *common, *write, "404", "409", *codes)
        return operation(name, summary, answer, body=body, tag="brokering", **kw)

    no_body = (
        "A reason is required, so is the body: sent without one (or empty, whatever its "
        "Content-Type) it answers 422 naming `reason`, and nothing changes."
    )

    one = {"parameters": [{"$ref": "#/components/parameters/intro_id"}]}
    created = responses(
        "201", "Introduction", *common, *write, "403", "404", "409", description="Created"
    )
    created["201"].pop("headers")
    created["200"] = {
        "description": "A live introduction of the same pair and kind exists: it is returned.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Introduction"}}},
    }
    posted = responses("201", "Message", *common, *write, "404", "409", description="Created")
    posted["201"].pop("headers")
    noted = responses("201", "Note", *common, *write, "404", "409", description="Created")
    noted["201"].pop("headers")
    return {
        "/introductions": {
            "get": read(
                "list_introductions",
                "The caller's introductions (officials: all), newest first (by id)",
                "IntroductionList",
                "422",
                parameters=("status", "limit", "cursor"),
            ),
            "post": operation(
                "create_introduction",
                "An owner asks a company, CSR staff ask a business, or an official proposes the "
                "pair to both; at most INTRODUCTION_DAILY_LIMIT requests per owner a day (429)",
                created,
                body="IntroductionInput",
                tag="brokering",
            ),
        },
        "/introductions/{intro_id}": {
            **one,
            "get": read(
                "get_introduction",
                "One introduction the caller takes part in",
                "Introduction",
                "404",
            ),
        },
        "/introductions/{intro_id}/accept": {
            **one,
            "post": step("accept_introduction", "Say yes for the caller's side", None),
        },
        "/introductions/{intro_id}/decline": {
            **one,
            "post": step(
                "decline_introduction", "Say no, with a reason", "DeclineInput", description=no_body
            ),
        },
        "/introductions/{intro_id}/withdraw": {
            **one,
            "post": step(
                "withdraw_introduction",
                "Call it off, with a reason",
                "WithdrawInput",
                description=no_body,
            ),
        },
        "/introductions/{intro_id}/advance": {
            **one,
            "post": step("advance_introduction", "Move one step on", "AdvanceInput"),
        },
        "/introductions/{intro_id}/messages": {
            **one,
            "get": read(
                "list_messages",
                "The thread, oldest first",
                "MessageList",
                "404",
                "422",
                parameters=("limit", "cursor"),
            ),
            "post": operation(
                "post_message",
                "Add a message to the thread",
                posted,
                body="TextInput",
                tag="brokering",
            ),
        },
        "/introductions/{intro_id}/notes": {
            **one,
            "post": operation(
                "post_note",
                "Add a progress note to the partnership",
                noted,
                body="TextInput",
                tag="brokering",
            ),
        },
    }


def parameters(query) -> dict[str, Any]:
    return {
        "intro_id": {
            "name": "intro_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer"},
        },
        "status": query(
            "status",
            "Only introductions in this state; unknown → 422 naming `status`.",
            {"type": "string", "enum": [s.value for s in Status]},
        ),
    }
