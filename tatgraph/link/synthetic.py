"""Synthetic events with known action-response chains (for calibration and benchmarks).

The generator is a marked, two-sided Hawkes *cluster* process per theatre, vectorised with
numpy so that a million events take a few seconds:

- a theatre is a place (centre, 150 km radius) where two sides fight, e.g. iran_aligned vs
  us_coalition (the dyads and their weights are in :data:`DYADS`);
- background events of each side arrive as a Poisson process over ``years``;
- every event triggers ``Poisson(branching)`` *responses* by the other side (roles
  reversed: the response's perpetrator is the trigger's target actor, or a PART_OF relative,
  or another actor of that side) and ``Poisson(follow_up)`` *follow-ups* by its own side;
  lags are exponential (mean ``lag_mean_hours``);
- kinds come from per-side tables, different for retaliations and for background events;
  casualties are drawn per kind;
- **places follow the kind's reach** (:mod:`.placement`, :mod:`.reach`): each side holds a
  few sites in the theatre; an airstrike, drone, rocket or mortar lands at a site of the
  side it hits -- an answer most often at the home site of the actor that attacked, tens
  to hundreds of km from the attack it answers (the seed's answers lie 14-243 km from what
  they answer) -- while clashes, raids, shelling and IEDs land near what they follow.
  ``placement="near"`` instead reproduces the earlier generator (:class:`.placement.Near`:
  every triggered event an exponential distance from its trigger), on which issue 12's
  synthetic target was measured: the same events for the same seed as before.

So the truth is known: ``parent[i]`` is the event that triggered event ``i`` (-1 for
background) and ``response[i]`` says whether that was a role reversal (a true RESPONDS_TO
link) or a same-side follow-up (not a link). Per theatre this is a 2-dimensional Hawkes
process with exponential kernel: ``alpha = [[follow_up, branching], [branching,
follow_up]]`` and decay ``beta = 1 / lag_mean_hours`` -- which :mod:`tatgraph.link.hawkes`
must recover.

>>> syn = generate(SynthConfig(n_events=2000, theatres=2, seed=1))
>>> len(syn.table) > 1000, bool((syn.table.t[syn.parent[syn.parent >= 0]]
...                               <= syn.table.t[syn.parent >= 0]).all())
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from ..reference import load_reference
from ..vocab import Kind, Side
from .placement import Geometry, Near
from .table import KINDS, SIDES, ActorIndex, EventTable, FloatArray, IntArray

DYADS: tuple[tuple[Side, Side, float], ...] = (
    (Side.IRAN_ALIGNED, Side.US_COALITION, 0.4),
    (Side.ISIS, Side.SDF, 0.15),
    (Side.TURKEY, Side.SDF, 0.15),
    (Side.ISRAEL, Side.IRAN_ALIGNED, 0.1),
    (Side.SYRIAN_GOVERNMENT, Side.ISIS, 0.1),
    (Side.RUSSIA, Side.ISIS, 0.05),
    (Side.TRIBAL, Side.SDF, 0.05),
)
"""Which two sides fight in a theatre, and how often such a theatre is drawn."""

T_OFFSET = 438_000.0
"""Hour 0 of the generator on the table's axis (hours since 1970): early 2020."""

STATE_SIDES = {Side.US_COALITION, Side.TURKEY, Side.ISRAEL, Side.RUSSIA, Side.SYRIAN_GOVERNMENT}

_KIND_TABLES: dict[tuple[bool, bool], dict[Kind, float]] = {
    # (state side?, retaliation?) -> kind probabilities
    (True, True): {
        Kind.AIRSTRIKE: 0.55,
        Kind.HELICOPTER_STRIKE: 0.15,
        Kind.ARTILLERY_SHELLING: 0.15,
        Kind.RAID: 0.1,
        Kind.MISSILE_STRIKE: 0.05,
    },
    (True, False): {
        Kind.AIRSTRIKE: 0.3,
        Kind.RAID: 0.25,
        Kind.ARTILLERY_SHELLING: 0.2,
        Kind.GROUND_CLASH: 0.15,
        Kind.INTERCEPT: 0.1,
    },
    (False, True): {
        Kind.ROCKET_ATTACK: 0.4,
        Kind.DRONE_ATTACK: 0.35,
        Kind.MORTAR_ATTACK: 0.15,
        Kind.MISSILE_STRIKE: 0.1,
    },
    (False, False): {
        Kind.ROCKET_ATTACK: 0.25,
        Kind.DRONE_ATTACK: 0.2,
        Kind.MORTAR_ATTACK: 0.15,
        Kind.IED: 0.2,
        Kind.GROUND_CLASH: 0.2,
    },
}
_KILLED_MEAN = {
    Kind.AIRSTRIKE: 3.0,
    Kind.MISSILE_STRIKE: 3.0,
    Kind.RAID: 2.0,
    Kind.HELICOPTER_STRIKE: 2.0,
    Kind.ARTILLERY_SHELLING: 1.5,
    Kind.GROUND_CLASH: 1.5,
    Kind.IED: 1.0,
    Kind.EXPLOSIVE_ATTACK: 1.0,
    Kind.DRONE_ATTACK: 0.3,
    Kind.ROCKET_ATTACK: 0.2,
    Kind.MORTAR_ATTACK: 0.2,
    Kind.INTERCEPT: 0.0,
}
_FIGHTING_TYPES = {
    "state_military",
    "command",
    "coalition",
    "militia",
    "alliance",
    "armed_group",
    "tribal_force",
}


@dataclass(frozen=True)
class SynthConfig:
    """Parameters of the generator (see the module docstring)."""

    n_events: int = 100_000
    """Expected number of events (the realised count varies by a few percent)."""
    theatres: int | None = None
    """Number of theatres (default: one per 2,000 events)."""
    years: float = 10.0
    branching: float = 0.35
    """Expected responses (by the other side) per event."""
    follow_up: float = 0.1
    """Expected same-side follow-ups per event (triggered, but not responses)."""
    lag_mean_hours: float = 30.0
    theatre_radius_km: float = 150.0
    sites_per_side: int = 5
    """Bases, depots and positions each side holds in a theatre (uniform in its disc)."""
    home_share: float = 0.6
    """Share of theatre-reach answers that hit the answered perpetrator's home site."""
    reach_km: float = 100.0
    """An attack picks the other side's site with weight exp(-km / reach_km) from home."""
    site_jitter_km: float = 3.0
    """Mean distance of an event from the site it hits (the town it is reported at)."""
    spread_km: float = 15.0
    """Mean distance of a local event (clash, raid, shelling, IED) from what it follows."""
    unnamed_perpetrator: float = 0.1
    """Share of events whose perpetrator is left unnamed (as in many reports)."""
    region: tuple[float, float, float, float] = (12.0, 42.0, 25.0, 62.0)
    """Theatre centres are drawn in this (lat min, lat max, lon min, lon max) box."""
    seed: int = 0
    placement: Literal["theatre", "near"] = "theatre"
    """``theatre``: places by the kind's reach at the sides' sites (:class:`.placement.Geometry`);
    ``near``: the earlier generator, every triggered event near its trigger
    (:class:`.placement.Near`, the three ``near_*`` fields below; the sites, ``home_share``,
    ``reach_km``, ``site_jitter_km`` and ``spread_km`` play no part)."""
    near_spread_km: float = 30.0
    """``near``: mean distance of a triggered event from its trigger (most of them)..."""
    near_far_share: float = 0.3
    near_far_km: float = 120.0
    """...while this share lands farther away (mean distance)."""


PLACEMENTS = ("theatre", "near")


@dataclass
class Synthetic:
    """Generated events (sorted by time) and their ground truth."""

    table: EventTable
    parent: IntArray
    response: NDArray[np.bool_]
    theatre: IntArray
    side: IntArray
    """True perpetrator side (also for events whose perpetrator is left unnamed)."""
    config: SynthConfig
    dyads: list[tuple[int, int]] = field(default_factory=list)
    """Side codes of each theatre's two sides."""
    centres: FloatArray = field(default_factory=lambda: np.zeros((0, 2)))
    """Each theatre's centre (lat, lon)."""
    true_perp: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """True perpetrator actor code (also where the table leaves it unnamed)."""
    geometry: Geometry | Near | None = None
    """Where events land (:mod:`.placement`): the theatres' sites and the actors' homes, or
    the earlier placement near the trigger."""

    def truth(self) -> tuple[IntArray, IntArray]:
        """The true links ``(i, j)``: event ``i`` responds to event ``j``."""
        i = np.nonzero((self.parent >= 0) & self.response)[0]
        return i, self.parent[i]

    @property
    def horizon_hours(self) -> float:
        return self.config.years * 365.25 * 24.0


def _side_actors(actors: ActorIndex) -> dict[int, list[int]]:
    ref = load_reference()
    out: dict[int, list[int]] = {}
    for code, actor_id in enumerate(actors.ids):
        actor = ref.actors.get(actor_id)
        side = int(actors.sides[code])
        if actor is not None and side >= 0 and actor.type.value in _FIGHTING_TYPES:
            out.setdefault(side, []).append(code)
    return out


def _relatives(actors: ActorIndex, pool: Sequence[int]) -> dict[int, list[int]]:
    """For each actor of ``pool``: the others of ``pool`` related through PART_OF."""
    out: dict[int, list[int]] = {}
    for a in pool:
        out[a] = [b for b in pool if b != a and actors.proximity[a, b] >= 0.6 - 1e-9]
    return out


def _kinds(
    rng: np.random.Generator, state: NDArray[np.bool_], retaliation: NDArray[np.bool_]
) -> IntArray:
    out = np.empty(len(state), dtype=np.int64)
    for (is_state, is_ret), table in _KIND_TABLES.items():
        mask = (state == is_state) & (retaliation == is_ret)
        codes = np.array([KINDS.index(k) for k in table])
        probs = np.array(list(table.values()))
        out[mask] = rng.choice(codes, size=int(mask.sum()), p=probs / probs.sum())
    return out


def generate(config: SynthConfig | None = None, actors: ActorIndex | None = None) -> Synthetic:
    """Generate events and ground truth (deterministic for a given ``config.seed``)."""
    cfg = config or SynthConfig()
    rng = np.random.default_rng(cfg.seed)
    actors = actors or ActorIndex.from_actors(load_reference().actors.values())
    by_side = _side_actors(actors)
    n_theatres = cfg.theatres or max(1, cfg.n_events // 2000)
    horizon = cfg.years * 365.25 * 24.0
    rho = cfg.branching + cfg.follow_up
    if rho >= 1.0:
        raise ValueError("branching + follow_up must be below 1 (else the process explodes)")
    if cfg.placement not in PLACEMENTS:
        raise ValueError(f"placement must be one of {', '.join(PLACEMENTS)}: {cfg.placement!r}")
    # theatres: sides, centres and sites
    weights = np.array([d[2] for d in DYADS])
    pick = rng.choice(len(DYADS), size=n_theatres, p=weights / weights.sum())
    dyads = [(SIDES.index(DYADS[k][0]), SIDES.index(DYADS[k][1])) for k in pick]
    lat0, lat1, lon0, lon1 = cfg.region
    centres = np.column_stack(
        [rng.uniform(lat0, lat1, n_theatres), rng.uniform(lon0, lon1, n_theatres)]
    )
    geo = _placement(rng, cfg, centres, actors.pad + 1)
    state_side = np.isin(np.arange(len(SIDES)), [SIDES.index(s) for s in STATE_SIDES])
    # background: per theatre and side
    per_side = cfg.n_events / n_theatres * (1.0 - rho) / 2.0
    counts = rng.poisson(per_side, size=(n_theatres, 2))
    th = np.repeat(np.repeat(np.arange(n_theatres), 2), counts.ravel())
    dim = np.repeat(np.tile([0, 1], n_theatres), counts.ravel())  # 0: first side, 1: second
    t = rng.uniform(0.0, horizon, len(th))
    # the draws of the "near" placement come in the earlier generator's order
    if isinstance(geo, Near):
        lat, lon = geo.background(rng, th)
    dy = np.array(dyads, dtype=np.int64)
    side = dy[th, dim]
    perp = _draw_actor(rng, by_side, side)
    target = _draw_actor(rng, by_side, dy[th, 1 - dim])
    kind = np.full(len(th), -1, dtype=np.int64)  # "near": drawn once sorted (_assemble)
    if isinstance(geo, Geometry):
        kind = _kinds(rng, state_side[side], np.zeros(len(th), dtype=bool))
        lat, lon = geo.place(rng, th=th, dim=dim, perp=perp, kind=kind)
    cols = {
        "th": [th],
        "dim": [dim],
        "t": [t],
        "lat": [lat],
        "lon": [lon],
        "perp": [perp],
        "target": [target],
        "kind": [kind],
        "parent": [np.full(len(th), -1, dtype=np.int64)],
        "response": [np.zeros(len(th), dtype=bool)],
    }
    rel = {s: _relatives(actors, pool) for s, pool in by_side.items()}
    gen_start, gen = 0, {k: v[0] for k, v in cols.items()}
    total = len(th)
    while len(gen["t"]):
        kids = []
        for is_response, mean in ((True, cfg.branching), (False, cfg.follow_up)):
            k = rng.poisson(mean, size=len(gen["t"]))
            src = np.repeat(np.arange(len(gen["t"])), k)
            if not len(src):
                continue
            m = len(src)
            child_t = gen["t"][src] + rng.exponential(cfg.lag_mean_hours, m)
            if isinstance(geo, Near):
                c_lat, c_lon = geo.follow(rng, gen["lat"][src], gen["lon"][src])
            child_dim = 1 - gen["dim"][src] if is_response else gen["dim"][src]
            cth = gen["th"][src]
            cside = dy[cth, child_dim]
            cother = dy[cth, 1 - child_dim]
            if is_response:
                cperp = _near_actor(rng, rel, by_side, gen["target"][src], cside)
                ctarget = _near_actor(rng, rel, by_side, gen["perp"][src], cother)
            else:
                cperp = _near_actor(rng, rel, by_side, gen["perp"][src], cside)
                ctarget = _near_actor(rng, rel, by_side, gen["target"][src], cother)
            ckind = np.full(m, -1, dtype=np.int64)
            if isinstance(geo, Geometry):
                ckind = _kinds(rng, state_side[cside], np.full(m, is_response))
                c_lat, c_lon = geo.place(
                    rng,
                    th=cth,
                    dim=child_dim,
                    perp=cperp,
                    kind=ckind,
                    parent_perp=gen["perp"][src],
                    parent_lat=gen["lat"][src],
                    parent_lon=gen["lon"][src],
                    response=is_response,
                )
            kids.append(
                {
                    "th": cth,
                    "dim": child_dim,
                    "t": child_t,
                    "lat": c_lat,
                    "lon": c_lon,
                    "perp": cperp,
                    "target": ctarget,
                    "kind": ckind,
                    "parent": gen_start + src,
                    "response": np.full(m, is_response),
                }
            )
        if not kids:
            break
        nxt = {name: np.concatenate([kid[name] for kid in kids]) for name in kids[0]}
        inside = nxt["t"] < horizon
        nxt = {name: v[inside] for name, v in nxt.items()}
        gen_start = total
        total += len(nxt["t"])
        for name, v in nxt.items():
            cols[name].append(v)
        gen = nxt
    data = {name: np.concatenate(v) for name, v in cols.items()}
    syn = _assemble(rng, cfg, data, dyads, actors)
    syn.centres = centres
    syn.geometry = geo
    return syn


def _placement(
    rng: np.random.Generator, cfg: SynthConfig, centres: FloatArray, actors: int
) -> Geometry | Near:
    """The placement ``cfg`` asks for (the theatre one draws its sites and homes)."""
    if cfg.placement == "near":
        radius = cfg.theatre_radius_km
        return Near(centres, radius, cfg.near_spread_km, cfg.near_far_share, cfg.near_far_km)
    return Geometry.draw(
        rng,
        centres,
        actors,
        radius_km=cfg.theatre_radius_km,
        sites=cfg.sites_per_side,
        reach_km=cfg.reach_km,
        jitter_km=cfg.site_jitter_km,
        spread_km=cfg.spread_km,
        home_share=cfg.home_share,
    )


def _draw_actor(
    rng: np.random.Generator, by_side: dict[int, list[int]], side: IntArray
) -> IntArray:
    out = np.empty(len(side), dtype=np.int64)
    for s in np.unique(side).tolist():
        mask = side == s
        pool = np.array(by_side[s])
        out[mask] = pool[rng.integers(0, len(pool), int(mask.sum()))]
    return out


def _near_actor(
    rng: np.random.Generator,
    rel: dict[int, dict[int, list[int]]],
    by_side: dict[int, list[int]],
    previous: IntArray,
    side: IntArray,
) -> IntArray:
    """The previous actor (60%), a PART_OF relative of it (25%) or any of ``side``."""
    out = _draw_actor(rng, by_side, side)
    u = rng.random(len(previous))
    same = u < 0.6
    out[same] = previous[same]
    relative = (u >= 0.6) & (u < 0.85)
    for k in np.nonzero(relative)[0].tolist():
        options = rel[int(side[k])].get(int(previous[k]), [])
        if options:
            out[k] = options[int(rng.integers(0, len(options)))]
    return out


def _assemble(
    rng: np.random.Generator,
    cfg: SynthConfig,
    data: dict[str, NDArray[np.generic]],
    dyads: list[tuple[int, int]],
    actors: ActorIndex,
) -> Synthetic:
    order = np.argsort(data["t"], kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    parent_old = data["parent"].astype(np.int64)
    parent = np.where(parent_old >= 0, rank[np.maximum(parent_old, 0)], -1)[order]
    response = data["response"].astype(bool)[order]
    n = len(order)
    th = data["th"].astype(np.int64)[order]
    dy = np.array(dyads, dtype=np.int64)
    side = dy[th, data["dim"].astype(np.int64)[order]]
    state = np.isin(side, [SIDES.index(s) for s in STATE_SIDES])
    kind = data["kind"].astype(np.int64)[order]
    if cfg.placement == "near":  # the earlier generator drew kinds here, in time order
        kind = _kinds(rng, state, response)
    killed_mean = np.array([_KILLED_MEAN[k] for k in KINDS])[kind]
    killed = rng.poisson(killed_mean).astype(np.float64)
    injured = rng.poisson(killed_mean * 1.5).astype(np.float64)
    munitions = np.where(state, 0.0, rng.integers(1, 9, n)).astype(np.float64)
    true_perp = data["perp"].astype(np.int64)[order]
    perp = true_perp.copy()
    unnamed = rng.random(n) < cfg.unnamed_perpetrator
    perp[unnamed] = actors.unnamed
    table = EventTable(
        ids=[f"syn_{k:07d}" for k in range(n)],
        t=data["t"].astype(np.float64)[order] + T_OFFSET,
        half=np.full(n, 0.5),
        lat=data["lat"].astype(np.float64)[order],
        lon=data["lon"].astype(np.float64)[order],
        kind=kind,
        perp=perp.reshape(n, 1),
        target=data["target"].astype(np.int64)[order].reshape(n, 1),
        killed=killed,
        injured=injured,
        munitions=munitions,
        actors=actors,
    )
    return Synthetic(
        table=table,
        parent=parent,
        response=response,
        theatre=th,
        side=side,
        config=cfg,
        dyads=dyads,
        true_perp=true_perp,
    )


def theatre_times(syn: Synthetic, theatre: int) -> tuple[FloatArray, IntArray]:
    """Times (hours from the theatre's start) and dimensions (0/1) of one theatre's events."""
    mask = syn.theatre == theatre
    a, _ = syn.dyads[theatre]
    dims = np.where(syn.side[mask] == a, 0, 1).astype(np.int64)
    return syn.table.t[mask] - T_OFFSET, dims
