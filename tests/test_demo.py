"""flask seed-demo: a realistic dataset, once, never in production."""

import pytest
from sqlalchemy import func, select

from matchmaker import demo
from matchmaker.auth.models import Membership, Role, User
from matchmaker.core.extensions import db
from matchmaker.profiles import fields
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from matchmaker.reference.models import IndustrialEstate, Kecamatan
from ml.trades import TRADE_CODES


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def seeded(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def test_seed_demo_prints_the_logins(seeded):
    assert "Demo data added" in seeded.output
    assert demo.DEMO_PASSWORD in seeded.output
    for email in demo.DEMO_EMAILS:
        assert email in seeded.output


def test_seed_demo_covers_every_trade_kecamatan_and_estate(seeded):
    assert _count(SmallBusiness) >= 200
    assert _count(Company) >= 40
    assert set(db.session.scalars(select(SmallBusiness.trade))) == set(TRADE_CODES)
    assert set(db.session.scalars(select(SmallBusiness.kecamatan_id))) == set(
        db.session.scalars(select(Kecamatan.id))
    )
    assert set(db.session.scalars(select(Company.estate_id))) == set(
        db.session.scalars(select(IndustrialEstate.id))
    )
    assert _count(SubcontractingNeed) >= _count(Company)
    assert _count(MentoringProgramme) > 0


def test_seed_demo_companies_sit_in_their_estates_kecamatan(seeded):
    for company in db.session.scalars(select(Company)):
        assert company.kecamatan_id == company.estate.kecamatan_id
        assert 1 <= len(company.needs) <= 3
        assert len(company.programmes) <= 2
        assert all(3 <= p.capacity <= 20 for p in company.programmes)
        assert all(2026 <= n.deadline.year <= 2027 for n in company.needs)


def test_seed_demo_profiles_pass_the_profile_validators(app, seeded):
    editions = set()
    with app.test_request_context():
        for business in db.session.scalars(select(SmallBusiness)):
            assert fields.phone(business.phone) == business.phone, business.name
            assert fields.kbli(business.kbli_code) == business.kbli_code, business.name
            assert 1 <= business.employees <= 25
            assert 2018 <= business.founded_year <= 2026
            if business.email:
                fields.email(business.email)
            editions.add(business.kbli_edition)
        for company in db.session.scalars(select(Company)):
            assert fields.phone(company.contact_phone) == company.contact_phone, company.name
            assert fields.kbli(company.kbli_code) == company.kbli_code, company.name
            fields.email(company.contact_email)
    assert editions == {2020, 2025}


def test_seed_demo_logins_have_their_profiles(seeded):
    official = _user("official@demo.mitra")
    assert official.role == Role.OFFICIAL
    assert official.check_password(demo.DEMO_PASSWORD)
    owner = _user("owner@demo.mitra")
    assert owner.role == Role.OWNER and owner.consent_at is not None
    assert owner.business.trade == "machining"
    assert owner.business.kecamatan.name == "Cikarang Barat"
    csr = _user("csr@demo.mitra")
    assert csr.approved_company_id == csr.company.id
    assert csr.company.estate.short_name == "MM2100"
    pending = db.session.scalars(select(User).where(User.membership == Membership.PENDING)).all()
    assert len(pending) >= 2


def test_seed_demo_runs_only_once(runner, seeded):
    counts = (_count(SmallBusiness), _count(Company), _count(User))
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0
    assert "nothing added" in again.output
    assert (_count(SmallBusiness), _count(Company), _count(User)) == counts


def test_seed_demo_is_deterministic(app):
    first = demo.seed()
    names = list(db.session.scalars(select(SmallBusiness.name).order_by(SmallBusiness.id)))
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in {"kecamatan", "industrial_estate", "kbli_code", "alembic_version"}:
            db.session.execute(table.delete())
    db.session.commit()
    assert demo.seed() == first
    assert list(db.session.scalars(select(SmallBusiness.name).order_by(SmallBusiness.id))) == names


def test_seed_demo_refuses_in_production(app, runner):
    previous = app.config["APP_ENV"]
    app.config["APP_ENV"] = "production"
    try:
        result = runner.invoke(args=["seed-demo"])
    finally:
        app.config["APP_ENV"] = previous
    assert result.exit_code != 0
    assert _count(SmallBusiness) == 0


def test_seed_demo_has_introductions_in_every_state(app, seeded):
    from matchmaker.brokering.models import Introduction, Status
    from matchmaker.brokering.services import contact_for
    from matchmaker.notifications.services import unread_count

    statuses = set(db.session.scalars(select(Introduction.status)))
    assert statuses == set(Status)
    owner = db.session.scalar(select(User).where(User.email == "owner@demo.mitra"))
    mine = db.session.scalar(
        select(Introduction)
        .where(Introduction.business_id == owner.business.id)
        .order_by(Introduction.id)
    )
    assert mine.status == Status.ACCEPTED and len(mine.messages) == 3
    assert contact_for(owner, mine)["name"] == mine.company.name
    assert unread_count(owner) == 3


@pytest.mark.parametrize("email", ["owner@demo.mitra", "csr@demo.mitra"])
def test_demo_accounts_find_a_request_waiting_for_their_answer(client, auth, seeded, email):
    """On a fresh demo, the owner's and the CSR's home pages each list a request to answer
    (a company asked the owner; a workshop asked the CSR's company), with its link."""
    from matchmaker.brokering.models import Introduction, Status

    auth.login(email, demo.DEMO_PASSWORD)
    html = client.get("/").get_data(as_text=True)
    start = html.index('aria-labelledby="todo-waiting"')
    waiting = html[start : html.index("</section>", start)]
    user = _user(email)
    mine = (
        Introduction.business_id == user.business.id
        if user.business
        else Introduction.company_id == user.company_id
    )
    asked = db.session.scalar(
        select(Introduction).where(mine, Introduction.status == Status.REQUESTED)
    )
    assert asked is not None
    assert f'href="/perkenalan/{asked.id}"' in waiting
    assert (asked.company if user.business else asked.business).name in waiting
