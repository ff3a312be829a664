"""Spreadsheet cells as officials type them: dates and amounts, understood or named."""

from datetime import date, datetime

import pytest

from matchmaker.imports.cells import amount, spreadsheet_date


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("17/08/2024", date(2024, 8, 17)),
        ("17-08-2024", date(2024, 8, 17)),
        ("17.08.2024", date(2024, 8, 17)),
        ("7/8/24", date(2024, 8, 7)),
        ("17 Agustus 2024", date(2024, 8, 17)),
        ("17 agt 2024", date(2024, 8, 17)),
        ("1 Pebruari 2023", date(2023, 2, 1)),
        ("31-Des-99", date(1999, 12, 31)),
        ("5 Mei 2025", date(2025, 5, 5)),
        ("2024-08-17", date(2024, 8, 17)),
        ("45521", date(2024, 8, 17)),  # Excel's serial number for that day
        ("45521.0", date(2024, 8, 17)),
        (date(2024, 8, 17), date(2024, 8, 17)),
        (datetime(2024, 8, 17, 9, 30), date(2024, 8, 17)),
    ],
)
def test_dates_as_typed(app, typed, meant):
    assert spreadsheet_date(typed) == meant


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2024", "tidak ada di kalender"),
        ("17 Agustusan 2024", "Tanggal tidak dikenali"),
        ("besok", "Tanggal tidak dikenali"),
        ("12345678", "Tanggal tidak dikenali"),
        ("", "Tanggal tidak dikenali"),
    ],
)
def test_dates_not_understood_say_so(app, typed, message):
    with app.test_request_context(), pytest.raises(ValueError, match=message):
        spreadsheet_date(typed)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("1.500.000", 1_500_000),
        ("Rp 1.500.000", 1_500_000),
        ("Rp1.500.000,00", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1500000", 1_500_000),
        ("1,5 juta", 1_500_000),
        ("2 jt", 2_000_000),
        ("750 rb", 750_000),
        ("750.000 ", 750_000),
        (1200, 1200),
    ],
)
def test_amounts_as_typed(app, typed, meant):
    assert amount(typed) == meant


@pytest.mark.parametrize("typed", ["1,5", "1.50.000", "satu juta", "1.500.000 dollar", "12,345.6"])
def test_amounts_not_understood_say_so(app, typed):
    with app.test_request_context(), pytest.raises(ValueError, match="Jumlah tidak dikenali"):
        amount(typed)
