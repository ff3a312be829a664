"""What the profiles part of the API reads and answers: businesses, companies, their needs
and programmes.

Every input schema is built from the services' field specs (profiles.services), so the
API takes exactly the fields the services check. Each value must first fit its
documented schema (`Documented`), then passes the parser the forms and imports use
(profiles.fields); the service parses the record once more as a whole (blanks,
editions, dates in order). A name or code that fits its format but names no reference
row (kecamatan, estate, KBLI code) is 404 naming the field, like an id of no record.
"""

import re
from typing import Any

from flask_babel import gettext as _
from jsonschema import Draft4Validator
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from matchmaker.core.schemas import PageArgs, Parsed
from matchmaker.core.validation import NotFound
from matchmaker.profiles import fields as f
from matchmaker.profiles import services
from matchmaker.profiles.serialise import BUSINESS_CONTACT, COMPANY_CONTACT
from ml.trades import TRADE_CODES

# Text that is not blank: one character that plain_text.single_line keeps (not a space,
# not a control character). Unanchored: it is searched for. Lone surrogates (which JSON
# escapes carry) are blank too, but a pattern naming them is unusable to generators.
NOT_BLANK = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# Indonesian mobile (08…) and Jakarta-area fixed (021…) numbers, 0 or +62 first, single
# spaces or hyphens between digits: a form phonenumbers always takes as valid.
PHONE = r"^((\+62[ -]?|0)(8[1-35-9]([ -]?[0-9]){7,10}|21([ -]?[0-9]){7,8}))?$"
EMAIL = (
    r"^([A-Za-z0-9_+-]{1,20}(\.[A-Za-z0-9_+-]{1,20}){0,2}"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?\.){1,3}(com|net|org|id))?$"
)
WEBSITE = (
    r"^((https?://)?([a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?\.){1,4}[a-z]{2,12}"
    r"(/[A-Za-z0-9._~%/?#&=+-]{0,150})?)?$"
)
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
KBLI = r"^[0-9]{2,5}$"
BOOLEAN_WORDS = ("true", "false", "ya", "tidak", "yes", "no", "y", "n", "on", "off", "1", "0")
_CODES = "(" + "|".join(re.escape(code) for code in TRADE_CODES) + ")"


def number_pattern(low: int, high: int) -> str:
    """A pattern of the whole numbers low…high (0 ≤ low) written as profiles.fields.integer
    reads them: plain digits ("1500") or with dots between thousands ("1.500")."""
    pieces: list[list[str]] = []
    for length in range(len(str(low)), len(str(high)) + 1):
        start, end = max(low, 10 ** (length - 1) if length > 1 else 0), min(high, 10**length - 1)
        if start <= end:
            pieces += _digit_classes(str(start), str(end))
    plain = ["".join(piece) for piece in pieces]
    grouped = [
        "".join(("\\." if i and (len(piece) - i) % 3 == 0 else "") + c for i, c in enumerate(piece))
        for piece in pieces
        if len(piece) > 3
    ]
    return "^(" + "|".join(plain + grouped) + ")$"


def _digit_classes(low: str, high: str) -> list[list[str]]:
    """Digit strings low…high of one length, as lists of one character class per digit."""
    if low == high:
        return [list(low)]
    if len(low) == 1:
        return [[f"[{low}-{high}]"]]
    if low[0] == high[0]:
        return [[low[0], *rest] for rest in _digit_classes(low[1:], high[1:])]
    width = len(low) - 1
    from_zero, to_nine = low[1:] == "0" * width, high[1:] == "9" * width
    first = low[0] if from_zero else chr(ord(low[0]) + 1)
    last = high[0] if to_nine else chr(ord(high[0]) - 1)
    classes = [] if from_zero else [[low[0], *r] for r in _digit_classes(low[1:], "9" * width)]
    if first <= last:
        classes.append([f"[{first}-{last}]", *["[0-9]"] * width])
    if not to_nine:
        classes += [[high[0], *r] for r in _digit_classes("0" * width, high[1:])]
    return classes


class Documented(Parsed):
    """A Parsed field whose documented schema is also its first check, so the API takes
    exactly what its document says (the parsers also take other spellings from forms
    and imports). Loads the value as sent: the service parses the whole record."""

    def __init__(self, parse, openapi: dict, *, explain=None, **kwargs):
        super().__init__(parse, openapi, **kwargs)
        self.validator = Draft4Validator(openapi)
        self.explain = explain or parse  # says what is wrong with a refused value

    def _deserialize(self, value, attr, data, **kwargs):
        if not self.validator.is_valid(value):
            raise ValidationError(self._refusal(value))
        if not f.blank(value):  # blank is the service's to judge: required, or cleared
            super()._deserialize(value, attr, data, **kwargs)
        return value

    def _refusal(self, value: Any) -> str:
        longest = self.metadata["openapi"].get("maxLength")
        if isinstance(value, str) and longest is not None and len(value) > longest:
            return _("Maksimal %(n)d karakter.", n=longest)
        if self.metadata["openapi"].get("pattern") == NOT_BLANK and f.blank(value):
            return _("Wajib diisi.")
        try:
            self.explain(value)
        except ValueError as error:
            return str(error)
        return _("Format tidak sah.")


def _either(number: dict, text: dict, description: str) -> dict:
    return {"anyOf": [number, {"type": "string", **text}], "description": description}


def _unchecked(value: Any) -> Any:
    return value


# profile field parser → (its documented input, the field that writes it back)
_REFERENCES = {f.kecamatan: "kecamatan", f.estate: "estate", f.kbli: "sector"}
_FIXED: dict[Any, tuple[dict, Any]] = {
    f.trade: ({"type": "string", "enum": list(TRADE_CODES)}, lambda: _enum(TRADE_CODES)),
    f.kbli: (
        {
            "type": "string",
            "pattern": KBLI,
            "example": "25920",
            "description": "KBLI code (2–5 digits) of the "
            "chosen edition; a code of neither edition is 404 naming `sector`.",
        },
        fields.String,
    ),
    f.edition: (
        _either(
            {"type": "integer", "enum": [2020, 2025]},
            {"enum": ["2020", "2025"]},
            "KBLI edition of `sector`; by default the one the code exists in (2020 first).",
        ),
        lambda: fields.Integer(validate=validate.OneOf([2020, 2025])),
    ),
    f.kecamatan: (
        {
            "type": "string",
            "maxLength": 80,
            "example": "Cikarang Barat",
            "pattern": NOT_BLANK,
            "description": "Kecamatan "
            "name (Kemendagri or BPS spelling, any case); an unknown name is 404 naming it.",
        },
        fields.String,
    ),
    f.estate: (
        {
            "type": "string",
            "maxLength": 160,
            "example": "EJIP",
            "description": "Industrial estate, short or "
            "full name; blank or null for none; an unknown name is 404 naming it.",
        },
        lambda: fields.String(allow_none=True),
    ),
    f.phone: (
        {
            "type": "string",
            "maxLength": 40,
            "pattern": PHONE,
            "description": "Mobile (08…) "
            "or Jakarta-area (021…) number, 0 or +62 first; stored as +62…; empty clears it.",
        },
        fields.String,
    ),
    f.email: (
        {
            "type": "string",
            "maxLength": 254,
            "pattern": EMAIL,
            "description": "An e-mail address (stored in lower case); empty clears it.",
        },
        fields.String,
    ),
    f.web_address: (
        {
            "type": "string",
            "maxLength": 255,
            "pattern": WEBSITE,
            "description": "An http(s) address; https:// is added when missing.",
        },
        fields.String,
    ),
    f.boolean: (
        _either(
            {"type": "boolean"},
            {"enum": list(BOOLEAN_WORDS)},
            "Null keeps the current value (true for new).",
        ),
        fields.Boolean,
    ),
    f.iso_date: (
        {"type": "string", "format": "date", "pattern": DATE},
        lambda: fields.String(allow_none=True, metadata={"format": "date"}),
    ),
    services.capability_tags: (
        _either(
            {"type": "array", "items": {"type": "string", "enum": list(TRADE_CODES)}},
            {"pattern": f"^ *({_CODES} *(, *{_CODES} *)*)?$"},
            "Capability tags (trade codes), as a list or comma-separated. Setting them "
            "marks them as the owner's (`tags_edited`); none goes back to inferred tags.",
        ),
        lambda: fields.List(_enum(TRADE_CODES)),
    ),
}


def _enum(choices) -> fields.String:
    return fields.String(validate=validate.OneOf(list(choices)))


def _described(field: f.Field) -> tuple[dict, Any]:
    """A profile field's documented input and the factory of its output field."""
    if hasattr(field.parse, "max_len"):
        text = {"type": "string", "maxLength": field.parse.max_len}
        return ({**text, "pattern": NOT_BLANK} if field.required else text), fields.String
    if hasattr(field.parse, "bounds"):
        low, high = field.parse.bounds
        number = {"type": "integer", "minimum": low, "maximum": high}
        document = _either(
            number,
            {"pattern": number_pattern(low, high)},
            f'A whole number {low}–{high}, or its digits as text ("1500" or "1.500").',
        )
        return document, lambda: fields.Integer(allow_none=not field.required)
    return _FIXED[field.parse]


class ProfileInput(Schema):
    """A record's fields as sent; kecamatan, estate and KBLI code must name a row."""

    @validates_schema(skip_on_field_errors=True)
    def _references(self, data: dict, **kwargs) -> None:
        missing = {}
        for parse, name in _REFERENCES.items():
            if name in data and not f.blank(data[name]):
                try:
                    parse(data[name])
                except ValueError as error:
                    missing[name] = str(error)
        if missing:
            raise NotFound(fields=missing)


def _input(name: str, spec: tuple[f.Field, ...], *, partial: bool = False) -> type[Schema]:
    """The schema of a new record (every required field) or of a change (`partial`)."""
    accepted = {}
    for field in spec:
        document, _output = _described(field)
        parse = _unchecked if field.parse in _REFERENCES else field.parse
        accepted[field.name] = Documented(
            parse,
            document,
            explain=field.parse,
            required=field.required and not partial,
            allow_none=not field.required,
        )
    return ProfileInput.from_dict(accepted, name=name)


def _output(name: str, spec: tuple[f.Field, ...], contact=(), **extra) -> type[Schema]:
    """A record as the API returns it: every input field, id and timestamps; contact
    fields are null unless the viewer may see them (`contact_visible`)."""
    written: dict[str, fields.Field] = {"id": fields.Integer()}
    for field in spec:
        written[field.name] = _described(field)[1]()
    for field_name in contact:
        written[field_name] = fields.String(
            allow_none=True,
            metadata={"description": "Null unless the viewer may see contacts; may be empty."},
        )
    if contact:
        written["contact_visible"] = fields.Boolean()
    written |= extra
    for stamp in ("created_at", "updated_at"):
        written[stamp] = fields.String(metadata={"format": "date-time"})
    for field_obj in written.values():
        field_obj.required = True
    return Schema.from_dict(written, name=name)


BusinessInput = _input("BusinessInput", services.BUSINESS_FIELDS)
BusinessPatch = _input("BusinessPatch", services.BUSINESS_FIELDS, partial=True)
CompanyInput = _input("CompanyInput", services.COMPANY_FIELDS)
CompanyPatch = _input("CompanyPatch", services.COMPANY_FIELDS, partial=True)
NeedInput = _input("NeedInput", services.NEED_FIELDS)
NeedPatch = _input("NeedPatch", services.NEED_FIELDS, partial=True)
ProgrammeInput = _input("ProgrammeInput", services.PROGRAMME_FIELDS)
ProgrammePatch = _input("ProgrammePatch", services.PROGRAMME_FIELDS, partial=True)

BusinessSchema = _output(
    "BusinessSchema",
    services.BUSINESS_FIELDS,
    BUSINESS_CONTACT,
    tags_edited=fields.Boolean(
        metadata={"description": "True when the owner set the tags; false when inferred."}
    ),
)
NeedSchema = _output("NeedSchema", services.NEED_FIELDS, company_id=fields.Integer())
ProgrammeSchema = _output("ProgrammeSchema", services.PROGRAMME_FIELDS, company_id=fields.Integer())
CompanySchema = _output(
    "CompanySchema",
    services.COMPANY_FIELDS,
    COMPANY_CONTACT,
    needs=fields.List(fields.Nested(NeedSchema)),
    programmes=fields.List(fields.Nested(ProgrammeSchema)),
)


def _filter(description: str) -> fields.String:
    return fields.String(load_default="", metadata={"description": description})


class BusinessArgs(PageArgs):
    q = _filter("Words in the name, products, capabilities or description.")
    trade = _filter("Trade code, one of: " + ", ".join(TRADE_CODES) + "; another matches nothing.")
    tag = _filter("Capability tag (trade code) the business's tags contain.")
    sector = _filter("KBLI code prefix, e.g. 25 or 259.")
    kecamatan = _filter("Kecamatan name; an unknown name matches nothing.")


class CompanyArgs(PageArgs):
    q = _filter("Words in the name or description.")
    sector = _filter("KBLI code prefix, e.g. 25 or 259.")
    kecamatan = _filter("Kecamatan name; an unknown name matches nothing.")
    estate = _filter("Industrial estate, short or full name; an unknown one matches nothing.")


def page_args(args: dict) -> dict:
    """`limit` and `cursor` for pagination.page, taken out of the filters."""
    return {"limit": args.pop("limit"), "cursor": args.pop("cursor", None)}
