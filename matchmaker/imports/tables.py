"""Reading a spreadsheet (CSV or XLSX) into numbered rows of raw text.

Nothing here knows what a business or a company is: the reader gives every row
with the number a user sees in a spreadsheet program, and every cell as text,
so each kind of import applies its own rules to the same shape.
"""

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

SUFFIXES = (".csv", ".xlsx")
DELIMITERS = (",", ";", "\t")

Source = str | Path | BinaryIO


class TableError(Exception):
    """The file cannot be read as a table; the message tells the user why."""


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet row number and {column key: raw text}."""

    number: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    """The header's column keys (in file order) and the non-blank rows below it."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def unknown(self, known: tuple[str, ...]) -> list[str]:
        """Columns of the file that are not in `known`."""
        return [c for c in self.columns if c not in known]

    def missing(self, required: tuple[str, ...]) -> list[str]:
        """Columns in `required` that the file does not have."""
        return [c for c in required if c not in self.columns]


def column_key(name: str) -> str:
    """How a header cell is matched: case and surrounding spaces do not count."""
    return name.replace("\ufeff", "").strip().casefold()


def read_table(source: Source, filename: str | None = None, *, header_row: int = 1) -> Table:
    """The table in a CSV or XLSX file whose column names are on `header_row`.

    `filename` gives the type when `source` is an open file (an upload).
    Rows above the header and rows with every cell blank are left out.
    """
    grid = read_grid(source, filename)
    if len(grid) < header_row:
        raise TableError(_("Berkas kosong: tidak ada baris judul kolom."))
    header = grid[header_row - 1][1]
    keys = {i: column_key(cell) for i, cell in enumerate(header) if column_key(cell)}
    if not keys:
        raise TableError(_("Berkas kosong: tidak ada baris judul kolom."))
    seen: set[str] = set()
    for key in keys.values():
        if key in seen:
            raise TableError(_("Kolom %(name)s muncul lebih dari sekali.", name=key))
        seen.add(key)
    rows = []
    for number, cells in grid[header_row:]:
        values = {key: cells[i] if i < len(cells) else "" for i, key in keys.items()}
        if any(value.strip() for value in values.values()):
            rows.append(Row(number, values))
    return Table(tuple(keys.values()), tuple(rows))


def read_grid(source: Source, filename: str | None = None) -> list[tuple[int, list[str]]]:
    """Every row of the file (the first sheet of a workbook) as (row number, cell texts)."""
    name = filename or str(getattr(source, "name", source))
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise TableError(
            _(
                "Jenis berkas %(suffix)s tidak didukung. Gunakan .csv (UTF-8) atau .xlsx.",
                suffix=suffix or _("(tanpa akhiran)"),
            )
        )
    data = _read_bytes(source)
    return _csv_grid(data) if suffix == ".csv" else _xlsx_grid(data)


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    return source.read()


def _csv_grid(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError(
            _(
                "Berkas CSV tidak bisa dibaca sebagai teks UTF-8. Di Excel, simpan sebagai "
                "“CSV UTF-8”, atau unggah berkas .xlsx."
            )
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return list(enumerate(reader, start=1))
    except csv.Error as error:
        raise TableError(_("Berkas CSV rusak: %(error)s.", error=str(error))) from None


def _xlsx_grid(data: bytes) -> list[tuple[int, list[str]]]:
    with warnings.catch_warnings():
        # Workbooks from other programs trigger harmless openpyxl warnings (styles, extensions).
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
            raise TableError(
                _("Berkas ini bukan lembar kerja .xlsx yang valid. Simpan ulang sebagai .xlsx.")
            ) from None
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # some programs write a wrong size; read every cell there is
            return [
                (number, [cell_text(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
        finally:
            workbook.close()


def cell_text(value: Any) -> str:
    """A cell as the text a user would type: 25920 not 25920.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
