"""Introductions in the browser: each journey for owners, CSR staff and officials, bad
input named under its field, strangers kept out, the inbox and the e-mail choices."""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from matchmaker.auth.models import Membership, Role
from matchmaker.brokering.models import Introduction, Status
from matchmaker.core.extensions import db
from matchmaker.notifications.models import EmailSetting, Notification
from tests import factories

pytestmark = pytest.mark.usefixtures("model_file")  # tests/conftest.py


@pytest.fixture
def pair():
    """A turning shop, a company needing turning and coaching, its CSR staff, an official."""
    business = factories.BusinessFactory(name="Bubut Presisi Jaya", phone="081234567890")
    company = factories.CompanyFactory(name="PT Mesin Pangan", contact_phone="+62 21 8901234")
    need = factories.NeedFactory(
        company=company, title="Poros gearbox", description="bubut poros baja S45C presisi"
    )
    programme = factories.ProgrammeFactory(company=company, title="Kelas K3 bengkel")
    csr = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    official = factories.UserFactory(role=Role.OFFICIAL)
    return SimpleNamespace(
        business=business,
        owner=business.owner,
        company=company,
        need=need,
        programme=programme,
        csr=csr,
        official=official,
    )


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def as_user(client, auth, user) -> None:
    auth.logout()
    assert auth.login(user).status_code == 302


def ask(client, pair, kind="subcontracting", **extra):
    offer = {"need_id": pair.need.id} if kind == "subcontracting" else {}
    data = {
        "business_id": pair.business.id,
        "company_id": pair.company.id,
        "kind": kind,
        **offer,
        **extra,
    }
    return client.post("/perkenalan", data=data)


def the_intro() -> Introduction:
    db.session.expire_all()
    return db.session.scalar(select(Introduction))


def follow(client, response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return page(client, response.headers["Location"])


# --- journeys -----------------------------------------------------------------------------------


def test_owner_asks_from_suggestions_and_goes_all_the_way(client, auth, pair):
    auth.login(pair.owner)
    suggestions = page(client, "/rekomendasi")
    assert 'action="/perkenalan"' in suggestions and "Minta perkenalan" in suggestions
    assert f'name="need_id" value="{pair.need.id}"' in suggestions
    asked = ask(client, pair, message="Kami bisa bubut S45C", next="/rekomendasi")
    intro = the_intro()
    assert asked.headers["Location"] == f"/perkenalan/{intro.id}"
    html = follow(client, asked)
    assert "Permintaan dikirim ke PT Mesin Pangan" in html and "Kami bisa bubut S45C" in html
    assert "setelah kedua pihak menerima" in html and "wa.me" not in html
    assert "Lihat perkenalan" in page(client, "/rekomendasi")  # the card now links to it

    as_user(client, auth, pair.csr)
    listed = page(client, "/perkenalan")
    assert "Bubut Presisi Jaya – PT Mesin Pangan" in listed and "Menunggu jawaban Anda" in listed
    html = follow(client, client.post(f"/perkenalan/{intro.id}/terima"))
    assert "Kedua pihak menerima" in html
    assert 'href="https://wa.me/6281234567890' in html and "mailto:usaha" in html

    as_user(client, auth, pair.owner)
    html = page(client, f"/perkenalan/{intro.id}")
    assert 'href="https://wa.me/62218901234' in html
    assert f'href="mailto:{pair.company.contact_email}"' in html
    follow(client, client.post(f"/perkenalan/{intro.id}/lanjut", data={"to": "meeting"}))
    terms = {
        "to": "agreement",
        "items": "Poros gearbox S45C",
        "volume_per_month": "1.500",
        "volume_unit": "pcs",
        "value_band": "10m-50m",
        "start_date": "2026-12-01",
    }
    html = follow(client, client.post(f"/perkenalan/{intro.id}/lanjut", data=terms))
    assert "Tahap kini: Kesepakatan." in html and "Poros gearbox S45C" in html
    assert re.search(r'step-current" aria-current="step">\s*Kesepakatan', html)
    assert "1.500 pcs" in html and "Rp10–50 juta/bulan" in html

    as_user(client, auth, pair.csr)
    follow(client, client.post(f"/perkenalan/{intro.id}/lanjut", data={"to": "active"}))
    note = {"body": "Kiriman pertama 500 pcs lolos QC"}
    html = follow(client, client.post(f"/perkenalan/{intro.id}/catatan", data=note))
    assert "Kiriman pertama 500 pcs lolos QC" in html
    done = {"to": "completed", "outcome": "succeeded", "outcome_note": "Lanjut kontrak tahunan"}
    html = follow(client, client.post(f"/perkenalan/{intro.id}/lanjut", data=done))
    assert "Berhasil sesuai kesepakatan" in html and "Lanjut kontrak tahunan" in html
    assert the_intro().status == Status.COMPLETED
    assert "Batalkan perkenalan" not in html  # nothing left to call off


def test_official_proposes_from_suggestions_and_both_accept(client, auth, pair):
    auth.login(pair.official)
    suggestions = page(client, f"/usaha/{pair.business.id}/rekomendasi?kind=mentoring")
    assert "Usulkan perkenalan" in suggestions and "Minta perkenalan" not in suggestions
    proposed = ask(client, pair, "mentoring", programme_id=pair.programme.id)
    html = follow(client, proposed)
    assert "Usulan perkenalan dikirim ke Bubut Presisi Jaya dan PT Mesin Pangan" in html
    assert "Menunggu jawaban Bubut Presisi Jaya dan PT Mesin Pangan" in html
    assert "Terima perkenalan" not in html  # officials never answer for a side
    intro = the_intro()
    assert intro.status == Status.PROPOSED and intro.programme_id == pair.programme.id

    as_user(client, auth, pair.owner)
    html = follow(client, client.post(f"/perkenalan/{intro.id}/terima"))
    assert "Kontak tampil setelah pihak lain juga menerima" in html and "wa.me" not in html
    as_user(client, auth, pair.csr)
    html = follow(client, client.post(f"/perkenalan/{intro.id}/terima"))
    assert the_intro().status == Status.ACCEPTED and "https://wa.me/6281234567890" in html

    as_user(client, auth, pair.official)
    html = page(client, f"/perkenalan/{intro.id}")  # officials see both sides' contacts
    assert "https://wa.me/6281234567890" in html and "https://wa.me/62218901234" in html


def test_csr_asks_from_the_businesses_page(client, auth, pair):
    auth.login(pair.csr)
    suggestions = page(client, f"/perusahaan/{pair.company.id}/rekomendasi")
    assert "Minta perkenalan" in suggestions and "Bubut Presisi Jaya" in suggestions
    html = follow(client, ask(client, pair))
    assert "Permintaan dikirim ke Bubut Presisi Jaya" in html
    assert the_intro().started_by == "company"


def test_decline_with_a_reason_and_bad_input_named(client, auth, pair):
    auth.login(pair.owner)
    ask(client, pair)
    intro = the_intro()
    as_user(client, auth, pair.csr)
    url = f"/perkenalan/{intro.id}/tolak"
    missing = client.post(url, data={"reason": "", "reason_text": "Sedang penuh"})
    html = missing.get_data(as_text=True)
    assert missing.status_code == 200 and "Alasan: Pilih salah satu alasan" in html
    assert 'class="form-select is-invalid"' in html and "Sedang penuh" in html  # kept
    other = client.post(url, data={"reason": "other"}).get_data(as_text=True)
    assert "Jelaskan alasannya." in other and the_intro().status == Status.REQUESTED
    html = follow(client, client.post(url, data={"reason": "capacity"}))
    assert "Perkenalan ditolak" in html and "Kapasitas sedang penuh" in html
    assert the_intro().status == Status.DECLINED

    as_user(client, auth, pair.owner)
    assert "Kapasitas sedang penuh" in page(client, f"/perkenalan/{intro.id}")


def test_withdraw_with_a_reason(client, auth, pair):
    auth.login(pair.owner)
    ask(client, pair)
    intro = the_intro()
    html = page(client, f"/perkenalan/{intro.id}")
    assert "Batalkan perkenalan" in html and "Terima perkenalan" not in html
    data = {"reason": "found_partner", "reason_text": "Sudah dapat order dari PT lain"}
    html = follow(client, client.post(f"/perkenalan/{intro.id}/batalkan", data=data))
    assert "Perkenalan dibatalkan." in html and "Sudah mendapat mitra lain" in html
    assert "Sudah dapat order dari PT lain" in html
    assert the_intro().status == Status.WITHDRAWN


def test_a_step_the_state_does_not_allow_is_flashed(client, auth, pair):
    auth.login(pair.owner)
    ask(client, pair)
    intro = the_intro()
    refused = client.post(f"/perkenalan/{intro.id}/terima")
    assert refused.headers["Location"] == f"/perkenalan/{intro.id}"
    assert "menunggu jawaban pihak lain" in page(client, refused.headers["Location"])
    skipped = client.post(f"/perkenalan/{intro.id}/lanjut", data={"to": "meeting"})
    assert "belum sama-sama menerima" in follow(client, skipped)


@pytest.mark.parametrize(
    ("kind", "data", "messages"),
    [
        ("subcontracting", {"volume_per_month": "banyak"}, ["Wajib diisi.", "bilangan bulat"]),
        ("subcontracting", {"items": "Poros", "start_date": "1/12/2026"}, ["TTTT-BB-HH"]),
        ("mentoring", {"sessions": "0"}, ["Wajib diisi.", "Harus antara 1 dan"]),
    ],
)
def test_bad_agreement_terms_show_the_field_message(client, auth, pair, kind, data, messages):
    auth.login(pair.owner)
    ask(client, pair, kind)
    intro = the_intro()
    as_user(client, auth, pair.csr)
    client.post(f"/perkenalan/{intro.id}/terima")
    client.post(f"/perkenalan/{intro.id}/lanjut", data={"to": "meeting"})
    response = client.post(f"/perkenalan/{intro.id}/lanjut", data={"to": "agreement", **data})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert all(message in html for message in messages), messages
    assert "is-invalid" in html and the_intro().status == Status.MEETING
    assert the_intro().partnership is None


def test_completion_needs_an_outcome(client, auth, pair):
    auth.login(pair.owner)
    ask(client, pair, "mentoring")
    intro = the_intro()
    as_user(client, auth, pair.csr)
    client.post(f"/perkenalan/{intro.id}/terima")
    for step in ("meeting", "agreement", "active"):
        data = {"to": step, "topics": "K3 bengkel"}
        assert client.post(f"/perkenalan/{intro.id}/lanjut", data=data).status_code == 302
    response = client.post(f"/perkenalan/{intro.id}/lanjut", data={"to": "completed"})
    html = response.get_data(as_text=True)
    assert "Pilih hasil kemitraan." in html and '<details class="mb-3" open' in html
    assert the_intro().status == Status.ACTIVE and the_intro().partnership.outcome is None


def test_messages_are_shown_as_text(client, auth, pair):
    auth.login(pair.owner)
    ask(client, pair, message="<i>awal</i>")
    intro = the_intro()
    as_user(client, auth, pair.csr)
    body = {"body": "<b>Kapan</b> bisa survei? <script>alert(1)</script>"}
    html = follow(client, client.post(f"/perkenalan/{intro.id}/pesan", data=body))
    assert "&lt;b&gt;Kapan&lt;/b&gt; bisa survei?" in html and "&lt;i&gt;awal&lt;/i&gt;" in html
    assert "<b>Kapan</b>" not in html and "<script>alert(1)" not in html
    empty = client.post(f"/perkenalan/{intro.id}/pesan", data={"body": "  "})
    assert empty.status_code == 200 and "Wajib diisi." in empty.get_data(as_text=True)


def test_strangers_get_404(client, auth, pair):
    auth.login(pair.owner)
    ask(client, pair)
    intro = the_intro()
    stranger = factories.BusinessFactory().owner
    other_csr = factories.UserFactory(
        role=Role.CSR, company=factories.CompanyFactory(), membership=Membership.APPROVED
    )
    for user in (stranger, other_csr):
        as_user(client, auth, user)
        assert client.get(f"/perkenalan/{intro.id}").status_code == 404
        for action, data in (
            ("terima", {}),
            ("tolak", {"reason": "bosan"}),
            ("batalkan", {"reason": "other"}),
            ("lanjut", {"to": "meeting"}),
            ("pesan", {"body": "Halo"}),
            ("catatan", {"body": "Halo"}),
        ):
            assert client.post(f"/perkenalan/{intro.id}/{action}", data=data).status_code == 404
        assert "Bubut Presisi Jaya" not in page(client, "/perkenalan")
    assert the_intro().status == Status.REQUESTED and the_intro().messages == []


def test_the_same_pair_twice_lands_on_the_existing_introduction(client, auth, pair):
    auth.login(pair.owner)
    first = ask(client, pair)
    as_user(client, auth, pair.csr)
    again = ask(client, pair)
    assert again.headers["Location"] == first.headers["Location"]
    assert "sudah ada; ini halamannya" in follow(client, again)
    assert db.session.query(Introduction).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "kerja sama", "need_id": ""}, "Jenis kemitraan: Pilih subcontracting"),
        ({"need_id": "99999"}, "Kebutuhan subkontrak: Tidak ditemukan."),
        ({"kind": "mentoring", "need_id": "need"}, "Kebutuhan subkontrak: Tidak sesuai dengan"),
        ({"message": "x" * 2001}, "Pesan (opsional): Maksimal 2000 karakter."),
    ],
)
def test_bad_requests_name_the_field_and_go_back(client, auth, pair, data, message):
    auth.login(pair.owner)
    data = {k: pair.need.id if v == "need" else v for k, v in data.items()}
    response = ask(client, pair, next="/rekomendasi#s-subcontracting-1", **data)
    assert response.headers["Location"] == "/rekomendasi#s-subcontracting-1"
    assert message in page(client, "/rekomendasi")
    assert db.session.query(Introduction).count() == 0


def test_a_closed_need_is_refused_with_its_reason(client, auth, pair):
    pair.need.is_open = False
    db.session.commit()
    auth.login(pair.owner)
    response = ask(client, pair, next="/perkenalan")
    assert "Poros gearbox” sudah ditutup" in follow(client, response)


def test_list_filters_by_status(client, auth, pair):
    auth.login(pair.owner)
    ask(client, pair)
    as_user(client, auth, pair.official)
    ask(client, pair, "mentoring")
    listed = page(client, "/perkenalan?status=proposed")
    assert listed.count('href="/perkenalan/') == 1 and "Pendampingan" in listed
    assert "Menunggu jawaban Bubut Presisi Jaya dan PT Mesin Pangan" in listed
    assert "sejak" in listed and "Menunggu jawaban Anda" not in listed
    accepted = page(client, "/perkenalan?status=accepted")
    assert "Tidak ada perkenalan dengan status ini." in accepted
    bad = page(client, "/perkenalan?status=x")
    assert "Status tidak dikenal." in bad and bad.count('href="/perkenalan/') == 2
    as_user(client, auth, pair.owner)
    mine = page(client, "/perkenalan")  # asked: waits for the company; proposed: for the owner
    assert "Menunggu jawaban PT Mesin Pangan" in mine and "Menunggu jawaban Anda" in mine


def test_the_list_is_paginated(app, client, auth, pair):
    auth.login(pair.owner)
    before = app.config["PAGE_SIZE"]
    app.config["PAGE_SIZE"] = 2
    try:
        for _ in range(3):
            company = factories.CompanyFactory()
            client.post(
                "/perkenalan",
                data={
                    "business_id": pair.business.id,
                    "company_id": company.id,
                    "kind": "mentoring",
                },
            )
        first, second = page(client, "/perkenalan"), page(client, "/perkenalan?page=2")
    finally:
        app.config["PAGE_SIZE"] = before
    assert first.count('href="/perkenalan/') == 2 and second.count('href="/perkenalan/') == 1
    assert "1 / 2" in first


# --- inbox and e-mail choices -------------------------------------------------------------------


def unread_badge(html: str) -> str | None:
    found = re.search(r'id="inbox-link">[^<]*<span class="badge[^"]*">(\d+)', html)
    return found.group(1) if found else None


def test_inbox_lists_links_and_unread_count_drops_after_reading(client, auth, pair):
    auth.login(pair.owner)
    ask(client, pair)
    ask(client, pair, "mentoring")
    as_user(client, auth, pair.csr)
    inbox = page(client, "/kotak-masuk")
    assert unread_badge(inbox) == "2" and inbox.count("notification-unread") == 2
    assert "Bubut Presisi Jaya meminta perkenalan dengan PT Mesin Pangan." in inbox
    intro = the_intro()
    assert f'href="/perkenalan/{intro.id}"' in inbox

    first = db.session.scalar(select(Notification).filter_by(user_id=pair.csr.id))
    html = follow(client, client.post("/kotak-masuk/baca", data={"id": str(first.id)}))
    assert unread_badge(html) == "1" and html.count("notification-unread") == 1
    html = follow(client, client.post("/kotak-masuk/baca"))
    assert unread_badge(html) is None and "notification-unread" not in html
    assert "Belum ada pemberitahuan." not in html  # read ones stay listed


def test_another_users_notification_cannot_be_marked(client, auth, pair):
    auth.login(pair.owner)
    ask(client, pair)
    as_user(client, auth, pair.official)
    follow(client, client.post("/kotak-masuk/baca"))
    as_user(client, auth, pair.csr)
    assert unread_badge(page(client, "/perkenalan")) == "1"


def test_email_settings_are_saved(client, auth, pair):
    auth.login(pair.owner)
    assert 'href="/akun/email"' in page(client, "/akun")
    html = page(client, "/akun/email")
    assert html.count('type="checkbox" name="topics"') == 4 and html.count("checked") == 4
    assert "Pesan baru" in html
    saved = client.post("/akun/email", data={"topics": ["requests", "progress"]})
    html = follow(client, saved)
    assert "Pilihan e-mail disimpan." in html
    assert 'value="messages" id="topic-messages" >' in html
    assert 'value="requests" id="topic-requests" checked' in html
    settings = {s.topic: s.email for s in db.session.scalars(select(EmailSetting))}
    assert settings == {"requests": True, "messages": False, "reminders": False, "progress": True}


def test_navbar_links_to_introductions_and_inbox(client, auth, pair):
    auth.login(pair.csr)
    html = page(client, "/")
    assert 'href="/perkenalan"' in html and 'href="/kotak-masuk"' in html


def test_opening_an_introduction_reads_its_notifications(client, auth, pair):
    auth.login(pair.owner)
    ask(client, pair)
    ask(client, pair, "mentoring")
    as_user(client, auth, pair.csr)
    assert unread_badge(page(client, "/kotak-masuk")) == "2"
    html = page(client, f"/perkenalan/{the_intro().id}")
    assert unread_badge(html) == "1"  # the other introduction's notice is still unread
