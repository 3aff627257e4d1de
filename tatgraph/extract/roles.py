"""Who attacked whom: perpetrator (and how we know) and targets of a segment's attack.

In order: a claim (the speaker in the first person «مجاهدونا استهدفوا», a claim verb
«تبنّت», or a party announcing an attack on the other camp «أعلنت المقاومة … استهداف»);
a named attacker («من قبل», «نفذها», «… تقف وراء», a nisba right after the attack word
«الاعتداء الأميركي», an attacking platform «الطائرات الأميركية»); targets marked as such
(«على», «مواقع», «نقاط»…, or subjected «تعرّض X لـ»); the defender of an interception;
then the site's host (forces at a US base are its targets, another camp its attackers)
and word order. Media, monitors and anonymous sources are never parties; a denier is not
the attacker.

>>> camp("sdf"), camp("russia"), camp("isis")
('us', 'axis', 'isis')
"""

from __future__ import annotations

from ..vocab import Kind
from .analysis import ActorHit, Analysis, SiteHit
from .claims import Voice
from .matcher import Match, strip_article
from .segments import Segment

TARGET_MARKERS = frozenset(
    {"علي", "ضد", "مواقع", "نقاط", "مقرات", "مقر", "قواعد", "صفوف", "تجمعات", "ثكنات"}
    | {"دوريه", "عناصر", "جنود", "نقطه", "موقع", "قافله", "رتل", "مخازن", "مستودعات"}
    | {"ارتال", "قوافل", "شاحنات", "رتلا", "ارتالا", "قواعد"}
)
AGENT_AFTER = frozenset({"تقف", "يقف", "مسؤوله", "مسؤول", "المسؤوله", "المسؤول", "مسؤولون"})
"""Words right after an actor that make it the attacker («… تقف وراء الهجوم»)."""

DENIED_AFTER = frozenset({"لا", "لم", "لن", "ليس", "ليست", "غير"})
"""Right after an actor, these deny its part («داعش لا تملك القدرة على …»)."""

SPEAKER_TYPES = frozenset({"media", "ngo", "anonymous_source"})
CAMPS = {
    "iran_aligned": "axis",
    "syrian_government": "axis",
    "russia": "axis",
    "us_coalition": "us",
    "sdf": "us",
}


def camp(side: str) -> str:
    """Which camp a side fights in (allies share a camp): 'axis', 'us' or the side itself."""
    return CAMPS.get(side, side)


def is_verb(word: str) -> bool:
    if word.startswith("ال") or word.endswith("ات"):
        return False  # "الغارة", "غارات": nouns
    return word.endswith(("ت", "وا", "تا")) or (word[:1] in "يت" and len(word) >= 5)


def passive_in(a: Analysis, seg: Segment) -> bool:
    """Whether the segment says something was subjected to the attack («تعرّض … لـ»)."""
    return any(t.value == "passive" for t in a.cats_in(seg.first, seg.last, "trigger"))


def _claims_own_act(a: Analysis, seg: Segment) -> bool:
    """A first-person subject or verb right at the attack («مجاهدونا استهدفوا», «دمرنا»)."""
    for fp in a.cats_in(seg.first, seg.last, "first_person"):
        if fp.prefix not in ("", "و", "ف"):
            continue  # "لقواتنا": ours as the target, not the attacker
        if any(x.first - 3 <= fp.first <= x.last for x in seg.anchors):
            return True
    return False


def _agent_after(a: Analysis, h: ActorHit) -> bool:
    """«X تقف وراء الهجوم», «X مسؤولة عن الهجوم» (in X's clause)."""
    for j in (h.last, h.last + 1):
        if j >= len(a.tokens) or a.clause_of[j] != a.clause_of[h.first]:
            return False
        w = a.word(j)
        if w in AGENT_AFTER and (
            not w.endswith(("مسؤول", "مسؤوله", "مسؤولون")) or a.word(j + 1) == "عن"
        ):
            return True
    return False


OWNED = frozenset({"تابعه", "تابع", "التابعه", "التابع", "تابعا", "تابعين"})


def belongs_to_platform(a: Analysis, h: ActorHit) -> bool:
    """«طائرات يرجح أنها تابعة للتحالف»: the aircraft's owner is the attacker."""
    if not any(a.word(j) in OWNED for j in range(max(0, h.first - 2), h.first)):
        return False
    return any(
        a.lexicon.sense_of(w).platform and not _hit_between(a, w.last, h.first)
        for w in a.cats_in(max(0, h.first - 8), h.first, "weapon")
        if a.clause_of[w.first] == a.clause_of[h.first]
    )


def _after_platform(a: Analysis, h: ActorHit, weapons: list[Match]) -> bool:
    """«المقاتلات من طراز إف 16 الأمريكية»: a nisba shortly after a war plane or helicopter is
    its owner (after a drone it is often where it was made: «مسيرة إيرانية»)."""
    return any(
        a.lexicon.sense_of(w).platform
        and a.lexicon.sense_of(w).kind in (Kind.AIRSTRIKE, Kind.HELICOPTER_STRIKE)
        and w.last <= h.first <= w.last + 4
        and a.clause_of[w.first] == a.clause_of[h.first]
        and not a.actors_in(w.last, h.first)
        for w in weapons
    )


def _hit_between(a: Analysis, i: int, j: int) -> bool:
    """A thing hit between the platform and the owner («الغارات استهدفت مخازن تابعة لـ X»):
    X owns what was hit, not the aircraft."""
    for k in range(i, j):
        w = a.word(k)
        for base in (w, w[1:] if w[:1] in "وف" else w):
            if base in TARGET_MARKERS or (base.endswith("ا") and base[:-1] in TARGET_MARKERS):
                return True
    return False


def _held_by(a: Analysis, seg: Segment, host_camps: set[str]) -> str | None:
    """The holders of the area the fire came from («من مناطق تسيطر عليها X», «من الميادين
    التي تتمركز فيها X»), in the segment's sentence, when not the site's own camp. Of the
    regime's forces and the Iran-aligned groups holding one area, the groups are the ones
    that fire on US bases."""
    s = a.sentences[a.sentence_of[seg.first]]
    actors = a.lexicon.reference.actors
    found: list[str] = []
    for m in a.cats_in(s.first, s.last, "held_by"):
        for h in a.actors_in(m.last, min(s.last, m.last + 8)):
            actor = actors.get(h.actor)
            if actor is None or actor.type.value in SPEAKER_TYPES or actor.side.value == "none":
                continue
            if camp(actor.side.value) not in host_camps:
                found.append(h.actor)
    aligned = [x for x in found if actors[x].side.value == "iran_aligned"]
    chosen = aligned or found
    return chosen[0] if chosen else None


def _habitual_before(a: Analysis, h: ActorHit) -> bool:
    """«واشنطن تتهم غالباً الفصائل»: a habitual accusation names nobody for this attack."""
    c = a.clause_of[h.first]
    return any(
        a.clause_of[m.first] == c for m in a.cats_in(max(0, h.first - 4), h.first, "habitual")
    )


USING = ("تستخدم", "يستخدم", "المستخدمه", "مستخدمه", "استخدمتها", "استخدمها")


def used_by(a: Analysis, h: ActorHit) -> bool:
    """«مواقع تستخدمها كتائب حزب الله», «منشأة تُستخدم من قبل الحرس الثوري»: the user of
    the place hit is a target, not the attacker («من قبل» here names the user)."""
    for j in range(max(0, h.first - 4), h.first):
        w = a.word(j)
        if w.startswith(USING) and a.clause_of[j] == a.clause_of[h.first]:
            return True
    return False


def _party(a: Analysis, actor: str | None) -> bool:
    found = a.lexicon.reference.actors.get(actor) if actor else None
    return (
        found is not None
        and found.side.value not in ("none", "unknown")
        and found.type.value not in SPEAKER_TYPES
    )


SOLDIERS = frozenset({"جندي", "جنديين", "جنديان", "جنود", "عسكري", "عسكريين", "عسكريان"})
"""Soldiers of a state that is no party («جنديين عراقيين»), not fighters of a group."""
PERFECT_VERBS = frozenset({"هاجم", "قصف", "استهدف", "ضرب", "شن", "نفذ", "اطلق"})
"""Attack verbs in the third person masculine, which :func:`is_verb` does not tell."""
SELF = frozenset({"انه", "انها", "انهم", "بانه", "بانها", "بانهم"})
OWN_FORCES = frozenset({"قواته", "قواتها", "قواتهم", "دفاعاته", "دفاعاتها", "دفاعاتهم"})
MARTYRED = ("ارتقي", "ارتقوا", "استشهد", "استشهاد", "شهيد", "شهداء", "اغتيال", "اغتالت")
MASDARS = frozenset({"قصف", "غاره", "غارات", "ضربه", "ضربات"})


def _speaker_did_it(a: Analysis, seg: Segment) -> bool:
    """«قال التحالف إنه أطلق ست قذائف»: the speaker is the subject of the attack verb."""
    x = seg.anchors[0]
    word = a.word(x.first)[len(x.prefix) :]
    verb = x.category == "trigger" and (
        x.value == "launch" or is_verb(word) or word in PERFECT_VERBS
    )
    return a.word(x.first - 1) in SELF and verb


def _own_defence(a: Analysis, seg: Segment) -> bool:
    """«أن قواته أسقطت طائرة مسيرة»: the speaker's own forces defended."""
    return any(
        a.word(j) in OWN_FORCES
        for x in seg.anchors
        if x.value == "intercept"
        for j in range(max(seg.first, x.first - 3), x.first)
    )


def _martyred_by(a: Analysis, h: ActorHit, seg: Segment) -> bool:
    """«استشهد القائد بقصف الجيش الأمريكي»: with a martyr's death told, the state after
    a strike noun is the one that struck (not the one struck)."""
    if not any(strip_article(a.word(h.first - 1)).endswith(w) for w in MASDARS):
        return False
    if a.lexicon.reference.actors[h.actor].type.value not in ("state_military", "command"):
        return False
    s = a.sentences[a.sentence_of[h.first]]
    return any(
        a.word(j)[1:].startswith(MARTYRED) or a.word(j).startswith(MARTYRED)
        for j in range(s.first, s.last)
    )


def _passive_reading(a: Analysis, anchor: Match) -> bool:
    """«قوات أمريكية استُهدفت بطائرات مسيرة»: an attack verb followed straight by «بـ» and a
    weapon has no object, so it is passive (the short vowels that would say so are not
    written) and its subject is what was hit."""
    nxt = anchor.last
    w = a.cat_at(nxt, "weapon")
    return w is not None and w.prefix.endswith("ب")


def _people_before(a: Analysis, h: ActorHit) -> bool:
    """Right after a word for people or the killed and injured («جنود», «مقتل عنصرين»)."""
    return any(
        m.last == h.first and a.clause_of[m.first] == a.clause_of[h.first]
        for m in a.cats_in(max(0, h.first - 3), h.first, "killed", "injured", "people")
    )


def _marked_target(a: Analysis, h: ActorHit) -> bool:
    """Marked as the one hit: «على X», «مواقع X», «مقتل عنصرين من X», «جنود X», and the
    owner of what was hit: «رتلاً للتحالف», «مقراً لكتائب حزب الله» (لِـ + the article);
    and what is coordinated with one («نقاط الجيش العراقي والحشد الشعبي»)."""
    if a.tokens[h.first].text.startswith("و"):
        prev = [x for x in a.actors_in(max(0, h.first - 4), h.first) if x.last == h.first]
        if prev and _marked_target(a, prev[0]):
            return True
    if a.tokens[h.first].text.startswith(("لل", "ولل", "فلل")) and not belongs_to_platform(a, h):
        return True
    for m in a.cats_in(max(0, h.first - 4), h.first, "killed", "injured", "people"):
        if h.first - m.last <= 2 and a.clause_of[m.first] == a.clause_of[h.first]:
            return True
    for j in range(max(0, h.first - 2), h.first):
        w = a.word(j)
        if w in TARGET_MARKERS or (w.endswith("ا") and w[:-1] in TARGET_MARKERS):
            return True
    if a.word(h.first - 1) in OWNED and not belongs_to_platform(a, h):
        # "رتل شاحنات تحمل معدات تابعة لقوات التحالف": the owner of what was hit
        return _hit_between(a, max(0, h.first - 7), h.first - 1)
    return False


def roles_of(
    a: Analysis,
    seg: Segment,
    sites: list[SiteHit],
    voice: Voice,
    weapons: list[Match],
) -> tuple[str | None, str, list[str], bool]:
    """Perpetrator (and how we know), targets of a segment's attack, and whether the targets
    are only the forces the site hosts (none named)."""
    actors_ref = a.lexicon.reference.actors
    pool: list[ActorHit] = [
        h
        for h in a.actors_in(seg.first, seg.last)
        if h.first in seg
        and not any(x <= h.first < y for x, y in voice.spans)
        and h.actor in actors_ref
        and actors_ref[h.actor].type.value not in SPEAKER_TYPES
        and not _habitual_before(a, h)
        and a.word(h.last) not in DENIED_AFTER
    ]
    anchor_ends = {x.last for x in seg.anchors} | {w.last for w in weapons}
    anchor_clauses = {a.clause_of[x.first] for x in seg.anchors}
    perp: str | None = None
    how = ""
    targets: list[str] = []
    c = voice.claimant
    intercepting = any(x.value == "intercept" for x in seg.anchors)
    claimed = (
        not voice.denies
        and not intercepting  # "أسقطنا مسيرتين": the speaker defended, it did not attack
        and (voice.claims or _claims_own_act(a, seg))
    )
    if claimed and c in actors_ref and actors_ref[c].side.value != "none":
        perp, how = c, "claimed"
    if perp is None and not intercepting and _speaker_did_it(a, seg) and _party(a, c):
        perp, how = c, "claimed"  # "قال التحالف إنه أطلق قذائف"
    if voice.denies:
        pool = [h for h in pool if h.actor != c]
    if (
        perp is None
        and voice.announces
        and not intercepting
        and not voice.denies
        and seg.role != "answered"
        and c in actors_ref
    ):
        mine = camp(actors_ref[c].side.value)
        hosts_here = {a.lexicon.site_hosts.get(s.site) for s in sites} - {None}
        hit = {camp(actors_ref[t].side.value) for t in hosts_here if t in actors_ref}
        if mine not in ("none", "unknown") and mine not in hit and not passive_in(a, seg):
            perp, how = c, "claimed"  # "أعلنت المقاومة الإسلامية استهداف قاعدة عين الأسد"
    passive = [t for t in a.cats_in(seg.first, seg.last, "trigger") if t.value == "passive"]
    first_anchor = seg.anchors[0].first
    defending = {a.clause_of[x.first] for x in seg.anchors if x.value == "intercept"}
    rest: list[ActorHit] = []
    if intercepting and _party(a, c) and _own_defence(a, seg):
        targets.append(str(c))  # "أعلن الجيش الأمريكي أن قواته أسقطت مسيرة": its forces
    for h in pool:
        if h.nisba and a.word(h.last) in ("الصنع", "صنع"):
            continue  # "مسيرة إيرانية الصنع": where it was made, not who flew it
        if actors_ref[h.actor].side.value == "none":
            soldiers = h.nisba and strip_article(a.word(h.first - 1)) in SOLDIERS
            if soldiers or (not h.nisba and _marked_target(a, h)):
                targets.append(h.actor)  # "إصابة جنديين عراقيين", "مواقع للجيش العراقي"
            continue
        if perp is None and _martyred_by(a, h, seg):
            perp, how = h.actor, "explicit"  # "استشهد بقصف الجيش الأمريكي"
            continue
        if used_by(a, h):
            targets.append(h.actor)
            continue
        if a.clause_of[h.first] in defending:
            targets.append(h.actor)  # "اعترضت الدفاعات الأمريكية صاروخاً": the defender
            continue
        if h.nisba and _people_before(a, h):
            targets.append(h.actor)  # "مقتل جنديين إسرائيليين": whose soldiers were hit
            continue
        if h.nisba:
            if perp is None and (h.first in anchor_ends or _after_platform(a, h, weapons)):
                perp, how = h.actor, "explicit"
            continue
        marker = any(
            m.last <= h.first for m in a.cats_in(max(0, h.first - 3), h.first, "attribution")
        ) or _agent_after(a, h)
        platform = (
            h.actor in a.lexicon.platform_actors
            and a.clause_of[h.first] in anchor_clauses
            and any(w.first < h.last and h.first < w.last for w in weapons)
        ) or belongs_to_platform(a, h)
        if (marker or platform) and perp is None:
            perp, how = h.actor, "explicit"
            if belongs_to_platform(a, h) and a.cats_in(max(0, h.first - 6), h.first, "hedges"):
                how = "suspected"  # "طائرات يعتقد أنها تابعة للتحالف"
        elif _marked_target(a, h) or any(p.last <= h.first < first_anchor for p in passive):
            targets.append(h.actor)
        elif a.clause_of[h.first] in anchor_clauses:
            rest.append(h)
    hosts = {a.lexicon.site_hosts[s.site] for s in sites if s.site in a.lexicon.site_hosts}
    host_camps = {camp(actors_ref[x].side.value) for x in hosts if x in actors_ref}
    verb = is_verb(a.word(first_anchor)[len(seg.anchors[0].prefix) :])
    undergone = verb and _passive_reading(a, seg.anchors[0])
    weapon_subject = verb and any(first_anchor - 2 <= w.last <= first_anchor for w in weapons)
    for h in rest:
        if h.actor == perp or h.actor in targets:
            continue
        if undergone and h.first < first_anchor:
            targets.append(h.actor)  # "قوات أمريكية استُهدفت بطائرات مسيرة": the target
            continue
        if weapon_subject and h.first > first_anchor:
            targets.append(h.actor)  # "مسيرتان هاجمتا قوات أمريكية": the weapon's object
            continue
        side = camp(actors_ref[h.actor].side.value)
        if host_camps:
            if side in host_camps:
                targets.append(h.actor)
            elif perp is None:
                perp, how = h.actor, "inferred"
            continue
        marked_after = any(x.first > h.first for x in pool if x.actor in targets and not x.nisba)
        if perp is None and (h.first < first_anchor or verb or marked_after):
            perp, how = h.actor, "inferred"  # "قصف الطائرات الأمريكية مقرات الفصائل"
        else:
            targets.append(h.actor)
    if perp is None or how == "inferred":
        held = _held_by(a, seg, host_camps)
        if held is not None:
            perp, how = held, "suspected"  # "أُطلقت من مناطق تسيطر عليها الميليشيات"
    hosted = not targets
    if hosted:  # the forces of the base hit (not by a civilian airport's name)
        targets = sorted(
            {a.lexicon.site_hosts[s.site] for s in sites if s.site in a.lexicon.site_hosts}
            - {a.lexicon.site_hosts.get(s.site) for s in sites if s.civil}
        )
    targets = [t for t in dict.fromkeys(targets) if t != perp]
    return perp, how, targets, hosted
