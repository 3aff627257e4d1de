"""Settings the views and the CLI share, in a module cheap to import (no plotting libraries).

>>> ExportFormat("gexf") is ExportFormat.GEXF, NODE_BUDGET
(True, 300)
"""

from __future__ import annotations

from enum import StrEnum

NODE_BUDGET = 300
"""Most events one interactive view draws; above it the views refuse, with a hint."""

DENSITY_LIMIT = 1500
"""Above this many events the timeline is a density view: events per period and lane (one
marker per event would be unreadable, and drawing 168k of them took minutes and gigabytes)."""
LEFT_IN, RIGHT_IN, TOP_IN, BOTTOM_IN = 1.9, 0.3, 0.7, 1.35
"""Timeline margins in inches (lane names, title, time axis and legend)."""


class ExportFormat(StrEnum):
    """File formats :func:`tatgraph.viz.export` writes."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    GEOJSON = "geojson"
    PARQUET = "parquet"


__all__ = [
    "BOTTOM_IN",
    "DENSITY_LIMIT",
    "LEFT_IN",
    "NODE_BUDGET",
    "RIGHT_IN",
    "TOP_IN",
    "ExportFormat",
]
