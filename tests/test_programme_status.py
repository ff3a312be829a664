"""WUB status over time: which steps are allowed, their dates, who made them, and the
business a participant starts."""

from datetime import date, timedelta

import pytest

from matchmaker.audit.models import AuditEntry
from matchmaker.core.extensions import db
from matchmaker.core.validation import Invalid, Refused
from matchmaker.wub.cohorts import history, services
from matchmaker.wub.cohorts.models import PATH, StatusChange, WubStatus
from tests import factories

S = WubStatus
# Every status and where it may go next (anything else is refused).
ALLOWED = {
    S.SELECTED: {S.IN_TRAINING, S.TRAINED, S.STARTED, S.OPERATING, S.GROWING, S.CLOSED},
    S.IN_TRAINING: {S.TRAINED, S.STARTED, S.OPERATING, S.GROWING, S.CLOSED},
    S.TRAINED: {S.STARTED, S.OPERATING, S.GROWING, S.CLOSED},
    S.STARTED: {S.OPERATING, S.GROWING, S.STALLED, S.CLOSED},
    S.OPERATING: {S.GROWING, S.STALLED, S.CLOSED},
    S.GROWING: {S.STALLED, S.CLOSED},
    S.STALLED: {S.OPERATING, S.GROWING, S.CLOSED},
    S.CLOSED: set(),
}


@pytest.mark.parametrize("current", list(S))
def test_allowed_next_follows_the_path(current):
    assert set(history.allowed_next(current)) == ALLOWED[current]


@pytest.mark.parametrize(("current", "wanted"), [(a, b) for a in S for b in S])
def test_every_step_is_allowed_or_refused(app, official, current, wanted):
    business = factories.BusinessFactory()
    participant = factories.ParticipantFactory(
        status=current, status_since=date(2024, 7, 14), business=business
    )
    before = len(participant.history)
    data = {"status": wanted.value, "changed_on": "2025-01-10"}
    if wanted in ALLOWED[current]:
        change = history.change_status(official, participant, data)
        assert (participant.status, participant.status_since) == (wanted, date(2025, 1, 10))
        assert (change.previous, change.changed_by_id) == (current, official.id)
        assert len(participant.history) == before + 1
    else:
        with pytest.raises(Refused):
            history.change_status(official, participant, data)
        db.session.rollback()
        db.session.refresh(participant)
        assert participant.status == current and len(participant.history) == before


def test_history_keeps_each_step_dated_and_by_whom(app, official):
    participant = factories.ParticipantFactory(business=factories.BusinessFactory())
    for status, on in (("mulai usaha", "01/09/2024"), ("beroperasi", "1 Desember 2024")):
        history.change_status(official, participant, {"status": status, "changed_on": on})
    steps = [(c.status, c.changed_on) for c in participant.history]
    assert steps == [
        (S.SELECTED, date(2024, 6, 1)),
        (S.TRAINED, date(2024, 7, 14)),
        (S.STARTED, date(2024, 9, 1)),
        (S.OPERATING, date(2024, 12, 1)),
    ]
    assert participant.history[-1].changed_by.id == official.id
    logged = db.session.query(AuditEntry).filter_by(action="participant.status").count()
    assert logged == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "naik kelas"}, "status"),
        ({"status": "operating", "changed_on": "31/02/2025"}, "changed_on"),
        ({"status": "operating", "changed_on": "kemarin"}, "changed_on"),
        (
            {"status": "operating", "changed_on": (date.today() + timedelta(days=2)).isoformat()},
            "changed_on",
        ),  # fmt: skip
        ({"status": "operating", "changed_on": "2024-01-01"}, "changed_on"),  # before the last step
        ({"status": "operating", "note": "x" * 501}, "note"),
    ],
)
def test_bad_status_input_names_the_field(app, official, data, field):
    participant = factories.ParticipantFactory(
        status=S.STARTED, status_since=date(2024, 9, 1), business=factories.BusinessFactory()
    )
    with pytest.raises(Invalid) as error:
        history.change_status(official, participant, data)
    assert field in error.value.fields
    assert participant.status == S.STARTED


def test_starting_needs_a_business_profile(app, official):
    participant = factories.ParticipantFactory()
    with pytest.raises(Invalid) as error:
        history.change_status(official, participant, {"status": "started"})
    assert "business" in error.value.fields
    db.session.rollback()
    business = factories.BusinessFactory()
    history.change_status(official, participant, {"status": "started"}, business=business)
    assert participant.business_id == business.id and participant.status == S.STARTED


def test_a_business_belongs_to_one_participant(app):
    business = factories.BusinessFactory()
    factories.ParticipantFactory(business=business)
    other = factories.ParticipantFactory()
    with pytest.raises(Invalid) as error:
        history.link_business(other, business)
    assert "business" in error.value.fields


def test_new_participant_starts_selected_and_duplicates_are_named(app, official):
    cohort = factories.CohortFactory()
    data = {"name": "  Siti   Aminah ", "phone": "0812-3456-7890", "kecamatan": "setu",
            "education": "SMK", "birth_date": "17 Agustus 2003"}  # fmt: skip
    participant = services.save_participant(data, cohort=cohort, actor=official)
    assert participant.name == "Siti Aminah" and participant.phone == "+6281234567890"
    assert participant.priority is True and participant.trade == cohort.trade
    assert [c.status for c in participant.history] == [S.SELECTED]
    again = {**data, "name": "siti aminah", "phone": "+62 812-3456-7890"}
    with pytest.raises(Invalid) as error:
        services.save_participant(again, cohort=factories.CohortFactory(), actor=official)
    assert cohort.name in error.value.fields["name"]


def test_path_order_is_the_programme_order():
    assert [s.value for s in PATH] == [
        "selected", "in_training", "trained", "started", "operating", "growing",
    ]  # fmt: skip
    assert StatusChange.__tablename__ == "status_change"
