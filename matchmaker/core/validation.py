"""The errors services raise instead of HTTP answers: the HTML pages, the API and the CLI
each turn them into a response once (errors.py, cli.py), so a service never aborts."""


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


class DomainError(Exception):
    """A request the service will not carry out, with its HTTP status, the API's error code
    and a message in the user's language (None: the status's usual message); `fields`
    names the request values it is about (e.g. a body's id that names no record: 404)."""

    status, code = 409, "conflict"
    headers: dict[str, str] = {}  # e.g. Retry-After for a 503  # noqa: RUF012 (read only)

    def __init__(
        self, message: str | None = None, status: int | None = None, code=None, fields=None
    ):
        self.message, self.fields = message, fields or {}
        self.status, self.code = status or self.status, code or self.code
        super().__init__(message or self.code)


class Refused(DomainError):
    """A request the current state does not allow (409) or that goes over a limit (429),
    with a message in the user's language that says why."""

    def __init__(self, message: str, status: int = 409, code: str = "conflict"):
        super().__init__(message, status, code)


class NotFound(DomainError):
    """No such record, or one the user may not know exists (404, so probing ids reveals
    nothing)."""

    status, code = 404, "not_found"


class NotAllowed(DomainError):
    """The user may not do this (403)."""

    status, code = 403, "forbidden"
