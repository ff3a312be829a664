"""Reading the audit log for officials: the filters of its page, and its CSV export."""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from matchmaker.audit import labels
from matchmaker.audit import services as audit
from matchmaker.audit.models import AuditEntry
from matchmaker.core import params
from matchmaker.core.extensions import db

JAKARTA = ZoneInfo("Asia/Jakarta")
CSV_COLUMNS = (
    _l("Waktu (WIB)"), _l("Pelaku"), _l("Tindakan"), _l("Jenis data"), _l("Nomor catatan"),
    _l("Isian yang berubah"), _l("Nilai sebelum"), _l("Nilai sesudah"),
)  # fmt: skip
# Spreadsheets run a cell starting with these as a formula; a quote keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

ACTION_LABELS = {
    "auth.login": _l("Petugas masuk"),
    "auth.locked": _l("Masuk ke akun ditahan sementara (gagal berulang)"),
    "business.created": _l("Usaha dibuat"),
    "business.updated": _l("Usaha diubah"),
    "business.deleted": _l("Usaha dihapus"),
    "company.created": _l("Perusahaan dibuat"),
    "company.updated": _l("Perusahaan diubah"),
    "company.deleted": _l("Perusahaan dihapus"),
    "need.created": _l("Kebutuhan subkontrak dibuat"),
    "need.updated": _l("Kebutuhan subkontrak diubah"),
    "need.deleted": _l("Kebutuhan subkontrak dihapus"),
    "need.restored": _l("Kebutuhan subkontrak dikembalikan (hapus dibatalkan)"),
    "programme.created": _l("Program pendampingan dibuat"),
    "programme.updated": _l("Program pendampingan diubah"),
    "programme.deleted": _l("Program pendampingan dihapus"),
    "programme.restored": _l("Program pendampingan dikembalikan (hapus dibatalkan)"),
    "introduction.created": _l("Perkenalan dimulai"),
    "introduction.answered": _l("Perkenalan dijawab"),
    "introduction.status": _l("Tahap perkenalan berubah"),
    "cohort.created": _l("Angkatan dibuat"),
    "cohort.updated": _l("Angkatan diubah"),
    "cohort.deleted": _l("Angkatan dihapus"),
    "cohort.import": _l("Angkatan diimpor"),
    "participant.created": _l("Peserta dibuat"),
    "participant.updated": _l("Peserta diubah"),
    "participant.status": _l("Status WUB berubah"),
    "participant.import": _l("Peserta diimpor"),
    "visit.created": _l("Kunjungan pemantauan dicatat"),
    "visit.deleted": _l("Kunjungan pemantauan dihapus"),
    "visit.photo_added": _l("Foto kunjungan ditambahkan"),
    "target.updated": _l("Target diubah"),
}
OBJECT_LABELS = {
    "user": _l("Pengguna"),
    "small_business": _l("Usaha kecil"),
    "company": _l("Perusahaan"),
    "subcontracting_need": _l("Kebutuhan subkontrak"),
    "mentoring_programme": _l("Program pendampingan"),
    "introduction": _l("Perkenalan"),
    "cohort": _l("Angkatan"),
    "participant": _l("Peserta WUB"),
    "monitoring_visit": _l("Kunjungan pemantauan"),
    "target": _l("Target"),
}


@dataclass
class AuditFilters:
    action: str = ""
    object_type: str = ""
    actor: int | None = None
    since: date | None = None  # first day shown, in Jakarta
    until: date | None = None  # last day shown, in Jakarta

    @classmethod
    def parse(cls, args) -> tuple["AuditFilters", dict[str, str]]:
        """Filters from the query string; a bad value is dropped and named in the errors."""
        found, errors = cls(), {}
        found.action = args.get("action", "").strip()[:40]
        found.object_type = args.get("object_type", "").strip()[:40]
        unknown = _("Pelaku tidak dikenal.")
        found.actor = params.filter_argument(args, "actor", params.ID, errors, message=unknown)
        for name in ("since", "until"):
            raw = args.get(name, "").strip()
            try:
                setattr(found, name, date.fromisoformat(raw) if raw else None)
            except ValueError:
                errors[name] = _("Tanggal harus berformat TTTT-BB-HH, mis. 2025-01-31.")
        if found.since and found.until and found.until < found.since:
            errors["until"] = _("Tanggal akhir tidak boleh sebelum tanggal awal.")
            found.until = None
        return found, errors

    def as_args(self) -> dict[str, str]:
        """The filters that are set, as query-string arguments."""
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}

    def query(self) -> Select:
        """The entries these filters allow, newest first; days run midnight to midnight
        in Jakarta, the officials' time."""
        return audit.search(
            self.action,
            self.object_type,
            self.actor,
            since=_start_of(self.since) if self.since else None,
            until=_start_of(self.until + timedelta(days=1)) if self.until else None,
        )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=JAKARTA)


def filter_choices() -> dict[str, list]:
    """The actions, object types and actors found in the log, for the filter menus."""
    actions = db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    types = db.session.scalars(
        select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
    )
    actors = db.session.execute(
        select(AuditEntry.actor_id, AuditEntry.actor_name)
        .where(AuditEntry.actor_id.is_not(None))
        .distinct()
        .order_by(AuditEntry.actor_name)
        .limit(500)
    )
    return {"actions": list(actions), "object_types": list(types), "actors": list(actors)}


def shown(value) -> str:
    """A logged value as text: blank for none, JSON for anything but text."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def action_label(action: str) -> str:
    """An action in words; one added later reads as its code until it gets a label."""
    return str(ACTION_LABELS.get(action, action))


def object_label(object_type: str) -> str:
    return str(OBJECT_LABELS.get(object_type, object_type))


def actor_label(entry: AuditEntry) -> str:
    return entry.actor_name or _("sistem")


def changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(field, before, after) of an entry, each in words."""
    return [
        (
            labels.field_label(name),
            _text(entry.object_type, name, before),
            _text(entry.object_type, name, after),
        )
        for name, (before, after) in (entry.changes or {}).items()
    ]


def _text(object_type: str, name: str, value) -> str:
    if isinstance(value, list | dict):
        return shown(value)
    return labels.value_label(object_type, name, value)


def csv_rows(entries: Iterable[AuditEntry]) -> Iterator[list[str]]:
    """One row per changed field of each entry (one row, fields blank, for none), in the
    reader's words: actions, data types, fields and coded values by their labels."""
    for entry in entries:
        at = entry.at.astimezone(JAKARTA).isoformat(timespec="seconds")
        head = [
            at,
            actor_label(entry),
            action_label(entry.action),
            object_label(entry.object_type),
            str(entry.object_id or ""),
        ]
        for field, before, after in changes(entry) or [("", "", "")]:
            yield [_cell(v) for v in (*head, field, before, after)]


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_lines(query: Select, batch: int = 500) -> Iterator[str]:
    """The CSV file, a few lines at a time: a byte-order mark first so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([str(c) for c in CSV_COLUMNS])
    for row in csv_rows(db.session.scalars(query.execution_options(yield_per=batch))):
        writer.writerow(row)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
