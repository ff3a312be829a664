"""Workbooks with a DTD or an XML entity declaration are refused, with a message in the
user's language, before any XML parser reads them: at upload, on preview, from the CLI."""

import io
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from matchmaker.core.extensions import db
from matchmaker.imports.tables import TableError, read_grid
from matchmaker.profiles.models import SmallBusiness
from matchmaker.wub.cohorts.models import Participant
from matchmaker.wub.spreadsheets.models import PendingUpload
from tests import factories

pytestmark = pytest.mark.usefixtures("compiled_catalog")  # tests/conftest.py

DOCTYPE = b'<!DOCTYPE worksheet [<!ENTITY nama "Bengkel Entitas">]>'
LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
)


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def patched(data: bytes, part: str, change) -> bytes:
    """The workbook with one part's bytes replaced by change(bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, change(content) if info.filename == part else content)
    return out.getvalue()


def before_root(insert: bytes):
    """Put `insert` before the part's root element (after any <?xml …?>): where a DTD goes."""

    def change(content: bytes) -> bytes:
        end = content.index(b"?>") + 2 if content.startswith(b"<?xml") else 0
        return content[:end] + insert + content[end:]

    return change


def in_utf16(content: bytes) -> bytes:
    declaration = '<?xml version="1.0" encoding="UTF-16"?>'
    return (declaration + DOCTYPE.decode() + content.decode("utf-8")).encode("utf-16")


BUSINESSES = [["name", "kecamatan", "sector"], ["Bubut Setu", "Setu", "25920"]]
SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize(
    "part, change",
    [
        (SHEET, before_root(DOCTYPE)),
        (SHEET, before_root(b"<!DOCTYPE worksheet>")),
        (SHEET, before_root(LAUGHS)),
        (SHEET, in_utf16),
        ("xl/workbook.xml", before_root(DOCTYPE)),
        ("[Content_Types].xml", before_root(DOCTYPE)),
        ("_rels/.rels", before_root(b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>')),
    ],
)
def test_a_declaration_in_any_part_is_refused(part, change):
    data = patched(workbook(BUSINESSES), part, change)
    with pytest.raises(TableError) as refused:
        read_grid(io.BytesIO(data), "usaha.xlsx")
    message = str(refused.value)
    assert "deklarasi DTD atau entitas XML" in message and part in message


def test_a_declaration_split_between_two_read_chunks_is_found(monkeypatch):
    from matchmaker.imports import tables

    data = patched(workbook(BUSINESSES), SHEET, before_root(DOCTYPE))
    monkeypatch.setattr(tables, "SCAN_CHUNK", 4)  # "<!DOCTYPE" spans three reads
    with pytest.raises(TableError, match="deklarasi DTD"):
        read_grid(io.BytesIO(data), "usaha.xlsx")


def test_the_same_workbook_without_the_declaration_reads():
    assert read_grid(io.BytesIO(workbook(BUSINESSES)), "usaha.xlsx")[1] == (
        2,
        ["Bubut Setu", "Setu", "25920"],
    )


def test_a_part_that_is_not_well_formed_is_an_invalid_workbook_not_a_server_error():
    data = patched(workbook(BUSINESSES), SHEET, lambda content: content[:-40])
    with pytest.raises(TableError, match="bukan lembar kerja .xlsx yang valid"):
        read_grid(io.BytesIO(data), "usaha.xlsx")


def test_the_cli_refuses_it_and_saves_nothing(runner, tmp_path):
    path = tmp_path / "usaha.xlsx"
    path.write_bytes(patched(workbook(BUSINESSES), SHEET, before_root(LAUGHS)))
    result = runner.invoke(args=["import-data", "businesses", str(path)])
    assert result.exit_code == 1 and "deklarasi DTD" in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(SmallBusiness)) == 0


def upload(client, content: bytes):
    data = {"kind": "participants", "file": (io.BytesIO(content), "peserta.xlsx")}
    return client.post("/petugas/impor", data=data, content_type="multipart/form-data")


@pytest.mark.parametrize(
    "locale, message",
    [
        ("id", "memuat deklarasi DTD atau entitas XML"),
        ("en", "contains a DTD or XML entity declaration"),
    ],
)
def test_the_upload_preview_names_it_in_the_users_language(client, auth, official, locale,
                                                           message):  # fmt: skip
    official.locale = locale
    db.session.commit()
    factories.CohortFactory(name="Logam Cepogo", year=2024)
    rows = [["Nama", "Angkatan", "Kecamatan"], ["Siti", "Logam Cepogo", "Setu"]]
    auth.login(official)
    response = upload(client, patched(workbook(rows), SHEET, before_root(DOCTYPE)))
    token = db.session.scalar(select(PendingUpload.token))
    page = client.get(f"/petugas/impor/{token}") if response.status_code == 302 else response
    assert page.status_code == 422
    assert message in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
