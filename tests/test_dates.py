"""One date format and one date-and-time format per language, on every page."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale

from matchmaker.brokering import services as brokering
from matchmaker.core import dates
from matchmaker.core.extensions import db
from matchmaker.notifications.models import Notification, Topic
from tests import factories

pytestmark = pytest.mark.usefixtures("compiled_catalog")  # tests/conftest.py

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MOMENT = datetime(2026, 12, 6, 3, 38, 12, tzinfo=UTC)  # 10.38 in Jakarta


@pytest.mark.parametrize(
    ("locale", "day", "moment"),
    [("id", "6 Des 2026", "6 Des 2026 10.38"), ("en", "Dec 6, 2026", "Dec 6, 2026, 10:38\u202fAM")],
)
def test_one_format_per_language(app, locale, day, moment):
    with app.test_request_context(), force_locale(locale):
        assert dates.day(date(2026, 12, 6)) == day
        assert dates.moment(MOMENT) == moment
        env = app.jinja_env
        for width in (None, "short", "medium", "long"):
            args = (width,) if width else ()
            assert env.filters["datetimeformat"](MOMENT, *args) == moment
            assert env.filters["dateformat"](date(2026, 12, 6), *args) == day


def test_no_template_writes_a_date_its_own_way():
    """Only the named widths (which all give the one format) or no argument."""
    own = re.compile(r"\|\s*(date|datetime|time)format\(\s*'(?!short'|medium'|long'|full')")
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if own.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_message_times_read_like_the_other_dates(client, auth, owner, csr):
    with client.application.test_request_context():
        intro, _ = brokering.start(owner, owner.business, csr.company, "subcontracting")
        message = brokering.post_message(owner, intro, "Halo, kami siap.")
    message.created_at = MOMENT
    db.session.commit()
    auth.login(owner)
    page = client.get(f"/perkenalan/{intro.id}").get_data(as_text=True)
    assert "6 Des 2026 10.38" in page
    assert "6/12/26" not in page
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2}\b", page)


def test_the_inbox_uses_the_same_date_and_time(client, auth, owner):
    db.session.add(
        Notification(
            user_id=owner.id,
            topic=Topic.REQUESTS,
            message_key="requested",
            params={"business": "A", "company": "B"},
            created_at=MOMENT,
        )
    )
    db.session.commit()
    auth.login(owner)
    page = client.get("/kotak-masuk").get_data(as_text=True)
    assert "6 Des 2026 10.38" in page and "10.38.12" not in page


def test_a_deadline_on_the_company_page_is_the_medium_date(client, auth, csr):
    need = csr.company.needs[0]
    need.deadline = date(2027, 3, 31)
    db.session.commit()
    auth.login(csr)
    assert "31 Mar 2027" in client.get(f"/perusahaan/{csr.company_id}").get_data(as_text=True)


def test_audit_times_read_the_same(client, auth, official):
    factories.NeedFactory()
    auth.login(official)
    page = client.get("/petugas/audit").get_data(as_text=True)
    assert re.search(r"\d{1,2} \w{3} \d{4} \d{2}\.\d{2} WIB", page)
