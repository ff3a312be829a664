"""The officials' programme pages: cohorts, participants, status, visits with photos,
and who is overdue for a visit."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from PIL import Image

from matchmaker.core.extensions import db
from matchmaker.wub.cohorts.models import Cohort, Participant, WubStatus
from matchmaker.wub.monitoring import services as monitoring
from matchmaker.wub.monitoring.models import MonitoringVisit, VisitPhoto
from tests import factories


def _image(fmt="JPEG", size=(800, 600), exif=False) -> io.BytesIO:
    out = io.BytesIO()
    image = Image.new("RGB", size, "steelblue")
    kwargs = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "PhoneMaker"  # camera make: metadata that must not be kept
        kwargs["exif"] = tags
    image.save(out, fmt, **kwargs)
    out.seek(0)
    return out


@pytest.fixture
def official_in(auth, official):
    auth.login(official)
    return official


def test_official_sets_up_a_cohort_and_adds_a_participant(client, official_in):
    form = {"name": "Kerajinan Tembaga Boyolali", "year": "2025", "trade": "copper_crafts",
            "destination": "Tumang, Boyolali", "seksi": "", "start_date": "3 Maret 2025",
            "end_date": "14/03/2025", "budget_source": "APBD"}  # fmt: skip
    response = client.post("/petugas/angkatan/baru", data=form)
    assert response.status_code == 302
    cohort = db.session.scalar(db.select(Cohort))
    assert (cohort.seksi, cohort.start_date) == ("ILMO", date(2025, 3, 3))
    page = client.get(f"/petugas/angkatan/{cohort.id}").get_data(as_text=True)
    assert "Tumang, Boyolali" in page
    person = {"name": "Budi Santoso", "phone": "62 857-1234-5678", "kecamatan": "Cibitung",
              "education": "slta", "priority": "", "birth_date": "05-01-2004",
              "trade": ""}  # fmt: skip
    response = client.post(f"/petugas/angkatan/{cohort.id}/peserta/baru", data=person)
    assert response.status_code == 302
    participant = db.session.scalar(db.select(Participant))
    assert participant.phone == "+6285712345678" and participant.priority
    assert participant.trade == "copper_crafts" and participant.status == WubStatus.SELECTED
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Budi Santoso" in page and "Terpilih" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", "2017", "Harus antara 2018"),
        ("trade", "", "Wajib diisi"),
        ("start_date", "32/13/2025", "Tanggal"),
        ("seksi", "Seksi Kuliner", "Seksi tidak dikenal"),
    ],
)
def test_bad_cohort_input_is_named_and_nothing_saved(client, official_in, field, value, message):
    form = {"name": "Angkatan X", "year": "2025", "trade": "machining", field: value}
    page = client.post("/petugas/angkatan/baru", data=form).get_data(as_text=True)
    assert message in page
    assert db.session.scalar(db.select(db.func.count(Cohort.id))) == 0


def test_end_before_start_is_refused(client, official_in):
    form = {"name": "A", "year": "2025", "trade": "machining", "start_date": "10/03/2025",
            "end_date": "01/03/2025"}  # fmt: skip
    page = client.post("/petugas/angkatan/baru", data=form).get_data(as_text=True)
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai" in page


def test_bad_participant_input_is_named(client, official_in):
    cohort = factories.CohortFactory()
    person = {"name": "", "phone": "12345", "kecamatan": "Gotham", "birth_date": "2020-01-01"}
    page = client.post(f"/petugas/angkatan/{cohort.id}/peserta/baru", data=person)
    text = page.get_data(as_text=True)
    for message in ("Wajib diisi", "Nomor telepon tidak valid", "Kecamatan tidak dikenal",
                    "umur harus 14–80 tahun"):  # fmt: skip
        assert message in text
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 0


def test_started_participant_gets_a_business_profile_and_status_history(client, official_in):
    participant = factories.ParticipantFactory(name="Rina Wulandari")
    url = f"/petugas/peserta/{participant.id}"
    client.post(f"{url}/status", data={"status": "started", "changed_on": ""})
    assert db.session.get(Participant, participant.id).status == WubStatus.TRAINED  # no profile
    response = client.post(f"{url}/usaha/baru", data={})
    assert response.status_code == 302 and "/usaha/" in response.headers["Location"]
    db.session.expire_all()
    business = db.session.get(Participant, participant.id).business
    assert business.owner_name == "Rina Wulandari" and business.kecamatan.name == "Setu"
    client.post(f"{url}/status", data={"status": "started", "changed_on": "01/10/2024"})
    client.post(f"{url}/status", data={"status": "operating", "changed_on": "01/12/2024"})
    db.session.expire_all()
    found = db.session.get(Participant, participant.id)
    assert [c.status for c in found.history][-2:] == [WubStatus.STARTED, WubStatus.OPERATING]
    page = client.get(url).get_data(as_text=True)
    assert "Beroperasi" in page and "Mulai usaha" in page and official_in.name in page


def test_refused_status_step_says_why(client, official_in):
    participant = factories.ParticipantFactory(status=WubStatus.CLOSED)
    response = client.post(
        f"/petugas/peserta/{participant.id}/status", data={"status": "operating"},
        follow_redirects=True,
    )  # fmt: skip
    assert "tidak bisa diubah" in response.get_data(as_text=True)


def test_visit_with_photos_is_recorded_without_metadata(client, official_in):
    participant = factories.ParticipantFactory(status=WubStatus.OPERATING)
    data = {"visited_on": "17/08/2025", "operating": "ya", "employees": "3",
            "revenue_band": "5m-10m", "partner_orders": "2", "problems": ["capital", "quality"],
            "notes": "Mesin las baru.",
            "photos": [(_image(exif=True), "bengkel.jpg"),
                       (_image("PNG", (2400, 1800)), "b.png")]}  # fmt: skip
    response = client.post(
        f"/petugas/peserta/{participant.id}/kunjungan/baru",
        data=data,
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    visit = db.session.scalar(db.select(MonitoringVisit))
    assert (visit.visited_on, visit.employees, visit.problems) == (
        date(2025, 8, 17), 3, "capital,quality",
    )  # fmt: skip
    assert [p.width for p in visit.photos] == [800, 1600]
    served = client.get(f"/petugas/foto/{visit.photos[0].id}")
    assert served.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(served.data)).getexif() == {}
    page = client.get(f"/petugas/peserta/{participant.id}").get_data(as_text=True)
    assert "Mesin las baru." in page and "Modal" in page and "Mutu produk" in page


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        ((io.BytesIO(b"%PDF-1.4 not a photo"), "laporan.jpg"), "bukan foto"),
        ((io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "x.png"), "bukan foto"),
        ((_image("GIF"), "anim.gif"), "bukan foto"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_and_nothing_saved(
    client, official_in, photo, message
):
    participant = factories.ParticipantFactory(status=WubStatus.OPERATING)
    data = {"visited_on": "17/08/2025", "operating": "ya", "photos": [photo]}
    page = client.post(
        f"/petugas/peserta/{participant.id}/kunjungan/baru",
        data=data,
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert message in page
    assert db.session.scalar(db.select(db.func.count(MonitoringVisit.id))) == 0


def test_photo_size_and_count_are_limited(app, client, official_in):
    participant = factories.ParticipantFactory(status=WubStatus.OPERATING)
    app.config["VISIT_PHOTO_MAX_BYTES"] = 20_000
    try:
        big = Image.effect_noise((200, 200), 80).convert("RGB")  # > limit, < spooling size
        out = io.BytesIO()
        big.save(out, "PNG")
        out.seek(0)
        url = f"/petugas/peserta/{participant.id}/kunjungan/baru"
        data = {"visited_on": "17/08/2025", "operating": "ya", "photos": [(out, "besar.png")]}
        page = client.post(url, data=data, content_type="multipart/form-data")
        assert "besar.png lebih besar dari" in page.get_data(as_text=True)
        five = [(_image(size=(10, 10)), f"{i}.jpg") for i in range(5)]
        data = {"visited_on": "17/08/2025", "operating": "ya", "photos": five}
        page = client.post(url, data=data, content_type="multipart/form-data")
        assert "Paling banyak 4 foto" in page.get_data(as_text=True)
    finally:
        app.config["VISIT_PHOTO_MAX_BYTES"] = 3 * 1024 * 1024
    assert db.session.scalar(db.select(db.func.count(VisitPhoto.id))) == 0


def test_no_visit_before_training_is_finished(client, official_in):
    participant = factories.ParticipantFactory(status=WubStatus.IN_TRAINING)
    page = client.post(
        f"/petugas/peserta/{participant.id}/kunjungan/baru",
        data={"visited_on": "17/08/2025", "operating": "ya"},
    ).get_data(as_text=True)
    assert "setelah peserta lulus pelatihan" in page


def _started(name: str, since: date, visits=()) -> Participant:
    participant = factories.ParticipantFactory(name=name, status=WubStatus.OPERATING,
                                               status_since=since)  # fmt: skip
    for on in visits:
        factories.VisitFactory(participant=participant, visited_on=on)
    return participant


def test_overdue_counts_from_the_last_visit_or_the_start(app, client, official_in):
    today = date.today()
    never = _started("Belum Dikunjungi", today - timedelta(days=200))
    late = _started(
        "Lama Tak Dikunjungi", today - timedelta(days=400), [today - timedelta(days=120)]
    )
    _started("Baru Dikunjungi", today - timedelta(days=400), [today - timedelta(days=30)])
    _started("Baru Mulai", today - timedelta(days=20))
    factories.ParticipantFactory(name="Masih Pelatihan", status=WubStatus.IN_TRAINING,
                                 status_since=today - timedelta(days=300))  # fmt: skip
    with app.test_request_context():
        found = monitoring.overdue(today, 90)
    assert [(o.participant.id, o.days_late) for o in found] == [(never.id, 110), (late.id, 30)]
    with app.test_request_context():
        assert [o.participant.id for o in monitoring.overdue(today, 150)] == [never.id]
    page = client.get("/petugas/pemantauan").get_data(as_text=True)
    assert "Belum Dikunjungi" in page and "Lama Tak Dikunjungi" in page
    assert "Baru Dikunjungi" not in page and "Masih Pelatihan" not in page
    page = client.get("/petugas/pemantauan?interval=0").get_data(as_text=True)
    assert "Jarak kunjungan harus 1–3650 hari" in page
    workbook = load_workbook(io.BytesIO(client.get("/petugas/pemantauan.xlsx").data))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("name", "cohort", "phone")
    assert [r[0] for r in rows[1:]] == ["Belum Dikunjungi", "Lama Tak Dikunjungi"]
    assert rows[1][2].startswith("+62") and rows[2][5] == (today - timedelta(days=120)).isoformat()


def test_interval_is_configurable(app, client, official_in):
    _started("Dua Bulan", date.today() - timedelta(days=60))
    app.config["VISIT_INTERVAL_DAYS"] = 45
    try:
        assert "Dua Bulan" in client.get("/petugas/pemantauan").get_data(as_text=True)
    finally:
        app.config["VISIT_INTERVAL_DAYS"] = 90
    assert "Dua Bulan" not in client.get("/petugas/pemantauan").get_data(as_text=True)


def test_cohort_with_participants_cannot_be_deleted(client, official_in):
    participant = factories.ParticipantFactory()
    response = client.post(f"/petugas/angkatan/{participant.cohort_id}/hapus",
                           data={"confirm": "1"}, follow_redirects=True)  # fmt: skip
    assert "masih punya peserta" in response.get_data(as_text=True)
    empty_id = factories.CohortFactory().id
    client.post(f"/petugas/angkatan/{empty_id}/hapus", data={"confirm": "1"})
    db.session.expire_all()
    assert db.session.scalar(db.select(Cohort).filter_by(id=empty_id)) is None
