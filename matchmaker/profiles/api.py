"""Profile endpoints of the JSON API: businesses, companies, their needs and programmes.

Access, the same for every endpoint here: any logged-in user reads any profile
(contact fields are null unless the record's `can_see_contact` allows them);
writes need the record's `can_edit`; a record the user may not change answers
404 for writes, like one that does not exist (profiles/access.py decides, for
HTML and API alike). Creating what one's role may never create is 403.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, g, jsonify, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from matchmaker import pagination
from matchmaker.api import bp, json_body, officials_only, token_required
from matchmaker.auth.models import Role
from matchmaker.profiles import access, deletion, services
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

# --- helpers: loading with the access checks, responses -----------------------------------


def _load(model, record_id: int, *, edit: bool = False):
    """The business or company, through the shared access checks."""
    loader = access.get_business if model is SmallBusiness else access.get_company
    return loader(record_id, edit=edit, user=g.api_user)


def _load_child(model, company_id: int, child_id: int, *, edit: bool = False):
    """A need or programme of the company; 404 when it belongs to another company."""
    company = access.get_company(company_id, edit=edit, user=g.api_user)
    loader = access.get_need if model is SubcontractingNeed else access.get_programme
    return company, loader(company, child_id)


def _viewed(serialise):
    """`serialise` for the token user: contact fields only where they may see them."""
    return lambda record: serialise(record, g.api_user)


def _created(body: dict, location: str):
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = location
    return response


# --- small businesses ---------------------------------------------------------------------


@bp.get("/businesses")
@token_required
def list_businesses():
    """Small businesses matching the filters, by id, one page at a time."""
    args = request.args
    query = services.business_query(
        q=args.get("q", ""),
        trade=args.get("trade", ""),
        tag=args.get("tag", ""),
        sector=args.get("sector", ""),
        kecamatan=args.get("kecamatan", ""),
    ).options(joinedload(SmallBusiness.kecamatan))
    return jsonify(pagination.page(query, SmallBusiness.id, _viewed(business_dict)))


@bp.post("/businesses")
@token_required
def create_business():
    """An owner creates their own business (one each); an official creates one without owner."""
    user = g.api_user
    if user.role == Role.CSR:
        abort(403)
    owner = None if user.is_official else user
    services.check_may_add_business(owner)
    business = services.save_business(json_body(), owner=owner)
    return _created(
        business_dict(business, user), url_for("api.get_business", business_id=business.id)
    )


@bp.get("/businesses/<int:business_id>")
@token_required
def get_business(business_id: int):
    """One small business."""
    return jsonify(business_dict(_load(SmallBusiness, business_id), g.api_user))


@bp.patch("/businesses/<int:business_id>")
@token_required
def update_business(business_id: int):
    """Change the fields sent; the others stay as they are."""
    business = _load(SmallBusiness, business_id, edit=True)
    services.save_business(json_body(), business=business, partial=True)
    return jsonify(business_dict(business, g.api_user))


# --- companies ----------------------------------------------------------------------------


@bp.get("/companies")
@token_required
def list_companies():
    """Companies matching the filters, by id, one page at a time."""
    args = request.args
    query = services.company_query(
        q=args.get("q", ""),
        sector=args.get("sector", ""),
        kecamatan=args.get("kecamatan", ""),
        estate=args.get("estate", ""),
    ).options(
        joinedload(Company.kecamatan),
        joinedload(Company.estate),
        selectinload(Company.needs),
        selectinload(Company.programmes),
    )
    return jsonify(pagination.page(query, Company.id, _viewed(company_dict)))


@bp.post("/companies")
@officials_only
def create_company():
    """Officials register a company."""
    company = services.save_company(json_body())
    return _created(
        company_dict(company, g.api_user), url_for("api.get_company", company_id=company.id)
    )


@bp.get("/companies/<int:company_id>")
@token_required
def get_company(company_id: int):
    """One company with its needs and programmes."""
    return jsonify(company_dict(_load(Company, company_id), g.api_user))


@bp.patch("/companies/<int:company_id>")
@token_required
def update_company(company_id: int):
    """Change the fields sent; the others stay as they are."""
    company = _load(Company, company_id, edit=True)
    services.save_company(json_body(), company=company, partial=True)
    return jsonify(company_dict(company, g.api_user))


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


def _offer_views(offer: Offer) -> dict[str, Callable]:
    id_arg = f"{offer.singular}_id"

    def list_items(company_id: int):
        company = _load(Company, company_id)
        query = select(offer.model).where(offer.model.company_id == company.id)
        return jsonify(pagination.page(query, offer.model.id, offer.as_dict))

    def create_item(company_id: int):
        company = _load(Company, company_id, edit=True)
        item = offer.save(company, json_body())
        location = url_for(f"api.get_{offer.singular}", company_id=company.id, **{id_arg: item.id})
        return _created(offer.as_dict(item), location)

    def get_item(company_id: int, **ids):
        return jsonify(offer.as_dict(_load_child(offer.model, company_id, ids[id_arg])[1]))

    def update_item(company_id: int, **ids):
        company, item = _load_child(offer.model, company_id, ids[id_arg], edit=True)
        offer.save(company, json_body(), partial=True, **{offer.singular: item})
        return jsonify(offer.as_dict(item))

    def delete_item(company_id: int, **ids):
        deletion.delete_offer(_load_child(offer.model, company_id, ids[id_arg], edit=True)[1])
        return "", 204

    list_items.__doc__ = f"The company's {offer.label}s, by id, one page at a time."
    create_item.__doc__ = f"Add a {offer.label} to the company."
    get_item.__doc__ = f"One {offer.label}."
    update_item.__doc__ = "Change the fields sent; the others stay as they are."
    delete_item.__doc__ = f"Remove a {offer.label}."
    return {
        "list": list_items,
        "create": create_item,
        "get": get_item,
        "update": update_item,
        "delete": delete_item,
    }


def _register(offer: Offer) -> None:
    views = _offer_views(offer)
    many = f"/companies/<int:company_id>/{offer.plural}"
    one = f"{many}/<int:{offer.singular}_id>"
    routes = (
        ("list", many, "GET", offer.plural),
        ("create", many, "POST", offer.singular),
        ("get", one, "GET", offer.singular),
        ("update", one, "PATCH", offer.singular),
        ("delete", one, "DELETE", offer.singular),
    )
    for action, rule, method, noun in routes:
        bp.add_url_rule(rule, f"{action}_{noun}", token_required(views[action]), methods=[method])


_register(
    Offer("needs", "need", SubcontractingNeed, services.save_need, need_dict, "subcontracting need")
)
_register(
    Offer(
        "programmes",
        "programme",
        MentoringProgramme,
        services.save_programme,
        programme_dict,
        "mentoring programme",
    )
)
