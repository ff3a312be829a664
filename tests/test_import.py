"""flask import-data: businesses and companies from CSV and XLSX, all rows or none."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from matchmaker.core.extensions import db
from matchmaker.imports.services import import_businesses
from matchmaker.imports.tables import cell_text, read_table
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from matchmaker.profiles.needs import need_values, title, volume
from tests import factories

DATA = Path(__file__).parent / "data" / "import"
BUSINESS_HEADER = ["name", "kecamatan", "sector"]


def run(runner, kind: str, path: Path):
    return runner.invoke(args=["import-data", kind, str(path)])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def business(name: str) -> SmallBusiness:
    db.session.expire_all()  # the command saved through its own session
    return db.session.scalar(select(SmallBusiness).where(SmallBusiness.name == name))


def company(name: str) -> Company:
    db.session.expire_all()
    return db.session.scalar(select(Company).where(Company.name == name))


def write_csv(path: Path, rows: list[list], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Catatan").append(["lembar kedua tidak dibaca"])
    workbook.save(path)
    return path


def assert_nothing_saved(result, before: dict) -> None:
    assert result.exit_code == 1, result.output
    assert "tidak ada data yang disimpan" in result.output
    assert "Traceback" not in result.output
    assert {model: count(model) for model in before} == before


# Good files


def test_businesses_from_csv(runner):
    result = run(runner, "businesses", DATA / "businesses.csv")
    assert result.exit_code == 0, result.output
    assert "Selesai: 3 dibuat, 0 diperbarui, 0 peringatan." in result.output

    bubut = business("Bengkel Bubut Sinar Jaya")
    assert bubut.owner_id is None and bubut.owner_name == "Agus Setiawan"
    assert bubut.kecamatan.name == "Cikarang Barat"  # given as "cikarang barat"
    assert (bubut.kbli_code, bubut.kbli_edition) == ("28", 2020)
    assert bubut.trade == "machining"
    assert bubut.phone == "+6281234567890"
    assert bubut.email == "sinarjaya@contoh.id"
    assert (bubut.employees, bubut.founded_year) == (3, 2020)
    assert bubut.mentoring_needs == "Pemasaran digital"

    las = business("Las Barokah")
    assert las.kecamatan.name == "Setu" and las.trade == "welding"
    assert las.employees == 1200  # "1.200", Indonesian thousands separator
    assert las.phone == "+6281312345678" and las.email == ""

    bengkel = business("Servis Mobil Rahayu")
    assert bengkel.kecamatan.name == "Tambun Selatan"
    assert bengkel.kbli_edition == 2025  # 95311 exists only in KBLI 2025
    assert bengkel.trade == "automotive"  # no words: from the KBLI code
    assert bengkel.employees is None and bengkel.description == ""


def test_businesses_from_xlsx(runner, tmp_path):
    path = write_xlsx(
        tmp_path / "usaha.xlsx",
        [
            [" Name ", "KECAMATAN", "Sector", "products", "employees", "founded_year", "phone"],
            [
                "Bubut Presisi Setu",
                "setu",
                25920,
                "Bushing dan poros bubut",
                4,
                2019,
                "0812 1111 2222",
            ],
            [None, None, None, None, None, None, None],
            ["Dinamo Babelan", "Babelan", 33141, "Gulung dinamo", 2.0, None, None],
        ],
    )
    result = run(runner, "businesses", path)
    assert result.exit_code == 0, result.output
    assert "2 dibuat" in result.output

    bubut = business("Bubut Presisi Setu")
    assert bubut.kecamatan.name == "Setu" and bubut.kbli_code == "25920"
    assert (bubut.employees, bubut.founded_year) == (4, 2019)
    assert bubut.phone == "+6281211112222" and bubut.trade == "machining"
    dinamo = business("Dinamo Babelan")
    assert dinamo.employees == 2 and dinamo.trade == "rewinding"


def test_businesses_from_csv_with_bom_and_semicolons(runner):
    result = run(runner, "businesses", DATA / "businesses_bom_semicolon.csv")
    assert result.exit_code == 0, result.output
    assert count(SmallBusiness) == 2
    assert business("Dinamo Jaya").kecamatan.name == "Cibitung"
    koperasi = business("Koperasi; Logam Setu")  # a quoted delimiter stays in the cell
    assert koperasi.products == "Kerajinan logam; pagar" and koperasi.kbli_code == "25"


def test_companies_from_csv(runner):
    result = run(runner, "companies", DATA / "companies.csv")
    assert result.exit_code == 0, result.output
    assert "3 dibuat, 0 diperbarui" in result.output
    assert "2 kebutuhan subkontrak, 2 program pendampingan" in result.output

    presisi = company("PT Komponen Presisi")
    assert presisi.estate.short_name == "MM2100"  # given as "mm2100"
    assert presisi.kecamatan.name == "Cikarang Barat" and presisi.kbli_code == "29300"
    assert presisi.contact_email == "csr@presisi.co.id"
    [need] = presisi.needs
    assert need.title == "Bushing baja diameter 20 mm"
    assert need.description.endswith("5.000 pcs/bulan.")
    assert (need.volume, need.volume_unit, need.is_open) == (5000, "pcs/bulan", True)
    [programme] = presisi.programmes
    assert programme.title == "Pendampingan mutu bengkel"
    assert programme.focus == "Pendampingan mutu bengkel. Pengendalian mutu, 5S, harga pokok."
    assert (programme.capacity, programme.is_open) == (8, True)

    elektrik = company("PT Elektrik Nusantara")
    assert elektrik.estate.short_name == "EJIP"  # by its full name
    [need] = elektrik.needs
    assert (
        need.title
        == "Perakitan wiring harness untuk motor listrik kecil sebanyak 2000 unit per bulan…"
    )
    assert (need.volume, need.volume_unit) == (2000, "unit/bulan")
    assert elektrik.programmes[0].capacity == 5  # the default when the capacity is blank

    plain = company("PT Tanpa Kawasan")
    assert plain.estate is None and plain.needs == [] and plain.programmes == []


def test_companies_from_xlsx(runner, tmp_path):
    path = write_xlsx(
        tmp_path / "perusahaan.xlsx",
        [
            ["name", "estate", "kecamatan", "sector", "subcontracting_needs", "mentoring_offer",
             "mentoring_capacity"],
            ["PT Baja Deltamas", "GIIC Deltamas", "cikarang pusat", 25920,
             "Pengecatan powder coating rangka. Sekitar 300 set per bulan.", None, None],
            ["PT Gobel Komponen", "gobel cibitung", "Cikarang Barat", 27111, None,
             "Kelas perakitan elektronik", 12],
        ],
    )  # fmt: skip
    result = run(runner, "companies", path)
    assert result.exit_code == 0, result.output

    baja = company("PT Baja Deltamas")
    assert baja.estate.short_name == "GIIC Deltamas" and baja.kecamatan.name == "Cikarang Pusat"
    assert [(n.title, n.volume, n.volume_unit) for n in baja.needs] == [
        ("Pengecatan powder coating rangka", 300, "set/bulan")
    ]
    gobel = company("PT Gobel Komponen")
    assert gobel.needs == []
    assert [(p.title, p.capacity) for p in gobel.programmes] == [("Kelas perakitan elektronik", 12)]


# Bad rows: every one listed, nothing saved


def test_every_bad_business_row_is_listed_and_nothing_saved(runner):
    factories.BusinessFactory(name="Bengkel Baik", kecamatan=factories.kecamatan("Setu"))
    before = {SmallBusiness: count(SmallBusiness)}
    result = run(runner, "businesses", DATA / "businesses_bad.csv")
    assert_nothing_saved(result, before)
    for line in (
        "Baris 3, kolom name: Wajib diisi.",
        "Baris 4, kolom kecamatan: Kecamatan tidak dikenal. Pilihan: Babelan, Bojongmangu",
        "Baris 5, kolom sector: Kode KBLI tidak dikenal",
        "Baris 5, kolom employees: Harus berupa bilangan bulat.",
        "Baris 5, kolom founded_year: Harus antara 1900 dan",
        "Baris 5, kolom phone: Nomor telepon tidak valid.",
        "Baris 5, kolom email: Alamat e-mail tidak valid.",
        # row 6 is blank; row 7 repeats row 2's name and kecamatan in other letters
        "Baris 7, kolom name: Nama dan kecamatan ini sudah ada di baris 2.",
        "8 kesalahan; tidak ada data yang disimpan.",
    ):
        assert line in result.output
    errors = [line for line in result.output.splitlines() if not line.startswith("Peringatan")]
    assert not any(line.startswith(("Baris 2,", "Baris 6,")) for line in errors)
    assert business("Bengkel Baik").phone == "+6281234567890"  # the stored one, unchanged


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("name", "x" * 121, "Maksimal 120 karakter."),
        ("kecamatan", "", "Wajib diisi."),
        ("sector", "2", "Kode KBLI tidak dikenal"),
        ("sector", "abc", "Kode KBLI tidak dikenal"),
        ("employees", "-1", "Harus antara 0 dan 100000."),
        ("phone", "0812", "Nomor telepon tidak valid."),
    ],
)
def test_a_bad_business_value_names_row_and_column(runner, tmp_path, column, value, message):
    row = {"name": "Bengkel Uji", "kecamatan": "Setu", "sector": "25920"}
    columns = [*BUSINESS_HEADER, "employees", "phone"]
    bad = {**row, column: value}
    path = write_csv(
        tmp_path / "usaha.csv",
        [columns, [row.get(c, "") for c in columns], [bad.get(c, "") for c in columns]],
    )
    result = run(runner, "businesses", path)
    assert_nothing_saved(result, {SmallBusiness: 0})
    assert f"Baris 3, kolom {column}: {message}" in result.output


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("estate", "Kawasan Fiktif", "Kawasan industri tidak dikenal. Pilihan: "),
        ("mentoring_capacity", "banyak", "Harus berupa bilangan bulat."),
        ("mentoring_capacity", "0", "Harus antara 1 dan 10000."),
        ("contact_email", "csr@", "Alamat e-mail tidak valid."),
        ("sector", "", "Wajib diisi."),
        ("subcontracting_needs", "x" * 4001, "Maksimal 4000 karakter."),
    ],
)
def test_a_bad_company_value_names_row_and_column(runner, tmp_path, column, value, message):
    columns = ["name", "estate", "kecamatan", "sector", "mentoring_offer", "mentoring_capacity",
               "contact_email", "subcontracting_needs"]  # fmt: skip
    row = {"name": "PT Uji", "kecamatan": "Setu", "sector": "29300", "mentoring_offer": "Mutu"}
    bad = {**row, "name": "PT Uji Dua", column: value}
    path = write_xlsx(
        tmp_path / "perusahaan.xlsx",
        [columns, [row.get(c) for c in columns], [bad.get(c) for c in columns]],
    )
    before = {Company: 0, MentoringProgramme: 0, SubcontractingNeed: 0}
    result = run(runner, "companies", path)
    assert_nothing_saved(result, before)
    assert f"Baris 3, kolom {column}: {message}" in result.output
    assert "Peringatan" not in result.output


# The header


def test_unknown_columns_are_warnings(runner, tmp_path):
    path = write_csv(
        tmp_path / "usaha.csv",
        [[*BUSINESS_HEADER, "alamat_lengkap"], ["Bengkel Uji", "Setu", "25920", "Jl. Raya 1"]],
    )
    result = run(runner, "businesses", path)
    assert result.exit_code == 0, result.output
    assert "Peringatan: Kolom alamat_lengkap: Tidak dikenal, diabaikan." in result.output
    # "Bengkel Uji" names no trade: the one its KBLI code gives is said, not kept silent.
    assert (
        "Peringatan: Baris 2, kolom trade: Bidang usaha tidak terbaca dari isian baris ini; "
        "disimpan sebagai Pelapisan & pengecatan logam (dari kode KBLI)."
    ) in result.output
    assert "1 dibuat, 0 diperbarui, 2 peringatan." in result.output
    assert count(SmallBusiness) == 1


def test_a_missing_required_column_is_an_error(runner, tmp_path):
    path = write_csv(tmp_path / "usaha.csv", [["name", "sector"], ["Bengkel Uji", "25920"]])
    result = run(runner, "businesses", path)
    assert_nothing_saved(result, {SmallBusiness: 0})
    assert "Kolom kecamatan: Wajib ada di baris judul." in result.output


def test_a_column_twice_is_an_error(runner, tmp_path):
    path = write_csv(tmp_path / "usaha.csv", [[*BUSINESS_HEADER, "Name"], ["a", "Setu", "25", "b"]])
    result = run(runner, "businesses", path)
    assert result.exit_code == 1
    assert "Kolom name muncul lebih dari sekali." in result.output


def test_capacity_without_an_offer_is_a_warning(runner, tmp_path):
    columns = ["name", "kecamatan", "sector", "mentoring_capacity"]
    path = write_csv(tmp_path / "p.csv", [columns, ["PT Uji", "Setu", "29300", "4"]])
    result = run(runner, "companies", path)
    assert result.exit_code == 0, result.output
    assert "Baris 2, kolom mentoring_capacity: Diabaikan karena kolom mentoring_offer kosong." in (
        result.output
    )
    assert count(MentoringProgramme) == 0


def test_an_uploaded_file_imports_through_the_services():
    """The services take an open file and its name, as an upload page would pass them."""
    upload = io.BytesIO(b"name;kecamatan;sector\nBengkel Unggah;Setu;25920\n")
    result = import_businesses(read_table(upload, "unggahan.CSV"))
    assert (result.ok, result.created, result.rows) == (True, 1, 1)
    assert business("Bengkel Unggah").kecamatan.name == "Setu"


# Blank rows, duplicates, importing again


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(runner, tmp_path):
    path = write_csv(
        tmp_path / "usaha.csv",
        [BUSINESS_HEADER, ["A", "Setu", "25920"], [], ["", " ", ""], ["B", "Atlantis", "25920"]],
    )
    result = run(runner, "businesses", path)
    assert_nothing_saved(result, {SmallBusiness: 0})
    assert "Baris 5, kolom kecamatan: Kecamatan tidak dikenal." in result.output
    assert "1 kesalahan" in result.output


def test_same_name_in_another_kecamatan_is_not_a_duplicate(runner, tmp_path):
    rows = [BUSINESS_HEADER, ["Las Jaya", "Setu", "25111"], ["LAS JAYA", "Babelan", "25111"]]
    result = run(runner, "businesses", write_csv(tmp_path / "usaha.csv", rows))
    assert result.exit_code == 0, result.output
    assert count(SmallBusiness) == 2


def test_importing_businesses_again_updates_them(runner, tmp_path):
    assert run(runner, "businesses", DATA / "businesses.csv").exit_code == 0
    owned = factories.BusinessFactory(name="Bengkel Milik Pemilik")
    changed = [
        ["name", "kecamatan", "sector", "employees", "products", "capabilities", "equipment",
         "description"],
        ["bengkel bubut sinar jaya", "Cikarang Barat", "28", "9", "Pagar", "Las listrik",
         "Mesin las", "Bengkel las"],
        ["Las Barokah", "setu", "25111", "", "Pagar", "", "", ""],
    ]  # fmt: skip
    result = run(runner, "businesses", write_csv(tmp_path / "lagi.csv", changed))
    assert result.exit_code == 0, result.output
    assert "0 dibuat, 2 diperbarui" in result.output
    assert count(SmallBusiness) == 4

    bubut = business("bengkel bubut sinar jaya")
    assert bubut.employees == 9 and bubut.products == "Pagar"
    assert bubut.phone == "+6281234567890"  # a column not in the file is left alone
    assert bubut.trade == "welding"  # inferred again from the new words (name: bubut)
    assert business("Las Barokah").employees is None  # a blank cell clears the value
    assert business("Bengkel Milik Pemilik").owner_id == owned.owner_id


def test_importing_companies_again_adds_only_new_needs_and_programmes(runner, tmp_path):
    assert run(runner, "companies", DATA / "companies.csv").exit_code == 0
    result = run(runner, "companies", DATA / "companies.csv")
    assert result.exit_code == 0, result.output
    assert "0 dibuat, 3 diperbarui" in result.output
    assert (count(Company), count(SubcontractingNeed), count(MentoringProgramme)) == (3, 2, 2)

    columns = ["name", "kecamatan", "sector", "subcontracting_needs", "description"]
    row = ["pt komponen presisi", "Cikarang Barat", "29300", "Poros baja 1.500 pcs per bulan", ""]
    result = run(runner, "companies", write_csv(tmp_path / "lagi.csv", [columns, row]))
    assert result.exit_code == 0, result.output
    presisi = company("pt komponen presisi")
    assert [n.volume for n in presisi.needs] == [5000, 1500]
    assert len(presisi.programmes) == 1 and presisi.estate.short_name == "MM2100"
    assert presisi.description == ""


# Files that are not tables


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("catatan.txt", b"name,kecamatan\n", "Jenis berkas .txt tidak didukung."),
        ("tanpa_akhiran", b"name\n", "Jenis berkas (tanpa akhiran) tidak didukung."),
        ("palsu.xlsx", b"name,kecamatan,sector\nA,Setu,25\n", "bukan lembar kerja .xlsx"),
        ("kosong.xlsx", b"", "bukan lembar kerja .xlsx"),
        ("ansi.csv", "name,kecamatan,sector\nCaf\xe9,Setu,25\n".encode("cp1252"), "UTF-8"),
        ("kosong.csv", b"", "Berkas kosong"),
        ("judul_kosong.csv", b",,\nA,Setu,25\n", "Berkas kosong"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused(runner, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run(runner, "businesses", path)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit


def test_a_text_file_from_the_fixtures_is_refused(runner):
    result = run(runner, "companies", DATA / "notes.txt")
    assert result.exit_code == 1 and "tidak didukung" in result.output


def test_a_zip_that_is_not_a_workbook_is_refused(runner, tmp_path):
    import zipfile

    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("catatan.txt", "bukan workbook")
    result = run(runner, "businesses", path)
    assert result.exit_code == 1 and "bukan lembar kerja .xlsx" in result.output


# A large file


def test_ten_thousand_businesses(runner, tmp_path):
    kecamatan = ["Setu", "cibitung", "CIKARANG BARAT", "Tambun Selatan", "Babelan"]
    words = ["Bubut poros dan bushing", "Las pagar dan kanopi", "Gulung dinamo", "Servis mobil"]
    rows = [
        [f"Usaha {n}", kecamatan[n % 5], ("25920", "25111", "33141", "95311")[n % 4],
         words[n % 4], str(n % 50), f"0812{n:08d}", f"usaha{n}@contoh.id"]
        for n in range(10_000)
    ]  # fmt: skip
    header = [*BUSINESS_HEADER, "products", "employees", "phone", "email"]
    result = run(runner, "businesses", write_csv(tmp_path / "besar.csv", [header, *rows]))
    assert result.exit_code == 0, result.output
    assert "Selesai: 10000 dibuat" in result.output
    assert "Memeriksa baris" in result.stderr and "Menyimpan" in result.stderr
    assert count(SmallBusiness) == 10_000

    las = business("Usaha 9997")
    assert las.kecamatan.name == "Cikarang Barat" and las.kbli_edition == 2020
    assert (las.trade, las.employees, las.phone) == ("welding", 47, "+6281200009997")
    last = business("Usaha 9999")
    assert (last.kecamatan.name, last.kbli_edition) == ("Babelan", 2025)
    assert (last.trade, last.email) == ("automotive", "usaha9999@contoh.id")
    query = select(SmallBusiness.trade, func.count()).group_by(SmallBusiness.trade)
    trades = {trade: n for trade, n in db.session.execute(query)}
    assert trades == {"machining": 2500, "welding": 2500, "rewinding": 2500, "automotive": 2500}


# The text rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bushing baja. Sesuai gambar.", "Bushing baja"),
        ("Poros 5.000 pcs/bulan untuk pabrik", "Poros 5.000 pcs/bulan untuk pabrik"),
        ("Baris pertama\nbaris kedua", "Baris pertama"),
        ("a" * 90, "a" * 80 + "…"),
        ("kata " * 30, "kata " * 15 + "kata…"),
    ],
)
def test_title(text, expected):
    assert title(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kebutuhan 5.000 pcs/bulan", (5000, "pcs/bulan")),
        ("sekitar 2000 unit per bulan", (2000, "unit/bulan")),
        ("1,500 Set / Minggu", (1500, "set/minggu")),
        ("10 ton tiap thn", (10, "ton/tahun")),
        ("300 per bulan", (300, "per bulan")),
        ("Bushing diameter 20 mm", (None, "")),
        ("0 pcs/bulan", (None, "")),
    ],
)
def test_volume(text, expected):
    assert volume(text) == expected


def test_need_values():
    assert need_values("Poros 20 pcs/hari") == {
        "title": "Poros 20 pcs/hari",
        "description": "Poros 20 pcs/hari",
        "volume": 20,
        "volume_unit": "pcs/hari",
    }


def test_cell_text():
    from datetime import date, datetime, time

    assert [cell_text(v) for v in (None, 25920.0, 2.5, True, False, "x")] == [
        "", "25920", "2.5", "ya", "tidak", "x"
    ]  # fmt: skip
    assert cell_text(datetime(2024, 1, 2)) == "2024-01-02"
    assert cell_text(datetime(2024, 1, 2, 8, 30)) == "2024-01-02 08:30:00"
    assert cell_text(date(2024, 1, 2)) == "2024-01-02" and cell_text(time(8, 30)) == "08:30:00"


@pytest.mark.parametrize(
    "cell, stored", [("Pengelasan & fabrikasi", "welding"), ("Machining & turning", "machining")]
)
def test_a_stated_trade_is_taken_as_written(runner, tmp_path, cell, stored):
    path = write_xlsx(
        tmp_path / "usaha.xlsx",
        [["name", "kecamatan", "sector", "Trade"], ["Bengkel Uji", "Setu", "25920", cell]],
    )
    result = run(runner, "businesses", path)
    assert result.exit_code == 0 and "peringatan" not in result.output.split("Selesai")[0]
    assert business("Bengkel Uji").trade == stored


def test_an_unknown_trade_is_an_error_not_a_guess(runner, tmp_path):
    path = write_csv(
        tmp_path / "usaha.csv",
        [["name", "kecamatan", "sector", "trade"], ["Roti Enak", "Setu", "25920", "Tukang roti"]],
    )
    result = run(runner, "businesses", path)
    assert_nothing_saved(result, {SmallBusiness: 0})
    assert "Baris 2, kolom trade: Bidang usaha “Tukang roti” tidak dikenal. Pilihan: " in (
        result.output
    )
