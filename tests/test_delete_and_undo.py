"""Destructive actions ask first (one tap on "Hapus" deletes nothing, without JavaScript),
a deleted need or programme can be brought back for a few minutes, a closed participant
can be reopened with the reason on record, and an offer past its date says so."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from matchmaker.audit.models import AuditEntry
from matchmaker.auth.models import utcnow
from matchmaker.core.extensions import db
from matchmaker.matching.records import offer_records
from matchmaker.profiles import deletion
from matchmaker.profiles.models import MentoringProgramme, SubcontractingNeed
from matchmaker.wub.cohorts.models import WubStatus
from matchmaker.wub.monitoring.models import MonitoringVisit
from tests import factories

pytestmark = pytest.mark.usefixtures("compiled_catalog")  # tests/conftest.py


def visible(model) -> int:
    db.session.expunge_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def need_url(csr):
    need = csr.company.needs[0]
    return f"/perusahaan/{csr.company_id}/kebutuhan/{need.id}"


def test_one_post_without_confirm_deletes_nothing_and_asks(client, auth, csr, need_url):
    auth.login(csr)
    page = client.post(f"{need_url}/hapus")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Hapus kebutuhan subkontrak “Bushing baja diameter 20 mm”?" in html
    assert 'name="confirm" value="1"' in html and "Ya, hapus" in html
    assert visible(SubcontractingNeed) == 1


def test_the_company_page_links_to_the_question_not_a_delete(client, auth, csr, need_url):
    auth.login(csr)
    page = client.get(f"/perusahaan/{csr.company_id}").get_data(as_text=True)
    assert f'class="btn btn-outline-danger ms-auto" href="{need_url}/hapus"' in page
    assert f'class="btn btn-outline-primary" href="{need_url}/ubah"' in page
    question = client.get(f"{need_url}/hapus").get_data(as_text=True)
    assert f'action="{need_url}/hapus"' in question
    assert visible(SubcontractingNeed) == 1


def test_confirmed_delete_hides_the_need_everywhere_and_undo_restores_it(
    client, auth, csr, need_url
):
    company_id, need_id = csr.company_id, csr.company.needs[0].id
    auth.login(csr)
    answer = client.post(f"{need_url}/hapus", data={"confirm": "1"}, follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert "dihapus. Salah hapus?" in page and "Batalkan hapus" in page
    assert visible(SubcontractingNeed) == 0
    company = db.session.get(factories.Company, company_id)
    assert [r.kind for r in offer_records(company)] == ["mentoring"]  # not suggested
    assert client.get(f"{need_url}/ubah").status_code == 404
    assert client.get(f"/api/v1/companies/{company_id}").status_code in (200, 401)

    restored = client.post(f"{need_url}/pulihkan", follow_redirects=True)
    assert "dikembalikan" in restored.get_data(as_text=True)
    assert visible(SubcontractingNeed) == 1
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["need.deleted", "need.restored"]
    assert db.session.get(SubcontractingNeed, need_id).deleted_at is None


def test_undo_is_refused_after_the_window(client, auth, csr, need_url):
    auth.login(csr)
    client.post(f"{need_url}/hapus", data={"confirm": "1"})
    stale = utcnow() - timedelta(minutes=deletion.UNDO_MINUTES + 1)
    db.session.execute(
        SubcontractingNeed.__table__.update().values(deleted_at=stale)
    )  # deleted long ago
    db.session.commit()
    page = client.post(f"{need_url}/pulihkan", follow_redirects=True).get_data(as_text=True)
    assert "tidak bisa dibatalkan" in page
    assert 'id="baru-dihapus"' not in page  # the bar shows only what can still be undone
    assert visible(SubcontractingNeed) == 0


def test_another_company_cannot_restore_or_delete(client, auth, csr):
    other = factories.NeedFactory()
    auth.login(csr)
    base = f"/perusahaan/{other.company_id}/kebutuhan/{other.id}"
    assert client.post(f"{base}/hapus", data={"confirm": "1"}).status_code == 404
    assert client.get(f"{base}/hapus").status_code == 404
    own = f"/perusahaan/{csr.company_id}/kebutuhan/{other.id}"
    assert client.post(f"{own}/pulihkan").status_code == 404
    assert visible(SubcontractingNeed) == 2


def test_programmes_are_deleted_and_restored_the_same_way(client, auth, csr):
    programme = csr.company.programmes[0]
    url = f"/perusahaan/{csr.company_id}/program/{programme.id}"
    auth.login(csr)
    client.post(f"{url}/hapus")
    assert visible(MentoringProgramme) == 1
    client.post(f"{url}/hapus", data={"confirm": "1"})
    assert visible(MentoringProgramme) == 0
    client.post(f"{url}/pulihkan")
    assert visible(MentoringProgramme) == 1


def test_the_api_delete_can_be_undone_on_the_page(client, auth, csr):
    from tests.conftest import api_token

    need = csr.company.needs[0]
    headers = api_token(client, csr)
    url = f"/api/v1/companies/{csr.company_id}/needs/{need.id}"
    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url, headers=headers).status_code == 404
    auth.login(csr)
    page = client.get(f"/perusahaan/{csr.company_id}").get_data(as_text=True)
    assert "Baru saja dihapus" in page


def test_visits_and_cohorts_ask_before_deleting(client, auth, official):
    visit = factories.VisitFactory()
    auth.login(official)
    url = f"/petugas/kunjungan/{visit.id}/hapus"
    question = client.post(url)
    assert question.status_code == 200 and "Hapus kunjungan" in question.get_data(as_text=True)
    assert visible(MonitoringVisit) == 1
    assert client.post(url, data={"confirm": "1"}).status_code == 302
    assert visible(MonitoringVisit) == 0
    cohort = factories.CohortFactory()
    assert client.post(f"/petugas/angkatan/{cohort.id}/hapus").status_code == 200


def closed_participant():
    participant = factories.ParticipantFactory(business=factories.BusinessFactory())
    from matchmaker.wub.cohorts.history import record_status

    record_status(participant, WubStatus.OPERATING, date(2025, 1, 5), None)
    record_status(participant, WubStatus.CLOSED, date(2025, 6, 1), None)
    db.session.commit()
    return participant


def test_an_official_reopens_a_closed_participant_with_the_reason_in_the_audit_log(
    client, auth, official
):
    participant = closed_participant()
    auth.login(official)
    page = client.get(f"/petugas/peserta/{participant.id}").get_data(as_text=True)
    assert "Buka kembali" in page
    assert '<option selected value="operating">' in page  # the status before closing
    answer = client.post(
        f"/petugas/peserta/{participant.id}/buka-kembali",
        data={"status": "operating", "reason": "Salah catat: bengkel masih buka"},
        follow_redirects=True,
    )
    assert "Peserta dibuka kembali: Beroperasi" in answer.get_data(as_text=True)
    db.session.refresh(participant)
    assert participant.status == WubStatus.OPERATING
    assert participant.history[-1].note == "Dibuka kembali: Salah catat: bengkel masih buka"
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "participant.status"
    assert entry.changes == {
        "status": ["closed", "operating"],
        "notes": [None, "Salah catat: bengkel masih buka"],
    }
    assert "dibuka kembali: Salah catat" in entry.summary
    audit_page = client.get("/petugas/audit").get_data(as_text=True)
    assert "dibuka kembali: Salah catat: bengkel masih buka" in audit_page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "operating", "reason": ""}, "Tulis alasan membuka kembali"),
        ({"status": "closed", "reason": "x"}, "Pilih salah satu status"),
        ({"status": "operating", "reason": "x" * 401}, "Maksimal 400 karakter"),
    ],
)
def test_reopening_needs_a_reason_and_an_offered_status(client, auth, official, data, message):
    participant = closed_participant()
    auth.login(official)
    answer = client.post(
        f"/petugas/peserta/{participant.id}/buka-kembali", data=data, follow_redirects=True
    )
    assert message in answer.get_data(as_text=True)
    db.session.refresh(participant)
    assert participant.status == WubStatus.CLOSED


def test_only_closed_participants_are_reopened(client, auth, official):
    participant = factories.ParticipantFactory()
    auth.login(official)
    page = client.get(f"/petugas/peserta/{participant.id}").get_data(as_text=True)
    assert "reopen-submit" not in page
    answer = client.post(
        f"/petugas/peserta/{participant.id}/buka-kembali",
        data={"status": "trained", "reason": "x"},
        follow_redirects=True,
    )
    assert "tidak berstatus Tutup" in answer.get_data(as_text=True)


def test_without_a_business_a_participant_reopens_only_before_starting(app, official):
    from matchmaker.wub.cohorts.history import reopen_choices

    participant = factories.ParticipantFactory(status=WubStatus.CLOSED)
    assert reopen_choices(participant) == [
        WubStatus.SELECTED,
        WubStatus.IN_TRAINING,
        WubStatus.TRAINED,
    ]


def test_a_need_past_its_deadline_reads_so_on_the_company_page(client, auth, owner, csr):
    need = csr.company.needs[0]
    need.deadline = date.today() - timedelta(days=1)
    programme = csr.company.programmes[0]
    programme.end_date = date.today() - timedelta(days=3)
    factories.NeedFactory(company=csr.company, title="Masih dibuka", deadline=date.today())
    db.session.commit()
    auth.login(owner)
    page = client.get(f"/perusahaan/{csr.company_id}").get_data(as_text=True)
    assert page.count("Lewat tenggat") == 1 and page.count("Sudah berakhir") == 1
    assert page.count(">Dibuka<") == 1  # only the need whose deadline is today
    assert "tidak lagi disarankan" in page
    directory = client.get("/perusahaan").get_data(as_text=True)
    assert "1 kebutuhan terbuka" in directory


def test_past_deadline_in_english(client, auth, csr):
    need = csr.company.needs[0]
    need.deadline = date.today() - timedelta(days=1)
    db.session.commit()
    auth.login(csr)
    client.post("/bahasa/en")
    page = client.get(f"/perusahaan/{csr.company_id}").get_data(as_text=True)
    assert "Past deadline" in page
