"""Segments: the stretches of a sentence that each report one attack.

A sentence is cut around its *anchors* — attack words («استهدف», «قصف», «هجوم»,
«غارة»), explosions, launch words with a weapon, interceptions of a weapon, and weapons
that arrive or hit («سقطت صواريخ», «4 صواريخ» in a list). Anchors in one clause with no
place between them are one attack («قصف صاروخي استهدف …»). Response cues cut too: in
«قصفت القوات … رداً على هجوم …» the part from the cue is the *answered* attack and the
part before it the *responder*; «ردّت … بـ» makes what follows the responder. Weapons
right after an overflight or surveillance word, or in «مسيرة احتجاجية», are silenced.

>>> from tatgraph.extract.analysis import analyse, published_day
>>> a = analyse("قصفت الطائرات البوكمال رداً على هجوم استهدف قاعدة التنف.", published_day())
>>> [(a.text[a.tokens[g.first].start:a.tokens[g.last - 1].end], g.role) for g in find_segments(a)]
[('قصفت الطائرات البوكمال', 'responder'), ('ردا علي هجوم استهدف قاعده التنف', 'answered')]
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vocab import Kind
from .analysis import Analysis, clause_end, clause_first
from .counting import munition_count
from .matcher import Match, strip_article
from .sentences import Sentence

CONNECTORS = frozenset({"بعد", "عقب", "اثر", "في", "و", "ثم", "اعقاب", "قبل", "مع", "عبر"})
DEMONSTRATIVES = frozenset({"هذا", "هذه", "ذلك", "تلك", "هذان", "هاتان"})
SEQUENCE = frozenset({"بعد", "عقب", "اثر", "قبل", "بعدما", "بعيد", "غداه", "اعقاب"})
"""Between two attack words of a clause, these make them two events («الغارات أتت بعد
هجومين على …»)."""


@dataclass
class Segment:
    """Token ranges of one sentence that report one attack (or one answered attack)."""

    sentence: int
    ranges: list[tuple[int, int]]
    anchors: list[Match]
    role: str = "plain"  # plain | answered | responder
    cue: Match | None = None
    answers: int | None = None  # index of the answered segment (same report)
    implicit: bool = False  # a responder named only by its verb ("ردّت القوات على …")
    parent: int | None = None  # ellipsis: shares this segment's place and kind

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and any(a <= i < b for a, b in self.ranges)

    @property
    def first(self) -> int:
        return self.ranges[0][0]

    @property
    def last(self) -> int:
        return self.ranges[-1][1]


SELF_ANCHORING = frozenset({Kind.GROUND_CLASH, Kind.RAID, Kind.IED})
"""Kinds whose weapon word is itself the attack («اشتباكات», «إنزال», «عبوة ناسفة»)."""
LAUNCH_SITES = frozenset(
    {"مواقع", "منصات", "معدات", "نقاط", "منصه", "موقع", "نقطه", "تستخدم", "يستخدم", "المستخدمه"}
    | {"عربه", "عربات", "مركبه", "مركبات", "سياره", "سيارات", "شاحنه", "شاحنات", "اليات"}
)
LAUNCHERS = ("راجم", "منص")
"""Launchers («راجمة صواريخ», «منصة صواريخ») right after a strike word are its target."""
"""Words before «إطلاق» that make it a place or tool of launching, not an attack."""


def quiet_weapons(a: Analysis, s: Sentence) -> set[int]:
    """Weapons right after an overflight/surveillance word in a clause with no attack."""
    triggers = a.cats_in(s.first, s.last, "trigger")
    attack = {a.clause_of[t.first] for t in triggers if t.value in ("attack", "explosion")}
    out: set[int] = set()
    for w in a.cats_in(s.first, s.last, "weapon"):  # "مسيرة احتجاجية": a march
        if a.word(w.first).endswith(("مسيره", "مسيرات")) and a.cats_in(
            max(s.first, w.first - 2), w.last + 2, "march"
        ):
            out.add(w.first)
    for d in a.cats_in(s.first, s.last, "destroy"):  # "دمرت ثلاث راجمات صواريخ"
        out |= _launchers_after(a, d)
    for st in a.cats_in(s.first, s.last, "stores"):  # "مرافق لتخزين الصواريخ والمسيرات"
        out |= {
            w.first
            for w in a.cats_in(st.last, st.last + 4, "weapon")
            if a.clause_of[w.first] == a.clause_of[st.first]
        }
    for t in triggers:
        if "اطلاق" in a.word(t.first) and a.word(t.first - 1) in LAUNCH_SITES:
            out |= {w.first for w in a.cats_in(t.first, t.last + 2, "weapon")}
        if t.value in ("attack", "intercept"):  # "استهدفت الغارة راجمة صواريخ": the target
            out |= _launchers_after(a, t)
        if t.value != "not_attack" or a.clause_of[t.first] in attack:
            continue
        for w in a.cats_in(max(s.first, t.first - 4), t.last + 5, "weapon"):
            if a.clause_of[w.first] == a.clause_of[t.first]:
                out.add(w.first)
    return out


def _launchers_after(a: Analysis, t: Match) -> set[int]:
    return {
        w.first
        for w in a.cats_in(t.last, t.last + 3, "weapon")
        if strip_article(a.word(w.first)[len(w.prefix) :]).startswith(LAUNCHERS)
    }


def quiet_clauses(a: Analysis, s: Sentence) -> set[int]:
    """Clauses with an overflight/surveillance word and no attack word."""
    triggers = a.cats_in(s.first, s.last, "trigger")
    attack = {a.clause_of[t.first] for t in triggers if t.value in ("attack", "explosion")}
    return {a.clause_of[t.first] for t in triggers if t.value == "not_attack"} - attack


def _anchors(a: Analysis, s: Sentence) -> list[Match]:
    triggers = a.cats_in(s.first, s.last, "trigger")
    hushed = quiet_weapons(a, s)
    weapons = [w for w in a.cats_in(s.first, s.last, "weapon") if w.first not in hushed]
    attack_clauses = {a.clause_of[t.first] for t in triggers if t.value in ("attack", "explosion")}
    weapon_clauses = {a.clause_of[w.first] for w in weapons}
    out: list[Match] = []
    for t in triggers:
        c = a.clause_of[t.first]
        launching = "اطلاق" in a.word(t.first)
        if launching and a.word(t.first - 1) in LAUNCH_SITES:
            continue  # "مواقع إطلاق الصواريخ", "معدات تستخدم لإطلاق الصواريخ"
        if t.value in ("attack", "explosion"):
            out.append(t)
        elif t.value == "launch" and c in weapon_clauses:
            if t.prefix.endswith("ل"):
                continue
            out.append(t)
        elif t.value == "intercept":
            if any(t.last <= w.first <= t.last + 5 and a.clause_of[w.first] == c for w in weapons):
                out.append(t)
        elif t.value == "impact" and c in weapon_clauses and c not in attack_clauses:
            out.append(t)
    have = {a.clause_of[x.first] for x in out}
    for w in weapons:
        c = a.clause_of[w.first]
        if c in have or a.lexicon.sense_of(w).strength < 3:
            continue
        if any(abs(x.first - w.first) <= 6 for x in out if x.category == "trigger"):
            continue  # the weapon of an attack word nearby, not an attack of its own
        counted = munition_count(a, w) is not None and a.lexicon.sense_of(w).munition is not None
        harm = any(
            a.clause_of[x.first] == c for x in a.cats_in(s.first, s.last, "killed", "injured")
        )
        if s.is_item or counted or harm or a.lexicon.sense_of(w).kind in SELF_ANCHORING:
            out.append(w)
            have.add(c)
    out.sort(key=lambda m: m.first)
    return out


SPLITTING_CUES = ("answered_follows", "response_follows")


def _groups(a: Analysis, anchors: list[Match], cues: list[Match]) -> list[list[Match]]:
    cues = [c for c in cues if c.value in SPLITTING_CUES]
    groups: list[list[Match]] = []
    for x in anchors:
        if groups:
            prev = groups[-1][-1]
            same_clause = a.clause_of[prev.first] == a.clause_of[x.first]
            site_between = any(not h.weak for h in a.sites_in(prev.last, x.first))
            cue_between = any(prev.last <= c.first < x.first + 1 for c in cues)
            generic = bool(a.cats_in(max(prev.last, x.first - 2), x.first, "generic"))
            sequence = any(a.word(j) in SEQUENCE for j in range(prev.last, x.first))
            if same_clause and not (site_between or cue_between or generic or sequence):
                groups[-1].append(x)
                continue
        groups.append([x])
    return groups


def _segments_of(a: Analysis, s: Sentence, base: int) -> list[Segment]:
    anchors = _anchors(a, s)
    cues = a.cats_in(s.first, s.last, "cue")
    groups = _groups(a, anchors, cues)
    segs: list[Segment] = []
    starts: list[int] = []
    for k, g in enumerate(groups):
        if k == 0:
            start = s.first
        else:
            prev_end = groups[k - 1][-1].last
            start = max(prev_end, clause_first(a, g[0].first, s.first))
            if start == prev_end:  # same clause: cut right before this attack
                passive = [
                    t for t in a.cats_in(prev_end, g[0].first, "trigger") if t.value == "passive"
                ]
                seq = [j for j in range(prev_end, g[0].first) if a.word(j) in SEQUENCE]
                start = seq[0] if seq else passive[0].first if passive else g[0].first
                while start > prev_end and a.word(start - 1) in CONNECTORS:
                    start -= 1
            start = _lead_in(a, prev_end, start)
            between = [
                c for c in cues if prev_end <= c.first <= g[0].first and c.value in SPLITTING_CUES
            ]
            if between:
                start = between[0].first  # the cue opens the next segment
        starts.append(start)
    for k, g in enumerate(groups):
        end = starts[k + 1] if k + 1 < len(groups) else s.last
        segs.append(Segment(s.index, [(starts[k], end)], g))
    _apply_cues(a, s, segs, cues, base)
    return segs


def _lead_in(a: Analysis, prev_end: int, start: int) -> int:
    """Earlier clauses that introduce the next attack go with it.

    «كما جرى يوم الجمعة، عندما قصفت …»: a clause opening with a context marker or a
    date, between two attacks, belongs to the second.
    """
    i = prev_end
    while i < start:
        c_start = i if a.clause_of[i] != a.clause_of[i - 1] else None
        if c_start is not None:
            opening = range(c_start, min(start, c_start + 3))
            if any(m.first in opening for m in a.cats_in(c_start, start, "context")) or any(
                d.first in opening and d.basis != "clock" for d in a.dates_in(c_start, start)
            ):
                return c_start
        i += 1
    return start


def _verb_cue(a: Analysis, cue: Match) -> bool:
    return a.word(cue.first) in ("ردت", "رد", "ترد", "يرد", "ردوا", "ردتا")


def _object_of(a: Analysis, cue: Match, seg: Segment) -> bool:
    """Whether the segment's attack is what the cue answers: its attack word follows the
    cue in the cue's clause («رداً على الهجوم», «رداً على استهداف القاعدة»)."""
    x = seg.anchors[0].first
    return a.clause_of[x] == a.clause_of[cue.last - 1] and x - cue.last <= 4


def _apply_cues(
    a: Analysis, s: Sentence, segs: list[Segment], cues: list[Match], base: int
) -> None:
    for cue in cues:
        kind = str(cue.value)
        after = [k for k, g in enumerate(segs) if g.anchors[0].first >= cue.last]
        before = [k for k, g in enumerate(segs) if g.anchors[-1].last <= cue.first]
        if kind == "answered_follows" and a.word(cue.last) in DEMONSTRATIVES:
            kind = "response_follows"  # "رداً على ذلك، قصفت …"
        elif (
            kind == "response_follows"
            and after
            and any(
                a.word(j) == "علي"
                for j in range(cue.last, min(cue.last + 4, segs[after[0]].anchors[0].first))
            )
        ):
            kind = "answered_follows"  # "ردّت الفصائل على الغارة …"
        if (
            kind == "answered_follows"
            and after
            and not before
            and not _object_of(a, cue, segs[after[0]])
        ):
            # "ردّاً على مجازر …، هاجم مجاهدونا القاعدة": the cue answers something not told
            # as an attack; the attack after it is the answer
            seg = segs[after[0]]
            seg.role, seg.cue = "responder", cue
            continue
        if kind == "answered_follows":
            if not after:
                if before:
                    seg = segs[before[-1]]
                    seg.role, seg.cue = "responder", cue
                continue
            ans = segs[after[0]]
            if ans.role != "plain":
                continue
            ans.role, ans.cue = "answered", cue
            a0, b0 = ans.ranges[0]
            cut = clause_end(a, ans.anchors[-1].first, b0)
            rest = (cut, b0) if cut < b0 else None
            ans.ranges = [(max(a0, cue.first), cut)]
            if before:
                resp = segs[before[-1]]
                resp.role, resp.cue = "responder", cue
                resp.answers = base + after[0]
                if rest and not any(rest[0] <= x.first < rest[1] for x in ans.anchors):
                    resp.ranges.append(rest)
            elif len(after) > 1 and (
                segs[after[1]].anchors[0].prefix.endswith("ب") or cue.first <= s.first + 1
            ):
                # "ردّت الفصائل على الغارة باستهداف القاعدة": the "ب" attack answers;
                # "رداً على هجوم التاجي.. أمريكا تضرب …": a fronted cue, the next attack answers
                resp = segs[after[1]]
                resp.role, resp.cue, resp.answers = "responder", cue, base + after[0]
            elif _verb_cue(a, cue):
                ranges = [(s.first, cue.first)] if cue.first > s.first else []
                if rest:
                    ranges.append(rest)
                ranges = ranges or [(cue.first, cue.last)]
                resp = Segment(s.index, ranges, [cue], "responder", cue, base + after[0], True)
                segs.append(resp)
        elif kind == "response_follows":
            if after:
                seg = segs[after[0]]
                seg.role, seg.cue = "responder", cue
                seg.answers = base + before[-1] if before else None
        elif kind == "self_defence":
            inside = [k for k, g in enumerate(segs) if cue.first in g] or before
            if inside:
                seg = segs[inside[-1]]
                seg.role, seg.cue = "responder", cue


def _split_ellipsis(a: Analysis, segs: list[Segment], base: int) -> list[Segment]:
    """«… بصاروخين مساء الثلاثاء، وأربعة فجر الأربعاء»: a second dated salvo."""
    out: list[Segment] = []
    for seg in segs:
        out.append(seg)
        if seg.role == "answered" or len(seg.ranges) != 1:
            continue
        lo, hi = seg.ranges[0]
        dates = [d for d in a.dates_in(lo, hi) if d.basis != "clock"]
        for d in dates[1:]:
            start = clause_first(a, d.first, lo)
            if start <= seg.anchors[-1].first or start <= dates[0].first:
                continue
            has_count = any(
                a.lexicon.sense_of(w).munition and munition_count(a, w) is not None
                for w in a.cats_in(start, d.first, "weapon")
            )
            if not has_count or a.sites_in(start, hi):
                continue
            seg.ranges = [(lo, start)]
            new = Segment(seg.sentence, [(start, hi)], seg.anchors, seg.role, seg.cue, seg.answers)
            new.parent = base + len(out) - 1
            out.append(new)
            break
    return out


def find_segments(a: Analysis) -> list[Segment]:
    """All segments of the report, in text order (list items inherit their header)."""
    segs: list[Segment] = []
    of_sentence: dict[int, list[Segment]] = {}
    for s in a.sentences:
        mine = _segments_of(a, s, len(segs))
        if not mine and s.header is not None:
            hdr = of_sentence.get(s.header, [])
            if hdr:
                mine = [Segment(s.index, [(s.first, s.last)], hdr[-1].anchors)]
        done = _split_ellipsis(a, mine, len(segs))
        segs.extend(done)
        if done:
            of_sentence[s.index] = done
    return segs


# -- attributes --------------------------------------------------------------------------
