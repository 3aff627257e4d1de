"""Who did it, said in a sentence of its own: claims, accusations and guesses.

Reports tell an attack, then in another sentence who took responsibility for it («وتبنّت
المقاومة الإسلامية العمليتين», «وتبنّت جماعة … الهجوم الأول»), whom a government blames
(«وحمّل الرئيس الجماعات … المسؤولية», «مؤكداً أن الكتائب تتحمل مسؤولية الهجوم على
قاعدة …») or whom sources suspect («يُرجّح أن مجموعات تابعة للحرس … هي من نفذت القصف»).
Such a sentence names an actor of the other camp than the attacked and refers to the
events it means by their place (when it names one that an event is at), else by a noun
that points back: a dual or plural («العمليتين», «الهجمات») means the events told before
it, «الأول» the first of them, a singular («الهجوم», «القصف») the latest. An event that
names no attacker takes that actor: `claimed` for a claim, `attributed` for an
accusation, `suspected` when hedged. Denials and negations («لم تعلن أي جهة مسؤوليتها»)
name nobody.
"""

from __future__ import annotations

from .analysis import Analysis
from .assemble import Cluster, camp_of
from .carry import Roles
from .places_of import LAUNCHED

CLAIM = ("claim_verbs",)
BLAME = ("attribution",)
POINTERS = frozenset({"الهجوم", "العمليه", "القصف", "التفجير", "الاستهداف", "الضربه"})
DUALS = frozenset({"العمليتين", "الهجومين", "الهجمتين", "الضربتين", "التفجيرين"})
WHICH = frozenset({"الاول", "الاولي", "الاخير", "الثاني"})
NEGATORS = frozenset({"لم", "لا", "ولم", "ولا", "دون", "بدون"})
BLAME_STEMS = ("نسب", "اتهم", "تتهم", "يتهم", "متهم", "مسؤول", "وراء", "نفذ")
GENERAL = frozenset({"الهجمات", "هجمات", "العمليات", "الاعتداءات", "الاستهدافات"})
NOT_PARTIES = frozenset({"media", "ngo", "anonymous_source"})
NO_CAMP = (None, "none", "unknown")
GROUPS = frozenset({"militia", "armed_group", "alliance"})


def _cue(a: Analysis, first: int, last: int) -> str | None:
    """The sentence's claim («تبنّت»), accusation («نسبته إلى», «حمّل … المسؤولية») or
    hedged origin («يُعتقد أنها انطلقت من مناطق تنتشر فيها …»), if neither negated nor
    habitual nor about attacks in general («لم تعلن أي جهة مسؤوليتها», «تتهم عادة»,
    «بالوقوف وراء تلك الهجمات»)."""
    if a.cats_in(first, last, "deny_verbs", "habitual"):
        return None
    if any(a.word(k) in GENERAL for k in range(first, last)):
        return None
    found: str | None = None
    for m in a.cats_in(first, last, *CLAIM, *BLAME):
        if any(a.word(k) in NEGATORS for k in range(max(first, m.first - 5), m.first)):
            continue  # «بينما لم تعلن أي جهة مسؤوليتها عن …»: that one is unclaimed
        said = " ".join(a.word(k) for k in range(m.first, m.last))
        later = (a.word(k) for k in range(m.last, min(last, m.last + 14)))
        weak = m.category in BLAME and not any(x in said for x in BLAME_STEMS)
        if weak and not any("مسؤوليه" in w for w in later):
            continue  # «حمل»: carried, unless «… المسؤولية» follows
        found = found or m.category
    hedged = bool(a.cats_in(first, last, "hedges")) and bool(a.cats_in(first, last, "held_by"))
    launched = any(a.word(k).lstrip("وف").startswith(LAUNCHED) for k in range(first, last))
    if found is None and hedged and launched:
        found = "hedged_origin"
    return found


def _camps_hit(a: Analysis, c: Cluster, r: Roles) -> set[str | None]:
    lex = a.lexicon
    hit = {camp_of(lex, t) for t in r.targets}
    if c.site is not None:
        hit.add(camp_of(lex, lex.site_hosts.get(c.site)))
    return hit - set(NO_CAMP)


def _events_meant(
    a: Analysis, first: int, last: int, clusters: list[Cluster], start: int
) -> list[int]:
    """The events a sentence of responsibility refers to (module docstring)."""
    sites = {h.site for h in a.sites_in(first, last)}
    named = [i for i, c in enumerate(clusters) if c.site is not None and c.site in sites]
    if named:
        return named
    words = {a.word(k) for k in range(first, last)}
    earlier = sorted(
        (i for i, c in enumerate(clusters) if c.first < start), key=lambda i: clusters[i].first
    )
    if not earlier:
        return []
    if words & DUALS:
        return earlier
    if words & POINTERS:
        return [earlier[0] if words & {"الاول", "الاولي"} else earlier[-1]]
    if any("مسؤوليه" in w for w in words) or "انطلقت" in " ".join(words):
        return [earlier[-1]]  # «وحمّل الرئيس الجماعات … المسؤولية»: the latest event
    return []


def _named_here(c: Cluster, r: Roles, sentence: int) -> bool:
    """The event's attacker comes only from this sentence."""
    naming = [m for m in c.mentions if m.perpetrator == r.perpetrator]
    return bool(naming) and all(m.sentence == sentence for m in naming)


def responsibility_statements(a: Analysis, clusters: list[Cluster], roles: list[Roles]) -> None:
    """Fill in, in place, the attacker of events a later sentence names (module docstring)."""
    lex = a.lexicon
    for s in a.sentences:
        kind = _cue(a, s.first, s.last)
        if kind is None:
            continue
        own = [i for i, c in enumerate(clusters) if any(m.sentence == s.index for m in c.mentions)]
        pointed = _events_meant(a, s.first, s.last, clusters, s.start)
        words = {a.word(k) for k in range(s.first, s.last)}
        if pointed and (not own or words & (DUALS | WHICH)):
            for i in own:  # «… الهجوم الأول»: not the event the sentence was joined to
                if i not in pointed and _named_here(clusters[i], roles[i], s.index):
                    roles[i].perpetrator, roles[i].how = None, ""
            own = []
        meant = [i for i in own or pointed if roles[i].perpetrator is None]
        hit = set().union(*(_camps_hit(a, clusters[i], roles[i]) for i in meant))
        actors = [
            h
            for h in a.actors_in(s.first, s.last)
            if not h.nisba
            and camp_of(lex, h.actor) not in (*NO_CAMP, *hit)
            and lex.reference.actors[h.actor].type.value not in NOT_PARTIES
        ]
        if not hit:  # nobody named as hit: only an armed group's claim or blame is read
            actors = [h for h in actors if lex.reference.actors[h.actor].type.value in GROUPS]
        if not meant or not actors:
            continue
        cues = [c for c in a.cats_in(s.first, s.last, *CLAIM, *BLAME) if c.category == kind]
        at = cues[0].first if cues else s.first
        actor = ([h for h in actors if h.first >= at] or actors[-1:])[0]
        hedged = kind == "hedged_origin" or bool(a.cats_in(s.first, actor.first, "hedges"))
        how = "suspected" if hedged else "claimed" if kind in CLAIM else "attributed"
        for i in meant:
            r = roles[i]
            r.perpetrator, r.how, r.basis = actor.actor, how, how
            r.targets = [t for t in r.targets if t != actor.actor]


__all__ = ["responsibility_statements"]
