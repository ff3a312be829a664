"""A user's business and company membership in their data download (auth.privacy), and
an owner's business deleted with their account."""

from blinker import Namespace

from matchmaker.auth import privacy
from matchmaker.auth.models import Role, User
from matchmaker.extensions import db
from matchmaker.profiles.serialise import business_dict, company_dict

# Sent with a business about to be deleted with its owner's account: the features that
# keep records of it (introductions, verdicts) delete them first, through the ORM, since
# SQLite does not enforce the database's ON DELETE CASCADE.
business_erasing = Namespace().signal("business-erasing")


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
