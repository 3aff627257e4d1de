"""Where a segment's attack happened: its sites, and the countries said beyond them.

A segment's places are the sites named in its attack clauses (a precise one first, with
the sites coordinated with it; else a weak one), leaving out the base where the attacking
forces are stationed («القوات المتمركزة في حقل العمر قصفت الميادين») and, after a passive
«تعرّض», what precedes it. Countries («في سوريا») count only where no site is named or
where one is coordinated with a site of another country (:func:`countries_of`).
"""

from __future__ import annotations

from .analysis import ActorHit, Analysis, SiteHit
from .matcher import Match, strip_article
from .segments import Segment

SUBJECT_BLOCKERS = frozenset({"قرب", "علي", "ضد", "في", "الي", "من", "عند", "حول", "محيط"})


def _stationed_subject(a: Analysis, x: ActorHit, m: Match) -> bool:
    """The forces «stationed at X» are the subject (attacker), not the object of a
    preposition («انفجرت قرب القوات المتمركزة عند المطار»: the target)."""
    return x.last in (m.first, m.first - 1) and a.word(x.first - 1) not in SUBJECT_BLOCKERS


LAUNCHED = ("اطلق", "انطلق", "اطلاق")
FROM_HEADS = frozenset({"مدينه", "بلده", "قريه", "منطقه", "مناطق", "ناحيه", "قضاء", "محيط"})


def _after_from(a: Analysis, h: SiteHit) -> int | None:
    """Token of the «من» right before a place («من الميادين», «من مدينة الميادين»)."""
    j = h.first - 1
    if strip_article(a.word(j)) in FROM_HEADS:
        j -= 1
    if a.word(j) == "من" or (j == h.first - 1 and a.tokens[h.first].text.startswith("من")):
        return j
    return None


OWN_BASES = frozenset({"قاعدتها", "قاعدته", "قاعدتهم", "قواعدها", "قواعده", "مواقعها", "مقرها"})
TOWARDS = frozenset({"علي", "الي", "ضد", "نحو", "باتجاه", "صوب"})


def _not_the_scene(a: Analysis, h: SiteHit) -> bool:
    """Where the fire came from («أُطلقت القذائف من شاحنة قرب مدينة هيت», «قصفت بالمدفعية
    من قاعدتها في حقل العمر»), where a statement came from («إدانات من بغداد») or where
    its speaker is («قالت مصادر في شرطة القائم إن …»): not where the attack happened."""
    c = a.clause_of[h.first]
    j = _after_from(a, h)
    if j is None:  # «من» further back: «أُطلقت من شاحنة … قرب هيت», «من قاعدتها في …»
        back = [
            k
            for k in range(max(0, h.first - 8), h.first)
            if a.clause_of[k] == c and a.word(k) == "من"
        ]
        if back and not any(a.word(k) in TOWARDS for k in range(back[-1], h.first)):
            own = a.word(back[-1] + 1) in OWN_BASES and h.first - back[-1] <= 4
            j = back[-1] if own or _launched(a, back[-1], c) else None
            if own:
                return True
    if j is not None and (_launched(a, j, c) or _stated(a, j, c)):
        return True
    return speakers_place(a, h.first, h.last)


def _launched(a: Analysis, j: int, c: int) -> bool:
    for k in range(max(0, j - 6), j):
        w = a.word(k)
        if a.clause_of[k] == c and (w[1:] if w[:1] in "وف" else w).startswith(LAUNCHED):
            return True
    return False


def _stated(a: Analysis, j: int, c: int) -> bool:
    for k in range(max(0, j - 6), j):
        w = a.word(k)
        if a.clause_of[k] == c and (w[1:] if w[:1] in "وف" else w) in a.lexicon.statements:
            return True
    return False


def speakers_place(a: Analysis, first: int, last: int) -> bool:
    """«قالت مصادر في شرطة القائم إن الضربة …»: a place between a reporting word and the
    «إن» of what is said, with no attack word between, is where the speaker is."""
    said = [
        t
        for t in a.cats_in(max(0, first - 9), first, "trigger")
        if t.value == "reporting" and a.sentence_of[t.first] == a.sentence_of[first]
    ]
    if not said:
        return False
    words = [a.word(k) for k in range(last, min(len(a.words), last + 6))]
    if not any(w in ("ان", "بان") for w in words):
        return False
    between = a.cats_in(said[-1].last, first, "trigger", "weapon")
    return not [x for x in between if x.value != "reporting"]


def sites_of(a: Analysis, seg: Segment, quiet: set[int]) -> list[SiteHit]:
    """The places a segment's attack happened at (see the module docstring)."""
    hits = [
        h
        for h in a.sites_in(seg.first, seg.last)
        if h.first in seg and a.clause_of[h.first] not in quiet and not _not_the_scene(a, h)
    ]
    stationed = {
        h.first
        for h in hits
        for m in a.cats_in(max(0, h.first - 5), h.first, "stationed")
        if m.last in (h.first, h.first - 1)
        and any(_stationed_subject(a, x, m) for x in a.actors_in(max(0, m.first - 6), m.first))
    }
    if stationed and len(hits) > len(stationed):
        # "القوات الأمريكية المتمركزة في حقل العمر قصفت مواقع في الميادين": the forces'
        # base is where they are; the attack is at the other place
        hits = [h for h in hits if h.first not in stationed]
    passive = [t for t in a.cats_in(seg.first, seg.last, "trigger") if t.value == "passive"]
    if passive and passive[0].first < seg.anchors[0].first:
        after = [h for h in hits if h.first >= passive[0].first]
        hits = after or hits
    anchor_clauses = {a.clause_of[x.first] for x in seg.anchors}
    local = [h for h in hits if a.clause_of[h.first] in anchor_clauses]
    if local and all(h.weak for h in local):  # "في ريف دير الزور، تحديداً في حقل العمر"
        # a precise site right after a vague one of its governorate says which
        lex = a.lexicon
        finer = [
            h
            for h in hits
            if not h.weak
            and any(
                w.last <= h.first <= w.last + 8
                and (p := lex.place(h.site)) is not None
                and (q := lex.place(w.site)) is not None
                and p.admin1 == q.admin1
                for w in local
            )
        ]
        local = finer[:1] or local
    for pool in (local, hits):
        strong = [h for h in pool if not h.weak]
        if strong:
            chosen = [strong[0]]
            for h in pool:
                if h.first <= strong[0].first or not h.coordinated:
                    continue
                if h.site not in {c.site for c in chosen} and (
                    not h.weak or (_listed(a, strong[0]) and _other_province(a, h, chosen))
                ):  # «في محافظتي الأنبار وأربيل»: a weak place of another province too
                    chosen.append(h)
            return chosen
        weak = [h for h in pool if not h.region_only] or pool
        if weak:
            return _chain(pool, weak[0])
    return []


PLURAL_HEADS = frozenset({"محافظتي", "محافظات", "مدينتي", "مدن", "قضاءي", "بلدتي", "مناطق"})


def _listed(a: Analysis, h: SiteHit) -> bool:
    """A dual or plural place head just before: «في محافظتي الأنبار وأربيل»."""
    return any(a.word(k) in PLURAL_HEADS for k in range(max(0, h.first - 3), h.first))


def _other_province(a: Analysis, h: SiteHit, chosen: list[SiteHit]) -> bool:
    lex = a.lexicon
    p = lex.place(h.site)
    return p is not None and all(
        (q := lex.place(c.site)) is not None and q.admin1 != p.admin1 for c in chosen
    )


def _chain(pool: list[SiteHit], hit: SiteHit) -> list[SiteHit]:
    """The places coordinated with ``hit`` («محافظات بابل، والديوانية، وذي قار»)."""
    chains: list[list[SiteHit]] = []
    for h in pool:
        if h.coordinated and chains:
            chains[-1].append(h)
        else:
            chains.append([h])
    mine = next(c for c in chains if any(h is hit for h in c))
    return list({h.site: h for h in mine}.values())


def countries_of(a: Analysis, seg: Segment, sites: list[SiteHit], quiet: set[int]) -> list[str]:
    """Countries a segment's attack is said to be in, beyond its sites: all of them when it
    names no site («غارات في العراق وسوريا»), else those coordinated with a site of another
    country («في سوريا والأنبار», «اثنتان في الأنبار وواحدة في سوريا»)."""
    hits = [
        c
        for c in a.countries
        if c.first in seg
        and seg.first <= c.first
        and a.clause_of[c.first] not in quiet
        and not speakers_place(a, c.first, c.last)
    ]
    if not hits:
        return []
    if not sites:  # coordinated countries, else the one said after the attack word
        pairs = [
            c
            for c in hits
            if any(d is not c and abs(d.first - c.first) <= 4 and d.value != c.value for d in hits)
            and any(a.tokens[x.first].text.startswith("و") for x in hits)
        ]
        after = [c for c in hits if c.first > seg.anchors[0].first]
        chosen = pairs or after[:1] or hits[-1:]
        return list(dict.fromkeys(str(c.value) for c in chosen))
    lex = a.lexicon
    theirs = {p.country for h in sites if (p := lex.place(h.site)) is not None}
    out: list[str] = []
    for c in hits:
        if c.value in theirs:
            continue
        joined = any(
            (abs(c.first - h.last) <= 4 or abs(h.first - c.last) <= 4)
            and any(
                a.tokens[j].text.startswith("و")
                for j in range(max(0, min(c.first, h.first) - 2), max(c.first, h.first) + 1)
            )
            for h in sites
        )
        if joined:
            out.append(str(c.value))
    return list(dict.fromkeys(out))


__all__ = ["countries_of", "sites_of"]
