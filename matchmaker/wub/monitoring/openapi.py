"""The monitoring part of the OpenAPI document (visits, photos, overdue visits), merged
by matchmaker.openapi."""

from typing import Any

from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.openapi import participant_properties
from matchmaker.wub.monitoring.models import Problem, RevenueBand
from matchmaker.wub.openapi import (
    DAY,
    ID,
    PERSON,
    TAG,
    WHEN,
    date_input,
    id_parameters,
    input_schema,
    list_schema,
    nullable,
    object_schema,
    operations,
    path_ids,
    ref,
    text,
)

_BAND = {"type": "string", "enum": [b.value for b in RevenueBand]}
_PROBLEMS = {"type": "array", "items": {"type": "string", "enum": [p.value for p in Problem]}}
VISIT_INPUT = {
    "visited_on": date_input("Not in the future."),
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
    "notes": text(4000),
}


def schemas() -> dict[str, Any]:
    """Visit, VisitPhoto, OverdueVisit and their inputs and lists."""
    participant = participant_properties()
    photo = {
        "id": ID,
        "visit_id": ID,
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "url": {"type": "string", "description": "GET it with the token (image/jpeg)."},
        "created_at": WHEN,
    }
    visit = {
        "id": ID,
        "participant_id": ID,
        "visited_on": DAY,
        "officer": nullable(PERSON),
        "operating": {"type": "boolean"},
        "employees": nullable({"type": "integer"}),
        "revenue_band": nullable(_BAND),
        "partner_orders": nullable({"type": "integer"}),
        "problems": _PROBLEMS,
        "notes": {"type": "string"},
        "photos": {"type": "array", "items": ref("VisitPhoto")},
        "created_at": WHEN,
    }
    due = {
        "participant": object_schema(
            {
                **{k: participant[k] for k in ("id", "name", "phone", "kecamatan")},
                **{k: participant[k] for k in ("cohort_id", "cohort_name", "status")},
                "business_id": participant["business_id"],
            }
        ),
        "last_visit": nullable({**DAY, "description": "Null: never visited."}),
        "due_on": DAY,
        "days_late": {"type": "integer", "minimum": 1},
    }
    overdue_list = list_schema("OverdueVisit")
    overdue_list["properties"]["interval"] = {"type": "integer", "description": "Days used."}
    overdue_list["required"].append("interval")
    return {
        "Visit": object_schema(visit),
        "VisitInput": input_schema(VISIT_INPUT, f.VISIT_FIELDS),
        "VisitList": list_schema("Visit"),
        "VisitPhoto": object_schema(photo),
        "PhotoUpload": object_schema(
            {"photo": {"type": "string", "format": "binary", "description": "JPEG, PNG or WebP."}}
        ),
        "OverdueVisit": object_schema(due),
        "OverdueList": overdue_list,
    }


def parameters(query) -> dict[str, Any]:
    """Path ids and the overdue list's interval, built with matchmaker.openapi's helper."""
    path = id_parameters("visit_id", "photo_id")
    bad = " A bad value → 422 naming it."
    return {
        **path,
        "overdue_interval": query(
            "interval",
            "Days between visits; default VISIT_INTERVAL_DAYS (90)." + bad,
            {"type": "integer", "minimum": 1, "maximum": 3650},
        ),
    }


# fmt: off
OPERATIONS = (
    ("/participants/{participant_id}/visits", "get", "list_visits",
     "Monitoring visits, newest first (by id)", "200", "VisitList", None, ("404", "422"),
     ("limit", "cursor")),
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
    """The monitoring paths, with the photo upload and download; officials only."""
    found = operations(OPERATIONS, operation, responses, common, write)
    found["/visits/{visit_id}/photos"] = {
        **path_ids("/visits/{visit_id}"),
        "post": _photo_upload(operation, responses, common),
    }
    found["/photos/{photo_id}"] = {
        **path_ids("/photos/{photo_id}"),
        "get": _photo(operation, responses, common),
    }
    return found


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
        "content": {"multipart/form-data": {"schema": ref("PhotoUpload")}},
    }
    return found


def _photo(operation, responses, common: tuple) -> dict:
    answer = responses("200", None, *common, "403", "404")
    answer["200"]["content"] = {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}
    return operation("get_photo", "A visit photo as stored (JPEG)", answer, tag=TAG)
