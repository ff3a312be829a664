"""Journeys 1 and 2: an owner signs up and asks a company for an introduction; the
company's CSR staff accept it and get the owner's WhatsApp link."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from qa.e2e.conftest import make_journey

PHONES = {"phone": "0812-3456-7801", "desktop": "0813 9876 5402"}


def fill_profile(page, name: str, phone: str, company: dict) -> None:
    """A dynamo-rewinding workshop next to the CSR's estate, written as an owner would,
    through the profile's four steps (each saves and goes on)."""
    steps = [
        {
            "Nama usaha": name,
            "Nama pemilik": "Rudi Hartono",
            "Kode KBLI": "33141",
            "Alamat": "Jl. Raya Industri No. 12",
            "Nomor HP/WhatsApp": phone,
            "Tahun berdiri": "2022",
        },
        {
            "Tentang usaha": "Bengkel gulung dinamo sejak 2022, alumni pelatihan WUB ke Surabaya.",
            "Produk": "Gulung ulang motor listrik 3 phase, dinamo pompa air, ganti bearing.",
            "Keahlian / jasa": "Rewinding motor 1-15 HP, tes megger, perbaikan dinamo.",
        },
        {
            "Peralatan": "Mesin gulung, megger, oven pengering vernis.",
            "Kapasitas per bulan": "30",
            "Satuan kapasitas": "unit",
            "Jumlah karyawan": "4",
        },
        {"Kebutuhan pendampingan": "mutu, K3, pemasaran"},
    ]
    for number, fields in enumerate(steps, start=1):
        form = page.locator("main form#business-step")
        expect(
            page.get_by_role("heading", name=re.compile(f"Langkah {number} dari 4"))
        ).to_be_visible()
        for label, value in fields.items():
            form.get_by_label(label, exact=True).fill(value)
        if number == 1:
            form.get_by_label("Bidang usaha", exact=True).select_option(label="Gulung dinamo")
            form.get_by_label("Kecamatan", exact=True).select_option(label=company["kecamatan"])
        last = number == len(steps)
        form.get_by_role("button", name="Simpan & selesai" if last else "Simpan & lanjut").click()


def test_owner_signs_up_and_asks_for_an_introduction(
    request, journey_page, live, mailbox, viewport, shared, csr_company
):
    """Sign up (with the e-mailed link), fill the profile, read suggestions and reasons,
    switch language, ask."""
    j = make_journey(request, journey_page, live, viewport, "owner")
    page = j.page
    run = uuid.uuid4().hex[:8]
    business = f"Gulung Dinamo E2E {viewport.title()} {run}"

    email = f"owner-{viewport}-{run}@e2e.mitra"
    j.goto("/daftar", "signup")
    start = page.locator("main form")
    start.get_by_label("E-mail", exact=True).fill(email)
    start.get_by_role("button", name="Kirim tautan pendaftaran").click()
    expect(page.get_by_role("heading", name="Periksa e-mail Anda")).to_be_visible()
    j.check("signup-sent")

    j.goto(mailbox.link(email, "/daftar/"), "signup-form")
    form = page.locator("#signup-form")
    expect(form.get_by_text(email)).to_be_visible()
    expect(form.get_by_label("Pemilik usaha kecil")).to_be_checked()
    form.get_by_label("Nama lengkap", exact=True).fill("Rudi Hartono")
    form.get_by_label("Nomor HP/WhatsApp", exact=True).fill(PHONES[viewport])
    form.get_by_label("Kata sandi", exact=True).fill("sandi-rahasia-e2e-2026")
    form.get_by_label("Ulangi kata sandi", exact=True).fill("sandi-rahasia-e2e-2026")
    form.get_by_label(re.compile("Saya menyetujui pengolahan data pribadi")).check()
    form.get_by_role("button", name="Daftar").click()
    expect(page).to_have_url(re.compile(r"/usaha/baru$"))
    j.flash("Akun dibuat")
    j.check("profile-form")

    fill_profile(page, business, PHONES[viewport], csr_company)
    j.flash("Profil usaha disimpan")
    expect(page.get_by_role("heading", name=business)).to_be_visible()
    j.check("profile")

    j.menu("Rekomendasi", step="suggestions")
    expect(page.get_by_role("heading", name="Rekomendasi mitra")).to_be_visible()
    cards = page.locator("main .card")
    expect(cards.first).to_be_visible()
    expect(cards.first.locator("ul li").first).not_to_be_empty()  # the reasons

    j.switch_language("suggestions-en")
    expect(page.get_by_role("heading", name="Partner suggestions")).to_be_visible()
    expect(page.get_by_text("Ask for an introduction").first).to_be_visible()
    j.switch_language("suggestions-id")
    expect(page.get_by_role("heading", name="Rekomendasi mitra")).to_be_visible()

    page.get_by_text("Saring menurut kawasan").click()
    page.get_by_label("Kawasan industri").select_option(csr_company["estate"])
    page.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(r"estate="))
    j.check("suggestions-filtered")

    need = csr_company["needs"][0]["title"]
    card = cards.filter(has_text=csr_company["name"]).filter(has_text=need)
    expect(card).to_have_count(1)
    expect(card.locator("ul li").first).not_to_be_empty()
    card.get_by_text("Minta perkenalan").click()
    card.get_by_label("Pesan (opsional)").fill("Kami siap gulung ulang motor conveyor Bapak.")
    card.get_by_role("button", name="Kirim permintaan").click()
    expect(page).to_have_url(re.compile(r"/perkenalan/\d+$"))
    j.flash(f"Permintaan dikirim ke {csr_company['name']}")
    j.check("introduction")
    shared[viewport] = {"business": business, "url": page.url}


def test_csr_accepts_and_sees_whatsapp(request, journey_page, live, viewport, shared):
    """The demo CSR finds the owner's request, accepts it and gets the WhatsApp link."""
    asked = shared.get(viewport)
    if asked is None:
        pytest.skip("the owner's journey at this viewport did not make its request")
    j = make_journey(request, journey_page, live, viewport, "csr")
    page = j.page

    j.log_in("csr@demo.mitra")
    j.menu("Perkenalan", step="introductions")
    page.get_by_role("link", name=re.compile(re.escape(asked["business"]))).click()
    expect(page).to_have_url(asked["url"])
    j.check("request")
    expect(page.locator('a[href^="https://wa.me/"]')).to_have_count(0)  # not before both said yes

    page.get_by_role("button", name="Terima perkenalan").click()
    j.flash("Kedua pihak menerima. Kontak kini terlihat.")
    j.check("accepted")
    whatsapp = page.get_by_role("link", name="Chat WhatsApp")
    expect(whatsapp).to_be_visible()
    number = re.sub(r"\D", "", PHONES[viewport])[1:]
    expect(whatsapp).to_have_attribute("href", f"https://wa.me/62{number}")
    j.log_out()
