"""From a suggestion's text score to a match probability and a band.

The mapping is fitted offline on judged sets (bench.tune, folds split by company) and
shipped in ml/data/calibration.json with the figures it was chosen on: a logistic
curve per kind over the text score, and the two probability thresholds of the bands.
The score people see is this probability, so it reads the same in both directions and
across queries (the broker desk and the cohort allocation compare scores of many
queries).
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from ml.bands import band_of

PATH = Path(__file__).parent / "data" / "calibration.json"


@dataclass
class Calibration:
    """Per kind, (intercept, slope) of a logistic curve over the text score, and the
    band thresholds (high, medium) on the resulting probability."""

    curves: dict[str, tuple[float, float]] = field(default_factory=dict)
    thresholds: dict[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def default(cls) -> "Calibration":
        """The calibration shipped in ml/data/calibration.json."""
        data = json.loads(PATH.read_text(encoding="utf-8"))
        return cls(
            curves={k: tuple(v) for k, v in data["curves"].items()},
            thresholds={k: tuple(v) for k, v in data["thresholds"].items()},
        )

    def probability(self, kind: str, text: float) -> float:
        """The match probability of a pair whose text score is `text`."""
        intercept, slope = self.curves[kind]
        return 1.0 / (1.0 + math.exp(-(intercept + slope * float(text))))

    def below_medium(self, kind: str) -> float:
        """A probability just under the `medium` band: the most a pair the offer rules out
        may show."""
        return max(0.0, self.thresholds[kind][1] - 0.001)

    def band(self, kind: str, probability: float) -> str:
        """ "high", "medium" or "low"."""
        high, medium = self.thresholds[kind]
        return band_of(probability, high, medium)
