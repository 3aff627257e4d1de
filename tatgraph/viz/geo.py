"""The basemap of the escalation map: boundaries, a projection, and SVG paths.

``tatgraph/data/basemap.json`` holds the country and first-level (province, governorate)
boundaries of Syria, Iraq, Jordan, Lebanon and their neighbours from Natural Earth (public
domain), simplified by ``tools/make_basemap.py`` into shared arcs so that neighbouring areas
still fit together. This module decodes it, projects it and turns it into SVG path data.

The projection is an equirectangular one with its standard parallel at 34°N (the middle of
the region): x and y are linear in longitude and latitude, and a kilometre is (nearly) as
long east–west as north–south across the map. At this scale (about 1,500 km across) that
is as good as any conic projection, and it inverts trivially.

>>> base = basemap()
>>> len(base.countries) >= 10, base.attribution.startswith("Boundaries: Natural Earth")
(True, True)
>>> area = base.area_at(40.14, 35.33)        # Deir ez-Zor city
>>> area.name, area.country
('Deir ez-Zor', 'SYR')
>>> p = Projection()
>>> x, y = p.xy(36.0, 34.0)
>>> [round(v, 3) for v in p.lonlat(x, y)]
[36.0, 34.0]
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..errors import TatgraphError

EARTH_KM_PER_DEG = 111.195
"""Length of one degree of latitude (mean Earth radius 6,371 km)."""


class BasemapError(TatgraphError):
    """The bundled basemap file is missing or unreadable."""


LonLat = tuple[float, float]
Ring = list[LonLat]


@dataclass(frozen=True)
class Area:
    """A first-level administrative area (governorate, province) of the basemap."""

    id: str
    name: str
    name_local: str
    name_ar: str | None
    type: str | None
    country: str
    polygons: tuple[tuple[Ring, ...], ...]
    """Each polygon: its outer ring, then its holes (lon, lat)."""
    bounds: tuple[float, float, float, float] = field(init=False, repr=False, compare=False)
    """lon_min, lat_min, lon_max, lat_max of the outer rings (a quick test before the exact one)."""

    def __post_init__(self) -> None:
        pts = [p for rings in self.polygons for p in rings[0]]
        box = (
            (
                min(x for x, _ in pts),
                min(y for _, y in pts),
                max(x for x, _ in pts),
                max(y for _, y in pts),
            )
            if pts
            else (0.0, 0.0, -1.0, -1.0)
        )
        object.__setattr__(self, "bounds", box)

    def contains(self, lon: float, lat: float) -> bool:
        """Whether the point lies inside the area (even-odd rule over all rings)."""
        x0, y0, x1, y1 = self.bounds
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        for rings in self.polygons:
            if _inside(rings[0], lon, lat) and not any(_inside(h, lon, lat) for h in rings[1:]):
                return True
        return False


@dataclass(frozen=True)
class Country:
    """A country on the basemap; ``focus`` countries are drawn with their provinces."""

    iso3: str
    name: str
    focus: bool
    label: LonLat


@dataclass(frozen=True)
class Line:
    """One boundary arc: ``kind`` is admin1, country, outline (coast / edge) or internal."""

    kind: str
    points: tuple[LonLat, ...]


@dataclass(frozen=True)
class Basemap:
    """The decoded basemap: areas, countries, boundary lines and where it comes from."""

    attribution: str
    source: dict[str, str]
    bbox: tuple[float, float, float, float]
    countries: tuple[Country, ...]
    areas: tuple[Area, ...]
    lines: tuple[Line, ...]

    def area_at(self, lon: float, lat: float) -> Area | None:
        """The admin-1 area containing a point (``None`` at sea or off the map)."""
        i = self.area_index_at(lon, lat)
        return None if i is None else self.areas[i]

    def area_index_at(self, lon: float, lat: float) -> int | None:
        """Index in :attr:`areas` of the area containing a point (``None``: no area)."""
        for i, area in enumerate(self.areas):
            if area.contains(lon, lat):
                return i
        return None


def _inside(ring: Ring, x: float, y: float) -> bool:
    """Ray casting: is (x, y) inside the closed ring?"""
    inside = False
    j = len(ring) - 1
    for i, (xi, yi) in enumerate(ring):
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _decode(raw: dict[str, Any]) -> Basemap:
    grid = float(raw["grid"])
    arcs: list[list[LonLat]] = []
    for flat in raw["arcs"]:
        x, y = flat[0], flat[1]
        pts = [(x / grid, y / grid)]
        for i in range(2, len(flat), 2):
            x += flat[i]
            y += flat[i + 1]
            pts.append((x / grid, y / grid))
        arcs.append(pts)

    def ring(refs: list[int]) -> Ring:
        out: Ring = []
        for r in refs:
            pts = arcs[r] if r >= 0 else arcs[~r][::-1]
            out.extend(pts[:-1])
        return out

    names = raw["arc_classes"]
    return Basemap(
        attribution=raw["attribution"],
        source=dict(raw["source"]),
        bbox=(raw["bbox"][0], raw["bbox"][1], raw["bbox"][2], raw["bbox"][3]),
        countries=tuple(
            Country(c["iso3"], c["name"], bool(c["focus"]), (c["label"][0], c["label"][1]))
            for c in raw["countries"]
        ),
        areas=tuple(
            Area(
                id=a["id"],
                name=a["name"],
                name_local=a["name_local"],
                name_ar=a.get("name_ar"),
                type=a.get("type"),
                country=a["country"],
                polygons=tuple(tuple(ring(refs) for refs in poly) for poly in a["polygons"]),
            )
            for a in raw["areas"]
        ),
        lines=tuple(
            Line(names[k], tuple(pts)) for k, pts in zip(raw["arc_class"], arcs, strict=True)
        ),
    )


@cache
def basemap() -> Basemap:
    """The bundled basemap (read once)."""
    path = resources.files("tatgraph") / "data" / "basemap.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return _decode(raw)
    except FileNotFoundError:
        raise BasemapError(
            f"the basemap {path} is missing; rebuild it with `python tools/make_basemap.py`"
        ) from None
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise BasemapError(f"{path}: cannot read the basemap ({exc})") from exc


class Projection:
    """Equirectangular projection of the basemap's box onto SVG units (y down).

    ``scale`` is SVG units per degree of latitude; the standard parallel is ``lat0``.
    """

    def __init__(
        self,
        bbox: tuple[float, float, float, float] | None = None,
        *,
        scale: float = 60.0,
        lat0: float = 34.0,
    ) -> None:
        self.lon_min, self.lat_min, self.lon_max, self.lat_max = bbox or basemap().bbox
        self.scale = scale
        self.kx = scale * math.cos(math.radians(lat0))
        self.width = round((self.lon_max - self.lon_min) * self.kx, 1)
        self.height = round((self.lat_max - self.lat_min) * scale, 1)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """SVG coordinates of a point."""
        return (lon - self.lon_min) * self.kx, (self.lat_max - lat) * self.scale

    def lonlat(self, x: float, y: float) -> LonLat:
        """The point at SVG coordinates (inverse of :meth:`xy`)."""
        return x / self.kx + self.lon_min, self.lat_max - y / self.scale

    def km(self, km: float) -> float:
        """SVG length of ``km`` kilometres (along the standard parallel)."""
        return km / EARTH_KM_PER_DEG * self.scale

    def path(self, rings: list[Ring] | tuple[Ring, ...], *, closed: bool = True) -> str:
        """SVG path data for rings (or, with ``closed=False``, lines), in tenths of a unit:
        an absolute start, then relative steps (compact: the basemap is most of the page).

        >>> p = Projection((30.0, 30.0, 40.0, 40.0), scale=10.0, lat0=0.0)
        >>> p.path([[(30.0, 40.0), (31.0, 40.0), (31.0, 39.55)]])
        'M0 0l10 0 0 4.5Z'
        """
        parts = []
        for ring in rings:
            pts = [self.xy(lon, lat) for lon, lat in ring]
            if len(pts) < 2:
                continue
            q = [(round(x * 10), round(y * 10)) for x, y in pts]
            steps = [(bx - ax, by - ay) for (ax, ay), (bx, by) in itertools.pairwise(q)]
            steps = [d for d in steps if d != (0, 0)]
            head = f"M{_tenths(q[0][0])} {_tenths(q[0][1])}"
            tail = " ".join(f"{_tenths(dx)} {_tenths(dy)}" for dx, dy in steps)
            parts.append(head + ("l" + tail if tail else "") + ("Z" if closed else ""))
        return "".join(parts)


def _tenths(v: int) -> str:
    """An integer number of tenths as SVG number text: 45 -> '4.5', -10 -> '-1', 3 -> '0.3'."""
    whole, frac = divmod(abs(v), 10)
    sign = "-" if v < 0 else ""
    return f"{sign}{whole}" if frac == 0 else f"{sign}{whole}.{frac}"


def circle(lon: float, lat: float, km: float, steps: int = 48) -> Ring:
    """A ring approximating the circle of radius ``km`` around a point (lon, lat).

    >>> ring = circle(40.0, 35.0, 111.195)
    >>> round(max(lat for _, lat in ring) - 35.0, 3)
    1.0
    """
    dlat = km / EARTH_KM_PER_DEG
    dlon = dlat / math.cos(math.radians(lat))
    return [
        (
            lon + dlon * math.cos(2 * math.pi * i / steps),
            lat + dlat * math.sin(2 * math.pi * i / steps),
        )
        for i in range(steps)
    ]


def basemap_svg(projection: Projection, base: Basemap | None = None) -> dict[str, Any]:
    """The basemap as SVG path data: one fill per area, one path per kind of line, labels.

    Returns ``{"areas": [{id, name, name_ar, country, focus, d}], "lines": {kind: d},
    "countries": [{name, x, y, focus}], "width", "height"}``.
    """
    base = base or basemap()
    focus = {c.iso3 for c in base.countries if c.focus}
    areas = [
        {
            "id": a.id,
            "name": a.name,
            "name_ar": a.name_ar,
            "country": a.country,
            "focus": a.country in focus,
            "d": projection.path([ring for poly in a.polygons for ring in poly]),
        }
        for a in base.areas
    ]
    lines: dict[str, list[Ring]] = {}
    for line in base.lines:
        lines.setdefault(line.kind, []).append(list(line.points))
    countries = []
    for c in base.countries:
        x, y = projection.xy(*c.label)
        countries.append({"name": c.name, "x": round(x, 1), "y": round(y, 1), "focus": c.focus})
    return {
        "areas": areas,
        "lines": {k: projection.path(v, closed=False) for k, v in sorted(lines.items())},
        "countries": countries,
        "width": projection.width,
        "height": projection.height,
    }


__all__ = [
    "Area",
    "Basemap",
    "BasemapError",
    "Country",
    "Line",
    "Projection",
    "basemap",
    "basemap_svg",
    "circle",
]
