"""The words of brokering: states, reasons for ending, value bands and outcomes, in
both languages, and the parsing of a reason given with a decline or a withdrawal."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matchmaker.audit import labels as audit_words
from matchmaker.brokering.models import Outcome, Status, ValueBand
from matchmaker.core.plain_text import multi_line, single_line
from matchmaker.core.validation import Invalid

STATUS_LABELS = {
    Status.REQUESTED: _l("Diminta"),
    Status.PROPOSED: _l("Diusulkan petugas"),
    Status.ACCEPTED: _l("Diterima kedua pihak"),
    Status.MEETING: _l("Pertemuan"),
    Status.AGREEMENT: _l("Kesepakatan"),
    Status.ACTIVE: _l("Berjalan"),
    Status.COMPLETED: _l("Tuntas"),
    Status.DECLINED: _l("Ditolak"),
    Status.WITHDRAWN: _l("Dibatalkan"),
    Status.EXPIRED: _l("Kedaluwarsa"),
}

DECLINE_REASONS = {
    "not_fit": _l("Kebutuhan dan keahlian tidak cocok"),
    "capacity": _l("Kapasitas sedang penuh"),
    "distance": _l("Lokasi terlalu jauh"),
    "price_quality": _l("Harga atau mutu belum sesuai"),
    "timing": _l("Waktunya belum tepat"),
    "other": _l("Alasan lain"),
}
WITHDRAW_REASONS = {
    "found_partner": _l("Sudah mendapat mitra lain"),
    "need_changed": _l("Kebutuhan berubah atau dibatalkan"),
    "no_response": _l("Pihak lain tidak menanggapi"),
    "not_fit": _l("Ternyata tidak cocok"),
    "other": _l("Alasan lain"),
}
EXPIRED_REASON = "no_answer"
# Reasons that say the pair did not fit: these teach the model. "Full" or "not now"
# say nothing about the pair itself, so they are not labels.
NOT_A_MATCH = frozenset({"not_fit", "distance", "price_quality"})

VALUE_BANDS = {
    ValueBand.UNDER_10M: _l("Di bawah Rp10 juta/bulan"),
    ValueBand.FROM_10M: _l("Rp10–50 juta/bulan"),
    ValueBand.FROM_50M: _l("Rp50–200 juta/bulan"),
    ValueBand.OVER_200M: _l("Di atas Rp200 juta/bulan"),
}
OUTCOMES = {
    Outcome.SUCCEEDED: _l("Berhasil sesuai kesepakatan"),
    Outcome.PARTLY: _l("Sebagian berhasil"),
    Outcome.STOPPED: _l("Berhenti sebelum selesai"),
}
TEXT_MAX = 2000


def reason_label(code: str) -> str:
    if code == EXPIRED_REASON:
        return _("Tidak dijawab sampai batas waktu")
    return str(DECLINE_REASONS.get(code) or WITHDRAW_REASONS.get(code) or code)


def choose_reason(choices: dict) -> str:
    """What a reason outside `choices` is told: the choices in words, never their codes."""
    options = "; ".join(str(label) for label in choices.values())
    return _("Pilih salah satu alasan: %(options)s.", options=options)


def parse_reason(choices: dict, code: Any, text: Any) -> tuple[str, str]:
    """A reason code from `choices` and its free text (needed when the code is "other")."""
    code = code.strip() if isinstance(code, str) else ""
    text = multi_line(text) if isinstance(text, str) else ""
    if code not in choices:
        raise Invalid({"reason": choose_reason(choices)})
    if code == "other" and not text:
        raise Invalid({"reason_text": _("Jelaskan alasannya.")})
    if len(text) > TEXT_MAX:
        raise Invalid({"reason_text": _("Maksimal %(n)d karakter.", n=TEXT_MAX)})
    return code, text


def parse_text(
    field: str, value: Any, required: bool = True, *, max_len: int = TEXT_MAX, one_line=False
) -> str:
    """Free text of at most `max_len` characters, with its line breaks unless `one_line`;
    shown later as text, never as HTML."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid({field: _("Harus berupa teks.")})
    value = single_line(value) if one_line else multi_line(value)
    if required and not value:
        raise Invalid({field: _("Wajib diisi.")})
    if len(value) > max_len:
        raise Invalid({field: _("Maksimal %(n)d karakter.", n=max_len)})
    return value


audit_words.label_statuses("introduction", STATUS_LABELS)
audit_words.label_values("reason_code", lambda code: reason_label(str(code)))
