"""Counting: the number a token gives, and the munition count of a weapon noun.

Shared by the segmenter (a counted weapon is an anchor) and the figures of a mention.
"""

from __future__ import annotations

from .analysis import Analysis
from .matcher import Match, is_number

MAX_FIGURE = 100_000
"""Larger "figures" are years, phone numbers or typos, not casualties or munitions."""


def number_at(a: Analysis, i: int, *, ending: bool = False) -> int | None:
    """The number starting (or ending) at token ``i``: digits or a number word."""
    if 0 <= i < len(a.tokens) and is_number(a.tokens[i].text):
        value = int(a.tokens[i].text)
        return value if value <= MAX_FIGURE else None
    n = a.cat_ending(i + 1, "number") if ending else a.cat_at(i, "number")
    if n is not None and isinstance(n.value, int):
        return n.value
    return None


def munition_count(a: Analysis, w: Match) -> int | None:
    """Munition count of a weapon noun: a number before it, a dual, or one for «بطائرة»."""
    sense = a.lexicon.sense_of(w)
    if sense.number == "dual":
        return 2
    if a.cat_ending(w.first, "vague") is not None:
        return None
    before = a.cat_ending(w.first, "number")
    if before is not None and isinstance(before.value, int):
        return before.value
    if w.first > 0 and is_number(a.tokens[w.first - 1].text):
        value = int(a.tokens[w.first - 1].text)
        return value if value <= MAX_FIGURE else None
    nxt = a.cat_at(w.last, "number")
    if sense.number == "sg":
        if nxt is not None and nxt.value == 1:
            return 1
        word = a.tokens[w.first].text[len(w.prefix) :]
        if not word.startswith("ال") and not w.suffixed:
            return 1
    return None
