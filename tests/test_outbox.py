"""The outbox: mail is sent after the change commits; a failing mail server never turns a
saved change into an error, and the e-mail is retried with pauses, logged, then delivered.
Real SMTP throughout: aiosmtpd on loopback, answering 250, 451 or 550 as told."""

import logging
import socket
import threading
import time
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select, update

from matchmaker.auth.models import Membership, Role, utcnow
from matchmaker.brokering import services
from matchmaker.brokering.models import Introduction, IntroductionMessage, Status
from matchmaker.core.extensions import db
from matchmaker.core.jobs.queue import huey
from matchmaker.notifications import outbox
from matchmaker.notifications.models import OutgoingEmail
from tests import factories
from tests.conftest import PASSWORD, Mailbox, api_token


class Server(Mailbox):
    """An SMTP server that keeps what it accepts; `answer` makes it refuse instead."""

    def __init__(self):
        super().__init__()
        self.answer: str | None = None
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.delay:
            time.sleep(self.delay)  # holds the server's loop: a slow server, for everyone
        if self.answer:
            return self.answer
        return await super().handle_DATA(server, session, envelope)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app):
    server = Server()
    controller = Controller(server, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield server
    app.config.update(MAIL_SERVER=None)
    controller.stop()


@pytest.fixture
def nobody_listening(app):
    """A mail server that is down: nothing listens on its port."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    yield
    app.config.update(MAIL_SERVER=None)


@pytest.fixture
def sides(app):
    """A request from an owner to a company, made while mail was off."""
    business = factories.BusinessFactory(name="Bubut Sinar")
    company = factories.CompanyFactory(name="PT Pabrik")
    csr = factories.UserFactory(
        role=Role.CSR, company=company, membership=Membership.APPROVED, email="csr@pabrik.co.id"
    )
    server, app.config["MAIL_SERVER"] = app.config["MAIL_SERVER"], None
    with app.test_request_context():
        intro, _ = services.start(business.owner, business, company, "subcontracting")
    app.config["MAIL_SERVER"] = server
    db.session.execute(OutgoingEmail.__table__.delete())  # the request's own e-mail
    db.session.commit()
    return business, company, csr, intro


def emails() -> list[OutgoingEmail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.id)))


def send_mail(runner, moment: datetime | None = None) -> str:
    args = ["send-mail"] + (["--now", moment.isoformat()] if moment else [])
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    return result.output.strip()


# --- a saved change stays saved ------------------------------------------------------------


def test_a_message_is_saved_and_answered_201_while_the_server_refuses(client, smtp, sides,
                                                                      caplog):  # fmt: skip
    business, _, csr, intro = sides
    smtp.answer = "451 4.3.0 Coba lagi nanti"
    response = client.post(
        f"/api/v1/introductions/{intro.id}/messages",
        json={"body": "Boleh kirim sampel?"},
        headers=api_token(client, business.owner),
    )
    assert response.status_code == 201, response.get_json()
    assert db.session.scalar(select(IntroductionMessage.body)) == "Boleh kirim sampel?"
    [email] = emails()
    assert (email.recipient, email.attempts, email.sent_at) == ("csr@pabrik.co.id", 1, None)
    assert "451" in email.last_error and "Coba lagi nanti" in email.last_error
    pause = email.next_attempt_at - utcnow()
    assert timedelta(seconds=30) < pause <= outbox.BACKOFF[0]
    assert "failed (attempt 1 of 8)" in caplog.text
    assert smtp.messages == []


def test_accept_in_the_browser_is_saved_and_redirects_while_the_server_is_down(
    client, auth, nobody_listening, sides
):
    business, _, csr, intro = sides
    auth.login(csr)
    response = client.post(f"/perkenalan/{intro.id}/terima")
    assert response.status_code == 302
    assert db.session.get(Introduction, intro.id).status == Status.ACCEPTED
    first, second = emails()  # to both sides; after the first failed, the second waits
    assert {first.recipient, second.recipient} == {business.owner.email, csr.email}
    assert (first.attempts, second.attempts) == (1, 0)
    assert "Connection" in first.last_error and first.next_attempt_at is not None


def test_a_change_that_fails_stores_no_email(app, smtp, sides):
    business, company, _, _ = sides
    company.accepting_requests = False
    other = factories.BusinessFactory()
    db.session.commit()
    with app.test_request_context(), pytest.raises(Exception, match="tidak menerima"):
        services.start(other.owner, other, company, "subcontracting")
    db.session.rollback()
    assert emails() == [] and smtp.messages == []


# --- retries -------------------------------------------------------------------------------


def test_retried_with_growing_pauses_then_delivered_once(client, runner, smtp, sides):
    business, _, _, intro = sides
    smtp.answer = "451 4.3.0 Coba lagi nanti"
    headers = api_token(client, business.owner)
    client.post(f"/api/v1/introductions/{intro.id}/messages", json={"body": "Halo"},
                headers=headers)  # fmt: skip
    [email] = emails()
    first_retry = email.next_attempt_at

    assert send_mail(runner) == "0 sent, 0 failed, 1 waiting, 0 old ones deleted"  # not yet due
    assert send_mail(runner, first_retry + timedelta(seconds=1)).startswith("0 sent, 1 failed")
    [email] = emails()
    assert email.attempts == 2
    assert email.next_attempt_at - first_retry == outbox.BACKOFF[1] + timedelta(seconds=1)

    smtp.answer = None
    later = email.next_attempt_at + timedelta(seconds=1)
    assert send_mail(runner, later) == "1 sent, 0 failed, 0 waiting, 0 old ones deleted"
    assert send_mail(runner, later + timedelta(hours=1)).startswith("0 sent, 0 failed")
    [email] = emails()
    assert (email.attempts, email.next_attempt_at, email.last_error) == (3, None, "")
    assert email.sent_at is not None
    assert [m["To"] for m in smtp.messages] == ["csr@pabrik.co.id"]
    assert "Pesan baru dari" in smtp.messages[0]["Subject"]


def test_the_next_commit_that_mails_sends_what_waits(app, smtp, sides):
    business, company, csr, intro = sides
    smtp.answer = "451 4.3.0 Coba lagi nanti"
    with app.test_request_context():
        services.post_message(business.owner, intro, "Pesan pertama")
    db.session.execute(update(OutgoingEmail).values(next_attempt_at=utcnow()))  # pause over
    db.session.commit()
    smtp.answer = None
    with app.test_request_context():
        services.post_message(business.owner, intro, "Pesan kedua")
    assert len(smtp.messages) == 2
    assert all(email.sent_at is not None for email in emails())


def test_after_a_failure_the_rest_of_a_commit_waits(app, nobody_listening, sides):
    """A request does not wait on a dead server once per recipient."""
    business, company, csr, intro = sides
    factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    with app.test_request_context():
        services.post_message(business.owner, intro, "Untuk dua staf")
    tried = [email.attempts for email in emails()]
    assert sorted(tried) == [0, 1]


def test_a_permanent_refusal_is_given_up_at_once(runner, client, smtp, sides, caplog):
    business, _, _, intro = sides
    smtp.answer = "550 5.1.1 Kotak surat tidak ada"
    client.post(f"/api/v1/introductions/{intro.id}/messages", json={"body": "Halo"},
                headers=api_token(client, business.owner))  # fmt: skip
    [email] = emails()
    assert (email.attempts, email.next_attempt_at, email.sent_at) == (1, None, None)
    assert "550" in email.last_error and "given up after 1 attempt" in caplog.text
    assert send_mail(runner, utcnow() + timedelta(days=1)).startswith("0 sent, 0 failed, 0 wait")


def test_given_up_after_the_last_attempt(runner, smtp, sides, caplog):
    business, _, csr, _ = sides
    smtp.answer = "452 4.3.1 Penuh"
    outbox.enqueue(csr, "Uji", "Isi")
    db.session.commit()  # first attempt, on commit
    now = utcnow()
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        [email] = emails()
        now = email.next_attempt_at + timedelta(seconds=1)
        send_mail(runner, now)
    [email] = emails()
    assert email.attempts == outbox.MAX_ATTEMPTS and email.next_attempt_at is None
    assert f"given up after {outbox.MAX_ATTEMPTS} attempt(s)" in caplog.text
    assert send_mail(runner, now + timedelta(days=2)).startswith("0 sent, 0 failed, 0 waiting")


def test_two_senders_at_once_send_an_email_once(app, smtp, sides):
    _, _, csr, _ = sides
    app.config.update(MAIL_SERVER=None)  # stored now, sent below
    outbox.enqueue(csr, "Sekali saja", "Isi")
    db.session.commit()
    db.session.execute(update(OutgoingEmail).values(sent_at=None, next_attempt_at=utcnow()))
    db.session.commit()
    app.config.update(MAIL_SERVER="127.0.0.1")
    smtp.delay = 0.3
    reports = []

    def send() -> None:
        with app.app_context():
            reports.append(outbox.send_due())

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(report.sent for report in reports) == 1
    assert [m["Subject"] for m in smtp.messages] == ["Sekali saja"]


def test_old_sent_and_given_up_emails_are_deleted(runner, sides):
    _, _, csr, _ = sides
    for _ in range(3):
        outbox.enqueue(csr, "Lama", "Isi")
    db.session.commit()  # without MAIL_SERVER: written to the log, counted as sent
    assert all(e.sent_at and "written to the log" in e.last_error for e in emails())
    old = utcnow() - outbox.KEEP - timedelta(days=1)
    ids = [email.id for email in emails()]
    db.session.execute(update(OutgoingEmail).where(OutgoingEmail.id.in_(ids[:2]))
                       .values(created_at=old))  # fmt: skip
    db.session.commit()
    assert send_mail(runner) == "0 sent, 0 failed, 0 waiting, 2 old ones deleted"
    assert [email.id for email in emails()] == ids[2:]


# --- what the e-mail says ------------------------------------------------------------------


def test_the_subject_is_one_line_even_from_a_name_stored_with_a_line_break(app, client, smtp,
                                                                          sides):  # fmt: skip
    """Older rows may hold a line break the forms now remove; the header is built clean."""
    business, _, csr, intro = sides
    business.name = "Bubut\nSinar\r\nBcc: semua@contoh.id"
    db.session.commit()
    response = client.post(f"/api/v1/introductions/{intro.id}/accept",
                           headers=api_token(client, csr))  # fmt: skip
    assert response.status_code == 200 and response.get_json()["status"] == "accepted"
    subjects = [m["Subject"] for m in smtp.messages]
    assert len(subjects) == 2 and all("\n" not in s and "\r" not in s for s in subjects)
    assert all("Bubut Sinar Bcc: semua@contoh.id" in s for s in subjects)
    assert all(m["Bcc"] is None for m in smtp.messages)


def test_pending_mail_goes_with_a_deleted_account(client, auth, nobody_listening, sides):
    business, _, csr, intro = sides
    auth.login(csr)
    client.post(f"/perkenalan/{intro.id}/pesan", data={"body": "Halo"})
    assert [e.recipient for e in emails()] == [business.owner.email]
    auth.logout()
    auth.login(business.owner)
    response = client.post("/akun/hapus", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(OutgoingEmail)) == 0


# --- through the job queue -----------------------------------------------------------------


def test_a_commit_queues_its_emails_and_the_worker_sends_them(app, smtp, sides, stored_queue):
    """The request only queues a job; the e-mail leaves when a worker runs it."""
    business, _, _, intro = sides
    with app.test_request_context():
        services.post_message(business.owner, intro, "Lewat antrean")
    assert stored_queue.pending() == ["send_committed"]
    [email] = emails()
    assert (email.attempts, email.sent_at) == (0, None) and smtp.messages == []

    stored_queue.run_next()

    [email] = emails()
    assert email.attempts == 1 and email.sent_at is not None
    assert [m["To"] for m in smtp.messages] == ["csr@pabrik.co.id"]


def test_an_email_whose_job_was_lost_is_sent_by_the_sweep(app, smtp, sides, stored_queue):
    """A worker killed with the job popped loses that run; the table still says it is due."""
    business, _, _, intro = sides
    with app.test_request_context():
        services.post_message(business.owner, intro, "Pekerja mati")
    stored_queue.huey.flush()  # the job is gone, as with a killed worker
    assert stored_queue.pending() == [] and emails()[0].sent_at is None

    outbox.sweep()  # queues the periodic job's run, as the scheduler does each minute
    stored_queue.run_next()

    assert emails()[0].sent_at is not None and len(smtp.messages) == 1


def test_the_sweep_sends_what_waits_when_run_at_once(app, smtp, sides, caplog):
    business, _, _, intro = sides
    smtp.answer = "451 4.3.0 Coba lagi nanti"
    with app.test_request_context():
        services.post_message(business.owner, intro, "Tertunda")
    db.session.execute(update(OutgoingEmail).values(next_attempt_at=utcnow()))  # pause over
    db.session.commit()
    smtp.answer = None
    caplog.set_level(logging.INFO)
    outbox.sweep()  # JOBS_IMMEDIATE: runs in the caller, as `flask send-mail` would
    assert [email.attempts for email in emails()] == [2] and emails()[0].sent_at is not None
    assert "Outbox sweep: 1 sent, 0 failed, 0 waiting" in caplog.text


def test_the_sweep_runs_every_minute_in_the_scheduler(app):
    [task] = [t for t in huey._registry.periodic_tasks if t.__module__ == outbox.__name__]
    assert task.validate_datetime(datetime(2026, 12, 6, 3, 17))
    assert task.validate_datetime(datetime(2026, 12, 6, 3, 18))
