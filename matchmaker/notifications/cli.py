"""`flask send-mail`: the outbox's sweep by hand (the job worker runs it every minute)."""

from datetime import datetime

import click
from flask import Flask

from matchmaker.core import params
from matchmaker.notifications import outbox


@click.command("send-mail")
@click.option(
    "--now",
    "now",
    type=params.UTC_MOMENT,
    default=None,
    help="Act as if it were this UTC time (ISO 8601), e.g. to retry before the pause ends.",
)
def send_mail(now: datetime | None) -> None:
    """Send the e-mails that are due (new, or waiting for a retry) and delete old sent ones.

    The job worker's scheduler does this every minute; running it beside the worker
    sends nothing twice.
    """
    report = outbox.send_due(now)
    click.echo(
        f"{report.sent} sent, {report.failed} failed, {report.waiting} waiting, "
        f"{report.purged} old ones deleted"
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(send_mail)
