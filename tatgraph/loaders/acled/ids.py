"""What one run has seen: the ids it stored or rejected, and the extent of its exports.

A million-row export must not need a Python set of a million strings to find duplicate
``event_id_cnty`` values or events that disappeared from a newer export:
:class:`~tatgraph.graph.idset.IdSet` keeps 64-bit hashes in sorted NumPy chunks.
:class:`Scope` is the countries and dates the exports cover, inside which a stored event
the exports no longer contain counts as absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ...graph.idset import IdSet

__all__ = ["IdSet", "Scope"]


@dataclass
class Scope:
    """What the loaded exports cover: for pruning events that disappeared from them."""

    countries: set[str] = field(default_factory=set)
    start: datetime | None = None
    end: datetime | None = None

    def add(self, iso3: str, start: datetime, end: datetime) -> None:
        self.countries.add(iso3)
        self.start = start if self.start is None else min(self.start, start)
        self.end = end if self.end is None else max(self.end, end)
