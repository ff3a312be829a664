"""Training refits the newest published version when few businesses changed since it
(PartnerModel.refit), and fits anew when many did, after enough refits, or when asked."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from matchmaker.core.dates import utcnow
from matchmaker.core.extensions import db
from matchmaker.matching import services
from matchmaker.matching.models import ModelVersion
from matchmaker.profiles.models import SmallBusiness
from tests import factories

pytestmark = pytest.mark.usefixtures("model_file")  # tests/conftest.py


@pytest.fixture
def market():
    businesses = [
        factories.BusinessFactory(capabilities=f"jahit seragam kerja pola {i}") for i in range(30)
    ]
    turner = factories.BusinessFactory(name="Bubut Jaya", capabilities="bubut CNC poros presisi")
    company = factories.CompanyFactory(name="PT Mesin Pangan")
    need = factories.NeedFactory(company=company, title="Poros gearbox", description="bubut poros")
    # Saved an hour ago: a training now reads them, and only later edits are changes.
    hour_ago = utcnow() - timedelta(hours=1)
    db.session.execute(update(SmallBusiness).values(updated_at=hour_ago))
    db.session.commit()
    return businesses, turner, company, need


def newest() -> ModelVersion:
    return db.session.scalars(select(ModelVersion).order_by(ModelVersion.id.desc())).first()


@pytest.fixture
def share(app):
    """Refit when at most a tenth changed (30 businesses here; the default is 5 %)."""
    app.config["MODEL_REFIT_MAX_SHARE"] = 0.1
    yield
    app.config["MODEL_REFIT_MAX_SHARE"] = 0.05


def test_a_few_changes_are_refitted_onto_the_newest_version(market, share):
    businesses, turner, company, need = market
    services.train()
    first = newest()
    assert first.based_on is None  # nothing to refit: a full fit

    businesses[0].capabilities = "bubut poros gearbox dan las"  # an edit
    gone = businesses[1]
    db.session.delete(gone)  # a deletion
    db.session.delete(turner)
    factories.BusinessFactory(name="Bubut Baru", capabilities="bubut poros CNC")  # new
    new_need = factories.NeedFactory(company=company, title="Seragam", description="jahit seragam")
    db.session.commit()
    model = services.train()

    second = newest()
    assert second.based_on == first.id and second.businesses == 30
    ids = {i for i, _ in model.businesses_.row_of.items()}
    assert gone.id not in ids and businesses[0].id in ids
    assert len(model.businesses_) == 30  # retired rows compacted away
    top = [s.business.id for s in services.suggest_businesses(company, "subcontracting")]
    newcomer = db.session.scalar(select(SmallBusiness).where(SmallBusiness.name == "Bubut Baru"))
    assert set(top[:2]) == {businesses[0].id, newcomer.id}  # the edit and the new one
    found = services.suggest_businesses(company, "subcontracting", offer=new_need)
    assert found[0].business.id in {b.id for b in businesses[2:]}  # the new need: tailors


def test_many_changes_mean_a_full_fit(app, market, share):
    businesses, *_ = market
    services.train()
    for business in businesses[:10]:  # a third of the businesses
        business.description = "sablon kaos"
    db.session.commit()
    services.train()
    assert newest().based_on is None


def test_after_enough_refits_the_next_training_fits_in_full(app, market):
    app.config["MODEL_REFITS_BEFORE_FULL"] = 2
    try:
        for _ in range(4):
            services.train()
    finally:
        app.config["MODEL_REFITS_BEFORE_FULL"] = 6
    rows = db.session.scalars(select(ModelVersion).order_by(ModelVersion.id)).all()
    assert [v.based_on for v in rows] == [None, rows[0].id, rows[1].id, None]


def test_train_full_fits_anew_and_says_which_was_a_refit(runner, client, market):
    first = runner.invoke(args=["train"])
    assert first.exit_code == 0 and "a refit" not in first.output
    refitted = runner.invoke(args=["train"])
    assert refitted.exit_code == 0 and "(a refit of version" in refitted.output
    full = runner.invoke(args=["train", "--full"])
    assert full.exit_code == 0 and "a refit" not in full.output
    assert newest().based_on is None
