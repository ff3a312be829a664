"""The programme part of the OpenAPI document (cohorts, participants, status history,
monitoring visits, photos, overdue visits), merged by matchmaker.openapi.

Input properties come from the field specs in programme.fields and enums from the
model enums, so the document cannot drift from what the services accept.
"""

import re
from typing import Any

from matchmaker.brokering.seksi import SEKSI_CODES
from matchmaker.wub import fields as f
from matchmaker.wub.models import Education, Problem, RevenueBand, WubStatus
from ml.trades import TRADE_CODES

TAG = "programme"
REF = "#/components/schemas/"
_ID = {"type": "integer", "minimum": 1}
_WHEN = {"type": "string", "format": "date-time"}
_DAY = {"type": "string", "format": "date"}
_STATUS = {"type": "string", "enum": [s.value for s in WubStatus]}
_EDUCATION = {"type": "string", "enum": [e.value for e in Education]}
_BAND = {"type": "string", "enum": [b.value for b in RevenueBand]}
_PROBLEMS = {"type": "array", "items": {"type": "string", "enum": [p.value for p in Problem]}}
_TRADE = {"type": "string", "enum": list(TRADE_CODES)}
_PHONE = {"type": "string", "description": "+62… form; null when unknown."}
_PERSON = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": _ID, "name": {"type": "string"}},
}
_TYPED_DATE = "Also 17/08/2024, 17-08-2024, 17 Agustus 2024 or an Excel date number."
_TYPED_EDUCATION = "Also the words officials write: SMA, SMK, MTs, D3, S1, paket C…"
_TYPED_STATUS = "Also the words officials write: lulus, mulai usaha, macet, tutup…"


def _nullable(schema: dict) -> dict:
    """The schema, or null (an enum lists null too, as OpenAPI 3.0 validators want)."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None], "nullable": True}
    return {**schema, "nullable": True}


def _ref(name: str) -> dict:
    return {"$ref": REF + name}


def _object(properties: dict, required=None, **extra) -> dict:
    return {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
        **extra,
    }


def _text(max_len: int) -> dict:
    return {"type": "string", "maxLength": max_len}


def _date_input(description: str = "") -> dict:
    return {
        **_DAY,
        "description": " ".join(("YYYY-MM-DD.", description, _TYPED_DATE)).replace("  ", " "),
    }


COHORT_INPUT = {
    "name": _text(160),
    "year": {"type": "integer", "minimum": f.FIRST_YEAR},
    "trade": {**_TRADE, "description": "Trade code (its label is accepted too)."},
    "destination": {**_text(160), "description": "Where the training was, e.g. Cepogo, Boyolali."},
    "seksi": {
        "type": "string",
        "enum": list(SEKSI_CODES),
        "description": "Blank: the Seksi that looks after the trade.",
    },
    "start_date": _date_input(),
    "end_date": _date_input("Not before start_date."),
    "budget_source": {**_text(60), "description": "APBD unless told otherwise."},
    "budget": {
        "type": "integer",
        "minimum": 0,
        "nullable": True,
        "description": "Rupiah budgeted for the training.",
    },
    "notes": _text(4000),
}
PARTICIPANT_INPUT = {
    "name": _text(120),
    "phone": {"type": "string", "maxLength": 20, "description": "08…, 62… or +62…"},
    "kecamatan": {"type": "string", "maxLength": 80, "description": "Kecamatan name."},
    "education": {**_EDUCATION, "description": _TYPED_EDUCATION},
    "priority": {
        "type": "boolean",
        "description": "SLTA graduate not continuing school; blank: true for SLTA.",
    },
    "birth_date": _date_input("Age 14–80."),
    "trade": {**_TRADE, "description": "Blank: the cohort's trade."},
}
VISIT_INPUT = {
    "visited_on": _date_input("Not in the future."),
    "operating": {"type": "boolean"},
    "employees": {"type": "integer", "minimum": 0, "maximum": 100_000},
    "revenue_band": {
        **_BAND,
        "description": "Monthly revenue band, or an amount in rupiah ('3.500.000', '3,5 juta').",
    },
    "partner_orders": {
        "type": "integer",
        "minimum": 0,
        "maximum": 100_000,
        "description": "Orders from partner companies since the last visit.",
    },
    "problems": {**_PROBLEMS, "description": "A list, or the codes comma-separated."},
    "notes": _text(4000),
}


def _input(properties: dict, spec: tuple, *, patch: bool = False, **more) -> dict:
    """An input schema: optional properties also take null (blank); PATCH needs none."""
    required = [field.name for field in spec if field.required]
    accepted = {
        name: schema if name in required else _nullable(schema)
        for name, schema in {**properties, **more}.items()
    }
    schema = _object(accepted, required, additionalProperties=False)
    if patch:
        schema.pop("required")
        schema["description"] = "Only the fields sent change."
    return schema


def _list(item: str, paged: bool = True) -> dict:
    properties: dict[str, Any] = {"items": {"type": "array", "items": _ref(item)}}
    if paged:
        properties["next"] = _nullable(
            {"type": "string", "description": "Cursor for the next page; null on the last page."}
        )
    return _object(properties)


def schemas() -> dict[str, Any]:
    """Cohort, Participant, StatusChange, Visit, Photo, OverdueVisit and their inputs."""
    cohort = {
        "id": _ID,
        **{k: v for k, v in COHORT_INPUT.items() if not k.endswith("_date")},
        "start_date": _nullable(_DAY),
        "end_date": _nullable(_DAY),
        "participant_count": {"type": "integer", "minimum": 0},
        "created_at": _WHEN,
        "updated_at": _WHEN,
    }
    cohort["seksi"] = {"type": "string", "enum": list(SEKSI_CODES)}
    participant = {
        "id": _ID,
        "cohort_id": _ID,
        "cohort_name": {"type": "string"},
        "name": {"type": "string"},
        "phone": _nullable(_PHONE),
        "kecamatan": {"type": "string"},
        "education": _nullable(_EDUCATION),
        "priority": {"type": "boolean"},
        "birth_date": _nullable(_DAY),
        "trade": _TRADE,
        "status": _STATUS,
        "status_label": {"type": "string", "description": "In the caller's language."},
        "status_since": _DAY,
        "allowed_next": {
            "type": "array",
            "items": _STATUS,
            "description": "The statuses POST …/status accepts now.",
        },
        "business_id": _nullable({**_ID, "description": "The small business they started."}),
        "created_at": _WHEN,
        "updated_at": _WHEN,
    }
    change = {
        "id": _ID,
        "status": _STATUS,
        "status_label": {"type": "string"},
        "previous": _nullable(_STATUS),
        "changed_on": _DAY,
        "changed_by": _nullable(_PERSON),
        "note": {"type": "string"},
        "created_at": _WHEN,
    }
    photo = {
        "id": _ID,
        "visit_id": _ID,
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "url": {"type": "string", "description": "GET it with the token (image/jpeg)."},
        "created_at": _WHEN,
    }
    visit = {
        "id": _ID,
        "participant_id": _ID,
        "visited_on": _DAY,
        "officer": _nullable(_PERSON),
        "operating": {"type": "boolean"},
        "employees": _nullable({"type": "integer"}),
        "revenue_band": _nullable(_BAND),
        "partner_orders": _nullable({"type": "integer"}),
        "problems": _PROBLEMS,
        "notes": {"type": "string"},
        "photos": {"type": "array", "items": _ref("VisitPhoto")},
        "created_at": _WHEN,
    }
    due = {
        "participant": _object(
            {
                **{k: participant[k] for k in ("id", "name", "phone", "kecamatan")},
                **{k: participant[k] for k in ("cohort_id", "cohort_name", "status")},
                "business_id": participant["business_id"],
            }
        ),
        "last_visit": _nullable({**_DAY, "description": "Null: never visited."}),
        "due_on": _DAY,
        "days_late": {"type": "integer", "minimum": 1},
    }
    overdue_list = _list("OverdueVisit")
    overdue_list["properties"]["interval"] = {"type": "integer", "description": "Days used."}
    overdue_list["required"].append("interval")
    return {
        "Cohort": _object(cohort),
        "CohortInput": _input(COHORT_INPUT, f.COHORT_FIELDS),
        "CohortPatch": _input(COHORT_INPUT, f.COHORT_FIELDS, patch=True),
        "CohortList": _list("Cohort"),
        "Participant": _object(participant),
        "ParticipantInput": _input(
            PARTICIPANT_INPUT,
            f.PARTICIPANT_FIELDS,
            status={**_STATUS, "description": "Initial status; blank: selected. " + _TYPED_STATUS},
        ),
        "ParticipantPatch": _input(
            PARTICIPANT_INPUT,
            f.PARTICIPANT_FIELDS,
            patch=True,
            cohort_id={**_ID, "description": "Move to another cohort."},
        ),
        "ParticipantList": _list("Participant"),
        "StatusChange": _object(change),
        "StatusChangeList": _list("StatusChange", paged=False),
        "StatusInput": _object(
            {
                "status": {**_STATUS, "description": "One of the participant's allowed_next."},
                "changed_on": _nullable(_date_input("Not in the future; blank: today.")),
                "note": _nullable(_text(500)),
                "business_id": _nullable(
                    {**_ID, "description": "Links the business; `started` needs one linked."}
                ),
            },
            ["status"],
            additionalProperties=False,
        ),
        "Visit": _object(visit),
        "VisitInput": _input(VISIT_INPUT, f.VISIT_FIELDS),
        "VisitList": _list("Visit", paged=False),
        "VisitPhoto": _object(photo),
        "PhotoUpload": _object(
            {"photo": {"type": "string", "format": "binary", "description": "JPEG, PNG or WebP."}}
        ),
        "OverdueVisit": _object(due),
        "OverdueList": overdue_list,
    }


def parameters(query) -> dict[str, Any]:
    """Path ids and the list filters, built with matchmaker.openapi's query helper."""
    path = {
        name: {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
        for name in ("cohort_id", "participant_id", "visit_id", "photo_id")
    }
    bad = " A bad value → 422 naming it."
    return {
        **path,
        "cohort_year": query("year", "Training year." + bad, {"type": "integer"}),
        "cohort_seksi": query(
            "seksi", "Seksi code." + bad, {"type": "string", "enum": list(SEKSI_CODES)}
        ),
        "cohort_trade": query("trade", "Trade code or label." + bad),
        "participant_cohort": query("cohort", "Cohort id." + bad, {"type": "integer"}),
        "participant_status": query("status", "WUB status." + bad, _STATUS),
        "participant_kecamatan": query("kecamatan", "Kecamatan name." + bad),
        "participant_q": query("q", "Words in the participant's name."),
        "overdue_interval": query(
            "interval",
            "Days between visits; default VISIT_INTERVAL_DAYS (90)." + bad,
            {"type": "integer", "minimum": 1, "maximum": 3650},
        ),
    }


# Participant list filters, shared by both participant listings.
_FILTERS = ("participant_status", "participant_kecamatan", "participant_q", "limit", "cursor")
# (path, method, operationId, summary, success status, answer schema, body schema,
#  error statuses beyond 401/403/429/500 and the body's, query parameters)
# fmt: off
OPERATIONS = (
    ("/cohorts", "get", "list_cohorts",
     "Training cohorts, newest first, each with its participant count",
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
     "The cohort's participants by name", "200", "ParticipantList", None, ("404", "422"), _FILTERS),
    ("/cohorts/{cohort_id}/participants", "post", "create_participant",
     "Add a participant; the same name and phone anywhere is a duplicate (422 naming `name`)",
     "201", "Participant", "ParticipantInput", ("404",), ()),
    ("/participants", "get", "list_participants", "Participants (WUB) by name",
     "200", "ParticipantList", None, ("422",), ("participant_cohort", *_FILTERS)),
    ("/participants/{participant_id}", "get", "get_participant", "One participant",
     "200", "Participant", None, ("404",), ()),
    ("/participants/{participant_id}", "patch", "update_participant",
     "Change the fields sent; the status changes only through …/status (422 naming `status`)",
     "200", "Participant", "ParticipantPatch", ("404",), ()),
    ("/participants/{participant_id}/history", "get", "participant_history",
     "Status changes, oldest first, with who made each",
     "200", "StatusChangeList", None, ("404",), ()),
    ("/participants/{participant_id}/status", "post", "change_participant_status",
     "Move to one of `allowed_next` on a day (409 with the reason otherwise); `started` needs "
     "a linked business (business_id links one)",
     "200", "Participant", "StatusInput", ("404", "409"), ()),
    ("/participants/{participant_id}/visits", "get", "list_visits",
     "Monitoring visits, newest first", "200", "VisitList", None, ("404",), ()),
    ("/participants/{participant_id}/visits", "post", "create_visit",
     "Record a visit (after the training); photos are added one by one afterwards",
     "201", "Visit", "VisitInput", ("404",), ()),
    ("/visits/overdue", "get", "overdue_visits",
     "Started WUB businesses due for a visit, the longest waiting first",
     "200", "OverdueList", None, ("422",), ("overdue_interval", "limit", "cursor")),
    ("/visits/{visit_id}", "get", "get_visit", "One visit with its photos",
     "200", "Visit", None, ("404",), ()),
    ("/visits/{visit_id}", "delete", "delete_visit", "Remove a visit and its photos",
     "204", None, None, ("404",), ()),
)
# fmt: on


def paths(operation, responses, common: tuple, write: tuple) -> dict[str, Any]:
    """The programme paths, built with matchmaker.openapi's own helpers; officials only."""
    found: dict[str, Any] = {}
    for path, method, name, summary, ok, schema, body, codes, query in OPERATIONS:
        described = {"201": "Created", "204": "Deleted"}.get(ok, "OK")
        errors = (*common, "403", *(write if body else ()), *codes)
        answer = responses(ok, schema, *errors, description=described)
        item = found.setdefault(path, _path_ids(path))
        item[method] = operation(name, summary, answer, body=body, parameters=query, tag=TAG)
    found["/visits/{visit_id}/photos"] = {
        **_path_ids("/visits/{visit_id}"),
        "post": _photo_upload(operation, responses, common),
    }
    found["/photos/{photo_id}"] = {
        **_path_ids("/photos/{photo_id}"),
        "get": _photo(operation, responses, common),
    }
    return found


def _path_ids(path: str) -> dict:
    ids = re.findall(r"{(\w+)}", path)
    return {"parameters": [{"$ref": "#/components/parameters/" + i} for i in ids]} if ids else {}


def _photo_upload(operation, responses, common: tuple) -> dict:
    answer = responses(
        "201", "VisitPhoto", *common, "403", "404", "413", "422", description="Created"
    )
    found = operation(
        "add_visit_photo",
        "Add one photo (JPEG, PNG or WebP, checked by content, re-encoded without metadata); "
        "at most VISIT_PHOTOS_MAX per visit; a bad one → 422 naming `photo`",
        answer,
        tag=TAG,
    )
    found["requestBody"] = {
        "required": True,
        "content": {"multipart/form-data": {"schema": _ref("PhotoUpload")}},
    }
    return found


def _photo(operation, responses, common: tuple) -> dict:
    answer = responses("200", None, *common, "403", "404")
    answer["200"]["content"] = {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}
    return operation("get_photo", "A visit photo as stored (JPEG)", answer, tag=TAG)
