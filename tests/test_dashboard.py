"""The programme dashboard: each figure on a small hand-built world with exact numbers,
the page and report with their charts and tables, the downloads, and the API."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openapi_schema_validator import OAS30Validator
from openpyxl import load_workbook

from matchmaker.brokering.models import Introduction, Side, Status
from matchmaker.core.extensions import db
from matchmaker.matching.models import Kind
from matchmaker.wub.cohorts.models import StatusChange
from matchmaker.wub.cohorts.models import WubStatus as S
from matchmaker.wub.dashboard import charts, outcomes
from matchmaker.wub.dashboard.figures import build, funnel, status_on
from matchmaker.wub.dashboard.filters import Count, Filters, add_months
from matchmaker.wub.dashboard.models import Target, TargetScope
from matchmaker.wub.monitoring.models import RevenueBand
from tests import factories
from tests.conftest import api_token

TODAY = date(2026, 11, 28)


def person(cohort, *steps, **fields):
    """A participant of `cohort` whose history is exactly `steps` ((status, date), ...)."""
    status, since = steps[-1]
    participant = factories.ParticipantFactory(
        cohort=cohort, trade=cohort.trade, status=status, status_since=since, **fields
    )
    previous = None
    participant.history = []
    for step, on in steps:
        participant.history.append(StatusChange(status=step, previous=previous, changed_on=on))
        previous = step
    db.session.commit()
    return participant


def intro(business, company, kind, status, created):
    found = Introduction(
        business=business,
        company=company,
        kind=kind,
        status=status,
        started_by=Side.OFFICIAL,
        created_at=datetime(*created, tzinfo=UTC),
        ended_at=datetime(*created, tzinfo=UTC) if status == Status.DECLINED else None,
    )
    db.session.add(found)
    db.session.commit()
    return found


@pytest.fixture
def world():
    """Three cohorts, participants along every path, introductions and visits."""
    a = factories.CohortFactory(year=2024, seksi="ILMO", trade="metal_crafts")
    b = factories.CohortFactory(year=2025, seksi="IET", trade="electronics")
    c = factories.CohortFactory(year=2023, seksi="ILMO", trade="machining")
    sel, tr = (S.SELECTED, date(2024, 6, 1)), (S.TRAINED, date(2024, 7, 14))
    setu, barat = factories.kecamatan("Setu"), factories.kecamatan("Cikarang Barat")
    wub_business = factories.BusinessFactory(trade="metal_crafts")
    p = {
        # started, then operating 7.5 months after training
        "a1": person(a, sel, tr, (S.STARTED, date(2024, 10, 1)), (S.OPERATING, date(2025, 3, 1)),
                     business=wub_business),
        # started, stalled, closed: still a WUB (closed after training)
        "a2": person(a, sel, tr, (S.STARTED, date(2024, 9, 1)), (S.STALLED, date(2024, 12, 1)),
                     (S.CLOSED, date(2025, 5, 1))),
        "a3": person(a, sel, tr),
        # dropped out during training: not a WUB
        "a4": person(a, sel, (S.IN_TRAINING, date(2024, 7, 1)), (S.CLOSED, date(2024, 7, 5))),
        "a5": person(a, sel, (S.IN_TRAINING, date(2024, 7, 1))),
        "b1": person(b, (S.TRAINED, date(2025, 8, 1)), (S.STARTED, date(2025, 9, 1)),
                     (S.GROWING, date(2026, 1, 10)), kecamatan=barat),
        # trained too recently for either funnel
        "b2": person(b, (S.TRAINED, date(2026, 8, 1)), kecamatan=barat),
        # skipped `trained` in the records: the first step past training dates it
        "c1": person(c, (S.IN_TRAINING, date(2023, 3, 1)), (S.STARTED, date(2023, 5, 1)),
                     (S.OPERATING, date(2023, 12, 1)), kecamatan=setu),
    }  # fmt: skip
    estate_company = factories.CompanyFactory()
    loose_company = factories.CompanyFactory(estate=None)
    machining = factories.BusinessFactory(trade="machining")
    electronics = factories.BusinessFactory(trade="electronics")
    intro(wub_business, estate_company, Kind.SUBCONTRACTING, Status.ACTIVE, (2025, 3, 1))
    intro(machining, loose_company, Kind.MENTORING, Status.PROPOSED, (2025, 6, 1))
    intro(electronics, estate_company, Kind.SUBCONTRACTING, Status.DECLINED, (2023, 5, 1))
    for who, on, operating, employees, band, problems in [
        ("a1", date(2025, 1, 15), False, 1, RevenueBand.UNDER_1M, "capital"),
        ("a1", date(2026, 10, 10), True, 4, RevenueBand.FROM_5M, "marketing,equipment"),
        ("a2", date(2026, 6, 1), False, None, None, "capital"),
        ("b1", date(2026, 11, 1), True, 2, RevenueBand.FROM_5M, ""),
    ]:
        factories.VisitFactory(
            participant=p[who],
            visited_on=on,
            operating=operating,
            employees=employees,
            revenue_band=band,
            problems=problems,
        )
    return p


def counts(items) -> dict:
    return {c.key: c.count for c in items}


# --- figures -----------------------------------------------------------------------------------


def test_wub_per_year_counts_those_who_finished_training(app, world):
    dash = build(Filters(year_from=2023, year_to=2025), TODAY)
    assert [(r.year, r.wub) for r in dash.per_year] == [(2023, 1), (2024, 3), (2025, 2)]
    assert {(r.department, r.regency, r.seksi) for r in dash.per_year} == {(500, 1000, None)}
    assert (dash.period.wub, dash.period.department, dash.period.regency) == (2, 2500, 5000)
    assert counts(dash.by_trade) == {"metal_crafts": 3, "electronics": 2, "machining": 1}
    assert counts(dash.by_kecamatan) == {"Setu": 4, "Cikarang Barat": 2}


def test_seksi_filter_narrows_figures_and_brings_its_target(app, world):
    db.session.add_all(
        [
            Target(year=2024, scope=TargetScope.ILMO, count=120),
            Target(year=2026, scope=TargetScope.ILMO, count=80),
        ]
    )
    db.session.commit()
    dash = build(Filters(seksi="ILMO", year_from=2024, year_to=2024), TODAY)
    assert [(r.year, r.wub, r.seksi) for r in dash.per_year] == [(2024, 3, 120)]
    assert counts(dash.by_trade) == {"metal_crafts": 3}
    assert (dash.period.wub, dash.period.seksi, dash.period.department) == (0, 80, 2500)
    assert dash.monitoring.visited == 2 and dash.monitoring.median_employees == 4


def test_funnel_reads_the_status_in_force_6_and_12_months_after_training(app, world):
    rows = {r.months: (r.trained, r.started, r.operating) for r in funnel(Filters(), TODAY)}
    assert rows == {6: (5, 4, 1), 12: (5, 3, 3)}
    ilmo = {r.months: (r.trained, r.started, r.operating) for r in funnel(Filters("ILMO"), TODAY)}
    assert ilmo == {6: (4, 3, 0), 12: (4, 2, 2)}
    # A year earlier, only those trained by then count.
    early = {r.months: r.trained for r in funnel(Filters(), date(2025, 1, 13))}
    assert early == {6: 1, 12: 1}  # c1 alone; a1–a3 reach 6 months on 2025-01-14


def test_status_on_and_add_months(app):
    history = [(date(2024, 7, 14), S.TRAINED), (date(2025, 1, 14), S.STARTED)]
    assert status_on(history, date(2025, 1, 13)) == S.TRAINED
    assert status_on(history, date(2025, 1, 14)) == S.STARTED
    assert status_on(history, date(2024, 1, 1)) is None
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 15), -1) == date(2023, 12, 15)


def test_partnerships_by_kind_estate_state_and_toggles(app, world):
    every = outcomes.partnerships(Filters(year_from=2018, year_to=2026))
    assert every.total == 3
    assert counts(every.by_kind) == {"subcontracting": 2, "mentoring": 1}
    assert counts(every.by_estate) == {"MM2100": 2, "": 1}
    assert [c.label for c in every.by_estate][-1] == "Tanpa kawasan"
    states = counts(every.by_state)
    assert (states["active"], states["proposed"], states["declined"]) == (1, 1, 1)
    assert sum(states.values()) == 3
    assert outcomes.partnerships(Filters(wub_only=True)).total == 1
    assert outcomes.partnerships(Filters(seksi="ILMO")).total == 2
    assert outcomes.partnerships(Filters(year_from=2024)).total == 2


def test_monitoring_reads_each_latest_visit(app, world):
    m = outcomes.monitoring(Filters(), TODAY)
    assert (m.visited, m.operating, m.not_operating) == (3, 2, 1)
    assert counts(m.revenue) == {
        "lt1m": 0,
        "1m-5m": 0,
        "5m-10m": 2,
        "10m-25m": 0,
        "gt25m": 0,
        "": 1,
    }
    assert counts(m.problems) == {
        "raw_materials": 0,
        "capital": 1,
        "marketing": 1,
        "quality": 0,
        "equipment": 1,
    }
    assert m.median_employees == 3
    per_month = counts(m.per_month)
    assert list(per_month)[0] == "2025-12" and list(per_month)[-1] == "2026-11"
    assert (per_month["2026-06"], per_month["2026-10"], per_month["2026-11"]) == (1, 1, 1)
    assert sum(per_month.values()) == 3  # the January 2025 visit is older than 12 months


def test_bad_filters_are_named(app):
    filters, errors = Filters.parse({"seksi": "XYZ", "year_from": "2017", "year_to": "abc"})
    assert errors == {
        "seksi": "Seksi tidak dikenal.",
        "year_from": "Tahun harus antara 2018 dan 2034.",
        "year_to": "Tahun harus antara 2018 dan 2034.",
    }
    assert (filters.seksi, filters.year_from) == ("", 2018)  # bad values are dropped
    _, errors = Filters.parse({"year_from": "2025", "year_to": "2024"})
    assert errors == {"year_to": "Tahun akhir tidak boleh sebelum tahun awal."}


# --- pages and downloads -----------------------------------------------------------------------


def test_dashboard_page_shows_each_chart_beside_its_table(client, auth, official, world):
    auth.login(official)
    page = client.get("/petugas/dasbor?year_from=2023&year_to=2025").get_data(as_text=True)
    assert page.count('class="chart ') >= 12 and page.count('role="img" aria-label=') >= 12
    assert page.count("<table") == 11 and page.count("data-scroll-hint") >= 11
    assert "officials.css" in page and "report.js" in page  # linked by this page only
    assert 'id="period-wub">2<' in page and 'id="period-department">2.500<' in page
    assert "Tanpa kawasan" in page and "/petugas/dasbor/corong.xlsx?" in page
    assert "cdn" not in page.lower()
    bad = client.get("/petugas/dasbor?seksi=XYZ").get_data(as_text=True)
    assert "Seksi tidak dikenal." in bad


def test_report_is_one_printable_page_with_date_and_filters(client, auth, official, world):
    auth.login(official)
    page = client.get("/petugas/dasbor/laporan?seksi=ILMO&year_from=2024&year_to=2024")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in text and "<table" in text
    assert "Seksi: ILMO" in text and "2024–2024" in text and "Dicetak" in text
    assert "data-print" in text and "d-print-none" in text
    assert "report.js" in text and "<script>" not in text


def test_csv_download_parses_back_to_the_same_numbers(client, auth, official, world):
    auth.login(official)
    response = client.get("/petugas/dasbor/wub-per-tahun.csv?year_from=2023&year_to=2025")
    assert response.mimetype == "text/csv"
    assert "wub-per-tahun-2023-2025.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Tahun", "WUB", "Target Dinas", "Target Kabupaten"]
    assert [r[:4] for r in rows[1:4]] == [
        ["2023", "1", "500", "1000"],
        ["2024", "3", "500", "1000"],
        ["2025", "2", "500", "1000"],
    ]
    assert rows[4][:4] == ["Periode 2025–2029", "2", "2500", "5000"]


def test_xlsx_download_opens_in_openpyxl_with_the_same_numbers(client, auth, official, world):
    auth.login(official)
    response = client.get("/petugas/dasbor/wub-per-kecamatan.xlsx?year_from=2023&year_to=2025")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows == [["Kecamatan", "Jumlah WUB"], ["Setu", 4], ["Cikarang Barat", 2]]
    funnel_rows = client.get("/petugas/dasbor/corong.xlsx?year_from=2018&year_to=2026").data
    sheet = load_workbook(io.BytesIO(funnel_rows)).active
    assert [list(r)[0] for r in sheet.iter_rows(values_only=True)][1:] == [6, 12]
    assert client.get("/petugas/dasbor/tidak-ada.xlsx").status_code == 404


# --- API ---------------------------------------------------------------------------------------


def validator(schema_name: str) -> OAS30Validator:
    from matchmaker.api import document

    doc = document()
    schema = {**doc["components"]["schemas"][schema_name], "components": doc["components"]}
    return OAS30Validator(schema)


def test_api_dashboard_matches_its_schema_and_the_figures(client, official, world):
    got = client.get(
        "/api/v1/dashboard?year_from=2023&year_to=2025&seksi=ILMO",
        headers=api_token(client, official),
    )
    body = got.get_json()
    validator("DashboardFigures").validate(body)
    assert [(r["year"], r["wub"]) for r in body["wub_per_year"]] == [
        (2023, 1),
        (2024, 3),
        (2025, 0),
    ]
    assert body["filters"] == {
        "seksi": "ILMO",
        "year_from": 2023,
        "year_to": 2025,
        "wub_only": False,
    }
    assert body["period"]["department_target"] == 2500 and body["period"]["seksi_target"] is None
    assert body["partnerships"]["total"] == 2


def test_api_dashboard_names_bad_filters(client, official):
    got = client.get(
        "/api/v1/dashboard?seksi=X&year_to=1900&colour=red", headers=api_token(client, official)
    )
    assert got.status_code == 422
    assert set(got.get_json()["error"]["fields"]) == {"seksi", "year_to", "colour"}


def test_api_dashboard_takes_the_years_in_either_order(client, official):
    """A range is the same years whichever end comes first (was 422 for year_to first)."""
    headers = api_token(client, official)
    got = client.get("/api/v1/dashboard?year_from=2025&year_to=2023&wub_only=ya", headers=headers)
    assert got.status_code == 200
    filters = got.get_json()["filters"]
    assert (filters["year_from"], filters["year_to"], filters["wub_only"]) == (2023, 2025, True)
    assert [row["year"] for row in got.get_json()["wub_per_year"]] == [2023, 2024, 2025]


@pytest.mark.parametrize("query", ["wub_only=null", "wub_only=", "year_from=2O24", "seksi=ilmo"])
def test_api_dashboard_refuses_what_its_document_does_not_list(client, official, query):
    """wub_only used to read anything but a yes as no."""
    got = client.get(f"/api/v1/dashboard?{query}", headers=api_token(client, official))
    assert got.status_code == 422
    assert set(got.get_json()["error"]["fields"]) == {query.split("=")[0]}


def test_chart_words_are_text_and_bars_are_shares(client, auth, official, world):
    """Labels and values are HTML text (the page's size on a phone, never a scaled SVG);
    each bar is a share of the largest, each year's target marked on its bar."""
    bars = charts.hbars([Count("a", "Kerajinan logam", 4), Count("b", "Las", 1)])
    assert [(b["label"], b["text"], b["share"]) for b in bars] == [
        ("Kerajinan logam", "4", 100.0),
        ("Las", "1", 25.0),
    ]
    stages = charts.funnel([("Lulus", 10), ("Mulai", 5)])
    assert stages[1]["share"] == 50.0 and stages[1]["x"] == 25.0
    assert "(50%)" in stages[1]["text"]
    auth.login(official)
    page = client.get("/petugas/dasbor").get_data(as_text=True)
    assert '<span class="hchart-label">' in page and "<text" not in page
    assert 'preserveAspectRatio="none"' in page and 'class="chart-target"' in page
    assert "Geser untuk melihat kolom lain" in page
    client.post("/keluar")
    assert "officials.css" not in client.get("/masuk").get_data(as_text=True)
