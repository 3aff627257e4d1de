"""ACLED event types -> tatgraph kinds.

The table is data: each kind in ``tatgraph/data/kind_mappings.yaml`` names the ACLED
``sub_event_type`` it maps to, so a sub-event type with one kind gets that kind. Where ACLED
pools several of our kinds under one sub-event type the notes decide (first weapon named:
rocket, mortar, missile, else artillery; a helicopter; a non-state actor's drone is a
drone_attack, a state's an airstrike; a raid; an interception). Files from before
sub-event types are read from ``event_type`` and the notes. A type with no tatgraph kind (a
protest, a weapons seizure) raises :class:`~tatgraph.errors.OutOfScope`: the row is skipped,
with the reason.

:class:`KindRules` holds one table; :func:`default_rules` is the bundled one, and
:meth:`KindRules.from_yaml` reads another file in the same layout.

>>> choose_kind("Explosions/Remote violence", "Shelling/artillery/missile attack",
...             "Militias fired mortars and rockets at the base", 3).value
'mortar_attack'
>>> try:
...     choose_kind("Protests", "Peaceful protest", "", None)
... except OutOfScope as exc:
...     print(exc.status, exc.reason)
skipped sub_event_type 'Peaceful protest' (event_type 'Protests') has no tatgraph kind
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import yaml

from ...errors import InputError, OutOfScope
from ...reference import data_path
from ...vocab import Kind

IMPORT_ONLY_KINDS: dict[str, Kind] = {
    "Government regains territory": Kind.GROUND_CLASH,
    "Non-state actor overtakes territory": Kind.GROUND_CLASH,
    "Suicide bomb": Kind.IED,
}
"""ACLED sub-event types read into a kind that does not map back to them (lossy)."""

KEYWORDS: dict[str, tuple[str, ...]] = {
    "rocket": ("rocket", "katyusha"),
    "mortar": ("mortar",),
    "missile": ("missile", "ballistic"),
    "helicopter": ("helicopter", "gunship", "apache"),
    "drone": ("drone", "uav", "quadcopter", "kamikaze", "loitering"),
    "raid": ("raid", "airdrop", "air-drop", "air drop", "heliborne", "landed"),
    "intercept": ("intercept", "shot down", "shoot down", "downed", "air defense", "air defence"),
    "ied": ("ied", "explosive device", "landmine", " mine", "roadside bomb"),
    "air": (
        "airstrike",
        "air strike",
        "warplane",
        "jet",
        "aircraft",
        "bombed",
        "drone",
        "helicopter",
    ),
    "shelling": ("shell", "artillery", "rocket", "mortar", "missile"),
}
"""Words in ACLED's notes that tell our kinds apart (lower case, matched as substrings)."""

NOTES_DECIDE = frozenset(
    (
        "Shelling/artillery/missile attack",
        "Air/drone strike",
        "Armed clash",
        "Disrupted weapons use",
    )
)
"""Sub-event types whose kind depends on the notes (a reader cannot remember it per type)."""

_STATE_INTER = (1, 8)


def _position(notes: str, group: str) -> int:
    """Where the first word of ``group`` occurs in (lower-cased) ``notes``; -1 if none."""
    best = -1
    for word in KEYWORDS[group]:
        at = notes.find(word)
        if at >= 0 and (best < 0 or at < best):
            best = at
    return best


def _has(notes: str, group: str) -> bool:
    """Whether a word of ``group`` occurs in (lower-cased) ``notes``."""
    return any(word in notes for word in KEYWORDS[group])


def _first(notes: str, groups: Sequence[str]) -> str | None:
    """The group among ``groups`` whose word occurs first in ``notes``."""
    best: tuple[int, str] | None = None
    for group in groups:
        at = _position(notes, group)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, group)
    return best[1] if best else None


class KindRules:
    """One kind table: ``candidates`` maps a sub-event type to the kinds mapped to it."""

    def __init__(
        self,
        candidates: Mapping[str, tuple[Kind, ...]],
        import_only: Mapping[str, Kind] | None = None,
    ) -> None:
        self.candidates = dict(candidates)
        self.import_only = dict(IMPORT_ONLY_KINDS if import_only is None else import_only)

    @classmethod
    def from_yaml(cls, path: Path | None = None) -> KindRules:
        """The table of a file in the layout of ``kind_mappings.yaml`` (default: that file)."""
        where = path or data_path("kind_mappings.yaml")
        with where.open(encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
        out: dict[str, list[Kind]] = {}
        for kind, entry in (doc or {}).items():
            try:
                sub = entry["acled"]["sub_event_type"]
                out.setdefault(sub, []).append(Kind(kind))
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(
                    f"cannot read the ACLED mapping of kind {kind!r}: {exc}",
                    file=str(where),
                    field=str(kind),
                    hint="each entry needs acled: {sub_event_type: ...} and a tatgraph kind",
                ) from None
        return cls({sub: tuple(kinds) for sub, kinds in out.items()})

    def choose(self, event_type: str, sub_event_type: str, notes: str, inter1: int | None) -> Kind:
        """The tatgraph kind of an ACLED event; :class:`OutOfScope` if it has none."""
        low = notes.lower()
        candidates = self.candidates.get(sub_event_type, ())
        chosen: Kind | None = None
        if sub_event_type == "Shelling/artillery/missile attack":
            first = _first(low, ("rocket", "mortar", "missile"))
            chosen = {
                "rocket": Kind.ROCKET_ATTACK,
                "mortar": Kind.MORTAR_ATTACK,
                "missile": Kind.MISSILE_STRIKE,
            }.get(first or "", Kind.ARTILLERY_SHELLING)
        elif sub_event_type == "Air/drone strike":
            if _has(low, "helicopter"):
                chosen = Kind.HELICOPTER_STRIKE
            elif inter1 not in _STATE_INTER and _has(low, "drone"):
                chosen = Kind.DRONE_ATTACK
            else:
                chosen = Kind.AIRSTRIKE
        elif sub_event_type == "Armed clash":
            chosen = Kind.RAID if _has(low, "raid") else Kind.GROUND_CLASH
        elif sub_event_type == "Disrupted weapons use":
            if not _has(low, "intercept"):
                raise _none(
                    sub_event_type,
                    "sub_event_type 'Disrupted weapons use' without an interception in the "
                    "notes (e.g. a weapons seizure or a defused device) has no tatgraph kind",
                )
            chosen = Kind.INTERCEPT
        elif sub_event_type in self.import_only:
            return self.import_only[sub_event_type]
        elif len(candidates) == 1:
            chosen = candidates[0]
        elif not sub_event_type:
            return self._legacy(event_type, low, inter1)
        if chosen is None or chosen not in candidates:
            raise _none(
                sub_event_type,
                f"sub_event_type {sub_event_type!r} (event_type {event_type!r}) has no "
                "tatgraph kind",
            )
        return chosen

    def _legacy(self, event_type: str, low: str, inter1: int | None) -> Kind:
        """Files from before sub-event types: battles, and remote violence read from the notes."""
        kind = event_type.strip().lower()
        if kind.startswith("battle"):
            return Kind.RAID if _has(low, "raid") else Kind.GROUND_CLASH
        if kind == "remote violence":
            first = _first(low, ("ied", "air", "shelling"))
            if first == "ied":
                return Kind.IED
            if first == "air":
                return self.choose("", "Air/drone strike", low, inter1)
            if first == "shelling":
                return self.choose("", "Shelling/artillery/missile attack", low, inter1)
            raise _none(
                event_type,
                "event_type 'Remote violence' (no sub_event_type) and the notes name no "
                "weapon we can map",
            )
        raise _none(
            event_type, f"event_type {event_type!r} (no sub_event_type) has no tatgraph kind"
        )


def _none(value: str, reason: str) -> OutOfScope:
    return OutOfScope(reason, field="sub_event_type", value=value)


@cache
def default_rules() -> KindRules:
    """The bundled table (``tatgraph/data/kind_mappings.yaml``)."""
    return KindRules.from_yaml()


def acled_sub_event_kinds() -> dict[str, tuple[Kind, ...]]:
    """ACLED sub_event_type -> the tatgraph kinds that map to it (kind_mappings.yaml)."""
    return default_rules().candidates


def choose_kind(event_type: str, sub_event_type: str, notes: str, inter1: int | None) -> Kind:
    """:meth:`KindRules.choose` with the bundled table."""
    return default_rules().choose(event_type, sub_event_type, notes, inter1)
