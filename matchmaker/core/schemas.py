"""Schemas every part of the API shares: the error shape, one page of a list, and a field
that reads a value with one of the project's parsers (profiles.fields, params), so the
API takes what the forms and imports take ("1.500", "ya", "Rp87.500.000") and says so
in its document."""

from collections.abc import Callable
from functools import cache
from typing import Any

from marshmallow import Schema, ValidationError, fields

from matchmaker.core import params
from matchmaker.core.pagination import (
    CURSOR_PATTERN,
    DEFAULT_LIMIT,
    LIMIT,
    MAX_CURSOR_CHARS,
    MAX_LIMIT,
    Cursor,
)


class Parsed(fields.Field):
    """A value read by `parse` (which raises ValueError with a message for the user) and
    written back as it is stored. `openapi` is its schema in the document, which must
    say honestly what `parse` takes: the formats as strings, or a number; or a function
    giving it when the document is built (bounds that come from the configuration)."""

    def __init__(self, parse: Callable[[Any], Any], openapi: dict, **kwargs):
        super().__init__(**kwargs)
        self.parse = parse
        self.metadata = {**self.metadata, "openapi": openapi}

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return self.parse(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None


def parsed_field_properties(converter, field, **kwargs) -> dict:
    """apispec attribute function: a Parsed field's documented schema, as written."""
    if isinstance(field, Parsed):
        openapi = field.metadata["openapi"]
        return dict(openapi() if callable(openapi) else openapi)
    return {}


def document_rules(converter) -> None:
    """Let a schema add to its document what it cannot say field by field: the JSON
    Schema keywords in its `class Meta: openapi = {...}` (e.g. an `anyOf` for a value
    that needs another), which the service behind it refuses as the document says."""
    plain = converter.schema2jsonschema

    def schema2jsonschema(schema) -> dict:
        rules = getattr(getattr(schema, "Meta", None), "openapi", None)
        return {**plain(schema), **rules} if rules else plain(schema)

    converter.schema2jsonschema = schema2jsonschema


class Whole(fields.Integer):
    """An integer from JSON or ASCII digits only: marshmallow's int() also reads "１２" and
    "٣" (matchmaker.core.params decides what a number is, for pages and API alike)."""

    def _validated(self, value):
        if isinstance(value, str) and params.whole_number(value) is None:
            raise self.make_error("invalid")
        return super()._validated(value)


class ErrorSchema(Schema):
    """{"error": {"code", "message", "fields"}}: every error the API answers."""

    class Detail(Schema):
        code = fields.String(required=True, metadata={"example": "validation_error"})
        message = fields.String(required=True, metadata={"description": "In the user's language."})
        field_messages = fields.Dict(
            data_key="fields",
            keys=fields.String(),
            values=fields.String(),
            required=True,
            metadata={"description": "Field or query parameter name → message."},
        )

    error = fields.Nested(Detail, required=True)


class PageArgs(Schema):
    """`limit` and `cursor`, as every list reads them."""

    limit = Parsed(  # ASCII digits only: int() (and fields.Integer) take "٣" and "１２"
        LIMIT.load,
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        load_default=DEFAULT_LIMIT,
        metadata={"description": "Page size; out of range → 422 naming `limit`."},
    )
    cursor = Parsed(  # read as the position it holds; a regex's `$` would pass "12\n"
        Cursor.load,
        {"type": "string", "pattern": CURSOR_PATTERN, "maxLength": MAX_CURSOR_CHARS},
        metadata={"description": "`next` from the previous page; absent for the first page."},
    )


@cache
def page_of(item: type[Schema]) -> type[Schema]:
    """The schema of one page of `item`s: {"items": [...], "next": cursor or null}."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True),
            "next": fields.String(
                required=True,
                allow_none=True,
                metadata={
                    "description": "Cursor of the next page (pass it as `cursor`); "
                    "null on the last page."
                },
            ),
        },
        name=item.__name__.removesuffix("Schema") + "Page",
    )
