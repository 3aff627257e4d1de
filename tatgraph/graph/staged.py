"""The staged layout of a bulk load into a fresh embedded graph (the ACLED loader's default).

Copying each batch's new rows into the graph in the batch's own transaction holds the
batch in Ladybug's transaction memory (about 1.2 GiB for the engine alone at 300,000 rows a
batch, a million in all), and every ``COPY`` after the first commit goes into a table that
holds committed rows, which costs more; a table copied once, from a Parquet file the engine
reads itself, in a transaction of its own, peaks near 600 MiB instead
(``bench/bench_copy_modes.py``; docs/acled.md). Staging does that:

- while the load reads, the new rows of the :data:`STAGED` tables (events, claims and
  their relationships) go to a Parquet file per table in a directory beside the graph
  (:class:`Stage`) instead of into the graph; the other tables (actors, sites, sources)
  are written as usual, a transaction per batch;
- once every row is read, :meth:`Stage.copy_into` copies each file into its table, nodes
  first, each in a transaction of its own.

It is only for a graph that holds no event with the load's id prefix (``acled:``): the
writer takes every staged id as new, and a copy that stops half-way leaves whole tables, not
whole batches. So a marker file beside the graph (:func:`marker_path`) says that a staged
load was copying; :func:`recover` — which every ACLED load runs first — deletes that
prefix's events and claims again (the graph held none before) so that the load runs anew
and ends with the same graph.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import BackendError
from . import statements as st
from .schema import RELS, q
from .tx import Row, Transactional, Tx

if TYPE_CHECKING:
    from .write import Writer

T = TypeVar("T")

STAGED_NODES = ("Event", "Claim")
STAGED = STAGED_NODES + tuple(r.type for r in RELS if r.src in STAGED_NODES and r.owner is not None)
"""The tables a staged load copies at its end: events, claims and the relationships they
own (not ``RESPONDS_TO``: links are written after the load, through the graph)."""


def marker_path(location: str) -> Path:
    """The file saying that a staged load was copying into the graph at ``location``."""
    return Path(location + ".staged-load")


def stage_dir(location: str) -> Path:
    """Where a staged load keeps its Parquet files: beside the graph."""
    path = Path(location)
    return path.parent / f".{path.name}.staging"


class Stage:
    """The Parquet files of one staged load (see the module docstring)."""

    def __init__(self, location: str, prefix: str) -> None:
        self.location, self.prefix = location, prefix
        self.dir = stage_dir(location)
        shutil.rmtree(self.dir, ignore_errors=True)  # a killed load's leftovers
        self.dir.mkdir(parents=True)
        self._writers: dict[str, Any] = {}
        self.rows: dict[str, int] = {}

    def add(self, table: str, data: Any) -> None:
        """Append the Arrow table ``data`` to ``table``'s file."""
        import pyarrow.parquet as pq

        writer = self._writers.get(table)
        try:
            if writer is None:
                writer = self._writers[table] = pq.ParquetWriter(self.path(table), data.schema)
            elif data.schema != writer.schema:
                data = data.cast(writer.schema)
            writer.write_table(data)
        except OSError as exc:
            raise BackendError(
                f"could not write the staged rows to {self.dir}: {exc}",
                hint="free some space beside the graph (the staged files take about a sixth "
                "of the export's size), or load with --no-staged",
            ) from exc
        self.rows[table] = self.rows.get(table, 0) + data.num_rows

    def path(self, table: str) -> Path:
        return self.dir / f"{table}.parquet"

    def copy_into(self, store: Transactional, progress: Callable[[str], None] | None) -> None:
        """Copy every file into its table (nodes first), a transaction each, then remove the
        files. The marker stays until the last table is in."""
        self._close()
        release_memory()  # what the reading left: the copies below peak on top of it
        marker = marker_path(self.location)
        marker.write_text(json.dumps({"prefix": self.prefix, "tables": self.rows}) + "\n")
        for table in STAGED:
            if table not in self.rows:
                continue
            if progress is not None:
                progress(table)
            path = self.path(table)

            def work(tx: Tx, table: str = table, path: Path = path) -> None:
                _copy(tx, copy_file(table, path), table, path)

            store.transaction(work)
        marker.unlink()
        self.discard()

    def discard(self) -> None:
        """Close and remove the files (after the copy, or when the load failed)."""
        self._close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()


def finish(
    writer: Writer, store: Transactional, stage: Stage, on_copy: Callable[[str], None] | None
) -> None:
    """The end of a staged load: copy the stage into ``store``, point ``writer`` at the
    store (what it writes from now on, the links, goes straight in), and write again the
    sides of every event of the actors whose side a batch changed after their events were
    staged (the writer's own refresh saw only the events already in the graph)."""
    stage.copy_into(store, on_copy)
    writer.store = store
    if writer.resided:
        resided = set(writer.resided)
        store.transaction(lambda tx: writer.sides.refresh(tx, store.dialect, resided))


def release_memory() -> None:
    """Hand back what the reading freed: cyclic garbage (a load pauses the collector),
    Arrow's pool and the C heap's free pages."""
    import gc

    import pyarrow as pa

    from .ladybug import release_freed_memory

    gc.collect()
    pa.default_memory_pool().release_unused()
    release_freed_memory()


def copy_file(table: str, path: Path) -> str | None:
    """``COPY`` of a staged Parquet file, the engine reading it (Ladybug takes no parameter
    for a file name): the path is the stage's own, and one with a quote or a backslash gets
    ``None`` (it is read into Arrow and copied from there instead)."""
    text = str(path.resolve())
    if "'" in text or "\\" in text:
        return None
    return f"COPY {q(table)} FROM '{text}'"


def _copy(tx: Tx, statement: str | None, table: str, path: Path) -> None:
    if statement is not None:
        tx.run(statement)
        return
    import pyarrow.parquet as pq

    tx.copy(table, pq.read_table(path))


class StagingStore:
    """A store for :class:`~tatgraph.graph.write.Writer` whose transactions send the new
    rows of :data:`STAGED` tables to a :class:`Stage` and everything else to ``store``."""

    def __init__(self, store: Transactional, stage: Stage) -> None:
        self.store, self.stage = store, stage

    @property
    def dialect(self) -> st.Dialect:
        return self.store.dialect

    def transaction(self, work: Callable[[Tx], T]) -> T:
        return self.store.transaction(lambda tx: work(_StagingTx(tx, self.stage)))


class _StagingTx(Tx):
    arrow = True

    def __init__(self, tx: Tx, stage: Stage) -> None:
        if not tx.arrow:
            raise BackendError("a staged load needs a backend that copies Arrow tables")
        self.tx, self.stage = tx, stage

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self.tx.run(query, params)

    def copy(self, table: str, data: Any) -> None:
        if table in STAGED:
            self.stage.add(table, data)
        elif table == "RESPONDS_TO":
            raise BackendError("a staged load cannot write links: they go in after it")
        else:
            self.tx.copy(table, data)

    def scan(self, query: str, data: Any) -> list[Row]:
        return self.tx.scan(query, data)


def recover(store: Transactional, location: str) -> int:
    """Undo what a staged load that stopped while copying left in the graph at
    ``location`` (see the module docstring): its prefix's claims and events; how many. The
    caller holds the graph open for writing (no other load can be staging into it), so
    staged files left by a load stopped while reading are removed too."""
    marker = marker_path(location)
    if not marker.exists():  # files of a load stopped while reading: nothing in the graph
        shutil.rmtree(stage_dir(location), ignore_errors=True)
        return 0
    prefix = json.loads(marker.read_text())["prefix"]
    deleted = 0
    for label in ("Claim", "Event"):

        def work(tx: Tx, label: str = label) -> int:
            rows = tx.run(st.count_nodes_with_prefix(label), {"prefix": prefix})
            tx.run(st.delete_nodes_with_prefix(label), {"prefix": prefix})
            return int(rows[0]["n"])

        deleted += store.transaction(work)
    marker.unlink()
    shutil.rmtree(stage_dir(location), ignore_errors=True)
    return deleted
