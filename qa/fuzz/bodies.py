"""Hostile JSON bodies for every body-taking API operation, beside schemathesis.

Schemathesis generates bodies from the schema, so it never sends what no schema
describes: nesting 1,000 deep (Python's parser then recurses past its limit), integers
past 64 bits (2^63, 10^25: a database overflow), a number of 5,000 digits (past int()'s
limit), 1e400 (infinity), booleans where integers go. These go to every operation of
the served OpenAPI document as each role; any 5xx answer is a failure. The test suite
sends the same bodies (tests/test_api_fuzz.py).
"""

# The only URLs opened here are our own gunicorn on 127.0.0.1 (qa.live).
# ruff: noqa: S310

import json
import re
import urllib.error
import urllib.request

DEPTH = 1000
LAST = {"revoke_token"}  # after it, the role's every request is a 401
_VARIABLE = re.compile(r"\{\w+\}")


def hostile_bodies(fields: list[str]) -> list[str]:
    """Raw JSON texts: nested DEPTH deep (object, array, inside a field), then every
    field at once set to each value no schema allows for an integer."""
    first = fields[0] if fields else "id"
    bodies = [
        '{"a":' * DEPTH + "1" + "}" * DEPTH,
        "[" * DEPTH + "]" * DEPTH,
        json.dumps({first: 1})[:-2] + "[" * DEPTH + "]" * DEPTH + "}",
    ]
    values = (
        str(2**63), str(-(2**63) - 1), str(10**25), "9" * 5000, "1e400", "-1e400",
        "true", "1.5", "[1]", '{"id": 1}',
    )  # fmt: skip
    for value in values:
        bodies.append("{" + ", ".join(f"{json.dumps(f)}: {value}" for f in fields or [first]) + "}")
    return bodies


def operations(document: dict) -> list[tuple[str, str, list[str]]]:
    """(method, path, the documented body fields) of every operation that may take a body;
    deleting ones last, and last of all revoking the caller's own token."""
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("post", "put", "patch", "delete"):
                last = (operation.get("operationId") in LAST, method == "delete")
                found.append((last, method.upper(), path, _fields(document, operation)))
    return [(method, path, fields) for _last, method, path, fields in sorted(found)]


def _fields(document: dict, operation: dict) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = next(iter(content.values()), {}).get("schema", {})
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return sorted(schema.get("properties", {}))


def _status(method: str, url: str, body: str, bearer: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    request = urllib.request.Request(url, body.encode(), headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def fuzz_bodies(url: str, bearer: str | None) -> dict:
    """Every hostile body to every operation (path ids 1: the demo data's first records);
    the count sent and each 5xx or dropped connection."""
    with urllib.request.urlopen(url + "/api/v1/openapi.json", timeout=30) as response:
        document = json.load(response)
    sent, failures = 0, []
    for method, path, fields in operations(document):
        target = url + "/api/v1" + _VARIABLE.sub("1", path)
        for body in hostile_bodies(fields):
            sent += 1
            try:
                status = _status(method, target, body, bearer)
            except OSError as error:  # the worker died or hung up
                failures.append(f"{method} {path}: {error!r} for {body[:80]}")
                continue
            if status >= 500:
                failures.append(f"{status} {method} {path} for {body[:80]}")
    return {"sent": sent, "failures": failures}
