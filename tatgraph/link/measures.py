"""Escalation measures: event intensity, and per chain and per dyad summaries.

**Intensity** of an event (a number, higher is more violent) is a base value per kind,
ordered by PLOVER ASSAULT mode (``destroy`` < ``explosives``/``heavy-weapons`` remote fire
< ``firearms`` ground action < air and missile strikes; PLOVER 0.8 itself defines no
numeric scale, and CAMEO's Goldstein values are -10 for every fight code, so this scale is
ours), plus casualties and munitions on a log scale::

    intensity = BASE_INTENSITY[kind] + 1.0 * log2(1 + killed_best)
                + 0.25 * log2(1 + injured_best) + 0.25 * log2(1 + munitions)

(unknown casualty figures count as 0). A response **step** (answered -> answering event)
is an *escalation* when the answer is more intense by more than :data:`STEP` (1.0), a
*de-escalation* when it is less intense by more than that, and *level* (tit-for-tat in
proportion) otherwise.

**Chains** are the weakly connected groups of events joined by links; for each: events,
links, length (response steps on the longest path), duration (first to last window
midpoint), the response-lag distribution, intensities along the longest path, and the step
counts. **Dyads** group links by (side of the answered event's perpetrators -> side of the
answering event's perpetrators) with the same lag and step statistics.

>>> intensity("airstrike", killed=7, injured=7)
9.75
>>> step_kind(3.5, 9.75)
'escalation'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from ..vocab import Kind
from .table import KINDS, SIDES, EventTable, FloatArray

BASE_INTENSITY: dict[Kind, float] = {
    Kind.INTERCEPT: 1.0,
    Kind.MORTAR_ATTACK: 3.0,
    Kind.ROCKET_ATTACK: 3.5,
    Kind.IED: 3.5,
    Kind.EXPLOSIVE_ATTACK: 3.5,
    Kind.DRONE_ATTACK: 4.0,
    Kind.ARTILLERY_SHELLING: 4.0,
    Kind.GROUND_CLASH: 4.5,
    Kind.HELICOPTER_STRIKE: 5.0,
    Kind.RAID: 5.5,
    Kind.MISSILE_STRIKE: 6.0,
    Kind.AIRSTRIKE: 6.0,
}
"""Base intensity per kind (see the module docstring)."""
KILLED_WEIGHT = 1.0
INJURED_WEIGHT = 0.25
MUNITION_WEIGHT = 0.25
STEP = 1.0
"""Intensity change beyond which a response step counts as (de-)escalation."""

_BASE = np.array([BASE_INTENSITY[k] for k in KINDS])


def intensity(
    kind: Kind | str,
    killed: float | None = None,
    injured: float | None = None,
    munitions: float = 0,
) -> float:
    """Intensity of one event (see the module docstring).

    >>> intensity("intercept"), intensity("rocket_attack", munitions=7)
    (1.0, 4.25)
    """
    value = BASE_INTENSITY[Kind(kind)]
    value += KILLED_WEIGHT * float(np.log2(1.0 + (killed or 0.0)))
    value += INJURED_WEIGHT * float(np.log2(1.0 + (injured or 0.0)))
    value += MUNITION_WEIGHT * float(np.log2(1.0 + munitions))
    return round(value, 4)


def intensities(table: EventTable) -> FloatArray:
    """:func:`intensity` of every event of ``table``."""
    killed = np.nan_to_num(table.killed, nan=0.0)
    injured = np.nan_to_num(table.injured, nan=0.0)
    value = (
        _BASE[table.kind]
        + KILLED_WEIGHT * np.log2(1.0 + killed)
        + INJURED_WEIGHT * np.log2(1.0 + injured)
        + MUNITION_WEIGHT * np.log2(1.0 + table.munitions)
    )
    return np.round(value, 4)


def step_kind(answered: float, answer: float) -> str:
    """'escalation', 'de-escalation' or 'level' for a step between two intensities.

    >>> step_kind(5.0, 5.5), step_kind(6.0, 3.5)
    ('level', 'de-escalation')
    """
    delta = answer - answered
    if delta > STEP:
        return "escalation"
    if delta < -STEP:
        return "de-escalation"
    return "level"


_LAG_KEYS = ("lag_min", "lag_p25", "lag_median", "lag_p75", "lag_max", "lag_mean")


def _lag_stats(lags: Sequence[float]) -> dict[str, float | None]:
    if not lags:
        return dict.fromkeys(_LAG_KEYS)
    arr = np.asarray(lags, dtype=np.float64)
    q = np.percentile(arr, [0, 25, 50, 75, 100])
    return {
        "lag_min": round(float(q[0]), 2),
        "lag_p25": round(float(q[1]), 2),
        "lag_median": round(float(q[2]), 2),
        "lag_p75": round(float(q[3]), 2),
        "lag_max": round(float(q[4]), 2),
        "lag_mean": round(float(arr.mean()), 2),
    }


@dataclass(frozen=True)
class LinkRow:
    """A link as the measures read it: event ``i`` answers event ``j`` (table rows)."""

    i: int
    j: int
    basis: str
    confidence: float


@dataclass
class ChainMeasures:
    """Measures of one chain (see the module docstring)."""

    first_event: str
    events: int
    links: int
    length: int
    duration_hours: float
    lags: list[float]
    path: list[str]
    path_sides: list[str]
    path_intensity: list[float]
    escalations: int
    de_escalations: int
    level: int
    peak_intensity: float
    net_change: float
    bases: dict[str, int] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """A flat dict for tables, JSON and CSV."""
        return {
            "first_event": self.first_event,
            "events": self.events,
            "links": self.links,
            "length": self.length,
            "duration_hours": self.duration_hours,
            **_lag_stats(self.lags),
            "escalations": self.escalations,
            "de_escalations": self.de_escalations,
            "level": self.level,
            "peak_intensity": self.peak_intensity,
            "net_change": self.net_change,
            "path": self.path,
            "path_sides": self.path_sides,
            "path_intensity": self.path_intensity,
            "bases": self.bases,
        }


@dataclass
class DyadMeasures:
    """Measures of the links from one side's events to the other side's answers."""

    answered_side: str
    answering_side: str
    lags: list[float]
    deltas: list[float]
    branching_ratio: float | None = None

    def row(self) -> dict[str, Any]:
        """A flat dict for tables, JSON and CSV."""
        kinds = [step_kind(0.0, d) for d in self.deltas]
        return {
            "answered_side": self.answered_side,
            "answering_side": self.answering_side,
            "links": len(self.lags),
            **_lag_stats(self.lags),
            "mean_change": round(float(np.mean(self.deltas)), 3) if self.deltas else None,
            "escalations": kinds.count("escalation"),
            "de_escalations": kinds.count("de-escalation"),
            "level": kinds.count("level"),
            "hawkes_branching": None
            if self.branching_ratio is None
            else round(self.branching_ratio, 3),
        }


def side_name(code: int) -> str:
    """Side code -> name ('unidentified' for -1).

    >>> side_name(-1)
    'unidentified'
    """
    return SIDES[code].value if code >= 0 else "unidentified"


def chain_measures(table: EventTable, links: Sequence[LinkRow]) -> list[ChainMeasures]:
    """One :class:`ChainMeasures` per chain (2+ events), earliest chain first."""
    power = intensities(table)
    sides = table.primary_side("perp")
    graph = nx.DiGraph()
    basis: dict[tuple[int, int], str] = {}
    for link in links:
        graph.add_edge(link.j, link.i)  # answered -> answering, forward in time
        basis[(link.j, link.i)] = link.basis
    out = []
    for nodes in nx.weakly_connected_components(graph):
        sub = graph.subgraph(nodes)
        order = sorted(nodes, key=lambda k: (table.t[k], table.ids[k]))
        path = _longest_path(sub, table)
        lags = sorted(round(float(table.t[b] - table.t[a]), 2) for a, b in sub.edges)
        steps = [step_kind(power[a], power[b]) for a, b in sub.edges]
        counts: dict[str, int] = defaultdict(int)
        for a, b in sub.edges:
            counts[basis[(a, b)]] += 1
        out.append(
            ChainMeasures(
                first_event=table.ids[order[0]],
                events=len(nodes),
                links=sub.number_of_edges(),
                length=len(path) - 1,
                duration_hours=round(float(table.t[order[-1]] - table.t[order[0]]), 2),
                lags=lags,
                path=[table.ids[k] for k in path],
                path_sides=[side_name(int(sides[k])) for k in path],
                path_intensity=[float(power[k]) for k in path],
                escalations=steps.count("escalation"),
                de_escalations=steps.count("de-escalation"),
                level=steps.count("level"),
                peak_intensity=float(max(power[k] for k in nodes)),
                net_change=round(float(power[path[-1]] - power[path[0]]), 4),
                bases=dict(sorted(counts.items())),
            )
        )
    first = {table.ids[k]: float(table.t[k]) for k in graph.nodes}
    return sorted(out, key=lambda c: (first[c.first_event], c.first_event))


def _longest_path(sub: Any, table: EventTable) -> list[int]:
    """Longest path of a chain; ties go to the earliest events (a cycle falls back to time)."""

    def when(k: int) -> tuple[float, str]:
        return (float(table.t[k]), table.ids[k])

    if not nx.is_directed_acyclic_graph(sub):
        return sorted(sub.nodes, key=when)
    best: dict[int, list[int]] = {}
    for node in nx.lexicographical_topological_sort(sub, key=when):
        preds = sorted(sub.predecessors(node), key=when)
        longest = max(preds, key=lambda p: len(best[p]), default=None)
        best[node] = [*best[longest], node] if longest is not None else [node]
    return max(sorted(best.values(), key=lambda path: when(path[0])), key=len)


def dyad_measures(
    table: EventTable,
    links: Sequence[LinkRow],
    branching: Mapping[tuple[str, str], float] | None = None,
) -> list[DyadMeasures]:
    """One :class:`DyadMeasures` per (answered side, answering side), most links first."""
    power = intensities(table)
    sides = table.primary_side("perp")
    groups: dict[tuple[str, str], DyadMeasures] = {}
    for link in links:
        key = (side_name(int(sides[link.j])), side_name(int(sides[link.i])))
        dyad = groups.setdefault(key, DyadMeasures(key[0], key[1], [], []))
        dyad.lags.append(round(float(table.t[link.i] - table.t[link.j]), 2))
        dyad.deltas.append(float(power[link.i] - power[link.j]))
    for key, dyad in groups.items():
        dyad.lags.sort()
        if branching is not None:
            dyad.branching_ratio = branching.get(key)
    return sorted(groups.values(), key=lambda d: (-len(d.lags), d.answered_side, d.answering_side))


def link_rows(
    table: EventTable,
    links: Sequence[tuple[str, str, str, float | None]],
    *,
    min_confidence: float = 0.0,
    bases: Sequence[str] | None = None,
) -> list[LinkRow]:
    """``(event, responds_to, basis, confidence)`` tuples -> :class:`LinkRow` (filtered).

    Links naming events outside ``table`` are dropped.
    """
    index = {e: k for k, e in enumerate(table.ids)}
    out = []
    for event, answered, basis, conf in links:
        c = 1.0 if conf is None else float(conf)
        if event not in index or answered not in index or c < min_confidence:
            continue
        if bases is not None and basis not in bases:
            continue
        out.append(LinkRow(index[event], index[answered], basis, c))
    return out


def branching_by_side(alpha: FloatArray, labels: Sequence[int]) -> dict[tuple[str, str], float]:
    """A Hawkes ``alpha`` matrix as ``{(from side, to side): ratio}``."""
    return {
        (side_name(a), side_name(b)): float(alpha[x, y])
        for x, a in enumerate(labels)
        for y, b in enumerate(labels)
    }
