"""ACLED exports -> validated tatgraph records, streamed in batches.

The loader reads every layout ACLED has shipped (see docs/acled.md): the current 31 columns
(text inter codes, ISO dates), the 2020-era layout (``data_id``, ``iso3``, numeric inter
codes, dates like ``9-May-20`` or ``21 March 2020``) and older upper-case files with
``ALLY_ACTOR_*`` columns and ``DD/MM/YYYY`` dates. Each data row becomes exactly one of:

- an **Event** (``acled:<event_id_cnty>``) at a **Site**, with perpetrators and targets
  (**Actors**) and one **Claim** holding ACLED's fatality figure, ``IN`` the **Source** that
  stands for the export file (:mod:`.records`; the rules are in :mod:`.row`);
- a **skipped** row (a well-formed event whose sub-event type has no tatgraph kind, e.g. a
  protest), with the reason;
- a **rejected** row (something in it is wrong), with the line, field, value and reason.

So ``read = stored + rejected + skipped`` always holds; nothing is dropped silently.
:class:`AcledReader` does the reading (files -> batches, duplicates, the tally);
:func:`read_items` is the whole reading side of a load — the batches as graph rows, ready
for the writer, in this process or in a reader process (:mod:`.worker`).

>>> from tatgraph.reference import load_reference
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "acled.csv"
>>> _ = path.write_text(
...     "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
...     "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,iso,country,admin1,location,"
...     "latitude,longitude,geo_precision,source,notes,fatalities,timestamp\\n"
...     "SYR1,2023-03-23,2023,1,Explosions/Remote violence,Air/drone strike,"
...     "Unidentified Armed Group (Syria),,Political militia,"
...     "Military Forces of the United States (2021-),,External/Other forces,760,Syria,"
...     "Deir ez Zor,Al Omar Oil Field,35.15,40.58,1,SOHR,A drone struck the base.,1,"
...     "1679900000\\n")
>>> reader = AcledReader(load_reference())
>>> batch = next(reader.batches([path]))
>>> row = batch.rows[0]
>>> row.event_id, row.kind.value, row.site_id, row.targets
('acled:SYR1', 'drone_attack', 'al_omar', ('us_forces',))
>>> row.perpetrators
(('acled:unidentified_armed_group_syria', 'reported'),)
>>> reader.tally.read, reader.tally.stored
(1, 1)
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from ...errors import InputError, Problem
from ...graph.rows import GraphBatch, from_columns
from ...model import Actor, Dataset, Site
from ...reference import Reference
from .cite import ExportFacts, access_date
from .codebook import Columns, check_header
from .countries import CountryTable, default_table
from .csv import CsvTable, Record, clip, file_sha256
from .ids import IdSet, Scope
from .kinds import KindRules
from .ledger import ROW_CHUNK, Chunk, Ledger, Tally
from .records import AcledBatch, AcledRow, ExportSource, RowTable
from .rejects import Rendered, render
from .row import RowMapper
from .stated import CueRow


class AcledReader(Ledger):
    """Maps ACLED files to batches of validated rows; see the module docstring.

    One reader is one run: it remembers the actors and sites it has created, the event ids
    it has stored (duplicates are rejected, first occurrence wins) and the tally.
    """

    def __init__(
        self,
        reference: Reference,
        *,
        aliases: Mapping[str, str] | None = None,
        match_km: float = 5.0,
        kinds: KindRules | None = None,
        countries: CountryTable | None = None,
        fast: bool = True,
    ) -> None:
        self.reference = reference
        self.fast = fast
        """Whether files are read by the columnar fast path (:mod:`.columnar`) where their
        encoding allows (the row path otherwise; both give the same rows and problems)."""
        self.mapper = RowMapper(
            reference, aliases=aliases, match_km=match_km, kinds=kinds, countries=countries
        )
        super().__init__()

    def open(self, paths: Iterable[Path]) -> list[tuple[CsvTable, Columns]]:
        """Open every file and check its header first (nothing is read if one is unusable)."""
        opened = []
        for path in paths:
            table = CsvTable.open(Path(path))
            opened.append((table, check_header(table)))
        return opened

    def batches(self, paths: Iterable[Path], batch_size: int = 50_000) -> Iterator[AcledBatch]:
        """Read each file in turn and yield its rows in batches (never spanning files)."""
        for table, cols in self.open(paths):
            yield from self.file_batches(table, cols, batch_size)

    def file_batches(
        self, table: CsvTable, cols: Columns, batch_size: int = 50_000
    ) -> Iterator[AcledBatch]:
        """The batches of one opened file (each ``batch_size`` stored rows, the last one
        fewer, even none)."""
        file_index = len(self.files)
        self.files.append(table.name)
        # hashed in a thread (hashlib releases the GIL) while the first rows are read: the
        # rows need it only once they cite the export (its Source id)
        hashing = ThreadPoolExecutor(1, thread_name_prefix="tatgraph-sha256")
        source = ExportSource(table.path, hashing.submit(file_sha256, table.path))
        hashing.shutdown(wait=False)
        facts = ExportFacts(table.name, "", table.size, access_date(table.path, self.accessed))
        self.exports.append(facts)
        before = replace(self.tally)
        from .lines import fast_csv

        if self.fast and fast_csv(table):
            chunks = self._fast_chunks(table, cols, file_index)
        else:
            chunks = self._row_chunks(table, cols, file_index)
        yield from self.cut(table.name, source, chunks, batch_size)
        facts.sha256 = source.sha
        self.fallback_lines[table.name] = table.fallback_lines
        for name in ("read", "stored", "skipped", "rejected"):
            facts.rows[name] = getattr(self.tally, name) - getattr(before, name)

    def map_record(
        self,
        record: Record,
        cols: Columns,
        file: str,
        file_index: int,
        actors: list[Actor],
        sites: list[Site],
    ) -> AcledRow | list[Problem]:
        """One record through :meth:`RowMapper.map <.row.RowMapper.map>`: its row, or its
        problems (one per bad field) placed at the file, line and row. New actors and sites
        are appended to ``actors`` and ``sites``."""
        try:
            return self.mapper.map(record, cols, file_index, actors, sites)
        except InputError as exc:
            record_id = cols.get(record.cells, "event_id_cnty").strip() or None
            return [
                replace(
                    found,
                    file=file,
                    line=record.line,
                    row=record.row,
                    record=record_id,
                    value=clip(found.value),
                )
                for found in exc.problems
            ]

    def _row_chunks(self, table: CsvTable, cols: Columns, file_index: int) -> Iterator[Chunk]:
        """The row path: record by record (:meth:`CsvTable.records`, :meth:`map_record`)."""
        found: list[Problem] = []
        chunk = Chunk.empty(self.dyads)
        rows: list[AcledRow] = []
        for record in table.records(found):
            chunk.problems.extend((p.line or 0, p) for p in found)
            found.clear()
            got = self.map_record(record, cols, table.name, file_index, chunk.actors, chunk.sites)
            if isinstance(got, AcledRow):
                rows.append(got)
            else:
                chunk.problems.extend((record.line, p) for p in got)
            if len(rows) >= ROW_CHUNK:
                chunk.rows = RowTable.of_rows(rows, self.dyads)
                yield chunk
                chunk, rows = Chunk.empty(self.dyads), []
        chunk.problems.extend((p.line or 0, p) for p in found)
        chunk.rows = RowTable.of_rows(rows, self.dyads)
        yield chunk

    def _fast_chunks(self, table: CsvTable, cols: Columns, file_index: int) -> Iterator[Chunk]:
        """The columnar fast path: blocks of lines (:mod:`.lines`) mapped by
        :class:`~.columnar.BlockMapper`; rows it cannot vouch for take :meth:`map_record`."""
        from .columnar import BlockMapper
        from .lines import line_blocks

        mapper = BlockMapper(
            self.mapper,
            self.dyads,
            cols,
            table.name,
            file_index,
            lambda r, actors, sites: self.map_record(
                r, cols, table.name, file_index, actors, sites
            ),
        )
        for block in line_blocks(table):
            chunk = Chunk.empty(self.dyads)
            chunk.rows, chunk.problems = mapper.map(block, chunk.actors, chunk.sites)
            yield chunk


def read_acled(
    paths: Iterable[Path],
    reference: Reference,
    *,
    batch_size: int = 5_000,
    aliases: Mapping[str, str] | None = None,
) -> Iterator[tuple[Dataset, list[Problem]]]:
    """Validated :class:`Dataset` batches (and the rows not stored) for any backend.

    This is the plain record API (every record a pydantic model); :func:`read_items` gives
    the same rows without building the models (the bulk path).
    """
    reader = AcledReader(reference, aliases=aliases)
    for batch in reader.batches(paths, batch_size):
        yield batch.dataset(), batch.problems


def to_graph(batch: AcledBatch, now: datetime) -> GraphBatch:
    """The graph rows of one batch (its columns, and its new actors, sites and Source)."""
    rows = from_columns(batch.columns(), dataset=batch.references(), now=now)
    rows.distinct |= {"Event", "Claim"}  # the reader rejects duplicate event ids
    return rows


# -- the reading side of a load -----------------------------------------------------------
class Options(NamedTuple):
    """What to read and how (sent to a reader process as it is)."""

    paths: list[Path]
    reference: Reference
    aliases: dict[str, str] | None
    match_km: float
    batch_size: int
    now: datetime
    kinds: Path | None = None
    """A kinds file laid over the bundled table (``--kinds``)."""
    countries: Path | None = None
    """A country-names file added to the bundled table (``--countries``)."""
    accessed: date | None = None
    """The exports' access date (``--accessed``)."""
    fast: bool = True
    """Read with the columnar fast path where a file allows (see :class:`AcledReader`)."""


@dataclass(frozen=True)
class Progress:
    """Where a load is, after each chunk the reader hands over."""

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
    cue_rows: list[CueRow] = field(default_factory=list)
    exports: list[ExportFacts] = field(default_factory=list)
    unlinked: Rendered = field(default_factory=lambda: Rendered("", 0))
    """The rejects-file lines of the cues that name neither a day nor a place."""

    @classmethod
    def of(cls, reader: AcledReader) -> ReadState:
        return cls(
            reader.tally,
            reader.scope,
            reader.stored_ids,
            reader.protected_ids,
            reader.files,
            reader.fallback_lines,
            reader.cue_rows,
            reader.exports,
            Rendered("".join(reader.unlinked), reader.unlinked_count),
        )


Item = tuple[GraphBatch, Rendered, Progress]
"""One chunk: its graph rows, the rejects-file lines of the rows not stored, and where the
load is."""


@contextmanager
def paused_gc() -> Iterator[None]:
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


def reader_for(options: Options) -> AcledReader:
    """The reader a load with ``options`` uses."""
    reader = AcledReader(
        options.reference,
        aliases=options.aliases,
        match_km=options.match_km,
        kinds=KindRules.from_yaml(options.kinds) if options.kinds else None,
        countries=default_table().with_names(options.countries) if options.countries else None,
        fast=options.fast,
    )
    reader.accessed = options.accessed
    return reader


def read_items(options: Options, reader: AcledReader) -> Iterator[Item]:
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
        len(batch.table),
        last,
    )
    return to_graph(batch, now), Rendered(render(batch.problems), len(batch.problems)), where
