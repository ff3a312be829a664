"""A participant's properties and path id as the hand-written document states them: left
only for wub/monitoring/openapi.py (an overdue visit names its participant; a
participant's visits are under its id) until monitoring moves onto schemas, when this
file goes. The cohorts API itself is documented by its schemas
(cohorts.schemas)."""

from typing import Any

from matchmaker.wub.cohorts.models import Education
from matchmaker.wub.openapi import DAY, ID, PHONE, STATUS, WHEN, id_parameters, nullable
from ml.trades import TRADE_CODES

_EDUCATION = {"type": "string", "enum": [e.value for e in Education]}


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
        "trade": {"type": "string", "enum": list(TRADE_CODES)},
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


def parameters(query) -> dict[str, Any]:
    """The participant_id path parameter of the visits' paths."""
    return id_parameters("participant_id")
