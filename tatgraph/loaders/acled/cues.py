"""Response cues in ACLED's notes: "in retaliation for ...", "two days after ...".

ACLED's notes often say why an event happened: "IRI launched drones at the base in
retaliation for the US strike on Jurf al-Sakhar on 4 January". :func:`find_cues` reads such
cues with the English lexicon ``tatgraph/data/lexicon/en_responses.yaml`` and returns one
:class:`Cue` per cue: the words as written, and what the text after the cue (to the end of
its clause) says of the answered event -- the day it names (a date, a weekday, "the
previous day", or the gap of "two days after"), the weapon words and the text in which
:mod:`.stated` looks for the answered event's place. No database is involved here;
:mod:`.stated` finds the event the cue names among the stored ones.

>>> from datetime import date
>>> [c] = find_cues("On 5 January, IRI fired rockets at the base in retaliation for the US "
...                 "strike on Jurf al-Sakhar on 4 January.", date(2024, 1, 5))
>>> c.cue, c.kind, c.day
('in retaliation for', 'response', datetime.date(2024, 1, 4))
>>> c.obj
'the US strike on Jurf al-Sakhar on 4 January'
>>> [c] = find_cues("Two days after militias shelled the base, US jets struck a depot.",
...                 date(2024, 1, 7))
>>> c.kind, c.day, c.quote
('sequence', datetime.date(2024, 1, 5), 'Two days after militias shelled the base')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ...errors import InputError
from ...reference import data_path

QUOTE_LIMIT = 200
"""A cue's quote (cue words and the answered event's text) is at most this long."""

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

WEAPON_WORDS: dict[str, tuple[str, ...]] = {
    "air": ("airstrike", "air strike", "air raid", "jet", "warplane", "aircraft", "bombing"),
    "drone": ("drone", "uav"),
    "rocket": ("rocket", "katyusha"),
    "mortar": ("mortar",),
    "missile": ("missile",),
    "shelling": ("shell", "artillery"),
    "ied": ("ied", "roadside bomb", "explosive device", "car bomb", "landmine"),
    "clash": ("clash", "attack on", "assault", "ambush", "raid", "fighting"),
}
"""Words naming the answered event's weapon (kind groups of :mod:`.stated`)."""

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b"
)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})(?:'s)?\b")
_SEQUENCE_END = re.compile(r"[,.;:!?](?:\s|$)")
"""Where the event named by a sequence cue ends ("Two days after X, Y struck": at the comma)."""
_CLAUSE_END = re.compile(r"[.;:!?](?:\s|$)|\s[-–—]\s|,\s+(?:and|while|which|who|as|but)\s")


@dataclass(frozen=True)
class Cue:
    """One response cue in one row's notes."""

    cue: str
    """The cue words as written ("In retaliation for")."""
    kind: str
    """``response`` (the event answers the one named) or ``sequence`` ("two days after")."""
    quote: str
    """Cue and the answered event's text, as written (at most :data:`QUOTE_LIMIT`)."""
    obj: str
    """The text naming the answered event."""
    day: date | None
    """The answered event's local day, where the note gives it."""
    before_days: int | None
    """For a sequence cue: how many days before the answering event the named one was."""
    weapons: tuple[str, ...]
    """Weapon groups (:data:`WEAPON_WORDS`) the answered event's text names."""
    start: int
    """Offset of the cue in the notes."""


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The English cue lexicon (see ``en_responses.yaml``), compiled."""

    response: re.Pattern[str]
    sequence: re.Pattern[str]
    any_cue: re.Pattern[str]
    phrases: Mapping[str, int]
    units: Mapping[str, int]
    numbers: Mapping[str, int]
    relative: re.Pattern[str]
    relative_days: Mapping[str, int]
    stems: tuple[str, ...] = ()
    """Lower-case pieces one of which every cue contains (a cheap test before the pattern)."""

    def gap(self, words: str) -> int:
        """Days of a sequence cue's gap ("two days after" -> 2, "hours after" -> 0)."""
        low = " ".join(words.lower().split())
        if low in self.phrases:
            return self.phrases[low]
        number, unit = low.removesuffix(" after").split(" ", 1)
        count = int(number) if number.isdigit() else self.numbers[number]
        return count * self.units[unit]


def _alternation(phrases: list[str]) -> str:
    """One pattern for many phrases, as a trie of words ("in (?:retaliation (?:for|to)|
    response to)"): the engine rejects a position at its first letter, not once per phrase.

    >>> re.fullmatch(_alternation(["in retaliation for", "in response to", "in reprisal"]),
    ...              "in  response to") is not None
    True
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for word in phrase.split():
            node = node.setdefault(word, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        parts = []
        for word in sorted(k for k in node if k):
            sub = node[word]
            tail = ""
            if any(k for k in sub):
                tail = rf"(?:\s+(?:{emit(sub)})){'?' if '' in sub else ''}"
            parts.append(re.escape(word) + tail)
        return "|".join(parts)

    return emit(trie)


def build_lexicon(doc: Mapping[str, Any], where: str = "<lexicon>") -> Lexicon:
    """Compile a lexicon mapping (the layout of ``en_responses.yaml``)."""
    try:
        response = [str(w).lower() for w in doc["response"]]
        phrases = {str(k).lower(): int(v) for k, v in doc["sequence_phrases"].items()}
        units = {str(k).lower(): int(v) for k, v in doc["units"].items()}
        numbers = {str(k).lower(): int(v) for k, v in doc["numbers"].items()}
        relative = {str(k).lower(): int(v) for k, v in doc["relative_days"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"bad cue lexicon: {exc!r}", file=where) from None
    count = "|".join([r"\d{1,2}", *map(re.escape, sorted(numbers, key=len, reverse=True))])
    unit = "|".join(map(re.escape, sorted(units, key=len, reverse=True)))
    sequence = rf"(?:{_alternation(list(phrases))}|(?:{count})\s+(?:{unit})\s+after)"
    flags = re.IGNORECASE
    return Lexicon(
        response=re.compile(rf"(?<![\w-])(?:{_alternation(response)})(?![\w-])", flags),
        sequence=re.compile(rf"(?<![\w-]){sequence}(?![\w-])", flags),
        any_cue=re.compile(rf"(?<![\w-])(?:{_alternation(response)}|{sequence})(?![\w-])", flags),
        phrases=phrases,
        units=units,
        numbers=numbers,
        relative=re.compile(rf"(?<![\w-])(?:{_alternation(list(relative))})(?![\w-])", flags),
        relative_days=relative,
        stems=tuple(sorted({max(w.split(), key=len)[:6] for w in response} | {"after"}, key=len)),
    )


@cache
def default_lexicon() -> Lexicon:
    """The bundled lexicon (``tatgraph/data/lexicon/en_responses.yaml``)."""
    path = data_path("lexicon/en_responses.yaml")
    return build_lexicon(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def read_lexicon(path: Path) -> Lexicon:
    """A lexicon from a file in the layout of ``en_responses.yaml``."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the cue lexicon: {exc}", file=str(path)) from None
    if not isinstance(doc, dict):
        raise InputError("the cue lexicon must be a mapping", file=str(path))
    return build_lexicon(doc, str(path))


DaySpec = tuple[str, int, int, int]
"""How a text gives a day, before it is placed relative to a row's day: (how, a, b, c)."""


def _first_stem(notes: str, lex: Lexicon) -> int:
    """Where the first stem of the lexicon occurs in ``notes`` (-1: the notes hold no cue);
    plain substring searches, a microsecond or two per row."""
    low = notes.lower()
    best = -1
    for stem in lex.stems:
        at = low.find(stem)
        if at >= 0 and (best < 0 or at < best):
            best = at
    return best


_REACH = 40
"""Characters before a stem where its cue may begin (more than any cue's words before it)."""


class _Raw(NamedTuple):
    """A cue as read from a piece of notes, before its day is placed (see _parse)."""

    offset: int
    cue: str
    kind: str
    quote: str
    obj: str
    gap: int | None
    spec: DaySpec | None
    weapons: tuple[str, ...]


@lru_cache(maxsize=16384)
def _parse(tail: str, lex: Lexicon) -> tuple[_Raw, ...]:
    """The cues of a piece of notes (from a little before its first stem to the end);
    remembered, as notes repeat their phrasing ("... in response to attacks on ...")."""
    out: list[_Raw] = []
    for m in lex.any_cue.finditer(tail):
        words = m.group(0)
        is_sequence = lex.sequence.fullmatch(words) is not None
        rest = tail[m.end() : m.end() + 1000]
        stop = (_SEQUENCE_END if is_sequence else _CLAUSE_END).search(rest)
        obj = " ".join(rest[: stop.start() if stop else len(rest)].split()).strip(" ,")
        if not obj:
            continue
        quote = " ".join(f"{words} {obj}".split())
        if len(quote) > QUOTE_LIMIT:
            quote = quote[: QUOTE_LIMIT - 1] + "…"
        spec, weapons = _obj_facts(obj, lex)
        out.append(
            _Raw(
                m.start(),
                " ".join(words.split()),
                "sequence" if is_sequence else "response",
                quote,
                obj,
                lex.gap(words) if is_sequence else None,
                spec,
                weapons,
            )
        )
    return tuple(out)


RawCues = tuple[int, tuple[_Raw, ...]]
"""The cues of one text before their days are placed: (offset of the piece read, cues)."""


def read_cues(notes: str, lexicon: Lexicon | None = None) -> RawCues:
    """The cues of ``notes`` as far as the text alone says (see :func:`place_cues`)."""
    lex = lexicon or default_lexicon()
    at = _first_stem(notes, lex)
    if at < 0:
        return 0, ()
    base = max(0, at - _REACH)
    return base, _parse(notes[base:], lex)


def place_cues(raw: RawCues, day: date, lexicon: Lexicon | None = None) -> list[Cue]:
    """The cues read by :func:`read_cues`, their days placed relative to ``day`` (the row's
    own local date)."""
    lex = lexicon or default_lexicon()
    base, found = raw
    out = []
    for r in found:
        named = _resolve_day(r.spec, day, lex)
        if named is None and r.gap is not None:
            named = day - timedelta(days=r.gap)
        out.append(
            Cue(
                cue=r.cue,
                kind=r.kind,
                quote=r.quote,
                obj=r.obj,
                day=named,
                before_days=r.gap,
                weapons=r.weapons,
                start=base + r.offset,
            )
        )
    return out


def has_cue(notes: str, lexicon: Lexicon | None = None) -> bool:
    """Whether ``notes`` holds a cue at all."""
    return bool(read_cues(notes, lexicon)[1])


def find_cues(notes: str, day: date, lexicon: Lexicon | None = None) -> list[Cue]:
    """The response cues of one row's notes; ``day`` is the row's own (local) date."""
    return place_cues(read_cues(notes, lexicon), day, lexicon)


_PLACE = re.compile(r"\b(?:on|at|in|near|around|outside|against|of)\s+(?:the\s+)?[A-Z][\w'’-]+")
_WEAPON_PATTERNS = {
    g: re.compile("|".join(rf"\b{re.escape(w)}" for w in ws)) for g, ws in WEAPON_WORDS.items()
}


def names_place(cue: Cue) -> bool:
    """Whether the cue's text may name a place (a capitalised name after "on", "at", "in",
    "near", ...): a cue with neither a day nor a place cannot single out an event.

    >>> [names_place(c) for c in find_cues("Jets struck in response to attacks on the "
    ...     "coalition; in retaliation for the attack on Ain al-Asad", date(2024, 1, 5))]
    [False, True]
    """
    return _names_place(cue.obj)


@lru_cache(maxsize=16384)
def _names_place(obj: str) -> bool:
    return _PLACE.search(obj) is not None


def fixed_day(raw: RawCues) -> bool:
    """Whether the cues read by :func:`read_cues` are placed the same whatever the row's
    day (none of them names a day or a gap): then one placing serves every row."""
    return all(r.spec is None and r.gap is None for r in raw[1])


@lru_cache(maxsize=8192)
def _obj_facts(obj: str, lex: Lexicon) -> tuple[DaySpec | None, tuple[str, ...]]:
    """(the day spec, the weapon groups) of the text naming an answered event (remembered:
    notes repeat their phrases)."""
    low = obj.lower()
    weapons = tuple(g for g, p in _WEAPON_PATTERNS.items() if p.search(low))
    return _day_spec(low, lex), weapons


def _day_spec(low: str, lex: Lexicon) -> DaySpec | None:
    m = _ISO.search(low)
    if m:
        return ("iso", int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        m = pattern.search(low)
        if m:
            year = int(m.group(3)) if m.group(3) else 0
            return ("dm", year, MONTHS[m.group(month_group)], int(m.group(day_group)))
    m = lex.relative.search(low)
    if m:
        return ("rel", lex.relative_days[" ".join(m.group(0).split())], 0, 0)
    m = _WEEKDAY.search(low)
    if m:
        return ("weekday", WEEKDAYS.index(m.group(1)), 0, 0)
    return None


def _resolve_day(spec: DaySpec | None, day: date, lex: Lexicon) -> date | None:
    """The day ``spec`` gives, relative to the row's ``day`` (a date without a year: the
    last one on or before ``day``)."""
    if spec is None:
        return None
    how, a, b, c = spec
    try:
        if how == "iso":
            return date(a, b, c)
        if how == "dm":
            found = date(a or day.year, b, c)
            if not a and found > day:  # "on 30 December" in a January note
                found = found.replace(year=day.year - 1)
            return found
    except ValueError:
        return None
    if how == "rel":
        return day + timedelta(days=a)
    return day - timedelta(days=(day.weekday() - a) % 7)
