"""Monitoring records as plain dicts for the JSON API: visits with their photos, and who
is overdue for a visit. Dates are ISO (YYYY-MM-DD), phones +62… (null when unknown)."""

from typing import Any

from flask import url_for

from matchmaker.profiles.serialise import iso
from matchmaker.wub.monitoring.models import MonitoringVisit, VisitPhoto
from matchmaker.wub.monitoring.services import Overdue
from matchmaker.wub.serialise import person


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
        "officer": person(record.officer),
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
