"""Candidate pairs: which earlier events an event may answer (roles reversed), in O(n log n).

Event *i* may answer event *j* when, comparing *parties* (an actor's side, or for an actor
of no known side the actor and its PART_OF relatives; :class:`~.table.ActorIndex`):

1. **the responder was hit**: a perpetrator of *i* is a target of *j* -- or *i*'s
   perpetrator is unnamed, as long as *j* names a target;
2. **the answer goes back**: a target of *i* is a perpetrator of *j* -- or *j*'s
   perpetrator is unnamed (a rocket attack on a US base by unknown militants may be
   answered by US strikes), as long as *i* names a target;
3. at least one of the two holds on named parties: two events that name nobody on the
   matching sides are never linked.

A role the source leaves empty is never a match: an event naming no target hit nobody we
know of, so nothing is a candidate answer to it, and an event naming no target answers
nobody. A two-sided event (a clash) hits each of its parties (:mod:`.table`): its role
pairs are every ordered pair of *different* parties, so a coalition airstrike on IS is not
a candidate answer to a PMF--IS clash (the coalition was not in it), while a PMF or IS
attack on the other may be. The relation is symmetric: if *i* may answer *j*, *j* may
answer *i*; time decides (see :mod:`.order`).

**Search.** Each role row (event, perpetrator party, target party) with its spatial cell
(``cell_degrees`` squares; events without a site have a cell of their own) forms a bucket;
rows are sorted by (bucket, window midpoint) once, and each event looks up the buckets it
may answer in its own cell, the 8 neighbouring cells and the no-site cell with two binary
searches for midpoints in ``[t - window, t]``, keeping the ``max_candidates`` most recent of
each lookup. Events are processed in chunks of consecutive time (:func:`chunks`), so the
memory held at any moment is one chunk's pairs. A pair of events with equal midpoints is
returned once, as (later index, earlier index).

>>> from tatgraph.link.evaluate import seed_table
>>> from tatgraph.link.infer import LinkParams
>>> table, _ = seed_table()
>>> i, j = candidate_pairs(table, LinkParams())
>>> bool((table.t[i] >= table.t[j]).all()), len(i)
(True, 17)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .params import LinkParams
from .table import EventTable, FloatArray, IntArray

CHUNK_ROWS = 1 << 15
"""Role rows (about events) searched per chunk."""


def role_rows(table: EventTable) -> tuple[IntArray, IntArray, IntArray]:
    """``(event, perpetrator party, target party)`` per distinct party pair of each event.

    A role naming nobody contributes party -1 (unnamed); an event naming some party in a
    role drops its unnamed entries for that role. A two-sided event has no row whose
    perpetrator and target are the same party.
    """
    ps, ts = table.role_parties("perp"), table.role_parties("target")
    n = len(table)
    if ps.shape[1] == 1 and ts.shape[1] == 1:  # one row per event (the synthetic data)
        ev = np.arange(n, dtype=np.int64)
        p, t = ps[:, 0].copy(), ts[:, 0].copy()
        keep = ~(table.two_sided & (p == t))
        return ev[keep], p[keep], t[keep]
    ev_parts, p_parts, t_parts = [], [], []
    for a in range(ps.shape[1]):
        for b in range(ts.shape[1]):
            p, t = ps[:, a], ts[:, b]
            ok = (p > -2) & (t > -2) & ~(table.two_sided & (p == t))
            ev_parts.append(np.nonzero(ok)[0])
            p_parts.append(p[ok])
            t_parts.append(t[ok])
    ev, p, t = np.concatenate(ev_parts), np.concatenate(p_parts), np.concatenate(t_parts)
    has_p = np.zeros(n, dtype=bool)
    has_t = np.zeros(n, dtype=bool)
    has_p[ev[p >= 0]] = True
    has_t[ev[t >= 0]] = True
    keep = ~((p < 0) & has_p[ev]) & ~((t < 0) & has_t[ev])
    ev, p, t = ev[keep], p[keep], t[keep]
    s1 = np.int64(table.actors.parties + 1)
    first = first_occurrences((ev * s1 + (p + 1)) * s1 + (t + 1))
    return ev[first], p[first], t[first]


def first_occurrences(code: IntArray) -> IntArray:
    """Indices of the first occurrence of each distinct value of ``code``, in order."""
    order = np.argsort(code, kind="stable")
    sorted_code = code[order]
    first = order[np.r_[True, sorted_code[1:] != sorted_code[:-1]]] if len(code) else order
    return np.sort(first)


class _Buckets:
    """Role rows sorted by (bucket, time), searchable by bucket key and time window.

    ``rows`` are positions in the (time-sorted) role table; they arrive in time order, so
    a stable sort by bucket leaves each bucket's rows in time order.
    """

    def __init__(self, bucket: IntArray, time: FloatArray, rows: IntArray, span: float) -> None:
        order = np.argsort(bucket, kind="stable")
        sorted_bucket = bucket[order]
        self.rows = rows[order]
        self.span = span
        if len(sorted_bucket):
            start = np.r_[True, sorted_bucket[1:] != sorted_bucket[:-1]]
            self.keys = sorted_bucket[start]
            rank = np.cumsum(start) - 1
        else:
            self.keys = sorted_bucket
            rank = sorted_bucket
        self.composite = rank.astype(np.float64) * span + time[self.rows]

    def lookup(
        self, query_bucket: IntArray, t: FloatArray, window: float, k: int
    ) -> tuple[IntArray, IntArray]:
        """``(query, row)`` for up to ``k`` most recent rows in ``[t - window, t]``."""
        if not len(self.keys) or not len(query_bucket):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        pos = np.searchsorted(self.keys, query_bucket)
        pos_c = np.minimum(pos, len(self.keys) - 1)
        found = np.nonzero(self.keys[pos_c] == query_bucket)[0]
        if not len(found):
            return found, found
        base = pos_c[found].astype(np.float64) * self.span + t[found]
        hi = np.searchsorted(self.composite, base, side="right")
        count = hi - np.searchsorted(self.composite, base - window, side="left")
        np.minimum(count, k, out=count)
        total = int(count.sum())
        if not total:
            return found[:0], found[:0]
        ends = np.cumsum(count)
        offset = np.arange(total, dtype=np.int64) - np.repeat(ends - hi, count)
        return np.repeat(found, count), self.rows[offset]


@dataclass
class CandidateIndex:
    """The role rows of a table in time order, ready for chunked lookups.

    Each chunk builds small sorted indexes over the rows it can reach (its own and those
    up to ``window`` before it), so the binary searches run in arrays that fit in cache.
    """

    table: EventTable
    window: float
    k: int
    ev: IntArray
    p: IntArray
    t: IntArray
    cell: IntArray
    cy: IntArray
    cx: IntArray
    located: NDArray[np.bool_]
    time: FloatArray
    nx: int
    ncell: int
    groups: int

    @classmethod
    def build(cls, table: EventTable, params: LinkParams) -> CandidateIndex:
        ev, p, t = role_rows(table)
        order = np.argsort(table.t[ev], kind="stable")
        ev, p, t = ev[order], p[order], t[order]
        c = params.cell_degrees
        ny, nx = int(np.ceil(180.0 / c)) + 3, int(np.ceil(360.0 / c)) + 3
        lat, lon = table.lat[ev], table.lon[ev]
        located = ~np.isnan(lat) & ~np.isnan(lon)
        cy = np.where(located, np.floor((np.nan_to_num(lat) + 90.0) / c) + 1, 0).astype(np.int64)
        cx = np.where(located, np.floor((np.nan_to_num(lon) + 180.0) / c) + 1, 0).astype(np.int64)
        unknown = ny * nx
        tmin = float(table.t.min()) if len(table) else 0.0
        return cls(
            table=table,
            window=params.window_hours,
            k=params.max_candidates,
            ev=ev,
            p=p,
            t=t,
            cell=np.where(located, cy * nx + cx, unknown),
            cy=cy,
            cx=cx,
            located=located,
            time=table.t[ev] - tmin,
            nx=nx,
            ncell=unknown + 1,
            groups=table.actors.parties + 1,
        )

    def bounds(self, chunk_rows: int = CHUNK_ROWS) -> list[tuple[int, int]]:
        """Row ranges of consecutive time; a chunk never splits rows of equal midpoints."""
        n = len(self.ev)
        out, lo = [], 0
        while lo < n:
            hi = min(lo + chunk_rows, n)
            if hi < n:
                hi = int(np.searchsorted(self.time, self.time[hi - 1], side="right"))
            out.append((lo, hi))
            lo = hi
        return out

    def search(self, lo: int, hi: int) -> tuple[IntArray, IntArray]:
        """Candidate pairs ``(i, j)`` of the role rows ``lo:hi`` (``i`` in those rows)."""
        reach = int(np.searchsorted(self.time, self.time[lo] - self.window, side="left"))
        near = np.arange(reach, hi, dtype=np.int64)
        span = float(self.time[hi - 1] - self.time[reach]) + self.window + 10.0
        p, t = self.p[near], self.t[near]
        named_t = t >= 0
        both = named_t & (p >= 0)
        pair = (p + 1) * self.groups + (t + 1)
        cell = self.cell[near]
        rows = near[named_t]
        by_pair = _Buckets(pair[named_t] * self.ncell + cell[named_t], self.time, rows, span)
        by_pair_any = _Buckets(pair[named_t], self.time, rows, span)
        rows = near[both]
        by_perp = _Buckets(p[both] * self.ncell + cell[both], self.time, rows, span)
        by_perp_any = _Buckets(p[both], self.time, rows, span)

        own = np.arange(lo, hi, dtype=np.int64)
        p, t = self.p[own], self.t[own]
        out_i: list[IntArray] = []
        out_j: list[IntArray] = []
        both_own = own[(p >= 0) & (t >= 0)]
        g = self.groups
        pair_buckets = (by_pair, by_pair_any)
        # the earlier event's perpetrator is our target and its target our perpetrator
        want = (self.t[both_own] + 1) * g + (self.p[both_own] + 1)
        self._look(both_own, want, pair_buckets, out_i, out_j)
        # ... or its perpetrator is unnamed and its target our perpetrator
        self._look(both_own, self.p[both_own] + 1, pair_buckets, out_i, out_j)
        # we are unnamed: the earlier event's perpetrator is our target (it names a target)
        blind = own[(p < 0) & (t >= 0)]
        self._look(blind, self.t[blind], (by_perp, by_perp_any), out_i, out_j)
        i = np.concatenate(out_i) if out_i else np.zeros(0, dtype=np.int64)
        j = np.concatenate(out_j) if out_j else np.zeros(0, dtype=np.int64)
        tt = self.table.t
        swap = tt[i] == tt[j]
        if swap.any():  # equal midpoints: each pair once, as (later index, earlier index)
            a, b = np.maximum(i, j), np.minimum(i, j)
            i, j = np.where(swap, a, i), np.where(swap, b, j)
        keep = i != j
        i, j = i[keep], j[keep]
        if len(self.ev) > len(self.table) or swap.any():
            first = first_occurrences(i * np.int64(len(self.table)) + j)
            i, j = i[first], j[first]
        return i, j

    def _look(
        self,
        rows: IntArray,
        want: IntArray,
        buckets: tuple[_Buckets, _Buckets],
        out_i: list[IntArray],
        out_j: list[IntArray],
    ) -> None:
        """Rows ``rows`` look up earlier rows of buckets ``want`` (party pairs or perpetrators)."""
        if not len(rows):
            return
        cells, anywhere = buckets
        window, k, ncell, nx = self.window, self.k, self.ncell, self.nx
        order = np.lexsort((self.time[rows], want * ncell + self.cell[rows]))
        rows, want = rows[order], want[order]
        here = self.located[rows]
        lr, lw = rows[here], want[here]
        lt = self.time[lr]
        base = lw * ncell + self.cy[lr] * nx + self.cx[lr]
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                hit, j = cells.lookup(base + (dy * nx + dx), lt, window, k)
                out_i.append(self.ev[lr[hit]])
                out_j.append(self.ev[j])
        hit, j = cells.lookup(lw * ncell + (ncell - 1), lt, window, k)
        out_i.append(self.ev[lr[hit]])
        out_j.append(self.ev[j])
        ur, uw = rows[~here], want[~here]
        if len(ur):
            o = np.lexsort((self.time[ur], uw))
            ur, uw = ur[o], uw[o]
            hit, j = anywhere.lookup(uw, self.time[ur], window, k)
            out_i.append(self.ev[ur[hit]])
            out_j.append(self.ev[j])


def chunks(
    table: EventTable, params: LinkParams, chunk_rows: int = CHUNK_ROWS
) -> Iterator[tuple[IntArray, IntArray]]:
    """Candidate pairs chunk by chunk (consecutive time ranges of the answering events)."""
    if len(table) < 2:
        return
    index = CandidateIndex.build(table, params)
    for lo, hi in index.bounds(chunk_rows):
        yield index.search(lo, hi)


def candidate_pairs(
    table: EventTable, params: LinkParams, chunk_rows: int = CHUNK_ROWS
) -> tuple[IntArray, IntArray]:
    """Every candidate pair ``(i, j)`` (``j``'s midpoint not later), all chunks together."""
    parts = list(chunks(table, params, chunk_rows))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
