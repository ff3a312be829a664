"""One-line fields lose line breaks and control characters, many-line fields keep their
line breaks only; the same in forms, the API and spreadsheet imports."""

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from matchmaker.auth.models import Membership, Role
from matchmaker.brokering import services
from matchmaker.core.extensions import db
from matchmaker.core.plain_text import multi_line, single_line
from matchmaker.profiles.models import Company, SmallBusiness
from matchmaker.wub.cohorts.models import Participant
from tests import factories
from tests.conftest import api_token
from tests.test_profiles import BUSINESS

API = "/api/v1"


@pytest.mark.parametrize(
    "raw, one_line, many_lines",
    [
        ("A\nB", "A B", "A\nB"),
        ("  Bengkel \r\n  Maju  ", "Bengkel Maju", "Bengkel \n  Maju"),
        ("Las\x00Barokah", "Las Barokah", "LasBarokah"),
        ("Judul\u2028baris\x85dua", "Judul baris dua", "Judul\nbaris\ndua"),
        ("kolom\tkedua", "kolom kedua", "kolom\tkedua"),
        ("bel\x07 \x1b[31mmerah\x7f", "bel [31mmerah", "bel [31mmerah"),
        ("rusak\ud800", "rusak", "rusak"),
        ("baris\rlama\x0bvt\x0cff", "baris lama vt ff", "baris\nlama\nvt\nff"),
        ("\n\x00 \t", "", ""),
    ],
)
def test_cleaning_rules(raw, one_line, many_lines):
    assert single_line(raw) == one_line
    assert multi_line(raw) == many_lines


def test_api_name_with_a_line_break_is_stored_on_one_line(client, owner):
    headers = api_token(client, owner)
    response = client.patch(
        f"{API}/businesses/{owner.business.id}",
        json={"name": "Bubut\nJaya\r\nBcc: x@y.z", "description": "Baris 1\r\nBaris 2\x00"},
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["name"] == "Bubut Jaya Bcc: x@y.z"
    business = db.session.get(SmallBusiness, owner.business.id)
    assert business.name == "Bubut Jaya Bcc: x@y.z"
    assert business.description == "Baris 1\nBaris 2"


def test_a_required_field_of_only_control_characters_is_blank(client, owner):
    response = client.patch(
        f"{API}/businesses/{owner.business.id}",
        json={"name": "\x00\n\x07"},
        headers=api_token(client, owner),
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"name": "Wajib diisi."}


def test_form_fields_are_cleaned_the_same_way(client, auth, owner):
    auth.login(owner)
    data = {
        **BUSINESS,
        "name": "Las\r\nListrik\x07 Barokah",  # NUL in a form is refused before any view
        "capacity_unit": "unit\n/bulan",
        "phone": "0813\n1234\t5678",
        "products": "Pagar\r\nKanopi\x1b",
    }
    assert client.post(f"/usaha/{owner.business.id}/ubah", data=data).status_code == 302
    business = db.session.get(SmallBusiness, owner.business.id)
    assert business.name == "Las Listrik Barokah"
    assert business.capacity_unit == "unit /bulan"
    assert business.phone == "+6281312345678"
    assert business.products == "Pagar\nKanopi"


def test_company_import_cleans_cells(runner, tmp_path):
    workbook = Workbook()
    workbook.active.append(["name", "kecamatan", "sector", "description"])
    # Excel keeps Alt+Enter line breaks and tabs in a cell (openpyxl refuses other controls).
    workbook.active.append(["PT Baja\nMakmur\t", "Setu", "24101", "Pabrik baja.\r\nDua shift."])
    path = tmp_path / "perusahaan.xlsx"
    workbook.save(path)
    result = runner.invoke(args=["import-data", "companies", str(path)])
    assert result.exit_code == 0, result.output
    company = db.session.scalar(select(Company).where(Company.name == "PT Baja Makmur"))
    assert company is not None and company.description == "Pabrik baja.\nDua shift."


def test_participant_import_cleans_names(runner, tmp_path):
    factories.CohortFactory(name="Logam Cepogo", year=2024)
    path = tmp_path / "peserta.csv"
    path.write_text(
        'nama,angkatan,kecamatan,no hp\n"Siti\nAminah\x00",Logam Cepogo,Setu,"0812\n0000 1111"\n',
        encoding="utf-8",
    )
    result = runner.invoke(args=["import-data", "participants", str(path)])
    assert result.exit_code == 0, result.output
    participant = db.session.scalar(select(Participant))
    assert (participant.name, participant.phone) == ("Siti Aminah", "+6281200001111")


def test_messages_keep_line_breaks_and_units_stay_on_one_line(app, client):
    business = factories.BusinessFactory()
    company = factories.CompanyFactory()
    csr = factories.UserFactory(role=Role.CSR, company=company, membership=Membership.APPROVED)
    with app.test_request_context():
        intro, _ = services.start(business.owner, business, company, "subcontracting")
    headers = api_token(client, csr)
    url = f"{API}/introductions/{intro.id}"
    sent = client.post(f"{url}/messages", json={"body": "Halo,\r\nbisa?\x07"}, headers=headers)
    assert sent.status_code == 201 and sent.get_json()["body"] == "Halo,\nbisa?"
    assert client.post(f"{url}/accept", headers=headers).status_code == 200  # the owner asked
    assert client.post(f"{url}/advance", json={"to": "meeting"}, headers=headers).status_code == 200
    too_long = {"to": "agreement", "items": "x", "volume_unit": "u" * 41}
    refused = client.post(f"{url}/advance", json=too_long, headers=headers)
    assert refused.status_code == 422  # named, where it was cut short without a word
    assert set(refused.get_json()["error"]["fields"]) == {"volume_unit"}
    agreement = {"to": "agreement", "items": "Poros\nBushing", "volume_unit": "pcs\n/bulan"}
    agreed = client.post(f"{url}/advance", json=agreement, headers=headers)
    assert agreed.status_code == 200, agreed.get_json()
    db.session.expire_all()
    assert intro.partnership.items == "Poros\nBushing"
    assert intro.partnership.volume_unit == "pcs /bulan"
