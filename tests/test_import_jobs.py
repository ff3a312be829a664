"""Programme imports as jobs: confirming queues the import, the page follows its progress,
a worker runs it (all rows or none), and a lost or failed run can be queued again."""

import io
from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select, update

from matchmaker.auth.models import Role, utcnow
from matchmaker.core.extensions import db
from matchmaker.wub.cohorts.models import Participant
from matchmaker.wub.spreadsheets import import_jobs, imports
from matchmaker.wub.spreadsheets.models import PendingUpload
from tests import factories

HEADER = "Nama,Angkatan,No HP,Kecamatan,Pendidikan,Tgl Lahir,Status"


def participants_csv(n: int) -> bytes:
    rows = [f"Peserta {i},Logam Cepogo,0812{i:08d},Setu,SMK,17/08/2002,lulus" for i in range(n)]
    return "\n".join([HEADER, *rows]).encode()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def upload_row() -> PendingUpload:
    db.session.expire_all()
    return db.session.scalar(select(PendingUpload))


@pytest.fixture
def cohort():
    return factories.CohortFactory(name="Logam Cepogo", year=2024)


@pytest.fixture
def uploaded(client, auth, official, cohort):
    """An official's upload of 300 participants, previewed and not yet confirmed."""

    def upload(rows: int = 300) -> str:
        auth.login(official)
        data = {"kind": "participants", "file": (io.BytesIO(participants_csv(rows)), "p.csv")}
        response = client.post("/petugas/impor", data=data, content_type="multipart/form-data")
        assert response.status_code == 302
        return upload_row().token

    return upload


def status(client, token: str) -> dict:
    response = client.get(f"/petugas/impor/{token}/status")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def test_a_worker_imports_with_progress_the_page_can_follow(
    client, uploaded, stored_queue, monkeypatch
):
    token = uploaded()
    marks = []
    write = import_jobs._mark
    monkeypatch.setattr(import_jobs, "BEAT", 0)  # a progress write for every row
    monkeypatch.setattr(import_jobs, "_mark", lambda *a, **v: marks.append(v) or write(*a, **v))

    response = client.post(f"/petugas/impor/{token}")
    assert response.headers["Location"] == f"/petugas/impor/{token}/proses"
    assert stored_queue.pending() == ["import_upload"] and count(Participant) == 0
    assert status(client, token) | {"message": ""} == {
        "state": "queued", "stage": "", "rows_done": 0, "rows_total": 0, "lost": False,
        "finished": False, "message": "",
    }  # fmt: skip
    page = client.get(f"/petugas/impor/{token}/proses").get_data(as_text=True)
    assert "Menunggu giliran" in page and "data-import-progress" in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page  # no JS

    stored_queue.run_next()

    checked = [m["rows_done"] for m in marks if m.get("stage") is None and "rows_done" in m]
    assert checked == list(range(300))  # rows checked so far, before each row
    assert [m.get("stage") for m in marks if m.get("stage")] == ["read", "check", "save"]
    assert count(Participant) == 300
    assert status(client, token) | {"message": ""} == {
        "state": "done", "stage": "", "rows_done": 300, "rows_total": 300, "lost": False,
        "finished": True, "message": "",
    }  # fmt: skip
    page = client.get(f"/petugas/impor/{token}/proses").get_data(as_text=True)
    assert "Impor selesai: 300 dibuat, 0 diperbarui, 0 tidak berubah." in page
    assert "data-import-progress" not in page  # nothing left to poll


def test_the_message_counts_rows_in_the_readers_language(app, official):
    upload = PendingUpload(token="t", user_id=official.id, kind="participants", filename="p.csv",
                           data=b"", state="running", stage="check", rows_done=3200,
                           rows_total=10_000, heartbeat_at=utcnow())  # fmt: skip
    with app.test_request_context():
        assert import_jobs.status(upload)["message"] == "Mengimpor baris 3.200 dari 10.000…"
    with app.test_request_context(), force_locale("en"):
        assert import_jobs.status(upload)["message"] == "Importing row 3,200 of 10,000…"


def test_the_progress_is_the_uploaders_own(client, auth, uploaded, official, stored_queue):
    token = uploaded()
    client.post(f"/petugas/impor/{token}")
    assert status(client, token)["state"] == "queued"
    auth.logout()
    assert client.get(f"/petugas/impor/{token}/status").status_code == 302  # to the login
    for user in (
        factories.UserFactory(role=Role.OFFICIAL),  # another official: not found
        factories.BusinessFactory().owner,
        factories.UserFactory(role=Role.CSR),
    ):
        auth.login(user)
        expected = 404 if user.role == Role.OFFICIAL else 403
        for url in (f"/petugas/impor/{token}/status", f"/petugas/impor/{token}/proses"):
            assert client.get(url).status_code == expected, (user.role, url)
        assert client.post(f"/petugas/impor/{token}/ulang").status_code == expected
        assert client.post(f"/petugas/impor/{token}/batal").status_code == expected
        auth.logout()
    assert upload_row().state == "queued"


def test_a_lost_job_shows_as_interrupted_and_runs_again(client, uploaded, stored_queue):
    """huey takes a job off the queue before running it: a killed worker loses it."""
    token = uploaded()
    client.post(f"/petugas/impor/{token}")
    stored_queue.huey.flush()
    assert client.post(f"/petugas/impor/{token}/ulang").status_code == 302
    assert upload_row().attempt == 1  # not lost yet: a retry now would run it twice

    db.session.execute(update(PendingUpload).values(queued_at=utcnow() - timedelta(minutes=3)))
    db.session.commit()
    state = status(client, token)
    assert state["lost"] and "terhenti" in state["message"]
    page = client.get(f"/petugas/impor/{token}/proses").get_data(as_text=True)
    assert "Coba lagi" in page and "data-import-progress" not in page  # no reload loop
    assert 'http-equiv="refresh"' not in page

    client.post(f"/petugas/impor/{token}/ulang")
    assert upload_row().attempt == 2 and stored_queue.pending() == ["import_upload"]
    stored_queue.run_next()
    assert upload_row().state == "done" and count(Participant) == 300


def test_a_run_whose_worker_went_quiet_is_interrupted_and_runs_again(
    client, uploaded, stored_queue
):
    """Killed while checking rows: running, with its last sign of life long ago."""
    token = uploaded()
    client.post(f"/petugas/impor/{token}")
    stored_queue.huey.flush()
    quiet = utcnow() - timedelta(minutes=3)
    db.session.execute(
        update(PendingUpload).values(state="running", stage="check", rows_done=120,
                                     rows_total=300, heartbeat_at=quiet)
    )  # fmt: skip
    db.session.commit()
    assert status(client, token)["lost"]
    client.post(f"/petugas/impor/{token}/ulang")
    assert (upload_row().state, upload_row().attempt) == ("queued", 2)
    stored_queue.run_next()
    assert upload_row().state == "done" and count(Participant) == 300


def test_a_run_of_an_older_attempt_saves_nothing(client, uploaded, stored_queue, monkeypatch):
    """A worker thought dead that is only slow: the retry's run imports, the old one stops
    at its next progress write, even in the middle of the rows."""
    token = uploaded()
    client.post(f"/petugas/impor/{token}")
    attempt = upload_row().attempt
    bump = update(PendingUpload).values(attempt=PendingUpload.attempt + 1)
    track = import_jobs.Progress.track

    def retried_meanwhile(self, items, stage):
        if stage == "save":
            with db.engine.begin() as connection:
                connection.execute(bump)  # queued again while this run checked the rows
        return track(self, items, stage)

    monkeypatch.setattr(import_jobs.Progress, "track", retried_meanwhile)
    stored_queue.run_next()
    assert count(Participant) == 0
    assert (upload_row().state, upload_row().attempt) == ("running", attempt + 1)


def test_the_job_marks_itself_done_in_the_imports_transaction(
    client, uploaded, stored_queue, monkeypatch
):
    """The upload is marked done by the commit that saves the rows, or not at all."""
    token = uploaded()
    client.post(f"/petugas/impor/{token}")
    upload_id = upload_row().id
    run = imports.run

    def cancelled_while_saving(*args, also, **kwargs):
        def then_done(outcome):
            db.session.execute(update(PendingUpload).values(attempt=99))  # as a retry would
            also(outcome)

        return run(*args, also=then_done, **kwargs)

    monkeypatch.setattr(imports, "run", cancelled_while_saving)
    stored_queue.run_next()
    assert count(Participant) == 0
    assert db.session.get(PendingUpload, upload_id).state == "running"  # rolled back too


def test_an_unexpected_failure_saves_nothing_and_can_be_retried(
    client, uploaded, monkeypatch, caplog
):
    token = uploaded()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "run", broken)
    client.post(f"/petugas/impor/{token}")  # runs at once in tests
    assert upload_row().state == "error" and count(Participant) == 0
    assert "disk full" in caplog.text
    page = client.get(f"/petugas/impor/{token}/proses").get_data(as_text=True)
    assert "kesalahan sistem" in page and "Coba lagi" in page and "disk full" not in page

    monkeypatch.undo()
    client.post(f"/petugas/impor/{token}/ulang")
    assert upload_row().state == "done" and count(Participant) == 300


def test_cancel_before_the_worker_starts_imports_nothing(client, uploaded, stored_queue):
    token = uploaded()
    client.post(f"/petugas/impor/{token}")
    response = client.post(f"/petugas/impor/{token}/batal", follow_redirects=True)
    assert "Unggahan dibatalkan" in response.get_data(as_text=True)
    stored_queue.run_next()  # the job finds nothing to do
    assert count(Participant) == 0 and count(PendingUpload) == 0


def test_a_done_import_is_not_offered_on_the_home_page(client, uploaded):
    token = uploaded(3)
    client.post(f"/petugas/impor/{token}")
    assert upload_row().state == "done"
    assert f"/petugas/impor/{token}" not in client.get("/").get_data(as_text=True)


def test_uploads_past_their_day_are_dropped_hourly(official, stored_queue):
    old, new = (
        PendingUpload(token=token, user_id=official.id, kind="participants", filename="p.csv",
                      data=b"x" * 1000, created_at=utcnow() - age)
        for token, age in (("lama", timedelta(hours=25)), ("baru", timedelta(hours=1)))
    )  # fmt: skip
    db.session.add_all([old, new])
    db.session.commit()
    import_jobs.drop_expired_uploads()  # what the scheduler queues at minute 15
    stored_queue.run_next()
    db.session.expire_all()
    assert db.session.scalars(select(PendingUpload.token)).all() == ["baru"]
    [task] = [t for t in stored_queue.huey._registry.periodic_tasks
              if t.name == "drop_expired_uploads"]  # fmt: skip
    assert task.validate_datetime(datetime(2026, 12, 6, 3, 15))
