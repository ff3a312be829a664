"""Programme records as plain dicts for the JSON API (the HTML views may reuse them).

Keys follow the input fields of programme.fields, so what a client reads it can send
back; codes are the model enums' values, each with a label in the reader's language.
Phones are in +62… form (null when unknown) and dates ISO (YYYY-MM-DD).
"""

import binascii
import re
from base64 import urlsafe_b64decode, urlsafe_b64encode
from collections.abc import Callable
from typing import Any

from flask import url_for

from matchmaker.auth.models import User
from matchmaker.profiles.serialise import iso
from matchmaker.programme import fields as f
from matchmaker.programme.history import allowed_next
from matchmaker.programme.models import (
    Cohort,
    MonitoringVisit,
    Participant,
    StatusChange,
    VisitPhoto,
)
from matchmaker.programme.monitoring import Overdue

_CURSOR = re.compile(r"at:([1-9][0-9]{0,8})")
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


def _person(user: User | None) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def status_change(change: StatusChange) -> dict[str, Any]:
    """One step of a participant's status history."""
    return {
        "id": change.id,
        "status": change.status.value,
        "status_label": str(f.STATUS_LABELS[change.status]),
        "previous": change.previous.value if change.previous else None,
        "changed_on": iso(change.changed_on),
        "changed_by": _person(change.changed_by),
        "note": change.note,
        "created_at": iso(change.created_at),
    }


def photo(record: VisitPhoto) -> dict[str, Any]:
    """A visit photo's size and where to fetch it (officials only)."""
    return {
        "id": record.id,
        "visit_id": record.visit_id,
        "width": record.width,
        "height": record.height,
        "url": url_for("api.get_photo", photo_id=record.id),
        "created_at": iso(record.created_at),
    }


def visit(record: MonitoringVisit) -> dict[str, Any]:
    """A monitoring visit: what the officer found, with its photos."""
    return {
        "id": record.id,
        "participant_id": record.participant_id,
        "visited_on": iso(record.visited_on),
        "officer": _person(record.officer),
        "operating": record.operating,
        "employees": record.employees,
        "revenue_band": record.revenue_band.value if record.revenue_band else None,
        "partner_orders": record.partner_orders,
        "problems": record.problem_list,
        "notes": record.notes,
        "photos": [photo(p) for p in record.photos],
        "created_at": iso(record.created_at),
    }


def overdue(item: Overdue) -> dict[str, Any]:
    """A started WUB business due for a visit, and how late it is."""
    who = item.participant
    return {
        "participant": {
            "id": who.id,
            "name": who.name,
            "phone": who.phone or None,
            "kecamatan": who.kecamatan.name,
            "cohort_id": who.cohort_id,
            "cohort_name": who.cohort.name,
            "status": who.status.value,
            "business_id": who.business_id,
        },
        "last_visit": iso(item.last_visit),
        "due_on": iso(item.due_on),
        "days_late": item.days_late,
    }


def page(rows: list, limit: int, offset: int, one: Callable[[Any], dict]) -> dict[str, Any]:
    """{"items": [...], "next": cursor or null} from up to limit + 1 rows fetched."""
    following = urlsafe_b64encode(f"at:{offset + limit}".encode()).decode().rstrip("=")
    return {
        "items": [one(row) for row in rows[:limit]],
        "next": following if len(rows) > limit else None,
    }


def offset_of(cursor: str) -> int:
    """The offset a `next` cursor stands for; 0 when it is not one of ours."""
    try:
        text = urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return 0
    match = _CURSOR.fullmatch(text)
    return int(match.group(1)) if match else 0
