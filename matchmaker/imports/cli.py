"""flask import-data: load small businesses, companies, programme cohorts or participants
from a CSV or XLSX file."""

import sys
from collections.abc import Iterable, Sequence
from typing import TypeVar

import click
from flask_babel import gettext as _

from matchmaker.imports.services import IMPORTS, ImportResult
from matchmaker.imports.tables import TableError, read_table
from matchmaker.wub.spreadsheets import imports as programme

T = TypeVar("T")
PROGRESS_FROM = 500  # rows; smaller files finish before a bar would be worth drawing


@click.command("import-data")
@click.argument("kind", type=click.Choice(sorted([*IMPORTS, *programme.COLUMNS])))
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_data(kind: str, path: str) -> None:
    """Import businesses, companies, cohorts or participants from PATH (.csv or .xlsx).

    Every row is checked first; if any is wrong, each error is listed and nothing is
    saved. Businesses and companies match on name and kecamatan, cohorts on name and
    year, participants on name and phone: a match updates the stored record. Cohort
    and participant files may have title rows above the header and Indonesian
    column names (nama, tahun, angkatan, no hp, tanggal lahir, …).
    """
    if kind in programme.COLUMNS:
        _import_programme(kind, path)
        return
    try:
        table = read_table(path)
    except TableError as error:
        raise click.ClickException(str(error)) from None
    result = IMPORTS[kind](table, track=_progress)
    _report(result.warnings, result.errors)
    click.echo(_summary(result))


def _import_programme(kind: str, path: str) -> None:
    try:
        table = programme.read(kind, path)
    except TableError as error:
        raise click.ClickException(str(error)) from None
    outcome = programme.run(kind, table, track=_progress, source=click.format_filename(path))
    _report(outcome.warnings, outcome.errors)
    click.echo(
        _(
            "Selesai: %(created)d dibuat, %(updated)d diperbarui, %(unchanged)d tidak berubah, "
            "%(warnings)d peringatan.",
            created=outcome.created,
            updated=outcome.updated,
            unchanged=outcome.unchanged,
            warnings=len(outcome.warnings),
        )
    )


def _report(warnings: list, errors: list) -> None:
    """Print the warnings, then every error and stop (exit 1) if there is any."""
    for warning in warnings:
        click.echo(_("Peringatan: %(problem)s", problem=warning), err=True)
    if errors:
        for error in errors:
            click.echo(str(error), err=True)
        raise click.ClickException(
            _("%(n)d kesalahan; tidak ada data yang disimpan.", n=len(errors))
        )


def _summary(result: ImportResult) -> str:
    text = _(
        "Selesai: %(created)d dibuat, %(updated)d diperbarui, %(warnings)d peringatan.",
        created=result.created,
        updated=result.updated,
        warnings=len(result.warnings),
    )
    if result.needs_added or result.programmes_added:
        text += " " + _(
            "Ditambahkan: %(needs)d kebutuhan subkontrak, %(programmes)d program pendampingan.",
            needs=result.needs_added,
            programmes=result.programmes_added,
        )
    return text


def _progress(items: Sequence[T], stage: str) -> Iterable[T]:
    if len(items) < PROGRESS_FROM:
        return items
    label = _("Memeriksa baris") if stage == "validate" else _("Menyimpan")
    return _bar(items, label)


def _bar(items: Sequence[T], label: str) -> Iterable[T]:
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar
