"""Pair features: how well a business and a company's offer fit, one number per signal.

Everything here is vectorised over many candidates at once: one business against
many offers, or one offer against many businesses, with the same functions.
"""

from functools import lru_cache

import numpy as np

from ml.geo import haversine_km
from ml.sectors import io_sector, supply_link
from ml.trades import TRADE_CODES
from ml.vocabulary import vocabulary

FEATURES: dict[str, tuple[str, ...]] = {
    "subcontracting": ("text", "tags", "sector", "proximity", "capacity", "kbli"),
    "mentoring": ("text", "topics", "trade_fit", "proximity", "kbli"),
}
SIDE: dict[str, tuple[str, ...]] = {kind: names[1:] for kind, names in FEATURES.items()}
# Text is the backbone of every ranking. A side signal moves a ranking only standardised
# within the query (z-scores over the candidates), by a weight relative to the spread
# of the text scores, and only once company-grouped cross-validation on the tuning sets
# chose it (bench.tune, README "Matching"): none has, so every side signal serves as a
# reason. A weight may also hold for one direction only, under "name@business" (a
# business asks) or "name@company" (a company asks), where it replaces the weight for
# both; bench.tune tries those too. The learned combination (ml.learn) may weigh them.
DEFAULT_SIDE_WEIGHTS: dict[str, dict[str, float]] = {
    kind: dict.fromkeys(names, 0.0) for kind, names in SIDE.items()
}
ASKERS = ("business", "company")


def query_weights(weights: dict[str, float], kind: str, business_side: bool) -> np.ndarray:
    """The side signals' weights (in SIDE order) when a business asks, or a company."""
    asker = ASKERS[0] if business_side else ASKERS[1]
    found = [weights.get(f"{name}@{asker}", weights.get(name, 0.0)) for name in SIDE[kind]]
    return np.array(found, dtype=np.float32)


PROXIMITY_KM = 15.0  # a partner this far away scores 1/e on proximity
TRADE_BIT = {code: 1 << i for i, code in enumerate(TRADE_CODES)}
# Mentoring topics are compared by their main group (the kinds of "mentoring_topic":
# marketing, finance, safety, quality…), each a bit of a mask.
TOPICS = tuple(
    sorted(c.id for c in vocabulary().concepts.values() if c.parent == "mentoring_topic")
)
TOPIC_BIT = {topic: 1 << i for i, topic in enumerate(TOPICS)}
SECTORS = tuple(sorted({s for d in range(100) if (s := io_sector(f"{d:02d}"))} | {"31"}))
SECTOR_INDEX = {s: i + 1 for i, s in enumerate(SECTORS)}  # 0 = unknown


def popcount(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(np.asarray(values, dtype=np.int64)).astype(np.float32)


def trade_mask(codes) -> int:
    return sum(TRADE_BIT.get(c, 0) for c in set(codes))


def topic_mask(terms) -> int:
    """Bits of the topic groups the terms name."""
    mask = 0
    for t in set(terms):
        mask |= _topic_bit(t)
    return mask


@lru_cache(maxsize=10_000)
def _topic_bit(term: str) -> int:
    vocab = vocabulary()
    return next((TOPIC_BIT[c] for c in (term, *vocab.ancestors(term)) if c in TOPIC_BIT), 0)


@lru_cache(maxsize=10_000)  # a few thousand KBLI codes exist; profiles repeat them
def sector_index(kbli: str) -> int:
    return SECTOR_INDEX.get(io_sector(kbli) or "", 0)


def _supply_matrix() -> np.ndarray:
    """SUPPLY[supplier index, buyer index] from ml.sectors, 0 row/column for unknown."""
    size = len(SECTORS) + 1
    matrix = np.full((size, size), 0.0, dtype=np.float32)
    representative = {
        s: next(f"{d:02d}" for d in range(100) if io_sector(f"{d:02d}") == s)
        for s in SECTORS
        if s != "31"
    }
    representative["31"] = "45"
    for s, i in SECTOR_INDEX.items():
        for b, j in SECTOR_INDEX.items():
            matrix[i, j] = supply_link(representative[s], representative[b])
    matrix[0, :] = matrix[:, 0] = 0.3
    return np.sqrt(matrix)  # soften: a small but real share still counts


SUPPLY = _supply_matrix()


def kbli_levels(codes) -> np.ndarray:
    """(n, 4) integer prefixes (2 to 5 digits) of KBLI codes, -1 where the code is shorter."""
    return np.array([_levels(code) for code in codes], dtype=np.int64).reshape(-1, 4)


@lru_cache(maxsize=10_000)
def _levels(code: str) -> tuple[int, int, int, int]:
    return tuple(
        int(code[:length]) if len(code) >= length and code[:length].isdigit() else -1
        for length in (2, 3, 4, 5)
    )


def kbli_match(one: np.ndarray, many: np.ndarray) -> np.ndarray:
    """ml.sectors.kbli_closeness of one code's levels against many, vectorised."""
    same = (many == one[None, :]) & (one[None, :] >= 0)
    depth = np.cumprod(same, axis=1).sum(axis=1)
    return np.array([0.0, 0.25, 0.5, 0.75, 1.0], dtype=np.float32)[depth]


def capacity_fit(capacity, employees, volume) -> np.ndarray:
    """0..1: can the business make the monthly volume (neutral when either is unknown)?

    With no stated capacity, a rough 400 parts a month per worker stands in,
    trusted less (capped at 0.8).
    """
    capacity, employees, volume = (
        np.asarray(v, dtype=np.float64) for v in (capacity, employees, volume)
    )
    capacity, employees, volume = np.broadcast_arrays(capacity, employees, volume)
    out = np.full(volume.shape, 0.6, dtype=np.float64)
    known = ~np.isnan(volume) & (volume > 0)
    stated = known & ~np.isnan(capacity)
    out[stated] = np.sqrt(np.clip(capacity[stated] / volume[stated], 0.0, 1.0))
    guessed = known & np.isnan(capacity) & ~np.isnan(employees)
    out[guessed] = 0.8 * np.sqrt(np.clip(employees[guessed] * 400 / volume[guessed], 0.0, 1.0))
    return out.astype(np.float32)


def pair_features(kind: str, text: np.ndarray, b: dict, o: dict) -> np.ndarray:
    """(n, len(FEATURES[kind])) features; `b` and `o` map column names to arrays that
    broadcast against each other (one side a single row, the other n rows)."""
    km = haversine_km(b["lat"], b["lon"], o["lat"], o["lon"])
    proximity = np.exp(-km / PROXIMITY_KM)
    kbli = _kbli(b["kbli"], o["kbli"])
    if kind == "subcontracting":
        offer_trades = popcount(o["trades"])
        shared = popcount(np.bitwise_and(b["trades"], o["trades"]))
        tags = np.where(offer_trades > 0, shared / np.maximum(offer_trades, 1), 0.0)
        sector = SUPPLY[b["sector"], o["sector"]]
        capacity = capacity_fit(b["capacity"], b["employees"], o["volume"])
        columns = (text, tags, sector, proximity, capacity, kbli)
    else:
        wanted = popcount(b["topics"])
        covered = popcount(np.bitwise_and(b["topics"], o["topics"]))
        topics = np.where(wanted > 0, covered / np.maximum(wanted, 1), 0.3)
        programme_trades = np.asarray(o["trades"])
        fits = np.bitwise_and(b["trades"], programme_trades) != 0
        trade_fit = np.where(programme_trades == 0, 0.5, fits.astype(np.float32))
        columns = (text, topics, trade_fit, proximity, kbli)
    n = max(np.size(c) for c in columns)
    return np.column_stack(
        [np.broadcast_to(np.asarray(c, dtype=np.float32), (n,)) for c in columns]
    )


def eligible(b: dict, o: dict) -> np.ndarray:
    """Whether each business may join each programme as its text limits it (by kecamatan);
    `b` and `o` as for pair_features."""
    places, areas = np.atleast_1d(b["place"]), np.atleast_1d(o["areas"])
    if areas.size == 1:
        limit = areas[0]
        if not limit:
            return np.ones(places.size, dtype=bool)
        return np.isin(places, np.fromiter(limit, dtype=np.int64))
    place = int(places[0])
    return np.array([not limit or place in limit for limit in areas], dtype=bool)


def standardised(values: np.ndarray, reference=None) -> np.ndarray:
    """Columns as z-scores, with the mean and spread of the `reference` rows (all rows by
    default: the candidates of one query); a column that does not vary among them is all
    zeros, so it cannot move the ranking."""
    values = np.asarray(values, dtype=np.float32)
    base = values if reference is None else values[reference]
    if base.shape[0] < 2:
        return np.zeros_like(values)
    spread = base.std(axis=0)
    centred = values - base.mean(axis=0)
    return np.divide(centred, spread, out=np.zeros_like(centred), where=spread > 1e-6)


def combine(features: np.ndarray, weights: np.ndarray, reference=None) -> np.ndarray:
    """The ranking score: the text column, plus each side signal's z-score times its
    weight times the spread of the text, both measured over the `reference` rows (the
    query's shortlist: ml.retrieval), so that a query scores its candidates alike
    whichever way they were found."""
    text = features[:, 0]
    if not np.any(weights):
        return text.copy()
    side = standardised(features[:, 1:], reference) @ weights
    spread = text.std() if reference is None else text[reference].std()
    return text + side * max(float(spread), 1e-3)


def _kbli(b_levels: np.ndarray, o_levels: np.ndarray) -> np.ndarray:
    b_levels, o_levels = np.atleast_2d(b_levels), np.atleast_2d(o_levels)
    if b_levels.shape[0] == 1:
        return kbli_match(b_levels[0], o_levels)
    return kbli_match(o_levels[0], b_levels)
