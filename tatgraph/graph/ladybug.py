"""Embedded backend: LadybugDB (the maintained fork of Kùzu), in-process and durable.

The database is a single file (plus its write-ahead log) on local disk; nothing to start.
Writes run in ``BEGIN TRANSACTION ... COMMIT``; researcher reads run in
``BEGIN TRANSACTION READ ONLY``, which the engine enforces.

Measured pitfalls this module avoids (see DESIGN.md): ``COPY`` of a duplicate primary key
crashes the process, so bulk COPY is left to loaders that guarantee new rows; struct fields
of ``$rows`` are typed from the first row, so every value is ``CAST`` (see statements.py).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from ..errors import (
    BackendError,
    ConnectionFailed,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
)
from .schema import NODES, RELS, Prop, ladybug_ddl, q
from .statements import Dialect, copy_from
from .store import READ_ONLY_HINT, GraphStore, Row, Tx

T = TypeVar("T")

_NO_TX = "No active transaction"
_INTERRUPTED = "Interrupted"
_RECOVERY_PENDING = "checkpoint recovery is pending"
_DISK_FULL = "No space left on device"
RERUN_HINT = (
    "every tatgraph load is idempotent and one transaction per batch: rerun the same load "
    "and it completes where it stopped"
)
MAGIC = b"LBUG"
"""The first bytes of every LadybugDB database file."""


def is_ladybug_file(path: Path) -> bool:
    """Whether ``path`` is a file that starts like a LadybugDB database."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def check_graph_path(path: Path) -> None:
    """Refuse a path that exists but is not a LadybugDB graph file (a directory, a CSV...).

    Ladybug would otherwise fail with an engine message, or treat the file as a database.
    """
    if path.is_dir():
        raise ConnectionFailed(
            f"{path} is a directory, not a graph file; give a file path such as "
            f"{path / 'graph.lbdb'}"
        )
    if path.exists() and path.stat().st_size > 0 and not is_ladybug_file(path):
        raise ConnectionFailed(
            f"{path} exists and is not a LadybugDB graph; tatgraph will not open or overwrite "
            "it: give the path of a graph file (e.g. tatgraph-out/graph.lbdb)"
        )


_READ_ONLY_MARKERS = ("read-only transaction", "read-only database", "read only")


def _param(value: Any) -> Any:
    """Python value -> Ladybug parameter (timestamps are stored as naive UTC)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dict):
        return {k: _param(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_param(v) for v in value]
    return value


def _result(value: Any) -> Any:
    """Ladybug result value -> Python value (timestamps become aware UTC datetimes)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, list):
        return [_result(v) for v in value]
    if isinstance(value, dict):
        return {k: _result(v) for k, v in value.items() if k not in ("_id", "_src", "_dst")}
    return value


def release_freed_memory() -> None:
    """Hand the memory a commit freed back to the system (glibc keeps it otherwise: a load's
    resident size would grow by the transaction's working memory each time)."""
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        try:
            _MALLOC_TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _MALLOC_TRIM = False
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


_MALLOC_TRIM: Any = None


class _LadybugTx(Tx):
    arrow = True

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return _execute(self._conn, query, params)

    def copy(self, table: str, data: Any) -> None:
        """Bulk-``COPY`` an Arrow table into a node or relationship table of the schema.

        The caller guarantees every row is new (a duplicate primary key corrupts the
        process) and every relationship's endpoints exist. Works inside the transaction:
        a rollback undoes it.
        """
        self.scan(copy_from(table), data)

    def scan(self, query: str, data: Any) -> list[Row]:
        """Run a statement that scans the Arrow table ``$data`` (``COPY``/``LOAD FROM``)."""
        try:
            return _execute(self._conn, query, {"data": data})
        finally:
            # ladybug 0.22 caches one prepared statement per Arrow object scanned, which
            # keeps every scanned table alive until the connection closes: drop them.
            cache = getattr(self._conn, "_pybind_implicit_prepared_cache", None)
            if isinstance(cache, dict):
                for key in [k for k in cache if k[0] == query]:
                    cache.pop(key, None)


def _execute(conn: Any, query: str, params: Mapping[str, Any] | None) -> list[Row]:
    try:
        if params:
            result = conn.execute(query, {k: _param(v) for k, v in params.items()})
        else:
            result = conn.execute(query)
    except RuntimeError as exc:
        text = str(exc)
        if any(m in text for m in _READ_ONLY_MARKERS):
            raise ReadOnlyViolation(f"this query writes; {READ_ONLY_HINT}") from exc
        if _DISK_FULL in text:
            raise BackendError(
                "the disk is full: Ladybug could not write (the batch was rolled back)",
                hint=f"free some space, then {RERUN_HINT}",
            ) from exc
        raise QueryError(f"Ladybug refused the query: {text}") from exc
    if isinstance(result, list):  # several statements: never produced by tatgraph itself
        raise QueryError("expected exactly one Cypher statement")
    columns = result.get_column_names()
    many = result.get_num_tuples() > _FEW_ROWS
    if many and columns and set(result.get_column_data_types()) <= _PLAIN:
        # plain values: through Arrow, column by column (several times faster for the
        # tens of thousands of rows an aggregation can return)
        table = result.get_as_arrow()
        rows = _as_rows(columns, [c.to_pylist() for c in table.columns])
    else:
        rows = [dict(zip(columns, (_result(v) for v in r), strict=True)) for r in result.get_all()]
    result.close()
    return rows


_FEW_ROWS = 100
"""Results of up to this many rows are read row by row: through Arrow a one-row result
costs about 0.75 ms more (a 10-hop chain: 1.2 ms instead of 0.4 ms)."""


def _as_rows(columns: list[str], values: list[list[Any]]) -> list[Row]:
    """Rows as dicts from the columns' values (a dict display for up to four columns:
    twice as fast as ``dict(zip(...))`` per row, for the tens of thousands of rows an
    aggregation returns).

    >>> _as_rows(["a", "b"], [[1, 2], ["x", "y"]])
    [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    """
    if len(columns) == 1:
        (a,) = columns
        return [{a: x} for x in values[0]]
    if len(columns) == 2:
        a, b = columns
        return [{a: x, b: y} for x, y in zip(*values, strict=True)]
    if len(columns) == 3:
        a, b, c = columns
        return [{a: x, b: y, c: z} for x, y, z in zip(*values, strict=True)]
    if len(columns) == 4:
        a, b, c, d = columns
        return [{a: x, b: y, c: z, d: w} for x, y, z, w in zip(*values, strict=True)]
    return [dict(zip(columns, v, strict=True)) for v in zip(*values, strict=True)]


_PLAIN = frozenset(
    ["STRING", "INT64", "INT32", "INT16", "INT8", "UINT64", "UINT32", "DOUBLE", "FLOAT", "BOOL"]
)
"""Result types that Arrow hands back as the same Python values as Ladybug's own rows."""


class LadybugStore(GraphStore):
    """A tatgraph graph in a local Ladybug database file.

    >>> import tempfile, pathlib
    >>> with LadybugStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbdb") as store:
    ...     store.ensure_schema()
    ...     store.counts()["Event"]
    0
    """

    dialect = Dialect.LADYBUG

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        import ladybug

        self.path = Path(path).expanduser()
        self.location = str(self.path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise ConnectionFailed(f"no graph at {self.path}: build one first (tatgraph demo)")
        check_graph_path(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db: Any = None
        self._conn: Any = None
        self.migrated = False
        """Whether :meth:`ensure_schema` added columns (derived properties to fill)."""
        try:
            self._open(ladybug, read_only)
        except RuntimeError as exc:
            if not (read_only and _RECOVERY_PENDING in str(exc)):
                raise self._open_failed(exc) from exc
            # A writer was killed mid-checkpoint: opening read-write completes the recovery
            # (the engine's own procedure); then the graph opens read-only as asked.
            try:
                self._open(ladybug, False)
                self.close()
                self._open(ladybug, True)
            except RuntimeError as again:
                raise self._open_failed(again) from again
        if read_only and self._missing_columns():
            self._upgrade(ladybug)

    def _upgrade(self, ladybug: Any) -> None:
        """Give a graph written before a schema change its new columns and derived values
        (read-write, once), then open it read-only again."""
        from .derived import backfill

        self.close()
        try:
            self._open(ladybug, False)
            self.read_only = False
            self.ensure_schema()
            backfill(self)
        except RuntimeError as exc:
            raise self._open_failed(exc) from exc
        finally:
            self.read_only = True
            self.close()
        self._open(ladybug, True)

    def _open(self, ladybug: Any, read_only: bool) -> None:
        self._db = ladybug.Database(str(self.path), read_only=read_only)
        self._conn = ladybug.Connection(self._db)

    def _open_failed(self, exc: RuntimeError) -> ConnectionFailed:
        text = str(exc)
        if "lock" in text.lower():
            return ConnectionFailed(
                f"{self.path} is in use by another process (a load still running?): {text}",
                hint="wait for it to finish, then try again",
            )
        if _DISK_FULL in text:
            return ConnectionFailed(
                f"could not open {self.path}: the disk is full",
                hint=f"free some space, then {RERUN_HINT}",
            )
        return ConnectionFailed(f"could not open the Ladybug database {self.path}: {text}")

    def ensure_schema(self) -> None:
        if self.read_only:
            raise BackendError(f"{self.path} is open read-only; cannot create the schema")
        for ddl in ladybug_ddl():
            _execute(self._conn, ddl, None)
        for table, prop in self._missing_columns():  # a graph from before a schema change
            ddl = f"ALTER TABLE {q(table)} ADD {q(prop.name)} {prop.type.value}"
            _execute(self._conn, ddl, None)
            self.migrated = True

    def _missing_columns(self) -> list[tuple[str, Prop]]:
        """Properties of the schema that the tables of this graph lack."""
        out = []
        specs = [(n.label, n.props) for n in NODES] + [(r.type, r.props) for r in RELS]
        for table, props in specs:
            try:
                rows = _execute(self._conn, f"CALL table_info('{table}') RETURN *", None)
            except QueryError:
                continue  # no such table yet: ensure_schema creates it whole
            have = {r["name"] for r in rows}
            out += [(table, p) for p in props if p.name not in have]
        return out

    def needs_backfill(self) -> bool:
        return self.migrated or super().needs_backfill()

    def _transaction(self, work: Callable[[Tx], T]) -> T:
        _execute(self._conn, "BEGIN TRANSACTION", None)
        try:
            result = work(_LadybugTx(self._conn))
        except BaseException:
            self._rollback()
            raise
        _execute(self._conn, "COMMIT", None)
        release_freed_memory()
        return result

    def _rollback(self) -> None:
        # Ladybug rolls a transaction back by itself when a statement in it fails; only
        # that case ("no active transaction") is expected here, anything else propagates.
        try:
            _execute(self._conn, "ROLLBACK", None)
        except QueryError as exc:
            if _NO_TX not in str(exc):
                raise

    def _read_rows(
        self, query: str, params: Mapping[str, Any], timeout: float | None = None
    ) -> list[Row]:
        _execute(self._conn, "BEGIN TRANSACTION READ ONLY", None)
        if timeout is not None:
            self._conn.set_query_timeout(max(1, round(timeout * 1000)))
        try:
            rows = _execute(self._conn, query, params)
        except QueryError as exc:
            self._rollback()
            if timeout is not None and _INTERRUPTED in str(exc):
                raise QueryTimeout(
                    f"the query was stopped after {timeout:g} s (its timeout)"
                ) from exc
            raise
        except BaseException:
            self._rollback()
            raise
        finally:
            if timeout is not None:
                self._conn.set_query_timeout(0)
        _execute(self._conn, "COMMIT", None)
        return rows

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._db is not None:
            self._db.close()
            self._db = None
