"""Per-account backoff: failed logins to one e-mail address, from any client address.

The rate limits count per client address; someone guessing one account's password from
many addresses passes them. So failures are also counted per e-mail address: after
LOGIN_LOCKOUT_FAILURES within LOGIN_LOCKOUT_MINUTES, logins to that address are refused
for LOGIN_LOCKOUT_MINUTES, twice as long at each further lock (a day at most). The lock
always expires, a successful login or a password reset clears the count, and the
account holder gets an e-mail and the audit log an entry. Addresses without an account
are counted and locked the same way, so a lock tells nobody that an account exists.
"""

import hashlib
import hmac
from datetime import datetime, timedelta
from math import ceil

from flask import current_app, has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from matchmaker.audit import services as audit
from matchmaker.auth.models import LoginThrottle, User, utcnow
from matchmaker.core.extensions import db
from matchmaker.core.jobs.mail import send_email
from matchmaker.core.pages.links import public_url
from matchmaker.core.validation import Refused

LONGEST_LOCK = timedelta(days=1)
FORGET_AFTER = timedelta(days=2)  # a quiet address starts again from the shortest lock


class AccountLocked(Refused):
    """Logins to this address are refused until `until`."""

    def __init__(self, until: datetime):
        self.retry_after = max(1, ceil((until - utcnow()).total_seconds()))
        minutes = ceil(self.retry_after / 60)
        message = _(
            "Terlalu banyak percobaan masuk yang gagal untuk akun ini. Coba lagi dalam "
            "%(minutes)d menit, atau atur ulang kata sandi lewat “Lupa kata sandi”.",
            minutes=minutes,
        )
        super().__init__(message, status=429, code="account_locked")


def digest_of(email: str) -> str:
    """A keyed digest of the address as login reads it (trimmed, lower-cased)."""
    secret = current_app.config["SECRET_KEY"].encode()
    address = (email or "").strip().lower().encode()
    return hmac.new(secret, b"login:" + address, hashlib.sha256).hexdigest()


def check(email: str) -> None:
    """Raise AccountLocked while logins to this address are locked."""
    query = select(LoginThrottle).where(LoginThrottle.address_digest == digest_of(email))
    row = db.session.scalar(query)
    if row is not None and row.locked_until is not None and row.locked_until > utcnow():
        raise AccountLocked(row.locked_until)


def failed(email: str, user: User | None) -> None:
    """Count a failed login to `email`; at the limit lock it and tell `user` (its holder)."""
    now, config = utcnow(), current_app.config
    window = timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"])
    most = config["LOGIN_LOCKOUT_FAILURES"]  # 0: no lock
    row = _locked_row(digest_of(email), now)
    if now - row.updated_at > FORGET_AFTER:
        row.lockouts = 0
    if now - row.window_started_at > window:
        row.failures, row.window_started_at = 0, now
    row.failures += 1
    row.updated_at = now
    locked_for = None
    if most and row.failures >= most:
        locked_for = min(window * 2 ** min(row.lockouts, 10), LONGEST_LOCK)
        row.locked_until = now + locked_for
        row.lockouts += 1
        row.failures, row.window_started_at = 0, now
        if user is not None:
            summary = _lock_summary(most, locked_for)
            audit.record(None, "auth.locked", user, summary=summary)
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.updated_at < now - FORGET_AFTER))
    db.session.commit()
    if locked_for is not None and user is not None:
        _tell_holder(user, most, locked_for)


def clear(email: str) -> None:
    """Forget the address's failures and lock (a login succeeded, a password was reset)."""
    found = LoginThrottle.address_digest == digest_of(email)
    db.session.execute(delete(LoginThrottle).where(found))


def _locked_row(digest: str, now: datetime) -> LoginThrottle:
    """The address's row, created if missing and write-locked until commit, so failures
    counted at the same moment from many addresses are each counted."""
    table = LoginThrottle.__table__
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # A write first: on SQLite it makes this transaction the one writer before the read.
    fresh = {"failures": 0, "lockouts": 0, "window_started_at": now, "updated_at": now}
    db.session.execute(
        insert(table)
        .values(address_digest=digest, **fresh)
        .on_conflict_do_nothing(index_elements=["address_digest"])
    )
    query = select(LoginThrottle).where(LoginThrottle.address_digest == digest).with_for_update()
    return db.session.scalar(query.execution_options(populate_existing=True))


def _lock_summary(failures: int, locked_for: timedelta) -> str:
    source = f", last from {request.remote_addr}" if has_request_context() else ""
    minutes = int(locked_for.total_seconds() // 60)
    return f"{failures} failed logins; locked {minutes} min{source}"


def _tell_holder(user: User, failures: int, locked_for: timedelta) -> None:
    """E-mail the account holder that their logins are paused, and how to undo it."""
    minutes = int(locked_for.total_seconds() // 60)
    with force_locale(user.locale or "id"):
        subject = _("Akun Mitra Bekasi Anda dikunci sementara")
        body = _(
            "Halo %(name)s,\n\nAda %(failures)d percobaan masuk yang gagal ke akun Mitra Bekasi "
            "Anda. Untuk melindungi akun, masuk ditahan selama %(minutes)d menit; setelah itu "
            "Anda bisa masuk seperti biasa.\n\nJika itu bukan Anda, seseorang mungkin mencoba "
            "menebak kata sandi Anda. Mengatur ulang kata sandi langsung membuka akun "
            "kembali:\n%(link)s\n",
            name=user.name,
            failures=failures,
            minutes=minutes,
            link=public_url("auth.forgot_password"),
        )
    try:
        send_email(user.email, subject, body)
    except OSError:  # the lock holds either way; a mail server being down must not fail
        current_app.logger.exception("Lock notice to %s could not be sent", user.email)
