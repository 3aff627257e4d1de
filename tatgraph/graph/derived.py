"""Derived properties: what the writers compute from the rest of the graph, so that the
common analyses read one table instead of joining three (docs/data-model.md).

- ``AT.year``: the UTC year the event's window starts in (made by :mod:`.rows` from the
  event record itself, like the relationship it sits on);
- ``Event.perpetrator_sides`` / ``Event.target_sides``: the sides of the event's
  perpetrators / targets, each once, sorted (``unidentified`` for an actor without a side),
  empty when there are none. :class:`Sides` fills them for every event a batch writes
  (from the batch's relationships and the actors' sides) and writes them again for the
  stored events of an actor whose side a batch changes.

Every write goes through :class:`~tatgraph.graph.write.Writer`, so every loader (coding
sheets, reports, ACLED, links) keeps them right; :func:`backfill` fills them in a graph
written before they existed (run when a graph is opened for writing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from . import statements as st
from .batch import GraphBatch
from .tx import Transactional, Tx

SIDE_RELS = {"perpetrator_sides": "PERFORMED_BY", "target_sides": "TARGETED"}
"""Each sides property of an event, and the relationship whose actors it lists."""

UNIDENTIFIED = "unidentified"
"""The side listed for an actor without one."""

_CHUNK = 10_000


class Sides:
    """The actor sides a writer knows (committed), and the sides of events it writes."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def fill(self, tx: Tx, batch: GraphBatch) -> dict[str, str]:
        """Set the sides columns of the batch's Event table (in place); the sides of the
        actors the batch names (to remember once it is committed)."""
        import pyarrow as pa

        events = batch.nodes.get("Event")
        if events is None or events.num_rows == 0:
            return {}
        sides = self._actor_sides(tx, batch)
        for prop, rel in SIDE_RELS.items():
            column = _sides_column(events.column("id"), batch.rels.get(rel), sides)
            at = events.schema.get_field_index(prop)
            events = events.set_column(at, pa.field(prop, pa.list_(pa.string())), column)
        batch.nodes["Event"] = events
        return sides

    def _actor_sides(self, tx: Tx, batch: GraphBatch) -> dict[str, str]:
        import pyarrow.compute as pc

        named: set[str] = set()
        for rel in SIDE_RELS.values():
            table = batch.rels.get(rel)
            if table is not None and table.num_rows:
                named.update(pc.unique(table.column("to")).to_pylist())
        out: dict[str, str] = {}
        actors = batch.nodes.get("Actor")
        if actors is not None and actors.num_rows:
            given = zip(
                actors.column("id").to_pylist(), actors.column("side").to_pylist(), strict=True
            )
            out.update((a, s or UNIDENTIFIED) for a, s in given)
        out.update((a, self.known[a]) for a in named - set(out) if a in self.known)
        missing = sorted(named - set(out))
        for lo in range(0, len(missing), _CHUNK):
            rows = tx.run(st.actor_sides(), {"ids": missing[lo : lo + _CHUNK]})
            out.update((r["id"], r["side"] or UNIDENTIFIED) for r in rows)
        return out

    def refresh(self, tx: Tx, dialect: st.Dialect, actors: Iterable[str]) -> int:
        """Write the sides of every stored event of these actors again (their side changed);
        how many events."""
        ids = sorted(set(actors))
        events: set[str] = set()
        for rel in SIDE_RELS.values():
            for lo in range(0, len(ids), _CHUNK):
                found = tx.run(st.events_of_actors(rel), {"ids": ids[lo : lo + _CHUNK]})
                events.update(r["id"] for r in found)
        rewrite(tx, dialect, sorted(events))
        return len(events)


def _sides_column(event_ids: Any, rels: Any, sides: Mapping[str, str]) -> Any:
    """The sorted distinct sides, per event, of the actors ``rels`` (from an event, to an
    actor) name (an Arrow list column, one per event id)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(event_ids)
    empty = pa.array([[]], pa.list_(pa.string()))
    if rels is None or rels.num_rows == 0:
        return empty.take(pa.array(np.zeros(n, dtype=np.int64)))
    actors = pc.dictionary_encode(rels.column("to").combine_chunks())
    names = sorted({sides.get(a, UNIDENTIFIED) for a in actors.dictionary.to_pylist()})
    if len(names) > 62:  # one bit per side below: too many sides for it, count in Python
        return _sides_slowly(event_ids, rels, sides)
    bit = {name: 1 << k for k, name in enumerate(names)}
    actor_bits = np.array(
        [bit[sides.get(a, UNIDENTIFIED)] for a in actors.dictionary.to_pylist()], dtype=np.int64
    )
    ids = event_ids.combine_chunks() if isinstance(event_ids, pa.ChunkedArray) else event_ids
    where = pc.index_in(rels.column("from"), value_set=ids)
    valid = np.asarray(pc.is_valid(where), dtype=bool)
    rows = np.asarray(where.fill_null(0), dtype=np.int64)[valid]
    masks = np.zeros(n, dtype=np.int64)
    np.bitwise_or.at(masks, rows, actor_bits[np.asarray(actors.indices)][valid])
    if len(names) <= 16:  # few sides: which masks occur, by counting
        distinct = np.flatnonzero(np.bincount(masks, minlength=1))
    else:
        ordered = np.sort(masks)
        distinct = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
    inverse = np.searchsorted(distinct, masks)
    lists = [[name for name in names if m & bit[name]] for m in distinct.tolist()]
    return pa.array(lists, pa.list_(pa.string())).take(pa.array(inverse))


def _sides_slowly(event_ids: Any, rels: Any, sides: Mapping[str, str]) -> Any:
    import pyarrow as pa

    found: dict[str, set[str]] = defaultdict(set)
    for a, b in zip(rels.column("from").to_pylist(), rels.column("to").to_pylist(), strict=True):
        found[a].add(sides.get(b, UNIDENTIFIED))
    return pa.array([sorted(found.get(e, ())) for e in event_ids.to_pylist()])


def rewrite(tx: Tx, dialect: st.Dialect, events: list[str]) -> None:
    """Compute the sides of these stored events from the graph and write them."""
    for lo in range(0, len(events), _CHUNK):
        chunk = events[lo : lo + _CHUNK]
        found: dict[str, dict[str, set[str]]] = {p: defaultdict(set) for p in SIDE_RELS}
        for prop, rel in SIDE_RELS.items():
            for r in tx.run(st.event_actor_sides(rel), {"ids": chunk}):
                found[prop][r["id"]].add(r["side"] or UNIDENTIFIED)
        rows = [{"id": e, **{p: sorted(found[p].get(e, ())) for p in SIDE_RELS}} for e in chunk]
        tx.run(st.set_event_sides(dialect), {"rows": rows})


def backfill(store: Transactional) -> int:
    """Fill the derived properties a graph written before they existed lacks (in pages of
    ten thousand events, a transaction each); how many events were filled."""
    done = 0
    while True:

        def page(tx: Tx) -> int:
            ids = [r["id"] for r in tx.run(st.events_without_sides(), {"n": _CHUNK})]
            rewrite(tx, store.dialect, ids)
            return len(ids)

        got = store.transaction(page)
        done += got
        if got < _CHUNK:
            break
    store.transaction(lambda tx: tx.run(st.fill_at_years(store.dialect)))
    return done
