"""The backend interface: one small ABC that every backend implements.

A :class:`GraphStore` writes :class:`~tatgraph.model.Dataset` batches (one transaction
each, idempotent) and answers read-only queries. Backends implement only the primitives —
:meth:`GraphStore._transaction` (giving the work a :class:`~tatgraph.graph.tx.Tx`),
:meth:`GraphStore._read_rows`, schema creation, close. Writing is shared: records become
rows in :mod:`tatgraph.graph.rows` and rows are stored by the one upsert algorithm of
:mod:`tatgraph.graph.write` (its docstring has the rules), so every backend behaves the same
by construction and the conformance tests check it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from types import TracebackType
from typing import Any, Self, TypeVar

from ..errors import QueryError, ReadOnlyViolation
from ..model import Dataset
from . import statements as st
from .cypher_text import count_statements, parameter_names, read_only_problem, size_problem
from .rows import from_dataset
from .schema import NODES, RELS
from .tx import Row, Tx
from .write import Writer, WriteStats

__all__ = ["READ_ONLY_HINT", "GraphStore", "Row", "Tx", "WriteStats"]

READ_ONLY_HINT = (
    "queries here run read-only; use the loaders (tatgraph load ...) to change the graph"
)
T = TypeVar("T")


class GraphStore(ABC):
    """A graph database holding the tatgraph schema.

    Use as a context manager; open one with :func:`tatgraph.graph.open_store`.
    """

    dialect: st.Dialect
    location: str

    # -- primitives a backend provides -------------------------------------------------
    @abstractmethod
    def ensure_schema(self) -> None:
        """Create every table/constraint/index that does not exist yet."""

    @abstractmethod
    def _transaction(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one write transaction: commit if it returns, roll back if not."""

    @abstractmethod
    def _read_rows(
        self, query: str, params: Mapping[str, Any], timeout: float | None = None
    ) -> list[Row]:
        """Run one statement in a read-only transaction; writes must be refused."""

    @abstractmethod
    def close(self) -> None:
        """Release the database."""

    def needs_backfill(self) -> bool:
        """Whether the graph holds records written before a derived property existed
        (:func:`tatgraph.graph.derived.backfill` fills them)."""
        missing = self.read(st.events_without_sides())
        if missing:
            return True
        return bool(self.read(st.at_without_year()))

    # -- shared behaviour ----------------------------------------------------------------
    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def read(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> list[Row]:
        """Run one read-only Cypher statement with ``$parameters``; writes are refused.

        This is the path for researchers' ad-hoc queries: it raises
        :class:`~tatgraph.errors.ReadOnlyViolation` if the statement tries to write, and
        :class:`~tatgraph.errors.QueryError` before the engine sees the text if it is too
        large or deeply nested, or refers to a ``$parameter`` not given. ``timeout`` (seconds)
        stops a query that runs longer, with a :class:`~tatgraph.errors.QueryTimeout`.
        """
        ladybug = self.dialect is st.Dialect.LADYBUG
        checks = _checked if len(query) <= _CHECKED_CHARS else _text_checks
        n, too_big, problem, used = checks(query, ladybug)
        if n != 1:
            raise QueryError(f"expected exactly one Cypher statement, got {n}")
        if too_big:
            raise QueryError(f"{too_big}; tatgraph refuses it before the engine parses it")
        if problem:
            raise ReadOnlyViolation(f"{problem}; {READ_ONLY_HINT}")
        given = dict(params or {})
        missing = sorted(used - set(given))
        if missing:
            names = ", ".join(f"${m}" for m in missing)
            example = " ".join(f"-p {m}=VALUE" for m in missing)
            raise QueryError(
                f"the query uses {names} but no value was given for it; pass {example}"
            )
        if timeout is not None and timeout <= 0:
            raise QueryError(f"a timeout must be positive, not {timeout}")
        return self._read_rows(query, given, timeout)

    def transaction(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one write transaction: committed if it returns, rolled back (and
        nothing of it kept) if it raises. Writes go through :mod:`tatgraph.graph.write`."""
        return self._transaction(work)

    def write(self, datasets: Dataset | Iterable[Dataset]) -> WriteStats:
        """Store each dataset in its own transaction; returns what was created and updated.

        Every record given is written: new ones created, stored ones written again (and
        counted as updated) with the relationships they now name; a link of a weaker basis
        than the stored one is left as it is (``skipped_links``). See
        :mod:`tatgraph.graph.write`; bulk loads use its :class:`~tatgraph.graph.write.Writer`
        directly, which leaves unchanged records alone.
        """
        if isinstance(datasets, Dataset):
            datasets = [datasets]
        writer = Writer(self, rewrite_unchanged=True)
        for ds in datasets:
            writer.write(from_dataset(ds))
        return writer.stats

    def clear(self) -> None:
        """Delete every tatgraph node and relationship (one transaction). Irreversible."""

        def work(tx: Tx) -> None:
            for spec in NODES:
                tx.run(st.delete_nodes(spec.label))

        self.transaction(work)

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and relationships per type."""
        out = {n.label: int(self.read(st.count_nodes(n.label))[0]["n"]) for n in NODES}
        out.update({r.type: int(self.read(st.count_rels(r.type))[0]["n"]) for r in RELS})
        return out

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every node and relationship with all properties, sorted: for equality checks."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        for n in NODES:
            rows = self.read(st.snapshot_nodes(n.label))
            out[n.label] = sorted((tuple(_freeze(v) for v in r.values()) for r in rows), key=repr)
        for r in RELS:
            rows = self.read(st.snapshot_rels(r.type))
            out[r.type] = sorted((tuple(_freeze(v) for v in x.values()) for x in rows), key=repr)
        return out


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _text_checks(query: str, ladybug: bool) -> tuple[int, str | None, str | None, frozenset[str]]:
    """What :meth:`GraphStore.read` checks in a query's text: its number of statements,
    why it is too large (or None), why it is not read-only (or None), its parameter names."""
    return (
        count_statements(query),
        size_problem(query),
        read_only_problem(query, ladybug=ladybug),
        frozenset(parameter_names(query)),
    )


_CHECKED_CHARS = 20_000
"""Queries up to this length have their checks remembered (:func:`_checked`)."""

_checked = lru_cache(maxsize=512)(_text_checks)
""":func:`_text_checks`, remembered for the queries run most recently: a program running
the same query for many values pays for its checks once (they take 0.1-0.2 ms a call)."""
