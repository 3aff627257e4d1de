"""Views of the graph: interactive chain HTML, timeline charts, and exports for Gephi.

- :func:`chain_html` — the chain an event belongs to, as one offline HTML file;
- :func:`subgraph_html` — the events of a period (optionally one site or side), same view;
- :func:`save_timeline` / :func:`timeline_figure` — the swimlane chart (PNG, SVG, PDF);
- :func:`lag_figure` — response lags per dyad;
- :func:`to_networkx` and :func:`export` — GraphML, GEXF, JSON, GeoJSON or Parquet;
- :func:`map_view` / :func:`map_html` — the escalation map (sites, areas, response arrows,
  time playback) inline in a notebook or as one offline HTML file.

Views that would be unreadable (more than :data:`NODE_BUDGET` events) are refused with a
:class:`VizError` that says how to narrow the selection.

>>> import tempfile, os
>>> from pathlib import Path
>>> from tatgraph.demo import build_graph
>>> from tatgraph.viz import chain_html, save_timeline, to_networkx
>>> tmp = Path(tempfile.mkdtemp())
>>> with build_graph(tmp / "g.lbdb") as store:
...     page = chain_html(store, "ev_2023_03_23_kharab_al_jir_drone", tmp / "chain.html")
...     image = save_timeline(store, tmp / "timeline.png", "2023-03-01", "2023-03-31")
...     g = to_networkx(store, site="al_omar")
>>> page.stat().st_size > 100_000, image.read_bytes()[:4] == b"\\x89PNG", g.number_of_nodes()
(True, True, 6)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ..errors import VizError
from .constants import NODE_BUDGET, ExportFormat

if TYPE_CHECKING:
    from .chain import chain_html, render_html, subgraph_html, tooltip_html
    from .events import EventSet, chain_events, resolve_window, window_events
    from .exports import export, graph_of, to_networkx
    from .map import MapView, map_html, map_view
    from .tables import write_geojson, write_parquet
    from .timeline import lag_figure, save_figure, save_timeline, timeline_figure

# Imported on first use: matplotlib and pyvis take a second to load, which the commands
# that do not draw should not pay.
_LAZY = {
    "chain_html": "chain",
    "render_html": "chain",
    "subgraph_html": "chain",
    "tooltip_html": "chain",
    "EventSet": "events",
    "chain_events": "events",
    "resolve_window": "events",
    "window_events": "events",
    "export": "exports",
    "graph_of": "exports",
    "to_networkx": "exports",
    "MapView": "map",
    "map_html": "map",
    "map_view": "map",
    "write_geojson": "tables",
    "write_parquet": "tables",
    "lag_figure": "timeline",
    "save_figure": "timeline",
    "save_timeline": "timeline",
    "timeline_figure": "timeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "NODE_BUDGET",
    "EventSet",
    "ExportFormat",
    "MapView",
    "VizError",
    "chain_events",
    "chain_html",
    "export",
    "graph_of",
    "lag_figure",
    "map_html",
    "map_view",
    "render_html",
    "resolve_window",
    "save_figure",
    "save_timeline",
    "subgraph_html",
    "timeline_figure",
    "to_networkx",
    "tooltip_html",
    "window_events",
    "write_geojson",
    "write_parquet",
]
