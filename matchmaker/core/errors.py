"""Error pages for browsers and JSON errors for the API, chosen by path."""

from contextlib import suppress

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, PendingRollbackError
from werkzeug.exceptions import HTTPException

from matchmaker.core.extensions import db, login_manager
from matchmaker.core.validation import DomainError, Invalid

# What a page calls the request values an error may name, so it never shows a code.
FIELD_LABELS = {
    "q": _l("Pencarian"),
    "page": _l("Halaman"),
    "year": _l("Tahun"),
    "year_from": _l("Dari tahun"),
    "limit": _l("Jumlah"),
    "top": _l("Jumlah"),
    "count": _l("Jumlah"),
    "km": _l("Jarak (km)"),
    "actor": _l("Pelaku"),
    "interval": _l("Jarak kunjungan"),
    "cohort": _l("Angkatan"),
    "company": _l("Perusahaan"),
    "business": _l("Usaha"),
    "offer": _l("Kebutuhan atau program"),
    "need_id": _l("Kebutuhan"),
    "programme_id": _l("Program"),
    "name": _l("Nama"),
    "reason": _l("Alasan"),
    "reason_text": _l("Alasan"),
    "status": _l("Status"),
    "photo": _l("Foto"),
    "pair": _l("Pasangan"),
    "end_date": _l("Tanggal selesai"),
    "kind": _l("Jenis"),
    "sector": _l("Sektor"),
    "owner": _l("Pemilik"),
    "verdict": _l("Keputusan"),
    "outcome": _l("Hasil"),
    "email": _l("E-mail"),
    "password": _l("Kata sandi"),
}


def field_label(name: str) -> str:
    """The words a page uses for a request value's name (its own name, made readable,
    when no label is known)."""
    return str(FIELD_LABELS.get(name, name.replace("_", " ").capitalize()))


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_message(status: int) -> str:
    """A short message for an HTTP status, in the current language."""
    messages = {
        400: _("Permintaan tidak valid."),
        401: _("Silakan masuk terlebih dahulu."),
        403: _("Anda tidak berhak melakukan ini."),
        404: _("Halaman atau data tidak ditemukan."),
        405: _("Metode tidak diizinkan."),
        409: _("Konflik dengan keadaan data saat ini."),
        413: _("Data yang dikirim terlalu besar."),
        415: _("Jenis konten tidak didukung."),
        422: _("Data tidak valid."),
        429: _("Terlalu banyak percobaan. Coba lagi nanti."),
        500: _("Terjadi kesalahan di server. Coba lagi nanti."),
        503: _("Layanan sedang tidak tersedia. Coba lagi sebentar lagi."),
    }
    return messages.get(status, _("Terjadi kesalahan."))


def json_error(status: int, message: str | None = None, fields: dict | None = None, code=None):
    """The API's one error shape: {"error": {"code", "message", "fields"}}."""
    body = {
        "error": {
            "code": code or _code_name(status),
            "message": message or error_message(status),
            "fields": fields or {},
        }
    }
    return jsonify(body), status


def _code_name(status: int) -> str:
    names = {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "payload_too_large",
        415: "unsupported_media_type",
        422: "validation_error",
        429: "rate_limited",
        500: "server_error",
        503: "unavailable",
    }
    return names.get(status, "error")


# SQLite result codes and PostgreSQL SQLSTATEs meaning "the storage refuses writes".
SQLITE_READONLY, SQLITE_FULL = 8, 13
STORAGE_SQLSTATES = {"25006", "53100"}  # read-only transaction, disk full
RETRY_AFTER = "15"  # seconds: a restart or a failover usually takes about this long


def storage_unwritable(error: DBAPIError) -> bool:
    """True when the database answered that it cannot be written (read-only, full)."""
    orig = getattr(error, "orig", None)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_READONLY, SQLITE_FULL)
    return getattr(orig, "sqlstate", None) in STORAGE_SQLSTATES


def database_unavailable(error: DBAPIError):
    """503 with Retry-After when the database is unreachable or cannot be written."""
    with suppress(Exception):  # the connection may be gone; the pool replaces it later
        db.session.rollback()
    # The page must not touch the database again: no user, no unread count.
    g._login_user = login_manager.anonymous_user()
    g.api_user = None
    if storage_unwritable(error):
        code = "storage_unwritable"
        message = _(
            "Penyimpanan data sedang tidak dapat ditulis, jadi perubahan Anda belum "
            "tersimpan. Coba lagi nanti."
        )
    else:
        code = "database_unavailable"
        message = _("Basis data sedang tidak dapat dihubungi. Coba lagi sebentar lagi.")
    if wants_json():
        response, status = json_error(503, message, code=code)
    else:
        response, status = render_template("errors/error.html", status=503, message=message), 503
    return response, status, {"Retry-After": RETRY_AFTER}


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.teardown_appcontext
    def drop_session(_error=None) -> None:
        # Runs before Flask-SQLAlchemy's own teardown (registered earlier). Closing the
        # session rolls back on its connection; when the database went away after the
        # answer was ready (a restart), that rollback raises and, out of the teardown,
        # would turn an answered request into a 500. The connection is dead either way:
        # forget the session (the pool drops the connection) and let the answer go.
        try:
            db.session.remove()
        except DBAPIError as error:
            app.logger.warning("Dropped a session whose connection failed: %s", error)
            db.session.registry.clear()

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if wants_json():
            return json_error(400, _("Token CSRF tidak ada atau kedaluwarsa."), code="csrf")
        message = _("Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.")
        return render_template("errors/error.html", status=400, message=message), 400

    @app.errorhandler(DomainError)
    def refused(error: DomainError):
        db.session.rollback()
        if wants_json():
            response, _status = json_error(error.status, error.message, error.fields, error.code)
        else:
            message = error.message or error_message(error.status)
            response = render_template("errors/error.html", status=error.status, message=message)
        return response, error.status, error.headers

    @app.errorhandler(Invalid)
    def invalid(error: Invalid):
        # A bad query-string or form value that no view turned into a form message
        # (params.argument): the API answers 422 with the fields, a page names them.
        db.session.rollback()
        if wants_json():
            return json_error(422, _("Data tidak valid."), error.fields)
        message = " ".join(f"{field_label(name)}: {text}" for name, text in error.fields.items())
        return render_template("errors/error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if wants_json():
            response, status = json_error(status)
        else:
            response = render_template(
                "errors/error.html", status=status, message=error_message(status)
            )
        if status == 405:  # RFC 9110: a 405 lists the allowed methods, for the API too
            return response, status, {"Allow": ", ".join(error.valid_methods or [])}
        return response, status

    @app.errorhandler(OperationalError)
    def operational_error(error: OperationalError):
        app.logger.warning("Database unavailable on %s %s: %s", request.method, request.path, error)
        return database_unavailable(error)

    @app.errorhandler(DBAPIError)
    def dbapi_error(error: DBAPIError):
        # InterfaceError: the driver's connection itself is unusable (closed under it).
        lost = error.connection_invalidated or isinstance(error, InterfaceError)
        if lost or storage_unwritable(error):
            return operational_error(error)
        return server_error(error)

    @app.errorhandler(PendingRollbackError)
    def pending_rollback(error: PendingRollbackError):
        # A connection lost mid-transaction, met again before the rollback: unavailable.
        app.logger.warning(
            "Database connection lost on %s %s: %s", request.method, request.path, error
        )
        return database_unavailable(error)

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return json_error(500)
        return render_template("errors/error.html", status=500, message=error_message(500)), 500
