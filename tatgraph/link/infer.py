"""Inferred RESPONDS_TO links: candidates with reversed roles, scored, ordered, selected.

1. **Candidates** (:mod:`.candidates`): event *i* may answer *j* when a party *j* hit made
   *i* and *i* hits *j*'s perpetrator (or *j*'s perpetrator is unnamed); an empty role never
   matches. Searched in O(n log n), chunk by chunk of time.
2. **Order** (:mod:`.order`): when *j*'s window ends before *i*'s begins the order is known
   and the lag is the midpoint difference; when the windows overlap either may have come
   first, and the pair is scored both ways.
3. **Score** (:mod:`.score`): a calibrated probability that *i* answers *j* given the order,
   from lag, distance, actors, kinds and the number of rival candidates.
4. **Direction** of overlapping pairs (:func:`.order.direction`): the windows' probability
   that *j* came first, weighed by what else each event answers. The link's confidence is
   the score times that probability, and it is recorded with ``order_known: false`` and
   its lag bounds -- two events of the same day are never linked "0 h" apart as if one had
   been seen to follow the other. Without a lead either way (probability 0.5) neither
   direction is proposed, at any threshold.
5. **Selection**: links at ``min_confidence`` or more, at most ``max_links`` per answering
   event, the most confident; never both directions of a pair.

Stated and coded links are never overwritten or duplicated: pairs that already hold one
(in either direction) are skipped, and so are events that already answer something by a
stated or coded link, unless ``also_explained`` is set. Inferred links whose order is known
point back in time; any cycle (possible only through overlapping windows or a stated link
pointing forward) loses its weakest inferred link.

Memory: pairs are scored chunk by chunk in float32; what is kept between chunks is, per
event, its candidate count and strongest earlier candidate, the pairs at or above the
threshold, and the (few) pairs whose windows overlap.

>>> from tatgraph.link.evaluate import seed_table
>>> table, known = seed_table()
>>> found = infer(table, LinkParams(min_confidence=0.3))
>>> bool(found.lag_hours.min() >= 0 and (found.i != found.j).all())
True
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..model import ResponseLink
from ..vocab import LinkBasis
from . import distfit, score
from .candidates import CHUNK_ROWS, CandidateIndex
from .order import direction, window_order
from .params import LinkParams
from .table import EventTable, FloatArray, IntArray

__all__ = [
    "STRONG_BASES",
    "Float32Array",
    "Inferred",
    "LinkParams",
    "PairProbability",
    "candidate_pairs",
    "infer",
]

STRONG_BASES = (LinkBasis.STATED.value, LinkBasis.CODED.value)
"""Bases that inference never touches and that make an event 'explained'."""

NO_LEAD = 0.01
"""A pair whose windows overlap is not proposed when the probability of its direction is
within this of 0.5: nothing says which came first."""

Float32Array = NDArray[np.float32]

PairProbability = Callable[[IntArray, IntArray], FloatArray]
"""``f(i, j)``: a probability that event ``j`` triggered event ``i`` (e.g. Hawkes)."""


@dataclass
class Inferred:
    """Proposed links as arrays: event ``i[k]`` answers event ``j[k]``.

    ``lag_hours`` is the lag expected from the two windows given that order,
    ``lag_min``/``lag_max`` its bounds; ``order_known`` is False where the windows overlap
    (``p_order`` then gives the probability of this direction, 1.0 elsewhere).
    """

    i: IntArray
    j: IntArray
    lag_hours: FloatArray
    confidence: FloatArray
    lag_min: FloatArray = field(default_factory=lambda: np.zeros(0))
    lag_max: FloatArray = field(default_factory=lambda: np.zeros(0))
    order_known: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    parts: dict[str, FloatArray] = field(default_factory=dict)
    candidates: int = 0
    """How many candidate pairs were scored (a pair whose order is unknown counts once)."""
    unordered: int = 0
    """How many of them have overlapping windows (order unknown)."""
    undecided: int = 0
    """How many of those nothing orders (direction probability 0.5): never proposed."""
    seconds: dict[str, float] = field(default_factory=dict)
    """CPU seconds per stage: ``search``, ``score``, ``select``."""

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
                    lag_min_hours=round(float(self.lag_min[k]), 2),
                    lag_max_hours=round(float(self.lag_max[k]), 2),
                    order_known=bool(self.order_known[k]),
                    method=method,
                    components={n: round(float(v[k]), 4) for n, v in self.parts.items()},
                )
            )
        return out


def _pair_codes(table: EventTable, pairs: Sequence[tuple[str, str]]) -> tuple[IntArray, IntArray]:
    if not pairs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    index = {e: k for k, e in enumerate(table.ids)}
    known = [(index[a], index[b]) for a, b in pairs if a in index and b in index]
    if not known:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    arr = np.array(known, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def _logit(p: float) -> float:
    if p <= 0.0:
        return -np.inf
    if p >= 1.0:
        return np.inf
    return float(np.log(p / (1.0 - p)))


@dataclass
class _Pool:
    """What the chunks leave behind (see the module docstring, 'Memory').

    ``count[e]``: candidates event ``e`` may answer; ``best[e]``: its strongest ordered
    candidate (log-odds before rivals, or probability); ``kept``: ordered pairs at or above
    the threshold (``i``, ``j``, log-odds or probability); ``loose``: pairs whose windows
    overlap (``i``, ``j``, P(j first), value for i answering j, value for j answering i).
    """

    n: int
    count: IntArray
    best: FloatArray
    pairs: int = 0
    kept_i: list[IntArray] = field(default_factory=list)
    kept_j: list[IntArray] = field(default_factory=list)
    kept_x: list[Float32Array] = field(default_factory=list)
    loose_i: list[IntArray] = field(default_factory=list)
    loose_j: list[IntArray] = field(default_factory=list)
    loose_p: list[FloatArray] = field(default_factory=list)
    loose_ij: list[Float32Array] = field(default_factory=list)
    loose_ji: list[Float32Array] = field(default_factory=list)

    @classmethod
    def empty(cls, n: int) -> _Pool:
        return cls(n=n, count=np.zeros(n, dtype=np.int64), best=np.full(n, -np.inf))


def _ints(parts: list[IntArray]) -> IntArray:
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def _floats(parts: Sequence[NDArray[np.floating[Any]]]) -> FloatArray:
    return np.concatenate(parts).astype(np.float64) if parts else np.zeros(0)


def infer(
    table: EventTable,
    params: LinkParams | None = None,
    existing: Sequence[tuple[str, str, str]] = (),
    hawkes: PairProbability | None = None,
    *,
    chunk_rows: int = CHUNK_ROWS,
    every_pair: bool = False,
    fit_distance: bool = True,
) -> Inferred:
    """Propose inferred links for ``table`` (see the module docstring).

    ``existing`` holds ``(event, responds_to, basis)`` of links already stored; stated and
    coded ones are left alone. ``hawkes`` (e.g. :meth:`.imputed.WindowedFit.probability`)
    adds the Hawkes trigger probability as a component and, with ``confidence='hawkes'``,
    is the confidence. ``fit_distance`` fits the distance terms on the graph where it has
    enough candidates (:mod:`.distfit`); without it, the calibrated terms serve.
    ``every_pair`` returns the confidence of every candidate pair, both
    ways where the order is unknown (for evaluation): no threshold, no selection.
    """
    if every_pair:
        params = replace(params or LinkParams(), min_confidence=0.0)
    params = params or LinkParams()
    if params.confidence == "hawkes" and hawkes is None:
        raise ValueError("confidence='hawkes' needs a Hawkes probability (see link.hawkes)")
    n = len(table)
    scorer = score.Scorer(table)
    cpu = time.process_time()
    pool = _Pool.empty(n)
    searched = scored = 0.0
    index = CandidateIndex.build(table, params) if n >= 2 else None
    if fit_distance and index is not None and params.confidence == "score":
        scorer.fitted = _fit_distance(table, scorer, index, chunk_rows)
    for lo, hi in index.bounds(chunk_rows) if index is not None else []:
        assert index is not None
        t0 = time.process_time()
        i, j = index.search(lo, hi)
        t1 = time.process_time()
        _score_chunk(table, scorer, params, hawkes, i, j, pool)
        searched += t1 - t0
        scored += time.process_time() - t1
    searched += time.process_time() - cpu - searched - scored  # the index build
    t2 = time.process_time()
    found = _select(table, scorer, params, hawkes, existing, pool, every_pair)
    found.seconds = {
        "search": searched,
        "score": scored,
        "select": time.process_time() - t2,
    }
    return found


def _fit_distance(
    table: EventTable, scorer: score.Scorer, index: CandidateIndex, chunk_rows: int
) -> distfit.DistanceFit:
    """Fit the distance terms on the ordered candidates of a few chunks (:mod:`.distfit`)."""
    bounds = index.bounds(chunk_rows)
    parts_i, parts_j = [], []
    for k in distfit.sample_rows(bounds):
        i, j = index.search(*bounds[k])
        ordered = table.end[j] <= table.start[i]
        parts_i.append(i[ordered])
        parts_j.append(j[ordered])
    i, j = _ints(parts_i), _ints(parts_j)
    if len(i) > distfit.SAMPLE_PAIRS:
        keep = np.random.default_rng(0).choice(len(i), distfit.SAMPLE_PAIRS, replace=False)
        i, j = i[keep], j[keep]
    count = np.bincount(i, minlength=len(table))
    logit = scorer.logit(i, j, table.t[i] - table.t[j]).astype(np.float64)
    logit += scorer.rivals_term(count)[i]
    km = scorer.km(i, j)
    theatre = scorer.theatre[i]
    calibrated = scorer.calibrated_distance(km, theatre).astype(np.float64)
    middle = distfit.BIN_KM.astype(np.float32)
    unseen = np.stack(
        [scorer.calibrated_distance(middle, np.full(distfit.BINS, c)) for c in (False, True)]
    ).astype(np.float64)
    return distfit.fit(logit - calibrated, calibrated, km, theatre, unseen=unseen)


def _score_chunk(
    table: EventTable,
    scorer: score.Scorer,
    params: LinkParams,
    hawkes: PairProbability | None,
    i: IntArray,
    j: IntArray,
    pool: _Pool,
) -> None:
    """Score one chunk's pairs and keep what the selection needs (``pool``)."""
    if not len(i):
        return
    pool.pairs += len(i)
    start, end = table.start, table.end
    ordered = end[j] <= start[i]
    lag = table.t[i] - table.t[j]
    p = np.ones(len(i))
    loose = ~ordered
    if loose.any():
        p[loose], lag[loose], _, _ = window_order(
            start[i[loose]], end[i[loose]], start[j[loose]], end[j[loose]]
        )
    pool.count += np.bincount(i, minlength=pool.n)
    if loose.any():
        pool.count += np.bincount(j[loose], minlength=pool.n)

    def value(a: IntArray, b: IntArray, lags: FloatArray) -> Float32Array:
        if hawkes is not None and params.confidence == "hawkes":
            return hawkes(a, b).astype(np.float32)
        return scorer.logit(a, b, lags)

    x = value(i, j, lag)
    oi, oj, ox = i[ordered], j[ordered], x[ordered]
    np.maximum.at(pool.best, oi, ox.astype(np.float64))
    # the rivals term only lowers a score's log-odds: what is below the floor stays below
    floor = _logit(params.min_confidence) if params.confidence == "score" else params.min_confidence
    keep = ox >= floor
    pool.kept_i.append(oi[keep].astype(np.int32))
    pool.kept_j.append(oj[keep].astype(np.int32))
    pool.kept_x.append(ox[keep])
    if loose.any():
        li, lj = i[loose], j[loose]
        _, lag_back, _, _ = window_order(start[lj], end[lj], start[li], end[li])
        pool.loose_i.append(li)
        pool.loose_j.append(lj)
        pool.loose_p.append(p[loose])
        pool.loose_ij.append(x[loose])
        pool.loose_ji.append(value(lj, li, lag_back))


def _select(
    table: EventTable,
    scorer: score.Scorer,
    params: LinkParams,
    hawkes: PairProbability | None,
    existing: Sequence[tuple[str, str, str]],
    pool: _Pool,
    every_pair: bool = False,
) -> Inferred:
    """Final confidences, directions of overlapping pairs, exclusions, top links, cycles."""
    n = len(table)
    by_score = params.confidence == "score"
    rivals = scorer.rivals_term(pool.count) if by_score else np.zeros(n)

    def prob(x: FloatArray, e: IntArray) -> FloatArray:
        out: FloatArray = _sigmoid(x + rivals[e]) if by_score else np.asarray(x, np.float64)
        return out

    strong = [(a, b) for a, b, basis in existing if basis in STRONG_BASES]
    si, sj = _pair_codes(table, strong)
    antecedent = np.where(np.isfinite(pool.best), prob(pool.best, np.arange(n)), 0.0)
    antecedent[si] = 1.0

    ki, kj = _ints(pool.kept_i), _ints(pool.kept_j)
    kconf = prob(_floats(pool.kept_x), ki)
    li, lj = _ints(pool.loose_i), _ints(pool.loose_j)
    lp = _floats(pool.loose_p)
    s_ij = prob(_floats(pool.loose_ij), li)
    s_ji = prob(_floats(pool.loose_ji), lj)
    if by_score:
        d = direction(li, lj, lp, s_ij, s_ji, antecedent, table.t)
        c_ij, c_ji = s_ij * d, s_ji * (1.0 - d)
    else:  # the Hawkes probabilities already weigh both orders (imputed times)
        d = np.where(s_ij + s_ji > 0, s_ij / np.maximum(s_ij + s_ji, 1e-300), lp)
        c_ij, c_ji = s_ij, s_ji
    if every_pair:
        ui, uj = np.concatenate([li, lj]), np.concatenate([lj, li])
        uconf, ud = np.concatenate([c_ij, c_ji]), np.concatenate([d, 1.0 - d])
    else:
        fwd = c_ij >= c_ji
        ui, uj = np.where(fwd, li, lj), np.where(fwd, lj, li)
        uconf, ud = np.where(fwd, c_ij, c_ji), np.where(fwd, d, 1.0 - d)
        lead = np.abs(d - 0.5) >= NO_LEAD  # else either direction would be a guess
        ui, uj, uconf, ud = ui[lead], uj[lead], uconf[lead], ud[lead]
    undecided = int((np.abs(d - 0.5) < NO_LEAD).sum())

    i = np.concatenate([ki, ui])
    j = np.concatenate([kj, uj])
    conf = np.concatenate([kconf, uconf])
    p_order = np.concatenate([np.ones(len(ki)), ud])
    known = np.concatenate([np.ones(len(ki), dtype=bool), np.zeros(len(ui), dtype=bool)])
    keep = conf >= params.min_confidence
    if len(si):
        taken = np.concatenate([si * n + sj, sj * n + si])
        keep &= ~np.isin(i * n + j, taken)
        if not params.also_explained:
            explained = np.zeros(n, dtype=bool)
            explained[si] = True
            keep &= ~explained[i]
    idx = np.nonzero(keep)[0]
    order = idx[np.lexsort((j[idx], -conf[idx], i[idx]))]
    if len(order) and not every_pair:
        first = np.r_[True, i[order][1:] != i[order][:-1]]
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
        order = order[(np.arange(len(order)) - group_start) < params.max_links]
    order = order[np.lexsort((j[order], i[order]))]
    if not every_pair:
        order = _break_cycles(order, i, j, conf, si, sj, n)
    i, j, conf, p_order, known = i[order], j[order], conf[order], p_order[order], known[order]
    start, end = table.start, table.end
    _, lag, lag_min, lag_max = window_order(start[i], end[i], start[j], end[j])
    parts = {"p_order": p_order}
    if not every_pair:  # the components of what is proposed (not of every pair)
        logs = score.log_components(table, i, j, lag, count=pool.count)
        parts |= score.shown_components(logs)
        parts["score"] = score.raw_score_from_logs(logs)
        parts["p_score"] = _sigmoid(
            scorer.logit(i, j, lag).astype(np.float64) + scorer.rivals_term(pool.count)[i]
        )
        if hawkes is not None:
            parts["p_hawkes"] = hawkes(i, j)
    return Inferred(
        i=i,
        j=j,
        lag_hours=lag,
        confidence=conf,
        lag_min=lag_min,
        lag_max=lag_max,
        order_known=known,
        parts=parts,
        candidates=pool.pairs,
        unordered=len(li),
        undecided=undecided,
    )


def _sigmoid(x: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))
    return out


def _break_cycles(
    order: IntArray,
    i: IntArray,
    j: IntArray,
    conf: FloatArray,
    si: IntArray,
    sj: IntArray,
    n: int,
) -> IntArray:
    """Drop the weakest inferred link of every cycle (through stated/coded links too).

    Only strongly connected groups of more than one event can hold a cycle; they are found
    with scipy's sparse graph routines, and only those few go to networkx.
    """
    if not len(order):
        return order
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    a = np.concatenate([i[order], si])
    b = np.concatenate([j[order], sj])
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n)).tocsr()
    _, label = connected_components(graph, directed=True, connection="strong")
    sizes = np.bincount(label, minlength=n)
    cyclic = sizes[label[i[order]]] > 1
    if not cyclic.any():
        return order
    import networkx as nx

    nodes = set(np.nonzero(sizes[label] > 1)[0].tolist())
    dg = nx.DiGraph()
    dg.add_edges_from(
        ((x, y) for x, y in zip(si.tolist(), sj.tolist(), strict=True) if x in nodes),
        inferred=False,
    )
    for k in order[cyclic].tolist():
        dg.add_edge(int(i[k]), int(j[k]), inferred=True, k=k)
    dropped: set[int] = set()
    while True:
        try:
            cycle = nx.find_cycle(dg)
        except nx.NetworkXNoCycle:
            break
        ours = [(x, y) for x, y in cycle if dg.edges[x, y]["inferred"]]
        x, y = min(ours, key=lambda e: float(conf[dg.edges[e]["k"]]))
        dropped.add(int(dg.edges[x, y]["k"]))
        dg.remove_edge(x, y)
    return np.array([k for k in order.tolist() if k not in dropped], dtype=np.int64)


def candidate_pairs(table: EventTable, params: LinkParams) -> tuple[IntArray, IntArray]:
    """Every candidate pair (see :func:`.candidates.candidate_pairs`)."""
    from .candidates import candidate_pairs as pairs

    return pairs(table, params)
