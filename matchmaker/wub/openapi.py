"""What the programme's parts of the OpenAPI document share: the tag, the common value
schemas and the builders of objects, inputs and lists (merged by matchmaker.openapi).

Input properties come from the field specs in wub.fields and enums from the model enums,
so the document cannot drift from what the services accept.
"""

import re
from typing import Any

from matchmaker import pagination
from matchmaker.wub.cohorts.models import WubStatus

TAG = "programme"
REF = "#/components/schemas/"
ID = {"type": "integer", "minimum": 1}
WHEN = {"type": "string", "format": "date-time"}
DAY = {"type": "string", "format": "date"}
STATUS = {"type": "string", "enum": [s.value for s in WubStatus]}
PHONE = {"type": "string", "description": "+62… form; null when unknown."}
PERSON = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": ID, "name": {"type": "string"}},
}
TYPED_DATE = "Also 17/08/2024, 17-08-2024, 17 Agustus 2024 or an Excel date number."


def nullable(schema: dict) -> dict:
    """The schema, or null (an enum lists null too, as OpenAPI 3.0 validators want)."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None], "nullable": True}
    return {**schema, "nullable": True}


def ref(name: str) -> dict:
    return {"$ref": REF + name}


def object_schema(properties: dict, required=None, **extra) -> dict:
    return {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
        **extra,
    }


def text(max_len: int) -> dict:
    return {"type": "string", "maxLength": max_len}


def date_input(description: str = "") -> dict:
    return {
        **DAY,
        "description": " ".join(("YYYY-MM-DD.", description, TYPED_DATE)).replace("  ", " "),
    }


def input_schema(properties: dict, spec: tuple, *, patch: bool = False, **more) -> dict:
    """An input schema: optional properties also take null (blank); PATCH needs none."""
    required = [field.name for field in spec if field.required]
    accepted = {
        name: schema if name in required else nullable(schema)
        for name, schema in {**properties, **more}.items()
    }
    schema = object_schema(accepted, required, additionalProperties=False)
    if patch:
        schema.pop("required")
        schema["description"] = "Only the fields sent change."
    return schema


def list_schema(item: str) -> dict:
    """A page of `item`s, as every listing answers it (matchmaker.pagination)."""
    return pagination.list_schema(REF + item)


def id_parameters(*names: str) -> dict:
    """Path parameters holding integer ids, by name (components/parameters)."""
    return {
        name: {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
        for name in names
    }


def path_ids(path: str) -> dict:
    ids = re.findall(r"{(\w+)}", path)
    return {"parameters": [{"$ref": "#/components/parameters/" + i} for i in ids]} if ids else {}


def operations(table: tuple, operation, responses, common: tuple, write: tuple) -> dict[str, Any]:
    """The paths of an OPERATIONS table, built with matchmaker.openapi's own helpers."""
    found: dict[str, Any] = {}
    for path, method, name, summary, ok, schema, body, codes, query in table:
        described = {"201": "Created", "204": "Deleted"}.get(ok, "OK")
        errors = (*common, "403", *(write if body else ()), *codes)
        answer = responses(ok, schema, *errors, description=described)
        item = found.setdefault(path, path_ids(path))
        item[method] = operation(name, summary, answer, body=body, parameters=query, tag=TAG)
    return found
