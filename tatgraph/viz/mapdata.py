"""What the escalation map draws event by event: places on the basemap, arrows, a time strip.

:func:`detail_payload` turns a :class:`~tatgraph.viz.mapselect.Selection` into the data the
page draws, every position already projected (SVG units) and every time in milliseconds
since the epoch. (Selections above the detail limit become the density view instead:
:mod:`tatgraph.viz.mapdensity`.)

Places follow the events' ``geo_precision``: 1 is the site itself (a marker, one per site,
sized by its events and coloured by the perpetrator sides); 2 is *near* the site (a circle
of :data:`NEAR_KM` around it) and 3 only the *region* (the governorate or province the
site lies in, from the basemap): those are drawn as the area they stand for, not as a
point. Response arrows run from the answered event's site to the responder's. Events the
map cannot place (no site, or a site without coordinates) stay in the list and are counted
in a note, with the reason.

>>> import tempfile, os
>>> from tatgraph.demo import build_graph
>>> from tatgraph.viz.mapselect import select_events
>>> with build_graph(os.path.join(tempfile.mkdtemp(), "g.lbdb")) as store:
...     chosen = select_events(store, chain="ev_2023_03_23_kharab_al_jir_drone")
...     data = detail_payload(store, chosen)
>>> len(data["events"]), len(data["links"]), len(data["sites"])
(6, 5, 6)
>>> sorted((e["geo"], e["area"]["kind"] if e["area"] else None) for e in data["events"])
[(1, None), (1, None), (1, None), (1, None), (2, 'near'), (3, 'region')]
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import networkx as nx

from .. import queries
from ..graph.store import GraphStore
from ..model import DEFAULT_TZ
from .events import VizEvent, VizLink, load_events
from .geo import Basemap, Projection, basemap, basemap_svg
from .mapselect import Selection
from .scale import TimeScale
from .style import lag_text, side_colour, side_label

NEAR_KM = 25.0
"""Radius of the circle drawn for an event *near* a site (geo_precision 2)."""
REGION_KM = 60.0
"""Radius drawn for an event known only to the region of a site outside the basemap's areas."""
STRIP_WIDTH = 1000.0
"""Width of the time strip in its own units (the page scales it to fit)."""
CHUNK = 2000
"""Event ids per query for the id-list queries."""


@dataclass(frozen=True)
class Place:
    """Where an event happened, as the graph records it (coordinates may be missing)."""

    site_id: str
    site: str
    site_ar: str | None
    kind: str | None
    lat: float | None
    lon: float | None
    admin1: str | None
    country: str | None
    geo_precision: int | None

    @property
    def placed(self) -> bool:
        return self.lat is not None and self.lon is not None


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def event_places(store: GraphStore, ids: Iterable[str]) -> dict[str, Place]:
    """The place of each event that has a site (``event_places`` named query)."""
    out: dict[str, Place] = {}
    for part in _chunks(list(dict.fromkeys(ids))):
        for r in queries.run(store, "event_places", ids=part):
            out[r["event"]] = Place(
                r["site_id"],
                r["site"],
                r["site_ar"],
                r["site_kind"],
                None if r["lat"] is None else float(r["lat"]),
                None if r["lon"] is None else float(r["lon"]),
                r["admin1"],
                r["country"],
                None if r["geo_precision"] is None else int(r["geo_precision"]),
            )
    return out


def event_claims(store: GraphStore, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The claims of each event, as the details panel shows them (batched queries)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for part in _chunks(list(ids)):
        for r in queries.run(store, "claims_for_events", ids=part):
            out.setdefault(r["event"], []).append(
                {
                    "claimant": r["claimant"],
                    "outlet": r["outlet"],
                    "published": r["published"].date().isoformat() if r["published"] else None,
                    "killed": r["killed"],
                    "injured": r["injured"],
                    "munitions": json.loads(r["munitions"]) if r["munitions"] else {},
                    "responsibility": r["responsibility"],
                    "responsible": r["responsible"],
                    "hedged": bool(r["hedged"]),
                    "quote": r["quote"],
                }
            )
    return out


def ms(moment: datetime) -> int:
    """Milliseconds since the epoch (what the page's clock counts in)."""
    return int(moment.astimezone(UTC).timestamp() * 1000)


def _figure(triple: tuple[int, int, int] | None) -> list[int] | None:
    return list(triple) if triple else None


def curve(a: tuple[float, float], b: tuple[float, float], k: int) -> tuple[str, list[float]]:
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
            "t0": ms(s.start),
            "t1": ms(s.end),
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


def unplaced_note(
    reasons: Counter[str], where: str = "they are in the list with the reason"
) -> str | None:
    """One sentence saying how many events the map could not place, why, and where they are."""
    if not reasons:
        return None
    total = sum(reasons.values())
    why = "; ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
    return f"{total} event(s) are not on the map ({why}); {where}."


def site_entry(place: Place, proj: Projection, base: Basemap) -> tuple[dict[str, Any], int | None]:
    """A site as the page draws it, and the index of the basemap area it lies in."""
    if place.lon is None or place.lat is None:
        raise ValueError(f"site {place.site_id} has no coordinates")
    x, y = proj.xy(place.lon, place.lat)
    area = base.area_index_at(place.lon, place.lat)
    return {
        "id": place.site_id,
        "name": place.site,
        "name_ar": place.site_ar,
        "kind": (place.kind or "").replace("_", " "),
        "admin1": place.admin1 or (base.areas[area].name if area is not None else None),
        "country": place.country,
        "x": round(x, 1),
        "y": round(y, 1),
    }, area


def _area(
    place: Place, site: dict[str, Any], area: int | None, proj: Projection, base: Basemap
) -> dict[str, Any] | None:
    """What a geo_precision 2 or 3 event is drawn as: a circle near its site or a region."""
    if place.geo_precision == 2:
        return {
            "kind": "near",
            "label": f"near {place.site} (drawn within {NEAR_KM:g} km)",
            "cx": site["x"],
            "cy": site["y"],
            "r": round(proj.km(NEAR_KM), 1),
        }
    if place.geo_precision is not None and place.geo_precision >= 3:
        if area is not None:
            region = base.areas[area]
            return {
                "kind": "region",
                "label": f"somewhere in {region.name} ({region.type or 'area'}, {region.country})",
                "area": area,
            }
        return {
            "kind": "region",
            "label": f"the region of {place.site} (drawn within {REGION_KM:g} km)",
            "cx": site["x"],
            "cy": site["y"],
            "r": round(proj.km(REGION_KM), 1),
        }
    return None


def _event(e: VizEvent, claims: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind.replace("_", " "),
        "when": e.when,
        "tz": e.tz,
        "precision": e.precision,
        "start": ms(e.start),
        "end": ms(e.end),
        "side": e.lane,
        "perpetrators": [list(p) for p in e.perpetrators],
        "targets": [list(t) for t in e.targets],
        "killed": _figure(e.killed),
        "injured": _figure(e.injured),
        "munitions": e.munitions,
        "summary": e.summary,
        "background": e.background,
        "claims": claims,
    }


def detail_payload(
    store: GraphStore,
    selection: Selection,
    *,
    base: Basemap | None = None,
    projection: Projection | None = None,
) -> dict[str, Any]:
    """Everything the detailed map page draws, as JSON-ready data (see the module docs)."""
    base = base or basemap()
    proj = projection or Projection(base.bbox)
    events = load_events(store, selection.ids, claims=False)
    evs = list(events.values())
    places = event_places(store, events)
    claims = event_claims(store, list(events))
    sites: dict[str, dict[str, Any]] = {}
    areas: dict[str, int | None] = {}
    out_events: list[dict[str, Any]] = []
    index = {e.id: i for i, e in enumerate(evs)}
    chain_of = _chains(events, selection.links)
    unplaced: Counter[str] = Counter()
    outside = 0
    for e in evs:
        place = places.get(e.id)
        row = _event(e, claims.get(e.id, []))
        row.update(site=None, geo=None, area=None, chain=chain_of[e.id], unplaced=None)
        if place is None:
            row["unplaced"] = "no site recorded"
        elif not place.placed:
            row["unplaced"] = f"its site {place.site} has no coordinates"
            row["geo"] = place.geo_precision
        else:
            if place.site_id not in sites:
                sites[place.site_id], areas[place.site_id] = site_entry(place, proj, base)
                x, y = sites[place.site_id]["x"], sites[place.site_id]["y"]
                outside += not (0 <= x <= proj.width and 0 <= y <= proj.height)
            info = sites[place.site_id]
            row["site"] = list(sites).index(place.site_id)
            row["geo"] = place.geo_precision
            row["area"] = _area(place, info, areas[place.site_id], proj, base)
        if row["unplaced"]:
            unplaced["without a site" if place is None else "at a site without coordinates"] += 1
        out_events.append(row)
    site_list = list(sites.values())
    out_links = []
    seen_pairs: dict[tuple[int, int], int] = {}
    for lk in selection.links:
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
            link["d"], link["mid"] = curve((pa["x"], pa["y"]), (pb["x"], pb["y"]), k)
        out_links.append(link)
    sides = sorted({e.lane for e in evs} | {s for e in evs for _, s in e.targets})
    notes = list(selection.notes)
    note = unplaced_note(unplaced)
    if note:
        notes.append(note)
    undrawn = sum(1 for lk in out_links if lk["d"] is None)
    if undrawn:
        notes.append(
            f"{undrawn} response link(s) join an event the map cannot place: listed in the "
            "event's chain, not drawn."
        )
    if outside:
        notes.append(f"{outside} site(s) lie beyond the basemap's edge (drawn, on no map).")
    return {
        "mode": "detail",
        "title": selection.title,
        "notes": notes,
        "attribution": base.attribution,
        "base": basemap_svg(proj, base),
        "sides": {s: {"label": side_label(s), "colour": side_colour(s)} for s in sides},
        "sites": site_list,
        "events": out_events,
        "links": out_links,
        "unplaced": dict(unplaced),
        "strip": _strip(evs, selection.links) if evs else None,
        "near_km": NEAR_KM,
        "tz": DEFAULT_TZ,
    }


__all__ = [
    "NEAR_KM",
    "Place",
    "curve",
    "detail_payload",
    "event_claims",
    "event_places",
    "ms",
    "site_entry",
    "unplaced_note",
]
