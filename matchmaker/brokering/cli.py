"""`flask introductions …`: the scheduled work of brokering."""

from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import AppGroup

from matchmaker.brokering import states

introductions = AppGroup("introductions", help="Introductions: reminders and expiry.")


@introductions.command("remind")
@click.option(
    "--now",
    "now",
    default=None,
    help="Act as if it were this UTC time (ISO 8601), e.g. to catch up after downtime.",
)
def remind(now: str | None) -> None:
    """Remind sides that owe an answer, and expire requests past their deadline.

    Run it daily (cron or a systemd timer); running it twice does no harm.
    """
    moment = None
    if now:
        try:
            moment = datetime.fromisoformat(now)
        except ValueError:
            raise click.BadParameter("not an ISO 8601 time", param_hint="--now") from None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    reminded, expired = states.expire_and_remind(moment)
    click.echo(f"{reminded} reminded, {expired} expired")


def init_app(app: Flask) -> None:
    app.cli.add_command(introductions)
