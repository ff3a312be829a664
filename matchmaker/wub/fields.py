"""Parsing programme fields the same way for forms, the API and spreadsheet imports.

Officials type what they know ("SMK", "Kerajinan logam", "Seksi ILMO", "lulus",
"17 Agustus 2024"), so each parser accepts the code and the words people use for
it, and raises ValueError naming the choices when it cannot tell.
"""

from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matchmaker.brokering.seksi import SEKSI_CODES, SEKSI_LABELS
from matchmaker.core.validation import Invalid
from matchmaker.imports.cells import amount, spreadsheet_date, trade
from matchmaker.profiles import fields as f
from matchmaker.wub.cohorts.models import Education, WubStatus
from matchmaker.wub.monitoring.models import Problem, RevenueBand
from ml.trades import infer_trades

FIRST_YEAR = 2018  # the first WUB selection
MAX_RUPIAH = 10**13

STATUS_LABELS = {
    WubStatus.SELECTED: _l("Terpilih"),
    WubStatus.IN_TRAINING: _l("Sedang pelatihan"),
    WubStatus.TRAINED: _l("Lulus pelatihan"),
    WubStatus.STARTED: _l("Mulai usaha"),
    WubStatus.OPERATING: _l("Beroperasi"),
    WubStatus.GROWING: _l("Berkembang"),
    WubStatus.STALLED: _l("Tersendat"),
    WubStatus.CLOSED: _l("Tutup"),
}
EDUCATION_LABELS = {
    Education.NONE: _l("Tidak/belum tamat SD"),
    Education.SD: _l("SD"),
    Education.SMP: _l("SMP/sederajat"),
    Education.SLTA: _l("SLTA (SMA/SMK/MA)"),
    Education.DIPLOMA: _l("Diploma"),
    Education.SARJANA: _l("Sarjana"),
}
REVENUE_LABELS = {
    RevenueBand.UNDER_1M: _l("< Rp1 juta"),
    RevenueBand.FROM_1M: _l("Rp1–5 juta"),
    RevenueBand.FROM_5M: _l("Rp5–10 juta"),
    RevenueBand.FROM_10M: _l("Rp10–25 juta"),
    RevenueBand.OVER_25M: _l("> Rp25 juta"),
}
PROBLEM_LABELS = {
    Problem.RAW_MATERIALS: _l("Bahan baku"),
    Problem.CAPITAL: _l("Modal"),
    Problem.MARKETING: _l("Pemasaran"),
    Problem.QUALITY: _l("Mutu produk"),
    Problem.EQUIPMENT: _l("Peralatan"),
}

# Words officials write for each value, beside the code itself (compared casefolded).
STATUS_WORDS = {
    WubStatus.SELECTED: ("terpilih", "seleksi", "lolos seleksi", "peserta"),
    WubStatus.IN_TRAINING: ("pelatihan", "sedang pelatihan", "dalam pelatihan", "dilatih"),
    WubStatus.TRAINED: ("lulus", "lulus pelatihan", "selesai pelatihan", "terlatih"),
    WubStatus.STARTED: ("mulai usaha", "merintis", "rintisan", "baru mulai"),
    WubStatus.OPERATING: ("beroperasi", "berjalan", "aktif", "jalan"),
    WubStatus.GROWING: ("berkembang", "tumbuh", "maju"),
    WubStatus.STALLED: ("tersendat", "macet", "terhenti", "vakum", "mandek"),
    WubStatus.CLOSED: ("tutup", "berhenti", "gulung tikar", "keluar", "mengundurkan diri"),
}
EDUCATION_WORDS = {
    Education.NONE: ("tidak sekolah", "tidak tamat sd", "belum tamat sd", "-"),
    Education.SD: ("sd", "mi", "sekolah dasar", "paket a"),
    Education.SMP: ("smp", "mts", "sltp", "paket b"),
    Education.SLTA: ("slta", "sma", "smk", "ma", "stm", "smea", "paket c", "sma/smk"),
    Education.DIPLOMA: ("d1", "d2", "d3", "d4", "diploma"),
    Education.SARJANA: ("s1", "s2", "s3", "sarjana", "strata 1"),
}


_BOTH: dict[int, dict[str, Any]] = {}  # the catalogs do not change while the app runs


def both_languages(labels: dict) -> dict[str, Any]:
    """{label in Indonesian or in English, casefolded: member} of a dict of lazy labels, so
    a file downloaded in either language reads back."""
    if id(labels) not in _BOTH:
        found = {}
        for locale in ("id", "en"):
            with force_locale(locale):
                found.update({" ".join(str(t).split()).casefold(): m for m, t in labels.items()})
        _BOTH[id(labels)] = found
    return _BOTH[id(labels)]


def _lookup(words: dict, value: Any, codes, labels: dict) -> Any | None:
    """The member whose code, label (either language) or one of whose words is `value`."""
    text = " ".join(str(value).replace("_", " ").split()).casefold()
    for member in codes:
        if text in {member.value.replace("_", " ").casefold(), *words.get(member, ())}:
            return member
    return both_languages(labels).get(" ".join(str(value).split()).casefold())


def status(value: Any) -> WubStatus:
    """A WUB status by its label in either language, a word officials use, or its code."""
    found = _lookup(STATUS_WORDS, value, WubStatus, STATUS_LABELS)
    if found is None:
        choices = ", ".join(str(STATUS_LABELS[s]) for s in WubStatus)
        raise ValueError(
            _("Status WUB “%(v)s” tidak dikenal. Pilihan: %(c)s.", v=_cut(value), c=choices)
        )
    return found


def education(value: Any) -> Education:
    """An education level by its label in either language, a school's name, or its code."""
    found = _lookup(EDUCATION_WORDS, value, Education, EDUCATION_LABELS)
    if found is None:  # "SMK (tidak melanjutkan)"
        found = _lookup(EDUCATION_WORDS, str(value).split("(")[0], Education, EDUCATION_LABELS)
    if found is None:
        choices = ", ".join(str(EDUCATION_LABELS[e]) for e in Education)
        raise ValueError(
            _("Pendidikan “%(v)s” tidak dikenal. Pilihan: %(c)s.", v=_cut(value), c=choices)
        )
    return found


def trade_named(value: Any) -> str:
    """A trade to search by: as `trade` reads it, else the one the words speak of
    ("Elektronika"). Only for filters, which write nothing."""
    try:
        return trade(value)
    except ValueError:
        inferred = infer_trades(" ".join(str(value).split()))
        if not inferred:
            raise
        return inferred[0]


def _cut(value: Any, length: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def seksi(value: Any) -> str:
    """A Seksi code ("ILMO"), with or without "Seksi" before it, or its full name."""
    text = " ".join(str(value).split()).casefold()
    text = text.removeprefix("seksi ").strip()
    for code in SEKSI_CODES:
        full = str(SEKSI_LABELS[code]).casefold().removeprefix("seksi ")
        if text in (code.casefold(), full):
            return code
    raise ValueError(_("Seksi tidak dikenal. Pilihan: %(c)s.", c=", ".join(SEKSI_CODES)))


def year(value: Any) -> int:
    return f.integer(FIRST_YEAR, date.today().year + 1)(value)


def a_date(value: Any) -> date:
    """A date as people write it (17/08/2024, 17 Agustus 2024, 2024-08-17, Excel number)."""
    return spreadsheet_date(value)


def past_date(value: Any) -> date:
    """A date that is not in the future (a visit, a status change)."""
    found = spreadsheet_date(value)
    if found > date.today():
        raise ValueError(_("Tanggal tidak boleh di masa depan."))
    return found


def birth_date(value: Any) -> date:
    found = spreadsheet_date(value)
    today = date.today()
    if not date(today.year - 80, 1, 1) <= found <= date(today.year - 14, 12, 31):
        raise ValueError(_("Tanggal lahir tidak masuk akal (umur harus 14–80 tahun)."))
    return found


def revenue_band(value: Any) -> RevenueBand:
    """A band code, or a monthly amount ("3.500.000", "3,5 juta") placed in its band."""
    if str(value).strip() in {b.value for b in RevenueBand}:
        return RevenueBand(str(value).strip())
    try:
        rupiah = amount(value)
    except ValueError:
        raise ValueError(_("Omzet tidak dikenali. Contoh: 3.500.000 atau 3,5 juta.")) from None
    return band_of(rupiah)


def band_of(rupiah: int) -> RevenueBand:
    """The revenue band a monthly amount falls in."""
    for limit, band in (
        (1_000_000, RevenueBand.UNDER_1M),
        (5_000_000, RevenueBand.FROM_1M),
        (10_000_000, RevenueBand.FROM_5M),
        (25_000_000, RevenueBand.FROM_10M),
    ):
        if rupiah < limit:
            return band
    return RevenueBand.OVER_25M


def problems(value: Any) -> str:
    """Problem codes as a list or comma-separated text, stored comma-separated."""
    items = value if isinstance(value, list) else str(value).split(",")
    found = []
    for item in items:
        code = str(item).strip()
        if code and code not in {p.value for p in Problem}:
            choices = ", ".join(p.value for p in Problem)
            raise ValueError(_("Masalah tidak dikenal: %(v)s. Pilihan: %(c)s.", v=code, c=choices))
        if code and code not in found:
            found.append(code)
    return ",".join(found)


def rupiah(value: Any) -> int:
    """A budget in rupiah: 150.000.000, Rp150.000.000,00, 150 juta."""
    number = amount(value)
    if not 0 <= number <= MAX_RUPIAH:
        raise ValueError(_("Anggaran harus antara 0 dan %(n)s rupiah.", n="10.000.000.000.000"))
    return number


def count(value: Any) -> int:
    """A whole number of people or orders; "1.500" is fifteen hundred."""
    try:
        number = amount(value)
    except ValueError:
        raise ValueError(_("Harus berupa bilangan bulat.")) from None
    if not 0 <= number <= 100_000:
        raise ValueError(_("Harus antara %(low)d dan %(high)d.", low=0, high=100_000))
    return number


COHORT_FIELDS = (
    f.text_field("name", 160, required=True),
    f.Field("year", year, required=True),
    f.Field("trade", trade, required=True),
    f.text_field("destination", 160),
    f.Field("seksi", seksi),  # blank: the Seksi that looks after the trade
    f.Field("start_date", a_date),
    f.Field("end_date", a_date),
    f.text_field("budget_source", 60),
    f.Field("budget", rupiah),
    f.text_field("notes", 4000, multiline=True),
)
PARTICIPANT_FIELDS = (
    f.text_field("name", 120, required=True),
    f.Field("phone", f.phone, blank=""),
    f.Field("kecamatan", f.kecamatan, required=True, column="kecamatan_id"),
    f.Field("education", education),
    f.Field("priority", f.boolean),  # blank: an SLTA graduate is the priority group
    f.Field("birth_date", birth_date),
    f.Field("trade", trade),  # blank: the cohort's trade
)
VISIT_FIELDS = (
    f.Field("visited_on", a_date, required=True),  # not in the future: a rule of the visit
    f.Field("operating", f.boolean, required=True),
    f.Field("employees", count),
    f.Field("revenue_band", revenue_band),
    f.Field("partner_orders", count),
    f.Field("problems", problems, blank=""),
    f.text_field("notes", 4000, multiline=True),
)


def clean_cohort(data: dict, *, partial: bool) -> dict[str, Any]:
    """A cohort's values from raw input, or Invalid naming every bad field."""
    values = f.clean(COHORT_FIELDS, data, partial=partial)
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise Invalid({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    return values


def clean_participant(data: dict, *, partial: bool) -> dict[str, Any]:
    """A participant's values from raw input, or Invalid naming every bad field."""
    values = f.clean(PARTICIPANT_FIELDS, data, partial=partial)
    if "name" in values:
        values["name"] = " ".join(values["name"].split())
    return values
