"""Importing cohorts and participants from the spreadsheets officials keep: every row is
checked first, then all rows are saved or none.

Shared by `flask import-data cohorts|participants` and the upload page: `check` says
what an import would do (problems by row and column, counts, the first rows as they
would be saved) without saving anything; `run` does the same checks and saves.
Cohorts match on (name, year) and participants on (name, phone), so importing the
same file again changes nothing.
"""

from collections.abc import Callable, Collection
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from matchmaker.audit.models import AuditEntry
from matchmaker.auth.models import User
from matchmaker.brokering.seksi import seksi_of
from matchmaker.core.extensions import db
from matchmaker.core.validation import Invalid
from matchmaker.imports.services import Track, memoised
from matchmaker.imports.tables import Source, Table, read_sheet
from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.models import Cohort
from matchmaker.wub.spreadsheets import sheets
from matchmaker.wub.spreadsheets.columns import ALIASES, COLUMNS
from matchmaker.wub.spreadsheets.importer import NEW, UNCHANGED, UPDATED, Importer, Outcome, Planned
from matchmaker.wub.spreadsheets.participants import ParticipantImport


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
    also: Callable[[Outcome], None] | None = None,
) -> Outcome:
    """Check the file, then save every row in one transaction (or nothing, on any error).
    `also` adds its own writes to that transaction (the import job marks itself done)."""
    importer = _importer(kind, actor, track, accepted)
    outcome, planned = importer.plan(table)
    if not outcome.ok:
        return outcome
    try:
        importer.save(planned)
        _audit(kind, actor, outcome, source)
        if also is not None:
            also(outcome)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    outcome.saved = True
    return outcome


def _importer(
    kind: str, actor: User | None, track: Track | None, accepted: Collection[str]
) -> Importer:
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
