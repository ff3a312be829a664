"""Profiles keep their normalised text, so a fit normalises only what changed (ml.docs)."""

import pytest
from sqlalchemy import update

from matchmaker.core.extensions import db
from matchmaker.matching import records
from matchmaker.profiles.models import SmallBusiness
from ml import docs
from ml.side import business_docs, offer_docs
from tests import factories


@pytest.fixture
def company():
    company = factories.CompanyFactory(name="PT Mesin Pangan", description="pabrik mesin pangan")
    factories.NeedFactory(
        company=company, title="Poros", description="bubut poros S45C, wajib ISO 9001"
    )
    factories.ProgrammeFactory(company=company, title="Kelas K3", focus="keselamatan kerja")
    db.session.commit()
    return company


def test_a_saved_business_carries_its_normalised_text_to_the_model(app):
    business = factories.BusinessFactory(
        name="Bubut Jaya", capabilities="bubut CNC", mentoring_needs="pembukuan"
    )
    db.session.commit()
    assert business.text_cache["fingerprint"] == docs.fingerprint()
    record = records.business_record(business)
    assert record.docs is not None
    assert business_docs(record) == docs.business(*business.model_texts())


def test_an_edit_refreshes_the_cache(app):
    business = factories.BusinessFactory(name="Bubut Jaya", capabilities="bubut CNC")
    db.session.commit()
    business.capabilities = "gulung dinamo, rewinding motor listrik"
    db.session.commit()
    made = business_docs(records.business_record(business))
    assert made == docs.business(*business.model_texts()) and "rewinding" in made["raw:work"]


def test_a_stale_cache_is_not_used(app):
    business = factories.BusinessFactory(name="Bubut Jaya", capabilities="bubut CNC")
    db.session.commit()
    stale = {**business.text_cache, "fingerprint": "an older normaliser"}
    db.session.execute(
        update(SmallBusiness).where(SmallBusiness.id == business.id).values(text_cache=stale)
    )
    db.session.refresh(business)
    assert records.business_record(business).docs is None  # the model makes them itself
    business.capabilities = "bubut CNC dan frais"  # the next save makes it afresh
    db.session.commit()
    assert business.text_cache["fingerprint"] == docs.fingerprint()


def test_offers_carry_their_own_and_their_companys_normalised_text(company):
    offers = records.offer_records(company, taken={})
    assert {o.kind for o in offers} == {"subcontracting", "mentoring"}
    for offer in offers:
        assert offer.docs is not None
        cached = offer_docs(offer)
        offer.docs = None
        assert cached == offer_docs(offer)
    need = next(o for o in offers if o.kind == "subcontracting")
    assert "iso_9001" in offer_docs(need)["requires"]


def test_a_company_edit_refreshes_what_its_offers_carry(company):
    company.description = "pabrik komponen otomotif"
    db.session.commit()
    offer = records.offer_records(company, taken={})[0]
    assert "otomotif" in docs.unpack(offer.docs)["raw:company"]
