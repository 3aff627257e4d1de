"""What the escalation map shows: events placed on the basemap, response arrows, a time strip.

:func:`map_selection` picks the events (a time window, a site, a side, a chain, or any of
these together); :func:`map_payload` turns them into the data the page draws, every
position already projected (SVG units) and every time in milliseconds since the epoch.

Places follow the events' ``geo_precision``: 1 is the site itself (a marker, one per site,
sized by its events and coloured by the perpetrator sides); 2 is *near* the site (a circle
of :data:`NEAR_KM` around it) and 3 only the *region* (the governorate or province the
site lies in, from the basemap): those are drawn as the area they stand for, not as a
point. Response arrows run from the answered event's site to the responder's.

>>> import tempfile, os
>>> from tatgraph.demo import build_graph
>>> with build_graph(os.path.join(tempfile.mkdtemp(), "g.lbdb")) as store:
...     chosen = map_selection(store, chain="ev_2023_03_23_kharab_al_jir_drone")
...     data = map_payload(store, chosen)
>>> len(data["events"]), len(data["links"]), len(data["sites"])
(6, 5, 6)
>>> sorted((e["geo"], e["area"]["kind"] if e["area"] else None) for e in data["events"])
[(1, None), (1, None), (1, None), (1, None), (2, 'near'), (3, 'region')]
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import networkx as nx

from .. import queries
from ..graph.store import GraphStore
from ..model import DEFAULT_TZ
from .constants import NODE_BUDGET
from .events import (
    EventSet,
    TimeScale,
    VizError,
    VizEvent,
    VizLink,
    lag_text,
    load_events,
    side_colour,
    side_label,
    window_events,
    window_ids,
)
from .geo import Basemap, Projection, basemap, basemap_svg, circle

NEAR_KM = 25.0
"""Radius of the circle drawn for an event *near* a site (geo_precision 2)."""
STRIP_WIDTH = 1000.0
"""Width of the time strip in its own units (the page scales it to fit)."""


@dataclass(frozen=True)
class Place:
    """Where an event happened, as the graph records it."""

    site_id: str
    site: str
    site_ar: str | None
    kind: str | None
    lat: float
    lon: float
    admin1: str | None
    country: str | None
    geo_precision: int | None


def event_places(store: GraphStore, ids: Iterable[str]) -> dict[str, Place]:
    """The place of each event that has a site (``event_places`` named query)."""
    wanted = list(ids)
    if not wanted:
        return {}
    return {
        r["event"]: Place(
            r["site_id"],
            r["site"],
            r["site_ar"],
            r["site_kind"],
            float(r["lat"]),
            float(r["lon"]),
            r["admin1"],
            r["country"],
            None if r["geo_precision"] is None else int(r["geo_precision"]),
        )
        for r in queries.run(store, "event_places", ids=wanted)
        if r["lat"] is not None and r["lon"] is not None
    }


def _links(store: GraphStore) -> list[VizLink]:
    return [
        VizLink(
            r["event"],
            r["responds_to"],
            r["basis"],
            r["confidence"],
            r["lag_hours"],
            r["cue"],
            r["source"],
        )
        for r in queries.run(store, "response_links")
    ]


def map_selection(
    store: GraphStore,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
    chain: str | None = None,
    max_nodes: int | None = NODE_BUDGET,
) -> EventSet:
    """The events the map shows and the response links among them.

    Without ``chain``: as :func:`~tatgraph.viz.events.window_events`. With ``chain`` (an
    event id): the events joined to it by response links, narrowed by the window, site and
    side when those are given too. Raises :class:`VizError` for an unknown event or more
    than ``max_nodes`` events.
    """
    if chain is None:
        return window_events(store, start, end, site=site, side=side, max_nodes=max_nodes)
    links = _links(store)
    graph = nx.Graph()
    graph.add_node(chain)
    graph.add_edges_from((lk.responds_to, lk.event) for lk in links)
    members = set(nx.node_connected_component(graph, chain))
    filtered = any(v is not None for v in (start, end, site, side))
    if filtered:
        members &= set(window_ids(store, start, end, site=site, side=side))
    if max_nodes is not None and len(members) > max_nodes:
        raise VizError(
            f"the chain of {chain} has {len(members)} events here, more than the "
            f"{max_nodes} one map can show legibly",
            hint="narrow it with --from/--to, --site or --side",
        )
    events = load_events(store, sorted(members))
    if chain not in events and not filtered:
        raise VizError(
            f"no event with id {chain!r} in this graph",
            hint="list chains and their events with `tatgraph chains`",
        )
    inside = [lk for lk in links if lk.event in events and lk.responds_to in events]
    whole = [lk for lk in links if lk.event in members or lk.responds_to in members]
    notes = []
    hidden = len({(lk.event, lk.responds_to) for lk in whole}) - len(inside)
    if filtered and hidden:
        notes.append(f"{hidden} response link(s) of this chain outside the selection not drawn.")
    if not events:
        notes.append("No event of this chain matches the selection.")
    first = next(iter(events.values()), None)
    title = (
        f"Chain of {len(events)} events from {first.kind.replace('_', ' ')} at "
        f"{first.site or 'unknown site'} on {first.when}"
        if first
        else f"Chain of {chain}"
    )
    return EventSet(title, events, inside, hidden if filtered else 0, notes)


def _ms(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp() * 1000)


def _figure(triple: tuple[int, int, int] | None) -> list[int] | None:
    return list(triple) if triple else None


def _curve(a: tuple[float, float], b: tuple[float, float], k: int) -> tuple[str, list[float]]:
    """SVG path of the k-th arrow from a to b (a loop when they coincide) and its middle."""
    (ax, ay), (bx, by) = a, b
    dist = math.hypot(bx - ax, by - ay)
    if dist < 1.0:
        r = 12.0 + 7.0 * k
        c1 = (ax - r, ay - 1.8 * r)
        c2 = (ax + r, ay - 1.8 * r)
        d = f"M{ax:.1f} {ay:.1f}C{c1[0]:.1f} {c1[1]:.1f} {c2[0]:.1f} {c2[1]:.1f} {ax:.1f} {ay:.1f}"
        return d, [round(ax, 1), round(ay - 1.35 * r, 1)]
    bend = (0.22 + 0.14 * (k // 2)) * (1 if k % 2 == 0 else -1)
    mx, my = (ax + bx) / 2, (ay + by) / 2
    nx_, ny_ = -(by - ay) / dist, (bx - ax) / dist
    cx, cy = mx + nx_ * dist * bend, my + ny_ * dist * bend
    # shorten both ends a little so that the arrow head stays clear of the marker
    cut = min(7.0, dist / 4)

    def towards(px: float, py: float, qx: float, qy: float) -> tuple[float, float]:
        length = math.hypot(qx - px, qy - py) or 1.0
        return px + (qx - px) * cut / length, py + (qy - py) * cut / length

    sx, sy = towards(ax, ay, cx, cy)
    ex, ey = towards(bx, by, cx, cy)
    d = f"M{sx:.1f} {sy:.1f}Q{cx:.1f} {cy:.1f} {ex:.1f} {ey:.1f}"
    mid = [round(0.25 * sx + 0.5 * cx + 0.25 * ex, 1), round(0.25 * sy + 0.5 * cy + 0.25 * ey, 1)]
    return d, mid


def _strip(events: list[VizEvent], links: list[VizLink]) -> dict[str, Any]:
    """The compact time strip: one bar per event window, quiet gaps cut short."""
    by_id = {e.id: e for e in events}
    times = [t for e in events for t in (e.start, e.end)]
    spans = [(by_id[lk.responds_to].start, by_id[lk.event].end) for lk in links]
    scale = TimeScale(times, spans=spans, pad_hours=6.0)
    px = STRIP_WIDTH / max(scale.total, 1e-9)
    rows_end: list[float] = []
    bars = []
    for e in sorted(events, key=lambda v: (v.start, v.end, v.id)):
        x0 = scale.x(e.start) * px
        x1 = max(scale.x(e.end) * px, x0 + 3.0)
        row = next((i for i, end in enumerate(rows_end) if end + 2.0 <= x0), len(rows_end))
        if row == len(rows_end):
            rows_end.append(x1)
        else:
            rows_end[row] = x1
        bars.append({"id": e.id, "x0": round(x0, 2), "x1": round(x1, 2), "row": row})
    segments = [
        {
            "t0": _ms(s.start),
            "t1": _ms(s.end),
            "x0": round(s.offset * px, 3),
            "x1": round((s.offset + s.hours) * px, 3),
        }
        for s in scale.segments
    ]
    ticks = [
        {"x": round(x * px, 1), "label": label}
        for x, label in scale.ticks(90.0 / px)
        if 0 <= x * px <= STRIP_WIDTH
    ]
    breaks = [
        {"x": round(x * px, 1), "label": f"≈ {skipped.days} d"} for x, skipped in scale.breaks
    ]
    return {
        "width": STRIP_WIDTH,
        "rows": max(len(rows_end), 1),
        "bars": bars,
        "segments": segments,
        "ticks": ticks,
        "breaks": breaks,
    }


def _chains(events: dict[str, VizEvent], links: list[VizLink]) -> dict[str, int]:
    """Chain number of each event (events joined by links drawn here share one)."""
    graph = nx.Graph()
    graph.add_nodes_from(events)
    graph.add_edges_from((lk.event, lk.responds_to) for lk in links)
    parts = sorted(nx.connected_components(graph), key=lambda c: min(events[i].start for i in c))
    return {eid: n for n, part in enumerate(parts) for eid in part}


def map_payload(
    store: GraphStore,
    events: EventSet,
    *,
    base: Basemap | None = None,
    projection: Projection | None = None,
) -> dict[str, Any]:
    """Everything the map page draws, as JSON-ready data (see the module docstring)."""
    base = base or basemap()
    proj = projection or Projection(base.bbox)
    evs = list(events.events.values())
    places = event_places(store, events.events)
    sites: dict[str, dict[str, Any]] = {}
    out_events: list[dict[str, Any]] = []
    index = {e.id: i for i, e in enumerate(evs)}
    chain_of = _chains(events.events, events.links)
    for e in evs:
        place = places.get(e.id)
        site_index = None
        area = None
        if place is not None:
            if place.site_id not in sites:
                x, y = proj.xy(place.lon, place.lat)
                region = base.area_at(place.lon, place.lat)
                sites[place.site_id] = {
                    "id": place.site_id,
                    "name": place.site,
                    "name_ar": place.site_ar,
                    "kind": (place.kind or "").replace("_", " "),
                    "admin1": place.admin1 or (region.name if region else None),
                    "country": place.country,
                    "x": round(x, 1),
                    "y": round(y, 1),
                    "_region": region,
                    "_lonlat": (place.lon, place.lat),
                }
            site_index = list(sites).index(place.site_id)
            info = sites[place.site_id]
            if place.geo_precision == 2:
                lon, lat = info["_lonlat"]
                area = {
                    "kind": "near",
                    "label": f"near {place.site} (drawn within {NEAR_KM:g} km)",
                    "d": proj.path([circle(lon, lat, NEAR_KM)]),
                }
            elif place.geo_precision is not None and place.geo_precision >= 3:
                region = info["_region"]
                if region is not None:
                    area = {
                        "kind": "region",
                        "label": f"somewhere in {region.name} ({region.type or 'area'}, "
                        f"{region.country})",
                        "d": proj.path([ring for poly in region.polygons for ring in poly]),
                    }
                else:
                    lon, lat = info["_lonlat"]
                    area = {
                        "kind": "region",
                        "label": f"the region of {place.site} (drawn within 60 km)",
                        "d": proj.path([circle(lon, lat, 60.0)]),
                    }
        out_events.append(
            {
                "id": e.id,
                "kind": e.kind.replace("_", " "),
                "when": e.when,
                "tz": e.tz,
                "precision": e.precision,
                "start": _ms(e.start),
                "end": _ms(e.end),
                "side": e.lane,
                "perpetrators": [list(p) for p in e.perpetrators],
                "targets": [list(t) for t in e.targets],
                "killed": _figure(e.killed),
                "injured": _figure(e.injured),
                "munitions": e.munitions,
                "summary": e.summary,
                "background": e.background,
                "site": site_index,
                "geo": None if place is None else place.geo_precision,
                "area": area,
                "chain": chain_of[e.id],
                "claims": [
                    {
                        "claimant": c.claimant,
                        "outlet": c.outlet,
                        "published": c.published.date().isoformat() if c.published else None,
                        "killed": c.killed,
                        "injured": c.injured,
                        "munitions": c.munitions,
                        "responsibility": c.responsibility,
                        "responsible": c.responsible,
                        "hedged": c.hedged,
                        "quote": c.quote,
                    }
                    for c in e.claims
                ],
            }
        )
    site_list = [{k: v for k, v in s.items() if not k.startswith("_")} for s in sites.values()]
    out_links = []
    seen_pairs: dict[tuple[int, int], int] = {}
    for lk in events.links:
        a, b = out_events[index[lk.responds_to]], out_events[index[lk.event]]
        link: dict[str, Any] = {
            "from": index[lk.responds_to],
            "to": index[lk.event],
            "basis": lk.basis,
            "confidence": lk.confidence,
            "lag": lag_text(lk.lag_hours),
            "lag_hours": lk.lag_hours,
            "cue": lk.cue,
            "source": lk.source,
            "d": None,
            "mid": None,
        }
        if a["site"] is not None and b["site"] is not None:
            pa, pb = site_list[a["site"]], site_list[b["site"]]
            pair = (min(a["site"], b["site"]), max(a["site"], b["site"]))
            k = seen_pairs.get(pair, 0)
            seen_pairs[pair] = k + 1
            link["d"], link["mid"] = _curve((pa["x"], pa["y"]), (pb["x"], pb["y"]), k)
        out_links.append(link)
    sides = sorted({e.lane for e in evs} | {s for e in evs for _, s in e.targets})
    unplaced = sum(1 for e in out_events if e["site"] is None)
    notes = list(events.notes)
    if unplaced:
        notes.append(f"{unplaced} event(s) have no site and are listed but not on the map.")
    return {
        "title": events.title,
        "notes": notes,
        "attribution": base.attribution,
        "base": basemap_svg(proj, base),
        "sides": {s: {"label": side_label(s), "colour": side_colour(s)} for s in sides},
        "sites": site_list,
        "events": out_events,
        "links": out_links,
        "strip": _strip(evs, events.links) if evs else None,
        "near_km": NEAR_KM,
        "tz": DEFAULT_TZ,
    }


__all__ = ["NEAR_KM", "Place", "event_places", "map_payload", "map_selection"]
