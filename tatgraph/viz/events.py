"""What every view draws: events with their claims, the response links between them, lanes.

The views (the chain HTML, the timeline chart, the exports) all start from an
:class:`EventSet`, read from the graph in one of two ways:

- :func:`chain_events` — the chain an event belongs to (every event connected to it by
  RESPONDS_TO links, in either direction);
- :func:`window_events` — the events that started in a time window, optionally only those at
  one site or with a perpetrator on one side, and the links among them.

Every read goes through the named query library (:mod:`tatgraph.queries`): the window is
``events_in_window``, the details ``events_detail``, ``event_sites`` and the like.

>>> import tempfile, os
>>> from tatgraph.demo import build_graph
>>> with build_graph(os.path.join(tempfile.mkdtemp(), "g.lbdb")) as store:
...     chain = chain_events(store, "ev_2022_08_23_ayyash_us_airstrikes")
>>> len(chain.events), len(chain.links)
(5, 5)
>>> sorted({e.lane for e in chain.events.values()})
['iran_aligned', 'us_coalition']
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import networkx as nx

from .. import queries
from ..chains import format_when
from ..errors import VizError
from ..graph.store import GraphStore
from ..model import DEFAULT_TZ, zone
from ..vocab import Side
from .constants import NODE_BUDGET
from .style import (
    LANE_ORDER,
    UNIDENTIFIED,
    lag_text,
    node_size,
    side_colour,
    side_label,
)

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class VizClaim:
    """One claimant's statement about an event, as the tooltips show it."""

    claimant: str | None
    outlet: str
    published: datetime | None
    killed: int | None
    injured: int | None
    munitions: dict[str, int]
    responsibility: str | None
    responsible: str | None
    hedged: bool
    quote: str | None


@dataclass(frozen=True)
class VizEvent:
    """One event with everything the views show about it."""

    id: str
    kind: str
    start: datetime
    end: datetime
    precision: str
    tz: str
    summary: str
    background: bool
    site_id: str | None
    site: str | None
    perpetrators: tuple[tuple[str, str], ...]
    targets: tuple[tuple[str, str], ...]
    killed: tuple[int, int, int] | None
    injured: tuple[int, int, int] | None
    munitions: dict[str, int]
    claims: tuple[VizClaim, ...] = ()
    claim_count: int = 0

    @property
    def midpoint(self) -> datetime:
        """Middle of the time window (what response lags are measured between)."""
        return self.start + (self.end - self.start) / 2

    @property
    def when(self) -> str:
        """The date window as people read it, in the event's own time zone."""
        return format_when(self.start, self.end, self.precision, self.tz)

    @property
    def sides(self) -> tuple[str, ...]:
        """The perpetrators' sides, in lane order."""
        found = {s for _, s in self.perpetrators}
        return tuple(s for s in LANE_ORDER if s in found) + tuple(sorted(found - set(LANE_ORDER)))

    @property
    def lane(self) -> str:
        """The lane the event is drawn in: its (first) perpetrator side, or 'unidentified'."""
        return self.sides[0] if self.sides else UNIDENTIFIED

    @property
    def killed_best(self) -> int | None:
        return self.killed[1] if self.killed else None

    @property
    def injured_best(self) -> int | None:
        return self.injured[1] if self.injured else None

    @property
    def label(self) -> str:
        """Short two-line label: kind, then site."""
        return f"{self.kind.replace('_', ' ')}\n{self.site or 'unknown site'}"


@dataclass(frozen=True)
class VizLink:
    """``event`` RESPONDS_TO ``responds_to`` (the later event answers the earlier one)."""

    event: str
    responds_to: str
    basis: str
    confidence: float | None
    lag_hours: float | None
    cue: str | None
    source: str | None


@dataclass
class EventSet:
    """Events (earliest first) and the response links among them, plus what was left out."""

    title: str
    events: dict[str, VizEvent]
    links: list[VizLink]
    hidden_links: int = 0
    notes: list[str] = field(default_factory=list)

    def lanes(self) -> list[str]:
        """The lanes that have events, top to bottom."""
        used = {e.lane for e in self.events.values()}
        return [lane for lane in LANE_ORDER if lane in used] + sorted(used - set(LANE_ORDER))


def _parse(value: datetime | date | str) -> datetime | date:
    if isinstance(value, datetime | date):
        return value
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise VizError(
            f"cannot read {value!r} as a date or time",
            hint="write a date like 2023-03-24 or a time like 2023-03-24T06:00:00Z",
        ) from None


def resolve_window(
    start: datetime | date | str | None,
    end: datetime | date | str | None,
    *,
    tz: str = DEFAULT_TZ,
) -> tuple[datetime, datetime]:
    """The UTC window ``[from, to)`` that ``start``/``end`` describe.

    A *date* (or ``YYYY-MM-DD`` text) is a local calendar day in ``tz`` (default
    Asia/Damascus, the data's zone), and an end date is **included**: 2023-03-24 to
    2023-03-24 is that whole local day. A *datetime* (or ISO text with a time) is used as
    given — no zone means UTC — and an end datetime is excluded. ``None`` is unbounded.

    >>> s, e = resolve_window("2023-03-24", "2023-03-24")
    >>> s.isoformat(), e.isoformat()
    ('2023-03-23T21:00:00+00:00', '2023-03-24T21:00:00+00:00')
    >>> s, e = resolve_window("2023-03-24T06:00", None)
    >>> s.isoformat(), e.year
    ('2023-03-24T06:00:00+00:00', 2100)
    """
    z = zone(tz)

    def one(value: datetime | date | str | None, is_end: bool) -> datetime:
        if value is None:
            return LATEST if is_end else EARLIEST
        parsed = _parse(value)
        if isinstance(parsed, datetime):
            return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        day = parsed + timedelta(days=1) if is_end else parsed
        return datetime.combine(day, time(0), tzinfo=z).astimezone(UTC)

    lo, hi = one(start, False), one(end, True)
    if hi <= lo:
        raise VizError(
            f"empty time window: {lo.isoformat()} to {hi.isoformat()}",
            hint="--to must not be before --from",
        )
    return lo, hi


def check_side(side: str | None) -> str | None:
    """``side`` if it is a side value or ``unidentified``; else a :class:`VizError`."""
    if side is None:
        return None
    known = [s.value for s in Side] + [UNIDENTIFIED]
    if side not in known:
        raise VizError(f"unknown side {side!r}", hint=f"use one of: {', '.join(known)}")
    return side


def check_site(store: GraphStore, site: str | None) -> str | None:
    """``site`` if some event is at a site with that id or name (case-insensitive); else a
    :class:`VizError` naming the closest site ids, so a typo never draws an empty view."""
    if site is None:
        return None
    wanted = site.strip().casefold()
    known: dict[str, str] = {}
    for r in queries.run(store, "events_by_site"):
        for value in (r["site_id"], r["site"]):
            if value is not None:
                known[str(value).casefold()] = str(r["site_id"])
    if wanted in known:
        return site
    close = difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.6)
    ids = sorted({known[c] for c in close})
    hint = f"did you mean {' or '.join(ids)}? " if ids else ""
    raise VizError(
        f"no event in this graph is at a site named {site!r}",
        hint=hint + "list the sites with `tatgraph query events_by_site` (id or name)",
    )


def load_events(
    store: GraphStore, ids: Sequence[str], *, claims: bool = True
) -> dict[str, VizEvent]:
    """The events with the given ids (unknown ids are skipped), earliest first.

    With ``claims`` each event carries its claims (one ``claims_for_event`` query per
    event); otherwise only their number.
    """
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    sites = {r["event"]: r for r in queries.run(store, "event_sites", ids=ids)}
    perps: dict[str, list[tuple[str, str]]] = {}
    for r in queries.run(store, "event_perpetrators", ids=ids):
        perps.setdefault(r["event"], []).append((r["actor"], r["side"]))
    targets: dict[str, list[tuple[str, str]]] = {}
    for r in queries.run(store, "event_targets", ids=ids):
        targets.setdefault(r["event"], []).append((r["actor"], r["side"]))
    counts: dict[str, int] = {}
    if not claims:
        counts = {r["event"]: int(r["claims"]) for r in queries.run(store, "claim_counts", ids=ids)}
    out: dict[str, VizEvent] = {}
    for r in queries.run(store, "events_detail", ids=ids):
        eid = r["id"]
        said = tuple(_claims(store, eid)) if claims else ()
        site = sites.get(eid)
        out[eid] = VizEvent(
            id=eid,
            kind=r["kind"],
            start=r["start_utc"],
            end=r["end_utc"],
            precision=r["precision"],
            tz=r["tz"],
            summary=r["summary"],
            background=bool(r["background"]),
            site_id=site["site_id"] if site else None,
            site=site["site"] if site else None,
            perpetrators=tuple(perps.get(eid, ())),
            targets=tuple(targets.get(eid, ())),
            killed=_triple(r, "killed"),
            injured=_triple(r, "injured"),
            munitions=json.loads(r["munitions"]) if r["munitions"] else {},
            claims=said,
            claim_count=len(said) if claims else counts.get(eid, 0),
        )
    return out


def _triple(row: dict[str, Any], what: str) -> tuple[int, int, int] | None:
    best = row[f"{what}_best"]
    if best is None:
        return None
    return int(row[f"{what}_low"]), int(best), int(row[f"{what}_high"])


def _claims(store: GraphStore, event_id: str) -> Iterable[VizClaim]:
    for r in queries.run(store, "claims_for_event", id=event_id):
        yield VizClaim(
            claimant=r["claimant"],
            outlet=r["outlet"],
            published=r["published"],
            killed=r["killed"],
            injured=r["injured"],
            munitions=json.loads(r["munitions"]) if r["munitions"] else {},
            responsibility=r["responsibility"],
            responsible=r["responsible"],
            hedged=bool(r["hedged"]),
            quote=r["quote"],
        )


def all_links(store: GraphStore) -> list[VizLink]:
    """Every RESPONDS_TO link (``response_links`` named query)."""
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


def _budget(count: int, max_nodes: int | None, what: str, hint: str) -> None:
    if max_nodes is not None and count > max_nodes:
        raise VizError(
            f"{what} has {count} events, more than the {max_nodes} one view can show legibly",
            hint=hint,
        )


def chain_events(
    store: GraphStore, event_id: str, *, max_nodes: int | None = NODE_BUDGET
) -> EventSet:
    """The chain ``event_id`` belongs to: all events joined to it by response links.

    An event with no links gives a set of one. Raises :class:`VizError` for an unknown id
    or a chain larger than ``max_nodes``.
    """
    links = all_links(store)
    graph = nx.DiGraph()
    graph.add_node(event_id)
    graph.add_edges_from((lk.responds_to, lk.event) for lk in links)
    members = nx.node_connected_component(graph.to_undirected(as_view=True), event_id)
    _budget(
        len(members),
        max_nodes,
        f"the chain of {event_id}",
        "draw part of it with `tatgraph viz graph --from DATE --to DATE`, "
        "or export it for Gephi with `tatgraph viz export`",
    )
    events = load_events(store, sorted(members))
    if event_id not in events:
        raise VizError(
            f"no event with id {event_id!r} in this graph",
            hint="list chains and their events with `tatgraph chains`",
        )
    chain_links = [lk for lk in links if lk.event in events and lk.responds_to in events]
    first = events[next(iter(events))]
    title = (
        f"Chain of {len(events)} events from {first.kind.replace('_', ' ')} "
        f"at {first.site or 'unknown site'} on {first.when}"
    )
    notes = [] if chain_links else ["This event answers nothing and nothing answers it."]
    return EventSet(title, events, chain_links, notes=notes)


def window_ids(
    store: GraphStore,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
) -> list[str]:
    """Ids of the events that started in the window, at ``site``, with a ``side`` perpetrator.

    ``site`` matches a site id or name (case-insensitive); ``side`` is a side value
    (e.g. ``iran_aligned``) or ``unidentified`` for events with no named perpetrator. See
    :func:`resolve_window` for the dates.
    """
    side = check_side(side)
    site = check_site(store, site)
    lo, hi = resolve_window(start, end)
    ids = [r["id"] for r in queries.run(store, "events_in_window", **{"from": lo, "to": hi})]
    if site is not None and ids:
        wanted = site.strip().casefold()
        at = {
            r["event"]
            for r in queries.run(store, "event_sites", ids=ids)
            if wanted in (str(r["site_id"]).casefold(), str(r["site"]).casefold())
        }
        ids = [i for i in ids if i in at]
    if side is not None and ids:
        named: dict[str, set[str]] = {}
        for r in queries.run(store, "event_perpetrators", ids=ids):
            named.setdefault(r["event"], set()).add(r["side"])
        ids = [
            i
            for i in ids
            if (side in named.get(i, set()) or (side == UNIDENTIFIED and i not in named))
        ]
    return ids


def window_events(
    store: GraphStore,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
    max_nodes: int | None = NODE_BUDGET,
    claims: bool = True,
) -> EventSet:
    """The events :func:`window_ids` selects and the response links among them.

    Links to events outside the selection are counted in ``hidden_links``, not drawn.
    Raises :class:`VizError` when more than ``max_nodes`` events match (``None``: no limit).
    """
    ids = window_ids(store, start, end, site=site, side=side)
    _budget(
        len(ids),
        max_nodes,
        "this selection",
        "narrow it with --from/--to, --site or --side; the timeline "
        "(`tatgraph viz timeline`) and the Gephi export (`tatgraph viz export`) take any size",
    )
    events = load_events(store, ids, claims=claims)
    inside, hidden = [], 0
    for lk in all_links(store):
        a, b = lk.event in events, lk.responds_to in events
        if a and b:
            inside.append(lk)
        elif a or b:
            hidden += 1
    lo, hi = resolve_window(start, end)
    span = "all dates" if (lo, hi) == (EARLIEST, LATEST) else _span_text(events)
    parts = [f"{len(events)} events, {span}"]
    if site:
        parts.append(f"site {site}")
    if side:
        parts.append(f"perpetrator side {side_label(side)}")
    notes = []
    if hidden:
        notes.append(f"{hidden} response link(s) to events outside this selection not drawn.")
    if not events:
        notes.append("No events match this selection.")
    return EventSet(", ".join(parts), events, inside, hidden, notes)


def _span_text(events: dict[str, VizEvent]) -> str:
    if not events:
        return "no dates"
    first = min(events.values(), key=lambda e: e.start)
    last = max(events.values(), key=lambda e: e.end)
    return f"{first.when.split('…')[0][:10]} to {last.when.split('…')[-1][:10]}"


__all__ = [
    "LANE_ORDER",
    "NODE_BUDGET",
    "UNIDENTIFIED",
    "EventSet",
    "VizClaim",
    "VizError",
    "VizEvent",
    "VizLink",
    "all_links",
    "chain_events",
    "check_side",
    "check_site",
    "lag_text",
    "load_events",
    "node_size",
    "resolve_window",
    "side_colour",
    "side_label",
    "window_events",
    "window_ids",
]
