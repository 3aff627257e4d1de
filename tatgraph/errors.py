"""Every error tatgraph raises on purpose.

All derive from :class:`TatgraphError`, so callers (and the CLI) can catch one type. Each has
a ``message`` saying *what* went wrong and *where* (file, line or row, field) and, kept
apart, a ``hint`` saying *how to fix it* when we know. ``str(error)`` shows both, the hint on
a line of its own; the CLI prints them as two lines.

Bad input has one channel: :class:`InputError`, carrying one :class:`Problem` per bad
record (file, line, field, the offending value, the reason). Parsers that do not know where
a value came from raise it with the field, value and reason only; the reader that does
places it (:meth:`Problem.at`). A record that is well-formed but outside what tatgraph holds
(an ACLED protest) raises :class:`OutOfScope`: it is skipped, not rejected.

Example
-------
>>> err = InputError("unknown kind 'rockets'", file="events.yaml", line=12, field="kind",
...                  value="rockets", hint="use one of: rocket_attack, mortar_attack, ...")
>>> print(err)
events.yaml:12: field 'kind': unknown kind 'rockets'
  hint: use one of: rocket_attack, mortar_attack, ...
>>> err.message, err.field, err.value
("events.yaml:12: field 'kind': unknown kind 'rockets'", 'kind', 'rockets')
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, replace


class TatgraphError(Exception):
    """Root of every error tatgraph raises deliberately.

    ``message`` is what went wrong and where; ``hint`` (or None) how to fix it.
    """

    def __init__(self, message: str = "", *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem with one input record: where it is, the value, and why it was refused.

    ``status`` says what became of the record: ``rejected`` (it is wrong; fix it and load
    again), ``skipped`` (well-formed but outside tatgraph's domain), or for records a load
    found missing, ``absent``/``pruned``. ``row`` is the data-row number and ``record`` the
    record's own id, where the input has them.
    """

    file: str
    line: int | None
    field: str | None
    reason: str
    value: str | None = None
    row: int | None = None
    record: str | None = None
    status: str = "rejected"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            return f"{where}: field '{self.field}': {self.reason}"
        return f"{where}: {self.reason}"

    def at(
        self, file: str, line: int | None, *, row: int | None = None, record: str | None = None
    ) -> Problem:
        """The same problem, placed in ``file`` at ``line`` (and data row, record id)."""
        return replace(self, file=file, line=line, row=row, record=record)


class InputError(TatgraphError):
    """Bad input data: a coding sheet, a report or an export that cannot be read as given.

    Carries one or more :class:`Problem` records so a loader can report every bad record
    at once instead of stopping at the first; ``file``, ``line``, ``field``, ``value`` and
    ``reason`` are those of the first.
    """

    status = "rejected"
    """What becomes of a record that raises this (see :class:`Problem`)."""

    def __init__(
        self,
        message: str | None = None,
        *,
        file: str = "<input>",
        line: int | None = None,
        field: str | None = None,
        value: str | None = None,
        hint: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.problems: list[Problem] = list(problems or [])
        if message is not None:
            first = Problem(file, line, field, message, value, status=self.status)
            self.problems.insert(0, first)
        if not self.problems:
            raise ValueError("InputError needs a message or at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems), hint=hint)

    @property
    def problem(self) -> Problem:
        """The first problem."""
        return self.problems[0]

    @property
    def file(self) -> str:
        return self.problem.file

    @property
    def line(self) -> int | None:
        return self.problem.line

    @property
    def field(self) -> str | None:
        return self.problem.field

    @property
    def value(self) -> str | None:
        return self.problem.value

    @property
    def reason(self) -> str:
        return self.problem.reason


class OutOfScope(InputError):
    """A well-formed record tatgraph has no place for (e.g. an ACLED protest): skipped, with
    the reason, and counted apart from rejected records."""

    status = "skipped"


class BackendError(TatgraphError):
    """The graph store failed or was asked for something it cannot do."""


class ConnectionFailed(BackendError):
    """The database could not be reached or opened."""


class ReadOnlyViolation(BackendError):
    """A read-only (researcher) query tried to write."""


class QueryError(BackendError):
    """A query failed: bad syntax, unknown query name, or missing parameters."""


class VizError(TatgraphError):
    """A view cannot be made as asked (unknown event, too many nodes, bad filter...)."""


class QueryTimeout(QueryError):
    """A read-only query ran longer than its timeout and was stopped."""


class FileAccessError(TatgraphError):
    """A file a command had to write (an output) or read could not be used."""


_OS_HINTS = {
    errno.EISDIR: "give a file path, not a folder (e.g. -o out/view.html)",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EACCES: "choose a place you may write to, or fix the permissions",
    errno.EPERM: "choose a place you may write to, or fix the permissions",
    errno.EROFS: "the file system is read-only: choose another place",
    errno.ENOSPC: "the disk is full: free some space and run the command again",
    errno.ENOENT: "check the path (a folder on the way does not exist or cannot be made)",
}


def file_access_error(exc: OSError) -> FileAccessError:
    """The clean error for an ``OSError`` that escaped a command: the path, the reason and,
    for the usual causes (a folder given as output, no permission, full disk), a hint.

    >>> err = file_access_error(IsADirectoryError(21, "Is a directory", "out"))
    >>> err.message, err.hint
    ('out: Is a directory', 'give a file path, not a folder (e.g. -o out/view.html)')
    """
    where = exc.filename if exc.filename is not None else "a file"
    reason = exc.strerror or str(exc)
    return FileAccessError(f"{where}: {reason}", hint=_OS_HINTS.get(exc.errno or -1))
