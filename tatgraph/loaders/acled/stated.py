"""Responses stated in ACLED's notes -> ``stated`` RESPONDS_TO links, or the reason there is none.

The reader keeps, for every stored row whose notes hold a response cue (:mod:`.cues`), a
:class:`CueRow`. After the load has stored every row, :func:`find_links` looks for the event
each cue names among the stored events (this export's and any other source's):

1. **the dyad reversed**: the named event's perpetrators include one of the row's targets,
   or its targets one of the row's perpetrators;
2. **the time**: the named event's window overlaps the day the note gives ("on 4 January",
   "the previous day", "two days after"), else it started at most :data:`WINDOW_DAYS`
   before the row's event; it never starts after it;
3. **narrowing**: where several are left, those of the weapon the cue names ("the drone
   attack") and then those at the place it names (the site's name, one of its aliases or
   its province in the cue's text) are kept, as long as one is. A cue that gives neither a
   day nor a place that matches ("in response to attacks on the coalition") links nothing.

Exactly one event left: a link ``row event RESPONDS_TO named event`` with basis ``stated``,
the cue's words as written on the edge (``cue``) and the export as its ``source``. None
or several: the cue is reported (status ``unlinked`` in the rejects file), never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from ...errors import Problem
from ...graph.store import GraphStore
from ...model import ResponseLink, zone
from ...queries import run
from ...vocab import Kind
from .cues import Cue
from .places import place_key

WINDOW_DAYS = 30
"""A cue that gives no day names an event that started at most this many days before."""

METHOD = "acled-notes-cue"
"""The ``method`` of the links made here."""

WEAPON_KINDS: dict[str, frozenset[Kind]] = {
    "air": frozenset({Kind.AIRSTRIKE, Kind.HELICOPTER_STRIKE, Kind.DRONE_ATTACK}),
    "drone": frozenset({Kind.DRONE_ATTACK, Kind.AIRSTRIKE, Kind.INTERCEPT}),
    "rocket": frozenset({Kind.ROCKET_ATTACK, Kind.INTERCEPT, Kind.ARTILLERY_SHELLING}),
    "mortar": frozenset({Kind.MORTAR_ATTACK, Kind.ARTILLERY_SHELLING}),
    "missile": frozenset({Kind.MISSILE_STRIKE, Kind.AIRSTRIKE, Kind.INTERCEPT}),
    "shelling": frozenset(
        {Kind.ARTILLERY_SHELLING, Kind.ROCKET_ATTACK, Kind.MORTAR_ATTACK, Kind.MISSILE_STRIKE}
    ),
    "ied": frozenset({Kind.IED, Kind.EXPLOSIVE_ATTACK}),
    "clash": frozenset({Kind.GROUND_CLASH, Kind.RAID}),
}
"""The kinds each weapon group of :data:`.cues.WEAPON_WORDS` may name."""

_LONGEST_WINDOW = timedelta(days=32)
"""No stored event window is longer (a month): how far back to fetch overlapping events."""


@dataclass(frozen=True)
class CueRow:
    """A stored ACLED row whose notes hold response cues: what the matching needs."""

    event_id: str
    start: datetime
    end: datetime
    tz: str
    perpetrators: tuple[str, ...]
    targets: tuple[str, ...]
    cues: tuple[Cue, ...]
    source: str
    file: str
    line: int
    record: str


@dataclass(frozen=True)
class Candidate:
    """A stored event a cue may name."""

    id: str
    kind: str
    start: datetime
    end: datetime
    places: tuple[str, ...]
    """The folded names the cue's text may give the event's place by: its site's name and
    aliases, and its province (:func:`.places.place_key`)."""
    perpetrators: frozenset[str]
    targets: frozenset[str]


def find_links(
    store: GraphStore, rows: Sequence[CueRow]
) -> tuple[list[ResponseLink], list[Problem]]:
    """The stated links of ``rows``' cues, and a problem (``unlinked``) per cue without one."""
    links: dict[tuple[str, str], ResponseLink] = {}
    problems: list[Problem] = []
    if not rows:
        return [], []
    ranges = sorted(_search_range(r, c) for r in rows for c in r.cues)
    pool = _candidates(store, _merged(ranges))
    for r in rows:
        for cue in r.cues:
            found, why = match(r, cue, pool)
            if found is not None:
                key = (r.event_id, found.id)
                if key not in links:
                    links[key] = ResponseLink(
                        event=r.event_id,
                        responds_to=found.id,
                        basis="stated",
                        confidence=1.0,
                        lag_hours=_lag(r.start, r.end, found.start, found.end),
                        cue=cue.quote,
                        method=METHOD,
                        source=r.source,
                    )
                continue
            problems.append(
                Problem(
                    r.file,
                    r.line,
                    "notes",
                    f"response cue not linked: {why}",
                    cue.quote,
                    record=r.record,
                    status="unlinked",
                )
            )
    return list(links.values()), problems


def match(row: CueRow, cue: Cue, pool: Sequence[Candidate]) -> tuple[Candidate | None, str]:
    """The one event ``cue`` (of ``row``) names, or None and the reason."""
    lo, hi = _search_range(row, cue)
    perps, targets = set(row.perpetrators), set(row.targets)
    found = [
        c
        for c in pool
        if c.id != row.event_id
        and c.start < hi
        and c.end > lo
        and c.start <= row.start
        and (c.perpetrators & targets or c.targets & perps)
    ]
    when = f"on {cue.day.isoformat()}" if cue.day else f"in the {WINDOW_DAYS} days before"
    if not found:
        return None, f"no stored event {when} by the other side of this event's dyad"
    if len(found) > 1 and cue.weapons:
        kinds = frozenset().union(*(WEAPON_KINDS[w] for w in cue.weapons))
        found = [c for c in found if Kind(c.kind) in kinds] or found
    text = f" {place_key(cue.obj)} "
    here = [c for c in found if any(f" {key} " in text for key in c.places)]
    if cue.day is None and not here:
        # "in response to attacks on the coalition": no day, no place: any answer is a guess
        return None, (
            f"the note gives neither the day nor a place of the event it answers "
            f"({len(found)} stored event(s) {when} by the other side of this event's dyad)"
        )
    found = here or found
    if len(found) > 1:
        return None, (
            f"{len(found)} stored events {when} by the other side of this event's dyad; the "
            "note's place and weapon do not single one out"
        )
    return found[0], ""


def _search_range(row: CueRow, cue: Cue) -> tuple[datetime, datetime]:
    """UTC range the named event's window must overlap: the local day the cue gives, or
    the :data:`WINDOW_DAYS` before the row's event."""
    if cue.day is not None:
        z = zone(row.tz)
        lo = datetime.combine(cue.day, time(0), tzinfo=z)
        return lo.astimezone(row.start.tzinfo), (lo + timedelta(days=1)).astimezone(
            row.start.tzinfo
        )
    return row.start - timedelta(days=WINDOW_DAYS), row.end


def _merged(ranges: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Overlapping ranges merged (sorted input), each widened back by the longest window."""
    out: list[tuple[datetime, datetime]] = []
    for lo, hi in ranges:
        lo -= _LONGEST_WINDOW
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _candidates(store: GraphStore, ranges: Sequence[tuple[datetime, datetime]]) -> list[Candidate]:
    pool: dict[str, Candidate] = {}
    for lo, hi in ranges:
        for r in run(store, "stated_candidates", **{"from": lo, "to": hi}):
            pool[str(r["id"])] = Candidate(
                str(r["id"]),
                str(r["kind"]),
                r["start_utc"],
                r["end_utc"],
                _places(r["site"], r["site_aliases"], r["admin1"]),
                frozenset(a for a in r["perpetrators"] or () if a),
                frozenset(a for a in r["targets"] or () if a),
            )
    return list(pool.values())


def _places(name: object, aliases: object, admin1: object) -> tuple[str, ...]:
    """The folded, non-empty names of a candidate's place (see :attr:`Candidate.places`)."""
    names = [name, *(aliases if isinstance(aliases, list) else ()), admin1]
    return tuple(dict.fromkeys(k for n in names if n and (k := place_key(str(n)))))


def _lag(start: datetime, end: datetime, a_start: datetime, a_end: datetime) -> float:
    """Hours from the answered event's window midpoint to the answer's."""
    later = start + (end - start) / 2
    earlier = a_start + (a_end - a_start) / 2
    return round((later - earlier).total_seconds() / 3600.0, 2)
