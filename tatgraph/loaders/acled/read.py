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
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ...errors import InputError, Problem
from ...graph.rows import GraphBatch, from_columns
from ...model import Actor, Dataset, Site
from ...reference import Reference
from .cite import ExportFacts, access_date
from .codebook import Columns, check_header
from .countries import CountryTable, default_table
from .csv import CsvTable, clip, file_sha256
from .cues import names_place
from .ids import IdSet, Scope
from .kinds import KindRules
from .records import EVENT_PREFIX, AcledBatch, AcledRow, ExportSource
from .row import RowMapper
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


class AcledReader:
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
    ) -> None:
        self.reference = reference
        self.mapper = RowMapper(
            reference, aliases=aliases, match_km=match_km, kinds=kinds, countries=countries
        )
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
        self.unlinked: list[Problem] = []
        """Cues that name neither a day nor a place (reported, status ``unlinked``)."""

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
        """The batches of one opened file."""
        file_index = len(self.files)
        self.files.append(table.name)
        source = ExportSource(table.path, file_sha256(table.path))
        facts = ExportFacts(
            table.name, source.sha, table.size, access_date(table.path, self.accessed)
        )
        self.exports.append(facts)
        before = replace(self.tally)
        problems: list[Problem] = []
        rows: list[AcledRow] = []
        actors: list[Actor] = []
        sites: list[Site] = []
        records = mapped_problems = 0  # in the current batch
        mapper = self.mapper

        def drain() -> list[Problem]:
            nonlocal records, mapped_problems
            # every record was read, and so was every row the CSV layer refused
            self.tally.read += records + len(problems) - mapped_problems
            out = problems[:]
            problems.clear()
            records = mapped_problems = 0
            return out

        for record in table.records(problems):
            records += 1
            try:
                row = mapper.map(record, cols, file_index, actors, sites)
            except InputError as exc:
                record_id = cols.get(record.cells, "event_id_cnty").strip() or None
                for found in exc.problems:  # one line per bad field, same row
                    problems.append(
                        replace(
                            found,
                            file=table.name,
                            line=record.line,
                            row=record.row,
                            record=record_id,
                            value=clip(found.value),
                        )
                    )
                mapped_problems += len(exc.problems)
                continue
            rows.append(row)
            if len(rows) >= batch_size:
                source.seen(rows)
                yield self._finish(table.name, source, rows, actors, sites, drain())
                rows, actors, sites = [], [], []
        self.fallback_lines[table.name] = table.fallback_lines
        source.seen(rows)
        yield self._finish(table.name, source, rows, actors, sites, drain())
        for name in ("read", "stored", "skipped", "rejected"):
            facts.rows[name] = getattr(self.tally, name) - getattr(before, name)

    def _finish(
        self,
        file: str,
        source: ExportSource,
        rows: list[AcledRow],
        actors: list[Actor],
        sites: list[Site],
        problems: list[Problem],
    ) -> AcledBatch:
        """Reject duplicate ids, update the tally and package the batch."""
        if rows:
            keys = IdSet.keys([r.event_id for r in rows])
            seen = self.stored_ids.find(keys)
            first: dict[int, int] = {}
            keep, kept_keys, where = [], [], []
            for i, row in enumerate(rows):
                k = int(keys[i])
                prior = int(seen[i]) if seen[i] >= 0 else first.get(k, -1)
                if prior >= 0:
                    f, line = divmod(prior, 1 << 40)
                    problems.append(
                        Problem(
                            file,
                            row.line,
                            "event_id_cnty",
                            f"duplicate event_id_cnty: already read at {self.files[f]}:{line} "
                            "(the first occurrence is kept)",
                            value=row.acled_id,
                            record=row.acled_id,
                        )
                    )
                    continue
                pos = (row.file_index << 40) + row.line
                first[k] = pos
                keep.append(row)
                kept_keys.append(k)
                where.append(pos)
            self.stored_ids.add(np.array(kept_keys, dtype=np.int64), np.array(where))
            rows = keep
        record = source.record()
        self.exports[-1].add_rows(rows)
        for r in rows:
            if r.cues:
                self._cues(file, record.id, r)
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
        if rows:
            self.scope.countries.update(r.site_country for r in rows)
            self.scope.add(
                rows[0].site_country, min(r.start for r in rows), max(r.end for r in rows)
            )
        return AcledBatch(file, record, rows, actors, sites, problems)

    def _cues(self, file: str, source: str, r: AcledRow) -> None:
        """Keep the row's cues that can single out an event (a day or a place named) for
        :mod:`.stated`; report the others at once."""
        linkable = tuple(c for c in r.cues if c.day is not None or names_place(c))
        for c in r.cues:
            if c not in linkable:
                self.unlinked.append(
                    Problem(
                        file,
                        r.line,
                        "notes",
                        "response cue not linked: the note gives neither the day nor a place "
                        "of the event it answers",
                        c.quote,
                        record=r.acled_id,
                        status="unlinked",
                    )
                )
        if linkable:
            self.cue_rows.append(
                CueRow(
                    r.event_id,
                    r.start,
                    r.end,
                    r.tz,
                    tuple(a for a, _ in r.perpetrators),
                    r.targets,
                    linkable,
                    source,
                    file,
                    r.line,
                    r.acled_id,
                )
            )


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
    return from_columns(batch.columns(), dataset=batch.references(), now=now)


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
    unlinked: list[Problem] = field(default_factory=list)

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
            reader.unlinked,
        )


Item = tuple[GraphBatch, list[Problem], Progress]
"""One chunk: its graph rows, the rows not stored, and where the load is."""


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
        len(batch.rows),
        last,
    )
    return to_graph(batch, now), batch.problems, where
