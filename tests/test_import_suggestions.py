"""The programme importer never guesses: an unknown trade, kecamatan or status is an error
naming the row, the column as the file writes it and the choices; a close value is offered
in the preview and used only once the official ticks it. Files downloaded from the pages
carry headers and labels in the reader's language and import back in either language."""

import csv
import html
import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from matchmaker.core.extensions import db
from matchmaker.wub.cohorts.models import Cohort, Education, Participant, WubStatus
from matchmaker.wub.spreadsheets.models import PendingUpload
from tests import factories

HEADER = ["Nama", "Angkatan", "No HP", "Kecamatan", "Kejuruan", "Status WUB"]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def page_text(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def upload(client, rows: list[list], kind: str = "participants") -> str:
    """Upload a real .xlsx and return its preview's path."""
    data = {"kind": kind, "file": (io.BytesIO(xlsx(rows)), f"{kind}.xlsx")}
    response = client.post("/petugas/impor", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.fixture
def cohort():
    return factories.CohortFactory(name="Logam Cepogo", year=2024)


@pytest.fixture
def signed_in(client, auth, official):
    auth.login(official)
    return client


def row(name, kecamatan="Setu", trade="Kerajinan logam", status="lulus", phone=None):
    return [name, "Logam Cepogo", phone or f"0812{abs(hash(name)) % 10**8:08d}", kecamatan, trade,
            status]  # fmt: skip


def test_an_unknown_trade_is_an_error_naming_row_header_and_choices(signed_in, cohort):
    """“Tukang roti” was once saved as metal casting; now it is an error, with no guess."""
    preview = upload(signed_in, [HEADER, row("Ani"), row("Budi", trade="Tukang roti")])
    text = page_text(signed_in, preview)
    assert "Baris 3, kolom Kejuruan: Bidang usaha “Tukang roti” tidak dikenal. Pilihan: " in text
    assert "Pengecoran logam" in text and "Lainnya" in text  # the choices, as labels
    assert "Mungkin maksudnya" not in text  # nothing is close to bread
    assert "Simpan semua" not in text
    response = signed_in.post(preview, follow_redirects=True)  # confirming anyway saves nothing
    assert "Baris 3, kolom Kejuruan" in response.get_data(as_text=True)
    assert count(Participant) == 0


@pytest.mark.parametrize(
    "column, cells, header, text, label",
    [
        ("trade", {"trade": "Tukang las"}, "Kejuruan", "Tukang las", "Pengelasan & fabrikasi"),
        ("kecamatan", {"kecamatan": "Cikarang Barrat"}, "Kecamatan", "Cikarang Barrat",
         "Cikarang Barat"),
        ("status", {"status": "Beroprasi"}, "Status WUB", "Beroprasi", "Beroperasi"),
    ],
)  # fmt: skip
def test_a_close_value_is_offered_and_used_only_once_accepted(
    signed_in, cohort, column, cells, header, text, label
):
    preview = upload(signed_in, [HEADER, row("Ani"), row("Budi", **cells), row("Citra", **cells)])
    page = page_text(signed_in, preview)
    assert f"Baris 3, kolom {header}: " in page and f"Mungkin maksudnya: {label}." in page
    key = f"{column}:{text.casefold()}"
    assert f'name="terima" value="{key}"' in page  # a checkbox per suggested value
    assert f"Kolom {header}: ganti “{text}” dengan {label}" in page and "baris 3, 4" in page

    # Not ticked: confirming still saves nothing.
    response = signed_in.post(preview, follow_redirects=True)
    assert f"Baris 3, kolom {header}: " in response.get_data(as_text=True)
    assert count(Participant) == 0

    # Ticked: the preview reads the suggestion, says so, and still saves nothing yet.
    page = page_text(signed_in, preview, query_string={"terima": key})
    assert "Diganti atas persetujuan Anda" in page and "Simpan semua" in page
    assert f'type="hidden" name="terima" value="{key}"' in page
    assert count(Participant) == 0

    response = signed_in.post(preview, data={"terima": key})
    assert response.status_code == 302 and count(Participant) == 3
    budi = db.session.scalar(select(Participant).where(Participant.name == "Budi"))
    saved = {
        "trade": budi.trade,
        "kecamatan": budi.kecamatan.name,
        "status": str(budi.status.value),
    }[column]
    assert (
        saved == {"trade": "welding", "kecamatan": "Cikarang Barat", "status": "operating"}[column]
    )


def test_an_accepted_key_does_not_replace_a_value_that_reads(signed_in, cohort):
    """Only an unreadable value is replaced, and only by its own suggestion."""
    preview = upload(signed_in, [HEADER, row("Ani", trade="Pengelasan & fabrikasi")])
    response = signed_in.post(preview, data={"terima": ["trade:pengelasan & fabrikasi", "x:y"]})
    assert response.status_code == 302
    assert db.session.scalar(select(Participant.trade)) == "welding"


def test_a_cohort_trade_is_never_inferred(runner, tmp_path):
    path = tmp_path / "angkatan.csv"
    path.write_text("Nama Angkatan;Tahun;Kejuruan\nRoti Bekasi;2024;Tukang roti\n", "utf-8")
    result = runner.invoke(args=["import-data", "cohorts", str(path)])
    assert result.exit_code != 0 and count(Cohort) == 0
    assert "Baris 2, kolom Kejuruan: Bidang usaha “Tukang roti” tidak dikenal." in result.output
    path.write_text("Nama Angkatan;Tahun;Kejuruan\nLas Bekasi;2024;Tukang las\n", "utf-8")
    result = runner.invoke(args=["import-data", "cohorts", str(path)])
    assert result.exit_code != 0 and count(Cohort) == 0  # the CLI suggests, never applies
    assert "Mungkin maksudnya: Pengelasan & fabrikasi." in result.output


def test_status_errors_list_labels_not_codes(signed_in, cohort):
    preview = upload(signed_in, [HEADER, row("Ani", status="entah")])
    text = page_text(signed_in, preview)
    assert "Baris 2, kolom Status WUB: Status WUB “entah” tidak dikenal. Pilihan: Terpilih, " in (
        text
    )
    for code in ("selected", "in_training", "trained", "started", "stalled"):
        assert code not in text


# --- downloads in the reader's language, read back in either ---------------------------------


@pytest.fixture
def people(cohort):
    factories.ParticipantFactory(
        cohort=cohort, name="Agus", phone="+6281234567801", education=Education.SLTA
    )
    budi = factories.ParticipantFactory(cohort=cohort, name="Budi", phone="+6281234567802")
    budi.status = WubStatus.CLOSED
    db.session.commit()


def read(response) -> list[list]:
    if response.mimetype == "text/csv":
        return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    return [
        list(r) for r in load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_downloaded_list_speaks_the_readers_language_and_imports_back(signed_in, people, lang):
    signed_in.post(f"/bahasa/{lang}")
    rows = read(signed_in.get("/petugas/ekspor/peserta.xlsx"))
    header, agus, budi = rows[0], *sorted(rows[1:])
    expected = {
        "id": (["Nama peserta", "Angkatan", "No. HP", "Kecamatan", "Pendidikan terakhir",
                "Tanggal lahir", "Bidang usaha", "Status WUB"],
               "SLTA (SMA/SMK/MA)", "Kerajinan logam", "Tutup"),
        "en": (["Participant name", "Cohort", "Phone", "District", "Education",
                "Date of birth", "Trade", "WUB status"],
               "Senior high school (SMA/SMK/MA)", "Metal crafts", "Closed"),
    }[lang]  # fmt: skip
    assert header == expected[0]
    assert agus[4] == expected[1] and agus[6] == expected[2] and budi[7] == expected[3]
    for code in ("slta", "metal_crafts", "closed", "selected"):
        assert code not in [str(v) for r in rows for v in r]

    preview = upload(signed_in, rows)
    page = page_text(signed_in, preview)
    assert f'action="{preview}"' in page and "list-group-item-danger" not in page
    assert signed_in.post(preview).status_code == 302
    assert count(Participant) == 2
    assert db.session.scalar(select(PendingUpload.state)) == "done"
    assert db.session.scalar(select(Participant.status).where(Participant.name == "Budi")) == (
        WubStatus.CLOSED
    )


@pytest.mark.parametrize("lang, first", [("id", "Nama angkatan"), ("en", "Cohort name")])
def test_templates_and_cohort_lists_carry_headers_in_the_readers_language(
    signed_in, cohort, lang, first
):
    signed_in.post(f"/bahasa/{lang}")
    template = read(signed_in.get("/petugas/impor/templat/angkatan.xlsx"))
    assert template[0][0] == first and "metal_crafts" not in template[1]
    listed = read(signed_in.get("/petugas/ekspor/angkatan.csv"))
    assert listed[0][0] == first
    assert listed[1][2] == ("Metal crafts" if lang == "en" else "Kerajinan logam")
    visits = read(signed_in.get("/petugas/ekspor/kunjungan.csv"))
    assert visits[0][0] == ("Participant" if lang == "en" else "Peserta")
