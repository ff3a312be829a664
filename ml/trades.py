"""The trades small businesses work in, the taxonomy users filter and tag by.

Each trade carries its Indonesian and English labels and the words owners and
CSR staff use for it, so the same list serves the UI and the model.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Trade:
    code: str
    label_id: str
    label_en: str
    keywords: tuple[str, ...]

    def label(self, locale: str) -> str:
        """The label in the given locale ("id" or "en")."""
        return self.label_en if locale == "en" else self.label_id


TRADES: tuple[Trade, ...] = (
    Trade(
        "machining",
        "Permesinan & bubut",
        "Machining & turning",
        ("bubut", "frais", "milling", "cnc", "lathe", "turning", "machining", "presisi"),
    ),
    Trade(
        "welding",
        "Pengelasan & fabrikasi",
        "Welding & fabrication",
        ("las", "pengelasan", "welding", "fabrikasi", "fabrication", "konstruksi baja"),
    ),
    Trade(
        "sheet_metal",
        "Pelat logam & stamping",
        "Sheet metal & stamping",
        ("plat", "pelat", "stamping", "press", "tekuk", "bending", "sheet metal"),
    ),
    Trade(
        "plating",
        "Pelapisan & pengecatan logam",
        "Plating & coating",
        ("plating", "pelapisan", "krom", "chrome", "galvanis", "powder coating", "cat"),
    ),
    Trade(
        "casting",
        "Pengecoran logam",
        "Metal casting",
        ("cor", "pengecoran", "casting", "foundry", "cetak logam"),
    ),
    Trade(
        "electronics",
        "Perakitan & servis elektronik",
        "Electronics assembly & repair",
        ("elektronik", "electronics", "pcb", "solder", "wiring harness", "servis"),
    ),
    Trade(
        "rewinding",
        "Gulung dinamo",
        "Motor rewinding",
        ("dinamo", "gulung", "rewinding", "motor listrik", "lilitan", "armature"),
    ),
    Trade(
        "automotive",
        "Bengkel & komponen otomotif",
        "Automotive service & parts",
        ("bengkel", "otomotif", "automotive", "sparepart", "suku cadang", "motor", "mobil"),
    ),
    Trade(
        "metal_crafts",
        "Kerajinan logam",
        "Metal crafts",
        ("kerajinan", "craft", "souvenir", "plakat", "trofi", "ornamen", "besi tempa"),
    ),
    Trade(
        "copper_crafts",
        "Kerajinan tembaga & kuningan",
        "Copper & brass crafts",
        ("tembaga", "kuningan", "copper", "brass", "ukir"),
    ),
    Trade("other", "Lainnya", "Other", ()),
)

TRADE_CODES: tuple[str, ...] = tuple(t.code for t in TRADES)
_BY_CODE = {t.code: t for t in TRADES}


def trade(code: str) -> Trade:
    """The trade with this code; KeyError for an unknown code."""
    return _BY_CODE[code]
