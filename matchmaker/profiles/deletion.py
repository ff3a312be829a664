"""Deleting a company's needs and programmes so that a slip can be undone.

A deleted need or programme is marked, not removed: every query stops seeing it at once
(profiles.models hides it), and for UNDO_MINUTES its company's editors can bring it back
as it was, with whatever introductions named it.
"""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from matchmaker.audit import changes as audit
from matchmaker.audit import services as audit_log
from matchmaker.auth.models import utcnow
from matchmaker.core.extensions import db
from matchmaker.core.validation import Refused
from matchmaker.profiles.models import Company, MentoringProgramme, SubcontractingNeed
from matchmaker.profiles.services import AUDITED

UNDO_MINUTES = 10  # how long a deleted need or programme can be brought back


def delete_offer(record: SubcontractingNeed | MentoringProgramme) -> None:
    """Delete a need or programme, logging the values it had: it disappears at once and
    can be restored for UNDO_MINUTES (restore_offer)."""
    audit.deleted(record, *AUDITED[type(record)])
    record.deleted_at = utcnow()
    record.company.updated_at = utcnow()  # the partner model re-reads the company's offers
    db.session.commit()


def restore_offer(record: SubcontractingNeed | MentoringProgramme) -> None:
    """Bring back a need or programme deleted less than UNDO_MINUTES ago, as it was."""
    if record.deleted_at is None:
        return
    if record.deleted_at < utcnow() - timedelta(minutes=UNDO_MINUTES):
        raise Refused(
            _("Sudah lebih dari %(n)d menit sejak dihapus; tidak bisa dibatalkan.", n=UNDO_MINUTES)
        )
    record.deleted_at = None
    record.company.updated_at = utcnow()
    name = AUDITED[type(record)][0]
    audit_log.record(audit.current_actor(), f"{name}.restored", record, summary=audit.title(record))
    db.session.commit()


def recently_deleted(company: Company) -> list[SubcontractingNeed | MentoringProgramme]:
    """The company's needs and programmes deleted less than UNDO_MINUTES ago, newest first."""
    since = utcnow() - timedelta(minutes=UNDO_MINUTES)
    found = []
    for model in (SubcontractingNeed, MentoringProgramme):
        query = select(model).where(model.company_id == company.id, model.deleted_at >= since)
        found += db.session.scalars(query.execution_options(include_deleted=True))
    return sorted(found, key=lambda record: record.deleted_at, reverse=True)
