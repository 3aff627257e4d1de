"""Escalation chains: action -> response -> counter-response, read from the graph.

A chain is a connected group of events joined by RESPONDS_TO links. It is usually a path
but may branch (one strike answered by rockets on three bases) or merge, so it is kept as
a directed graph in time order (answered event -> responding event).

>>> import tempfile, os
>>> from tatgraph.demo import build_graph
>>> path = os.path.join(tempfile.mkdtemp(), "g.lbdb")
>>> with build_graph(path) as store:
...     chains = load_chains(store)
>>> all(c.size >= 2 for c in chains)
True
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import networkx as nx
from rich.tree import Tree

from . import queries
from .graph.store import GraphStore
from .model import zone


@dataclass(frozen=True)
class Step:
    """One event in a chain, with what a reader needs to follow the escalation."""

    id: str
    kind: str
    when: str
    start_utc: datetime
    site: str | None
    perpetrators: tuple[str, ...]
    perpetrator_sides: tuple[str, ...]
    targets: tuple[str, ...]
    target_sides: tuple[str, ...]
    summary: str
    killed: str | None
    injured: str | None
    munitions: dict[str, int]
    background: bool


@dataclass(frozen=True)
class Link:
    """A RESPONDS_TO link as shown in a chain."""

    event: str
    responds_to: str
    basis: str
    confidence: float | None
    lag_hours: float | None
    cue: str | None


@dataclass
class Chain:
    """A connected group of events joined by response links."""

    graph: nx.DiGraph
    steps: dict[str, Step]
    links: dict[tuple[str, str], Link] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return int(self.graph.number_of_nodes())

    @property
    def roots(self) -> list[str]:
        """Events that answer nothing in this chain (where it starts), earliest first."""
        starts = [n for n in self.graph.nodes if self.graph.in_degree(n) == 0]
        return sorted(starts, key=lambda n: self.steps[n].start_utc)

    @property
    def length(self) -> int:
        """Number of response steps on the longest path."""
        return int(nx.dag_longest_path_length(self.graph)) if self.graph.number_of_edges() else 0

    @property
    def first(self) -> datetime:
        return min(s.start_utc for s in self.steps.values())

    def __repr__(self) -> str:
        first = self.steps[self.roots[0]] if self.roots else None
        start = f"{first.kind} @ {first.site} on {first.when}" if first else "?"
        return f"<Chain of {self.size} events, {self.length} step(s), from {start}>"

    def __rich__(self) -> Tree:
        root = Tree(f"[bold]Chain of {self.size} events, {self.length} response step(s)[/bold]")
        seen: set[str] = set()

        def add(parent: Tree, node: str, via: Link | None) -> None:
            branch = parent.add(_step_text(self.steps[node], via))
            if node in seen:
                branch.label = f"{branch.label} [dim](continues above)[/dim]"
                return
            seen.add(node)
            for child in sorted(self.graph.successors(node), key=lambda n: self.steps[n].start_utc):
                add(branch, child, self.links[(child, node)])

        for r in self.roots:
            add(root, r, None)
        return root

    def _repr_html_(self) -> str:
        rows = []
        edges = sorted(
            self.graph.edges,
            key=lambda e: (self.steps[e[1]].start_utc, self.steps[e[0]].start_utc),
        )
        for answered, responder in edges:
            link = self.links[(responder, answered)]
            a, b = self.steps[answered], self.steps[responder]
            rows.append(
                "<tr>"
                + "".join(
                    f"<td>{html.escape(str(x))}</td>"
                    for x in (
                        a.when,
                        _actors(a),
                        a.kind,
                        a.site or "",
                        "→",
                        b.when,
                        _actors(b),
                        b.kind,
                        b.site or "",
                        _lag(link.lag_hours),
                        link.basis,
                    )
                )
                + "</tr>"
            )
        head = "".join(
            f"<th>{h}</th>"
            for h in (
                "when",
                "who → whom",
                "kind",
                "site",
                "",
                "when",
                "who → whom",
                "kind",
                "site",
                "lag",
                "basis",
            )
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def format_when(start: datetime, end: datetime, precision: str, tz: str) -> str:
    """Human date of an event window, in the event's own time zone.

    >>> from datetime import datetime, UTC
    >>> format_when(datetime(2021, 6, 27, 21, tzinfo=UTC), datetime(2021, 6, 28, 21, tzinfo=UTC),
    ...             "day", "Asia/Damascus")
    '2021-06-28'
    """
    z = zone(tz)
    s, e = start.astimezone(z), end.astimezone(z)
    if precision == "day":
        return s.date().isoformat()
    if precision in ("hour", "part_of_day"):
        return f"{s:%Y-%m-%d %H:%M}–{e:%H:%M}"
    last = (e - timedelta(microseconds=1)).date()
    return f"{s.date().isoformat()}…{last.isoformat()}"


def _range(low: Any, best: Any, high: Any) -> str | None:
    if best is None:
        return None
    return str(best) if low == high else f"{best} ({low}–{high})"


def _actors(step: Step) -> str:
    who = ", ".join(step.perpetrators) or "unknown"
    whom = ", ".join(step.targets) or "unknown"
    return f"{who} → {whom}"


def _lag(hours: float | None) -> str:
    if hours is None:
        return "lag ?"
    sign = "-" if hours < 0 else "+"
    if abs(hours) < 48:
        return f"{sign}{abs(hours):.0f} h"
    return f"{sign}{abs(hours) / 24:.1f} d"


def _step_text(step: Step, via: Link | None) -> str:
    from rich.markup import escape

    parts = [
        f"[cyan]{escape(step.when)}[/cyan]",
        f"[bold]{escape(step.kind)}[/bold]",
        escape(_actors(step)),
        f"@ {escape(step.site or 'unknown site')}",
    ]
    if step.munitions:
        parts.append(
            escape(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in step.munitions.items()))
        )
    if step.killed is not None or step.injured is not None:
        parts.append(f"killed {step.killed or '?'} / injured {step.injured or '?'}")
    text = "  ".join(parts)
    if via is not None:
        cue = f" «{escape(via.cue)}»" if via.cue else ""
        text = f"[yellow]{_lag(via.lag_hours)} {escape(via.basis)}{cue}[/yellow] ⇒ {text}"
    return text


def load_chains(store: GraphStore, *, min_size: int = 2) -> list[Chain]:
    """Every chain of at least ``min_size`` events in the graph, earliest first."""
    rows = queries.run(store, "response_links")
    graph = nx.DiGraph()
    links: dict[tuple[str, str], Link] = {}
    for r in rows:
        graph.add_edge(r["responds_to"], r["event"])
        links[(r["event"], r["responds_to"])] = Link(
            r["event"], r["responds_to"], r["basis"], r["confidence"], r["lag_hours"], r["cue"]
        )
    if not graph.number_of_nodes():
        return []
    steps = _steps(store, sorted(graph.nodes))
    chains = []
    for nodes in nx.weakly_connected_components(graph):
        if len(nodes) < min_size:
            continue
        sub = graph.subgraph(nodes).copy()
        chains.append(
            Chain(
                sub, {n: steps[n] for n in nodes}, {k: v for k, v in links.items() if k[0] in nodes}
            )
        )
    return sorted(chains, key=lambda c: c.first)


def _steps(store: GraphStore, ids: list[str]) -> dict[str, Step]:
    sites = {r["event"]: r["site"] for r in queries.run(store, "event_sites", ids=ids)}
    perps: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in queries.run(store, "event_perpetrators", ids=ids):
        perps[r["event"]].append((r["actor"], r["side"]))
    targets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in queries.run(store, "event_targets", ids=ids):
        targets[r["event"]].append((r["actor"], r["side"]))
    out = {}
    for r in queries.run(store, "events_detail", ids=ids):
        eid = r["id"]
        out[eid] = Step(
            id=eid,
            kind=r["kind"],
            when=format_when(r["start_utc"], r["end_utc"], r["precision"], r["tz"]),
            start_utc=r["start_utc"],
            site=sites.get(eid),
            perpetrators=tuple(a for a, _ in perps[eid]),
            perpetrator_sides=tuple(sorted({s for _, s in perps[eid]})),
            targets=tuple(a for a, _ in targets[eid]),
            target_sides=tuple(sorted({s for _, s in targets[eid]})),
            summary=r["summary"],
            killed=_range(r["killed_low"], r["killed_best"], r["killed_high"]),
            injured=_range(r["injured_low"], r["injured_best"], r["injured_high"]),
            munitions=json.loads(r["munitions"]) if r["munitions"] else {},
            background=bool(r["background"]),
        )
    return out
