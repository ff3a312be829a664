"""The outbox: e-mails leave only after the change they announce is committed, and a
mail server that fails never turns a saved change into an error.

`enqueue` adds the e-mail to the session, so it is stored in the same transaction as
the change, or not at all when that rolls back. Once the session commits, a job
(`send_committed`) is queued to send the new e-mails, so the request does not wait for
the mail server. One that fails keeps its error and waits, longer after each failure
(BACKOFF), for the worker's sweep (`sweep`, every minute; `flask send-mail` by hand) or
the next commit whose own e-mails went out; after MAX_ATTEMPTS, or an answer that will
not change (a 5xx for the recipient or the message), it is given up. The table stays the
source of truth: a job lost with a killed worker, or never queued, leaves its e-mails
due, and the sweep sends them. Every attempt is claimed first with a conditional UPDATE,
so two workers never send the same e-mail, and logged when it fails.
"""

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, event, func, inspect, select, update
from sqlalchemy.orm import Session

from matchmaker.auth.models import User, utcnow
from matchmaker.core.extensions import db
from matchmaker.core.jobs.mail import send_email
from matchmaker.core.jobs.queue import crontab, job, periodic_job
from matchmaker.core.plain_text import single_line
from matchmaker.notifications.models import OutgoingEmail

# The pause after the 1st, 2nd, … failed attempt; the attempt after the last is the last.
BACKOFF = tuple(timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360, 720))
MAX_ATTEMPTS = len(BACKOFF) + 1  # about 22 hours of trying
LEASE = timedelta(minutes=5)  # a claimed e-mail is not tried again before this
CATCH_UP = 5  # waiting e-mails sent after a commit's own ones went out
STOP_AFTER = 3  # failures in a row after which `send_due` leaves the rest for its next run
KEEP = timedelta(days=30)  # sent and given-up e-mails are deleted after this
SUBJECT_MAX, ERROR_MAX = 150, 500
_NEW = "outbox"  # session.info key: e-mails added in the session's current transaction

_table = OutgoingEmail.__table__


@dataclass
class Report:
    """What one run of `send_due` did, and how many e-mails still wait."""

    sent: int = 0
    failed: int = 0
    waiting: int = 0
    purged: int = 0


def enqueue(user: User, subject: str, body: str) -> OutgoingEmail:
    """Queue an e-mail to `user` in the current transaction; it is sent after commit."""
    email = OutgoingEmail(
        user_id=user.id,
        recipient=user.email,
        subject=single_line(subject)[:SUBJECT_MAX],
        body=body,
        next_attempt_at=utcnow(),
    )
    db.session.add(email)
    db.session.info.setdefault(_NEW, []).append(email)
    return email


@event.listens_for(Session, "after_commit")
def _send_committed(session: Session) -> None:
    # The session cannot run SQL in this hook; each attempt uses a connection of its own.
    identities = (inspect(email).identity for email in session.info.pop(_NEW, []))
    ids = [identity[0] for identity in identities if identity]
    if not ids:
        return
    try:
        send_committed(ids)
    except Exception:  # the change is saved; the outbox still holds the e-mails
        current_app.logger.exception("Outbox: e-mails %s wait for the sweep", ids)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_NEW, None)


@job()
def send_committed(ids: list[int]) -> None:
    """The job a commit queues for its new e-mails (send_new, in the worker)."""
    send_new(ids)


@periodic_job(crontab(minute="*"))
def sweep() -> None:
    """Every minute in the worker's scheduler: what is due (retries, and e-mails whose job
    was lost), and old ones deleted; `flask send-mail` does the same by hand."""
    report = send_due()
    if report.sent or report.failed:
        current_app.logger.info(
            "Outbox sweep: %d sent, %d failed, %d waiting", report.sent, report.failed,
            report.waiting,
        )  # fmt: skip


def send_new(ids: list[int]) -> None:
    """Send the e-mails a commit has just stored. After a failure the rest wait (the
    server is likely down, and the request should not wait on it again); when all
    went, a few e-mails still waiting for a retry follow."""
    now = utcnow()
    for email_id in ids:
        if _attempt(email_id, now) is False:
            return
    for email_id in _due(now, CATCH_UP):
        if _attempt(email_id, now) is False:
            return


def send_due(now: datetime | None = None) -> Report:
    """Send every e-mail that is due, oldest first, and delete those sent or given up
    more than KEEP ago. After STOP_AFTER failures in a row the rest wait for next time."""
    now = now or utcnow()
    report, failures_in_a_row = Report(), 0
    for email_id in _due(now):
        outcome = _attempt(email_id, now)
        if outcome is True:
            report.sent, failures_in_a_row = report.sent + 1, 0
        elif outcome is False:
            report.failed, failures_in_a_row = report.failed + 1, failures_in_a_row + 1
            if failures_in_a_row >= STOP_AFTER:
                break
    with db.engine.begin() as connection:
        finished = _table.c.next_attempt_at.is_(None) & (_table.c.created_at < now - KEEP)
        report.purged = connection.execute(delete(_table).where(finished)).rowcount
        waiting = select(func.count()).where(_table.c.next_attempt_at.is_not(None))
        report.waiting = connection.scalar(waiting)
    return report


def _due(now: datetime, limit: int | None = None) -> list[int]:
    query = (
        select(_table.c.id)
        .where(_table.c.sent_at.is_(None), _table.c.next_attempt_at <= now)
        .order_by(_table.c.next_attempt_at, _table.c.id)
        .limit(limit)
    )
    with db.engine.connect() as connection:
        return list(connection.scalars(query))


def _attempt(email_id: int, now: datetime) -> bool | None:
    """Claim the e-mail, send it and record how it went: True sent, False failed, None
    when it was not due (sent meanwhile, or claimed by another worker)."""
    with db.engine.begin() as connection:
        claim = (
            update(_table)
            .where(
                _table.c.id == email_id,
                _table.c.sent_at.is_(None),
                _table.c.next_attempt_at <= now,
            )
            .values(attempts=_table.c.attempts + 1, next_attempt_at=now + LEASE)
        )
        if connection.execute(claim).rowcount != 1:
            return None
        columns = (_table.c.recipient, _table.c.subject, _table.c.body, _table.c.attempts)
        email = connection.execute(select(*columns).where(_table.c.id == email_id)).one()
    try:
        delivered = send_email(email.recipient, email.subject, email.body)
    except Exception as error:  # whatever failed is recorded, and retried unless final
        _failed(email_id, email, error, now)
        return False
    note = "" if delivered else "MAIL_SERVER is not set: written to the log instead"
    _record(email_id, sent_at=utcnow(), next_attempt_at=None, last_error=note)
    if email.attempts > 1:
        current_app.logger.info(
            "E-mail %d to %s sent on attempt %d", email_id, email.recipient, email.attempts
        )
    return True


def _failed(email_id: int, email, error: Exception, now: datetime) -> None:
    attempts = email.attempts
    give_up = attempts >= MAX_ATTEMPTS or _permanent(error)
    retry_at = None if give_up else now + BACKOFF[attempts - 1]
    reason = f"{type(error).__name__}: {error}"
    _record(email_id, next_attempt_at=retry_at, last_error=reason[:ERROR_MAX])
    if give_up:
        current_app.logger.error(
            "E-mail %d to %s given up after %d attempt(s): %s",
            email_id, email.recipient, attempts, reason,
        )  # fmt: skip
    else:
        current_app.logger.warning(
            "E-mail %d to %s failed (attempt %d of %d), next try at %s: %s",
            email_id, email.recipient, attempts, MAX_ATTEMPTS, retry_at.isoformat(), reason,
        )  # fmt: skip


def _permanent(error: Exception) -> bool:
    """Trying again would fail the same way: the server refused the recipient or the
    message for good (5xx), or the message could not even be built. A refused login or
    sender is the settings' fault, and is retried once they are fixed."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return not isinstance(error, OSError)


def _record(email_id: int, **values) -> None:
    with db.engine.begin() as connection:
        connection.execute(update(_table).where(_table.c.id == email_id).values(**values))
