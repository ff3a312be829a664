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


class Refused(Exception):
    """A request the current state does not allow (409) or that goes over a limit (429),
    with a message in the user's language that says why."""

    def __init__(self, message: str, status: int = 409, code: str = "conflict"):
        self.message, self.status, self.code = message, status, code
        super().__init__(message)
