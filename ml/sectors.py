"""Which sectors supply which: KBLI codes read through West Java's input-output table.

A business in KBLI 25 (metal products) selling to a company in KBLI 29 (motor
vehicles) is a well-trodden path: sector 22 of the table supplies a real share
of sector 24's inputs. This module turns a (supplier KBLI, buyer KBLI) pair into
that evidence, scaled to 0..1 against the buyer's strongest domestic supplier.
"""

import csv
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "io_links_jabar.csv"

# KBLI division (2 digits) → the table's sector code. Ours, from the BPS sector names.
DIVISION_TO_SECTOR: dict[str, str] = {
    **dict.fromkeys(("10", "11"), "12"),
    **dict.fromkeys(("13", "14"), "14"),
    "15": "15",
    "16": "16",
    **dict.fromkeys(("17", "18"), "17"),
    "19": "11",
    **dict.fromkeys(("20", "21"), "18"),
    "22": "19",
    "23": "20",
    "24": "21",
    **dict.fromkeys(("25", "26", "27"), "22"),
    "28": "23",
    **dict.fromkeys(("29", "30"), "24"),
    "31": "25",
    **dict.fromkeys(("32", "33"), "26"),
    "45": "31",
    **dict.fromkeys(("46", "47"), "32"),
    "95": "26",
}
# KBLI 2025 moved motor-vehicle repair into division 95 (9531, 9532).
PREFIX_TO_SECTOR = {"953": "31"}

SECTOR_NAMES_ID = {
    "21": "logam dasar",
    "22": "barang logam & elektronik",
    "23": "mesin",
    "24": "alat angkutan",
    "25": "furnitur",
    "26": "reparasi & pemasangan mesin",
    "31": "bengkel kendaraan",
    "12": "makanan & minuman",
    "18": "kimia & farmasi",
    "19": "karet & plastik",
}


def io_sector(kbli: str) -> str | None:
    """The input-output sector a KBLI code (any edition, 2–5 digits) belongs to."""
    code = (kbli or "").strip()
    for prefix, sector in PREFIX_TO_SECTOR.items():
        if code.startswith(prefix):
            return sector
    return DIVISION_TO_SECTOR.get(code[:2])


# Sectors whose "supply" is margins or money, not parts: left out of the scale.
_NOT_GOODS = {"31", "32", "42", "43", "44", "45", "46", "47"}
# Buyers the table does not cover (food, chemicals…) still buy repairs and parts: neutral.
UNKNOWN_BUYER = 0.3


@lru_cache(maxsize=1)
def _shares() -> dict[tuple[str, str], float]:
    """(supplier, buyer) → share scaled by the buyer's top outside goods supplier, capped at 1.

    A sector's purchases from itself (component makers selling to assemblers in
    the same sector) count as the strongest link.
    """
    raw: dict[tuple[str, str], float] = {}
    with open(DATA, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            supplier, buyer = row["supplier_code"], row["buyer_code"]
            # Vehicle trade and repair (31) sells margins to makers, not parts.
            if supplier.isdigit() and (supplier != "31" or buyer == "31"):
                raw[(supplier, buyer)] = float(row["share"])
    top: dict[str, float] = {}
    for (supplier, buyer), share in raw.items():
        if supplier != buyer and supplier not in _NOT_GOODS:
            top[buyer] = max(top.get(buyer, 0.0), share)
    scaled = {key: min(1.0, share / top[key[1]]) for key, share in raw.items() if top.get(key[1])}
    scaled.update({(buyer, buyer): 1.0 for buyer in top})
    return scaled


def supply_link(supplier_kbli: str, buyer_kbli: str) -> float:
    """0..1: how much the buyer's sector relies on the supplier's sector for inputs."""
    supplier, buyer = io_sector(supplier_kbli), io_sector(buyer_kbli)
    if supplier is None or buyer is None or buyer not in {b for _, b in _shares()}:
        return UNKNOWN_BUYER
    return _shares().get((supplier, buyer), 0.0)


def kbli_closeness(a: str, b: str) -> float:
    """0..1 by the deepest shared level of the KBLI tree (division 0.25 … subclass 1)."""
    shared = 0
    for x, y in zip(a or "", b or "", strict=False):
        if x != y:
            break
        shared += 1
    return {0: 0.0, 1: 0.0, 2: 0.25, 3: 0.5, 4: 0.75}.get(shared, 1.0)
