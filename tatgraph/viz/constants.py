"""Settings the views and the CLI share, in a module cheap to import (no plotting libraries).

>>> ExportFormat("gexf") is ExportFormat.GEXF, NODE_BUDGET
(True, 300)
"""

from __future__ import annotations

from enum import StrEnum

NODE_BUDGET = 300
"""Most events one interactive view draws; above it the views refuse, with a hint."""


class ExportFormat(StrEnum):
    """File formats :func:`tatgraph.viz.export` writes."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    GEOJSON = "geojson"
    PARQUET = "parquet"


__all__ = ["NODE_BUDGET", "ExportFormat"]
