"""Settings read from the environment, with safe development defaults."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit


def database_url(raw: str | None, instance_path: str) -> str:
    """Return a SQLAlchemy URL, defaulting to SQLite in the instance folder.

    PostgreSQL URLs are pointed at psycopg 3, the driver we ship.
    """
    if not raw:
        return "sqlite:///" + str(Path(instance_path) / "mitra.sqlite3")
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def engine_options(url: str) -> dict:
    """Pool settings: test each connection before use (a restarted server is noticed and
    reconnected); on PostgreSQL give up connecting after a few seconds, so requests fail
    fast with a 503 while the server is away instead of waiting on it."""
    options = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        timeout = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", 3))
        options["connect_args"] = {"connect_timeout": timeout}
    return options


def secret_key(instance_path: str, production: bool) -> str:
    """Return SECRET_KEY from the environment, or a development key kept in instance/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise RuntimeError("SECRET_KEY must be set when APP_ENV=production")
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def public_url(production: bool) -> str:
    """PUBLIC_URL, where users reach the site: the start of every link in e-mails (never the
    request's Host header, which a client chooses). Production must name it."""
    url = os.environ.get("PUBLIC_URL")
    if url:
        return url
    if production:
        raise RuntimeError("PUBLIC_URL must be set when APP_ENV=production")
    return "http://localhost:5000"


def trusted_hosts(url: str, production: bool) -> list[str] | None:
    """Host names the app answers (others get 400): TRUSTED_HOSTS (comma-separated), else in
    production the host of PUBLIC_URL; None (any) in development."""
    raw = os.environ.get("TRUSTED_HOSTS")
    if raw:
        return [host.strip() for host in raw.split(",") if host.strip()]
    return [urlsplit(url).hostname] if production else None


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(instance_path: str) -> dict:
    """Build the configuration mapping for create_app()."""
    production = os.environ.get("APP_ENV", "development") == "production"
    redis_url = os.environ.get("REDIS_URL")
    url = database_url(os.environ.get("DATABASE_URL"), instance_path)
    site = public_url(production)
    return {
        "APP_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "300 per minute"),
        # Per e-mail address, on sign-up and password-reset requests (mails sent to one inbox).
        "EMAIL_RATE_LIMIT": os.environ.get("EMAIL_RATE_LIMIT", "3 per hour;10 per day"),
        # Per account, from any address: this many failed logins within the window lock the
        # account's logins for LOGIN_LOCKOUT_MINUTES, doubling at each lock (24 h at most).
        "LOGIN_LOCKOUT_FAILURES": int(os.environ.get("LOGIN_LOCKOUT_FAILURES", 10)),
        "LOGIN_LOCKOUT_MINUTES": int(os.environ.get("LOGIN_LOCKOUT_MINUTES", 15)),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", 1 if production else 0)),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 5 * 1024 * 1024)),
        "MAX_JSON_BYTES": int(os.environ.get("MAX_JSON_BYTES", 64 * 1024)),
        # Arrays and objects nested deeper than this are refused (400) before parsing.
        "MAX_JSON_DEPTH": int(os.environ.get("MAX_JSON_DEPTH", 32)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "API_TOKEN_LIFETIME": timedelta(days=int(os.environ.get("API_TOKEN_DAYS", 30))),
        "PASSWORD_RESET_MAX_AGE": int(os.environ.get("PASSWORD_RESET_MAX_AGE", 3600)),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 25)),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL"),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "Mitra Bekasi <noreply@mitra-bekasi.local>"),
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "LANGUAGES": ("id", "en"),
        "BOOTSTRAP_SERVE_LOCAL": True,
        "PAGE_SIZE": int(os.environ.get("PAGE_SIZE", 25)),
        # The background job queue (matchmaker.core.jobs.queue): Redis when there is one,
        # else a SQLite file beside the database; JOBS_IMMEDIATE runs jobs in the caller.
        "JOBS_URL": os.environ.get("JOBS_URL")
        or redis_url
        or "sqlite:///" + str(Path(instance_path) / "jobs.sqlite3"),
        "JOBS_IMMEDIATE": _flag("JOBS_IMMEDIATE"),
        "MODEL_PATH": os.environ.get("MODEL_PATH", str(Path(instance_path) / "partner-model.pkl")),
        # The published model (matching.published): how often a process looks for a newer
        # version, how long a training may run before it counts as dead, versions kept.
        "MODEL_CHECK_SECONDS": float(os.environ.get("MODEL_CHECK_SECONDS", 5)),
        "MODEL_TRAINING_TIMEOUT": int(os.environ.get("MODEL_TRAINING_TIMEOUT", 3600)),
        "MODEL_KEEP_VERSIONS": int(os.environ.get("MODEL_KEEP_VERSIONS", 3)),
        # A training refits the newest version (its vocabulary, projections and centroids
        # kept) when at most this share of the businesses changed since it was trained and
        # fewer than MODEL_REFITS_BEFORE_FULL refits lie since the last full fit.
        "MODEL_REFIT_MAX_SHARE": float(os.environ.get("MODEL_REFIT_MAX_SHARE", 0.05)),
        "MODEL_REFITS_BEFORE_FULL": int(os.environ.get("MODEL_REFITS_BEFORE_FULL", 6)),
        # Every link in e-mails starts with this (reminders go out from the CLI).
        "PUBLIC_URL": site,
        "TRUSTED_HOSTS": trusted_hosts(site, production),
        "SIGNUP_LINK_MAX_AGE": int(os.environ.get("SIGNUP_LINK_MAX_AGE", 24 * 3600)),
        # Brokering: an unanswered request expires, with a reminder some days before.
        "INTRODUCTION_EXPIRY_DAYS": int(os.environ.get("INTRODUCTION_EXPIRY_DAYS", 14)),
        "INTRODUCTION_REMINDER_DAYS": int(os.environ.get("INTRODUCTION_REMINDER_DAYS", 3)),
        "INTRODUCTION_DAILY_LIMIT": int(os.environ.get("INTRODUCTION_DAILY_LIMIT", 10)),
        "STUCK_AFTER_DAYS": int(os.environ.get("STUCK_AFTER_DAYS", 14)),
        # Programme targets: the first year of the five-year plan period (RPJMD).
        "TARGET_PERIOD_START": int(os.environ.get("TARGET_PERIOD_START", 2025)),
        # Programme: a started WUB business is visited at least this often.
        "VISIT_INTERVAL_DAYS": int(os.environ.get("VISIT_INTERVAL_DAYS", 90)),
        "VISIT_PHOTO_MAX_BYTES": int(os.environ.get("VISIT_PHOTO_MAX_BYTES", 3 * 1024 * 1024)),
        "VISIT_PHOTOS_MAX": int(os.environ.get("VISIT_PHOTOS_MAX", 4)),
        # Cohort allocation: a participant is placed only this close to a programme.
        "ALLOCATION_MAX_KM": float(os.environ.get("ALLOCATION_MAX_KM", 30)),
    }
