"""How plausible it is that one event answers an earlier one: four components, one score.

For a candidate pair (``later`` answers ``earlier``; the roles are already reversed, see
:mod:`tatgraph.link.infer`) four components, each in (0, 1], are computed:

``lag``
    ``exp(-lag_hours / TAU_HOURS)``: responses come within days; 48 h scale.
``distance``
    ``exp(-km / SCALE_KM)`` between the two sites (great circle); 100 km scale. When
    either site is unknown the component is ``exp(-1)`` (as if 100 km away).
``actor``
    ``sqrt(d1 * d2)``: ``d1`` is how close the earlier event's target is to the later
    event's perpetrator, ``d2`` how close the earlier perpetrator is to the later target,
    each the best pair of :class:`~tatgraph.link.table.ActorIndex` proximities (same actor
    1.0, PART_OF relatives 0.9 per hop, same side 0.5, unnamed 0.3).
``kind``
    :data:`KIND_COMPAT`: how typical the later kind is as an answer to the earlier kind
    (state strikes answer militia fire and vice versa; an intercept answers nothing).

They combine in a logistic model, whose coefficients :data:`COEF` were fitted on labelled
candidates from the synthetic generator (:func:`tatgraph.link.evaluate.fit_calibration`)::

    confidence = 1 / (1 + exp(-(b0 + b_lag*log(lag) + b_dist*log(distance)
                                 + b_actor*log(actor) + b_kind*log(kind))))

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

import numpy as np
from numpy.typing import NDArray

from ..vocab import Kind
from .table import KINDS, EventTable, FloatArray, IntArray

METHOD_VERSION = "score-v2"
"""Recorded in every inferred link's ``method`` (bump when the formula or COEF change)."""

TAU_HOURS = 48.0
SCALE_KM = 5.0
UNKNOWN_KM = 100.0
EARTH_KM = 6371.0088

NAMES = ("lag", "distance", "actor", "kind")
"""The evidence components (what :func:`raw_score` combines)."""
FEATURES = (*NAMES, "rivals")
"""What the calibrated :func:`confidence` reads, in the order of :data:`COEF`'s slopes."""

COEF: dict[str, float] = {
    "intercept": 5.288,
    "lag": 1.315,
    "distance": 1.670,
    "actor": 1.503,
    "kind": 0.587,
    "rivals": 0.558,
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


def distance_component(km: FloatArray) -> FloatArray:
    """``1 / (1 + km / SCALE_KM)``; a missing distance counts as ``UNKNOWN_KM``."""
    return np.exp(distance_log(km))


def components_from_values(
    *, lag_hours: FloatArray, km: FloatArray, actor: FloatArray, kind: FloatArray
) -> dict[str, FloatArray]:
    """The components from raw values (lag in hours, distance in km, ...); one rival."""
    return {
        "lag": lag_component(lag_hours),
        "distance": distance_component(km),
        "actor": np.clip(actor, 1e-6, 1.0),
        "kind": np.clip(kind, 1e-6, 1.0),
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
    log_prox = np.log(np.maximum(table.actors.proximity, 1e-6)).ravel()
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
    return {
        "lag": np.maximum(lag, 0.0) * (-1.0 / TAU_HOURS),
        "distance": distance_log(km),
        "actor": 0.5 * (d1 + d2),
        "kind": LOG_KIND_COMPAT.ravel()[table.kind[j] * kinds + table.kind[i]],
        "rivals": -log_count[i],
    }


def distance_log(km: FloatArray) -> FloatArray:
    """Log of the distance component: ``-log(1 + km / SCALE_KM)``; unknown (NaN) counts
    as ``UNKNOWN_KM``."""
    out: FloatArray = -np.log1p(np.where(np.isnan(km), UNKNOWN_KM, km) * (1.0 / SCALE_KM))
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
        log_prox = np.log(np.maximum(table.actors.proximity, 1e-6)).ravel()
        self.actor_table = (0.5 * c["actor"] * log_prox).astype(np.float32)
        self.kind_table = (c["kind"] * LOG_KIND_COMPAT.ravel()).astype(np.float32)
        self.kinds = np.int32(len(KINDS))
        self.lag_slope = np.float32(c["lag"] / TAU_HOURS)
        self.b0 = np.float32(c["intercept"])

    def logit(self, i: IntArray, j: IntArray, lag_hours: FloatArray) -> NDArray[np.float32]:
        """Log-odds of ``i`` answering ``j`` at lag ``lag_hours``, before ``rivals``."""
        x = np.maximum(lag_hours, 0.0).astype(np.float32)
        x *= -self.lag_slope
        x += self.b0
        chord2 = np.zeros(len(i), dtype=np.float32)
        for v in self.unit:
            diff = v[i] - v[j]
            chord2 += diff * diff
        km = (2.0 * EARTH_KM) * np.arcsin(np.minimum(np.sqrt(chord2) * 0.5, 1.0))
        x += self.coef["distance"] * distance_log(km).astype(np.float32)
        x += self.kind_table[self.kind[j] * self.kinds + self.kind[i]]
        x += self._best(self.target, j, self.perp, i)
        x += self._best(self.perp, j, self.target, i)
        return x

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
    slopes = np.array([max(c[name], 0.0) for name in NAMES])
    weights = slopes / slopes.sum() if slopes.sum() > 0 else np.full(len(NAMES), 1 / len(NAMES))
    size = len(next(iter(logs.values())))
    x = np.zeros(size)
    for w, name in zip(weights, NAMES, strict=True):
        x += w * logs[name]
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
    logs = {name: np.log(np.clip(parts[name], 1e-12, 1.0)) for name in NAMES}
    return raw_score_from_logs(logs, coef)


def fit_logistic(
    features: FloatArray, labels: NDArray[np.bool_], *, l2: float = 1e-3, iterations: int = 50
) -> dict[str, float]:
    """Logistic regression by Newton's method (IRLS) with a small ridge penalty.

    ``features`` is :func:`design`'s matrix, ``labels`` whether each pair is a true link;
    returns coefficients in :data:`COEF`'s layout.

    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(4000, 5))
    >>> y = rng.random(4000) < 1 / (1 + np.exp(-(0.5 + x @ [1.0, 2.0, 0.0, -1.0, 0.0])))
    >>> c = fit_logistic(x, y)
    >>> round(c["distance"]), round(c["kind"])
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
