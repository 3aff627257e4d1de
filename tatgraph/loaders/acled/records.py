"""The records one ACLED export becomes, and how they are handed to the graph.

Each stored row is an :class:`AcledRow` (mapped and validated by :mod:`.row`): one Event
``acled:<event_id_cnty>`` at a Site, with perpetrators and targets, and one Claim holding
ACLED's fatality figure, ``IN`` the Source standing for the export (:class:`ExportSource`),
``BY`` the :data:`ACLED_ACTOR`. An :class:`AcledBatch` is up to a batch of rows of one file
with the actors and sites first seen in it, and the rows that were not stored.

A batch leaves the loader in one of two equal forms: :meth:`AcledBatch.dataset` (pydantic
records, for :meth:`GraphStore.write <tatgraph.graph.store.GraphStore.write>`) or
:meth:`AcledBatch.columns` — the same records as columns named after the model's fields,
which :func:`tatgraph.graph.rows.from_columns` turns into graph rows without building a model
per row (the bulk path; the tests check both give the same rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ...errors import Problem
from ...model import Actor, Claim, Dataset, Event, Perpetrator, Site, Source
from ...vocab import Kind, Precision
from .cues import Cue

ACLED_ACTOR = Actor(
    id="acled",
    name="ACLED (Armed Conflict Location & Event Data)",
    aliases=("ACLED", "Armed Conflict Location & Event Data Project"),
    side="none",
    type="ngo",
    note="Claimant of the fatality figures loaded from ACLED exports (its own estimates).",
)
"""The claimant of every ACLED fatality claim."""

EVENT_PREFIX = "acled:"
"""Prefix of the ids of events loaded from ACLED (``acled:<event_id_cnty>``)."""


@dataclass(slots=True)
class AcledRow:
    """One ACLED row, mapped and validated: everything its records will hold."""

    event_id: str
    acled_id: str
    kind: Kind
    start: datetime
    end: datetime
    precision: Precision
    tz: str
    summary: str
    geo_precision: int
    killed: int | None
    first_reported: datetime | None
    site_id: str
    perpetrators: tuple[tuple[str, str], ...]
    """(actor id, basis) pairs."""
    targets: tuple[str, ...]
    claim_id: str
    claim_note: str | None
    site_country: str
    line: int
    file_index: int
    cues: tuple[Cue, ...] = ()
    """The response cues of the row's notes (:mod:`.cues`), if any."""
    event_type: str = ""
    sub_event_type: str = ""
    """ACLED's types, as written (for the citation manifest, :mod:`.cite`)."""

    def models(self, source_id: str) -> tuple[Event, Claim]:
        """The row as validated pydantic records (Event, Claim)."""
        claim = Claim(
            id=self.claim_id,
            event=self.event_id,
            source=source_id,
            claimant=ACLED_ACTOR.id,
            killed=self.killed,
            note=self.claim_note,
        )
        event = Event(
            id=self.event_id,
            kind=self.kind,
            start=self.start,
            end=self.end,
            precision=self.precision,
            tz=self.tz,
            summary=self.summary,
            site=self.site_id,
            geo_precision=self.geo_precision,
            perpetrators=tuple(Perpetrator(actor=a, basis=b) for a, b in self.perpetrators),
            targets=self.targets,
            killed_low=self.killed,
            killed_best=self.killed,
            killed_high=self.killed,
            first_reported=self.first_reported,
        )
        return event, claim


@dataclass
class AcledBatch:
    """Up to ``batch_size`` mapped rows of one file, with the records they need."""

    file: str
    source: Source
    rows: list[AcledRow]
    actors: list[Actor]
    sites: list[Site]
    problems: list[Problem]

    def dataset(self) -> Dataset:
        """The batch as validated model records (for :meth:`GraphStore.write`)."""
        ds = self.references()
        for row in self.rows:
            event, claim = row.models(self.source.id)
            ds.events.append(event)
            ds.claims.append(claim)
        return ds

    def references(self) -> Dataset:
        """The records besides the rows' own: new actors and sites, and the export's Source
        (when the batch stored a row)."""
        ds = Dataset(actors=list(self.actors), sites=list(self.sites))
        if self.rows:
            ds.sources.append(self.source)
        return ds

    def columns(self) -> dict[type[BaseModel], dict[str, Sequence[Any]]]:
        """The rows' Events and Claims in columns named after the model fields (fields left
        out take the model's defaults); see :func:`tatgraph.graph.rows.from_columns`."""
        rows = self.rows
        if not rows:
            return {}
        n = len(rows)
        killed = [r.killed for r in rows]
        event_ids = [r.event_id for r in rows]
        events: dict[str, Sequence[Any]] = {
            "id": event_ids,
            "kind": [r.kind for r in rows],
            "start": [r.start for r in rows],
            "end": [r.end for r in rows],
            "precision": [r.precision for r in rows],
            "tz": [r.tz for r in rows],
            "summary": [r.summary for r in rows],
            "geo_precision": [r.geo_precision for r in rows],
            "site": [r.site_id for r in rows],
            "perpetrators": [r.perpetrators for r in rows],
            "targets": [r.targets for r in rows],
            "killed_low": killed,
            "killed_best": killed,
            "killed_high": killed,
            "first_reported": [r.first_reported for r in rows],
        }
        claims: dict[str, Sequence[Any]] = {
            "id": [r.claim_id for r in rows],
            "event": event_ids,
            "source": [self.source.id] * n,
            "claimant": [ACLED_ACTOR.id] * n,
            "killed": killed,
            "note": [r.claim_note for r in rows],
        }
        return {Event: events, Claim: claims}


class ExportSource:
    """The Source record of one export, its publication the latest row timestamp seen."""

    def __init__(self, path: Path, sha: str) -> None:
        self.path = path
        self.sha = sha
        self.latest: datetime | None = None
        self.latest_end: datetime | None = None

    def seen(self, rows: Sequence[AcledRow]) -> None:
        """Take the latest timestamp and window end of these rows into account."""
        stamps = [r.first_reported for r in rows if r.first_reported is not None]
        if stamps:
            latest = max(stamps)
            self.latest = latest if self.latest is None else max(self.latest, latest)
        if rows:
            end = max(r.end for r in rows)
            self.latest_end = end if self.latest_end is None else max(self.latest_end, end)

    def record(self) -> Source:
        """The Source as of the rows seen so far."""
        published = self.latest or self.latest_end or datetime(1970, 1, 1, tzinfo=UTC)
        return Source(
            id=f"acled:export:{self.sha[:16]}",
            outlet="ACLED",
            published=published,
            published_basis="inferred",
            language="en",
            title=f"ACLED export {self.path.name}",
            file=self.path.name,
            sha256=self.sha,
        )
