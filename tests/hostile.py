"""Hostile input for the route and API-body fuzzers: the values, a world with a record
behind every path variable, and a client logged in as each role."""

from datetime import date

from matchmaker.auth.models import Membership, Role, utcnow
from matchmaker.brokering.models import Introduction, Side, Status
from matchmaker.core.extensions import db
from matchmaker.matching.models import Kind
from matchmaker.wub.monitoring.models import VisitPhoto
from matchmaker.wub.spreadsheets.models import PendingUpload
from tests import factories
from tests.conftest import PASSWORD

ROLES = ("anonymous", "owner", "second_owner", "csr", "pending_csr", "official")
LONG = "9" * 10_000

# Each a way a number or a text has broken a parser somewhere: digits that str.isdigit()
# takes and int() refuses ("²") or reads (Arabic-Indic, fullwidth), numbers past 64 bits
# or past int()'s 4,300-digit limit (and past float's range: float() of them is inf),
# control characters, a line break in a header-bound value, and the desk's composite keys.
HOSTILE = (
    "²",
    "٣",
    "１２",
    "1234567890123456789012345",
    str(2**63),
    str(-(2**63) - 1),
    "",
    LONG,
    "\x00\x01\x1f\x7f",
    "baris\nbaru",
    "subcontracting:9223372036854775808:²",
)
# In a path, an <int:…> variable only matches ASCII digits; these must be a 404. A text
# variable (a token, a language, a file name) gets these.
HOSTILE_IDS = ("٣", str(2**63), "1234567890123456789012345")
HOSTILE_PATH = ("²", str(2**63), "", LONG, "\x00\x01\x1f\x7f", "baris\nbaru")


def world() -> tuple[dict, dict]:
    """Users by role and the path values naming their records (the owner's business,
    the CSR's company and its offers, an introduction between them, a cohort with a
    participant, a visit and its photo, an upload waiting for confirmation)."""
    business = factories.BusinessFactory()
    second = factories.BusinessFactory()
    company = factories.CompanyFactory()
    factories.CompanyFactory()
    need = factories.NeedFactory(company=company)
    programme = factories.ProgrammeFactory(company=company)
    users = {
        "owner": business.owner,
        "second_owner": second.owner,
        "csr": factories.UserFactory(
            role=Role.CSR, company=company, membership=Membership.APPROVED
        ),
        "pending_csr": factories.UserFactory(
            role=Role.CSR, company=company, membership=Membership.PENDING
        ),
        "official": factories.UserFactory(role=Role.OFFICIAL),
    }
    intro = Introduction(
        business=business,
        company=company,
        kind=Kind.SUBCONTRACTING,
        need_id=need.id,
        status=Status.REQUESTED,
        started_by=Side.BUSINESS,
        created_by=users["owner"],
        business_accepted_at=utcnow(),
    )
    db.session.add(intro)
    participant = factories.ParticipantFactory(business=business)
    visit = factories.VisitFactory(participant=participant)
    photo = VisitPhoto(visit_id=visit.id, width=1, height=1, data=b"\xff\xd8\xff\xd9")
    upload = PendingUpload(
        token="t" * 32,
        user_id=users["official"].id,
        kind="participants",
        filename="peserta.csv",
        data=b"name,phone\nAgus,081234567890\n",
    )
    db.session.add_all([photo, upload])
    db.session.commit()
    values = {
        "business_id": business.id,
        "company_id": company.id,
        "kind": "kebutuhan",
        "offer_id": need.id,
        "need_id": need.id,
        "programme_id": programme.id,
        "intro_id": intro.id,
        "cohort_id": participant.cohort_id,
        "participant_id": participant.id,
        "visit_id": visit.id,
        "photo_id": photo.id,
        "user_id": users["pending_csr"].id,
        "decision": "approve",
        "token": upload.token,
        "lang": "en",
        "figure": "wub-per-tahun",
        "filename": "app.css",
        "year": date.today().year,
        "scope": "department",
    }
    return users, {name: str(value) for name, value in values.items()}


def log_in(client, user) -> dict:
    """Log the client in (session cookie) and return the user's API headers."""
    if user is None:
        return {}
    answer = client.post("/masuk", data={"email": user.email, "password": PASSWORD})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    token = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert token.status_code == 200, token.get_json()
    return {"Authorization": f"Bearer {token.get_json()['token']}"}


def unthrottled(app, monkeypatch) -> None:
    """Lift the rate limits: a fuzzer sends thousands of requests a minute, and a 429
    would hide whatever the route answers."""
    for name in ("API_RATE_LIMIT", "LOGIN_RATE_LIMIT", "EMAIL_RATE_LIMIT"):
        if name in app.config:
            monkeypatch.setitem(app.config, name, "1000000 per minute")
