"""Which events the escalation map shows: a time window, a site, a side, a chain, together.

One query (``map_events``) reads every event of the window with its place and sides, whatever
the size; the filters apply to those rows, and :mod:`tatgraph.viz.map` then draws the
selection event by event (up to a limit) or as counts per site and period (above it).

Events nobody could date (``precision: unknown``) have no place in time: they cannot be
played back, so the selection counts them (``undated``) and the page says so.

>>> import tempfile, os
>>> from tatgraph.demo import build_graph
>>> with build_graph(os.path.join(tempfile.mkdtemp(), "g.lbdb")) as store:
...     chain = select_events(store, chain="ev_2023_03_23_kharab_al_jir_drone")
...     march = select_events(store, "2023-03-01", "2023-03-31", side="us_coalition")
>>> len(chain.rows), len(chain.links), chain.title.split(" on ")[0]
(6, 5, 'Chain of 6 events from drone attack at Kharab al-Jir base')
>>> [r.site for r in march.rows]
['Deir ez-Zor military airport']
>>> march.title
'1 event, 2023-03-23 to 2023-03-24, perpetrator side US / coalition'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import networkx as nx

from .. import queries
from ..chains import format_when
from ..errors import VizError
from ..graph.store import GraphStore
from ..model import DEFAULT_TZ, zone
from .events import (
    EARLIEST,
    LATEST,
    VizLink,
    all_links,
    check_side,
    check_site,
    resolve_window,
)
from .style import LANE_ORDER, UNIDENTIFIED, side_label


@dataclass(frozen=True)
class MapEvent:
    """One event as the map's selection and density view need it (a ``map_events`` row)."""

    id: str
    kind: str
    start: datetime
    end: datetime
    precision: str
    tz: str
    geo_precision: int | None
    site_id: str | None
    site: str | None
    lat: float | None
    lon: float | None
    sides: tuple[str, ...]

    @property
    def lane(self) -> str:
        """The (first) perpetrator side in lane order, or ``unidentified``."""
        return self.sides[0] if self.sides else UNIDENTIFIED

    @property
    def when(self) -> str:
        """The date window as people read it, in the event's own time zone."""
        return format_when(self.start, self.end, self.precision, self.tz)

    @property
    def placed(self) -> bool:
        """Whether the map can place the event (its site has coordinates)."""
        return self.lat is not None and self.lon is not None


@dataclass
class Selection:
    """The chosen events (earliest first), the links among them and what was left out."""

    title: str
    rows: list[MapEvent]
    links: list[VizLink]
    hidden_links: int = 0
    undated: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.rows]


def _sides(values: list[Any]) -> tuple[str, ...]:
    found = {str(v) for v in values if v is not None}
    return tuple(s for s in LANE_ORDER if s in found) + tuple(sorted(found - set(LANE_ORDER)))


def _matches(
    site_id: Any, site_name: Any, sides: tuple[str, ...], site: str | None, side: str | None
) -> bool:
    if site is not None:
        wanted = site.strip().casefold()
        if wanted not in (str(site_id).casefold(), str(site_name).casefold()):
            return False
    return side is None or side in sides or (side == UNIDENTIFIED and not sides)


def map_rows(
    store: GraphStore,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
) -> list[MapEvent]:
    """Every event that started in the window, at ``site`` (id or name), with a perpetrator
    on ``side`` (``unidentified``: none named), earliest first, in one query."""
    side = check_side(side)
    site = check_site(store, site)
    lo, hi = resolve_window(start, end)
    out = []
    for r in queries.run(store, "map_events", **{"from": lo, "to": hi}):
        sides = _sides(r["sides"])
        if not _matches(r["site_id"], r["site"], sides, site, side):
            continue
        out.append(
            MapEvent(
                id=r["id"],
                kind=r["kind"],
                start=r["start_utc"],
                end=r["end_utc"],
                precision=r["precision"],
                tz=r["tz"] or DEFAULT_TZ,
                geo_precision=None if r["geo_precision"] is None else int(r["geo_precision"]),
                site_id=r["site_id"],
                site=r["site"],
                lat=None if r["lat"] is None else float(r["lat"]),
                lon=None if r["lon"] is None else float(r["lon"]),
                sides=sides,
            )
        )
    return out


def undated_count(store: GraphStore, *, site: str | None = None, side: str | None = None) -> int:
    """How many events with an open date match the site and side filters."""
    rows = queries.run(store, "undated_events", site=site or "", side=side or "")
    return int(rows[0]["events"]) if rows else 0


def _span(rows: list[MapEvent]) -> str:
    """First and last local day of the rows (in the data's zone)."""
    z = zone(DEFAULT_TZ)
    first = min(r.start for r in rows).astimezone(z).date()
    last = (max(r.end for r in rows) - timedelta(microseconds=1)).astimezone(z).date()
    return f"{first.isoformat()} to {last.isoformat()}"


def select_events(
    store: GraphStore,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
    chain: str | None = None,
) -> Selection:
    """The events the map shows and the response links among them.

    Without ``chain``: the events of the window, site and side (see :func:`map_rows`). With
    ``chain`` (an event id): the events joined to it by response links, narrowed by the
    window, site and side when those are given too. Raises :class:`VizError` for an unknown
    event, site or side.
    """
    rows = map_rows(store, start, end, site=site, side=side)
    links = all_links(store)
    lo, hi = resolve_window(start, end)
    filtered = site is not None or side is not None or (lo, hi) != (EARLIEST, LATEST)
    notes: list[str] = []
    if chain is not None:
        graph = nx.Graph()
        graph.add_node(chain)
        graph.add_edges_from((lk.responds_to, lk.event) for lk in links)
        members = set(nx.node_connected_component(graph, chain))
        whole = rows if not filtered else map_rows(store)
        known = {r.id: r for r in whole}
        if chain not in known:
            if queries.run(store, "events_detail", ids=[chain]):
                raise VizError(
                    f"the event {chain!r} has no date, so it has no place on the map's time line",
                    hint="give it a date in its coding sheet, or pick another event of its chain",
                )
            raise VizError(
                f"no event with id {chain!r} in this graph",
                hint="list chains and their events with `tatgraph chains`",
            )
        first = (
            known[chain]
            if len(members) == 1
            else min((known[m] for m in members if m in known), key=lambda r: (r.start, r.id))
        )
        rows = [r for r in rows if r.id in members]
        title = (
            f"Chain of {len(members)} events from {first.kind.replace('_', ' ')} at "
            f"{first.site or 'unknown site'} on {first.when}"
        )
        if filtered:
            title += f" ({len(rows)} in this selection)"
        undated = len([m for m in members if m not in known])
        if not rows:
            notes.append("No event of this chain matches the selection.")
    else:
        parts = [f"{len(rows)} event{'s' if len(rows) != 1 else ''}"]
        if rows:
            parts[0] += ", " + ("all dates" if (lo, hi) == (EARLIEST, LATEST) else _span(rows))
        if site:
            parts.append(f"site {site}")
        if side:
            parts.append(f"perpetrator side {side_label(side)}")
        title = ", ".join(parts)
        undated = undated_count(store, site=site, side=side)
        if not rows:
            notes.append("No events match this selection.")
    chosen = {r.id for r in rows}
    inside = [lk for lk in links if lk.event in chosen and lk.responds_to in chosen]
    touching = sum(1 for lk in links if (lk.event in chosen) != (lk.responds_to in chosen))
    if touching:
        notes.append(f"{touching} response link(s) to events outside this selection are not drawn.")
    if undated:
        notes.append(
            f"{undated} event(s) of this selection have no date (precision unknown) and are "
            "not on the map; list them with `tatgraph query undated_events`."
        )
    return Selection(title, rows, inside, touching, undated, notes)


__all__ = ["MapEvent", "Selection", "map_rows", "select_events", "undated_count"]
