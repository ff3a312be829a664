"""Importing participants (WUB) from a spreadsheet: the rows are checked against data
loaded once (cohorts, kecamatan, stored participants) and saved with bulk statements,
so ten thousand rows take seconds, not minutes."""

import difflib
import re
from dataclasses import replace
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from matchmaker.core.extensions import db
from matchmaker.core.validation import Invalid
from matchmaker.imports.services import memoised
from matchmaker.profiles import fields as pf
from matchmaker.reference.models import Kecamatan
from matchmaker.wub import fields as f
from matchmaker.wub.cohorts.history import allowed_next
from matchmaker.wub.cohorts.models import Cohort, Education, Participant, StatusChange, WubStatus
from matchmaker.wub.spreadsheets.importer import NEW, UNCHANGED, UPDATED, Importer, Planned

STORED = (
    "id", "name", "phone", "cohort_id", "kecamatan_id", "education", "priority",
    "birth_date", "trade", "status", "status_since",
)  # fmt: skip
IMPORT_NOTE = "impor"
BATCH = 1000  # rows per INSERT statement
_WITH_YEAR = re.compile(r"(.+?)\s*[(\[]?\s*((?:19|20)\d{2})\s*[)\]]?")


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class CohortNames:
    """Finds the stored cohort a participant row names: "Name", or "Name (2024)" /
    "Name 2024" when cohorts of that name were held in several years."""

    def __init__(self):
        self.by_name: dict[str, list[Cohort]] = {}
        for cohort in db.session.scalars(select(Cohort).order_by(Cohort.year)):
            self.by_name.setdefault(_name_key(cohort.name), []).append(cohort)
        self.find = memoised(self._find)

    def _find(self, text: str) -> Cohort:
        key = _name_key(text)
        found = self.by_name.get(key, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            years = ", ".join(str(c.year) for c in found)
            example = f"{found[-1].name} ({found[-1].year})"
            raise ValueError(
                _(
                    "Ada beberapa angkatan bernama %(name)s (tahun %(years)s); tulis dengan "
                    "tahunnya, misalnya “%(example)s”.",
                    name=text,
                    years=years,
                    example=example,
                )
            )
        if match := _WITH_YEAR.fullmatch(text.strip()):
            name, year = _name_key(match.group(1)), int(match.group(2))
            for cohort in self.by_name.get(name, []):
                if cohort.year == year:
                    return cohort
        raise ValueError(self._unknown(text))

    def _unknown(self, text: str) -> str:
        labels = {
            key: f"{c.name} ({c.year})" for key, cohorts in self.by_name.items() for c in cohorts
        }
        close = difflib.get_close_matches(_name_key(text), list(labels), n=3, cutoff=0.6)
        if close:
            return _(
                "Angkatan tidak dikenal: %(name)s. Mungkin maksudnya: %(close)s.",
                name=text,
                close="; ".join(labels[k] for k in close),
            )
        return _("Angkatan tidak dikenal: %(name)s. Impor atau buat angkatannya dahulu.", name=text)


class ParticipantImport(Importer):
    """Participants match on (name, phone): a match in the same cohort is updated, one in
    another cohort is an error; a new participant's history is recorded from `selected`."""

    kind = "participants"

    def prepare(self) -> None:
        lookups = {pf.kecamatan: memoised(pf.kecamatan), f.trade: memoised(f.trade)}
        self.spec = tuple(
            replace(fd, parse=lookups.get(fd.parse, fd.parse)) for fd in f.PARTICIPANT_FIELDS
        )
        self.own = {fd.name for fd in self.spec}
        self.cohorts = CohortNames()
        self.status = memoised(f.status)
        self.kecamatan = dict(db.session.execute(select(Kecamatan.id, Kecamatan.name)).all())
        self.stored: dict[tuple[str, str], dict[str, Any]] = {}
        columns = [getattr(Participant, c) for c in STORED]
        for values in db.session.execute(select(*columns).order_by(Participant.id)):
            record = dict(zip(STORED, values, strict=True))
            self.stored.setdefault((_name_key(record["name"]), record["phone"]), record)
        self.first_seen: dict[tuple[str, str], int] = {}
        self.cohort_of: dict[int, Cohort] = {
            c.id: c for cs in self.cohorts.by_name.values() for c in cs
        }

    def check_row(self, number: int, data: dict[str, str]) -> Planned:
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        try:
            values = pf.clean(
                self.spec, {k: v for k, v in data.items() if k in self.own}, partial=True
            )
        except Invalid as error:
            errors.update(error.fields)
        cohort = status = None
        try:
            cohort = self.cohorts.find(data["cohort"]) if data.get("cohort") else None
            if cohort is None:
                errors["cohort"] = _("Wajib diisi.")
        except ValueError as error:
            errors["cohort"] = str(error)
        try:
            status = self.status(data["status"]) if data.get("status") else None
        except ValueError as error:
            errors["status"] = str(error)
        if errors:
            raise Invalid(errors)
        values["name"] = " ".join(values["name"].split())
        existing = self._match(number, values, cohort)
        return self._plan(number, values, cohort, status, existing)

    def _match(self, number: int, values: dict, cohort: Cohort) -> dict | None:
        """The stored participant this row updates; duplicates in the file or in another
        cohort are errors."""
        key = (values["name"].casefold(), values.get("phone", ""))
        if key in self.first_seen:
            message = _(
                "Nama dan nomor telepon ini sudah ada di baris %(row)d.", row=self.first_seen[key]
            )
            raise Invalid({"name": message})
        self.first_seen[key] = number
        existing = self.stored.get(key)
        if existing is not None and existing["cohort_id"] != cohort.id:
            other = self.cohort_of[existing["cohort_id"]]
            message = _(
                "Peserta dengan nama dan nomor telepon ini sudah terdaftar di angkatan "
                "%(cohort)s (%(year)d).",
                cohort=other.name,
                year=other.year,
            )
            raise Invalid({"name": message})
        return existing

    def _plan(
        self, number: int, values: dict, cohort: Cohort, status: WubStatus | None, existing
    ) -> Planned:
        after = {k: v for k, v in (existing or {}).items() if k in STORED[1:9]}
        after.update(values, cohort_id=cohort.id)
        after["trade"] = after.get("trade") or cohort.trade
        # An SLTA graduate is the priority group; an official's own choice stands until the
        # education changes.
        if "education" in values and (
            existing is None or existing["education"] != values["education"]
        ):
            after["priority"] = values["education"] == Education.SLTA
        after.setdefault("priority", False)
        if existing is None:
            target = status or WubStatus.SELECTED
            steps = [WubStatus.SELECTED] + ([target] if target != WubStatus.SELECTED else [])
            return Planned(number, NEW, after, None, {"steps": steps, "cohort": cohort})
        extra: dict[str, Any] = {"cohort": cohort, "steps": []}
        current = existing["status"]
        if status is not None and status != current:
            if status not in allowed_next(current):
                message = _(
                    "Status %(now)s tidak bisa diubah menjadi %(new)s.",
                    now=f.STATUS_LABELS[current],
                    new=f.STATUS_LABELS[status],
                )
                raise Invalid({"status": message})
            extra["steps"] = [status]
        same = not extra["steps"] and all(existing[k] == v for k, v in after.items())
        return Planned(number, UNCHANGED if same else UPDATED, after, existing, extra)

    def shown(self, item: Planned) -> dict[str, Any]:
        values = item.values
        steps = item.extra["steps"]
        status = steps[-1] if steps else item.existing["status"]
        education = values.get("education")
        return {
            "row": item.row,
            "action": item.action,
            "name": values["name"],
            "cohort": f"{item.extra['cohort'].name} ({item.extra['cohort'].year})",
            "phone": values.get("phone", ""),
            "kecamatan": self.kecamatan.get(values["kecamatan_id"], ""),
            "education": f.EDUCATION_LABELS[education] if education else "",
            "birth_date": values.get("birth_date"),
            "trade": values["trade"],
            "status": f.STATUS_LABELS[status],
        }

    def save(self, planned: list[Planned]) -> None:
        today, actor_id = date.today(), getattr(self.actor, "id", None)
        fresh: list[Planned] = []
        changes: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for item in self.track(planned, "save"):
            if item.action == UNCHANGED:
                continue
            if item.existing is None:
                fresh.append(item)
                if len(fresh) == BATCH:
                    changes += self._insert(fresh, today, actor_id)
                    fresh = []
                continue
            row = {"id": item.existing["id"], **item.values}
            for step in item.extra["steps"]:
                changes.append(
                    self._step(row["id"], step, item.existing["status"], today, actor_id)
                )
                row.update(status=step, status_since=max(today, item.existing["status_since"]))
                self.outcome.status_changes += 1
            updates.append(row)
        changes += self._insert(fresh, today, actor_id)
        if updates:
            db.session.execute(update(Participant), updates)
        for start in range(0, len(changes), BATCH * 2):
            db.session.execute(insert(StatusChange), changes[start : start + BATCH * 2])

    def _insert(self, items: list[Planned], today: date, actor_id: int | None) -> list[dict]:
        """Insert new participants; the steps of their history, to be inserted after."""
        if not items:
            return []
        rows = [
            {**item.values, "status": item.extra["steps"][-1], "status_since": today}
            for item in items
        ]
        query = insert(Participant).returning(Participant.id, sort_by_parameter_order=True)
        ids = db.session.execute(query, rows).scalars().all()
        steps = []
        for participant_id, item in zip(ids, items, strict=True):
            previous = None
            for step in item.extra["steps"]:
                steps.append(self._step(participant_id, step, previous, today, actor_id))
                previous = step
        return steps

    @staticmethod
    def _step(participant_id: int, status, previous, today: date, actor_id) -> dict[str, Any]:
        return {
            "participant_id": participant_id,
            "status": status,
            "previous": previous,
            "changed_on": today,
            "changed_by_id": actor_id,
            "note": IMPORT_NOTE,
        }
