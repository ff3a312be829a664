"""/api/v1: the features' API blueprints nested under core.api's parent, and the OpenAPI
document flask-smorest builds from their schemas (served at /api/v1/openapi.json).

While features move onto schemas, the ones not moved yet add their endpoints straight
onto `bp` and describe them in matchmaker.openapi, which fills in their part.
"""

from typing import Any

from flask import Flask, current_app, jsonify

from matchmaker.core.api import (  # noqa: F401 (the features not moved yet import these here)
    Api,
    BodyError,
    bp,
    json_body,
    officials_only,
    record_by_id,
    token_required,
)
from matchmaker.core.schemas import parsed_field_properties

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
    api.register_converter(
        app.url_map.converters["int"],
        lambda converter: {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
    )
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.register_blueprint(bp)
    app.extensions["api_document"] = api


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3 description of this API."""
    return jsonify(document())


def document() -> dict[str, Any]:
    """The OpenAPI 3.0.3 document: flask-smorest's, from the schemas, with paths relative
    to the one server /api/v1 (and the hand-written part of features not moved yet)."""
    from matchmaker import openapi as hand_written

    generated = current_app.extensions["api_document"].spec.to_dict()
    paths = {
        path.removeprefix(PREFIX): item
        for path, item in generated.pop("paths", {}).items()
        if path != PREFIX + "/openapi.json"
    }
    legacy = hand_written.document()
    paths.update(legacy["paths"])
    components = generated.setdefault("components", {})
    for kind, entries in legacy["components"].items():
        components.setdefault(kind, {}).update(entries)
    return hand_written.null_in_nullable_enums(
        {**generated, "servers": [{"url": PREFIX}], "paths": paths, "tags": legacy["tags"]}
    )


# Importing registers each feature's endpoints on `bp` (moved features: nested below).
from matchmaker.auth import api as auth_api  # noqa: E402
from matchmaker.brokering import api as _brokering_api  # noqa: E402,F401
from matchmaker.matching import api as _matching_api  # noqa: E402,F401
from matchmaker.profiles import api as _profiles_api  # noqa: E402,F401
from matchmaker.wub.cohorts import api as cohorts_api  # noqa: E402
from matchmaker.wub.dashboard import api as _dashboard_api  # noqa: E402,F401
from matchmaker.wub.monitoring import api as _monitoring_api  # noqa: E402,F401

for _feature in (auth_api.blp, cohorts_api.blp):
    bp.register_blueprint(_feature)
