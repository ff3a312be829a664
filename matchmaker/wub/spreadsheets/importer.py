"""The steps every spreadsheet import shares: check the header, check every row into a
plan (what it will set, on which stored record), then save the plan; `Outcome` says what
was found and done."""

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from matchmaker.auth.models import User
from matchmaker.core.validation import Invalid
from matchmaker.imports.services import Problem, Track, untracked
from matchmaker.imports.tables import Table
from matchmaker.wub.spreadsheets import sheets
from matchmaker.wub.spreadsheets.columns import COLUMNS, IGNORED, REQUIRED

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
