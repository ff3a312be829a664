"""Profiles and the accounts they belong to: signing up as an owner or as a company's CSR
staff (who pick their company or register it), a user's business and company membership
in their data download (auth.privacy), and an owner's business deleted with the account.
"""

from blinker import Namespace
from flask_babel import gettext as _

from matchmaker.auth import privacy
from matchmaker.auth import services as accounts
from matchmaker.auth.models import Role, User
from matchmaker.core.extensions import db
from matchmaker.core.params import id_of
from matchmaker.core.validation import Invalid
from matchmaker.profiles.models import Company
from matchmaker.profiles.serialise import business_dict, company_dict
from matchmaker.profiles.services import company_errors, save_company

# Sent with a business about to be deleted with its owner's account: the features that
# keep records of it (introductions, verdicts) delete them first, through the ORM, since
# SQLite does not enforce the database's ON DELETE CASCADE.
business_erasing = Namespace().signal("business-erasing")


def sign_up(data: dict, locale: str = "id") -> User:
    """Self-service sign-up for owners and CSR staff; CSR staff join or register a company.

    A CSR user who registers a new company creates it together with the account, in
    one transaction; either way an official must approve them before they act for it.
    AccountError names every field at fault at once (sign_up_errors).
    """
    if errors := sign_up_errors(data):
        raise accounts.AccountError(errors)
    role, company_id = Role(data["role"]), None
    try:
        if role == Role.CSR:
            company_id = _register_company(data) if data.get("company") == "new" else None
            company_id = company_id or id_of(data.get("company") or "")
        user = accounts.create_user(
            role=role,
            email=data.get("email") or "",
            name=data.get("name") or "",
            password=data.get("password") or "",
            consent=bool(data.get("consent")),
            phone=data.get("phone") or "",
            locale=locale,
            company_id=company_id,
            commit=False,
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return user


def sign_up_errors(data: dict) -> dict[str, str]:
    """Every problem with a sign-up form's input, by field; nothing is written."""
    role = data.get("role")
    errors: dict[str, str] = {}
    if role not in (Role.OWNER, Role.CSR):
        errors["role"] = _("Pilih pemilik usaha atau staf CSR.")
    elif role == Role.CSR:
        choice = data.get("company") or ""
        if choice == "new":
            names = ("name", "kecamatan", "estate", "sector")
            fields = company_errors({n: data.get(f"company_{n}") or "" for n in names})
            errors.update({f"company_{k}": v for k, v in fields.items()})
        elif not ((chosen := id_of(choice)) and db.session.get(Company, chosen) is not None):
            errors["company"] = _("Pilih perusahaan Anda.")
    account = {key: data.get(key) or "" for key in ("email", "name", "password", "phone")}
    errors.update(accounts.account_errors(**account, consent=bool(data.get("consent"))))
    return errors


def _register_company(data: dict) -> int:
    """A new company from the sign-up form's company_* fields (not yet committed): its id."""
    names = ("name", "kecamatan", "estate", "sector")
    values = {n: data.get(f"company_{n}") or "" for n in names}
    try:  # the phone the registering staff gave is the new company's first contact
        company = save_company({**values, "contact_phone": data.get("phone") or ""}, commit=False)
    except Invalid as error:
        raise accounts.AccountError({f"company_{k}": v for k, v in error.fields.items()}) from error
    return company.id


@privacy.exports(place=10)
def profile_data(user: User) -> dict:
    """The user's business, and the company they work for with where they stand."""
    membership = None
    if user.company is not None:
        membership = {
            "status": user.membership.value if user.membership else None,
            "company": company_dict(user.company, user),
        }
    return {
        "business": business_dict(user.business, user) if user.business else None,
        "company_membership": membership,
    }


@privacy.erases
def erase_business(user: User) -> None:
    """An owner's business goes with their account, after what others keep of it."""
    if user.role == Role.OWNER and user.business is not None:
        business_erasing.send(user.business)
        db.session.delete(user.business)
