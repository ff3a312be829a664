"""Writing and reading the audit log."""

from datetime import date, datetime
from enum import Enum
from typing import Protocol

from sqlalchemy import Select, select

from matchmaker.audit.models import AuditEntry
from matchmaker.core.extensions import db


class Actor(Protocol):
    """Whoever acts, as far as the log needs to know them (a user: auth sits above)."""

    id: int
    name: str


def record(
    actor: Actor | None, action: str, target, changes: dict | None = None, summary: str = ""
) -> AuditEntry:
    """Add an entry for `action` on `target` (a model instance) to the session; it is
    committed with the change it describes, or not at all."""
    if target.id is None:
        db.session.flush()
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "name", "") or "",
        action=action,
        object_type=target.__tablename__,
        object_id=target.id,
        summary=summary[:255],
        changes=changes or {},
    )
    db.session.add(entry)
    return entry


def snapshot(target, fields) -> dict:
    """The named fields of a record, as JSON-ready values."""
    return {name: _plain(getattr(target, name)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for each field whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def search(
    action: str = "", object_type: str = "", actor_id: int | None = None, since=None, until=None
) -> Select:
    """Entries newest first, narrowed by any of the filters given."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action == action)
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if actor_id:
        query = query.where(AuditEntry.actor_id == actor_id)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    return query


ERASED = "[dihapus]"


def erase_person(user: Actor, business_id: int | None) -> int:
    """Keep the log's who-did-what-when but drop what identifies a person who deleted
    their account: their name as actor, and every value recorded about their business.
    Returns how many entries were changed."""
    changed = 0
    for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id == user.id)):
        entry.actor_name, changed = ERASED, changed + 1
    if business_id is not None:
        about = select(AuditEntry).where(
            AuditEntry.object_type == "small_business", AuditEntry.object_id == business_id
        )
        for entry in db.session.scalars(about):
            entry.changes = {field: [ERASED, ERASED] for field in entry.changes}
            entry.summary, changed = ERASED, changed + 1
    return changed
