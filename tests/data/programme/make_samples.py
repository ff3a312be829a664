"""Write the sample messy spreadsheets beside this script (run it with python).

`python tests/data/programme/make_samples.py` rewrites them.

They look like what officials keep: a title row merged across the columns, Indonesian
headers, the cohort name merged down over its participants, blank rows, dates and
phones written every way, an Excel date cell and an Excel serial number.
"""

import csv
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent

COHORTS = [
    ["DAFTAR ANGKATAN PELATIHAN WUB — SEKSI ILMO"],
    ["Dinas Perindustrian Kabupaten Bekasi"],
    [],
    ["No.", "Nama Angkatan", "Tahun", "Kejuruan", "Lokasi Pelatihan", "Seksi/Bidang",
     "Tanggal Mulai", "Tanggal Selesai", "Sumber Dana"],
    [1, "Logam Cepogo", 2024, "Kerajinan logam", "Cepogo, Boyolali", "Seksi ILMO",
     datetime(2024, 7, 1), "14/07/2024", "APBD"],
    [2, "Dinamo Surabaya", 2024, "rewinding", "Kampung Dinamo, Surabaya", "ILMO",
     "5 Agustus 2024", "17-08-2024", ""],
    [],
    [3, "Logam Cepogo", 2023, "metal_crafts", "Cepogo, Boyolali", "", 45110, 45124, "APBD"],
]  # fmt: skip

PARTICIPANTS = [
    ["DAFTAR PESERTA WUB 2024 — SEKSI ILMO"],
    ["No", "Nama Peserta", "Angkatan", "No. HP/WA", "Kecamatan", "Pendidikan",
     "Tgl Lahir", "Kejuruan", "Status"],
    [1, "Agus Salim", "Logam Cepogo (2024)", "0812-3456-7801", "Setu", "SMK",
     datetime(2003, 8, 17), "", "lulus"],
    [2, "Budi Santoso", None, "+62 812-3456-7802", "cikarang barat", "SMA",
     "17/08/2002", "Kerajinan logam", "Lulus pelatihan"],
    [3, "Citra Lestari", None, "6281234567803", "Tambun Selatan", "SMP",
     "17 Agustus 2001", "", "terpilih"],
    [],
    [4, "Dedi Kurniawan", "Dinamo Surabaya", 81234567804, "Cibitung", "SMK",
     37485, "rewinding", "mulai usaha"],
]  # fmt: skip


def write_xlsx(path: Path, rows: list[list], merges: list[str]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    workbook.save(path)


def main() -> None:
    write_xlsx(HERE / "cohorts.xlsx", COHORTS, ["A1:I1", "A2:I2"])
    # The cohort name of rows 3-5 is one cell merged down (C3:C5).
    write_xlsx(HERE / "participants.xlsx", PARTICIPANTS, ["A1:I1", "C3:C5"])
    with (HERE / "participants.csv").open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["DAFTAR PESERTA WUB 2024"])
        writer.writerow([])
        writer.writerow(["nama", "angkatan", "telepon", "kecamatan", "pendidikan",
                         "tanggal lahir", "bidang", "status"])  # fmt: skip
        writer.writerow(["Eko Prasetyo", "Logam Cepogo 2024", "0812 3456 7805", "Setu",
                         "STM", "02-01-2000", "kerajinan logam", "trained"])  # fmt: skip
        writer.writerow(["Fajar Nugroho", "Dinamo Surabaya", "+6281234567806", "Babelan",
                         "SMK", "1 Jan 2001", "", "selected"])  # fmt: skip


if __name__ == "__main__":
    main()
