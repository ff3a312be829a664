"""The programme's JSON lists page like every other listing (matchmaker.core.pagination): a walk
along `next` meets each record once while rows are added, and a cursor that was altered,
taken from another listing or given out by the old offset paging is 422 naming `cursor`."""

from base64 import urlsafe_b64encode

import pytest

from matchmaker.core.extensions import db
from matchmaker.wub.cohorts.models import WubStatus
from tests import factories
from tests.conftest import api_token

API = "/api/v1"


@pytest.fixture
def get(client, official):
    """`get(path)` as the official, the JSON body and the status."""
    headers = api_token(client, official)

    def send(path: str):
        answer = client.get(API + path, headers=headers)
        return answer.status_code, answer.get_json()

    return send


def walk(get, path: str, add) -> list[int]:
    """The ids met along `next` from the first page of `path`, calling `add` between pages."""
    status, body = get(path)
    assert status == 200
    seen = [item["id"] for item in body["items"]]
    while body["next"]:
        add()
        status, body = get(f"{path}&cursor={body['next']}")
        assert status == 200 and len(body["items"]) <= 2
        seen += [item["id"] for item in body["items"]]
    return seen


def test_cohorts_walk_meets_each_once_newest_first_while_cohorts_are_added(get):
    made = [factories.CohortFactory().id for _ in range(5)]
    db.session.commit()
    added = []

    def add():
        added.append(factories.CohortFactory().id)
        db.session.commit()

    assert walk(get, "/cohorts?limit=2", add) == made[::-1]  # newer ones: on the next walk
    _, again = get("/cohorts?limit=100")
    assert [c["id"] for c in again["items"]] == (made + added)[::-1]


@pytest.mark.parametrize(
    "path", ["/participants?limit=2", "/cohorts/{cohort}/participants?limit=2"]
)
def test_participants_walk_meets_each_once_while_participants_are_added(get, path):
    cohort = factories.CohortFactory()
    made = [factories.ParticipantFactory(cohort=cohort).id for _ in range(5)]
    db.session.commit()
    added = []

    def add():
        added.append(factories.ParticipantFactory(cohort=cohort).id)
        db.session.commit()

    seen = walk(get, path.format(cohort=cohort.id), add)
    assert len(seen) == len(set(seen)) and seen[:5] == made  # each once, oldest first
    assert set(seen) <= set(made + added)


def test_participant_filters_hold_across_pages(get):
    cohort = factories.CohortFactory()
    started = [
        factories.ParticipantFactory(cohort=cohort, status=status).id
        for status in [WubStatus.STARTED, WubStatus.TRAINED] * 3
    ][::2]
    db.session.commit()
    assert walk(get, "/participants?status=started&limit=2", lambda: None) == started


@pytest.mark.parametrize("listing", ["/cohorts", "/participants"])
def test_a_cursor_of_another_form_is_refused(get, listing):
    """A cursor is a position (digits): one of another form, like the old offset paging's
    "at:1", is 422 naming `cursor`; any position continues from there."""
    cohort = factories.CohortFactory()
    for _ in range(3):
        factories.ParticipantFactory(cohort=cohort)
        factories.CohortFactory()
    db.session.commit()
    cursor = get(f"{listing}?limit=1")[1]["next"]
    assert cursor.isdigit()
    old = urlsafe_b64encode(b"at:1").decode().rstrip("=")  # the offset paging's cursor
    for path in (
        f"{listing}?cursor={cursor}x",
        f"{listing}?cursor={old}",
        f"/cohorts/{cohort.id}/participants?cursor=-{cursor}",
        f"/visits/overdue?cursor={cursor}.0",
    ):
        status, body = get(path)
        assert status == 422 and set(body["error"]["fields"]) == {"cursor"}, path
        assert body["error"]["fields"]["cursor"].startswith("Kursor tidak sah")
    assert get(f"/cohorts/{cohort.id}/participants?cursor={cursor}")[0] == 200


def test_a_participants_visits_and_history_page_by_id(get):
    person = factories.ParticipantFactory()
    visits = [factories.VisitFactory(participant=person).id for _ in range(3)]
    db.session.commit()
    assert walk(get, f"/participants/{person.id}/visits?limit=2", lambda: None) == visits[::-1]
    history = [change.id for change in person.history]
    assert len(history) == 2  # selected, trained: two pages of one
    assert walk(get, f"/participants/{person.id}/history?limit=1", lambda: None) == history
    status, body = get(f"/participants/{person.id}/history?cursor=WyJh")
    assert status == 422 and set(body["error"]["fields"]) == {"cursor"}
