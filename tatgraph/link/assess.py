"""Evaluation against reference links: the linker and two baselines on the same events.

Given events and *reference* links (those a source or coder states, hidden from every
method), each method proposes links and gives a probability to every pair:

- ``tatgraph link``: the calibrated score (:mod:`.infer`), its links at ``min_confidence``;
- ``nearest reversed dyad``: the time-window heuristic (:func:`.baselines.nearest_reversed`),
  probability 1 for its links, 0 elsewhere;
- ``Hawkes attribution``: each event's most probable trigger under the Hawkes model fitted
  on the events (:func:`.baselines.hawkes_attribution`), its trigger probabilities;
- on synthetic data, also an **oracle**: the Hawkes posterior under the generator's true
  parameters (:mod:`.oracle`).

**Metrics.** Precision, recall and F1 of the proposed links against the reference links;
the Brier score and the expected calibration error (10 bands) of each method's
probabilities over the *scored pairs*: every candidate pair of the linker (both ways where
the order is unknown), every pair a method proposes and every reference link -- a
reference link no method considers counts with probability 0 for all.

>>> from tatgraph.link.evaluate import seed_table
>>> from tatgraph.link.infer import LinkParams
>>> table, links = seed_table()
>>> index = {e: k for k, e in enumerate(table.ids)}
>>> ref = [(index[x.event], index[x.responds_to]) for x in links]
>>> result = assess(table, ref, LinkParams())
>>> [m.name for m in result.methods]
['tatgraph link', 'nearest reversed dyad', 'Hawkes attribution']
>>> result.reference
14
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .baselines import hawkes_attribution, hawkes_fit, nearest_reversed
from .infer import LinkParams, infer
from .metrics import Metrics, brier, expected_calibration_error
from .table import EventTable, FloatArray, IntArray

PairFunction = Callable[[IntArray, IntArray], FloatArray]


@dataclass(frozen=True)
class Method:
    """A method to evaluate: its proposed links and its probability for any pair."""

    name: str
    i: IntArray
    j: IntArray
    probability: PairFunction


@dataclass(frozen=True)
class MethodScore(Metrics):
    """One row of the evaluation table: :class:`~.metrics.Metrics` of the proposed links,
    and the Brier score and ECE of the method's probabilities."""

    name: str = ""
    brier: float = 0.0
    ece: float = 0.0

    @property
    def proposed(self) -> int:
        return self.predicted

    def row(self) -> dict[str, object]:
        return {
            "method": self.name,
            "proposed": self.proposed,
            "true_among_proposed": self.hits,
            "reference": self.true,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "brier": round(self.brier, 5),
            "ece": round(self.ece, 5),
        }


@dataclass(frozen=True)
class Assessment:
    """The evaluation table and what it was computed on."""

    events: int
    reference: int
    covered: int
    """Reference links among the linker's candidate pairs."""
    pairs: int
    """Scored pairs (the Brier score's and ECE's population)."""
    threshold: float
    methods: tuple[MethodScore, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "events": self.events,
            "reference_links": self.reference,
            "reference_among_candidates": self.covered,
            "scored_pairs": self.pairs,
            "threshold": self.threshold,
            "methods": [m.row() for m in self.methods],
        }


def _lookup(codes: IntArray, values: FloatArray, want: IntArray) -> FloatArray:
    """``values`` of ``codes`` at ``want`` (0 where absent); ``codes`` sorted, unique."""
    pos = np.searchsorted(codes, want)
    pos_c = np.minimum(pos, max(len(codes) - 1, 0))
    out = np.zeros(len(want))
    if len(codes):
        hit = codes[pos_c] == want
        out[hit] = values[pos_c[hit]]
    return out


def table_function(i: IntArray, j: IntArray, value: FloatArray, n: int) -> PairFunction:
    """A pair function from a table of pairs (0 for pairs not in it)."""
    code = i.astype(np.int64) * n + j
    order = np.argsort(code, kind="stable")
    codes, values = code[order], np.asarray(value, dtype=np.float64)[order]

    def prob(a: IntArray, b: IntArray) -> FloatArray:
        return _lookup(codes, values, a.astype(np.int64) * n + b)

    return prob


def linker_method(table: EventTable, params: LinkParams) -> tuple[Method, IntArray]:
    """The linker as a method, and the codes of its candidate pairs (both ways if loose)."""
    n = len(table)
    found = infer(table, params)
    every = infer(table, params, every_pair=True)
    method = Method(
        "tatgraph link", found.i, found.j, table_function(every.i, every.j, every.confidence, n)
    )
    return method, every.i.astype(np.int64) * n + every.j


def baseline_methods(table: EventTable, params: LinkParams, *, hawkes: bool) -> list[Method]:
    """The nearest reversed dyad and (if ``hawkes``) the Hawkes attribution."""
    n = len(table)
    hi, hj = nearest_reversed(table, params.window_hours)
    out = [Method("nearest reversed dyad", hi, hj, table_function(hi, hj, np.ones(len(hi)), n))]
    if hawkes and n >= 2:
        fit = hawkes_fit(table)
        ai, aj, _ = hawkes_attribution(table, fit, params.min_confidence)
        out.append(Method("Hawkes attribution", ai, aj, fit.probability))
    return out


def assess(
    table: EventTable,
    reference: Sequence[tuple[int, int]] | tuple[IntArray, IntArray],
    params: LinkParams,
    *,
    hawkes: bool = True,
    extra: Sequence[Method] = (),
) -> Assessment:
    """Evaluate the linker, the baselines and ``extra`` methods against ``reference``
    links ``(i, j)`` (event ``i`` answers ``j``; see the module docstring)."""
    n = len(table)
    if (
        isinstance(reference, tuple)
        and len(reference) == 2
        and isinstance(reference[0], np.ndarray)
    ):
        ri, rj = reference
    else:
        arr = np.array(list(reference), dtype=np.int64).reshape(-1, 2)
        ri, rj = arr[:, 0], arr[:, 1]
    truth = np.unique(ri.astype(np.int64) * n + rj)
    ours, candidates = linker_method(table, params)
    methods = [ours, *baseline_methods(table, params, hawkes=hawkes), *extra]
    proposed = [np.unique(m.i.astype(np.int64) * n + m.j) for m in methods]
    universe = np.unique(np.concatenate([candidates, truth, *proposed]))
    ui, uj = universe // n, universe % n
    labels: NDArray[np.bool_] = np.isin(universe, truth)
    rows = []
    for method, codes in zip(methods, proposed, strict=True):
        prob = np.clip(method.probability(ui, uj), 0.0, 1.0)
        rows.append(
            MethodScore(
                name=method.name,
                predicted=len(codes),
                hits=int(np.isin(codes, truth).sum()),
                true=len(truth),
                brier=brier(prob, labels),
                ece=expected_calibration_error(prob, labels),
            )
        )
    return Assessment(
        events=n,
        reference=len(truth),
        covered=int(np.isin(truth, candidates).sum()),
        pairs=len(universe),
        threshold=params.min_confidence,
        methods=tuple(rows),
    )
