"""What every figure of the dashboard shares: the filters it is narrowed by, the counted
bar it is drawn as, and the month arithmetic of the funnel and the visits per month."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from matchmaker.brokering.seksi import SEKSI_CODES
from matchmaker.core import params
from matchmaker.wub.cohorts.models import Cohort
from matchmaker.wub.dashboard import targets
from matchmaker.wub.fields import FIRST_YEAR


@dataclass
class Filters:
    """What the figures are narrowed to: a Seksi, cohort years, only WUB partnerships."""

    seksi: str = ""
    year_from: int = FIRST_YEAR
    year_to: int = field(default_factory=lambda: date.today().year)
    wub_only: bool = False

    @classmethod
    def parse(cls, args) -> tuple["Filters", dict[str, str]]:
        """Filters from query arguments; a bad value is dropped and named in the errors."""
        found, errors = cls(), {}
        low, high = targets.year_limits()
        seksi = args.get("seksi", "").strip()
        if seksi in SEKSI_CODES:
            found.seksi = seksi
        elif seksi:
            errors["seksi"] = _("Seksi tidak dikenal.")
        message = _("Tahun harus antara %(low)d dan %(high)d.", low=low, high=high)
        for name in ("year_from", "year_to"):
            year = params.filter_argument(
                args, name, params.Integer(low, high), errors, getattr(found, name), message
            )
            setattr(found, name, year)
        if found.year_from > found.year_to:
            errors["year_to"] = _("Tahun akhir tidak boleh sebelum tahun awal.")
            found.year_to = found.year_from
        found.wub_only = args.get("wub_only", "").strip().lower() in {"1", "true", "ya", "on"}
        return found, errors

    @classmethod
    def between(
        cls, seksi: str = "", year_from=None, year_to=None, wub_only: bool = False
    ) -> "Filters":
        """Filters from values already checked (the API's): the cohort years from the
        earlier of the two to the later, each defaulting as on the page."""
        found = cls(seksi=seksi, wub_only=wub_only)
        first = found.year_from if year_from is None else year_from
        last = found.year_to if year_to is None else year_to
        found.year_from, found.year_to = min(first, last), max(first, last)
        return found

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for download links)."""
        args = {"year_from": str(self.year_from), "year_to": str(self.year_to)}
        return {
            **args,
            **({"seksi": self.seksi} if self.seksi else {}),
            **({"wub_only": "1"} if self.wub_only else {}),
        }

    @property
    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)


@dataclass
class Count:
    """One bar of a chart: a code, its label in the reader's language, a count."""

    key: str
    label: str
    count: int


def narrow_cohorts(query, filters: Filters, years=None):
    """Narrow a query joined to Cohort by the Seksi and the cohort years."""
    years = filters.years if years is None else years
    query = query.where(Cohort.year >= years[0], Cohort.year <= years[-1])
    return query.where(Cohort.seksi == filters.seksi) if filters.seksi else query


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
