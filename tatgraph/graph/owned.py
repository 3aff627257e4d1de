"""The relationships a record owns, as Arrow tables (for :mod:`.rows`): an event's
``PERFORMED_BY``, ``TARGETED`` and ``AT`` from its fields, in either form the records come in
(Python lists, or Arrow columns on the bulk path)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from typing import Any, Protocol

from .arrow import arrow_column, arrow_type, is_arrow
from .schema import rel_spec


class Owned(Protocol):
    """What :func:`owned_table` reads of a :class:`.rows.Owned`."""

    @property
    def rel(self) -> str: ...

    @property
    def many(self) -> bool: ...


def utc_year(values: Any) -> Any:
    """The UTC year of each timestamp (None for none): a list, or an Arrow column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if is_arrow(values):
        array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        return pc.year(array.cast(pa.timestamp("us")))
    out: list[int | None] = []
    for v in values:
        if v is None:
            out.append(None)
        else:
            out.append((v if v.tzinfo is None else v.astimezone(UTC)).year)
    return out


def _as_array(values: Any) -> Any:
    """An Arrow column of ``values`` (a list or an Arrow column), as it is."""
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks()
    return values if is_arrow(values) else pa.array(values)


def _distinct_ends(parent: Any, ends: Any) -> bool:
    """Whether no record names the same end twice (``parent``: each relationship's record)."""
    import numpy as np
    import pyarrow.compute as pc

    codes = np.asarray(pc.dictionary_encode(ends).indices, dtype=np.int64)
    pairs = np.asarray(parent, dtype=np.int64) * (len(codes) + 1) + codes
    pairs.sort()  # sorting, not np.unique: its hashing is several times slower here
    return not bool((pairs[1:] == pairs[:-1]).any())


def owned_table(
    owned: Owned, ids: Any, values: Any, derived: Mapping[str, Any]
) -> tuple[Any, bool]:
    """The ``owned.rel`` relationships of records ``ids`` (None when there are none), and
    whether no record names the same end twice (False: not known).

    ``values`` is a list (see :class:`Owned`) or an Arrow column: of ids for a single end,
    of lists of ids — or of structs (the end, then the relationship's properties in the
    schema's order) — for ``many``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    props = rel_spec(owned.rel).props
    if is_arrow(values):
        array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        if owned.many:
            parent = pc.list_parent_indices(array)
            src = ids.take(parent)
            flat = pc.list_flatten(array)
            if props:
                ends = [flat.field(j) for j in range(flat.type.num_fields)]
                dst, extra = ends[0], dict(zip((p.name for p in props), ends[1:], strict=True))
            else:
                dst, extra = flat, {}
        else:
            keep = pc.is_valid(array)
            src, dst = ids.filter(keep), array.filter(keep)
            extra = {p: _as_array(v).filter(keep) for p, v in derived.items()}
        if not len(src):
            return None, True
        cols = {"from": src, "to": dst.cast(pa.string())}
        for p in props:
            cols[p.name] = extra[p.name].cast(arrow_type(p.type))
        return pa.table(cols), not owned.many or _distinct_ends(parent, cols["to"])
    if owned.many:
        src = [i for i, ends in zip(ids, values, strict=True) for _ in ends]
        flat = [end for ends in values for end in ends]
        if props:
            dst = [end[0] for end in flat]
            extra = {p.name: [end[j + 1] for end in flat] for j, p in enumerate(props)}
        else:
            dst, extra = flat, {}
    else:
        keep = [k for k, v in enumerate(values) if v is not None]
        src, dst = [ids[k] for k in keep], [values[k] for k in keep]
        extra = {p: [v[k] for k in keep] for p, v in derived.items()}
    if not src:
        return None, True
    table = {"from": pa.array(src, pa.string()), "to": pa.array(dst, pa.string())}
    for p in props:
        table[p.name] = arrow_column(extra[p.name], p.type)
    return pa.table(table), not owned.many
