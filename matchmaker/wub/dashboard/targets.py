"""WUB targets per year and scope (the regency, the Department, each Seksi).

Nothing stored means the plan's defaults: the Department 500 a year (2,500 over the
five-year plan period) and the regency 1,000 a year (5,000 over five years); a Seksi
has no target until an official sets one.
"""

import re
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from matchmaker.audit import labels as audit_words
from matchmaker.audit import services as audit
from matchmaker.auth.models import User
from matchmaker.core.extensions import db
from matchmaker.core.params import whole_number
from matchmaker.core.validation import Invalid
from matchmaker.wub.dashboard.models import Target, TargetScope
from matchmaker.wub.fields import FIRST_YEAR

PERIOD_YEARS = 5  # the regent's plan period (RPJMD)
DEFAULTS = {TargetScope.REGENCY: 1000, TargetScope.DEPARTMENT: 500}
SEKSI_SCOPES = (TargetScope.ILMO, TargetScope.IET, TargetScope.IKA)
MAX_COUNT = 100_000
YEARS_AFTER_PERIOD = 5  # targets may be set this far past the plan period
THOUSANDS = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+")  # 1.000 as officials type it


@dataclass
class TargetCell:
    """A scope's target in a year: the count in force and whether an official set it."""

    year: int
    scope: TargetScope
    count: int | None
    stored: bool


def period() -> range:
    """The years of the plan period (TARGET_PERIOD_START and the four after it)."""
    start = int(current_app.config.get("TARGET_PERIOD_START", 2025))
    return range(start, start + PERIOD_YEARS)


def year_limits() -> tuple[int, int]:
    """The first and last year a target may be set for."""
    return FIRST_YEAR, period()[-1] + YEARS_AFTER_PERIOD


def cells(years) -> dict[int, dict[TargetScope, TargetCell]]:
    """Every scope's target for each year: stored, else the default (None for a Seksi)."""
    years = list(years)
    stored = {
        (t.year, t.scope): t.count
        for t in db.session.scalars(select(Target).where(Target.year.in_(years)))
    }
    return {
        year: {
            scope: TargetCell(
                year,
                scope,
                stored.get((year, scope), DEFAULTS.get(scope)),
                (year, scope) in stored,
            )
            for scope in TargetScope
        }
        for year in years
    }


def for_year(year: int) -> dict[TargetScope, int | None]:
    """Each scope's target for one year."""
    return {scope: cell.count for scope, cell in cells([year])[year].items()}


def totals(years) -> dict[TargetScope, int | None]:
    """Each scope's targets added up over the years (None for a scope set in no year)."""
    found: dict[TargetScope, int | None] = dict.fromkeys(TargetScope)
    for row in cells(years).values():
        for scope, cell in row.items():
            if cell.count is not None:
                found[scope] = (found[scope] or 0) + cell.count
    return found


def for_period() -> dict[TargetScope, int | None]:
    """Each scope's total over the plan period (2,500 / 5,000 by default)."""
    return totals(period())


# --- changing targets --------------------------------------------------------------------------


def parse_scope(value: Any) -> TargetScope:
    """A scope code (regency, department, ILMO, IET, IKA), or ValueError naming them."""
    for scope in TargetScope:
        if str(value).strip().casefold() == scope.value.casefold():
            return scope
    choices = ", ".join(s.value for s in TargetScope)
    raise ValueError(_("Cakupan target tidak dikenal. Pilihan: %(c)s.", c=choices))


def parse_year(value: Any) -> int:
    """A year a target may be set for, or ValueError naming the range."""
    low, high = year_limits()
    year = whole_number(value)
    if year is None or not low <= year <= high:
        raise ValueError(_("Tahun harus antara %(low)d dan %(high)d.", low=low, high=high))
    return year


def parse_count(value: Any) -> int:
    """A target count: a whole number 0–100,000 ("1.000" is a thousand)."""
    if isinstance(value, float) and value.is_integer():  # a spreadsheet's 500.0
        value = int(value)
    if isinstance(value, str) and THOUSANDS.fullmatch(value.strip()):
        value = value.strip().replace(".", "")
    count = whole_number(value)
    if count is None:
        raise ValueError(_("Target harus berupa bilangan bulat."))
    if not 0 <= count <= MAX_COUNT:
        raise ValueError(_("Target harus antara %(low)d dan %(high)d.", low=0, high=MAX_COUNT))
    return count


def _stored(year: int, scope: TargetScope) -> Target | None:
    return db.session.scalar(select(Target).where(Target.year == year, Target.scope == scope))


def _apply(actor: User, year: int, scope: TargetScope, count: int | None) -> Target | None:
    """Store (or with None, remove) one target and log it; no commit."""
    target = _stored(year, scope)
    before = target.count if target else DEFAULTS.get(scope)
    after = count if count is not None else DEFAULTS.get(scope)
    if target is None and count is None:
        return None
    if target is None:
        target = Target(year=year, scope=scope, count=count)
        db.session.add(target)
    elif count is not None:
        target.count = count
    target.updated_by_id = actor.id
    changes = {"count": [before, after]}
    audit.record(actor, "target.updated", target, changes, summary=f"{scope.value} {year}")
    if count is None:
        db.session.delete(target)
    return target


def set_target(actor: User, year: Any, scope: Any, count: Any) -> TargetCell:
    """Set one scope's target for a year, checked and logged; commit or raise Invalid."""
    errors, values = {}, {}
    for name, parse, value in (
        ("year", parse_year, year),
        ("scope", parse_scope, scope),
        ("count", parse_count, count),
    ):
        try:
            values[name] = parse(value)
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise Invalid(errors)
    _apply(actor, values["year"], values["scope"], values["count"])
    db.session.commit()
    return cells([values["year"]])[values["year"]][values["scope"]]


def cell_name(year: int, scope: TargetScope) -> str:
    """The form field of one cell of the grid."""
    return f"t-{year}-{scope.value}"


def save_grid(actor: User, form, years) -> int:
    """Save the grid's changed cells, all or none; a blank cell goes back to the default
    (a Seksi: no target). Returns how many changed, or raises Invalid per cell."""
    current = cells(years)
    errors, wanted = {}, {}
    for year, row in current.items():
        for scope, cell in row.items():
            name = cell_name(year, scope)
            if name not in form:
                continue
            raw = str(form[name]).strip()
            try:
                count = parse_count(raw) if raw else None
            except ValueError as error:
                errors[name] = _(
                    "%(year)d, %(scope)s: %(e)s", year=year, scope=label(scope), e=error
                )
                continue
            if cell.stored if count is None else count != cell.count:
                wanted[(year, scope)] = count
    if errors:
        raise Invalid(errors)
    for (year, scope), count in wanted.items():
        _apply(actor, year, scope, count)
    db.session.commit()
    return len(wanted)


def label(scope: TargetScope) -> str:
    """A scope's name in the current language."""
    names = {
        TargetScope.REGENCY: _("Kabupaten"),
        TargetScope.DEPARTMENT: _("Dinas Perindustrian"),
    }
    return names.get(scope, _("Seksi %(code)s", code=scope.value))


def _summary(text: str) -> str | None:
    """A target's log summary ("<scope> <year>") with the scope in words."""
    scope, _sep, year = text.partition(" ")
    try:
        return f"{label(TargetScope(scope))} {year}".strip()
    except ValueError:
        return None


audit_words.label_summaries("target.updated", _summary)
