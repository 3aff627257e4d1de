"""The Hawkes posterior on synthetic data: with the generator's true parameters (an oracle)
or with parameters fitted per theatre.

The generator (:mod:`.synthetic`) is a two-sided Hawkes cluster process per theatre, so
the probability that event *j* triggered event *i* can be computed exactly from its true
parameters:

    p(i <- j) = alpha[d_j, d_i] * beta * exp(-beta * lag) * h(r) / lambda_i

with ``lambda_i`` the sum of that over every earlier event of the theatre plus the
background ``mu[d_i] * b(x_i)``. With ``space`` the places are the generator's too
(:mod:`.placement`): ``h(x_i | j)`` is the density per km² of event *i*'s place had *j*
triggered it (an answer of theatre reach at the home site of *j*'s perpetrator or a site
within the answering actor's reach, a local answer near *j*; with ``placement="near"``
the earlier generator's mixture of two exponential distances from *j*), ``b`` its density
as a background event; without it ``h = b = 1`` (time only). The oracle knows what no method on
real data knows -- which theatre each event belongs to, the sites, the actors' homes, the
true perpetrators and the true parameters -- and reads the kinds only for where they
place an event; its precision and recall are the reference the linker is measured
against (``bench/bench_link.py``).

:func:`fitted_model` instead fits the Hawkes model per theatre (EM, :mod:`.hawkes`): the
Hawkes baseline on synthetic data.

>>> from tatgraph.link.synthetic import SynthConfig, generate
>>> syn = generate(SynthConfig(n_events=4000, seed=2))
>>> post = TheatrePosterior(syn, true_model(syn, space=True))
>>> i, j, p = post.attribution(0.5)
>>> bool(((p >= 0.5) & (p <= 1.0)).all()) and len(i) > 0
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .hawkes import DEFAULT_HORIZON_HOURS, fit_hawkes
from .synthetic import Synthetic, theatre_times
from .table import FloatArray, IntArray


@dataclass(frozen=True)
class TheatreModel:
    """Per-theatre Hawkes parameters (dimension 0: the theatre's first side)."""

    mu: FloatArray
    """(theatres, 2), events per hour."""
    alpha: FloatArray
    """(theatres, 2, 2): alpha[th, a, b] is the branching ratio a -> b."""
    beta: FloatArray
    """(theatres,), per hour."""
    space: bool = False


def true_model(syn: Synthetic, *, space: bool = False) -> TheatreModel:
    """The generator's own parameters."""
    cfg = syn.config
    m = len(syn.dyads)
    rho = cfg.branching + cfg.follow_up
    per_side = cfg.n_events / m * (1.0 - rho) / 2.0 / syn.horizon_hours
    alpha = np.array([[cfg.follow_up, cfg.branching], [cfg.branching, cfg.follow_up]])
    return TheatreModel(
        mu=np.full((m, 2), per_side),
        alpha=np.broadcast_to(alpha, (m, 2, 2)).copy(),
        beta=np.full(m, 1.0 / cfg.lag_mean_hours),
        space=space,
    )


def fitted_model(syn: Synthetic) -> TheatreModel:
    """Parameters fitted by EM on each theatre's event times (time only)."""
    m = len(syn.dyads)
    mu, alpha, beta = np.zeros((m, 2)), np.zeros((m, 2, 2)), np.full(m, 1.0 / 24.0)
    for th in range(m):
        times, dims = theatre_times(syn, th)
        if len(times) < 2:
            continue
        fit = fit_hawkes(times, dims, start=0.0, end=syn.horizon_hours)
        for a, label_a in enumerate(fit.labels):
            mu[th, label_a] = fit.mu[a]
            for b, label_b in enumerate(fit.labels):
                alpha[th, label_a, label_b] = fit.alpha[a, b]
        beta[th] = fit.beta
    return TheatreModel(mu=mu, alpha=alpha, beta=beta, space=False)


class TheatrePosterior:
    """Trigger probabilities under a :class:`TheatreModel` (see the module docstring)."""

    def __init__(
        self, syn: Synthetic, model: TheatreModel, horizon_hours: float = DEFAULT_HORIZON_HOURS
    ) -> None:
        self.syn, self.model, self.horizon = syn, model, horizon_hours
        table = syn.table
        a = np.array([d[0] for d in syn.dyads], dtype=np.int64)
        self.theatre = syn.theatre
        self.dim = np.where(syn.side == a[syn.theatre], 0, 1)
        n = len(table)
        self.lam = self._background()
        self.best = np.full(n, -1, dtype=np.int64)
        best_w = np.zeros(n)
        order = np.lexsort((table.t, self.theatre))
        for back in range(1, n):
            child, par = order[back:], order[:-back]
            same = self.theatre[child] == self.theatre[par]
            lag = table.t[child] - table.t[par]
            near = same & (lag <= horizon_hours)
            if not near.any():
                break
            near &= lag > 0
            child, par = child[near], par[near]
            w = self._weight(child, par)
            self.lam[child] += w
            better = w > best_w[child]
            best_w[child[better]] = w[better]
            self.best[child[better]] = par[better]
        self.best_p = np.where(self.best >= 0, best_w / np.maximum(self.lam, 1e-300), 0.0)

    def _background(self) -> FloatArray:
        model, syn = self.model, self.syn
        mu = model.mu[self.theatre, self.dim].astype(np.float64)
        if not model.space or syn.geometry is None:
            return mu
        table = syn.table
        place = syn.geometry.density(
            self.theatre, self.dim, syn.true_perp, table.kind, table.lat, table.lon
        )
        out: FloatArray = mu * place
        return out

    def _weight(self, child: IntArray, par: IntArray) -> FloatArray:
        model, syn = self.model, self.syn
        table = syn.table
        th = self.theatre[child]
        lag = table.t[child] - table.t[par]
        beta = model.beta[th]
        w = model.alpha[th, self.dim[par], self.dim[child]] * beta * np.exp(-beta * lag)
        if model.space and syn.geometry is not None:
            parent = (
                syn.true_perp[par],
                table.lat[par],
                table.lon[par],
                self.dim[child] != self.dim[par],
            )
            w = w * syn.geometry.density(
                th,
                self.dim[child],
                syn.true_perp[child],
                table.kind[child],
                table.lat[child],
                table.lon[child],
                parent,
            )
        out: FloatArray = w
        return out

    def probability(self, i: IntArray, j: IntArray) -> FloatArray:
        """P(``j`` triggered ``i``) for any pairs (0 across theatres or backwards)."""
        table = self.syn.table
        lag = table.t[i] - table.t[j]
        ok = (self.theatre[i] == self.theatre[j]) & (lag > 0) & (lag <= self.horizon)
        out = np.zeros(len(i))
        if ok.any():
            w = self._weight(i[ok], j[ok])
            out[ok] = np.clip(w / np.maximum(self.lam[i[ok]], 1e-300), 0.0, 1.0)
        return out

    def attribution(self, min_probability: float) -> tuple[IntArray, IntArray, FloatArray]:
        """Each event's most probable trigger, when of the other side (a response) and at
        least ``min_probability``: ``(i, j, probability)``."""
        i = np.nonzero(self.best >= 0)[0]
        j = self.best[i]
        p = self.best_p[i]
        keep = (self.dim[i] != self.dim[j]) & (p >= min_probability)
        return i[keep], j[keep], p[keep]
