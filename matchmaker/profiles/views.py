"""HTML pages for business and company profiles, their needs and programmes, and the
sign-up pages through which owners and companies' CSR staff arrive."""

from flask import (
    Blueprint,
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
from flask_login import current_user, login_required
from sqlalchemy import select

from matchmaker.auth import forms as auth_forms
from matchmaker.auth import signup as signup_mail
from matchmaker.auth.models import Role
from matchmaker.auth.services import find_by_email
from matchmaker.auth.views import bp as auth_bp
from matchmaker.auth.views import login_limit, per_address, start_session
from matchmaker.core import params
from matchmaker.core.extensions import db, limiter
from matchmaker.core.pages.formkit import merge_errors, options
from matchmaker.core.pages.web import back_link, official_required
from matchmaker.core.validation import Invalid
from matchmaker.profiles import access, accounts, deletion, services
from matchmaker.profiles.completeness import profile_completeness
from matchmaker.profiles.forms import BusinessForm, CompanyForm, DeleteForm
from matchmaker.profiles.models import Company
from matchmaker.profiles.serialise import business_dict, company_dict
from matchmaker.reference.services import estate_choices, kbli_suggestions, kecamatan_choices

bp = Blueprint("profiles", __name__)


def _filters(*names: str) -> dict:
    return {name: request.args.get(name, "").strip()[:100] for name in names}


def _page(query):
    return db.paginate(
        query, page=params.page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )


@bp.get("/usaha")
@login_required
def list_businesses():
    """Directory of small businesses with search and filters."""
    filters = _filters("q", "trade", "tag", "sector", "kecamatan")
    page = _page(services.business_query(**filters))
    return render_template(
        "profiles/businesses.html", page=page, filters=filters, kecamatan=kecamatan_choices()
    )


@bp.get("/usaha/<int:business_id>")
@login_required
def show_business(business_id: int):
    """One small business's profile; contacts only for its owner and officials."""
    business = access.get_business(business_id)
    editable = business.can_edit(current_user)
    return render_template(
        "profiles/business.html",
        business=business,
        completeness=profile_completeness(business) if editable else None,
    )


@bp.get("/usaha/saya")
@login_required
def my_business():
    """The owner's own business, or the form to create it."""
    if current_user.role != Role.OWNER:
        abort(404)
    if current_user.business is None:
        return redirect(url_for("profiles.new_business"))
    return redirect(url_for("profiles.show_business", business_id=current_user.business.id))


@bp.route("/usaha/<int:business_id>/ubah", methods=["GET", "POST"])
@login_required
def edit_business(business_id: int):
    """Edit a business (its owner or an official): every field on one page, the same
    fields the steps (profiles.steps) ask for one by one."""
    business = access.get_business(business_id, edit=True)
    form = BusinessForm(data={**business_dict(business, current_user), "kbli_edition": None})
    if form.validate_on_submit():
        try:
            services.save_business(form.values(), business=business)
        except Invalid as error:
            error.apply_to(form)
        else:
            flash(_("Profil usaha disimpan."), "success")
            return redirect(url_for("profiles.show_business", business_id=business.id))
    back = url_for("profiles.show_business", business_id=business.id)
    return _edit_page(form, _("Ubah profil usaha"), back)


def _edit_page(form, title: str, cancel: str | None = None):
    """The profile form; Cancel goes back to the page before (on this site) or `cancel`."""
    return render_template(
        "profiles/edit.html",
        form=form,
        title=title,
        cancel=back_link(cancel or url_for("main.index")),
        kbli=kbli_suggestions(),
    )


@bp.get("/perusahaan")
@login_required
def list_companies():
    """Directory of companies with search and filters."""
    filters = _filters("q", "sector", "kecamatan", "estate")
    page = _page(services.company_query(**filters))
    return render_template(
        "profiles/companies.html",
        page=page,
        filters=filters,
        kecamatan=kecamatan_choices(),
        estates=estate_choices(),
    )


@bp.get("/perusahaan/<int:company_id>")
@login_required
def show_company(company_id: int):
    """One company with its subcontracting needs and mentoring programmes."""
    company = access.get_company(company_id)
    editable = company.can_edit(current_user)
    return render_template(
        "profiles/company.html",
        company=company,
        delete_form=DeleteForm(),
        deleted=deletion.recently_deleted(company) if editable else [],
    )


@bp.get("/perusahaan/saya")
@login_required
def my_company():
    """The CSR user's own company."""
    if current_user.role != Role.CSR or current_user.company_id is None:
        abort(404)
    return redirect(url_for("profiles.show_company", company_id=current_user.company_id))


@bp.route("/perusahaan/baru", methods=["GET", "POST"])
@official_required
def new_company():
    """Officials register a company."""
    form = CompanyForm()
    if form.validate_on_submit():
        try:
            company = services.save_company(form.values())
        except Invalid as error:
            error.apply_to(form)
        else:
            flash(_("Profil perusahaan disimpan."), "success")
            return redirect(url_for("profiles.show_company", company_id=company.id))
    return _edit_page(form, _("Perusahaan baru"))


@bp.route("/perusahaan/<int:company_id>/ubah", methods=["GET", "POST"])
@login_required
def edit_company(company_id: int):
    """Edit a company (its approved CSR staff or an official)."""
    company = access.get_company(company_id, edit=True)
    form = CompanyForm(data={**company_dict(company, current_user), "kbli_edition": None})
    if form.validate_on_submit():
        try:
            services.save_company(form.values(), company=company)
        except Invalid as error:
            error.apply_to(form)
        else:
            flash(_("Profil perusahaan disimpan."), "success")
            return redirect(url_for("profiles.show_company", company_id=company.id))
    back = url_for("profiles.show_company", company_id=company.id)
    return _edit_page(form, _("Ubah profil perusahaan"), back)


# --- sign-up, in two steps: the e-mail address, then (from the e-mailed link) the form -------
# On auth's blueprint (the endpoints are auth.signup…), but here with the profiles: the
# form offers the companies a CSR user may join and registers a new one.


def _fill_signup_choices(form: auth_forms.SignupForm) -> None:
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


@auth_bp.route("/daftar", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@per_address
def signup():
    """Sign-up, step one: the e-mail address, which gets a link to the form."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = auth_forms.SignupStartForm()
    if form.validate_on_submit():
        try:
            signup_mail.start(form.email.data)
        except Invalid as error:
            error.apply_to(form)
        else:
            return redirect(url_for("auth.signup_sent"))
    return render_template("auth/signup_start.html", form=form)


@auth_bp.get("/daftar/terkirim")
def signup_sent():
    """The same answer for every address: check your e-mail."""
    hours = current_app.config["SIGNUP_LINK_MAX_AGE"] // 3600
    return render_template("auth/signup_sent.html", hours=hours)


@auth_bp.route("/daftar/<token>", methods=["GET", "POST"])
def signup_complete(token: str):
    """Sign-up, step two (from the e-mailed link): owners and companies' CSR staff."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    email = signup_mail.email_for(token)
    if email is None:
        flash(_("Tautan pendaftaran tidak sah atau sudah kedaluwarsa. Minta tautan baru."), "error")
        return redirect(url_for("auth.signup"))
    if find_by_email(email) is not None:  # only the address's holder gets here
        flash(_("Akun untuk e-mail ini sudah ada. Silakan masuk."), "info")
        return redirect(url_for("auth.login"))
    form = auth_forms.SignupForm()
    _fill_signup_choices(form)
    if form.is_submitted() and (user := _sign_up(form, email)) is not None:
        start_session(user, remember=False)
        flash(_("Akun dibuat. Selamat datang di Mitra Bekasi!"), "success")
        if user.role == Role.OWNER:
            return redirect(url_for("profiles.new_business"))
        return redirect(url_for("main.index"))
    return render_template("auth/signup.html", form=form, email=email)


def _sign_up(form: auth_forms.SignupForm, email: str):
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


# The offers' and profile steps' pages, on `bp` (accounts, imported above, lends auth.privacy
# the profile's part of a user's data).
from matchmaker.profiles import offers, steps  # noqa: E402,F401
