"""The hand-written part of the OpenAPI document (/api/v1/openapi.json): the features not
moved onto schemas yet, merged into flask-smorest's document by matchmaker.api; tests
check the whole covers every route.
"""

from typing import Any

from matchmaker import pagination
from matchmaker.wub.cohorts import openapi as cohorts_openapi

REF = "#/components/schemas/"
JSON = "application/json"
COMMON = ("401", "429", "500")  # every endpoint with a token can answer these
WRITE = ("400", "413", "415", "422")  # every endpoint that reads a JSON body

ACCESS = (
    "Every endpoint except `/auth/token` and `/openapi.json` needs `Authorization: Bearer "
    "<token>`. Any logged-in user reads any profile, need or programme. Contact fields "
    "(business: owner_name, phone, email, address; company: contact_email, contact_phone) "
    "are always present but `null` unless the viewer is the record's owner or staff, or an "
    "official; `contact_visible` tells which. Writes need the right to edit the record: a "
    "record the caller may not change answers 404, like one that does not exist or a "
    "need/programme asked for under another company. Errors share one shape (see "
    "`Error`); 422 names each bad field in `fields`. Suggestions of a business or company "
    "are for those who may edit it (and officials); others get 404."
)


def _ref(name: str) -> dict:
    return {"$ref": REF + name}


def _schemas() -> dict:
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message", "fields"],
                    "properties": {
                        "code": {"type": "string", "example": "validation_error"},
                        "message": {"type": "string"},
                        "fields": {
                            "type": "object",
                            "additionalProperties": {"type": "string"},
                            "description": "Field or query parameter name → message.",
                        },
                    },
                }
            },
        },
    }


_RESPONSES = {
    "400": "The body is not valid JSON, not a JSON object, or nests arrays and objects "
    "deeper than MAX_JSON_DEPTH (code `json_too_deep`).",
    "401": "No token, or an unknown, expired or revoked one (for POST /auth/token: wrong "
    "credentials).",
    "403": "Logged in, but not allowed to do this.",
    "404": "No such record (or it belongs to another company).",
    "409": "The record's current state does not allow this (e.g. the owner already has a "
    "business profile; a step an introduction's state does not allow); `message` says why.",
    "413": "The body is larger than MAX_JSON_BYTES, counted as read (chunked bodies too).",
    "415": "The body is not application/json.",
    "422": "Invalid input; `fields` names each bad field or query parameter.",
    "429": "Too many requests; try again later (`Retry-After` says when). POST /auth/token "
    "also answers 429 with code `account_locked` after repeated failed logins to one "
    "e-mail address from any client (LOGIN_LOCKOUT_FAILURES).",
    "500": "Server error.",
}


def _responses(ok: str, schema: str | None, *codes: str, description: str = "OK") -> dict:
    answer: dict[str, Any] = {"description": description}
    if schema:
        answer["content"] = {JSON: {"schema": _ref(schema)}}
    if ok == "201":
        answer["headers"] = {
            "Location": {"schema": {"type": "string"}, "description": "URL of the new record."}
        }
    errors = {code: {"$ref": "#/components/responses/E" + code} for code in sorted(codes)}
    return {ok: answer, **errors}


def _operation(
    name: str,
    summary: str,
    responses: dict,
    *,
    body: str | None = None,
    parameters: tuple[str, ...] = (),
    tag: str = "profiles",
    **extra,
) -> dict:
    operation: dict[str, Any] = {
        "operationId": name,
        "summary": summary,
        "tags": [tag],
        "responses": responses,
        **extra,
    }
    if body:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": _ref(body)}}}
    if parameters:
        operation["parameters"] = [{"$ref": "#/components/parameters/" + p} for p in parameters]
    return operation


def _read(name: str, summary: str, schema: str, *codes: str, **kw) -> dict:
    return _operation(name, summary, _responses("200", schema, *COMMON, *codes), **kw)


def _write(name: str, summary: str, ok: str, schema: str, body: str, *codes: str) -> dict:
    responses = _responses(
        ok, schema, *COMMON, *WRITE, *codes, description="Created" if ok == "201" else "OK"
    )
    return _operation(name, summary, responses, body=body)


def _paths() -> dict:
    public = {"security": [], "tag": "meta"}
    return {
        "/openapi.json": {
            "get": _operation(
                "openapi_document", "This document", _responses("200", None, "429", "500"), **public
            )
        },
        **cohorts_openapi.paths(_operation, _responses, COMMON, WRITE),
    }


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _parameters() -> dict:
    return {
        **pagination.parameters(),
    }


def null_in_nullable_enums(node: Any) -> Any:
    """`node` with null added to every enum of a nullable schema, throughout.

    In OpenAPI 3.0 `nullable` does not widen an `enum`: a validator refuses null unless
    the enum lists it. Done once here, so no feature's part of the document can miss it.
    """
    if isinstance(node, list):
        return [null_in_nullable_enums(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: null_in_nullable_enums(value) for key, value in node.items()}
    if node.get("nullable") and "enum" in node and None not in node["enum"]:
        node["enum"] = [*node["enum"], None]
    return node


def document() -> dict:
    """The whole OpenAPI 3.0.3 document, as a dict ready for jsonify."""
    return null_in_nullable_enums(_document())


def _document() -> dict:
    responses = {
        "E" + code: {"description": text, "content": {JSON: {"schema": _ref("Error")}}}
        for code, text in _RESPONSES.items()
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Mitra Bekasi API", "version": "1", "description": ACCESS},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "tags": [
            {"name": "auth"},
            {"name": "profiles"},
            {"name": "matching"},
            {"name": "brokering"},
            {"name": "programme"},
            {"name": "meta"},
        ],
        "paths": _paths(),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                **_schemas(),
                **cohorts_openapi.schemas(),
            },
            "parameters": {
                **_parameters(),
                **cohorts_openapi.parameters(_query),
            },
            "responses": responses,
        },
    }
