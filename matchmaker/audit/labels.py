"""The audit log in words: each logged field by its name on the forms, each coded value by
its label, in the reader's language. Entries keep codes (they outlive a language and a
relabelling); they are put into words when they are read, on the page and in the CSV.

The log sits below every feature, so a feature lends it the words for its own codes when
its module loads: `label_values` (a field's coded values), `label_statuses` (an object
type's statuses) and `label_summaries` (an action's summary).
"""

from collections.abc import Callable
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matchmaker.core.extensions import db
from matchmaker.reference.models import IndustrialEstate, Kecamatan
from ml.trades import TRADE_CODES, trade

Labeller = Callable[[Any], str | None]

FIELD_LABELS = {
    "name": _l("Nama"),
    "owner_name": _l("Nama pemilik"),
    "trade": _l("Bidang usaha"),
    "kbli_code": _l("Kode KBLI"),
    "kbli_edition": _l("Edisi KBLI"),
    "kecamatan_id": _l("Kecamatan"),
    "estate_id": _l("Kawasan industri"),
    "address": _l("Alamat"),
    "description": _l("Deskripsi"),
    "products": _l("Produk"),
    "capabilities": _l("Keahlian"),
    "equipment": _l("Peralatan"),
    "certifications": _l("Sertifikasi"),
    "capacity_per_month": _l("Kapasitas per bulan"),
    "capacity_unit": _l("Satuan kapasitas"),
    "employees": _l("Jumlah karyawan"),
    "founded_year": _l("Tahun berdiri"),
    "mentoring_needs": _l("Kebutuhan pendampingan"),
    "training_history": _l("Riwayat pelatihan"),
    "phone": _l("Telepon"),
    "email": _l("E-mail"),
    "website": _l("Situs web"),
    "contact_email": _l("E-mail kontak"),
    "contact_phone": _l("Telepon kontak"),
    "accepting_requests": _l("Menerima permintaan"),
    "tags": _l("Bidang (label)"),
    "title": _l("Judul"),
    "volume": _l("Volume"),
    "volume_unit": _l("Satuan volume"),
    "deadline": _l("Batas waktu"),
    "is_open": _l("Dibuka"),
    "focus": _l("Fokus"),
    "capacity": _l("Kapasitas"),
    "start_date": _l("Tanggal mulai"),
    "end_date": _l("Tanggal selesai"),
    "year": _l("Tahun"),
    "destination": _l("Tujuan pelatihan"),
    "seksi": _l("Seksi"),
    "budget_source": _l("Sumber anggaran"),
    "budget": _l("Anggaran"),
    "notes": _l("Catatan"),
    "education": _l("Pendidikan"),
    "priority": _l("Kelompok prioritas"),
    "birth_date": _l("Tanggal lahir"),
    "cohort_id": _l("Angkatan"),
    "business_id": _l("Usaha"),
    "status": _l("Status"),
    "count": _l("Jumlah target"),
    "business_accepted": _l("Usaha menerima"),
    "company_accepted": _l("Perusahaan menerima"),
    "created": _l("Dibuat"),
    "updated": _l("Diperbarui"),
    "unchanged": _l("Tidak berubah"),
    "status_changes": _l("Perubahan status"),
    "file": _l("Berkas"),
    "reason_code": _l("Alasan"),
}
BOOLEAN_FIELDS = {
    "accepting_requests",
    "is_open",
    "priority",
    "business_accepted",
    "company_accepted",
}
LOGIN_CHANNELS = {"web": _l("lewat situs"), "api": _l("lewat API")}


def field_label(name: str) -> str:
    """A logged field as the forms call it."""
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ").capitalize()


def value_label(object_type: str, name: str, value: Any) -> str:
    """A logged value as people read it: a label for a code, a name for an id."""
    if value is None or value == "":
        return ""
    if name in BOOLEAN_FIELDS or isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if name == "status" and object_type in _STATUSES:
        return _member_label(_STATUSES[object_type], value)
    labeller = _LABELLERS.get(name)
    text = labeller(value) if labeller else None
    if text is not None:
        return text
    return value if isinstance(value, str) else str(value)


def _member_label(labels: dict, value: Any) -> str:
    by_code = {str(getattr(member, "value", member)): label for member, label in labels.items()}
    return str(by_code.get(str(value), value))


def _trade(value: Any) -> str | None:
    if value not in TRADE_CODES:
        return None
    return trade(value).label(str(get_locale() or "id"))


def _trades(value: Any) -> str | None:
    codes = [c for c in str(value).split(",") if c]
    if not codes or any(c not in TRADE_CODES for c in codes):
        return None
    return ", ".join(_trade(c) for c in codes)


def named(model, attribute: str, suffix=None) -> Labeller:
    """A record's id put as its `attribute` (and `suffix(record)` in brackets)."""

    def name(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        record = db.session.get(model, value)
        if record is None:
            return None
        text = getattr(record, attribute)
        return f"{text} ({suffix(record)})" if suffix else text

    return name


def enum(labels: dict, kind) -> Labeller:
    """A code of the enum `kind` put as its label in `labels`."""

    def label(value: Any) -> str | None:
        try:
            return str(labels[kind(value)])
        except (ValueError, KeyError):
            return None

    return label


_LABELLERS: dict[str, Labeller] = {
    "trade": _trade,
    "tags": _trades,
    "kecamatan_id": named(Kecamatan, "name"),
    "estate_id": named(IndustrialEstate, "short_name"),
}
_STATUSES: dict[str, dict] = {}  # object type → {status: label}
_SUMMARIES: dict[str, Labeller] = {}  # action → its summary in words (None: as written)


def label_values(name: str, labeller: Labeller) -> None:
    """Put the logged values of field `name` into words with `labeller` (None: as logged)."""
    _LABELLERS[name] = labeller


def label_statuses(object_type: str, labels: dict) -> None:
    """Put the `status` logged on an `object_type` into words: {status: label}."""
    _STATUSES[object_type] = labels


def label_summaries(action: str, labeller: Labeller) -> None:
    """Put the summary of an `action`'s entries into words (None: as written)."""
    _SUMMARIES[action] = labeller


def summary(entry) -> str:
    """An entry's summary in words (targets and logins keep codes there)."""
    text = entry.summary or ""
    if entry.action in _SUMMARIES:
        worded = _SUMMARIES[entry.action](text)
        return text if worded is None else worded
    if entry.action == "auth.login" and text in LOGIN_CHANNELS:
        return str(LOGIN_CHANNELS[text])
    return text
