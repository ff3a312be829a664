"""HTML pages for business and company profiles, their needs and programmes."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker import params
from matchmaker.auth.models import Role
from matchmaker.decorators import official_required
from matchmaker.extensions import db
from matchmaker.profiles import access, deletion, services
from matchmaker.profiles.completeness import profile_completeness
from matchmaker.profiles.forms import BusinessForm, CompanyForm, DeleteForm
from matchmaker.profiles.serialise import business_dict, company_dict
from matchmaker.reference.services import estate_choices, kbli_suggestions, kecamatan_choices
from matchmaker.validation import Invalid
from matchmaker.web import back_link

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


# Pages of their own, the sign-up steps (on auth's blueprint) and the account data lent
# to auth.privacy.
from matchmaker.profiles import accounts, offers, signup_views, steps  # noqa: E402,F401
