"""HTML pages for a company's offers: subcontracting needs and mentoring programmes.

Both kinds share one set of views, parameterised by an OfferKind, so the rules
for creating, editing and deleting them cannot drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from matchmaker.core.pages.confirmation import confirm_first
from matchmaker.core.validation import Invalid, Refused
from matchmaker.profiles import access, deletion, needs, services
from matchmaker.profiles.forms import DeleteForm, NeedForm, ProgrammeForm
from matchmaker.profiles.models import MentoringProgramme, SubcontractingNeed
from matchmaker.profiles.serialise import need_dict, programme_dict
from matchmaker.profiles.views import bp


@dataclass(frozen=True)
class OfferKind:
    slug: str
    model: type
    form: type
    load: Callable
    save: Callable
    as_dict: Callable
    record_arg: str
    new_title: object
    edit_title: object
    list_name: object


KINDS = {
    "kebutuhan": OfferKind(
        "kebutuhan",
        SubcontractingNeed,
        NeedForm,
        access.get_need,
        services.save_need,
        need_dict,
        "need",
        _l("Kebutuhan subkontrak baru"),
        _l("Ubah kebutuhan subkontrak"),
        _l("kebutuhan subkontrak"),
    ),
    "program": OfferKind(
        "program",
        MentoringProgramme,
        ProgrammeForm,
        access.get_programme,
        services.save_programme,
        programme_dict,
        "programme",
        _l("Program pendampingan baru"),
        _l("Ubah program pendampingan"),
        _l("program pendampingan"),
    ),
}


def _kind(slug: str) -> OfferKind:
    if slug not in KINDS:
        abort(404)
    return KINDS[slug]


def _back(company_id: int):
    return redirect(url_for("profiles.show_company", company_id=company_id))


@bp.route("/perusahaan/<int:company_id>/<kind>/baru", methods=["GET", "POST"])
@login_required
def new_offer(company_id: int, kind: str):
    """Add a subcontracting need or a mentoring programme to a company."""
    offer = _kind(kind)
    company = access.get_company(company_id, edit=True)
    form = offer.form()
    parts: list[str] = []
    if form.validate_on_submit():
        values, answer = form.values(), request.form.get("split", "")
        parts = needs.split(values.get("description") or "") if offer.slug == "kebutuhan" else []
        try:
            if len(parts) > 1 and answer == "yes":
                services.save_needs(company, values, parts)
                flash(_("Disimpan sebagai %(count)d kebutuhan.", count=len(parts)), "success")
                return _back(company.id)
            if len(parts) < 2 or answer == "no":
                offer.save(company, values)
                flash(_("Disimpan."), "success")
                return _back(company.id)
        except Invalid as error:
            error.apply_to(form)
    return _page(form, offer.new_title, company, parts if len(parts) > 1 else [])


@bp.route("/perusahaan/<int:company_id>/<kind>/<int:offer_id>/ubah", methods=["GET", "POST"])
@login_required
def edit_offer(company_id: int, kind: str, offer_id: int):
    """Edit a need or a programme."""
    offer = _kind(kind)
    company = access.get_company(company_id, edit=True)
    record = offer.load(company, offer_id)
    form = offer.form(data=offer.as_dict(record))
    if form.validate_on_submit():
        try:
            offer.save(company, form.values(), **{offer.record_arg: record})
        except Invalid as error:
            error.apply_to(form)
        else:
            flash(_("Disimpan."), "success")
            return _back(company.id)
    return _page(form, offer.edit_title, company)


def _describe_offer(company_id: int, kind: str, offer_id: int) -> tuple[str, str]:
    offer = _kind(kind)
    company = access.get_company(company_id, edit=True)
    record = offer.load(company, offer_id)
    what = _("%(kind)s “%(title)s”", kind=offer.list_name, title=record.title)
    return what, url_for("profiles.show_company", company_id=company.id)


@bp.route("/perusahaan/<int:company_id>/<kind>/<int:offer_id>/hapus", methods=["GET", "POST"])
@login_required
@confirm_first(_describe_offer)
def delete_offer(company_id: int, kind: str, offer_id: int):
    """Delete a need or a programme, once asked (confirm_first); it can be undone for a
    few minutes from the company page."""
    offer = _kind(kind)
    company = access.get_company(company_id, edit=True)
    record = offer.load(company, offer_id)
    if DeleteForm().validate_on_submit():
        deletion.delete_offer(record)
        flash(
            _(
                "“%(title)s” dihapus. Salah hapus? "
                "Pilih “Batalkan hapus” di bawah dalam %(n)d menit.",
                title=record.title,
                n=deletion.UNDO_MINUTES,
            ),
            "info",
        )
    return _back(company.id)


@bp.post("/perusahaan/<int:company_id>/<kind>/<int:offer_id>/pulihkan")
@login_required
def restore_offer(company_id: int, kind: str, offer_id: int):
    """Undo the deletion of a need or a programme, within a few minutes."""
    offer = _kind(kind)
    company = access.get_company(company_id, edit=True)
    record = access.get_deleted(company, offer.model, offer_id)
    if DeleteForm().validate_on_submit():
        try:
            deletion.restore_offer(record)
        except Refused as error:
            flash(error.message, "warning")
        else:
            flash(_("“%(title)s” dikembalikan.", title=record.title), "success")
    return _back(company.id)


def _page(form, title, company, parts=()):
    cancel = url_for("profiles.show_company", company_id=company.id)
    return render_template(
        "profiles/edit.html",
        form=form,
        title=str(title),
        cancel=cancel,
        company=company,
        kbli=[],
        parts=[needs.title(part) for part in parts],
    )
