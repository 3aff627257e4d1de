"""Merging one report's mentions into events (clusters of mentions), in three passes.

1. mentions at a precise place (a base, a town): one event per place and compatible kind
   and date (a weakly typed mention - «استهداف صاروخي» - joins whatever the place's event
   turns out to be);
2. mentions at a weak place (a governorate capital, «شرقي الفرات»): join an event at a
   precise place of the same governorate, else make their own;
3. mentions with no place, and hedged or back-referring ones: join the nearest compatible
   event (same kind group, same side, same claimant preferred); a placeless mention makes
   an event of its own only if it is concrete (a named weapon and a figure, a named actor
   or a date) and neither hedged nor a back-reference.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..model import local_day_window, zone
from ..vocab import Kind, Precision
from .analysis import Analysis
from .dates import DateRef
from .lexicon import Lexicon
from .mentions import Mention, blast_sites, camp, compatible

PLATFORM_KINDS = frozenset({Kind.DRONE_ATTACK, Kind.AIRSTRIKE, Kind.HELICOPTER_STRIKE})


@dataclass
class Cluster:
    """Mentions merged so far into one event of the report."""

    mentions: list[Mention] = field(default_factory=list)
    site: str | None = None
    weak: bool = False
    country: str | None = None  # a placeless event said to be in this country

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def kind(self, without: frozenset[Kind] = frozenset()) -> Kind | None:
        """The strongest kind said; a platform (drone, aircraft) over what it fired.

        Kinds in ``without`` are left out of the vote (see :func:`event_kind`).
        """
        best = [m for m in self.mentions if m.kind is not None and m.kind not in without]
        if not best:
            return None
        top = max(m.kind_strength for m in best)
        votes = Counter(m.kind for m in best if m.kind_strength == top)
        if Kind.DRONE_ATTACK in votes and all(
            m.generic_air for m in best if m.kind is Kind.AIRSTRIKE
        ):
            votes.pop(Kind.AIRSTRIKE, None)  # "غارة" + "طائرة مسيرة": a drone strike
        first = {m.kind: m.start for m in reversed(best)}
        return max(votes, key=lambda k: (k in PLATFORM_KINDS, votes[k], -first[k]))

    def effective(self, lex: Lexicon) -> Kind | None:
        """The kind said, else the air strike an air power's untyped strike is."""
        kind = self.kind()
        if kind is None and any(effective_kind(lex, m) is not None for m in self.mentions):
            return Kind.AIRSTRIKE
        return kind

    def kind_strength(self) -> int:
        return max((m.kind_strength for m in self.mentions), default=0)

    def dates(self) -> list[tuple[DateRef, str]]:
        return [(m.date, m.date_role) for m in self.mentions if m.date is not None]


INDIRECT = frozenset({Kind.ROCKET_ATTACK, Kind.MORTAR_ATTACK, Kind.ARTILLERY_SHELLING})

INTERCEPTABLE = frozenset(
    {Kind.DRONE_ATTACK, Kind.ROCKET_ATTACK, Kind.MISSILE_STRIKE, Kind.MORTAR_ATTACK}
)
"""Kinds of attack whose munitions are shot down or intercepted."""


AIR_KINDS = frozenset({Kind.AIRSTRIKE, Kind.HELICOPTER_STRIKE})


def event_kind(c: Cluster, groundborne: bool = False) -> Kind | None:
    """The event's kind: ``intercept`` when the report tells an interception of the
    attack and no impact (nothing hit, exploded at the site or hurt anyone); an attack
    told with both keeps the kind of its weapon (the interception is a munitions count).

    ``groundborne``: the attacker has no air force (an armed group or nobody named hits
    US forces); war planes and helicopters said with such an attack are the other side's
    strikes told beside it («… بعد غارات أمريكية»), not its weapon, and do not vote.
    """
    kind = c.kind(AIR_KINDS if groundborne else frozenset())
    if not any(m.intercept for m in c.mentions) or any(m.impact for m in c.mentions):
        return kind
    return Kind.INTERCEPT if kind is None or kind in INTERCEPTABLE else kind


# -- windows -----------------------------------------------------------------------------
def window(d: DateRef, tz: str, hour: int | None = None) -> tuple[datetime, datetime, Precision]:
    """UTC window of a date phrase (a clock hour narrows a single day to that hour)."""
    if d.first_day == d.last_day:
        if hour is not None and d.precision in (Precision.DAY, Precision.PART_OF_DAY):
            z = zone(tz)
            start = datetime(d.first_day.year, d.first_day.month, d.first_day.day, hour, tzinfo=z)
            return (
                start.astimezone(zone("UTC")),
                (start + timedelta(hours=1)).astimezone(zone("UTC")),
                Precision.HOUR,
            )
        start, end = local_day_window(d.first_day, part=d.part, tz=tz)
        return start, end, Precision.PART_OF_DAY if d.part else Precision.DAY
    start, _ = local_day_window(d.first_day, tz=tz)
    _, end = local_day_window(d.last_day, tz=tz)
    span = (d.last_day - d.first_day).days + 1
    precision = Precision.WEEK if span <= 7 else Precision.MONTH if span <= 31 else Precision.YEAR
    return start, end, precision


def overlap(a: DateRef, b: DateRef, tz: str) -> bool:
    s1, e1, _ = window(a, tz)
    s2, e2, _ = window(b, tz)
    return s1 < e2 and s2 < e1


def date_ok(m: Mention, c: Cluster, tz: str) -> bool:
    if m.date is None:
        return True
    for d, role in c.dates():
        if role == "report" and m.date_role == "report":
            if abs((d.first_day - m.date.first_day).days) > 2:
                return False
        elif role == "report" or m.date_role == "report":
            # a statement date bounds the event from above only
            later = d if role == "report" else m.date
            other = m.date if role == "report" else d
            if other.first_day > later.last_day or later.first_day - other.last_day > timedelta(
                days=2
            ):
                return False
        elif not overlap(m.date, d, tz):
            return False
    return True


# -- merging -----------------------------------------------------------------------------
def camp_of(lex: Lexicon, actor: str | None) -> str | None:
    if actor is None or actor not in lex.reference.actors:
        return None
    return camp(lex.reference.actors[actor].side.value)


def camps(lex: Lexicon, c: Cluster) -> tuple[set[str], set[str]]:
    """Camps of a cluster's attackers and of the attacked (named, or hosts of its site)."""
    perps = {camp_of(lex, x.perpetrator) for x in c.mentions} - {None}
    hit = {camp_of(lex, t) for x in c.mentions for t in x.targets} - {None}
    return {p for p in perps if p}, {t for t in hit if t}


def side_ok(lex: Lexicon, m: Mention, c: Cluster) -> bool:
    """Same attacker camp, and the mention's attacker is not the cluster's target (a
    back-reference's targets, read off the clauses around it, are not held against it)."""
    mine = camp_of(lex, m.perpetrator)
    perps, hit = camps(lex, c)
    if mine is not None:
        if perps and mine not in perps:
            return False
        if mine in hit and mine not in perps:
            return False
    if m.anaphoric:
        return True
    mine_hit = {camp_of(lex, t) for t in m.targets} - {None}
    return not (mine_hit and perps and mine_hit <= perps and not hit & mine_hit)


def effective_kind(lex: Lexicon, m: Mention) -> Kind | None:
    """A mention's kind, or for an untyped US-side strike the air strike it almost always is."""
    if m.kind is None and air_power(lex, m.perpetrator):
        return Kind.AIRSTRIKE
    return m.kind


def generic_air(lex: Lexicon, m: Mention) -> bool:
    """An air strike any aircraft fits: «غارة», or an untyped strike by an air power."""
    return (m.kind is Kind.AIRSTRIKE and m.generic_air) or (
        m.kind is None and air_power(lex, m.perpetrator)
    )


def drone_fit(lex: Lexicon, m: Mention, c: Cluster) -> bool:
    """A drone strike told elsewhere as a generic air strike («غارة»): one event (not on
    the US camp: armed groups' drones hitting US bases are not air raids)."""
    if "us" in camps(lex, c)[1] or any(camp_of(lex, t) == "us" for t in m.targets):
        return False
    ck = c.effective(lex)
    if ck is Kind.DRONE_ATTACK:
        return generic_air(lex, m)
    if ck is Kind.AIRSTRIKE and m.kind is Kind.DRONE_ATTACK:
        return all(generic_air(lex, x) for x in c.mentions if x.kind is Kind.AIRSTRIKE)
    return False


def kind_ok(m: Mention, c: Cluster, lex: Lexicon) -> bool:
    if m.kind is None and effective_kind(lex, m) is not None:
        return compatible(effective_kind(lex, m), c.kind()) or drone_fit(lex, m, c)
    if m.kind_strength >= 3 and c.kind() is None:
        return compatible(m.kind, c.effective(lex)) or drone_fit(lex, m, c)
    if m.kind in INDIRECT and c.kind() is Kind.DRONE_ATTACK:
        return False  # "هجوم صاروخي" is not the drones told at that base
    if m.kind_strength < 3 or c.kind_strength() < 3:
        return True
    return compatible(m.kind, c.kind()) or drone_fit(lex, m, c)


def linked_apart(m: Mention, c: Cluster, mentions: list[Mention]) -> bool:
    """A responder and what it answers are different events."""
    ids = {x.index for x in c.mentions}
    if ids & set(m.answers):
        return True
    return any(m.index in x.answers for x in c.mentions)


REGION_KM = 80.0
"""A weak place («جنوب بغداد», «ريف دير الزور») joins a precise site this close to it."""


def km(lex: Lexicon, a: str | None, b: str | None) -> float:
    """Distance between two places (infinite when either is unknown)."""
    pa, pb = (lex.place(a) if a else None), (lex.place(b) if b else None)
    if pa is None or pb is None:
        return math.inf
    dlat = math.radians(pb.lat - pa.lat)
    dlon = math.radians(pb.lon - pa.lon) * math.cos(math.radians((pa.lat + pb.lat) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def admin_of(lex: Lexicon, site: str | None) -> str | None:
    place = lex.place(site) if site else None
    return place.admin1 if place else None


def assemble(a: Analysis, mentions: list[Mention], tz: str) -> list[Cluster]:
    lex = a.lexicon
    clusters: list[Cluster] = []
    usable = [m for m in mentions if not m.dropped]
    blast_sites(a, usable)

    def place(m: Mention, pool: Iterable[Cluster]) -> Cluster | None:
        cands = [
            c
            for c in pool
            if kind_ok(m, c, lex)
            and not (m.other and any(x.sentence == m.sentence for x in c.mentions))
            and date_ok(m, c, tz)
            and side_ok(lex, m, c)
            and not linked_apart(m, c, mentions)
        ]
        if not cands:
            return None
        same_day = [
            c
            for c in cands
            if m.date is not None and any(d.first_day == m.date.first_day for d, _ in c.dates())
        ]
        return (same_day or cands)[0]

    # 1. precise places
    for m in usable:
        if m.site is None or m.weak_site or m.hedged or m.anaphoric or m.blast or m.locating:
            continue
        c = place(m, [c for c in clusters if c.site == m.site])
        if c is None and m.header:
            continue  # a list header: its items say where
        if c is None:
            c = Cluster(site=m.site)
            clusters.append(c)
        c.mentions.append(m)
    # 2. weak places
    for m in usable:
        if m.site is None or not m.weak_site or m.hedged or m.anaphoric or m.blast or m.locating:
            continue
        same = [c for c in clusters if c.site == m.site]
        region = [
            c
            for c in clusters
            if not c.weak
            and (not m.town or m.directional)
            and c.site != m.site
            and (
                admin_of(lex, c.site) == admin_of(lex, m.site)
                or (km(lex, c.site, m.site) <= REGION_KM and not across_border(lex, c.site, m.site))
            )
            and compatible(effective_kind(lex, m), c.kind())
        ]
        c = place(m, same) or place(m, region)
        if c is None and m.header:
            continue
        if c is None:
            c = Cluster(site=m.site, weak=True)
            clusters.append(c)
        c.mentions.append(m)
    # 3. explosions at a place join its event first; then no place, hedged, back-references
    later = [m for m in usable if m.site is not None and m.blast and not m.hedged]
    ahead = {id(m) for m in later}
    later += [m for m in usable if id(m) not in ahead]
    for m in later:
        if (m.site is not None and not (m.hedged or m.anaphoric or m.blast)) or m.locating:
            continue
        if placed(m, clusters):
            continue
        pool = [
            c
            for c in clusters
            if (m.site is None or c.site == m.site)
            and not linked_apart(m, c, mentions)
            and (m.country is None or country_of(lex, c) in (None, m.country))
        ]
        if m.role == "responder" and m.answers:  # "هذه الضربات ردّاً على هجوم على جنود …"
            hit = {camp_of(lex, t) for j in m.answers for t in mentions[j].targets} - {None}
            pool = [c for c in pool if not camps(lex, c)[1] & hit] or pool
        if m.blast and m.site is not None and not m.hedged:
            c = place(m, pool)  # the event at that place (the first, as for named attacks)
        else:
            c = nearest(m, pool, lex, tz)
        if (
            c is None
            and (concrete(m, lex) or (m.country and m.coordinated and m.told and not m.hedged))
            and not m.blast
        ):
            c = Cluster(site=m.site)  # "… في العراق وسوريا": one event per country
            clusters.append(c)
        if c is not None:
            c.mentions.append(m)
            c.country = c.country or (m.country if c.site is None else None)
    for m in usable:  # "وأوضح المصدر أن الهجوم كان على الشدادي"
        if m.locating and not m.dropped and not placed(m, clusters):
            _locate(m, clusters, lex, tz)
    clusters.sort(key=lambda c: c.first)
    return clusters


def placed(m: Mention, clusters: list[Cluster]) -> bool:
    """Whether the mention is already in an event (by identity: mentions compare by value)."""
    return any(x is m for c in clusters for x in c.mentions)


def _locate(m: Mention, clusters: list[Cluster], lex: Lexicon, tz: str) -> None:
    """A back-reference that gives a place: the placeless event (or one at a vaguer place
    near it) told in the sentence just before it is at that place; otherwise the event at
    that place."""
    vaguer = not m.weak_site
    before = [
        c
        for c in clusters
        if (
            c.site is None
            or (vaguer and c.weak and admin_of(lex, c.site) == admin_of(lex, m.site))
            or (
                vaguer
                and c.weak
                and km(lex, c.site, m.site) <= REGION_KM
                and not across_border(lex, c.site, m.site)
            )
        )
        and any(x.sentence == m.sentence - 1 for x in c.mentions)
        and kind_ok(m, c, lex)
        and date_ok(m, c, tz)
        and side_ok(lex, m, c)
    ]
    if before:
        before[-1].site, before[-1].weak = m.site, m.weak_site
        before[-1].mentions.append(m)
        return
    same = [c for c in clusters if c.site == m.site and kind_ok(m, c, lex)]
    if same:
        same[0].mentions.append(m)
    else:
        clusters.append(Cluster([m], site=m.site))


def across_border(lex: Lexicon, a: str | None, b: str | None) -> bool:
    """Places on the two sides of a border (al-Qaim and Abu Kamal) are two places, however
    near; a border area is on both sides."""
    p, q = (lex.place(a) if a else None), (lex.place(b) if b else None)
    if p is None or q is None or "border_area" in (p.kind, q.kind):
        return False
    return bool(p.country and q.country) and p.country != q.country


def country_of(lex: Lexicon, c: Cluster) -> str | None:
    """The country an event is in: its site's, or the one said of a placeless event."""
    place = lex.place(c.site) if c.site else None
    return place.country if place else c.country


def concrete(m: Mention, lex: Lexicon) -> bool:
    """Whether a placeless mention says enough to be an event of its own."""
    if m.hedged or m.anaphoric or m.elsewhere:
        return False
    if m.role == "responder" and m.cue is not None and effective_kind(lex, m) is not None:
        return m.perpetrator is not None
    if (m.kind is None or m.kind_strength < 3) and air_power(lex, m.perpetrator):
        return (  # "نفذت واشنطن الخميس ضربات": a strike told with its own day
            m.date is not None
            and m.date_role == "event"
            and m.date.precision in (Precision.DAY, Precision.PART_OF_DAY)
        )
    if m.kind is None or m.kind_strength < 3:
        return False
    figure = m.killed is not None or m.injured is not None
    answer = m.role == "responder" and m.cue is not None and m.perpetrator is not None
    dated = (m.date is not None and m.date_role == "event") or m.open_date
    if m.reason and not dated:
        return False  # "على خلفية مقتل … في ضربة أمريكية": an undated reason, no event
    if m.targets and all(camp_of(lex, t) == "israel" for t in m.targets):
        return False  # an attack on Israel told beside: the other war, not this one
    named = m.perpetrator_how in ("claimed", "explicit") or bool(m.targets)
    return figure or answer or dated or named


def nearest(m: Mention, pool: list[Cluster], lex: Lexicon, tz: str) -> Cluster | None:
    """The event a placeless, hedged or back-referring mention belongs to, if any.

    Compatible kind, date and sides; a back-reference («الهجوم») goes to the report's main
    event told so far; others prefer the same claimant or figures, then the nearest text.
    Context mentions («ويأتي ذلك في وقت …») join only context events, and a mention more
    than four sentences from every mention of an event needs the same claimant.
    """
    kind = effective_kind(lex, m)
    cands = [
        c
        for c in pool
        if (
            compatible(kind if m.kind_strength >= 1 or kind != m.kind else None, c.effective(lex))
            or drone_fit(lex, m, c)
        )
        and date_ok(m, c, tz)
        and side_ok(lex, m, c)
        and (m.context == all(x.context for x in c.mentions) or m.anaphoric)
    ]

    def near(c: Cluster) -> bool:
        gap = min(abs(x.sentence - m.sentence) for x in c.mentions)
        same = m.kind is not None and c.kind() == m.kind and m.kind_strength >= 3
        return gap <= 4 or (gap <= 8 and same) or any(x.claimant == m.claimant for x in c.mentions)

    cands = [c for c in cands if near(c)]
    if m.anaphoric:

        def background(c: Cluster) -> bool:
            return all(x.context or x.role == "answered" for x in c.mentions)

        pool = [c for c in cands if background(c) == m.context]
        here = [
            (m.start - x.start if x.start <= m.start else 10**9 + x.start, i)
            for i, c in enumerate(pool)
            for x in c.mentions
            if x.sentence == m.sentence and not x.anaphoric
        ]
        if here:
            return pool[min(here)[1]]
        before = [c for c in pool if c.first <= m.start]
        if not before:
            return None
        if m.context:
            return max(before, key=lambda c: max(x.start for x in c.mentions if x.start <= m.start))
        return max(before, key=lambda c: (sum(not x.anaphoric for x in c.mentions), c.first))
    if not cands:
        return None

    def score(c: Cluster) -> tuple[int, int, int]:
        same_claimant = any(x.claimant == m.claimant and x.claimant for x in c.mentions)
        same_count = any(x.munitions and x.munitions == m.munitions for x in c.mentions)
        dist = min(abs(x.start - m.start) + (0 if x.start <= m.start else 1) for x in c.mentions)
        return (int(same_claimant) + int(same_count), int(c.kind() == kind), -dist)

    return max(cands, key=score)


def air_power(lex: Lexicon, actor_id: str | None) -> bool:
    """A state military, command, coalition or government: strikes it makes come by air."""
    actor = lex.reference.actors.get(actor_id) if actor_id else None
    return (
        actor is not None
        and actor.type.value
        in (
            "state_military",
            "command",
            "coalition",
            "government",
        )
        and actor.side.value in ("us_coalition", "israel", "russia", "turkey")
    )


__all__ = [
    "AIR_KINDS",
    "Cluster",
    "air_power",
    "assemble",
    "camp_of",
    "effective_kind",
    "event_kind",
    "window",
]
