"""Home page and language switch."""

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user

from matchmaker.auth.services import set_locale
from matchmaker.web import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """Landing page for visitors; each role's starting points once logged in."""
    return render_template("main/index.html")


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
