"""flask import-data cohorts|participants: messy real-world spreadsheets, all rows or none."""

import csv
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from matchmaker.audit.models import AuditEntry
from matchmaker.core.extensions import db
from matchmaker.wub.cohorts.models import Cohort, Education, Participant, StatusChange, WubStatus
from matchmaker.wub.spreadsheets import imports
from matchmaker.wub.spreadsheets.participants import ParticipantImport
from tests import factories

SAMPLES = Path(__file__).parent / "data" / "programme"
HEADER = ["Nama", "Angkatan", "No HP", "Kecamatan", "Pendidikan", "Tgl Lahir", "Status"]


def run(runner, kind: str, path: Path):
    return runner.invoke(args=["import-data", kind, str(path)])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def participant(name: str) -> Participant:
    db.session.expire_all()
    return db.session.scalar(select(Participant).where(Participant.name == name))


def write_xlsx(path: Path, rows: list[list], merges: tuple[str, ...] = ()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def assert_nothing_saved(result, participants: int = 0) -> None:
    assert result.exit_code == 1, result.output
    assert "tidak ada data yang disimpan" in result.output and "Traceback" not in result.output
    assert count(Participant) == participants


@pytest.fixture
def cohort():
    return factories.CohortFactory(name="Logam Cepogo", year=2024, trade="metal_crafts")


# The sample files: title rows, merged cells, blank rows, every date and phone form


def test_sample_files_import_and_import_again_changes_nothing(runner):
    result = run(runner, "cohorts", SAMPLES / "cohorts.xlsx")
    assert result.exit_code == 0, result.output
    assert "Selesai: 3 dibuat, 0 diperbarui, 0 tidak berubah, 0 peringatan." in result.output
    cepogo = db.session.scalar(
        select(Cohort).where(Cohort.year == 2024, Cohort.name.like("Logam%"))
    )
    assert (cepogo.trade, cepogo.seksi, cepogo.destination) == (
        "metal_crafts",
        "ILMO",
        "Cepogo, Boyolali",
    )
    assert (cepogo.start_date, cepogo.end_date) == (date(2024, 7, 1), date(2024, 7, 14))
    dinamo = db.session.scalar(select(Cohort).where(Cohort.name == "Dinamo Surabaya"))
    assert (dinamo.start_date, dinamo.end_date, dinamo.budget_source) == (
        date(2024, 8, 5), date(2024, 8, 17), "APBD",
    )  # fmt: skip
    old = db.session.scalar(select(Cohort).where(Cohort.year == 2023))
    assert old.start_date == date(2023, 7, 3)  # Excel serial 45110

    for name in ("participants.xlsx", "participants.csv"):
        result = run(runner, "participants", SAMPLES / name)
        assert result.exit_code == 0, result.output
    agus, budi, citra = (
        participant("Agus Salim"),
        participant("Budi Santoso"),
        participant("Citra Lestari"),
    )
    # The cohort cell is merged down over Agus, Budi and Citra.
    assert {p.cohort_id for p in (agus, budi, citra)} == {cepogo.id}
    assert [p.phone for p in (agus, budi, citra)] == [
        "+6281234567801", "+6281234567802", "+6281234567803",
    ]  # fmt: skip
    assert [p.birth_date for p in (agus, budi, citra)] == [
        date(2003, 8, 17), date(2002, 8, 17), date(2001, 8, 17),
    ]  # fmt: skip
    assert agus.kecamatan.name == "Setu" and budi.kecamatan.name == "Cikarang Barat"
    assert (agus.education, agus.priority, citra.priority) == (Education.SLTA, True, False)
    assert (agus.trade, agus.status) == ("metal_crafts", WubStatus.TRAINED)  # blank: the cohort's
    assert [(c.previous, c.status, c.note) for c in agus.history] == [
        (None, WubStatus.SELECTED, "impor"), (WubStatus.SELECTED, WubStatus.TRAINED, "impor"),
    ]  # fmt: skip
    assert agus.history[0].changed_on == date.today() and agus.history[0].changed_by_id is None
    dedi = participant("Dedi Kurniawan")  # phone and birth date as numbers (serial 37485)
    assert (dedi.cohort_id, dedi.phone, dedi.birth_date) == (
        dinamo.id,
        "+6281234567804",
        date(2002, 8, 17),
    )
    assert participant("Eko Prasetyo").cohort_id == cepogo.id  # "Logam Cepogo 2024" in the CSV
    assert count(Participant) == 6

    before = (count(Participant), count(StatusChange), count(Cohort))
    for kind, name, rows in (
        ("cohorts", "cohorts.xlsx", 3), ("participants", "participants.xlsx", 4),
        ("participants", "participants.csv", 2),
    ):  # fmt: skip
        result = run(runner, kind, SAMPLES / name)
        assert f"Selesai: 0 dibuat, 0 diperbarui, {rows} tidak berubah" in result.output
    assert (count(Participant), count(StatusChange), count(Cohort)) == before
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["cohort.import", *["participant.import"] * 2] * 2
    assert entries[1].changes["created"] == [None, 4]


@pytest.mark.parametrize(
    "written",
    [
        "17/08/2002",
        "17-08-2002",
        "17 Agustus 2002",
        "17 agt 02",
        datetime(2002, 8, 17),
        37485,
        "2002-08-17",
    ],
)
def test_each_date_form(runner, tmp_path, cohort, written):
    rows = [HEADER, ["Agus", "Logam Cepogo", "0812-3456-7890", "Setu", "SMK", written, "lulus"]]
    result = run(runner, "participants", write_xlsx(tmp_path / "p.xlsx", rows))
    assert result.exit_code == 0, result.output
    assert participant("Agus").birth_date == date(2002, 8, 17)


@pytest.mark.parametrize(
    "written", ["0812-3456-7890", "+62 812-3456-7890", "6281234567890", 81234567890]
)
def test_each_phone_form(runner, tmp_path, cohort, written):
    rows = [HEADER, ["Agus", "Logam Cepogo", written, "Setu", "SMK", "", ""]]
    result = run(runner, "participants", write_xlsx(tmp_path / "p.xlsx", rows))
    assert result.exit_code == 0, result.output
    assert participant("Agus").phone == "+6281234567890"


def test_header_below_title_rows_with_blank_rows_and_a_repeated_header(runner, tmp_path, cohort):
    rows = [
        ["DAFTAR PESERTA WUB 2024 — SEKSI ILMO"], ["Dinas Perindustrian"], [], HEADER,
        ["Agus", "Logam Cepogo", "081234567801", "Setu", "SMK", "", ""], [], [],
        HEADER,  # the header again, as printed on each page
        ["Budi", "Logam Cepogo", "081234567802", "Setu", "SMA", "", ""],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "p.xlsx", rows, merges=("A1:G1", "A2:G2"))
    result = run(runner, "participants", path)
    assert result.exit_code == 0, result.output
    assert "2 dibuat" in result.output and count(Participant) == 2


def test_a_file_without_a_header_names_the_columns(runner, tmp_path):
    path = write_csv(tmp_path / "p.csv", [["DAFTAR"], ["Agus", "Setu"]])
    result = run(runner, "participants", path)
    assert result.exit_code == 1 and "Baris judul kolom tidak ditemukan" in result.output
    assert "name, cohort, phone" in result.output


def test_a_missing_required_column_is_named(runner, tmp_path, cohort):
    path = write_csv(
        tmp_path / "p.csv", [["nama", "angkatan", "no hp"], ["Agus", "Logam Cepogo", ""]]
    )
    result = run(runner, "participants", path)
    assert_nothing_saved(result)
    assert "Kolom Kecamatan: Wajib ada di baris judul." in result.output


# Files that are not what they say


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "peserta.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
            "Jenis berkas .xls tidak didukung",
        ),
        ("peserta.pdf", b"%PDF-1.4\n", "Jenis berkas .pdf tidak didukung"),
        ("peserta.docx", None, "Jenis berkas .docx tidak didukung"),
        ("pdf.xlsx", b"%PDF-1.4\n%...", "sebenarnya PDF"),
        ("csv.xlsx", b"nama,angkatan,kecamatan\nAgus,X,Setu\n", "bukan lembar kerja .xlsx"),
        ("lama.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "Excel lama (.xls)"),
        ("word.xlsx", None, "dokumen Word"),
        ("xlsx.csv", "xlsx", "sebenarnya lembar kerja .xlsx"),
    ],
)
def test_wrong_or_renamed_files_get_a_clear_message(runner, tmp_path, name, content, message):
    path = tmp_path / name
    if content is None:
        _docx(path)
    elif content == "xlsx":
        write_xlsx(tmp_path / "asli.xlsx", [HEADER]).rename(path)
    else:
        path.write_bytes(content)
    result = run(runner, "participants", path)
    assert result.exit_code == 1 and message in result.output, result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit


# The rules: duplicates, cohorts, status steps, all or nothing


def test_the_same_person_twice_in_the_file_names_the_first_row(runner, tmp_path, cohort):
    rows = [
        HEADER,
        ["Agus Salim", "Logam Cepogo", "0812-3456-7801", "Setu", "SMK", "", ""],
        ["Budi", "Logam Cepogo", "0812-3456-7802", "Setu", "SMK", "", ""],
        ["agus  salim", "Logam Cepogo", "+62 812 3456 7801", "Setu", "SMK", "", ""],
    ]
    result = run(runner, "participants", write_xlsx(tmp_path / "p.xlsx", rows))
    assert_nothing_saved(result)
    assert "Baris 4, kolom Nama: Nama dan nomor telepon ini sudah ada di baris 2." in result.output


def test_a_participant_stored_in_another_cohort_is_an_error(runner, tmp_path, cohort):
    other = factories.ParticipantFactory(name="Agus Salim", phone="+6281234567801")
    rows = [HEADER, ["Agus Salim", "Logam Cepogo", "081234567801", "Setu", "SMK", "", ""]]
    result = run(runner, "participants", write_xlsx(tmp_path / "p.xlsx", rows))
    assert_nothing_saved(result, participants=1)
    assert (
        f"Baris 2, kolom Nama: Peserta dengan nama dan nomor telepon ini sudah terdaftar di "
        f"angkatan {other.cohort.name} (2024)." in result.output
    )


def test_unknown_and_ambiguous_cohorts(runner, tmp_path, cohort):
    factories.CohortFactory(name="Logam Cepogo", year=2023)
    factories.CohortFactory(name="Dinamo Surabaya", year=2024, trade="rewinding")
    rows = [
        HEADER,
        ["A", "Logam Cepogo", "", "Setu", "", "", ""],
        ["B", "Dinamo Surabya", "", "Setu", "", "", ""],
        ["C", "Pelatihan Tenun", "", "Setu", "", "", ""],
        ["D", "Logam Cepogo (2023)", "", "Setu", "", "", ""],
    ]
    result = run(runner, "participants", write_xlsx(tmp_path / "p.xlsx", rows))
    assert_nothing_saved(result)
    assert (
        "Baris 2, kolom Angkatan: Ada beberapa angkatan bernama Logam Cepogo (tahun 2023, 2024)"
        in (result.output)
    )
    assert (
        "Baris 3, kolom Angkatan: Angkatan tidak dikenal: Dinamo Surabya. Mungkin maksudnya: "
        "Dinamo Surabaya (2024)." in result.output
    )
    assert (
        "Baris 4, kolom Angkatan: Angkatan tidak dikenal: Pelatihan Tenun. Impor" in result.output
    )
    assert "Baris 5" not in result.output


def test_status_steps_are_checked_for_stored_participants(runner, tmp_path, cohort, official):
    agus = factories.ParticipantFactory(cohort=cohort, name="Agus", phone="+6281234567801")
    budi = factories.ParticipantFactory(cohort=cohort, name="Budi", phone="+6281234567802")
    rows = [
        HEADER,
        ["Agus", "Logam Cepogo", "081234567801", "Setu", "SMK", "", "terpilih"],  # backwards
        ["Budi", "Logam Cepogo", "081234567802", "Setu", "SMK", "", "beroperasi"],
    ]
    path = write_xlsx(tmp_path / "p.xlsx", rows)
    result = run(runner, "participants", path)
    assert_nothing_saved(result, participants=2)
    assert "Baris 2, kolom Status: Status Lulus pelatihan tidak bisa diubah menjadi Terpilih." in (
        result.output
    )
    rows.pop(1)  # Agus's row goes; Budi's step forward is saved
    path = write_xlsx(tmp_path / "p2.xlsx", rows)
    outcome = imports.run("participants", imports.read("participants", path), actor=official)
    assert (outcome.saved, outcome.updated, outcome.status_changes) == (True, 1, 1)
    budi = participant("Budi")
    assert (budi.status, budi.status_since) == (WubStatus.OPERATING, date.today())
    last = budi.history[-1]
    assert (last.previous, last.status, last.changed_by_id, last.note) == (
        WubStatus.TRAINED, WubStatus.OPERATING, official.id, "impor",
    )  # fmt: skip
    assert participant("Agus").status == WubStatus.TRAINED and len(agus.history) == 2


def test_one_bad_row_at_the_end_saves_nothing(runner, tmp_path, cohort):
    rows = [HEADER] + [
        [f"Peserta {n}", "Logam Cepogo", f"0812{n:08d}", "Setu", "SMK", "17/08/2002", "lulus"]
        for n in range(50)
    ]
    rows.append(["Terakhir", "Logam Cepogo", "12345", "Kota Antah", "SMK", "31/02/2002", "bingung"])
    result = run(runner, "participants", write_xlsx(tmp_path / "p.xlsx", rows))
    assert_nothing_saved(result)
    for column in ("No HP", "Kecamatan", "Tgl Lahir", "Status"):  # as the file writes them
        assert f"Baris 52, kolom {column}:" in result.output
    assert "4 kesalahan" in result.output


def test_a_failure_while_saving_rolls_everything_back(tmp_path, cohort, monkeypatch):
    rows = [HEADER] + [
        [f"Peserta {n}", "Logam Cepogo", f"0812{n:08d}", "Setu", "SMK", "", ""] for n in range(30)
    ]
    table = imports.read("participants", write_xlsx(tmp_path / "p.xlsx", rows))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ParticipantImport, "_step", staticmethod(broken))
    with pytest.raises(RuntimeError):
        imports.run("participants", table)
    assert count(Participant) == 0 and count(AuditEntry) == 0


def test_cohorts_update_on_name_and_year(runner, tmp_path, cohort):
    rows = [
        ["nama", "tahun", "bidang", "tujuan", "tanggal mulai", "tanggal selesai",
         "sumber anggaran"],
        ["logam cepogo", "2024", "Kerajinan logam", "Tumang, Boyolali", "1 Juli 2024",
         "14 Juli 2024", "APBN"],
        ["Logam Cepogo", "2025", "metal_crafts", "Cepogo", "", "", ""],
    ]  # fmt: skip
    result = run(runner, "cohorts", write_csv(tmp_path / "c.csv", rows))
    assert result.exit_code == 0, result.output
    assert "1 dibuat, 1 diperbarui, 0 tidak berubah" in result.output
    db.session.expire_all()
    assert (cohort.destination, cohort.budget_source) == ("Tumang, Boyolali", "APBN")
    new = db.session.scalar(select(Cohort).where(Cohort.year == 2025))
    assert (new.seksi, new.budget_source, new.start_date) == ("ILMO", "APBD", None)


def test_bad_cohort_rows_are_named(runner, tmp_path):
    rows = [
        ["name", "year", "trade", "seksi", "start_date", "end_date"],
        ["A", "2024", "metal_crafts", "ILMO", "", ""],
        ["B", "1999", "tenun", "Seksi Kuliner", "", ""],
        ["a", "2024", "metal_crafts", "", "", ""],
        ["C", "2024", "metal_crafts", "ILMO", "14/07/2024", "01/07/2024"],
    ]
    result = run(runner, "cohorts", write_csv(tmp_path / "c.csv", rows))
    assert result.exit_code == 1 and count(Cohort) == 0
    assert (
        "Baris 5, kolom end_date: Tanggal selesai tidak boleh sebelum tanggal mulai."
        in result.output
    )
    for column in ("year", "trade", "seksi"):
        assert f"Baris 3, kolom {column}:" in result.output
    assert (
        "Baris 4, kolom name: Angkatan dengan nama dan tahun ini sudah ada di baris 2."
        in result.output
    )


def test_a_large_file_shows_progress(runner, tmp_path, cohort):
    rows = [HEADER] + [
        [f"Peserta {n}", "Logam Cepogo", f"0812{n:08d}", "Setu", "SMK", "", ""] for n in range(600)
    ]
    result = run(runner, "participants", write_csv(tmp_path / "p.csv", rows))
    assert result.exit_code == 0, result.output
    assert "Memeriksa baris" in result.stderr and "Menyimpan" in result.stderr
    assert count(Participant) == 600 and count(StatusChange) == 600


def test_cohort_budget_amounts_as_officials_write_them(runner, tmp_path):
    """Thousands dots, Rp with cents, "juta": understood; anything else named by row."""
    path = tmp_path / "anggaran.csv"
    path.write_text(
        "Nama Angkatan;Tahun;Bidang;Anggaran\n"
        "Logam A;2024;metal_crafts;150.000.000\n"
        "Logam B;2024;metal_crafts;Rp 87.500.000,00\n"
        "Logam C;2024;metal_crafts;1,5 juta\n"
        "Logam D;2024;metal_crafts;\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import-data", "cohorts", str(path)])
    assert result.exit_code == 0, result.output
    budgets = dict(db.session.execute(db.select(Cohort.name, Cohort.budget)).all())
    assert budgets == {"Logam A": 150_000_000, "Logam B": 87_500_000, "Logam C": 1_500_000,
                       "Logam D": None}  # fmt: skip
    path.write_text(
        "Nama Angkatan;Tahun;Bidang;Anggaran\nLogam E;2024;metal_crafts;seratus juta\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import-data", "cohorts", str(path)])
    assert result.exit_code != 0
    assert "Baris 2, kolom Anggaran: Jumlah tidak dikenali" in result.output
    assert db.session.scalar(db.select(db.func.count(Cohort.id))) == 4
