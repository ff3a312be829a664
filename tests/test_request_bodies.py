"""Request bodies within bounds: JSON nesting depth, and size counted over the bytes read
(chunked bodies too), refused in the API's error envelope and as a page for browsers."""

import http.client
import io
import re
import threading

import pytest
from werkzeug.serving import make_server
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from matchmaker.auth.models import Membership, Role
from matchmaker.brokering import services
from matchmaker.core.bodies import depth
from matchmaker.core.extensions import db
from matchmaker.profiles.models import SmallBusiness
from tests import factories
from tests.conftest import api_token

API = "/api/v1"


def nested(levels: int) -> str:
    """A JSON array nested `levels` deep."""
    return "[" * levels + "]" * levels


def streamed(client, path: str, body: bytes, *, method="POST", headers=None, length=None):
    """Send `body` as a server hands over a chunked request: no Content-Length, the stream
    ended by the server, which says so with wsgi.input_terminated (werkzeug's server and
    gunicorn do). With `length`, a request that claims that Content-Length instead."""
    environ = EnvironBuilder(
        path=path,
        method=method,
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers=headers or {},
    ).get_environ()
    if length is not None:
        environ["CONTENT_LENGTH"] = str(length)
    else:
        del environ["CONTENT_LENGTH"]
        environ["wsgi.input_terminated"] = True
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    return client.open(Request(environ))


def assert_envelope(response, status: int, code: str) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["code"] == code
    return error["message"]


@pytest.fixture
def owner_headers(client, owner):
    return api_token(client, owner)


# --- depth ---------------------------------------------------------------------------------


def test_json_nested_a_thousand_deep_is_400_even_before_login(client):
    body = '{"email": ' + nested(1000) + ', "password": "x"}'  # 2 KB
    response = client.post(f"{API}/auth/token", data=body, content_type="application/json")
    message = assert_envelope(response, 400, "json_too_deep")
    assert "32 tingkat" in message


def test_depth_limit_is_exact(client, owner, owner_headers):
    url = f"{API}/businesses/{owner.business.id}"
    # 32 levels in all (the body object is the first): parsed, then the field is refused.
    deepest_allowed = '{"description": ' + nested(31) + "}"
    response = client.patch(url, data=deepest_allowed, headers=owner_headers,
                            content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"description"}
    one_more = '{"description": ' + nested(32) + "}"
    response = client.patch(url, data=one_more, headers=owner_headers,
                            content_type="application/json")  # fmt: skip
    assert_envelope(response, 400, "json_too_deep")


def test_brackets_inside_strings_do_not_count():
    text = '{"a": "[[[[{{{{\\"]]]]", "b": [{"c": "}}}}"}]}'
    assert depth(text) == 3


def test_no_json_body_operation_answers_500_to_deep_json(app, client, official):
    """Every API operation that reads a JSON body, called with ids that may not exist."""
    headers = api_token(client, official)
    body = '{"a": ' + nested(5000) + "}"
    called = 0
    for rule in app.url_map.iter_rules():
        methods = rule.methods & {"POST", "PATCH", "PUT"}
        if not rule.rule.startswith(API) or not methods:
            continue
        path = re.sub(r"<[^>]+>", "1", rule.rule)
        for method in methods:
            response = client.open(path, method=method, data=body, headers=headers,
                                    content_type="application/json")  # fmt: skip
            called += 1
            assert response.status_code < 500, (method, path, response.get_json())
    assert called >= 21


# --- size --------------------------------------------------------------------------------


def test_a_chunked_json_body_is_read(client, owner, owner_headers):
    response = streamed(client, f"{API}/businesses/{owner.business.id}",
                        b'{"name": "Bubut Lewat Chunked"}', method="PATCH",
                        headers=owner_headers)  # fmt: skip
    assert response.status_code == 200, response.get_json()
    assert db.session.get(SmallBusiness, owner.business.id).name == "Bubut Lewat Chunked"


def test_a_chunked_body_over_the_json_limit_is_413_and_nothing_changes(client, owner,
                                                                       owner_headers):  # fmt: skip
    before = owner.business.description
    body = b'{"description": "' + b"x" * (4 * 2**20) + b'"}'  # 4 MB, under MAX_CONTENT_LENGTH
    response = streamed(client, f"{API}/businesses/{owner.business.id}", body,
                        method="PATCH", headers=owner_headers)  # fmt: skip
    assert "64 KB" in assert_envelope(response, 413, "payload_too_large")
    assert db.session.get(SmallBusiness, owner.business.id).description == before


def test_a_chunked_body_over_max_content_length_is_413_not_400(app, client, owner_headers,
                                                               owner):  # fmt: skip
    body = b'{"description": "' + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10) + b'"}'
    response = streamed(client, f"{API}/businesses/{owner.business.id}", body,
                        method="PATCH", headers=owner_headers)  # fmt: skip
    assert_envelope(response, 413, "payload_too_large")


@pytest.mark.parametrize("length", [70_000, 6 * 2**20, 10**15])
def test_a_large_content_length_is_413_without_reading(client, owner, owner_headers, length):
    response = streamed(client, f"{API}/businesses/{owner.business.id}", b'{"name": "X"}',
                        method="PATCH", headers=owner_headers, length=length)  # fmt: skip
    assert_envelope(response, 413, "payload_too_large")
    assert db.session.get(SmallBusiness, owner.business.id).name != "X"


def test_a_real_server_refuses_a_chunked_body_over_the_limit(app, owner, owner_headers):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
        body = b'{"description": "' + b"x" * 100_000 + b'"}'
        chunks = (body[i : i + 8192] for i in range(0, len(body), 8192))
        headers = {**owner_headers, "Content-Type": "application/json", "Host": "localhost"}
        connection.request("PATCH", f"{API}/businesses/{owner.business.id}", body=chunks,
                           headers=headers, encode_chunked=True)  # fmt: skip
        response = connection.getresponse()
        assert response.status == 413
        assert b'"payload_too_large"' in response.read()
        connection.close()
    finally:
        server.shutdown()
        thread.join()


@pytest.mark.parametrize(
    "body, message",
    [
        (b"{name", "bukan JSON yang valid"),
        (b'{"a": NaN}', "bukan JSON yang valid"),
        (b'{"a": "\xff"}', "bukan JSON yang valid"),
        (b'["name"]', "objek JSON"),
    ],
)
def test_bodies_that_are_not_a_json_object_say_so(client, owner, owner_headers, body, message):
    response = client.patch(f"{API}/businesses/{owner.business.id}", data=body,
                            headers=owner_headers, content_type="application/json")  # fmt: skip
    assert message in assert_envelope(response, 400, "bad_request")


def test_an_optional_body_is_read_when_chunked_and_may_be_left_out(app, client):
    """Decline takes an optional body: a chunked one is read, none at all is {}."""
    business = factories.BusinessFactory()
    company = factories.CompanyFactory()
    csr = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    with app.test_request_context():
        intro, _ = services.start(business.owner, business, company, "subcontracting")
    headers = api_token(client, csr)
    url = f"{API}/introductions/{intro.id}/decline"
    empty = client.post(url, headers=headers)
    assert empty.status_code == 422 and "reason" in empty.get_json()["error"]["fields"]
    declined = streamed(client, url, b'{"reason": "capacity"}', headers=headers)
    assert declined.status_code == 200, declined.get_json()
    assert declined.get_json()["status"] == "declined"


# --- HTML routes -------------------------------------------------------------------------


def test_a_chunked_form_over_max_content_length_is_a_413_page(app, client, auth, owner):
    auth.login(owner)
    huge = b"description=" + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    environ = EnvironBuilder(
        path=f"/usaha/{owner.business.id}/ubah",
        method="POST",
        input_stream=io.BytesIO(huge),
        content_type="application/x-www-form-urlencoded",
    ).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    response = client.open(Request(environ))
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "<html" in page and "terlalu besar" in page


def test_a_multipart_field_over_the_form_memory_limit_is_a_413_page(app, client, auth, owner):
    auth.login(owner)
    field = "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1)  # under MAX_CONTENT_LENGTH
    response = client.post(f"/usaha/{owner.business.id}/ubah", data={"description": field},
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 413 and "terlalu besar" in response.get_data(as_text=True)
