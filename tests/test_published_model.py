"""The published model: versions in the database, downloads instead of trainings, the
training job, GET /api/v1/model and the officials' training button."""

import hashlib
import logging

import pytest
from sqlalchemy import func, select

from matchmaker.auth.models import Membership, Role
from matchmaker.core.extensions import db
from matchmaker.matching import published, services, tasks
from matchmaker.matching.models import ModelChunk, ModelVersion, VersionStatus
from tests import factories
from tests.conftest import api_token

pytestmark = pytest.mark.usefixtures("model_file")  # tests/conftest.py


@pytest.fixture
def market():
    business = factories.BusinessFactory(capabilities="bubut CNC poros presisi")
    company = factories.CompanyFactory(name="PT Mesin Pangan")
    factories.NeedFactory(company=company, title="Poros gearbox", description="bubut poros")
    factories.ProgrammeFactory(company=company, title="Kelas K3", focus="keselamatan kerja")
    return business, company


@pytest.fixture
def no_worker(monkeypatch):
    """Jobs are queued but nobody runs them (a server without a job worker): the calls
    to the training job are counted instead."""
    calls = []
    monkeypatch.setattr(tasks, "train_model", calls.append)
    return calls


def versions(status=None) -> int:
    query = select(func.count()).select_from(ModelVersion)
    if status is not None:
        query = query.where(ModelVersion.status == status)
    return db.session.scalar(query)


def test_a_second_server_downloads_the_published_model_and_never_trains(
    app, market, tmp_path, monkeypatch, caplog
):
    business, _ = market
    caplog.set_level(logging.INFO, logger=app.logger.name)
    monkeypatch.setattr(published, "CHUNK_BYTES", 4096)  # several chunks, even for a small file
    services.train()
    version = db.session.scalars(select(ModelVersion)).one()
    assert version.chunks > 1 and version.size > 4096
    assert db.session.scalar(select(func.count()).select_from(ModelChunk)) == version.chunks
    first = services.model_path().read_bytes()
    assert hashlib.sha256(first).hexdigest() == version.sha256

    services.reset()  # another server: an empty instance folder of its own
    app.config["MODEL_PATH"] = str(tmp_path / "second" / "partner-model.pkl")
    monkeypatch.setattr(tasks, "train_model", lambda *a: pytest.fail("a server trained"))
    assert services.suggest_companies(business, "subcontracting")
    assert services.served_version().id == version.id
    assert services.model_path().parent == tmp_path / "second"
    assert services.model_path().read_bytes() == first
    assert "Downloading model version" in caplog.text

    services.model_path().unlink()  # deleted under a running server: fetched again
    caplog.clear()
    assert services.suggest_companies(business, "subcontracting")
    assert services.model_path().read_bytes() == first
    assert "Downloading model version" in caplog.text
    assert versions() == 1


def test_a_download_that_does_not_match_its_sha256_leaves_no_file(market, tmp_path):
    services.train()
    newest = published.newest()
    db.session.execute(ModelChunk.__table__.update().values(data=b"not the model"))
    db.session.commit()
    target = tmp_path / "elsewhere" / "model.pkl"
    with pytest.raises(published.DownloadError):
        published.download(newest, target)
    assert list(target.parent.iterdir()) == []


def test_before_any_model_one_training_is_queued_and_the_api_says_preparing(
    client, market, no_worker
):
    business, company = market
    headers = api_token(client, business.owner)
    url = f"/api/v1/businesses/{business.id}/suggestions?kind=subcontracting"
    for _ in range(3):
        response = client.get(url, headers=headers)
        assert response.status_code == 503, (response.get_json(), dict(response.headers))
        # Flask-Limiter may put its own window in Retry-After on API answers: a number, anyway.
        assert int(response.headers["Retry-After"]) > 0
        assert response.get_json()["error"]["code"] == "model_preparing"
    assert len(no_worker) == 1 and versions(VersionStatus.QUEUED) == 1


def test_before_any_model_the_pages_say_preparing(client, auth, market, no_worker):
    business, _ = market
    auth.login(business.owner)
    assert client.get("/").status_code == 200  # the home page shows no suggestions yet
    page = client.get("/rekomendasi")
    assert page.status_code == 503 and "Saran sedang disiapkan" in page.get_data(as_text=True)


def test_the_job_publishes_the_queued_version_and_skips_one_taken_over(market, monkeypatch):
    job = tasks.train_model
    monkeypatch.setattr(tasks, "train_model", lambda version_id: None)  # not run yet
    queued, new = tasks.request_training()
    assert new and queued.status == VersionStatus.QUEUED
    assert tasks.request_training() == (queued, False)  # once
    services.train()  # `flask train` by hand takes the queued row over
    assert db.session.get(ModelVersion, queued.id).status == VersionStatus.READY
    job(queued.id)  # when a worker gets to the job at last: nothing left to do
    assert versions() == 1
    monkeypatch.undo()
    version, new = tasks.request_training()  # the job runs at once in tests
    assert new and version.status == VersionStatus.READY and versions(VersionStatus.READY) == 2
    assert version.businesses == 1 and version.offers == 2


def test_a_training_stuck_past_the_timeout_no_longer_blocks_a_new_one(app, market, no_worker):
    stuck, _ = tasks.request_training()
    stuck.queued_at = stuck.queued_at.replace(year=2020)
    db.session.commit()
    fresh, new = tasks.request_training()
    assert new and fresh.id != stuck.id
    assert db.session.get(ModelVersion, stuck.id).status == VersionStatus.FAILED


def test_old_versions_are_pruned_but_never_the_newest(app, market):
    app.config["MODEL_KEEP_VERSIONS"] = 2
    try:
        for _ in range(4):
            services.train()
    finally:
        app.config["MODEL_KEEP_VERSIONS"] = 3
    rows = db.session.scalars(select(ModelVersion).order_by(ModelVersion.id)).all()
    assert [row.status for row in rows] == ["pruned", "pruned", "ready", "ready"]
    kept = db.session.scalars(select(ModelChunk.version_id).distinct()).all()
    assert sorted(kept) == [rows[2].id, rows[3].id]
    assert published.newest().id == rows[3].id
    files = list(services.model_path().parent.glob("model-v*.pkl"))
    assert files == [services.model_path()]  # other versions' local files are removed


# --- GET /api/v1/model ---------------------------------------------------------------------


def _users():
    company = factories.CompanyFactory()
    return {
        "owner": factories.BusinessFactory().owner,
        "csr": factories.UserFactory(
            role=Role.CSR, company=company, membership=Membership.APPROVED
        ),
        "pending csr": factories.UserFactory(
            role=Role.CSR, company=company, membership=Membership.PENDING
        ),
        "official": factories.UserFactory(role=Role.OFFICIAL),
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("owner", 403), ("csr", 403), ("pending csr", 403), ("official", 200)],
)
def test_model_endpoint_by_role(client, role, status):
    users = _users()
    headers = api_token(client, users[role]) if role != "anonymous" else {}
    response = client.get("/api/v1/model", headers=headers)
    assert response.status_code == status, response.get_json()


def test_model_endpoint_answers_the_published_version(client, market):
    official = factories.UserFactory(role=Role.OFFICIAL)
    factories.UserFactory()
    services.train()
    version = published.latest_ready()
    body = client.get("/api/v1/model", headers=api_token(client, official)).get_json()
    assert body["version"] == version.id and body["sha256"] == version.sha256
    assert body["businesses"] == 1 and body["offers"] == 2 and body["decisions"] == 0
    assert body["trained_at"].endswith("+00:00") and body["training"] is None


def test_model_endpoint_shows_a_queued_training(client, no_worker):
    official = factories.UserFactory(role=Role.OFFICIAL)
    queued, _ = tasks.request_training(official)
    body = client.get("/api/v1/model", headers=api_token(client, official)).get_json()
    assert body["version"] is None and body["businesses"] == 0
    assert body["training"]["version"] == queued.id and body["training"]["state"] == "queued"


# --- the officials' home --------------------------------------------------------------------


def test_official_home_says_when_and_from_what_the_model_was_trained(client, auth, market):
    services.train()
    official = factories.UserFactory(role=Role.OFFICIAL)
    auth.login(official)
    page = client.get("/").get_data(as_text=True)
    assert "Model dilatih" in page and "dari 0 keputusan" in page
    assert "1 usaha · 2 kebutuhan dan program" in page


def test_official_queues_a_training_once_and_the_page_says_so(client, auth, no_worker):
    official = factories.UserFactory(role=Role.OFFICIAL)
    auth.login(official)
    page = client.get("/").get_data(as_text=True)
    assert "Belum ada model" in page
    response = client.post("/petugas/model/latih", follow_redirects=True)
    assert "Pelatihan model baru masuk antrean." in response.get_data(as_text=True)
    assert "Pelatihan model dalam antrean sejak" in response.get_data(as_text=True)
    again = client.post("/petugas/model/latih", follow_redirects=True)
    assert "sudah berjalan atau dalam antrean" in again.get_data(as_text=True)
    assert len(no_worker) == 1
    assert db.session.scalars(select(ModelVersion)).one().requested_by_id == official.id


def test_the_training_button_runs_the_job(client, auth, market):
    auth.login(factories.UserFactory(role=Role.OFFICIAL))
    response = client.post("/petugas/model/latih", follow_redirects=True)
    assert response.status_code == 200
    assert versions(VersionStatus.READY) == 1  # jobs run at once in tests


@pytest.mark.parametrize("role", ["owner", "csr"])
def test_others_may_not_queue_a_training(client, auth, role, no_worker):
    auth.login(_users()[role])
    assert client.post("/petugas/model/latih").status_code == 403
    assert versions() == 0 and no_worker == []


def test_anonymous_may_not_queue_a_training(client, no_worker):
    response = client.post("/petugas/model/latih")
    assert response.status_code in (302, 401) and versions() == 0


@pytest.mark.usefixtures("compiled_catalog")
def test_official_home_in_english(client, auth, market):
    services.train()
    auth.login(factories.UserFactory(role=Role.OFFICIAL))
    client.post("/bahasa/en")
    page = client.get("/").get_data(as_text=True)
    assert "Model trained" in page and "ago from 0 decisions" in page
    assert "Version " in page and "1 businesses · 2 needs and programmes" in page


def test_commands_train_when_nothing_is_published(runner, market, no_worker):
    args = ["suggest", "--all-businesses", "--kind", "subcontracting", "--json"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "PT Mesin Pangan" in result.output
    assert versions(VersionStatus.READY) == 1  # it took over the queued version
    assert versions() == 1 and len(no_worker) == 1


def test_only_older_versions_files_are_forgotten(tmp_path):
    base = tmp_path / "partner-model.pkl"
    names = ["partner-model-v9-aa.pkl", "partner-model-v10-bb.pkl", "partner-model-v11-cc.pkl"]
    odd = ["partner-model-v²-dd.pkl", "partner-model-v٣-ee.pkl"]  # digits int() refuses
    for name in [*names, *odd, "partner-model-v10-bb.pkl123.part", "other.pkl"]:
        (tmp_path / name).write_bytes(b"x")
    published.forget_old_files(base, 10)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [
        "other.pkl",
        "partner-model-v10-bb.pkl",
        "partner-model-v10-bb.pkl123.part",  # a download in progress
        "partner-model-v11-cc.pkl",  # a newer version another worker just fetched
        "partner-model-v²-dd.pkl",  # not a version's file: left alone
        "partner-model-v٣-ee.pkl",
    ]


def test_train_if_missing_trains_only_the_first_time(runner, market):
    first = runner.invoke(args=["train", "--if-missing"])
    assert first.exit_code == 0 and "published and saved" in first.output
    again = runner.invoke(args=["train", "--if-missing"])
    assert again.exit_code == 0 and "published already: not training" in again.output
    assert versions() == 1


def test_official_home_says_a_training_is_running(client, auth):
    db.session.add(ModelVersion(status=VersionStatus.TRAINING, stage="fitting the vocabulary"))
    db.session.commit()
    auth.login(factories.UserFactory(role=Role.OFFICIAL))
    page = client.get("/").get_data(as_text=True)
    assert "Pelatihan model sedang berjalan: mempelajari kosakata" in page
