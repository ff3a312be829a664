"""Small helpers shared by the feature forms."""

from flask_babel import gettext as _
from markupsafe import Markup
from wtforms.fields import Label
from wtforms.fields.choices import SelectChoice


def options(pairs: dict) -> list[SelectChoice]:
    """Select/radio choices from an ordered {value: label} mapping (labels may be lazy)."""
    return [SelectChoice(value=value, label=label) for value, label in pairs.items()]


def merge_errors(form, errors: dict[str, str]) -> None:
    """Show a service's errors beside the form's own, so every mistake shows at once:
    a field the form already faulted keeps its message, others get the service's."""
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is None or not hasattr(field, "errors"):
            form.form_errors.append(message)
        elif not field.errors:
            field.errors = [*field.errors, message]


class RequiredLabel(Label):
    """A label followed by a visible "(wajib)". The word stands outside the <label>, so
    the field's name stays its label alone (for screen readers and tests alike), and the
    field's `required` attribute is what screen readers announce with it."""

    def __call__(self, text=None, **kwargs):
        mark = Markup(' <span class="small text-body-secondary">({})</span>').format(_("wajib"))
        return super().__call__(text, **kwargs) + mark


def mark_required(form, names=None) -> None:
    """Mark fields that must be filled before anyone submits: the `required` attribute
    and a visible "(wajib)" after the label. Without `names`, the fields whose
    validators make them required."""
    for field in form:
        if names is None and not field.flags.required:
            continue
        if names is not None and field.name not in names:
            continue
        field.flags.required = True
        field.label = RequiredLabel(field.label.field_id, field.label.text)


class MarksRequired:
    """A form mixin: `required_fields` (or the fields its validators require) are marked."""

    required_fields: tuple[str, ...] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, self.required_fields)
