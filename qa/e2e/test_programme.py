"""Journey 3: an official imports a cohort spreadsheet, allocates a cohort to mentoring
programmes, sees the proposed introductions, and reads the dashboard."""

import re
import uuid
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import expect

from qa.e2e.browser import Journey
from qa.e2e.conftest import make_journey

HEADERS = (
    "Nama Angkatan", "Tahun", "Kejuruan", "Tujuan Pelatihan", "Seksi", "Tanggal Mulai",
    "Tanggal Selesai", "Sumber Dana", "Anggaran",
)  # fmt: skip


def cohort_workbook(folder: Path, name: str) -> Path:
    """A cohort sheet as an official keeps it: a title row above the Indonesian headers,
    a date written out in words and one typed as a date."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Angkatan"
    sheet.append(["DAFTAR ANGKATAN PELATIHAN WUB DINAS PERINDUSTRIAN KAB. BEKASI"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append(
        [name, 2024, "Kerajinan logam", "Cepogo, Boyolali", "ILMO", "17 Agustus 2024",
         date(2024, 8, 30), "APBD", "Rp150.000.000"]
    )  # fmt: skip
    path = folder / "angkatan-e2e.xlsx"
    book.save(path)
    return path


def import_cohort(j: Journey, path: Path, name: str) -> None:
    """Upload the sheet at /petugas/impor, read the preview, save it all."""
    page = j.page
    j.menu("Program WUB", "Impor data", step="import")
    page.get_by_label("Angkatan pelatihan").check()
    page.get_by_label("Berkas").set_input_files(path)
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_role("heading", name="Pratinjau impor")).to_be_visible()
    row = page.locator("main table tbody tr").filter(has_text=name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Baru")
    expect(row).to_contain_text("2024-08-17")
    expect(row).to_contain_text("2024-08-30")
    expect(page.locator(".import-problems")).to_have_count(0)
    j.check("import-preview")
    page.get_by_role("button", name="Simpan semua").click()
    j.flash("Impor selesai: 1 dibuat")
    j.check("imported")


def cohort_candidates(j: Journey) -> list[str]:
    """The cohort list's links, the cohorts with the most participants first."""
    rows = j.page.locator("main table tbody tr")
    expect(rows.first.get_by_role("link")).to_be_visible()
    found = []
    for row in rows.all():
        count = row.locator("td").last.inner_text().strip()
        found.append((-int(count or 0), row.get_by_role("link").get_attribute("href")))
    return [href for _count, href in sorted(found)]


def allocate(j: Journey, used: set) -> str:
    """Preview the allocation of a cohort not allocated yet this run, propose all of it;
    the name of one business placed."""
    page = j.page
    for href in cohort_candidates(j):
        if href in used:
            continue
        used.add(href)
        j.goto(href, "cohort")
        page.get_by_role("link", name="Alokasi ke program pendampingan").click()
        heading = "Alokasi angkatan ke program pendampingan"
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        j.check("allocation")
        page.get_by_role("button", name="Lihat pratinjau").click()
        expect(page.get_by_role("heading", name="Pratinjau", exact=True)).to_be_visible()
        j.check("allocation-preview")
        propose = page.get_by_role("button", name=re.compile(r"^Usulkan \d+ perkenalan$"))
        if propose.count():
            placed = page.locator("main .card a[href*='/usaha/']").first.inner_text()
            count = re.search(r"\d+", propose.inner_text()).group()
            propose.click()
            j.flash(f"{count} perkenalan diusulkan.")
            j.check("proposed")
            return placed
    raise AssertionError("no cohort on the list could place a participant")


def test_official_imports_allocates_and_reads_dashboard(
    request, journey_page, live, viewport, shared, tmp_path
):
    """Import a cohort sheet, allocate a cohort, see the proposals, read the dashboard."""
    j = make_journey(request, journey_page, live, viewport, "official")
    page = j.page
    name = f"Magang Logam Cepogo E2E {viewport} {uuid.uuid4().hex[:6]}"

    j.log_in("official@demo.mitra")
    import_cohort(j, cohort_workbook(tmp_path, name), name)

    j.menu("Program WUB", "Angkatan", step="cohorts")
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Cepogo, Boyolali")
    j.check("imported-cohort")

    j.menu("Program WUB", "Angkatan", step="cohorts")
    business = allocate(j, shared.setdefault("allocated", set()))

    j.menu("Perkenalan", step="introductions")
    page.get_by_label("Status").select_option("proposed")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(re.compile(r"status=proposed"))
    expect(page.get_by_role("link", name=re.compile(re.escape(business))).first).to_be_visible()
    j.check("proposed-introductions")

    j.menu("Program WUB", "Dasbor", step="dashboard")
    figures = page.locator("section.chart-figure")
    expect(figures.first).to_be_visible()
    assert figures.count() >= 4
    for figure in figures.all():
        expect(figure.locator(".chart[role=img]").first).to_be_visible()  # text + SVG bars
        expect(figure.locator("table.chart-table tbody tr").first).to_be_attached()
    j.log_out()
