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
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
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

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

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


Dyad = tuple[tuple[tuple[str, str], ...], tuple[str, ...]]
"""(perpetrators as (actor id, basis) pairs, target actor ids)."""


class Dyads:
    """The distinct (perpetrators, targets) of a run, numbered: rows hold the number."""

    def __init__(self) -> None:
        self.items: list[Dyad] = []
        self._index: dict[Dyad, int] = {}
        self._arrays: tuple[int, Any, Any] | None = None

    def index(self, dyad: Dyad) -> int:
        """The number of ``dyad`` (given one when first seen)."""
        found = self._index.get(dyad)
        if found is None:
            found = self._index[dyad] = len(self.items)
            self.items.append(dyad)
        return found

    def arrays(self) -> tuple[Any, Any]:
        """Every dyad's perpetrators (list of struct actor, basis) and targets (list of
        strings), as Arrow arrays to ``take`` from."""
        import pyarrow as pa

        if self._arrays is None or self._arrays[0] != len(self.items):
            perps = pa.array(
                [[{"actor": a, "basis": b} for a, b in p] for p, _ in self.items],
                pa.list_(pa.struct([("actor", pa.string()), ("basis", pa.string())])),
            )
            targets = pa.array([list(t) for _, t in self.items], pa.list_(pa.string()))
            self._arrays = (len(self.items), perps, targets)
        return self._arrays[1], self._arrays[2]


ROW_COLUMNS = (
    ("event_id", "string"),
    ("acled_id", "string"),
    ("kind", "string"),
    ("start", "time"),
    ("end", "time"),
    ("precision", "string"),
    ("tz", "string"),
    ("summary", "string"),
    ("geo_precision", "int"),
    ("killed", "int"),
    ("first_reported", "time"),
    ("site_id", "string"),
    ("dyad", "int"),
    ("claim_note", "string"),
    ("site_country", "string"),
    ("line", "int"),
    ("file_index", "int"),
    ("event_type", "string"),
    ("sub_event_type", "string"),
)
"""The columns of a :class:`RowTable`: the fields of :class:`AcledRow` (the perpetrators and
targets as a :class:`Dyads` number)."""


def row_type(kind: str) -> Any:
    """The Arrow type of a :data:`ROW_COLUMNS` kind."""
    import pyarrow as pa

    return {"string": pa.string(), "int": pa.int64(), "time": pa.timestamp("us", tz="UTC")}[kind]


@cache
def _empty_rows() -> Any:
    import pyarrow as pa

    return pa.table({n: pa.array([], row_type(k)) for n, k in ROW_COLUMNS})


@dataclass
class RowTable:
    """Stored rows in columns (Arrow), the form the fast path makes them in and every batch
    hands them over in; :meth:`rows` gives them as :class:`AcledRow` records."""

    data: Any
    """An Arrow table of :data:`ROW_COLUMNS`."""
    dyads: Dyads
    cues: dict[int, tuple[Cue, ...]] = field(default_factory=dict)
    """The response cues of the rows that have some, by line."""

    def __len__(self) -> int:
        return int(self.data.num_rows)

    @classmethod
    def empty(cls, dyads: Dyads) -> RowTable:
        return cls(_empty_rows(), dyads)

    @classmethod
    def of_rows(cls, rows: Sequence[AcledRow], dyads: Dyads) -> RowTable:
        """The table of ``rows``."""
        import pyarrow as pa

        data: dict[str, Any] = {}
        for name, kind in ROW_COLUMNS:
            if name == "dyad":
                values: list[Any] = [dyads.index((r.perpetrators, r.targets)) for r in rows]
            else:
                values = [getattr(r, name) for r in rows]
            if kind == "time":
                micros = [None if v is None else (v - EPOCH) // MICROSECOND for v in values]
                data[name] = pa.array(micros, pa.int64()).cast(row_type(kind))
            else:
                data[name] = pa.array([getattr(v, "value", v) for v in values], row_type(kind))
        return cls(pa.table(data), dyads, {r.line: r.cues for r in rows if r.cues})

    @classmethod
    def concat(cls, parts: Sequence[RowTable], dyads: Dyads) -> RowTable:
        """One table of several (their rows in order)."""
        import pyarrow as pa

        if len(parts) == 1:
            return parts[0]
        if not parts:
            return cls.empty(dyads)
        cues = {k: v for p in parts for k, v in p.cues.items()}
        return cls(pa.concat_tables([p.data for p in parts]), dyads, cues)

    def take(self, indices: Any) -> RowTable:
        """The rows at ``indices`` (an Arrow or NumPy array of positions)."""
        data = self.data.take(indices)
        lines = set(data.column("line").to_pylist()) if self.cues else set()
        return RowTable(data, self.dyads, {k: v for k, v in self.cues.items() if k in lines})

    def slice(self, start: int, length: int) -> RowTable:
        """``length`` rows from position ``start``."""
        if start == 0 and length == len(self):
            return self
        return self.take(np.arange(start, start + length))

    def column(self, name: str) -> Any:
        return self.data.column(name).combine_chunks()

    def rows(self) -> list[AcledRow]:
        """The rows as :class:`AcledRow` records."""
        cols = {n: self.data.column(n).to_pylist() for n, _ in ROW_COLUMNS}
        out = []
        for i in range(len(self)):
            v = {n: cols[n][i] for n, _ in ROW_COLUMNS}
            perps, targets = self.dyads.items[v.pop("dyad")]
            for stamp in ("start", "end", "first_reported"):
                if v[stamp] is not None:
                    v[stamp] = v[stamp].astimezone(UTC)
            out.append(
                AcledRow(
                    **{**v, "kind": Kind(v["kind"]), "precision": Precision(v["precision"])},
                    perpetrators=perps,
                    targets=targets,
                    claim_id=v["event_id"] + ":fatalities",
                    cues=self.cues.get(v["line"], ()),
                )
            )
        return out


@dataclass
class AcledBatch:
    """Up to ``batch_size`` mapped rows of one file, with the records they need."""

    file: str
    source: Source
    table: RowTable
    actors: list[Actor]
    sites: list[Site]
    problems: list[Problem]

    @property
    def rows(self) -> list[AcledRow]:
        """The stored rows as records (built from :attr:`table`)."""
        return self.table.rows()

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
        if len(self.table):
            ds.sources.append(self.source)
        return ds

    def columns(self) -> dict[type[BaseModel], dict[str, Any]]:
        """The rows' Events and Claims in columns named after the model fields (Arrow arrays;
        fields left out take the model's defaults); see
        :func:`tatgraph.graph.rows.from_columns`."""
        import pyarrow as pa
        import pyarrow.compute as pc

        t = self.table
        n = len(t)
        if not n:
            return {}
        perps, targets = t.dyads.arrays()
        dyad = t.column("dyad")
        killed = t.column("killed")
        event_ids = t.column("event_id")
        events: dict[str, Any] = {
            "id": event_ids,
            "kind": t.column("kind"),
            "start": t.column("start"),
            "end": t.column("end"),
            "precision": t.column("precision"),
            "tz": t.column("tz"),
            "summary": t.column("summary"),
            "geo_precision": t.column("geo_precision"),
            "site": t.column("site_id"),
            "perpetrators": perps.take(dyad),
            "targets": targets.take(dyad),
            "killed_low": killed,
            "killed_best": killed,
            "killed_high": killed,
            "first_reported": t.column("first_reported"),
        }
        claims: dict[str, Any] = {
            "id": pc.binary_join_element_wise(event_ids, ":fatalities", ""),
            "event": event_ids,
            "source": pa.repeat(pa.scalar(self.source.id), n),
            "claimant": pa.repeat(pa.scalar(ACLED_ACTOR.id), n),
            "killed": killed,
            "note": t.column("claim_note"),
        }
        return {Event: events, Claim: claims}


class ExportSource:
    """The Source record of one export, its publication the latest row timestamp seen."""

    def __init__(self, path: Path, sha: str | Future[str]) -> None:
        self.path = path
        self._sha = sha
        self.latest: datetime | None = None
        self.latest_end: datetime | None = None

    @property
    def sha(self) -> str:
        """The export's SHA-256 (waiting for it when it is still being computed)."""
        if not isinstance(self._sha, str):
            self._sha = self._sha.result()
        return self._sha

    def seen(self, rows: RowTable) -> None:
        """Take the latest timestamp and window end of these rows into account."""
        import pyarrow.compute as pc

        if not len(rows):
            return
        latest = pc.max(rows.column("first_reported")).as_py()
        if latest is not None:
            latest = latest.astimezone(UTC)
            self.latest = latest if self.latest is None else max(self.latest, latest)
        end = pc.max(rows.column("end")).as_py().astimezone(UTC)
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
