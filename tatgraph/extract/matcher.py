"""Tokens and clitic-aware phrase matching over normalised text.

A :class:`PhraseMatcher` holds many phrases (lexicon entries, gazetteer names), each with
a *category* and a *value*, and finds them all in one pass over the tokens. A phrase's
first word may carry proclitics in the text (و ف ب ل ك, and ل + ال written لل), so
«للقوات» matches «القوات» and «بثمانية» matches «ثمانية». Phrases marked *article-free*
also ignore the article (الصواريخ = صواريخ) and may take a possessive suffix
(«مدفعيتنا» = مدفعية + نا); gazetteer names keep their article, since it is part of the
name. Spelling variants (:class:`Variants`) are folded on both sides.

>>> from tatgraph.extract.normalise import normalise
>>> m = PhraseMatcher(Variants({"اميرك": "امريك"}, {}))
>>> m.add("القوات الامريكيه", "actor", "us_forces")
>>> m.add("صاروخ", "weapon", "rocket", article_free=True)
>>> toks = tokenize(normalise("وللقوات الأميركية صاروخان وبالصاروخ").text)
>>> [(x.category, x.value, x.prefix) for x in m.find(toks)]
[('actor', 'us_forces', 'ول'), ('weapon', 'rocket', 'وب')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

_TOKEN = re.compile(r"\d+(?:[:.,]\d+)*|[^\W\d_]+")
_GAP = re.compile(r"[\s\-–—/]*")
SUFFIXES = ("هما", "هم", "ها", "نا", "كم")


@dataclass(frozen=True)
class Token:
    """One word or number of the normalised text; ``start``/``end`` are its offsets."""

    text: str
    start: int
    end: int
    index: int


def is_number(word: str) -> bool:
    """ASCII digits only (the normaliser turns Arabic-Indic digits into these).

    >>> is_number("23"), is_number("²"), is_number("1:38")
    (True, False, False)
    """
    return word.isascii() and word.isdigit()


def tokenize(text: str) -> list[Token]:
    """Split normalised text into word and number tokens.

    >>> [t.text for t in tokenize("قصف الـ55 كلم، الساعة 1:38")]
    ['قصف', 'الـ', '55', 'كلم', 'الساعة', '1:38']
    """
    return [Token(m.group(), m.start(), m.end(), i) for i, m in enumerate(_TOKEN.finditer(text))]


@dataclass
class Variants:
    """Spelling variants folded before any comparison: substrings, then whole words."""

    substrings: dict[str, str]
    tokens: dict[str, str]
    _memo: dict[str, str] = field(default_factory=dict, repr=False)

    def canon(self, word: str) -> str:
        """Canonical spelling of one normalised word (memoised: words repeat a lot).

        >>> Variants({"اميرك": "امريك"}, {"سوريه": "سوريا"}).canon("الاميركيه")
        'الامريكيه'
        """
        done = self._memo.get(word)
        if done is not None:
            return done
        out = word
        for old, new in self.substrings.items():
            if old in out:
                out = out.replace(old, new)
        out = self.tokens.get(out, out)
        if len(self._memo) < 200_000:
            self._memo[word] = out
        return out


def strip_article(word: str) -> str:
    """The word without a leading article (kept when too little would remain).

    >>> strip_article("الصواريخ"), strip_article("الف")
    ('صواريخ', 'الف')
    """
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def proclitic_forms(word: str) -> list[tuple[str, str]]:
    """The word and what it could be under proclitics, as ``(form, prefix)`` pairs.

    >>> proclitic_forms("وللقوات")
    [('وللقوات', ''), ('للقوات', 'و'), ('القوات', 'ول'), ('لقوات', 'ول')]
    """
    out = [(word, "")]
    if len(word) >= 3 and word[0] in "وف":
        out.append((word[1:], word[0]))
    for form, pre in list(out):
        if len(form) >= 4 and form.startswith("لل"):
            out.append(("ال" + form[2:], pre + "ل"))
        if len(form) >= 3 and form[0] in "بلك":
            out.append((form[1:], pre + form[0]))
    return out


def suffix_forms(word: str) -> list[str]:
    """Bases of a word that may end in a possessive pronoun («مدفعيتنا» -> «مدفعيه»).

    >>> suffix_forms("مدفعيتنا")
    ['مدفعيت', 'مدفعيه']
    """
    out: list[str] = []
    for suf in SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            base = word[: -len(suf)]
            out.append(base)
            if base.endswith("ت"):
                out.append(base[:-1] + "ه")
            break
    return out


@dataclass(frozen=True)
class Entry:
    """One phrase: its canonical words, category, value and matching options."""

    words: tuple[str, ...]
    category: str
    value: object
    article_free: bool
    bare: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Context:
    """Per-text arrays the matcher consults: canonical words, without article, joins."""

    words: list[str]
    bare: list[str]
    joined: list[bool]


@dataclass(frozen=True)
class Match:
    """A phrase found in the text: token range ``[first, last)`` and character offsets."""

    first: int
    last: int
    start: int
    end: int
    category: str
    value: object
    prefix: str
    suffixed: bool = False

    @property
    def size(self) -> int:
        return self.last - self.first


@dataclass
class PhraseMatcher:
    """Many phrases, found together in one pass over the tokens (longest first)."""

    variants: Variants
    _exact: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    _free: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    _seen: set[tuple[tuple[str, ...], str, bool]] = field(default_factory=set)
    _memo: dict[str, list[tuple[Entry, bool, str]]] = field(default_factory=dict)
    _looked: dict[tuple[str, str], object | None] = field(default_factory=dict)

    def words_of(self, phrase: str) -> tuple[str, ...]:
        """Canonical words of a normalised phrase."""
        return tuple(self.variants.canon(t.text) for t in tokenize(phrase))

    def add(self, phrase: str, category: str, value: object, *, article_free: bool = False) -> None:
        """Add a (normalised) phrase; duplicates with the same category keep the first."""
        words = self.words_of(phrase)
        if not words:
            return
        key = (words, category, article_free)
        if key in self._seen:
            return
        self._seen.add(key)
        self._memo.clear()
        self._looked.clear()
        entry = Entry(words, category, value, article_free, tuple(map(strip_article, words)))
        if article_free:
            self._free[strip_article(words[0])].append(entry)
        else:
            self._exact[words[0]].append(entry)

    def lookup(self, phrase: str, category: str) -> object | None:
        """Value of an exact (article-sensitive) phrase of ``category``, if present."""
        key = (phrase, category)
        if key in self._looked:
            return self._looked[key]
        words = self.words_of(phrase)
        found = next(
            (
                e.value
                for e in (self._exact.get(words[0], ()) if words else ())
                if e.words == words and e.category == category
            ),
            None,
        )
        if len(self._looked) < 100_000:
            self._looked[key] = found
        return found

    @staticmethod
    def _continues(entry: Entry, i: int, ctx: _Context) -> bool:
        if i + len(entry.words) > len(ctx.words):
            return False
        for k in range(1, len(entry.words)):
            if not ctx.joined[i + k - 1]:
                return False
            if ctx.words[i + k] != entry.words[k] and not (
                entry.article_free and ctx.bare[i + k] == entry.bare[k]
            ):
                return False
        return True

    def find(
        self, tokens: list[Token], text: str | None = None, categories: Iterable[str] = ()
    ) -> list[Match]:
        """Every phrase in the tokens; within a category, longest and leftmost win.

        ``text`` is the normalised text the tokens come from (needed for multi-word
        phrases, which may only be separated by spaces or hyphens); by default the words
        are taken to be separated by single spaces.
        """
        if text is None:
            text = " ".join(t.text for t in tokens)
            pos = 0
            spaced = []
            for t in tokens:
                spaced.append(Token(t.text, pos, pos + len(t.text), t.index))
                pos += len(t.text) + 1
            tokens = spaced
        wanted = set(categories)
        words = [self.variants.canon(t.text) for t in tokens]
        ctx = _Context(
            words,
            [strip_article(w) for w in words],
            [bool(_GAP.fullmatch(text, a.end, b.start)) for a, b in pairwise(tokens)] + [False],
        )
        found: list[Match] = []
        for i, tok in enumerate(tokens):
            found.extend(self._at(tokens, i, tok, ctx, wanted))
        return _longest(found)

    def _candidates(self, text: str) -> list[tuple[Entry, bool, str]]:
        """Entries a token could start, with (suffixed?, proclitic prefix); memoised."""
        done = self._memo.get(text)
        if done is not None:
            return done
        canon = self.variants.canon
        out: list[tuple[Entry, bool, str]] = []
        for form, prefix in proclitic_forms(text):
            word = canon(form)
            bare = strip_article(word)
            out += [(e, False, prefix) for e in self._exact.get(word, ())]
            out += [(e, False, prefix) for e in self._free.get(bare, ())]
            if bare.endswith("ا") and len(bare) >= 4:  # accusative -an: "صاروخاً"
                out += [(e, False, prefix) for e in self._free.get(bare[:-1], ())]
            if not prefix or prefix[-1] in "بلك":
                out += [
                    (e, True, prefix)
                    for base in suffix_forms(word)
                    for e in self._free.get(strip_article(base), ())
                    if len(e.words) == 1
                ]
        if len(self._memo) < 200_000:
            self._memo[text] = out
        return out

    def _at(
        self, tokens: list[Token], i: int, tok: Token, ctx: _Context, wanted: set[str]
    ) -> Iterator[Match]:
        for entry, suffixed, prefix in self._candidates(tok.text):
            if wanted and entry.category not in wanted:
                continue
            if len(entry.words) > 1 and (
                not ctx.joined[i]
                or (
                    ctx.words[i + 1] != entry.words[1]
                    and not (entry.article_free and ctx.bare[i + 1] == entry.bare[1])
                )
                or not self._continues(entry, i, ctx)
            ):
                continue
            last = tokens[i + len(entry.words) - 1]
            yield Match(
                i,
                i + len(entry.words),
                tok.start + len(prefix),
                last.end,
                entry.category,
                entry.value,
                prefix,
                suffixed,
            )


def _longest(found: list[Match]) -> list[Match]:
    """Per category, drop matches overlapping a longer (then earlier, unsuffixed) one."""
    by_cat: dict[str, list[Match]] = defaultdict(list)
    for m in found:
        by_cat[m.category].append(m)
    out: list[Match] = []
    for matches in by_cat.values():
        matches.sort(key=lambda m: (-m.size, m.suffixed, len(m.prefix), m.first))
        used: set[int] = set()
        for m in matches:
            span = range(m.first, m.last)
            if used.isdisjoint(span):
                used.update(span)
                out.append(m)
    out.sort(key=lambda m: (m.first, -m.size, m.category))
    return out
