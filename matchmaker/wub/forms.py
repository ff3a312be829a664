"""What the programme's forms share: the blank choice and the button that only posts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SubmitField,
)

PICK = _l("— pilih —")


class ConfirmForm(FlaskForm):
    """A button that only posts (delete, create a profile): the CSRF token is its content."""

    confirm = BooleanField()
    submit = SubmitField(_l("Ya"))
