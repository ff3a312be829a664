"""The home page is each role's to-do list (issue 13, item 3): what waits for the user,
each item linking to where the action is; visitors get a landing page."""

from datetime import date, timedelta

import pytest

from matchmaker.auth.models import Membership, Role, utcnow
from matchmaker.brokering import services as brokering
from matchmaker.brokering.models import Introduction
from matchmaker.core.extensions import db
from matchmaker.matching import services as matching
from matchmaker.wub.cohorts.models import WubStatus
from matchmaker.wub.spreadsheets.models import PendingUpload
from tests import factories
from tests.test_page_queries import Queries

pytestmark = pytest.mark.usefixtures("model_file")  # tests/conftest.py


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(html: str, heading_id: str) -> str:
    """The to-do section whose heading has this id."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def market():
    """A turning shop; a company needing turning, with approved staff; another company."""
    business = factories.BusinessFactory(
        name="Bubut Jaya", products="poros baja, bushing", capabilities="bubut CNC"
    )
    company = factories.CompanyFactory(name="PT Mesin Bekasi")
    need = factories.NeedFactory(
        company=company, title="Poros S45C", description="bubut poros baja presisi"
    )
    other = factories.CompanyFactory(name="PT Poros Cikarang")
    factories.NeedFactory(company=other, title="Bushing kuningan", description="bubut bushing")
    csr = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    matching.train()
    return business, company, need, csr


def test_visitors_get_a_landing_page(client):
    html = home(client)
    assert "Usaha kecil Bekasi bertemu mitra industrinya" in html
    assert 'href="/daftar"' in html and 'href="/masuk"' in html
    assert "todo-" not in html


def test_owner_sees_requests_waiting_for_an_answer_suggestions_and_completeness(
    client, auth, market
):
    business, company, need, csr = market
    intro, _ = brokering.start(csr, business, company, "subcontracting", need)
    auth.login(business.owner)
    html = home(client)
    waiting = section(html, "todo-waiting")
    assert "PT Mesin Bekasi" in waiting and f'href="/perkenalan/{intro.id}"' in waiting
    fresh = section(html, "todo-suggestions")
    assert "PT Poros Cikarang" in fresh and "Bushing kuningan" in fresh
    assert "PT Mesin Bekasi" not in fresh  # already asked
    profile = section(html, "todo-profile")
    assert 'value="' in profile and "membuat rekomendasi lebih tepat" in profile


def test_owner_with_nothing_waiting_is_told_what_to_do_next(client, auth, market):
    business, *_rest = market
    auth.login(business.owner)
    waiting = section(home(client), "todo-waiting")
    assert "Tidak ada permintaan yang menunggu jawaban Anda" in waiting
    assert 'href="/rekomendasi"' in waiting


def test_owner_own_request_does_not_wait_for_the_owner(client, auth, market):
    business, company, need, _csr = market
    brokering.start(business.owner, business, company, "subcontracting", need)
    auth.login(business.owner)
    assert "Tidak ada permintaan yang menunggu" in section(home(client), "todo-waiting")


def test_owner_without_a_business_is_asked_to_create_one(client, auth):
    auth.login(factories.UserFactory(role=Role.OWNER))
    html = home(client)
    assert "Buat profil usaha Anda dulu" in html and 'href="/usaha/saya"' in html


def test_csr_sees_requests_needs_closing_soon_and_suggestions_per_need(client, auth, market):
    business, company, need, csr = market
    today = date.today()
    need.deadline = today + timedelta(days=5)
    factories.NeedFactory(company=company, title="Flens jauh", deadline=today + timedelta(days=40))
    db.session.commit()
    intro, _ = brokering.start(business.owner, business, company, "subcontracting", need)
    auth.login(csr)
    html = home(client)
    waiting = section(html, "todo-waiting")
    assert "Permintaan menunggu jawaban" in waiting and "Bubut Jaya" in waiting
    assert f'href="/perkenalan/{intro.id}"' in waiting
    closing = section(html, "todo-closing")
    assert "Poros S45C" in closing and "Flens jauh" not in closing
    assert f"/perusahaan/{company.id}/kebutuhan/{need.id}/ubah" in closing
    suggested = section(html, "todo-suggestions")
    assert "Poros S45C" in suggested and "Bubut Jaya" in suggested


def test_csr_awaiting_approval_sees_the_state_and_no_company_work(client, auth, market):
    _business, company, _need, _csr = market
    pending = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.PENDING)
    auth.login(pending)
    html = home(client)
    assert "menunggu persetujuan petugas Dinas" in html and "todo-waiting" not in html


def test_official_sees_approvals_stuck_introductions_overdue_visits_and_imports(
    client, auth, market, official
):
    business, company, need, _csr = market
    applicant = factories.UserFactory(
        role=Role.CSR, name="Dewi Lestari", company=company, membership=Membership.PENDING
    )
    stuck, _ = brokering.start(business.owner, business, company, "subcontracting", need)
    stuck.status_since = utcnow() - timedelta(days=8)
    other = factories.BusinessFactory(name="Las Baru")
    recent, _ = brokering.start(other.owner, other, company, "subcontracting", need)
    today = date.today()
    late = factories.ParticipantFactory(
        name="Ayu Kusumawati", status=WubStatus.OPERATING, status_since=today - timedelta(days=200)
    )
    factories.ParticipantFactory(
        name="Baru Mulai", status=WubStatus.OPERATING, status_since=today - timedelta(days=10)
    )
    colleague = factories.UserFactory(role=Role.OFFICIAL)
    for token, who, filename in (("t", official, "angkatan.xlsx"), ("u", colleague, "lain.xlsx")):
        db.session.add(PendingUpload(token=token * 40, user_id=who.id, kind="cohorts",
                                     filename=filename, data=b"x"))  # fmt: skip
    db.session.commit()
    auth.login(official)
    html = home(client)
    approvals = section(html, "todo-approvals")
    assert applicant.name in approvals and 'href="/petugas/csr"' in approvals
    unanswered = section(html, "todo-stuck")
    assert f'href="/perkenalan/{stuck.id}"' in unanswered
    assert f'href="/perkenalan/{recent.id}"' not in unanswered
    overdue = section(html, "todo-overdue")
    assert "Ayu Kusumawati" in overdue and "Baru Mulai" not in overdue
    assert f"/petugas/peserta/{late.id}/kunjungan/baru" in overdue
    imports = section(html, "todo-imports")
    assert "angkatan.xlsx" in imports and "lain.xlsx" not in imports
    assert f'href="/petugas/impor/{"t" * 40}"' in imports


def test_official_with_nothing_waiting_sees_empty_states(client, auth, official):
    auth.login(official)
    html = home(client)
    assert "Tidak ada staf CSR yang menunggu persetujuan." in html
    assert "Tidak ada kunjungan yang terlambat." in html
    assert 'href="/petugas/impor"' in section(html, "todo-imports")


@pytest.mark.parametrize("role", ["owner", "csr", "official"])
def test_the_home_page_reads_in_a_few_queries(client, auth, market, official, role):
    business, company, need, csr = market
    for n in range(6):
        other = factories.BusinessFactory(name=f"Bengkel {n}")
        intro, _ = brokering.start(other.owner, other, company, "subcontracting", need)
        intro.status_since = utcnow() - timedelta(days=10)
    db.session.commit()
    auth.login({"owner": business.owner, "csr": csr, "official": official}[role])
    home(client)  # the model is loaded and synced once
    with Queries() as queries:
        home(client)
    assert queries.count <= 14, queries.count  # measured: owner 12, CSR 12, official 8
    assert db.session.query(Introduction).count() == 6
