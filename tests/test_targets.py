"""WUB targets: the plan's defaults, edits with their audit entries, validation messages,
the grid page (all or nothing) and the API."""

import pytest
from openapi_schema_validator import OAS30Validator
from sqlalchemy import select

from matchmaker.audit.models import AuditEntry
from matchmaker.core.extensions import db
from matchmaker.core.validation import Invalid
from matchmaker.wub.dashboard import targets
from matchmaker.wub.dashboard.models import Target, TargetScope
from tests.conftest import api_token


def stored() -> dict:
    return {(t.year, t.scope.value): t.count for t in db.session.scalars(select(Target))}


def entries() -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == "target.updated")
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def test_defaults_without_anything_stored(app):
    assert targets.period() == range(2025, 2030)
    assert targets.for_year(2026) == {
        TargetScope.REGENCY: 1000,
        TargetScope.DEPARTMENT: 500,
        TargetScope.ILMO: None,
        TargetScope.IET: None,
        TargetScope.IKA: None,
    }
    totals = targets.for_period()
    assert (totals[TargetScope.DEPARTMENT], totals[TargetScope.REGENCY]) == (2500, 5000)
    assert totals[TargetScope.ILMO] is None


def test_period_follows_the_configured_start(app):
    app.config["TARGET_PERIOD_START"] = 2030
    try:
        assert targets.period() == range(2030, 2035)
        assert targets.year_limits() == (2018, 2039)
    finally:
        app.config["TARGET_PERIOD_START"] = 2025


def test_set_target_stores_it_and_logs_before_and_after(app, official):
    cell = targets.set_target(official, 2026, "department", "450")
    assert (cell.count, cell.stored) == (450, True)
    targets.set_target(official, "2026", "ILMO", 1_000)
    assert targets.for_period()[TargetScope.DEPARTMENT] == 2450
    assert targets.for_period()[TargetScope.ILMO] == 1000
    first, second = entries()
    assert (first.actor_id, first.changes, first.summary) == (
        official.id,
        {"count": [500, 450]},
        "department 2026",
    )
    assert second.changes == {"count": [None, 1000]}
    targets.set_target(official, 2026, "department", 480)
    assert entries()[-1].changes == {"count": [450, 480]}
    assert stored() == {(2026, "department"): 480, (2026, "ILMO"): 1000}


@pytest.mark.parametrize(
    ("year", "scope", "count", "field", "message"),
    [
        (2026, "department", -1, "count", "Target harus antara 0 dan 100000."),
        (2026, "department", 100_001, "count", "Target harus antara 0 dan 100000."),
        (2026, "department", "banyak", "count", "Target harus berupa bilangan bulat."),
        (2026, "department", 12.5, "count", "Target harus berupa bilangan bulat."),
        (2026, "department", True, "count", "Target harus berupa bilangan bulat."),
        (2026, "department", None, "count", "Target harus berupa bilangan bulat."),
        (2017, "department", 5, "year", "Tahun harus antara 2018 dan 2034."),
        (2035, "department", 5, "year", "Tahun harus antara 2018 dan 2034."),
        (2026, "Bidang X", 5, "scope", "Cakupan target tidak dikenal."),
    ],
)
def test_bad_targets_are_named_and_nothing_is_saved(
    app, official, year, scope, count, field, message
):
    with pytest.raises(Invalid) as caught:
        targets.set_target(official, year, scope, count)
    assert list(caught.value.fields) == [field]
    assert caught.value.fields[field].startswith(message)
    assert stored() == {} and entries() == []


def test_thousands_dots_and_bounds_are_accepted(app, official):
    assert targets.set_target(official, 2018, "regency", "1.500").count == 1500
    assert targets.set_target(official, 2034, "IKA", 0).count == 0
    assert targets.set_target(official, 2030, "ika", 100_000).count == 100_000


# --- the grid page -----------------------------------------------------------------------------


def test_grid_shows_defaults_and_period_totals(client, auth, official):
    auth.login(official)
    page = client.get("/petugas/target").get_data(as_text=True)
    assert 'name="t-2026-department"' in page and 'name="t-2018-ILMO"' in page
    assert 'id="total-department">2.500<' in page and 'id="total-regency">5.000<' in page
    assert 'id="total-ILMO">–<' in page
    assert "table-responsive" in page


def test_grid_saves_changed_cells_only(client, auth, official):
    auth.login(official)
    form = {"t-2025-department": "500", "t-2025-ILMO": "150", "t-2026-ILMO": "1.200"}
    response = client.post("/petugas/target", data=form)
    assert response.status_code == 302
    assert stored() == {(2025, "ILMO"): 150, (2026, "ILMO"): 1200}
    assert len(entries()) == 2
    page = client.get("/petugas/target").get_data(as_text=True)
    assert "2 target diubah." in page and 'id="total-ILMO">1.350<' in page
    # A blank cell goes back to the default: a Seksi has none again.
    client.post("/petugas/target", data={"t-2025-ILMO": ""})
    assert stored() == {(2026, "ILMO"): 1200}
    assert entries()[-1].changes == {"count": [150, None]}


def test_grid_with_a_bad_cell_saves_nothing_and_names_each_cell(client, auth, official):
    auth.login(official)
    form = {"t-2025-ILMO": "150", "t-2026-IET": "dua ratus", "t-2027-regency": "-3"}
    response = client.post("/petugas/target", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2026, Seksi IET: Target harus berupa bilangan bulat." in page
    assert "2027, Kabupaten: Target harus antara 0 dan 100000." in page
    assert 'value="dua ratus"' in page  # what was typed stays, to be corrected
    assert stored() == {} and entries() == []


# --- API ---------------------------------------------------------------------------------------


def schema_of(name: str) -> OAS30Validator:
    from matchmaker.api import document

    doc = document()
    return OAS30Validator({**doc["components"]["schemas"][name], "components": doc["components"]})


def test_api_lists_and_sets_targets(client, official):
    headers = api_token(client, official)
    listed = client.get("/api/v1/targets", headers=headers).get_json()
    schema_of("TargetList").validate(listed)
    assert len(listed["items"]) == 5 * 5
    assert listed["period"] == {"first_year": 2025, "last_year": 2029}
    assert listed["period_totals"]["department"] == 2500

    put = client.put("/api/v1/targets/2027/IET", json={"count": 75}, headers=headers)
    assert put.status_code == 200
    schema_of("Target").validate(put.get_json())
    assert put.get_json() == {"year": 2027, "scope": "IET", "count": 75, "stored": True}
    one = client.get("/api/v1/targets?year=2027", headers=headers).get_json()
    assert {i["scope"]: i["count"] for i in one["items"]}["IET"] == 75
    assert one["period_totals"]["IET"] == 75
    assert entries()[-1].actor_id == official.id


@pytest.mark.parametrize(
    ("url", "body", "fields"),
    [
        ("/api/v1/targets/2027/IET", {"count": -5}, {"count"}),
        ("/api/v1/targets/2027/IET", {}, {"count"}),
        ("/api/v1/targets/2027/IET", {"count": 5, "note": "x"}, {"note"}),
        ("/api/v1/targets/2040/IET", {"count": 5}, {"year"}),
        ("/api/v1/targets/2027/seksi", {"count": 5}, {"scope"}),
        ("/api/v1/targets/2027/IET", {"count": "100.001"}, {"count"}),
        ("/api/v1/targets/2027/IET", {"count": "1,000"}, {"count"}),
    ],
)
def test_api_bad_target_is_422_naming_the_field(client, official, url, body, fields):
    got = client.put(url, json=body, headers=api_token(client, official))
    assert got.status_code == 422
    assert set(got.get_json()["error"]["fields"]) == fields
    assert stored() == {}


@pytest.mark.parametrize(("count", "stored_count"), [(1500, 1500), ("1.500", 1500), ("75", 75)])
def test_api_target_count_as_a_number_or_as_officials_write_it(
    client, official, count, stored_count
):
    got = client.put(
        "/api/v1/targets/2027/ilmo", json={"count": count}, headers=api_token(client, official)
    )
    assert got.status_code == 200
    assert got.get_json() == {"year": 2027, "scope": "ILMO", "count": stored_count, "stored": True}


def test_api_documents_the_years_and_scopes_it_takes(client):
    """The target's year bounds come from the plan period in the configuration (the
    operation's parameters override the path's, which only say what the URL matches)."""
    path = client.get("/api/v1/openapi.json").get_json()["paths"]["/targets/{year}/{scope}"]
    found = {p["name"]: p["schema"] for p in path["put"]["parameters"]}
    assert (found["year"]["minimum"], found["year"]["maximum"]) == targets.year_limits()
    assert found["scope"]["enum"] == ["regency", "department", "ILMO", "IET", "IKA"]


def test_api_bad_year_query_is_422(client, official):
    got = client.get("/api/v1/targets?year=20x5", headers=api_token(client, official))
    assert got.status_code == 422 and set(got.get_json()["error"]["fields"]) == {"year"}


def test_api_year_not_a_number_is_a_documented_404(client, official):
    """Found by fuzzing: /targets/null/IET answered 404, which the document did not list."""
    from matchmaker.api import document

    got = client.put(
        "/api/v1/targets/null/IET", json={"count": 5}, headers=api_token(client, official)
    )
    assert got.status_code == 404
    assert "404" in document()["paths"]["/targets/{year}/{scope}"]["put"]["responses"]
