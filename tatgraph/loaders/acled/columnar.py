"""The fast path's mapping: a block of CSV lines (:mod:`.lines`) -> stored rows in columns.

:meth:`RowMapper.map <.row.RowMapper.map>` decides one row at a time. Most of what it
decides depends on a few cells that repeat from row to row (types, actors, countries,
locations, dates, counts), so here each decision is taken **once per distinct value** (or
combination of values) with the row path's own functions, and spread over the rows with
NumPy/Arrow; the notes — different in every row — are read by vectorised keyword searches
(:class:`~.kinds.RankFacts`), and only rows whose notes need more (response cues, odd
whitespace, non-ASCII text deciding a kind) are read one by one, again with the row path's
functions.

A row goes to the row path whole — :meth:`RowMapper.map <.row.RowMapper.map>`, which
reports every bad field with the reason — when any of its values is not one the fast path
can vouch for (a bad date, count, coordinate, id, country, an unknown type, an enormous
actor name...). Rows whose type has no tatgraph kind are skipped with the row path's
reason. So every row ends as the row path would end it: the same stored row, the same
problems.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import InputError, OutOfScope, Problem
from ...model import Actor, Site
from ...vocab import Kind
from .actors import inter_code
from .arrays import combine, encode, first_values
from .cells import allowed, take_as, timestamps
from .codebook import (
    GEO_PRECISIONS,
    PRECISIONS,
    Columns,
    parse_count,
    parse_date,
    window,
)
from .csv import Record, clip
from .lines import LineBlock
from .notes import cased, keyword_patterns, row_cues, rule_kinds, summaries
from .records import (
    EVENT_PREFIX,
    ROW_COLUMNS,
    AcledRow,
    Dyads,
    RowTable,
    row_type,
)
from .row import RowMapper

MapRecord = Callable[[Record, list[Actor], list[Site]], AcledRow | list[Problem]]
"""The row path for one record: its row, or its problems placed at its file and line (new
actors and sites appended to the lists)."""

_ID = r"^[A-Za-z0-9_.:\-]{1,150}$"


class BlockMapper:
    """Maps the blocks of one file; see the module docstring."""

    def __init__(
        self,
        mapper: RowMapper,
        dyads: Dyads,
        cols: Columns,
        file: str,
        file_index: int,
        map_record: MapRecord,
    ) -> None:
        self.mapper = mapper
        self.dyads = dyads
        self.cols = cols
        self.file = file
        self.file_index = file_index
        self.map_record = map_record
        self.patterns = keyword_patterns(mapper.kinds)

    def map(
        self, block: LineBlock, new_actors: list[Actor], new_sites: list[Site]
    ) -> tuple[RowTable, list[tuple[int, Problem]]]:
        """The block's stored rows (in line order) and its problems (with their lines)."""
        problems: list[tuple[int, Problem]] = []
        slow: list[AcledRow] = []
        records = [r for _, r in block.others if isinstance(r, Record)]
        rows = _Rows(self, block, new_actors, new_sites) if block.table.num_rows else None
        if rows is not None:
            rows.prime(records)
        else:
            for record in records:
                self.mapper.prime(record, self.cols)
        for line, got in block.others:
            if isinstance(got, Problem):
                problems.append((line, got))
            else:
                self._slow(got, slow, problems, new_actors, new_sites)
        fast = RowTable.empty(self.dyads)
        if rows is not None:
            fast = rows.map(slow, problems)
        if slow:
            fast = self._sorted(
                RowTable.concat([fast, RowTable.of_rows(slow, self.dyads)], self.dyads)
            )
        problems.sort(key=lambda p: p[0])  # stable: a row's problems keep their order
        return fast, problems

    def _slow(
        self,
        record: Record,
        rows: list[AcledRow],
        problems: list[tuple[int, Problem]],
        new_actors: list[Actor],
        new_sites: list[Site],
    ) -> None:
        got = self.map_record(record, new_actors, new_sites)
        if isinstance(got, AcledRow):
            rows.append(got)
        else:
            problems.extend((record.line, p) for p in got)

    def _sorted(self, table: RowTable) -> RowTable:

        return table.take(pc.sort_indices(table.data.column("line")))


_KINDS = list(Kind)
_PLACE = ("admin1", "location", "latitude", "longitude")


def _quietly(resolve: Callable[..., Any], *key: str) -> None:
    """Resolve a place, its faults left for the row to report when it is mapped."""
    with contextlib.suppress(InputError):
        resolve(*key)


class _Rows:
    """One block's table of simple lines, mapped column by column."""

    def __init__(
        self, owner: BlockMapper, block: LineBlock, new_actors: list[Actor], new_sites: list[Site]
    ) -> None:
        self.owner = owner
        self.mapper = owner.mapper
        self.block = block
        self.table = block.table
        self.n = block.table.num_rows
        self.new_actors = new_actors
        self.new_sites = new_sites
        self.slow = np.zeros(self.n, dtype=bool)
        """Rows the row path maps (a value the fast path cannot vouch for)."""
        self.skip: dict[int, Problem] = {}
        """Rows skipped (their type has no tatgraph kind), with the row path's problem."""
        self._cells: dict[str, Any] = {}
        self.iso3: list[str] = []
        self.zones: list[str] = []
        """The countries of the block (rows hold a position here; see :meth:`countries`)."""

    def cell(self, name: str) -> Any:
        """Column ``name`` (empty strings where the file has no such column)."""

        found = self._cells.get(name)
        if found is None:
            if self.owner.cols.has(name):
                found = self.table.column(name).combine_chunks()
            else:
                found = pa.repeat(pa.scalar(""), self.n)
            self._cells[name] = found
        return found

    def per_value(self, name: str, decide: Callable[[str], Any]) -> tuple[Any, list[Any]]:
        """(code of each row, ``decide`` of each distinct value of column ``name``); a value
        ``decide`` refuses sends its rows to the row path."""
        codes, values = encode(self.cell(name))
        out: list[Any] = []
        bad = np.zeros(len(values) + 1, dtype=bool)
        for k, v in enumerate(values):
            try:
                out.append(decide(v))
            except (ValueError, InputError, OverflowError, OSError):
                out.append(None)
                bad[k] = True
        self.slow |= bad[codes]
        return codes, out

    # -- the decisions, column by column ----------------------------------------------------
    def prime(self, others: list[Record]) -> None:
        """Resolve the actor names and places of the block as the row path would meet them,
        in file order (``others``: the block's records read line by line), before any row
        is mapped: an actor or a new site is made as its first mention says."""
        self.kind = self.kinds()
        self.iso3_codes = self.countries()
        long = np.zeros(self.n, dtype=bool)
        for name in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"):
            long |= np.asarray(pc.greater(pc.utf8_length(self.cell(name)), 500), dtype=bool)
        others = others + [self._as_record(i) for i in np.flatnonzero(long).tolist()]
        reach = np.flatnonzero((self.kind >= 0) & ~long)  # rows whose actors are resolved
        lines = self.block.lines
        steps: list[tuple[int, int, Callable[[], Any]]] = []
        columns = [("actor1", "inter1"), ("assoc_actor_1", ""), ("actor2", "inter2")]
        columns.append(("assoc_actor_2", ""))
        first: dict[str, tuple[int, int, str]] = {}
        for pos, (name, inter) in enumerate(columns):
            codes, values = encode(self.cell(name).take(pa.array(reach)))
            _, at = np.unique(codes, return_index=True)
            rows = reach[at]
            inters = self.cell(inter).take(pa.array(rows)).to_pylist() if inter else None
            for k, (row, code) in enumerate(zip(rows.tolist(), codes[at].tolist(), strict=True)):
                parts = values[code].split(";") if not inter else [values[code]]
                for q, part in enumerate(parts):
                    key = part.strip()
                    order = (int(lines[row]), pos * 1000 + q, inters[k] if inters else "")
                    if key and order < first.get(key, (1 << 62, 0, "")):
                        first[key] = order
        actors = self.mapper.actors
        for key, (line, pos, inter) in first.items():
            if key not in actors.seen:
                steps.append((line, pos, partial(actors.resolve, key, inter)))
        here = np.flatnonzero((self.kind >= 0) & (self.iso3_codes >= 0) & ~long)
        parts = [encode(self.cell(n).take(pa.array(here))) for n in _PLACE]
        _, at = combine(self.iso3_codes[here], *(c for c, _ in parts))
        sites = self.mapper.sites
        for row, cells in zip(here[at].tolist(), first_values(parts, at), strict=True):
            key = (self.iso3[self.iso3_codes[row]], *cells)
            if not sites.known(key):
                steps.append((int(lines[row]), 9999, partial(_quietly, sites.resolve, *key)))
        for record in others:
            steps.append((record.line, -1, partial(self.mapper.prime, record, self.owner.cols)))
        for _, _, step in sorted(steps, key=lambda s: (s[0], s[1])):
            step()

    def _as_record(self, i: int) -> Record:
        cells = [self.table.column(n)[i].as_py() for n in self.table.column_names]
        return Record(int(self.block.lines[i]), int(self.block.rows[i]), cells)

    def map(self, slow_rows: list[AcledRow], problems: list[tuple[int, Problem]]) -> RowTable:
        """The stored rows; ``slow_rows`` and ``problems`` get the others'."""
        kind = self.kind
        ids = self.cell("event_id_cnty")
        self.slow |= ~np.asarray(pc.match_substring_regex(ids, _ID).fill_null(False))
        dates, days = self.per_value("event_date", parse_date)
        self.years(dates, days)
        cols = self.owner.cols
        timed, geo_given = cols.has("time_precision"), cols.has("geo_precision")
        precision, precisions = self.per_value(
            "time_precision", lambda v: allowed(v.strip() if timed else "1", PRECISIONS)
        )
        geo, geos = self.per_value(
            "geo_precision",
            lambda v: GEO_PRECISIONS[allowed(v.strip() if geo_given else "1", GEO_PRECISIONS)],
        )
        killed, killeds = self.per_value("fatalities", parse_count)
        reported, bad_time = timestamps(self.cell("timestamp"))
        self.slow |= bad_time
        iso3 = self.iso3_codes
        dyad = self.actors(kind)
        site, site_ids, zones, countries, records = self.sites(iso3)
        skipped = np.zeros(self.n, dtype=bool)
        skipped[list(self.skip)] = True
        self.slow &= ~skipped
        for i in np.flatnonzero(self.slow).tolist():
            self._record(i, slow_rows, problems)
        for i in sorted(self.skip):
            problems.append((int(self.block.lines[i]), self.skip[i]))
        keep = np.flatnonzero(~self.slow & ~skipped)
        if not len(keep):
            return RowTable.empty(self.owner.dyads)
        for code in np.unique(site[keep]).tolist():
            self.mapper.emit_site(records[code], self.new_sites)
        at = pa.array(keep, pa.int64())
        zone_codes, zone_names = zones[site[keep]], self.zones
        windows, first = combine(dates[keep], precision[keep], zone_codes)
        spans = [
            window(days[d], precisions[p], zone_names[z])
            for d, p, z in zip(
                dates[keep][first].tolist(),
                precision[keep][first].tolist(),
                zone_codes[first].tolist(),
                strict=True,
            )
        ]
        acled_ids = ids.take(at)
        notes = self.cell("notes").take(at)
        data = {
            "event_id": pc.binary_join_element_wise(EVENT_PREFIX, acled_ids, ""),
            "acled_id": acled_ids,
            "kind": take_as([k.value for k in _KINDS], kind[keep]),
            "start": take_as([w[0] for w in spans], windows, "time"),
            "end": take_as([w[1] for w in spans], windows, "time"),
            "precision": take_as([w[2].value for w in spans], windows),
            "tz": take_as(zone_names, zone_codes),
            "summary": summaries(
                notes, self.whats(keep), self.cell("location").take(at).to_pylist()
            ),
            "geo_precision": take_as(geos, geo[keep], "int"),
            "killed": take_as(killeds, killed[keep], "int"),
            "first_reported": reported.take(at),
            "site_id": take_as(site_ids, site[keep]),
            "dyad": pa.array(dyad[keep], pa.int64()),
            "claim_note": self.notes(keep),
            "site_country": take_as(countries, site[keep]),
            "line": pa.array(self.block.lines[keep], pa.int64()),
            "file_index": pa.repeat(pa.scalar(self.owner.file_index, pa.int64()), len(keep)),
            "event_type": self.stripped("event_type").take(at),
            "sub_event_type": self.stripped("sub_event_type").take(at),
        }
        table = pa.table({n: data[n].cast(row_type(k)) for n, k in ROW_COLUMNS})
        row_days = [days[d] for d in dates[keep].tolist()]
        found = row_cues(notes, row_days, self.mapper.lexicon)
        lines = self.block.lines[keep]
        return RowTable(table, self.owner.dyads, {int(lines[r]): c for r, c in found.items()})

    def _record(self, i: int, rows: list[AcledRow], problems: list[tuple[int, Problem]]) -> None:
        """Row ``i`` through the row path."""
        record = self._as_record(i)
        self.owner._slow(record, rows, problems, self.new_actors, self.new_sites)

    def kinds(self) -> Any:
        """Each row's kind (its position in ``Kind``), -1 for rows skipped or left to the row
        path."""

        rules = self.mapper.kinds
        types, typ_values = encode(self.cell("event_type"))
        subs, sub_values = encode(self.cell("sub_event_type"))
        combos, first = combine(types, subs)
        kind = np.full(self.n, -1, dtype=np.int64)
        inter1 = None
        for k, row in enumerate(first.tolist()):
            event_type, sub = typ_values[types[row]], sub_values[subs[row]]
            rows = combos == k
            try:
                field, entry = rules.entry(event_type.strip(), sub.strip())
            except InputError:
                self.slow |= rows
                continue
            value = sub.strip() if field == "sub_event_type" else event_type.strip()
            if entry.rule is None:
                try:
                    kind[rows] = _KINDS.index(rules.choose(event_type, sub, "", None))
                except OutOfScope as exc:
                    self._skip(np.flatnonzero(rows), exc)
                continue
            if inter1 is None:
                inter_codes, inter_values = encode(self.cell("inter1"))
                inter1 = np.array([inter_code(v) or 0 for v in inter_values], dtype=np.int64)
                inter1 = inter1[inter_codes] if len(inter_values) else np.zeros(self.n, np.int64)
            where = np.flatnonzero(rows)
            notes = self.cell("notes").take(where)
            ascii_rows = ~np.asarray(pc.match_substring_regex(notes, cased()), dtype=bool)
            if self.owner.patterns is None:
                ascii_rows[:] = False
            for i in where[~ascii_rows].tolist():  # the row path's rule, on the text itself
                text = self.cell("notes")[i].as_py()
                try:
                    kind[i] = _KINDS.index(rules.choose(event_type, sub, text, inter1[i] or None))
                except OutOfScope as exc:
                    self._skip(np.array([i]), exc)
            chosen = where[ascii_rows]
            if len(chosen):
                got = rule_kinds(
                    rules,
                    self.owner.patterns or {},
                    entry.rule or "",
                    field,
                    value,
                    self.cell("notes").take(pa.array(chosen)),
                    inter1[chosen],
                )
                for j, (i, decided) in enumerate(zip(chosen.tolist(), got, strict=True)):
                    if isinstance(decided, OutOfScope):
                        self._skip(chosen[j : j + 1], decided)
                    else:
                        kind[i] = _KINDS.index(decided)
        return kind

    def _skip(self, rows: Any, exc: InputError) -> None:
        """Rows skipped with the row path's problem (placed at each row)."""
        found = exc.problems[0]
        value = clip(found.value)
        ids = self.cell("event_id_cnty").take(pa.array(rows)).to_pylist()
        lines, numbers = self.block.lines[rows].tolist(), self.block.rows[rows].tolist()
        for i, record, line, row in zip(rows.tolist(), ids, lines, numbers, strict=True):
            self.skip[i] = Problem(
                self.owner.file,
                line,
                found.field,
                found.reason,
                value,
                row=row,
                record=record.strip() or None,
                status=found.status,
            )

    def years(self, dates: Any, days: list[Any]) -> None:
        """Rows whose ``year`` disagrees with the date go to the row path."""
        years, values = encode(self.cell("year"))
        pairs, first = combine(dates, years)
        bad = np.zeros(len(first), dtype=bool)
        for k, row in enumerate(first.tolist()):
            day, year = days[dates[row]], values[years[row]].strip()
            bad[k] = day is not None and bool(year) and year != str(day.year)
        self.slow |= bad[pairs]

    def countries(self) -> Any:
        """Each row's ISO alpha-3 code, as a position in :attr:`iso3` (rows of an unknown
        country go to the row path)."""
        parts = [encode(self.cell(n)) for n in ("iso3", "iso", "country")]
        combos, first = combine(*(c for c, _ in parts))
        codes: dict[str, int] = {}
        per: list[int] = []
        for cells in first_values(parts, first):
            try:
                iso3 = self.mapper.country(*cells)
            except InputError:
                per.append(-1)
                continue
            per.append(codes.setdefault(iso3, len(codes)))
        out = np.array(per, dtype=np.int64)[combos]
        self.slow |= out < 0
        self.iso3 = list(codes)
        return out

    def actors(self, kind: Any) -> Any:
        """Each row's dyad number (:class:`~.records.Dyads`); a combination of actor cells
        the row path refuses (an enormous name) sends its rows there."""
        names = ("actor1", "inter1", "assoc_actor_1", "actor2", "inter2", "assoc_actor_2")
        parts = [encode(self.cell(n)) for n in names]
        subs, sub_values = encode(self.cell("sub_event_type"))
        clash = kind == _KINDS.index(Kind.GROUND_CLASH)
        disrupted = np.array([v.strip() == "Disrupted weapons use" for v in sub_values] + [False])
        swap = (kind == _KINDS.index(Kind.INTERCEPT)) & disrupted[subs]
        combos, first = combine(
            *(c for c, _ in parts), clash.astype(np.int64), swap.astype(np.int64)
        )
        wanted = np.zeros(len(first), dtype=bool)
        wanted[combos[(kind >= 0) & ~self.slow]] = True
        per = np.full(len(first), -1, dtype=np.int64)
        cells = first_values(parts, first)
        for k in np.flatnonzero(wanted).tolist():
            row = first[k]
            key = (*cells[k], bool(clash[row]), bool(swap[row]))
            try:
                dyad = self.mapper.dyad(key, self.new_actors)
            except InputError:
                continue
            per[k] = self.owner.dyads.index(dyad)
        out = per[combos]
        self.slow |= (kind >= 0) & (out < 0)
        return out

    def sites(self, iso3: Any) -> tuple[Any, list[str], Any, list[str], list[Any]]:
        """Each row's place as a position in the returned lists: site ids, zones (positions
        in :attr:`zones`), countries and the new Site records (None for gazetteer sites)."""
        names = ("admin1", "location", "latitude", "longitude")
        parts = [encode(self.cell(n)) for n in names]
        # rows of no known country (-1, sent to the row path) get combinations of their own
        combos, first = combine(iso3, *(c for c, _ in parts))
        wanted = np.zeros(len(first), dtype=bool)
        wanted[combos[~self.slow]] = True
        ids: list[str] = []
        zone_of: dict[str, int] = {}
        zones: list[int] = []
        countries: list[str] = []
        records: list[Any] = []
        bad = np.zeros(len(first), dtype=bool)
        place = self.mapper.place
        codes = iso3[first].tolist()
        for k, (code, (admin1, location, lat, lon)) in enumerate(
            zip(codes, first_values(parts, first), strict=True)
        ):
            if not wanted[k] or code < 0:  # only rows the row path maps have this place
                ids.append("")
                zones.append(0)
                countries.append("")
                records.append(None)
                continue
            site_id, site, zone, country = place(self.iso3[code], admin1, location, lat, lon)
            bad[k] = not site_id
            ids.append(site_id)
            zones.append(zone_of.setdefault(zone, len(zone_of)))
            countries.append(country)
            records.append(site)
        self.slow |= bad[combos]
        self.zones = list(zone_of) or ["UTC"]
        return combos, ids, np.array(zones, dtype=np.int64), countries, records

    def whats(self, keep: Any) -> list[str]:
        """What each kept row is (its sub-event type, else its event type), for summaries."""
        at = pa.array(keep)
        subs = self.stripped("sub_event_type").take(at).to_pylist()
        events = self.stripped("event_type").take(at).to_pylist()
        return [s or e for s, e in zip(subs, events, strict=True)]

    def stripped(self, name: str) -> Any:
        """Column ``name`` with each value stripped of surrounding whitespace (as Python
        strips it)."""

        codes, values = encode(self.cell(name))
        return pa.array([v.strip() for v in values], pa.string()).take(pa.array(codes))

    def notes(self, keep: Any) -> Any:
        """The claim note of each kept row (once per combination of its cells)."""

        names = ("source", "source_scale", "civilian_targeting", "tags")
        parts = [encode(self.cell(n).take(pa.array(keep))) for n in names]
        combos, first = combine(*(c for c, _ in parts))
        notes = [self.mapper.note(*cells) for cells in first_values(parts, first)]
        return pa.array(notes, pa.string()).take(pa.array(combos))
