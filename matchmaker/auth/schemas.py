"""What the accounts part of the API reads and answers."""

from marshmallow import Schema, fields, validate

from matchmaker.auth.models import Role

LOCALES = ("id", "en")


class TokenRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(max=1024))


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
