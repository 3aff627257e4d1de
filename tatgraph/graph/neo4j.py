"""Production backend: Neo4j 5 through the official ``neo4j`` Python driver (6.x).

One driver per store (it pools connections); credentials come from the caller, who reads
them from flags or the environment (``NEO4J_USER``/``NEO4J_PASSWORD``), never from code.
Writes run in managed write transactions (retried by the driver on transient errors; the
upsert algorithm is safe to retry). Reads run in READ access mode *and* are checked first
with ``EXPLAIN``: the planner's query type must be ``r``, so a write is refused before it
runs, on a single server as on a cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from ..errors import (
    BackendError,
    ConnectionFailed,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
)
from .schema import neo4j_ddl
from .statements import Dialect
from .store import READ_ONLY_HINT, GraphStore, Row, Tx

T = TypeVar("T")


def _result(value: Any) -> Any:
    """Driver value -> plain Python (neo4j.time types -> datetime, nodes -> dicts)."""
    from neo4j.graph import Node, Relationship
    from neo4j.time import DateTime

    if isinstance(value, DateTime):
        native: datetime = value.to_native()
        return native
    if isinstance(value, Node | Relationship):
        return {k: _result(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_result(v) for v in value]
    if isinstance(value, dict):
        return {k: _result(v) for k, v in value.items()}
    return value


class _Neo4jTx(Tx):
    def __init__(self, tx: Any) -> None:
        self._tx = tx

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        result = self._tx.run(query, dict(params or {}))
        return [{k: _result(v) for k, v in rec.items()} for rec in result]


class Neo4jStore(GraphStore):
    """A tatgraph graph in a Neo4j 5 database reached over Bolt."""

    dialect = Dialect.NEO4J

    def __init__(
        self,
        uri: str,
        *,
        user: str | None,
        password: str | None,
        database: str | None = None,
    ) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.location = uri if database is None else f"{uri} (database {database})"
        self._database = database
        if not user or not password:
            raise ConnectionFailed(
                f"no credentials for {uri}: set NEO4J_USER and NEO4J_PASSWORD "
                "(or pass --user/--password)"
            )
        self._driver = GraphDatabase.driver(uri, auth=(user, password))
        try:
            self._driver.verify_connectivity()
        except AuthError as exc:
            self._driver.close()
            raise ConnectionFailed(f"Neo4j at {uri} refused the credentials: {exc}") from exc
        except (ServiceUnavailable, OSError) as exc:
            self._driver.close()
            raise ConnectionFailed(
                f"cannot reach Neo4j at {uri}: {exc}. Is it running? "
                "(docker compose up -d, then wait for the healthcheck)"
            ) from exc

    def ensure_schema(self) -> None:
        from neo4j.exceptions import Neo4jError

        with self._driver.session(database=self._database) as session:
            for ddl in neo4j_ddl():
                try:
                    session.run(ddl).consume()
                except Neo4jError as exc:
                    raise BackendError(f"Neo4j refused schema statement {ddl!r}: {exc}") from exc

    def _transaction(self, work: Callable[[Tx], T]) -> T:
        from neo4j.exceptions import Neo4jError

        with self._driver.session(database=self._database) as session:
            try:
                return session.execute_write(lambda tx: work(_Neo4jTx(tx)))
            except Neo4jError as exc:
                raise BackendError(f"Neo4j write failed (rolled back): {exc}") from exc

    def _read_rows(
        self, query: str, params: Mapping[str, Any], timeout: float | None = None
    ) -> list[Row]:
        from neo4j import READ_ACCESS, unit_of_work
        from neo4j.exceptions import ClientError, Neo4jError

        @unit_of_work(timeout=timeout)
        def work(tx: Any) -> list[Row]:
            plan = tx.run("EXPLAIN " + query, params).consume()
            if plan.query_type != "r":
                raise ReadOnlyViolation(
                    f"this query writes (Neo4j query type {plan.query_type!r}); {READ_ONLY_HINT}"
                )
            return _Neo4jTx(tx).run(query, params)

        with self._driver.session(
            database=self._database, default_access_mode=READ_ACCESS
        ) as session:
            try:
                return session.execute_read(work)
            except ClientError as exc:
                if "access mode" in str(exc).lower():
                    raise ReadOnlyViolation(f"this query writes ({exc}); {READ_ONLY_HINT}") from exc
                if timeout is not None and "TransactionTimedOut" in (exc.code or ""):
                    raise QueryTimeout(
                        f"the query was stopped after {timeout:g} s (its timeout)"
                    ) from exc
                raise QueryError(f"Neo4j refused the query: {exc}") from exc
            except Neo4jError as exc:
                raise QueryError(f"Neo4j query failed: {exc}") from exc

    def close(self) -> None:
        self._driver.close()
