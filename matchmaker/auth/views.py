"""Login, logout, password reset, account page, and officials' account tasks (sign-up is
in profiles.views, the account page's token and sign-out actions in sessions_views)."""

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from matchmaker.auth import forms, privacy, services, tokens
from matchmaker.auth.backoff import AccountLocked
from matchmaker.auth.models import Membership, Role, User
from matchmaker.core.extensions import db, limiter
from matchmaker.core.pages.formkit import merge_errors
from matchmaker.core.pages.web import official_required, safe_next
from matchmaker.core.validation import Invalid

bp = Blueprint("auth", __name__)


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def email_limit() -> str:
    return current_app.config["EMAIL_RATE_LIMIT"]


def _posted_email() -> str:
    return (request.form.get("email") or "").strip().lower()


# Sign-up and reset requests mail whatever address is typed: at most EMAIL_RATE_LIMIT
# to one address (both forms together), whoever asks, besides the per-client limit.
per_address = limiter.shared_limit(
    email_limit,
    scope="mail-to-address",
    key_func=lambda: "mail-to:" + _posted_email(),
    methods=["POST"],
    exempt_when=lambda: not _posted_email(),
)


def start_session(user: User, remember: bool) -> None:
    """Log the user in on a fresh session: nothing from before login carries over (no
    session fixation) but the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user, remember=remember)


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = forms.LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except AccountLocked as locked:
            form.form_errors.append(locked.message)
            return render_template("auth/login.html", form=form), 429
        if user is None:
            form.form_errors.append(_("E-mail atau kata sandi salah."))
        else:
            start_session(user, remember=form.remember.data)
            if user.role == Role.OFFICIAL:
                current_app.logger.info("Official login: %s", user.email)
            return redirect(safe_next(request.args.get("next"), url_for("main.index")))
    return render_template("auth/login.html", form=form)


@bp.post("/keluar")
def logout():
    """Log out: end the user's sessions server-side and forget this one."""
    if current_user.is_authenticated:
        services.end_sessions(current_user._get_current_object())
    session.clear()
    logout_user()  # after clear(): it leaves the mark that deletes the remember-me cookie
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("main.index"))


@bp.route("/lupa-sandi", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@per_address
def forgot_password():
    """Ask for a password-reset link by e-mail."""
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        flash(
            _("Jika e-mail terdaftar, tautan untuk mengatur ulang kata sandi sudah dikirim."),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/atur-sandi/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password from an e-mailed link."""
    user = services.user_for_reset_token(token)
    if user is None:
        flash(_("Tautan tidak sah atau sudah kedaluwarsa. Minta tautan baru."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = forms.ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.set_password(user, form.password.data)
        except Invalid as error:
            error.apply_to(form)
        else:
            flash(_("Kata sandi baru disimpan. Silakan masuk."), "success")
            return redirect(url_for("auth.login"))
    elif form.is_submitted():  # the password's own rules beside the form's checks
        merge_errors(form, services.password_errors(form.password.data))
    return render_template("auth/reset.html", form=form)


@bp.get("/akun")
@login_required
def account():
    """The user's account page: details, language, password, API tokens, data rights."""
    return render_template("auth/account.html", tokens=tokens.active(current_user))


@bp.route("/akun/sandi", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the password, knowing the current one."""
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except Invalid as error:
            merge_errors(form, error.fields)
        else:
            login_user(current_user._get_current_object())  # the new nonce keeps this session
            flash(_("Kata sandi diganti."), "success")
            return redirect(url_for("auth.account"))
    elif form.is_submitted():
        merge_errors(form, services.password_errors(form.new_password.data, "new_password"))
    return render_template("auth/change_password.html", form=form)


@bp.get("/akun/data.json")
@login_required
def download_data():
    """Download everything we hold about the user as JSON."""
    body = json.dumps(privacy.export_user_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=data-saya-mitra-bekasi.json"},
    )


@bp.route("/akun/hapus", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete the account after confirming the password."""
    form = forms.DeleteAccountForm()
    if form.validate_on_submit():
        try:
            privacy.delete_account(current_user._get_current_object(), form.password.data)
        except Invalid as error:
            error.apply_to(form)
        else:
            session.clear()
            logout_user()
            flash(_("Akun dan data pribadi Anda telah dihapus."), "info")
            return redirect(url_for("main.index"))
    return render_template("auth/delete.html", form=form)


@bp.get("/petugas/csr")
@official_required
def members():
    """Officials' queue of CSR staff waiting to act for their company."""
    return render_template(
        "auth/members.html", pending=services.pending_members(), form=forms.DecisionForm()
    )


@bp.post("/petugas/csr/<int:user_id>/<decision>")
@official_required
def decide_member(user_id: int, decision: str):
    """Approve or reject a CSR user's request to act for a company."""
    user = db.session.get(User, user_id)
    if user is None or decision not in ("approve", "reject"):
        abort(404)
    if not forms.DecisionForm().validate_on_submit():
        abort(400)
    choice = Membership.APPROVED if decision == "approve" else Membership.REJECTED
    try:
        services.set_membership(user, choice)
    except Invalid:
        abort(404)
    flash(_("Keputusan untuk %(name)s disimpan.", name=user.name), "success")
    return redirect(url_for("auth.members"))


@bp.route("/petugas/baru", methods=["GET", "POST"])
@official_required
def new_official():
    """An official creates another official's account."""
    form = forms.OfficialForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                role=Role.OFFICIAL,
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                consent=True,
            )
        except Invalid as error:
            error.apply_to(form)
        else:
            flash(_("Akun petugas %(email)s dibuat.", email=user.email), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/new_official.html", form=form)


# Register the account page's token and sign-out-everywhere actions on `bp` (profiles
# adds the sign-up steps: profiles.views).
from matchmaker.auth import sessions_views as _sessions_views  # noqa: E402,F401
