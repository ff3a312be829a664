"""One way to write a date, and one to write a date with its time, per language.

Every page says a day as the language's medium date ("6 Des 2026", "Dec 6, 2026") and a
moment as that date with the short time, in the user's time zone ("6 Des 2026 10.38",
"Dec 6, 2026, 10:38 AM"), so a message's time reads like every other date on the site.
Templates use the `dateformat` and `datetimeformat` filters; a named width ("short",
"medium", "long") gives these same formats, so no page can drift to another.
"""

from datetime import UTC, date, datetime

from babel.dates import get_date_format, get_datetime_format, get_time_format
from flask import Flask
from flask_babel import format_date, format_datetime, get_locale


def utcnow() -> datetime:
    """Now, in UTC, as an aware datetime (what every stored timestamp is)."""
    return datetime.now(UTC)


def day(value: date | datetime) -> str:
    """A date (a datetime is first moved to the user's time zone) as the medium date."""
    return format_date(value, "medium")


def moment_pattern(locale) -> str:
    """The language's own way of joining its medium date and its short time."""
    joined = str(get_datetime_format("medium", locale))
    return joined.replace("{1}", get_date_format("medium", locale).pattern).replace(
        "{0}", get_time_format("short", locale).pattern
    )


def moment(value: datetime) -> str:
    """A date and time, in the user's time zone, as the medium date and the short time."""
    return format_datetime(value, moment_pattern(get_locale()))


WIDTHS = ("short", "medium", "long", "full")


def _date_filter(value, format: str | None = None) -> str:
    """`dateformat`: the one date format; only a pattern of its own (a chart's "MMM y")
    writes something else."""
    return day(value) if format is None or format in WIDTHS else format_date(value, format)


def _datetime_filter(value, format: str | None = None) -> str:
    """`datetimeformat`: the one date-and-time format (see _date_filter)."""
    return moment(value) if format is None or format in WIDTHS else format_datetime(value, format)


def init_app(app: Flask) -> None:
    """Make `dateformat` and `datetimeformat` write these formats (called after Babel's
    init_app, whose filters of the same names these replace)."""
    app.jinja_env.filters["dateformat"] = _date_filter
    app.jinja_env.filters["datetimeformat"] = _datetime_filter
