"""A multivariate Hawkes process over the sides' event times, fitted by EM.

Each side ``d`` has a conditional intensity (events per hour)::

    lambda_d(t) = mu_d + sum over earlier events k: alpha[d_k, d] * beta * exp(-beta (t - t_k))

``mu_d`` is the side's background rate, ``alpha[a, b]`` the *branching ratio* a -> b (the
expected number of b-events directly triggered by one a-event: cross-excitation when
``a != b``), and ``beta`` the kernel decay (1 / mean response lag, per hour; one decay
shared by all pairs). The fit is the EM algorithm for the process's branching structure
(Veen & Schoenberg 2008; Lewis & Mohler 2011): the E-step gives each event the probability
that it was triggered by each earlier event (or is background), the M-step re-estimates
``mu``, ``alpha`` and ``beta`` from those probabilities in closed form (``beta`` as the
maximum-likelihood rate of an exponential truncated at ``horizon_hours``).

For cost, an event's possible parents are its ``max_parents`` predecessors within
``horizon_hours`` (defaults 50 and 30 days): O(n * max_parents) per iteration. Events at
the same instant (e.g. two reported for the same evening) cannot trigger each other: time
is continuous in the model; the linker's tie rule handles such pairs.

:func:`trigger_probability` gives, for a pair (later i, earlier j), the probability that j
triggered i under the fitted model -- offered by ``tatgraph link --confidence hawkes`` as
an alternative to the score. Tolerances of parameter recovery on simulated data are stated
in ``tests/test_hawkes.py`` and ``docs/linking.md``.

>>> rng = np.random.default_rng(3)
>>> sim = simulate(np.array([0.02, 0.02]), np.array([[0.1, 0.4], [0.4, 0.1]]), 1 / 24,
...                horizon=20_000.0, rng=rng)
>>> fit = fit_hawkes(sim.times, sim.dims, start=0.0, end=20_000.0)
>>> bool(abs(fit.alpha[0, 1] - 0.4) < 0.15 and abs(1 / fit.beta - 24) < 8)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq

from .table import FloatArray, IntArray

DEFAULT_HORIZON_HOURS = 720.0
DEFAULT_MAX_PARENTS = 50


@dataclass(frozen=True)
class HawkesFit:
    """Fitted parameters; ``labels[k]`` is the caller's dimension code of row/column k."""

    mu: FloatArray
    alpha: FloatArray
    beta: float
    labels: tuple[int, ...]
    start: float
    end: float
    loglik: float
    iterations: int
    converged: bool
    horizon_hours: float = DEFAULT_HORIZON_HOURS
    max_parents: int = DEFAULT_MAX_PARENTS

    @property
    def spectral_radius(self) -> float:
        """Largest eigenvalue modulus of ``alpha`` (below 1: the process is stable)."""
        return float(np.max(np.abs(np.linalg.eigvals(self.alpha)))) if self.alpha.size else 0.0

    @property
    def mean_lag_hours(self) -> float:
        """``1 / beta``: the kernel's mean lag."""
        return 1.0 / self.beta

    def index(self, dims: IntArray) -> IntArray:
        """Caller codes -> row indices (codes the fit never saw map to -1)."""
        lookup = {c: k for k, c in enumerate(self.labels)}
        return np.array([lookup.get(int(d), -1) for d in dims], dtype=np.int64)


@dataclass(frozen=True)
class Simulation:
    """Simulated events (sorted by time) and which event triggered each (-1: background)."""

    times: FloatArray
    dims: IntArray
    parent: IntArray


def simulate(
    mu: FloatArray,
    alpha: FloatArray,
    beta: float,
    *,
    horizon: float,
    rng: np.random.Generator,
) -> Simulation:
    """Simulate a multivariate exponential Hawkes process on ``[0, horizon)`` (cluster method).

    Background events of dimension ``d`` are Poisson with rate ``mu[d]``; each event of
    dimension ``a`` has ``Poisson(alpha[a, b])`` children in ``b`` after Exp(beta) lags.
    """
    dims_n = len(mu)
    counts = rng.poisson(np.asarray(mu) * horizon)
    dims = np.repeat(np.arange(dims_n), counts)
    times = rng.uniform(0.0, horizon, len(dims))
    parent = np.full(len(dims), -1, dtype=np.int64)
    all_t, all_d, all_p = [times], [dims], [parent]
    offset, gen_t, gen_d = 0, times, dims
    total = len(dims)
    while len(gen_t):
        kids = rng.poisson(np.asarray(alpha)[gen_d])  # (m, D)
        src = np.repeat(np.tile(np.arange(len(gen_t))[:, None], (1, dims_n)).ravel(), kids.ravel())
        kd = np.repeat(np.tile(np.arange(dims_n), len(gen_t)), kids.ravel())
        kt = gen_t[src] + rng.exponential(1.0 / beta, len(src))
        inside = kt < horizon
        src, kd, kt = src[inside], kd[inside], kt[inside]
        all_t.append(kt)
        all_d.append(kd)
        all_p.append(offset + src)
        offset = total
        total += len(kt)
        gen_t, gen_d = kt, kd
    t = np.concatenate(all_t)
    d = np.concatenate(all_d).astype(np.int64)
    p = np.concatenate(all_p).astype(np.int64)
    order = np.argsort(t, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    parent_sorted = np.where(p >= 0, rank[np.maximum(p, 0)], -1)[order]
    return Simulation(times=t[order], dims=d[order], parent=parent_sorted)


def _parents(
    t: FloatArray, max_parents: int, horizon: float
) -> tuple[IntArray, IntArray, FloatArray]:
    """``(child, parent, lag)`` for each event's predecessors within the horizon.

    Events at the same instant cannot trigger each other (lag 0 pairs are left out).
    """
    n = len(t)
    kids, pars, lags = [], [], []
    for k in range(1, min(max_parents, n - 1) + 1):
        child = np.arange(k, n)
        lag = t[child] - t[child - k]
        if not (lag <= horizon).any():
            break
        ok = (lag <= horizon) & (lag > 0)
        kids.append(child[ok])
        pars.append(child[ok] - k)
        lags.append(lag[ok])
    if not kids:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(kids), np.concatenate(pars), np.concatenate(lags)


def _beta_truncated(mean_lag: float, horizon: float) -> float:
    """Rate of an exponential truncated at ``horizon`` whose mean is ``mean_lag``."""
    mean_lag = min(max(mean_lag, 1e-6), horizon / 2.0 * (1 - 1e-9))

    def gap(beta: float) -> float:
        x = beta * horizon
        return 1.0 / beta - horizon / np.expm1(x) - mean_lag if x < 700 else 1.0 / beta - mean_lag

    lo, hi = 1e-9, 1e6
    return float(brentq(gap, lo, hi, xtol=1e-12, rtol=1e-10))


def fit_hawkes(
    times: FloatArray,
    dims: IntArray,
    *,
    start: float | None = None,
    end: float | None = None,
    horizon_hours: float = DEFAULT_HORIZON_HOURS,
    max_parents: int = DEFAULT_MAX_PARENTS,
    max_iter: int = 500,
    tol: float = 1e-7,
    prior_mass: float = 1.0,
    init: HawkesFit | None = None,
) -> HawkesFit:
    """Fit ``mu``, ``alpha`` and ``beta`` by EM to events at ``times`` (hours) in ``dims``.

    ``dims`` are any integer codes (e.g. side codes, -1 for unknown); each distinct code is
    one dimension. The observation window defaults to ``[min(times), max(times)]``.
    ``prior_mass`` adds that many events' worth of kernel mass to each row's denominator
    of ``alpha``: a shrinkage toward 0 that keeps tiny samples (a side seen once, at the
    very end of the window) from exploding, and is negligible with hundreds of events.
    ``init``: start EM from an earlier fit with the same dimensions (a warm start).
    """
    times = np.asarray(times, dtype=np.float64)
    order = np.lexsort((np.asarray(dims), times))
    t = times[order]
    labels_arr, d = np.unique(np.asarray(dims)[order], return_inverse=True)
    labels = tuple(int(x) for x in labels_arr)
    n, dn = len(t), len(labels)
    if n < 2:
        raise ValueError("fit_hawkes needs at least two events")
    t0 = float(t[0]) if start is None else float(start)
    t1 = float(t[-1]) if end is None else float(end)
    span = max(t1 - t0, 1e-9)
    child, par, lag = _parents(t, max_parents, horizon_hours)
    dc, dp = d[child], d[par]
    remaining = np.minimum(t1 - t, horizon_hours)
    counts = np.bincount(d, minlength=dn).astype(np.float64)
    mu = counts / span / 2.0
    alpha = np.full((dn, dn), 0.5 / dn)
    beta = 1.0 / max(float(np.median(lag)) if len(lag) else 24.0, 1e-3)
    if init is not None and init.labels == labels:
        mu, alpha, beta = init.mu.copy(), init.alpha.copy(), init.beta
    loglik = -np.inf
    converged = False
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 (reported as iterations)
        kern = beta * np.exp(-beta * lag)
        w = alpha[dp, dc] * kern
        lam = mu[d] + np.bincount(child, weights=w, minlength=n)
        lam = np.maximum(lam, 1e-300)
        mass = -np.expm1(-beta * remaining)
        new_ll = float(np.log(lam).sum() - mu.sum() * span - (alpha.sum(axis=1)[d] * mass).sum())
        p_bg = mu[d] / lam
        p = w / lam[child]
        mu = np.bincount(d, weights=p_bg, minlength=dn) / span
        num = np.bincount(dp * dn + dc, weights=p, minlength=dn * dn).reshape(dn, dn)
        den = np.bincount(d, weights=mass, minlength=dn)
        alpha = num / (den + prior_mass)[:, None]
        total = float(p.sum())
        if total > 1e-12:
            beta = _beta_truncated(float((p * lag).sum()) / total, horizon_hours)
        if abs(new_ll - loglik) < tol * (1.0 + abs(new_ll)):
            loglik = new_ll
            converged = True
            break
        loglik = new_ll
    return HawkesFit(
        mu=mu,
        alpha=alpha,
        beta=beta,
        labels=labels,
        start=t0,
        end=t1,
        loglik=loglik,
        iterations=it,
        converged=converged,
        horizon_hours=horizon_hours,
        max_parents=max_parents,
    )


def intensity_at_events(fit: HawkesFit, times: FloatArray, dims: IntArray) -> FloatArray:
    """``lambda_{d_i}(t_i)`` of each event under ``fit`` (events in any order)."""
    times = np.asarray(times, dtype=np.float64)
    order = np.lexsort((np.asarray(dims), times))
    t = times[order]
    d = fit.index(np.asarray(dims)[order])
    child, par, lag = _parents(t, fit.max_parents, fit.horizon_hours)
    known = (d[child] >= 0) & (d[par] >= 0)
    child, par, lag = child[known], par[known], lag[known]
    w = fit.alpha[d[par], d[child]] * fit.beta * np.exp(-fit.beta * lag)
    base = np.where(d >= 0, fit.mu[np.maximum(d, 0)], 0.0)
    lam_sorted = base + np.bincount(child, weights=w, minlength=len(t))
    out = np.empty(len(t), dtype=np.float64)
    out[order] = lam_sorted
    return out


def trigger_probability(
    fit: HawkesFit,
    times: FloatArray,
    dims: IntArray,
    i: NDArray[np.int64],
    j: NDArray[np.int64],
) -> FloatArray:
    """Probability that event ``j[k]`` triggered event ``i[k]`` (0 for unknown dimensions).

    ``times``/``dims`` describe all events; ``i``/``j`` index into them.
    """
    times = np.asarray(times, dtype=np.float64)
    lam = intensity_at_events(fit, times, dims)
    di, dj = fit.index(np.asarray(dims)[i]), fit.index(np.asarray(dims)[j])
    lag = times[i] - times[j]
    ok = (di >= 0) & (dj >= 0) & (lag > 0) & (lam[i] > 0)
    out = np.zeros(len(i), dtype=np.float64)
    num = fit.alpha[dj[ok], di[ok]] * fit.beta * np.exp(-fit.beta * lag[ok])
    out[ok] = np.clip(num / lam[i][ok], 0.0, 1.0)
    return out
