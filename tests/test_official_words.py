"""Officials read words, never internal codes: every official page of a demo world is
walked in both languages and its visible text searched for the codes the app stores
(statuses, trades, education, reasons, audit actions…); the audit log puts each logged
field and value into words; the decline error lists reasons by their labels."""

import html
import io
import re
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from matchmaker import demo
from matchmaker.audit import labels
from matchmaker.audit.models import AuditEntry
from matchmaker.auth.models import User
from matchmaker.brokering.models import Introduction, Status
from matchmaker.brokering.reasons import DECLINE_REASONS, WITHDRAW_REASONS
from matchmaker.core.extensions import db
from matchmaker.profiles.models import SmallBusiness
from matchmaker.wub.cohorts.history import change_status
from matchmaker.wub.cohorts.models import Cohort, Education, Participant, WubStatus
from matchmaker.wub.dashboard.models import TargetScope
from matchmaker.wub.monitoring.models import Problem, RevenueBand
from ml.trades import TRADE_CODES
from tests import factories
from tests.conftest import api_token

# Codes that must never reach an official's eyes, matched as whole words, case-sensitive
# (so "Diploma", a label, is not the code "diploma").
CODES = {
    *(s.value for s in WubStatus),
    *(e.value for e in Education if e is not Education.NONE),
    *TRADE_CODES,
    *(b.value for b in RevenueBand),
    *(p.value for p in Problem),
    *(s.value for s in Status),
    *DECLINE_REASONS,
    *WITHDRAW_REASONS,
    "subcontracting",
    "mentoring",
    "regency",
    "department",
    "count",
    "#None",
}
# Words that are both an Indonesian or English word and a code: looked for only where
# the language cannot use them.
ENGLISH_WORDS = {
    "other", "capacity", "distance", "timing", "equipment", "quality", "marketing",
    "capital", "active", "accepted", "completed", "declined", "expired", "meeting",
    "agreement", "growing", "operating", "started", "trained", "closed", "selected",
    "requested", "proposed", "withdrawn", "stalled", "count", "mentoring", "welding",
    "machining", "plating", "casting", "electronics", "rewinding", "automotive",
}  # fmt: skip
# Trade codes that are plain words too: owners write "rewinding motor" and "welding" in
# their own profiles, which the desk quotes. Their codes are looked for in the trade
# filter's and tables' cells instead (test below), not in free text.
FREE_TEXT = {"rewinding", "welding", "casting", "machining", "plating", "electronics",
             "automotive"}  # fmt: skip
ACTION = re.compile(r"\b[a-z]+\.(?:created|updated|deleted|import|status|answered|login)\b")


def visible_text(page: str) -> str:
    """What a reader sees: no tags, attributes, scripts, styles or SVG titles' markup."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def leaks(text: str, english: bool) -> set[str]:
    words = (CODES - ENGLISH_WORDS if english else CODES) - FREE_TEXT
    found = {c for c in words if re.search(rf"(?<![\w./-]){re.escape(c)}(?![\w/-])", text)}
    return found | set(ACTION.findall(text))


@pytest.fixture
def world(runner, model_file):
    """The demo data, plus an import, a status step and a target change in the audit log."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    official = db.session.scalar(select(User).where(User.email == "official@demo.mitra"))
    participant = db.session.scalar(
        select(Participant).where(Participant.status == WubStatus.TRAINED).limit(1)
    )
    change_status(official, participant, {"status": "closed"})
    return official


def official_pages(client) -> list[str]:
    """Every page an official reads, with one record of each kind."""
    cohort = db.session.scalar(select(Cohort.id).limit(1))
    participant = db.session.scalar(select(Participant.id).limit(1))
    intro = db.session.scalar(select(Introduction.id).where(Introduction.reason_code.is_not(None)))
    return [
        "/petugas/meja",
        "/petugas/meja?kind=mentoring",
        "/petugas/pipeline",
        "/petugas/dasbor",
        "/petugas/dasbor/laporan",
        "/petugas/target",
        "/petugas/angkatan",
        f"/petugas/angkatan/{cohort}",
        "/petugas/peserta",
        f"/petugas/peserta/{participant}",
        "/petugas/pemantauan",
        "/petugas/impor",
        "/petugas/audit",
        "/perkenalan",
        f"/perkenalan/{intro}",
    ]


def sheet(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_no_official_page_shows_a_code(client, auth, world):
    auth.login(world, demo.DEMO_PASSWORD)
    client.post("/petugas/target", data={f"t-{date.today().year}-department": "612"})
    upload = {
        "kind": "cohorts",
        "file": (io.BytesIO(sheet([["Nama", "Tahun", "Bidang"], ["Uji", 2024, "Las"]])), "a.xlsx"),
    }
    preview = client.post("/petugas/impor", data=upload, content_type="multipart/form-data")
    client.post(preview.headers["Location"], data={"terima": "trade:las"})
    assert db.session.scalar(select(Cohort.trade).where(Cohort.name == "Uji")) == "welding"
    for lang in ("id", "en"):
        client.post(f"/bahasa/{lang}")
        for url in official_pages(client):
            response = client.get(url)
            assert response.status_code == 200, url
            found = leaks(visible_text(response.get_data(as_text=True)), lang == "en")
            assert not found, f"{url} ({lang}) shows codes: {sorted(found)}"


def test_audit_entries_are_in_words(client, auth, official):
    cohort = factories.CohortFactory(name="Logam Cepogo", year=2024)
    person = factories.ParticipantFactory(cohort=cohort, name="Agus", education=Education.SLTA)
    person.status = WubStatus.TRAINED
    db.session.commit()
    change_status(official, person, {"status": "closed"})
    auth.login(official)
    client.post("/petugas/target", data={f"t-{date.today().year}-department": "612"})
    imported = {"created": [None, 3]}
    db.session.add(
        AuditEntry(action="cohort.import", object_type="cohort", actor_name="", changes=imported)
    )
    db.session.commit()
    text = visible_text(client.get("/petugas/audit").get_data(as_text=True))
    assert "Status WUB berubah" in text and "Lulus pelatihan" in text and "Tutup" in text
    assert "Target diubah" in text and "Dinas Perindustrian" in text
    assert "Jumlah target" in text and "612" in text
    assert "Angkatan diimpor" in text and "Dibuat" in text
    assert not leaks(text, english=False) and "#None" not in text
    client.post("/bahasa/en")
    rows = client.get("/petugas/audit.csv").get_data(as_text=True)
    assert rows.splitlines()[0].lstrip("\ufeff").startswith("Time (WIB),")
    assert "Completed training" in rows and ",Closed" in rows


def test_audit_values_by_field():
    assert labels.value_label("participant", "status", "trained") == "Lulus pelatihan"
    assert labels.value_label("introduction", "status", "declined") == "Ditolak"
    assert labels.value_label("business", "trade", "copper_crafts") == (
        "Kerajinan tembaga & kuningan"
    )
    assert labels.value_label("participant", "education", "slta") == "SLTA (SMA/SMK/MA)"
    assert labels.value_label("need", "is_open", True) == "ya"
    assert labels.value_label("business", "tags", "welding,machining") == (
        "Pengelasan & fabrikasi, Permesinan & bubut"
    )
    assert labels.value_label("business", "description", "Bubut") == "Bubut"
    assert labels.field_label("count") == "Jumlah target"
    entry = AuditEntry(action="target.updated", summary=f"{TargetScope.DEPARTMENT.value} 2026")
    assert labels.summary(entry) == "Dinas Perindustrian 2026"


def test_the_decline_error_lists_reasons_in_words(client, owner, csr):
    business = db.session.scalar(select(SmallBusiness).where(SmallBusiness.owner_id == owner.id))
    intro = Introduction(business=business, company=csr.company, kind="subcontracting",
                         status=Status.REQUESTED, started_by="company")  # fmt: skip
    db.session.add(intro)
    db.session.commit()
    headers = api_token(client, owner)
    response = client.post(
        f"/api/v1/introductions/{intro.id}/decline", json={"reason": "bad"}, headers=headers
    )
    message = str(response.get_json())
    assert "Kapasitas sedang penuh" in message and "not_fit" not in message
