"""Loading a profile record with its permission check, for HTML and API alike.

One place decides: a record you may not edit is answered as if it did not exist
(404), so probing ids reveals nothing about other users' records.
"""

from flask_login import current_user
from sqlalchemy import select

from matchmaker.core.extensions import db
from matchmaker.core.validation import NotFound
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)


def get_business(business_id: int, *, edit: bool = False, user=None) -> SmallBusiness:
    user = user or current_user
    business = db.session.get(SmallBusiness, business_id)
    if business is None or (edit and not business.can_edit(user)):
        raise NotFound
    return business


def get_company(company_id: int, *, edit: bool = False, user=None) -> Company:
    user = user or current_user
    company = db.session.get(Company, company_id)
    if company is None or (edit and not company.can_edit(user)):
        raise NotFound
    return company


def get_need(company: Company, need_id: int) -> SubcontractingNeed:
    need = db.session.get(SubcontractingNeed, need_id)
    if need is None or need.company_id != company.id:
        raise NotFound
    return need


def get_deleted(company: Company, model, record_id: int):
    """A need or programme of the company that was deleted (and may be restored)."""
    query = select(model).where(model.id == record_id, model.company_id == company.id)
    record = db.session.scalar(query.execution_options(include_deleted=True))
    if record is None or record.deleted_at is None:
        raise NotFound
    return record


def get_programme(company: Company, programme_id: int) -> MentoringProgramme:
    programme = db.session.get(MentoringProgramme, programme_id)
    if programme is None or programme.company_id != company.id:
        raise NotFound
    return programme
