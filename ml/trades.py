"""The trades small businesses work in: the taxonomy users filter and tag by.

Each trade carries its Indonesian and English labels and the concepts of the
vocabulary (ml.vocabulary) that signal it, so the same list serves the UI, the
importers (which infer a trade from free text) and the model (which compares tags).
A trade is signalled by a concept of its own subtree in the hierarchy ("tig_welding"
is a kind of "welding"), never by a word that merely looks related: a concept listed
with a leading "=" counts only itself, not the kinds below it (painting, but not wood
finishing or building painting).
"""

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ml.text import terms
from ml.vocabulary import vocabulary


@dataclass(frozen=True)
class Trade:
    code: str
    label_id: str
    label_en: str
    concepts: tuple[str, ...]  # concepts (with their kinds below) that signal the trade
    kbli_prefixes: tuple[str, ...] = ()  # KBLI codes that mean this trade by themselves
    weight: float = 1.0  # a narrower trade outweighs the broad one it sits in
    # Crafts in a material: (craft concepts, materials) that signal the trade together.
    crafted: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    def label(self, locale: str) -> str:
        """The label in the given locale ("id" or "en")."""
        return self.label_en if locale == "en" else self.label_id


TRADES: tuple[Trade, ...] = (
    Trade(
        "machining",
        "Permesinan & bubut",
        "Machining & turning",
        ("machining", "machining_shop", "tool_and_die_shop", "machined_part", "machine_element",
         "jig_fixture", "mould_and_die", "machine_tool", "edm"),
        ("2811", "2812", "2813", "2814", "2815", "2816", "2818", "2819", "2821", "2822",
         "2823", "2824", "2825", "2829", "3312"),
    ),
    Trade(
        "welding",
        "Pengelasan & fabrikasi",
        "Welding & fabrication",
        ("welding", "welding_fabrication", "steel_structure", "architectural_metalwork", "tank",
         "welding_machine", "oxyfuel_cutting", "steel_erection"),
        ("2511", "2512", "2513"),
    ),
    Trade(
        "sheet_metal",
        "Pelat logam & stamping",
        "Sheet metal & stamping",
        ("stamping", "bending", "shearing", "deep_drawing", "laser_cutting", "plasma_cutting",
         "sheet_metal_fabrication", "stamped_part", "press_brake", "shearing_machine",
         "laser_cutting_machine", "press_die"),
        ("2591",),
    ),
    Trade(
        "plating",
        "Pelapisan & pengecatan logam",
        "Plating & coating",
        ("=coating", "=painting", "powder_coating", "electroplating", "hot_dip_galvanizing",
         "thermal_spraying", "conversion_treatment", "plating_shop", "blast_cleaning"),
        ("25920",),
    ),
    Trade(
        "casting",
        "Pengecoran logam",
        "Metal casting",
        ("casting", "foundry", "cast_part", "casting_mould"),
        ("2431", "2432"),
    ),
    Trade(
        "electronics",
        "Perakitan & servis elektronik",
        "Electronics assembly & repair",
        ("pcb_assembly", "soldering", "electronic_product", "wire_harness", "electronics_repair",
         "electronics_assembly", "electronics_repair_shop"),
        ("261", "262", "263", "264", "2732", "9521"),
    ),
    Trade(
        "rewinding",
        "Gulung dinamo",
        "Motor rewinding",
        ("rewinding", "motor_rewinding_shop", "rotating_electrical_machine", "transformer"),
        ("33141", "2711"),
    ),
    Trade(
        "automotive",
        "Bengkel & komponen otomotif",
        "Automotive service & parts",
        ("automotive", "vehicle_repair", "auto_parts", "motorcycle_parts", "vehicle",
         "vehicle_painting", "combustion_engine"),
        ("29", "30912", "4520", "4540", "9531", "9532"),
    ),
    Trade(
        "metal_crafts",
        "Kerajinan logam",
        "Metal crafts",
        ("metal_crafts", "souvenir", "metal_chasing", "engraving"),
        ("3212", "32909", "32903"),
    ),
    Trade(
        "copper_crafts",
        "Kerajinan tembaga & kuningan",
        "Copper & brass crafts",
        ("copper_brass_crafts",),
        (),
        weight=2.5,
        crafted=(
            ("metal_crafts", "metal_chasing", "engraving", "carving", "souvenir"),
            ("copper", "brass", "bronze"),
        ),
    ),
    Trade("other", "Lainnya", "Other", ()),
)  # fmt: skip

TRADE_CODES: tuple[str, ...] = tuple(t.code for t in TRADES)
_BY_CODE = {t.code: t for t in TRADES}


def trade(code: str) -> Trade:
    """The trade with this code; KeyError for an unknown code."""
    return _BY_CODE[code]


def trade_scores(text: str) -> Counter:
    """How strongly a text speaks of each trade (weighted signal counts)."""
    return term_trade_scores(terms(text))


def term_trade_scores(canonical: list[str]) -> Counter:
    """trade_scores for a text already reduced to terms."""
    found = Counter(canonical)
    scores: Counter = Counter()
    for term_, count in found.items():
        for code in signalled(term_):
            scores[code] += _BY_CODE[code].weight * count
    for t in TRADES:
        crafts, materials = t.crafted
        made = sum(found[c] for c in crafts)
        if made and any(found[m] for m in materials):
            scores[t.code] += t.weight * made
    return scores


@lru_cache(maxsize=50_000)
def signalled(term_: str) -> tuple[str, ...]:
    """The trades a term signals: those listing it or a concept it is a kind of."""
    vocab = vocabulary()
    if term_ not in vocab.concepts:
        return ()
    lineage = [term_, *vocab.ancestors(term_)]
    return tuple(
        t.code for t in TRADES if f"={term_}" in t.concepts or any(c in t.concepts for c in lineage)
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
