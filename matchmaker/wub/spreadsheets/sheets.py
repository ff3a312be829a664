"""The programme's spreadsheets as people read them: each column's header in Indonesian
and in English, each coded value as its label, and what an import may suggest for a
value it cannot read.

The importer reads both languages at once (a file downloaded in English imports back
as well as one in Indonesian), so the two headers of a column are kept side by side
here, as ml.trades keeps a trade's two labels, rather than looked up in the catalog of
whichever language is current. The codes stay for `flask export-data`, whose machine
columns are documented.
"""

import difflib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from matchmaker.brokering.seksi import SEKSI_CODES, SEKSI_LABELS
from matchmaker.imports import services as imports
from matchmaker.imports.tables import Table
from matchmaker.profiles import fields as pf
from matchmaker.reference.services import kecamatan_choices
from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.models import Education, WubStatus
from matchmaker.wub.monitoring.models import Problem, RevenueBand
from ml.trades import TRADES, infer_trades, trade

HEADERS: dict[str, dict[str, tuple[str, str]]] = {
    "cohorts": {
        "name": ("Nama angkatan", "Cohort name"),
        "year": ("Tahun", "Year"),
        "trade": ("Bidang usaha", "Trade"),
        "destination": ("Tujuan pelatihan", "Training destination"),
        "seksi": ("Seksi", "Section"),
        "start_date": ("Tanggal mulai", "Start date"),
        "end_date": ("Tanggal selesai", "End date"),
        "budget_source": ("Sumber anggaran", "Budget source"),
        "budget": ("Anggaran (Rp)", "Budget (IDR)"),
    },
    "participants": {
        "name": ("Nama peserta", "Participant name"),
        "cohort": ("Angkatan", "Cohort"),
        "phone": ("No. HP", "Phone"),
        "kecamatan": ("Kecamatan", "District"),
        "education": ("Pendidikan terakhir", "Education"),
        "birth_date": ("Tanggal lahir", "Date of birth"),
        "trade": ("Bidang usaha", "Trade"),
        "status": ("Status WUB", "WUB status"),
    },
    "visits": {
        "participant": ("Peserta", "Participant"),
        "phone": ("No. HP", "Phone"),
        "visited_on": ("Tanggal kunjungan", "Visit date"),
        "officer": ("Petugas", "Officer"),
        "operating": ("Beroperasi", "Operating"),
        "employees": ("Karyawan", "Employees"),
        "revenue_band": ("Omzet per bulan", "Monthly revenue"),
        "partner_orders": ("Pesanan dari mitra", "Orders from partners"),
        "problems": ("Masalah", "Problems"),
        "notes": ("Catatan", "Notes"),
    },
}


def _english() -> bool:
    return str(get_locale() or "id") == "en"


def header(kind: str, column: str) -> str:
    """A column's header in the reader's language."""
    pair = HEADERS[kind].get(column)
    return (pair[1] if _english() else pair[0]) if pair else column


def headers(kind: str, columns) -> list[str]:
    """The header row of a file people read, in their language."""
    return [header(kind, c) for c in columns]


def header_aliases(kind: str) -> dict[str, str]:
    """Both languages' headers of each column, for the importer to read."""
    return {name: column for column, pair in HEADERS[kind].items() for name in pair}


# --- values as labels ----------------------------------------------------------------------


def _yes_no(value: Any) -> str:
    return _("ya") if value else _("tidak")


def _problems(value: Any) -> str:
    codes = [c for c in str(value or "").split(",") if c]
    return ", ".join(str(f.PROBLEM_LABELS.get(Problem(c), c)) for c in codes if c in set(Problem))


LABELLERS: dict[str, Callable[[Any], Any]] = {
    "trade": lambda code: trade(code).label(str(get_locale() or "id")) if code else "",
    "status": lambda s: str(f.STATUS_LABELS[WubStatus(s)]) if s else "",
    "education": lambda e: str(f.EDUCATION_LABELS[Education(e)]) if e else "",
    "revenue_band": lambda b: str(f.REVENUE_LABELS[RevenueBand(b)]) if b else "",
    "problems": _problems,
    "operating": lambda v: "" if v is None else _yes_no(v),
}


def readable_row(columns, row) -> list[Any]:
    """A row of codes as the labels people read, in their language."""
    return [LABELLERS[c](v) if c in LABELLERS else v for c, v in zip(columns, row, strict=True)]


# --- suggestions for values an import cannot read --------------------------------------------

CUTOFF = 0.75  # how close a spelling must be to be offered (difflib's ratio)


def _trade_spellings() -> dict[str, str]:
    return {
        s.casefold(): t.code
        for t in TRADES
        for s in (t.code.replace("_", " "), t.label_id, t.label_en)
    }


def _member_spellings(labels: dict, words: dict) -> dict[str, str]:
    found = {m.value.replace("_", " "): m.value for m in labels}
    found.update({w: m.value for m, ws in words.items() for w in ws})
    found.update({k: m.value for k, m in f.both_languages(labels).items()})
    return found


def _kecamatan_spellings() -> dict[str, str]:
    found = {}
    for k in kecamatan_choices():
        for name in (k.name, k.name_bps):
            if name:
                found[" ".join(name.split()).casefold()] = k.name
    return found


def _seksi_spellings() -> dict[str, str]:
    found = {code.casefold(): code for code in SEKSI_CODES}
    found.update({str(SEKSI_LABELS[c]).casefold(): c for c in SEKSI_CODES})
    return found


def _trade_label(code: str) -> str:
    return trade(code).label(str(get_locale() or "id"))


# column -> (spellings: {casefolded spelling: value the parser takes}, label of that value)
CHOICES: dict[str, tuple[Callable[[], dict[str, str]], Callable[[str], str]]] = {
    "trade": (_trade_spellings, _trade_label),
    "kecamatan": (_kecamatan_spellings, str),
    "status": (
        lambda: _member_spellings(f.STATUS_LABELS, f.STATUS_WORDS),
        lambda v: str(f.STATUS_LABELS[WubStatus(v)]),
    ),
    "education": (
        lambda: _member_spellings(f.EDUCATION_LABELS, f.EDUCATION_WORDS),
        lambda v: str(f.EDUCATION_LABELS[Education(v)]),
    ),
    "seksi": (_seksi_spellings, lambda code: f"{code} – {SEKSI_LABELS[code]}"),
}
PARSERS: dict[str, Callable[[Any], Any]] = {
    "trade": f.trade,
    "kecamatan": pf.kecamatan,
    "status": f.status,
    "education": f.education,
    "seksi": f.seksi,
}


def value_key(text: str) -> str:
    """A cell's value as suggestions are keyed: case and spacing do not count."""
    return " ".join(str(text).split()).casefold()


def closest(column: str, text: str) -> str | None:
    """The value (as the column's parser takes it) closest to an unreadable `text`, or None
    when nothing is close enough. For a trade, the words' own trade (ml.trades) comes first:
    "Tukang las" is welding."""
    spellings_of, _label = CHOICES[column]
    wanted = value_key(text)
    if column == "kecamatan":
        wanted = wanted.removeprefix("kecamatan ").removeprefix("kec. ").removeprefix("kec ")
    if column == "trade" and (inferred := infer_trades(text)):
        return inferred[0]
    spellings = spellings_of()
    found = difflib.get_close_matches(wanted, list(spellings), n=1, cutoff=CUTOFF)
    return spellings[found[0]] if found else None


def label_of(column: str, value: str) -> str:
    """A suggested value as the reader calls it."""
    return CHOICES[column][1](value)


MAX_ACCEPTED = 500  # suggestions one preview may accept at once


@dataclass
class Suggestion:
    """A value an import could not read and the value it would read instead, if the
    official accepts it; the rows that wrote it."""

    column: str
    header: str  # the column as the file writes it
    text: str  # the value as the file writes it
    value: str  # what the column's parser will read instead
    label: str  # that value as the reader calls it
    rows: list[int] = field(default_factory=list)

    @property
    def key(self) -> str:
        """How the preview's checkbox names it: column:value as written (case-blind)."""
        return f"{self.column}:{value_key(self.text)}"


class Suggestions:
    """The suggestions of one import: offered with the error of each unreadable value, and
    used in place of a value only when the official has accepted them. Nothing is read
    differently from what the file says unless its key is in `accepted`."""

    def __init__(self, kind: str, accepted: Collection[str] = ()):
        self.kind = kind
        self.accepted = set(list(accepted)[:MAX_ACCEPTED])
        self._offered: dict[str, Suggestion] = {}
        self._used: dict[str, Suggestion] = {}
        self._memo: dict[tuple[str, str], tuple[bool, str | None]] = {}

    def apply(self, row: int, data: dict[str, str], table: Table) -> dict[str, str]:
        """The row with each accepted suggestion in place of the value it replaces."""
        for column in CHOICES.keys() & data.keys():
            text = data[column]
            if not text.strip() or f"{column}:{value_key(text)}" not in self.accepted:
                continue
            readable, value = self._read(column, text)
            if not readable and value is not None:
                data = {**data, column: value}
                self._note(self._used, row, column, text, value, table)
        return data

    def problem(
        self, row: int, column: str, message: str, text: str, table: Table
    ) -> imports.Problem:
        """An error of the row, with the suggestion for its value when there is one."""
        if column in CHOICES and str(text).strip():
            readable, value = self._read(column, text)
            if not readable and value is not None:
                suggestion = self._note(self._offered, row, column, text, value, table)
                message = _(
                    "%(message)s Mungkin maksudnya: %(label)s.",
                    message=message,
                    label=suggestion.label,
                )
        return imports.Problem(row, self.header(column, table), message)

    def header(self, column: str, table: Table) -> str:
        """A column as the file writes it, else as the reader's language names it."""
        return table.headers.get(column) or header(self.kind, column)

    def offered(self) -> list[Suggestion]:
        return list(self._offered.values())

    def used(self) -> list[Suggestion]:
        return list(self._used.values())

    def _read(self, column: str, text: str) -> tuple[bool, str | None]:
        """(the parser reads it, else the closest value or None), once per value."""
        memo = (column, value_key(text))
        if memo not in self._memo:
            try:
                PARSERS[column](text)
            except ValueError:
                self._memo[memo] = (False, closest(column, text))
            else:
                self._memo[memo] = (True, None)
        return self._memo[memo]

    def _note(self, into: dict, row: int, column: str, text: str, value: str, table: Table):
        key = f"{column}:{value_key(text)}"
        if key not in into:
            header_ = self.header(column, table)
            into[key] = Suggestion(column, header_, text.strip(), value, label_of(column, value))
        into[key].rows.append(row)
        return into[key]
