"""Request-wide wiring: locale, time zone, the logged-in user (and the officials-only
decorator every feature's pages use), security and cache headers, trusted hosts, and where
links back to the previous page may go."""

from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_compress import Compress
from flask_login import current_user, login_required
from werkzeug.exceptions import SecurityError
from werkzeug.wsgi import get_host
from wtforms.csrf.core import CSRFTokenField
from wtforms.widgets import HiddenInput

from matchmaker.core.extensions import login_manager
from matchmaker.core.pages import assets
from ml.trades import TRADES

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Answers that are the same for everyone and set their own Cache-Control (static files,
# the web app manifest, the service worker); every other answer may carry personal data.
SHARED_ENDPOINTS = {*assets.ENDPOINTS, "main.manifest", "main.service_worker"}
# Brotli for browsers that take it (all current ones), else gzip; static files too.
COMPRESSION = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "gzip"],
    "COMPRESS_MIMETYPES": [
        "text/html", "text/css", "text/javascript", "application/javascript",
        "application/json", "application/manifest+json", "image/svg+xml", "text/csv",
    ],
}  # fmt: skip


def select_locale() -> str:
    """The user's chosen language, else the session's, else Bahasa Indonesia."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    api_user = g.get("api_user")
    if api_user is not None and api_user.locale in languages:
        return api_user.locale
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("lang") in languages:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return "Asia/Jakarta"


def official_required(view):
    """Log in first; then only officials pass (others get 403)."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_official:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def safe_next(target: str | None, fallback: str) -> str:
    """Follow a `next` URL only when it stays on this site (no scheme, no host)."""
    if not target:
        return fallback
    # A newline would make the Location header raise (a 500); a backslash reads as "/"
    # in browsers, so "/\\evil.example" would leave the site.
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def back_link(fallback: str) -> str:
    """Where a Back or Cancel link may lead: the page the user came from (its Referer),
    only when it is on this site, as a path; else `fallback`. The Referer is whatever the
    client sent, so https://evil.example/x must not become a link on our page."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.scheme or parts.netloc:
        ours = {(request.scheme, request.host.lower()), _origin(current_app.config["PUBLIC_URL"])}
        if (parts.scheme.lower(), parts.netloc.lower()) not in ours:
            return fallback
        referrer = parts.path + (f"?{parts.query}" if parts.query else "")
    return safe_next(referrer, fallback)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class TrustedHosts:
    """WSGI middleware: a Host header outside TRUSTED_HOSTS gets a plain 400 before the
    app sees the request (no page of ours is built for a host we do not serve)."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        trusted = self.app.config.get("TRUSTED_HOSTS")
        if trusted:
            try:
                get_host(environ, trusted)
            except SecurityError:
                refused = Response(
                    "Unknown host.\n",
                    status=400,
                    mimetype="text/plain",
                    headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
                )
                return refused(environ, start_response)
        return self.wsgi_app(environ, start_response)


class TokenInput(HiddenInput):
    """The hidden CSRF token without an id: a page with several forms rendered
    `id="csrf_token"` once per form (a duplicate id), and nothing refers to it by id."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", False)
        return super().__call__(field, **kwargs)


def trade_label(code: str) -> str:
    """The label of a trade code in the current language."""
    locale = str(get_locale())
    return next((t.label(locale) for t in TRADES if t.code == code), code)


def init_app(app: Flask) -> None:
    """Attach the per-request hooks and template helpers."""
    app.wsgi_app = TrustedHosts(app, app.wsgi_app)
    CSRFTokenField.widget = TokenInput()  # every form's token, whatever form renders it
    for key, value in COMPRESSION.items():
        app.config.setdefault(key, value)
    Compress(app)
    assets.init_app(app)

    # The session's user is loaded by auth.models (login_manager.user_loader).
    login_manager.login_view = "auth.login"
    login_manager.login_message = None

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if request.endpoint not in SHARED_ENDPOINTS:  # no copy in any cache, shared or not
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response

    @app.context_processor
    def template_helpers():
        return {
            "trades": TRADES,
            "trade_label": trade_label,
            "current_locale": str(get_locale()),
            "page_title": g.get("page_title"),
        }
