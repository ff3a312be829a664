"""The officials' broker desk (open pairs, proposing in bulk) and the pipeline board."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from matchmaker.auth.models import Role, utcnow
from matchmaker.brokering.desk import pipeline
from matchmaker.brokering.desk import services as desk
from matchmaker.brokering.models import Introduction, Side, Status
from matchmaker.brokering.seksi import SEKSI_CODES, SEKSI_OF_TRADE, seksi_of, trades_of
from matchmaker.core.extensions import db
from matchmaker.matching.models import Kind
from ml.trades import TRADE_CODES
from tests import factories

pytestmark = pytest.mark.usefixtures("model_file")  # tests/conftest.py


@pytest.fixture
def market():
    """A turning shop and an electronics workshop; a company in MM2100 needing turned
    parts, one in Jababeka with a mentoring programme."""
    turning = factories.BusinessFactory(name="Bubut Presisi Jaya")
    electronics = factories.BusinessFactory(
        name="Servis Elektronik Sinar",
        trade="electronics",
        kbli_code="95210",
        products="Perakitan PCB dan kabel harness",
        capabilities="Solder komponen elektronik, perakitan panel",
        equipment="Solder station, osiloskop",
    )
    parts = factories.CompanyFactory(name="PT Mesin Pangan")
    gearbox = factories.NeedFactory(
        company=parts, title="Poros gearbox", description="bubut poros baja S45C presisi"
    )
    harness = factories.NeedFactory(
        company=parts, title="Kabel harness panel", description="perakitan kabel dan PCB"
    )
    motors = factories.CompanyFactory(
        name="PT Motor Listrik Cikarang",
        estate=factories.estate("Jababeka"),
        kecamatan=factories.kecamatan("Cikarang Utara"),
        kbli_code="27110",
    )
    coaching = factories.ProgrammeFactory(
        company=motors, title="Kelas mutu bengkel", focus="pengendalian mutu dan pembukuan"
    )
    official = factories.UserFactory(role=Role.OFFICIAL, name="Ibu Ratna")
    return SimpleNamespace(
        turning=turning,
        electronics=electronics,
        parts=parts,
        gearbox=gearbox,
        harness=harness,
        motors=motors,
        coaching=coaching,
        official=official,
    )


def introduce(
    business, company, kind=Kind.SUBCONTRACTING, status=Status.REQUESTED, days=0, programme=None
):
    """An introduction in `status` since `days` ago."""
    since = utcnow() - timedelta(days=days)
    intro = Introduction(
        business=business,
        company=company,
        kind=kind,
        programme=programme,
        status=status,
        started_by=Side.BUSINESS,
        business_accepted_at=since,
        created_at=since,
        status_since=since,
        ended_at=since if status in (Status.DECLINED, Status.COMPLETED) else None,
    )
    db.session.add(intro)
    db.session.commit()
    return intro


def pairs(**filters) -> set[tuple[str, str, str]]:
    found, errors = desk.DeskFilters.parse(filters)
    assert errors == {}
    return {(p.business.name, p.offer.title, p.kind) for p in desk.open_pairs(found)}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# --- Seksi -------------------------------------------------------------------------------------


def test_every_trade_has_a_seksi():
    assert set(SEKSI_OF_TRADE) == set(TRADE_CODES)
    assert set(SEKSI_OF_TRADE.values()) == set(SEKSI_CODES)
    assert trades_of("IET") == ["electronics"]
    assert "rewinding" in trades_of("ILMO") and "metal_crafts" in trades_of("ILMO")
    assert seksi_of("other") == "IKA" and seksi_of("a_trade_added_later") == "IKA"


# --- the desk ----------------------------------------------------------------------------------


def test_desk_lists_model_pairs_with_reasons(client, auth, market):
    auth.login(market.official)
    html = page(client, "/petugas/meja")
    assert "Meja perantara" in html and "Usulkan terpilih" in html
    assert "Bubut Presisi Jaya – PT Mesin Pangan" in html
    assert "Poros gearbox" in html and "Kelas mutu bengkel" in html
    assert f'value="subcontracting:{market.gearbox.id}:{market.turning.id}"' in html
    assert "cocok dengan kebutuhan" in html and "<meter" in html  # the model's reasons
    assert "ILMO" in html and "IET" in html


def test_best_pair_comes_first(market):
    found = desk.open_pairs(desk.DeskFilters())
    scores = [p.suggestion.score for p in found]
    assert scores == sorted(scores, reverse=True)
    assert all(p.suggestion.reasons for p in found)
    best_for_gearbox = next(p for p in found if p.offer == market.gearbox)
    assert best_for_gearbox.business == market.turning


def test_pairs_with_an_introduction_in_any_state_are_left_out(market):
    before = pairs()
    assert ("Bubut Presisi Jaya", "Poros gearbox", "subcontracting") in before
    assert ("Bubut Presisi Jaya", "Kabel harness panel", "subcontracting") in before
    introduce(market.turning, market.parts, status=Status.DECLINED)
    introduce(market.electronics, market.motors, kind=Kind.MENTORING, status=Status.ACCEPTED)
    after = pairs()
    # One introduction covers the pair for every offer of that company and kind.
    assert not any(
        name == "Bubut Presisi Jaya" and kind == "subcontracting" for name, _t, kind in after
    )
    assert ("Servis Elektronik Sinar", "Kelas mutu bengkel", "mentoring") not in after
    assert ("Bubut Presisi Jaya", "Kelas mutu bengkel", "mentoring") in after
    assert ("Servis Elektronik Sinar", "Kabel harness panel", "subcontracting") in after


def test_closed_offers_full_programmes_and_paused_companies_are_left_out(market):
    market.harness.is_open = False
    market.coaching.capacity = 1
    db.session.commit()
    introduce(
        market.turning, market.motors, Kind.MENTORING, Status.ACTIVE, programme=market.coaching
    )
    titles = {title for _n, title, _k in pairs()}
    assert titles == {"Poros gearbox"}
    market.parts.accepting_requests = False
    db.session.commit()
    assert pairs() == set()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"seksi": "IET"}, {("Servis Elektronik Sinar",)}),
        ({"seksi": "ILMO"}, {("Bubut Presisi Jaya",)}),
        ({"seksi": "IKA"}, set()),
        ({"trade": "machining"}, {("Bubut Presisi Jaya",)}),
        ({"seksi": "IET", "trade": "machining"}, set()),
    ],
)
def test_seksi_and_trade_narrow_the_businesses(market, filters, expected):
    assert {(name,) for name, _t, _k in pairs(**filters)} == expected


def test_estate_and_kind_narrow_the_offers(market):
    assert {t for _n, t, _k in pairs(estate="Jababeka")} == {"Kelas mutu bengkel"}
    assert {k for _n, _t, k in pairs(kind="subcontracting")} == {"subcontracting"}
    assert {t for _n, t, _k in pairs(kind="mentoring", estate="MM2100")} == set()


def test_desk_page_filters_and_names_bad_ones(client, auth, market):
    auth.login(market.official)
    html = page(client, "/petugas/meja?seksi=IET")
    assert "Servis Elektronik Sinar – PT Mesin Pangan" in html
    assert "Bubut Presisi Jaya – " not in html
    html = page(client, "/petugas/meja?seksi=XYZ&estate=Atlantis&kind=x&trade=y")
    assert "Seksi tidak dikenal." in html and "Kawasan industri tidak dikenal." in html
    assert "Bidang usaha tidak dikenal." in html
    assert "Bubut Presisi Jaya – PT Mesin Pangan" in html  # bad filters are dropped
    html = page(client, "/petugas/meja?seksi=IKA")
    assert "Tidak ada pasangan baru yang cocok dengan saringan ini." in html


def test_the_desk_pages_its_pairs_and_keeps_the_filters(client, auth, market, monkeypatch):
    """Pairs come a page at a time (25; 2 here), best first across pages, with page links
    that keep the filters; a page past the last says so."""
    monkeypatch.setattr(desk, "PER_PAGE", 2)
    every = desk.open_pairs(desk.DeskFilters())
    assert len(every) > 2
    first, second = desk.page_of(desk.DeskFilters(), 1), desk.page_of(desk.DeskFilters(), 2)
    assert [p.key for p in first.items + second.items] == [p.key for p in every[:4]]
    assert first.total == len(every) and first.pages == -(-len(every) // 2)
    auth.login(market.official)
    html = page(client, "/petugas/meja?kind=subcontracting")
    assert html.count('name="pair"') == 2
    assert "1–2 dari" in html and "Berikutnya" in html
    assert "/petugas/meja?page=2&amp;kind=subcontracting" in html
    html = page(client, "/petugas/meja?kind=subcontracting&page=2")
    assert "3–" in html and "Sebelumnya" in html
    html = page(client, "/petugas/meja?page=99")
    assert 'name="pair"' not in html and "Ke halaman pertama" in html
    assert client.get("/petugas/meja?page=abc").status_code == 404


def test_the_kecamatan_filter_narrows_the_businesses(client, auth, market):
    market.electronics.kecamatan = factories.kecamatan("Setu")
    db.session.commit()
    names = {name for name, _title, _kind in pairs(kecamatan="Setu")}
    assert names == {"Servis Elektronik Sinar"}
    assert {n for n, _t, _k in pairs(kecamatan="setu", kind="mentoring")} <= names
    found, errors = desk.DeskFilters.parse({"kecamatan": "Kota Antah"})
    assert errors == {"kecamatan": "Kecamatan tidak dikenal."} and found.kecamatan_id is None
    auth.login(market.official)
    html = page(client, "/petugas/meja?kecamatan=Setu")
    assert "Servis Elektronik Sinar –" in html and "Bubut Presisi Jaya –" not in html
    assert '<option value="Setu" selected>' in html


def test_the_desk_page_at_25_pairs(client, auth, official):
    """A real page: 30 needs × 3 businesses give more than one page of 25."""
    businesses = [
        factories.BusinessFactory(name=f"Bubut {n}", products=f"poros bubut {n}") for n in range(4)
    ]
    company = factories.CompanyFactory(name="PT Poros")
    for n in range(10):
        factories.NeedFactory(company=company, title=f"Poros {n}", description="bubut poros")
    assert len(businesses) == 4
    auth.login(official)
    html = page(client, "/petugas/meja")
    assert html.count('name="pair"') == desk.PER_PAGE == 25
    assert "1–25 dari 30 pasangan" in html


def test_desk_is_for_officials_only(client, auth, market):
    auth.login(market.turning.owner)
    assert client.get("/petugas/meja").status_code == 403
    assert client.post("/petugas/meja/usulkan", data={}).status_code == 403


# --- proposing ---------------------------------------------------------------------------------


def key(kind, offer, business) -> str:
    return f"{kind}:{offer.id}:{business.id}"


def test_proposing_several_creates_proposals_and_reports_existing(client, auth, market):
    existing = introduce(market.electronics, market.parts)  # live, asked by the business
    auth.login(market.official)
    chosen = [
        key("subcontracting", market.gearbox, market.turning),
        key("mentoring", market.coaching, market.turning),
        key("mentoring", market.coaching, market.electronics),
        key("subcontracting", market.harness, market.electronics),
    ]
    response = client.post(
        "/petugas/meja/usulkan",
        data={"pair": chosen, "next": "/petugas/meja?kind=mentoring"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert response.request.path == "/petugas/meja"
    assert "3 perkenalan diusulkan." in html
    assert (
        "Sudah ada perkenalan yang berjalan untuk: Servis Elektronik Sinar – PT Mesin Pangan."
        in html
    )
    proposals = db.session.scalars(
        select(Introduction).where(Introduction.status == Status.PROPOSED)
    ).all()
    assert len(proposals) == 3
    assert {p.started_by for p in proposals} == {Side.OFFICIAL}
    assert {p.created_by_id for p in proposals} == {market.official.id}
    assert {(p.kind, p.need_id, p.programme_id) for p in proposals} >= {
        (Kind.SUBCONTRACTING, market.gearbox.id, None),
        (Kind.MENTORING, None, market.coaching.id),
    }
    assert db.session.get(Introduction, existing.id).status == Status.REQUESTED


def test_proposing_again_reports_them_all_as_existing(client, auth, market):
    auth.login(market.official)
    chosen = {"pair": [key("subcontracting", market.gearbox, market.turning)]}
    client.post("/petugas/meja/usulkan", data=chosen, follow_redirects=True)
    html = client.post("/petugas/meja/usulkan", data=chosen, follow_redirects=True).get_data(
        as_text=True
    )
    assert "diusulkan." not in html and "Sudah ada perkenalan yang berjalan" in html
    assert db.session.scalar(select(db.func.count()).select_from(Introduction)) == 1
    # and the desk no longer lists the pair
    assert ("Bubut Presisi Jaya", "Poros gearbox", "subcontracting") not in pairs()


def test_pairs_that_cannot_be_proposed_are_named(client, auth, market):
    market.turning.accepting_requests = False
    db.session.commit()
    auth.login(market.official)
    chosen = [
        key("subcontracting", market.gearbox, market.turning),
        key("subcontracting", market.gearbox, market.electronics),
        "subcontracting:999999:1",
        "bukan-pasangan",
    ]
    html = client.post(
        "/petugas/meja/usulkan", data={"pair": chosen}, follow_redirects=True
    ).get_data(as_text=True)
    assert "1 perkenalan diusulkan." in html
    assert "Tidak diusulkan: Bubut Presisi Jaya – PT Mesin Pangan:" in html
    assert "sedang tidak menerima permintaan baru" in html
    assert "Pasangan yang dipilih sudah tidak ada." in html


def test_proposing_nothing_says_so(client, auth, market):
    auth.login(market.official)
    response = client.post("/petugas/meja/usulkan", data={"next": "https://jahat.example/"})
    assert response.status_code == 302 and response.headers["Location"] == "/petugas/meja"
    html = client.get("/petugas/meja").get_data(as_text=True)
    assert "Pilih minimal satu pasangan." in html


# --- the pipeline board ------------------------------------------------------------------------


@pytest.fixture
def board(market):
    """Introductions across the states, some stuck for longer than 14 days."""
    extra = [factories.BusinessFactory(name=f"Usaha {i}") for i in range(4)]
    made = SimpleNamespace(
        fresh=introduce(extra[0], market.parts, days=1),
        stuck=introduce(extra[1], market.parts, days=20),
        meeting=introduce(extra[2], market.motors, Kind.MENTORING, Status.MEETING, days=30),
        active=introduce(extra[3], market.parts, status=Status.ACTIVE, days=100),
        declined=introduce(market.turning, market.parts, status=Status.DECLINED, days=40),
    )
    return made


def test_pipeline_counts_every_state_and_flags_stuck_items(board):
    found = pipeline.board(desk.DeskFilters(), stuck_after=14)
    assert list(found.counts) == list(Status)
    assert found.counts[Status.REQUESTED] == 2 and found.counts[Status.MEETING] == 1
    assert found.counts[Status.ACTIVE] == 1 and found.counts[Status.DECLINED] == 1
    assert found.counts[Status.COMPLETED] == 0
    assert set(found.items) == set(pipeline.LIVE)  # ended ones are counted, not listed
    requested = found.items[Status.REQUESTED]
    assert [i.intro.id for i in requested] == [board.stuck.id, board.fresh.id]  # stuck first
    assert [(i.stuck, i.days) for i in requested] == [(True, 20), (False, 1)]
    assert found.items[Status.MEETING][0].stuck
    assert not found.items[Status.ACTIVE][0].stuck  # a running partnership is not stuck
    assert found.stuck[Status.REQUESTED] == 1 and found.stuck[Status.MEETING] == 1


def test_pipeline_filters_by_kind_and_estate(board):
    mentoring, _e = desk.DeskFilters.parse({"kind": "mentoring"})
    assert sum(pipeline.board(mentoring, 14).counts.values()) == 1
    jababeka, _e = desk.DeskFilters.parse({"estate": "Jababeka"})
    found = pipeline.board(jababeka, 14)
    assert found.counts[Status.MEETING] == 1 and sum(found.counts.values()) == 1
    mm2100, _e = desk.DeskFilters.parse({"estate": "mm2100", "kind": "subcontracting"})
    assert sum(pipeline.board(mm2100, 14).counts.values()) == 4


def test_pipeline_page(client, auth, market, board, app):
    auth.login(market.official)
    html = page(client, "/petugas/pipeline")
    assert "Papan pipeline" in html and "<svg" in html and "<table" in html
    assert "Diusulkan petugas" in html and "Kedaluwarsa" in html  # every state, counted
    assert f'href="/perkenalan/{board.stuck.id}"' in html
    assert html.index(f"/perkenalan/{board.stuck.id}") < html.index(f"/perkenalan/{board.fresh.id}")
    assert "Macet" in html and "20 hari" in html
    assert f"/perkenalan/{board.declined.id}" not in html
    assert 'style="' not in html  # the CSP forbids inline styles

    app.config["STUCK_AFTER_DAYS"] = 60
    try:
        assert "Macet</span>" not in page(client, "/petugas/pipeline")
    finally:
        app.config["STUCK_AFTER_DAYS"] = 14

    html = page(client, "/petugas/pipeline?kind=mentoring&estate=Atlantis")
    assert "Kawasan industri tidak dikenal." in html
    assert f"/perkenalan/{board.meeting.id}" in html and f"/perkenalan/{board.fresh.id}" not in html
