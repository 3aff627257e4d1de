"""Exports for GIS and data-frame tools: GeoJSON features and Parquet tables.

- :func:`write_geojson` — one FeatureCollection (RFC 7946, WGS84 lon/lat): every event a
  ``Point`` at its site (``geometry: null`` when it has none) and every response link a
  ``LineString`` from the answered event's site to the responder's, each with its
  properties (``feature`` says which kind it is). ``geo_precision`` tells how precise the
  point is: 1 the site, 2 near it, 3 only the region.
- :func:`write_parquet` — three tables in one folder: ``events.parquet``,
  ``claims.parquet`` (one row per claim, the figures side by side) and ``links.parquet``.

Times are UTC (ISO-8601 text in GeoJSON, timestamps in Parquet); munitions are a JSON object
(text in Parquet). Both read back with ``json`` / ``pyarrow.parquet.read_table``.

>>> import tempfile, json
>>> from pathlib import Path
>>> import pyarrow.parquet as pq
>>> from tatgraph.demo import build_graph
>>> tmp = Path(tempfile.mkdtemp())
>>> with build_graph(tmp / "g.lbdb") as store:
...     geo = write_geojson(store, tmp / "events.geojson")
...     folder = write_parquet(store, tmp / "tables")
>>> kinds = [f["properties"]["feature"] for f in json.loads(geo.read_text())["features"]]
>>> kinds.count("event"), kinds.count("response")
(22, 14)
>>> [pq.read_table(folder / f"{t}.parquet").num_rows for t in ("events", "claims", "links")]
[22, 53, 14]
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__, queries
from ..errors import VizError
from ..graph.store import GraphStore, Row
from .events import EventSet, window_events
from .mapdata import Place, event_places
from .style import side_label

CHUNK = 2000
"""Event ids per claims query."""


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


@dataclass
class Tables:
    """Events (with places), their claims and the links among them, as plain rows."""

    title: str
    events: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    links: list[dict[str, Any]]
    places: dict[str, Place]


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def _claims(store: GraphStore, ids: Sequence[str]) -> list[Row]:
    rows: list[Row] = []
    for part in _chunks(ids):
        rows.extend(queries.run(store, "claims_for_events", ids=part))
    order = {eid: i for i, eid in enumerate(ids)}
    rows.sort(key=lambda r: order[r["event"]])  # stable: the query's order within an event
    return rows


def collect(
    store: GraphStore,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
) -> Tables:
    """The selected events (as :func:`~tatgraph.viz.events.window_events`, no size limit),
    their places, claims and the links among them."""
    chosen: EventSet = window_events(
        store, start, end, site=site, side=side, max_nodes=None, claims=False
    )
    ids = list(chosen.events)
    places = event_places(store, ids)
    claim_rows = _claims(store, ids)
    counts: dict[str, int] = {}
    for r in claim_rows:
        counts[r["event"]] = counts.get(r["event"], 0) + 1
    events = []
    for e in chosen.events.values():
        p = places.get(e.id)
        row: dict[str, Any] = {
            "id": e.id,
            "kind": e.kind,
            "start_utc": e.start,
            "end_utc": e.end,
            "mid_utc": e.midpoint,
            "precision": e.precision,
            "tz": e.tz,
            "when": e.when,
            "summary": e.summary,
            "background": e.background,
            "side": e.lane,
            "side_label": side_label(e.lane),
            "perpetrators": [a for a, _ in e.perpetrators],
            "perpetrator_sides": list(e.sides),
            "targets": [a for a, _ in e.targets],
            "target_sides": sorted({s for _, s in e.targets}),
            "site_id": p.site_id if p else e.site_id,
            "site": p.site if p else e.site,
            "site_ar": p.site_ar if p else None,
            "site_kind": p.kind if p else None,
            "admin1": p.admin1 if p else None,
            "country": p.country if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "geo_precision": p.geo_precision if p else None,
            "munitions": e.munitions,
            "claims": counts.get(e.id, 0),
        }
        for what, triple in (("killed", e.killed), ("injured", e.injured)):
            low, best, high = triple if triple else (None, None, None)
            row[f"{what}_low"], row[f"{what}_best"], row[f"{what}_high"] = low, best, high
        events.append(row)
    claims = [
        {
            "claim": r["claim"],
            "event": r["event"],
            "claimant_id": r["claimant_id"],
            "claimant": r["claimant"],
            "killed": r["killed"],
            "injured": r["injured"],
            "munitions": json.loads(r["munitions"]) if r["munitions"] else {},
            "responsibility": r["responsibility"],
            "responsible": r["responsible"],
            "hedged": bool(r["hedged"]),
            "source": r["source"],
            "outlet": r["outlet"],
            "published": r["published"],
            "url": r["url"],
            "quote_start": r["quote_start"],
            "quote_end": r["quote_end"],
            "quote": r["quote"],
        }
        for r in claim_rows
    ]
    links = [
        {
            "event": lk.event,
            "responds_to": lk.responds_to,
            "basis": lk.basis,
            "confidence": lk.confidence,
            "lag_hours": lk.lag_hours,
            "cue": lk.cue,
            "source": lk.source,
        }
        for lk in chosen.links
    ]
    return Tables(chosen.title, events, claims, links, places)


def _prepare(path: str | Path) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (_iso(v) if isinstance(v, datetime) else v) for k, v in row.items()}


def geojson(tables: Tables) -> dict[str, Any]:
    """The tables as a GeoJSON FeatureCollection (see the module docstring)."""
    features: list[dict[str, Any]] = []
    for row in tables.events:
        point = None
        if row["lon"] is not None and row["lat"] is not None:
            point = {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
        props = {"feature": "event", **_jsonable(row)}
        features.append(
            {"type": "Feature", "id": row["id"], "geometry": point, "properties": props}
        )
    for lk in tables.links:
        a, b = tables.places.get(lk["responds_to"]), tables.places.get(lk["event"])
        line = None
        if a is not None and b is not None and a.placed and b.placed:
            line = {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]}
        props = {
            "feature": "response",
            **lk,
            "from_site": a.site_id if a else None,
            "to_site": b.site_id if b else None,
        }
        features.append(
            {
                "type": "Feature",
                "id": f"{lk['event']}->{lk['responds_to']}",
                "geometry": line,
                "properties": props,
            }
        )
    return {
        "type": "FeatureCollection",
        "name": tables.title,
        "generator": f"tatgraph {__version__}",
        "features": features,
    }


def write_geojson(
    store: GraphStore,
    path: str | Path,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
) -> Path:
    """Write the selected events and links as a GeoJSON FeatureCollection (UTF-8)."""
    out = _prepare(path)
    data = geojson(collect(store, start, end, site=site, side=side))
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


_TS = pa.timestamp("us", tz="UTC")
_STR, _INT, _FLOAT, _BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
EVENT_SCHEMA = pa.schema(
    [
        ("id", _STR),
        ("kind", _STR),
        ("start_utc", _TS),
        ("end_utc", _TS),
        ("mid_utc", _TS),
        ("precision", _STR),
        ("tz", _STR),
        ("when", _STR),
        ("summary", _STR),
        ("background", _BOOL),
        ("side", _STR),
        ("side_label", _STR),
        ("perpetrators", pa.list_(_STR)),
        ("perpetrator_sides", pa.list_(_STR)),
        ("targets", pa.list_(_STR)),
        ("target_sides", pa.list_(_STR)),
        ("site_id", _STR),
        ("site", _STR),
        ("site_ar", _STR),
        ("site_kind", _STR),
        ("admin1", _STR),
        ("country", _STR),
        ("lat", _FLOAT),
        ("lon", _FLOAT),
        ("geo_precision", _INT),
        ("munitions", _STR),
        ("claims", _INT),
        ("killed_low", _INT),
        ("killed_best", _INT),
        ("killed_high", _INT),
        ("injured_low", _INT),
        ("injured_best", _INT),
        ("injured_high", _INT),
    ]
)
CLAIM_SCHEMA = pa.schema(
    [
        ("claim", _STR),
        ("event", _STR),
        ("claimant_id", _STR),
        ("claimant", _STR),
        ("killed", _INT),
        ("injured", _INT),
        ("munitions", _STR),
        ("responsibility", _STR),
        ("responsible", _STR),
        ("hedged", _BOOL),
        ("source", _STR),
        ("outlet", _STR),
        ("published", _TS),
        ("url", _STR),
        ("quote_start", _INT),
        ("quote_end", _INT),
        ("quote", _STR),
    ]
)
LINK_SCHEMA = pa.schema(
    [
        ("event", _STR),
        ("responds_to", _STR),
        ("basis", _STR),
        ("confidence", _FLOAT),
        ("lag_hours", _FLOAT),
        ("cue", _STR),
        ("source", _STR),
    ]
)


def _table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    columns = {
        f.name: [
            json.dumps(r[f.name], sort_keys=True, ensure_ascii=False)
            if f.name == "munitions"
            else r[f.name]
            for r in rows
        ]
        for f in schema
    }
    return pa.Table.from_pydict(columns, schema=schema)


def write_parquet(
    store: GraphStore,
    folder: str | Path,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
) -> Path:
    """Write ``events.parquet``, ``claims.parquet`` and ``links.parquet`` into ``folder``."""
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise VizError(
            f"{out} is a file; parquet export writes three tables into a folder",
            hint="give a folder with -o, e.g. -o tables",
        )
    out.mkdir(parents=True, exist_ok=True)
    tables = collect(store, start, end, site=site, side=side)
    meta = {b"generator": f"tatgraph {__version__}".encode(), b"title": tables.title.encode()}
    for name, rows, schema in (
        ("events", tables.events, EVENT_SCHEMA),
        ("claims", tables.claims, CLAIM_SCHEMA),
        ("links", tables.links, LINK_SCHEMA),
    ):
        table = _table(rows, schema).replace_schema_metadata(meta)
        pq.write_table(table, out / f"{name}.parquet")
    return out


__all__ = [
    "CLAIM_SCHEMA",
    "EVENT_SCHEMA",
    "LINK_SCHEMA",
    "Tables",
    "collect",
    "geojson",
    "write_geojson",
    "write_parquet",
]
