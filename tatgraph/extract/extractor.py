"""From one report's mentions to its events, claims, dates and stated response links.

Mentions are merged into events by :mod:`.assemble` (precise places first, then weak
places, then placeless, hedged and back-referring mentions).

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
from datetime import date, datetime, timedelta

from ..model import DEFAULT_TZ, zone
from ..vocab import Kind, Precision
from .analysis import Analysis, analyse
from .assemble import AIR_KINDS, Cluster, assemble, camp_of, window
from .between import Window, answered_before, dates_between
from .carry import Roles, carry_perpetrators
from .claims import voices
from .confidence import confidence_of
from .dates import DateRef
from .dating import Reference, open_note, reference_of
from .dedup import answers, merge_duplicates
from .eventkind import civil, kind_of, own_base
from .ids import event_id
from .lexicon import Lexicon, default_lexicon
from .mentions import MUNITION_OF_KIND, Mention, find_mentions
from .parts import split_parts
from .records import ExtractedClaim, ExtractedEvent
from .reports import ReportMeta, outlet_actor
from .responsibility import responsibility_statements

ROLE_RANK = {"event": 0, "sentence": 1, "report": 2}
INTERCEPTED_TYPES = frozenset({"drones", "rockets", "missiles", "mortar_rounds"})
PRECISION_RANK = {p: i for i, p in enumerate(Precision)}


# -- the events --------------------------------------------------------------------------
def _own_date(c: Cluster) -> tuple[DateRef, str, int | None] | None:
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


def _anchor_day(
    meta: ReportMeta, ref: Reference, tz: str, dated: list[tuple[Cluster, DateRef]]
) -> date | None:
    """The day an undated event takes: the report's first dated event's, else the
    reference day (the day before for reports published before 06:00 local time)."""
    firm = [d for c, d in sorted(dated, key=lambda x: x[0].first) if d.basis != "recent"]
    if firm:
        return firm[0].first_day
    if meta.published is not None:
        local = meta.published.astimezone(zone(tz))
        if meta.has_time and local.hour < 6:
            return local.date() - timedelta(days=1)
        return local.date()
    return ref.day


def _links(
    clusters: list[Cluster], lex: Lexicon, mentions: list[Mention]
) -> tuple[dict[int, tuple[int, str | None]], dict[int, int]]:
    """Stated links: cluster index -> (answered cluster index, cue as written); and those
    of kept vows (answer -> answered)."""
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
    vows = _vows_kept(clusters, lex, mentions, where, out)
    return out, vows


def _vows_kept(
    clusters: list[Cluster],
    lex: Lexicon,
    mentions: list[Mention],
    where: dict[int, int],
    out: dict[int, tuple[int, str | None]],
) -> dict[int, int]:
    """«وكانت الولايات المتحدة قد توعّدت بالانتقام رداً على الهجوم …» in a report of the
    strikes it made: the vow is kept by those strikes, which answer that attack."""
    kept: dict[int, int] = {}
    for m in mentions:
        if m.dropped != "forecast" or m.role != "responder" or not m.answers:
            continue
        answered = [where[id(mentions[j])] for j in m.answers if id(mentions[j]) in where]
        mine = camp_of(lex, m.perpetrator or m.claimant)
        if not answered or mine is None:
            continue
        for i, c in enumerate(clusters):
            theirs = camp_of(lex, _perpetrator(c)[0])
            if i not in out and i != answered[0] and theirs == mine and c.first < m.start:
                out[i] = (answered[0], m.cue)
                kept[i] = answered[0]
    return kept


def _implicit_answer(
    i: int,
    m: Mention,
    clusters: list[Cluster],
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
    mine = camp_of(lex, m.perpetrator) or camp_of(lex, _perpetrator(clusters[i])[0])
    earlier = [
        j
        for j, c in enumerate(clusters)
        if j != i and c.first < m.start and not any(x is m for x in c.mentions)
    ]
    for j in reversed(earlier):
        theirs = camp_of(lex, _perpetrator(clusters[j])[0])
        if mine is None or theirs is None or theirs != mine:
            return [j]
    return []


def _perpetrator(c: Cluster) -> tuple[str | None, str]:
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


def _roles(c: Cluster) -> Roles:
    perp, how = _perpetrator(c)
    named = Counter(t for m in c.mentions if not m.hosted for t in m.targets)
    hosted = Counter(t for m in c.mentions if m.hosted for t in m.targets)
    targets = [t for t, _ in named.most_common()] + [t for t, _ in hosted.most_common()]
    return Roles(perp, how, [t for t in dict.fromkeys(targets) if t != perp])


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
    a: Analysis, c: Cluster, outlet: str | None, perp: str | None, kind: Kind
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
                if m.intercept and k in INTERCEPTED_TYPES:
                    munitions["intercepted"] = max(munitions.get("intercepted", 0), v)
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
            elif naming.hedged or naming.perpetrator_how == "suspected":
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


def _basis(
    c: Cluster, perp: str | None, how: str, outlet: str | None, carried: bool = False
) -> str | None:
    if perp is None:
        return None
    if how == "claimed":
        return "claimed"
    if carried:
        return "suspected" if how == "suspected" else "reported"
    mine = [m for m in c.mentions if m.perpetrator == perp]
    if how == "suspected" or all(m.hedged for m in mine):
        return "suspected"
    if any(m.claimant not in (None, outlet) for m in mine):
        return "attributed"
    return "reported"


def extract_text(
    text: str, meta: ReportMeta, *, lexicon: Lexicon | None = None, tz: str = DEFAULT_TZ
) -> list[ExtractedEvent]:
    """Extract the events of one report text (see the module docstring).

    A report without a publication date is extracted too: its reference day comes from
    the text or its month (:mod:`.dating`), else only absolute dates resolve and the
    other events keep an open date (``date_start`` None, precision ``unknown``).
    """
    lex = lexicon or default_lexicon()
    ref = reference_of(text, meta, lexicon=lex, tz=tz)
    events: list[ExtractedEvent] = []
    for offset, part in split_parts(text):  # parts stay apart (see .parts): dedup per part
        found, apart = _extract_part(part, offset, meta, ref, lex, tz)
        events += merge_duplicates(found, lex, apart)
    return events


def _extract_part(
    text: str, offset: int, meta: ReportMeta, ref: Reference, lex: Lexicon, tz: str
) -> tuple[list[ExtractedEvent], set[frozenset[str]]]:
    a = analyse(text, ref.day, lex, year=ref.year, hour=ref.hour)
    outlet = outlet_actor(meta.outlet, lex.reference)
    mentions = find_mentions(a, voices(a, outlet), outlet)
    clusters = assemble(a, mentions, tz)
    links, vows = _links(clusters, lex, mentions)
    own = {i: got for i, c in enumerate(clusters) if (got := _own_date(c)) is not None}
    anchor = _anchor_day(meta, ref, tz, [(clusters[i], got[0]) for i, got in own.items()])
    dates: dict[int, Window] = {}
    for i, (said, role, hour) in own.items():
        s, e, p = window(said, tz, hour)
        dates[i] = (s, e, p, "stated" if role != "sentence" else "sentence")
    dates_between(a, clusters, links, dates, tz)
    events: list[ExtractedEvent] = []
    ids: dict[int, str] = {}
    notes: dict[int, str] = {}
    roles = [_roles(c) for c in clusters]
    carry_perpetrators(lex, clusters, roles)
    responsibility_statements(a, clusters, roles)
    for i, c in enumerate(clusters):
        if i not in dates:
            dates[i], note = _fallback_date(a, c, anchor, ref, tz)
            if note:
                notes[i] = note
    answered_before(vows, clusters, dates, tz)
    for i, c in enumerate(clusters):
        start, end, precision, basis = dates[i]
        perp, how, targets = roles[i].perpetrator, roles[i].how, roles[i].targets
        kind = kind_of(a, c, perp, targets)
        if kind in AIR_KINDS and own_base(lex, perp, c.site) and not civil(a, c):
            c.site = None  # the base is the earlier attack's, told beside the strike
        ids[i] = ev_id = event_id(meta.file, start, offset + c.first, c.site, kind, tz, ids)
        claims = _claims(a, c, outlet, perp, kind)
        where = lex.place(c.site) if c.site else None
        events.append(
            ExtractedEvent(
                id=ev_id,
                report=meta.file,
                kind=kind,
                site=c.site,
                site_name=where.name if where else None,
                geo_precision=_geo_precision(c, lex),
                perpetrator=perp,
                perpetrator_basis=roles[i].basis or _basis(c, perp, how, outlet, roles[i].carried),
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
                site_lat=where.lat if where else None,
                site_lon=where.lon if where else None,
                date_note=notes.get(i),
                site_note=_site_note(a, c),
                country=c.country,
            )
        )
    for i, (j, cue) in links.items():
        later, earlier = events[i], events[j]
        if later.end is not None and earlier.start is not None and later.end <= earlier.start:
            continue  # a response cannot precede what it answers
        if answers(events, ids[j], ids[i]):
            continue  # nor answer its own answer (a chain never closes on itself)
        later.responds_to, later.response_cue = ids[j], cue
    answered_by = {j: i for i, (j, _) in links.items()}
    for i, ev in enumerate(events):
        ev.background = _background(clusters[i], i, answered_by, clusters, dates[i][3])
        ev.confidence = confidence_of(ev, clusters[i])
        if offset:
            _shift(ev, offset)
    apart = {  # «بعد هجومين سابقين»: told apart from the attack beside it
        frozenset((ids[i], ids[j]))
        for i, c in enumerate(clusters)
        for j, d in enumerate(clusters)
        if i != j
        and any(m.other and any(x.sentence == m.sentence for x in d.mentions) for m in c.mentions)
    }
    return events, apart


def _fallback_date(
    a: Analysis, c: Cluster, anchor: date | None, ref: Reference, tz: str
) -> tuple[tuple[datetime | None, datetime | None, Precision, str], str | None]:
    """The window of an event no date is said of: the anchor day, the report's month, or
    an open date with a note naming what could not be resolved."""
    hour = next((m.hour for m in c.mentions if m.hour is not None), None)
    said = [d for d in a.unresolved if any(m.start <= d.start < m.end for m in c.mentions)]
    if said and ref.period is None:  # its own date was said but cannot be resolved
        phrases = [a.norm.quote(d.start, d.end) for d in said]
        return (None, None, Precision.UNKNOWN, "open"), open_note(ref, phrases)
    if anchor is not None:
        ref_day = DateRef(0, 0, 0, 0, "", anchor, anchor, Precision.DAY, "relative")
        s, e, p = window(ref_day, tz, hour)
        return (s, e, p, "report"), None
    if ref.period is not None:
        first, last = ref.period
        ref_month = DateRef(0, 0, 0, 0, "", first, last, Precision.MONTH, "explicit")
        s, e, _ = window(ref_month, tz)
        return (s, e, Precision.MONTH, "report"), ref.note
    sentences = {m.sentence for m in c.mentions}
    phrases = [
        a.norm.quote(d.start, d.end) for d in a.unresolved if a.sentence_of[d.first] in sentences
    ]
    return (None, None, Precision.UNKNOWN, "open"), open_note(ref, phrases)


def _shift(ev: ExtractedEvent, offset: int) -> None:
    """Offsets of a part's event made offsets into the whole text."""
    for c in ev.claims:
        c.start, c.end = c.start + offset, c.end + offset
    ev.evidence = [(q, s + offset, e + offset) for q, s, e in ev.evidence]


def _geo_precision(c: Cluster, lex: Lexicon) -> int:
    """The most precise place said of the event (3 when it has none)."""
    if c.site is None:
        return 3
    return min(m.geo_precision for m in c.mentions if m.site == c.site)


def _site_note(a: Analysis, c: Cluster) -> str | None:
    """Says so when the site was read from a description rather than a name."""
    for m in c.mentions:
        if m.site == c.site and m.described:
            return f"«{m.described}» read as the one known base there"
    return None


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


def _evidence(a: Analysis, c: Cluster) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for m in sorted(c.mentions, key=lambda m: m.start):
        s, e = a.norm.span(m.start, m.end)
        if (s, e) not in seen:
            seen.add((s, e))
            out.append((a.norm.original[s:e], s, e))
    return out


def _background(
    c: Cluster, i: int, answered_by: dict[int, int], clusters: list[Cluster], basis: str
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


__all__ = ["ExtractedClaim", "ExtractedEvent", "extract_text", "window"]
