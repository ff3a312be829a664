"""The trades small businesses work in: the taxonomy users filter and tag by.

Each trade carries its Indonesian and English labels and the canonical terms
(see ml.text) that signal it, so the same list serves the UI, the importers
(which infer a trade from free text) and the model (which compares tags).
"""

from collections import Counter
from dataclasses import dataclass

from ml.text import terms


@dataclass(frozen=True)
class Trade:
    code: str
    label_id: str
    label_en: str
    signals: tuple[str, ...]  # canonical terms from ml.text
    kbli_prefixes: tuple[str, ...] = ()  # KBLI codes that mean this trade by themselves
    weight: float = 1.0  # a narrower trade outweighs the broad one it sits in

    def label(self, locale: str) -> str:
        """The label in the given locale ("id" or "en")."""
        return self.label_en if locale == "en" else self.label_id


TRADES: tuple[Trade, ...] = (
    Trade(
        "machining",
        "Permesinan & bubut",
        "Machining & turning",
        ("bubut", "frais", "cnc", "presisi", "poros", "bushing", "gear", "jig", "cetakan"),
        (
            "2811",
            "2812",
            "2813",
            "2814",
            "2815",
            "2816",
            "2818",
            "2819",
            "2821",
            "2822",
            "2823",
            "2824",
            "2825",
            "2829",
            "3312",
        ),
    ),
    Trade(
        "welding",
        "Pengelasan & fabrikasi",
        "Welding & fabrication",
        ("las", "fabrikasi", "rangka", "pagar", "kanopi", "teralis", "tangki"),
        ("2511", "2512", "2513"),
    ),
    Trade(
        "sheet_metal",
        "Pelat logam & stamping",
        "Sheet metal & stamping",
        ("stamping", "plat", "tekuk", "laser", "braket"),
        ("2591",),
    ),
    Trade(
        "plating",
        "Pelapisan & pengecatan logam",
        "Plating & coating",
        ("plating", "coating"),
        ("25920",),
    ),
    Trade("casting", "Pengecoran logam", "Metal casting", ("cor",), ("2431", "2432")),
    Trade(
        "electronics",
        "Perakitan & servis elektronik",
        "Electronics assembly & repair",
        ("elektronik", "solder", "pcb", "kabel"),
        ("261", "262", "263", "264", "2732", "9521"),
    ),
    Trade(
        "rewinding", "Gulung dinamo", "Motor rewinding", ("rewinding", "dinamo"), ("33141", "2711")
    ),
    Trade(
        "automotive",
        "Bengkel & komponen otomotif",
        "Automotive service & parts",
        ("otomotif",),
        ("29", "30912", "4520", "4540", "9531", "9532"),
    ),
    Trade(
        "metal_crafts",
        "Kerajinan logam",
        "Metal crafts",
        ("kerajinan", "souvenir", "tempa", "ukir"),
        ("3212", "32909", "32903"),
    ),
    Trade(
        "copper_crafts",
        "Kerajinan tembaga & kuningan",
        "Copper & brass crafts",
        ("tembaga", "kuningan"),
        (),
        weight=2.5,
    ),
    Trade("other", "Lainnya", "Other", ()),
)

TRADE_CODES: tuple[str, ...] = tuple(t.code for t in TRADES)
_BY_CODE = {t.code: t for t in TRADES}


def trade(code: str) -> Trade:
    """The trade with this code; KeyError for an unknown code."""
    return _BY_CODE[code]


def trade_scores(text: str) -> Counter:
    """How strongly a text speaks of each trade (weighted signal counts)."""
    return term_trade_scores(terms(text))


def term_trade_scores(canonical: list[str]) -> Counter:
    """trade_scores for a text already reduced to canonical terms."""
    found = Counter(canonical)
    return Counter(
        {
            t.code: t.weight * sum(found[s] for s in t.signals)
            for t in TRADES
            if any(found[s] for s in t.signals)
        }
    )


def trades_of_terms(canonical: list[str]) -> list[str]:
    """infer_trades for a text already reduced to canonical terms."""
    return [code for code, _ in term_trade_scores(canonical).most_common()]


def infer_trades(text: str) -> list[str]:
    """Trade codes the text speaks of, strongest first (may be empty)."""
    return [code for code, _ in trade_scores(text).most_common()]


def kbli_trade(code: str) -> str | None:
    """The trade a KBLI code implies on its own, the most specific prefix winning."""
    best, length = None, 0
    for t in TRADES:
        for prefix in t.kbli_prefixes:
            if code.startswith(prefix) and len(prefix) > length:
                best, length = t.code, len(prefix)
    return best


def primary_trade(text: str, kbli_code: str = "") -> str:
    """The one trade that best describes a business: from its words, else its KBLI code."""
    inferred = infer_trades(text)
    return inferred[0] if inferred else (kbli_trade(kbli_code or "") or "other")
