"""Account logic shared by the HTML views, the API and the CLI."""

import secrets
from datetime import datetime
from functools import cache

from email_validator import EmailNotValidError, validate_email
from flask import current_app, has_request_context, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from matchmaker.audit import services as audit
from matchmaker.auth import backoff, tokens
from matchmaker.auth.models import Membership, Role, User, hash_password, utcnow
from matchmaker.core.extensions import db
from matchmaker.core.jobs.mail import send_email
from matchmaker.core.pages.links import public_url
from matchmaker.core.plain_text import phone_number as parse_phone
from matchmaker.core.plain_text import single_line
from matchmaker.core.validation import Invalid

MIN_PASSWORD = 8
MAX_PASSWORD = 128


class AccountError(Invalid):
    """Bad input to an account operation."""


def normalise_email(raw: str, field: str = "email") -> str:
    """A syntactically valid, lower-cased e-mail address, or AccountError naming the field."""
    try:
        return validate_email(raw or "", check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccountError({field: _("Alamat e-mail tidak valid.")}) from error


def check_password_rules(password: str, field: str = "password") -> None:
    if errors := password_errors(password, field):
        raise AccountError(errors)


def password_errors(password: str, field: str = "password") -> dict[str, str]:
    """What is wrong with a new password, by field (empty when nothing is)."""
    if len(password or "") < MIN_PASSWORD:
        return {field: _("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD)}
    if len(password) > MAX_PASSWORD:
        return {field: _("Kata sandi maksimal %(n)d karakter.", n=MAX_PASSWORD)}
    return {}


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(
    *,
    role: Role,
    email: str,
    name: str,
    password: str,
    consent: bool,
    phone: str = "",
    locale: str = "id",
    company_id: int | None = None,
    commit: bool = True,
) -> User:
    """Create and commit an account; CSR staff start as pending members of their company.

    AccountError names every field at fault at once."""
    if errors := account_errors(
        email=email, name=name, password=password, consent=consent, phone=phone
    ):
        raise AccountError(errors)
    email, name = normalise_email(email), single_line(name)
    phone = parse_phone(phone) if phone and phone.strip() else ""
    user = User(
        email=email,
        name=name,
        phone=phone,
        role=Role(role),
        locale=locale if locale in current_app.config["LANGUAGES"] else "id",
        consent_at=utcnow(),
        company_id=company_id,
        membership=Membership.PENDING if role == Role.CSR else None,
    )
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.commit() if commit else db.session.flush()
    except IntegrityError as error:  # the same address signed up a moment ago
        db.session.rollback()
        raise AccountError({"email": _("E-mail ini sudah terdaftar.")}) from error
    return user


def account_errors(
    *, email: str, name: str, password: str, consent: bool, phone: str = ""
) -> dict[str, str]:
    """Every problem with a new account's input, by field, so a form shows them all at
    once (empty when there is none)."""
    errors: dict[str, str] = {}
    try:
        email = normalise_email(email)
    except AccountError as error:
        errors.update(error.fields)
    if not single_line(name or ""):  # the name goes into e-mails, their headers included
        errors["name"] = _("Nama wajib diisi.")
    if phone and phone.strip():
        try:
            parse_phone(phone)
        except ValueError as error:
            errors["phone"] = str(error)
    errors.update(password_errors(password))
    if not consent:
        errors["consent"] = _("Persetujuan pengolahan data pribadi wajib dicentang.")
    if "email" not in errors and find_by_email(email):
        errors["email"] = _("E-mail ini sudah terdaftar.")
    return errors


@cache
def _unknown_user_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, with the login time recorded; else None.

    An unknown address costs the same password check as a real one, so the answer's
    time does not tell which addresses have accounts. While the address is locked after
    repeated failures (backoff), raises AccountLocked without checking.
    """
    email = (email or "").strip()
    backoff.check(email)
    user = find_by_email(email)
    if user is None:
        check_password_hash(_unknown_user_hash(), password or "")
    if user is None or not user.check_password(password or "") or not user.is_active:
        backoff.failed(email, user if user is not None and user.is_active else None)
        return None
    backoff.clear(email)
    user.last_login_at = utcnow()
    if user.is_official:  # officials can change anything, so their sessions are on record
        _log_login(user)
    db.session.commit()
    return user


def _log_login(user: User) -> None:
    channel = "api" if has_request_context() and "api" in request.blueprints else "web"
    audit.record(user, "auth.login", user, summary=channel)


def issue_token(user: User, client: str = "") -> tuple[str, datetime]:
    """A new API bearer token for the user and its expiry."""
    return tokens.issue(user, client)


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, if it is known and unexpired."""
    found = tokens.find(token)
    return found.user if found is not None else None


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def password_reset_token(user: User) -> str:
    # The hash fragment makes the link single-use: it dies once the password changes.
    return _reset_serializer().dumps({"id": user.id, "h": user.password_hash[-12:]})


def user_for_reset_token(token: str) -> User | None:
    """The user a reset link was made for, while it is fresh and unused."""
    try:
        data = _reset_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("id"))
    if user is None or not user.is_active or user.password_hash[-12:] != data.get("h"):
        return None
    return user


def send_password_reset(email: str) -> None:
    """E-mail a reset link if the address has an account; say nothing either way.

    The link starts with PUBLIC_URL, never with the request's Host header.
    """
    user = find_by_email(email or "")
    if user is None or not user.is_active:
        return
    # Not logged: a reset link in a log is a way into the account for whoever reads it.
    link = public_url("auth.reset_password", token=password_reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    body = _(
        "Halo %(name)s,\n\nBuka tautan ini untuk membuat kata sandi baru Mitra Bekasi "
        "(berlaku %(minutes)d menit):\n%(link)s\n\nAbaikan e-mail ini jika Anda tidak memintanya.",
        name=user.name,
        minutes=minutes,
        link=link,
    )
    try:
        send_email(user.email, _("Atur ulang kata sandi Mitra Bekasi"), body)
    except OSError:  # an error only for real addresses would tell which ones have accounts
        current_app.logger.exception("Password reset e-mail to %s could not be sent", user.email)


def set_password(user: User, password: str, field: str = "password") -> None:
    """Set a new password, revoke every API token of the user and clear a login lock
    (after a reset by e-mail the holder can log in at once)."""
    check_password_rules(password, field)
    user.set_password(password)
    user.end_sessions()
    tokens.revoke_all(user, commit=False)
    backoff.clear(user.email)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password, knowing the current one; AccountError names both faults at once."""
    errors = password_errors(new, "new_password")
    if not user.check_password(current or ""):
        errors["current_password"] = _("Kata sandi saat ini salah.")
    if errors:
        raise AccountError(errors)
    set_password(user, new, "new_password")


def set_membership(user: User, decision: Membership) -> None:
    """An official's decision on a CSR user's request to act for a company."""
    if user.role != Role.CSR or user.company_id is None:
        raise AccountError({"user": _("Pengguna ini bukan staf CSR yang menunggu persetujuan.")})
    user.membership = decision
    db.session.commit()


def pending_members() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.CSR, User.membership == Membership.PENDING)
            .order_by(User.created_at)
        )
    )


def end_sessions(user: User) -> None:
    """Log the user out everywhere (on logout, every session cookie stops working)."""
    user.end_sessions()
    db.session.commit()


def end_everywhere(user: User) -> int:
    """Every session and every API token of the user ends; how many tokens there were."""
    user.end_sessions()
    revoked = tokens.revoke_all(user, commit=False)
    db.session.commit()
    return revoked


def set_locale(user: User, locale: str) -> None:
    if locale in current_app.config["LANGUAGES"]:
        user.locale = locale
        db.session.commit()
