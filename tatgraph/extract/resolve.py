"""Cross-report resolution: mentions of one incident in several reports become one Event.

Each report's extraction (:mod:`tatgraph.extract`) already merged that report's own
mentions. Here events of *different* reports merge when they are at the same site, of
compatible kinds (rockets/mortars/shelling, a drone and its interception, a jet or a
helicopter strike - :func:`tatgraph.extract.mentions.compatible`) and their time windows
overlap. Unlocated events never merge: nothing says they are the same incident.

Every report's figures stay a :class:`~tatgraph.model.Claim` of its own (one per claimant
and statement); the merged event's killed/injured low/best/high, munitions and
first_reported are recomputed from all of them with :meth:`Event.with_claims`. Stated
response links are carried over to the merged events.

>>> from datetime import UTC, datetime
>>> from tatgraph.extract import ReportMeta, extract_text
>>> from tatgraph.extract.reports import make_source
>>> meta_a = ReportMeta("a.txt", datetime(2022, 8, 26, tzinfo=UTC), outlet="Al-Akhbar")
>>> meta_b = ReportMeta("b.txt", datetime(2022, 8, 25, tzinfo=UTC), outlet="Reuters")
>>> text_a = "قالت مصادر محلية إن ثلاثة صواريخ سقطت على حقل كونيكو ليل الأربعاء."
>>> text_b = "أعلنت القيادة المركزية أن صواريخ سقطت في حقل كونيكو مساء الأربعاء دون إصابات."
>>> ds = resolve([ReportResult(make_source(meta_a, text_a), extract_text(text_a, meta_a)),
...               ReportResult(make_source(meta_b, text_b), extract_text(text_b, meta_b))])
>>> [(e.site, e.kind.value, e.munitions, e.injured_best) for e in ds.events]
[('conoco', 'rocket_attack', {'rockets': 3}, 0)]
>>> sorted(c.claimant or "-" for c in ds.claims)
['centcom', 'local_sources']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .. import __version__
from ..model import (
    Claim,
    Dataset,
    Event,
    Perpetrator,
    ResponseLink,
    Site,
    Source,
    lag_hours,
    stable_id,
)
from ..reference import Reference
from ..vocab import MUNITION_TYPES, Kind, PerpetratorBasis, Precision, Responsibility
from .extractor import ExtractedEvent
from .lexicon import default_lexicon
from .mentions import compatible

METHOD = f"tatgraph.extract {__version__}"
BASIS_RANK = {"claimed": 0, "attributed": 1, "reported": 2, "suspected": 3}
INFERRED_DATES = ("report", "linked")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""Date bases that come from the report's context, not from the event's own words."""


@dataclass
class ReportResult:
    """One report's source record and extracted events."""

    source: Source
    events: list[ExtractedEvent]


@dataclass
class _Group:
    members: list[tuple[Source, ExtractedEvent]] = field(default_factory=list)

    @property
    def site(self) -> str | None:
        return self.members[0][1].site

    def reports(self) -> set[str]:
        return {s.id for s, _ in self.members}


def _pad(ev: ExtractedEvent) -> timedelta:
    """How far a window may be off: a day when the date came only from the report."""
    return timedelta(days=1) if ev.date_basis in INFERRED_DATES else timedelta(0)


def same_incident(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """Whether two reports' events are one incident (site, kind, overlapping windows)."""
    if a.site is None or a.site != b.site or not compatible(a.kind, b.kind):
        return False
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return False  # an open date says nothing about being the same incident
    pad = max(_pad(a), _pad(b))
    return a.start - pad < b.end and b.start - pad < a.end


def _groups(results: Sequence[ReportResult]) -> list[_Group]:
    groups: list[_Group] = []
    pairs = [(r.source, ev) for r in results for ev in r.events]
    pairs.sort(key=lambda p: (p[1].start is None, p[1].start or EPOCH, p[0].id, p[1].id))
    for src, ev in pairs:
        home = next(
            (
                g
                for g in groups
                if src.id not in g.reports()
                and all(same_incident(ev, other) for _, other in g.members)
            ),
            None,
        )
        if home is None:
            home = _Group()
            groups.append(home)
        home.members.append((src, ev))
    return groups


def _window(members: list[tuple[Source, ExtractedEvent]]) -> ExtractedEvent:
    """The member whose own words date the event most precisely."""
    rank = {p: i for i, p in enumerate(Precision)}
    return min(
        (ev for _, ev in members),
        key=lambda ev: (ev.date_basis in INFERRED_DATES, rank[ev.precision], ev.start or EPOCH),
    )


def _kind(members: list[tuple[Source, ExtractedEvent]]) -> Kind:
    votes = Counter(ev.kind for _, ev in members)
    platform = {Kind.DRONE_ATTACK, Kind.AIRSTRIKE, Kind.HELICOPTER_STRIKE}
    return max(votes, key=lambda k: (votes[k], k in platform, k.value))


def _event_id(members: list[tuple[Source, ExtractedEvent]], kind: Kind, day: str) -> str:
    if len(members) == 1:
        return members[0][1].id
    site = members[0][1].site or "unlocated"
    digest = stable_id("x", *sorted(ev.id for _, ev in members))[-8:]
    return f"ev_{day}_{site}_{kind.value}_{digest}"


def _claims_of(event_id: str, src: Source, ev: ExtractedEvent, ref: Reference) -> list[Claim]:
    out: list[Claim] = []
    for c in ev.claims:
        claimant = c.claimant if c.claimant in ref.actors else None
        responsible = c.responsible if c.responsible in ref.actors else None
        responsibility = Responsibility(c.responsibility) if c.responsibility else None
        if responsible is None:
            responsibility = None
        munitions = {k: v for k, v in c.munitions.items() if k in MUNITION_TYPES}
        out.append(
            Claim(
                id=stable_id(
                    "clm", event_id, src.id, claimant, c.start, c.end, c.killed, c.injured
                ),
                event=event_id,
                source=src.id,
                claimant=claimant,
                killed=c.killed,
                injured=c.injured,
                munitions=munitions,
                responsibility=responsibility,
                responsible=responsible,
                hedged=c.hedged,
                quote=c.quote or None,
                quote_start=c.start if c.end > c.start else None,
                quote_end=c.end if c.end > c.start else None,
                note=None if claimant or not c.claimant else f"claimant {c.claimant!r}",
            )
        )
    return out


def _perpetrators(
    members: list[tuple[Source, ExtractedEvent]], ref: Reference
) -> tuple[Perpetrator, ...]:
    best: dict[str, str] = {}
    for _, ev in members:
        if ev.perpetrator and ev.perpetrator in ref.actors and ev.perpetrator_basis:
            old = best.get(ev.perpetrator)
            if old is None or BASIS_RANK[ev.perpetrator_basis] < BASIS_RANK[old]:
                best[ev.perpetrator] = ev.perpetrator_basis
    return tuple(Perpetrator(actor=a, basis=PerpetratorBasis(b)) for a, b in sorted(best.items()))


def _summary(kind: Kind, site_name: str | None, day: str, n: int) -> str:
    where = site_name or "an unnamed place"
    reports = "1 report" if n == 1 else f"{n} reports"
    return f"{kind.value.replace('_', ' ').capitalize()} at {where} on {day} ({reports}; extracted)"


def resolve(results: Sequence[ReportResult], *, reference: Reference | None = None) -> Dataset:
    """Merge the events of several reports into one :class:`~tatgraph.model.Dataset`.

    The dataset holds the sources, the merged events (figures derived from all claims),
    one claim per claimant statement per report, and the stated response links.
    """
    lexicon = default_lexicon()
    ref = reference or lexicon.reference
    places: dict[str, Site] = {}
    sources = {r.source.id: r.source for r in results}
    ds = Dataset(sources=list(sources.values()))
    merged_id: dict[tuple[str, str], str] = {}
    events: dict[str, Event] = {}
    for g in _groups(results):
        chosen = _window(g.members)
        kind = _kind(g.members)
        day = chosen.date_start.strftime("%Y_%m_%d") if chosen.date_start else "undated"
        ev_id = _event_id(g.members, kind, day)
        claims: list[Claim] = []
        for src, ev in g.members:
            merged_id[(src.id, ev.id)] = ev_id
            claims += _claims_of(ev_id, src, ev, ref)
        targets = tuple(
            dict.fromkeys(t for _, ev in g.members for t in ev.targets if t in ref.actors)
        )
        perps = _perpetrators(g.members, ref)
        targets = tuple(t for t in targets if t not in {p.actor for p in perps})
        site = g.site if g.site in ref.sites else None
        if site is None and g.site is not None:  # a town or governorate of the place table
            place = lexicon.site_record(g.site)
            if place is not None:
                site, places[place.id] = place.id, place
        event = Event(
            id=ev_id,
            kind=kind,
            start=chosen.start,
            end=chosen.end,
            precision=chosen.precision,
            tz=chosen.tz,
            summary=_summary(kind, chosen.site_name, day.replace("_", "-"), len(g.members)),
            site=site,
            geo_precision=min(ev.geo_precision for _, ev in g.members),
            perpetrators=perps,
            targets=targets,
            background=all(ev.background for _, ev in g.members),
        ).with_claims(claims, sources)
        events[ev_id] = event
        ds.events.append(event)
        ds.claims.extend(claims)
    seen: set[tuple[str, str]] = set()
    for r in results:
        for ev in r.events:
            if ev.responds_to is None:
                continue
            later = merged_id[(r.source.id, ev.id)]
            earlier = merged_id.get((r.source.id, ev.responds_to))
            if earlier is None or later == earlier or (later, earlier) in seen:
                continue
            a, b = events[later], events[earlier]
            if a.dated and b.dated and a.window()[1] <= b.window()[0]:
                continue
            seen.add((later, earlier))
            quote = ev.evidence[0] if ev.evidence else None
            ds.links.append(
                ResponseLink(
                    event=later,
                    responds_to=earlier,
                    basis="stated",
                    confidence=1.0,
                    lag_hours=lag_hours(a, b) if a.dated and b.dated else None,
                    cue=(ev.response_cue or "")[:200] or None,
                    method=METHOD,
                    source=r.source.id,
                    quote_start=quote[1] if quote else None,
                    quote_end=quote[2] if quote else None,
                )
            )
    ds.sites.extend(places.values())
    return ds
