"""ACLED event types -> tatgraph kinds, as data (``tatgraph/data/acled_kinds.yaml``).

Every ``sub_event_type`` of the codebook, and every ``event_type`` of the layouts before
sub-event types, has one entry: a fixed ``kind``, a ``rule`` that reads the notes (where
ACLED pools several of our kinds under one type), or ``skip`` with the reason the type is
outside what tatgraph holds (a protest, an arrest). The rules and the keywords they look for
are described in the YAML file; :class:`KindRules` applies one table, and
:meth:`KindRules.from_yaml` reads the bundled table with a user's file laid over it
(``--kinds``), validated with the file, line and entry of every mistake.

A row whose type has no kind raises :class:`~tatgraph.errors.OutOfScope` (skipped, with the
reason); a type that is in no table raises :class:`~tatgraph.errors.InputError` (rejected:
it is not an ACLED type we know, so a file of your own must say what it is).

>>> choose_kind("Explosions/Remote violence", "Shelling/artillery/missile attack",
...             "Militias fired mortars and rockets at the base", 3).value
'mortar_attack'
>>> choose_kind("Remote violence", "", "A bomb blast killed eleven people", None).value
'explosive_attack'
>>> try:
...     choose_kind("Protests", "Peaceful protest", "", None)
... except OutOfScope as exc:
...     print(exc.status, exc.reason)
skipped sub_event_type 'Peaceful protest': a demonstration, not armed violence
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from ...errors import InputError, OutOfScope
from ...reference import data_path
from ...vocab import Kind

SECTIONS = ("sub_event_types", "event_types", "keywords")
"""Top-level keys of a kinds file."""

_STATE_INTER = (1, 8)
"""ACLED inter codes of state forces and external/other forces (they fly aircraft)."""


@dataclass(frozen=True)
class Entry:
    """What one ACLED type becomes: exactly one of ``kind``, ``rule`` or ``skip``."""

    kind: Kind | None = None
    rule: str | None = None
    skip: str | None = None
    note: str | None = None

    def describe(self) -> str:
        """One line for docs and tests: ``kind ied``, ``rule air``, ``skip <reason>``."""
        if self.kind is not None:
            return f"kind {self.kind.value}"
        if self.rule is not None:
            return f"rule {self.rule}"
        return f"skip {self.skip}"


class Keywords:
    """The keyword groups of a table, each compiled to one pattern matching at word starts."""

    def __init__(self, groups: Mapping[str, list[str]]) -> None:
        self.groups = {name: list(words) for name, words in groups.items()}
        self.patterns = {name: _pattern(words) for name, words in self.groups.items()}

    def find(self, text: str, group: str) -> int:
        """Where the first word of ``group`` starts in lower-cased ``text``; -1 if none."""
        m = self.patterns[group].search(text)
        return m.start() if m else -1

    def has(self, text: str, group: str) -> bool:
        return self.patterns[group].search(text) is not None

    def first(self, text: str, groups: tuple[str, ...]) -> str | None:
        """The group among ``groups`` whose word comes first in ``text``."""
        best: tuple[int, str] | None = None
        for group in groups:
            at = self.find(text, group)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, group)
        return best[1] if best else None

    def without(self, text: str, group: str) -> str:
        """``text`` with the words of ``group`` blanked out."""
        return self.patterns[group].sub(" ", text)


def _pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})")


class Facts(Protocol):
    """What a rule may ask of a row's notes (lower-cased): whether a keyword group occurs,
    which of several occurs first, and whether a group occurs once another is blanked out."""

    def has(self, group: str) -> bool: ...

    def first(self, groups: tuple[str, ...]) -> str | None: ...

    def has_without(self, group: str, removed: str) -> bool: ...


class TextFacts:
    """:class:`Facts` read from one row's notes with the table's keyword patterns."""

    def __init__(self, words: Keywords, low: str) -> None:
        self.words = words
        self.low = low

    def has(self, group: str) -> bool:
        return self.words.has(self.low, group)

    def first(self, groups: tuple[str, ...]) -> str | None:
        return self.words.first(self.low, groups)

    def has_without(self, group: str, removed: str) -> bool:
        return self.words.has(self.words.without(self.low, removed), group)


class RankFacts:
    """:class:`Facts` from where each group first occurs, as ranks (0 = earliest, equal
    ranks for equal positions, -1 = absent), and the ``has_without`` answers: the form the
    fast path computes for many rows at once (:mod:`.columnar`)."""

    def __init__(self, ranks: Mapping[str, int], without: Mapping[tuple[str, str], bool]) -> None:
        self.ranks = ranks
        self.without = without

    def has(self, group: str) -> bool:
        return self.ranks[group] >= 0

    def first(self, groups: tuple[str, ...]) -> str | None:
        best: tuple[int, str] | None = None
        for group in groups:
            at = self.ranks[group]
            if at >= 0 and (best is None or at < best[0]):
                best = (at, group)
        return best[1] if best else None

    def has_without(self, group: str, removed: str) -> bool:
        return self.without[(group, removed)]


Rule = Callable[[Facts, int | None], Kind | str]
"""A rule: (facts of the lower-cased notes, inter1) -> a kind, or the reason to skip the row."""


def _shelling(f: Facts, inter1: int | None) -> Kind | str:
    first = f.first(("rocket", "mortar", "missile"))
    return {
        "rocket": Kind.ROCKET_ATTACK,
        "mortar": Kind.MORTAR_ATTACK,
        "missile": Kind.MISSILE_STRIKE,
    }.get(first or "", Kind.ARTILLERY_SHELLING)


def _air(f: Facts, inter1: int | None) -> Kind | str:
    if f.has("helicopter"):
        return Kind.HELICOPTER_STRIKE
    if inter1 not in _STATE_INTER and f.has("drone"):
        return Kind.DRONE_ATTACK
    return Kind.AIRSTRIKE


def _clash(f: Facts, inter1: int | None) -> Kind | str:
    return Kind.RAID if f.has_without("raid", "not_raid") else Kind.GROUND_CLASH


def _disrupted(f: Facts, inter1: int | None) -> Kind | str:
    if f.has("intercept") or f.has("air_defence"):
        return Kind.INTERCEPT
    return (
        "no interception in the notes (a weapons seizure or a defused device: no weapon was "
        "used against anyone)"
    )


def _remote_violence(f: Facts, inter1: int | None) -> Kind | str:
    if f.has("seized") and (not f.has("detonated") or f.has("controlled")):
        return "the notes tell of a seizure or a defused device, not of a weapon used"
    if f.has("intercept"):
        return Kind.INTERCEPT
    first = f.first(("ied", "air", "shelling"))
    if first == "ied":
        return Kind.IED
    if first == "air":
        return _air(f, inter1)
    if first == "shelling":
        return _shelling(f, inter1)
    return Kind.EXPLOSIVE_ATTACK


def _chemical(f: Facts, inter1: int | None) -> Kind | str:
    first = f.first(("air", "shelling"))
    if first == "air":
        return _air(f, inter1)
    if first == "shelling":
        return _shelling(f, inter1)
    return Kind.EXPLOSIVE_ATTACK


_AIR = ("helicopter", "drone")
_SHELLING = ("rocket", "mortar", "missile")
RULE_FACTS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "shelling": (_SHELLING, ()),
    "air": (_AIR, ()),
    "clash": ((), (("raid", "not_raid"),)),
    "disrupted": (("intercept", "air_defence"), ()),
    "remote_violence": (
        (
            "seized",
            "detonated",
            "controlled",
            "intercept",
            "ied",
            "air",
            "shelling",
            *_AIR,
            *_SHELLING,
        ),
        (),
    ),
    "chemical": (("air", "shelling", *_AIR, *_SHELLING), ()),
}
"""Per rule, the keyword groups (``has``/``first``) and ``has_without`` pairs it may ask
about: what the fast path computes before asking the rule (a rule asking for anything else
fails loudly there)."""


RULES: dict[str, Rule] = {
    "shelling": _shelling,
    "air": _air,
    "clash": _clash,
    "disrupted": _disrupted,
    "remote_violence": _remote_violence,
    "chemical": _chemical,
}
"""The rules an entry may name (see the header of ``acled_kinds.yaml``)."""

KEYWORD_GROUPS = frozenset(
    [
        "rocket",
        "mortar",
        "missile",
        "helicopter",
        "drone",
        "raid",
        "not_raid",
        "intercept",
        "air_defence",
        "ied",
        "air",
        "shelling",
        "seized",
        "detonated",
        "controlled",
    ]
)
"""The keyword groups the rules read (a kinds file may replace, not add, groups)."""


class KindRules:
    """One kinds table: entries per sub-event type and per event type, and keywords."""

    def __init__(
        self,
        sub_event_types: Mapping[str, Entry],
        event_types: Mapping[str, Entry],
        keywords: Mapping[str, list[str]],
        mapped_back: Mapping[str, tuple[Kind, ...]] | None = None,
    ) -> None:
        self.sub_event_types = dict(sub_event_types)
        self.event_types = dict(event_types)
        self.words = Keywords(keywords)
        self.mapped_back = dict(mapped_back or {})
        """sub_event_type -> the kinds ``kind_mappings.yaml`` maps to it."""
        self.notes_decide = frozenset(
            name for name, e in self.sub_event_types.items() if e.rule is not None
        )
        """Sub-event types whose kind depends on the notes (not one kind per type)."""

    @classmethod
    def from_yaml(cls, path: Path | None = None) -> KindRules:
        """The bundled table, with the entries of ``path`` (same layout) replacing its own."""
        sections = read_kinds(data_path("acled_kinds.yaml"))
        if path is not None:
            for name, entries in read_kinds(path).items():
                sections[name].update(entries)
        missing = KEYWORD_GROUPS - set(sections["keywords"])
        if missing:  # only the bundled file can lack a group
            raise InputError(f"keyword groups missing: {', '.join(sorted(missing))}")
        return cls(
            sections["sub_event_types"],
            sections["event_types"],
            sections["keywords"],
            mapped_back(),
        )

    @property
    def import_only(self) -> dict[str, Kind]:
        """Sub-event types read into a fixed kind that does not map back to them (lossy)."""
        return {
            name: e.kind
            for name, e in self.sub_event_types.items()
            if e.kind is not None and e.kind not in self.mapped_back.get(name, ())
        }

    def entry(self, event_type: str, sub_event_type: str) -> tuple[str, Entry]:
        """(field, entry) deciding a row: its sub-event type's, else its event type's."""
        if sub_event_type:
            found = self.sub_event_types.get(sub_event_type)
            if found is None:
                raise InputError(
                    f"sub_event_type {sub_event_type!r} is not an ACLED sub-event type we know",
                    field="sub_event_type",
                    value=sub_event_type,
                    hint="say what it becomes in a kinds file (layout of "
                    "tatgraph/data/acled_kinds.yaml) and pass it with --kinds",
                )
            return "sub_event_type", found
        found = self.event_types.get(event_type)
        if found is None:
            raise InputError(
                f"event_type {event_type!r} is not an ACLED event type we know"
                if event_type
                else "no sub_event_type and no event_type",
                field="event_type",
                value=event_type,
                hint="say what it becomes in a kinds file (layout of "
                "tatgraph/data/acled_kinds.yaml) and pass it with --kinds",
            )
        return "event_type", found

    def choose(self, event_type: str, sub_event_type: str, notes: str, inter1: int | None) -> Kind:
        """The tatgraph kind of an ACLED event; :class:`OutOfScope` if it has none."""
        field, entry = self.entry(event_type.strip(), sub_event_type.strip())
        value = sub_event_type.strip() if field == "sub_event_type" else event_type.strip()
        if entry.kind is not None:
            return entry.kind
        if entry.skip is not None:
            raise OutOfScope(f"{field} {value!r}: {entry.skip}", field=field, value=value)
        assert entry.rule is not None  # an Entry has exactly one of the three
        return self.decided(
            field, value, RULES[entry.rule](TextFacts(self.words, notes.lower()), inter1)
        )

    @staticmethod
    def decided(field: str, value: str, got: Kind | str) -> Kind:
        """A rule's answer for a row: the kind, or :class:`OutOfScope` with its reason."""
        if isinstance(got, Kind):
            return got
        raise OutOfScope(f"{field} {value!r}: {got}", field=field, value=value)


def read_kinds(path: Path) -> dict[str, dict[str, Any]]:
    """The sections of a kinds file, validated; errors name the file, line and entry."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        doc = yaml.safe_load(text)
    except OSError as exc:
        raise InputError(f"cannot read the kinds file: {exc.strerror}", file=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            file=str(path),
            line=mark.line + 1 if mark is not None else None,
        ) from None
    lines = _lines(node)
    if doc is None:
        doc = {}
    if not isinstance(doc, dict) or set(doc) - set(SECTIONS):
        extra = sorted(set(doc) - set(SECTIONS)) if isinstance(doc, dict) else []
        raise InputError(
            "a kinds file is a mapping of sub_event_types, event_types and keywords"
            + (f"; unknown key(s): {', '.join(map(str, extra))}" if extra else ""),
            file=str(path),
            line=lines.get((str(extra[0]), None)) if extra else 1,
            hint="see the header of tatgraph/data/acled_kinds.yaml",
        )
    out: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}
    for section in SECTIONS:
        entries = doc.get(section) or {}
        if not isinstance(entries, dict):
            raise InputError(
                f"'{section}' must be a mapping", file=str(path), line=lines.get((section, None))
            )
        for key, value in entries.items():
            where = {"file": str(path), "line": lines.get((section, str(key))), "field": section}
            if section == "keywords":
                out[section][str(key)] = _group(str(key), value, where)
            else:
                out[section][str(key)] = _entry(str(key), value, where)
    return out


def _lines(node: Any) -> dict[tuple[str, str | None], int]:
    """1-based lines of each section and entry key of a composed YAML document."""
    out: dict[tuple[str, str | None], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[(str(key.value), None)] = key.start_mark.line + 1
            if isinstance(value, yaml.MappingNode):
                for k2, _ in value.value:
                    out[(str(key.value), str(k2.value))] = k2.start_mark.line + 1
    return out


def _entry(name: str, value: object, where: dict[str, Any]) -> Entry:
    if not isinstance(value, dict):
        raise InputError(
            f"{name!r}: expected {{kind: ...}}, {{rule: ...}} or {{skip: reason}}",
            value=str(value),
            **where,
        )
    unknown = set(value) - {"kind", "rule", "skip", "note"}
    given = [k for k in ("kind", "rule", "skip") if value.get(k) not in (None, "")]
    if unknown or len(given) != 1:
        raise InputError(
            f"{name!r}: "
            + (
                f"unknown key(s) {', '.join(sorted(map(str, unknown)))}"
                if unknown
                else "give exactly one of kind, rule or skip"
                + (f" (not {' and '.join(given)})" if given else "")
            ),
            value=name,
            hint="kind: <a tatgraph kind> | rule: <a rule> | skip: <the reason>",
            **where,
        )
    note = value.get("note")
    note = str(note) if note is not None else None
    if "kind" in given:
        try:
            return Entry(kind=Kind(str(value["kind"])), note=note)
        except ValueError:
            raise InputError(
                f"{name!r}: unknown kind {value['kind']!r}",
                value=str(value["kind"]),
                hint=f"use one of: {', '.join(k.value for k in Kind)}",
                **where,
            ) from None
    if "rule" in given:
        if value["rule"] not in RULES:
            raise InputError(
                f"{name!r}: unknown rule {value['rule']!r}",
                value=str(value["rule"]),
                hint=f"use one of: {', '.join(RULES)}",
                **where,
            )
        return Entry(rule=str(value["rule"]), note=note)
    return Entry(skip=" ".join(str(value["skip"]).split()), note=note)


def _group(name: str, value: object, where: dict[str, Any]) -> list[str]:
    if name not in KEYWORD_GROUPS:
        raise InputError(
            f"unknown keyword group {name!r}",
            value=name,
            hint=f"the rules read: {', '.join(sorted(KEYWORD_GROUPS))}",
            **where,
        )
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(w, str) and w.strip() for w in value)
    ):
        raise InputError(
            f"keyword group {name!r} must be a list of words", value=str(value), **where
        )
    return [w.strip().lower() for w in value]


def mapped_back() -> dict[str, tuple[Kind, ...]]:
    """ACLED sub_event_type -> the tatgraph kinds ``kind_mappings.yaml`` maps to it."""
    where = data_path("kind_mappings.yaml")
    doc = yaml.safe_load(where.read_text(encoding="utf-8")) or {}
    out: dict[str, list[Kind]] = {}
    for kind, entry in doc.items():
        out.setdefault(entry["acled"]["sub_event_type"], []).append(Kind(kind))
    return {sub: tuple(kinds) for sub, kinds in out.items()}


@cache
def default_rules() -> KindRules:
    """The bundled table (``tatgraph/data/acled_kinds.yaml``)."""
    return KindRules.from_yaml()


def choose_kind(event_type: str, sub_event_type: str, notes: str, inter1: int | None) -> Kind:
    """:meth:`KindRules.choose` with the bundled table."""
    return default_rules().choose(event_type, sub_event_type, notes, inter1)
