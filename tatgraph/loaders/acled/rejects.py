r"""The rejects file: every row a load did not store, with its line, field, value and reason.

:func:`render` turns problems into the file's CSV lines (the reader does it, in the reader
process where there is one, so the writing process only appends text);
:class:`RejectsFile` writes them.

>>> from tatgraph.errors import Problem
>>> render([Problem("a.csv", 2, "fatalities", "not a number", "x\x00", row=1, record="SYR1")])
'a.csv,2,1,SYR1,rejected,fatalities,x\\x00,not a number\r\n'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NamedTuple, Self

from ...errors import Problem

REJECT_COLUMNS = ("file", "line", "row", "event_id_cnty", "status", "field", "value", "reason")
"""Columns of the rejects file (one line per row not stored, and per absent event)."""


class Rendered(NamedTuple):
    """Lines of the rejects file, rendered (:func:`render`), and how many."""

    text: str
    n: int


def render(problems: Iterable[Problem]) -> str:
    """The rejects-file lines of ``problems`` (one each; control characters escaped, see
    :func:`printable`)."""
    return render_rows(
        (p.file, p.line, p.row, p.record, p.status, p.field, p.value, p.reason) for p in problems
    )


def render_rows(rows: Iterable[tuple[Any, ...]]) -> str:
    """:func:`render` of lines given as tuples in the order of :data:`REJECT_COLUMNS`.

    The lines are written as they are first: a text without control characters is what
    :func:`printable` of every cell gives too (it changes only those), so the cells are
    escaped one by one only when the text has some.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    text = out.getvalue()
    if not _CONTROL.search(text):
        return text
    out = io.StringIO()
    csv.writer(out).writerows(
        (
            printable(file),
            line,
            row,
            printable(record),
            status,
            field,
            printable(value),
            printable(reason),
        )
        for file, line, row, record, status, field, value, reason in rows
    )
    return out.getvalue()


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

    def write(self, problems: Sequence[Problem]) -> None:
        """Append problems (one line each, see :func:`render`)."""
        self.write_rendered(Rendered(render(problems), len(problems)))

    def write_rendered(self, lines: Rendered) -> None:
        """Append lines :func:`render` made."""
        assert self._fh is not None
        self._fh.write(lines.text)
        self.count += lines.n


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str | None) -> str | None:
    r"""``text`` with control characters (NUL, escape, ...; not tab or line ends, which
    CSV quotes) written as ``\xNN``, so every CSV reader (``csv``, pandas, a spreadsheet)
    reads the rejects file.

    >>> printable("a\x00b\x1bc\td")
    'a\\x00b\\x1bc\td'
    """
    if text is None or not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
