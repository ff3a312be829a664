"""Programme lists as spreadsheets: participants, cohorts and monitoring visits, with the
columns the import reads, so an exported file imports back without changing anything.

Shared by `flask export-data` (the documented machine columns and codes) and the download
buttons (`readable_table`: headers and labels in the reader's language); the cells
(phones +62…, dates YYYY-MM-DD, formula guard) come from matchmaker.core.exports.
"""

from collections.abc import Iterator, Sequence
from typing import Any

import click
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from matchmaker.core.exports import write_table
from matchmaker.core.extensions import db
from matchmaker.core.params import MAX_ID
from matchmaker.wub.cohorts.models import Cohort, Participant, WubStatus
from matchmaker.wub.cohorts.services import cohort_query, participant_query
from matchmaker.wub.monitoring.models import MonitoringVisit
from matchmaker.wub.spreadsheets import sheets
from matchmaker.wub.spreadsheets.columns import COHORT_COLUMNS, PARTICIPANT_COLUMNS

VISIT_COLUMNS = (
    "participant", "phone", "visited_on", "officer", "operating", "employees",
    "revenue_band", "partner_orders", "problems", "notes",
)  # fmt: skip
# The file name people see (Indonesian) for each list.
FILE_NAMES = {"participants": "peserta", "cohorts": "angkatan", "visits": "kunjungan"}


def cohort_label(cohort: Cohort) -> str:
    """A cohort as the participants import reads it back: "Name (year)", never ambiguous."""
    return f"{cohort.name} ({cohort.year})"


def participant_rows(**filters: Any) -> Iterator[list[Any]]:
    """One row per participant, in PARTICIPANT_COLUMNS order (participant_query filters)."""
    for p in db.session.scalars(participant_query(**filters)):
        yield [
            p.name,
            cohort_label(p.cohort),
            p.phone,
            p.kecamatan.name,
            p.education,
            p.birth_date,
            p.trade,
            p.status,
        ]


def cohort_rows(**filters: Any) -> Iterator[list[Any]]:
    """One row per cohort, in COHORT_COLUMNS order (cohort_query filters)."""
    for cohort, _count in db.session.execute(cohort_query(**filters)):
        yield [getattr(cohort, column) for column in COHORT_COLUMNS]


def visit_rows(cohort_id: int | None = None, participant_id: int | None = None) -> Iterator[list]:
    """One row per monitoring visit, newest first, optionally of one cohort or participant."""
    query = (
        select(MonitoringVisit)
        .join(MonitoringVisit.participant)
        .options(joinedload(MonitoringVisit.participant), joinedload(MonitoringVisit.officer))
        .order_by(MonitoringVisit.visited_on.desc(), MonitoringVisit.id.desc())
    )
    if cohort_id:
        query = query.where(Participant.cohort_id == cohort_id)
    if participant_id:
        query = query.where(MonitoringVisit.participant_id == participant_id)
    for v in db.session.scalars(query):
        yield [
            v.participant.name,
            v.participant.phone,
            v.visited_on,
            v.officer.name if v.officer else "",
            v.operating,
            v.employees,
            v.revenue_band,
            v.partner_orders,
            v.problems,
            v.notes,
        ]


def table(kind: str, **filters: Any) -> tuple[Sequence[str], Iterator[list[Any]]]:
    """The columns and rows of one list, narrowed by the filters that list takes."""
    given = {k: v for k, v in filters.items() if v not in (None, "")}
    if kind == "participants":
        return PARTICIPANT_COLUMNS, participant_rows(**given)
    if kind == "cohorts":
        return COHORT_COLUMNS, cohort_rows(**given)
    return VISIT_COLUMNS, visit_rows(**given)


def readable_table(kind: str, **filters: Any) -> tuple[list[str], Iterator[list[Any]]]:
    """A list as people download it from a page: headers and coded values (trade, status,
    education, revenue…) in the reader's language; the importer reads it back."""
    columns, rows = table(kind, **filters)
    key = "visits" if kind == "visits" else kind
    return sheets.headers(key, columns), (sheets.readable_row(columns, row) for row in rows)


@click.command("export-data")
@click.argument("kind", type=click.Choice(sorted(FILE_NAMES)))
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.option(
    "--cohort", "cohort_id", type=click.IntRange(1, MAX_ID), help="Only this cohort's (id)."
)
@click.option("--status", type=click.Choice([s.value for s in WubStatus]), help="Participants.")
def export_data(kind: str, path: str, cohort_id: int | None, status: str | None) -> None:
    """Write participants, cohorts or visits to PATH (.csv or .xlsx by its suffix).

    The columns are those `import-data` reads (phones +62…, dates YYYY-MM-DD), so the
    file can be edited and imported back.
    """
    if not path.lower().endswith((".csv", ".xlsx")):
        raise click.BadParameter(_("Harus berakhiran .csv atau .xlsx."), param_hint="PATH")
    filters: dict[str, Any] = {}
    if kind in ("participants", "visits"):
        filters["cohort_id"] = cohort_id
    if kind == "participants":
        filters["status"] = status
    columns, rows = table(kind, **filters)
    rows = list(rows)
    write_table(path, columns, rows)
    click.echo(_("%(n)d baris ditulis ke %(path)s.", n=len(rows), path=path))
