"""Who is speaking in each sentence, and what they say about responsibility.

The *claimant* of a sentence is the actor right after (or right before) a reporting word
(«قال», «أفادت», «وفق», «نقلاً عن», «في بيان»…): «أفادت مصادر مطلعة» -> local sources,
«قالت القيادة المركزية الأمريكية» -> CENTCOM, «نقلت الوكالة عن مصدر أمني» -> local sources
(the source relayed, not the relaying site). «المصادر», «البيان», «وأضاف» refer back to the
previous sentence's claimant; otherwise the outlet speaks. List items speak with their
header's voice.

A sentence in the first person («مجاهدونا استهدفوا», «مدفعيتنا قصفت», «دمرنا») or with a
claim verb («تبنت») makes the claimant the perpetrator, by claim.

>>> from tatgraph.extract.analysis import analyse, published_day
>>> a = analyse("قالت المقاومة الإسلامية في العراق: مجاهدونا استهدفوا قاعدة التنف.",
...             published_day())
>>> v = voices(a, outlet=None)[0]
>>> v.claimant, v.first_person
('islamic_resistance_iraq', True)
"""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import ActorHit, Analysis


@dataclass(frozen=True)
class Voice:
    """The speaker of one sentence and what the sentence says about responsibility."""

    claimant: str | None
    spans: tuple[tuple[int, int], ...] = ()
    first_person: bool = False
    claims: bool = False
    denies: bool = False
    explicit: bool = False
    at: int | None = None  # token of the reporting word that names the claimant
    later: bool = False  # named by a verb in a later coordinated clause ("…، ونفت X")
    announces: bool = False  # "أعلنت X استهداف …": X announces the attack


def _named(a: Analysis, first: int, last: int) -> list[ActorHit]:
    return [h for h in a.actors_in(first, last) if not h.nisba]


COMPLEMENTIZERS = frozenset(
    {"ان", "انه", "انها", "بان", "بانه", "بانها", "انهم", "انما", "اننا", "انني", "انهما"}
)
NEGATORS = frozenset({"عدم", "لم", "لا", "دون"})
# circumstantial participles continue the main speaker; nouns take the speaker before them
PARTICIPLES = frozenset({"قائلا", "قائله", "مضيفا", "مضيفه", "لافتا", "لافته", "متحدثا"})
NOUNS = frozenset({"بيان", "بيانا", "تصريح", "تغريده", "تقرير"})


ACCUSE = ("اتهم", "اتهمت", "تتهم", "يتهم", "اتهموا")


def _bare_word(a: Analysis, i: int) -> str:
    w = a.word(i)
    return w[1:] if w[:1] in ("و", "ف") and len(w) > 2 else w


def _speakers(a: Analysis, first: int, last: int) -> list[tuple[int, ActorHit | None, str]]:
    """Per reporting word: (its token, the actor it introduces, the back-reference word).

    The back-reference word (e.g. «المصادر») is '' when the speaker is named.
    """
    named = _named(a, first, last)
    out: list[tuple[int, ActorHit | None, str]] = []
    for h in named:  # "القيادة المركزية: دمرنا ..." (not a list: "قواعد لحزب الله: 3 في …")
        opens = h.first == first or a.clause_of[h.first - 1] != a.clause_of[h.first]
        if opens and h.last < len(a.tokens) and ":" in a.text[h.end : a.tokens[h.last].start]:
            out.append((h.last, h, ""))
    for r in a.cats_in(first, last, "trigger", "claim_verbs"):
        if r.category == "trigger" and r.value != "reporting":
            continue  # a claim verb names its speaker too: «وتبنّت المقاومة الإسلامية …»
        word = a.word(r.first)
        if word in PARTICIPLES or any(
            _bare_word(a, j) in NEGATORS for j in range(max(first, r.first - 3), r.first)
        ):
            continue
        if word in ("تابع", "تابعه") and a.word(r.last).startswith("ل"):
            continue  # "تابع للميليشيات": belonging to, not "he went on"
        stop = next(
            (j for j in range(r.last, min(last, r.last + 7)) if a.word(j) in COMPLEMENTIZERS),
            min(last, r.last + 7),
        )
        if word in NOUNS:  # "X في بيان", "بيان للمركز الإعلامي"
            stop = min(stop, r.last + 2)
        if r.category == "claim_verbs":
            stop = min(stop, r.last + 3)
        after = [h for h in named if r.last <= h.first < stop]
        relayed = [h for h in after if a.word(h.first - 1) == "عن" and h.first <= r.last + 4]
        back = [
            m
            for m in a.cats_in(r.last, min(stop, r.last + 3), "anaphoric")
            if not any(h.first <= m.first < h.last for h in named)
        ]
        accuser = [h for h in named if r.first - 3 <= h.last <= r.first]
        if accuser and _bare_word(a, r.first).endswith(ACCUSE):
            out.append((r.first, accuser[-1], ""))  # "واشنطن تتهم الفصائل": the accuser
        elif relayed:
            out.append((r.first, relayed[0], ""))  # "نقل X عن Y": Y is the source
        elif back and (not after or back[0].first < after[0].first):
            out.append((r.first, None, a.word(back[0].first)))
        elif after:
            out.append((r.first, after[0], ""))
        else:
            before = [h for h in named if r.first - 3 <= h.last <= r.first]
            if before:
                out.append((r.first, before[-1], ""))
    return sorted(out, key=lambda f: f[0])


PREPOSITIONAL = frozenset({"وفق", "وفقا", "بحسب", "حسب", "نقلا"})


def _coordinated(a: Analysis, at: int | None) -> bool:
    """Whether the reporting word at ``at`` opens a later coordinated clause («…، ونفت X»)."""
    if at is None:
        return False
    for m in a.at.get(at, ()):
        if m.category == "trigger" and m.value == "reporting":
            if a.word(at)[len(m.prefix) :] in PREPOSITIONAL:
                return False
            return m.prefix[:1] in ("و", "ف") or a.word(at - 1) in ("فيما", "بينما", "حين")
    return False


BACK_TYPES = {
    "المصادر": "anonymous_source",
    "المصدر": "anonymous_source",
    "الصحيفه": "media",
    "الموقع": "media",
    "القناه": "media",
    "الوكاله": "media",
    "الشبكه": "media",
    "المرصد": "ngo",
}


def _speaker(a: Analysis, first: int, last: int) -> tuple[ActorHit | None, str, int | None]:
    """The sentence's speaker, or (None, word) for a «المصادر»-style back-reference.

    The first reporting word with a speaker decides; in a first-person quote, the first
    one naming its speaker (a back-reference only if none does).
    """
    found = _speakers(a, first, last)
    if not found:
        return None, "", None
    if a.cats_in(first, last, "first_person"):
        named = [f for f in found if f[1] is not None]
        if named:
            return named[0][1], "", named[0][0]
    return found[0][1], found[0][2], found[0][0]


def voices(a: Analysis, outlet: str | None) -> list[Voice]:
    """One :class:`Voice` per sentence of the analysed report."""
    out: list[Voice] = []
    history: list[str] = []  # speakers named so far, latest last
    actors = a.lexicon.reference.actors

    def recall(word: str) -> str | None:
        want = BACK_TYPES.get(word)
        for actor in reversed(history):
            if want is None or (actor in actors and actors[actor].type.value == want):
                return actor
        return history[-1] if history else None

    for s in a.sentences:
        if s.header is not None:
            out.append(out[s.header])
            continue
        hit, back, at = _speaker(a, s.first, s.last)
        continuing = bool(a.cats_in(s.first, min(s.last, s.first + 2), "continuation"))
        claims = [
            m
            for m in a.cats_in(s.first, s.last, "claim_verbs")
            if not any(
                _bare_word(a, j) in NEGATORS for j in range(max(s.first, m.first - 4), m.first)
            )
        ]  # "لم تعلن أي جهة مسؤوليتها عن الهجوم": nobody claimed it
        flags = {
            "first_person": bool(a.cats_in(s.first, s.last, "first_person")),
            "claims": bool(claims),
            "denies": bool(a.cats_in(s.first, s.last, "deny_verbs")),
        }
        if hit is not None:
            voice = Voice(
                hit.actor,
                ((hit.first, hit.last),),
                explicit=True,
                at=at,
                later=_coordinated(a, at),
                announces=at is not None and bool(a.cats_in(at, at + 1, "announce")),
                **flags,
            )
        elif (back or continuing) and history:
            voice = Voice(recall(back), (), explicit=True, **flags)
        else:
            voice = Voice(outlet, (), **flags)
        out.append(voice)
        if voice.claimant is not None and voice.explicit:
            history.append(voice.claimant)
        for _, h, _ in _speakers(a, s.first, s.last):
            if h is not None and h.actor != voice.claimant:
                history.append(h.actor)
    return out
