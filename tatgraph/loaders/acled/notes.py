"""The fast path's reading of the notes column: kind rules, summaries and response cues.

Notes differ from row to row, so they cannot be decided once per distinct value as the other
cells are (:mod:`.columnar`). Here they are read for many rows at once, each step exactly as
the row path reads one row:

- **kind rules** (:mod:`.kinds`): each keyword group a rule asks about is found with one
  RE2 search over the lower-cased notes (at word starts, as :class:`~.kinds.Keywords` finds
  it), and the rule is asked once per distinct pattern of findings
  (:class:`~.kinds.RankFacts`). Notes holding a character that Python and Arrow might
  lower-case differently (:func:`cased`) are left to the row path's own rule;
- **summaries**: the notes themselves where :func:`.row.summary` would keep them as they are;
  the others through it;
- **response cues** (:mod:`.cues`): only notes holding a stem of the lexicon are read, once
  per distinct text; the days are placed per row.

>>> import pyarrow as pa
>>> from .kinds import default_rules
>>> rules = default_rules()
>>> notes = pa.array(["Militias fired mortars, then rockets.", "Rockets hit the base."])
>>> [k.value for k in rule_kinds(rules, keyword_patterns(rules), "shelling", "sub_event_type",
...                                "Shelling/artillery/missile attack", notes, np.zeros(2, int))]
['mortar_attack', 'rocket_attack']
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import OutOfScope
from ...vocab import Kind
from .arrays import combine, encode
from .cues import Cue, Lexicon, fixed_day, place_cues, read_cues
from .kinds import RULE_FACTS, RULES, KindRules, RankFacts
from .row import summary

UNCASED = (
    (0x00A0, 0x00BF),
    (0x00D7, 0x00D7),
    (0x00DF, 0x00FF),
    (0x0600, 0x06FF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
)
"""Where the non-ASCII characters of English notes come from (punctuation, symbols, the
lower-case letters of Latin-1, Arabic); those of them that both Python and Arrow leave as
they are when lower-casing are read by the vectorised rules (see :func:`cased`). Kept to a
few runs of code points: a short character class is a fast pattern."""

ODD_SPACE = (
    "[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|  |^ | $"
)
"""Text whose whitespace Python's ``str.split`` folds (every ``str.isspace`` character but
the plain space; two spaces; a space at either end)."""


@cache
def cased() -> str:
    """An RE2 pattern matching any character outside ASCII and the uncased characters of
    :data:`UNCASED`: notes holding one are lower-cased by Python, row by row, for the kind
    rules (Python and Arrow may lower-case them differently)."""
    chars = [chr(c) for a, b in UNCASED for c in range(a, b + 1)]
    arrow = pc.utf8_lower(pa.array(chars)).to_pylist()
    same = [ord(c) for c, low in zip(chars, arrow, strict=True) if c.lower() == c == low]
    ranges: list[list[int]] = []
    for code in same:  # runs of code points: a short class is a fast pattern
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    allowed = "".join(f"\\x{{{a:04x}}}-\\x{{{b:04x}}}" for a, b in ranges)
    return f"[^\\x00-\\x7f{allowed}]"


def re2_literal(word: str) -> str:
    """``word`` as an RE2 pattern matching it literally."""
    return "".join(c if c.isalnum() else "\\" + c for c in word)


def keyword_patterns(rules: KindRules) -> dict[str, str] | None:
    """Each keyword group of ``rules`` as an RE2 alternation, or None when a word is not
    plain ASCII beginning and ending with a letter or digit (RE2 could then match where the
    row path's pattern does not: those tables take the row path's rules)."""
    out = {}
    for group, words in rules.words.groups.items():
        if not all(w.isascii() and w[:1].isalnum() and w[-1:].isalnum() for w in words):
            return None
        out[group] = "(?:" + "|".join(map(re2_literal, words)) + ")"
    return out


def rule_kinds(
    rules: KindRules,
    patterns: dict[str, str],
    rule: str,
    field: str,
    value: str,
    notes: Any,
    inter1: Any,
) -> list[Kind | OutOfScope]:
    """The kind (or the reason to skip) that ``rule`` gives each of ``notes`` (none holding a
    :func:`cased` character); ``inter1`` is each row's inter code (0 when none)."""
    groups, pairs = RULE_FACTS[rule]
    n = len(notes)
    low = pc.binary_join_element_wise(" ", pc.utf8_lower(notes), "")  # a word start at 0 too
    absent = np.iinfo(np.int64).max
    found = np.full((n, len(groups)), absent, dtype=np.int64)
    for j, group in enumerate(groups):
        at = np.asarray(pc.find_substring_regex(low, "[^a-z0-9]" + patterns[group]), np.int64)
        found[:, j] = np.where(at >= 0, at, absent)
    order = np.sort(found, axis=1)
    distinct = np.ones_like(order, dtype=bool)
    distinct[:, 1:] = order[:, 1:] != order[:, :-1]
    distinct &= order != absent
    ranks = np.full_like(found, -1)
    for j in range(len(groups)):  # how many distinct earlier positions: 0 = the first
        earlier = (distinct & (order < found[:, [j]])).sum(axis=1)
        ranks[:, j] = np.where(found[:, j] != absent, earlier, -1)
    flags = np.zeros((n, len(pairs)), dtype=np.int64)
    for j, (group, removed) in enumerate(pairs):
        blanked = pc.replace_substring_regex(low, "([^a-z0-9])" + patterns[removed], r"\1 ")
        at = np.asarray(pc.find_substring_regex(blanked, "[^a-z0-9]" + patterns[group]))
        flags[:, j] = at >= 0
    signature = np.concatenate([ranks + 1, flags, np.reshape(inter1, (-1, 1))], axis=1)
    number, first = combine(*(signature[:, j] for j in range(signature.shape[1])))
    answers: list[Kind | OutOfScope] = []
    for row in first.tolist():
        facts = RankFacts(
            dict(zip(groups, ranks[row].tolist(), strict=True)),
            {p: bool(f) for p, f in zip(pairs, flags[row].tolist(), strict=True)},
        )
        try:
            got = RULES[rule](facts, int(inter1[row]) or None)
            answers.append(rules.decided(field, value, got))
        except OutOfScope as exc:
            answers.append(exc)
    return [answers[c] for c in number.tolist()]


def summaries(notes: Any, what: Sequence[str], location: Sequence[str]) -> Any:
    """Each row's summary (:func:`.row.summary`): its notes where they are plain (no
    whitespace to fold, 1 to 1,000 characters); ``what`` and ``location`` (lists, one per
    row) are read only for the others."""
    length = pc.utf8_length(notes)
    plain = pc.and_(
        pc.invert(pc.match_substring_regex(notes, ODD_SPACE)),
        pc.and_(pc.greater(length, 0), pc.less_equal(length, 1000)),
    )
    other = np.flatnonzero(~np.asarray(plain, dtype=bool))
    if not len(other):
        return notes
    values = notes.to_pylist()
    for r in other.tolist():
        values[r] = summary(values[r], what[r], location[r])
    return pa.array(values, pa.string())


def row_cues(notes: Any, days: Sequence[date], lexicon: Lexicon) -> dict[int, tuple[Cue, ...]]:
    """The response cues of the rows that have some, by position: the notes holding a stem
    of the lexicon (or a :func:`cased` character) are read once per distinct text
    (:func:`.cues.read_cues`), the days placed per row (``days``: each row's date)."""
    stems = "(?i)(?:" + "|".join(map(re2_literal, lexicon.stems)) + ")"
    maybe = pc.or_(pc.match_substring_regex(notes, cased()), pc.match_substring_regex(notes, stems))
    rows = np.flatnonzero(np.asarray(maybe, dtype=bool))
    out: dict[int, tuple[Cue, ...]] = {}
    if not len(rows):
        return out
    number, texts = encode(notes.take(pa.array(rows)))
    raws = [read_cues(t, lexicon) for t in texts]
    same = [tuple(place_cues(r, date(2000, 1, 1), lexicon)) if fixed_day(r) else None for r in raws]
    for r, c in zip(rows.tolist(), number.tolist(), strict=True):
        raw = raws[c]
        if raw[1]:
            found = same[c]
            if found is None:
                found = tuple(place_cues(raw, days[r], lexicon))
            if found:
                out[r] = found
    return out
