"""The business profile as four short steps: who you are → what you make → equipment and
capacity → what help you want.

Each step is a page with its own form that saves on its own (Back and Next save too),
so nothing typed is lost on a phone and no JavaScript is needed; the server checks each
step's fields as it saves them. Step 1 creates the business.
"""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from matchmaker.auth.models import Role
from matchmaker.core.pages.web import back_link
from matchmaker.core.validation import Invalid
from matchmaker.profiles import access, services
from matchmaker.profiles.completeness import profile_completeness
from matchmaker.profiles.forms import (
    BusinessEquipmentForm,
    BusinessHelpForm,
    BusinessWhoForm,
    BusinessWorkForm,
)
from matchmaker.profiles.models import SmallBusiness
from matchmaker.profiles.serialise import business_dict
from matchmaker.profiles.views import bp
from matchmaker.reference.services import kbli_suggestions


@dataclass(frozen=True)
class Step:
    slug: str  # in the URL
    key: str  # as profile_completeness names the step that asks for a part
    title: object
    form: type


STEPS = (
    Step("siapa", "who", _l("Siapa Anda"), BusinessWhoForm),
    Step("produk", "work", _l("Apa yang Anda buat"), BusinessWorkForm),
    Step("peralatan", "equipment", _l("Peralatan & kapasitas"), BusinessEquipmentForm),
    Step("bantuan", "help", _l("Bantuan yang Anda cari"), BusinessHelpForm),
)
STEP_OF = {step.slug: step for step in STEPS}
SLUG_OF_KEY = {step.key: step.slug for step in STEPS}


@bp.route("/usaha/baru", methods=["GET", "POST"])
@login_required
def new_business():
    """Step 1 creates a business: an owner their own (once, with the name and phone they
    signed up with filled in), an official any."""
    if current_user.role == Role.CSR:
        abort(403)
    owner = current_user if current_user.role == Role.OWNER else None
    try:
        services.check_may_add_business(owner)
    except services.BusinessExists as error:
        flash(error.message, "info")
        return redirect(_step_url(current_user.business, STEPS[0]))
    form = BusinessWhoForm(data={"owner_name": owner.name, "phone": owner.phone} if owner else {})
    if form.validate_on_submit():
        try:
            business = services.save_business(_who_values(form), owner=owner)
        except Invalid as error:
            error.apply_to(form)
        except services.BusinessExists as error:  # a second tab or tap won the race
            flash(error.message, "info")
            return redirect(_step_url(current_user.business, STEPS[0]))
        else:
            flash(_("Profil usaha dibuat. Lanjutkan: apa yang Anda buat."), "success")
            return redirect(_step_url(business, STEPS[1]))
    return _page(form, STEPS[0], None)


@bp.route("/usaha/<int:business_id>/ubah/<step>", methods=["GET", "POST"])
@login_required
def edit_business_step(business_id: int, step: str):
    """One step of a business's profile (its owner or an official); it saves on its own."""
    business = access.get_business(business_id, edit=True)
    current = STEP_OF.get(step) or abort(404)
    form = current.form(data={**business_dict(business, current_user), "kbli_edition": None})
    if form.validate_on_submit():
        values = _who_values(form) if current is STEPS[0] else form.values()
        try:
            services.save_business(values, business=business, partial=True)
        except Invalid as error:
            error.apply_to(form)
        else:
            return _after_saving(business, current, request.form.get("go", "next"))
    return _page(form, current, business)


def _who_values(form: BusinessWhoForm) -> dict:
    """Step 1's values; a blank KBLI code becomes the usual one for the trade."""
    values = form.values()
    if not (values.get("sector") or "").strip():
        values["sector"] = services.default_kbli(values.get("trade") or "") or ""
    return values


def _after_saving(business: SmallBusiness, current: Step, go: str):
    """Back and Next both save, then move; after the last step, the profile itself."""
    at = STEPS.index(current)
    if go == "back" and at > 0:
        flash(_("Disimpan."), "success")
        return redirect(_step_url(business, STEPS[at - 1]))
    if go == "next" and at + 1 < len(STEPS):
        flash(_("Disimpan."), "success")
        return redirect(_step_url(business, STEPS[at + 1]))
    flash(_("Profil usaha disimpan."), "success")
    return redirect(url_for("profiles.show_business", business_id=business.id))


def _step_url(business: SmallBusiness, step: Step) -> str:
    return url_for("profiles.edit_business_step", business_id=business.id, step=step.slug)


@bp.app_template_global()
def business_step_url(business: SmallBusiness, key: str) -> str:
    """The page of the step that asks for a part (by profile_completeness's step key)."""
    return _step_url(business, STEP_OF[SLUG_OF_KEY[key]])


def _page(form, current: Step, business: SmallBusiness | None):
    return render_template(
        "profiles/business_step.html",
        form=form,
        steps=STEPS,
        current=current,
        number=STEPS.index(current) + 1,
        business=business,
        completeness=profile_completeness(business) if business is not None else None,
        kbli=kbli_suggestions() if current is STEPS[0] else [],
        cancel=back_link(url_for("main.index")) if business is None else None,
    )
