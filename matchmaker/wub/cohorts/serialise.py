"""Cohorts, participants and status changes as plain dicts for the JSON API.

Keys follow the input fields of wub.fields, so what a client reads it can send
back; codes are the model enums' values, each with a label in the reader's language.
Phones are in +62… form (null when unknown) and dates ISO (YYYY-MM-DD).
"""

from typing import Any

from matchmaker.profiles.serialise import iso
from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.history import allowed_next
from matchmaker.wub.cohorts.models import Cohort, Participant, StatusChange
from matchmaker.wub.serialise import person

_COHORT_FIELDS = (
    "name", "year", "trade", "destination", "seksi", "budget_source", "budget", "notes",
)  # fmt: skip


def cohort(record: Cohort, participant_count: int) -> dict[str, Any]:
    """A cohort with how many participants it has."""
    return {
        "id": record.id,
        **{name: getattr(record, name) for name in _COHORT_FIELDS},
        "start_date": iso(record.start_date),
        "end_date": iso(record.end_date),
        "participant_count": participant_count,
        "created_at": iso(record.created_at),
        "updated_at": iso(record.updated_at),
    }


def participant(record: Participant) -> dict[str, Any]:
    """A participant (WUB): who, which cohort, the current status and where it may go."""
    return {
        "id": record.id,
        "cohort_id": record.cohort_id,
        "cohort_name": record.cohort.name,
        "name": record.name,
        "phone": record.phone or None,
        "kecamatan": record.kecamatan.name,
        "education": record.education.value if record.education else None,
        "priority": record.priority,
        "birth_date": iso(record.birth_date),
        "trade": record.trade,
        "status": record.status.value,
        "status_label": str(f.STATUS_LABELS[record.status]),
        "status_since": iso(record.status_since),
        "allowed_next": [s.value for s in allowed_next(record.status)],
        "business_id": record.business_id,
        "created_at": iso(record.created_at),
        "updated_at": iso(record.updated_at),
    }


def status_change(change: StatusChange) -> dict[str, Any]:
    """One step of a participant's status history."""
    return {
        "id": change.id,
        "status": change.status.value,
        "status_label": str(f.STATUS_LABELS[change.status]),
        "previous": change.previous.value if change.previous else None,
        "changed_on": iso(change.changed_on),
        "changed_by": person(change.changed_by),
        "note": change.note,
        "created_at": iso(change.created_at),
    }
