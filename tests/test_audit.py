"""The audit log: profile edits and officials' logins are recorded; officials filter,
page through and export them."""

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from matchmaker.audit.models import AuditEntry
from matchmaker.audit.report import AuditFilters
from matchmaker.auth.models import Role
from matchmaker.core.extensions import db
from matchmaker.profiles import services as profiles
from tests import factories
from tests.conftest import api_token


def entries(action: str | None = None) -> list[AuditEntry]:
    db.session.expire_all()
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def listed(html: str) -> str:
    """The page below its filter form (whose menus name every action)."""
    return html.rsplit("</form>", 1)[-1]


# --- what is recorded --------------------------------------------------------------------------


def test_a_business_edit_records_before_and_after_of_changed_fields(client, owner):
    business = owner.business
    old_name = business.name
    headers = api_token(client, owner)
    body = {"name": "Bubut Baru Jaya", "employees": 7, "products": business.products}
    response = client.patch(f"/api/v1/businesses/{business.id}", json=body, headers=headers)
    assert response.status_code == 200
    [entry] = entries("business.updated")
    assert entry.actor_id == owner.id and entry.actor_name == owner.name
    assert entry.object_type == "small_business" and entry.object_id == business.id
    assert entry.changes == {"name": [old_name, "Bubut Baru Jaya"], "employees": [3, 7]}
    assert entry.summary == "Bubut Baru Jaya"


def test_an_edit_that_changes_nothing_is_not_recorded(client, owner):
    headers = api_token(client, owner)
    body = {"name": owner.business.name}
    client.patch(f"/api/v1/businesses/{owner.business.id}", json=body, headers=headers)
    assert entries("business.updated") == []


def test_a_refused_edit_records_nothing(client, owner):
    headers = api_token(client, owner)
    body = {"employees": -1}
    response = client.patch(f"/api/v1/businesses/{owner.business.id}", json=body, headers=headers)
    assert response.status_code == 422
    assert entries() == []


def test_inferred_tags_are_recorded_when_the_text_changes_them(owner):
    business = owner.business
    profiles.save_business(
        {"capabilities": "Gulung ulang dinamo, rewinding motor"}, business=business, partial=True
    )
    [entry] = entries("business.updated")
    assert "tags" in entry.changes and "rewinding" in entry.changes["tags"][1]
    assert entry.actor_id is None and entry.actor_name == ""  # outside a request: nobody


def test_need_created_updated_and_deleted_through_the_api(client, csr):
    company = csr.company
    headers = api_token(client, csr)
    base = f"/api/v1/companies/{company.id}/needs"
    created = client.post(base, json={"title": "Plat tekuk", "volume": 500}, headers=headers)
    need_id = created.get_json()["id"]
    client.patch(f"{base}/{need_id}", json={"volume": 800}, headers=headers)
    client.delete(f"{base}/{need_id}", headers=headers)
    made, changed, gone = entries("need.created"), entries("need.updated"), entries("need.deleted")
    assert made[0].changes["title"] == [None, "Plat tekuk"]
    assert made[0].changes["volume"] == [None, 500] and made[0].object_id == need_id
    assert changed[0].changes == {"volume": [500, 800]}
    assert gone[0].changes["title"] == ["Plat tekuk", None]
    assert gone[0].changes["volume"] == [800, None]
    assert {e.actor_id for e in made + changed + gone} == {csr.id}
    assert {e.object_type for e in made + changed + gone} == {"subcontracting_need"}


def test_company_and_programme_edits_by_an_official(client, auth, official, csr):
    auth.login(official)
    company = csr.company
    programme = company.programmes[0]
    data = {"title": programme.title, "focus": "K3 dan 5S", "capacity": "8"}
    response = client.post(f"/perusahaan/{company.id}/program/{programme.id}/ubah", data=data)
    assert response.status_code == 302
    [entry] = entries("programme.updated")
    assert entry.actor_id == official.id and entry.object_id == programme.id
    assert entry.changes["capacity"] == [5, 8] and entry.changes["focus"][1] == "K3 dan 5S"
    profiles.save_company({"website": "https://contoh.co.id"}, company=company, partial=True)
    [entry] = entries("company.updated")
    assert entry.changes == {"website": ["", "https://contoh.co.id"]}


def test_an_officials_login_is_recorded_an_owners_is_not(client, auth, official, owner):
    auth.login(owner)
    auth.logout()
    assert entries("auth.login") == []
    assert auth.login(official).status_code == 302
    auth.logout()
    api_token(client, official)
    logins = entries("auth.login")
    assert [(e.actor_id, e.object_type, e.object_id) for e in logins] == [
        (official.id, "user", official.id)
    ] * 2
    assert [e.summary for e in logins] == ["web", "api"]


def test_a_failed_login_is_not_recorded(client, auth, official):
    auth.login(official, password="salah-sekali")
    assert entries() == []


# --- the page ----------------------------------------------------------------------------------


def entry(action, object_type="small_business", at=None, actor=None, changes=None, **extra):
    made = AuditEntry(
        action=action,
        object_type=object_type,
        object_id=extra.pop("object_id", 1),
        actor_id=actor.id if actor else None,
        actor_name=actor.name if actor else "",
        changes=changes or {},
        **({"at": at} if at else {}),
        **extra,
    )
    db.session.add(made)
    db.session.commit()
    return made


@pytest.fixture
def log(official, owner):
    other = factories.UserFactory(role=Role.OFFICIAL, name="Pak Budi")
    return {
        "login": entry("auth.login", "user", datetime(2025, 1, 10, 2, tzinfo=UTC), official),
        # 18:30 UTC on the 31st is already 1 February in Jakarta.
        "late": entry(
            "business.updated",
            at=datetime(2025, 1, 31, 18, 30, tzinfo=UTC),
            actor=owner,
            changes={"name": ["Lama", "Baru"], "employees": [3, 7]},
        ),
        "need": entry(
            "need.created",
            "subcontracting_need",
            datetime(2025, 2, 5, 3, tzinfo=UTC),
            other,
            {"title": [None, '=HYPERLINK("http://x")'], "volume": [None, 500]},
        ),
    }


def test_officials_see_entries_newest_first_with_changes(client, auth, official, log):
    auth.login(official)
    html = page(client, "/petugas/audit")
    assert "Log audit" in html
    html = listed(html)
    assert html.index("Kebutuhan subkontrak dibuat") < html.index("Usaha diubah")
    assert "1 Feb 2025 01.30 WIB" in html  # shown in Jakarta time, as every date and time
    assert "Lama" in html and "Baru" in html and "Jumlah karyawan" in html
    assert "employees" not in html and "need.created" not in html  # words, not codes
    assert "Petugas masuk" in html and official.name in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"action": "auth.login"}, {"login"}),
        ({"object_type": "subcontracting_need"}, {"need"}),
        ({"since": "2025-02-01"}, {"late", "need"}),
        ({"until": "2025-01-31"}, {"login"}),
        ({"since": "2025-02-01", "until": "2025-02-01"}, {"late"}),
    ],
)
def test_filters(log, query, shown):
    filters, errors = AuditFilters.parse(query)
    assert errors == {}
    found = set(db.session.scalars(filters.query()))
    assert found == {log[name] for name in shown}


def test_filter_by_actor(client, auth, official, owner, log):
    filters, _errors = AuditFilters.parse({"actor": str(owner.id)})
    assert list(db.session.scalars(filters.query())) == [log["late"]]
    auth.login(official)
    html = page(client, f"/petugas/audit?actor={owner.id}")
    assert "Usaha diubah" in listed(html) and "Petugas masuk" not in listed(html)


def test_bad_filters_are_named_and_dropped(client, auth, official, log):
    auth.login(official)
    html = page(client, "/petugas/audit?since=31-01-2025&actor=x&until=2024-01-01")
    assert "Tanggal harus berformat TTTT-BB-HH" in html and "Pelaku tidak dikenal." in html
    filters, errors = AuditFilters.parse({"since": "2025-02-01", "until": "2025-01-01"})
    assert errors == {"until": "Tanggal akhir tidak boleh sebelum tanggal awal."}
    assert filters.until is None


def test_pages(client, auth, official, app):
    for number in range(app.config["PAGE_SIZE"] + 3):
        entry("business.updated", object_id=number + 1, summary=f"Usaha nomor {number}")
    auth.login(official)
    first = page(client, "/petugas/audit?action=business.updated")
    assert "Usaha nomor 0<" not in first and "1 / 2" in first
    second = page(client, "/petugas/audit?action=business.updated&page=2")
    assert "Usaha nomor 0<" in second


# --- the export --------------------------------------------------------------------------------


def test_csv_export_has_a_row_per_changed_field(client, auth, official, log):
    auth.login(official)
    response = client.get("/petugas/audit.csv?since=2025-01-01")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "Waktu (WIB)",
        "Pelaku",
        "Tindakan",
        "Jenis data",
        "Nomor catatan",
        "Isian yang berubah",
        "Nilai sebelum",
        "Nilai sesudah",
    ]
    body = rows[1:]
    assert len(body) == 2 + 2 + 1 + 1  # two fields, two fields, and this test's own login
    # newest first: this test's own login, …, the fixture's login of January 2025
    assert body[0][2:] == ["Petugas masuk", "Pengguna", str(official.id), "", "", ""]
    login = ["Petugas masuk", "Pengguna", str(log["login"].object_id), "", "", ""]
    assert body[-1][2:] == login
    late = [r for r in body if r[2] == "Usaha diubah"]
    assert late[0][0] == "2025-02-01T01:30:00+07:00"
    assert {tuple(r[5:]) for r in late} == {
        ("Nama", "Lama", "Baru"),
        ("Jumlah karyawan", "3", "7"),
    }
    need = {r[5]: r for r in body if r[2] == "Kebutuhan subkontrak dibuat"}
    assert need["Judul"][6:] == ["", '\'=HYPERLINK("http://x")']  # never run as a formula
    assert need["Judul"][1] == "Pak Budi"


def test_csv_export_follows_the_filters(client, auth, official, log):
    auth.login(official)
    raw = client.get("/petugas/audit.csv?action=need.created").get_data()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))[1:]
    assert {r[2] for r in rows} == {"Kebutuhan subkontrak dibuat"} and len(rows) == 2


def test_csv_export_with_bad_filters_goes_back_to_the_page(client, auth, official):
    auth.login(official)
    response = client.get("/petugas/audit.csv?since=kemarin")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/petugas/audit?since=kemarin")


def test_the_log_is_for_officials_only(client, auth, owner):
    auth.login(owner)
    assert client.get("/petugas/audit").status_code == 403
    assert client.get("/petugas/audit.csv").status_code == 403
