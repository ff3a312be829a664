"""Every body-taking operation of the JSON API, as every role, with bodies that have
broken JSON servers: nesting 1,000 deep, integers past 64 bits (2^63, 10^25), booleans,
floats and Infinity where integers go, and the route fuzzer's hostile strings in every
field the operation documents. No answer may be a server error.

The operations come from the served OpenAPI document, so one added later is covered;
`make fuzz` sends the same bodies to gunicorn (qa/fuzz/bodies.py).
"""

import json
import re

import pytest

from qa.fuzz.bodies import hostile_bodies, operations
from tests.hostile import HOSTILE, ROLES, log_in, unthrottled, world

_VARIABLE = re.compile(r"\{(\w+)\}")
GATED = {401, 403, 404, 405}  # refused before the body's fields are read


def rotation(fields: list[str], turn: int) -> dict:
    """The fields with the hostile strings, turned as the route fuzzer does."""
    return {name: HOSTILE[(turn + j) % len(HOSTILE)] for j, name in enumerate(fields)}


@pytest.mark.parametrize("role", ROLES)
def test_no_json_body_answers_a_server_error(app, client, monkeypatch, role):
    unthrottled(app, monkeypatch)
    users, values = world()
    headers = {**log_in(client, users.get(role)), "Content-Type": "application/json"}
    document = client.get("/api/v1/openapi.json").get_json()
    failures, sent = [], 0
    for method, path, fields in operations(document):  # deleting ones last
        url = "/api/v1" + _VARIABLE.sub(lambda m: values.get(m.group(1), "1"), path)
        probe = client.open(url, method=method, data="{}", headers=headers)
        bodies = hostile_bodies(fields)
        if probe.status_code not in GATED:  # the handler reads the body's fields
            bodies += [json.dumps(rotation(fields, turn)) for turn in range(len(HOSTILE))]
        for body in bodies:
            sent += 1
            response = client.open(url, method=method, data=body, headers=headers)
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {method} {url} {body[:160]}")
    print(f"{role}: {sent} requests")  # the figure `pytest -s` shows
    assert failures == [], "\n".join(failures[:40])


def test_deep_and_huge_bodies_are_refused_naming_what(client, owner):
    """The answer to each hostile body is the API's error shape, never a crash; an
    integer past 64 bits is named by its field."""
    headers = {**log_in(client, owner), "Content-Type": "application/json"}
    for body in hostile_bodies(["business_id", "company_id", "kind"]):
        response = client.post("/api/v1/introductions", data=body, headers=headers)
        assert 400 <= response.status_code < 500, body[:80]
        assert set(response.get_json()["error"]) == {"code", "message", "fields"}
    huge = {"business_id": 2**63, "company_id": 10**25, "kind": "mentoring"}
    response = client.post("/api/v1/introductions", json=huge, headers=headers)
    assert response.status_code == 422
    assert "business_id" in response.get_json()["error"]["fields"]
