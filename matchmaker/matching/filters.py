"""Narrowing a business's suggested companies: by estate, distance and KBLI sector.

The filters become a mask over the model's offers before ranking, so a strict
filter still finds the best companies among those it allows, not just the few of
an unfiltered top list that happen to pass.
"""

from dataclasses import asdict, dataclass

import numpy as np
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from matchmaker.core import params
from matchmaker.core.extensions import db
from matchmaker.matching import services
from matchmaker.profiles.models import Company, SmallBusiness
from matchmaker.profiles.services import company_query
from matchmaker.reference.services import find_estate
from ml.geo import haversine_km

MAX_KM = 100
KM = params.Integer(1, MAX_KM)


@dataclass
class CompanyFilters:
    estate: str = ""
    km: int | None = None
    sector: str = ""

    @classmethod
    def parse(cls, args) -> tuple["CompanyFilters", dict[str, str]]:
        """Filters from the query string; a bad value is dropped and named in the errors."""
        found, errors = cls(), {}
        estate = args.get("estate", "").strip()[:100]
        if estate and find_estate(estate) is None:
            errors["estate"] = _("Kawasan industri tidak dikenal.")
        else:
            found.estate = estate
        message = _("Jarak harus bilangan bulat 1–%(max)d km.", max=MAX_KM)
        found.km = params.filter_argument(args, "km", KM, errors, message=message)
        sector = args.get("sector", "").strip()
        if sector and not params.ascii_digits(sector, 1, 5):
            errors["sector"] = _("Kode KBLI harus 1–5 angka, mis. 29 atau 293.")
        else:
            found.sector = sector
        return found, errors

    @property
    def active(self) -> bool:
        return bool(self.estate or self.km or self.sector)

    def as_args(self) -> dict:
        """The filters that are set, as query-string arguments."""
        return {name: value for name, value in asdict(self).items() if value}


def company_ids(business: SmallBusiness, filters: CompanyFilters) -> set[int] | None:
    """Ids of the companies the filters allow; None when no filter is set."""
    if not filters.active:
        return None
    query = company_query(sector=filters.sector, estate=filters.estate).options(
        joinedload(Company.estate), joinedload(Company.kecamatan)
    )
    companies = db.session.scalars(query).unique().all()
    if filters.km and companies:
        places = [c.estate or c.kecamatan for c in companies]
        km = haversine_km(
            business.kecamatan.lat,
            business.kecamatan.lon,
            [p.lat for p in places],
            [p.lon for p in places],
        )
        companies = [c for c, d in zip(companies, km, strict=True) if d <= filters.km]
    return {c.id for c in companies}


def suggest_companies(
    business: SmallBusiness, kind: str, top: int, filters: CompanyFilters
) -> list[services.SuggestedCompany]:
    """The business's suggested companies among those the filters allow, best first."""
    allowed = company_ids(business, filters)
    if allowed is None:
        return services.suggest_companies(business, kind, top)
    if not allowed:
        return []
    model = services.get_model()
    mask = np.isin(model.offers_.columns["company"], list(allowed))
    suggestions = model.suggest_for_business(business.id, kind, top=top, allowed_offer=mask)
    offers = services.offers_for(s.offer_id for s in suggestions)
    return [
        services.SuggestedCompany(s, offers[s.offer_id].company, offers[s.offer_id])
        for s in suggestions
        if s.offer_id in offers
    ]
