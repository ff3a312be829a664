"""Reading a spreadsheet (CSV or XLSX) into numbered rows of raw text.

Nothing here knows what a business or a company is: the reader gives every row
with the number a user sees in a spreadsheet program, and every cell as text,
so each kind of import applies its own rules to the same shape.
"""

import csv
import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from defusedxml.ElementTree import ParseError  # the stdlib class, re-exported
from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

SUFFIXES = (".csv", ".xlsx")
DELIMITERS = (",", ";", "\t")
FORMULA_START = ("=", "+", "-", "@")  # as matchmaker.core.exports guards them
HEADER_SCAN = 20  # rows searched for the header below any title rows
# What a file really is, from its first bytes, whatever its name says.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls, old .doc
PDF_MAGIC = b"%PDF"
# A small upload must not unpack or spread into more than a worker can hold: a zip of
# highly compressible XML, or one cell placed at XFD1048576 (17 billion empty cells).
XLSX_MAX_UNPACKED = 100 * 2**20  # bytes, all parts of the workbook together
SHEET_MAX_ROWS = 100_000
SHEET_MAX_CELLS = 5_000_000  # rows × columns of the first sheet's used range
# A DTD can declare entities that expand a few bytes into gigabytes ("billion laughs") or
# read local files; a spreadsheet never needs one. Looked for in every part of the zip, in
# each encoding an XML parser reads (UTF-8 and the 8-bit ones share these bytes; UTF-16).
XML_DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
SCAN_CHUNK = 2**20

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
    """The header's column keys (in file order), the non-blank rows below it, and each
    column's header as the file writes it (errors name a column the way its file does)."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    headers: dict[str, str] = field(default_factory=dict)

    def header(self, column: str) -> str:
        """The column's header cell as written in the file; the key if it has none."""
        return self.headers.get(column) or column

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
    written = {key: " ".join(header[i].replace("\ufeff", "").split()) for i, key in keys.items()}
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
    return Table(tuple(keys.values()), tuple(rows), written)


def header_key(name: str) -> str:
    """A header cell as compared with known names and aliases: case, punctuation and
    spacing do not count ("No. HP/WA" -> "no hp wa", "start_date" -> "start date")."""
    return " ".join(re.sub(r"[\W_]+", " ", name.replace("\ufeff", "").casefold()).split())


def read_sheet(
    source: Source, filename: str | None = None, *, names: dict[str, str], minimum: int = 3
) -> Table:
    """The table in a CSV or XLSX file as officials keep it, columns named by `names`.

    `names` maps each accepted header (compared by header_key) to its column; the header
    is the first of the top HEADER_SCAN rows with at least `minimum` of them, so title
    rows above it are skipped. Other columns keep their header_key (to be reported).
    """
    grid = read_grid(source, filename)
    known = {header_key(alias): column for alias, column in names.items()}
    for index, (_number, cells) in enumerate(grid[:HEADER_SCAN]):
        hits = {known[k] for k in map(header_key, cells) if k in known}
        if len(hits) >= min(minimum, len(set(known.values()))):
            return _table_below(grid, index, known)
    if not any(any(c.strip() for c in cells) for _n, cells in grid):
        raise TableError(_("Berkas kosong: tidak ada baris judul kolom."))
    raise TableError(
        _(
            "Baris judul kolom tidak ditemukan di %(n)d baris pertama. Kolom yang dikenal: "
            "%(names)s.",
            n=HEADER_SCAN,
            names=", ".join(dict.fromkeys(known.values())),
        )
    )


def _table_below(grid: list[tuple[int, list[str]]], index: int, known: dict[str, str]) -> Table:
    """The rows under the header at grid[index], keyed by column."""
    header = grid[index][1]
    keys: dict[int, str] = {}
    for i, cell in enumerate(header):
        key = header_key(cell)
        if not key:
            continue
        column = known.get(key, key)
        if column in keys.values():
            raise TableError(
                _("Kolom %(name)s muncul lebih dari sekali (“%(cell)s”).", name=column, cell=cell)
            )
        keys[i] = column
    written = {
        column: " ".join(header[i].replace("\ufeff", "").split()) for i, column in keys.items()
    }
    rows = []
    for number, cells in grid[index + 1 :]:
        values = {key: _unguard(cells[i]) if i < len(cells) else "" for i, key in keys.items()}
        repeated = all(header_key(values[k]) in (k, header_key(header[i])) for i, k in keys.items())
        if any(values.values()) and not repeated:  # blank rows, a header repeated per page
            rows.append(Row(number, values))
    return Table(tuple(keys.values()), tuple(rows), written)


def _unguard(text: str) -> str:
    """A cell without the quote our exports put before formula-like text ('=Citra)."""
    text = text.strip()
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_START else text


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
    _sniff(data, suffix)
    return _csv_grid(data) if suffix == ".csv" else _xlsx_grid(data)


def _sniff(data: bytes, suffix: str) -> None:
    """Refuse a file whose content is not what its name says (a renamed PDF, .xls, …)."""
    if data.startswith(PDF_MAGIC):
        raise TableError(
            _(
                "Berkas ini sebenarnya PDF, bukan lembar kerja. Buka data aslinya di Excel "
                "lalu simpan sebagai .xlsx atau CSV UTF-8."
            )
        )
    if data.startswith(OLE_MAGIC):
        raise TableError(
            _(
                "Berkas ini berformat Excel lama (.xls) atau Word lama (.doc). Buka di Excel "
                "lalu simpan ulang sebagai .xlsx."
            )
        )
    if suffix == ".csv" and data.startswith(ZIP_MAGIC):
        raise TableError(
            _(
                "Berkas bernama .csv ini sebenarnya lembar kerja .xlsx (atau dokumen Office "
                "lain). Ganti akhiran namanya menjadi .xlsx, atau simpan ulang sebagai CSV UTF-8."
            )
        )
    if suffix == ".xlsx" and data and not data.startswith(ZIP_MAGIC):
        raise TableError(
            _(
                "Berkas ini bukan lembar kerja .xlsx yang valid: isinya teks biasa (mungkin "
                "CSV yang diganti namanya). Ganti akhiran namanya menjadi .csv, atau simpan "
                "ulang sebagai .xlsx."
            )
        )


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
    # Counted over the top lines, not the first alone: a title row above the header
    # holds no delimiter.
    top = "\n".join(text.split("\n", HEADER_SCAN)[:HEADER_SCAN])
    delimiter = max(DELIMITERS, key=top.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return list(enumerate(reader, start=1))
    except csv.Error as error:
        raise TableError(_("Berkas CSV rusak: %(error)s.", error=str(error))) from None


def _xlsx_grid(data: bytes) -> list[tuple[int, list[str]]]:
    with warnings.catch_warnings():
        # Workbooks from other programs trigger harmless openpyxl warnings (styles, extensions).
        warnings.simplefilter("ignore")
        _refuse_other_office_files(data)
        _refuse_xml_declarations(data)
        try:
            # Not read-only: merged ranges are only known to a fully loaded sheet.
            workbook = load_workbook(io.BytesIO(data), data_only=True)
        except (
            zipfile.BadZipFile,
            InvalidFileException,
            KeyError,
            ValueError,
            OSError,
            ParseError,
        ):
            raise TableError(
                _("Berkas ini bukan lembar kerja .xlsx yang valid. Simpan ulang sebagai .xlsx.")
            ) from None
        try:
            sheet = workbook.worksheets[0]
            _refuse_huge_sheet(sheet.max_row, sheet.max_column)
            grid = [list(values) for values in sheet.iter_rows(values_only=True)]
            _fill_merged(grid, sheet.merged_cells.ranges)
            return [
                (number, [cell_text(value) for value in values])
                for number, values in enumerate(grid, start=1)
            ]
        finally:
            workbook.close()


def _refuse_other_office_files(data: bytes) -> None:
    """A Word or PowerPoint file is a zip too; say what it is rather than "invalid"."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return
    if unpacked > XLSX_MAX_UNPACKED:  # zipfile stops at the declared size, so this holds
        raise TableError(
            _(
                "Berkas .xlsx ini terlalu besar setelah dibuka (lebih dari %(mb)d MB). "
                "Bagi menjadi beberapa berkas.",
                mb=XLSX_MAX_UNPACKED // 2**20,
            )
        )
    if any(n.startswith(("word/", "ppt/")) for n in names):
        raise TableError(
            _(
                "Berkas ini dokumen Word atau PowerPoint, bukan lembar kerja .xlsx. Salin "
                "tabelnya ke Excel lalu simpan sebagai .xlsx."
            )
        )


def _refuse_xml_declarations(data: bytes) -> None:
    """Refuse a workbook with a DTD or an entity declaration in any part, before a
    parser sees it (an unchecked DTD made the import preview fail with a server error)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return  # load_workbook says the file is not a valid .xlsx
    with archive:
        for info in archive.infolist():
            # An SVG picture may carry a DOCTYPE and is never parsed as XML here; a sheet
            # named .svg to slip past would still meet defusedxml inside openpyxl.
            if not info.filename.lower().endswith(".svg") and _declares_xml(archive, info):
                raise TableError(
                    _(
                        "Berkas .xlsx ini memuat deklarasi DTD atau entitas XML (bagian "
                        "%(part)s), yang tidak pernah ada di lembar kerja biasa dan bisa "
                        "berbahaya. Buka di Excel lalu simpan ulang sebagai .xlsx.",
                        part=info.filename,
                    )
                )


def _declares_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part holds "<!DOCTYPE" or "<!ENTITY", read in chunks that overlap by
    a marker's length, so one split between two chunks is found too."""
    overlap = max(map(len, XML_DECLARATIONS)) - 1
    tail = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(SCAN_CHUNK):
                window = tail + chunk
                if any(marker in window for marker in XML_DECLARATIONS):
                    return True
                tail = window[-overlap:]
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, ValueError, OSError):
        return False  # a damaged or encrypted part: load_workbook refuses the file
    return False


def _refuse_huge_sheet(rows: int, columns: int) -> None:
    """Refuse a sheet whose used range is too large to walk, before walking it."""
    if rows > SHEET_MAX_ROWS or rows * columns > SHEET_MAX_CELLS:
        raise TableError(
            _(
                "Lembar kerja terlalu besar: %(rows)d baris × %(columns)d kolom terpakai "
                "(paling banyak %(max)d baris). Hapus isi atau format sel di luar tabel, "
                "atau bagi menjadi beberapa berkas.",
                rows=rows,
                columns=columns,
                max=SHEET_MAX_ROWS,
            )
        )


def _fill_merged(grid: list[list[Any]], ranges) -> None:
    """Every cell of a merged range holds the range's value (a cohort name merged down
    over its participants applies to each of them)."""
    for merged in ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        for r in range(top, min(merged.max_row, len(grid))):
            row = grid[r]
            if len(row) < merged.max_col:
                row.extend([None] * (merged.max_col - len(row)))
            for c in range(left, merged.max_col):
                row[c] = value


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
