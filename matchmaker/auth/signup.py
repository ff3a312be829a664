"""Sign-up in two steps, so that its answers tell nobody which addresses have accounts.

Step one takes only an e-mail address and always answers "check your e-mail": a new
address gets a link to step two, an address that has an account gets a note to its
holder instead (log in, or reset the password). Step two, reached only through the
link, is the full form; the account it creates has a confirmed address.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from matchmaker.auth.services import find_by_email, normalise_email
from matchmaker.core.jobs.mail import send_email
from matchmaker.core.pages.links import public_url


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="sign-up")


def start(email: str) -> None:
    """Mail the address a link to the sign-up form, or its holder a note that they already
    have an account; the same answer either way. AccountError for a malformed address."""
    email = normalise_email((email or "").strip())
    holder = find_by_email(email)
    if holder is None:
        _send_link(email)
    else:
        _tell_holder(holder)


def token_for(email: str) -> str:
    """The signed token of a sign-up link for `email` (the link's only content)."""
    return _serializer().dumps(email)


def email_for(token: str) -> str | None:
    """The address a sign-up link was sent to, while the link is fresh."""
    try:
        email = _serializer().loads(token, max_age=current_app.config["SIGNUP_LINK_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    return email if isinstance(email, str) else None


def _send_link(email: str) -> None:
    link = public_url("auth.signup_complete", token=token_for(email))
    hours = current_app.config["SIGNUP_LINK_MAX_AGE"] // 3600
    body = _(
        "Halo,\n\nUntuk melanjutkan pendaftaran di Mitra Bekasi, buka tautan ini (berlaku "
        "%(hours)d jam):\n%(link)s\n\nAbaikan e-mail ini jika Anda tidak mendaftar.",
        hours=hours,
        link=link,
    )
    _send(email, _("Lanjutkan pendaftaran Mitra Bekasi"), body)


def _tell_holder(holder) -> None:
    with force_locale(holder.locale or "id"):
        subject = _("Pendaftaran Mitra Bekasi dengan e-mail Anda")
        body = _(
            "Halo %(name)s,\n\nSeseorang (mungkin Anda) mencoba mendaftar di Mitra Bekasi "
            "dengan alamat e-mail ini. Anda sudah punya akun, jadi tidak ada akun baru yang "
            "dibuat.\n\nMasuk: %(login)s\nLupa kata sandi: %(forgot)s\n\nAbaikan e-mail ini "
            "jika Anda tidak mendaftar.",
            name=holder.name,
            login=public_url("auth.login"),
            forgot=public_url("auth.forgot_password"),
        )
    _send(holder.email, subject, body)


def _send(to: str, subject: str, body: str) -> None:
    try:
        send_email(to, subject, body)
    except OSError:  # the answer must not differ when the mail server is down
        current_app.logger.exception("Sign-up e-mail to %s could not be sent", to)
