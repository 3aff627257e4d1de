"""The escalation map above its detail limit: events counted per site and period.

One marker per event (with its claims and chain) stops being readable, and the page stops
being small, somewhere in the hundreds of events. Above the limit the map becomes a
*density view*, as the timeline does above its own limit: each site is one marker whose
area grows with the number of events at or near it (slices by perpetrator side), events
known only to their region shade that governorate or province, and response links are
summed into one arrow per pair of sites (width by how many). Time runs in fixed periods
(day, week, 30-day period, quarter or year, the finest giving at most :data:`MAX_BINS`); an
event counts in the period its window *starts* in, so the slider shows, as in the detailed
view, the events whose windows have started. The page's size depends on the number of
sites and periods, not of events.

>>> import tempfile, os
>>> from tatgraph.demo import build_graph
>>> from tatgraph.viz.mapselect import select_events
>>> with build_graph(os.path.join(tempfile.mkdtemp(), "g.lbdb")) as store:
...     data = density_payload(select_events(store))
>>> data["mode"], data["total"], data["period"]
('density', 22, 'week')
>>> sum(s["total"] for s in data["sites"]) + sum(r["total"] for r in data["regions"])
21
>>> data["unplaced"]
{'without a site': 1}
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from typing import Any

from ..model import DEFAULT_TZ
from .geo import Basemap, Projection, basemap, basemap_svg
from .mapdata import NEAR_KM, curve, ms, unplaced_note
from .mapselect import MapEvent, Selection
from .style import lag_text, side_colour, side_label

PERIODS: tuple[tuple[str, int], ...] = (
    ("day", 1),
    ("week", 7),
    ("30-day period", 30),
    ("quarter", 91),
    ("year", 365),
)
"""Period lengths (days); the finest giving at most :data:`MAX_BINS` periods is used."""
MAX_BINS = 250
MAX_FLOWS = 300
"""Most site-to-site arrows drawn (the busiest pairs); the rest are counted in a note."""
DAY_MS = 86_400_000


def _period(rows: list[MapEvent]) -> tuple[str, int, int, int]:
    """(name, step in ms, first period start in ms, number of periods)."""
    first = min(ms(r.start) for r in rows)
    last = max(ms(r.start) for r in rows)
    t0 = first - first % DAY_MS
    days = (last - t0) // DAY_MS + 1
    name, step = next(((n, d) for n, d in PERIODS if days / d <= MAX_BINS), PERIODS[-1])
    return name, step * DAY_MS, t0, math.ceil(days / step)


def _flat(counts: Counter[tuple[int, int]]) -> list[int]:
    """``{(period, side): n}`` as ``[period, side, n, period, side, n, ...]``, in order."""
    out: list[int] = []
    for (b, s), n in sorted(counts.items()):
        out += [b, s, n]
    return out


def density_payload(
    selection: Selection,
    *,
    limit: int | None = None,
    base: Basemap | None = None,
    projection: Projection | None = None,
) -> dict[str, Any]:
    """Everything the density page draws, as JSON-ready data (see the module docstring).

    ``limit`` is the detail limit the selection went over (said on the page).
    """
    base = base or basemap()
    proj = projection or Projection(base.bbox)
    rows = selection.rows
    lanes = sorted({r.lane for r in rows}, key=lambda s: (s == "unidentified", s))
    side_index = {s: i for i, s in enumerate(lanes)}
    period, step, t0, n_bins = _period(rows) if rows else ("day", DAY_MS, 0, 0)

    def bin_of(r: MapEvent) -> int:
        return min((ms(r.start) - t0) // step, n_bins - 1)

    sites: dict[str, dict[str, Any]] = {}
    site_counts: dict[str, Counter[tuple[int, int]]] = defaultdict(Counter)
    site_kinds: dict[str, Counter[str]] = defaultdict(Counter)
    site_near: Counter[str] = Counter()
    region_counts: dict[int, Counter[tuple[int, int]]] = defaultdict(Counter)
    strip = [[0] * n_bins for _ in lanes]
    unplaced: Counter[str] = Counter()
    where: dict[str, str] = {}
    outside = 0
    for r in rows:
        b, s = bin_of(r), side_index[r.lane]
        strip[s][b] += 1
        if r.site_id is None:
            unplaced["without a site"] += 1
            continue
        if r.lat is None or r.lon is None:
            unplaced["at a site without coordinates"] += 1
            continue
        if r.site_id not in sites:
            x, y = proj.xy(r.lon, r.lat)
            area = base.area_index_at(r.lon, r.lat)
            sites[r.site_id] = {
                "id": r.site_id,
                "name": r.site or r.site_id,
                "x": round(x, 1),
                "y": round(y, 1),
                "admin1": base.areas[area].name if area is not None else None,
                "_area": area,
            }
            outside += not (0 <= x <= proj.width and 0 <= y <= proj.height)
        where[r.id] = r.site_id
        area = sites[r.site_id]["_area"]
        if r.geo_precision is not None and r.geo_precision >= 3 and area is not None:
            region_counts[area][b, s] += 1
            continue
        site_counts[r.site_id][b, s] += 1
        site_kinds[r.site_id][r.kind.replace("_", " ")] += 1
        if r.geo_precision is not None and r.geo_precision >= 2:
            site_near[r.site_id] += 1

    drawn = [sid for sid in sites if site_counts[sid]]
    # sites that only have region-precision events still anchor arrows, but get no marker
    anchors = drawn + [sid for sid in sites if not site_counts[sid]]
    site_pos = {sid: i for i, sid in enumerate(anchors)}
    site_list = []
    for sid in anchors:
        info = {k: v for k, v in sites[sid].items() if not k.startswith("_")}
        c = site_counts[sid]
        info.update(
            total=sum(c.values()),
            near=site_near[sid],
            kinds=dict(site_kinds[sid].most_common(5)),
            c=_flat(c),
        )
        site_list.append(info)
    regions = [
        {
            "area": a,
            "name": base.areas[a].name,
            "country": base.areas[a].country,
            "total": sum(c.values()),
            "c": _flat(c),
        }
        for a, c in sorted(region_counts.items())
    ]

    start_of = {r.id: r for r in rows}
    pairs: dict[tuple[int, int], list[Any]] = defaultdict(list)
    unplaced_links = 0
    for lk in selection.links:
        here, there = where.get(lk.responds_to), where.get(lk.event)
        if here is None or there is None:
            unplaced_links += 1
            continue
        pairs[site_pos[here], site_pos[there]].append(lk)
    ranked = sorted(pairs.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    flows = []
    seen: Counter[tuple[int, int]] = Counter()
    for (a, b), links in ranked[:MAX_FLOWS]:
        key = (min(a, b), max(a, b))
        pa, pb = site_list[a], site_list[b]
        d, mid = curve((pa["x"], pa["y"]), (pb["x"], pb["y"]), seen[key])
        seen[key] += 1
        when: Counter[int] = Counter(
            max(bin_of(start_of[lk.event]), bin_of(start_of[lk.responds_to])) for lk in links
        )
        lags = [lk.lag_hours for lk in links if lk.lag_hours is not None]
        confs = [lk.confidence for lk in links if lk.confidence is not None]
        flows.append(
            {
                "from": a,
                "to": b,
                "d": d,
                "mid": mid,
                "total": len(links),
                "c": [v for kv in sorted(when.items()) for v in kv],
                "basis": dict(Counter(lk.basis for lk in links).most_common()),
                "confidence": round(statistics.fmean(confs), 2) if confs else None,
                "lag": lag_text(statistics.median(lags)) if lags else "?",
            }
        )

    notes = list(selection.notes)
    if limit is not None:
        notes.insert(
            0,
            f"Density view: {len(rows):,} events are more than the {limit:,} the map draws one "
            f"by one, so it counts them per site and {period}. Narrow --from/--to, --site or "
            "--side (or raise --detail-limit) for each event, its claims and its chain.",
        )
    note = unplaced_note(unplaced, "they are counted in the time strip and the totals")
    if note:
        notes.append(note)
    if unplaced_links:
        notes.append(f"{unplaced_links} response link(s) join an event the map cannot place.")
    if len(ranked) > MAX_FLOWS:
        rest = sum(len(v) for _, v in ranked[MAX_FLOWS:])
        notes.append(
            f"Arrows for the {MAX_FLOWS} busiest pairs of sites; {len(ranked) - MAX_FLOWS} "
            f"quieter pairs ({rest} link(s)) are not drawn."
        )
    if outside:
        notes.append(f"{outside} site(s) lie beyond the basemap's edge (drawn, on no map).")
    return {
        "mode": "density",
        "title": selection.title,
        "notes": notes,
        "attribution": base.attribution,
        "base": basemap_svg(proj, base),
        "sides": {s: {"label": side_label(s), "colour": side_colour(s)} for s in lanes},
        "side_order": lanes,
        "total": len(rows),
        "period": period,
        "periods": "days" if period == "day" else period + "s",
        "t0": t0,
        "step": step,
        "bins": n_bins,
        "sites": site_list,
        "regions": regions,
        "flows": flows,
        "strip": strip,
        "unplaced": dict(unplaced),
        "near_km": NEAR_KM,
        "tz": DEFAULT_TZ,
    }


__all__ = ["MAX_BINS", "MAX_FLOWS", "PERIODS", "density_payload"]
