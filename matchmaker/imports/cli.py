"""flask import-data: load small businesses or companies from a CSV or XLSX file."""

import sys
from collections.abc import Iterable, Sequence
from typing import TypeVar

import click
from flask_babel import gettext as _

from matchmaker.imports.services import IMPORTS, ImportResult
from matchmaker.imports.tables import TableError, read_table

T = TypeVar("T")
PROGRESS_FROM = 500  # rows; smaller files finish before a bar would be worth drawing


@click.command("import-data")
@click.argument("kind", type=click.Choice(sorted(IMPORTS)))
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_data(kind: str, path: str) -> None:
    """Import small businesses or companies from PATH (.csv or .xlsx, header on row 1).

    Every row is checked first; if any is wrong, each error is listed and nothing is
    saved. A row whose name and kecamatan are already stored updates that record.
    """
    try:
        table = read_table(path)
    except TableError as error:
        raise click.ClickException(str(error)) from None
    result = IMPORTS[kind](table, track=_progress)
    for warning in result.warnings:
        click.echo(_("Peringatan: %(problem)s", problem=warning), err=True)
    if not result.ok:
        for error in result.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(
            _("%(n)d kesalahan; tidak ada data yang disimpan.", n=len(result.errors))
        )
    click.echo(_summary(result))


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
