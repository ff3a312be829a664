"""Profile endpoints of the JSON API: businesses, companies, their needs and programmes.

Access, the same for every endpoint here: any logged-in user reads any profile
(contact fields are null unless the record's `can_see_contact` allows them);
writes need the record's `can_edit`; a record the user may not change answers
404 for writes, like one that does not exist (profiles/access.py decides, for
HTML and API alike). Creating what one's role may never create is 403.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import abort, g, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from matchmaker.auth.models import Role
from matchmaker.core import pagination
from matchmaker.core.api import Blueprint, officials_only, token_required
from matchmaker.core.schemas import page_of
from matchmaker.core.validation import DomainError
from matchmaker.profiles import access, deletion, services
from matchmaker.profiles.api import schemas as s
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from matchmaker.profiles.serialise import (
    business_dict,
    company_dict,
    need_dict,
    programme_dict,
)

blp = Blueprint("profiles", __name__, description="Businesses, companies and their offers.")
LOCATION = {"Location": {"schema": {"type": "string"}, "description": "URL of the new record."}}

# --- helpers: loading with the access checks, saving ----------------------------------------


def _load(model, record_id: int, *, edit: bool = False):
    """The business or company, through the shared access checks."""
    loader = access.get_business if model is SmallBusiness else access.get_company
    return loader(record_id, edit=edit, user=g.api_user)


def _load_child(model, company_id: int, child_id: int, *, edit: bool = False):
    """A need or programme of the company; 404 when it belongs to another company."""
    company = access.get_company(company_id, edit=edit, user=g.api_user)
    loader = access.get_need if model is SubcontractingNeed else access.get_programme
    return company, loader(company, child_id)


@contextmanager
def _saving() -> Iterator[None]:
    """Values that do not fit together (or with the stored record) are 409 naming them."""
    try:
        yield
    except services.Contradiction as error:
        raise DomainError(next(iter(error.fields.values())), fields=error.together) from None


def _viewed(serialise):
    """`serialise` for the token user: contact fields only where they may see them."""
    return lambda record: serialise(record, g.api_user)


# --- small businesses ---------------------------------------------------------------------


@blp.get("/businesses")
@token_required
@blp.arguments(s.BusinessArgs, location="query")
@blp.response(200, page_of(s.BusinessSchema))
@blp.errors(401)
def list_businesses(args: dict):
    """Small businesses matching the filters, by id, one page at a time."""
    page = s.page_args(args)
    query = services.business_query(**args).options(joinedload(SmallBusiness.kecamatan))
    return pagination.page(query, SmallBusiness.id, _viewed(business_dict), page)


@blp.post("/businesses")
@token_required
@blp.arguments(s.BusinessInput)
@blp.response(201, s.BusinessSchema, headers=LOCATION)
@blp.errors(401, 403, 404, 409)
def create_business(data: dict):
    """An owner creates their business (one each); an official creates one without owner.

    CSR staff may not (403); an owner who has one already gets 409 `business_exists`.
    """
    user = g.api_user
    if user.role == Role.CSR:
        abort(403)
    owner = None if user.is_official else user
    services.check_may_add_business(owner)
    with _saving():
        business = services.save_business(data, owner=owner)
    location = url_for("api.profiles.get_business", business_id=business.id)
    return business_dict(business, user), {"Location": location}


@blp.get("/businesses/<int:business_id>")
@token_required
@blp.response(200, s.BusinessSchema)
@blp.errors(401, 404)
def get_business(business_id: int):
    """One small business."""
    return business_dict(_load(SmallBusiness, business_id), g.api_user)


@blp.patch("/businesses/<int:business_id>")
@token_required
@blp.arguments(s.BusinessPatch, required=False)
@blp.response(200, s.BusinessSchema)
@blp.errors(401, 404, 409)
def update_business(data: dict, business_id: int):
    """Change the fields sent (owner or official); the others stay as they are."""
    business = _load(SmallBusiness, business_id, edit=True)
    with _saving():
        services.save_business(data, business=business, partial=True)
    return business_dict(business, g.api_user)


# --- companies ----------------------------------------------------------------------------


@blp.get("/companies")
@token_required
@blp.arguments(s.CompanyArgs, location="query")
@blp.response(200, page_of(s.CompanySchema))
@blp.errors(401)
def list_companies(args: dict):
    """Companies matching the filters, by id, one page at a time."""
    page = s.page_args(args)
    query = services.company_query(**args).options(
        joinedload(Company.kecamatan),
        joinedload(Company.estate),
        selectinload(Company.needs),
        selectinload(Company.programmes),
    )
    return pagination.page(query, Company.id, _viewed(company_dict), page)


@blp.post("/companies")
@officials_only
@blp.arguments(s.CompanyInput)
@blp.response(201, s.CompanySchema, headers=LOCATION)
@blp.errors(401, 403, 404, 409)
def create_company(data: dict):
    """Register a company (officials only)."""
    with _saving():
        company = services.save_company(data)
    location = url_for("api.profiles.get_company", company_id=company.id)
    return company_dict(company, g.api_user), {"Location": location}


@blp.get("/companies/<int:company_id>")
@token_required
@blp.response(200, s.CompanySchema)
@blp.errors(401, 404)
def get_company(company_id: int):
    """One company with its needs and programmes."""
    return company_dict(_load(Company, company_id), g.api_user)


@blp.patch("/companies/<int:company_id>")
@token_required
@blp.arguments(s.CompanyPatch, required=False)
@blp.response(200, s.CompanySchema)
@blp.errors(401, 404, 409)
def update_company(data: dict, company_id: int):
    """Change the fields sent (its CSR staff or officials); the others stay as they are."""
    company = _load(Company, company_id, edit=True)
    with _saving():
        services.save_company(data, company=company, partial=True)
    return company_dict(company, g.api_user)


# --- a company's offers: subcontracting needs and mentoring programmes --------------------
# Both kinds get the same five endpoints from one definition, so their rules cannot drift.


@dataclass(frozen=True)
class Offer:
    plural: str  # URL segment and endpoint suffix: needs, programmes
    singular: str  # need, programme
    model: type
    save: Callable
    as_dict: Callable
    label: str
    schema: type
    new: type
    change: type


def _register(offer: Offer) -> None:
    """The five endpoints of one kind of offer, on `blp`."""
    id_arg = f"{offer.singular}_id"
    many = f"/companies/<int:company_id>/{offer.plural}"
    one = f"{many}/<int:{id_arg}>"

    def route(rule: str, method: str, name: str, summary: str):
        def register(view):
            view.__doc__ = summary
            blp.route(rule, endpoint=name, methods=[method])(token_required(view))
            return view

        return register

    @route(many, "GET", f"list_{offer.plural}", f"The company's {offer.label}s, by id.")
    @blp.arguments(s.PageArgs, location="query")
    @blp.response(200, page_of(offer.schema))
    @blp.errors(401, 404)
    def list_items(args: dict, company_id: int):
        company = _load(Company, company_id)
        query = select(offer.model).where(offer.model.company_id == company.id)
        return pagination.page(query, offer.model.id, offer.as_dict, s.page_args(args))

    @route(many, "POST", f"create_{offer.singular}", f"Add a {offer.label} to the company.")
    @blp.arguments(offer.new)
    @blp.response(201, offer.schema, headers=LOCATION)
    @blp.errors(401, 404, 409)
    def create_item(data: dict, company_id: int):
        company = _load(Company, company_id, edit=True)
        with _saving():
            item = offer.save(company, data)
        ids = {"company_id": company.id, id_arg: item.id}
        location = url_for(f"api.profiles.get_{offer.singular}", **ids)
        return offer.as_dict(item), {"Location": location}

    @route(one, "GET", f"get_{offer.singular}", f"One {offer.label}.")
    @blp.response(200, offer.schema)
    @blp.errors(401, 404)
    def get_item(company_id: int, **ids):
        return offer.as_dict(_load_child(offer.model, company_id, ids[id_arg])[1])

    @route(one, "PATCH", f"update_{offer.singular}", "Change the fields sent.")
    @blp.arguments(offer.change, required=False)
    @blp.response(200, offer.schema)
    @blp.errors(401, 404, 409)
    def update_item(data: dict, company_id: int, **ids):
        company, item = _load_child(offer.model, company_id, ids[id_arg], edit=True)
        with _saving():
            offer.save(company, data, partial=True, **{offer.singular: item})
        return offer.as_dict(item)

    @route(one, "DELETE", f"delete_{offer.singular}", f"Remove a {offer.label}.")
    @blp.response(204)
    @blp.errors(401, 404)
    def delete_item(company_id: int, **ids):
        deletion.delete_offer(_load_child(offer.model, company_id, ids[id_arg], edit=True)[1])


_register(
    Offer(
        "needs",
        "need",
        SubcontractingNeed,
        services.save_need,
        need_dict,
        "subcontracting need",
        s.NeedSchema,
        s.NeedInput,
        s.NeedPatch,
    )
)
_register(
    Offer(
        "programmes",
        "programme",
        MentoringProgramme,
        services.save_programme,
        programme_dict,
        "mentoring programme",
        s.ProgrammeSchema,
        s.ProgrammeInput,
        s.ProgrammePatch,
    )
)
