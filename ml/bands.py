"""Bands that say how sure a suggestion is: high, medium or low.

A band is read off the suggestion's calibrated match probability (see
ml.calibrate), with thresholds chosen on judged data so that the words mean what
they say: most `high` suggestions are matches, few `low` ones are, and a strong
match that makes the top ten is rarely called `low`.
"""

BANDS = ("high", "medium", "low")
TARGETS = {"high_precision": 0.70, "low_match_rate": 0.25, "strong_high_or_medium": 0.80}


def band_of(probability: float, high: float, medium: float) -> str:
    """The band of a match probability, given the two thresholds."""
    if probability >= high:
        return "high"
    return "medium" if probability >= medium else "low"


def calibration(banded) -> dict:
    """How bands fared on judged suggestions.

    Parameters
    ----------
    banded : iterable of (kind, band, grade)
        One entry per suggestion shown; grade 2 strong, 1 plausible, 0 not a match.

    Returns
    -------
    dict
        Per band: suggestions, share judged a match, strong matches; the share of
        strong matches shown as high or medium; and whether each target holds.
    """
    banded = list(banded)
    bands = {}
    for band in BANDS:
        grades = [grade for _, b, grade in banded if b == band]
        bands[band] = {
            "count": len(grades),
            "match_rate": round(sum(g >= 1 for g in grades) / len(grades), 4) if grades else 0.0,
            "strong": sum(g >= 2 for g in grades),
        }
    strong = [b for _, b, grade in banded if grade >= 2]
    share = sum(b in ("high", "medium") for b in strong) / len(strong) if strong else 1.0
    return {
        "bands": bands,
        "strong_total": len(strong),
        "strong_high_or_medium": round(share, 4),
        "holds": {
            "high_precision": bands["high"]["count"] > 0
            and bands["high"]["match_rate"] >= TARGETS["high_precision"],
            "low_match_rate": bands["low"]["match_rate"] <= TARGETS["low_match_rate"],
            "strong_high_or_medium": share >= TARGETS["strong_high_or_medium"],
        },
    }
