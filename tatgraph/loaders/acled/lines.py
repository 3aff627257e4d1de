"""The fast path's CSV layer: an export's bytes in blocks, every line classified at once.

:meth:`CsvTable.records <.csv.CsvTable.records>` reads a file line by line in Python (about
8 µs a row). This module gives the same records, in the same order and with the same line
and row numbers, for a block of several megabytes at a time:

- NumPy finds the line ends, quotes, carriage returns and NUL bytes of the block, and marks
  each line **simple** when the C CSV parser cannot read it differently from :mod:`csv`
  (strict mode): valid UTF-8, an even number of quotes each opening a cell or closing one,
  no NUL byte, no carriage return but the line end's, not blank, not enormous;
- the simple lines go to ``pyarrow.csv`` in one call (a line whose cell count is wrong is
  handed back, see ``invalid_row_handler``) and come out as one Arrow table of strings;
- every other line takes the row path's own steps (:meth:`CsvTable.split
  <.csv.CsvTable.split>`; a line with an odd number of quotes opens a record of several
  lines, or is reported when its quote never closes), so it gets the same record or the same
  :class:`~tatgraph.errors.Problem`. Blank lines are no rows.

Lines that were not UTF-8 are counted in ``CsvTable.fallback_lines`` as the row path counts
them. UTF-16 files are not read here (:func:`fast_csv` says which files are).

>>> import tempfile, pathlib
>>> from .csv import CsvTable
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
>>> _ = path.write_bytes(b'ID,NOTES\\nSYR1,"a, b"\\n\\nSYR2,"two\\nlines"\\nSYR3,x\\n')
>>> [block] = line_blocks(CsvTable.open(path))
>>> block.table.column("notes").to_pylist(), block.lines.tolist(), block.rows.tolist()
(['a, b', 'x'], [2, 6], [1, 3])
>>> [(line, out.cells) for line, out in block.others]
[(4, ['SYR2', 'two\\nlines'])]
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

from ...errors import Problem
from .csv import UNCLOSED, CsvTable, Record, decode_line

BLOCK_BYTES = 4 << 20
"""Bytes read per block (a few tens of thousands of rows)."""

_QUOTE, _LF, _CR, _NUL = 34, 10, 13, 0


class LineBlock(NamedTuple):
    """The records of one block of lines, in three parts.

    ``table`` holds the simple lines (the file's named columns, as strings), ``lines`` and
    ``rows`` their physical line and data row numbers; ``others`` the outcome of every other
    line that is a row — its :class:`~.csv.Record` or its :class:`~tatgraph.errors.Problem` —
    with the line it starts on, in file order.
    """

    table: Any
    lines: Any
    rows: Any
    others: list[tuple[int, Record | Problem]]


def fast_csv(table: CsvTable) -> bool:
    """Whether :func:`line_blocks` reads ``table`` (every file but UTF-16 ones)."""
    return table.encoding == "utf-8"


def line_blocks(table: CsvTable, block_bytes: int = BLOCK_BYTES) -> Iterator[LineBlock]:
    """The records of ``table`` (opened, header read) block by block; see the module
    docstring. ``table.bytes_read`` and ``table.fallback_lines`` follow the reading."""
    state = _State(table)
    with table.path.open("rb") as fh:
        pending = b""
        eof = first = False
        while not eof or pending:
            chunk = b"" if eof else fh.read(block_bytes)
            table.bytes_read += len(chunk)
            eof = eof or not chunk
            data = pending + chunk
            if not first:
                first = True
                if data.startswith(b"\xef\xbb\xbf"):
                    data = data[3:]
            cut = len(data) if eof else data.rfind(b"\n") + 1
            if cut == 0:
                pending = data
                continue
            used, block = state.read(data[:cut], eof)
            pending = data[used:]
            if block is not None:
                yield block
            if eof and used == 0 and pending:  # cannot happen: at the end every line is read
                raise AssertionError("line_blocks made no progress at the end of the file")


class _State:
    """Line and row numbers across blocks, and the header lines still to skip."""

    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self.line = 0  # physical lines read before the current block
        self.row = 0
        self.header = table.header_lines
        self.names = list(table.header)

    def read(self, data: bytes, eof: bool) -> tuple[int, LineBlock | None]:
        """Read the complete lines of ``data``: (bytes used, their block). Fewer bytes are
        used when a record of several lines may go on after the end of ``data``."""
        offset = 0
        if self.header:  # the header (and blank lines before it): read by CsvTable.open
            starts, ends = _bounds(np.frombuffer(data, dtype=np.uint8))
            skip = min(self.header, len(starts))
            for a, b in zip(starts[:skip].tolist(), ends[:skip].tolist(), strict=True):
                self.table.fallback_lines += not _utf8(data[a:b])
            self.header -= skip
            self.line += skip
            offset = int(ends[skip - 1]) if skip else 0
            if offset == len(data):
                return offset, None
        lines = _Lines(self, data[offset:])
        stop = lines.settle(eof)
        if stop == 0:
            return offset, None
        block = lines.block(stop)
        return offset + int(lines.ends[stop - 1]), block


def _bounds(buf: Any) -> tuple[Any, Any]:
    """Start and end (after its line feed) of every line of ``buf``."""
    ends = np.flatnonzero(buf == _LF) + 1
    if len(ends) == 0 or ends[-1] != len(buf):
        ends = np.append(ends, len(buf)).astype(np.int64)
    return np.concatenate(([0], ends[:-1])).astype(np.int64), ends


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _Lines:
    """One block's lines: what each is, and the outcome of the lines that are not simple."""

    def __init__(self, state: _State, data: bytes) -> None:
        self.state = state
        self.table = table = state.table
        self.data = data
        buf = np.frombuffer(data, dtype=np.uint8)
        self.starts, self.ends = starts, ends = _bounds(buf)
        n = self.n = len(starts)
        self.odd = np.zeros(n, dtype=bool)
        self.plain = np.ones(n, dtype=bool)  # simple, unless shown otherwise below
        self.inc = np.ones(n, dtype=np.int64)  # rows each line starts (blank lines: none)
        self.texts: dict[int, str] = {}
        self.bad_utf8: set[int] = set()
        self.others: dict[int, list[str] | Problem] = {}
        """Lines that start a record of several lines: its cells, or why it is not one."""
        if not data.isascii():  # the lines with other bytes: are they UTF-8?
            high = np.unique(_line_of(starts, np.flatnonzero(buf >= 0x80)))
            keep = np.zeros(n, dtype=bool)
            keep[high] = True
            if not _utf8(buf[np.repeat(keep, ends - starts)].tobytes()):
                for i in high.tolist():
                    if not _utf8(data[starts[i] : ends[i]]):
                        self.bad_utf8.add(i)
                        self.plain[i] = False
        quotes = np.flatnonzero(buf == _QUOTE)
        if len(quotes):
            q_line = _line_of(starts, quotes)
            count = np.bincount(q_line, minlength=n)
            self.odd = count % 2 == 1
            self.plain &= ~self.odd
            nth = np.arange(len(quotes)) - np.searchsorted(quotes, starts)[q_line]
            before = np.where(quotes > 0, buf[np.maximum(quotes - 1, 0)], _LF)
            after = np.where(quotes + 1 < len(buf), buf[np.minimum(quotes + 1, len(buf) - 1)], _LF)
            first = quotes == starts[q_line]
            delimiter = ord(table.delimiter)
            opens_ok = first | (before == delimiter) | (before == _QUOTE)
            closes_ok = (after == delimiter) | (after == _LF) | (after == _CR) | (after == _QUOTE)
            bad = np.where(nth % 2 == 0, ~opens_ok, ~closes_ok)
            self.plain[q_line[bad]] = False
        for special in (_CR, _NUL):
            if data.find(bytes([special])) < 0:
                continue
            at = np.flatnonzero(buf == special)
            if special == _CR:  # only the carriage return of a CRLF line end is plain
                at = at[(at + 1 >= len(buf)) | (buf[np.minimum(at + 1, len(buf) - 1)] != _LF)]
            if len(at):
                self.plain[np.unique(_line_of(starts, at))] = False
        self.plain &= (ends - starts) <= table.max_field_chars
        blank_bytes = np.zeros(256, dtype=bool)
        blank_bytes[[ord(c) for c in " \t\r\n" + table.delimiter]] = True
        maybe_blank = np.flatnonzero(blank_bytes[buf[starts]]) if len(buf) else np.arange(0)
        for i in maybe_blank.tolist():
            if not self.odd[i] and not self.text(i).strip(" \t\r\n" + table.delimiter):
                self.inc[i] = 0
                self.plain[i] = False

    def text(self, i: int) -> str:
        """Line ``i`` decoded (as the row path decodes it; each line once)."""
        found = self.texts.get(i)
        if found is None:
            raw = self.data[self.starts[i] : self.ends[i]]
            found = self.texts[i] = decode_line(raw) if i in self.bad_utf8 else raw.decode()
        return found

    def line(self, i: int) -> int:
        return self.state.line + i + 1

    def settle(self, eof: bool) -> int:
        """Decide the records of several lines (from each line with an odd number of
        quotes, as :meth:`CsvTable.records <.csv.CsvTable.records>` does); return how many
        lines of the block are settled (all of them unless a record may go on in the next
        block)."""
        limit = self.table.max_record_lines
        odd = np.flatnonzero(self.odd).tolist()
        k = 0
        while k < len(odd):
            o = odd[k]
            nxt = odd[k + 1] if k + 1 < len(odd) else None
            if nxt is None and not eof and self.n - o < limit:
                return o  # the record may end in the next block
            self.inc[o] = 1
            if nxt is None or nxt - o + 1 > limit:  # the quote never closes
                self.others[o] = self._unclosed(o)
                k += 1
                continue
            text = "".join(self.text(i) for i in range(o, nxt + 1))
            result = self.table.split(text)
            if isinstance(result, list):
                self.others[o] = result  # cells; placed at their row in block()
                self.inc[o + 1 : nxt + 1] = 0
                self.plain[o + 1 : nxt + 1] = False
                self.odd[o + 1 : nxt + 1] = True  # consumed: no outcome of their own
                k += 2
            else:  # the quote on the first line is the likely culprit: read the rest again
                self.others[o] = self._unclosed(o)
                k += 1
        return self.n

    def _unclosed(self, i: int) -> Problem:
        return self.table.problem_at(self.line(i), 0, self.text(i), None, UNCLOSED)

    def block(self, stop: int) -> LineBlock:
        """The block of lines ``[0, stop)``."""

        inc = self.inc[:stop]
        rows = self.state.row + np.cumsum(inc)
        plain = self.plain[:stop]
        simple = np.flatnonzero(plain)
        table, wrong = _parse(self, simple, stop)
        if len(wrong):
            plain[simple[wrong]] = False
            simple = np.delete(simple, wrong)
        outcomes: list[tuple[int, Record | Problem]] = []
        for i in np.flatnonzero(~plain & (inc > 0)).tolist():
            line, row = self.line(i), int(rows[i])
            settled = self.others.get(i)
            if isinstance(settled, Problem):
                outcomes.append((line, _at_row(settled, row)))
                continue
            if settled is None and self.odd[i]:
                continue  # a line inside a record of several lines
            found = self.table.split(self.text(i)) if settled is None else settled
            if isinstance(found, list):
                outcomes.append((line, Record(line, row, found)))
            else:
                field, reason = found
                outcomes.append(
                    (line, self.table.problem_at(line, row, self.text(i), field, reason))
                )
        self.table.fallback_lines += sum(1 for i in self.bad_utf8 if i < stop)
        line_numbers = self.state.line + 1 + simple
        self.state.line += stop
        self.state.row = int(rows[-1]) if stop else self.state.row
        names = self.state.names
        if table is None:
            table = pa.table({name: pa.array([], pa.string()) for name in names})
        return LineBlock(table, line_numbers, rows[simple], outcomes)


def _at_row(problem: Problem, row: int) -> Problem:
    return replace(problem, row=row)


def _line_of(starts: Any, positions: Any) -> Any:
    """The line index of each byte position."""
    return np.searchsorted(starts, positions, side="right") - 1


def _parse(lines: _Lines, simple: Any, stop: int) -> tuple[Any, Any]:
    """The simple lines through ``pyarrow.csv``: (table, positions in ``simple`` of the lines
    whose cell count is wrong, left out of the table)."""

    if not len(simple):
        return None, np.arange(0)
    table = lines.table
    starts, ends = lines.starts, lines.ends
    if len(simple) == stop:
        raw = lines.data[: ends[stop - 1]]
    else:
        keep = np.zeros(stop, dtype=bool)
        keep[simple] = True
        mask = np.repeat(keep, (ends - starts)[:stop])
        raw = np.frombuffer(lines.data, dtype=np.uint8)[: len(mask)][mask].tobytes()
    wrong: list[int] = []

    def invalid(row: Any) -> str:
        wrong.append(row.number - 1)
        return "skip"

    columns = [f"c{i}" for i in range(table.raw_width)]
    named = [columns[i] for i in table.named]
    parsed = pcsv.read_csv(
        io.BytesIO(raw),
        read_options=pcsv.ReadOptions(
            column_names=columns, use_threads=False, block_size=max(1 << 20, len(raw) + 1)
        ),
        parse_options=pcsv.ParseOptions(
            delimiter=table.delimiter,
            quote_char='"',
            double_quote=True,
            escape_char=False,
            newlines_in_values=False,
            ignore_empty_lines=False,
            invalid_row_handler=invalid,
        ),
        convert_options=pcsv.ConvertOptions(
            column_types={c: pa.string() for c in named},
            include_columns=named,
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=False,  # simple lines are UTF-8 (checked above)
        ),
    )
    return parsed.rename_columns(lines.state.names), np.array(sorted(wrong), dtype=np.int64)
