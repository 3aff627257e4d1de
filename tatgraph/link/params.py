"""The settings of one inference run (the CLI options of ``tatgraph link``)."""

from __future__ import annotations

from dataclasses import dataclass

from .score import METHOD_VERSION

DEFAULT_MIN_CONFIDENCE = 0.3
"""The default threshold: near the one that maximises F1 on the calibration data (0.25-0.3
on the reference and million-event synthetic sets; for calibrated probabilities the
F1-optimal threshold is half the best F1). See docs/linking.md, "Which threshold"."""


@dataclass(frozen=True)
class LinkParams:
    """Settings of one inference run (the CLI options of ``tatgraph link``)."""

    window_hours: float = 336.0
    """How far back an answered event may lie (default 14 days)."""
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    """Links below this confidence are not proposed."""
    max_links: int = 3
    """At most this many links per answering event (the most confident)."""
    max_candidates: int = 16
    """Most recent candidates kept per bucket lookup (bounds the cost per event)."""
    cell_degrees: float = 2.0
    """Spatial bucket size; neighbours are searched, so ~2 cells of reach."""
    confidence: str = "score"
    """Which probability becomes the link's confidence: 'score' or 'hawkes'."""
    also_explained: bool = False
    """Also propose links for events that already answer something (stated/coded)."""

    def __post_init__(self) -> None:
        if self.window_hours <= 0:
            raise ValueError("window_hours must be positive")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError("min_confidence must be in [0, 1]")
        if self.max_links < 1 or self.max_candidates < 1:
            raise ValueError("max_links and max_candidates must be at least 1")
        if self.cell_degrees <= 0:
            raise ValueError("cell_degrees must be positive")
        if self.confidence not in ("score", "hawkes"):
            raise ValueError("confidence must be 'score' or 'hawkes'")

    @property
    def method(self) -> str:
        """The ``method`` text recorded on every inferred link.

        >>> LinkParams().method
        'tatgraph.link score-v4 confidence=score window=336h'
        """
        return (
            f"tatgraph.link {METHOD_VERSION} confidence={self.confidence} "
            f"window={self.window_hours:g}h"
        )
