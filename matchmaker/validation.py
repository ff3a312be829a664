"""The one error services raise for bad input, naming each field at fault."""


class Invalid(Exception):
    """Bad input: `fields` maps a field name to a message in the user's language."""

    def __init__(self, fields: dict[str, str], message: str | None = None):
        self.fields = fields
        super().__init__(message or "; ".join(f"{k}: {v}" for k, v in fields.items()))

    def apply_to(self, form) -> None:
        """Show each message under its field of a WTForms form (or on the form itself)."""
        for name, message in self.fields.items():
            field = getattr(form, name, None)
            if field is not None and hasattr(field, "errors"):
                field.errors = [*field.errors, message]
            else:
                form.form_errors.append(message)
