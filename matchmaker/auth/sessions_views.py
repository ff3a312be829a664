"""The account page's actions on where the user is signed in: revoke one API token or
all of them, and sign out of every device (every session and every token)."""

from flask import abort, flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from matchmaker.auth import forms, services, tokens
from matchmaker.auth.views import bp


def _checked_button() -> None:
    if not forms.ButtonForm().validate_on_submit():
        abort(400)


@bp.post("/akun/token/<int:token_id>/cabut")
@login_required
def revoke_token(token_id: int):
    """Revoke one of the user's API tokens."""
    _checked_button()
    if not tokens.revoke(current_user, token_id):
        abort(404)
    flash(_("Token API dicabut; aplikasi yang memakainya harus masuk lagi."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/akun/token/cabut-semua")
@login_required
def revoke_tokens():
    """Revoke every API token of the user."""
    _checked_button()
    count = tokens.revoke_all(current_user)
    flash(_("%(n)d token API dicabut.", n=count), "success")
    return redirect(url_for("auth.account"))


@bp.post("/akun/keluar-semua")
@login_required
def sign_out_everywhere():
    """End every session of the user (this one too) and revoke every API token."""
    _checked_button()
    services.end_everywhere(current_user._get_current_object())
    session.clear()
    logout_user()  # after clear(): it leaves the mark that deletes the remember-me cookie
    flash(_("Anda telah keluar dari semua perangkat, dan semua token API dicabut."), "info")
    return redirect(url_for("auth.login"))
