"""Cohort allocation: the preview (capacity, distance, reasons, who is left out and why),
the page, and proposing every placed pair within the programmes' seats."""

from types import SimpleNamespace

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from matchmaker.auth.models import Role, utcnow
from matchmaker.brokering.models import Introduction, Side, Status
from matchmaker.core.extensions import db
from matchmaker.matching import services as matching
from matchmaker.matching.models import Kind
from matchmaker.wub.allocation import services as allocation
from matchmaker.wub.cohorts.models import WubStatus
from ml.model import Suggestion
from tests import factories

pytestmark = pytest.mark.usefixtures("model_file")  # tests/conftest.py


def business(name: str, kecamatan: str, **values):
    return factories.BusinessFactory(
        name=name,
        trade="metal_crafts",
        kbli_code="25991",
        kecamatan=factories.kecamatan(kecamatan),
        products="Kerajinan logam, pagar besi tempa, gantungan kunci kuningan",
        capabilities="Las, tempa, gerinda, finishing cat",
        **values,
    )


def programme(title: str, estate: str, kecamatan: str, capacity: int, **values):
    company = factories.CompanyFactory(
        name=f"PT {title}",
        estate=factories.estate(estate),
        kecamatan=factories.kecamatan(kecamatan),
        **values,
    )
    return factories.ProgrammeFactory(
        company=company,
        title=title,
        focus="Mutu produk logam, pembukuan, dan pemasaran",
        capacity=capacity,
    )


@pytest.fixture
def world():
    """A cohort of six: four with a business (one far north in Muaragembong), one
    without a business yet, one whose business closed; two programmes of one seat
    each near Cikarang, and a roomy one at Marunda on the coast."""
    cohort = factories.CohortFactory(name="Logam Cepogo", year=2024)
    setu = business("Logam Setu", "Setu")
    barat = business("Logam Cikarang Barat", "Cikarang Barat")
    tambun = business("Logam Tambun", "Tambun Selatan")
    north = business("Logam Muara", "Muaragembong")
    closed = business("Logam Tutup", "Setu")
    people = {
        "setu": factories.ParticipantFactory(cohort=cohort, name="Adi", business=setu),
        "barat": factories.ParticipantFactory(cohort=cohort, name="Budi", business=barat),
        "tambun": factories.ParticipantFactory(cohort=cohort, name="Cici", business=tambun),
        "north": factories.ParticipantFactory(cohort=cohort, name="Dedi", business=north),
        "none": factories.ParticipantFactory(cohort=cohort, name="Eka"),
        "closed": factories.ParticipantFactory(
            cohort=cohort, name="Fajar", business=closed, status=WubStatus.CLOSED
        ),
    }
    return SimpleNamespace(
        cohort=cohort,
        people=SimpleNamespace(**people),
        mm2100=programme("Kelas Mutu MM2100", "MM2100", "Cikarang Barat", 1),
        jababeka=programme("Kelas Usaha Jababeka", "Jababeka", "Cikarang Utara", 1),
        marunda=programme("Kelas Pesisir Marunda", "Marunda Center", "Tarumajaya", 3),
        official=factories.UserFactory(role=Role.OFFICIAL, name="Pak Hendra"),
    )


def offered(*programmes):
    by_id = {s.programme.id: s for s in allocation.open_programmes()}
    return [by_id[p.id] for p in programmes]


def run(world, *programmes, max_km=30.0):
    return allocation.preview(world.cohort, offered(*programmes), max_km)


def why(preview) -> dict[str, str]:
    return {n.participant.name: n.why for n in preview.not_placed}


def introduce(business, programme, status=Status.PROPOSED):
    intro = Introduction(
        business=business,
        company=programme.company,
        kind=Kind.MENTORING,
        programme=programme,
        status=status,
        started_by=Side.OFFICIAL,
        created_at=utcnow(),
        status_since=utcnow(),
    )
    db.session.add(intro)
    db.session.commit()
    return intro


# --- the preview -------------------------------------------------------------------------------


def test_preview_fills_each_seat_once_within_the_distance_with_reasons(world):
    found = run(world, world.mm2100, world.jababeka)
    assert len(found.placed) == 2
    assert [s.used for s in found.seats] == [1, 1] and [s.remaining for s in found.seats] == [0, 0]
    assert {p.programme for p in found.placed} == {world.mm2100, world.jababeka}
    assert all(p.distance_km <= 30 for p in found.placed)
    assert all(p.suggestion.reasons and p.suggestion.score > 0 for p in found.placed)
    assert found.total_fit == pytest.approx(sum(p.suggestion.score for p in found.placed))
    assert found.total_fit >= found.greedy_fit - 1e-9
    reasons = why(found)
    assert set(reasons) == {"Dedi", "Eka", "Fajar"} | (
        {"Adi", "Budi", "Cici"} - {p.participant.name for p in found.placed}
    )
    assert reasons["Eka"] == "Belum punya profil usaha di aplikasi."
    assert reasons["Fajar"] == "Usahanya sudah tutup."
    assert reasons["Dedi"] == "Terlalu jauh: program terdekat 32,8 km, batas 30 km."
    third = ({"Adi", "Budi", "Cici"} - {p.participant.name for p in found.placed}).pop()
    assert reasons[third] == "Kursi program dalam jangkauan sudah diisi peserta yang lebih cocok."


def test_a_tighter_distance_leaves_out_who_lives_further(world):
    found = run(world, world.mm2100, world.jababeka, max_km=5)
    # Only Cikarang Barat is within 5 km of an estate here (0.9 km from MM2100).
    assert [(p.participant.name, p.programme) for p in found.placed] == [("Budi", world.mm2100)]
    assert why(found)["Adi"] == "Terlalu jauh: program terdekat 9,2 km, batas 5 km."


def test_the_far_programme_takes_the_participant_nobody_else_can(world):
    found = run(world, world.mm2100, world.jababeka, world.marunda)
    placed = {p.participant.name: p.programme for p in found.placed}
    assert placed["Dedi"] == world.marunda  # 14 km from Muaragembong
    assert len(placed) == 4  # three seats near Cikarang and Marunda's for the rest
    assert found.seats[2].used <= 3


def test_seats_held_or_awaited_are_not_offered_again(world):
    world.marunda.capacity = 3
    db.session.commit()
    outsider = business("Logam Luar", "Setu")
    introduce(outsider, world.marunda, Status.ACCEPTED)  # holds a seat
    introduce(business("Logam Lain", "Setu"), world.marunda, Status.PROPOSED)  # may take one
    declined = introduce(business("Logam Tolak", "Setu"), world.marunda, Status.DECLINED)
    declined.ended_at = utcnow()
    db.session.commit()
    assert allocation.seats_left([world.marunda]) == {world.marunda.id: 1}
    introduce(business("Logam Tunggu", "Setu"), world.mm2100, Status.REQUESTED)
    shown = {s.programme for s in allocation.open_programmes()}
    assert shown == {world.jababeka, world.marunda}  # MM2100's only seat is awaited


def test_closed_finished_or_paused_programmes_are_not_offered(world):
    world.mm2100.is_open = False
    world.jababeka.end_date = utcnow().date().replace(year=2020)
    world.marunda.company.accepting_requests = False
    db.session.commit()
    assert allocation.open_programmes() == []


def test_pairs_already_introduced_are_not_placed_again(world):
    for person in (world.people.setu, world.people.barat, world.people.tambun):
        introduce(person.business, world.mm2100, Status.DECLINED).ended_at = None
    db.session.commit()
    world.mm2100.capacity = 10
    db.session.commit()
    found = allocation.preview(
        world.cohort, [allocation.ProgrammeSeats(world.mm2100, 10)], max_km=30
    )
    assert found.placed == []
    assert why(found)["Adi"] == "Sudah punya perkenalan pendampingan dengan perusahaan program."


def test_a_paused_business_and_pairs_unknown_to_the_model_are_explained(world, monkeypatch):
    world.people.setu.business.accepting_requests = False
    db.session.commit()
    model = matching.get_model()
    monkeypatch.setattr(model, "explain", lambda business_id, offer_key: None)
    found = run(world, world.mm2100)
    assert found.placed == []
    assert why(found)["Adi"] == "Usahanya sedang tidak menerima permintaan baru."
    assert why(found)["Budi"].startswith("Model belum mengenal pasangan ini")


def test_the_preview_beats_best_pair_first(world, monkeypatch):
    """With fits where greedy goes wrong, the preview takes the better placement."""
    fits = {
        ("Logam Cikarang Barat", "Kelas Mutu MM2100"): 0.9,
        ("Logam Cikarang Barat", "Kelas Usaha Jababeka"): 0.8,
        ("Logam Setu", "Kelas Mutu MM2100"): 0.85,
        ("Logam Setu", "Kelas Usaha Jababeka"): 0.1,
    }
    names = {p.business.id: p.business.name for p in world.cohort.participants if p.business}
    titles = {2 * p.id + 1: p.title for p in (world.mm2100, world.jababeka)}

    def explain(business_id, offer_key):
        score = fits.get((names[business_id], titles[offer_key]), 0.01)
        return Suggestion("mentoring", business_id, 0, offer_key, score)

    monkeypatch.setattr(matching.get_model(), "explain", explain)
    found = run(world, world.mm2100, world.jababeka)
    placed = {p.business.name: p.programme.title for p in found.placed}
    assert placed == {
        "Logam Setu": "Kelas Mutu MM2100",
        "Logam Cikarang Barat": "Kelas Usaha Jababeka",
    }
    assert found.total_fit == pytest.approx(1.65)
    assert found.greedy_fit == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("programmes", "max_km", "field", "message"),
    [
        ([], "", "programme", "Pilih minimal satu program pendampingan."),
        (["999999"], "", "programme", "Ada program yang tidak dikenal"),
        (["mm2100"], "abc", "max_km", "Jarak maksimum harus angka km antara 1 dan 200."),
        (["mm2100"], "0", "max_km", "Jarak maksimum harus angka km"),
        (["mm2100"], "nan", "max_km", "Jarak maksimum harus angka km"),
        (["mm2100"], "500", "max_km", "Jarak maksimum harus angka km"),
    ],
)
def test_bad_choices_are_named_by_field(world, programmes, max_km, field, message):
    ids = [str(world.mm2100.id) if p == "mm2100" else p for p in programmes]
    chosen, limit, errors = allocation.parse_choice(ids, max_km, allocation.open_programmes())
    assert errors[field].startswith(message)
    assert limit == 30.0  # the default stands in


def test_distance_accepts_a_decimal_comma(world):
    chosen, limit, errors = allocation.parse_choice(
        [str(world.mm2100.id)], "12,5", allocation.open_programmes()
    )
    assert errors == {} and limit == 12.5 and [s.programme for s in chosen] == [world.mm2100]


# --- the page and proposing --------------------------------------------------------------------


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def url(world, *programmes, max_km="30") -> str:
    chosen = "&".join(f"programme={p.id}" for p in programmes)
    return f"/petugas/angkatan/{world.cohort.id}/alokasi?{chosen}&max_km={max_km}"


def intros_per_programme() -> dict[int, int]:
    rows = db.session.execute(
        select(Introduction.programme_id, func.count()).group_by(Introduction.programme_id)
    )
    return dict(rows.all())


def test_page_offers_the_open_programmes(client, auth, world):
    auth.login(world.official)
    html = page(client, f"/petugas/angkatan/{world.cohort.id}/alokasi")
    assert "Alokasi angkatan ke program pendampingan" in html
    for p in (world.mm2100, world.jababeka, world.marunda):
        assert f'name="programme" value="{p.id}"' in html and p.title in html
    assert "3 kursi tersisa" in html and "Marunda Center" in html
    assert 'value="30"' in html  # ALLOCATION_MAX_KM
    assert "Pratinjau" not in html  # nothing chosen yet


def test_page_previews_pairs_reasons_and_who_is_left_out(client, auth, world):
    auth.login(world.official)
    html = page(client, url(world, world.mm2100, world.jababeka))
    assert "Pratinjau" in html and "Usulkan 2 perkenalan" in html
    assert html.count('name="pair"') == 2
    assert html.count("<meter") == 2
    for placed in run(world, world.mm2100, world.jababeka).placed:
        assert f'value="{placed.key}"' in html
        for reason in placed.suggestion.reasons:
            assert escape(reason.text("id")) in html
    assert "Belum punya profil usaha di aplikasi." in html
    assert "Terlalu jauh: program terdekat 32,8 km, batas 30 km." in html
    assert "Total kecocokan" in html and "data-greedy-fit" in html


def test_page_names_bad_choices(client, auth, world):
    auth.login(world.official)
    html = page(client, f"/petugas/angkatan/{world.cohort.id}/alokasi?programme=999999&max_km=x")
    assert "Ada program yang tidak dikenal, sudah ditutup, atau sudah penuh." in html
    assert "Jarak maksimum harus angka km antara 1 dan 200." in html
    assert "Pratinjau" not in html


def test_proposing_the_preview_stays_within_capacity(client, auth, world):
    auth.login(world.official)
    preview_url = url(world, world.mm2100, world.jababeka, world.marunda)
    keys = [p.key for p in run(world, world.mm2100, world.jababeka, world.marunda).placed]
    response = client.post(
        f"/petugas/angkatan/{world.cohort.id}/alokasi/usulkan",
        data={"pair": keys, "next": preview_url},
    )
    assert response.status_code == 302 and response.location.endswith(preview_url)
    counts = intros_per_programme()
    assert counts == {world.mm2100.id: 1, world.jababeka.id: 1, world.marunda.id: 2}
    intros = db.session.scalars(select(Introduction)).all()
    assert {i.status for i in intros} == {Status.PROPOSED}
    assert all(i.created_by == world.official for i in intros)
    html = page(client, preview_url)
    assert "4 perkenalan diusulkan." in html
    # The near programmes are full now; only Marunda's last seat is offered again.
    assert f'name="programme" value="{world.mm2100.id}"' not in html
    assert "1 kursi tersisa" in html


def test_proposing_more_than_the_seats_refuses_the_rest(client, auth, world):
    auth.login(world.official)
    people = (world.people.setu, world.people.barat, world.people.tambun)
    keys = [f"mentoring:{world.mm2100.id}:{p.business_id}" for p in people]
    outsider = business("Logam Bukan Peserta", "Setu")
    keys.append(f"mentoring:{world.jababeka.id}:{outsider.id}")
    client.post(f"/petugas/angkatan/{world.cohort.id}/alokasi/usulkan", data={"pair": keys})
    assert intros_per_programme() == {world.mm2100.id: 1}
    html = page(client, f"/petugas/angkatan/{world.cohort.id}/alokasi")
    assert "1 perkenalan diusulkan." in html
    assert html.count("Program “Kelas Mutu MM2100” sudah penuh.") == 2
    assert "Pasangan yang dipilih bukan dari angkatan ini." in html


def test_proposing_nothing_says_so(client, auth, world):
    auth.login(world.official)
    response = client.post(
        f"/petugas/angkatan/{world.cohort.id}/alokasi/usulkan",
        data={"pair": ["subcontracting:1:1", "rubbish"]},
        follow_redirects=True,
    )
    assert "Pilih minimal satu pasangan." in response.get_data(as_text=True)
    assert intros_per_programme() == {}


def test_allocation_is_for_officials_only(client, auth, world):
    auth.login(world.people.setu.business.owner)
    assert client.get(url(world, world.mm2100)).status_code == 403
    key = f"mentoring:{world.mm2100.id}:{world.people.setu.business_id}"
    response = client.post(
        f"/petugas/angkatan/{world.cohort.id}/alokasi/usulkan", data={"pair": [key]}
    )
    assert response.status_code == 403
    assert intros_per_programme() == {}


def test_a_fit_of_zero_places_nobody(world, monkeypatch):
    def explain(business_id, offer_key):
        return Suggestion("mentoring", business_id, 0, offer_key, 0.0)

    monkeypatch.setattr(matching.get_model(), "explain", explain)
    found = run(world, world.mm2100)
    assert found.placed == [] and found.total_fit == 0.0
    assert why(found)["Budi"] == "Kecocokan dengan program yang dipilih terlalu rendah."


def test_a_large_cohort_is_proposed_in_batches(client, auth, world, monkeypatch):
    monkeypatch.setattr(allocation.desk, "MAX_PAIRS", 1)  # the desk's limit per call
    world.mm2100.capacity = 3
    db.session.commit()
    auth.login(world.official)
    people = (world.people.setu, world.people.barat, world.people.tambun)
    keys = [f"mentoring:{world.mm2100.id}:{p.business_id}" for p in people]
    client.post(f"/petugas/angkatan/{world.cohort.id}/alokasi/usulkan", data={"pair": keys})
    assert intros_per_programme() == {world.mm2100.id: 3}
