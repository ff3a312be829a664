"""flask export-data and the download routes: the import's columns, +62 phones, ISO dates,
and an exported file imports back without changing anything."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from matchmaker.core.extensions import db
from matchmaker.wub.cohorts.models import Cohort, Education, Participant, StatusChange, WubStatus
from matchmaker.wub.spreadsheets.columns import COHORT_COLUMNS, PARTICIPANT_COLUMNS
from matchmaker.wub.spreadsheets.exports import VISIT_COLUMNS
from tests import factories


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # a BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def people():
    """Two cohorts of the same name in different years, three participants, one visit."""
    cepogo = factories.CohortFactory(name="Logam Cepogo", year=2024, budget=150_000_000)
    factories.CohortFactory(name="Logam Cepogo", year=2023)
    dinamo = factories.CohortFactory(name="Dinamo", year=2024, trade="rewinding")
    agus = factories.ParticipantFactory(
        cohort=cepogo, name="Agus", phone="+6281234567801", birth_date=date(2003, 8, 17)
    )
    budi = factories.ParticipantFactory(
        cohort=cepogo, name="Budi", phone="+6281234567802", education=Education.SMP
    )
    budi.status = WubStatus.OPERATING
    citra = factories.ParticipantFactory(
        cohort=dinamo, name="=Citra", phone="", education=None, birth_date=None
    )
    factories.VisitFactory(participant=budi, notes="Butuh modal")
    db.session.commit()
    return cepogo, dinamo, agus, budi, citra


def test_participants_csv_has_the_import_columns(runner, tmp_path, people):
    path = tmp_path / "peserta.csv"
    result = runner.invoke(args=["export-data", "participants", str(path)])
    assert result.exit_code == 0 and "3 baris ditulis" in result.output
    rows = read_csv(path.read_bytes())
    assert tuple(rows[0]) == PARTICIPANT_COLUMNS
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Agus"] == [
        "Agus", "Logam Cepogo (2024)", "+6281234567801", "Setu", "slta", "2003-08-17",
        "metal_crafts", "trained",
    ]  # fmt: skip
    assert by_name["Budi"][-1] == "operating" and by_name["Budi"][4] == "smp"
    assert by_name["'=Citra"][1:6] == ["Dinamo (2024)", "", "Setu", "", ""]  # formula guard


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_participants_export_then_import_changes_nothing(runner, tmp_path, people, suffix):
    factories.ParticipantFactory(cohort=people[0], name="Dewi", phone="+6281234567804")
    path = tmp_path / f"peserta{suffix}"
    assert runner.invoke(args=["export-data", "participants", str(path)]).exit_code == 0
    before = (count(Participant), count(StatusChange))
    db.session.expire_all()
    snapshot = [
        (p.name, p.phone, p.cohort_id, p.kecamatan_id, p.education, p.birth_date, p.trade,
         p.status, p.priority)
        for p in db.session.scalars(select(Participant).order_by(Participant.id))
    ]  # fmt: skip
    budi = people[3]
    result = runner.invoke(args=["import-data", "participants", str(path)])
    assert result.exit_code == 0, result.output
    assert "Selesai: 0 dibuat, 0 diperbarui, 4 tidak berubah" in result.output
    assert (count(Participant), count(StatusChange)) == before
    db.session.expire_all()
    assert snapshot == [
        (p.name, p.phone, p.cohort_id, p.kecamatan_id, p.education, p.birth_date, p.trade,
         p.status, p.priority)
        for p in db.session.scalars(select(Participant).order_by(Participant.id))
    ]  # fmt: skip
    assert budi.status == WubStatus.OPERATING


def test_xlsx_keeps_phones_as_text_and_dates_iso(runner, tmp_path, people):
    path = tmp_path / "peserta.xlsx"
    runner.invoke(args=["export-data", "participants", str(path), "--cohort", str(people[0].id)])
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == PARTICIPANT_COLUMNS and len(rows) == 3
    assert rows[1][2] == "+6281234567801" and rows[1][5] == "2003-08-17"


def test_cohorts_export_then_import_changes_nothing(runner, tmp_path, people):
    path = tmp_path / "angkatan.xlsx"
    assert runner.invoke(args=["export-data", "cohorts", str(path)]).exit_code == 0
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == COHORT_COLUMNS
    assert ("Logam Cepogo", 2024, "metal_crafts", "Cepogo, Boyolali", "ILMO", "2024-07-01",
            "2024-07-14", "APBD", 150_000_000) in rows  # fmt: skip
    result = runner.invoke(args=["import-data", "cohorts", str(path)])
    assert "Selesai: 0 dibuat, 0 diperbarui, 3 tidak berubah" in result.output
    assert count(Cohort) == 3


def test_visits_export(runner, tmp_path, people):
    path = tmp_path / "kunjungan.csv"
    assert runner.invoke(args=["export-data", "visits", str(path)]).exit_code == 0
    rows = read_csv(path.read_bytes())
    assert tuple(rows[0]) == VISIT_COLUMNS
    assert rows[1] == [
        "Budi", "+6281234567802", "2025-01-15", "", "ya", "2", "1m-5m", "1", "capital,marketing",
        "Butuh modal",
    ]  # fmt: skip


def test_export_needs_a_known_suffix(runner, tmp_path):
    result = runner.invoke(args=["export-data", "participants", str(tmp_path / "x.txt")])
    assert result.exit_code == 2 and ".csv atau .xlsx" in result.output


def test_download_routes_filter_like_the_list(client, auth, official, people):
    cepogo = people[0]
    auth.login(official)
    response = client.get(f"/petugas/ekspor/peserta.csv?cohort={cepogo.id}&status=trained")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="peserta-' in response.headers["Content-Disposition"]
    rows = read_csv(response.data)
    assert [row[0] for row in rows[1:]] == ["Agus"]
    response = client.get("/petugas/ekspor/peserta.xlsx?status=bukan-status")  # ignored
    assert len(list(load_workbook(io.BytesIO(response.data)).active.iter_rows())) == 4
    response = client.get("/petugas/ekspor/angkatan.csv?year=2023")
    assert [row[:2] for row in read_csv(response.data)[1:]] == [["Logam Cepogo", "2023"]]
    response = client.get(f"/petugas/ekspor/kunjungan.xlsx?cohort={people[1].id}")
    assert len(list(load_workbook(io.BytesIO(response.data)).active.iter_rows())) == 1


def test_downloads_are_for_officials_only(client, auth, owner):
    assert client.get("/petugas/ekspor/peserta.csv").status_code == 302
    auth.login(owner)
    assert client.get("/petugas/ekspor/peserta.csv").status_code == 403
