"""How complete a business profile is, and what is missing, in words for its owner.

One function answers for the profile stepper and for the owner's home page, so the
two never disagree on what "complete" means.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from matchmaker.profiles.models import SmallBusiness


@dataclass(frozen=True)
class Part:
    """One part of the profile that counts towards completeness."""

    field: str
    label: object  # a lazy string: read in the reader's language
    why: object
    weight: int
    step: str  # the stepper step that asks for it
    improves_suggestions: bool


# The matcher reads products, capabilities, equipment and description as the business's
# work, the kecamatan as distance, capacity and employees as size, mentoring needs for
# programmes: those parts weigh more and say they improve the suggestions.
PARTS = (
    Part(
        "owner_name",
        _l("Nama pemilik"),
        _l("Perusahaan tahu siapa yang akan mereka ajak bicara."),
        5,
        "who",
        False,
    ),
    Part(
        "phone",
        _l("Nomor HP/WhatsApp"),
        _l("Mitra bisa menghubungi Anda setelah perkenalan diterima kedua pihak."),
        10,
        "who",
        False,
    ),
    Part(
        "address",
        _l("Alamat"),
        _l("Perusahaan bisa memperkirakan jarak dan mengunjungi bengkel Anda."),
        5,
        "who",
        False,
    ),
    Part(
        "products",
        _l("Produk"),
        _l("Rekomendasi mencocokkan kebutuhan perusahaan dengan barang yang Anda buat."),
        15,
        "work",
        True,
    ),
    Part(
        "capabilities",
        _l("Keahlian / jasa"),
        _l("Rekomendasi mencari keahlian ini dalam kebutuhan perusahaan."),
        15,
        "work",
        True,
    ),
    Part(
        "description",
        _l("Tentang usaha"),
        _l("Kata-kata Anda sendiri membantu rekomendasi memahami pekerjaan Anda."),
        10,
        "work",
        True,
    ),
    Part(
        "equipment",
        _l("Peralatan"),
        _l("Perusahaan mencari usaha yang punya mesin yang mereka perlukan."),
        15,
        "equipment",
        True,
    ),
    Part(
        "capacity_per_month",
        _l("Kapasitas per bulan"),
        _l("Rekomendasi menimbang apakah Anda sanggup memenuhi volume pesanan."),
        5,
        "equipment",
        True,
    ),
    Part(
        "employees",
        _l("Jumlah karyawan"),
        _l("Rekomendasi menimbang besar usaha Anda terhadap pesanan."),
        5,
        "equipment",
        True,
    ),
    Part(
        "certifications",
        _l("Sertifikasi"),
        _l("Perusahaan yang mensyaratkan sertifikat melihat yang Anda punya."),
        5,
        "equipment",
        False,
    ),
    Part(
        "mentoring_needs",
        _l("Kebutuhan pendampingan"),
        _l("Program pendampingan CSR dicocokkan dengan kebutuhan ini."),
        10,
        "help",
        True,
    ),
)

TOTAL_WEIGHT = sum(part.weight for part in PARTS)


def _filled(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


def profile_completeness(business: SmallBusiness) -> dict:
    """The profile's completeness: `percent` (0-100) and the `missing` parts.

    The parts that every profile has to have (name, trade, KBLI code, kecamatan) are
    required to save it, so they are not counted. Each missing part is a dict with
    `field`, `label` and `why` in the reader's language, `step` (the stepper step that
    asks for it) and `improves_suggestions`; those that improve suggestions come first.
    """
    missing = [part for part in PARTS if not _filled(getattr(business, part.field, None))]
    lacking = sum(part.weight for part in missing)
    percent = round(100 * (TOTAL_WEIGHT - lacking) / TOTAL_WEIGHT)
    missing.sort(key=lambda part: (not part.improves_suggestions, -part.weight))
    return {
        "percent": percent,
        "missing": [
            {
                "field": part.field,
                "label": str(part.label),
                "why": str(part.why),
                "step": part.step,
                "improves_suggestions": part.improves_suggestions,
            }
            for part in missing
        ],
    }
