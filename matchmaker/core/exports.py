"""Writing a list or a table of figures as a CSV or XLSX file people open in a spreadsheet.

Shared by the `export-data` command and every download button, so a list downloads
with the same columns and the same cell forms (dates YYYY-MM-DD, phones +62…)
wherever it comes from.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from flask import Response
from openpyxl import Workbook

FORMATS = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
# A spreadsheet runs a cell starting with one of these as a formula; a quote keeps it
# text. A bare signed number (a phone in +62… form) is no formula and is kept as it is.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-]\d+")


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: dates ISO, enums by code, text safe from formulas."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return value if _SIGNED_NUMBER.fullmatch(value) else "'" + value
    return value


def table_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]], suffix: str) -> bytes:
    """The header and rows as a .csv (UTF-8 with BOM, for Excel) or .xlsx file."""
    if suffix == ".csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([cell(v) for v in row] for row in rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if suffix == ".xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"unsupported table format {suffix!r}")


def _xlsx_cell(value: Any) -> Any:
    # Numbers stay numbers in a workbook; text goes through the same formula guard.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return cell(value)


def write_table(path: str | Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write the table to `path`, whose suffix (.csv or .xlsx) says the format."""
    path = Path(path)
    path.write_bytes(table_bytes(columns, rows, path.suffix.lower()))


def send_table(filename: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    """The table as a download named `filename` (its suffix says the format)."""
    suffix = Path(filename).suffix.lower()
    return Response(
        table_bytes(columns, rows, suffix),
        mimetype=FORMATS[suffix],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
