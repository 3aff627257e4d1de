"""Sentences, clauses and bulleted lists of a normalised report.

Sentences end at «.» (not «..», which headlines use between their two halves - «ردّاً
على هجوم التاجي.. أمريكا تضرب …» - nor «...», a pause inside a quote) followed by a
space, a letter or the end, at «!», «؟», «?», «؛» and at line breaks.
A line that starts with a dash or bullet (or a short line with no full stop) right after a
line ending in «:» is a *list item*: it continues its header sentence (news reports list
strikes per base like that).
Inside a sentence, «،», «,», «:», «..» and brackets separate clauses. A line that opens with
«اقرأ أيضاً» (or «اقرأ/ي أيضاً», «اقرأ المزيد», «شاهد أيضاً») is a link to another
article, not part of the report: it makes no sentence.

>>> from tatgraph.extract.matcher import tokenize
>>> text = "تعرضت القواعد لضربات توزعت كالتالي:\\n- العمر 4 صواريخ.\\n- كونيكو 8 صواريخ."
>>> sents = split_sentences(text, tokenize(text))
>>> [(text[s.start:s.end], s.header) for s in sents]
[('تعرضت القواعد لضربات توزعت كالتالي:', None), ('- العمر 4 صواريخ.', 0), ('- كونيكو 8 صواريخ.', 0)]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from .matcher import Token

_END = re.compile(r"(?:(?<!\.)\.(?!\.)(?=\s|$|[^\W\d])|[!?؟؛]+|\n+)")
_BULLET = re.compile(r"\s*[-–—•*]\s*|\s*\d{1,2}[.)]\s+")
_CLAUSE = re.compile(r"[،,:؛()\[\]]|(?<!\.)\.\.(?!\.)")
_RELATED = re.compile(r"\s*(?:اقرا|شاهد)(?:/ي)?\s+(?:ايضا|المزيد|كذلك)\b")
"""A related-article line (normalised text: hamza and tanwin already folded)."""


@dataclass(frozen=True)
class Sentence:
    """A sentence: character span, token range ``[first, last)``, list-item header."""

    index: int
    start: int
    end: int
    first: int
    last: int
    header: int | None = None

    @property
    def is_item(self) -> bool:
        return self.header is not None


def split_sentences(text: str, tokens: list[Token]) -> list[Sentence]:
    """Split a normalised text into sentences (see the module docstring)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _END.finditer(text):
        if m.end() > pos:
            spans.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    starts = [t.start for t in tokens]
    out: list[Sentence] = []
    header: int | None = None
    skip_to = -1  # end of a related-article line
    for a, b in spans:
        chunk = text[a:b]
        if (a == 0 or text[a - 1] == "\n") and _RELATED.match(chunk) is not None:
            end = text.find("\n", a)
            skip_to = len(text) if end < 0 else end
        if not chunk.strip() or a < skip_to:
            continue
        b = a + len(chunk.rstrip())
        a += len(chunk) - len(chunk.lstrip())
        first = bisect.bisect_left(starts, a)
        last = bisect.bisect_left(starts, b)
        if first == last:
            continue
        line = (a == 0 or text[a - 1] == "\n") and text[b - 1 : b] != "."
        short = line and len(text[a:b].split()) <= 12  # "16 هجوماً على قاعدة كونيكو"
        is_item = header is not None and (_BULLET.match(text, a) is not None or short)
        hdr = header if is_item else None
        out.append(Sentence(len(out), a, b, first, last, hdr))
        if not is_item:
            header = len(out) - 1 if text[a:b].endswith(":") else None
    return out


def clause_starts(text: str, tokens: list[Token], sentence: Sentence) -> list[int]:
    """Token indices where a new clause starts inside ``sentence`` (its first token too)."""
    out = [sentence.first]
    for i in range(sentence.first + 1, sentence.last):
        if _CLAUSE.search(text, tokens[i - 1].end, tokens[i].start):
            out.append(i)
    return out


CLAUSE_OPENERS = frozenset({"ان", "انه", "انها", "حيث", "فيما", "بينما", "الذي", "التي", "ما"})


def _relabel(clause_of: list[int], i: int, clause: int) -> None:
    """Token ``i``'s whole clause becomes part of ``clause``."""
    old = clause_of[i]
    while i < len(clause_of) and clause_of[i] == old:
        clause_of[i] = clause
        i += 1


def join_date_clauses(
    clause_of: list[int],
    sentence_of: list[int],
    words: list[str],
    dates: list[tuple[int, int]],
    attack_at: Callable[[int], bool],
) -> None:
    """Commas around a date adverbial do not cut a clause (in place): in «نفّذت القوات،
    مساء الأحد، غارات …» and «نفذت طائرات مسيرة مساء الأربعاء، هجوماً …» the verb and its
    object stay one clause, when the object (``attack_at``: an attack word or a weapon,
    maybe after a count) follows the comma. A comma before «و…», «ف…», «أن», «حيث»… still
    cuts. ``dates`` are token spans ``[first, last)``."""

    def word(i: int) -> str:
        return words[i] if 0 <= i < len(words) else ""

    for first, last in dates:
        if last >= len(clause_of) or first == 0 or sentence_of[first] != sentence_of[last]:
            continue
        lead = first - (word(first - 1) in ("في", "يوم"))
        here, after = clause_of[first], clause_of[last]
        nxt = word(last)
        if after == here or nxt.startswith(("و", "ف")) or nxt in CLAUSE_OPENERS:
            continue
        if not attack_at(last):
            continue  # only what the verb before the date did follows the comma
        before = clause_of[lead - 1] if lead > 0 else here
        bracketed = clause_of[lead] != before and sentence_of[lead - 1] == sentence_of[lead]
        target = before if bracketed else here
        if bracketed:
            _relabel(clause_of, lead, target)
        _relabel(clause_of, last, target)
