"""Production backend: Neo4j 5 through the official ``neo4j`` Python driver (6.x).

One driver per store (it pools connections); credentials come from the caller, who reads
them from flags or the environment (``NEO4J_USER``/``NEO4J_PASSWORD``), never from code.

- **Any deployment**: ``bolt://`` for one server, ``neo4j://`` for routing (a cluster, or one
  server), ``+s`` for TLS with a trusted certificate (Aura), ``+ssc`` for a self-signed one.
- **Writes** run in the driver's managed write transactions (``execute_write``), routed to
  the leader and retried on transient errors and lost connections for up to
  ``retry_seconds``; the upsert algorithm is safe to retry (each batch is one transaction, and
  a batch written twice is unchanged). A write that still fails is rolled back whole and
  raises :class:`~tatgraph.errors.BackendError` (a lost server: ConnectionFailed): rerunning
  the load completes it.
- **Reads** run in managed READ transactions (routed to followers/read replicas on a
  cluster) and are checked first with ``EXPLAIN``: the planner's query type must be ``r``, so
  a write is refused before it runs, on a single server as on a cluster.
- **Causal consistency**: every session of a store shares one bookmark manager, so a read
  sees the writes the same store committed before it, even on another cluster member.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from ..errors import (
    BackendError,
    ConnectionFailed,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
)
from . import statements as st
from .schema import NODES, neo4j_ddl
from .statements import Dialect
from .store import READ_ONLY_HINT, GraphStore, Row, Tx

T = TypeVar("T")

DEFAULT_RETRY_SECONDS = 30.0
"""How long a write is retried on transient errors and lost connections (the driver's
default): long enough for a cluster to elect a new leader."""

ZERO = timedelta(0)
CLEAR_BATCH = 10_000
START_HINT = "Is it running? (tools/neo4j/start DIR, or docker compose up -d and wait for healthy)"


def _result(value: Any) -> Any:
    """Driver value -> plain Python (neo4j.time types -> datetime/date, nodes -> dicts)."""
    from neo4j.graph import Node, Relationship
    from neo4j.time import Date, DateTime

    if isinstance(value, DateTime):
        native: datetime = value.to_native()
        # the driver's own UTC object -> datetime.UTC, as Ladybug returns (same instant)
        return native.astimezone(UTC) if native.utcoffset() == ZERO else native
    if isinstance(value, Date):
        day: date = value.to_native()
        return day
    if isinstance(value, Node | Relationship):
        return {k: _result(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_result(v) for v in value]
    if isinstance(value, dict):
        return {k: _result(v) for k, v in value.items()}
    return value


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, its causes and contexts, and the members of exception groups among them."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        cur = todo.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        yield cur
        todo.extend(x for x in (cur.__cause__, cur.__context__) if x is not None)
        if isinstance(cur, BaseExceptionGroup):
            todo.extend(cur.exceptions)


def connection_problem(uri: str, exc: BaseException) -> ConnectionFailed:
    """A clear error for a server that cannot be reached (or whose certificate is refused)."""
    import ssl

    if any(isinstance(c, ssl.SSLCertVerificationError) for c in _causes(exc)):
        return ConnectionFailed(
            f"Neo4j at {uri} presented a TLS certificate this machine does not trust",
            hint="for a server with a self-signed certificate use neo4j+ssc:// (or bolt+ssc://)",
        )
    detail = " ".join(str(exc).split())
    return ConnectionFailed(f"cannot reach Neo4j at {uri}: {detail}", hint=START_HINT)


class _Neo4jTx(Tx):
    def __init__(self, tx: Any) -> None:
        self._tx = tx

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        result = self._tx.run(query, dict(params or {}))
        return [{k: _result(v) for k, v in rec.items()} for rec in result]


class Neo4jStore(GraphStore):
    """A tatgraph graph in a Neo4j 5 database reached over Bolt (one server or a cluster)."""

    dialect = Dialect.NEO4J

    def __init__(
        self,
        uri: str,
        *,
        user: str | None,
        password: str | None,
        database: str | None = None,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
    ) -> None:
        from neo4j import GraphDatabase, NotificationMinimumSeverity
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        self.location = uri if database is None else f"{uri} (database {database})"
        self._uri = uri
        self._database = database
        self._retry_seconds = retry_seconds
        if not user or not password:
            raise ConnectionFailed(
                f"no credentials for {uri}: set NEO4J_USER and NEO4J_PASSWORD "
                "(or pass --user/--password)"
            )
        self._driver = GraphDatabase.driver(
            uri,
            auth=(user, password),
            max_transaction_retry_time=retry_seconds,
            # the planner's hints (e.g. "property key does not exist" on a young graph) are
            # not errors: the driver would log each one as a warning on stderr
            notifications_min_severity=NotificationMinimumSeverity.OFF,
        )
        self._bookmarks = GraphDatabase.bookmark_manager()
        try:
            self._driver.verify_connectivity()
        except AuthError as exc:
            self._driver.close()
            raise ConnectionFailed(f"Neo4j at {uri} refused the credentials: {exc}") from exc
        except (DriverError, Neo4jError, OSError) as exc:
            self._driver.close()
            raise connection_problem(uri, exc) from exc

    def _session(self, *, read: bool = False) -> Any:
        from neo4j import READ_ACCESS, WRITE_ACCESS

        return self._driver.session(
            database=self._database,
            default_access_mode=READ_ACCESS if read else WRITE_ACCESS,
            bookmark_manager=self._bookmarks,
        )

    def ensure_schema(self) -> None:
        """Create the constraints and indexes that do not exist yet: one read lists them
        (about 15 ms; the 13 DDL statements, each a schema transaction, take ten times that
        on every open even when they change nothing)."""
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            with self._session(read=True) as session:
                existing = set(session.execute_read(_schema_names))
            missing = [ddl for ddl in neo4j_ddl() if _ddl_name(ddl) not in existing]
            with self._session() as session:
                for ddl in missing:  # schema commands each need their own transaction
                    try:
                        session.run(ddl).consume()
                    except Neo4jError as exc:
                        raise BackendError(
                            f"Neo4j refused schema statement {ddl!r}: {exc}"
                        ) from exc
        except DriverError as exc:
            raise connection_problem(self._uri, exc) from exc

    def clear(self) -> None:
        """Delete every tatgraph node and relationship, 10,000 nodes per transaction: a large
        graph does not fit in one transaction's memory on Neo4j (1M nodes overflow a 1 GiB
        heap). Unlike Ladybug's, not all at once: rerun it if it is interrupted."""
        for spec in NODES:
            text = st.delete_some_nodes(spec.label)

            def some(tx: Tx, text: str = text) -> int:
                return int(tx.run(text, {"limit": CLEAR_BATCH})[0]["deleted"])

            while self.transaction(some) == CLEAR_BATCH:
                pass

    def _transaction(self, work: Callable[[Tx], T]) -> T:
        from neo4j.exceptions import DriverError, Neo4jError

        with self._session() as session:
            try:
                done: T = session.execute_write(lambda tx: work(_Neo4jTx(tx)))
                return done
            except Neo4jError as exc:
                raise BackendError(f"Neo4j write failed (rolled back): {exc}") from exc
            except DriverError as exc:
                raise ConnectionFailed(
                    f"lost Neo4j at {self._uri} during a write, still gone after "
                    f"{self._retry_seconds:g} s of retries: {exc}",
                    hint="the batch was rolled back; rerun the load when the server is back "
                    "(loads are idempotent)",
                ) from exc

    def _read_rows(
        self, query: str, params: Mapping[str, Any], timeout: float | None = None
    ) -> list[Row]:
        from neo4j import unit_of_work
        from neo4j.exceptions import ClientError, DriverError, Neo4jError

        @unit_of_work(timeout=timeout)
        def work(tx: Any) -> list[Row]:
            plan = tx.run("EXPLAIN " + query, params).consume()
            if plan.query_type != "r":
                raise ReadOnlyViolation(
                    f"this query writes (Neo4j query type {plan.query_type!r}); {READ_ONLY_HINT}"
                )
            return _Neo4jTx(tx).run(query, params)

        with self._session(read=True) as session:
            try:
                rows: list[Row] = session.execute_read(work)
                return rows
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
            except DriverError as exc:
                raise connection_problem(self._uri, exc) from exc

    def close(self) -> None:
        self._driver.close()


def _schema_names(tx: Any) -> list[str]:
    """Names of the constraints and indexes of the database."""
    return [
        str(r["name"])
        for query in ("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name")
        for r in tx.run(query)
    ]


def _ddl_name(ddl: str) -> str | None:
    """The name ``CREATE CONSTRAINT|INDEX name IF NOT EXISTS ...`` gives, else None (then the
    statement always runs)."""
    words = ddl.split()
    if len(words) > 4 and words[0] == "CREATE" and words[3:5] == ["IF", "NOT"]:
        return words[2]
    return None
