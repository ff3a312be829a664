"""Forms and deleting on a 360 px phone (issue 13): sign-up with four mistakes shows all
four at once beside their fields and keeps the name; one tap on "Hapus" deletes nothing,
and a confirmed delete can be undone."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from qa.e2e.conftest import make_journey

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone_page(browser):
    """A fresh phone tab (no cookies) at 360 × 740."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def error_of(form, label: str):
    """The error message shown right after the field labelled `label`."""
    field_id = form.get_by_label(label, exact=True).get_attribute("id")
    return form.locator(f"#{field_id} ~ .invalid-feedback")


def test_signup_with_four_mistakes_shows_all_four_and_keeps_the_name(
    request, phone_page, live, mailbox
):
    j = make_journey(request, phone_page, live, "phone", "signup-errors")
    page = j.page
    email = f"salah-empat-{uuid.uuid4().hex[:8]}@e2e.mitra"
    j.goto("/daftar", "signup")
    page.locator("main form").get_by_label("E-mail", exact=True).fill(email)
    page.get_by_role("button", name="Kirim tautan pendaftaran").click()
    expect(page.get_by_role("heading", name="Periksa e-mail Anda")).to_be_visible()

    j.goto(mailbox.link(email, "/daftar/"), "signup-form")
    form = page.locator("#signup-form")
    for label in ("Nama lengkap", "Kata sandi", "Ulangi kata sandi"):  # marked before submitting
        expect(form.get_by_label(label, exact=True)).to_have_attribute("required", "")
    expect(form.get_by_text("(wajib)").first).to_be_visible()
    form.get_by_label("Nama lengkap", exact=True).fill("Sari Wulandari")
    form.get_by_label("Nomor HP/WhatsApp", exact=True).fill("12")  # 1: not a phone number
    form.get_by_label("Kata sandi", exact=True).fill("pendek")  # 2: too short
    form.get_by_label("Ulangi kata sandi", exact=True).fill("lain-lagi")  # 3: not the same
    # 4: the consent box left unticked
    form.get_by_role("button", name="Daftar").click()

    expect(error_of(form, "Nomor HP/WhatsApp")).to_contain_text("Nomor telepon tidak valid")
    expect(error_of(form, "Kata sandi")).to_contain_text("Kata sandi minimal 8 karakter")
    expect(error_of(form, "Ulangi kata sandi")).to_contain_text("Kata sandi tidak sama")
    consent = form.get_by_label(re.compile("Saya menyetujui pengolahan data pribadi"))
    consent_id = consent.get_attribute("id")
    consent_error = form.locator(f"#{consent_id} ~ .invalid-feedback")
    expect(consent_error).to_contain_text("Persetujuan pengolahan data")
    for message in ("tidak valid", "minimal 8", "tidak sama", "Persetujuan"):
        expect(form.locator(".invalid-feedback").filter(has_text=message)).to_be_visible()
    expect(form.get_by_label("Nama lengkap", exact=True)).to_have_value("Sari Wulandari")
    expect(form.get_by_label("Nomor HP/WhatsApp", exact=True)).to_have_value("12")
    j.check("signup-four-errors")


def test_one_tap_on_hapus_deletes_nothing_and_a_delete_can_be_undone(request, phone_page, live):
    j = make_journey(request, phone_page, live, "phone", "delete")
    page = j.page
    title = f"Braket uji hapus {uuid.uuid4().hex[:6]}"
    j.log_in("csr@demo.mitra")
    j.goto("/perusahaan/saya", "company")
    page.get_by_role("link", name="Tambah").first.click()
    page.get_by_label("Judul kebutuhan", exact=True).fill(title)
    page.get_by_role("button", name="Simpan").click()
    j.flash("Disimpan")
    need = page.locator(".list-group-item").filter(has_text=title)
    expect(need).to_have_count(1)
    hapus = need.get_by_role("link", name="Hapus", exact=True)
    box = hapus.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    ubah = need.get_by_role("link", name="Ubah", exact=True).bounding_box()
    assert box["x"] - (ubah["x"] + ubah["width"]) >= 8, (ubah, box)  # not side by side
    j.check("company-with-need")

    hapus.tap()
    expect(page.get_by_role("heading", name=re.compile(f"Hapus .*{title}"))).to_be_visible()
    j.check("delete-question")
    page.get_by_role("link", name="Batal").click()
    expect(page.locator(".list-group-item").filter(has_text=title)).to_have_count(1)
    j.check("nothing-deleted")

    page.locator(".list-group-item").filter(has_text=title).get_by_role("link", name="Hapus").tap()
    page.get_by_role("button", name="Ya, hapus").tap()
    j.flash("dihapus")
    expect(page.locator(".list-group-item").filter(has_text=title)).to_have_count(0)
    undo = page.locator("#baru-dihapus li").filter(has_text=title)
    expect(undo).to_have_count(1)
    j.check("deleted-with-undo")
    undo.get_by_role("button", name="Batalkan hapus").tap()
    j.flash("dikembalikan")
    expect(page.locator(".list-group-item").filter(has_text=title)).to_have_count(1)
    j.check("restored")

    # Leave the demo company as it was.
    page.locator(".list-group-item").filter(has_text=title).get_by_role("link", name="Hapus").tap()
    page.get_by_role("button", name="Ya, hapus").tap()
    j.flash("dihapus")
