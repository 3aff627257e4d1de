"""Does the Hawkes model fit? Time-rescaling residuals and held-out likelihood.

**Time rescaling** (Brown et al. 2002; Ogata 1988). If the fitted intensity is right, the
compensator ``Lambda_d(t) = integral of lambda_d`` turns the events of each dimension into
a unit-rate Poisson process: the increments of ``Lambda_d`` between consecutive events of
``d`` are independent Exp(1). A Kolmogorov-Smirnov test of all increments against Exp(1)
says how far they are from it (a small p-value: the model misses structure, e.g. bursts it
does not explain or a background rate that changes over time).

**Held-out log-likelihood.** The model is fitted on the first ``train_share`` of the time
span and the log-likelihood of the remaining events (their history included) is compared
with a homogeneous Poisson process per dimension fitted on the same part: nats per held-out
event. Positive: the excitation the model found predicts the future better than constant
rates do.

Dates are windows: both are computed on each imputed draw of the times
(:mod:`.imputed`) and averaged (the KS statistic and p-value: their medians).

>>> import numpy as np
>>> from tatgraph.link.hawkes import simulate
>>> sim = simulate(np.array([0.02, 0.02]), np.array([[0.1, 0.4], [0.4, 0.1]]), 1 / 24,
...                horizon=40_000.0, rng=np.random.default_rng(5))
>>> g = goodness_of_fit(sim.times, sim.times, sim.dims)
>>> bool(g.ks_pvalue > 0.01 and g.ll_hawkes > g.ll_poisson)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .hawkes import HawkesFit
from .imputed import IMPUTATIONS, draw_times, fit_windows
from .table import FloatArray, IntArray

TRAIN_SHARE = 0.7


@dataclass(frozen=True)
class GoodnessOfFit:
    """Time-rescaling KS test and held-out log-likelihood (see the module docstring)."""

    events: int
    residuals: int
    ks_statistic: float
    ks_pvalue: float
    train_events: int
    test_events: int
    ll_hawkes: float
    """Held-out log-likelihood per held-out event (nats), Hawkes."""
    ll_poisson: float
    """The same for constant rates per dimension."""
    imputations: int

    @property
    def ll_gain(self) -> float:
        """Nats per held-out event the Hawkes model gains over constant rates."""
        return self.ll_hawkes - self.ll_poisson

    def as_dict(self) -> dict[str, float | int]:
        return {
            "events": self.events,
            "residuals": self.residuals,
            "ks_statistic": round(self.ks_statistic, 4),
            "ks_pvalue": round(self.ks_pvalue, 4),
            "train_events": self.train_events,
            "test_events": self.test_events,
            "heldout_ll_per_event_hawkes": round(self.ll_hawkes, 4),
            "heldout_ll_per_event_poisson": round(self.ll_poisson, 4),
            "heldout_ll_gain_per_event": round(self.ll_gain, 4),
            "imputations": self.imputations,
        }


def scan(
    fit: HawkesFit, times: FloatArray, dims: IntArray, t0: float, at: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Intensity and compensator of each event's own dimension, and the compensators of all
    dimensions at the times ``at``: ``(lambda_own, Lambda_own, Lambda_at[len(at), D])``.

    Exact for the exponential kernel (no horizon or parent cap), by one pass in time order.
    Events of dimensions the fit never saw get NaN.
    """
    order = np.argsort(times, kind="stable")
    d = fit.index(np.asarray(dims)[order])
    t = np.asarray(times, dtype=np.float64)[order]
    q_order = np.argsort(at, kind="stable")
    q = np.asarray(at, dtype=np.float64)[q_order]
    dn = len(fit.labels)
    lam_own = np.full(len(t), np.nan)
    comp_own = np.full(len(t), np.nan)
    comp_at = np.zeros((len(q), dn))
    excite = np.zeros(dn)  # sum of alpha[d_k, :] * exp(-beta (now - t_k))
    total = np.zeros(dn)  # sum of alpha[d_k, :]
    now = t0
    qk = 0
    beta, mu, alpha = fit.beta, fit.mu, fit.alpha
    for m in range(len(t)):
        while qk < len(q) and q[qk] <= t[m]:
            excite *= np.exp(-beta * (q[qk] - now))
            now = q[qk]
            comp_at[qk] = mu * (now - t0) + total - excite
            qk += 1
        excite *= np.exp(-beta * (t[m] - now))
        now = t[m]
        dm = d[m]
        if dm >= 0:
            lam_own[m] = mu[dm] + beta * excite[dm]
            comp_own[m] = mu[dm] * (now - t0) + total[dm] - excite[dm]
            excite += alpha[dm]
            total += alpha[dm]
    while qk < len(q):
        excite *= np.exp(-beta * (q[qk] - now))
        now = q[qk]
        comp_at[qk] = mu * (now - t0) + total - excite
        qk += 1
    out_lam = np.empty(len(t))
    out_comp = np.empty(len(t))
    out_lam[order] = lam_own
    out_comp[order] = comp_own
    out_at = np.empty_like(comp_at)
    out_at[q_order] = comp_at
    return out_lam, out_comp, out_at


def rescaled_residuals(fit: HawkesFit, times: FloatArray, dims: IntArray, t0: float) -> FloatArray:
    """Compensator increments between consecutive events of each dimension (Exp(1) if the
    model is right)."""
    _, comp, _ = scan(fit, times, dims, t0, np.zeros(0))
    known = ~np.isnan(comp)
    order = np.lexsort((times[known], dims[known]))
    c, dd = comp[known][order], np.asarray(dims)[known][order]
    first = np.r_[True, dd[1:] != dd[:-1]]
    return np.where(first, c, c - np.r_[0.0, c[:-1]])


def heldout(
    fit: HawkesFit,
    times: FloatArray,
    dims: IntArray,
    t0: float,
    split: float,
    t1: float,
) -> tuple[float, float, int]:
    """``(Hawkes log-likelihood, Poisson log-likelihood, held-out events)`` of the events
    after ``split`` (their whole history counted), the Poisson rates fitted before it."""
    lam, _, comp_at = scan(fit, times, dims, t0, np.array([split, t1]))
    codes = fit.index(np.asarray(dims))
    train = (times < split) & (codes >= 0)
    rate = np.bincount(codes[train], minlength=len(fit.labels)) / (split - t0)
    # held out: later events of the dimensions seen before the split (the others have no
    # rate under either model)
    test = (times >= split) & (codes >= 0) & ~np.isnan(lam)
    test &= rate[np.maximum(codes, 0)] > 0
    ll_h = float(np.log(lam[test]).sum() - (comp_at[1] - comp_at[0]).sum())
    ll_p = float(np.log(rate[codes[test]]).sum() - rate.sum() * (t1 - split))
    return ll_h, ll_p, int(test.sum())


def goodness_of_fit(
    start: FloatArray,
    end: FloatArray,
    dims: IntArray,
    *,
    imputations: int = IMPUTATIONS,
    train_share: float = TRAIN_SHARE,
    seed: int = 0,
    keys: Sequence[str] | None = None,
) -> GoodnessOfFit:
    """Fit on all events for the residuals, on the first ``train_share`` of the span for the
    held-out likelihood; dates are windows ``[start, end)`` (instants when equal)."""
    start = np.asarray(start, dtype=np.float64)
    end = np.maximum(np.asarray(end, dtype=np.float64), start)
    dims = np.asarray(dims, dtype=np.int64)
    if len(start) < 4:
        raise ValueError("a goodness-of-fit test needs at least four events")
    t0, t1 = float(start.min()), float(end.max())
    whole = fit_windows(
        start, end, dims, imputations=imputations, seed=seed, span=(t0, t1), keys=keys
    )
    residuals = [rescaled_residuals(whole.fit, t, dims, t0) for t in whole.times]
    ks = [stats.kstest(r, "expon") for r in residuals]
    split = t0 + train_share * (t1 - t0)
    mid = (start + end) / 2.0
    train = mid < split
    if train.sum() < 2 or (~train).sum() < 1:
        raise ValueError("too few events on one side of the held-out split")
    part_keys = None if keys is None else [k for k, x in zip(keys, train, strict=True) if x]
    part = fit_windows(
        start[train], np.minimum(end[train], split), dims[train],
        imputations=imputations, seed=seed, span=(t0, split), keys=part_keys,
    )  # fmt: skip
    lls = []
    for times in draw_times(start, end, imputations, seed + 1, keys):
        lls.append(heldout(part.fit, times, dims, t0, split, t1))
    n_test = max(int(np.median([x[2] for x in lls])), 1)
    return GoodnessOfFit(
        events=len(start),
        residuals=len(residuals[0]),
        ks_statistic=float(np.median([k.statistic for k in ks])),
        ks_pvalue=float(np.median([k.pvalue for k in ks])),
        train_events=int(train.sum()),
        test_events=n_test,
        ll_hawkes=float(np.mean([x[0] for x in lls])) / n_test,
        ll_poisson=float(np.mean([x[1] for x in lls])) / n_test,
        imputations=whole.imputations,
    )
