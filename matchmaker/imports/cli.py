"""flask import-data's work for businesses and companies, and its way of reporting (the
command itself is in matchmaker/cli.py, which adds wub's cohorts and participants)."""

import sys
from collections.abc import Iterable, Sequence
from typing import TypeVar

import click
from flask_babel import gettext as _

from matchmaker.imports.services import IMPORTS, ImportResult
from matchmaker.imports.tables import TableError, read_table

T = TypeVar("T")
PROGRESS_FROM = 500  # rows; smaller files finish before a bar would be worth drawing


def import_table(kind: str, path: str) -> None:
    """Import the businesses or companies (`kind`, one of IMPORTS) in the file at PATH."""
    try:
        table = read_table(path)
    except TableError as error:
        raise click.ClickException(str(error)) from None
    result = IMPORTS[kind](table, track=progress)
    report(result.warnings, result.errors)
    click.echo(_summary(result))


def report(warnings: list, errors: list) -> None:
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


def progress(items: Sequence[T], stage: str) -> Iterable[T]:
    if len(items) < PROGRESS_FROM:
        return items
    label = _("Memeriksa baris") if stage == "validate" else _("Menyimpan")
    return _bar(items, label)


def _bar(items: Sequence[T], label: str) -> Iterable[T]:
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar
