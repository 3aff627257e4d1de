"""Time order of two events known only as windows: order probability, lags, direction.

An event's time is a window ``[start, end)`` (a day, an evening, a week): where in it the
event happened is unknown, so it is taken as uniform over the window. For a pair (``i``
may answer ``j``):

- the **order is known** when ``j``'s window ends before ``i``'s begins (a time of day that
  orders them is just two narrow windows that do not overlap); otherwise the windows
  overlap and either may have come first: ``p_before`` = P(``j`` before ``i``) is computed
  exactly for two uniform windows (0.5 for two events of the same day);
- the **lag**, if ``i`` answers ``j``, lies in ``[lag_min, lag_max]`` = ``[max(0, start_i -
  end_j), end_i - start_j]``; its expected value given that order, ``lag``, is the
  midpoint difference when the order is known and larger than it when the windows overlap
  (two events of the same day: 8 h, not 0 h);
- the **direction** of a pair whose windows overlap comes from the windows and from what
  else each event answers (:func:`direction`): an event has one trigger, so an event that
  already answers an earlier event is less likely to be the answer here, and more likely
  the trigger. Nothing else orders them: no stated cue reaches inference (a cue makes a
  stated link of its own), so the link is recorded with ``order_known: false``.

>>> import numpy as np
>>> day = (np.array([0.0]), np.array([24.0]))
>>> p, lag, lo, hi = window_order(day[0], day[1], day[0], day[1])
>>> float(p[0]), float(lag[0]), float(lo[0]), float(hi[0])
(0.5, 8.0, 0.0, 24.0)
>>> p, lag, lo, hi = window_order(np.array([30.0]), np.array([36.0]), day[0], day[1])
>>> float(p[0]), float(lag[0]), float(lo[0]), float(hi[0])
(1.0, 21.0, 6.0, 36.0)
"""

from __future__ import annotations

import numpy as np

from .table import FloatArray, IntArray

EPS_HOURS = 1e-9


def _g(x: FloatArray, w: FloatArray) -> FloatArray:
    """Integral of the uniform CDF on ``[0, w]`` from -inf to ``x``."""
    inside = np.clip(x, 0.0, w)
    out: FloatArray = inside * inside / (2.0 * w) + np.maximum(x - w, 0.0)
    return out


def _h(x: FloatArray, w: FloatArray) -> FloatArray:
    """Integral of :func:`_g` from -inf to ``x``."""
    inside = np.clip(x, 0.0, w)
    past = np.maximum(x - w, 0.0)
    out: FloatArray = inside**3 / (6.0 * w) + (w / 2.0) * past + past * past / 2.0
    return out


def window_order(
    start_i: FloatArray, end_i: FloatArray, start_j: FloatArray, end_j: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """``(p_before, lag, lag_min, lag_max)`` for ``i`` answering ``j`` (see the module).

    ``p_before`` is P(``j`` before ``i``) for times uniform in the windows; ``lag`` the
    expected lag given that order. Exact (closed form) for every pair.
    """
    wi = np.maximum(end_i - start_i, EPS_HOURS)
    wj = np.maximum(end_j - start_j, EPS_HOURS)
    a0 = start_i - start_j  # i's window relative to j's start
    a1 = a0 + wi
    p = (_g(a1, wj) - _g(a0, wj)) / wi
    gap = (_h(a1, wj) - _h(a0, wj)) / wi
    ordered = end_j <= start_i
    mid = (start_i + end_i - start_j - end_j) / 2.0
    p = np.where(ordered, 1.0, np.clip(p, 0.0, 1.0))
    lag = np.where(ordered, mid, gap / np.maximum(p, 1e-12))
    lag_min = np.maximum(start_i - end_j, 0.0)
    lag_max = np.maximum(end_i - start_j, 0.0)
    return p, lag, lag_min, lag_max


def direction(
    i: IntArray,
    j: IntArray,
    p_before: FloatArray,
    s_ij: FloatArray,
    s_ji: FloatArray,
    antecedent: FloatArray,
    t: FloatArray | None = None,
    *,
    iterations: int = 50,
    tol: float = 1e-9,
) -> FloatArray:
    """P(``i`` answers ``j`` | the pair is linked) for pairs whose order is unknown.

    ``s_ij``/``s_ji`` are the pair's link probabilities read each way, ``antecedent[e]``
    how likely event ``e`` already answers something whose order is known (its strongest
    earlier candidate, 1.0 for a stated or coded link). One trigger per event: with
    ``a_i``, ``a_j`` the antecedents of each event *from other links*,

        P(i answers j) = p (1 - a_i) / (p (1 - a_i) + (1 - p) (1 - a_j))

    with ``p`` the windows' P(``j`` before ``i``). The overlapping pairs feed each other
    (an answer found here is an antecedent there): iterated to a fixed point. Given the
    window midpoints ``t``, only answers to events of an earlier midpoint count as
    antecedents: answering another event of the same window orders nothing (a strike
    answering two rocket attacks of one evening is not thereby later than either).

    >>> import numpy as np
    >>> one = np.array([1]), np.array([0])
    >>> float(direction(*one, np.array([0.5]), np.array([0.9]), np.array([0.9]),
    ...                 np.array([0.0, 0.0]))[0])  # nothing to go on
    0.5
    >>> round(float(direction(*one, np.array([0.5]), np.array([0.9]), np.array([0.9]),
    ...                       np.array([0.8, 0.0]))[0]), 3)  # 0 answers an earlier event
    0.833
    """
    m = len(i)
    d = np.asarray(p_before, dtype=np.float64).copy()
    if not m:
        return d
    ev = np.concatenate([i, j])
    pair = np.concatenate([np.arange(m), np.arange(m)])
    base = antecedent[ev]
    counts = np.ones(2 * m)
    if t is not None:
        counts = np.concatenate([t[j] < t[i], t[i] < t[j]]).astype(np.float64)
    for _ in range(iterations):
        value = np.concatenate([s_ij * d, s_ji * (1.0 - d)]) * counts
        top1, top2, top1_pair = _top_two(ev, value, pair, len(antecedent))
        best = np.where(top1_pair[ev] == pair, top2[ev], top1[ev])  # other links only
        other = np.maximum(base, best)
        a_i, a_j = other[:m], other[m:]
        num = p_before * (1.0 - a_i)
        den = num + (1.0 - p_before) * (1.0 - a_j)
        new = np.where(den > 0, num / np.where(den > 0, den, 1.0), p_before)
        change = float(np.max(np.abs(new - d)))
        d = new
        if change < tol:
            break
    return d


def _top_two(
    ev: IntArray, value: FloatArray, pair: IntArray, n: int
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Per event: the largest and second largest ``value`` and the pair of the largest."""
    top1 = np.zeros(n)
    np.maximum.at(top1, ev, value)
    top1_pair = np.full(n, -1, dtype=np.int64)
    is_top = value == top1[ev]
    top1_pair[ev[is_top]] = pair[is_top]  # one of the tied pairs: the others count as second
    rest = pair != top1_pair[ev]
    top2 = np.zeros(n)
    np.maximum.at(top2, ev[rest], value[rest])
    return top1, top2, top1_pair
