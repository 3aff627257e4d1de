"""The backend interface: one small ABC, one upsert algorithm for every backend.

A :class:`GraphStore` writes :class:`~tatgraph.model.Dataset` batches (one transaction
each, idempotent) and answers read-only queries. Backends implement only the primitives
(:meth:`GraphStore._transaction`, :meth:`GraphStore._read_rows`, schema creation, close);
the write logic below is shared, so both behave the same by construction and the
conformance tests check it.

Upsert rules
------------
- Nodes are keyed on ``id``: existing ones are updated (except create-only properties such
  as ``recorded_at``), new ones created.
- Relationships owned by a record (an event's PERFORMED_BY/TARGETED/AT, a claim's
  ABOUT/IN/BY, an actor's PART_OF) are replaced by the ones the record now names.
- RESPONDS_TO is keyed on the (event, answered event) pair; a link never overwrites one of
  a stronger basis (stated > coded > inferred).
- A relationship naming a node that does not exist fails the whole batch (nothing is
  written), with the missing ids in the message.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from types import TracebackType
from typing import Any, Self, TypeVar

from ..errors import BackendError, QueryError, ReadOnlyViolation
from ..model import Dataset
from . import statements as st
from .cypher_text import count_statements, parameter_names, read_only_problem, size_problem
from .schema import LINK_BASIS_RANK, NODES, RELS, rel_spec

Row = dict[str, Any]
READ_ONLY_HINT = (
    "queries here run read-only; use the loaders (tatgraph load ...) to change the graph"
)
T = TypeVar("T")


class Tx(ABC):
    """A running write transaction."""

    @abstractmethod
    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run one statement in the transaction and return its rows."""


@dataclass
class GraphBatch:
    """Rows for one transaction: nodes per label, relationships per type."""

    nodes: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    owners: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class WriteStats:
    """What one or more batches did.

    ``created``/``updated`` count nodes and RESPONDS_TO links; for owned relationship types
    (rewritten with their owner on every load) ``created`` counts the relationships written.
    """

    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped_links: int = 0
    batches: int = 0

    def add(self, other: WriteStats) -> None:
        for k, v in other.created.items():
            self.created[k] += v
        for k, v in other.updated.items():
            self.updated[k] += v
        self.skipped_links += other.skipped_links
        self.batches += other.batches


def _json(mapping: Mapping[str, float]) -> str | None:
    return json.dumps(dict(sorted(mapping.items())), ensure_ascii=False) if mapping else None


def batch_from_dataset(ds: Dataset, *, now: datetime | None = None) -> GraphBatch:
    """Turn model records into property rows for the schema's labels and types."""
    now = now or datetime.now(UTC)
    b = GraphBatch()
    for a in ds.actors:
        b.nodes["Actor"].append(
            {
                "id": a.id,
                "name": a.name,
                "name_ar": a.name_ar,
                "aliases": list(a.aliases),
                "side": a.side.value,
                "type": a.type.value,
                "note": a.note,
            }
        )
        b.owners["PART_OF"].append(a.id)
        b.rels["PART_OF"].extend({"src": a.id, "dst": p} for p in a.part_of)
    for s in ds.sites:
        b.nodes["Site"].append(
            {
                "id": s.id,
                "name": s.name,
                "name_ar": s.name_ar,
                "aliases": list(s.aliases),
                "lat": s.lat,
                "lon": s.lon,
                "kind": s.kind.value,
                "admin1": s.admin1,
                "country": s.country,
                "note": s.note,
            }
        )
    for src in ds.sources:
        b.nodes["Source"].append(
            {
                "id": src.id,
                "outlet": src.outlet,
                "published": src.published,
                "published_basis": src.published_basis.value,
                "language": src.language,
                "title": src.title,
                "url": src.url,
                "file": src.file,
                "sha256": src.sha256,
            }
        )
    for e in ds.events:
        b.nodes["Event"].append(
            {
                "id": e.id,
                "kind": e.kind.value,
                "start_utc": e.start,
                "end_utc": e.end,
                "precision": e.precision.value,
                "tz": e.tz,
                "summary": e.summary,
                "geo_precision": e.geo_precision,
                "background": e.background,
                "munitions": _json(e.munitions),
                "killed_low": e.killed_low,
                "killed_best": e.killed_best,
                "killed_high": e.killed_high,
                "injured_low": e.injured_low,
                "injured_best": e.injured_best,
                "injured_high": e.injured_high,
                "first_reported": e.first_reported,
                "recorded_at": e.recorded_at or now,
            }
        )
        for rel in ("PERFORMED_BY", "TARGETED", "AT"):
            b.owners[rel].append(e.id)
        b.rels["PERFORMED_BY"].extend(
            {"src": e.id, "dst": p.actor, "basis": p.basis.value} for p in e.perpetrators
        )
        b.rels["TARGETED"].extend({"src": e.id, "dst": t} for t in e.targets)
        if e.site is not None:
            b.rels["AT"].append({"src": e.id, "dst": e.site})
    for c in ds.claims:
        b.nodes["Claim"].append(
            {
                "id": c.id,
                "killed": c.killed,
                "injured": c.injured,
                "munitions": _json(c.munitions),
                "responsibility": c.responsibility.value if c.responsibility else None,
                "responsible": c.responsible,
                "hedged": c.hedged,
                "quote": c.quote,
                "quote_start": c.quote_start,
                "quote_end": c.quote_end,
                "note": c.note,
            }
        )
        for rel in ("ABOUT", "IN", "BY"):
            b.owners[rel].append(c.id)
        b.rels["ABOUT"].append({"src": c.id, "dst": c.event})
        b.rels["IN"].append({"src": c.id, "dst": c.source})
        if c.claimant is not None:
            b.rels["BY"].append({"src": c.id, "dst": c.claimant})
    for link in ds.links:
        b.rels["RESPONDS_TO"].append(
            {
                "src": link.event,
                "dst": link.responds_to,
                "basis": link.basis.value,
                "confidence": link.confidence,
                "lag_hours": link.lag_hours,
                "cue": link.cue,
                "method": link.method,
                "components": _json(link.components),
                "source": link.source,
                "quote_start": link.quote_start,
                "quote_end": link.quote_end,
            }
        )
    return b


def _dedupe(rows: Sequence[Row], key: Callable[[Row], Any], what: str) -> list[Row]:
    """Drop exact duplicates; refuse two different rows for one key."""
    seen: dict[Any, Row] = {}
    for row in rows:
        k = key(row)
        if k in seen and seen[k] != row:
            raise BackendError(f"two different {what} records share the key {k!r} in one batch")
        seen[k] = row
    return list(seen.values())


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
        n = count_statements(query)
        if n != 1:
            raise QueryError(f"expected exactly one Cypher statement, got {n}")
        too_big = size_problem(query)
        if too_big:
            raise QueryError(f"{too_big}; tatgraph refuses it before the engine parses it")
        problem = read_only_problem(query, ladybug=self.dialect is st.Dialect.LADYBUG)
        if problem:
            raise ReadOnlyViolation(f"{problem}; {READ_ONLY_HINT}")
        given = dict(params or {})
        missing = sorted(parameter_names(query) - set(given))
        if missing:
            names = ", ".join(f"${m}" for m in missing)
            example = " ".join(f"-p {m}=VALUE" for m in missing)
            raise QueryError(
                f"the query uses {names} but no value was given for it; pass {example}"
            )
        if timeout is not None and timeout <= 0:
            raise QueryError(f"a timeout must be positive, not {timeout}")
        return self._read_rows(query, given, timeout)

    def write(self, datasets: Dataset | Iterable[Dataset]) -> WriteStats:
        """Store each dataset in its own transaction; returns what was created/updated."""
        if isinstance(datasets, Dataset):
            datasets = [datasets]
        total = WriteStats()
        for ds in datasets:
            total.add(self._transaction(partial(self._apply, batch=batch_from_dataset(ds))))
        return total

    def clear(self) -> None:
        """Delete every tatgraph node and relationship (one transaction). Irreversible."""

        def work(tx: Tx) -> None:
            for spec in NODES:
                tx.run(st.delete_nodes(spec.label))

        self._transaction(work)

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

    # -- the upsert algorithm ------------------------------------------------------------
    def _apply(self, tx: Tx, batch: GraphBatch) -> WriteStats:
        b = batch
        stats = WriteStats(batches=1)
        for spec in NODES:
            rows = _dedupe(b.nodes.get(spec.label, []), lambda r: r["id"], spec.label)
            if not rows:
                continue
            ids = [r["id"] for r in rows]
            existing = {r["id"] for r in tx.run(st.existing_ids(spec.label), {"ids": ids})}
            new = [r for r in rows if r["id"] not in existing]
            old = [r for r in rows if r["id"] in existing]
            if old:
                tx.run(st.update_nodes(spec.label, self.dialect), {"rows": old})
            if new:
                tx.run(st.create_nodes(spec.label, self.dialect), {"rows": new})
            stats.created[spec.label] += len(new)
            stats.updated[spec.label] += len(old)
        for rel in RELS:
            rows = _dedupe(b.rels.get(rel.type, []), lambda r: (r["src"], r["dst"]), rel.type)
            owners = sorted(set(b.owners.get(rel.type, [])))
            if not rows and not owners:
                continue
            self._check_endpoints(tx, rel.type, rows)
            if rel.owner is not None:
                if owners:
                    tx.run(st.delete_owned_rels(rel.type), {"ids": owners})
                if rows:
                    tx.run(st.create_rels(rel.type, self.dialect), {"rows": rows})
                stats.created[rel.type] += len(rows)
                continue
            current = {
                (r["src"], r["dst"]): r["basis"]
                for r in tx.run(st.existing_rels(rel.type), {"rows": rows})
            }
            update, create = [], []
            for row in rows:
                pair = (row["src"], row["dst"])
                if pair not in current:
                    create.append(row)
                elif LINK_BASIS_RANK.get(row["basis"], 0) >= LINK_BASIS_RANK.get(
                    current[pair] or "", 0
                ):
                    update.append(row)
                else:
                    stats.skipped_links += 1
            if update:
                tx.run(st.update_rels(rel.type, self.dialect), {"rows": update})
            if create:
                tx.run(st.create_rels(rel.type, self.dialect), {"rows": create})
            stats.created[rel.type] += len(create)
            stats.updated[rel.type] += len(update)
        return stats

    def _check_endpoints(self, tx: Tx, rel_type: str, rows: Sequence[Row]) -> None:
        spec = rel_spec(rel_type)
        for end, label in (("src", spec.src), ("dst", spec.dst)):
            wanted = sorted({r[end] for r in rows})
            if wanted:
                require_ids(tx, rel_type, label, wanted)


def require_ids(tx: Tx, rel_type: str, label: str, wanted: Sequence[str]) -> set[str]:
    """The ``wanted`` ids of ``label`` nodes, all of which must exist: otherwise the batch
    fails with the missing ids named (``rel_type`` is the relationship that needs them)."""
    found = {r["id"] for r in tx.run(st.existing_ids(label), {"ids": list(wanted)})}
    missing = [w for w in wanted if w not in found]
    if missing:
        shown = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        raise BackendError(
            f"{rel_type} names {len(missing)} {label} id(s) that are not in the graph: "
            f"{shown}; load the {label.lower()}s first (nothing from this batch was written)"
        )
    return found


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value
