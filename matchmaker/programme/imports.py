"""Importing cohorts and participants from the spreadsheets officials keep: every row is
checked first, then all rows are saved or none.

Shared by `flask import-data cohorts|participants` and the upload page: `check` says
what an import would do (problems by row and column, counts, the first rows as they
would be saved) without saving anything; `run` does the same checks and saves.
Cohorts match on (name, year) and participants on (name, phone), so importing the
same file again changes nothing.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from matchmaker.audit.models import AuditEntry
from matchmaker.auth.models import User
from matchmaker.brokering.seksi import seksi_of
from matchmaker.extensions import db
from matchmaker.imports.services import Problem, Track, memoised, untracked
from matchmaker.imports.tables import Source, Table, read_sheet
from matchmaker.programme import fields as f
from matchmaker.programme import sheets
from matchmaker.programme.models import Cohort
from matchmaker.validation import Invalid

COHORT_COLUMNS = (
    "name", "year", "trade", "destination", "seksi", "start_date", "end_date", "budget_source",
    "budget",
)  # fmt: skip
PARTICIPANT_COLUMNS = (
    "name", "cohort", "phone", "kecamatan", "education", "birth_date", "trade", "status",
)  # fmt: skip
COLUMNS = {"cohorts": COHORT_COLUMNS, "participants": PARTICIPANT_COLUMNS}
REQUIRED = {"cohorts": ("name", "year", "trade"), "participants": ("name", "cohort", "kecamatan")}
# Headers officials write, beside the column names themselves (compared by header_key).
ALIASES = {
    "cohorts": {
        **dict.fromkeys(("nama", "nama angkatan", "nama pelatihan", "angkatan"), "name"),
        **dict.fromkeys(("tahun", "tahun anggaran", "tahun pelatihan"), "year"),
        **dict.fromkeys(
            ("bidang", "kejuruan", "bidang usaha", "bidang pelatihan", "jenis pelatihan"), "trade"
        ),
        **dict.fromkeys(
            ("tujuan", "tujuan pelatihan", "lokasi", "lokasi pelatihan", "tempat pelatihan"),
            "destination",
        ),
        **dict.fromkeys(("seksi", "seksi bidang", "seksi pengampu"), "seksi"),
        **dict.fromkeys(("tanggal mulai", "tgl mulai", "mulai", "mulai pelatihan"), "start_date"),
        **dict.fromkeys(("tanggal selesai", "tgl selesai", "selesai"), "end_date"),
        **dict.fromkeys(("sumber anggaran", "sumber dana", "dana"), "budget_source"),
        **dict.fromkeys(
            ("anggaran", "nilai anggaran", "pagu", "pagu anggaran", "biaya", "anggaran rp"),
            "budget",
        ),
    },
    "participants": {
        **dict.fromkeys(("nama", "nama peserta", "nama lengkap"), "name"),
        **dict.fromkeys(("angkatan", "nama angkatan", "pelatihan", "angkatan pelatihan"), "cohort"),
        **dict.fromkeys(
            (
                "no hp",
                "hp",
                "nomor hp",
                "no hp wa",
                "no telepon",
                "telepon",
                "no telp",
                "telp",
                "no wa",
                "wa",
                "whatsapp",
                "nomor telepon",
                "no handphone",
            ),
            "phone",
        ),  # fmt: skip
        **dict.fromkeys(("kecamatan", "kec", "domisili kecamatan"), "kecamatan"),
        **dict.fromkeys(("pendidikan", "pendidikan terakhir", "ijazah terakhir"), "education"),
        **dict.fromkeys(("tanggal lahir", "tgl lahir", "tgl lhr"), "birth_date"),
        **dict.fromkeys(("bidang", "kejuruan", "bidang usaha"), "trade"),
        **dict.fromkeys(("status", "status wub", "keadaan usaha"), "status"),
    },
}
# Row-number columns ("No.") are common and mean nothing to the import: not reported.
IGNORED = ("no", "no urut", "nomor urut")
SAMPLE_SIZE = 20  # rows shown on the preview page
NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass
class Outcome:
    """What an import found and did; nothing was saved unless `saved`."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changes: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    sample: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[sheets.Suggestion] = field(default_factory=list)  # offered
    applied: list[sheets.Suggestion] = field(default_factory=list)  # accepted by the official
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> None:
        """Count one planned row as new, updated or unchanged."""
        name = {NEW: "created", UPDATED: "updated", UNCHANGED: "unchanged"}[action]
        setattr(self, name, getattr(self, name) + 1)


def read(kind: str, source: Source, filename: str | None = None) -> Table:
    """The table of a cohorts or participants file, header found below any title rows;
    its headers may be the column names, or Indonesian or English headers."""
    names = {column: column for column in COLUMNS[kind]} | ALIASES[kind]
    names |= sheets.header_aliases(kind)
    return read_sheet(source, filename, names=names, minimum=3)


def check(
    kind: str,
    table: Table,
    *,
    actor: User | None = None,
    track: Track | None = None,
    accepted: Collection[str] = (),
) -> Outcome:
    """Every problem of the file and what importing it would do; saves nothing.
    `accepted` holds the suggestions (Suggestion.key) the official accepted."""
    return _importer(kind, actor, track, accepted).plan(table)[0]


def run(
    kind: str,
    table: Table,
    *,
    actor: User | None = None,
    track: Track | None = None,
    source: str = "",
    accepted: Collection[str] = (),
) -> Outcome:
    """Check the file, then save every row in one transaction (or nothing, on any error)."""
    importer = _importer(kind, actor, track, accepted)
    outcome, planned = importer.plan(table)
    if not outcome.ok:
        return outcome
    try:
        importer.save(planned)
        _audit(kind, actor, outcome, source)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    outcome.saved = True
    return outcome


def _importer(
    kind: str, actor: User | None, track: Track | None, accepted: Collection[str]
) -> "Importer":
    from matchmaker.programme.import_participants import ParticipantImport

    classes = {"cohorts": CohortImport, "participants": ParticipantImport}
    return classes[kind](actor, track, sheets.Suggestions(kind, accepted))


def _audit(kind: str, actor: User | None, outcome: Outcome, source: str) -> None:
    """One log entry per import, with its counts (not one per row)."""
    counts = {
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "status_changes": outcome.status_changes,
        "file": source,
    }
    db.session.add(
        AuditEntry(
            actor_id=getattr(actor, "id", None),
            actor_name=getattr(actor, "name", "") or "",
            action=f"{kind[:-1]}.import",
            object_type=kind[:-1],
            object_id=None,
            summary=_(
                "%(file)s: %(created)d dibuat, %(updated)d diperbarui, %(unchanged)d tidak berubah",
                **counts,
            )[:255],
            changes={k: [None, v] for k, v in counts.items()},
        )
    )


@dataclass
class Planned:
    """A valid row: what it will set, on which stored record (if any), and how."""

    row: int
    action: str
    values: dict[str, Any]
    existing: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


class Importer:
    """Shared steps: check the header, check every row into a plan, then save the plan.
    Problems name a column by the file's own header."""

    kind: str

    def __init__(self, actor: User | None, track: Track | None, suggestions: sheets.Suggestions):
        self.actor = actor
        self.track = track or untracked
        self.outcome = Outcome(self.kind)
        self.suggestions = suggestions

    def plan(self, table: Table) -> tuple[Outcome, list[Planned]]:
        self.outcome.rows = len(table.rows)
        columns = COLUMNS[self.kind]
        for column in table.unknown(columns + IGNORED):
            message = _(
                "Tidak dikenal, diabaikan. Kolom yang dikenal: %(names)s.",
                names=", ".join(sheets.headers(self.kind, columns)),
            )
            self.outcome.warnings.append(Problem(None, table.header(column), message))
        for column in table.missing(REQUIRED[self.kind]):
            name = sheets.header(self.kind, column)
            self.outcome.errors.append(Problem(None, name, _("Wajib ada di baris judul.")))
        if not self.outcome.ok:
            return self.outcome, []
        if not table.rows:
            self.outcome.errors.append(
                Problem(None, None, _("Tidak ada baris data di bawah judul kolom."))
            )
            return self.outcome, []
        self.present = tuple(c for c in table.columns if c in columns)
        self.prepare()
        planned = []
        for row in self.track(table.rows, "validate"):
            data = {c: row.values[c] for c in self.present}
            data = self.suggestions.apply(row.number, data, table)
            try:
                item = self.check_row(row.number, dict(data))
            except Invalid as error:
                self.outcome.errors += [
                    self.suggestions.problem(row.number, c, m, data.get(c, ""), table)
                    for c, m in error.fields.items()
                ]
                continue
            planned.append(item)
            self.outcome.count(item.action)
            if len(self.outcome.sample) < SAMPLE_SIZE:
                self.outcome.sample.append(self.shown(item))
        self.finish()
        return self.outcome, planned

    def finish(self) -> None:
        self.outcome.suggestions = self.suggestions.offered()
        self.outcome.applied = self.suggestions.used()

    def prepare(self) -> None:
        """Load what every row is compared with, once."""

    def check_row(self, number: int, data: dict[str, str]) -> Planned:
        raise NotImplementedError

    def shown(self, item: Planned) -> dict[str, Any]:
        raise NotImplementedError

    def save(self, planned: list[Planned]) -> None:
        raise NotImplementedError


class CohortImport(Importer):
    """Cohorts match on (name, year), ignoring case: a match is updated."""

    kind = "cohorts"

    def prepare(self) -> None:
        self.stored = {(c.name.casefold(), c.year): c for c in db.session.scalars(select(Cohort))}
        self.first_seen: dict[tuple[str, int], int] = {}
        self.trade = memoised(f.trade)

    def check_row(self, number: int, data: dict[str, str]) -> Planned:
        errors: dict[str, str] = {}
        if data.get("trade"):
            try:
                data["trade"] = self.trade(data["trade"])
            except ValueError as error:
                errors["trade"], data["trade"] = str(error), ""
        try:
            values = f.clean_cohort(data, partial=True)
        except Invalid as error:
            errors = {**error.fields, **errors}
        if errors:
            raise Invalid(errors)
        values["name"] = " ".join(values["name"].split())
        key = (values["name"].casefold(), values["year"])
        if key in self.first_seen:
            message = _(
                "Angkatan dengan nama dan tahun ini sudah ada di baris %(row)d.",
                row=self.first_seen[key],
            )
            raise Invalid({"name": message})
        self.first_seen[key] = number
        existing = self.stored.get(key)
        values["seksi"] = values.get("seksi") or seksi_of(values["trade"])
        if not values.get("budget_source"):
            values["budget_source"] = existing.budget_source if existing else "APBD"
        if existing is None:
            return Planned(number, NEW, values)
        same = all(getattr(existing, k) == v for k, v in values.items())
        return Planned(number, UNCHANGED if same else UPDATED, values, existing)

    def shown(self, item: Planned) -> dict[str, Any]:
        return {"row": item.row, "action": item.action, **item.values}

    def save(self, planned: list[Planned]) -> None:
        for item in self.track(planned, "save"):
            if item.action == UNCHANGED:
                continue
            cohort = item.existing or Cohort()
            for column, value in item.values.items():
                setattr(cohort, column, value)
            db.session.add(cohort)
