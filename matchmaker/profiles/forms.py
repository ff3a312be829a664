"""Profile forms: they collect input; services.py checks it (one rule, one place)."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import EmailField, TelField

from matchmaker.core.pages.formkit import MarksRequired, options
from matchmaker.core.params import coerce_int
from matchmaker.reference.services import estate_choices, kecamatan_choices
from ml.trades import TRADES

EDITIONS = {2020: "KBLI 2020", 2025: "KBLI 2025"}


class ProfileForm(FlaskForm):
    """Base for profile forms: `values()` hands the service only the profile's own fields."""

    def values(self) -> dict:
        skip = {"csrf_token", "submit"}
        return {name: value for name, value in self.data.items() if name not in skip}


def _kecamatan_options() -> list:
    return options({"": _l("— pilih —"), **{k.name: k.name for k in kecamatan_choices()}})


def _kecamatan_field(label=_l("Kecamatan")) -> SelectField:
    return SelectField(label, choices=[], validate_choice=False)


def _optional_int(value):
    """A numeric choice, or None for the blank one ("decide for me")."""
    return None if value in ("", None) else coerce_int(value)


EDITION_CHOICES = {"": _l("Otomatis, sesuai kode"), **EDITIONS}
EDITION_HINT = _l(
    "Biarkan “Otomatis” bila ragu: kami pakai edisi yang memuat kode Anda. Pilih edisi "
    "hanya bila kode yang sama berarti lain di NIB Anda."
)


# The business profile is asked in four short steps (profiles.steps); each step's form
# holds its own fields, and BusinessForm, all of them on one page.
class BusinessWhoForm(MarksRequired, ProfileForm):
    """Step 1: who you are and where."""

    required_fields = ("name", "trade", "kecamatan")

    name = StringField(_l("Nama usaha"))
    owner_name = StringField(_l("Nama pemilik"))
    trade = SelectField(_l("Bidang usaha"), choices=[], validate_choice=False)
    sector = StringField(
        _l("Kode KBLI"),
        description=_l(
            "Kode bidang usaha di NIB Anda, mis. 25920 (jasa bubut, las, pelapisan). "
            "Belum punya NIB atau tidak tahu? Kosongkan: kami isi kode umum untuk bidang "
            "usaha Anda, bisa diubah nanti."
        ),
    )
    kbli_edition = SelectField(
        _l("Edisi KBLI"),
        choices=options(EDITION_CHOICES),
        default="",
        coerce=_optional_int,
        description=EDITION_HINT,
    )
    kecamatan = _kecamatan_field()
    address = StringField(
        _l("Alamat"), description=_l("Jalan, desa/kelurahan; tanpa RT/RW pun boleh.")
    )
    phone = TelField(
        _l("Nomor HP/WhatsApp"),
        description=_l("Mitra melihatnya hanya setelah perkenalan diterima kedua pihak."),
    )
    email = EmailField(_l("E-mail usaha"))
    founded_year = StringField(_l("Tahun berdiri"), render_kw={"inputmode": "numeric"})
    submit = SubmitField(_l("Simpan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.trade.choices = options(
            {"": _l("— pilih —"), **{t.code: t.label(locale) for t in TRADES}}
        )
        self.kecamatan.choices = _kecamatan_options()


class BusinessWorkForm(ProfileForm):
    """Step 2: what you make and do."""

    products = TextAreaField(_l("Produk"), description=_l("Apa yang Anda buat atau jual."))
    capabilities = TextAreaField(
        _l("Keahlian / jasa"), description=_l("Mis. bubut CNC, las argon, gulung dinamo.")
    )
    description = TextAreaField(
        _l("Tentang usaha"), description=_l("Ceritakan usaha Anda dengan kata-kata sendiri.")
    )
    tags = SelectMultipleField(
        _l("Kemampuan (tag)"),
        choices=[],
        validate_choice=False,
        description=_l(
            "Dipakai untuk mencocokkan dengan perusahaan. Diisi otomatis dari isi "
            "profil; centang yang benar bila kurang tepat."
        ),
    )
    tags_reset = BooleanField(_l("Kembalikan ke tag otomatis dari isi profil"))
    submit = SubmitField(_l("Simpan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.tags.choices = [(t.code, t.label(locale)) for t in TRADES]
        self.tags_edited = bool((kwargs.get("data") or {}).get("tags_edited"))

    def values(self) -> dict:
        """As the base form, but tags left as inferred (or reset) go as [] (infer again)."""
        values = super().values()
        reset = values.pop("tags_reset")
        unchanged = set(values["tags"] or []) == set(self.tags.object_data or [])
        if reset or (unchanged and not self.tags_edited):
            values["tags"] = []
        return values


class BusinessEquipmentForm(ProfileForm):
    """Step 3: equipment and capacity."""

    equipment = TextAreaField(
        _l("Peralatan"), description=_l("Mesin dan alat yang Anda punya, mis. 2 mesin bubut.")
    )
    capacity_per_month = StringField(
        _l("Kapasitas per bulan"),
        description=_l("Berapa banyak yang sanggup Anda buat sebulan, angka saja."),
        render_kw={"inputmode": "numeric"},
    )
    capacity_unit = StringField(_l("Satuan kapasitas"), description=_l("Mis. pcs, unit, kg."))
    employees = StringField(_l("Jumlah karyawan"), render_kw={"inputmode": "numeric"})
    certifications = TextAreaField(
        _l("Sertifikasi"),
        description=_l("Mis. SNI, halal, PIRT, ISO 9001. Kosongkan bila belum ada."),
    )
    submit = SubmitField(_l("Simpan"))


class BusinessHelpForm(ProfileForm):
    """Step 4: the help you want."""

    mentoring_needs = TextAreaField(
        _l("Kebutuhan pendampingan"), description=_l("Mis. pemasaran, mutu, modal, desain.")
    )
    training_history = TextAreaField(
        _l("Riwayat pelatihan"), description=_l("Mis. pelatihan WUB 2024 di Cepogo, Boyolali.")
    )
    accepting_requests = BooleanField(_l("Menerima permintaan kemitraan baru"), default=True)
    submit = SubmitField(_l("Simpan"))


class BusinessForm(BusinessWhoForm, BusinessWorkForm, BusinessEquipmentForm, BusinessHelpForm):
    """The whole business profile on one page."""

    submit = SubmitField(_l("Simpan"))


class CompanyForm(MarksRequired, ProfileForm):
    required_fields = ("name", "kecamatan", "sector")

    name = StringField(_l("Nama perusahaan"))
    estate = SelectField(_l("Kawasan industri"), choices=[], validate_choice=False)
    kecamatan = _kecamatan_field()
    sector = StringField(
        _l("Kode KBLI"), description=_l("Kode bidang usaha di NIB perusahaan, mis. 29300.")
    )
    kbli_edition = SelectField(
        _l("Edisi KBLI"),
        choices=options(EDITION_CHOICES),
        default="",
        coerce=_optional_int,
        description=EDITION_HINT,
    )
    description = TextAreaField(_l("Tentang perusahaan"))
    website = StringField(_l("Situs web"))
    contact_email = EmailField(_l("E-mail kontak"))
    contact_phone = TelField(_l("Telepon kontak"))
    accepting_requests = BooleanField(_l("Menerima permintaan kemitraan baru"), default=True)
    submit = SubmitField(_l("Simpan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.estate.choices = options(
            {
                "": _l("Di luar kawasan industri"),
                **{e.short_name: e.short_name for e in estate_choices()},
            }
        )
        self.kecamatan.choices = _kecamatan_options()


class NeedForm(MarksRequired, ProfileForm):
    required_fields = ("title",)

    title = StringField(_l("Judul kebutuhan"))
    description = TextAreaField(
        _l("Rincian"), description=_l("Bahan, ukuran, toleransi, standar mutu.")
    )
    volume = StringField(_l("Volume"))
    volume_unit = StringField(_l("Satuan"), description=_l("Mis. pcs/bulan."))
    deadline = StringField(
        _l("Batas waktu"),
        description=_l("Sesudah tanggal ini kebutuhan tidak lagi disarankan ke usaha kecil."),
        render_kw={"type": "date"},
    )
    is_open = BooleanField(_l("Masih dibuka"), default=True)
    submit = SubmitField(_l("Simpan"))


class ProgrammeForm(MarksRequired, ProfileForm):
    required_fields = ("title", "focus", "capacity")

    title = StringField(_l("Nama program"))
    focus = TextAreaField(
        _l("Fokus pendampingan"), description=_l("Mis. mutu produk, K3, pemasaran digital.")
    )
    description = TextAreaField(_l("Rincian"))
    capacity = StringField(_l("Kapasitas (jumlah usaha)"))
    start_date = StringField(_l("Mulai"), render_kw={"type": "date"})
    end_date = StringField(_l("Selesai"), render_kw={"type": "date"})
    is_open = BooleanField(_l("Masih menerima peserta"), default=True)
    submit = SubmitField(_l("Simpan"))


class DeleteForm(FlaskForm):
    """A delete button; carries only the CSRF token."""
