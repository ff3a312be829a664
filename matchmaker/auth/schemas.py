"""What the accounts part of the API reads and answers."""

from marshmallow import Schema, fields, validate

from matchmaker.auth.models import Role

LOCALES = ("id", "en")


# An e-mail address holds no control character (NUL would reach the database, which
# PostgreSQL refuses); a password may hold anything but NUL (it is only ever hashed).
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
NO_NUL = r"^[^\x00]*$"


class TokenRequestSchema(Schema):
    email = fields.String(
        required=True, validate=[validate.Length(max=254), validate.Regexp(NO_CONTROL)]
    )
    password = fields.String(
        required=True, validate=[validate.Length(max=1024), validate.Regexp(NO_NUL)]
    )


class TokenSchema(Schema):
    token = fields.String(required=True)
    expires_at = fields.DateTime(required=True)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.Email(required=True)
    name = fields.String(required=True)
    role = fields.Enum(Role, by_value=True, required=True)
    locale = fields.String(required=True, validate=validate.OneOf(LOCALES))
    business_id = fields.Integer(required=True, allow_none=True)
    company_id = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Set for CSR staff once approved."}
    )
