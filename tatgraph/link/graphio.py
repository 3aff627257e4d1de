"""The linker against a graph: read events with the ``link_*`` named queries, write links.

Reads go through :func:`tatgraph.queries.run` (read-only, both dialects); writes go through
:meth:`GraphStore.write` as ``Dataset(links=[...])`` batches, so the store's upsert rules
apply: a link is keyed on its (event, answered event) pair and never downgrades a stated or
coded one. Running :func:`run_link` twice leaves the graph unchanged (the second run
rewrites the same values).

>>> import tempfile, os
>>> from tatgraph.demo import build_graph
>>> path = os.path.join(tempfile.mkdtemp(), "g.lbdb")
>>> with build_graph(path) as store:
...     run = run_link(store, LinkParams(), dry_run=True)
>>> run.written is None and all(link.basis == "inferred" for link in run.proposed)
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from .. import queries
from ..graph.store import GraphStore, WriteStats
from ..model import Dataset, ResponseLink
from .assess import Assessment, assess
from .goodness import GoodnessOfFit, goodness_of_fit
from .hawkes import HawkesFit
from .imputed import WindowedFit, fit_windows
from .infer import Inferred, LinkParams, infer
from .measures import (
    ChainMeasures,
    DyadMeasures,
    branching_by_side,
    chain_measures,
    dyad_measures,
    link_rows,
    side_name,
)
from .table import ActorIndex, EventTable, FloatArray, IntArray, munitions_from_json

BATCH = 5000


def read_actors(store: GraphStore) -> ActorIndex:
    """The graph's actors, sides and PART_OF hierarchy."""
    rows = queries.run(store, "link_actors")
    return ActorIndex.build(
        (r["id"], r["side"], [p for p in (r["parents"] or []) if p]) for r in rows
    )


def read_table(
    store: GraphStore, *, start: datetime | None = None, end: datetime | None = None
) -> EventTable:
    """The graph's events (those starting in ``[start, end)`` if given) as a table."""
    window = {k: v for k, v in (("from", start), ("to", end)) if v is not None}
    events = queries.run(store, "link_events", **window)
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in queries.run(store, "link_roles", **window):
        roles[r["event"]][r["role"]].append(r["actor"])

    def coords(r: dict[str, object]) -> tuple[float, float] | None:
        lat, lon = r["lat"], r["lon"]
        if isinstance(lat, int | float) and isinstance(lon, int | float):
            return float(lat), float(lon)
        return None

    return EventTable.build(
        ids=[r["id"] for r in events],
        starts=[r["start_utc"] for r in events],
        ends=[r["end_utc"] for r in events],
        coords=[coords(r) for r in events],
        kinds=[r["kind"] for r in events],
        perpetrators=[sorted(roles[r["id"]]["perpetrator"]) for r in events],
        targets=[sorted(roles[r["id"]]["target"]) for r in events],
        killed=[r["killed_best"] for r in events],
        injured=[r["injured_best"] for r in events],
        munitions=[munitions_from_json(r["munitions"]) for r in events],
        actors=read_actors(store),
    )


def read_links(store: GraphStore, *, min_confidence: float = 0.0) -> list[dict[str, object]]:
    """Every stored RESPONDS_TO link (``link_existing`` rows)."""
    return queries.run(store, "link_existing", min_confidence=min_confidence)


@dataclass
class LinkRun:
    """What :func:`run_link` proposed and (unless a dry run) wrote."""

    events: int
    candidates: int
    proposed: list[ResponseLink]
    inferred: Inferred
    written: WriteStats | None = None
    kept: int = 0
    """Proposals not written because a stated/coded link holds the pair (normally 0)."""
    stale: list[tuple[str, str]] = field(default_factory=list)
    """Inferred links already stored that this run did not propose again."""
    hawkes: HawkesFit | None = None


def fit_for_table(table: EventTable) -> WindowedFit | None:
    """A Hawkes fit over the table's events, one dimension per perpetrator side, their
    dates as windows (:mod:`.imputed`). ``None`` when there are fewer than two events."""
    if len(table) < 2:
        return None
    return fit_windows(table.start, table.end, table.primary_side("perp"), keys=table.ids)


def propose(
    table: EventTable,
    params: LinkParams,
    existing: Sequence[tuple[str, str, str]] = (),
    *,
    hawkes: bool = True,
) -> tuple[Inferred, HawkesFit | None]:
    """Candidates, optional Hawkes fit, and the inferred links (no database involved)."""
    fit = fit_for_table(table) if (hawkes or params.confidence == "hawkes") else None
    prob = None
    if fit is not None:
        prob = fit.probability
    elif params.confidence == "hawkes":

        def prob(i: IntArray, j: IntArray) -> FloatArray:
            return np.zeros(len(i))

    return infer(table, params, existing, hawkes=prob), fit.fit if fit is not None else None


def run_link(
    store: GraphStore,
    params: LinkParams | None = None,
    *,
    dry_run: bool = False,
    hawkes: bool = True,
    batch_size: int = BATCH,
) -> LinkRun:
    """Infer links over the whole graph and (unless ``dry_run``) write them."""
    params = params or LinkParams()
    table = read_table(store)
    stored = read_links(store)
    existing = [(str(r["event"]), str(r["responds_to"]), str(r["basis"])) for r in stored]
    found, fit = propose(table, params, existing, hawkes=hawkes)
    proposed = found.links(table, params.method)
    new_pairs = {(x.event, x.responds_to) for x in proposed}
    stale = sorted(
        (e, a) for e, a, basis in existing if basis == "inferred" and (e, a) not in new_pairs
    )
    run = LinkRun(
        events=len(table),
        candidates=found.candidates,
        proposed=proposed,
        inferred=found,
        stale=stale,
        hawkes=fit,
    )
    if not dry_run and proposed:
        batches = [
            Dataset(links=proposed[k : k + batch_size]) for k in range(0, len(proposed), batch_size)
        ]
        run.written = store.write(batches)
        run.kept = run.written.skipped_links
    elif not dry_run:
        run.written = WriteStats()
    return run


REFERENCE_BASES = ("stated", "coded")
"""The links ``tatgraph link --evaluate`` hides and scores against."""


@dataclass
class GraphAssessment:
    """:func:`evaluate_graph`'s result: the table, and which reference links it used."""

    assessment: Assessment
    bases: tuple[str, ...]
    by_basis: dict[str, int]
    left_out: int
    """Reference links naming an event without a date (not in the events' table)."""


def evaluate_graph(
    store: GraphStore,
    params: LinkParams | None = None,
    *,
    bases: Sequence[str] = REFERENCE_BASES,
    hawkes: bool = True,
) -> GraphAssessment:
    """Hide the graph's stated and coded links, infer, and score the linker and the
    baselines against them (:mod:`.assess`). Nothing is written."""
    params = params or LinkParams()
    table = read_table(store)
    index = {e: k for k, e in enumerate(table.ids)}
    reference, by_basis, left_out = [], dict.fromkeys(bases, 0), 0
    for r in read_links(store):
        basis = str(r["basis"])
        if basis not in bases:
            continue
        a, b = index.get(str(r["event"])), index.get(str(r["responds_to"]))
        if a is None or b is None:
            left_out += 1
            continue
        reference.append((a, b))
        by_basis[basis] += 1
    if not reference:
        raise ValueError(
            f"the graph holds no {' or '.join(bases)} links between dated events to "
            "evaluate against"
        )
    return GraphAssessment(
        assessment=assess(table, reference, params, hawkes=hawkes),
        bases=tuple(bases),
        by_basis=by_basis,
        left_out=left_out,
    )


@dataclass
class EscalationReport:
    """Escalation measures of a graph's chains and dyads (see :mod:`tatgraph.link.measures`)."""

    chains: list[ChainMeasures]
    dyads: list[DyadMeasures]
    hawkes: HawkesFit | None = None
    goodness: GoodnessOfFit | None = None

    def as_dict(self) -> dict[str, object]:
        """Plain data (for JSON)."""
        out: dict[str, object] = {
            "chains": [c.row() for c in self.chains],
            "dyads": [d.row() for d in self.dyads],
        }
        if self.hawkes is not None:
            fit = self.hawkes
            out["hawkes"] = {
                "sides": [side_name(c) for c in fit.labels],
                "background_per_day": [round(float(m) * 24.0, 6) for m in fit.mu],
                "branching": [[round(float(x), 4) for x in row] for row in fit.alpha],
                "mean_lag_hours": round(fit.mean_lag_hours, 3),
                "spectral_radius": round(fit.spectral_radius, 4),
                "converged": fit.converged,
            }
        if self.goodness is not None:
            out["goodness_of_fit"] = self.goodness.as_dict()
        return out


def escalation_report(
    store: GraphStore,
    *,
    min_confidence: float = 0.0,
    bases: Sequence[str] | None = None,
    hawkes: bool = False,
    fit: bool = False,
) -> EscalationReport:
    """Chain and dyad measures of the links in ``store`` (filtered by confidence and basis).

    With ``hawkes`` the process is fitted on all events and each dyad carries its
    branching ratio (answered side -> answering side); ``fit`` adds its goodness of fit
    (:mod:`.goodness`).
    """
    table = read_table(store)
    stored = queries.run(store, "response_links")  # no 'components': works on older graphs
    links = link_rows(
        table,
        [
            (str(r["event"]), str(r["responds_to"]), str(r["basis"]), _float(r["confidence"]))
            for r in stored
        ],
        min_confidence=min_confidence,
        bases=bases,
    )
    windowed = fit_for_table(table) if (hawkes or fit) else None
    model = windowed.fit if windowed is not None else None
    branching = branching_by_side(model.alpha, model.labels) if model is not None else None
    goodness = None
    if fit and len(table) >= 4:
        goodness = goodness_of_fit(
            table.start, table.end, table.primary_side("perp"), keys=table.ids
        )
    return EscalationReport(
        chains=chain_measures(table, links),
        dyads=dyad_measures(table, links, branching),
        hawkes=model,
        goodness=goodness,
    )


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
