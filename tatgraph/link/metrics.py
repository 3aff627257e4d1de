"""Metrics of proposed links against reference links: precision, recall, F1, Brier score,
expected calibration error and reliability bands.

>>> import numpy as np
>>> brier(np.array([0.9, 0.2]), np.array([True, False]))
0.025
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .table import FloatArray


@dataclass(frozen=True)
class Metrics:
    """Predicted vs true links."""

    predicted: int
    true: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"{self.hits}/{self.predicted} proposed are true (precision {self.precision:.2f}), "
            f"{self.hits}/{self.true} true found (recall {self.recall:.2f})"
        )


def compare(predicted: set[tuple[str, str]], true: set[tuple[str, str]]) -> Metrics:
    """Metrics of ``predicted`` (event, responds_to) pairs against ``true`` ones.

    >>> str(compare({("b", "a"), ("c", "a")}, {("b", "a")}))
    '1/2 proposed are true (precision 0.50), 1/1 true found (recall 1.00)'
    """
    return Metrics(len(predicted), len(true), len(predicted & true))


def reliability(
    conf: FloatArray, labels: NDArray[np.bool_], bins: int = 10
) -> list[tuple[float, float, int, float]]:
    """``(low, high, candidates, share true)`` per confidence band.

    >>> reliability(np.array([0.05, 0.95, 0.92]), np.array([False, True, True]), bins=2)
    [(0.0, 0.5, 1, 0.0), (0.5, 1.0, 2, 1.0)]
    """
    edges = np.linspace(0.0, 1.0, bins + 1)
    band = np.clip(np.digitize(conf, edges) - 1, 0, bins - 1)
    out = []
    for b in range(bins):
        mask = band == b
        share = float(labels[mask].mean()) if mask.any() else float("nan")
        out.append((float(edges[b]), float(edges[b + 1]), int(mask.sum()), share))
    return out


def expected_calibration_error(
    conf: FloatArray, labels: NDArray[np.bool_], bins: int = 10
) -> float:
    """Candidate-weighted mean gap between confidence and the share of true links per band."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    band = np.clip(np.digitize(conf, edges) - 1, 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = band == b
        if mask.any():
            total += mask.sum() * abs(float(conf[mask].mean()) - float(labels[mask].mean()))
    return float(total / max(len(conf), 1))


def brier(conf: FloatArray, labels: NDArray[np.bool_]) -> float:
    """Mean squared gap between probability and outcome (0 is perfect)."""
    if not len(conf):
        return 0.0
    return round(float(np.mean((conf - labels.astype(np.float64)) ** 2)), 12)
