"""The inbox and the e-mail choices."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.core import params
from matchmaker.core.extensions import db
from matchmaker.notifications import services
from matchmaker.notifications.services import TOPIC_LABELS

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def unread_badge() -> dict:
    """The navbar's count of unread notifications, on every page of a logged-in user."""
    if not current_user.is_authenticated:
        return {"unread_count": 0}
    return {"unread_count": services.unread_count(current_user)}


@bp.get("/kotak-masuk")
@login_required
def inbox():
    """The user's notifications, newest first, unread ones marked."""
    page = db.paginate(
        services.inbox(current_user),
        page=params.page_number(),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "notifications/inbox.html",
        page=page,
        items=[(n, services.render(n)) for n in page.items],
    )


@bp.post("/kotak-masuk/baca")
@login_required
def mark_read():
    """Mark all of the user's notifications read, or only the one whose `id` is posted."""
    raw = request.form.get("id", "").strip()
    notification_id = params.id_of(raw)
    if raw and notification_id is None:
        flash(_("Pemberitahuan tidak ditemukan."), "error")
    else:
        services.mark_read(current_user, [notification_id] if raw else None)
        flash(_("Ditandai sudah dibaca."), "success")
    # Back to the page posted from; a page number that is not one falls back to the first.
    page = params.filter_argument(request.form, "page", params.PAGE, {})
    return redirect(url_for(".inbox", page=page))


@bp.route("/akun/email", methods=["GET", "POST"])
@login_required
def email_settings():
    """Choose, per topic, which notifications also come by e-mail."""
    if request.method == "POST":
        services.set_email_choices(current_user, set(request.form.getlist("topics")))
        flash(_("Pilihan e-mail disimpan."), "success")
        return redirect(url_for(".email_settings"))
    return render_template(
        "notifications/email.html",
        choices=services.email_choices(current_user),
        labels=TOPIC_LABELS,
    )
