"""Loading ACLED exports into a graph: the reader's batches through the writer.

The ACLED reader (:mod:`.read`) only yields records and their graph rows; this module is
the glue that sends them to a store with :class:`~tatgraph.graph.write.Writer`, writes the
rejects file, and handles events that disappeared from a newer export (``prune``):

1. every file's header is checked before anything is written;
2. the reference data (gazetteer, actors, the ``acled`` claimant) is written first;
3. batches are read ahead in a thread and written one transaction each — into an embedded
   graph without ACLED events, their new events, claims and relationships are staged in
   files and each table is copied once at the end (:mod:`tatgraph.graph.staged`);
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

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ...errors import Problem
from ...graph import statements as st
from ...graph.rows import GraphBatch, from_dataset
from ...graph.staged import Stage, StagingStore, finish, recover
from ...graph.store import GraphStore
from ...graph.write import (
    Writer,
    WriteStats,
    delete_ids,
    delete_rels_by_method,
    prefetch,
    rels_by_method,
)
from ...model import Dataset, ResponseLink
from ...reference import Reference, load_reference
from .cite import update_manifest
from .ids import IdSet
from .ledger import Tally
from .read import (
    AcledReader,
    Item,
    Options,
    Progress,
    ReadState,
    paused_gc,
    read_items,
    reader_for,
)
from .records import ACLED_ACTOR, EVENT_PREFIX
from .rejects import REJECT_COLUMNS, RejectsFile, Rendered, printable
from .stated import METHOD, find_links

LADYBUG_BATCH = 300_000
"""Rows per transaction on Ladybug (see :func:`load_acled`)."""

CHUNK_ROWS = 25_000
"""Rows the reader hands over at a time."""

PREFETCH = 8
"""Chunks the reader may be ahead of the writer (two COPY statements' worth)."""

COPY_ROWS = 100_000
"""Rows written at a time inside a transaction (a ``COPY`` per table: Ladybug's ``COPY`` and
its checkpoint cost more for many small statements than for a few large ones)."""

MERGE = {"Event": {"first_reported": "min"}, "Source": {"published": "max"}}
"""Reloads keep an event's earliest ``first_reported`` and an export's latest ``published``."""

__all__ = ["REJECT_COLUMNS", "AcledLoad", "RejectsFile", "load_acled", "printable"]


@dataclass
class AcledLoad:
    """What one load did."""

    tally: Tally
    stats: WriteStats
    files: list[str]
    absent: int = 0
    """Stored ACLED events in the exports' scope that the exports no longer contain."""
    pruned: int = 0
    """Of those, how many were deleted (``prune``)."""
    fallback_lines: dict[str, int] = field(default_factory=dict)
    """Per file: lines that were not UTF-8 (read as Windows-1252)."""
    stated: int = 0
    """Stated RESPONDS_TO links made from response cues in the notes (:mod:`.stated`)."""
    unlinked: int = 0
    """Response cues naming no single stored event (reported, status ``unlinked``)."""
    withdrawn: int = 0
    """Stated links of an earlier load deleted because the event's notes, as this run
    stored them, no longer name that event (a revised row)."""
    exports: list[dict[str, Any]] = field(default_factory=list)
    """The citation manifest entries of the exports (:mod:`.cite`)."""


def check_inputs(
    paths: Sequence[Path],
    *,
    reference: Reference | None = None,
    kinds: Path | None = None,
    countries: Path | None = None,
) -> None:
    """What :func:`load_acled` checks before it writes anything: the ``kinds`` and
    ``countries`` files, then every file's header (an :class:`~tatgraph.errors.InputError`
    naming the file otherwise). A command calls it before it opens a graph, so a load that
    cannot start creates nothing."""
    options = Options(
        [Path(p) for p in paths],
        reference or load_reference(),
        None,
        5.0,
        1,
        datetime.now(UTC),
        kinds,
        countries,
    )
    reader_for(options).open(options.paths)


def _in_process(
    options: Options, reader: AcledReader
) -> tuple[Iterator[Item], Callable[[], ReadState]]:
    return prefetch(read_items(options, reader), depth=PREFETCH), lambda: ReadState.of(reader)


def _in_worker(
    options: Options, reader: AcledReader
) -> tuple[Iterator[Item], Callable[[], ReadState]]:
    # imported here: the package imports this module, and ``python -m`` of the worker
    # must not find the worker already imported by its own package
    from .worker import run_worker

    items, state = run_worker(options)
    # drain the pipe in a thread, the reader PREFETCH chunks ahead: so it goes on reading
    # while a transaction copies and commits (fewer and the two processes take turns)
    return prefetch(items, depth=PREFETCH), state


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
    progress: Callable[[Progress, WriteStats], None] | None = None,
    now: datetime | None = None,
    reader_process: bool | None = None,
    kinds: Path | None = None,
    countries: Path | None = None,
    manifest: Path | None = None,
    accessed: date | None = None,
    fast: bool = True,
    staged: bool = True,
    on_copy: Callable[[str], None] | None = None,
) -> AcledLoad:
    """Load ACLED exports into ``store``; see the module docstring.

    ``batch_size`` is the rows per transaction: :data:`LADYBUG_BATCH` on Ladybug (each
    transaction that copies ends with a checkpoint whose cost grows with the graph, about
    two seconds at a million events, so fewer is faster; more rows in flight cost memory)
    and 10,000 on Neo4j; the reader hands them over in chunks of up to 25,000.
    ``progress`` is called after every transaction is committed. ``reader_process`` reads
    and converts the files in a second process (parallel to the writes; the default for
    inputs over 32 MB), otherwise in a thread. ``kinds`` is a kinds file laid over
    ``tatgraph/data/acled_kinds.yaml``, ``countries`` a names file added to
    ``tatgraph/data/country_names.yaml`` (both validated before anything is written).
    ``manifest`` is the citation manifest to update (:mod:`.cite`), ``accessed`` the
    exports' access date there (default: each file's modification date). ``fast=False``
    reads every file row by row (the fast path gives the same rows; see :mod:`.columnar`).

    ``staged`` (the default) loads into an embedded graph that holds no ACLED event yet by
    staging the new events, claims and their relationships in Parquet files beside it and
    copying each table once at the end (:mod:`tatgraph.graph.staged`; ``on_copy`` is called
    with each table's name before it is copied): the same graph in about a third of the
    memory, and as fast or faster (docs/acled.md, Performance); the reading is
    then done in this process unless ``reader_process`` says otherwise. Into a graph that
    holds ACLED events, on Neo4j, or with ``staged=False``, every batch is copied in its
    own transaction. Every load of an embedded graph first undoes what a staged load that
    stopped while copying left.
    """
    now = now or datetime.now(UTC)
    reference = reference or load_reference()
    paths = [Path(p) for p in paths]
    size = batch_size or (LADYBUG_BATCH if store.dialect is st.Dialect.LADYBUG else 10_000)
    chunk = max(1, min(size, CHUNK_ROWS))
    options = Options(
        paths,
        reference,
        dict(aliases) if aliases else None,
        match_km,
        chunk,
        now,
        kinds,
        countries,
        accessed,
        fast,
    )
    first = reader_for(options)  # the kinds and country files checked, then every header,
    first.open(paths)  # before anything is written
    ladybug = store.dialect is st.Dialect.LADYBUG
    if ladybug:
        recover(store, store.location)
    staging = (
        staged and ladybug and not store.read(st.id_with_prefix("Event"), {"prefix": EVENT_PREFIX})
    )
    if reader_process is None:
        big = sum(p.stat().st_size for p in paths if p.is_file()) > 32 << 20
        reader_process = big and not staging
    items, state = (_in_worker if reader_process else _in_process)(options, first)
    base = reference.dataset()
    base.actors.append(ACLED_ACTOR)
    with ExitStack() as stack:
        stack.callback(getattr(items, "close", lambda: None))
        stage = Stage(store.location, EVENT_PREFIX) if staging else None
        if stage is not None:
            stack.callback(stage.discard)
        # the reader rejects duplicate event ids: each event and claim id comes once
        writer = Writer(
            store if stage is None else StagingStore(store, stage),
            merge=MERGE,
            new_ids=("Event", "Claim"),
            once=True,
        )
        stack.enter_context(paused_gc())
        writer.write(from_dataset(base, now=now))
        for group in _transactions(items, size):
            stats = writer.write_many(group)  # each chunk copied as the reader hands it over
            if rejects is not None:
                for lines in group.rejects:
                    rejects.write_rendered(lines)
            if progress is not None and group.where is not None:
                progress(group.where, stats)
        if stage is not None:
            finish(writer, store, stage, on_copy)
    read = state()
    links, unlinked = find_links(store, read.cue_rows)
    if links:
        writer.write(from_dataset(Dataset(links=links), now=now))
    if rejects is not None:
        rejects.write_rendered(read.unlinked)
        rejects.write(unlinked)
    result = AcledLoad(read.tally, writer.stats, read.files, 0, 0, read.fallback_lines)
    result.stated, result.unlinked = len(links), read.unlinked.n + len(unlinked)
    result.withdrawn = _withdraw_stale(store, read, links)
    result.exports = [f.entry(store.location, now) for f in read.exports]
    if manifest is not None:
        update_manifest(manifest, result.exports)
    # a graph that held no event before this load holds only the events it stored
    absent = [] if writer.new_ids.was_empty("Event") else list(_absent(store, read))
    result.absent = len(absent)
    if absent and prune:
        result.pruned = delete_ids(
            store, ("Claim", "Event"), ([f"{e}:fatalities" for e in absent], absent)
        )
    if rejects is not None and absent:
        status = "pruned" if prune else "absent"
        reason = "stored ACLED event inside this export's countries and dates but not in it " + (
            "(deleted with --prune)" if prune else "(kept; use --prune to delete it)"
        )
        rejects.write(
            [
                Problem("<graph>", None, None, reason, record=e[len(EVENT_PREFIX) :], status=status)
                for e in absent
            ]
        )
    return result


def _withdraw_stale(store: GraphStore, read: ReadState, links: Sequence[ResponseLink]) -> int:
    """Delete the stated links (made from notes cues, :data:`.stated.METHOD`) leaving an
    event this run stored that its cues no longer make: a newer export revised the notes.
    Links of events this run did not store (other exports, rejected rows) stay."""
    made = {(x.event, x.responds_to) for x in links}
    old = [p for p in rels_by_method(store, "RESPONDS_TO", METHOD) if p not in made]
    if not old:
        return 0
    mine = read.stored_ids.find(IdSet.keys([a for a, _ in old])) >= 0
    stale = [p for p, m in zip(old, mine, strict=True) if m]
    return delete_rels_by_method(store, "RESPONDS_TO", METHOD, stale)


class _Transaction:
    """The reader's chunks of one transaction, handed to the writer as they arrive (the
    reader goes on while they are copied), joined into batches of :data:`COPY_ROWS` rows:
    up to ``size`` rows, ending with a file's last chunk (a transaction never waits for the
    next file). Iterated once."""

    def __init__(self, first: Item, rest: Iterator[Item], size: int) -> None:
        self.next_item: Item | None = first
        self.rest, self.size, self.rows = rest, size, 0
        self.rejects: list[Rendered] = []
        self.where: Progress | None = None

    def __iter__(self) -> Iterator[GraphBatch]:
        return self

    def __next__(self) -> GraphBatch:
        parts: list[GraphBatch] = []
        rows = 0
        while self.next_item is not None and (not parts or rows < COPY_ROWS):
            batch, lines, where = self.next_item
            parts.append(batch)
            self.rejects.append(lines)
            self.where = where
            rows += where.rows
            self.rows += where.rows
            done = self.rows >= self.size or where.last
            self.next_item = None if done else next(self.rest, None)
        if not parts:
            raise StopIteration
        # the reader rejects duplicate event ids: distinct across its chunks too
        return GraphBatch.concat(parts, distinct=True)


def _transactions(items: Iterator[Item], size: int) -> Iterator[_Transaction]:
    """The reader's chunks, a transaction at a time (see :class:`_Transaction`)."""
    items = iter(items)
    while (first := next(items, None)) is not None:
        group = _Transaction(first, items, size)
        yield group
        for _ in group:  # chunks the writer did not take (it failed): nothing is left
            pass


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
