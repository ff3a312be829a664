"""Cohort and participant forms: they collect input as typed; wub/fields.py checks it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import TelField

from matchmaker.brokering.seksi import SEKSI_LABELS
from matchmaker.core.pages.formkit import MarksRequired, options
from matchmaker.reference.services import kecamatan_choices
from matchmaker.wub.fields import (
    EDUCATION_LABELS,
    STATUS_LABELS,
)
from matchmaker.wub.forms import PICK
from ml.trades import TRADES


def _trades(blank=PICK) -> list:
    return options({"": blank, **{t.code: t.label_id for t in TRADES}})


class ValuesForm(FlaskForm):
    """`values()` hands the service only the record's own fields."""

    def values(self) -> dict:
        skip = {"csrf_token", "submit"}
        return {name: value for name, value in self.data.items() if name not in skip}


class CohortForm(ValuesForm):
    name = StringField(_l("Nama angkatan"), description=_l("Mis. Pelatihan Kerajinan Logam Cepogo"))
    year = StringField(_l("Tahun"))
    trade = SelectField(_l("Bidang usaha"), choices=[], validate_choice=False)
    destination = StringField(_l("Tujuan pelatihan"), description=_l("Mis. Cepogo, Boyolali"))
    seksi = SelectField(_l("Seksi/Bidang penyelenggara"), choices=[], validate_choice=False)
    start_date = StringField(_l("Tanggal mulai"), description=_l("Mis. 17/08/2024"))
    end_date = StringField(_l("Tanggal selesai"))
    budget_source = StringField(_l("Sumber anggaran"), default="APBD")
    budget = StringField(_l("Anggaran (Rp)"), description=_l("Mis. 150.000.000 atau 150 juta"))
    notes = TextAreaField(_l("Catatan"))
    submit = SubmitField(_l("Simpan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trade.choices = _trades()
        self.seksi.choices = options({"": _l("— sesuai bidang usaha —"), **SEKSI_LABELS})


class ParticipantForm(ValuesForm):
    name = StringField(_l("Nama peserta"))
    phone = TelField(_l("Nomor HP/WhatsApp"), description=_l("Mis. 0812-3456-7890"))
    kecamatan = SelectField(_l("Kecamatan"), choices=[], validate_choice=False)
    education = SelectField(_l("Pendidikan terakhir"), choices=[], validate_choice=False)
    priority = SelectField(
        _l("Kelompok prioritas"),
        choices=options(
            {
                "": _l("Otomatis: lulusan SLTA"),
                "ya": _l("Ya, lulusan SLTA yang tidak melanjutkan"),
                "tidak": _l("Tidak"),
            }
        ),
        validate_choice=False,
    )
    birth_date = StringField(_l("Tanggal lahir"), description=_l("Mis. 17/08/2003"))
    trade = SelectField(_l("Bidang usaha"), choices=[], validate_choice=False)
    submit = SubmitField(_l("Simpan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kecamatan.choices = options(
            {"": PICK, **{k.name: k.name for k in kecamatan_choices()}}
        )
        self.education.choices = options({"": PICK, **EDUCATION_LABELS})
        self.trade.choices = _trades(_l("— sama dengan angkatan —"))


class StatusForm(FlaskForm):
    status = SelectField(_l("Status baru"), choices=[], validate_choice=False)
    changed_on = StringField(_l("Tanggal"), description=_l("Kosongkan untuk hari ini."))
    note = StringField(_l("Catatan"))
    submit = SubmitField(_l("Ubah status"))

    def offer(self, statuses) -> None:
        self.status.choices = options({s.value: STATUS_LABELS[s] for s in statuses})


class ReopenForm(MarksRequired, FlaskForm):
    """An official reopens a closed participant: to which status, and why."""

    required_fields = ("status", "reason")

    status = SelectField(_l("Buka kembali sebagai"), choices=[], validate_choice=False)
    reason = StringField(
        _l("Alasan"),
        description=_l("Mis. ditutup karena salah catat; usaha ternyata masih berjalan."),
    )
    submit = SubmitField(_l("Buka kembali"))

    def offer(self, statuses) -> None:
        self.status.choices = options({s.value: STATUS_LABELS[s] for s in statuses})


class BusinessLinkForm(FlaskForm):
    business = StringField(_l("Nomor profil usaha"), description=_l("Angka di alamat /usaha/…"))
    submit = SubmitField(_l("Tautkan"))
