"""Count-then-insert rules hold under concurrency: requests arriving at the same moment,
each on its own connection through a real threaded server, never pass a limit together.
Run on SQLite and on PostgreSQL (TEST_DATABASE_URL)."""

import io
import json
import threading
import urllib.error
import urllib.request

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.serving import make_server

from matchmaker.auth.models import Membership, Role, User
from matchmaker.brokering import services, states
from matchmaker.brokering.models import Introduction, Status
from matchmaker.core.extensions import db
from matchmaker.core.validation import Refused
from tests import factories
from tests.conftest import api_token

PARALLEL = 20


@pytest.fixture
def served(app):
    """The app behind werkzeug's threaded server on loopback: a thread per request."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy


def post(url: str, body: bytes, headers: dict) -> int:
    """POST to the loopback server; the answer's status."""
    request = urllib.request.Request(url, body, headers)  # noqa: S310 (the server above)
    try:
        with DIRECT.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()  # its body is not read; an open one warns (warnings are errors)
        return error.code


def post_json(url: str, body: dict, headers: dict) -> int:
    return post(url, json.dumps(body).encode(), {**headers, "Content-Type": "application/json"})


def all_at_once(calls) -> list:
    """Run the calls in parallel threads released together; their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index: int, call) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 (reported by the caller's assert)
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_requests_at_once_open_at_most_the_daily_limit(app, client, served):
    business = factories.BusinessFactory()
    companies = [factories.CompanyFactory() for _ in range(PARALLEL)]
    headers = api_token(client, business.owner)
    limit = app.config["INTRODUCTION_DAILY_LIMIT"]
    url = f"{served}/api/v1/introductions"

    def ask(company_id: int):
        body = {"business_id": business.id, "company_id": company_id, "kind": "subcontracting"}
        return lambda: post_json(url, body, headers)

    answers = all_at_once([ask(c.id) for c in companies])
    assert sorted(answers) == [201] * limit + [429] * (PARALLEL - limit), answers
    db.session.expire_all()
    opened = select(func.count()).select_from(Introduction)
    assert db.session.scalar(opened.where(Introduction.created_by_id == business.owner_id)) == limit


def test_two_last_yeses_at_once_cannot_share_the_last_seat(app):
    company = factories.CompanyFactory()
    programme = factories.ProgrammeFactory(company=company, capacity=1)
    csr = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    intro_ids = []
    for _ in range(2):
        business = factories.BusinessFactory()
        with app.test_request_context():
            intro, _ = services.start(business.owner, business, company, "mentoring", programme)
        intro_ids.append(intro.id)

    def accept(intro_id: int):
        def call():
            with app.app_context():
                try:
                    states.accept(db.session.get(User, csr.id), intro_id)
                    return "accepted"
                except Refused as refused:
                    db.session.rollback()
                    return refused.message
                finally:
                    db.session.remove()

        return call

    answers = all_at_once([accept(i) for i in intro_ids])
    assert sorted(answers) == sorted(["accepted", f"Program “{programme.title}” sudah penuh."])
    db.session.expire_all()
    statuses = db.session.scalars(select(Introduction.status).order_by(Introduction.id)).all()
    assert sorted(statuses) == sorted([Status.ACCEPTED, Status.REQUESTED])


def test_a_full_programme_refuses_the_last_yes_through_the_api(client):
    company = factories.CompanyFactory()
    programme = factories.ProgrammeFactory(company=company, capacity=1)
    csr = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    headers = api_token(client, csr)
    ids = []
    for _ in range(2):
        business = factories.BusinessFactory()
        body = {
            "business_id": business.id,
            "company_id": company.id,
            "kind": "mentoring",
            "programme_id": programme.id,
        }
        owner = api_token(client, business.owner)
        ids.append(client.post("/api/v1/introductions", json=body, headers=owner).get_json()["id"])
    first = client.post(f"/api/v1/introductions/{ids[0]}/accept", json={}, headers=headers)
    second = client.post(f"/api/v1/introductions/{ids[1]}/accept", json={}, headers=headers)
    assert first.status_code == 200
    assert second.status_code == 409 and "penuh" in second.get_json()["error"]["message"]


def test_photos_sent_at_once_stay_within_the_limit_per_visit(app, client, served):
    official = factories.UserFactory(role=Role.OFFICIAL)
    visit = factories.VisitFactory()
    headers = api_token(client, official)
    most = app.config["VISIT_PHOTOS_MAX"]
    picture = io.BytesIO()
    Image.new("RGB", (32, 24), "orange").save(picture, "JPEG")
    url = f"{served}/api/v1/visits/{visit.id}/photos"

    boundary = "batas-foto"
    part = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; '
        f'filename="rumah.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    )
    body = part.encode() + picture.getvalue() + f"\r\n--{boundary}--\r\n".encode()
    multipart = {**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}

    def upload():
        return post(url, body, multipart)

    answers = all_at_once([upload for _ in range(most + 4)])
    # A full visit is 409 (was 422): each photo was fine, the visit had no room left.
    assert sorted(answers) == [201] * most + [409] * 4, answers
    db.session.expire_all()
    assert len(db.session.get(type(visit), visit.id).photos) == most
