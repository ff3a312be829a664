"""Logging the saving and deleting of records, for the services that do it."""

from flask import g, has_request_context
from flask_login import current_user

from matchmaker.audit import services as audit
from matchmaker.audit.services import Actor
from matchmaker.core.extensions import db


def current_actor() -> Actor | None:
    """Who is making the change: the API token's user or the logged-in user; nobody for
    the CLI and importers run outside a request."""
    if not has_request_context():
        return None
    if g.get("api_user") is not None:
        return g.api_user
    return current_user._get_current_object() if current_user.is_authenticated else None


def before(record, fields) -> dict:
    """The named fields of a stored record; {} for one not yet saved."""
    if record is None or record.id is None:
        return {}
    return audit.snapshot(record, fields)


def saved(record, name: str, fields, earlier: dict) -> None:
    """Log "<name>.created", or "<name>.updated" with the fields it changed (an update
    that changed nothing is not logged). Flushes first, so the id of a new record and
    whatever the flush computes (a business's inferred tags) are seen; the entry is in
    the session and commits with the change."""
    db.session.flush()
    changes = audit.diff(earlier, audit.snapshot(record, fields))
    if changes or not earlier:
        action = f"{name}.updated" if earlier else f"{name}.created"
        audit.record(current_actor(), action, record, changes, summary=title(record))


def deleted(record, name: str, fields) -> None:
    """Log "<name>.deleted" with the values the record had; call before deleting it."""
    values = audit.snapshot(record, fields)
    changes = {k: [v, None] for k, v in values.items() if v not in (None, "")}
    audit.record(current_actor(), f"{name}.deleted", record, changes, summary=title(record))


def title(record) -> str:
    """What a person calls the record: its name or title."""
    return getattr(record, "name", None) or getattr(record, "title", "") or ""
