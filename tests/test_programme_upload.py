"""The upload page: upload, preview (nothing saved), confirm; kept files are the uploader's."""

import io
from datetime import timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from matchmaker.auth.models import Role, utcnow
from matchmaker.core.extensions import db
from matchmaker.wub.cohorts.models import Participant
from matchmaker.wub.spreadsheets import sheets
from matchmaker.wub.spreadsheets.columns import COHORT_COLUMNS, PARTICIPANT_COLUMNS
from matchmaker.wub.spreadsheets.models import PendingUpload
from tests import factories

HEADER = ["Nama", "Angkatan", "No HP", "Kecamatan", "Pendidikan", "Tgl Lahir", "Status"]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def good_rows(n: int = 3) -> list[list]:
    people = [
        [f"Peserta {i}", "Logam Cepogo", f"0812{i:08d}", "Setu", "SMK", "17/08/2002", "lulus"]
        for i in range(n)
    ]
    return [["DAFTAR PESERTA WUB 2024"], HEADER, *people]


def upload(client, content: bytes, name: str = "peserta.xlsx", kind: str = "participants"):
    data = {"kind": kind, "file": (io.BytesIO(content), name)}
    return client.post("/petugas/impor", data=data, content_type="multipart/form-data")


@pytest.fixture
def cohort():
    return factories.CohortFactory(name="Logam Cepogo", year=2024)


def test_upload_preview_then_confirm(client, auth, official, cohort):
    auth.login(official)
    response = upload(client, xlsx(good_rows(25)))
    assert response.status_code == 302
    token = db.session.scalar(select(PendingUpload.token))
    assert response.headers["Location"] == f"/petugas/impor/{token}"
    page = client.get(f"/petugas/impor/{token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Simpan semua" in text
    assert "Peserta 0" in text and "+6281200000000" in text and "2002-08-17" in text
    assert "Peserta 19" in text and "Peserta 20" not in text  # the first 20 rows only
    assert "20 dari 25 baris ditampilkan" in text
    assert count(Participant) == 0  # nothing saved before confirming

    response = client.post(f"/petugas/impor/{token}")  # queues the import job (run at once)
    assert response.headers["Location"] == f"/petugas/impor/{token}/proses"
    response = client.get(response.headers["Location"])
    assert "Impor selesai: 25 dibuat, 0 diperbarui, 0 tidak berubah." in response.get_data(
        as_text=True
    )
    assert count(Participant) == 25
    done = db.session.scalar(select(PendingUpload))
    assert (done.state, done.rows_done, done.result["created"]) == ("done", 25, 25)
    assert done.data == b""  # the file is not kept once imported
    saved = db.session.scalar(select(Participant).where(Participant.name == "Peserta 3"))
    assert saved.history[-1].changed_by_id == official.id
    again = client.post(f"/petugas/impor/{token}")  # a second click imports nothing twice
    assert again.headers["Location"] == f"/petugas/impor/{token}/proses"
    assert client.get(f"/petugas/impor/{token}").headers["Location"].endswith("/proses")
    assert count(Participant) == 25


def test_a_file_with_problems_lists_them_and_cannot_be_saved(client, auth, official, cohort):
    auth.login(official)
    rows = good_rows(2) + [["Salah", "Logam Cepogo", "123", "Kota Antah", "SMK", "", ""]]
    upload(client, xlsx(rows))
    token = db.session.scalar(select(PendingUpload.token))
    text = client.get(f"/petugas/impor/{token}").get_data(as_text=True)
    assert "Baris 5, kolom No HP: Nomor telepon tidak valid" in text
    assert "Baris 5, kolom Kecamatan: Kecamatan tidak dikenal" in text
    assert "Simpan semua" not in text
    response = client.post(f"/petugas/impor/{token}", follow_redirects=True)
    assert "Baris 5, kolom No HP" in response.get_data(as_text=True)  # the job saved nothing
    assert count(Participant) == 0 and db.session.scalar(select(PendingUpload.state)) == "failed"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("peserta.pdf", b"%PDF-1.4", "Jenis berkas .pdf tidak didukung"),
        ("peserta.xls", b"\xd0\xcf\x11\xe0", "Jenis berkas .xls tidak didukung"),
    ],
)
def test_an_unsupported_type_is_refused_at_once(client, auth, official, name, content, message):
    auth.login(official)
    response = upload(client, content, name)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(PendingUpload) == 0


def test_a_renamed_file_is_named_on_the_preview(client, auth, official):
    auth.login(official)
    upload(client, b"%PDF-1.4 ...", "peserta.xlsx")
    token = db.session.scalar(select(PendingUpload.token))
    response = client.get(f"/petugas/impor/{token}")
    assert response.status_code == 422
    assert "sebenarnya PDF" in response.get_data(as_text=True)


def test_no_kind_or_no_file(client, auth, official):
    auth.login(official)
    response = client.post("/petugas/impor", data={"kind": "participants"})
    assert response.status_code == 422 and "Pilih berkas" in response.get_data(as_text=True)
    response = upload(client, b"x", kind="")
    assert "Pilih jenis data" in response.get_data(as_text=True)


def test_a_file_over_the_size_limit_is_refused(app, client, auth, official):
    auth.login(official)
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    try:
        response = upload(client, b"a" * 20_000, "besar.csv")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413 and count(PendingUpload) == 0


def test_uploads_belong_to_their_uploader_and_expire(client, auth, official, cohort):
    auth.login(official)
    upload(client, xlsx(good_rows()))
    pending = db.session.scalar(select(PendingUpload))
    token = pending.token
    auth.logout()
    other = factories.UserFactory(role=Role.OFFICIAL)
    auth.login(other)
    assert client.get(f"/petugas/impor/{token}").status_code == 404
    assert client.post(f"/petugas/impor/{token}").status_code == 404
    assert client.post(f"/petugas/impor/{token}/batal").status_code == 404
    assert count(Participant) == 0
    auth.logout()
    auth.login(factories.BusinessFactory().owner)
    assert client.get(f"/petugas/impor/{token}").status_code == 403

    pending.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    auth.logout()
    auth.login(official)
    assert client.get(f"/petugas/impor/{token}").status_code == 404
    upload(client, xlsx(good_rows()))  # a new upload clears what is past its day
    assert db.session.scalars(select(PendingUpload.token)).all() != [token]
    assert count(PendingUpload) == 1


def test_cancel_drops_the_file(client, auth, official, cohort):
    auth.login(official)
    upload(client, xlsx(good_rows()))
    token = db.session.scalar(select(PendingUpload.token))
    response = client.post(f"/petugas/impor/{token}/batal", follow_redirects=True)
    assert "Unggahan dibatalkan" in response.get_data(as_text=True)
    assert count(PendingUpload) == 0 and count(Participant) == 0


@pytest.mark.parametrize(
    ("name", "columns"), [("peserta", PARTICIPANT_COLUMNS), ("angkatan", COHORT_COLUMNS)]
)
def test_template_has_the_columns_and_an_example_that_imports(
    client, auth, official, cohort, name, columns
):
    auth.login(official)
    response = client.get(f"/petugas/impor/templat/{name}.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    kind = "participants" if name == "peserta" else "cohorts"
    assert list(rows[0]) == sheets.headers(kind, columns) and len(rows) == 2
    assert rows[0][0] in ("Nama peserta", "Nama angkatan")  # the reader's language
    upload(client, response.data, f"templat-{name}.xlsx", kind)
    token = db.session.scalar(select(PendingUpload.token))
    response = client.post(f"/petugas/impor/{token}", follow_redirects=True)
    assert "Impor selesai: " in response.get_data(as_text=True)
