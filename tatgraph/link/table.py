"""Events as columns: what the linker, the Hawkes fit and the escalation measures read.

The linker works on numpy arrays, not on records, so that a million events fit in a few
hundred megabytes and every step is vectorised. An :class:`EventTable` holds one row per
event (time window as midpoint and half-width in hours since 1970, coordinates, kind,
perpetrators, targets, casualties); an :class:`ActorIndex` numbers the actors, gives each
its *party* (its side, or for an actor of no known side the actor itself with its PART_OF
relatives) and precomputes how close any two are in the PART_OF hierarchy and by side
(:data:`SAME_ACTOR` ... :data:`UNNAMED`).

A **two-sided** event (ACLED's armed clashes: every actor a perpetrator, no target; or a
ground clash naming two parties) hits each of its parties: both roles hold every actor, and
its role pairs are the pairs of *different* parties (:func:`tatgraph.link.candidates.role_rows`).

Tables are built from records (:meth:`EventTable.from_events`, used for evaluation and
tests) or from rows the graph returns (:func:`tatgraph.link.graphio.read_table`); both
paths give the same table.

>>> from tatgraph.reference import load_reference
>>> actors = ActorIndex.from_actors(load_reference().actors.values())
>>> actors.proximity_of("kataib_hezbollah", "kataib_hezbollah")
1.0
>>> actors.proximity_of("kataib_hezbollah", "islamic_resistance_iraq")  # parent: 1 hop
0.9
>>> round(actors.proximity_of("pmf", "axis_of_resistance"), 3)  # via Kata'ib Hezbollah
0.729
>>> actors.proximity_of("pmf", "sdf")  # not a party to each other: opposing sides
0.0
>>> actors.proximity_of("us_forces", "kataib_hezbollah")  # opposing sides
0.0
>>> actors.proximity_of("iraqi_security_forces", "pmf")  # no side, unrelated: not a match
0.0
>>> int(actors.party[actors.code("pmf")]) == int(actors.party[actors.code("kataib_hezbollah")])
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from ..model import Actor, Event, Site
from ..vocab import Kind, Side

KINDS: tuple[Kind, ...] = tuple(Kind)
"""Kind codes: ``KINDS[table.kind[i]]`` is the kind of event ``i``."""

SIDES: tuple[Side, ...] = tuple(s for s in Side if s not in (Side.NONE, Side.UNKNOWN))
"""Side codes of the parties; ``-1`` stands for an unnamed or unknown side."""

SAME_ACTOR = 1.0
"""Proximity of an actor to itself."""
HOP = 0.9
"""Proximity falls by this factor per PART_OF hop (edges followed either way)."""
RELATED_FLOOR = 0.6
"""Actors related through the hierarchy are never less close than this."""
SAME_SIDE = 0.5
"""Two unrelated actors of the same side."""
UNNAMED = 0.3
"""An unnamed actor (or one of no party) against anyone: possible, not evidence."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def hours_since_epoch(when: datetime) -> float:
    """UTC hours since 1970-01-01 (the table's time axis).

    >>> hours_since_epoch(datetime(1970, 1, 2, 6, tzinfo=UTC))
    30.0
    """
    return (when - EPOCH).total_seconds() / 3600.0


def side_code(side: str | None) -> int:
    """Index of ``side`` in :data:`SIDES`, or -1 for none/unknown/missing.

    >>> side_code("us_coalition") >= 0, side_code("none"), side_code(None)
    (True, -1, -1)
    """
    if side is None:
        return -1
    try:
        return SIDES.index(Side(side))
    except ValueError:
        return -1


@dataclass(frozen=True)
class ActorIndex:
    """Actors numbered ``0..A-1``; code ``A`` is an unnamed actor, ``A+1`` padding.

    ``proximity[a, b]`` is how close actor ``a`` is to actor ``b`` (symmetric):
    1.0 the same actor; ``HOP ** h`` (at least ``RELATED_FLOOR``) when a path of ``h``
    PART_OF edges, followed in either direction, joins them (a parent, a sibling, two groups
    sharing a member); ``SAME_SIDE`` for unrelated actors of one side; ``UNNAMED`` when
    either is unnamed; 0.0 for opposing sides and for an actor of no known side against
    any actor it is not related to; padding is 0.0 against everything.

    ``party[a]`` is what role matching compares: the side code of an actor of a known
    side; for an actor of no known side (``none``/``unknown``: e.g. the Iraqi security
    forces, or a new ACLED actor) a code of its own, shared with the side-less actors it is
    related to through PART_OF; -1 for unnamed and -2 for padding. An actor that names
    nobody (ACLED's "Unidentified Armed Group (Iraq)": :func:`names_nobody`) counts as
    unnamed: party -1 and proximity ``UNNAMED``.
    """

    ids: tuple[str, ...]
    sides: NDArray[np.int64]
    proximity: FloatArray
    codes: dict[str, int]
    party: NDArray[np.int64]

    @property
    def unnamed(self) -> int:
        """Code of an unnamed actor (a role the sources leave empty)."""
        return len(self.ids)

    @property
    def pad(self) -> int:
        """Code that fills unused columns of the perpetrator/target matrices."""
        return len(self.ids) + 1

    @property
    def parties(self) -> int:
        """Number of party codes (``party`` values are ``-2 .. parties - 1``)."""
        return int(self.party.max()) + 1 if len(self.party) else 0

    def code(self, actor_id: str) -> int:
        """The code of ``actor_id``; unknown ids count as unnamed."""
        return self.codes.get(actor_id, self.unnamed)

    def proximity_of(self, a: str, b: str) -> float:
        """Proximity of two actors by id (see the class docstring)."""
        return float(self.proximity[self.code(a), self.code(b)])

    @classmethod
    def build(cls, actors: Iterable[tuple[str, str | None, Sequence[str]]]) -> ActorIndex:
        """From ``(id, side, parent ids)`` triples, e.g. rows read from the graph."""
        rows = sorted({a[0]: a for a in actors}.values(), key=lambda r: r[0])
        ids = tuple(r[0] for r in rows)
        code = {a: i for i, a in enumerate(ids)}
        links: dict[str, list[str]] = {a: [] for a in ids}
        for r in rows:
            for parent in r[2]:
                if parent in code and parent != r[0]:
                    links[r[0]].append(parent)
                    links[parent].append(r[0])
        sides = np.array([side_code(r[1]) for r in rows] + [-1, -1], dtype=np.int64)
        hops = [_hops(a, links) for a in ids]
        n = len(ids)
        prox = np.zeros((n + 2, n + 2), dtype=np.float64)
        for i in range(n):
            for j in range(i, n):
                prox[i, j] = prox[j, i] = _proximity(i, j, hops, ids, sides)
        nobody = [k for k, a in enumerate(ids) if names_nobody(a)] + [n]
        for k in nobody:
            prox[k, : n + 1] = UNNAMED
            prox[: n + 1, k] = UNNAMED
        party = _parties(sides, links)
        party[nobody] = -1
        return cls(ids=ids, sides=sides, proximity=prox, codes=code, party=party)

    @classmethod
    def from_actors(cls, actors: Iterable[Actor]) -> ActorIndex:
        """From :class:`~tatgraph.model.Actor` records (e.g. the bundled reference)."""
        return cls.build((a.id, a.side.value, a.part_of) for a in actors)


_NOBODY = re.compile(r"(?:^|[:_])(?:unidentified|unknown)(?:_|$)")


def names_nobody(actor_id: str) -> bool:
    """Whether an actor id stands for nobody in particular (ACLED's "Unidentified ..."
    actors become ``acled:unidentified_...``): such a role counts as unnamed.

    >>> names_nobody("acled:unidentified_armed_group_iraq"), names_nobody("acled:hts")
    (True, False)
    """
    return bool(_NOBODY.search(actor_id))


def _parties(sides: NDArray[np.int64], links: Mapping[str, Sequence[str]]) -> NDArray[np.int64]:
    """Party codes (see :class:`ActorIndex`): sides, then one code per group of side-less
    actors joined by PART_OF; -1 unnamed, -2 padding."""
    ids = list(links)
    n = len(ids)
    code = {a: k for k, a in enumerate(ids)}
    party = np.empty(n + 2, dtype=np.int64)
    party[:n] = sides[:n]
    party[n], party[n + 1] = -1, -2
    following = len(SIDES)
    for k in range(n):
        if party[k] != -1:
            continue
        party[k] = following
        stack = [k]
        while stack:  # the side-less actors related to this one share its party
            a = stack.pop()
            for b in links[ids[a]]:
                kb = code[b]
                if party[kb] == -1 and sides[kb] < 0:
                    party[kb] = following
                    stack.append(kb)
        following += 1
    return party


def _hops(actor: str, links: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Shortest number of PART_OF hops (either direction) from ``actor`` to each actor."""
    out = {actor: 0}
    frontier = [actor]
    while frontier:
        nxt = []
        for a in frontier:
            for b in links.get(a, ()):
                if b not in out:
                    out[b] = out[a] + 1
                    nxt.append(b)
        frontier = nxt
    return out


def _proximity(
    i: int, j: int, hops: list[dict[str, int]], ids: tuple[str, ...], sides: NDArray[np.int64]
) -> float:
    if i == j:
        return SAME_ACTOR
    si, sj = int(sides[i]), int(sides[j])
    if si >= 0 and sj >= 0 and si != sj:
        return 0.0
    h = hops[i].get(ids[j])
    if h is not None:
        return max(HOP**h, RELATED_FLOOR)
    if si < 0 or sj < 0:
        return 0.0  # a named actor of no known side is only its own party
    return SAME_SIDE


@dataclass
class EventTable:
    """One row per event, as numpy columns (see the module docstring).

    ``perp`` and ``target`` are ``(n, width)`` matrices of actor codes: an event whose
    role names nobody holds :attr:`ActorIndex.unnamed` in column 0; unused columns hold
    :attr:`ActorIndex.pad`. ``killed``/``injured`` are best estimates (NaN when unknown),
    ``munitions`` the total count of what was fired or destroyed (0 when none recorded).
    ``two_sided`` marks events that hit each of their parties (see the module docstring):
    both matrices then hold every actor of the event.
    """

    ids: list[str]
    t: FloatArray
    half: FloatArray
    lat: FloatArray
    lon: FloatArray
    kind: IntArray
    perp: IntArray
    target: IntArray
    killed: FloatArray
    injured: FloatArray
    munitions: FloatArray
    actors: ActorIndex
    two_sided: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def __post_init__(self) -> None:
        if len(self.two_sided) != len(self.ids):
            self.two_sided = np.zeros(len(self.ids), dtype=bool)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def start(self) -> FloatArray:
        """Window starts (hours since 1970)."""
        out: FloatArray = self.t - self.half
        return out

    @property
    def end(self) -> FloatArray:
        """Window ends (hours since 1970, exclusive)."""
        out: FloatArray = self.t + self.half
        return out

    def role_sides(self, role: str) -> IntArray:
        """``(n, width)`` side codes of ``role`` ('perp' or 'target'); padding is -2."""
        codes = self.perp if role == "perp" else self.target
        sides = self.actors.sides[np.minimum(codes, self.actors.pad - 1)].copy()
        sides[codes == self.actors.pad] = -2
        return sides

    def role_parties(self, role: str) -> IntArray:
        """``(n, width)`` party codes of ``role`` ('perp' or 'target'); -1 unnamed, -2 padding."""
        codes = self.perp if role == "perp" else self.target
        return self.actors.party[codes]

    def primary_side(self, role: str = "perp") -> IntArray:
        """The most common known side of ``role`` per event (-1 when none is known)."""
        sides = self.role_sides(role)
        out = np.full(len(self), -1, dtype=np.int64)
        if sides.shape[1] == 1:
            return np.maximum(sides[:, 0], -1)
        for i, row in enumerate(sides):
            known = row[row >= 0]
            if known.size:
                values, counts = np.unique(known, return_counts=True)
                out[i] = values[np.argmax(counts)]
        return out

    @classmethod
    def build(
        cls,
        *,
        ids: Sequence[str],
        starts: Sequence[datetime],
        ends: Sequence[datetime],
        coords: Sequence[tuple[float, float] | None],
        kinds: Sequence[str],
        perpetrators: Sequence[Sequence[str]],
        targets: Sequence[Sequence[str]],
        killed: Sequence[int | None],
        injured: Sequence[int | None],
        munitions: Sequence[Mapping[str, int]],
        actors: ActorIndex,
    ) -> EventTable:
        """From per-event Python values (the graph and record paths both end here)."""
        n = len(ids)
        t0 = np.array([hours_since_epoch(s) for s in starts], dtype=np.float64)
        t1 = np.array([hours_since_epoch(e) for e in ends], dtype=np.float64)
        lat = np.array([c[0] if c else np.nan for c in coords], dtype=np.float64)
        lon = np.array([c[1] if c else np.nan for c in coords], dtype=np.float64)
        clash = [Kind(k) is Kind.GROUND_CLASH for k in kinds]
        two_sided = np.array(
            [
                _two_sided(p, t, c, actors)
                for p, t, c in zip(perpetrators, targets, clash, strict=True)
            ],
            dtype=bool,
        ).reshape(n)
        perpetrators = [
            sorted({*p, *t}) if two else p
            for p, t, two in zip(perpetrators, targets, two_sided, strict=True)
        ]
        targets = [
            p if two else t for p, t, two in zip(perpetrators, targets, two_sided, strict=True)
        ]
        return cls(
            ids=list(ids),
            t=(t0 + t1) / 2.0,
            half=(t1 - t0) / 2.0,
            lat=lat.reshape(n),
            lon=lon.reshape(n),
            kind=np.array([KINDS.index(Kind(k)) for k in kinds], dtype=np.int64).reshape(n),
            perp=_role_matrix(perpetrators, actors),
            target=_role_matrix(targets, actors),
            killed=np.array([np.nan if k is None else k for k in killed], dtype=np.float64),
            injured=np.array([np.nan if k is None else k for k in injured], dtype=np.float64),
            munitions=np.array([float(sum(m.values())) for m in munitions], dtype=np.float64),
            actors=actors,
            two_sided=two_sided,
        )

    @classmethod
    def from_events(
        cls, events: Sequence[Event], sites: Mapping[str, Site], actors: ActorIndex
    ) -> EventTable:
        """From :class:`~tatgraph.model.Event` records and the gazetteer they name.

        Events with an open date (precision ``unknown``) have no place in time: left out.
        """
        events = [e for e in events if e.dated]

        def where(e: Event) -> tuple[float, float] | None:
            site = sites.get(e.site) if e.site else None
            return (site.lat, site.lon) if site else None

        return cls.build(
            ids=[e.id for e in events],
            starts=[e.window()[0] for e in events],
            ends=[e.window()[1] for e in events],
            coords=[where(e) for e in events],
            kinds=[e.kind.value for e in events],
            perpetrators=[[p.actor for p in e.perpetrators] for e in events],
            targets=[list(e.targets) for e in events],
            killed=[e.killed_best for e in events],
            injured=[e.injured_best for e in events],
            munitions=[e.munitions for e in events],
            actors=actors,
        )


def _two_sided(
    perps: Sequence[str], targets: Sequence[str], clash: bool, actors: ActorIndex
) -> bool:
    """Whether an event hits each of its parties: a ground clash naming two parties, or an
    event naming no target whose perpetrators belong to two parties (ACLED's clashes)."""
    if targets and not clash:
        return False
    parties = {int(actors.party[actors.code(a)]) for a in (*perps, *targets)}
    parties.discard(-1)
    return len(parties) >= 2


def _role_matrix(roles: Sequence[Sequence[str]], actors: ActorIndex) -> IntArray:
    width = max([1, *(len(set(r)) for r in roles)])
    out = np.full((len(roles), width), actors.pad, dtype=np.int64)
    for i, names in enumerate(roles):
        codes = sorted({actors.code(a) for a in names}) or [actors.unnamed]
        out[i, : len(codes)] = codes
    return out


def munitions_from_json(text: str | None) -> dict[str, int]:
    """The event's ``munitions`` property (JSON text in the graph) as a dict.

    >>> munitions_from_json('{"rockets": 4}'), munitions_from_json(None)
    ({'rockets': 4}, {})
    """
    if not text:
        return {}
    value = json.loads(text)
    return {str(k): int(v) for k, v in value.items()} if isinstance(value, dict) else {}
