"""Account forms. Rules on the values live in services; forms only collect and require."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from matchmaker.core.pages.formkit import MarksRequired, options

REQUIRED = _l("Wajib diisi.")


def required():
    return DataRequired(message=REQUIRED)


class LoginForm(MarksRequired, FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[required(), Length(max=128)])
    remember = BooleanField(_l("Ingat saya di perangkat ini"))
    submit = SubmitField(_l("Masuk"))


class PasswordPair:
    """A new password typed twice."""

    password = PasswordField(_l("Kata sandi"), validators=[required(), Length(max=128)])
    confirm = PasswordField(
        _l("Ulangi kata sandi"),
        validators=[required(), EqualTo("password", message=_l("Kata sandi tidak sama."))],
    )


class SignupStartForm(MarksRequired, FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), Length(max=254)])
    submit = SubmitField(_l("Kirim tautan pendaftaran"))


class SignupForm(MarksRequired, PasswordPair, FlaskForm):
    """Step two of sign-up; the e-mail address comes from the link. The company fields
    are required of CSR staff only (of a new company: its name, kecamatan and code)."""

    required_fields = (
        "role", "name", "password", "confirm", "consent",
        "company", "company_name", "company_kecamatan", "company_sector",
    )  # fmt: skip

    role = RadioField(
        _l("Saya mendaftar sebagai"),
        choices=options(
            {"owner": _l("Pemilik usaha kecil"), "csr": _l("Staf CSR / pengadaan perusahaan")}
        ),
        default="owner",
        validators=[InputRequired(message=REQUIRED)],
    )
    name = StringField(_l("Nama lengkap"), validators=[required(), Length(max=120)])
    phone = StringField(
        _l("Nomor HP/WhatsApp"),
        validators=[Length(max=20)],
        description=_l(
            "Boleh dikosongkan. Mitra melihatnya hanya setelah perkenalan diterima kedua pihak."
        ),
    )
    company = SelectField(_l("Perusahaan Anda"), choices=[], validate_choice=False)
    company_name = StringField(_l("Nama perusahaan baru"), validators=[Length(max=160)])
    company_kecamatan = SelectField(_l("Kecamatan perusahaan"), choices=[], validate_choice=False)
    company_estate = SelectField(_l("Kawasan industri"), choices=[], validate_choice=False)
    company_sector = StringField(
        _l("Kode KBLI perusahaan"),
        validators=[Length(max=5)],
        description=_l("Kode bidang usaha (5 angka) yang tertulis di NIB perusahaan, mis. 29300."),
    )
    consent = BooleanField(
        _l(
            "Saya menyetujui pengolahan data pribadi saya (nama, e-mail, nomor HP) oleh Dinas "
            "Perindustrian Kabupaten Bekasi untuk mempertemukan mitra usaha, sesuai UU 27/2022."
        )
    )
    submit = SubmitField(_l("Daftar"))


class ForgotPasswordForm(MarksRequired, FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), Length(max=254)])
    submit = SubmitField(_l("Kirim tautan"))


class ResetPasswordForm(MarksRequired, PasswordPair, FlaskForm):
    submit = SubmitField(_l("Simpan kata sandi baru"))


class ChangePasswordForm(MarksRequired, FlaskForm):
    current_password = PasswordField(_l("Kata sandi saat ini"), validators=[required()])
    new_password = PasswordField(_l("Kata sandi baru"), validators=[required(), Length(max=128)])
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[required(), EqualTo("new_password", message=_l("Kata sandi tidak sama."))],
    )
    submit = SubmitField(_l("Ganti kata sandi"))


class DeleteAccountForm(MarksRequired, FlaskForm):
    password = PasswordField(_l("Kata sandi"), validators=[required()])
    confirm = BooleanField(
        _l("Saya paham akun dan data pribadi saya akan dihapus secara permanen."),
        validators=[DataRequired(message=_l("Centang untuk mengonfirmasi."))],
    )
    submit = SubmitField(_l("Hapus akun saya"))


class OfficialForm(MarksRequired, PasswordPair, FlaskForm):
    name = StringField(_l("Nama lengkap"), validators=[required(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[required(), Length(max=254)])
    submit = SubmitField(_l("Buat akun petugas"))


class DecisionForm(FlaskForm):
    """An official's approve/reject button; carries only the CSRF token."""


class ButtonForm(FlaskForm):
    """A button that carries only the CSRF token (revoke a token, sign out everywhere)."""
