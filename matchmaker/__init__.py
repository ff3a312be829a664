"""Mitra Bekasi: the partnership matchmaker for Kabupaten Bekasi."""

import logging
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from matchmaker.core import config, dates
from matchmaker.core.bodies import BoundedRequest
from matchmaker.core.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


class StoredInteger(IntegerConverter):
    """`<int:…>` of at most 18 ASCII digits, below the 64-bit ids the databases store: a
    longer one matches no route (404), where it overflowed into a 500; so does "٣", which
    `\\d` matches and int() reads as 3."""

    regex = r"[0-9]{1,18}"  # in the pattern, not a `max`: a rejected value would answer 405


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: defaults from the environment, then test overrides."""
    instance_path = os.environ.get("INSTANCE_PATH", str(ROOT / "instance"))
    app = Flask(
        __name__,
        instance_path=instance_path,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    app.request_class = BoundedRequest  # a chunked body past MAX_CONTENT_LENGTH is a 413
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    logging.basicConfig(level=logging.INFO)
    _trust_proxy(app)

    _init_extensions(app)
    app.url_map.converters["int"] = StoredInteger  # before any route is added
    _register_blueprints(app)

    from matchmaker import cli
    from matchmaker.core import errors, params
    from matchmaker.core.jobs import queue
    from matchmaker.core.pages import web

    errors.init_app(app)
    queue.init_app(app)
    params.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app


def _trust_proxy(app: Flask) -> None:
    """Behind PROXY_COUNT proxies, take the client address and scheme from their headers.

    Only that many hops are believed, so a client cannot forge its address (rate limits)
    or claim HTTPS; with the TLS proxy's X-Forwarded-Proto the app sends HSTS.
    """
    count = app.config["PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def _init_extensions(app: Flask) -> None:
    # Models must be imported before Alembic or create_all looks at the metadata.
    from matchmaker import models  # noqa: F401
    from matchmaker.core.pages.web import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(ROOT / "matchmaker" / "translations"),
    )
    dates.init_app(app)  # one date and one date-and-time format per language
    bootstrap.init_app(app)
    limiter.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from matchmaker import api
    from matchmaker.audit.views import bp as audit_bp
    from matchmaker.auth.views import bp as auth_bp
    from matchmaker.brokering.desk.views import bp as desk_bp
    from matchmaker.brokering.views import bp as brokering_bp
    from matchmaker.main.views import bp as main_bp
    from matchmaker.matching.views import bp as matching_bp
    from matchmaker.notifications.views import bp as notifications_bp
    from matchmaker.profiles.views import bp as profiles_bp
    from matchmaker.wub.allocation.views import bp as allocation_bp
    from matchmaker.wub.cohorts.views import bp as programme_bp
    from matchmaker.wub.dashboard.views import bp as dashboard_bp
    from matchmaker.wub.monitoring.views import bp as visits_bp
    from matchmaker.wub.spreadsheets.views import bp as programme_import_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(profiles_bp)
    app.register_blueprint(matching_bp)
    app.register_blueprint(brokering_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(allocation_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(programme_import_bp)
    app.register_blueprint(programme_bp)
    app.register_blueprint(visits_bp)
    api.init_app(app)  # /api/v1 and its OpenAPI document
