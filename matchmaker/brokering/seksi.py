"""The Department of Industry's sections (Seksi), and which trades each one looks after.

The mapping below is the project's working assumption, read from the news report
the project started from (Seksi ILMO sends metal, machinery, automotive and
dynamo-rewinding trainees; electronics has its own section); it is to be confirmed
by Dinas Perindustrian Kabupaten Bekasi, and changing it means editing this table
only:

- ILMO, Seksi Industri Logam, Mesin dan Otomotif: machining, welding and
  fabrication, sheet metal, plating and coating, casting, motor rewinding,
  automotive, metal crafts, copper and brass crafts;
- IET, Seksi Industri Elektronika dan Telematika: electronics;
- IKA, Seksi Industri Kimia dan Aneka: everything else ("other", and any trade
  added to ml.trades later until it is placed here).
"""

from flask_babel import lazy_gettext as _l

from ml.trades import TRADE_CODES

SEKSI_LABELS = {
    "ILMO": _l("Seksi Industri Logam, Mesin dan Otomotif"),
    "IET": _l("Seksi Industri Elektronika dan Telematika"),
    "IKA": _l("Seksi Industri Kimia dan Aneka"),
}
SEKSI_CODES: tuple[str, ...] = tuple(SEKSI_LABELS)
DEFAULT_SEKSI = "IKA"

SEKSI_OF_TRADE: dict[str, str] = {
    "machining": "ILMO",
    "welding": "ILMO",
    "sheet_metal": "ILMO",
    "plating": "ILMO",
    "casting": "ILMO",
    "rewinding": "ILMO",
    "automotive": "ILMO",
    "metal_crafts": "ILMO",
    "copper_crafts": "ILMO",
    "electronics": "IET",
    "other": "IKA",
}


def seksi_of(trade: str) -> str:
    """The Seksi that looks after a trade code; IKA for any trade not placed elsewhere."""
    return SEKSI_OF_TRADE.get(trade, DEFAULT_SEKSI)


def trades_of(seksi: str) -> list[str]:
    """The trade codes a Seksi looks after, in ml.trades order."""
    return [code for code in TRADE_CODES if seksi_of(code) == seksi]
