"""HTML pages of suggested partners, and the buttons that record verdicts on them."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from matchmaker.auth.models import Role
from matchmaker.core import params
from matchmaker.core.dates import utcnow
from matchmaker.core.pages.web import official_required, safe_next
from matchmaker.core.validation import Invalid
from matchmaker.matching import feedback, services, tasks
from matchmaker.matching.filters import CompanyFilters, suggest_companies
from matchmaker.matching.models import Kind
from matchmaker.profiles import access
from matchmaker.profiles.models import Company, SmallBusiness
from matchmaker.reference.services import estate_choices

bp = Blueprint("matching", __name__)

TOP = 10  # companies per kind for a business
PER_OFFER = 5  # businesses per need or programme
KINDS = tuple(k.value for k in Kind)  # subcontracting first: the default tab
URL_KINDS = {"kebutuhan": Kind.SUBCONTRACTING, "program": Kind.MENTORING}


@bp.app_template_global()
def url_kind(kind: str) -> str:
    """The URL segment of a kind, as the profile pages spell it."""
    return "program" if kind == Kind.MENTORING else "kebutuhan"


@bp.get("/rekomendasi")
@login_required
def my_suggestions():
    """An owner's suggested partner companies, with reasons and filters."""
    if current_user.role == Role.CSR and current_user.approved_company_id:
        return redirect(
            url_for(".company_suggestions", company_id=current_user.approved_company_id)
        )
    if current_user.role != Role.OWNER:
        abort(404)
    if current_user.business is None:
        return render_template("matching/companies.html", business=None)
    return _companies_page(current_user.business)


@bp.get("/usaha/<int:business_id>/rekomendasi")
@login_required
def business_suggestions(business_id: int):
    """Any business's suggested companies, for officials (owners see theirs at /rekomendasi)."""
    business = access.get_business(business_id, edit=True)
    if not current_user.is_official:
        return redirect(url_for(".my_suggestions", **params.passed_on(request.args)))
    return _companies_page(business)


def _companies_page(business: SmallBusiness):
    kind = request.args.get("kind")
    kind = kind if kind in KINDS else KINDS[0]
    filters, errors = CompanyFilters.parse(request.args)
    rows = suggest_companies(business, kind, TOP, filters)
    here = {**request.view_args}
    return render_template(
        "matching/companies.html",
        business=business,
        kind=kind,
        rows=rows,
        filters=filters,
        errors=errors,
        tabs={k: url_for(request.endpoint, **here, kind=k, **filters.as_args()) for k in KINDS},
        unfiltered=url_for(request.endpoint, **here, kind=kind),
        estates=estate_choices(),
        verdicts=feedback.verdicts_of(current_user, [business.id]),
        thin=any(row.suggestion.fallback == "thin_profile" for row in rows),
    )


@bp.get("/perusahaan/<int:company_id>/rekomendasi")
@login_required
def company_suggestions(company_id: int):
    """Suggested businesses for each open need and programme (its CSR staff, officials)."""
    company = access.get_company(company_id, edit=True)
    sections = {}
    for kind, offers in zip(KINDS, (company.needs, company.programmes), strict=True):
        sections[kind] = [
            (offer, services.suggest_businesses(company, kind, PER_OFFER, offer=offer))
            for offer in offers
            if _still_open(offer)
        ]
    shown = [row.business.id for lists in sections.values() for _o, rows in lists for row in rows]
    return render_template(
        "matching/businesses.html",
        company=company,
        sections=sections,
        closed=len(company.needs) + len(company.programmes) - sum(map(len, sections.values())),
        verdicts=feedback.verdicts_of(current_user, shown),
    )


def _still_open(offer) -> bool:
    end = getattr(offer, "deadline", None) or getattr(offer, "end_date", None)
    return offer.is_open and (end is None or end >= date.today())


@bp.post("/usaha/<int:business_id>/rekomendasi/<kind>/<int:offer_id>")
@login_required
def judge(business_id: int, kind: str, offer_id: int):
    """Record the user's verdict on a suggested pair: interest (1) or not a match (-1)."""
    business = access.get_business(business_id)
    offer = feedback.find_offer(URL_KINDS[kind], offer_id) if kind in URL_KINDS else None
    if offer is None or not feedback.may_judge(current_user, business, offer.company):
        abort(404)
    back = safe_next(request.form.get("next"), _fallback(business, offer.company))
    try:
        verdict = feedback.parse_verdict(request.form.get("verdict", ""))
        reason = feedback.parse_reason(request.form.get("reason", ""))
    except Invalid as error:
        labels = {"verdict": _("Penilaian"), "reason": _("Alasan")}
        flash("; ".join(f"{labels[k]}: {m}" for k, m in error.fields.items()), "error")
        return redirect(back)
    feedback.record(current_user, business, offer, verdict, reason)
    if current_user.is_official:
        flash(_("Penilaian tercatat."), "success")
    elif verdict > 0:
        flash(_("Minat tercatat."), "success")
    else:
        flash(_("Tercatat: tidak cocok."), "info")
    return redirect(back)


def _fallback(business: SmallBusiness, company: Company) -> str:
    if current_user.is_official:
        return url_for(".business_suggestions", business_id=business.id)
    if current_user.role == Role.CSR:
        return url_for(".company_suggestions", company_id=company.id)
    return url_for(".my_suggestions")


@bp.app_template_filter()
def trained_summary(version) -> str:
    """“Model dilatih 3 hari yang lalu dari 412 keputusan”, in the reader's language."""
    ago = format_timedelta(version.trained_at - utcnow(), add_direction=True)
    return ngettext(
        "Model dilatih %(ago)s dari %(num)d keputusan",
        "Model dilatih %(ago)s dari %(num)d keputusan",
        version.decisions,
        ago=ago,
    )


# A training reports its stage in the model's own words (ml/, English); officials read
# them in their language. The first words name the stage; a stage not listed shows as
# "sedang berjalan" alone rather than in English.
TRAINING_STAGES = {
    "normalising": _l("menormalkan teks profil"),
    "fitting": _l("mempelajari kosakata"),
    "building": _l("menyusun data model"),
    "measuring": _l("mengukur profil yang mirip semua"),
    "indexing": _l("membangun indeks pencarian"),
    "refitting": _l("memperbarui model terakhir dengan perubahan profil"),
    "publishing": _l("menerbitkan model untuk semua server"),
}


@bp.app_template_filter()
def training_stage(stage: str) -> str:
    """A training's stage in the reader's language ('' when not known)."""
    words = (stage or "").split()
    return str(TRAINING_STAGES.get(words[0], "")) if words else ""


@bp.post("/petugas/model/latih")
@official_required
def train_model():
    """Queue a new training of the partner model (officials); one already queued or
    running is not queued twice."""
    version, new = tasks.request_training(current_user)
    if version.status == "failed":
        flash(_("Pelatihan model tidak dapat dimulai: %(error)s", error=version.error), "error")
    elif new:
        flash(_("Pelatihan model baru masuk antrean."), "success")
    else:
        flash(_("Pelatihan model sudah berjalan atau dalam antrean."), "info")
    return redirect(url_for("main.index"))
