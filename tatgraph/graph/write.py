"""The one write algorithm: upserts of :class:`~tatgraph.graph.rows.GraphBatch` batches.

:meth:`GraphStore.write <tatgraph.graph.store.GraphStore.write>` (a dataset at a time) and the
bulk loaders (:class:`Writer`, one per load) store rows the same way:

- **one transaction per batch**: nodes first, then relationships; if anything fails the
  batch is rolled back and nothing of it stays (Ladybug 0.22 runs ``COPY`` inside an
  explicit transaction and undoes it on rollback — measured), so a rerun completes the load;
- **nodes are keyed on ``id``**: each batch's ids are looked up first; new nodes are created
  — with ``COPY`` where the backend's transactions take Arrow tables (:attr:`Tx.arrow
  <tatgraph.graph.tx.Tx.arrow>`), else ``UNWIND ... CREATE`` — and existing ones compared
  with what is stored and rewritten only if something changed (create-only properties such
  as ``recorded_at`` are never rewritten; ``COPY`` of an existing primary key corrupts the
  Ladybug process, so it never sees one). Loading the same data twice writes nothing;
- **owned relationships** (an event's ``AT``, ``PERFORMED_BY``..., a claim's ``ABOUT``,
  ``IN``, ``BY``, an actor's ``PART_OF``) are replaced, for the owners whose relationships
  changed, by the ones the record now names;
- **RESPONDS_TO** is keyed on the (event, answered event) pair; a link never overwrites one
  of a stronger basis (stated > coded > inferred);
- every endpoint must exist (in the batch or the graph): a relationship naming a missing
  node fails the whole batch, with the missing ids in the message;
- :func:`prefetch` reads the next batches in a thread while one is written (Ladybug
  releases the GIL while it copies), holding at most ``depth`` batches in memory.

>>> import tempfile, pathlib
>>> from tatgraph.graph import open_store
>>> from tatgraph.graph.rows import from_dataset
>>> from tatgraph.model import Dataset, Site
>>> site = Site(id="x", name="X", lat=35.0, lon=40.0, kind="town", country="SYR")
>>> with open_store(pathlib.Path(tempfile.mkdtemp()) / "g.lbdb") as store:
...     writer = Writer(store)
...     first = writer.write(from_dataset(Dataset(sites=[site])))
...     again = writer.write(from_dataset(Dataset(sites=[site])))
>>> first.created["Site"], again.unchanged["Site"]
(1, 1)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..errors import BackendError
from . import statements as st
from .derived import Sides
from .fresh import NewIds
from .prefetch import prefetch as prefetch
from .rows import GraphBatch, dedupe, rows_table, table_rows
from .schema import LINK_BASIS_RANK, NODES, RELS, Prop, rel_spec
from .tx import Row, Transactional, Tx

T = TypeVar("T")

SMALL_LABELS = ("Actor", "Site", "Source")
"""Labels whose ids the writer remembers once it has seen them stored (endpoint checks)."""


@dataclass
class WriteStats:
    """What writes did, per label or relationship type.

    ``created`` counts new nodes (and RESPONDS_TO links), ``updated`` the stored ones that
    changed and were rewritten, ``unchanged`` the stored ones that did not; for owned
    relationship types ``created`` counts relationships written and ``rewired`` the owners
    whose relationships were replaced.
    """

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    rewired: Counter[str] = field(default_factory=Counter)
    skipped_links: int = 0
    batches: int = 0

    def present(self, label: str) -> int:
        """How many of the batch's ``label`` records were already stored."""
        return self.updated[label] + self.unchanged[label]

    def add(self, other: WriteStats) -> None:
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


class Writer:
    """Writes batches to a store, one transaction each; see the module docstring.

    One writer per load: it remembers the small labels' ids it has seen stored, so later
    batches need not look them up again, and adds up its :attr:`stats`. With
    ``rewrite_unchanged`` every stored record the batch names is written again (and counted
    as updated) even when nothing in it changed — what :meth:`GraphStore.write
    <tatgraph.graph.store.GraphStore.write>` does with the records handed to it; bulk loads
    compare and leave unchanged records (and their relationships) alone.
    """

    def __init__(
        self,
        store: Transactional,
        *,
        merge: Merge | None = None,
        rewrite_unchanged: bool = False,
        unwind_chunk: int = 10_000,
        new_ids: Sequence[str] = (),
        once: bool = False,
    ) -> None:
        self.store = store
        self.merge = {k: dict(v) for k, v in (merge or {}).items()}
        self.rewrite_unchanged = rewrite_unchanged
        self.unwind_chunk = unwind_chunk
        self.stats = WriteStats()
        self._known: dict[str, set[str]] = defaultdict(set)
        self._known_arrays: dict[str, Any] = {}
        self.sides = Sides()
        """The actors' sides this writer knows (:mod:`.derived`: events' sides)."""
        self.resided: set[str] = set()
        """Stored actors whose side a batch changed (their events' sides were rewritten)."""
        self.new_ids = NewIds(new_ids, once=once)
        """What the writer knows of ``new_ids`` labels' ids (:mod:`.fresh`): those known not
        to be stored are copied without being looked up; ``once``: the caller vouches that
        its batches name each of their ids at most once."""

    def write(self, batch: GraphBatch) -> WriteStats:
        """Store one batch in one transaction; returns what it did."""
        return self.write_many([batch])

    def write_many(self, batches: Iterable[GraphBatch]) -> WriteStats:
        """Store several batches in one transaction, each written as it comes (a load's
        reader prepares the next while one is copied); nothing of them stays if one fails."""
        pending: dict[str, set[str]] = defaultdict(set)
        sides: dict[str, str] = {}

        def work(tx: Tx) -> WriteStats:
            stats = WriteStats()
            for batch in batches:
                written: dict[str, Any] = {}
                stats.add(self._apply(tx, batch, pending, written))
                sides.update(written.pop("sides", {}))
                for label, ids in written.items():  # later batches of this transaction
                    self.new_ids.wrote(label, ids, tentative=True)
            return stats

        try:
            stats = self.store.transaction(work)
        except BaseException:
            self.new_ids.forget()
            raise
        self.new_ids.keep()  # committed: later transactions know them stored
        for label, ids in pending.items():
            self._known[label] |= ids
        self.sides.known.update(sides)
        self.stats.add(stats)
        return stats

    def write_all(self, batches: Iterable[GraphBatch], *, depth: int = 2) -> WriteStats:
        """Write every batch, reading ahead ``depth`` batches in a thread."""
        for batch in prefetch(batches, depth):
            self.write(batch)
        return self.stats

    # -- one batch ---------------------------------------------------------------------------
    def _apply(
        self, tx: Tx, batch: GraphBatch, pending: dict[str, set[str]], written: dict[str, Any]
    ) -> WriteStats:
        import pyarrow as pa
        import pyarrow.compute as pc

        stats = WriteStats(batches=1)
        written["sides"] = self.sides.fill(tx, batch)  # derived: the events' sides
        resided: set[str] = set()  # stored actors whose side this batch changes
        in_batch: dict[str, Any] = {}  # label -> Arrow array of the batch's ids (all stored now)
        stored_ids: dict[str, set[str]] = {}  # label -> ids that existed before this batch
        updates: dict[str, list[Row]] = {}
        table: Any
        for spec in NODES:
            table = batch.nodes.get(spec.label)
            if table is None or table.num_rows == 0:
                continue
            if (
                spec.label not in batch.distinct
                and pc.count_distinct(table.column("id")).as_py() != table.num_rows
            ):
                rows = dedupe(table_rows(table, spec.label), lambda r: r["id"], spec.label)
                table = rows_table(spec.label, rows)
            ids = _strings(table.column("id"))
            new_here = self.new_ids.known_new(tx, spec.label, ids)
            lookup = table.filter(pa.array(~new_here)) if new_here.any() else table
            found = self._fetch(tx, spec.label, lookup) if lookup.num_rows else []
            stored = {r["id"]: r for r in found}
            changed: list[Row] = []
            new = table
            if stored:
                is_old = pc.is_in(ids, value_set=pa.array(list(stored), pa.string()))
                new = table.filter(pc.invert(is_old))
                policy = self.merge.get(spec.label, {})
                for row in table_rows(table.filter(is_old), spec.label):
                    before = stored[row["id"]]
                    if policy:
                        row = _merged(row, before, policy)
                    if spec.label == "Actor" and row.get("side") != before.get("side"):
                        resided.add(row["id"])
                    if self.rewrite_unchanged or any(
                        row.get(p.name) != before.get(p.name)
                        for p in spec.props
                        if not p.create_only
                    ):
                        changed.append(row)
                    else:
                        stats.unchanged[spec.label] += 1
            in_batch[spec.label] = ids
            stored_ids[spec.label] = set(stored)
            updates[spec.label] = changed
            if new.num_rows:
                self._create(tx, spec.label, new, rel=False)
            stats.created[spec.label] += new.num_rows
            stats.updated[spec.label] += len(changed)
            written[spec.label] = ids
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
            unique = rel.type in batch.single and rel.src in in_batch
            if has_rows and not unique and _duplicated_pairs(table):
                rows = dedupe(table_rows(table, rel.type), lambda r: (r["src"], r["dst"]), rel.type)
                table = rows_table(rel.type, rows)
            old = _old_owners(owners, in_batch.get(rel.src), stored_ids.get(rel.src))
            rewire: set[str] = set(old) if self.rewrite_unchanged else set()
            if old and not self.rewrite_unchanged:
                have: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
                for r in tx.run(st.fetch_owned_rels(rel.type), {"ids": old}):
                    have[r["src"]].add(_rel_key(r, rel.props))
                want: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
                if has_rows:
                    mine = table.filter(_among(table, old))
                    for r in table_rows(mine, rel.type):
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
                owned_here = rel.type in batch.owned and rel.src in in_batch
                self._check_endpoints(tx, rel.type, table, in_batch, owned_here)
                self._create(tx, rel.type, table, rel=True)
            stats.created[rel.type] += table.num_rows
        if resided:
            self.sides.refresh(tx, self.store.dialect, resided)
            self.resided |= resided
        for label in SMALL_LABELS:
            if label in in_batch:
                pending[label] |= set(in_batch[label].to_pylist())
        return stats

    def _fetch(self, tx: Tx, label: str, table: Any) -> list[Row]:
        """The stored rows of the batch's ``label`` ids (scanning them on Ladybug)."""
        if not tx.arrow:
            return tx.run(st.fetch_nodes(label), {"ids": table.column("id").to_pylist()})
        import pyarrow as pa

        return tx.scan(st.fetch_nodes_scanned(label), pa.table({"i": table.column("id")}))

    def _links(
        self,
        tx: Tx,
        rel_type: str,
        table: Any,
        in_batch: dict[str, Any],
        stats: WriteStats,
    ) -> None:
        """Relationships that are records of their own (RESPONDS_TO): create or update."""
        spec = rel_spec(rel_type)
        rows = dedupe(table_rows(table, rel_type), lambda r: (r["src"], r["dst"]), rel_type)
        pairs = [(r["src"], r["dst"]) for r in rows]
        self._check_endpoints(tx, rel_type, rows_table(rel_type, rows), in_batch)
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
            elif self.rewrite_unchanged or any(
                row.get(p.name) != old.get(p.name) for p in spec.props
            ):
                update.append(row)
            else:
                stats.unchanged[rel_type] += 1
        if update:
            tx.run(st.update_rels(rel_type, self.store.dialect), {"rows": update})
        if new:
            self._create(tx, rel_type, rows_table(rel_type, new), rel=True)
        stats.created[rel_type] += len(new)
        stats.updated[rel_type] += len(update)

    def _create(self, tx: Tx, name: str, table: Any, *, rel: bool) -> None:
        if tx.arrow:
            tx.copy(name, table)
            return
        text = (
            st.create_rels(name, self.store.dialect)
            if rel
            else st.create_nodes(name, self.store.dialect)
        )
        for lo in range(0, table.num_rows, self.unwind_chunk):
            chunk = table.slice(lo, self.unwind_chunk)
            tx.run(text, {"rows": table_rows(chunk, name)})

    def _check_endpoints(
        self, tx: Tx, rel_type: str, table: Any, in_batch: dict[str, Any], owned: bool = False
    ) -> None:
        """Every endpoint is in this batch, known to be stored, or looked up; else fail.
        ``owned``: the ``from`` ids are records of the batch (see :class:`GraphBatch`)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        spec = rel_spec(rel_type)
        for end, label in (("from", spec.src), ("to", spec.dst)):
            if end == "from" and owned:
                continue
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


def _old_owners(owners: Any, here: Any, stored: set[str] | None) -> list[str]:
    """The owners (sorted, once each) that were stored before this batch: owners that are
    not records of the batch (``here``), and those that are but existed already."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if here is None:
        return sorted(set(owners.to_pylist()))
    old = set()
    if not owners.equals(here):  # rows.py makes the owners the batch's own records
        old |= set(owners.filter(pc.invert(pc.is_in(owners, value_set=here))).to_pylist())
    if stored:
        kept = pc.is_in(owners, value_set=pa.array(sorted(stored), pa.string()))
        old |= set(owners.filter(kept).to_pylist())
    return sorted(old)


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


def delete_ids(store: Transactional, labels: Sequence[str], ids: Sequence[Sequence[str]]) -> int:
    """Delete nodes by id (with their relationships), label by label, in one transaction."""

    def work(tx: Tx) -> int:
        n = 0
        for label, wanted in zip(labels, ids, strict=True):
            for lo in range(0, len(wanted), 10_000):
                chunk = list(wanted[lo : lo + 10_000])
                n += len(tx.run(st.existing_ids(label), {"ids": chunk}))
                tx.run(st.delete_nodes_by_id(label), {"ids": chunk})
        return n

    return store.transaction(work)


def rels_by_method(store: Transactional, rel_type: str, method: str) -> list[tuple[str, str]]:
    """The (src, dst) pairs of the ``rel_type`` relationships made by ``method``."""
    rows = store.transaction(lambda tx: tx.run(st.rels_by_method(rel_type), {"method": method}))
    return [(str(r["src"]), str(r["dst"])) for r in rows]


def delete_rels_by_method(
    store: Transactional, rel_type: str, method: str, pairs: Sequence[tuple[str, str]]
) -> int:
    """Delete the ``rel_type`` relationships of ``pairs`` made by ``method``, in one
    transaction; how many pairs were asked for."""

    def work(tx: Tx) -> int:
        for lo in range(0, len(pairs), 10_000):
            rows = [{"src": a, "dst": b} for a, b in pairs[lo : lo + 10_000]]
            tx.run(st.delete_rels_by_method(rel_type), {"rows": rows, "method": method})
        return len(pairs)

    return store.transaction(work) if pairs else 0
