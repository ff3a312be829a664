"""What the programme's JSON endpoints share: query-string filters and 201 answers.

Access is matchmaker.api.officials_only; lists page through matchmaker.pagination.
"""

from flask import jsonify, request, url_for

from matchmaker import pagination
from matchmaker.validation import Invalid


def filters(**parsers) -> dict:
    """The query string's filters (None when absent); Invalid naming every bad one, and a
    bad `limit` or `cursor` in the same answer (pagination.page reads them again)."""
    errors, values = {}, {}
    for name, parse in parsers.items():
        raw = request.args.get(name, "").strip()
        try:
            values[name] = parse(raw) if raw else None
        except ValueError as error:
            errors[name] = str(error)
    try:
        pagination.arguments()
    except Invalid as error:
        errors.update(error.fields)
    if errors:
        raise Invalid(errors)
    return values


def created(body: dict, endpoint: str, **ids):
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = url_for(endpoint, **ids)
    return response
