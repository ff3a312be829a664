"""Profile logic shared by the HTML views, the API and the importers."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, literal, or_, select
from sqlalchemy.exc import IntegrityError

from matchmaker.audit import changes as audit
from matchmaker.audit import labels as audit_words
from matchmaker.auth.models import Role, User
from matchmaker.core.extensions import db
from matchmaker.core.validation import Invalid, Refused
from matchmaker.profiles import fields as f
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from matchmaker.profiles.needs import need_values
from ml.trades import TRADE_CODES, TRADES

YEAR_NOW = date.today().year


class Contradiction(Invalid):
    """Values each valid alone that do not fit together or with the record as stored (a
    KBLI code and an edition it is not in, a programme ending before it starts): pages
    show it under the field named, the API answers 409 naming it and the `others`."""

    def __init__(self, name: str, message: str, others: tuple[str, ...]):
        super().__init__({name: message})
        self.together = {name: message, **dict.fromkeys(others, message)}


def capability_tags(value) -> str:
    """Trade codes, as a list or a comma-separated string; stored comma-joined.

    An empty list means "infer the tags from the profile text again".
    """
    codes = value.split(",") if isinstance(value, str) else value
    if not isinstance(codes, list | tuple) or not all(isinstance(c, str) for c in codes):
        raise ValueError(_("Harus berupa daftar kode bidang."))
    codes = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if unknown := [c for c in codes if c not in TRADE_CODES]:
        raise ValueError(
            _(
                "Kode tidak dikenal: %(bad)s. Pilihan: %(c)s.",
                bad=", ".join(unknown),
                c=", ".join(TRADE_CODES),
            )
        )
    return ",".join(codes)


BUSINESS_FIELDS = (
    f.text_field("name", 120, required=True),
    f.text_field("owner_name", 120),
    f.Field("trade", f.trade, required=True),
    f.Field("sector", f.kbli, required=True, column="kbli_code"),
    f.Field("kbli_edition", f.edition),
    f.Field("kecamatan", f.kecamatan, required=True, column="kecamatan_id"),
    f.text_field("address", 255),
    f.text_field("description", 4000, multiline=True),
    f.text_field("products", 4000, multiline=True),
    f.text_field("capabilities", 4000, multiline=True),
    f.text_field("equipment", 4000, multiline=True),
    f.text_field("certifications", 2000, multiline=True),
    f.Field("capacity_per_month", f.integer(0, 100_000_000)),
    f.text_field("capacity_unit", 40),
    f.Field("employees", f.integer(0, 100_000)),
    f.Field("founded_year", f.integer(1900, YEAR_NOW)),
    f.text_field("mentoring_needs", 4000, multiline=True),
    f.text_field("training_history", 4000, multiline=True),
    f.Field("phone", f.phone, blank=""),
    f.Field("email", f.email, blank=""),
    f.Field("accepting_requests", f.boolean),
    f.Field("tags", capability_tags, blank=""),
)

COMPANY_FIELDS = (
    f.text_field("name", 160, required=True),
    f.Field("estate", f.estate, column="estate_id"),
    f.Field("kecamatan", f.kecamatan, required=True, column="kecamatan_id"),
    f.Field("sector", f.kbli, required=True, column="kbli_code"),
    f.Field("kbli_edition", f.edition),
    f.text_field("description", 4000, multiline=True),
    f.Field("website", f.web_address, blank=""),
    f.Field("contact_email", f.email, blank=""),
    f.Field("contact_phone", f.phone, blank=""),
    f.Field("accepting_requests", f.boolean),
)

NEED_FIELDS = (
    f.text_field("title", 160, required=True),
    f.text_field("description", 4000, multiline=True),
    f.Field("volume", f.integer(1, 100_000_000)),
    f.text_field("volume_unit", 40),
    f.Field("deadline", f.iso_date),
    f.Field("is_open", f.boolean),
)

PROGRAMME_FIELDS = (
    f.text_field("title", 160, required=True),
    f.text_field("focus", 4000, required=True, multiline=True),
    f.text_field("description", 4000, multiline=True),
    f.Field("capacity", f.integer(1, 10_000), required=True),
    f.Field("start_date", f.iso_date),
    f.Field("end_date", f.iso_date),
    f.Field("is_open", f.boolean),
)

# Booleans and the edition have model defaults; None from a blank form means "keep the default".
_DEFAULTED = {"kbli_edition", "accepting_requests", "is_open"}


# What the audit log calls each kind of record, and the columns it keeps before and after.
AUDITED = {
    SmallBusiness: ("business", tuple(field.target for field in BUSINESS_FIELDS)),
    Company: ("company", tuple(field.target for field in COMPANY_FIELDS)),
    SubcontractingNeed: ("need", tuple(field.target for field in NEED_FIELDS)),
    MentoringProgramme: ("programme", tuple(field.target for field in PROGRAMME_FIELDS)),
}
audit_words.label_values("business_id", audit_words.named(SmallBusiness, "name"))


def _before(record) -> dict:
    return audit.before(record, AUDITED[type(record)][1]) if record is not None else {}


def _audit(record, before: dict) -> None:
    audit.saved(record, *AUDITED[type(record)], before)


def _assign(obj, values: dict) -> None:
    for column, value in values.items():
        if value is None and column in _DEFAULTED:
            continue
        setattr(obj, column, value)


def _merged(values: dict, current, column: str):
    return values[column] if values.get(column) is not None else getattr(current, column, None)


def _check_edition(values: dict, current) -> None:
    """The code must exist in the edition chosen; checked before any change. A new code
    with no edition chosen takes the edition it exists in (the record's own first, then
    2020, then 2025), so nobody has to know which edition their NIB was issued under."""
    from matchmaker.reference.services import find_kbli

    code = _merged(values, current, "kbli_code")
    if code and values.get("kbli_code") and values.get("kbli_edition") is None:
        own = getattr(current, "kbli_edition", None) or 2020
        found = find_kbli(code, own) or find_kbli(code)
        if found is not None:
            values["kbli_edition"] = found.edition
    edition = _merged(values, current, "kbli_edition") or 2020
    if code and find_kbli(code, edition) is None:
        message = _("Kode KBLI ini tidak ada di edisi %(e)d.", e=edition)
        raise Contradiction("sector", message, ("kbli_edition",))


def default_kbli(trade: str) -> str | None:
    """The usual KBLI code for a trade (the first that means the trade by itself), for an
    owner who has no NIB yet or does not know their code; None when the trade has none."""
    from matchmaker.reference.services import find_kbli

    found = next((t for t in TRADES if t.code == trade), None)
    codes = found.kbli_prefixes if found is not None else ()
    return next((code for code in codes if find_kbli(code) is not None), None)


class BusinessExists(Refused):
    """The owner already keeps a business profile (409, business_exists)."""

    def __init__(self):
        super().__init__(_("Anda sudah memiliki profil usaha."), code="business_exists")


def check_may_add_business(owner: User | None) -> None:
    """One business profile per owner: BusinessExists when `owner` already has one (an
    official's business, without owner, is never refused)."""
    if owner is not None and owner.business is not None:
        raise BusinessExists


def save_business(
    data: dict,
    *,
    business: SmallBusiness | None = None,
    owner: User | None = None,
    partial: bool = False,
) -> SmallBusiness:
    """Create (with `owner`) or update a business from raw input; commit or change nothing."""
    values = f.clean(BUSINESS_FIELDS, data, partial=partial and business is not None)
    _check_edition(values, business)
    if "tags" in values:  # tags given are the owner's; none given means inferred again
        values["tags_edited"] = bool(values["tags"])
    before, created = _before(business), business is None
    if business is None:
        check_may_add_business(owner)
        business = SmallBusiness(owner_id=owner.id if owner else None, kbli_edition=2020)
        if owner is not None and "owner_name" in values and not values["owner_name"]:
            values["owner_name"] = owner.name
    _assign(business, values)
    try:  # the audit entry flushes the row: a broken unique rule shows there or at commit
        db.session.add(business)
        _audit(business, before)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if created and owner is not None:  # a second request for the same owner won the race
            raise BusinessExists from None
        raise
    return business


def company_errors(data: dict) -> dict[str, str]:
    """What is wrong with a new company's input, by field; nothing is written."""
    try:
        _check_edition(f.clean(COMPANY_FIELDS, data, partial=False), None)
    except Invalid as error:
        return error.fields
    return {}


def save_company(
    data: dict, *, company: Company | None = None, partial: bool = False, commit: bool = True
) -> Company:
    """Create or update a company from raw input; commit or change nothing."""
    values = f.clean(COMPANY_FIELDS, data, partial=partial and company is not None)
    _check_edition(values, company)
    before = _before(company)
    company = company or Company(kbli_edition=2020)
    _assign(company, values)
    db.session.add(company)
    _audit(company, before)
    db.session.commit() if commit else db.session.flush()
    return company


def save_need(
    company: Company, data: dict, *, need: SubcontractingNeed | None = None, partial: bool = False
) -> SubcontractingNeed:
    values = f.clean(NEED_FIELDS, data, partial=partial and need is not None)
    before = _before(need)
    need = need or SubcontractingNeed(company=company)
    _assign(need, values)
    db.session.add(need)
    _audit(need, before)
    db.session.commit()
    return need


def save_needs(company: Company, data: dict, parts: list[str]) -> list[SubcontractingNeed]:
    """One need per part of a text that listed several (profiles.needs.split), each with
    its own title, description and volume and the form's deadline and state; all saved
    or none."""
    saved = []
    try:
        for part in parts:
            values = f.clean(NEED_FIELDS, {**data, **need_values(part)}, partial=False)
            need = SubcontractingNeed(company=company)
            _assign(need, values)
            db.session.add(need)
            _audit(need, {})
            saved.append(need)
        db.session.commit()
    except Invalid:
        db.session.rollback()
        raise
    return saved


def save_programme(
    company: Company,
    data: dict,
    *,
    programme: MentoringProgramme | None = None,
    partial: bool = False,
) -> MentoringProgramme:
    values = f.clean(PROGRAMME_FIELDS, data, partial=partial and programme is not None)
    start, end = _merged(values, programme, "start_date"), _merged(values, programme, "end_date")
    if start and end and end < start:
        message = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        raise Contradiction("end_date", message, ("start_date",))
    before = _before(programme)
    programme = programme or MentoringProgramme(company=company)
    _assign(programme, values)
    db.session.add(programme)
    _audit(programme, before)
    db.session.commit()
    return programme


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def business_query(
    *, q: str = "", trade: str = "", sector: str = "", kecamatan: str = "", tag: str = ""
) -> Select:
    """Businesses matching the filters, by id; blank filters are ignored."""
    query = select(SmallBusiness).order_by(SmallBusiness.id)
    if q.strip():
        pattern = _like(q.strip().lower())
        query = query.where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (
                        SmallBusiness.name,
                        SmallBusiness.products,
                        SmallBusiness.capabilities,
                        SmallBusiness.description,
                    )
                )
            )
        )
    if trade:
        query = query.where(SmallBusiness.trade == trade)
    if tag.strip():  # whole codes only: "metal" must not match "sheet_metal"
        wrapped = literal(",") + SmallBusiness.tags + literal(",")
        query = query.where(wrapped.like(_like("," + tag.strip() + ","), escape="\\"))
    if sector.strip():
        query = query.where(SmallBusiness.kbli_code.startswith(sector.strip()))
    if kecamatan:
        from matchmaker.reference.services import find_kecamatan

        found = find_kecamatan(kecamatan)
        query = query.where(SmallBusiness.kecamatan_id == (found.id if found else -1))
    return query


def company_query(
    *, q: str = "", sector: str = "", kecamatan: str = "", estate: str = ""
) -> Select:
    """Companies matching the filters, by id; blank filters are ignored."""
    from matchmaker.reference.services import find_estate, find_kecamatan

    query = select(Company).order_by(Company.id)
    if q.strip():
        pattern = _like(q.strip().lower())
        query = query.where(
            or_(
                func.lower(Company.name).like(pattern, escape="\\"),
                func.lower(Company.description).like(pattern, escape="\\"),
            )
        )
    if sector.strip():
        query = query.where(Company.kbli_code.startswith(sector.strip()))
    if kecamatan:
        found = find_kecamatan(kecamatan)
        query = query.where(Company.kecamatan_id == (found.id if found else -1))
    if estate:
        found = find_estate(estate)
        query = query.where(Company.estate_id == (found.id if found else -1))
    return query


def staff_company(user: User) -> Company | None:
    """The company a CSR user acts for, once approved."""
    if user.role != Role.CSR or user.approved_company_id is None:
        return None
    return db.session.get(Company, user.approved_company_id)
