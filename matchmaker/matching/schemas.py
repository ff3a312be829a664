"""What the matching part of the API reads and answers: suggestions and verdicts.

An offer is named the same way everywhere: its `kind` and its id (`offer_id`), the need
for subcontracting, the programme for mentoring.
"""

from marshmallow import Schema, fields, validate

from matchmaker.core.params import MAX_ID
from matchmaker.core.schemas import Whole
from matchmaker.matching.feedback import REASON_MAX
from matchmaker.matching.models import FeedbackSource, Kind
from ml.trades import TRADE_CODES

KINDS = [kind.value for kind in Kind]
DEFAULT_TOP, MAX_TOP = 10, 50


def _id(**kwargs) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(1, MAX_ID), **kwargs)


def _kind(**kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf(KINDS), **kwargs)


class SuggestionArgs(Schema):
    kind = _kind(required=True, metadata={"description": "Which offers: needs or programmes."})
    top = Whole(
        load_default=DEFAULT_TOP,
        validate=validate.Range(1, MAX_TOP),
        metadata={"description": "How many suggestions."},
    )


class CompanySuggestionArgs(SuggestionArgs):
    offer_id = Whole(
        validate=validate.Range(1, MAX_ID),
        metadata={
            "description": "Only this need (kind=subcontracting) or programme (mentoring) of "
            "the company; one it does not have is 404 naming `offer_id`."
        },
    )


class CompanyPart(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    estate = fields.String(required=True, allow_none=True)


class BusinessPart(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kecamatan = fields.String(required=True)
    trade = fields.String(required=True, validate=validate.OneOf(TRADE_CODES))


class OfferPart(Schema):
    """The need (subcontracting) or programme (mentoring) the pair is about."""

    kind = _kind(required=True)
    id = fields.Integer(required=True)
    title = fields.String(required=True)


class SuggestedCompany(Schema):
    company = fields.Nested(CompanyPart, required=True)
    offer = fields.Nested(OfferPart, required=True)
    score = fields.Float(
        required=True,
        validate=validate.Range(0, 1),
        metadata={"description": "Calibrated probability that the pair is a match."},
    )
    band = fields.String(
        required=True,
        validate=validate.OneOf(["high", "medium", "low"]),
        metadata={"description": "How sure the suggestion is (Cocok tinggi / sedang / rendah)."},
    )
    reasons = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "2–4 reasons, in the token user's language."},
    )
    fallback = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Why it rests on weaker signals (e.g. thin_profile), or null."},
    )


class SuggestedBusiness(SuggestedCompany):
    business = fields.Nested(BusinessPart, required=True)


class SuggestedCompanies(Schema):
    items = fields.List(fields.Nested(SuggestedCompany), required=True)


class SuggestedBusinesses(Schema):
    items = fields.List(fields.Nested(SuggestedBusiness), required=True)


class FeedbackInput(Schema):
    business_id = _id(required=True)
    kind = _kind(required=True)
    offer_id = _id(required=True, metadata={"description": "The need or programme, by `kind`."})
    verdict = fields.Integer(
        strict=True,
        required=True,
        validate=validate.OneOf([1, -1]),
        metadata={"description": "1 a good match, -1 not."},
    )
    reason = fields.String(allow_none=True, validate=validate.Length(max=REASON_MAX))


class FeedbackSchema(Schema):
    id = fields.Integer(required=True)
    business_id = fields.Integer(required=True)
    company_id = fields.Integer(required=True)
    kind = _kind(required=True)
    need_id = fields.Integer(required=True, allow_none=True)
    programme_id = fields.Integer(required=True, allow_none=True)
    source = fields.String(
        required=True,
        validate=validate.OneOf([source.value for source in FeedbackSource]),
        metadata={"description": "From the caller's role."},
    )
    verdict = fields.Integer(required=True, validate=validate.OneOf([1, -1]))
    reason = fields.String(required=True)
    created_at = fields.String(required=True, metadata={"format": "date-time"})


class TrainingPart(Schema):
    """A training of the model queued (waits for a job worker) or running."""

    version = fields.Integer(required=True)
    state = fields.String(required=True, validate=validate.OneOf(["queued", "training"]))
    stage = fields.String(required=True, metadata={"description": "Progress, e.g. fitting."})
    queued_at = fields.String(required=True, metadata={"format": "date-time"})
    started_at = fields.String(required=True, allow_none=True, metadata={"format": "date-time"})


class FailurePart(Schema):
    version = fields.Integer(required=True)
    error = fields.String(required=True)
    queued_at = fields.String(required=True, metadata={"format": "date-time"})


class ModelSchema(Schema):
    """The published partner model every app server serves. Before the first training
    has finished, `version` and `trained_at` are null, the counts 0, and the suggestion
    endpoints answer 503 `model_preparing` with Retry-After."""

    version = fields.Integer(required=True, allow_none=True)
    trained_at = fields.String(required=True, allow_none=True, metadata={"format": "date-time"})
    businesses = fields.Integer(required=True, metadata={"description": "Trained on."})
    offers = fields.Integer(required=True, metadata={"description": "Needs and programmes."})
    decisions = fields.Integer(required=True, metadata={"description": "Verdicts learnt from."})
    refit_of = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The version this one refitted; null: a full fit."},
    )
    size = fields.Integer(required=True, metadata={"description": "Bytes of the model file."})
    sha256 = fields.String(required=True, allow_none=True)
    served_version = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The version the answering server has loaded, if any."},
    )
    training = fields.Nested(TrainingPart, required=True, allow_none=True)
    last_failure = fields.Nested(
        FailurePart,
        required=True,
        allow_none=True,
        metadata={"description": "The newest training that failed after `version`."},
    )
