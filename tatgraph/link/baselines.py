"""Two baselines the linker is evaluated against (:mod:`.assess`), run on the same events.

**Nearest reversed dyad** (:func:`nearest_reversed`): each event answers the nearest
earlier event (window midpoint strictly earlier, within the window) whose dyad is its own
reversed -- the earlier perpetrator's side is the event's target side and the earlier
target's side its perpetrator's side, an unnamed role matching any side as long as one of
the two matches on named sides -- the time-window heuristic of many event-data studies. Events tied
at that nearest time are all answered. Its links have probability 1.

**Hawkes attribution** (:func:`hawkes_attribution`): the Hawkes model fitted on the events
(one dimension per perpetrator side, dates as windows: :mod:`.imputed`) gives every event
the probability that each earlier event triggered it; each event answers its most
probable trigger when that one is of another side and at least ``min_probability``.

>>> from tatgraph.link.evaluate import seed_table
>>> table, _ = seed_table()
>>> i, j = nearest_reversed(table, 336.0)
>>> bool((table.t[j] < table.t[i]).all()), len(i) > 0
(True, True)
"""

from __future__ import annotations

import numpy as np

from .imputed import WindowedFit, fit_windows
from .table import SIDES, EventTable, FloatArray, IntArray

PREDECESSORS = 50
"""Possible triggers per event for the Hawkes attribution (by window midpoint)."""


def _side_rows(table: EventTable) -> tuple[IntArray, IntArray, IntArray]:
    """``(event, perpetrator side, target side)``; an unnamed role is side -1."""
    ps, ts = table.role_sides("perp"), table.role_sides("target")
    ev, p, t = [], [], []
    for a in range(ps.shape[1]):
        for b in range(ts.shape[1]):
            ok = (ps[:, a] > -2) & (ts[:, b] > -2)
            ev.append(np.nonzero(ok)[0])
            p.append(ps[ok, a])
            t.append(ts[ok, b])
    return np.concatenate(ev), np.concatenate(p), np.concatenate(t)


def nearest_reversed(table: EventTable, window_hours: float) -> tuple[IntArray, IntArray]:
    """The time-window heuristic (see the module docstring): pairs ``(i, j)``."""
    ev, p, t = _side_rows(table)
    s1 = len(SIDES) + 1
    key = (p + 1) * s1 + (t + 1)
    time = table.t[ev]
    order = np.lexsort((time, key))
    skey, stime, sev = key[order], time[order], ev[order]
    best = np.full(len(table), -np.inf)
    found_i: list[IntArray] = []
    found_j: list[IntArray] = []
    for want_p in range(-1, len(SIDES)):
        for want_t in range(-1, len(SIDES)):
            # rows whose reversed dyad is (want_p, want_t): their target side matches
            # want_p, their perpetrator side want_t (unnamed on either end matches)
            rows = (t == want_p) | (t < 0) | (want_p < 0)
            rows &= (p == want_t) | (p < 0) | (want_t < 0)
            rows &= ((t >= 0) & (want_p >= 0)) | ((p >= 0) & (want_t >= 0))
            if not rows.any():
                continue
            k = (want_p + 1) * s1 + (want_t + 1)
            lo = np.searchsorted(skey, k, side="left")
            hi = np.searchsorted(skey, k, side="right")
            if lo == hi:
                continue
            times = stime[lo:hi]
            q = np.nonzero(rows)[0]
            pos = np.searchsorted(times, time[q], side="left") - 1  # strictly earlier
            ok = pos >= 0
            q, pos = q[ok], pos[ok]
            lag = time[q] - times[pos]
            ok = lag <= window_hours
            q, pos = q[ok], pos[ok]
            # every row of that bucket at the nearest time
            first = np.searchsorted(times, times[pos], side="left")
            count = pos - first + 1
            qi = np.repeat(ev[q], count)
            qj = sev[lo + np.repeat(first, count) + _ramp(count)]
            found_i.append(qi)
            found_j.append(qj)
            np.maximum.at(best, ev[q], times[pos])
    if not found_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    keep = (table.t[j] == best[i]) & (i != j)
    i, j = i[keep], j[keep]
    code = np.unique(i * np.int64(len(table)) + j)
    return code // len(table), code % len(table)


def _ramp(count: IntArray) -> IntArray:
    """``0..c-1`` for each ``c`` of ``count``, concatenated."""
    total = int(count.sum())
    ends = np.cumsum(count)
    return np.arange(total, dtype=np.int64) - np.repeat(ends - count, count)


def hawkes_pairs(table: EventTable, k: int = PREDECESSORS) -> tuple[IntArray, IntArray]:
    """Each event with its ``k`` nearest predecessors by window midpoint, and with every
    event of an overlapping window (both ways)."""
    order = np.argsort(table.t, kind="stable")
    n = len(order)
    out_i, out_j = [], []
    for back in range(1, min(k, n - 1) + 1):
        out_i.append(order[back:])
        out_j.append(order[:-back])
    if not out_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    i, j = np.concatenate(out_i), np.concatenate(out_j)
    overlap = table.start[j] < table.end[i]
    overlap &= table.start[i] < table.end[j]
    return np.concatenate([i, j[overlap]]), np.concatenate([j, i[overlap]])


def hawkes_fit(table: EventTable) -> WindowedFit:
    """The Hawkes model over the table (one dimension per perpetrator side; windows)."""
    return fit_windows(table.start, table.end, table.primary_side("perp"), keys=table.ids)


def hawkes_attribution(
    table: EventTable, fit: WindowedFit, min_probability: float
) -> tuple[IntArray, IntArray, FloatArray]:
    """The most probable trigger of each event, when of another side and at least
    ``min_probability``: ``(i, j, probability)``."""
    i, j = hawkes_pairs(table)
    prob = fit.probability(i, j)
    order = np.lexsort((-prob, i))
    i, j, prob = i[order], j[order], prob[order]
    first = np.r_[True, i[1:] != i[:-1]] if len(i) else np.zeros(0, dtype=bool)
    i, j, prob = i[first], j[first], prob[first]
    side = table.primary_side("perp")
    keep = (prob >= min_probability) & ((side[i] != side[j]) | (side[i] < 0))
    return i[keep], j[keep], prob[keep]
