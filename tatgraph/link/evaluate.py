"""How well inference recovers known links: seed data, synthetic data, calibration.

- :func:`seed_recovery`: the curated seed coding (22 events, 14 stated/coded links) with
  its links hidden; the linker proposes links and they are compared with the hidden ones.
- :func:`synthetic_recovery`: generated events (:mod:`tatgraph.link.synthetic`) whose true
  links are known.
- :func:`fit_calibration`: the logistic coefficients of :data:`tatgraph.link.score.COEF`,
  refitted on labelled synthetic candidates; :func:`reliability` tabulates how often
  candidates of each confidence band are true links.

The numbers are in ``docs/linking.md``.

>>> result = seed_recovery()
>>> result.metrics.true
14
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from ..loaders.curated import bundled_sheets, load_sheets
from ..model import ResponseLink
from ..reference import load_reference
from . import score
from .candidates import candidate_pairs
from .imputed import fit_windows
from .infer import Inferred, LinkParams, PairProbability, infer
from .metrics import Metrics, compare, expected_calibration_error, reliability
from .order import window_order
from .synthetic import SynthConfig, Synthetic, generate

__all__ = [
    "REFERENCE_CONFIG",
    "Metrics",
    "SeedResult",
    "compare",
    "expected_calibration_error",
    "fit_calibration",
    "labelled_candidates",
    "reliability",
    "scored_pairs",
    "seed_recovery",
    "seed_table",
    "synthetic_recovery",
]
from .table import ActorIndex, EventTable, FloatArray, IntArray

REFERENCE_CONFIG = SynthConfig(n_events=100_000, seed=20240601)
"""The synthetic configuration :data:`tatgraph.link.score.COEF` was calibrated on."""


@cache
def seed_table() -> tuple[EventTable, tuple[ResponseLink, ...]]:
    """The bundled seed events as a table, and their stated/coded links."""
    ref = load_reference()
    load = load_sheets(bundled_sheets(), reference=ref)
    actors = ActorIndex.from_actors(ref.actors.values())
    table = EventTable.from_events(load.dataset.events, ref.sites, actors)
    return table, tuple(load.dataset.links)


@dataclass(frozen=True)
class SeedResult:
    """Seed evaluation: metrics and the pairs behind them."""

    metrics: Metrics
    found: tuple[tuple[str, str], ...]
    missed: tuple[tuple[str, str], ...]
    spurious: tuple[tuple[str, str], ...]
    inferred: Inferred


def seed_recovery(params: LinkParams | None = None) -> SeedResult:
    """Hide the seed's 14 stated/coded links, infer, and compare.

    With ``params.confidence == 'hawkes'`` the Hawkes model is fitted on the seed events
    (sides as dimensions) and its trigger probability is the confidence.
    """
    params = params or LinkParams()
    table, links = seed_table()
    prob = _hawkes_for(table) if params.confidence == "hawkes" else None
    found = infer(table, params, hawkes=prob)
    predicted = {(table.ids[a], table.ids[b]) for a, b in zip(found.i, found.j, strict=True)}
    true = {(x.event, x.responds_to) for x in links}
    return SeedResult(
        metrics=compare(predicted, true),
        found=tuple(sorted(predicted & true)),
        missed=tuple(sorted(true - predicted)),
        spurious=tuple(sorted(predicted - true)),
        inferred=found,
    )


def _hawkes_for(table: EventTable) -> PairProbability:
    return fit_windows(
        table.start, table.end, table.primary_side("perp"), keys=table.ids
    ).probability


def synthetic_recovery(
    syn: Synthetic | None = None, params: LinkParams | None = None
) -> tuple[Metrics, Inferred]:
    """Infer links on generated events and compare with the true ones."""
    syn = syn or generate(REFERENCE_CONFIG)
    params = params or LinkParams()
    found = infer(syn.table, params)
    ti, tj = syn.truth()
    n = len(syn.table)
    hits = int(np.isin(found.i * n + found.j, ti * n + tj).sum())
    return Metrics(len(found), len(ti), hits), found


def labelled_candidates(
    syn: Synthetic, params: LinkParams | None = None
) -> tuple[dict[str, FloatArray], NDArray[np.bool_]]:
    """Components of every candidate (``i`` answers ``j``), and whether it is a true link.

    As the linker scores them: a pair whose windows overlap is a candidate both ways, the
    lag is the one expected from the windows given the order, and an event's rivals are
    every candidate it may answer.
    """
    params = params or LinkParams()
    table = syn.table
    i, j = scored_pairs(table, params)
    _, lag, _, _ = window_order(table.start[i], table.end[i], table.start[j], table.end[j])
    count = np.bincount(i, minlength=len(table))
    ti, tj = syn.truth()
    n = len(table)
    logs = score.log_components(table, i, j, lag, count=count)
    parts = {name: np.exp(v) for name, v in logs.items()}
    return parts, np.isin(i * n + j, ti * n + tj)


def scored_pairs(table: EventTable, params: LinkParams) -> tuple[IntArray, IntArray]:
    """The candidate pairs as the linker scores them: those whose windows overlap both ways."""
    i, j = candidate_pairs(table, params)
    loose = table.end[j] > table.start[i]
    return np.concatenate([i, j[loose]]), np.concatenate([j, i[loose]])


def fit_calibration(syn: Synthetic | None = None) -> dict[str, float]:
    """Refit :data:`tatgraph.link.score.COEF` on labelled synthetic candidates."""
    parts, labels = labelled_candidates(syn or generate(REFERENCE_CONFIG))
    return score.fit_logistic(score.design(parts), labels)
