"""Exports: events and RESPONDS_TO links as a networkx graph, GraphML, GEXF (Gephi) or JSON
(GeoJSON and Parquet: :mod:`tatgraph.viz.tables`).

Nodes are events; an edge runs from the responding event to the event it answers, as
RESPONDS_TO does in the graph. Attributes are plain scalars (text, numbers, booleans: lists
joined with ``"; "``, munitions as JSON text, times as ISO-8601 UTC) and a missing value is
left out rather than written as an empty string, so every format keeps the same data.

>>> import tempfile, os
>>> from pathlib import Path
>>> from tatgraph.demo import build_graph
>>> tmp = Path(tempfile.mkdtemp())
>>> with build_graph(tmp / "g.lbdb") as store:
...     g = to_networkx(store)
...     _ = export(store, tmp / "events.gexf")
>>> g.number_of_nodes(), g.number_of_edges()
(22, 14)
>>> g.edges["ev_2022_08_24_conoco_rockets", "ev_2022_08_23_ayyash_us_airstrikes"]["lag_hours"]
23.0
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from .. import __version__
from ..graph.store import GraphStore
from .constants import ExportFormat
from .events import (
    LANE_ORDER,
    EventSet,
    VizError,
    VizEvent,
    node_size,
    side_colour,
    side_label,
    window_events,
)
from .scale import TimeScale


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _node_attrs(e: VizEvent) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "label": f"{e.kind} @ {e.site or 'unknown site'} ({e.when})",
        "kind": e.kind,
        "start_utc": _iso(e.start),
        "end_utc": _iso(e.end),
        "mid_utc": _iso(e.midpoint),
        "precision": e.precision,
        "tz": e.tz,
        "when": e.when,
        "summary": e.summary,
        "background": e.background,
        "side": e.lane,
        "side_label": side_label(e.lane),
        "perpetrators": "; ".join(a for a, _ in e.perpetrators),
        "perpetrator_sides": "; ".join(e.sides),
        "targets": "; ".join(a for a, _ in e.targets),
        "target_sides": "; ".join(sorted({s for _, s in e.targets})),
        "claims": e.claim_count,
    }
    if e.site_id:
        attrs["site_id"] = e.site_id
    if e.site:
        attrs["site"] = e.site
    for what, triple in (("killed", e.killed), ("injured", e.injured)):
        if triple is not None:
            attrs[f"{what}_low"], attrs[f"{what}_best"], attrs[f"{what}_high"] = triple
    if e.munitions:
        attrs["munitions"] = json.dumps(e.munitions, sort_keys=True)
    return {k: v for k, v in attrs.items() if v != ""}


def graph_of(events: EventSet) -> nx.DiGraph:
    """An event set as a networkx DiGraph (responding event → answered event)."""
    graph = nx.DiGraph(name=events.title, generator=f"tatgraph {__version__}")
    for e in events.events.values():
        graph.add_node(e.id, **_node_attrs(e))
    for lk in events.links:
        attrs: dict[str, Any] = {
            "type": "RESPONDS_TO",
            "basis": lk.basis,
            "confidence": lk.confidence,
            "lag_hours": lk.lag_hours,
            "cue": lk.cue,
            "source": lk.source,
        }
        graph.add_edge(
            lk.event, lk.responds_to, **{k: v for k, v in attrs.items() if v is not None}
        )
    return graph


def to_networkx(
    store: GraphStore,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
) -> nx.DiGraph:
    """Events (all, or those a window/site/side selects) and the RESPONDS_TO links among them.

    Selection as :func:`~tatgraph.viz.events.window_events`, without a node budget. Node
    attributes: kind, start_utc/end_utc/mid_utc, precision, tz, when, summary, background,
    site_id, site, side (the lane), perpetrators, targets, killed_/injured_low/best/high,
    munitions (JSON) and the number of claims; edge attributes: type, basis, confidence,
    lag_hours, cue, source.
    """
    events = window_events(store, start, end, site=site, side=side, max_nodes=None, claims=False)
    return graph_of(events)


def _hex_rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 forbids (C0 controls but tab, newline and carriage return)."""


def xml_safe(graph: nx.DiGraph) -> nx.DiGraph:
    r"""A copy of ``graph`` whose text attributes hold no character XML 1.0 forbids: each is
    written as a visible ``\xNN`` escape, so GraphML and GEXF files open in every XML
    reader (notes and names copied from sources may carry control characters).

    >>> g = nx.DiGraph()
    >>> g.add_node("a", summary="bell\x07 and tab\t")
    >>> xml_safe(g).nodes["a"]["summary"]
    'bell\\x07 and tab\t'
    """

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
        return value

    out = nx.DiGraph()
    out.graph = {k: clean(v) for k, v in graph.graph.items()}
    out.add_nodes_from(
        (clean(n), {k: clean(v) for k, v in d.items()}) for n, d in graph.nodes(data=True)
    )
    out.add_edges_from(
        (clean(a), clean(b), {k: clean(v) for k, v in d.items()})
        for a, b, d in graph.edges(data=True)
    )
    return out


def write_graphml(graph: nx.DiGraph, path: str | Path) -> Path:
    """Write a graph from :func:`to_networkx` as GraphML (yEd, Cytoscape, Gephi, igraph)."""
    out = _prepare(path)
    plain = xml_safe(graph)
    plain.graph = {k: v for k, v in graph.graph.items() if isinstance(v, str | int | float)}
    nx.write_graphml(plain, out, named_key_ids=True)
    return out


def write_gexf(graph: nx.DiGraph, path: str | Path) -> Path:
    """Write a graph as GEXF for Gephi, with each node's colour, size and time-ordered position.

    Positions put time on x (quiet gaps cut short, as in the other views) and one band per
    perpetrator side on y, so the file opens laid out like the chain view.
    """
    out = _prepare(path)
    styled = xml_safe(graph)
    mids = {
        n: datetime.fromisoformat(d["mid_utc"].replace("Z", "+00:00"))
        for n, d in graph.nodes(data=True)
    }
    scale = TimeScale(list(mids.values()))
    used = {d["side"] for _, d in graph.nodes(data=True)}
    lanes = [lane for lane in LANE_ORDER if lane in used] + sorted(used - set(LANE_ORDER))
    for n, d in styled.nodes(data=True):
        d["viz"] = {
            "color": {**_hex_rgb(side_colour(d["side"])), "a": 1.0},
            "size": node_size(d.get("killed_best"), d.get("injured_best")),
            "position": {
                "x": round(scale.x(mids[n]) * 10, 2),
                "y": -100.0 * lanes.index(d["side"]),
                "z": 0.0,
            },
        }
    styled.graph = {"mode": "static"}
    nx.write_gexf(styled, out)
    return out


def node_link(graph: nx.DiGraph) -> dict[str, Any]:
    """The graph as node-link JSON data (``nx.node_link_graph(data, edges="links")`` reads it).

    >>> g = nx.DiGraph()
    >>> g.add_edge("b", "a", lag_hours=2.0)
    >>> node_link(g)["links"]
    [{'source': 'b', 'target': 'a', 'lag_hours': 2.0}]
    """
    return {
        "directed": True,
        "multigraph": False,
        "graph": dict(graph.graph),
        "nodes": [{"id": n, **d} for n, d in graph.nodes(data=True)],
        "links": [{"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)],
    }


def write_json(graph: nx.DiGraph, path: str | Path) -> Path:
    """Write a graph as node-link JSON (UTF-8, Arabic text kept as is)."""
    out = _prepare(path)
    out.write_text(
        json.dumps(node_link(graph), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return out


def _prepare(path: str | Path) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


WRITERS = {
    ExportFormat.GRAPHML: write_graphml,
    ExportFormat.GEXF: write_gexf,
    ExportFormat.JSON: write_json,
}


def export(
    store: GraphStore,
    path: str | Path,
    fmt: ExportFormat | str | None = None,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
) -> Path:
    """Export the selected events and links to ``path``; the format defaults to the suffix.

    GeoJSON and Parquet come from :mod:`tatgraph.viz.tables` (Parquet: ``path`` is a folder
    that receives events.parquet, claims.parquet and links.parquet).
    """
    out = Path(path)
    name = fmt or out.suffix.lower().lstrip(".")
    try:
        chosen = ExportFormat(name)
    except ValueError:
        raise VizError(
            f"unknown export format {name!r}" if name else f"no export format for {out.name!r}",
            hint="use --format graphml, gexf, json, geojson or parquet (or a file ending in "
            "one of those; parquet writes a folder)",
        ) from None
    if chosen in (ExportFormat.GEOJSON, ExportFormat.PARQUET):
        from .tables import write_geojson, write_parquet

        writer = write_geojson if chosen is ExportFormat.GEOJSON else write_parquet
        return writer(store, out, start, end, site=site, side=side)
    return WRITERS[chosen](to_networkx(store, start, end, site=site, side=side), out)


__all__ = [
    "ExportFormat",
    "export",
    "graph_of",
    "node_link",
    "to_networkx",
    "write_gexf",
    "write_graphml",
    "write_json",
]
