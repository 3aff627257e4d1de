"""Reading ACLED exports as they really come: robust, streaming CSV with physical line numbers.

ACLED files vary: a UTF-8 BOM or none, Windows-1252 bytes in older files (sometimes only on
some lines), CRLF line ends, upper-case headers with ``ALLY_ACTOR_*`` columns, trailing empty
columns, multi-line notes with doubled quotes, and now and then a broken quote. This module
turns such a file into records — ``(line, row, cells)`` — and reports every record it cannot
read as a :class:`~tatgraph.errors.Problem` instead of dropping it:

- each physical line is decoded as UTF-8, or as Windows-1252 when it is not valid UTF-8
  (Latin-1 as the last resort), so one odd line does not garble the file;
- a record is complete when its quotes balance; a quote that never closes is reported at
  the line it opens on and reading resumes at the next line, so a stray ``"`` costs one
  line, not the rest of the file;
- cells are split by :mod:`csv` in strict mode; wrong cell counts, NUL bytes and enormous
  fields are reported with the line number.

Memory is constant in the file size: one record (at most ``max_record_lines`` lines) is held
at a time.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
>>> _ = path.write_bytes(b'EVENT_ID_CNTY,NOTES\\r\\nSYR1,"two\\r\\nlines"\\r\\nSYR2,caf\\xe9\\r\\n')
>>> table = CsvTable.open(path)
>>> table.header
('event_id_cnty', 'notes')
>>> problems = []
>>> [(r.line, r.cells) for r in table.records(problems)]
[(2, ['SYR1', 'two\\r\\nlines']), (4, ['SYR2', 'café'])]
>>> table.fallback_lines, problems
(1, [])
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, NamedTuple

from ...errors import InputError, Problem
from ...located import check_input_file

HEADER_ALIASES = {
    "ally_actor_1": "assoc_actor_1",
    "ally_actor_2": "assoc_actor_2",
}
"""Old column names -> the current codebook's names."""

MAX_FIELD_CHARS = 100_000
"""A cell longer than this is refused (ACLED notes run to a few thousand characters)."""

UNCLOSED = (
    "a quote opened on this line is never closed; line skipped, reading resumes on the next line"
)
"""The reason given for a line whose quote never closes."""

MAX_RECORD_LINES = 200
"""A quoted record spanning more physical lines than this is treated as a broken quote."""


class Record(NamedTuple):
    """One CSV record: the physical line it starts on, its data-row number, its cells."""

    line: int
    row: int
    cells: list[str]


def clip(value: str | None, limit: int = 200) -> str | None:
    """Shorten a value for a report line (enormous fields stay readable)."""
    if value is None or len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value)} characters)"


def normalise_header(name: str) -> str:
    """Header cell -> codebook column name (BOM, case, spaces and old aliases folded)."""
    key = name.replace("\ufeff", "").strip().strip('"').strip().lower().replace(" ", "_")
    return HEADER_ALIASES.get(key, key)


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file, read in chunks (constant memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


class CsvTable:
    """A delimited text file read record by record; see the module docstring.

    Open with :meth:`open`, which reads the header (and raises :class:`InputError` for a
    file with no header); then iterate :meth:`records`. Rows that cannot be read are
    collected through the ``problems`` callback given to :meth:`records`.
    """

    def __init__(
        self,
        path: Path,
        raw_names: list[str],
        delimiter: str,
        encoding: str,
        header_lines: int,
        *,
        max_field_chars: int = MAX_FIELD_CHARS,
        max_record_lines: int = MAX_RECORD_LINES,
    ) -> None:
        self.path = path
        self.name = str(path)
        self.header = tuple(n for n in raw_names if n)
        """Column names (normalised; unnamed trailing columns left out)."""
        self.raw_width = len(raw_names)
        self.delimiter = delimiter
        self.encoding = encoding
        self.header_lines = header_lines
        self.max_field_chars = max_field_chars
        self.max_record_lines = max_record_lines
        self.fallback_lines = 0
        """Lines that were not UTF-8 and were read as Windows-1252 (or Latin-1)."""
        self.bytes_read = 0
        self.size = path.stat().st_size
        self.named = [i for i, h in enumerate(raw_names) if h]
        """Positions of the named columns among a row's cells."""

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        max_field_chars: int = MAX_FIELD_CHARS,
        max_record_lines: int = MAX_RECORD_LINES,
    ) -> CsvTable:
        """Read the header of ``path``; raise :class:`InputError` if there is none."""
        path = Path(path)
        check_input_file(path, what="an ACLED export")
        with path.open("rb") as fh:
            head = fh.read(4)
        encoding = "utf-16" if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8"
        header_text, header_lines = None, 0
        lines = (line for block in _blocks(path, encoding, None) for line in block)
        for n, text in enumerate(lines, start=1):
            if text.strip().strip(",;\t"):
                header_text, header_lines = text, n
                break
        if header_text is None:
            raise InputError(
                "empty file: no header row",
                file=str(path),
                hint="an ACLED export starts with a header such as event_id_cnty,event_date,...",
            )
        delimiter = max((",", ";", "\t"), key=lambda d: (header_text.count(d), d == ","))
        try:
            raw = next(csv.reader([header_text], delimiter=delimiter, strict=True))
        except csv.Error as exc:
            raise InputError(f"unreadable header: {exc}", file=str(path), line=1) from exc
        names = [normalise_header(h) for h in raw]
        seen: set[str] = set()
        for name in names:
            if name and name in seen:
                raise InputError(
                    f"column '{name}' appears twice in the header", file=str(path), line=1
                )
            seen.add(name)
        return cls(
            path,
            names,
            delimiter,
            encoding,
            header_lines,
            max_field_chars=max_field_chars,
            max_record_lines=max_record_lines,
        )

    def records(self, problem: list[Problem]) -> Iterator[Record]:
        """Yield every readable record; append a :class:`~tatgraph.errors.Problem` for every
        other one.

        ``problem`` is appended to as reading goes (callers drain it between records).
        Lines with an even number of quotes are complete records and go to the C CSV parser
        in runs; a line with an odd number opens a multi-line record, assembled line by line.
        """
        counter = {"fallback": 0}
        cursor = _Cursor(_blocks(self.path, self.encoding, counter, self))
        for _ in range(self.header_lines):  # skip up to and including the header
            cursor.next()
        row = 0
        delimiter, width, blank = self.delimiter, self.raw_width, " \t\r\n" + self.delimiter
        while True:
            start, run = cursor.even_run()
            if run:
                parsed: list[list[str]] | None
                if '"' in "".join(run):
                    try:
                        parsed = list(csv.reader(run, delimiter=delimiter, strict=True))
                    except csv.Error:  # some line is malformed: _split reports which
                        parsed = None
                    if parsed is not None and len(parsed) != len(run):
                        parsed = None
                else:
                    parsed = [line.rstrip("\r\n").split(delimiter) for line in run]
                for offset, text in enumerate(run):
                    raw = parsed[offset] if parsed is not None else []
                    if not text.strip(blank):
                        continue  # blank line (or only delimiters): not a row
                    row += 1
                    if len(raw) == width and "\x00" not in text:
                        cells = [raw[i] for i in self.named] if len(self.named) != width else raw
                        if (
                            len(text) <= self.max_field_chars
                            or max(map(len, cells)) <= self.max_field_chars
                        ):
                            yield Record(start + offset, row, cells)
                            continue
                    result = self.split(text)
                    if isinstance(result, list):
                        yield Record(start + offset, row, result)
                    else:
                        problem.append(self.problem_at(start + offset, row, text, *result))
                self.fallback_lines = counter["fallback"]
                continue
            first = cursor.next()
            if first is None:
                break
            start, text = first
            lines: list[tuple[int, str]] = [first]
            quotes = text.count('"')
            parts = [text]
            while len(lines) < self.max_record_lines and quotes % 2:
                more = cursor.next()
                if more is None:
                    break
                lines.append(more)
                parts.append(more[1])
                quotes += more[1].count('"')
            if quotes % 2:  # never balanced: give up on the first line only
                row += 1
                problem.append(self.problem_at(start, row, text, None, UNCLOSED))
                cursor.replay(lines[1:])
                continue
            text = "".join(parts)
            if not text.strip(blank):
                continue
            row += 1
            result = self.split(text)
            if isinstance(result, list):
                yield Record(start, row, result)
            elif len(lines) > 1:
                # a quote spanning lines that does not make a good record: the quote on the
                # first line is the likely culprit; read the following lines again
                problem.append(self.problem_at(start, row, lines[0][1], None, UNCLOSED))
                cursor.replay(lines[1:])
            else:
                problem.append(self.problem_at(start, row, text, *result))
        self.fallback_lines = counter["fallback"]

    def problem_at(self, line: int, row: int, text: str, field: str | None, reason: str) -> Problem:
        record = _guess_id(text, self.delimiter)
        return Problem(self.name, line, field, reason, clip(text), row=row, record=record)

    def split(self, text: str) -> list[str] | tuple[str | None, str]:
        """The cells of one record, or (field, reason) why it cannot be read."""
        if "\x00" in text:
            return None, "the row contains a NUL byte (a binary or corrupted file?)"
        if '"' not in text:
            raw = text.rstrip("\r\n").split(self.delimiter)
        else:
            try:
                raw = next(csv.reader([text], delimiter=self.delimiter, strict=True))
            except (csv.Error, StopIteration) as exc:
                return None, f"malformed CSV: {exc}"
        if len(raw) != self.raw_width:
            extra = raw[self.raw_width :]
            if len(raw) < self.raw_width or any(c.strip() for c in extra):
                return None, f"{len(raw)} cells but the header has {self.raw_width}"
        cells = [raw[i] for i in self.named] if len(self.named) != len(raw) else raw
        if max(map(len, cells), default=0) <= self.max_field_chars:
            return cells
        for i, cell in enumerate(cells):
            if len(cell) > self.max_field_chars:
                return (
                    self.header[i],
                    f"field is {len(cell):,} characters long (limit {self.max_field_chars:,})",
                )
        return cells


def _guess_id(text: str, delimiter: str) -> str | None:
    """First cell of a broken record, for the report (may be wrong, says nothing more)."""
    first = text.split(delimiter, 1)[0].strip().strip('"').strip()
    return first[:64] or None


class _Cursor:
    """Physical lines from blocks, with their numbers, lines to read again, and runs."""

    def __init__(self, blocks: Iterator[list[str]]) -> None:
        self._blocks = blocks
        self._block: list[str] = []
        self._pos = 0
        self._number = 0  # number of the line at self._pos
        self._again: deque[tuple[int, str]] = deque()

    def _fill(self) -> bool:
        while self._pos >= len(self._block):
            block = next(self._blocks, None)
            if block is None:
                return False
            self._block, self._pos = block, 0
        return True

    def next(self) -> tuple[int, str] | None:
        """The next line and its number (1-based), or None at the end."""
        if self._again:
            return self._again.popleft()
        if not self._fill():
            return None
        self._number += 1
        line = self._block[self._pos]
        self._pos += 1
        return self._number, line

    def replay(self, lines: list[tuple[int, str]]) -> None:
        """Hand these lines out again, before any new one."""
        self._again.extendleft(reversed(lines))

    def even_run(self) -> tuple[int, list[str]]:
        """(number of the first, lines) of the run of lines ahead with an even number of
        quotes, up to the end of the current block; empty when a line to read again or a
        line with an odd number comes first."""
        if self._again or not self._fill():
            return 0, []
        block, pos = self._block, self._pos
        end = pos
        while end < len(block) and block[end].count('"') % 2 == 0:
            end += 1
        start = self._number + 1
        self._number += end - pos
        self._pos = end
        return start, block[pos:end]


def _blocks(
    path: Path, encoding: str, counter: dict[str, int] | None, table: CsvTable | None = None
) -> Iterator[list[str]]:
    """Decoded physical lines (line ends kept) in blocks of about a megabyte.

    A block that is not valid UTF-8 is decoded line by line: UTF-8, else Windows-1252, else
    Latin-1 (``counter["fallback"]`` counts those lines).
    """
    if encoding == "utf-16":
        with path.open("r", encoding="utf-16", newline="") as text_fh:
            while lines := text_fh.readlines(1 << 20):
                if table is not None:
                    table.bytes_read += sum(len(line) for line in lines) * 2
                yield lines
        return
    fh: IO[bytes]
    with path.open("rb") as fh:
        carry = b""
        first = True
        while True:
            chunk = fh.read(1 << 20)
            if table is not None:
                table.bytes_read += len(chunk)
            if chunk:
                data = carry + chunk
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    carry = data
                    continue
                data, carry = data[:cut], data[cut:]
            elif carry:
                data, carry = carry, b""
            else:
                return
            if first:
                first = False
                if data.startswith(codecs.BOM_UTF8):
                    data = data[3:]
            try:
                parts = data.decode("utf-8").split("\n")
                lines = [p + "\n" for p in parts[:-1]]
                if parts[-1]:
                    lines.append(parts[-1])
            except UnicodeDecodeError:
                raw = data.split(b"\n")
                pieces = [r + b"\n" for r in raw[:-1]] + ([raw[-1]] if raw[-1] else [])
                lines = [decode_line(piece, counter) for piece in pieces]
            yield lines


def decode_line(raw: bytes, counter: dict[str, int] | None = None) -> str:
    """One physical line: UTF-8, else Windows-1252, else Latin-1 (``counter["fallback"]``
    counts the lines that were not UTF-8)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        if counter is not None:
            counter["fallback"] += 1
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")
