"""flask commands: init-db, seed-demo, create-official, import-data."""

from functools import wraps

import click
from flask import Flask
from flask_babel import gettext as _
from flask_migrate import upgrade

from matchmaker.auth import services as accounts
from matchmaker.auth.models import Role
from matchmaker.core.errors import error_message
from matchmaker.core.validation import DomainError, Invalid
from matchmaker.imports import cli as imports
from matchmaker.imports.services import IMPORTS
from matchmaker.imports.tables import TableError
from matchmaker.reference.services import load_reference_data
from matchmaker.wub.spreadsheets import imports as programme


@click.command("init-db")
def init_db() -> None:
    """Create or migrate the database at DATABASE_URL and load the reference data."""
    upgrade()
    counts = load_reference_data()
    click.echo(
        "Database ready: {kecamatan} kecamatan, {estates} industrial estates, "
        "{kbli} KBLI codes.".format(**counts)
    )


@click.command("seed-demo")
def seed_demo() -> None:
    """Add the demo dataset and demo logins (only once; never in production)."""
    from flask import current_app

    from matchmaker import demo

    if current_app.config["APP_ENV"] == "production":
        raise click.ClickException("Demo data is never loaded when APP_ENV=production.")
    summary = demo.seed()
    if summary is None:
        click.echo("Demo data already present; nothing added.")
    else:
        click.echo(
            f"Demo data added: {summary['businesses']} small businesses, "
            f"{summary['companies']} companies, {summary['introductions']} introductions, "
            f"{summary['cohorts']} cohorts with {summary['participants']} participants."
        )
    click.echo(f"Demo logins (password {demo.DEMO_PASSWORD}):")
    for email in demo.DEMO_EMAILS:
        click.echo(f"  {email}")


@click.command("create-official")
@click.argument("email")
@click.option("--name", default="Petugas Dinas Perindustrian", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_official(email: str, name: str, password: str) -> None:
    """Create an official's account (officials are never self-registered)."""
    try:
        user = accounts.create_user(
            role=Role.OFFICIAL, email=email, name=name, password=password, consent=True
        )
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Official created: {user.email}")


# One command for every kind of spreadsheet: the imports part knows businesses and
# companies, wub (above it) its cohorts and participants; only this top layer knows both.
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
    else:
        imports.import_table(kind, path)


def _import_programme(kind: str, path: str) -> None:
    try:
        table = programme.read(kind, path)
    except TableError as error:
        raise click.ClickException(str(error)) from None
    outcome = programme.run(kind, table, track=imports.progress, source=click.format_filename(path))
    imports.report(outcome.warnings, outcome.errors)
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


def init_app(app: Flask) -> None:
    from matchmaker.brokering import cli as brokering_cli
    from matchmaker.matching import cli as matching_cli
    from matchmaker.notifications import cli as notifications_cli

    for command in (init_db, seed_demo, create_official, import_data):
        app.cli.add_command(command)
    matching_cli.init_app(app)
    brokering_cli.init_app(app)
    notifications_cli.init_app(app)
    for command in app.cli.commands.values():
        _map_domain_errors(command)


def _map_domain_errors(command: click.Command) -> None:
    """Every command answers a service's domain error the same way (see _as_click_error)."""
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            _map_domain_errors(subcommand)
    elif command.callback is not None and not hasattr(command.callback, "maps_domain_errors"):
        command.callback = _as_click_error(command.callback)


def _as_click_error(callback):
    """The command with a domain error turned into a click error: its message, exit 1."""

    @wraps(callback)
    def command(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except DomainError as error:
            raise click.ClickException(str(error.message or error_message(error.status))) from None
        except Invalid as error:
            raise click.ClickException(str(error)) from None

    command.maps_domain_errors = True
    return command
