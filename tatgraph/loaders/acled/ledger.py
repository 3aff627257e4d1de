r"""What a run of the ACLED reader has seen, and how its rows become batches.

:class:`Ledger` (the base of :class:`~.read.AcledReader`) keeps the tally, the ids stored and
rejected, the extent of the exports, the response cues to link; :meth:`Ledger.cut` turns the
mapped rows of a file — in :class:`Chunk`\ s, from the row path or the fast path alike —
into batches of a given number of stored rows, rejecting duplicate ids (the first
occurrence is kept) and counting every row read, stored, rejected and skipped.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from ...errors import Problem
from ...model import Actor, Site
from .cite import ExportFacts
from .cues import Cue, names_place
from .ids import IdSet, Scope
from .records import EPOCH, EVENT_PREFIX, AcledBatch, Dyads, ExportSource, RowTable
from .rejects import render_rows
from .stated import CueRow


@dataclass
class Tally:
    """Rows read, stored, rejected and skipped (``read == stored + rejected + skipped``)."""

    read: int = 0
    stored: int = 0
    rejected: int = 0
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def balanced(self) -> bool:
        """Whether every row read is accounted for."""
        return self.read == self.stored + self.rejected + self.skipped


ROW_CHUNK = 5_000
"""Rows the row path maps before it hands them on (see :meth:`Ledger.cut`)."""


@dataclass
class Chunk:
    """Mapped rows of one file in line order, the problems of its other lines (with their
    line), and the actors and sites first seen in them."""

    rows: RowTable
    problems: list[tuple[int, Problem]]
    actors: list[Actor]
    sites: list[Site]

    @classmethod
    def empty(cls, dyads: Dyads) -> Chunk:
        return cls(RowTable.empty(dyads), [], [], [])


class Ledger:
    """What one run has read so far; see the module docstring."""

    def __init__(self) -> None:
        self.dyads = Dyads()
        self.tally = Tally()
        self.scope = Scope()
        self.stored_ids = IdSet()
        self.protected_ids = IdSet()
        """Ids of rejected rows: their earlier versions are kept by ``--prune``."""
        self.files: list[str] = []
        self.fallback_lines: dict[str, int] = {}
        self.accessed: date | None = None
        """The access date of the exports (``--accessed``; default: each file's date)."""
        self.exports: list[ExportFacts] = []
        """What each file read held (:mod:`.cite`)."""
        self.cue_rows: list[CueRow] = []
        """Stored rows whose notes hold response cues (:mod:`.stated` links them)."""
        self.unlinked: list[str] = []
        self.unlinked_count = 0
        """Cues that name neither a day nor a place (reported, status ``unlinked``): their
        rejects-file lines (:func:`.rejects.render`, a batch at a time) and how many."""

    def cut(
        self, file: str, source: ExportSource, chunks: Iterator[Chunk], batch_size: int
    ) -> Iterator[AcledBatch]:
        """Batches of ``batch_size`` stored rows from the chunks (rows and problems in line
        order), each with the problems of the lines before its last row; the actors and
        sites first seen in a chunk go with the first batch that takes rows of it."""
        rows: list[RowTable] = []
        problems: list[Problem] = []
        actors: list[Actor] = []
        sites: list[Site] = []
        held = 0
        for chunk in chunks:
            actors += chunk.actors
            sites += chunk.sites
            at = p_at = 0
            lines = chunk.rows.column("line").to_numpy() if len(chunk.rows) else None
            p_lines = [line for line, _ in chunk.problems]
            while held + len(chunk.rows) - at >= batch_size:
                take = batch_size - held
                cut = int(lines[at + take - 1])  # type: ignore[index]
                p_end = bisect_left(p_lines, cut, lo=p_at)
                rows.append(chunk.rows.slice(at, take))
                problems += [p for _, p in chunk.problems[p_at:p_end]]
                yield self._finish(file, source, rows, actors, sites, problems)
                rows, problems, actors, sites, held = [], [], [], [], 0
                at, p_at = at + take, p_end
            if at < len(chunk.rows):
                rows.append(chunk.rows.slice(at, len(chunk.rows) - at))
                held += len(chunk.rows) - at
            problems += [p for _, p in chunk.problems[p_at:]]
        yield self._finish(file, source, rows, actors, sites, problems)

    def _finish(
        self,
        file: str,
        source: ExportSource,
        parts: list[RowTable],
        actors: list[Actor],
        sites: list[Site],
        problems: list[Problem],
    ) -> AcledBatch:
        """Reject duplicate ids, update the tally and package the batch."""
        rows = RowTable.concat(parts, self.dyads)
        self.tally.read += len(rows) + len({(p.line, p.row) for p in problems})
        if len(rows):
            rows = self._unique(file, rows, problems)
        source.seen(rows)
        record = source.record()
        self.exports[-1].add_rows(rows)
        if rows.cues:
            self._cue_rows(file, record.id, rows)
        rejected_ids = [p.record for p in problems if p.status == "rejected" and p.record]
        if rejected_ids:
            keys = IdSet.keys([EVENT_PREFIX + i for i in rejected_ids])
            self.protected_ids.add(keys, np.zeros(len(keys), dtype=np.int64))
        last: tuple[int | None, int | None] | None = None
        for p in problems:  # a row with several bad fields has consecutive problems
            at = (p.line, p.row)
            if at != last:
                if p.status == "skipped":
                    self.tally.skipped += 1
                else:
                    self.tally.rejected += 1
            last = at
            self.tally.reasons[reason_key(p)] += 1
        self.tally.stored += len(rows)
        if len(rows):
            self.scope.countries.update(_unique_values(rows.column("site_country")))
            self.scope.add(
                rows.column("site_country")[0].as_py(),
                _time(rows, "start", min),
                _time(rows, "end", max),
            )
        return AcledBatch(file, record, rows, actors, sites, problems)

    def _unique(self, file: str, rows: RowTable, problems: list[Problem]) -> RowTable:
        """The rows whose id this run has not stored before (the first occurrence is kept);
        a problem for each other one."""
        keys = IdSet.keys(rows.column("event_id"))
        lines = rows.column("line").to_numpy()
        where = (rows.column("file_index").to_numpy() << 40) + lines
        seen = self.stored_ids.find(keys)
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        first_here = first[inverse.reshape(-1)]
        prior = np.where(seen >= 0, seen, where[first_here])
        duplicate = (seen >= 0) | (first_here != np.arange(len(keys)))
        if duplicate.any():
            acled_ids = rows.column("acled_id")
            for i in np.flatnonzero(duplicate).tolist():
                f, line = divmod(int(prior[i]), 1 << 40)
                acled_id = acled_ids[i].as_py()
                problems.append(
                    Problem(
                        file,
                        int(lines[i]),
                        "event_id_cnty",
                        f"duplicate event_id_cnty: already read at {self.files[f]}:{line} "
                        "(the first occurrence is kept)",
                        value=acled_id,
                        record=acled_id,
                    )
                )
            keep = np.flatnonzero(~duplicate)
            rows, keys, where = rows.take(keep), keys[keep], where[keep]
        self.stored_ids.add(keys, where)
        return rows

    def _cue_rows(self, file: str, source: str, rows: RowTable) -> None:
        """Keep the rows' cues that can single out an event (a day or a place named) for
        :mod:`.stated`; report the others at once."""
        got = rows.data.take(_with_cues(rows))
        line, acled_id = (_strings(got.column(n)) for n in ("line", "acled_id"))
        sorted_cues = [rows.cues[n] for n in line]
        split: dict[int, tuple[tuple[Cue, ...], tuple[Cue, ...]]] = {}
        reason = (
            "response cue not linked: the note gives neither the day nor a place of the event "
            "it answers"
        )
        linked: list[int] = []
        unlinked: list[tuple[Any, ...]] = []  # rejects-file lines, without a Problem each
        for k, cues in enumerate(sorted_cues):
            parts = split.get(id(cues))
            if parts is None:  # rows share the cues of the same notes: decided once
                ok = [c.day is not None or names_place(c) for c in cues]
                parts = split[id(cues)] = (
                    tuple(c for c, y in zip(cues, ok, strict=True) if y),
                    tuple(c for c, y in zip(cues, ok, strict=True) if not y),
                )
            for c in parts[1]:
                unlinked.append(
                    (file, line[k], None, acled_id[k], "unlinked", "notes", c.quote, reason)
                )
            if parts[0]:
                linked.append(k)
        if unlinked:
            self.unlinked.append(render_rows(unlinked))
            self.unlinked_count += len(unlinked)
        if not linked:
            return
        sub = got.take(pa_indices(linked))
        event_id, tz, dyad = (_strings(sub.column(n)) for n in ("event_id", "tz", "dyad"))
        start, end = (_datetimes(sub.column(n)) for n in ("start", "end"))
        for j, k in enumerate(linked):
            perps, targets = self.dyads.items[dyad[j]]
            self.cue_rows.append(
                CueRow(
                    event_id[j],
                    start[j],
                    end[j],
                    tz[j],
                    tuple(a for a, _ in perps),
                    targets,
                    split[id(sorted_cues[k])][0],
                    source,
                    file,
                    line[k],
                    acled_id[k],
                )
            )


def _strings(column: Any) -> list[Any]:
    """An Arrow column as a list (through NumPy: faster than Arrow's own conversion)."""
    return column.to_numpy(zero_copy_only=False).tolist()  # type: ignore[no-any-return]


def pa_indices(positions: list[int]) -> Any:
    import pyarrow as pa

    return pa.array(positions, pa.int64())


def _datetimes(column: Any) -> list[datetime]:
    """A timestamp column as aware UTC datetimes (faster than Arrow's own conversion)."""
    micros = column.cast("int64").to_pylist()
    return [EPOCH + timedelta(microseconds=m) for m in micros]


def _with_cues(rows: RowTable) -> Any:
    """Positions of the rows that have response cues."""
    lines = rows.column("line").to_numpy()
    return np.flatnonzero(np.isin(lines, np.array(list(rows.cues), dtype=np.int64)))


def _unique_values(values: Any) -> list[Any]:
    import pyarrow.compute as pc

    return list(pc.unique(values).to_pylist())


def _time(rows: RowTable, name: str, which: Callable[..., Any]) -> datetime:
    """The earliest or latest (``which``: min or max) timestamp of column ``name``."""
    import pyarrow.compute as pc

    found = (pc.min if which is min else pc.max)(rows.column(name)).as_py()
    return found.astimezone(UTC)  # type: ignore[no-any-return]


def reason_key(problem: Problem) -> str:
    """A short reason for the tally: the status, the field and the reason (a skipped
    type's whole reason; otherwise the reason up to its first colon, where the details of
    one value begin: "duplicate event_id_cnty: already read at ...").

    >>> reason_key(Problem("a.csv", 2, "fatalities", "not a number", "x"))
    'rejected: fatalities: not a number'
    """
    if problem.status == "skipped":
        return f"skipped: {problem.reason}"
    return f"{problem.status}: {problem.field or 'csv'}: {problem.reason.split(': ')[0]}"
