"""Response links: inference, scoring, escalation measures and a Hawkes-process estimate.

- :mod:`~tatgraph.link.table` -- events as numpy columns, actor proximity;
- :mod:`~tatgraph.link.infer` -- candidates with reversed roles (O(n log n)) and selection;
- :mod:`~tatgraph.link.score` -- the components and their calibrated combination;
- :mod:`~tatgraph.link.hawkes` -- multivariate Hawkes process (EM), trigger probabilities;
- :mod:`~tatgraph.link.measures` -- intensity, chain and dyad escalation measures;
- :mod:`~tatgraph.link.graphio` -- read from / write to a graph store;
- :mod:`~tatgraph.link.synthetic`, :mod:`~tatgraph.link.evaluate` -- ground truth, P/R;
- :mod:`~tatgraph.link.cli` -- the ``tatgraph link`` and ``tatgraph escalation`` commands.

The method is described, with its evaluation, in ``docs/linking.md``.

>>> from tatgraph.link import LinkParams, infer
>>> from tatgraph.link.evaluate import seed_table
>>> table, stated = seed_table()
>>> found = infer(table, LinkParams(min_confidence=0.5))
>>> len(found) > 0 and bool((found.confidence >= 0.5).all())
True
"""

from __future__ import annotations

from .candidates import candidate_pairs
from .graphio import EscalationReport, LinkRun, escalation_report, read_table, run_link
from .hawkes import HawkesFit, fit_hawkes, simulate, trigger_probability
from .infer import Inferred, LinkParams, infer
from .measures import chain_measures, dyad_measures, intensity
from .table import ActorIndex, EventTable

__all__ = [
    "ActorIndex",
    "EscalationReport",
    "EventTable",
    "HawkesFit",
    "Inferred",
    "LinkParams",
    "LinkRun",
    "candidate_pairs",
    "chain_measures",
    "dyad_measures",
    "escalation_report",
    "fit_hawkes",
    "infer",
    "intensity",
    "read_table",
    "run_link",
    "simulate",
    "trigger_probability",
]
