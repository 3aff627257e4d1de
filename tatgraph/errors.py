"""Every error tatgraph raises on purpose.

All derive from :class:`TatgraphError`, so callers (and the CLI) can catch one type. Messages
say *what* went wrong, *where* (file, line or row, field) and, when we know it, *how to fix it*.

Example
-------
>>> err = InputError("unknown kind 'rockets'", file="events.yaml", line=12, field="kind",
...                  hint="use one of: rocket_attack, mortar_attack, ...")
>>> print(err)
events.yaml:12: field 'kind': unknown kind 'rockets'
  hint: use one of: rocket_attack, mortar_attack, ...
"""

from __future__ import annotations

import errno
from dataclasses import dataclass


class TatgraphError(Exception):
    """Root of every error tatgraph raises deliberately; ``hint`` says how to fix it."""

    hint: str | None = None

    def __init__(self, *args: object, hint: str | None = None) -> None:
        super().__init__(*args)
        if hint is not None:
            self.hint = hint


@dataclass(frozen=True)
class Problem:
    """One problem with one input record: where it is and why it was refused."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            return f"{where}: field '{self.field}': {self.message}"
        return f"{where}: {self.message}"


class InputError(TatgraphError):
    """Bad input data: a coding sheet, a report or an export that cannot be read as given.

    Carries one or more :class:`Problem` records so a loader can report every bad record
    at once instead of stopping at the first.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        file: str = "<input>",
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.problems: list[Problem] = list(problems or [])
        if message is not None:
            self.problems.insert(0, Problem(file, line, field, message))
        if not self.problems:
            raise ValueError("InputError needs a message or at least one problem")
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


class BackendError(TatgraphError):
    """The graph store failed or was asked for something it cannot do."""


class ConnectionFailed(BackendError):
    """The database could not be reached or opened."""


class ReadOnlyViolation(BackendError):
    """A read-only (researcher) query tried to write."""


class QueryError(BackendError):
    """A query failed: bad syntax, unknown query name, or missing parameters."""


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
    >>> str(err), err.hint
    ('out: Is a directory', 'give a file path, not a folder (e.g. -o out/view.html)')
    """
    where = exc.filename if exc.filename is not None else "a file"
    reason = exc.strerror or str(exc)
    return FileAccessError(f"{where}: {reason}", hint=_OS_HINTS.get(exc.errno or -1))
