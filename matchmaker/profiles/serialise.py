"""Profiles as plain dicts for the JSON API and data downloads.

Keys match the input fields of profiles.services, so what a client reads it can
send back. Contact fields are always present; they are null when the viewer may
not see them (`contact_visible` says which case applies).
"""

from datetime import UTC, date, datetime
from typing import Any

from matchmaker.auth.models import User
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)

BUSINESS_CONTACT = ("owner_name", "phone", "email", "address")
COMPANY_CONTACT = ("contact_email", "contact_phone")

_BUSINESS_PUBLIC = (
    "name",
    "trade",
    "kbli_edition",
    "description",
    "products",
    "capabilities",
    "equipment",
    "certifications",
    "capacity_per_month",
    "capacity_unit",
    "employees",
    "founded_year",
    "mentoring_needs",
    "training_history",
    "accepting_requests",
)
_COMPANY_PUBLIC = ("name", "kbli_edition", "description", "website", "accepting_requests")
_NEED_FIELDS = ("title", "description", "volume", "volume_unit", "deadline", "is_open")
_PROGRAMME_FIELDS = (
    "title",
    "focus",
    "description",
    "capacity",
    "start_date",
    "end_date",
    "is_open",
)


def iso(value: datetime | date | None) -> str | None:
    """ISO 8601; datetimes in UTC with an explicit offset."""
    if value is None:
        return None
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    return value.isoformat()


def _plain(value: Any) -> Any:
    return iso(value) if isinstance(value, date) else value


def _copy(record, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(record, name)) for name in names}


def _stamps(record) -> dict[str, str | None]:
    return {"created_at": iso(record.created_at), "updated_at": iso(record.updated_at)}


def _contact(record, names: tuple[str, ...], visible: bool) -> dict[str, Any]:
    values = {name: (getattr(record, name) if visible else None) for name in names}
    return {**values, "contact_visible": visible}


def business_dict(business: SmallBusiness, viewer: User | None) -> dict[str, Any]:
    """A small business as the viewer may see it."""
    visible = viewer is not None and business.can_see_contact(viewer)
    return {
        "id": business.id,
        **_copy(business, _BUSINESS_PUBLIC),
        "sector": business.kbli_code,
        "kecamatan": business.kecamatan.name,
        "tags": business.tag_list,
        "tags_edited": business.tags_edited,
        **_contact(business, BUSINESS_CONTACT, visible),
        **_stamps(business),
    }


def need_dict(need: SubcontractingNeed) -> dict[str, Any]:
    """A subcontracting need; nothing in it is private."""
    return {
        "id": need.id,
        "company_id": need.company_id,
        **_copy(need, _NEED_FIELDS),
        **_stamps(need),
    }


def programme_dict(programme: MentoringProgramme) -> dict[str, Any]:
    """A mentoring programme; nothing in it is private."""
    return {
        "id": programme.id,
        "company_id": programme.company_id,
        **_copy(programme, _PROGRAMME_FIELDS),
        **_stamps(programme),
    }


def company_dict(company: Company, viewer: User | None) -> dict[str, Any]:
    """A company with its needs and programmes, as the viewer may see it."""
    visible = viewer is not None and company.can_see_contact(viewer)
    return {
        "id": company.id,
        **_copy(company, _COMPANY_PUBLIC),
        "sector": company.kbli_code,
        "kecamatan": company.kecamatan.name,
        "estate": company.estate.short_name if company.estate else None,
        **_contact(company, COMPANY_CONTACT, visible),
        **_stamps(company),
        "needs": [need_dict(need) for need in company.needs],
        "programmes": [programme_dict(programme) for programme in company.programmes],
    }
