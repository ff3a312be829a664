"""Pages of suggestions read their records in a few queries, however many rows they show.

The load run (qa/load) found them reading each suggested company, offer, business and
live introduction one by one: 41 queries for an owner's ten suggestions, 49 for a
company's, which under 50 users made the database round trips most of each page's time.
"""

import pytest
from sqlalchemy import event

from matchmaker.auth.models import Membership, Role
from matchmaker.brokering import services as brokering
from matchmaker.core.extensions import db
from matchmaker.matching import services
from tests import factories

COMPANIES = 8


pytestmark = pytest.mark.usefixtures("model_file")  # tests/conftest.py


@pytest.fixture
def market():
    """Turning shops, and companies each needing turning and running a programme."""
    business = factories.BusinessFactory(name="Bubut Presisi Jaya")
    for n in range(5):
        factories.BusinessFactory(name=f"Bubut Tetangga {n}")
    companies = []
    for n in range(COMPANIES):
        company = factories.CompanyFactory(name=f"PT Mesin {n}")
        factories.NeedFactory(company=company, title=f"Poros {n}", description="bubut poros baja")
        factories.ProgrammeFactory(company=company, title=f"Kelas {n}", focus="mutu dan 5S")
        companies.append(company)
    csr = factories.UserFactory(role=Role.CSR, company=companies[0], membership=Membership.APPROVED)
    need = companies[1].needs[0]
    brokering.start(business.owner, business, companies[1], "subcontracting", need)
    services.train()
    return business, csr


class Queries:
    """Counts the statements sent to the database while it is active."""

    def __init__(self):
        self.count = 0

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, *args):
        self.count += 1


@pytest.mark.parametrize("kind", ["subcontracting", "mentoring"])
def test_owner_suggestions_page_reads_in_a_few_queries(client, auth, market, kind):
    business, _csr = market
    auth.login(business.owner)
    client.get("/rekomendasi")  # the model is loaded and synced once
    with Queries() as queries:
        page = client.get(f"/rekomendasi?kind={kind}")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("PT Mesin") >= COMPANIES
    assert queries.count <= 12, queries.count  # one by one: 32


def test_company_suggestions_page_reads_in_a_few_queries_per_offer(client, auth, market):
    business, csr = market
    auth.login(csr)
    client.get("/rekomendasi")
    with Queries() as queries:
        page = client.get(f"/perusahaan/{csr.company_id}/rekomendasi")
    assert page.status_code == 200
    shown = page.get_data(as_text=True)
    assert shown.count("Bubut Tetangga") + shown.count("Bubut Presisi") >= 2 * 5  # two offers
    assert queries.count <= 18, queries.count  # one by one: 27


def test_live_introduction_shows_on_its_suggestion(client, auth, market):
    business, _csr = market
    auth.login(business.owner)
    page = client.get("/rekomendasi").get_data(as_text=True)
    assert page.count("Lihat perkenalan") == 1  # PT Mesin 1, asked for above
    assert page.count("Minta perkenalan") == COMPANIES - 1
