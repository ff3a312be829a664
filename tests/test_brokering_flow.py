"""Brokering beyond single requests: e-mail through a real SMTP server, reminders and
expiry with a controllable clock, both sides answering at once, labels for the model."""

import logging
import os
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from matchmaker.audit.models import AuditEntry
from matchmaker.auth.models import Membership, Role, User, utcnow
from matchmaker.brokering import cli, services, states
from matchmaker.brokering.models import Introduction, Status
from matchmaker.core.extensions import db
from matchmaker.core.jobs.queue import huey
from matchmaker.core.validation import NotFound, Refused
from matchmaker.matching.records import offer_key
from matchmaker.matching.services import training_decisions
from matchmaker.notifications import services as inbox
from matchmaker.notifications.models import Notification, Topic
from tests import factories


@pytest.fixture
def sides():
    business = factories.BusinessFactory()
    company = factories.CompanyFactory()
    need = factories.NeedFactory(company=company)
    csr = factories.UserFactory(
        role=Role.CSR, company=company, membership=Membership.APPROVED, email="csr@pabrik.co.id"
    )
    official = factories.UserFactory(role=Role.OFFICIAL)
    return business, company, need, csr, official


def test_a_request_reaches_the_company_by_email_with_a_link(app, mailbox, sides):
    business, company, need, csr, _ = sides
    with app.test_request_context():
        intro, _ = services.start(business.owner, business, company, "subcontracting", need)
    assert len(mailbox.messages) == 1
    mail = mailbox.messages[0]
    assert mail["To"] == "csr@pabrik.co.id"
    assert business.name in mail["Subject"] and company.name in mail["Subject"]
    assert f"http://localhost:5000/perkenalan/{intro.id}" in mail.get_content()
    assert inbox.unread_count(csr) == 1


def test_email_follows_each_users_choice_and_the_inbox_gets_everything(app, mailbox, sides):
    business, company, _, csr, _ = sides
    inbox.set_email_choices(csr, {"messages", "progress"})  # requests and reminders off
    assert inbox.email_choices(csr)[Topic.REQUESTS] is False
    with app.test_request_context():
        intro, _ = services.start(business.owner, business, company, "subcontracting")
        services.post_message(business.owner, intro, "Boleh kami kirim sampel?")
    assert [m["To"] for m in mailbox.messages] == ["csr@pabrik.co.id"]
    assert "Pesan baru" in mailbox.messages[0]["Subject"]
    assert inbox.unread_count(csr) == 2
    assert inbox.mark_read(csr) == 2 and inbox.unread_count(csr) == 0


def test_without_mail_settings_the_inbox_still_gets_it_and_a_warning_is_logged(app, sides, caplog):
    business, company, _, csr, _ = sides
    with app.test_request_context():
        services.start(business.owner, business, company, "subcontracting")
    assert inbox.unread_count(csr) == 1
    assert "MAIL_SERVER is not set" in caplog.text


def test_a_failed_change_sends_no_email(app, mailbox, sides):
    business, company, _, _, _ = sides
    company.accepting_requests = False
    db.session.commit()
    with app.test_request_context(), pytest.raises(Exception, match="tidak menerima"):
        services.start(business.owner, business, company, "subcontracting")
    db.session.rollback()
    assert mailbox.messages == []


def test_reminder_before_the_deadline_then_expiry(app, runner, mailbox, sides):
    business, company, need, csr, _ = sides
    with app.test_request_context():
        intro, _ = services.start(business.owner, business, company, "subcontracting", need)
    created = intro.created_at
    mailbox.messages.clear()

    def run_at(days: int) -> str:
        moment = (created + timedelta(days=days)).isoformat()
        result = runner.invoke(args=["introductions", "remind", "--now", moment])
        assert result.exit_code == 0, result.output
        return result.output.strip()

    assert run_at(5) == "0 reminded, 0 expired"
    assert run_at(12) == "1 reminded, 0 expired"
    assert [m["To"] for m in mailbox.messages] == ["csr@pabrik.co.id"]  # only who owes an answer
    assert "menunggu jawaban" in mailbox.messages[0]["Subject"]
    assert run_at(13) == "0 reminded, 0 expired"  # one reminder, not one a day
    assert run_at(15) == "0 reminded, 1 expired"
    db.session.expire_all()
    intro = db.session.get(Introduction, intro.id)
    assert intro.status == Status.EXPIRED and intro.reason_code == "no_answer"
    assert intro.ended_at is not None
    assert run_at(16) == "0 reminded, 0 expired"
    bad = runner.invoke(args=["introductions", "remind", "--now", "besok"])
    assert bad.exit_code != 0 and "ISO 8601" in bad.output


def test_the_worker_runs_reminders_and_expiry_daily(app, mailbox, sides, stored_queue):
    """The scheduler's daily run, in a worker thread: expiry, then its e-mail as a job."""
    business, company, need, csr, _ = sides
    with app.test_request_context():
        intro, _ = services.start(business.owner, business, company, "subcontracting", need)
    stored_queue.huey.flush()  # the request's e-mail job; this test is about the schedule
    intro.expires_at = intro.created_at - timedelta(minutes=1)
    db.session.commit()

    cli.daily_reminders()  # what the scheduler does when its crontab matches
    assert stored_queue.pending() == ["daily_reminders"]
    stored_queue.run_next()

    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).status == Status.EXPIRED
    mailbox.messages.clear()
    assert stored_queue.pending() == ["send_committed"]  # the expiry's e-mails, after commit
    stored_queue.run_next()
    # Both sides hear the request expired; the request's own e-mail, whose job was
    # dropped above, follows them (a commit's e-mails that went out catch up what waits).
    recipients = sorted(m["To"] for m in mailbox.messages)
    assert recipients == sorted([business.owner.email, csr.email, csr.email])


def test_the_daily_job_run_at_once_reminds_and_expires(app, mailbox, sides, caplog):
    business, company, need, csr, _ = sides
    with app.test_request_context():
        intro, _ = services.start(business.owner, business, company, "subcontracting", need)
    intro.expires_at = utcnow() + timedelta(days=1)  # inside the reminder window
    db.session.commit()
    mailbox.messages.clear()
    caplog.set_level(logging.INFO)
    cli.daily_reminders()  # JOBS_IMMEDIATE: runs in the caller
    assert "Introductions: 1 reminded, 0 expired" in caplog.text
    assert [m["To"] for m in mailbox.messages] == ["csr@pabrik.co.id"]


def test_reminders_are_scheduled_daily_at_seven_in_bekasi():
    [task] = [t for t in huey._registry.periodic_tasks if t.name.endswith("daily_reminders")]
    assert task.validate_datetime(datetime(2026, 12, 6, 0, 0))  # UTC, 07:00 WIB
    assert not task.validate_datetime(datetime(2026, 12, 6, 1, 0))


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (Refused("Perkenalan ini sudah berakhir."), "Perkenalan ini sudah berakhir."),
        (NotFound(), "Halaman atau data tidak ditemukan."),
    ],
)
def test_a_command_answers_a_domain_error_with_its_message(runner, monkeypatch, error, message):
    def refuse(now):
        raise error

    monkeypatch.setattr(states, "expire_and_remind", refuse)
    result = runner.invoke(args=["introductions", "remind"])
    assert result.exit_code == 1 and f"Error: {message}" in result.output


def test_the_expiry_period_is_configurable(app, sides):
    business, company, _, _, _ = sides
    app.config["INTRODUCTION_EXPIRY_DAYS"] = 3
    try:
        with app.test_request_context():
            intro, _ = services.start(business.owner, business, company, "subcontracting")
    finally:
        app.config["INTRODUCTION_EXPIRY_DAYS"] = 14
    assert intro.expires_at - intro.created_at == timedelta(days=3)
    assert states.expire_and_remind(intro.created_at + timedelta(days=3, seconds=1)) == (0, 1)


def test_decisions_become_labels_for_the_model(app, sides):
    business, company, need, csr, official = sides
    other = factories.BusinessFactory()
    with app.test_request_context():
        liked, _ = services.start(business.owner, business, company, "subcontracting", need)
        states.accept(csr, liked.id)
        unfit, _ = services.start(other.owner, other, company, "subcontracting", need)
        states.decline(csr, unfit.id, "not_fit")
        third = factories.BusinessFactory()
        busy, _ = services.start(third.owner, third, company, "subcontracting", need)
        states.decline(csr, busy.id, "capacity")
    labels = {
        (b, key): label for b, key, kind, label in training_decisions() if kind == "subcontracting"
    }
    key = offer_key("subcontracting", need.id)
    assert labels == {(business.id, key): 1, (other.id, key): 0}


@pytest.mark.skipif(
    not (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgres"),
    reason="concurrent answers are checked against PostgreSQL (TEST_DATABASE_URL)",
)
def test_both_sides_accepting_at_the_same_moment_end_in_one_state(app, sides):
    business, company, _, csr, official = sides
    ids = []
    for _ in range(5):  # a few rounds, to give the race its chances
        other = factories.BusinessFactory()
        with app.test_request_context():
            intro, _ = services.start(official, other, company, "subcontracting")
        ids.append((intro.id, other.owner.id))
    for intro_id, owner_id in ids:
        barrier, errors = threading.Barrier(2), []

        def answer(user_id: int, intro_id=intro_id, barrier=barrier, errors=errors):
            with app.app_context():
                user = db.session.get(User, user_id)
                barrier.wait()
                try:
                    states.accept(user, intro_id)
                except Exception as error:  # noqa: BLE001 (reported below)
                    errors.append(error)
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=answer, args=(uid,)) for uid in (owner_id, csr.id)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        db.session.expire_all()
        intro = db.session.get(Introduction, intro_id)
        assert intro.status == Status.ACCEPTED and intro.both_accepted
        moves = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.object_id == intro_id, AuditEntry.action == "introduction.status"
            )
        ).all()
        assert [m.changes["status"] for m in moves] == [["proposed", "accepted"]]
        notices = db.session.scalars(
            select(Notification).where(Notification.message_key == "accepted")
        ).all()
        assert len([n for n in notices if n.link == f"/perkenalan/{intro_id}"]) == 3


def test_a_programme_whose_seats_are_taken_is_no_longer_suggested(app, tmp_path, sides):
    from matchmaker.matching import services as matching

    business, company, _, csr, official = sides
    programme = factories.ProgrammeFactory(
        company=company, capacity=1, title="Kelas mutu", focus="pengendalian mutu bengkel bubut"
    )
    other = factories.BusinessFactory(mentoring_needs="pengendalian mutu")
    before = app.config["MODEL_PATH"]
    app.config["MODEL_PATH"] = str(tmp_path / "model.pkl")
    matching.reset()
    try:
        offered = {row.offer.id for row in matching.suggest_companies(other, "mentoring")}
        assert programme.id in offered
        with app.test_request_context():
            intro, _ = services.start(official, business, company, "mentoring", programme)
            states.accept(business.owner, intro.id)
            states.accept(csr, intro.id)
        offered = {row.offer.id for row in matching.suggest_companies(other, "mentoring")}
        assert programme.id not in offered
    finally:
        matching.reset()
        app.config["MODEL_PATH"] = before
