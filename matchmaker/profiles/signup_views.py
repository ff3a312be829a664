"""Sign-up in two steps: the e-mail address, then (from the e-mailed link) the form.

On auth's blueprint (the endpoints are auth.signup…), but here with the profiles: the form
offers the companies a CSR user may join and registers a new one."""

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from matchmaker.auth import forms, services
from matchmaker.auth import signup as signup_mail
from matchmaker.auth.models import Role
from matchmaker.auth.views import bp, login_limit, per_address, start_session
from matchmaker.extensions import db, limiter
from matchmaker.formkit import merge_errors, options
from matchmaker.profiles import accounts
from matchmaker.profiles.models import Company
from matchmaker.reference.services import estate_choices, kecamatan_choices
from matchmaker.validation import Invalid


def _fill_signup_choices(form: forms.SignupForm) -> None:
    companies = db.session.scalars(select(Company).order_by(Company.name)).all()
    form.company.choices = options(
        {
            "": _("— pilih perusahaan —"),
            **{str(c.id): c.name for c in companies},
            "new": _("Perusahaan saya belum terdaftar"),
        }
    )
    kecamatan = {k.name: k.name for k in kecamatan_choices()}
    form.company_kecamatan.choices = options({"": _("— pilih —"), **kecamatan})
    form.company_estate.choices = options(
        {
            "": _("Di luar kawasan industri"),
            **{e.short_name: e.short_name for e in estate_choices()},
        }
    )


@bp.route("/daftar", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@per_address
def signup():
    """Sign-up, step one: the e-mail address, which gets a link to the form."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = forms.SignupStartForm()
    if form.validate_on_submit():
        try:
            signup_mail.start(form.email.data)
        except Invalid as error:
            error.apply_to(form)
        else:
            return redirect(url_for("auth.signup_sent"))
    return render_template("auth/signup_start.html", form=form)


@bp.get("/daftar/terkirim")
def signup_sent():
    """The same answer for every address: check your e-mail."""
    hours = current_app.config["SIGNUP_LINK_MAX_AGE"] // 3600
    return render_template("auth/signup_sent.html", hours=hours)


@bp.route("/daftar/<token>", methods=["GET", "POST"])
def signup_complete(token: str):
    """Sign-up, step two (from the e-mailed link): owners and companies' CSR staff."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    email = signup_mail.email_for(token)
    if email is None:
        flash(_("Tautan pendaftaran tidak sah atau sudah kedaluwarsa. Minta tautan baru."), "error")
        return redirect(url_for("auth.signup"))
    if services.find_by_email(email) is not None:  # only the address's holder gets here
        flash(_("Akun untuk e-mail ini sudah ada. Silakan masuk."), "info")
        return redirect(url_for("auth.login"))
    form = forms.SignupForm()
    _fill_signup_choices(form)
    if form.is_submitted() and (user := _sign_up(form, email)) is not None:
        start_session(user, remember=False)
        flash(_("Akun dibuat. Selamat datang di Mitra Bekasi!"), "success")
        if user.role == Role.OWNER:
            return redirect(url_for("profiles.new_business"))
        return redirect(url_for("main.index"))
    return render_template("auth/signup.html", form=form, email=email)


def _sign_up(form: forms.SignupForm, email: str):
    """The new account; or None, with every mistake shown on the form at once (the form's
    own checks and the service's side by side)."""
    data = {**form.data, "email": email}
    if not form.validate():
        merge_errors(form, accounts.sign_up_errors(data))
        return None
    try:
        return accounts.sign_up(data, locale=session.get("lang", "id"))
    except Invalid as error:
        merge_errors(form, error.fields)
        return None
