"""The monitoring visit form: it collects input as typed; wub/fields.py checks it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from matchmaker.core.pages.formkit import options
from matchmaker.wub.fields import (
    PROBLEM_LABELS,
    REVENUE_LABELS,
)
from matchmaker.wub.forms import PICK


class VisitForm(FlaskForm):
    visited_on = StringField(_l("Tanggal kunjungan"), description=_l("Mis. 17/08/2025"))
    operating = RadioField(
        _l("Usaha beroperasi?"),
        choices=options({"ya": _l("Ya"), "tidak": _l("Tidak")}),
        validate_choice=False,
    )
    employees = StringField(_l("Jumlah karyawan"))
    revenue_band = SelectField(
        _l("Omzet per bulan"),
        choices=options({"": PICK, **REVENUE_LABELS}),
        validate_choice=False,
    )
    partner_orders = StringField(
        _l("Pesanan dari mitra"),
        description=_l("Jumlah pesanan dari perusahaan mitra sejak kunjungan lalu."),
    )
    problems = SelectMultipleField(
        _l("Masalah"),
        choices=options(PROBLEM_LABELS),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    notes = TextAreaField(_l("Catatan"))
    photos = MultipleFileField(
        _l("Foto"), description=_l("JPEG, PNG atau WebP; paling banyak 4 foto, masing-masing 3 MB.")
    )
    submit = SubmitField(_l("Simpan kunjungan"))
