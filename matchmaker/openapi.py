"""The OpenAPI 3 document served at /api/v1/openapi.json.

Required fields come from the field specs in profiles.services, so the document
cannot drift from what the services demand; tests check it covers every route.
"""

from typing import Any

from matchmaker import pagination
from matchmaker.brokering import openapi as brokering_openapi
from matchmaker.profiles import services
from matchmaker.profiles.serialise import BUSINESS_CONTACT, COMPANY_CONTACT
from matchmaker.wub.cohorts import openapi as cohorts_openapi
from matchmaker.wub.dashboard import openapi as dashboard_openapi
from matchmaker.wub.monitoring import openapi as monitoring_openapi
from ml.trades import TRADE_CODES

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


def _text(max_len: int, description: str = "") -> dict:
    schema: dict[str, Any] = {"type": "string", "maxLength": max_len}
    return {**schema, "description": description} if description else schema


def _int(low: int, high: int) -> dict:
    return {"type": "integer", "minimum": low, "maximum": high, "nullable": True}


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


_PHONE = {
    "type": "string",
    "maxLength": 20,
    "description": "Indonesian number (08…, 62…, +62…); stored and returned as +62…",
}
_EMAIL = {
    "type": "string",
    "maxLength": 254,
    "description": "An e-mail address, checked by the server; empty or null clears it.",
}
_BOOL = {"type": "boolean", "description": "Null keeps the current value (true for new)."}
_DATE = {"type": "string", "format": "date", "nullable": True}
_SECTOR = {
    "type": "string",
    "pattern": "^[0-9]{2,5}$",
    "description": "KBLI code (2–5 digits) of the chosen edition.",
}
_EDITION = {
    "type": "integer",
    "enum": [2020, 2025],
    "nullable": True,
    "description": "KBLI edition of `sector`; 2020 by default.",
}
_KECAMATAN = {
    "type": "string",
    "maxLength": 80,
    "description": "Kecamatan name (Kemendagri or BPS spelling, any case); "
    "an unknown name is 422 listing the valid ones.",
}

BUSINESS_INPUT = {
    "name": _text(120),
    "owner_name": _text(120),
    "trade": {"type": "string", "enum": list(TRADE_CODES)},
    "sector": _SECTOR,
    "kbli_edition": _EDITION,
    "kecamatan": _KECAMATAN,
    "address": _text(255),
    "description": _text(4000),
    "products": _text(4000),
    "capabilities": _text(4000),
    "equipment": _text(4000),
    "certifications": _text(2000),
    "capacity_per_month": _int(0, 100_000_000),
    "capacity_unit": _text(40),
    "employees": _int(0, 100_000),
    "founded_year": _int(1900, services.YEAR_NOW),
    "mentoring_needs": _text(4000),
    "training_history": _text(4000),
    "phone": _PHONE,
    "email": _EMAIL,
    "accepting_requests": _BOOL,
    "tags": {
        "type": "array",
        "items": {"type": "string", "enum": list(TRADE_CODES)},
        "description": "Capability tags (trade codes); a comma-separated string is also "
        "accepted. Setting them marks them as the owner's (`tags_edited`); an empty list or "
        "null goes back to tags inferred from the profile text.",
    },
}
COMPANY_INPUT = {
    "name": _text(160),
    "estate": {
        "type": "string",
        "maxLength": 160,
        "nullable": True,
        "description": "Industrial estate, short or full name; null for none.",
    },
    "kecamatan": _KECAMATAN,
    "sector": _SECTOR,
    "kbli_edition": _EDITION,
    "description": _text(4000),
    "website": _text(255),
    "contact_email": _EMAIL,
    "contact_phone": _PHONE,
    "accepting_requests": _BOOL,
}
NEED_INPUT = {
    "title": _text(160),
    "description": _text(4000),
    "volume": _int(1, 100_000_000),
    "volume_unit": _text(40),
    "deadline": _DATE,
    "is_open": _BOOL,
}
PROGRAMME_INPUT = {
    "title": _text(160),
    "focus": _text(4000),
    "description": _text(4000),
    "capacity": {"type": "integer", "minimum": 1, "maximum": 10_000},
    "start_date": _DATE,
    "end_date": {**_DATE, "description": "Not before start_date."},
    "is_open": _BOOL,
}
_INPUTS = {
    "Business": (BUSINESS_INPUT, services.BUSINESS_FIELDS),
    "Company": (COMPANY_INPUT, services.COMPANY_FIELDS),
    "Need": (NEED_INPUT, services.NEED_FIELDS),
    "Programme": (PROGRAMME_INPUT, services.PROGRAMME_FIELDS),
}

_STAMPS = {
    "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"},
}
_ID = {"type": "integer"}


_SETTLED = {  # as returned: never null, whatever the input allows
    "kbli_edition": {"type": "integer", "enum": [2020, 2025]},
    "accepting_requests": {"type": "boolean"},
    "is_open": {"type": "boolean"},
}
_HIDDEN = {
    "type": "string",
    "nullable": True,
    "description": "Null unless the viewer may see contacts; may be empty.",
}


def _output(inputs: dict, contact: tuple[str, ...] = (), **extra) -> dict:
    """A record as returned: every input field, id and timestamps; contacts may be null."""
    properties = {"id": _ID, **inputs, **extra, **_STAMPS}
    properties.update({name: schema for name, schema in _SETTLED.items() if name in properties})
    properties.update({name: _HIDDEN for name in contact})
    if contact:
        properties["contact_visible"] = {"type": "boolean"}
    return {"type": "object", "required": list(properties), "properties": properties}


def _input(properties: dict, spec: tuple) -> dict:
    """Input properties: optional ones also take null (meaning blank)."""
    required = {field.name for field in spec if field.required}
    return {
        name: schema if name in required else _nullable(schema)
        for name, schema in properties.items()
    }


def _schemas() -> dict:
    schemas: dict[str, Any] = {
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
        "Business": _output(
            BUSINESS_INPUT,
            BUSINESS_CONTACT,
            tags={"type": "array", "items": {"type": "string", "enum": list(TRADE_CODES)}},
            tags_edited={
                "type": "boolean",
                "description": "True when the owner set the tags; false when inferred.",
            },
        ),
        **_matching_schemas(),
        "Need": _output(NEED_INPUT, company_id=_ID),
        "Programme": _output(PROGRAMME_INPUT, company_id=_ID),
    }
    schemas["Company"] = _output(
        COMPANY_INPUT,
        COMPANY_CONTACT,
        needs={"type": "array", "items": _ref("Need")},
        programmes={"type": "array", "items": _ref("Programme")},
    )
    for name, (properties, spec) in _INPUTS.items():
        required = [field.name for field in spec if field.required]
        accepted = _input(properties, spec)
        schemas[name + "Input"] = {
            "type": "object",
            "additionalProperties": False,
            "required": required,
            "properties": accepted,
        }
        schemas[name + "Patch"] = {
            "type": "object",
            "additionalProperties": False,
            "properties": accepted,
            "description": "Only the fields sent change.",
        }
        schemas[name + "List"] = pagination.list_schema(REF + name)
    return schemas


_KIND = {"type": "string", "enum": ["subcontracting", "mentoring"]}


def _suggestion(*parts: str) -> dict:
    """A suggested pair: the partner(s), the offer, a score and the reasons."""
    part = {
        "company": {
            "id": _ID,
            "name": {"type": "string"},
            "estate": {"type": "string", "nullable": True},
        },
        "business": {
            "id": _ID,
            "name": {"type": "string"},
            "kecamatan": {"type": "string"},
            "trade": {"type": "string", "enum": list(TRADE_CODES)},
        },
    }
    properties: dict[str, Any] = {
        name: {"type": "object", "required": list(part[name]), "properties": part[name]}
        for name in parts
    }
    properties["offer"] = {
        "type": "object",
        "required": ["kind", "id", "title"],
        "properties": {"kind": _KIND, "id": _ID, "title": {"type": "string"}},
        "description": "The need (subcontracting) or programme (mentoring) the pair is about.",
    }
    properties["score"] = {
        "type": "number",
        "minimum": 0,
        "maximum": 1,
        "description": "Calibrated probability that the pair is a match.",
    }
    properties["band"] = {
        "type": "string",
        "enum": ["high", "medium", "low"],
        "description": "How sure the suggestion is (Cocok tinggi / sedang / rendah).",
    }
    properties["reasons"] = {
        "type": "array",
        "items": {"type": "string"},
        "description": "2–4 reasons, in the token user's language.",
    }
    properties["fallback"] = {
        "type": "string",
        "nullable": True,
        "description": "Why the suggestion rests on weaker signals (e.g. thin_profile), or null.",
    }
    listing = {"type": "array", "items": {"type": "object", "properties": properties}}
    listing["items"]["required"] = list(properties)
    return {"type": "object", "required": ["items"], "properties": {"items": listing}}


def _matching_schemas() -> dict:
    feedback = {
        "business_id": _ID,
        "kind": _KIND,
        "need_id": {**_ID, "nullable": True, "description": "Required when kind=subcontracting."},
        "programme_id": {**_ID, "nullable": True, "description": "Required when kind=mentoring."},
        "verdict": {"type": "integer", "enum": [1, -1], "description": "1 a good match, -1 not."},
        "reason": {"type": "string", "maxLength": 500, "nullable": True},
    }
    stored = {
        "id": _ID,
        **feedback,
        "company_id": _ID,
        "reason": {"type": "string"},
        "source": {
            "type": "string",
            "enum": ["owner", "csr", "official"],
            "description": "From the caller's role.",
        },
        "created_at": {"type": "string", "format": "date-time"},
    }
    return {
        "SuggestedCompanies": _suggestion("company"),
        "SuggestedBusinesses": _suggestion("business", "company"),
        "FeedbackInput": {
            "type": "object",
            "additionalProperties": False,
            "required": ["business_id", "kind", "verdict"],
            "properties": feedback,
        },
        "Feedback": {"type": "object", "required": list(stored), "properties": stored},
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


def _children(kind: str, schema: str) -> dict:
    """Paths of a company's needs or programmes."""
    item = f"/companies/{{company_id}}/{kind}/{{{kind[:-1]}_id}}"
    return {
        f"/companies/{{company_id}}/{kind}": {
            "parameters": [{"$ref": "#/components/parameters/company_id"}],
            "get": _read(
                f"list_{kind}",
                f"The company's {kind}, by id",
                schema + "List",
                "404",
                "422",
                parameters=("limit", "cursor"),
            ),
            "post": _write(
                f"create_{kind[:-1]}",
                f"Add one of the company's {kind}",
                "201",
                schema,
                schema + "Input",
                "403",
                "404",
            ),
        },
        item: {
            "parameters": [
                {"$ref": "#/components/parameters/company_id"},
                {"$ref": f"#/components/parameters/{kind[:-1]}_id"},
            ],
            "get": _read(f"get_{kind[:-1]}", f"One of the company's {kind}", schema, "404"),
            "patch": _write(
                f"update_{kind[:-1]}",
                "Change the fields sent",
                "200",
                schema,
                schema + "Patch",
                "403",
                "404",
            ),
            "delete": _operation(
                f"delete_{kind[:-1]}",
                f"Remove one of the company's {kind}",
                _responses("204", None, *COMMON, "403", "404", description="Deleted"),
            ),
        },
    }


def _paths() -> dict:
    public = {"security": [], "tag": "meta"}
    return {
        "/openapi.json": {
            "get": _operation(
                "openapi_document", "This document", _responses("200", None, "429", "500"), **public
            )
        },
        "/businesses": {
            "get": _read(
                "list_businesses",
                "Small businesses, filtered, by id",
                "BusinessList",
                "422",
                parameters=("q", "trade", "tag", "sector", "kecamatan", "limit", "cursor"),
            ),
            "post": _write(
                "create_business",
                "An owner creates their business (one each); an "
                "official creates one without owner; CSR staff may not",
                "201",
                "Business",
                "BusinessInput",
                "403",
                "409",
            ),
        },
        "/businesses/{business_id}": {
            "parameters": [{"$ref": "#/components/parameters/business_id"}],
            "get": _read("get_business", "One small business", "Business", "404"),
            "patch": _write(
                "update_business",
                "Change the fields sent (owner or official)",
                "200",
                "Business",
                "BusinessPatch",
                "403",
                "404",
            ),
        },
        "/companies": {
            "get": _read(
                "list_companies",
                "Companies, filtered, by id",
                "CompanyList",
                "422",
                parameters=("q", "sector", "kecamatan", "estate", "limit", "cursor"),
            ),
            "post": _write(
                "create_company",
                "Register a company (officials only)",
                "201",
                "Company",
                "CompanyInput",
                "403",
            ),
        },
        "/companies/{company_id}": {
            "parameters": [{"$ref": "#/components/parameters/company_id"}],
            "get": _read(
                "get_company", "One company with its needs and programmes", "Company", "404"
            ),
            "patch": _write(
                "update_company",
                "Change the fields sent (its CSR staff or officials)",
                "200",
                "Company",
                "CompanyPatch",
                "403",
                "404",
            ),
        },
        **_children("needs", "Need"),
        **_children("programmes", "Programme"),
        **_matching_paths(),
        **brokering_openapi.paths(_operation, _responses, COMMON, WRITE),
        **monitoring_openapi.paths(_operation, _responses, COMMON, WRITE),
        **dashboard_openapi.paths(_operation, _responses, COMMON, WRITE),
    }


def _matching_paths() -> dict:
    def suggestions(owner: str, summary: str, schema: str, *parameters: str) -> dict:
        return {
            "parameters": [{"$ref": f"#/components/parameters/{owner}_id"}],
            "get": _read(
                f"{owner}_suggestions",
                summary,
                schema,
                "404",
                "422",
                parameters=("kind", "top", *parameters),
                tag="matching",
            ),
        }

    recorded = _responses("201", "Feedback", *COMMON, *WRITE, "404", description="Created")
    recorded["201"].pop("headers")
    recorded["200"] = {
        "description": "The caller's earlier verdict on the same pair, replaced.",
        "content": {JSON: {"schema": _ref("Feedback")}},
    }
    return {
        "/businesses/{business_id}/suggestions": suggestions(
            "business",
            "Companies suggested for a business, best first (its owner, officials)",
            "SuggestedCompanies",
        ),
        "/companies/{company_id}/suggestions": suggestions(
            "company",
            "Businesses suggested for the company's open offers of `kind`, or for one "
            "(its approved CSR staff, officials)",
            "SuggestedBusinesses",
            "suggest_need_id",
            "suggest_programme_id",
        ),
        "/feedback": {
            "post": _operation(
                "create_feedback",
                "Record the caller's verdict on a business–offer pair (the business's owner, "
                "the company's approved CSR staff, or an official); one per person and pair",
                recorded,
                body="FeedbackInput",
                tag="matching",
            )
        },
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
    path = {
        name: {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
        for name in ("business_id", "company_id", "need_id", "programme_id")
    }
    return {
        **path,
        "q": _query("q", "Words in the name, products, capabilities or description."),
        "trade": _query(
            "trade",
            "Trade code, one of: " + ", ".join(TRADE_CODES) + ". An unknown code matches nothing.",
        ),
        "tag": _query("tag", "Capability tag (trade code) the business's tags contain."),
        "sector": _query("sector", "KBLI code prefix, e.g. 25 or 259."),
        "kind": {
            **_query("kind", "subcontracting or mentoring; anything else → 422 naming `kind`."),
            "required": True,
            "schema": _KIND,
        },
        "top": _query(
            "top",
            "How many suggestions; out of range → 422 naming `top`.",
            {"type": "integer", "minimum": 1, "maximum": 50, "default": 10},
        ),
        "suggest_need_id": _query(
            "need_id", "Only this need (kind=subcontracting).", {"type": "integer"}
        ),
        "suggest_programme_id": _query(
            "programme_id", "Only this programme (kind=mentoring).", {"type": "integer"}
        ),
        "kecamatan": _query("kecamatan", "Kecamatan name; an unknown name matches nothing."),
        "estate": _query("estate", "Industrial estate, short or full name."),
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
                **brokering_openapi.schemas(),
                **monitoring_openapi.schemas(),
                **dashboard_openapi.schemas(),
            },
            "parameters": {
                **_parameters(),
                **brokering_openapi.parameters(_query),
                **cohorts_openapi.parameters(_query),
                **monitoring_openapi.parameters(_query),
                **dashboard_openapi.parameters(_query),
            },
            "responses": responses,
        },
    }
