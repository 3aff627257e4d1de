"""What a backend's write transaction offers the writer, and what the writer needs of a store.

:class:`Tx` is the whole interface the upsert algorithm (:mod:`tatgraph.graph.write`) uses:
``run`` a statement, and — where the backend declares it with ``arrow = True`` — bulk
``copy`` of an Arrow table and ``scan`` of one (Ladybug's ``COPY`` and ``LOAD FROM``).
:class:`Transactional` is the part of a store the writer needs: its dialect and a way to run
work in one transaction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Protocol, TypeVar

from ..errors import BackendError
from .statements import Dialect

Row = dict[str, Any]
"""One result or parameter row: column name -> value."""

T = TypeVar("T")


class Tx(ABC):
    """A running write transaction."""

    arrow: ClassVar[bool] = False
    """Whether :meth:`copy` and :meth:`scan` work (the backend takes Arrow tables)."""

    @abstractmethod
    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run one statement in the transaction and return its rows."""

    def copy(self, table: str, data: Any) -> None:
        """Bulk-load the Arrow table ``data`` into the node or relationship table ``table``.

        Only rows known to be new, with endpoints that exist; a rollback undoes it.
        """
        raise BackendError(f"{type(self).__name__} cannot bulk-load Arrow tables")

    def scan(self, query: str, data: Any) -> list[Row]:
        """Run a statement that reads the Arrow table ``data`` as ``$data``."""
        raise BackendError(f"{type(self).__name__} cannot scan Arrow tables")


class Transactional(Protocol):
    """What the writer needs of a store: its dialect, and one transaction per call."""

    @property
    def dialect(self) -> Dialect: ...

    def transaction(self, work: Callable[[Tx], T]) -> T: ...
