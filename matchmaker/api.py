"""/api/v1: the features' API blueprints nested under core.api's parent, and the OpenAPI
document flask-smorest builds from their marshmallow schemas when the app starts (served
at /api/v1/openapi.json). No part of the document is written by hand.
"""

from typing import Any

from flask import Flask, current_app

from matchmaker.core.api import Api, bp
from matchmaker.core.schemas import document_rules, parsed_field_properties

PREFIX = "/api/v1"
ACCESS = (
    "Every endpoint except `/auth/token` and `/openapi.json` needs `Authorization: Bearer "
    "<token>`. Any logged-in user reads any profile, need or programme. Contact fields "
    "(business: owner_name, phone, email, address; company: contact_email, contact_phone) "
    "are always present but `null` unless the viewer is the record's owner or staff, or an "
    "official; `contact_visible` tells which. Writes need the right to edit the record: a "
    "record the caller may not change answers 404, like one that does not exist or a "
    "need/programme asked for under another company. Errors share one shape (see "
    "`Error`); 422 names each bad field in `fields`. Suggestions of a business or company "
    "are for those who may edit it (and officials); others get 404. Lists answer "
    "`{items, next}`: pass `next` as `cursor` for the following page."
)
SPEC = {
    "title": "Mitra Bekasi API",
    "version": "1",
    "openapi_version": "3.0.3",
    "info": {"description": ACCESS},
    "security": [{"bearerAuth": []}],
}


def init_app(app: Flask) -> None:
    """Register /api/v1 and build its document from the schemas."""
    api = Api(app, spec_kwargs=SPEC)
    api.ma_plugin.converter.add_attribute_function(parsed_field_properties)
    document_rules(api.ma_plugin.converter)
    api.register_converter(
        app.url_map.converters["int"],
        lambda converter: {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
    )
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    with app.app_context():  # a schema's documented bounds may come from the configuration
        api.register_blueprint(bp)
    for feature in FEATURES:
        api.spec.tag({"name": feature.name, "description": feature.description or ""})
    app.extensions["api_document"] = api


@bp.get("/openapi.json")
@bp.response(200, description="This OpenAPI 3.0.3 document.")
@bp.doc(security=[], operationId="openapi_document", tags=["meta"])
def openapi_document():
    """The OpenAPI 3 description of this API."""
    return document()


def document() -> dict[str, Any]:
    """The OpenAPI 3.0.3 document flask-smorest built from the schemas, with paths
    relative to its one server, /api/v1."""
    generated = current_app.extensions["api_document"].spec.to_dict()
    paths = {path.removeprefix(PREFIX): item for path, item in generated.pop("paths").items()}
    for item in paths.values():
        for parameter in item.get("parameters", []):
            _no_nul_in_query(parameter)
        for operation in (value for key, value in item.items() if key != "parameters"):
            for parameter in operation.get("parameters", []):
                _no_nul_in_query(parameter)
    return null_in_nullable_enums({**generated, "servers": [{"url": PREFIX}], "paths": paths})


def _no_nul_in_query(parameter: dict) -> None:
    """A query value never holds NUL: matchmaker.core.params refuses it (422) before any
    view for every request, so a text parameter's schema says so once, here."""
    schema = parameter.get("schema", {})
    if parameter.get("in") == "query" and schema.get("type") == "string":
        schema.setdefault("pattern", "^[^\\x00]*$")


def null_in_nullable_enums(node: Any) -> Any:
    """In OpenAPI 3.0 `nullable` does not widen an `enum`: a validator refuses null unless
    the enum lists it. Done once here, so no schema can miss it."""
    if isinstance(node, list):
        return [null_in_nullable_enums(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: null_in_nullable_enums(value) for key, value in node.items()}
    if node.get("nullable") and "enum" in node and None not in node["enum"]:
        node["enum"] = [*node["enum"], None]
    return node


# Each feature's endpoints, on its own blueprint nested under `bp`.
from matchmaker.auth import api as auth_api  # noqa: E402
from matchmaker.brokering import api as brokering_api  # noqa: E402
from matchmaker.matching import api as matching_api  # noqa: E402
from matchmaker.profiles import api as profiles_api  # noqa: E402
from matchmaker.wub.cohorts import api as cohorts_api  # noqa: E402
from matchmaker.wub.dashboard import api as dashboard_api  # noqa: E402
from matchmaker.wub.monitoring import api as monitoring_api  # noqa: E402

FEATURES = (
    auth_api.blp,
    profiles_api.blp,
    matching_api.blp,
    brokering_api.blp,
    cohorts_api.blp,
    dashboard_api.blp,
    monitoring_api.blp,
)
for _feature in FEATURES:
    bp.register_blueprint(_feature)
