"""How plausible it is that one event answers an earlier one: components, one score.

For a candidate pair (``later`` answers ``earlier``; the roles are already reversed, see
:mod:`tatgraph.link.infer`) these components, each in (0, 1], are computed:

``lag``
    ``exp(-lag_hours / TAU_HOURS)``: responses come within days; 48 h scale.
``distance``
    How near the answer lands, by the *reach* of the answer's kind (:mod:`.reach`): a
    **local** answer (clash, raid, shelling, IED) ``1 / (1 + km / LOCAL_KM)``, 20 km scale;
    a **theatre-reach** answer (airstrike, drone, rocket, missile, mortar), aimed at the
    other side's bases wherever they are, ``exp(-(km / THEATRE_KM)**2)``, 250 km scale (0.85
    at 100 km, 0.39 at 243 km). An unknown site counts as ``UNKNOWN_KM`` away. In the
    calibrated model the two classes have their own slope (``distance_local``,
    ``distance_theatre``) and base rate (``reach``: 1 for a local answer, 1/e for a
    theatre-reach one, so that its slope is a log-odds offset). On a graph with enough
    candidates the linker replaces these terms by a likelihood ratio fitted on the graph
    (:mod:`.distfit`, :attr:`Scorer.fitted`).
``actor``
    ``sqrt(d1 * d2)``: ``d1`` is how close the earlier event's target is to the later
    event's perpetrator, ``d2`` how close the earlier perpetrator is to the later target,
    each the best pair of :class:`~tatgraph.link.table.ActorIndex` proximities (same actor
    1.0, PART_OF relatives 0.9 per hop, same side 0.5, unnamed 0.3).
``kind``
    :data:`KIND_COMPAT`: how typical the later kind is as an answer to the earlier kind
    (state strikes answer militia fire and vice versa; an intercept answers nothing).
``rivals``
    1 / the number of candidates the answering event has.

They combine in a logistic model, whose coefficients :data:`COEF` were fitted on labelled
candidates from the synthetic generator (:func:`tatgraph.link.evaluate.fit_calibration`)::

    confidence = 1 / (1 + exp(-(b0 + sum of b_k * log(component_k))))

so ``confidence`` is a probability in [0, 1] calibrated on that data: among candidates
scored 0.7, about 70% were true links (``tests/test_link_score.py`` checks the reliability
on freshly generated data). ``score`` is the same evidence without the prior, a weighted
geometric mean of the components (also in [0, 1]).

>>> import numpy as np
>>> lag_component(np.array([0.0, 48.0]))
array([1.        , 0.36787944])
>>> c = components_from_values(lag_hours=np.array([12.0]), km=np.array([40.0]),
...                            actor=np.array([1.0]), kind=np.array([1.0]))
>>> bool(0.0 <= confidence(c)[0] <= 1.0), bool(0.0 <= raw_score(c)[0] <= 1.0)
(True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..vocab import Kind
from .distfit import DistanceFit
from .reach import THEATRE_REACH
from .table import (
    HOP,
    KINDS,
    RELATED_FLOOR,
    SAME_SIDE,
    UNNAMED,
    EventTable,
    FloatArray,
    IntArray,
)

METHOD_VERSION = "score-v4"
"""Recorded in every inferred link's ``method`` (bump when the formula or COEF change)."""

TAU_HOURS = 48.0
LOCAL_KM = 20.0
THEATRE_KM = 250.0
UNKNOWN_KM = 100.0
EARTH_KM = 6371.0088

RELATED_EVIDENCE = 0.25
SAME_SIDE_EVIDENCE = 0.12
UNNAMED_EVIDENCE = 0.45
"""Actor evidence by relation (:func:`actor_evidence`): the ratio of the share of true to
the share of false candidates at each relation on the reference data, scaled to the same
actor (same actor 1.93, PART_OF parent or child 0.50, further relative 0.43, unnamed
0.90, same side 0.26)."""

NAMES = ("lag", "distance_local", "distance_theatre", "actor", "kind")
"""The evidence components (what :func:`raw_score` combines); the distance of a pair is
one of the two, by the reach of the answer's kind (the other is 1)."""
FEATURES = (*NAMES, "reach", "rivals")
"""What the calibrated :func:`confidence` reads, in the order of :data:`COEF`'s slopes."""

COEF: dict[str, float] = {
    "intercept": 4.328,
    "lag": 1.455,
    "distance_local": 3.770,
    "distance_theatre": 0.840,
    "actor": 1.559,
    "kind": 0.890,
    "reach": 2.176,
    "rivals": 0.468,
}
"""Logistic coefficients (see the module docstring); fitted by
:func:`tatgraph.link.evaluate.fit_calibration` on the synthetic generator's reference
configuration and pasted here."""

_CLASS = {
    Kind.ROCKET_ATTACK: "remote",
    Kind.MORTAR_ATTACK: "remote",
    Kind.DRONE_ATTACK: "remote",
    Kind.MISSILE_STRIKE: "remote",
    Kind.IED: "remote",
    Kind.EXPLOSIVE_ATTACK: "remote",
    Kind.AIRSTRIKE: "strike",
    Kind.HELICOPTER_STRIKE: "strike",
    Kind.ARTILLERY_SHELLING: "strike",
    Kind.RAID: "ground",
    Kind.GROUND_CLASH: "ground",
    Kind.INTERCEPT: "intercept",
}
# how typical an answer of class [response] is to a trigger of class [trigger]
_CLASS_COMPAT = {
    ("remote", "strike"): 1.0,
    ("remote", "ground"): 0.8,
    ("remote", "remote"): 0.6,
    ("strike", "remote"): 1.0,
    ("strike", "ground"): 0.7,
    ("strike", "strike"): 0.5,
    ("ground", "remote"): 0.8,
    ("ground", "strike"): 0.8,
    ("ground", "ground"): 1.0,
}
INTERCEPT_AS_TRIGGER = 0.3
INTERCEPT_AS_RESPONSE = 0.1


def _kind_matrix() -> FloatArray:
    out = np.empty((len(KINDS), len(KINDS)), dtype=np.float64)
    for a, trigger in enumerate(KINDS):
        for b, response in enumerate(KINDS):
            ca, cb = _CLASS[trigger], _CLASS[response]
            if cb == "intercept":
                out[a, b] = INTERCEPT_AS_RESPONSE
            elif ca == "intercept":
                out[a, b] = INTERCEPT_AS_TRIGGER
            else:
                out[a, b] = _CLASS_COMPAT[(ca, cb)]
    return out


KIND_COMPAT = _kind_matrix()
"""``KIND_COMPAT[earlier_kind, later_kind]`` (kind codes of :data:`KINDS`)."""
LOG_KIND_COMPAT = np.log(KIND_COMPAT)


def kind_compat(earlier: Kind | str, later: Kind | str) -> float:
    """How typical ``later`` is as an answer to ``earlier``.

    >>> kind_compat("rocket_attack", "airstrike"), kind_compat("airstrike", "intercept")
    (1.0, 0.1)
    """
    return float(KIND_COMPAT[KINDS.index(Kind(earlier)), KINDS.index(Kind(later))])


def actor_evidence(proximity: FloatArray) -> FloatArray:
    """How much a role match says that one event answers the other, from the actors'
    proximity (:class:`~tatgraph.link.table.ActorIndex`): the same actor 1.0; PART_OF
    relatives ``RELATED_EVIDENCE * HOP**(h-1)``; an unnamed actor ``UNNAMED_EVIDENCE`` --
    no evidence either way, as most militia attacks go unclaimed; two unrelated actors of
    one side ``SAME_SIDE_EVIDENCE`` -- a named stranger is evidence against.

    >>> actor_evidence(np.array([1.0, 0.9, 0.81, 0.5, 0.3, 0.0])).round(3).tolist()
    [1.0, 0.25, 0.225, 0.12, 0.45, 0.0]
    """
    p = np.asarray(proximity, dtype=np.float64)
    related = RELATED_EVIDENCE * p / HOP
    out = np.where(p >= 1.0, 1.0, np.where(p >= RELATED_FLOOR - 1e-9, related, 1e-6))
    out = np.where(np.isclose(p, SAME_SIDE), SAME_SIDE_EVIDENCE, out)
    out = np.where(np.isclose(p, UNNAMED), UNNAMED_EVIDENCE, out)
    result: FloatArray = out
    return result


def lag_component(lag_hours: FloatArray) -> FloatArray:
    """``exp(-lag / TAU_HOURS)`` (lags are never negative here)."""
    return np.exp(-np.maximum(lag_hours, 0.0) / TAU_HOURS)


def haversine_km(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Great-circle distance in km (NaN where a coordinate is missing).

    >>> round(float(haversine_km(np.array([35.15]), np.array([40.58]),
    ...                          np.array([35.28]), np.array([40.18]))[0]), 1)
    39.1
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2 - lon1)
    a = np.sin(dp / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2.0) ** 2
    out: FloatArray = 2.0 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def distance_component(km: FloatArray, theatre: NDArray[np.bool_] | bool = False) -> FloatArray:
    """The distance component of an answer of local or theatre reach (see the module)."""
    return np.exp(distance_log(km, theatre))


def components_from_values(
    *,
    lag_hours: FloatArray,
    km: FloatArray,
    actor: FloatArray,
    kind: FloatArray,
    theatre: NDArray[np.bool_] | None = None,
) -> dict[str, FloatArray]:
    """The components from raw values (lag in hours, distance in km, ...; ``theatre``:
    whether each answer has theatre reach, default local); one rival."""
    reach = np.zeros(len(lag_hours), dtype=bool) if theatre is None else theatre
    dist = distance_component(km, reach)
    return {
        "lag": lag_component(lag_hours),
        "distance_local": np.where(reach, 1.0, dist),
        "distance_theatre": np.where(reach, dist, 1.0),
        "actor": np.clip(actor, 1e-6, 1.0),
        "kind": np.clip(kind, 1e-6, 1.0),
        "reach": np.where(reach, np.exp(-1.0), 1.0),
        "rivals": np.ones(len(lag_hours)),
    }


def log_components(
    table: EventTable,
    i: IntArray,
    j: IntArray,
    lag_hours: FloatArray | None = None,
    count: IntArray | None = None,
) -> dict[str, FloatArray]:
    """Natural logs of the components of each candidate pair (``i[k]`` answers ``j[k]``).

    ``rivals`` is 1 / the number of candidates the answering event has: ``count[e]`` when
    given (the linker counts them over the whole search), else counted among ``i`` (then
    ``i``/``j`` must be the *whole* candidate set). ``lag_hours`` defaults to the midpoint
    difference (the linker passes the lag expected from the windows, :mod:`.order`).
    :func:`components` gives the values; :class:`Scorer` computes the same sum fast.
    """
    lag = table.t[i] - table.t[j] if lag_hours is None else lag_hours
    width = table.actors.proximity.shape[1]
    log_prox = np.log(actor_evidence(table.actors.proximity)).ravel()
    d1 = np.full(len(i), float(np.log(1e-6)))
    d2 = d1.copy()
    for a in range(table.target.shape[1]):
        tj = table.target[j, a] * width
        for b in range(table.perp.shape[1]):
            np.maximum(d1, log_prox[tj + table.perp[i, b]], out=d1)
    for a in range(table.perp.shape[1]):
        pj = table.perp[j, a] * width
        for b in range(table.target.shape[1]):
            np.maximum(d2, log_prox[pj + table.target[i, b]], out=d2)
    km = _pair_km(table, i, j)
    if count is None:
        count = np.bincount(i, minlength=len(table)) if len(i) else np.zeros(len(table), int)
    log_count = np.log(np.maximum(count, 1).astype(np.float64))
    kinds = len(KINDS)
    theatre = THEATRE_REACH[table.kind[i]]
    dist = distance_log(km, theatre)
    return {
        "lag": np.maximum(lag, 0.0) * (-1.0 / TAU_HOURS),
        "distance_local": np.where(theatre, 0.0, dist),
        "distance_theatre": np.where(theatre, dist, 0.0),
        "actor": 0.5 * (d1 + d2),
        "kind": LOG_KIND_COMPAT.ravel()[table.kind[j] * kinds + table.kind[i]],
        "reach": -theatre.astype(np.float64),
        "rivals": -log_count[i],
    }


def distance_log(km: FloatArray, theatre: NDArray[np.bool_] | bool = False) -> FloatArray:
    """Log of the distance component: ``-log(1 + km / LOCAL_KM)`` for a local answer,
    ``-(km / THEATRE_KM)**2`` for one of theatre reach; unknown (NaN) counts as
    ``UNKNOWN_KM``.

    >>> [round(float(np.exp(distance_log(np.array([k]), True)[0])), 2) for k in (100, 243)]
    [0.85, 0.39]
    """
    x = np.where(np.isnan(km), UNKNOWN_KM, km)
    local = -np.log1p(x * (1.0 / LOCAL_KM))
    out: FloatArray = np.where(theatre, -np.square(x * (1.0 / THEATRE_KM)), local)
    return out


def _unit_vectors(table: EventTable) -> tuple[FloatArray, FloatArray, FloatArray]:
    lat, lon = np.radians(table.lat), np.radians(table.lon)
    return (np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat))


def _pair_km(table: EventTable, i: IntArray, j: IntArray) -> FloatArray:
    """Great-circle km between the events of each pair, from unit vectors (float32 is
    exact to a metre at these distances); NaN where a site is unknown."""
    chord2 = np.zeros(len(i), dtype=np.float32)
    for axis in _unit_vectors(table):
        v = axis.astype(np.float32)
        diff = v[i] - v[j]
        chord2 += diff * diff
    half = np.minimum(np.sqrt(chord2.astype(np.float64)) / 2.0, 1.0)
    return 2.0 * EARTH_KM * np.arcsin(half)


class Scorer:
    """The calibrated log-odds of candidate pairs, in float32 over compact arrays.

    :meth:`logit` is ``b0 + sum of b_k * log component_k`` without the ``rivals`` term
    (which needs every candidate of the answering event: the linker adds
    :meth:`rivals_term` once all are counted). It equals the sum from
    :func:`log_components` to float32 precision (``tests/test_link_score.py``).
    """

    def __init__(self, table: EventTable, coef: Mapping[str, float] | None = None) -> None:
        c = COEF if coef is None else coef
        self.coef = dict(c)
        self.unit = tuple(v.astype(np.float32) for v in _unit_vectors(table))
        self.perp = table.perp.astype(np.int32)
        self.target = table.target.astype(np.int32)
        self.kind = table.kind.astype(np.int32)
        self.width = np.int32(table.actors.proximity.shape[1])
        log_prox = np.log(actor_evidence(table.actors.proximity)).ravel()
        self.actor_table = (0.5 * c["actor"] * log_prox).astype(np.float32)
        self.kind_table = (c["kind"] * LOG_KIND_COMPAT.ravel()).astype(np.float32)
        self.theatre = THEATRE_REACH[table.kind]
        self.kinds = np.int32(len(KINDS))
        self.lag_slope = np.float32(c["lag"] / TAU_HOURS)
        self.b0 = np.float32(c["intercept"])
        self.fitted: DistanceFit | None = None
        """Distance terms fitted on the graph (:mod:`.distfit`), used where fitted."""

    def logit(self, i: IntArray, j: IntArray, lag_hours: FloatArray) -> NDArray[np.float32]:
        """Log-odds of ``i`` answering ``j`` at lag ``lag_hours``, before ``rivals``."""
        x = np.maximum(lag_hours, 0.0).astype(np.float32)
        x *= -self.lag_slope
        x += self.b0
        km = self.km(i, j)
        theatre = self.theatre[i]
        fit = self.fitted
        if fit is not None and fit.complete:  # the fitted table covers every pair
            x += fit.term(km, theatre)
        elif fit is not None and fit.fitted.any():
            term = fit.term(km, theatre)
            use = fit.fitted[theatre.astype(np.int64)] & ~np.isnan(term)
            x += np.where(use, term, self.calibrated_distance(km, theatre))
        else:
            x += self.calibrated_distance(km, theatre)
        x += self.kind_table[self.kind[j] * self.kinds + self.kind[i]]
        x += self._best(self.target, j, self.perp, i)
        x += self._best(self.perp, j, self.target, i)
        return x

    def km(self, i: IntArray, j: IntArray) -> NDArray[np.float32]:
        """Great-circle km between the events of each pair (NaN where a site is unknown)."""
        chord2 = np.zeros(len(i), dtype=np.float32)
        for v in self.unit:
            diff = v[i] - v[j]
            chord2 += diff * diff
        half = np.minimum(np.sqrt(chord2) * np.float32(0.5), np.float32(1.0))
        out: NDArray[np.float32] = np.float32(2.0 * EARTH_KM) * np.arcsin(half)
        return out

    def calibrated_distance(
        self, km: NDArray[np.floating[Any]], theatre: NDArray[np.bool_]
    ) -> NDArray[np.float32]:
        """The calibrated distance and reach terms, by the answer's reach."""
        c = self.coef
        x = np.where(np.isnan(km), np.float32(UNKNOWN_KM), km)
        local = np.log1p(x * np.float32(1.0 / LOCAL_KM)) * np.float32(-c["distance_local"])
        far = np.square(x * np.float32(1.0 / THEATRE_KM)) * np.float32(-c["distance_theatre"])
        far -= np.float32(c["reach"])
        out: NDArray[np.float32] = np.where(theatre, far, local).astype(np.float32)
        return out

    def _best(
        self, left: NDArray[np.int32], j: IntArray, right: NDArray[np.int32], i: IntArray
    ) -> NDArray[np.float32]:
        """Best scaled log-proximity of ``left[j, a]`` to ``right[i, b]`` over columns."""
        out: NDArray[np.float32] | None = None
        for a in range(left.shape[1]):
            row = left[j, a] * self.width
            for b in range(right.shape[1]):
                value = self.actor_table[row + right[i, b]]
                out = value if out is None else np.maximum(out, value)
        assert out is not None
        return out

    def rivals_term(self, count: IntArray) -> FloatArray:
        """``b_rivals * log(1 / count)`` per event (count of its candidates, at least 1)."""
        out: FloatArray = -self.coef["rivals"] * np.log(np.maximum(count, 1).astype(np.float64))
        return out


def components(table: EventTable, i: IntArray, j: IntArray) -> dict[str, FloatArray]:
    """The components of each candidate pair, each in (0, 1] (see :func:`log_components`)."""
    return {name: np.exp(v) for name, v in log_components(table, i, j).items()}


def shown_components(logs: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
    """What an inferred link records of its components: ``lag``, ``distance`` (by the
    answer's reach), ``actor``, ``kind``, ``rivals`` (each in (0, 1])."""
    out = {name: np.exp(logs[name]) for name in ("lag", "actor", "kind", "rivals")}
    out["distance"] = np.exp(logs["distance_local"] + logs["distance_theatre"])
    return out


def design(parts: Mapping[str, FloatArray], names: tuple[str, ...] = FEATURES) -> FloatArray:
    """``(m, k)`` matrix of log components (the logistic model's features)."""
    return np.column_stack([np.log(np.clip(parts[name], 1e-12, 1.0)) for name in names])


def _sigmoid(x: FloatArray) -> FloatArray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def confidence_logit(
    logs: Mapping[str, FloatArray], coef: Mapping[str, float] | None = None
) -> FloatArray:
    """The log-odds of :func:`confidence` from :func:`log_components` output."""
    c = COEF if coef is None else coef
    size = len(next(iter(logs.values())))
    x = np.full(size, c["intercept"])
    for name in FEATURES:
        x += c[name] * logs[name]
    return x


def confidence_from_logs(
    logs: Mapping[str, FloatArray], coef: Mapping[str, float] | None = None
) -> FloatArray:
    """:func:`confidence` from :func:`log_components` output."""
    return np.clip(_sigmoid(confidence_logit(logs, coef)), 0.0, 1.0)


def raw_score_from_logs(
    logs: Mapping[str, FloatArray], coef: Mapping[str, float] | None = None
) -> FloatArray:
    """:func:`raw_score` from :func:`log_components` output."""
    c = COEF if coef is None else coef
    theatre = np.asarray(logs["reach"]) < 0
    total = np.zeros(len(theatre))
    x = np.zeros(len(theatre))
    for name in NAMES:
        w: FloatArray = np.full(len(theatre), max(c[name], 0.0))
        if name.startswith("distance_"):  # only the distance of the answer's reach counts
            applies = theatre if name == "distance_theatre" else ~theatre
            w = np.where(applies, w, 0.0)
        total += w
        x += w * logs[name]
    x /= np.where(total > 0, total, 1.0)
    return np.clip(np.exp(x), 0.0, 1.0)


def confidence(
    parts: Mapping[str, FloatArray], coef: Mapping[str, float] | None = None
) -> FloatArray:
    """The calibrated probability that each pair is a true action-response link."""
    logs = {name: np.log(np.clip(parts[name], 1e-12, 1.0)) for name in FEATURES}
    return confidence_from_logs(logs, coef)


def raw_score(
    parts: Mapping[str, FloatArray], coef: Mapping[str, float] | None = None
) -> FloatArray:
    """Weighted geometric mean of the evidence components (weights: the slopes, normalised)."""
    logs = {name: np.log(np.clip(parts[name], 1e-12, 1.0)) for name in (*NAMES, "reach")}
    return raw_score_from_logs(logs, coef)


def fit_logistic(
    features: FloatArray, labels: NDArray[np.bool_], *, l2: float = 1e-3, iterations: int = 50
) -> dict[str, float]:
    """Logistic regression by Newton's method (IRLS) with a small ridge penalty.

    ``features`` is :func:`design`'s matrix, ``labels`` whether each pair is a true link;
    returns coefficients in :data:`COEF`'s layout.

    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(6000, 7))
    >>> slopes = [1.0, 2.0, 0.0, 0.0, -1.0, 0.0, 0.0]
    >>> y = rng.random(6000) < 1 / (1 + np.exp(-(0.5 + x @ slopes)))
    >>> c = fit_logistic(x, y)
    >>> round(c["distance_local"]), round(c["kind"])
    (2, -1)
    """
    x = np.column_stack([np.ones(len(features)), features])
    y = labels.astype(np.float64)
    beta = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(iterations):
        p = _sigmoid(x @ beta)
        w = np.maximum(p * (1.0 - p), 1e-9)
        grad = x.T @ (y - p) - penalty @ beta
        hess = (x * w[:, None]).T @ x + penalty
        step = np.linalg.solve(hess, grad)
        beta += step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return {"intercept": float(beta[0])} | {
        n: float(b) for n, b in zip(FEATURES, beta[1:], strict=True)
    }
