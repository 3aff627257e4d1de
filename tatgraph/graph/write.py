"""Streaming bulk writes: Ladybug ``COPY`` from Arrow, Neo4j ``UNWIND`` batches.

:class:`BulkWriter` stores :class:`~tatgraph.graph.store.GraphBatch` batches with the same
upsert rules as :meth:`GraphStore.write` (see :mod:`tatgraph.graph.store`), built for
exports of millions of rows:

- **one transaction per batch**: nodes first, then relationships; if anything fails the
  batch is rolled back and nothing of it stays (Ladybug 0.22 runs ``COPY`` inside an
  explicit transaction and undoes it on rollback — measured), so a rerun completes the load;
- **only new rows are copied**: each batch's ids are looked up first; new nodes go to
  ``COPY`` (Ladybug) or ``UNWIND ... CREATE`` (Neo4j), existing ones are compared with what
  is stored and rewritten only if something changed (``COPY`` of an existing primary key
  corrupts the Ladybug process, so it never sees one). Loading the same data twice writes
  nothing;
- owned relationships (an event's ``AT``, ``PERFORMED_BY``...) are replaced only for owners
  whose relationships changed; every endpoint is checked to exist before anything is
  written;
- :func:`prefetch` reads the next batches in a thread while one is written (Ladybug
  releases the GIL while it copies), holding at most ``depth`` batches in memory.

>>> import tempfile, pathlib
>>> from tatgraph.graph import open_store
>>> from tatgraph.graph.store import batch_from_dataset
>>> from tatgraph.model import Dataset, Site
>>> site = Site(id="x", name="X", lat=35.0, lon=40.0, kind="town", country="SYR")
>>> with open_store(pathlib.Path(tempfile.mkdtemp()) / "g.lbdb") as store:
...     writer = BulkWriter(store)
...     first = writer.write(batch_from_dataset(Dataset(sites=[site])))
...     again = writer.write(batch_from_dataset(Dataset(sites=[site])))
>>> first.created["Site"], again.unchanged["Site"]
(1, 1)
"""

from __future__ import annotations

import queue
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from . import statements as st
from .schema import LINK_BASIS_RANK, NODES, RELS, Prop, PropType, node_spec, rel_spec
from .store import GraphBatch, GraphStore, Row, Tx, _dedupe, require_ids

T = TypeVar("T")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

SMALL_LABELS = ("Actor", "Site", "Source")
"""Labels whose ids the writer remembers once it has seen them stored (endpoint checks)."""


def arrow_type(kind: PropType) -> Any:
    """The Arrow type of a schema property type (timestamps: naive UTC microseconds)."""
    import pyarrow as pa

    return {
        PropType.STRING: pa.string(),
        PropType.INT64: pa.int64(),
        PropType.DOUBLE: pa.float64(),
        PropType.BOOLEAN: pa.bool_(),
        PropType.TIMESTAMP: pa.timestamp("us"),
        PropType.STRING_LIST: pa.list_(pa.string()),
    }[kind]


def arrow_column(values: Sequence[Any], kind: PropType) -> Any:
    """An Arrow column of a property from Python values (aware datetimes become UTC)."""
    import pyarrow as pa

    if kind is PropType.TIMESTAMP:
        try:  # microseconds since the epoch: five times faster than converting datetimes
            micros = [None if v is None else (v - _EPOCH) // _MICROSECOND for v in values]
        except TypeError:  # a naive datetime: taken to be UTC, as everywhere
            aware = [v if v is None or v.tzinfo else v.replace(tzinfo=UTC) for v in values]
            micros = [None if v is None else (v - _EPOCH) // _MICROSECOND for v in aware]
        return pa.array(micros, pa.int64()).cast(pa.timestamp("us"))
    return pa.array(values, type=arrow_type(kind))


def node_table(label: str, rows: Sequence[Row]) -> Any:
    """An Arrow table of ``label`` rows, columns in the schema's order and types."""
    import pyarrow as pa

    spec = node_spec(label)
    return pa.table(
        {p.name: arrow_column([r.get(p.name) for r in rows], p.type) for p in spec.all_props}
    )


def rel_table(rel_type: str, rows: Sequence[Row]) -> Any:
    """An Arrow table of ``rel_type`` rows: ``from``, ``to`` and the properties."""
    import pyarrow as pa

    spec = rel_spec(rel_type)
    cols = {
        "from": pa.array([r["src"] for r in rows], pa.string()),
        "to": pa.array([r["dst"] for r in rows], pa.string()),
    }
    cols.update({p.name: arrow_column([r.get(p.name) for r in rows], p.type) for p in spec.props})
    return pa.table(cols)


@dataclass
class ArrowBatch:
    """One batch in columns: an Arrow table per node label and per relationship type.

    ``owners[rel_type]`` lists the owner ids whose ``rel_type`` relationships this batch
    replaces (as :class:`~tatgraph.graph.store.GraphBatch` does): a list or an Arrow array.
    """

    nodes: dict[str, Any] = field(default_factory=dict)
    rels: dict[str, Any] = field(default_factory=dict)
    owners: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_graph_batch(cls, batch: GraphBatch) -> ArrowBatch:
        """The same rows as Arrow tables."""
        return cls(
            nodes={k: node_table(k, v) for k, v in batch.nodes.items() if v},
            rels={k: rel_table(k, v) for k, v in batch.rels.items() if v},
            owners={k: list(v) for k, v in batch.owners.items() if v},
        )

    @classmethod
    def concat(cls, batches: Sequence[ArrowBatch]) -> ArrowBatch:
        """One batch holding several (written in one transaction, as if in sequence: a node
        id repeated in a later batch keeps the later row)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if len(batches) == 1:
            return batches[0]
        out = cls()
        for name in dict.fromkeys(k for b in batches for k in b.nodes):
            table = pa.concat_tables([b.nodes[name] for b in batches if name in b.nodes])
            if pc.count_distinct(table.column("id")).as_py() != table.num_rows:
                ids = table.column("id").to_pylist()
                last = {v: i for i, v in enumerate(ids)}
                table = table.take(pa.array(sorted(last.values()), pa.int64()))
            out.nodes[name] = table
        for name in dict.fromkeys(k for b in batches for k in b.rels):
            out.rels[name] = pa.concat_tables([b.rels[name] for b in batches if name in b.rels])
        for name in dict.fromkeys(k for b in batches for k in b.owners):
            out.owners[name] = pa.concat_arrays(
                [_strings(b.owners[name]) for b in batches if name in b.owners]
            )
        return out

    def __len__(self) -> int:
        tables = [*self.nodes.values(), *self.rels.values()]
        return sum(int(t.num_rows) for t in tables)


def _rows(table: Any, props: Sequence[Prop], *, rel: bool = False) -> list[Row]:
    """Python rows of an Arrow table, timestamps as aware UTC, rel ends as src/dst."""
    rows: list[Row] = table.to_pylist()
    stamps = [p.name for p in props if p.type is PropType.TIMESTAMP]
    for row in rows:
        for name in stamps:
            value = row.get(name)
            if value is not None:
                row[name] = value.replace(tzinfo=UTC)
        if rel:
            row["src"] = row.pop("from")
            row["dst"] = row.pop("to")
    return rows


@dataclass
class BulkStats:
    """What bulk writes did, per label or relationship type.

    ``created``/``updated``/``unchanged`` count nodes (and RESPONDS_TO links); for owned
    relationship types ``created`` counts relationships written and ``rewired`` the owners
    whose relationships were replaced.
    """

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    rewired: Counter[str] = field(default_factory=Counter)
    skipped_links: int = 0
    batches: int = 0

    def add(self, other: BulkStats) -> None:
        """Add another batch's numbers to these."""
        self.created.update(other.created)
        self.updated.update(other.updated)
        self.unchanged.update(other.unchanged)
        self.rewired.update(other.rewired)
        self.skipped_links += other.skipped_links
        self.batches += other.batches


Merge = Mapping[str, Mapping[str, str]]
"""Per label, per property: ``"min"`` or ``"max"`` to keep the smaller/larger of the stored
and the incoming value (e.g. an event's ``first_reported``) instead of overwriting it."""


class BulkWriter:
    """Writes batches to a store; see the module docstring. One writer per load."""

    def __init__(
        self,
        store: GraphStore,
        *,
        merge: Merge | None = None,
        unwind_chunk: int = 10_000,
    ) -> None:
        self.store = store
        self.merge = {k: dict(v) for k, v in (merge or {}).items()}
        self.unwind_chunk = unwind_chunk
        self.stats = BulkStats()
        self._known: dict[str, set[str]] = defaultdict(set)
        self._known_arrays: dict[str, Any] = {}

    def write(self, batch: GraphBatch | ArrowBatch) -> BulkStats:
        """Store one batch in one transaction; returns what it did."""
        if isinstance(batch, GraphBatch):
            batch = ArrowBatch.from_graph_batch(batch)
        pending: dict[str, set[str]] = defaultdict(set)
        stats = self.store._transaction(partial(self._apply, batch=batch, pending=pending))
        for label, ids in pending.items():
            self._known[label] |= ids
        self.stats.add(stats)
        return stats

    def write_all(self, batches: Iterable[GraphBatch | ArrowBatch], *, depth: int = 2) -> BulkStats:
        """Write every batch, reading ahead ``depth`` batches in a thread."""
        for batch in prefetch(batches, depth):
            self.write(batch)
        return self.stats

    # -- one batch ---------------------------------------------------------------------------
    def _apply(self, tx: Tx, batch: ArrowBatch, pending: dict[str, set[str]]) -> BulkStats:
        import pyarrow as pa
        import pyarrow.compute as pc

        stats = BulkStats(batches=1)
        in_batch: dict[str, Any] = {}  # label -> Arrow array of the batch's ids (all stored now)
        stored_ids: dict[str, set[str]] = {}  # label -> ids that existed before this batch
        updates: dict[str, list[Row]] = {}
        table: Any
        for spec in NODES:
            table = batch.nodes.get(spec.label)
            if table is None or table.num_rows == 0:
                continue
            if pc.count_distinct(table.column("id")).as_py() != table.num_rows:
                rows = _dedupe(_rows(table, spec.all_props), lambda r: r["id"], spec.label)
                table = node_table(spec.label, rows)
            ids = table.column("id")
            stored = {r["id"]: r for r in self._fetch(tx, spec.label, table)}
            changed: list[Row] = []
            new = table
            if stored:
                is_old = pc.is_in(ids, value_set=pa.array(list(stored), pa.string()))
                new = table.filter(pc.invert(is_old))
                policy = self.merge.get(spec.label, {})
                for row in _rows(table.filter(is_old), spec.all_props):
                    before = stored[row["id"]]
                    if policy:
                        row = _merged(row, before, policy)
                    if any(
                        row.get(p.name) != before.get(p.name)
                        for p in spec.props
                        if not p.create_only
                    ):
                        changed.append(row)
                    else:
                        stats.unchanged[spec.label] += 1
            in_batch[spec.label] = ids.combine_chunks() if hasattr(ids, "combine_chunks") else ids
            stored_ids[spec.label] = set(stored)
            updates[spec.label] = changed
            if new.num_rows:
                self._create(tx, spec.label, new, spec.all_props, rel=False)
            stats.created[spec.label] += new.num_rows
            stats.updated[spec.label] += len(changed)
        for label, rows in updates.items():
            if rows:
                tx.run(st.update_nodes(label, self.store.dialect), {"rows": rows})
        for rel in RELS:
            table = batch.rels.get(rel.type)
            has_rows = table is not None and table.num_rows > 0
            if rel.owner is None:
                if has_rows:
                    self._links(tx, rel.type, table, in_batch, stats)
                continue
            owners = _strings(batch.owners.get(rel.type))
            if not has_rows and not len(owners):
                continue
            if has_rows and _duplicated_pairs(table):
                rows = _dedupe(
                    _rows(table, rel.props, rel=True), lambda r: (r["src"], r["dst"]), rel.type
                )
                table = rel_table(rel.type, rows)
            # owners new in this batch have no relationships yet; the others are compared
            old_owners = owners
            if rel.src in in_batch:
                is_new_here = pc.is_in(owners, value_set=in_batch[rel.src])
                if stored_ids.get(rel.src):
                    stored_here = pa.array(sorted(stored_ids[rel.src]), pa.string())
                    is_new_here = pc.and_(
                        is_new_here, pc.invert(pc.is_in(owners, value_set=stored_here))
                    )
                old_owners = owners.filter(pc.invert(is_new_here))
            old = sorted(set(old_owners.to_pylist()))
            rewire: set[str] = set()
            if old:
                have: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
                for r in tx.run(st.fetch_owned_rels(rel.type), {"ids": old}):
                    have[r["src"]].add(_rel_key(r, rel.props))
                want: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
                if has_rows:
                    mine = table.filter(_among(table, old))
                    for r in _rows(mine, rel.props, rel=True):
                        want[r["src"]].add(_rel_key(r, rel.props))
                rewire = {o for o in old if have.get(o, set()) != want.get(o, set())}
            if rewire:
                tx.run(st.delete_owned_rels(rel.type), {"ids": sorted(rewire)})
                stats.rewired[rel.type] += len(rewire)
            if not has_rows:
                continue
            skip = set(old) - rewire
            if skip:
                table = table.filter(_among(table, sorted(skip), keep=False))
            if table.num_rows:
                self._check_endpoints(tx, rel.type, table, in_batch)
                self._create(tx, rel.type, table, rel.props, rel=True)
            stats.created[rel.type] += table.num_rows
        for label in SMALL_LABELS:
            if label in in_batch:
                pending[label] |= set(in_batch[label].to_pylist())
        return stats

    def _fetch(self, tx: Tx, label: str, table: Any) -> list[Row]:
        """The stored rows of the batch's ``label`` ids (scanning them on Ladybug)."""
        scan = getattr(tx, "run_scan", None)
        if scan is None:
            return tx.run(st.fetch_nodes(label), {"ids": table.column("id").to_pylist()})
        import pyarrow as pa

        rows: list[Row] = scan(st.fetch_nodes_scanned(label), pa.table({"i": table.column("id")}))
        return rows

    def _links(
        self,
        tx: Tx,
        rel_type: str,
        table: Any,
        in_batch: dict[str, Any],
        stats: BulkStats,
    ) -> None:
        """Relationships that are records of their own (RESPONDS_TO): create or update."""
        spec = rel_spec(rel_type)
        rows = _dedupe(_rows(table, spec.props, rel=True), lambda r: (r["src"], r["dst"]), rel_type)
        pairs = [(r["src"], r["dst"]) for r in rows]
        self._check_endpoints(tx, rel_type, rel_table(rel_type, rows), in_batch)
        wanted = set(pairs)
        sources = sorted({s for s, _ in pairs})
        current = {
            (r["src"], r["dst"]): r
            for r in tx.run(st.fetch_owned_rels(rel_type), {"ids": sources})
            if (r["src"], r["dst"]) in wanted
        }
        new, update = [], []
        for row in rows:
            old = current.get((row["src"], row["dst"]))
            if old is None:
                new.append(row)
            elif LINK_BASIS_RANK.get(row.get("basis") or "", 0) < LINK_BASIS_RANK.get(
                old.get("basis") or "", 0
            ):
                stats.skipped_links += 1
            elif any(row.get(p.name) != old.get(p.name) for p in spec.props):
                update.append(row)
            else:
                stats.unchanged[rel_type] += 1
        if update:
            tx.run(st.update_rels(rel_type, self.store.dialect), {"rows": update})
        if new:
            self._create(tx, rel_type, rel_table(rel_type, new), spec.props, rel=True)
        stats.created[rel_type] += len(new)
        stats.updated[rel_type] += len(update)

    def _create(self, tx: Tx, name: str, table: Any, props: Sequence[Prop], *, rel: bool) -> None:
        copy = getattr(tx, "copy", None)
        if copy is not None:
            copy(name, table)
            return
        text = (
            st.create_rels(name, self.store.dialect)
            if rel
            else st.create_nodes(name, self.store.dialect)
        )
        for lo in range(0, table.num_rows, self.unwind_chunk):
            chunk = table.slice(lo, self.unwind_chunk)
            tx.run(text, {"rows": _rows(chunk, props, rel=rel)})

    def _check_endpoints(self, tx: Tx, rel_type: str, table: Any, in_batch: dict[str, Any]) -> None:
        """Every endpoint is in this batch, known to be stored, or looked up; else fail."""
        import pyarrow as pa
        import pyarrow.compute as pc

        spec = rel_spec(rel_type)
        for end, label in (("from", spec.src), ("to", spec.dst)):
            column = table.column(end)
            for known in (in_batch.get(label), self._known_array(label)):
                if known is not None and len(known) and len(column):
                    column = column.filter(pc.invert(pc.is_in(column, value_set=known)))
            wanted = sorted(set(pc.unique(column).to_pylist())) if len(column) else []
            if not wanted:
                continue
            found = require_ids(tx, rel_type, label, wanted)
            if label in SMALL_LABELS and found:
                extra = pa.array(sorted(found), pa.string())
                in_batch[label] = (
                    pa.concat_arrays([in_batch[label], extra]) if label in in_batch else extra
                )

    def _known_array(self, label: str) -> Any:
        """The ids of ``label`` seen stored by earlier batches, as an Arrow array."""
        import pyarrow as pa

        known = self._known.get(label)
        if not known:
            return None
        cached = self._known_arrays.get(label)
        if cached is None or len(cached) != len(known):
            cached = self._known_arrays[label] = pa.array(sorted(known), pa.string())
        return cached


def _strings(values: Any) -> Any:
    """An Arrow string array of ``values`` (a list, an array or a chunked array)."""
    import pyarrow as pa

    if values is None:
        return pa.array([], pa.string())
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks()
    if isinstance(values, pa.Array):
        return values
    return pa.array(list(values), pa.string())


def _duplicated_pairs(table: Any) -> bool:
    """Whether a relationship table names some (from, to) pair twice."""
    import pyarrow.compute as pc

    if pc.count_distinct(table.column("from")).as_py() == table.num_rows:
        return False  # every source once: every pair once
    return bool(_distinct_pairs(table) != table.num_rows)


def _distinct_pairs(table: Any) -> int:
    """Number of distinct (from, to) pairs of a relationship table."""
    return int(table.group_by(["from", "to"]).aggregate([]).num_rows)


def _among(table: Any, owners: Sequence[str], *, keep: bool = True) -> Any:
    """Mask of the rows whose ``from`` is (``keep``) or is not among ``owners``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = pc.is_in(table.column("from"), value_set=pa.array(owners, pa.string()))
    return mask if keep else pc.invert(mask)


def _merged(row: Row, old: Row, policy: Mapping[str, str]) -> Row:
    out = dict(row)
    for name, how in policy.items():
        a, b = out.get(name), old.get(name)
        if a is None or b is None:
            out[name] = a if b is None else b
        else:
            out[name] = min(a, b) if how == "min" else max(a, b)
    return out


def _rel_key(row: Row, props: Sequence[Prop]) -> tuple[Any, ...]:
    return (row["dst"], *(row.get(p.name) for p in props))


def prefetch(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Iterate ``items`` in a background thread, at most ``depth`` items ahead.

    Errors in the producer are raised here; stopping early (an error while consuming)
    stops the producer.

    >>> list(prefetch(range(5)))
    [0, 1, 2, 3, 4]
    """
    done = object()
    box: queue.Queue[Any] = queue.Queue(maxsize=max(1, depth))
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        box.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            box.put(done)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            box.put(_Failure(exc))

    thread = threading.Thread(target=produce, name="tatgraph-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item = box.get()
            if item is done:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                box.get_nowait()
            except queue.Empty:
                thread.join(timeout=0.05)


@dataclass(frozen=True)
class _Failure:
    exc: BaseException


def delete_ids(store: GraphStore, labels: Sequence[str], ids: Sequence[Sequence[str]]) -> int:
    """Delete nodes by id (with their relationships), label by label, in one transaction."""

    def work(tx: Tx) -> int:
        n = 0
        for label, wanted in zip(labels, ids, strict=True):
            for lo in range(0, len(wanted), 10_000):
                chunk = list(wanted[lo : lo + 10_000])
                n += len(tx.run(st.existing_ids(label), {"ids": chunk}))
                tx.run(st.delete_nodes_by_id(label), {"ids": chunk})
        return n

    return store._transaction(work)
