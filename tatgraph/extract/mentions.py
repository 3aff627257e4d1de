"""Event mentions: what each segment of a sentence says about one attack.

Sentences are cut into segments by :mod:`.segments` (one attack each; response cues make
*answered* and *responder* segments). Each segment then yields one :class:`Mention` per
place it names (coordinated places — «حقلي كونيكو والعمر» — give one each), with its
kind, munition counts (:mod:`.figures`), casualty figures, perpetrator and target
(:mod:`.roles`), dates, and flags:

- *hedged* (رجّحت، يُعتقد، الأخبار الأولية): adds a hedged claim to an event, never makes one;
- *forecast*, *conditional*, *habitual*, *negated*: not an event at all;
- *anaphoric* («الهجوم», «هذا القصف» with nothing new): refers to an event already told.

>>> from tatgraph.extract.analysis import analyse, published_day
>>> from tatgraph.extract.claims import voices
>>> a = analyse("قصف مسلحون حقل العمر بسبعة صواريخ مساء الأربعاء.", published_day())
>>> [(m.site, m.kind.value, m.munitions, m.date.first_day.isoformat())
...  for m in find_mentions(a, voices(a, None))]
[('al_omar', 'rocket_attack', {'rockets': 7}, '2023-03-22')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..vocab import Kind
from .analysis import Analysis, SiteHit
from .claims import Voice
from .counting import number_at
from .dates import DateRef
from .figures import MUNITION_OF_KIND, casualties_of, munitions_of
from .kinds import compatible
from .matcher import Match, strip_article
from .places_of import countries_of, sites_of
from .roles import camp, is_verb, roles_of
from .segments import DEMONSTRATIVES, Segment, find_segments, quiet_clauses, quiet_weapons
from .sentences import Sentence

__all__ = ["MUNITION_OF_KIND", "Mention", "blast_sites", "camp", "compatible", "find_mentions"]


@dataclass
class Mention:
    """One segment at one place: what the report says about one attack there."""

    index: int
    segment: int
    sentence: int
    site: str | None
    weak_site: bool
    geo_precision: int
    kind: Kind | None
    kind_strength: int
    munitions: dict[str, int]
    killed: int | None
    injured: int | None
    perpetrator: str | None
    perpetrator_how: str  # claimed | explicit | inferred | ""
    targets: list[str]
    date: DateRef | None
    date_role: str  # event | report | sentence | ""
    hour: int | None
    claimant: str | None
    hedged: bool
    anaphoric: bool
    dropped: str  # why it is not an event ("" if it may be one)
    context: bool
    role: str
    cue: str | None
    start: int
    end: int
    coordinated: bool = False
    header: bool = False  # from a list header ("… على النحو الآتي:")
    answers: list[int] = field(default_factory=list)
    denies: bool = False  # the claimant denies having done it
    elsewhere: bool = False  # its sentence names a place outside the theatre (غزة، لبنان…)
    intercept: bool = False  # it tells the weapon shot down or intercepted
    impact: bool = False  # it tells the weapon hit, fell, exploded or hurt someone
    town: bool = False  # its place is a town of the place table (not the gazetteer)
    described: str | None = None  # its base was read from a description («قاعدة في كركوك»)
    convoy: bool = False  # the attack hit a convoy or supply trucks («استهدف رتلاً»)
    generic_air: bool = False  # an air strike by a word any aircraft fits («غارة»)
    directional: bool = False  # its place follows a region word («جنوب بغداد»)
    open_date: bool = False  # it says its date, which the report's metadata cannot resolve
    country: str | None = None  # no site, but said to be in this country («في سوريا»)
    told: bool = False  # a clause that tells it happened (a verb, a date or a figure)
    reason: bool = False  # given as the reason for the news («على خلفية …»)
    blast: bool = False  # only explosions are told («دوي انفجارات في …»): no event of its own
    locating: bool = False  # «الهجوم وقع في قاعدة التنف»: the place of an event told before
    hosted: bool = False  # its targets are the forces its site hosts, none being named
    cue_kind: str | None = None  # the class of its response cue (responses.yaml)
    other: bool = False  # «هجومين سابقين», «رتل آخر»: not the attack told beside it


# -- anchors and segments ----------------------------------------------------------------


def _kind(a: Analysis, seg: Segment, hushed: set[int]) -> tuple[Kind | None, int, list[Match]]:
    weapons = [
        w
        for w in a.cats_in(seg.first, seg.last, "weapon")
        if w.first in seg and w.first not in hushed
    ]
    if not weapons:
        return None, 0, []
    anchor = seg.anchors[0].first

    def rank(w: Match) -> tuple[int, int, int]:
        sense = a.lexicon.sense_of(w)
        strong_platform = int(sense.platform and sense.strength >= 3 and sense.kind is not None)
        return (strong_platform, sense.strength if sense.kind else 0, -abs(w.first - anchor))

    best = max(weapons, key=rank)
    sense = a.lexicon.sense_of(best)
    if sense.kind is None:
        typed = [w for w in weapons if a.lexicon.sense_of(w).kind is not None]
        if typed:
            other = max(typed, key=rank)
            return a.lexicon.sense_of(other).kind, a.lexicon.sense_of(other).strength, weapons
        return None, 1, weapons  # shells or fire of no stated type: the event decides
    return sense.kind, sense.strength, weapons


OTHER = ("سابق", "اخر", "اخري", "ثان")
"""After an attack word: another attack than the one told beside it («بعد هجومين سابقين»)."""

PLURAL_ATTACKS = frozenset({"هجمات", "ضربات", "اعتداءات", "غارات", "عمليات", "استهدافات"})
"""Plural attack nouns: indefinite, with no place, date or figure, they are a tally."""

MODAL = (
    "hedges",
    "forecasts",
    "conditionals",
    "habitual",
    "negators",
    "may",
    "context",
    "generic",
    "reasons",
    "anniversary",
)
REACH = {"negators": 3, "generic": 1, "habitual": 8}
"""How many tokens ahead a marker reaches (in its clause); others reach across clauses."""


def _modal_targets(a: Analysis, s: Sentence, anchors: list[Match]) -> dict[int, set[str]]:
    """Which anchors (by token) each modality marker of the sentence applies to.

    Negators, «أي», habitual and context markers reach the next attack word of their clause
    (habitual ones also the one just before: «… أكثر من مرة»); hedges, forecasts and
    conditionals govern what follows them in the sentence («يتوقع أن يتوازى التصعيد …
    مع زيادة الغارات على التنف»).
    """
    out: dict[int, set[str]] = {}
    weapons = a.cats_in(s.first, s.last, "weapon")
    for m in a.cats_in(s.first, s.last, *MODAL):
        if any(w.first <= m.first < w.last for w in weapons):
            continue  # "طائرة من دون طيار": part of a weapon's name
        flag = m.category
        if flag == "may":
            nxt = a.word(m.last)
            bare = nxt[1:] if nxt.startswith(("و", "ف")) else nxt
            if not (bare[:1] in "يتن" and not bare.endswith(("ت", "وا", "تا"))):
                continue  # "قد تعرضت": indeed, not maybe
            flag = "forecasts"
        if flag == "forecasts" and "توقع" in a.word(m.first):
            nxt = a.word(m.last + 1) if a.word(m.last) == "ان" else a.word(m.last)
            if nxt.startswith("ال") or nxt.startswith("ان"):
                flag = "hedges"  # "يتوقع أن الدوي ناتج عن …": a guess about the past
        c = a.clause_of[m.first]
        inside = [x for x in anchors if m.first <= x.first < m.last]
        if inside:  # "سلسلة هجمات": the marker contains the attack word
            out.setdefault(inside[0].first, set()).add(flag)
            continue
        if flag in REACH:
            fwd = [
                x
                for x in anchors
                if x.first >= m.last
                and a.clause_of[x.first] == c
                and x.first - m.last <= REACH[flag]
            ]
            if fwd:
                out.setdefault(fwd[0].first, set()).add(flag)
            elif flag == "habitual":
                back = [x for x in anchors if x.last <= m.first and a.clause_of[x.first] == c]
                if back and m.first - back[-1].last <= 6:
                    out.setdefault(back[-1].first, set()).add(flag)
            continue
        reach = 12 if flag == "hedges" else 14 if flag == "reasons" else 25
        for x in anchors:
            if m.last <= x.first <= m.last + reach and not (
                flag in ("forecasts", "conditionals") and _answered_between(a, m.last, x.first)
            ):  # "توعّدت بشن ضربات ردّاً على هجوم …": the attack answered did happen
                out.setdefault(x.first, set()).add(flag)
        if flag not in ("hedges", "context", "reasons", "anniversary"):
            back = [x for x in anchors if x.last <= m.first and a.clause_of[x.first] == c]
            if back and m.first - back[-1].last <= 3:
                out.setdefault(back[-1].first, set()).add(flag)
    return out


def _answered_between(a: Analysis, i: int, j: int) -> bool:
    return any(c.value == "answered_follows" for c in a.cats_in(i, j, "cue"))


def _cue_text(a: Analysis, cue: Match) -> str:
    """The cue as written, without the quotation marks news text puts around words."""
    text = a.norm.quote(cue.start, cue.end)
    return "".join(ch for ch in text if ch not in '«»“”"').strip()


def _dates_of(a: Analysis, seg: Segment) -> tuple[DateRef | None, str, int | None]:
    mine = [d for d in a.dates_in(seg.first, seg.last) if d.first in seg]
    hour = next((d.hour for d in mine if d.basis == "clock"), None)
    ranked: list[tuple[int, DateRef, str]] = []
    reporting = [t for t in a.cats_in(seg.first, seg.last, "trigger") if t.value == "reporting"]
    for d in mine:
        if d.basis == "clock" or d.future:
            continue
        near_anchor = min(abs(d.first - x.first) for x in seg.anchors)
        near_report = min((abs(d.first - r.first) for r in reporting), default=10**6)
        role = "report" if near_report < near_anchor else "event"
        ranked.append((0 if role == "event" else 1, d, role))
    if not ranked:
        return None, "", hour
    ranked.sort(key=lambda x: (x[0], x[1].precision != x[1].precision.PART_OF_DAY, x[1].first))
    return ranked[0][1], ranked[0][2], hour


def camp_of_actor(a: Analysis, actor: str | None) -> str | None:
    """The camp of an actor id (None when unknown)."""
    found = a.lexicon.reference.actors.get(actor) if actor else None
    return camp(found.side.value) if found else None


def find_mentions(a: Analysis, voices: list[Voice], outlet: str | None = None) -> list[Mention]:
    """Every mention of an attack in the analysed report, in text order.

    A sentence's voice covers the attacks told after its claimant is named; an attack in
    an earlier clause («سقط صاروخ …، ونفت كتائب حزب الله …») is the outlet's.
    """
    segs = find_segments(a)
    mentions: list[Mention] = []
    flags_by_sentence: dict[int, dict[int, set[str]]] = {}
    segs_of: dict[int, list[Segment]] = {}
    for g in segs:
        segs_of.setdefault(g.sentence, []).append(g)
    first_hit: dict[str, SiteHit] = {}
    for h in a.sites:
        first_hit.setdefault(h.site, h)
    for s in a.sentences:
        anchors = [x for g in segs_of.get(s.index, ()) for x in g.anchors]
        flags_by_sentence[s.index] = _modal_targets(a, s, anchors)
    seg_mentions: dict[int, list[int]] = {}
    headers = {s.header for s in a.sentences if s.header is not None}
    for k, seg in enumerate(segs):
        s = a.sentences[seg.sentence]
        voice = voices[seg.sentence]
        if (
            voice.at is not None
            and voice.at > seg.anchors[-1].last
            and a.clause_of[voice.at] != a.clause_of[seg.anchors[-1].first]
            and voice.later
        ):
            voice = Voice(outlet)  # "سقط صاروخ …، ونفت كتائب حزب الله …": the outlet's
        quiet = quiet_clauses(a, s) - {a.clause_of[x.first] for x in seg.anchors}
        hushed = quiet_weapons(a, s)
        sites = sites_of(a, seg, quiet)
        parent = segs[seg.parent] if seg.parent is not None else None
        kind, strength, weapons = _kind(a, seg, hushed)
        if parent is not None and seg.parent in seg_mentions:
            pm = mentions[seg_mentions[seg.parent][0]]
            if not sites:
                sites = [first_hit[pm.site]] if pm.site in first_hit else []
            if kind is None or strength < pm.kind_strength:
                kind, strength = pm.kind, pm.kind_strength
        prev = segs[k - 1] if k else None
        if (
            not sites
            and prev is not None
            and prev.sentence == seg.sentence
            and prev.role == seg.role != "answered"
            and seg_mentions.get(k - 1)
        ):
            pm = mentions[seg_mentions[k - 1][0]]
            if pm.site is not None and not pm.dropped:
                sites = sites_of(a, prev, quiet)
        hdr_segs = segs_of.get(s.header, []) if s.header is not None else []
        if s.header is not None and not sites:
            if hdr_segs:
                sites = sites_of(a, hdr_segs[-1], quiet)
            if kind is None and hdr_segs:
                kind, strength, _ = _kind(a, hdr_segs[-1], hushed)
        munitions = munitions_of(a, seg, weapons, kind)
        killed, injured = casualties_of(a, seg)
        perp, how, targets, hosted = roles_of(a, seg, sites, voice, weapons)
        if camp_of_actor(a, perp) == "us":  # "غارات أمريكية غرب العراق"
            sites = [h for h in sites if not h.presence]
        date, role, hour = _dates_of(a, seg)
        if date is None and s.header is not None and hdr_segs:
            date, role, _ = _dates_of(a, hdr_segs[-1])
        flags: set[str] = set()
        for x in seg.anchors:
            flags |= flags_by_sentence[seg.sentence].get(x.first, set())
        if s.header is not None:
            for g in hdr_segs:
                for x in g.anchors:
                    flags |= flags_by_sentence[s.header].get(x.first, set())
        dropped = ""
        tally = [x for g in hdr_segs for x in g.anchors] + [
            x
            for x in seg.anchors
            if x.first > s.first
            and x.category == "trigger"
            and not is_verb(a.word(x.first)[len(x.prefix) :])
            and not any(d.last >= x.first for d in a.dates_in(x.first - 12, x.first))
        ]  # "أكثر من 160 هجوماً"; not "بـ18 صاروخاً" (a salvo) nor "يناير 2024، نفذت"
        if any((number_at(a, x.first - 1, ending=True) or 0) >= 10 for x in tally):
            flags.add("habitual")  # "أكثر من 160 هجوماً" (and the items of such a list)
        if a.cats_in(s.first, s.last, "caption"):
            flags.add("caption")
        for flag, why in (
            ("caption", "caption"),
            ("anniversary", "anniversary"),
            ("generic", "generic"),
            ("forecasts", "forecast"),
            ("conditionals", "conditional"),
            ("habitual", "habitual"),
            ("negators", "negated"),
        ):
            if flag in flags:
                dropped = why
                break
        anchor_word = a.tokens[seg.anchors[0].first].text[len(seg.anchors[0].prefix) :]
        definite = (
            anchor_word.startswith("ال") or a.word(seg.anchors[0].first - 1) in DEMONSTRATIVES
        )
        back = (
            date is None
            and not munitions
            and strength < 3
            and definite
            and not seg.implicit
            and seg.role != "answered"
        )
        anaphoric = back and not sites
        locating = back and len(sites) == 1 and len(segs_of.get(seg.sentence, ())) == 1
        if (
            seg.role == "answered"
            and not sites
            and date is None
            and not munitions
            and kind is None
            and killed is None
            and injured is None
            and not definite
            and strip_article(anchor_word) in PLURAL_ATTACKS
        ):
            dropped = "aggregate"  # "رداً على هجمات ضد قواته": no one attack is answered
        said = [t for t in a.cats_in(seg.first, seg.last, "trigger") if t.first in seg]
        intercept = any(t.value == "intercept" for t in said)
        impact = (
            any(t.value in ("impact", "explosion") for t in said)
            or bool(killed)
            or bool(injured)
            or bool(a.cats_in(seg.first, seg.last, "damage"))
        )
        convoy = any(x.first in seg for x in a.cats_in(seg.first, seg.last, "convoy"))
        blast = (
            not weapons
            and not convoy
            and all(x.category == "trigger" and x.value == "explosion" for x in seg.anchors)
        )
        if blast and not dropped and a.cats_in(s.first, s.last, "drills"):
            dropped = "drill"  # "انفجارات ناتجة عن مناورات": no attack
        air = [a.lexicon.sense_of(w) for w in weapons]
        generic_air = kind is Kind.AIRSTRIKE and all(
            x.generic for x in air if x.kind is Kind.AIRSTRIKE and x.strength >= 3
        )
        lo = min(x for x, _ in seg.ranges)
        hi = max(y for _, y in seg.ranges)
        start, end = a.tokens[lo].start, a.tokens[hi - 1].end
        ids: list[int] = []
        lands = countries_of(a, seg, sites, quiet)
        told = (
            date is not None
            or killed is not None
            or injured is not None
            or any(is_verb(a.word(x.first)[len(x.prefix) :]) for x in seg.anchors)
            or any(t.value in ("launch", "passive") for t in said)
        )
        places: list[tuple[SiteHit | None, str | None]] = [(h, None) for h in sites]
        places += [(None, code) for code in lands]
        for hit, country in places or [(None, None)]:
            m = Mention(
                index=len(mentions),
                segment=k,
                sentence=seg.sentence,
                site=hit.site if hit else None,
                weak_site=bool(hit and hit.weak),
                geo_precision=hit.geo_precision if hit else 3,
                kind=kind,
                kind_strength=strength,
                munitions=dict(munitions) if len(places) <= 1 else {},
                killed=killed,
                injured=injured,
                perpetrator=perp,
                perpetrator_how=how,
                targets=targets,
                date=date,
                date_role=role,
                hour=hour,
                claimant=voice.claimant,
                hedged="hedges" in flags,
                anaphoric=anaphoric,
                dropped=dropped,
                context="context" in flags,
                role=seg.role,
                cue=_cue_text(a, seg.cue) if seg.cue else None,
                start=start,
                end=end,
                coordinated=len(places) > 1,
                header=seg.sentence in headers,
                denies=voice.denies,
                elsewhere=bool(a.cats_in(s.first, s.last, "elsewhere")),
                intercept=intercept,
                impact=impact,
                town=bool(hit and hit.town),
                described=hit.described if hit else None,
                convoy=convoy,
                generic_air=generic_air,
                directional=bool(hit and hit.directional),
                open_date=any(d.first in seg for d in a.unresolved if d.basis != "no_year"),
                country=country,
                told=told,
                reason="reasons" in flags,
                blast=blast,
                locating=locating,
                hosted=hosted,
                cue_kind=str(seg.cue.value) if seg.cue else None,
                other=any(
                    strip_article(a.word(j)).startswith(OTHER)
                    for x in seg.anchors
                    for j in range(x.last, x.last + 2)
                ),
            )
            ids.append(m.index)
            mentions.append(m)
        seg_mentions[k] = ids
    for k, seg in enumerate(segs):
        if seg.answers is not None and seg.answers in seg_mentions:
            answered = [mentions[i] for i in seg_mentions[seg.answers]]
            if answered and all(x.dropped not in ("", "generic") for x in answered):
                for i in seg_mentions[k]:  # "ردّنا على الاعتداء لن يتأخر": no link
                    mentions[i].role, mentions[i].cue = "plain", None
                continue
            for i in seg_mentions[k]:
                mentions[i].answers = list(seg_mentions[seg.answers])
    _same_sentence_dates(a, segs, seg_mentions, mentions)
    return mentions


def _same_sentence_dates(
    a: Analysis, segs: list[Segment], seg_mentions: dict[int, list[int]], mentions: list[Mention]
) -> None:
    """An undated segment takes the next (else previous) date of its sentence.

    Only from a segment reporting a compatible attack, and not across a response cue or
    from a context clause («كما جرى يوم الجمعة»): those are other events.
    """
    by_sentence: dict[int, list[int]] = {}
    for k, seg in enumerate(segs):
        by_sentence.setdefault(seg.sentence, []).append(k)
    for k, seg in enumerate(segs):
        ms = [mentions[i] for i in seg_mentions.get(k, [])]
        if not ms or any(m.date for m in ms) or seg.role == "answered":
            continue
        dated = [
            (j, mentions[seg_mentions[j][0]])
            for j in by_sentence[seg.sentence]
            if j != k
            and segs[j].role == seg.role
            and seg_mentions.get(j)
            and mentions[seg_mentions[j][0]].date is not None
            and mentions[seg_mentions[j][0]].date_role != "sentence"
            and not mentions[seg_mentions[j][0]].context
            and not mentions[seg_mentions[j][0]].dropped
            and compatible(mentions[seg_mentions[j][0]].kind, ms[0].kind)
        ]
        if not dated:
            continue
        later = [x for x in dated if x[0] > k]
        _, src = later[0] if later else dated[-1]
        for m in ms:
            m.date, m.date_role = src.date, "sentence"


BASE_BACK = frozenset({"القاعده", "المكان", "الموقع", "محيطها", "داخلها"})


def blast_sites(a: Analysis, usable: list[Mention]) -> None:
    """«دوّت انفجارات في حقل العمر. وقال المرصد إن صواريخ سقطت في محيط القاعدة»: a
    placeless attack that points back at «the base» right after explosions at a place
    happened there."""
    blasts = {m.sentence: m.site for m in usable if m.blast and m.site is not None}
    for m in usable:
        if m.site is not None or m.blast or not (m.kind or m.told):
            continue
        where = blasts.get(m.sentence) or blasts.get(m.sentence - 1)
        if where is None:
            continue
        words = set(a.text[m.start : m.end].split())
        if words & BASE_BACK:
            m.site = where
