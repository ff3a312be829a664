"""Forms of the introduction pages: they collect input; `services` and `states` check it,
so the HTML pages and the API answer bad input with the same messages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField

from matchmaker.brokering.reasons import (
    DECLINE_REASONS,
    OUTCOMES,
    TEXT_MAX,
    VALUE_BANDS,
    WITHDRAW_REASONS,
)
from matchmaker.core.pages.formkit import MarksRequired, options

_TEXT = {"maxlength": TEXT_MAX}


class StartForm(FlaskForm):
    """Ask for (or propose) an introduction from a suggestion; the ids travel hidden, and
    the labels name a field when the service finds fault with it."""

    business_id = HiddenField(_l("Usaha"))
    company_id = HiddenField(_l("Perusahaan"))
    kind = HiddenField(_l("Jenis kemitraan"))
    need_id = HiddenField(_l("Kebutuhan subkontrak"))
    programme_id = HiddenField(_l("Program pendampingan"))
    next = HiddenField()
    message = TextAreaField(_l("Pesan (opsional)"), render_kw=_TEXT)


class AnswerForm(FlaskForm):
    """Accept: a button with its CSRF token."""


class ReasonForm(MarksRequired, FlaskForm):
    """Decline or withdraw: a reason from a list, and words of one's own."""

    required_fields = ("reason",)

    reason = SelectField(_l("Alasan"), choices=[], validate_choice=False)
    reason_text = TextAreaField(
        _l("Keterangan"), description=_l("Wajib bila memilih “Alasan lain”."), render_kw=_TEXT
    )

    def __init__(self, reasons: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = options({"": _l("— pilih alasan —"), **reasons})


def decline_form(**kwargs) -> ReasonForm:
    return ReasonForm(DECLINE_REASONS, **kwargs)


def withdraw_form(**kwargs) -> ReasonForm:
    return ReasonForm(WITHDRAW_REASONS, **kwargs)


class AdvanceForm(FlaskForm):
    """One step on. The page shows only the fields the next step needs: the terms for an
    agreement (by kind), the outcome for completion, nothing for the others."""

    to = HiddenField()
    items = TextAreaField(
        _l("Barang atau jasa yang disepakati"),
        description=_l("Mis. bushing S45C Ø20 mm sesuai gambar kerja."),
        render_kw=_TEXT,
    )
    volume_per_month = StringField(_l("Volume per bulan"), render_kw={"inputmode": "numeric"})
    volume_unit = StringField(_l("Satuan"), description=_l("Mis. pcs, unit, kg."))
    value_band = SelectField(_l("Perkiraan nilai per bulan"), choices=[], validate_choice=False)
    topics = TextAreaField(
        _l("Topik pendampingan"),
        description=_l("Mis. K3 bengkel, pembukuan, pemasaran digital."),
        render_kw=_TEXT,
    )
    sessions = StringField(_l("Jumlah sesi"), render_kw={"inputmode": "numeric"})
    start_date = StringField(
        _l("Tanggal mulai"), description=_l("Kosongkan untuk hari ini."), render_kw={"type": "date"}
    )
    outcome = RadioField(_l("Hasil kemitraan"), choices=[], validate_choice=False)
    outcome_note = TextAreaField(_l("Catatan hasil (opsional)"), render_kw=_TEXT)
    end_date = StringField(
        _l("Tanggal selesai"),
        description=_l("Kosongkan untuk hari ini."),
        render_kw={"type": "date"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.value_band.choices = options({"": _l("— tidak disebutkan —"), **VALUE_BANDS})
        self.outcome.choices = options(OUTCOMES)

    def details(self) -> dict:
        """What states.advance reads: the step and its fields, as typed."""
        return {name: value for name, value in self.data.items() if name != "csrf_token"}


class MessageForm(MarksRequired, FlaskForm):
    required_fields = ("body",)

    body = TextAreaField(_l("Pesan"), render_kw=_TEXT)


class NoteForm(MarksRequired, FlaskForm):
    required_fields = ("body",)

    body = TextAreaField(_l("Catatan kemajuan"), render_kw=_TEXT)
