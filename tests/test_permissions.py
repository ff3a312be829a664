"""The permission matrix: every route, for every role and for anonymous visitors.

Each row names a route, a request and the status each role must get. A route
added without a row here fails `test_every_route_is_in_the_matrix`.
"""

import pytest

from matchmaker.auth.models import Membership, Role, utcnow
from matchmaker.brokering.models import Introduction, Side, Status
from matchmaker.core.extensions import db
from matchmaker.matching.models import Kind
from tests import factories
from tests.conftest import PASSWORD
from tests.permission_rows import ROLES, feature_rows, row

NEW_BUSINESS = {"name": "Bubut Baru", "trade": "machining", "sector": "25920", "kecamatan": "Setu"}
NEW_COMPANY = {"name": "PT Baru", "sector": "29300", "kecamatan": "Cikarang Barat"}
PROGRAMME = {"title": "K3", "focus": "Keselamatan kerja", "capacity": 3}


MATRIX = [
    # endpoint, method, url, (anonymous, owner, csr, pending_csr, official)
    row("main.index", "GET", "/", (200, 200, 200, 200, 200)),
    row("main.switch_language", "POST", "/bahasa/en", (302, 302, 302, 302, 302)),
    row("static", "GET", "/static/app.css", (200, 200, 200, 200, 200)),
    row("main.favicon", "GET", "/favicon.ico", (301, 301, 301, 301, 301)),
    row("bootstrap.static", "GET", "/bootstrap/static/css/bootstrap.min.css", (200,) * 5),
    # accounts
    row("auth.signup", "GET", "/daftar", (200, 302, 302, 302, 302)),
    row("auth.signup", "POST", "/daftar", (200, 302, 302, 302, 302), {}),
    row("auth.login", "GET", "/masuk", (200, 302, 302, 302, 302)),
    row(
        "auth.login",
        "POST",
        "/masuk",
        (200, 302, 302, 302, 302),
        {"email": "x@y.id", "password": "z"},
    ),
    row("auth.logout", "POST", "/keluar", (302, 302, 302, 302, 302)),
    row("auth.forgot_password", "GET", "/lupa-sandi", (200, 200, 200, 200, 200)),
    row("auth.forgot_password", "POST", "/lupa-sandi", (302,) * 5, {"email": "x@y.id"}),
    row("auth.reset_password", "GET", "/atur-sandi/palsu", (302,) * 5),
    row("auth.reset_password", "POST", "/atur-sandi/palsu", (302,) * 5, {}),
    row("auth.account", "GET", "/akun", (302, 200, 200, 200, 200)),
    row("auth.download_data", "GET", "/akun/data.json", (302, 200, 200, 200, 200)),
    row("auth.change_password", "GET", "/akun/sandi", (302, 200, 200, 200, 200)),
    row("auth.change_password", "POST", "/akun/sandi", (302, 200, 200, 200, 200), {}),
    row("auth.delete_account", "GET", "/akun/hapus", (302, 200, 200, 200, 200)),
    row(
        "auth.delete_account",
        "POST",
        "/akun/hapus",
        (302, 200, 200, 200, 200),
        {"password": "salah", "confirm": "y"},
    ),
    row("auth.members", "GET", "/petugas/csr", (302, 403, 403, 403, 200)),
    row("auth.decide_member", "POST", "/petugas/csr/{pending}/approve", (302, 403, 403, 403, 302)),
    row("auth.new_official", "GET", "/petugas/baru", (302, 403, 403, 403, 200)),
    row("auth.new_official", "POST", "/petugas/baru", (302, 403, 403, 403, 200), {}),
    # business pages
    row("profiles.list_businesses", "GET", "/usaha", (302, 200, 200, 200, 200)),
    row("profiles.show_business", "GET", "/usaha/{other_business}", (302, 200, 200, 200, 200)),
    row("profiles.my_business", "GET", "/usaha/saya", (302, 302, 404, 404, 404)),
    row("profiles.new_business", "GET", "/usaha/baru", (302, 302, 403, 403, 200)),
    row("profiles.new_business", "POST", "/usaha/baru", (302, 302, 403, 403, 200), {}),
    row("profiles.edit_business", "GET", "/usaha/{own_business}/ubah", (302, 200, 404, 404, 200)),
    row("profiles.edit_business", "GET", "/usaha/{other_business}/ubah", (302, 404, 404, 404, 200)),
    # An empty POST re-saves the record as it is (WTForms falls back to the loaded values).
    row(
        "profiles.edit_business",
        "POST",
        "/usaha/{other_business}/ubah",
        (302, 404, 404, 404, 302),
        {},
    ),
    # company pages
    row("profiles.list_companies", "GET", "/perusahaan", (302, 200, 200, 200, 200)),
    row("profiles.show_company", "GET", "/perusahaan/{other_company}", (302, 200, 200, 200, 200)),
    row("profiles.my_company", "GET", "/perusahaan/saya", (302, 404, 302, 302, 404)),
    row("profiles.new_company", "GET", "/perusahaan/baru", (302, 403, 403, 403, 200)),
    row("profiles.new_company", "POST", "/perusahaan/baru", (302, 403, 403, 403, 200), {}),
    row(
        "profiles.edit_company", "GET", "/perusahaan/{own_company}/ubah", (302, 404, 200, 404, 200)
    ),
    row(
        "profiles.edit_company",
        "POST",
        "/perusahaan/{other_company}/ubah",
        (302, 404, 404, 404, 302),
        {},
    ),
    row(
        "profiles.new_offer",
        "GET",
        "/perusahaan/{own_company}/kebutuhan/baru",
        (302, 404, 200, 404, 200),
    ),
    row(
        "profiles.new_offer",
        "POST",
        "/perusahaan/{other_company}/program/baru",
        (302, 404, 404, 404, 200),
        {},
    ),
    row(
        "profiles.edit_offer",
        "GET",
        "/perusahaan/{own_company}/kebutuhan/{own_need}/ubah",
        (302, 404, 200, 404, 200),
    ),
    row(
        "profiles.edit_offer",
        "POST",
        "/perusahaan/{own_company}/program/{own_programme}/ubah",
        (302, 404, 302, 404, 302),
        {},
    ),
    row(
        "profiles.edit_offer",
        "GET",
        "/perusahaan/{own_company}/kebutuhan/{other_need}/ubah",
        (302, 404, 404, 404, 404),
    ),
    row(
        "profiles.delete_offer",
        "POST",
        "/perusahaan/{own_company}/kebutuhan/{own_need}/hapus",
        (302, 404, 302, 404, 302),
        {"confirm": "1"},
    ),
    row(
        "profiles.delete_offer",
        "POST",
        "/perusahaan/{other_company}/program/{other_programme}/hapus",
        (302, 404, 404, 404, 302),
        {"confirm": "1"},
    ),
    # suggestions and verdicts on them
    row("matching.my_suggestions", "GET", "/rekomendasi", (302, 200, 302, 404, 404)),
    row(
        "matching.business_suggestions",
        "GET",
        "/usaha/{own_business}/rekomendasi",
        (302, 302, 404, 404, 200),
    ),
    row(
        "matching.business_suggestions",
        "GET",
        "/usaha/{other_business}/rekomendasi?kind=mentoring",
        (302, 404, 404, 404, 200),
    ),
    row(
        "matching.company_suggestions",
        "GET",
        "/perusahaan/{own_company}/rekomendasi",
        (302, 404, 200, 404, 200),
    ),
    row(
        "matching.company_suggestions",
        "GET",
        "/perusahaan/{other_company}/rekomendasi",
        (302, 404, 404, 404, 200),
    ),
    row(
        "matching.judge",
        "POST",
        "/usaha/{own_business}/rekomendasi/kebutuhan/{own_need}",
        (302, 302, 302, 404, 302),
        {"verdict": "1"},
    ),
    row(
        "matching.judge",
        "POST",
        "/usaha/{other_business}/rekomendasi/program/{other_programme}",
        (302, 404, 404, 404, 302),
        {"verdict": "-1", "reason": "Terlalu jauh"},
    ),
    # JSON API
    row("api.openapi_document", "GET", "/api/v1/openapi.json", (200,) * 5),
    row(
        "api.auth.create_token",
        "POST",
        "/api/v1/auth/token",
        (401, 200, 200, 200, 200),
        "credentials",
    ),
    row("api.auth.me", "GET", "/api/v1/me", (401, 200, 200, 200, 200)),
    row("api.profiles.list_businesses", "GET", "/api/v1/businesses", (401, 200, 200, 200, 200)),
    row(
        "api.profiles.create_business",
        "POST",
        "/api/v1/businesses",
        (401, 409, 403, 403, 201),
        NEW_BUSINESS,
    ),
    row(
        "api.profiles.get_business",
        "GET",
        "/api/v1/businesses/{other_business}",
        (401, 200, 200, 200, 200),
    ),
    row(
        "api.profiles.update_business",
        "PATCH",
        "/api/v1/businesses/{own_business}",
        (401, 200, 404, 404, 200),
        {"name": "X"},
    ),
    row(
        "api.profiles.update_business",
        "PATCH",
        "/api/v1/businesses/{other_business}",
        (401, 404, 404, 404, 200),
        {"name": "X"},
    ),
    row("api.profiles.list_companies", "GET", "/api/v1/companies", (401, 200, 200, 200, 200)),
    row(
        "api.profiles.create_company",
        "POST",
        "/api/v1/companies",
        (401, 403, 403, 403, 201),
        NEW_COMPANY,
    ),
    row(
        "api.profiles.get_company",
        "GET",
        "/api/v1/companies/{other_company}",
        (401, 200, 200, 200, 200),
    ),
    row(
        "api.profiles.update_company",
        "PATCH",
        "/api/v1/companies/{own_company}",
        (401, 404, 200, 404, 200),
        {"name": "X"},
    ),
    row(
        "api.profiles.update_company",
        "PATCH",
        "/api/v1/companies/{other_company}",
        (401, 404, 404, 404, 200),
        {"name": "X"},
    ),
    row(
        "api.profiles.list_needs",
        "GET",
        "/api/v1/companies/{own_company}/needs",
        (401, 200, 200, 200, 200),
    ),
    row(
        "api.profiles.create_need",
        "POST",
        "/api/v1/companies/{own_company}/needs",
        (401, 404, 201, 404, 201),
        {"title": "X"},
    ),
    row(
        "api.profiles.get_need",
        "GET",
        "/api/v1/companies/{own_company}/needs/{own_need}",
        (401, 200, 200, 200, 200),
    ),
    row(
        "api.profiles.get_need",
        "GET",
        "/api/v1/companies/{own_company}/needs/{other_need}",
        (401, 404, 404, 404, 404),
    ),
    row(
        "api.profiles.update_need",
        "PATCH",
        "/api/v1/companies/{own_company}/needs/{own_need}",
        (401, 404, 200, 404, 200),
        {"title": "X"},
    ),
    row(
        "api.profiles.delete_need",
        "DELETE",
        "/api/v1/companies/{own_company}/needs/{own_need}",
        (401, 404, 204, 404, 204),
    ),
    row(
        "api.profiles.delete_need",
        "DELETE",
        "/api/v1/companies/{own_company}/needs/{other_need}",
        (401, 404, 404, 404, 404),
    ),
    row(
        "api.profiles.list_programmes",
        "GET",
        "/api/v1/companies/{own_company}/programmes",
        (401, 200, 200, 200, 200),
    ),
    row(
        "api.profiles.create_programme",
        "POST",
        "/api/v1/companies/{own_company}/programmes",
        (401, 404, 201, 404, 201),
        PROGRAMME,
    ),
    row(
        "api.profiles.get_programme",
        "GET",
        "/api/v1/companies/{own_company}/programmes/{own_programme}",
        (401, 200, 200, 200, 200),
    ),
    row(
        "api.profiles.update_programme",
        "PATCH",
        "/api/v1/companies/{own_company}/programmes/{own_programme}",
        (401, 404, 200, 404, 200),
        {"title": "X"},
    ),
    row(
        "api.profiles.delete_programme",
        "DELETE",
        "/api/v1/companies/{own_company}/programmes/{own_programme}",
        (401, 404, 204, 404, 204),
    ),
    row(
        "api.profiles.delete_programme",
        "DELETE",
        "/api/v1/companies/{other_company}/programmes/{other_programme}",
        (401, 404, 404, 404, 204),
    ),
    row(
        "api.matching.business_suggestions",
        "GET",
        "/api/v1/businesses/{own_business}/suggestions?kind=subcontracting",
        (401, 200, 404, 404, 200),
    ),
    row(
        "api.matching.business_suggestions",
        "GET",
        "/api/v1/businesses/{other_business}/suggestions?kind=mentoring",
        (401, 404, 404, 404, 200),
    ),
    row(
        "api.matching.company_suggestions",
        "GET",
        "/api/v1/companies/{own_company}/suggestions?kind=mentoring&offer_id={own_programme}",
        (401, 404, 200, 404, 200),
    ),
    row(
        "api.matching.company_suggestions",
        "GET",
        "/api/v1/companies/{other_company}/suggestions?kind=subcontracting",
        (401, 404, 404, 404, 200),
    ),
    # Who may judge which pair is in test_suggestions.py (the body would need the ids).
    row("api.matching.create_feedback", "POST", "/api/v1/feedback", (401, 422, 422, 422, 422), {}),
] + feature_rows()


@pytest.fixture
def world():
    """Two of everything: the acting user's own records and someone else's."""
    owner_business = factories.BusinessFactory()
    other_business = factories.BusinessFactory()
    own_company, other_company = factories.CompanyFactory(), factories.CompanyFactory()
    own_need, other_need = (
        factories.NeedFactory(company=own_company),
        factories.NeedFactory(company=other_company),
    )
    own_programme = factories.ProgrammeFactory(company=own_company)
    other_programme = factories.ProgrammeFactory(company=other_company)
    users = {
        "owner": owner_business.owner,
        "csr": factories.UserFactory(
            role=Role.CSR, company=own_company, membership=Membership.APPROVED
        ),
        "pending_csr": factories.UserFactory(
            role=Role.CSR, company=own_company, membership=Membership.PENDING
        ),
        "official": factories.UserFactory(role=Role.OFFICIAL),
    }
    # The owner asked the CSR's company; two strangers' introduction beside it.
    own_intro = Introduction(
        business=owner_business,
        company=own_company,
        kind=Kind.SUBCONTRACTING,
        status=Status.REQUESTED,
        started_by=Side.BUSINESS,
        created_by=users["owner"],
        business_accepted_at=utcnow(),
    )
    other_intro = Introduction(
        business=other_business,
        company=other_company,
        kind=Kind.SUBCONTRACTING,
        status=Status.REQUESTED,
        started_by=Side.BUSINESS,
        business_accepted_at=utcnow(),
    )
    db.session.add_all([own_intro, other_intro])
    db.session.commit()
    participant = factories.ParticipantFactory(business=other_business)
    visit = factories.VisitFactory(participant=participant)
    ids = {
        "cohort": participant.cohort_id,
        "participant": participant.id,
        "visit": visit.id,
        "own_intro": own_intro.id,
        "other_intro": other_intro.id,
        "own_business": owner_business.id,
        "other_business": other_business.id,
        "own_company": own_company.id,
        "other_company": other_company.id,
        "own_need": own_need.id,
        "other_need": other_need.id,
        "own_programme": own_programme.id,
        "other_programme": other_programme.id,
        "pending": users["pending_csr"].id,
    }
    return users, ids


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method", "url", "body", "expected"), MATRIX)
def test_route_answers_each_role(client, world, role, endpoint, method, url, body, expected):
    users, ids = world
    user = users.get(role)
    url = url.format(**ids)
    is_api = url.startswith("/api/")
    headers = {}
    if user is not None and is_api and endpoint != "api.auth.create_token":
        token = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
        headers["Authorization"] = f"Bearer {token.get_json()['token']}"
    elif user is not None and not is_api:
        assert (
            client.post("/masuk", data={"email": user.email, "password": PASSWORD}).status_code
            == 302
        )
    if isinstance(body, dict):  # "{own_business}" in a body stands for that record's id
        body = {
            k: ids[v[1:-1]] if isinstance(v, str) and v[1:-1] in ids else v for k, v in body.items()
        }
    if body == "credentials":
        body = {"email": user.email if user else "tamu@contoh.id", "password": PASSWORD}
    send = {"json": body} if is_api and body is not None else {"data": body}
    response = client.open(url, method=method, headers=headers, **send)
    response.close()  # static files are streamed from an open file
    assert response.status_code == expected[role], response.get_data(as_text=True)[:300]
    if is_api and response.status_code >= 400:
        assert set(response.get_json()["error"]) == {"code", "message", "fields"}
    if (
        role == "anonymous"
        and response.status_code == 302
        and not is_api
        and expected["official"] != 302
    ):
        assert response.headers["Location"].startswith("/masuk")


def test_every_route_is_in_the_matrix(app):
    covered = {(p.values[0], p.values[1]) for p in MATRIX}
    missing = [
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if (rule.endpoint, method) not in covered
    ]
    assert missing == []
