"""The cohorts and participants part of the OpenAPI document (cohorts, participants,
status history), merged by matchmaker.openapi."""

from typing import Any

from matchmaker.brokering.seksi import SEKSI_CODES
from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.models import Education
from matchmaker.wub.openapi import (
    DAY,
    ID,
    PERSON,
    PHONE,
    STATUS,
    WHEN,
    date_input,
    id_parameters,
    input_schema,
    list_schema,
    nullable,
    object_schema,
    operations,
    text,
)
from ml.trades import TRADE_CODES

_EDUCATION = {"type": "string", "enum": [e.value for e in Education]}
_TRADE = {"type": "string", "enum": list(TRADE_CODES)}
_TYPED_EDUCATION = "Also the words officials write: SMA, SMK, MTs, D3, S1, paket C…"
_TYPED_STATUS = "Also the words officials write: lulus, mulai usaha, macet, tutup…"
COHORT_INPUT = {
    "name": text(160),
    "year": {"type": "integer", "minimum": f.FIRST_YEAR},
    "trade": {**_TRADE, "description": "Trade code (its label is accepted too)."},
    "destination": {**text(160), "description": "Where the training was, e.g. Cepogo, Boyolali."},
    "seksi": {
        "type": "string",
        "enum": list(SEKSI_CODES),
        "description": "Blank: the Seksi that looks after the trade.",
    },
    "start_date": date_input(),
    "end_date": date_input("Not before start_date."),
    "budget_source": {**text(60), "description": "APBD unless told otherwise."},
    "budget": {
        "type": "integer",
        "minimum": 0,
        "nullable": True,
        "description": "Rupiah budgeted for the training.",
    },
    "notes": text(4000),
}
PARTICIPANT_INPUT = {
    "name": text(120),
    "phone": {"type": "string", "maxLength": 20, "description": "08…, 62… or +62…"},
    "kecamatan": {"type": "string", "maxLength": 80, "description": "Kecamatan name."},
    "education": {**_EDUCATION, "description": _TYPED_EDUCATION},
    "priority": {
        "type": "boolean",
        "description": "SLTA graduate not continuing school; blank: true for SLTA.",
    },
    "birth_date": date_input("Age 14–80."),
    "trade": {**_TRADE, "description": "Blank: the cohort's trade."},
}


def participant_properties() -> dict[str, Any]:
    """A participant's properties as the API answers them."""
    return {
        "id": ID,
        "cohort_id": ID,
        "cohort_name": {"type": "string"},
        "name": {"type": "string"},
        "phone": nullable(PHONE),
        "kecamatan": {"type": "string"},
        "education": nullable(_EDUCATION),
        "priority": {"type": "boolean"},
        "birth_date": nullable(DAY),
        "trade": _TRADE,
        "status": STATUS,
        "status_label": {"type": "string", "description": "In the caller's language."},
        "status_since": DAY,
        "allowed_next": {
            "type": "array",
            "items": STATUS,
            "description": "The statuses POST …/status accepts now.",
        },
        "business_id": nullable({**ID, "description": "The small business they started."}),
        "created_at": WHEN,
        "updated_at": WHEN,
    }


def schemas() -> dict[str, Any]:
    """Cohort, Participant, StatusChange and their inputs and lists."""
    cohort = {
        "id": ID,
        **{k: v for k, v in COHORT_INPUT.items() if not k.endswith("_date")},
        "start_date": nullable(DAY),
        "end_date": nullable(DAY),
        "participant_count": {"type": "integer", "minimum": 0},
        "created_at": WHEN,
        "updated_at": WHEN,
    }
    cohort["seksi"] = {"type": "string", "enum": list(SEKSI_CODES)}
    participant = participant_properties()
    change = {
        "id": ID,
        "status": STATUS,
        "status_label": {"type": "string"},
        "previous": nullable(STATUS),
        "changed_on": DAY,
        "changed_by": nullable(PERSON),
        "note": {"type": "string"},
        "created_at": WHEN,
    }
    return {
        "Cohort": object_schema(cohort),
        "CohortInput": input_schema(COHORT_INPUT, f.COHORT_FIELDS),
        "CohortPatch": input_schema(COHORT_INPUT, f.COHORT_FIELDS, patch=True),
        "CohortList": list_schema("Cohort"),
        "Participant": object_schema(participant),
        "ParticipantInput": input_schema(
            PARTICIPANT_INPUT,
            f.PARTICIPANT_FIELDS,
            status={**STATUS, "description": "Initial status; blank: selected. " + _TYPED_STATUS},
        ),
        "ParticipantPatch": input_schema(
            PARTICIPANT_INPUT,
            f.PARTICIPANT_FIELDS,
            patch=True,
            cohort_id={**ID, "description": "Move to another cohort."},
        ),
        "ParticipantList": list_schema("Participant"),
        "StatusChange": object_schema(change),
        "StatusChangeList": list_schema("StatusChange"),
        "StatusInput": object_schema(
            {
                "status": {**STATUS, "description": "One of the participant's allowed_next."},
                "changed_on": nullable(date_input("Not in the future; blank: today.")),
                "note": nullable(text(500)),
                "business_id": nullable(
                    {**ID, "description": "Links the business; `started` needs one linked."}
                ),
            },
            ["status"],
            additionalProperties=False,
        ),
    }


def parameters(query) -> dict[str, Any]:
    """Path ids and the list filters, built with matchmaker.openapi's query helper."""
    path = id_parameters("cohort_id", "participant_id")
    bad = " A bad value → 422 naming it."
    return {
        **path,
        "cohort_year": query("year", "Training year." + bad, {"type": "integer"}),
        "cohort_seksi": query(
            "seksi", "Seksi code." + bad, {"type": "string", "enum": list(SEKSI_CODES)}
        ),
        "cohort_trade": query("trade", "Trade code or label." + bad),
        "participant_cohort": query("cohort", "Cohort id." + bad, {"type": "integer"}),
        "participant_status": query("status", "WUB status." + bad, STATUS),
        "participant_kecamatan": query("kecamatan", "Kecamatan name." + bad),
        "participant_q": query("q", "Words in the participant's name."),
    }


# Participant list filters, shared by both participant listings.
_FILTERS = ("participant_status", "participant_kecamatan", "participant_q", "limit", "cursor")
# (path, method, operationId, summary, success status, answer schema, body schema,
#  error statuses beyond 401/403/429/500 and the body's, query parameters)
# fmt: off
OPERATIONS = (
    ("/cohorts", "get", "list_cohorts",
     "Training cohorts, newest first (by id), each with its participant count",
     "200", "CohortList", None, ("422",),
     ("cohort_year", "cohort_seksi", "cohort_trade", "limit", "cursor")),
    ("/cohorts", "post", "create_cohort", "Set up a cohort (name unique per year)",
     "201", "Cohort", "CohortInput", (), ()),
    ("/cohorts/{cohort_id}", "get", "get_cohort", "One cohort",
     "200", "Cohort", None, ("404",), ()),
    ("/cohorts/{cohort_id}", "patch", "update_cohort", "Change the fields sent",
     "200", "Cohort", "CohortPatch", ("404",), ()),
    ("/cohorts/{cohort_id}", "delete", "delete_cohort",
     "Remove a cohort; 409 while it has participants", "204", None, None, ("404", "409"), ()),
    ("/cohorts/{cohort_id}/participants", "get", "list_cohort_participants",
     "The cohort's participants by id", "200", "ParticipantList", None, ("404", "422"), _FILTERS),
    ("/cohorts/{cohort_id}/participants", "post", "create_participant",
     "Add a participant; the same name and phone anywhere is a duplicate (422 naming `name`)",
     "201", "Participant", "ParticipantInput", ("404",), ()),
    ("/participants", "get", "list_participants", "Participants (WUB) by id",
     "200", "ParticipantList", None, ("422",), ("participant_cohort", *_FILTERS)),
    ("/participants/{participant_id}", "get", "get_participant", "One participant",
     "200", "Participant", None, ("404",), ()),
    ("/participants/{participant_id}", "patch", "update_participant",
     "Change the fields sent; the status changes only through …/status (422 naming `status`)",
     "200", "Participant", "ParticipantPatch", ("404",), ()),
    ("/participants/{participant_id}/history", "get", "participant_history",
     "Status changes, oldest first (by id), with who made each",
     "200", "StatusChangeList", None, ("404", "422"), ("limit", "cursor")),
    ("/participants/{participant_id}/status", "post", "change_participant_status",
     "Move to one of `allowed_next` on a day (409 with the reason otherwise); `started` needs "
     "a linked business (business_id links one)",
     "200", "Participant", "StatusInput", ("404", "409"), ()),
)
# fmt: on


def paths(operation, responses, common: tuple, write: tuple) -> dict[str, Any]:
    """The cohort and participant paths; officials only."""
    return operations(OPERATIONS, operation, responses, common, write)
