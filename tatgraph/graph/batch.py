"""The rows of one transaction: :class:`GraphBatch` (made by :mod:`.rows`, written by
:mod:`.write`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class GraphBatch:
    """Rows for one transaction: an Arrow table per node label and per relationship type.

    Relationship tables have ``from`` and ``to`` columns, then their properties.
    ``owners[rel_type]`` (an Arrow string array) lists the records whose ``rel_type``
    relationships this batch replaces: every record of the owning label in the batch.

    What this module knows of the tables by construction, so that the writer need not check
    it again: ``owned`` names the relationship types whose ``from`` ids are all records of
    the batch (their owners), ``single`` those whose (from, to) pairs are distinct when the
    records are (one relationship per record, like ``AT``, or lists without a repeated end),
    and ``distinct`` the labels whose ids are distinct (:meth:`concat` checks; a maker that
    knows, such as the ACLED reader, says so).
    """

    nodes: dict[str, Any] = field(default_factory=dict)
    rels: dict[str, Any] = field(default_factory=dict)
    owners: dict[str, Any] = field(default_factory=dict)
    owned: set[str] = field(default_factory=set)
    single: set[str] = field(default_factory=set)
    distinct: set[str] = field(default_factory=set)

    @classmethod
    def concat(cls, batches: Sequence[GraphBatch], *, distinct: bool = False) -> GraphBatch:
        """One batch holding several (written in one transaction, as if in sequence: a node
        id repeated in a later batch keeps the later row). ``distinct``: the caller vouches
        that the labels each batch says are distinct are distinct across the batches too."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if len(batches) == 1:
            return batches[0]
        out = cls()
        repeated: set[str] = set()
        for name in dict.fromkeys(k for b in batches for k in b.nodes):
            table = pa.concat_tables([b.nodes[name] for b in batches if name in b.nodes])
            if distinct and all(name in b.distinct for b in batches if name in b.nodes):
                out.distinct.add(name)
            elif pc.count_distinct(table.column("id")).as_py() != table.num_rows:
                ids = table.column("id").to_pylist()
                last = {v: i for i, v in enumerate(ids)}
                table = table.take(pa.array(sorted(last.values()), pa.int64()))
                repeated.add(name)
            else:
                out.distinct.add(name)
            out.nodes[name] = table
        for name in dict.fromkeys(k for b in batches for k in b.rels):
            out.rels[name] = pa.concat_tables([b.rels[name] for b in batches if name in b.rels])
        for name in dict.fromkeys(k for b in batches for k in b.owners):
            out.owners[name] = pa.concat_arrays(
                [b.owners[name] for b in batches if name in b.owners]
            )
        out.owned = set.intersection(*(b.owned | (set(out.rels) - set(b.rels)) for b in batches))
        # a record given twice would have both versions' relationships
        owners_repeated = {r for r in out.rels if _owner(r) in repeated}
        out.single = (
            set.intersection(*(b.single | (set(out.rels) - set(b.rels)) for b in batches))
            - owners_repeated
        )
        return out

    def __len__(self) -> int:
        tables = [*self.nodes.values(), *self.rels.values()]
        return sum(int(t.num_rows) for t in tables)


def _owner(rel_type: str) -> str | None:
    """The label whose records own ``rel_type`` relationships (None: none does)."""
    from .schema import rel_spec

    spec = rel_spec(rel_type)
    return spec.src if spec.owner is not None else None
