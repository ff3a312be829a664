"""Home page (a to-do list per role, a landing page for visitors), the phone's "more"
menu, the language switch, and what makes the app installable: the web app manifest,
the service worker and the page it shows offline."""

import hashlib
from datetime import date

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.auth.models import Role
from matchmaker.auth.services import set_locale
from matchmaker.core.pages.web import safe_next
from matchmaker.main import navigation, todo

bp = Blueprint("main", __name__)
bp.add_app_template_global(navigation.navigation, "navigation")

THEME_COLOUR = "#0a5c73"  # --mb-primary in app.css
# The shell the service worker keeps for offline use: the offline page and what it loads.
SHELL = (
    ("bootstrap.static", "css/bootstrap.min.css"),
    ("static", "app.css"),
    ("static", "app.js"),
    ("static", "icons.svg"),
    ("static", "logo.svg"),
)


@bp.get("/")
def index():
    """Landing page for visitors; each role's to-do list once logged in."""
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    today = date.today()
    if current_user.is_official:
        return render_template("main/official.html", **todo.official_home(current_user, today))
    if current_user.role == Role.CSR:
        return render_template("main/csr.html", **todo.csr_home(current_user, today))
    return render_template("main/owner.html", **todo.owner_home(current_user))


@bp.get("/menu")
@login_required
def more():
    """Every link of the user's menu on one page: the phone's "Lainnya" tab, and the
    menu button's target when JavaScript is off."""
    return render_template("main/more.html", menu=navigation.top_menu(current_user))


@bp.post("/bahasa/<lang>")
def switch_language(lang: str):
    """Switch the interface language and remember it for the user."""
    if lang in ("id", "en"):
        session["lang"] = lang
        if current_user.is_authenticated:
            set_locale(current_user, lang)
    return redirect(safe_next(request.form.get("next"), url_for("main.index")))


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says; point them at the SVG icon."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest: name, icons and colours for installing the app (in Bahasa
    Indonesia, the language it declares, so one copy serves everyone)."""
    with force_locale("id"):
        document = _manifest()
    response = current_app.response_class(
        current_app.json.dumps(document), mimetype="application/manifest+json"
    )
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def _manifest() -> dict:
    return {
        "id": "/",
        "name": _("Mitra Bekasi"),
        "short_name": _("Mitra Bekasi"),
        "description": _(
            "Menghubungkan wirausaha baru Kabupaten Bekasi dengan perusahaan di kawasan "
            "industri, untuk subkontrak dan pendampingan CSR."
        ),
        "lang": "id",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": url_for("static", filename="logo.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            },
            *(
                {
                    "src": url_for("static", filename=f"icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for size in (192, 512)
            ),
        ],
    }


@bp.get("/service-worker.js")
def service_worker():
    """The service worker (scope /): keeps the shell and static files, and shows the
    offline page when a page cannot be loaded. Its text names the current files, so a
    new release installs a new worker."""
    kept = [url_for("main.offline"), *(url_for(e, filename=name) for e, name in SHELL)]
    version = hashlib.sha256(" ".join(kept).encode()).hexdigest()[:12]
    body = render_template("main/service-worker.js", kept=kept, version=version)
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
def offline():
    """What the service worker shows when a page cannot be loaded (kept in its cache, so
    it names nobody and has no form)."""
    return render_template("errors/offline.html")
