"""The scheduled work of brokering: reminders and expiry, daily in the job worker's
scheduler (`daily_reminders`), and by hand with `flask introductions remind`."""

from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from matchmaker.brokering import states
from matchmaker.core import params
from matchmaker.core.jobs.queue import crontab, periodic_job

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

    The job worker does this every day at 07:00 WIB; running it again does no harm.
    """
    reminded, expired = states.expire_and_remind(now)
    click.echo(f"{reminded} reminded, {expired} expired")


@periodic_job(crontab(hour="0", minute="0"))  # UTC: 07:00 in Bekasi, before the working day
def daily_reminders() -> None:
    """`introductions remind` in the worker's scheduler. A missed day (worker down) is
    caught up by the next run: it acts on every introduction past its moment."""
    reminded, expired = states.expire_and_remind(None)
    current_app.logger.info("Introductions: %d reminded, %d expired", reminded, expired)


def init_app(app: Flask) -> None:
    app.cli.add_command(introductions)
