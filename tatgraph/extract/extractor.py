"""From one report's mentions to its events, claims, dates and stated response links.

Mentions are merged in three passes so that the most specific ones set the events up:

1. mentions at a precise place (a base, a town): one event per place and compatible kind
   and date (a weakly typed mention - «استهداف صاروخي» - joins whatever the place's event
   turns out to be);
2. mentions at a weak place (a governorate capital, «شرقي الفرات»): join an event at a
   precise place of the same governorate, else make their own;
3. mentions with no place, and hedged or back-referring ones: join the nearest compatible
   event (same kind group, same side, same claimant preferred); a placeless mention makes
   an event of its own only if it is concrete (a named weapon and a figure, a named actor
   or a date) and neither hedged nor a back-reference.

Dates: an event takes the most precise date said of it (a date next to the attack beats
one next to «أعلن»); an undated event answered by a dated one takes that day, and one
answering a dated event too; otherwise the report's first dated event's day, else the
publication day (the day before for reports published before 06:00 local time).

>>> from datetime import datetime, UTC
>>> from tatgraph.extract.reports import ReportMeta
>>> meta = ReportMeta("r.txt", datetime(2022, 8, 26, tzinfo=UTC))
>>> text = ("قالت مصادر محلية إن مسلحين قصفوا حقل العمر بستة صواريخ "
...         "ليل الأربعاء، ولم يُصب أحد بأذى، من دون وقوع إصابات.")
>>> [ev.summary_line() for ev in extract_text(text, meta)]
['2022-08-24 rocket_attack @ al_omar rockets=6 (claims: local_sources injured=0)']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..model import DEFAULT_TZ, local_day_window, stable_id, zone
from ..vocab import Kind, Precision
from .analysis import Analysis, analyse
from .claims import voices
from .dates import DateRef
from .lexicon import Lexicon, default_lexicon
from .mentions import MUNITION_OF_KIND, Mention, camp, compatible, find_mentions
from .reports import ReportMeta, outlet_actor

PLATFORM_KINDS = frozenset({Kind.DRONE_ATTACK, Kind.AIRSTRIKE, Kind.HELICOPTER_STRIKE})
ROLE_RANK = {"event": 0, "sentence": 1, "report": 2}
PRECISION_RANK = {p: i for i, p in enumerate(Precision)}


@dataclass
class ExtractedClaim:
    """What one claimant says about one event in one sentence of the report."""

    claimant: str | None
    killed: int | None
    injured: int | None
    munitions: dict[str, int]
    hedged: bool
    responsibility: str | None
    responsible: str | None
    quote: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "claimant": self.claimant,
            "killed": self.killed,
            "injured": self.injured,
            "munitions": dict(self.munitions),
            "hedged": self.hedged,
            "responsibility": self.responsibility,
            "responsible": self.responsible,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class ExtractedEvent:
    """One event of one report, with its claims and the evidence for it."""

    id: str
    report: str
    kind: Kind
    site: str | None
    site_name: str | None
    geo_precision: int
    perpetrator: str | None
    perpetrator_basis: str | None
    perpetrator_side: str
    targets: list[str]
    target_side: str
    start: datetime
    end: datetime
    precision: Precision
    date_basis: str
    tz: str
    munitions: dict[str, int]
    claims: list[ExtractedClaim]
    responds_to: str | None
    response_cue: str | None
    background: bool
    evidence: list[tuple[str, int, int]]

    @property
    def target(self) -> str | None:
        return self.targets[0] if self.targets else None

    @property
    def date_start(self) -> date:
        return self.start.astimezone(zone(self.tz)).date()

    @property
    def date_end(self) -> date:
        return (self.end - timedelta(microseconds=1)).astimezone(zone(self.tz)).date()

    def summary_line(self) -> str:
        """One line for logs and doctests."""
        mun = " ".join(f"{k}={v}" for k, v in sorted(self.munitions.items()))
        claims = "; ".join(
            " ".join(
                [str(c.claimant)]
                + [
                    f"{w}={getattr(c, w)}"
                    for w in ("killed", "injured")
                    if getattr(c, w) is not None
                ]
            )
            for c in self.claims
        )
        parts = [self.date_start.isoformat(), self.kind.value, "@", str(self.site)]
        if mun:
            parts.append(mun)
        return " ".join(parts) + f" (claims: {claims})"

    def to_json(self) -> dict[str, Any]:
        """The JSON line ``tatgraph extract`` writes for this event."""
        return {
            "id": self.id,
            "report": self.report,
            "kind": self.kind.value,
            "perpetrator": self.perpetrator,
            "perpetrator_basis": self.perpetrator_basis,
            "perpetrator_side": self.perpetrator_side,
            "target": self.target,
            "targets": list(self.targets),
            "target_side": self.target_side,
            "site": self.site,
            "site_name": self.site_name,
            "geo_precision": self.geo_precision,
            "date_start": self.date_start.isoformat(),
            "date_end": self.date_end.isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision.value,
            "date_basis": self.date_basis,
            "munitions": dict(self.munitions),
            "claims": [c.to_json() for c in self.claims],
            "responds_to": self.responds_to,
            "response_cue": self.response_cue,
            "background": self.background,
            "evidence": [{"quote": q, "start": s, "end": e} for q, s, e in self.evidence],
        }


@dataclass
class _Cluster:
    """Mentions merged so far into one event of the report."""

    mentions: list[Mention] = field(default_factory=list)
    site: str | None = None
    weak: bool = False

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def kind(self) -> Kind | None:
        """The strongest kind said; a platform (drone, aircraft) over what it fired."""
        best = [m for m in self.mentions if m.kind is not None]
        if not best:
            return None
        top = max(m.kind_strength for m in best)
        votes = Counter(m.kind for m in best if m.kind_strength == top)
        first = {m.kind: m.start for m in reversed(best)}
        return max(votes, key=lambda k: (k in PLATFORM_KINDS, votes[k], -first[k]))

    def kind_strength(self) -> int:
        return max((m.kind_strength for m in self.mentions), default=0)

    def dates(self) -> list[tuple[DateRef, str]]:
        return [(m.date, m.date_role) for m in self.mentions if m.date is not None]


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


def _overlap(a: DateRef, b: DateRef, tz: str) -> bool:
    s1, e1, _ = window(a, tz)
    s2, e2, _ = window(b, tz)
    return s1 < e2 and s2 < e1


def _date_ok(m: Mention, c: _Cluster, tz: str) -> bool:
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
        elif not _overlap(m.date, d, tz):
            return False
    return True


# -- merging -----------------------------------------------------------------------------
def _sides(lex: Lexicon, actor: str | None) -> str | None:
    if actor is None or actor not in lex.reference.actors:
        return None
    return camp(lex.reference.actors[actor].side.value)


def _camps(lex: Lexicon, c: _Cluster) -> tuple[set[str], set[str]]:
    """Camps of a cluster's attackers and of the attacked (named, or hosts of its site)."""
    perps = {_sides(lex, x.perpetrator) for x in c.mentions} - {None}
    hit = {_sides(lex, t) for x in c.mentions for t in x.targets} - {None}
    return {p for p in perps if p}, {t for t in hit if t}


def _side_ok(lex: Lexicon, m: Mention, c: _Cluster) -> bool:
    """Same attacker camp, and the mention's attacker is not the cluster's target."""
    mine = _sides(lex, m.perpetrator)
    perps, hit = _camps(lex, c)
    if mine is not None:
        if perps and mine not in perps:
            return False
        if mine in hit and mine not in perps:
            return False
    mine_hit = {_sides(lex, t) for t in m.targets} - {None}
    return not (mine_hit and perps and mine_hit <= perps and not hit & mine_hit)


def effective_kind(lex: Lexicon, m: Mention) -> Kind | None:
    """A mention's kind, or for an untyped US-side strike the air strike it almost always is."""
    if m.kind is None and _air_power(lex, m.perpetrator):
        return Kind.AIRSTRIKE
    return m.kind


def _kind_ok(m: Mention, c: _Cluster, lex: Lexicon) -> bool:
    if m.kind is None and effective_kind(lex, m) is not None:
        return compatible(effective_kind(lex, m), c.kind())
    if m.kind_strength < 3 or c.kind_strength() < 3:
        return True
    return compatible(m.kind, c.kind())


def _linked_apart(m: Mention, c: _Cluster, mentions: list[Mention]) -> bool:
    """A responder and what it answers are different events."""
    ids = {x.index for x in c.mentions}
    if ids & set(m.answers):
        return True
    return any(m.index in x.answers for x in c.mentions)


def _admin(lex: Lexicon, site: str | None) -> str | None:
    s = lex.reference.sites.get(site) if site else None
    return s.admin1 if s else None


def _assemble(a: Analysis, mentions: list[Mention], tz: str) -> list[_Cluster]:
    lex = a.lexicon
    clusters: list[_Cluster] = []
    usable = [m for m in mentions if not m.dropped]

    def place(m: Mention, pool: Iterable[_Cluster]) -> _Cluster | None:
        cands = [
            c
            for c in pool
            if _kind_ok(m, c, lex)
            and _date_ok(m, c, tz)
            and _side_ok(lex, m, c)
            and not _linked_apart(m, c, mentions)
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
        if m.site is None or m.weak_site or m.hedged or m.anaphoric:
            continue
        c = place(m, [c for c in clusters if c.site == m.site])
        if c is None and m.header:
            continue  # a list header: its items say where
        if c is None:
            c = _Cluster(site=m.site)
            clusters.append(c)
        c.mentions.append(m)
    # 2. weak places
    for m in usable:
        if m.site is None or not m.weak_site or m.hedged or m.anaphoric:
            continue
        same = [c for c in clusters if c.site == m.site]
        region = [
            c
            for c in clusters
            if not c.weak
            and c.site != m.site
            and m.geo_precision < 3
            and _admin(lex, c.site) == _admin(lex, m.site)
            and compatible(effective_kind(lex, m), c.kind())
        ]
        c = place(m, same) or place(m, region)
        if c is None and m.header:
            continue
        if c is None:
            c = _Cluster(site=m.site, weak=True)
            clusters.append(c)
        c.mentions.append(m)
    # 3. no place, hedged, back-references
    for m in usable:
        if m.site is not None and not (m.hedged or m.anaphoric):
            continue
        if any(m in c.mentions for c in clusters):
            continue
        pool = [
            c
            for c in clusters
            if (m.site is None or c.site == m.site) and not _linked_apart(m, c, mentions)
        ]
        c = _nearest(m, pool, lex, tz)
        if c is None and _concrete(m, lex):
            c = _Cluster(site=m.site)
            clusters.append(c)
        if c is not None:
            c.mentions.append(m)
    clusters.sort(key=lambda c: c.first)
    return clusters


def _concrete(m: Mention, lex: Lexicon) -> bool:
    """Whether a placeless mention says enough to be an event of its own."""
    if m.hedged or m.anaphoric or m.elsewhere:
        return False
    if m.role == "responder" and m.cue is not None and effective_kind(lex, m) is not None:
        return m.perpetrator is not None
    if m.kind is None or m.kind_strength < 3:
        return False
    figure = m.killed is not None or m.injured is not None
    named = m.perpetrator_how in ("claimed", "explicit") or bool(m.targets)
    answer = m.role == "responder" and m.cue is not None and m.perpetrator is not None
    return figure or named or answer or (m.date is not None and m.date_role == "event")


def _nearest(m: Mention, pool: list[_Cluster], lex: Lexicon, tz: str) -> _Cluster | None:
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
        if compatible(kind if m.kind_strength >= 1 or kind != m.kind else None, c.kind())
        and _date_ok(m, c, tz)
        and _side_ok(lex, m, c)
        and (m.context == all(x.context for x in c.mentions) or m.anaphoric)
    ]

    def near(c: _Cluster) -> bool:
        gap = min(abs(x.sentence - m.sentence) for x in c.mentions)
        same = m.kind is not None and c.kind() == m.kind and m.kind_strength >= 3
        return gap <= 4 or (gap <= 8 and same) or any(x.claimant == m.claimant for x in c.mentions)

    cands = [c for c in cands if near(c)]
    if m.anaphoric:

        def background(c: _Cluster) -> bool:
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

    def score(c: _Cluster) -> tuple[int, int, int]:
        same_claimant = any(x.claimant == m.claimant and x.claimant for x in c.mentions)
        same_count = any(x.munitions and x.munitions == m.munitions for x in c.mentions)
        dist = min(abs(x.start - m.start) + (0 if x.start <= m.start else 1) for x in c.mentions)
        return (int(same_claimant) + int(same_count), int(c.kind() == kind), -dist)

    return max(cands, key=score)


# -- the events --------------------------------------------------------------------------
def _own_date(c: _Cluster) -> tuple[DateRef, str, int | None] | None:
    dated = [m for m in c.mentions if m.date is not None]
    if not dated:
        return None
    dated.sort(
        key=lambda m: (
            ROLE_RANK.get(m.date_role, 3),
            PRECISION_RANK[m.date.precision] if m.date else 9,
            m.start,
        )
    )
    hour = next((m.hour for m in c.mentions if m.hour is not None), None)
    best = dated[0]
    assert best.date is not None
    return best.date, best.date_role, hour


def _anchor_day(meta: ReportMeta, tz: str, dated: list[tuple[_Cluster, DateRef]]) -> date:
    firm = [d for c, d in sorted(dated, key=lambda x: x[0].first) if d.basis != "recent"]
    if firm:
        return firm[0].first_day
    local = meta.published.astimezone(zone(tz))
    if meta.has_time and local.hour < 6:
        return local.date() - timedelta(days=1)
    return local.date()


def _links(
    clusters: list[_Cluster], lex: Lexicon, mentions: list[Mention]
) -> dict[int, tuple[int, str | None]]:
    """Stated links: cluster index -> (answered cluster index, cue as written)."""
    where = {id(m): i for i, c in enumerate(clusters) for m in c.mentions}
    out: dict[int, tuple[int, str | None]] = {}
    for i, c in enumerate(clusters):
        for m in c.mentions:
            if m.role != "responder" or i in out:
                continue
            answered = [where[id(mentions[j])] for j in m.answers if id(mentions[j]) in where]
            answered = [j for j in answered if j != i]
            if not answered:
                answered = _implicit_answer(i, m, clusters, lex, mentions, where)
            if answered:
                out[i] = (answered[0], m.cue)
    return out


def _implicit_answer(
    i: int,
    m: Mention,
    clusters: list[_Cluster],
    lex: Lexicon,
    mentions: list[Mention],
    where: dict[int, int],
) -> list[int]:
    """The event a cue with no stated object answers: a context example in the same
    sentence («… كما جرى يوم الجمعة»), else the latest earlier attack by the other side."""
    same = [
        where[id(x)]
        for x in mentions
        if x.sentence == m.sentence and x.context and id(x) in where and where[id(x)] != i
    ]
    if same:
        return same[:1]
    mine = _sides(lex, m.perpetrator) or _sides(lex, _perpetrator(clusters[i])[0])
    earlier = [
        j
        for j, c in enumerate(clusters)
        if j != i and c.first < m.start and not any(x is m for x in c.mentions)
    ]
    for j in reversed(earlier):
        theirs = _sides(lex, _perpetrator(clusters[j])[0])
        if mine is None or theirs is None or theirs != mine:
            return [j]
    return []


def _perpetrator(c: _Cluster) -> tuple[str | None, str]:
    rank = {"claimed": 0, "explicit": 1, "inferred": 2}
    named = [m for m in c.mentions if m.perpetrator]
    if not named:
        return None, ""
    votes = Counter(m.perpetrator for m in named)
    best = min(
        named,
        key=lambda m: (rank.get(m.perpetrator_how, 3), -votes[m.perpetrator], m.start),
    )
    return best.perpetrator, best.perpetrator_how


def _speaks_for(a: Analysis, claimant: str | None, actor: str | None) -> bool:
    """A command or government speaking of its own state's forces («القيادة المركزية:
    القوات الأمريكية ردّت …») claims their act."""
    actors = a.lexicon.reference.actors
    if claimant not in actors or actor not in actors:
        return False
    c, p = actors[claimant], actors[actor]
    return (
        c.type.value in ("command", "government")
        and p.type.value == "state_military"
        and c.side == p.side
        and c.side.value not in ("none", "unknown")
    )


def _claims(
    a: Analysis, c: _Cluster, outlet: str | None, perp: str | None, kind: Kind
) -> list[ExtractedClaim]:
    groups: dict[tuple[int, str | None], list[Mention]] = {}
    for m in c.mentions:
        groups.setdefault((m.sentence, m.claimant), []).append(m)
    out: list[ExtractedClaim] = []
    for (sentence, claimant), ms in sorted(groups.items(), key=lambda g: g[1][0].start):
        s = a.sentences[sentence]
        start, end = a.norm.span(s.start, s.end)
        killed = next((m.killed for m in ms if m.killed is not None), None)
        injured = next((m.injured for m in ms if m.injured is not None), None)
        munitions: dict[str, int] = {}
        for m in ms:
            for k, v in m.munitions.items():
                if k == "shells":
                    k = MUNITION_OF_KIND.get(kind, "rockets")
                munitions[k] = max(munitions.get(k, 0), v)
        hedged = all(m.hedged for m in ms)
        naming = next((m for m in ms if m.perpetrator), None)
        who = naming.perpetrator if naming else None
        responsibility: str | None = None
        if any(m.denies for m in ms) and claimant is not None:
            responsibility, who = "denied", claimant
        elif naming is not None:
            if (
                naming.perpetrator_how == "claimed"
                or claimant == who
                or _speaks_for(a, claimant, who)
            ):
                responsibility = "claimed"
            elif naming.hedged:
                responsibility = "suspected"
            else:
                responsibility = "attributed"
        out.append(
            ExtractedClaim(
                claimant=claimant,
                killed=killed,
                injured=injured,
                munitions=munitions,
                hedged=hedged,
                responsibility=responsibility,
                responsible=who if responsibility else None,
                quote=a.norm.original[start:end],
                start=start,
                end=end,
            )
        )
    return out


def _basis(c: _Cluster, perp: str | None, how: str, outlet: str | None) -> str | None:
    if perp is None:
        return None
    if how == "claimed":
        return "claimed"
    mine = [m for m in c.mentions if m.perpetrator == perp]
    if all(m.hedged for m in mine):
        return "suspected"
    if any(m.claimant not in (None, outlet) for m in mine):
        return "attributed"
    return "reported"


def _default_kind(lex: Lexicon, perp: str | None, targets: list[str]) -> Kind:
    """Kind of an attack no weapon word typed: a state's or the coalition's strike is an
    air strike; armed groups fighting on the ground (tribes, the SDF, IS) clash; other
    attacks, mostly on bases, are rockets (the commonest indirect fire there)."""
    if _air_power(lex, perp) or (perp is None and any(_sides(lex, t) == "axis" for t in targets)):
        return Kind.AIRSTRIKE
    actor = lex.reference.actors.get(perp) if perp else None
    if actor is not None and actor.side.value in ("tribal", "sdf", "isis"):
        return Kind.GROUND_CLASH
    return Kind.ROCKET_ATTACK


def _air_power(lex: Lexicon, actor_id: str | None) -> bool:
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


def extract_text(
    text: str, meta: ReportMeta, *, lexicon: Lexicon | None = None, tz: str = DEFAULT_TZ
) -> list[ExtractedEvent]:
    """Extract the events of one report text (see the module docstring)."""
    lex = lexicon or default_lexicon()
    local_pub = meta.published.astimezone(zone(tz)).date()
    a = analyse(text, local_pub, lex)
    outlet = outlet_actor(meta.outlet, lex.reference)
    mentions = find_mentions(a, voices(a, outlet), outlet)
    clusters = _assemble(a, mentions, tz)
    links = _links(clusters, lex, mentions)
    own = {i: got for i, c in enumerate(clusters) if (got := _own_date(c)) is not None}
    anchor = _anchor_day(meta, tz, [(clusters[i], got[0]) for i, got in own.items()])
    dates: dict[int, tuple[datetime, datetime, Precision, str]] = {}
    for i, (said, role, hour) in own.items():
        s, e, p = window(said, tz, hour)
        dates[i] = (s, e, p, "stated" if role != "sentence" else "sentence")
    for _ in range(2):  # undated ends of a stated link take the other end's day
        for i, (j, _cue) in links.items():
            for undated, dated in ((j, i), (i, j)):
                if undated not in dates and dated in dates:
                    day = dates[dated][0].astimezone(zone(tz)).date()
                    hour = next((m.hour for m in clusters[undated].mentions if m.hour), None)
                    ref = DateRef(0, 0, 0, 0, "", day, day, Precision.DAY, "relative")
                    s, e, p = window(ref, tz, hour)
                    dates[undated] = (s, e, p, "linked")
    events: list[ExtractedEvent] = []
    ids: dict[int, str] = {}
    for i, c in enumerate(clusters):
        if i not in dates:
            hour = next((m.hour for m in c.mentions if m.hour is not None), None)
            ref = DateRef(0, 0, 0, 0, "", anchor, anchor, Precision.DAY, "relative")
            s, e, p = window(ref, tz, hour)
            dates[i] = (s, e, p, "report")
        start, end, precision, basis = dates[i]
        perp, how = _perpetrator(c)
        targets = [t for t, _ in Counter(t for m in c.mentions for t in m.targets).most_common()]
        targets = [t for t in targets if t != perp]
        kind = c.kind() or _default_kind(lex, perp, targets)
        ev_id = _event_id(meta.file, start, c, kind, tz)
        ids[i] = ev_id
        claims = _claims(a, c, outlet, perp, kind)
        events.append(
            ExtractedEvent(
                id=ev_id,
                report=meta.file,
                kind=kind,
                site=c.site,
                site_name=lex.site_names.get(c.site) if c.site else None,
                geo_precision=min(m.geo_precision for m in c.mentions) if c.site else 3,
                perpetrator=perp,
                perpetrator_basis=_basis(c, perp, how, outlet),
                perpetrator_side=_side_of(lex, perp),
                targets=targets,
                target_side=_side_of(lex, targets[0] if targets else None),
                start=start,
                end=end,
                precision=precision,
                date_basis=basis,
                tz=tz,
                munitions=_event_munitions(claims, kind),
                claims=claims,
                responds_to=None,
                response_cue=None,
                background=False,
                evidence=_evidence(a, c),
            )
        )
    for i, (j, cue) in links.items():
        later, earlier = events[i], events[j]
        if later.end <= earlier.start:
            continue  # a response cannot precede what it answers
        later.responds_to, later.response_cue = ids[j], cue
    answered_by = {j: i for i, (j, _) in links.items()}
    for i, ev in enumerate(events):
        ev.background = _background(clusters[i], i, answered_by, clusters, dates[i][3])
    return events


def _side_of(lex: Lexicon, actor: str | None) -> str:
    if actor is None or actor not in lex.reference.actors:
        return "unknown"
    return lex.reference.actors[actor].side.value


def _event_munitions(claims: list[ExtractedClaim], kind: Kind) -> dict[str, int]:
    out: dict[str, int] = {}
    for hedged in (False, True):
        for c in claims:
            if c.hedged != hedged:
                continue
            for k, v in c.munitions.items():
                if hedged and k in out:
                    continue
                out[k] = max(out.get(k, 0), v)
    return dict(sorted(out.items()))


def _evidence(a: Analysis, c: _Cluster) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for m in sorted(c.mentions, key=lambda m: m.start):
        s, e = a.norm.span(m.start, m.end)
        if (s, e) not in seen:
            seen.add((s, e))
            out.append((a.norm.original[s:e], s, e))
    return out


def _background(
    c: _Cluster, i: int, answered_by: dict[int, int], clusters: list[_Cluster], basis: str
) -> bool:
    """Mentioned only as context: a «كما حدث» example, a week-dated «مؤخراً» item, or an
    answered attack told only in the sentences that tell its answer."""
    if all(m.context for m in c.mentions):
        return True
    if all(m.date is not None and m.date.basis == "recent" for m in c.mentions):
        return True
    if i in answered_by:
        resp = {m.sentence for m in clusters[answered_by[i]].mentions}
        figures = any(m.killed is not None or m.injured is not None for m in c.mentions)
        return not figures and all(m.sentence in resp or m.context for m in c.mentions)
    return False


def _event_id(report: str, start: datetime, c: _Cluster, kind: Kind, tz: str) -> str:
    day = start.astimezone(zone(tz)).date()
    digest = stable_id("x", report, c.first, kind.value, c.site)[-8:]
    return f"ev_{day:%Y_%m_%d}_{c.site or 'unlocated'}_{kind.value}_{digest}"


__all__ = ["ExtractedClaim", "ExtractedEvent", "extract_text", "window"]
