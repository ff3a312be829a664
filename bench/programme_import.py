"""The programme import benchmark (`make bench-import`): 10,000 participants from a messy
XLSX and a messy CSV, each into a fresh SQLite database, median of three runs.

The files look like the officials' own: a title row merged across the columns,
Indonesian headers, the cohort name merged down over each block of participants
(XLSX), blank rows, dates and phones written every way, Excel date cells and
serials. What is timed is what `flask import-data participants` does: read the
file, check every row, save all of them in one transaction.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

LIMIT_SECONDS = 30.0
HEADER = ["No", "Nama Peserta", "Angkatan", "No. HP/WA", "Kecamatan", "Pendidikan",
          "Tgl Lahir", "Kejuruan", "Status"]  # fmt: skip
KECAMATAN = ("Setu", "cikarang barat", "CIBITUNG", "Tambun Selatan", "Babelan", "Cikarang Pusat")
EDUCATION = ("SMK", "SMA", "sma/smk", "SMP", "MA", "D3", "S1", "Paket C")
STATUS = ("lulus", "Lulus pelatihan", "terpilih", "trained", "mulai usaha", "beroperasi", "")
TRADES = ("", "Kerajinan logam", "metal_crafts", "")
COHORTS = 20  # cohorts of 500 participants
BLOCK = 25  # rows under one merged cohort cell
BLANK_EVERY = 100


def _phone(n: int):
    number = f"{n:08d}"
    forms = (f"0812-{number[:4]}-{number[4:]}", f"+62 812-{number[:4]}-{number[4:]}",
             f"62812{number}", int(f"812{number}"))  # fmt: skip
    return forms[n % 4]


def _birth(n: int):
    day, month, year = 1 + n % 28, 1 + n % 12, 1995 + n % 10
    forms = (f"{day:02d}/{month:02d}/{year}", f"{day:02d}-{month:02d}-{year}",
             f"{day} Agustus {year}", datetime(year, month, day), 36000 + n % 3000)  # fmt: skip
    return forms[n % 5]


def participant_rows(count: int) -> list[list]:
    """`count` participants, each in the cohort of its block of 500."""
    return [
        [n + 1, f"Peserta Bench {n}", f"Angkatan Bench {n // (count // COHORTS)}", _phone(n),
         KECAMATAN[n % 6], EDUCATION[n % 8], _birth(n), TRADES[n % 4], STATUS[n % 7]]
        for n in range(count)
    ]  # fmt: skip


def write_files(folder: Path, count: int) -> dict[str, Path]:
    """The cohorts file and the participants file in both formats."""
    rows = participant_rows(count)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"DAFTAR PESERTA WUB — {count} ORANG"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    line = 2
    for index, row in enumerate(rows):
        if index % BLOCK == 0:
            if index and index % BLANK_EVERY < BLOCK:  # now and then a blank row between blocks
                sheet.append([])
                line += 1
            first = line + 1
        sheet.append(row if index % BLOCK == 0 else [*row[:2], None, *row[3:]])
        line += 1
        if index % BLOCK == BLOCK - 1 or index == len(rows) - 1:
            # The cohort cell merged down over its block.
            sheet.merge_cells(start_row=first, start_column=3, end_row=line, end_column=3)
    xlsx = folder / "peserta.xlsx"
    workbook.save(xlsx)
    csv_path = folder / "peserta.csv"
    with csv_path.open("w", encoding="utf-8-sig") as handle:
        handle.write("DAFTAR PESERTA WUB\n\n" + ";".join(HEADER) + "\n")
        for row in rows:
            cells = [c.strftime("%d/%m/%Y") if isinstance(c, datetime) else str(c) for c in row]
            handle.write(";".join(cells) + "\n")
    cohorts = folder / "angkatan.csv"
    cohorts.write_text(
        "nama,tahun,bidang,tujuan\n"
        + "".join(f"Angkatan Bench {i},2024,Kerajinan logam,Cepogo\n" for i in range(COHORTS)),
        encoding="utf-8",
    )
    return {"xlsx": xlsx, "csv": csv_path, "cohorts": cohorts}


def time_import(folder: Path, files: dict[str, Path], fmt: str, run: int) -> float:
    """Seconds to import the participants file into a fresh, migrated SQLite database."""
    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.core.extensions import db
    from matchmaker.reference.services import load_reference_data
    from matchmaker.wub.spreadsheets import imports

    url = f"sqlite:///{folder / f'bench-{fmt}-{run}.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        load_reference_data()
        assert imports.run("cohorts", imports.read("cohorts", files["cohorts"])).saved
        start = time.perf_counter()
        outcome = imports.run("participants", imports.read("participants", files[fmt]))
        seconds = time.perf_counter() - start
        if not outcome.saved:
            raise SystemExit("\n".join(map(str, outcome.errors[:10])))
        if outcome.created != outcome.rows:
            raise SystemExit(f"{outcome.created} of {outcome.rows} rows created")
        db.session.remove()
        db.engine.dispose()
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; exit 1 if a median is over the limit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["INSTANCE_PATH"] = str(folder)
        files = write_files(folder, args.rows)
        results = {}
        for fmt in ("xlsx", "csv"):
            times = [time_import(folder, files, fmt, run) for run in range(args.runs)]
            results[fmt] = (statistics.median(times), times)
    print(f"\nProgramme import, {args.rows} participants, median of {args.runs} runs (SQLite)")
    print(f"{'file':<6} {'median s':>9} {'rows/s':>9}  runs")
    for fmt, (median, times) in results.items():
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"{fmt:<6} {median:>9.2f} {args.rows / median:>9.0f}  {runs}")
    worst = max(median for median, _ in results.values())
    verdict = "PASS" if worst < LIMIT_SECONDS else "FAIL"
    print(f"{verdict}: slowest median {worst:.2f} s against {LIMIT_SECONDS:.0f} s")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
