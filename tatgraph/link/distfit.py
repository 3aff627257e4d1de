"""How informative distance is, fitted per graph: a likelihood ratio by EM.

The calibrated distance terms (:mod:`.score`, ``distance_local`` and ``distance_theatre``)
have fixed slopes, fitted on synthetic theatres where answers land at the other side's
sites. On data where answers land nearer (or farther) than that, place says more (or less)
than those slopes allow. With enough candidate pairs the graph itself tells: among its
candidates, true answers and background pairs have different distance distributions, and
the calibrated score without its distance term already says, roughly, which pairs are
which.

For each reach class (local, theatre) with at least :data:`MIN_PAIRS` ordered candidates in
the sample, the distance term becomes ``alpha + log(h1(bin) / h0(bin))`` over distance bins
(:data:`EDGES_KM`, and one bin for an unknown site):

- ``h1``, ``h0``: the distance distributions of answers and of background pairs, each pair
  weighing in ``h1`` by its calibrated posterior ``p`` and in ``h0`` by ``1 - p``. This is
  one step of EM from the calibration (``steps``; a further step recomputes ``p`` as
  ``sigmoid(rest + alpha + log(h1 / h0))``, ``rest`` the calibrated log-odds without the
  distance term). Iterated to its fixed point, EM sharpens the ratio beyond what the data
  hold: on labelled synthetic candidates its log-ratio at 300 km came out 2-3 times as
  steep as the labels' own, and precision at a given threshold fell (docs/linking.md).
- ``alpha = log E0[exp(D)]`` (``D`` the calibrated distance term, ``E0`` over the
  background pairs) puts ``rest`` on the scale of a likelihood ratio: the calibrated term
  is the log ratio plus that constant.
- Each bin gets :data:`PSEUDO_PAIRS` pseudo-pairs split as the calibrated term implies, so
  that a bin of few pairs stays near the calibration; a bin no sampled pair fell in takes
  the calibrated term at its middle (:data:`BIN_KM`; an unknown site: exactly, as
  ``UNKNOWN_KM``).

The sample is the candidates of up to :data:`SAMPLE_CHUNKS` chunks of time spread over the
graph, at most :data:`SAMPLE_PAIRS` of them. A class with fewer than :data:`MIN_PAIRS`
keeps the calibrated term (the seed graph's 28 candidate pairs do).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .table import FloatArray, IntArray

EDGES_KM = np.array(
    [2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 160, 200, 250, 300, 400], dtype=np.float64
)
"""Upper edges of the distance bins (km); beyond the last, one more bin; NaN its own."""
BINS = len(EDGES_KM) + 2
BIN_KM = np.r_[1.0, (EDGES_KM[:-1] + EDGES_KM[1:]) / 2.0, 500.0, np.nan]
"""A distance standing for each bin (its middle; 500 km beyond the edges; NaN unknown):
where a bin got no sampled pair, the calibrated term at that distance serves."""
MIN_PAIRS = 2000
"""Ordered candidate pairs of a reach class needed to fit its distance term."""
SAMPLE_PAIRS = 400_000
SAMPLE_CHUNKS = 6
PSEUDO_PAIRS = 20.0
STEPS = 1
"""EM steps (see the module docstring: one, the posterior-weighted contrast)."""


def distance_bin(km: NDArray[np.floating]) -> IntArray:
    """Bin of each distance (:data:`EDGES_KM`; NaN -- unknown site -- the last bin).

    >>> distance_bin(np.array([1.0, 2.0, 500.0, np.nan])).tolist()
    [0, 1, 16, 17]
    """
    edges = EDGES_KM.astype(km.dtype) if km.dtype == np.float32 else EDGES_KM
    out: IntArray = np.searchsorted(edges, km, side="right")
    out[np.isnan(km)] = BINS - 1
    return out


@dataclass
class DistanceFit:
    """Fitted distance terms: ``table[c, bin]`` (``c``: 1 theatre reach, 0 local), used
    for the classes where ``fitted[c]`` and bins the sample saw (NaN elsewhere: the
    calibrated term serves); ``pairs[c]``: the sample pairs of each class."""

    table: FloatArray
    fitted: NDArray[np.bool_]
    pairs: IntArray

    def __post_init__(self) -> None:
        self.flat = self.table.astype(np.float32).ravel()
        self.complete = bool(self.fitted.all() and not np.isnan(self.table).any())
        """Whether the table serves every pair (both classes fitted, every bin seen)."""

    def term(self, km: NDArray[np.floating], theatre: NDArray[np.bool_]) -> NDArray[np.float32]:
        """The fitted term of each pair (meaningful where ``fitted[theatre]``), float32."""
        key = distance_bin(km)
        key += theatre * BINS
        out: NDArray[np.float32] = self.flat[key]
        return out


def _sigmoid(x: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * x))
    return out


def fit(
    rest: FloatArray,
    calibrated: FloatArray,
    km: NDArray[np.floating],
    theatre: NDArray[np.bool_],
    *,
    min_pairs: int = MIN_PAIRS,
    steps: int = STEPS,
    unseen: FloatArray | None = None,
) -> DistanceFit:
    """Fit the distance term of each reach class by EM (see the module docstring).

    ``rest``: the calibrated log-odds of each sampled pair without its distance term;
    ``calibrated``: that term (with the reach offset); ``km``: the pair's distance;
    ``theatre``: whether the answer has theatre reach; ``unseen[c, bin]``: the term of a
    bin no sampled pair fell in (default NaN: the caller falls back on its own).
    """
    table = np.zeros((2, BINS))
    fitted = np.zeros(2, dtype=bool)
    pairs = np.zeros(2, dtype=np.int64)
    bins = distance_bin(km)
    for c in (0, 1):
        sel = theatre == bool(c)
        pairs[c] = int(sel.sum())
        if pairs[c] < min_pairs:
            continue
        r, d, b = rest[sel], calibrated[sel], bins[sel]
        p = _sigmoid(r + d)
        w0 = 1.0 - p
        alpha = float(np.log(np.sum(w0 * np.exp(d)) / np.sum(w0)))
        # the calibrated term as prior: background share by bin, answers' share by bin
        prior0 = np.bincount(b, weights=w0, minlength=BINS)
        prior1 = np.bincount(b, weights=w0 * np.exp(d - alpha), minlength=BINS)
        prior0 = PSEUDO_PAIRS * prior0 / prior0.sum()
        prior1 = PSEUDO_PAIRS * prior1 / prior1.sum()
        seen_any = (prior0 + prior1) > 0
        prior0 = np.where(seen_any, prior0, 1e-9)  # an empty bin: its term stays NaN
        prior1 = np.where(seen_any, prior1, 1e-9)
        llr = np.zeros(BINS)
        for _ in range(steps):
            h1 = np.bincount(b, weights=p, minlength=BINS) + prior1
            h0 = np.bincount(b, weights=1.0 - p, minlength=BINS) + prior0
            new = np.log(h1 / h1.sum()) - np.log(h0 / h0.sum())
            done = float(np.max(np.abs(new - llr))) < 1e-4
            llr = new
            p = _sigmoid(r + alpha + llr[b])
            if done:
                break
        seen = np.bincount(b, minlength=BINS) > 0
        table[c] = np.where(seen, alpha + llr, np.nan if unseen is None else unseen[c])
        fitted[c] = True
    return DistanceFit(table=table, fitted=fitted, pairs=pairs)


def sample_rows(bounds: list[tuple[int, int]], chunks: int = SAMPLE_CHUNKS) -> list[int]:
    """Which chunks to sample: up to ``chunks`` of them, evenly spread.

    >>> sample_rows([(0, 1)] * 10, 3), sample_rows([(0, 1)] * 2, 3)
    ([0, 4, 9], [0, 1])
    """
    n = len(bounds)
    return sorted({int(k) for k in np.linspace(0, n - 1, min(chunks, n)).round()})
