"""`flask introductions …`: the scheduled work of brokering."""

from datetime import datetime

import click
from flask import Flask
from flask.cli import AppGroup

from matchmaker.brokering import states
from matchmaker.core import params

introductions = AppGroup("introductions", help="Introductions: reminders and expiry.")


@introductions.command("remind")
@click.option(
    "--now",
    "now",
    type=params.UTC_MOMENT,
    default=None,
    help="Act as if it were this UTC time (ISO 8601), e.g. to catch up after downtime.",
)
def remind(now: datetime | None) -> None:
    """Remind sides that owe an answer, and expire requests past their deadline.

    Run it daily (cron or a systemd timer); running it twice does no harm.
    """
    reminded, expired = states.expire_and_remind(now)
    click.echo(f"{reminded} reminded, {expired} expired")


def init_app(app: Flask) -> None:
    app.cli.add_command(introductions)
