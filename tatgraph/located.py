"""Input values that remember where they came from, and errors that say so.

YAML mappings load as :class:`LocatedDict` (each key's line number kept) and CSV rows are
wrapped the same way, so a validation error can name ``file:line`` and the field.

>>> data = load_yaml_text("a: 1\\nb:\\n  c: 2\\n", "x.yaml")
>>> data.line_of("b"), data["b"].line_of("c")
(2, 3)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import InputError, Problem


class LocatedDict(dict[str, Any]):
    """A dict with the file and line of the mapping and of each key."""

    file: str = "<input>"
    line: int | None = None
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        return getattr(self, "key_lines", {}).get(key, self.line)


class LocatedList(list[Any]):
    """A list with the line of each item."""

    file: str = "<input>"
    line: int | None = None
    item_lines: list[int]

    def line_of(self, index: int) -> int | None:
        lines = getattr(self, "item_lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


def _make_loader(file: str) -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LocatedDict:
        out = LocatedDict()
        out.file, out.line, out.key_lines = file, node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise InputError(
                    f"mapping keys must be text, got {key!r}",
                    file=file,
                    line=key_node.start_mark.line + 1,
                )
            if key in out:
                raise InputError(
                    f"key '{key}' appears twice in one mapping",
                    file=file,
                    line=key_node.start_mark.line + 1,
                    field=key,
                )
            out[key] = loader.construct_object(value_node, deep=True)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out

    def sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LocatedList:
        out = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
        out.file, out.line = file, node.start_mark.line + 1
        out.item_lines = [child.start_mark.line + 1 for child in node.value]
        return out

    def timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        # An unquoted 2022-02-30 or T25:00 looks like a timestamp to YAML but is none: keep
        # the text, so validation reports it with its file, line and field.
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except ValueError:
            return loader.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return Loader


_CONTAINERS: tuple[tuple[bytes, str, str], ...] = (
    (
        b"PK\x03\x04",
        "is an Excel workbook (.xlsx) or another ZIP archive, not text",
        "in Excel use File > Save As > CSV UTF-8; a .zip: unzip it first",
    ),
    (
        b"\xd0\xcf\x11\xe0",
        "is an old Excel workbook (.xls), not text",
        "in Excel use File > Save As > CSV UTF-8",
    ),
    (b"\x1f\x8b", "is compressed (gzip), not text", "gunzip it first, then load the file"),
    (b"BZh", "is compressed (bzip2), not text", "bunzip2 it first, then load the file"),
    (b"\xfd7zXZ", "is compressed (xz), not text", "unxz it first, then load the file"),
    (b"%PDF", "is a PDF document, not text", "export the text first (e.g. pdftotext)"),
)


def check_input_file(path: Path, *, what: str = "a file") -> None:
    r"""Refuse, with a clear :class:`InputError`, an input that is missing, a directory, or a
    binary container (an Excel workbook renamed .csv, a gzip file...) instead of text.
    ``what`` names the expected input with its article ("an ACLED export").

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = p.write_bytes(b"\x1f\x8b\x08\x00")
    >>> check_input_file(p)
    Traceback (most recent call last):
    ...
    tatgraph.errors.InputError: ...export.csv: is compressed (gzip), not text
      hint: gunzip it first, then load the file
    """
    where = str(path)
    if path.is_dir():
        raise InputError(
            f"is a directory, not {what}",
            file=where,
            hint=f"name the files inside it, e.g. {path / '*'}",
        )
    if not path.is_file():
        raise InputError(f"no such {what.partition(' ')[2]}", file=where)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=where) from exc
    for magic, problem, hint in _CONTAINERS:
        if head.startswith(magic):
            raise InputError(problem, file=where, hint=hint)


def load_yaml_text(text: str, file: str) -> Any:
    """Parse YAML text into located containers; syntax errors name file and line."""
    try:
        return yaml.load(text, Loader=_make_loader(file))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            f"not valid YAML: {exc.problem}",
            file=file,
            line=line,
            hint="check indentation and quoting around this line",
        ) from exc


def load_yaml(path: Path) -> Any:
    """Read and parse a UTF-8 YAML file (see :func:`load_yaml_text`)."""
    check_input_file(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", file=str(path), hint="save the file as UTF-8"
        ) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    return load_yaml_text(text, str(path))


def problems_from_validation(
    exc: ValidationError, record: LocatedDict, *, prefix: str = ""
) -> Iterator[Problem]:
    """Turn a pydantic error on a record built from ``record`` into located problems."""
    for err in exc.errors():
        loc = [str(x) for x in err["loc"]]
        line: int | None = record.line
        container: Any = record
        for part in loc:
            if isinstance(container, LocatedDict) and part in container:
                line = container.line_of(part)
                container = container[part]
            elif isinstance(container, LocatedList) and part.isdigit():
                line = container.line_of(int(part))
                idx = int(part)
                container = container[idx] if idx < len(container) else None
            else:
                break
        field = prefix + ".".join(loc) if loc else (prefix.rstrip(".") or None)
        message = err["msg"]
        if (
            err["type"] not in ("missing", "extra_forbidden")
            and "input" in err
            and not isinstance(err["input"], dict | list)  # a whole record: its line says it
        ):
            message += f" (got {err['input']!r})"
        if err["type"] == "extra_forbidden":
            message = "unknown field (check its spelling)"
        yield Problem(record.file, line, field or None, message)
