"""Figures: munition counts and casualty numbers, with their negations.

A count belongs to the munition noun right after it («بستة صواريخ», «4 قذائف»), a dual
is two («صاروخين», «قذيفتا هاون»), an indefinite singular one («بطائرة مسيرة»); «20 مرة»
counts times, not munitions. A casualty figure is the number next to a killed/injured
word («7 قتلى», «مقتل ثلاثة», «إصابة أكثر من 30»), a person noun after it is one
(«مقتل أميركي») or two («جنديين»); «بينهم …» breaks a figure down and adds none. A
negation before a casualty word is a zero («من دون وقوع إصابات»), unless it denies only
information («دون توفر معلومات عن الضحايا»). «إصابة» with no person or figure after it is
a *hit* («إصابة القاعدة إصابة مباشرة»), not an injury.

>>> from tatgraph.extract.analysis import analyse, published_day
>>> from tatgraph.extract.segments import find_segments
>>> a = analyse("سقطت صواريخ على الشدادي، من دون وقوع إصابات.", published_day())
>>> casualties_of(a, find_segments(a)[0])
(None, 0)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocab import Kind
from .analysis import Analysis, clause_end
from .counting import munition_count, number_at
from .matcher import Match

if TYPE_CHECKING:
    from .segments import Segment

MUNITION_OF_KIND = {
    Kind.ROCKET_ATTACK: "rockets",
    Kind.MORTAR_ATTACK: "mortar_rounds",
    Kind.ARTILLERY_SHELLING: "artillery_shells",
    Kind.MISSILE_STRIKE: "missiles",
}


def munitions_of(
    a: Analysis, seg: Segment, weapons: list[Match], kind: Kind | None
) -> dict[str, int]:
    out: dict[str, int] = {}
    for w in weapons:
        sense = a.lexicon.sense_of(w)
        if not sense.munition:
            continue
        n = munition_count(a, w)
        if n is None or n <= 0:
            continue
        key = sense.munition
        if key == "shells" and kind is not None:
            key = MUNITION_OF_KIND.get(kind, "shells")
        out[key] = max(out.get(key, 0), n)
    for d in a.cats_in(seg.first, seg.last, "destroy"):
        for v in a.cats_in(d.last, d.last + 4, "vehicle"):
            num = a.cat_ending(v.first, "number")
            if num is not None and isinstance(num.value, int):
                out["vehicles_destroyed"] = num.value
            break
    return out


def figure_near(a: Analysis, c: Match) -> int | None:
    """The figure of a casualty word: «7 قتلى», «مقتل ثلاثة», «إصابة أكثر من 30»,
    «مقتل أميركي» (one), «جنديين» (two), «4 عناصر … قتلوا»."""
    before = number_at(a, c.first - 1, ending=True)
    if before is not None:
        return before
    j = c.last
    approx = a.cat_at(j, "approx")
    if approx is not None:
        j = approx.last
    after = number_at(a, j)
    if after is not None:
        return after
    if c.value == "verb":  # "4 عناصر من الميليشيات قتلوا"
        for p in a.cats_in(max(0, c.first - 5), c.first, "people"):
            n = number_at(a, p.first - 1, ending=True)
            if n is not None:
                return n
    person = a.cat_at(c.last, "people")
    if person is not None:
        return {"sg": 1, "dual": 2}.get(str(person.value))
    word = a.word(c.first)
    if word.endswith(("ين", "ان")) and word.startswith(("قتيل", "جريح", "شهيد")):
        return 2
    return None


def casualties_of(a: Analysis, seg: Segment) -> tuple[int | None, int | None]:
    killed: int | None = None
    injured: int | None = None
    lo, hi = seg.first, seg.last
    hits = [c for c in a.cats_in(lo, hi, "killed", "injured") if c.first in seg]
    for c in hits:
        if a.cat_ending(c.first, "breakdown") or a.cat_ending(c.first - 1, "breakdown"):
            continue
        if c.category == "injured" and a.cats_in(c.last, c.last + 1, "hit_not_injury"):
            continue
        n = figure_near(a, c)
        if n is None:
            continue
        if c.category == "killed" and killed is None:
            killed = n
        elif c.category == "injured" and injured is None:
            injured = n
    for neg in a.cats_in(lo, hi, "cas_neg"):
        end = min(clause_end(a, neg.first, hi), neg.last + 7)
        blocked = a.cats_in(neg.last, end, "cas_blocker")
        said = a.cats_in(neg.last, end, "killed", "injured", "cas_both")
        if not said or (blocked and blocked[0].first < said[0].first):
            continue
        what = said[0].category
        if what in ("killed", "cas_both") and killed is None:
            killed = 0
        if what in ("injured", "cas_both") and injured is None:
            injured = 0
    limited = any(
        a.cats_in(v.last, min(hi, v.last + 4), "material_word")
        for v in a.cats_in(lo, hi, "limit_verb")
    )  # "اقتصرت الأضرار على الماديات"
    if limited or a.cats_in(lo, hi, "material_only"):
        killed = 0 if killed is None else killed
        injured = 0 if injured is None else injured
    return killed, injured
