"""Loading ACLED exports into a graph: the reader's batches through the bulk writer.

The ACLED reader (:mod:`tatgraph.loaders.acled`) only yields records; this module is the
glue that sends them to a store with :class:`~tatgraph.graph.bulk.BulkWriter`, writes the
rejects file, and handles events that disappeared from a newer export (``prune``):

1. every file's header is checked before anything is written;
2. the reference data (gazetteer, actors, the ``acled`` claimant) is written first;
3. batches are read ahead in a thread and written one transaction each;
4. stored ACLED events inside the exports' scope (their countries and date range) that the
   exports no longer contain are listed — and deleted, with their ACLED claims, when
   ``prune`` is set. Events whose row was *rejected* this time keep their stored version.

>>> import tempfile, pathlib
>>> from tatgraph.graph import open_store
>>> from tatgraph.synth import write_files
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = write_files(tmp / "a.csv", rows=300, seed=2)
>>> with open_store(tmp / "g.lbdb") as store:
...     done = load_acled(store, [tmp / "a.csv"])
>>> done.tally.read == done.tally.stored + done.tally.rejected + done.tally.skipped == 300
True
"""

from __future__ import annotations

import csv
import gc
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NamedTuple, Self

from ...graph import statements as st
from ...graph import write as bulk
from ...graph.schema import Prop, node_spec, rel_spec
from ...graph.store import GraphBatch, GraphStore, batch_from_dataset
from ...graph.write import ArrowBatch, BulkStats, BulkWriter, arrow_column, arrow_type
from ...model import Dataset
from ...reference import Reference, load_reference
from .csv import CsvTable, RowProblem
from .read import ACLED_ACTOR, EVENT_PREFIX, AcledBatch, AcledReader, IdSet, Scope, Tally

REJECT_COLUMNS = ("file", "line", "row", "event_id_cnty", "status", "field", "value", "reason")
"""Columns of the rejects file (one line per row not stored, and per absent event)."""

MERGE = {"Event": {"first_reported": "min"}, "Source": {"published": "max"}}
"""Reloads keep an event's earliest ``first_reported`` and an export's latest ``published``."""


class RejectsFile:
    """The CSV report of every row not stored (rejected or skipped), written as it goes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._fh: IO[str] | None = None
        self._writer: Any = None

    def __enter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(REJECT_COLUMNS)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fh is not None:
            self._fh.close()

    def write(self, problems: Sequence[RowProblem]) -> None:
        """Append problems (one line each)."""
        for p in problems:
            self._writer.writerow(
                (p.file, p.line, p.row, p.event_id, p.status, p.field, p.value, p.reason)
            )
        self.count += len(problems)


@dataclass
class AcledLoad:
    """What one load did."""

    tally: Tally
    stats: BulkStats
    files: list[str]
    absent: int = 0
    """Stored ACLED events in the exports' scope that the exports no longer contain."""
    pruned: int = 0
    """Of those, how many were deleted (``prune``)."""
    fallback_lines: dict[str, int] = field(default_factory=dict)
    """Per file: lines that were not UTF-8 (read as Windows-1252)."""


def graph_batch(batch: AcledBatch, now: datetime) -> GraphBatch:
    """The property rows of one ACLED batch, as :func:`batch_from_dataset` would build them
    from :meth:`AcledBatch.dataset` (the tests check they are equal)."""
    sources = [batch.source] if batch.rows else []
    b = batch_from_dataset(
        Dataset(actors=batch.actors, sites=batch.sites, sources=sources), now=now
    )
    events, claims = b.nodes["Event"], b.nodes["Claim"]
    performed, targeted, at = b.rels["PERFORMED_BY"], b.rels["TARGETED"], b.rels["AT"]
    about, in_, by = b.rels["ABOUT"], b.rels["IN"], b.rels["BY"]
    event_ids, claim_ids = [], []
    source_id, acled = batch.source.id, ACLED_ACTOR.id
    for r in batch.rows:
        eid, cid = r.event_id, r.claim_id
        events.append(r.event_row(now))
        claims.append(r.claim_row())
        event_ids.append(eid)
        claim_ids.append(cid)
        performed.extend({"src": eid, "dst": a, "basis": basis} for a, basis in r.perpetrators)
        targeted.extend({"src": eid, "dst": t} for t in r.targets)
        at.append({"src": eid, "dst": r.site_id})
        about.append({"src": cid, "dst": eid})
        in_.append({"src": cid, "dst": source_id})
        by.append({"src": cid, "dst": acled})
    for rel in ("PERFORMED_BY", "TARGETED", "AT"):
        b.owners[rel].extend(event_ids)
    for rel in ("ABOUT", "IN", "BY"):
        b.owners[rel].extend(claim_ids)
    return b


def arrow_batch(batch: AcledBatch, now: datetime) -> ArrowBatch:
    """The same rows as :func:`graph_batch`, built column by column (the fast path)."""
    import pyarrow as pa

    sources = [batch.source] if batch.rows else []
    out = ArrowBatch.from_graph_batch(
        batch_from_dataset(
            Dataset(actors=batch.actors, sites=batch.sites, sources=sources), now=now
        )
    )
    rows = batch.rows
    if not rows:
        return out
    n = len(rows)
    killed = [r.killed for r in rows]
    event_ids = [r.event_id for r in rows]
    claim_ids = [r.claim_id for r in rows]
    event_cols: dict[str, list[Any]] = {
        "id": event_ids,
        "kind": [r.kind for r in rows],  # StrEnum members are str
        "start_utc": [r.start for r in rows],
        "end_utc": [r.end for r in rows],
        "precision": [r.precision for r in rows],
        "tz": [r.tz for r in rows],
        "summary": [r.summary for r in rows],
        "geo_precision": [r.geo_precision for r in rows],
        "background": [False] * n,
        "killed_low": killed,
        "killed_best": killed,
        "killed_high": killed,
        "first_reported": [r.first_reported for r in rows],
        "recorded_at": [now] * n,
    }
    claim_cols: dict[str, list[Any]] = {
        "id": claim_ids,
        "killed": killed,
        "hedged": [False] * n,
        "note": [r.claim_note for r in rows],
    }
    out.nodes["Event"] = _table(node_spec("Event").all_props, event_cols, n)
    out.nodes["Claim"] = _table(node_spec("Claim").all_props, claim_cols, n)
    perps = [(r.event_id, a, b) for r in rows for a, b in r.perpetrators]
    targets = [(r.event_id, t) for r in rows for t in r.targets]
    rels: dict[str, tuple[list[str], list[str], dict[str, list[Any]]]] = {
        "PERFORMED_BY": (
            [p[0] for p in perps],
            [p[1] for p in perps],
            {"basis": [p[2] for p in perps]},
        ),
        "TARGETED": ([t[0] for t in targets], [t[1] for t in targets], {}),
        "AT": (event_ids, [r.site_id for r in rows], {}),
        "ABOUT": (claim_ids, event_ids, {}),
        "IN": (claim_ids, [batch.source.id] * n, {}),
        "BY": (claim_ids, [ACLED_ACTOR.id] * n, {}),
    }
    for rel_type, (src, dst, props) in rels.items():
        cols = {"from": pa.array(src, pa.string()), "to": pa.array(dst, pa.string())}
        table = _table(rel_spec(rel_type).props, props, len(src))
        for name in table.column_names:
            cols[name] = table.column(name)
        out.rels[rel_type] = pa.table(cols)
    for rel_type in ("PERFORMED_BY", "TARGETED", "AT"):
        out.owners[rel_type] = out.nodes["Event"].column("id").combine_chunks()
    for rel_type in ("ABOUT", "IN", "BY"):
        out.owners[rel_type] = out.nodes["Claim"].column("id").combine_chunks()
    return out


def _table(props: Sequence[Prop], columns: Mapping[str, list[Any]], n: int) -> Any:
    """An Arrow table of the schema's ``props``; columns not given are all null."""
    import pyarrow as pa

    return pa.table(
        {
            p.name: arrow_column(columns[p.name], p.type)
            if p.name in columns
            else pa.nulls(n, arrow_type(p.type))
            for p in props
        }
    )


@dataclass(frozen=True)
class Progress:
    """Where a load is, after each committed batch."""

    file: str
    bytes_read: int
    bytes_total: int
    tally: Tally
    rows: int
    last: bool = False
    """Whether this is the file's last chunk."""


@dataclass
class ReadState:
    """What the reader knows at the end of a run (sent back by a reader process)."""

    tally: Tally
    scope: Scope
    stored_ids: IdSet
    protected_ids: IdSet
    files: list[str]
    fallback_lines: dict[str, int]

    @classmethod
    def of(cls, reader: AcledReader) -> ReadState:
        return cls(
            reader.tally,
            reader.scope,
            reader.stored_ids,
            reader.protected_ids,
            reader.files,
            reader.fallback_lines,
        )


Item = tuple[ArrowBatch, list[RowProblem], Progress]


class _Options(NamedTuple):
    paths: list[Path]
    reference: Reference
    aliases: dict[str, str] | None
    match_km: float
    batch_size: int
    now: datetime


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (a load makes millions of short-lived,
    acyclic objects, and the collector's passes over the live ones cost a third of the
    reading time); reference counting still frees them. Restored on exit."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(options: _Options, reader: AcledReader) -> Iterator[Item]:
    """Open (header checks first), read and convert every file: the producer's work."""
    opened = reader.open(options.paths)
    total = sum(t.size for t, _ in opened)
    done = 0
    for table, cols in opened:
        pending: AcledBatch | None = None
        for batch in reader.file_batches(table, cols, options.batch_size):
            if pending is not None:
                yield _item(pending, reader, table, done, total, options.now, last=False)
                gc.collect(1)  # the young generations only: cheap, and catches any cycle
            pending = batch
        if pending is not None:
            yield _item(pending, reader, table, done, total, options.now, last=True)
        done += table.size


def _item(
    batch: AcledBatch,
    reader: AcledReader,
    table: CsvTable,
    done: int,
    total: int,
    now: datetime,
    *,
    last: bool,
) -> Item:
    where = Progress(
        table.name,
        done + table.bytes_read,
        total,
        replace(reader.tally, reasons=Counter(reader.tally.reasons)),
        len(batch.rows),
        last,
    )
    return arrow_batch(batch, now), batch.problems, where


def _in_process(options: _Options) -> tuple[Iterator[Item], Callable[[], ReadState]]:
    reader = AcledReader(options.reference, aliases=options.aliases, match_km=options.match_km)
    return bulk.prefetch(_read(options, reader), depth=2), lambda: ReadState.of(reader)


def _in_worker(options: _Options) -> tuple[Iterator[Item], Callable[[], ReadState]]:
    from .worker import run_worker

    items, state = run_worker(options)
    # drain the pipe in a thread, so the worker reads ahead while a transaction is written
    return bulk.prefetch(items, depth=4), state


def load_acled(
    store: GraphStore,
    paths: Sequence[Path],
    *,
    reference: Reference | None = None,
    aliases: Mapping[str, str] | None = None,
    match_km: float = 5.0,
    batch_size: int | None = None,
    rejects: RejectsFile | None = None,
    prune: bool = False,
    progress: Callable[[Progress, BulkStats], None] | None = None,
    now: datetime | None = None,
    reader_process: bool | None = None,
) -> AcledLoad:
    """Load ACLED exports into ``store``; see the module docstring.

    ``batch_size`` is the rows per transaction: 100,000 on Ladybug (each transaction that
    copies ends with a checkpoint costing about a second at a million events, so fewer is
    faster) and 10,000 on Neo4j; the reader hands them over in chunks of up to 25,000.
    ``progress`` is called after every transaction is committed. ``reader_process`` reads
    and converts the files in a second process (parallel to the writes; the default for
    inputs over 32 MB), otherwise in a thread.
    """
    now = now or datetime.now(UTC)
    reference = reference or load_reference()
    paths = [Path(p) for p in paths]
    size = batch_size or (100_000 if store.dialect is st.Dialect.LADYBUG else 10_000)
    chunk = max(1, min(size, 25_000))
    options = _Options(paths, reference, dict(aliases) if aliases else None, match_km, chunk, now)
    if reader_process is None:
        reader_process = sum(p.stat().st_size for p in paths if p.is_file()) > 32 << 20
    AcledReader(reference).open(paths)  # every header checked before anything is written
    items, state = (_in_worker if reader_process else _in_process)(options)
    writer = BulkWriter(store, merge=MERGE)
    base = reference.dataset()
    base.actors.append(ACLED_ACTOR)
    with ExitStack() as stack:
        stack.callback(getattr(items, "close", lambda: None))
        stack.enter_context(_no_cyclic_gc())
        writer.write(batch_from_dataset(base, now=now))
        for group in _transactions(items, size):
            stats = writer.write(ArrowBatch.concat([g[0] for g in group]))
            if rejects is not None:
                for _, problems, _ in group:
                    rejects.write(problems)
            if progress is not None:
                progress(group[-1][2], stats)
    read = state()
    result = AcledLoad(read.tally, writer.stats, read.files, 0, 0, read.fallback_lines)
    absent = list(_absent(store, read))
    result.absent = len(absent)
    if absent and prune:
        result.pruned = bulk.delete_ids(
            store, ("Claim", "Event"), ([f"{e}:fatalities" for e in absent], absent)
        )
    if rejects is not None and absent:
        status = "pruned" if prune else "absent"
        reason = "stored ACLED event inside this export's countries and dates but not in it " + (
            "(deleted with --prune)" if prune else "(kept; use --prune to delete it)"
        )
        rejects.write(
            [
                RowProblem(
                    "<graph>", None, None, e[len(EVENT_PREFIX) :], None, None, reason, status
                )
                for e in absent
            ]
        )
    return result


def _transactions(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    """Group the reader's chunks into transactions of at least ``size`` rows (one file's
    last chunk ends a group too, so a transaction never waits for the next file)."""
    group: list[Item] = []
    rows = 0
    for item in items:
        group.append(item)
        rows += item[2].rows
        if rows >= size or item[2].last:
            yield group
            group, rows = [], 0
    if group:
        yield group


def _absent(store: GraphStore, read: ReadState) -> Iterator[str]:
    """Stored ACLED events in the run's scope that were neither stored nor rejected now.

    Every event stored by this run is in its scope, so when the graph holds no more events
    in scope than the run stored, none is absent and nothing is listed.
    """
    scope = read.scope
    if not scope.countries or scope.start is None or scope.end is None:
        return
    row = {
        "prefix": EVENT_PREFIX,
        "countries": sorted(scope.countries),
        "since": scope.start,
        "until": scope.end,
    }
    count = store.read(st.count_events_in_scope(), {"rows": [row]})
    if not count or int(count[0]["n"]) <= read.tally.stored:
        return
    ids = [r["id"] for r in store.read(st.events_in_scope(), {"rows": [row]})]
    for lo in range(0, len(ids), 50_000):
        chunk = ids[lo : lo + 50_000]
        keys = IdSet.keys(chunk)
        gone = (read.stored_ids.find(keys) < 0) & (read.protected_ids.find(keys) < 0)
        yield from sorted(i for i, g in zip(chunk, gone, strict=True) if g)
