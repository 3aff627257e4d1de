"""Event ids of a report: stable across runs, unique within the report."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from ..model import stable_id, zone
from ..vocab import Kind


def event_id(
    report: str,
    start: datetime | None,
    first: int,
    site: str | None,
    kind: Kind,
    tz: str,
    taken: Mapping[int, str],
) -> str:
    """The day, site and kind, and a digest of where the report tells the event; two
    incidents told from the same words (the same first offset, kind and site) are told apart
    by a counter in the digest, so no id of ``taken`` is given twice.

    >>> from tatgraph.vocab import Kind
    >>> a = event_id("r.txt", None, 10, "al_omar", Kind.ROCKET_ATTACK, "Asia/Damascus", {})
    >>> b = event_id("r.txt", None, 10, "al_omar", Kind.ROCKET_ATTACK, "Asia/Damascus", {0: a})
    >>> a.startswith("ev_undated_al_omar_rocket_attack_"), a != b
    (True, True)
    """
    day = f"{start.astimezone(zone(tz)).date():%Y_%m_%d}" if start is not None else "undated"
    used = set(taken.values())
    n = 0
    while True:
        parts = (report, first, kind.value, site, *((n,) if n else ()))
        ev_id = f"ev_{day}_{site or 'unlocated'}_{kind.value}_{stable_id('x', *parts)[-8:]}"
        if ev_id not in used:
            return ev_id
        n += 1


__all__ = ["event_id"]
