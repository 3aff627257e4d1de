"""Where synthetic events land: the sides' sites in each theatre, and the rules that place
an event by its kind's reach (:mod:`.reach`).

Each theatre is a disc (``theatre_radius_km``) in which each of its two sides holds
``sites_per_side`` sites -- bases, depots, positions -- placed uniformly; every actor has a
*home* site among its side's sites in each theatre. An event by an actor of one side hits
the other side:

- a **theatre-reach** event (airstrike, drone, rocket ...) lands at a site of the side it
  hits, a few km off (``site_jitter_km``, the town it is reported at). An answer hits the
  home of the answered event's perpetrator (``home_share``: the US strikes the depots of
  the group that attacked it); otherwise, like every other such attack, a site of the
  other side chosen with weight ``exp(-d / reach_km)``, ``d`` from the attacker's home
  (militias fire at the bases within their reach). So an answer lands where the answering
  side's enemy sits, tens to hundreds of km from the attack it answers;
- a **local** event (ground clash, raid, shelling, IED) is fought where the sides meet: an
  answer or follow-up lands near the event it follows (exponential distance, mean
  ``spread_km``), any other near a site of the side it hits (chosen as above);
- an **intercept** happens over its own side's home site.

:meth:`Geometry.density` gives the probability density (per km²) of an event's place under
each hypothesis -- background, or triggered by a given earlier event -- for the oracle
(:mod:`.oracle`).

:class:`Near` is the generator's earlier placement (``placement="near"``, the data issue
12's synthetic target was measured on), kept to measure against that target: background
events uniform in the theatre's disc, every triggered event -- answer or follow-up, of any
kind -- an exponential distance from its trigger (mean ``spread_km``, or ``far_km`` for a
``far_share`` of them) in a random direction. Drawn in the same order from the same
generator as before, it gives the same places for the same seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..vocab import Kind
from .reach import THEATRE_REACH
from .score import haversine_km
from .table import KINDS, FloatArray, IntArray

KM_PER_DEGREE = 111.0
INTERCEPT = KINDS.index(Kind.INTERCEPT)


@dataclass(frozen=True)
class Geometry:
    """The sites of every theatre and the actors' homes.

    ``lat``/``lon``: ``(theatres, 2, sites)``, the sites of each theatre's two sides (its
    dimension 0 and 1); ``home``: ``(theatres, actor codes)``, the home site index of each
    actor; ``weight``: ``(theatres, 2, sites, sites)``, the probability that an attacker of
    side ``d`` whose home is site ``h`` hits site ``s`` of the other side.
    """

    lat: FloatArray
    lon: FloatArray
    home: IntArray
    weight: FloatArray
    jitter_km: float
    spread_km: float
    home_share: float

    @classmethod
    def draw(
        cls,
        rng: np.random.Generator,
        centres: FloatArray,
        actors: int,
        *,
        radius_km: float,
        sites: int,
        reach_km: float,
        jitter_km: float,
        spread_km: float,
        home_share: float,
    ) -> Geometry:
        """Sites uniform in each theatre's disc; homes uniform among the sites."""
        m = len(centres)
        r = radius_km * np.sqrt(rng.random((m, 2, sites)))
        bearing = rng.uniform(0.0, 2 * np.pi, (m, 2, sites))
        c_lat, c_lon = centres[:, 0, None, None], centres[:, 1, None, None]
        lat = c_lat + r * np.cos(bearing) / KM_PER_DEGREE
        lon = c_lon + r * np.sin(bearing) / (KM_PER_DEGREE * np.cos(np.radians(c_lat)))
        home = rng.integers(0, sites, (m, actors))
        km = np.empty((m, 2, sites, sites))
        for d in (0, 1):  # own site h (side d) to each site s of the other side
            own = (lat[:, d, :, None], lon[:, d, :, None])
            km[:, d] = haversine_km(*own, lat[:, 1 - d, None, :], lon[:, 1 - d, None, :])
        weight = np.exp(-km / reach_km)
        weight /= weight.sum(axis=3, keepdims=True)
        return cls(lat, lon, home, weight, jitter_km, spread_km, home_share)

    def _pick(
        self, rng: np.random.Generator, th: IntArray, dim: IntArray, perp: IntArray
    ) -> IntArray:
        """A site of the other side for each attacker (by reach from its home)."""
        w = self.weight[th, dim, self.home[th, perp]]
        u = rng.random(len(th))[:, None]
        out: IntArray = np.minimum((u > np.cumsum(w, axis=1)).sum(axis=1), w.shape[1] - 1)
        return out

    def place(
        self,
        rng: np.random.Generator,
        *,
        th: IntArray,
        dim: IntArray,
        perp: IntArray,
        kind: IntArray,
        parent_perp: IntArray | None = None,
        parent_lat: FloatArray | None = None,
        parent_lon: FloatArray | None = None,
        response: bool = False,
    ) -> tuple[FloatArray, FloatArray]:
        """``(lat, lon)`` of new events (see the module docstring); ``parent_*`` given for
        triggered events (answers when ``response``, else same-side follow-ups)."""
        n = len(th)
        side = 1 - dim  # the side whose site is hit
        site = self._pick(rng, th, dim, perp)
        if response and parent_perp is not None:
            at_home = rng.random(n) < self.home_share
            site = np.where(at_home, self.home[th, parent_perp], site)
        intercept = kind == INTERCEPT
        side = np.where(intercept, dim, side)
        site = np.where(intercept, self.home[th, perp], site)
        lat, lon = self.lat[th, side, site], self.lon[th, side, site]
        local = ~THEATRE_REACH[kind] & ~intercept
        spread = np.where(local, self.spread_km, self.jitter_km)
        if parent_lat is not None and parent_lon is not None:
            lat = np.where(local, parent_lat, lat)
            lon = np.where(local, parent_lon, lon)
        return _offset(rng, lat, lon, spread)

    def density(
        self,
        th: IntArray,
        dim: IntArray,
        perp: IntArray,
        kind: IntArray,
        lat: FloatArray,
        lon: FloatArray,
        parent: tuple[IntArray, FloatArray, FloatArray, NDArray[np.bool_]] | None = None,
    ) -> FloatArray:
        """Density (per km²) of each event's place: background, or with ``parent = (its
        perpetrator, lat, lon, whether the event answers it)`` triggered by that event."""
        intercept = kind == INTERCEPT
        local = ~THEATRE_REACH[kind] & ~intercept
        own = self.home[th, perp]
        w = self.weight[th, dim, own]  # (n, sites) over the other side's sites
        spread = np.where(local, self.spread_km, self.jitter_km)
        other = 1 - dim
        out = np.zeros(len(th))
        for s in range(w.shape[1]):
            r = haversine_km(lat, lon, self.lat[th, other, s], self.lon[th, other, s])
            out += w[:, s] * _radial(r, spread)
        r_home = haversine_km(lat, lon, self.lat[th, dim, own], self.lon[th, dim, own])
        out = np.where(intercept, _radial(r_home, self.jitter_km), out)
        if parent is None:
            return out
        p_perp, p_lat, p_lon, answers = parent
        r = haversine_km(lat, lon, p_lat, p_lon)
        out = np.where(local, _radial(r, self.spread_km), out)
        target = self.home[th, p_perp]
        r_target = haversine_km(lat, lon, self.lat[th, other, target], self.lon[th, other, target])
        theatre = answers & ~local & ~intercept
        at_home = self.home_share * _radial(r_target, self.jitter_km)
        return np.where(theatre, at_home + (1.0 - self.home_share) * out, out)


def _radial(r: FloatArray, mean_km: FloatArray | float) -> FloatArray:
    """Density per km² of a point an exponential distance (``mean_km``) from a centre, in a
    uniformly random direction."""
    r = np.maximum(r, 1e-3)
    out: FloatArray = np.exp(-r / mean_km) / (mean_km * 2.0 * np.pi * r)
    return out


def _offset(
    rng: np.random.Generator, lat: FloatArray, lon: FloatArray, mean_km: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Points an exponential distance (mean ``mean_km``) from ``(lat, lon)``."""
    dist = rng.exponential(mean_km)
    bearing = rng.uniform(0.0, 2 * np.pi, len(lat))
    out_lat = lat + dist * np.cos(bearing) / KM_PER_DEGREE
    out_lon = lon + dist * np.sin(bearing) / (KM_PER_DEGREE * np.cos(np.radians(lat)))
    return out_lat, out_lon


@dataclass(frozen=True)
class Near:
    """The earlier placement: answers land near their trigger (see the module docstring)."""

    centres: FloatArray
    """Each theatre's centre (lat, lon)."""
    radius_km: float
    spread_km: float
    far_share: float
    far_km: float

    def background(self, rng: np.random.Generator, th: IntArray) -> tuple[FloatArray, FloatArray]:
        """Places of background events: uniform in their theatre's disc."""
        c_lat, c_lon = self.centres[th, 0], self.centres[th, 1]
        r = self.radius_km * np.sqrt(rng.random(len(th)))
        bearing = rng.uniform(0.0, 2 * np.pi, len(th))
        lat = c_lat + r * np.cos(bearing) / KM_PER_DEGREE
        lon = c_lon + r * np.sin(bearing) / (KM_PER_DEGREE * np.cos(np.radians(c_lat)))
        return lat, lon

    def follow(
        self, rng: np.random.Generator, lat: FloatArray, lon: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """Places of events triggered by events at ``(lat, lon)``."""
        far = rng.random(len(lat)) < self.far_share
        dist = rng.exponential(np.where(far, self.far_km, self.spread_km))
        bearing = rng.uniform(0.0, 2 * np.pi, len(lat))
        out_lat = lat + dist * np.cos(bearing) / KM_PER_DEGREE
        out_lon = lon + dist * np.sin(bearing) / (KM_PER_DEGREE * np.cos(np.radians(lat)))
        return out_lat, out_lon

    def density(
        self,
        th: IntArray,
        dim: IntArray,
        perp: IntArray,
        kind: IntArray,
        lat: FloatArray,
        lon: FloatArray,
        parent: tuple[IntArray, FloatArray, FloatArray, NDArray[np.bool_]] | None = None,
    ) -> FloatArray:
        """Density (per km²) of each event's place, as :meth:`Geometry.density` (sides,
        actors and kinds play no part here)."""
        if parent is None:
            r = haversine_km(lat, lon, self.centres[th, 0], self.centres[th, 1])
            inside = r <= self.radius_km
            out: FloatArray = np.where(inside, 1.0 / (np.pi * self.radius_km**2), 0.0)
            return out
        _, p_lat, p_lon, _ = parent
        r = haversine_km(lat, lon, p_lat, p_lon)
        near = (1.0 - self.far_share) * _radial(r, self.spread_km)
        return near + self.far_share * _radial(r, self.far_km)
