"""Importing small businesses and companies from a table: check every row, then save all or none.

A row whose name (ignoring case) and kecamatan match a record already stored updates
that record, so importing the same spreadsheet twice changes nothing. The fields are
parsed by the same parsers as the forms and the API (profiles.fields), so a value is
accepted or refused, with the same message, wherever it is entered.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchmaker.core.extensions import db
from matchmaker.core.validation import Invalid
from matchmaker.imports import cells
from matchmaker.imports.tables import Table
from matchmaker.profiles import fields as f
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from matchmaker.profiles.needs import need_values, split, title
from matchmaker.profiles.services import (
    BUSINESS_FIELDS,
    COMPANY_FIELDS,
    NEED_FIELDS,
    PROGRAMME_FIELDS,
)
from matchmaker.reference.models import KbliCode
from ml.trades import infer_trades, kbli_trade, primary_trade
from ml.trades import trade as trade_of

T = TypeVar("T")
# Wraps a stage's items ("validate", then "save") to show progress; the CLI draws a bar.
Track = Callable[[Sequence[T], str], Iterable[T]]

BUSINESS_COLUMNS = (
    "name", "owner_name", "kecamatan", "sector", "trade", "description", "products",
    "capabilities", "equipment", "mentoring_needs", "employees", "founded_year", "phone", "email",
)  # fmt: skip
PROFILE_WORDS = ("products", "capabilities", "equipment", "description", "name")
COMPANY_COLUMNS = (
    "name", "estate", "kecamatan", "sector", "description", "subcontracting_needs",
    "mentoring_offer", "mentoring_capacity", "contact_email",
)  # fmt: skip
REQUIRED_COLUMNS = ("name", "kecamatan", "sector")
DEFAULT_MENTORING_CAPACITY = "5"


@dataclass(frozen=True)
class Problem:
    """An error or warning, located by spreadsheet row and column where it has them."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is not None:
            return _(
                "Baris %(row)d, kolom %(column)s: %(message)s",
                row=self.row,
                column=self.column,
                message=self.message,
            )
        if self.column is not None:
            return _("Kolom %(column)s: %(message)s", column=self.column, message=self.message)
        return self.message


@dataclass
class ImportResult:
    """What an import did; nothing was saved when `errors` is not empty."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    needs_added: int = 0
    programmes_added: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Valid:
    """A row that passed every check: column values to set, plus what comes with it."""

    row: int
    values: dict[str, Any]
    existing_id: int | None
    extras: dict[str, dict[str, Any]]


def import_businesses(table: Table, *, track: Track | None = None) -> ImportResult:
    """Create or update a small business (without an owner account) for each row."""
    return _BusinessImport(track).run(table)


def import_companies(table: Table, *, track: Track | None = None) -> ImportResult:
    """Create or update a company for each row, with its need and mentoring programme."""
    return _CompanyImport(track).run(table)


IMPORTS: dict[str, Callable[..., ImportResult]] = {
    "businesses": import_businesses,
    "companies": import_companies,
}


def untracked(items: Sequence[T], stage: str) -> Iterable[T]:
    return items


def memoised(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A parser that works once per distinct value (asks the database once), not per row."""
    known: dict[Any, tuple[bool, Any]] = {}

    def cached(value: Any) -> Any:
        if value not in known:
            try:
                known[value] = (True, parse(value))
            except ValueError as error:
                known[value] = (False, str(error))
        ok, outcome = known[value]
        if not ok:
            raise ValueError(outcome)
        return outcome

    return cached


def _spec(fields: tuple[f.Field, ...], names: tuple[str, ...]) -> tuple[f.Field, ...]:
    """The fields named, each reference lookup memoised for this import."""
    by_name = {field.name: field for field in fields}
    lookups = {f.kecamatan, f.estate, f.kbli}
    return tuple(
        replace(by_name[n], parse=memoised(by_name[n].parse))
        if by_name[n].parse in lookups
        else by_name[n]
        for n in names
        if n in by_name
    )


class _Import:
    """Shared steps: check the header, validate every row, then save every row at once."""

    model: type
    columns: tuple[str, ...]
    fields: tuple[f.Field, ...]

    def __init__(self, track: Track | None):
        self.track = track or untracked
        self.result = ImportResult()
        self.spec = _spec(self.fields, self.columns)

    def run(self, table: Table) -> ImportResult:
        self.result.rows = len(table.rows)
        self._check_header(table)
        if not self.result.ok:
            return self.result
        self.present = tuple(c for c in table.columns if c in self.columns)
        self.kbli_2020 = set(
            db.session.scalars(select(KbliCode.code).where(KbliCode.edition == 2020))
        )
        valid = self._validate(table)
        if self.result.ok:
            try:
                self._save(valid)
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
        return self.result

    def _check_header(self, table: Table) -> None:
        self.table = table
        for column in table.unknown(self.columns):
            message = _(
                "Tidak dikenal, diabaikan. Kolom yang dikenal: %(names)s.",
                names=", ".join(self.columns),
            )
            self.result.warnings.append(Problem(None, table.header(column), message))
        for column in table.missing(REQUIRED_COLUMNS):
            self.result.errors.append(Problem(None, column, _("Wajib ada di baris judul.")))

    def _validate(self, table: Table) -> list[_Valid]:
        existing = self._existing()
        first_seen: dict[tuple[str, int], int] = {}
        valid = []
        for row in self.track(table.rows, "validate"):
            try:
                values, extras = self.clean(row.number, {c: row.values[c] for c in self.present})
            except Invalid as error:
                self.result.errors += [
                    Problem(row.number, table.header(c), m) for c, m in error.fields.items()
                ]
                continue
            values["kbli_edition"] = 2020 if values["kbli_code"] in self.kbli_2020 else 2025
            key = (values["name"].casefold(), values["kecamatan_id"])
            if key in first_seen:
                message = _(
                    "Nama dan kecamatan ini sudah ada di baris %(row)d.", row=first_seen[key]
                )
                self.result.errors.append(Problem(row.number, table.header("name"), message))
                continue
            first_seen[key] = row.number
            valid.append(_Valid(row.number, values, existing.get(key), extras))
        return valid

    def _existing(self) -> dict[tuple[str, int], int]:
        """(name ignoring case, kecamatan) -> id of every stored record; the oldest wins."""
        found: dict[tuple[str, int], int] = {}
        query = select(self.model.id, self.model.name, self.model.kecamatan_id)
        for id_, name, kecamatan_id in db.session.execute(query.order_by(self.model.id)):
            found.setdefault((name.casefold(), kecamatan_id), id_)
        return found

    def _save(self, valid: list[_Valid]) -> None:
        stored = self._load([v.existing_id for v in valid if v.existing_id is not None])
        new = []
        for item in self.track(valid, "save"):
            record = stored.get(item.existing_id)
            if record is None:
                record = self.model()
                new.append(record)
                self.result.created += 1
            else:
                self.result.updated += 1
            for column, value in item.values.items():
                setattr(record, column, value)
            self.complete(record, item)
        db.session.add_all(new)

    def _load(self, ids: list[int]) -> dict[int, Any]:
        records = {}
        for start in range(0, len(ids), 500):
            query = select(self.model).where(self.model.id.in_(ids[start : start + 500]))
            records.update((r.id, r) for r in db.session.scalars(self.options(query)))
        return records

    def options(self, query):
        return query

    def clean(self, row: int, data: dict[str, str]) -> tuple[dict[str, Any], dict]:
        return f.clean(self.spec, data, partial=True), {}

    def complete(self, record: Any, item: _Valid) -> None:
        """Set what the row's columns imply but do not state."""


class _BusinessImport(_Import):
    """A row's trade is the one its `trade` column names (code or label, either language);
    without one it is read from the row's words, and a row whose words name no trade is
    reported with the trade it gets from its KBLI code, never filled in silently."""

    model = SmallBusiness
    columns = BUSINESS_COLUMNS
    fields = tuple(
        replace(fd, parse=cells.trade, required=False) if fd.name == "trade" else fd
        for fd in BUSINESS_FIELDS
    )

    def clean(self, row: int, data: dict[str, str]) -> tuple[dict[str, Any], dict]:
        values, extras = super().clean(row, data)
        if not values.get("trade") and not infer_trades(
            " ".join(data.get(c, "") for c in PROFILE_WORDS)
        ):
            fallback = kbli_trade(values.get("kbli_code") or "") or "other"
            message = _(
                "Bidang usaha tidak terbaca dari isian baris ini; disimpan sebagai %(label)s "
                "(dari kode KBLI). Isi kolom ini untuk menentukannya.",
                label=trade_of(fallback).label(str(get_locale() or "id")),
            )
            self.result.warnings.append(Problem(row, self.table.header("trade"), message))
        return values, extras

    def complete(self, record: SmallBusiness, item: _Valid) -> None:
        if item.values.get("trade"):
            return
        words = (record.products, record.capabilities, record.equipment, record.description)
        text = " ".join(w or "" for w in (*words, record.name))
        record.trade = primary_trade(text, record.kbli_code)


class _CompanyImport(_Import):
    model = Company
    columns = COMPANY_COLUMNS
    fields = COMPANY_FIELDS

    def clean(self, row: int, data: dict[str, str]) -> tuple[dict[str, Any], dict]:
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        own = {field.name for field in self.spec}
        try:
            values = f.clean(self.spec, {k: v for k, v in data.items() if k in own}, partial=True)
        except Invalid as error:
            errors.update(error.fields)
        extras = {
            "needs": self._needs(row, data, errors),
            "programme": self._programme(data, errors),
        }
        offer, capacity = (
            data.get(c, "").strip() for c in ("mentoring_offer", "mentoring_capacity")
        )
        if capacity and not offer:
            message = _(
                "Diabaikan karena kolom %(offer)s kosong.",
                offer=self.table.header("mentoring_offer"),
            )
            self.result.warnings.append(
                Problem(row, self.table.header("mentoring_capacity"), message)
            )
        if errors:
            raise Invalid(errors)
        return values, extras

    def _needs(self, row: int, data: dict[str, str], errors: dict[str, str]) -> list[dict]:
        """The subcontracting needs the row lists (one per need, see ml.needs); their
        errors go in `errors`, and a split is reported, never made silently."""
        text = data.get("subcontracting_needs", "").strip()
        parts = split(text)
        if len(parts) > 1:
            message = _(
                "Dibaca sebagai %(count)d kebutuhan terpisah: %(titles)s.",
                count=len(parts),
                titles="; ".join(f"“{title(part)}”" for part in parts),
            )
            self.result.warnings.append(
                Problem(row, self.table.header("subcontracting_needs"), message)
            )
        try:
            return [f.clean(NEED_FIELDS, need_values(part), partial=True) for part in parts]
        except Invalid as error:
            errors["subcontracting_needs"] = next(iter(error.fields.values()))
            return []

    def _programme(self, data: dict[str, str], errors: dict[str, str]) -> dict[str, Any] | None:
        """The mentoring programme the row offers, if any; its errors go in `errors`."""
        offer = data.get("mentoring_offer", "").strip()
        if not offer:
            return None
        capacity = data.get("mentoring_capacity", "").strip() or DEFAULT_MENTORING_CAPACITY
        programme = {"title": title(offer), "focus": offer, "capacity": capacity}
        try:
            return f.clean(PROGRAMME_FIELDS, programme, partial=True)
        except Invalid as error:
            for name, message in error.fields.items():
                errors["mentoring_capacity" if name == "capacity" else "mentoring_offer"] = message
            return None

    def options(self, query):
        return query.options(selectinload(Company.needs), selectinload(Company.programmes))

    def complete(self, record: Company, item: _Valid) -> None:
        programme = item.extras.get("programme")
        for need in item.extras.get("needs", ()):
            if not any(_same(n, need) for n in record.needs):
                record.needs.append(SubcontractingNeed(**need))
                self.result.needs_added += 1
        if programme and not any(_same(p, programme) for p in record.programmes):
            record.programmes.append(MentoringProgramme(**programme))
            self.result.programmes_added += 1


def _same(record: Any, values: dict[str, Any]) -> bool:
    return all(getattr(record, column) == value for column, value in values.items())
