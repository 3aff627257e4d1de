"""Inferred RESPONDS_TO links: candidates with reversed roles, scored, filtered.

For every event, the *candidates* it may answer are earlier events whose roles are
reversed: the earlier event's target side is this event's perpetrator side and the
earlier perpetrator side is this event's target side. An unnamed perpetrator or target
(or an actor of no party) matches any side, but at least one of the two directions must
match on named sides, so two events with nobody named are never linked. Closeness within
a side (same actor, PART_OF relatives) is scored, not required (:mod:`tatgraph.link.score`).

Candidate search costs O(n log n): each event's role pair ``(perpetrator side, target
side)`` and spatial cell (``cell_degrees`` squares; events without a site have a cell of
their own) form a bucket; events are sorted by (bucket, time) once, and each event looks up
the reversed buckets of its own and the 8 neighbouring cells (plus the no-site cell) with a
binary search for the window ``[t - window, t]``, keeping the ``max_candidates`` most recent
of each lookup. Everything is numpy; a million events take seconds (``bench/bench_link.py``).

Time order: an event answers only events whose window midpoint is earlier. When two
midpoints are equal (same reported window, e.g. an exchange of fire the same evening) the
event whose best strictly-earlier antecedent (its most confident earlier candidate; 1.0 for
a stated/coded link) is stronger by at least :data:`TIE_MARGIN` is taken to have come
first -- the move that continues an existing chain -- and only the other event may answer
it; otherwise neither answers the other. Links therefore never form a cycle, and no event
answers itself.

Stated and coded links are never overwritten or duplicated: pairs that already hold one
(in either direction) are skipped, and so are events that already answer something by a
stated or coded link, unless ``also_explained`` is set.

>>> from tatgraph.link.evaluate import seed_table
>>> table, known = seed_table()
>>> found = infer(table, LinkParams(min_confidence=0.3))
>>> bool(found.lag_hours.min() >= 0 and (found.i != found.j).all())
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..model import ResponseLink
from ..vocab import LinkBasis
from . import score
from .table import SIDES, EventTable, FloatArray, IntArray

TIE_MARGIN = 0.1
"""Between simultaneous events, the answered one's antecedent must be this much stronger."""

STRONG_BASES = (LinkBasis.STATED.value, LinkBasis.CODED.value)
"""Bases that inference never touches and that make an event 'explained'."""


@dataclass(frozen=True)
class LinkParams:
    """Settings of one inference run (the CLI options of ``tatgraph link``)."""

    window_hours: float = 336.0
    """How far back an answered event may lie (default 14 days)."""
    min_confidence: float = 0.5
    """Links below this confidence are not proposed."""
    max_links: int = 3
    """At most this many links per answering event (the most confident)."""
    max_candidates: int = 16
    """Most recent candidates kept per bucket lookup (bounds the cost per event)."""
    cell_degrees: float = 2.0
    """Spatial bucket size; neighbours are searched, so ~2 cells of reach."""
    confidence: str = "score"
    """Which probability becomes the link's confidence: 'score' or 'hawkes'."""
    also_explained: bool = False
    """Also propose links for events that already answer something (stated/coded)."""

    def __post_init__(self) -> None:
        if self.window_hours <= 0:
            raise ValueError("window_hours must be positive")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError("min_confidence must be in [0, 1]")
        if self.max_links < 1 or self.max_candidates < 1:
            raise ValueError("max_links and max_candidates must be at least 1")
        if self.cell_degrees <= 0:
            raise ValueError("cell_degrees must be positive")
        if self.confidence not in ("score", "hawkes"):
            raise ValueError("confidence must be 'score' or 'hawkes'")

    @property
    def method(self) -> str:
        """The ``method`` text recorded on every inferred link.

        >>> LinkParams().method
        'tatgraph.link score-v1 confidence=score window=336h'
        """
        return (
            f"tatgraph.link {score.METHOD_VERSION} confidence={self.confidence} "
            f"window={self.window_hours:g}h"
        )


@dataclass
class Inferred:
    """Proposed links as arrays: event ``i[k]`` answers event ``j[k]``."""

    i: IntArray
    j: IntArray
    lag_hours: FloatArray
    confidence: FloatArray
    parts: dict[str, FloatArray] = field(default_factory=dict)
    candidates: int = 0
    """How many candidate pairs were scored."""

    def __len__(self) -> int:
        return len(self.i)

    def links(self, table: EventTable, method: str) -> list[ResponseLink]:
        """As :class:`~tatgraph.model.ResponseLink` records with basis ``inferred``."""
        out = []
        for k in range(len(self.i)):
            out.append(
                ResponseLink(
                    event=table.ids[int(self.i[k])],
                    responds_to=table.ids[int(self.j[k])],
                    basis=LinkBasis.INFERRED,
                    confidence=round(float(self.confidence[k]), 4),
                    lag_hours=round(float(self.lag_hours[k]), 2),
                    method=method,
                    components={n: round(float(v[k]), 4) for n, v in self.parts.items()},
                )
            )
        return out


# ---------------------------------------------------------------------------------------
# candidate search


def role_rows(table: EventTable) -> tuple[IntArray, IntArray, IntArray]:
    """``(event, perpetrator side, target side)`` per distinct side pair of each event.

    A role naming no party contributes side -1 (unnamed).
    """
    ps, ts = table.role_sides("perp"), table.role_sides("target")
    n = len(table)
    ev_parts, p_parts, t_parts = [], [], []
    for a in range(ps.shape[1]):
        for b in range(ts.shape[1]):
            p, t = ps[:, a], ts[:, b]
            ok = (p > -2) & (t > -2)
            ev_parts.append(np.nonzero(ok)[0])
            p_parts.append(p[ok])
            t_parts.append(t[ok])
    ev, p, t = np.concatenate(ev_parts), np.concatenate(p_parts), np.concatenate(t_parts)
    # an event with a named side drops its unnamed entries for that role
    has_p = np.zeros(n, dtype=bool)
    has_t = np.zeros(n, dtype=bool)
    has_p[ev[p >= 0]] = True
    has_t[ev[t >= 0]] = True
    keep = ~((p < 0) & has_p[ev]) & ~((t < 0) & has_t[ev])
    ev, p, t = ev[keep], p[keep], t[keep]
    if ps.shape[1] == 1 and ts.shape[1] == 1:
        return ev, p, t  # one row per event: nothing to de-duplicate
    s1 = len(SIDES) + 1
    first = _first_occurrences((ev * s1 + (p + 1)) * s1 + (t + 1))
    return ev[first], p[first], t[first]


def _first_occurrences(code: IntArray) -> IntArray:
    """Indices of the first occurrence of each distinct value of ``code``, in order."""
    order = np.argsort(code, kind="stable")
    sorted_code = code[order]
    first = order[np.r_[True, sorted_code[1:] != sorted_code[:-1]]] if len(code) else order
    return np.sort(first)


class _Buckets:
    """Role rows sorted by (bucket, time), searchable by composite key."""

    def __init__(self, bucket: IntArray, t: FloatArray, ev: IntArray, span: float) -> None:
        order = np.lexsort((t, bucket))
        self.bucket = bucket[order]
        self.t = t[order]
        self.ev = ev[order]
        self.span = span
        self.keys, rank = np.unique(self.bucket, return_inverse=True)
        self.composite = rank.astype(np.float64) * span + self.t

    def lookup(
        self, query_bucket: IntArray, t: FloatArray, window: float, k: int
    ) -> tuple[IntArray, IntArray]:
        """``(query row, event)`` for up to ``k`` most recent rows in ``[t - window, t]``."""
        pos = np.searchsorted(self.keys, query_bucket)
        pos_c = np.minimum(pos, len(self.keys) - 1)
        found = (pos < len(self.keys)) & (self.keys[pos_c] == query_bucket)
        rows = np.nonzero(found)[0]
        if not len(rows):
            return rows, rows
        base = pos_c[rows].astype(np.float64) * self.span
        hi = np.searchsorted(self.composite, base + t[rows], side="right")
        lo = np.searchsorted(self.composite, base + t[rows] - window, side="left")
        count = np.minimum(hi - lo, k)
        total = int(count.sum())
        if not total:
            return rows[:0], rows[:0]
        start = np.repeat(hi - count, count)
        offset = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
        return np.repeat(rows, count), self.ev[start + offset]


def candidate_pairs(table: EventTable, params: LinkParams) -> tuple[IntArray, IntArray]:
    """Every ``(i, j)``: ``i`` may answer ``j`` (roles reversed, ``j`` not later, in window).

    Pairs are distinct and ``i != j``; ties in time are kept (see :func:`infer`).
    """
    n = len(table)
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    ev, p, t = role_rows(table)
    s1 = len(SIDES) + 1
    group = (p + 1) * s1 + (t + 1)
    c = params.cell_degrees
    ny, nx = int(np.ceil(180.0 / c)) + 3, int(np.ceil(360.0 / c)) + 3
    located = ~np.isnan(table.lat[ev]) & ~np.isnan(table.lon[ev])
    cy = np.where(located, np.floor((np.nan_to_num(table.lat[ev]) + 90.0) / c) + 1, 0)
    cx = np.where(located, np.floor((np.nan_to_num(table.lon[ev]) + 180.0) / c) + 1, 0)
    cy, cx = cy.astype(np.int64), cx.astype(np.int64)
    unknown_cell = ny * nx
    ncell = unknown_cell + 1
    cell = np.where(located, cy * nx + cx, unknown_cell)
    tt = table.t[ev]
    tmin = float(table.t.min())
    span = float(table.t.max()) - tmin + params.window_hours + 10.0
    by_cell = _Buckets(group * ncell + cell, tt - tmin, ev, span)
    by_group = _Buckets(group, tt - tmin, ev, span)
    present = set(np.unique(group).tolist())
    window, k = params.window_hours, params.max_candidates

    out_i: list[IntArray] = []
    out_j: list[IntArray] = []

    def search(rows: IntArray, want: IntArray) -> None:
        """Rows ``rows`` of the role table look up earlier rows of groups ``want``."""
        keep = np.isin(want, list(present))
        rows, want = rows[keep], want[keep]
        if not len(rows):
            return
        # sorted queries make every binary search below walk forward through memory
        order = np.lexsort((tt[rows], want * ncell + cell[rows]))
        rows, want = rows[order], want[order]
        here = located[rows]
        lr, lw = rows[here], want[here]
        lt = tt[lr] - tmin
        base = lw * ncell + cy[lr] * nx + cx[lr]
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                hit, j = by_cell.lookup(base + (dy * nx + dx), lt, window, k)
                out_i.append(ev[lr[hit]])
                out_j.append(j)
        hit, j = by_cell.lookup(lw * ncell + unknown_cell, lt, window, k)
        out_i.append(ev[lr[hit]])
        out_j.append(j)
        ur, uw = rows[~here], want[~here]
        if len(ur):
            o = np.lexsort((tt[ur], uw))
            ur, uw = ur[o], uw[o]
            hit, j = by_group.lookup(uw, tt[ur] - tmin, window, k)
            out_i.append(ev[ur[hit]])
            out_j.append(j)

    def g(perp: IntArray, target: IntArray) -> IntArray:
        return (perp + 1) * s1 + (target + 1)

    both = np.nonzero((p >= 0) & (t >= 0))[0]
    search(both, g(t[both], p[both]))  # exact reversal
    search(both, g(t[both], np.full(len(both), -1)))  # earlier target unnamed
    search(both, g(np.full(len(both), -1), p[both]))  # earlier perpetrator unnamed
    no_perp = np.nonzero((p < 0) & (t >= 0))[0]
    no_target = np.nonzero((p >= 0) & (t < 0))[0]
    for x in range(-1, len(SIDES)):
        xs = np.full(len(no_perp), x)
        search(no_perp, g(t[no_perp], xs))  # earlier perpetrator = our target
        xs = np.full(len(no_target), x)
        search(no_target, g(xs, p[no_target]))  # earlier target = our perpetrator

    i = np.concatenate(out_i) if out_i else np.zeros(0, dtype=np.int64)
    j = np.concatenate(out_j) if out_j else np.zeros(0, dtype=np.int64)
    keep = i != j
    i, j = i[keep], j[keep]
    if len(ev) > n:  # an event with several side pairs may meet another twice
        first = _first_occurrences(i * np.int64(n) + j)
        i, j = i[first], j[first]
    return i.astype(np.int64), j.astype(np.int64)


# ---------------------------------------------------------------------------------------
# selection


def _pair_codes(table: EventTable, pairs: Iterable[tuple[str, str]]) -> tuple[IntArray, IntArray]:
    index = {e: k for k, e in enumerate(table.ids)}
    known = [(index[a], index[b]) for a, b in pairs if a in index and b in index]
    if not known:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    arr = np.array(known, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def infer(
    table: EventTable,
    params: LinkParams | None = None,
    existing: Sequence[tuple[str, str, str]] = (),
    hawkes_probability: FloatArray | None = None,
    pairs: tuple[IntArray, IntArray] | None = None,
) -> Inferred:
    """Propose inferred links for ``table``.

    ``existing`` holds ``(event, responds_to, basis)`` of links already stored; stated and
    coded ones are left alone (see the module docstring). ``hawkes_probability``, aligned
    with ``pairs`` (default: :func:`candidate_pairs`), adds the Hawkes trigger probability
    as a component and, with ``confidence='hawkes'``, as the confidence.
    """
    params = params or LinkParams()
    n = len(table)
    i, j = pairs if pairs is not None else candidate_pairs(table, params)
    scored = len(i)
    lag = table.t[i] - table.t[j]
    logs = score.log_components(table, i, j, lag)
    conf_score = score.confidence_from_logs(logs)
    conf = conf_score
    if hawkes_probability is not None:
        if params.confidence == "hawkes":
            conf = hawkes_probability
    elif params.confidence == "hawkes":
        raise ValueError("confidence='hawkes' needs hawkes_probability (see link.hawkes)")

    strong = [(a, b) for a, b, basis in existing if basis in STRONG_BASES]
    si, sj = _pair_codes(table, strong)
    keep = np.ones(len(i), dtype=bool)
    if len(si):
        taken = np.concatenate([si * n + sj, sj * n + si])
        keep &= ~np.isin(i * n + j, taken)
        if not params.also_explained:
            explained = np.zeros(n, dtype=bool)
            explained[si] = True
            keep &= ~explained[i]

    keep &= lag >= 0  # float rounding in the search may admit a hair-later event
    tie = keep & (lag == 0)
    if tie.any():
        # the link goes to the event whose best strictly-earlier antecedent is stronger
        antecedent = np.zeros(n, dtype=np.float64)
        involved = np.zeros(n, dtype=bool)
        involved[i[tie]] = involved[j[tie]] = True
        earlier = keep & (lag > 0) & involved[i]
        np.maximum.at(antecedent, i[earlier], conf[earlier])
        if len(si):
            antecedent[si[table.t[si] > table.t[sj]]] = 1.0
        keep &= ~tie | (antecedent[j] >= antecedent[i] + TIE_MARGIN)
    keep &= conf >= params.min_confidence

    idx = np.nonzero(keep)[0]
    order = idx[np.lexsort((j[idx], -conf[idx], i[idx]))]
    if len(order):
        first = np.r_[True, i[order][1:] != i[order][:-1]]
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
        order = order[(np.arange(len(order)) - group_start) < params.max_links]
    order = order[np.lexsort((j[order], i[order]))]
    if len(si):
        order = _break_cycles(table, order, i, j, conf, si, sj)
    kept = {name: v[order] for name, v in logs.items()}
    parts = {name: np.exp(v) for name, v in kept.items()}
    parts["score"] = score.raw_score_from_logs(kept)
    parts["p_score"] = conf_score[order]
    if hawkes_probability is not None:
        parts["p_hawkes"] = hawkes_probability[order]
    return Inferred(
        i=i[order],
        j=j[order],
        lag_hours=lag[order],
        confidence=conf[order],
        parts=parts,
        candidates=scored,
    )


def _break_cycles(
    table: EventTable,
    order: IntArray,
    i: IntArray,
    j: IntArray,
    conf: FloatArray,
    si: IntArray,
    sj: IntArray,
) -> IntArray:
    """Drop the weakest inferred link of any cycle closed through stated/coded links.

    Inferred links always point back in time (or along a tie rule), so a cycle needs a
    stated/coded link that points forward in time; without one, nothing is checked.
    """
    forward = table.t[si] < table.t[sj]
    if not forward.any():
        return order
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from(zip(si.tolist(), sj.tolist(), strict=True), inferred=False)
    for k in order.tolist():
        graph.add_edge(int(i[k]), int(j[k]), inferred=True, k=k)
    dropped: set[int] = set()
    while True:
        try:
            cycle = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            break
        ours = [(a, b) for a, b in cycle if graph.edges[a, b]["inferred"]]
        a, b = min(ours, key=lambda e: float(conf[graph.edges[e]["k"]]))
        dropped.add(int(graph.edges[a, b]["k"]))
        graph.remove_edge(a, b)
    return np.array([k for k in order.tolist() if k not in dropped], dtype=np.int64)
