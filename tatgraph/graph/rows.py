"""The one row shape: model records become the schema's property rows here, and only here.

Every source hands its records to this module — as pydantic models in a
:class:`~tatgraph.model.Dataset` (:func:`from_dataset`), or, for bulk loads that never build
the models, as **columns named after the model's fields** (:func:`from_columns`: ``{Event:
{"id": [...], "start": [...], "site": [...], ...}}``). Both go through the same
:data:`SHAPES`, which say, per model class, the property each field fills (``Event.start`` ->
``start_utc``), how values are stored (munitions as JSON text) and which relationships a
record owns (``Event.site`` -> ``AT``; ``Event.perpetrators`` -> ``PERFORMED_BY`` with its
``basis``). Everything else — property names, types, order — comes from
:mod:`tatgraph.graph.schema`, so a new property is a schema entry plus, where its name or
form differs from the model's, one line here.

The result is a :class:`GraphBatch`: an Arrow table per label and relationship type, plus the
owners whose relationships the batch replaces. :func:`table_rows` turns a table back into
dict rows for statements that take ``$rows``.

>>> from tatgraph.model import Dataset, Site
>>> site = Site(id="x", name="X", lat=35.0, lon=40.0, kind="town", country="SYR")
>>> batch = from_dataset(Dataset(sites=[site]))
>>> table_rows(batch.nodes["Site"], "Site")[0]["kind"]
'town'
>>> from_columns({Site: {"id": ["x"], "name": ["X"], "lat": [35.0], "lon": [40.0],
...                      "kind": ["town"], "country": ["SYR"]}}).nodes["Site"].equals(
...     batch.nodes["Site"])
True
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from ..errors import BackendError
from ..model import Actor, Claim, Dataset, Event, ResponseLink, Site, Source
from .arrow import arrow_column, arrow_type, is_arrow
from .batch import GraphBatch as GraphBatch
from .owned import owned_table, utc_year
from .schema import NODES, RELS, Prop, PropType, node_spec, rel_spec
from .tx import Row

Columns = Mapping[str, Sequence[Any]]
"""Records of one model class in columns: field name -> one value per record."""


def _json(values: Sequence[Any]) -> list[Any]:
    """Mappings as JSON text (keys sorted); empty or missing ones as null."""
    return [json.dumps(dict(sorted(v.items())), ensure_ascii=False) if v else None for v in values]


@dataclass(frozen=True)
class Owned:
    """Relationships a record owns, read from one of its fields.

    The field holds one end (an id, or None) or, with ``many``, a sequence of ends: ids, or
    for relationship types with properties, tuples ``(id, *property values)`` in the
    schema's order (``Event.perpetrators``: ``(actor, basis)``).
    """

    rel: str
    field: str
    many: bool = False
    derived: Mapping[str, tuple[str, Callable[[Any], Any]]] = dataclasses.field(
        default_factory=dict
    )
    """Properties of a single-end relationship made from another field of the record:
    property -> (field, function of that field's column)."""


@dataclass(frozen=True)
class Shape:
    """How the records of one model class become rows of one node label.

    ``fields`` maps a property to the model field filling it where the names differ;
    ``convert`` turns a column into stored values; ``read`` says how to read a field from a
    model record where the column form is simpler than the model's value; ``stamped``
    properties take the load's time when empty; ``written`` (derived) properties are left
    empty here, for the writer to fill (:mod:`.derived`). For a relationship record
    (``ResponseLink``) ``label`` is the relationship type and ``ends`` the fields naming its
    two ends.
    """

    model: type[BaseModel]
    label: str
    fields: Mapping[str, str] = field(default_factory=dict)
    convert: Mapping[str, Callable[[Sequence[Any]], list[Any]]] = field(default_factory=dict)
    read: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    owned: tuple[Owned, ...] = ()
    stamped: tuple[str, ...] = ()
    ends: tuple[str, str] | None = None
    written: tuple[str, ...] = ()

    @property
    def props(self) -> tuple[Prop, ...]:
        """The schema's properties this shape fills (a node's include ``id``)."""
        if self.ends is not None:
            return rel_spec(self.label).props
        return node_spec(self.label).all_props

    def field_of(self, prop: str) -> str:
        """The model field that fills ``prop``."""
        return self.fields.get(prop, prop)

    def needed(self) -> list[str]:
        """Every model field the rows are made from."""
        out = [self.field_of(p.name) for p in self.props if p.name not in self.written]
        out += [o.field for o in self.owned]
        out += [f for o in self.owned for f, _ in o.derived.values()]
        out += list(self.ends or ())
        return list(dict.fromkeys(out))


SHAPES: dict[type[BaseModel], Shape] = {
    Actor: Shape(Actor, "Actor", owned=(Owned("PART_OF", "part_of", many=True),)),
    Site: Shape(Site, "Site"),
    Source: Shape(Source, "Source"),
    Event: Shape(
        Event,
        "Event",
        fields={"start_utc": "start", "end_utc": "end"},
        convert={"munitions": _json},
        read={"perpetrators": lambda e: tuple((p.actor, p.basis.value) for p in e.perpetrators)},
        owned=(
            Owned("PERFORMED_BY", "perpetrators", many=True),
            Owned("TARGETED", "targets", many=True),
            Owned("AT", "site", derived={"year": ("start", utc_year)}),
        ),
        stamped=("recorded_at",),
        written=("perpetrator_sides", "target_sides"),
    ),
    Claim: Shape(
        Claim,
        "Claim",
        convert={"munitions": _json},
        owned=(Owned("ABOUT", "event"), Owned("IN", "source"), Owned("BY", "claimant")),
    ),
    ResponseLink: Shape(
        ResponseLink,
        "RESPONDS_TO",
        convert={"components": _json},
        ends=("event", "responds_to"),
    ),
}
"""Per model class, how its records become rows (see :class:`Shape`)."""


def from_dataset(ds: Dataset, *, now: datetime | None = None) -> GraphBatch:
    """The rows of a dataset's records (one transaction's worth)."""
    return from_columns({}, dataset=ds, now=now)


def from_columns(
    columns: Mapping[type[BaseModel], Columns],
    *,
    dataset: Dataset | None = None,
    now: datetime | None = None,
) -> GraphBatch:
    """The rows of records given in columns (and of a dataset's records, if given).

    ``columns[Event]`` maps Event field names to one value per event; a field left out
    takes the model's default (a required one cannot be left out). ``now`` fills the
    stamped properties (``recorded_at``) records leave empty.
    """
    now = now or datetime.now(UTC)
    records: dict[type[BaseModel], Sequence[BaseModel]] = {}
    if dataset is not None:
        records = {
            Actor: dataset.actors,
            Site: dataset.sites,
            Source: dataset.sources,
            Event: dataset.events,
            Claim: dataset.claims,
            ResponseLink: dataset.links,
        }
    out = GraphBatch()
    for model, shape in SHAPES.items():
        parts = [c for c in (columns_of(shape, records.get(model, ())), columns.get(model)) if c]
        if not parts:
            continue
        if len(parts) > 1 and any(is_arrow(v) for c in parts for v in c.values()):
            _add_parts(out, shape, parts, now)  # Arrow columns: joined as tables
            continue
        cols = parts[0] if len(parts) == 1 else _joined(shape, parts)
        _add(out, shape, cols, now)
    return out


def _add_parts(out: GraphBatch, shape: Shape, parts: Sequence[Columns], now: datetime) -> None:
    """:func:`_add` for each part, the tables of the parts concatenated."""
    import pyarrow as pa

    done = [GraphBatch() for _ in parts]
    for one, cols in zip(done, parts, strict=True):
        _add(one, shape, cols, now)
    for attr in ("nodes", "rels"):
        names = dict.fromkeys(k for b in done for k in getattr(b, attr))
        for name in names:
            tables = [getattr(b, attr)[name] for b in done if name in getattr(b, attr)]
            getattr(out, attr)[name] = pa.concat_tables(tables)
    for name in dict.fromkeys(k for b in done for k in b.owners):
        out.owners[name] = pa.concat_arrays([b.owners[name] for b in done if name in b.owners])
    for b in done:
        out.owned |= b.owned
        out.single |= b.single


def columns_of(shape: Shape, records: Sequence[BaseModel]) -> dict[str, list[Any]]:
    """Model records in columns (empty when there are none)."""
    if not records:
        return {}
    out: dict[str, list[Any]] = {}
    for name in shape.needed():
        reader = shape.read.get(name)
        if reader is not None:
            out[name] = [reader(r) for r in records]
        else:
            out[name] = [getattr(r, name) for r in records]
    return out


def _joined(shape: Shape, parts: Sequence[Columns]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for name in shape.needed():
        values: list[Any] = []
        for cols in parts:
            values.extend(_column(shape, cols, name, _length(shape, cols)))
        out[name] = values
    return out


def _length(shape: Shape, cols: Columns) -> int:
    key = shape.ends[0] if shape.ends else "id"
    if key not in cols:
        raise BackendError(f"{shape.model.__name__} columns need {key!r}")
    return len(cols[key])


def _column(shape: Shape, cols: Columns, name: str, n: int) -> Sequence[Any]:
    """Column ``name``, or the model's default for every record when it is not given."""
    values = cols.get(name)
    if values is not None:
        if len(values) != n:
            raise BackendError(
                f"{shape.model.__name__} column {name!r} has {len(values)} values, not {n}"
            )
        return values
    return [_default(shape, name)] * n


def _default(shape: Shape, name: str) -> Any:
    """The model's default for field ``name`` (an error for a required field)."""
    info = shape.model.model_fields.get(name)
    if info is None or info.is_required():
        raise BackendError(f"{shape.model.__name__} columns need {name!r} (it has no default)")
    return info.get_default(call_default_factory=True)


def _add(out: GraphBatch, shape: Shape, cols: Columns, now: datetime) -> None:
    import pyarrow as pa

    n = _length(shape, cols)
    if n == 0:
        return
    arrays = {prop.name: _prop_array(shape, cols, prop, n, now) for prop in shape.props}
    if shape.ends is not None:
        src, dst = (_strings(_column(shape, cols, end, n)) for end in shape.ends)
        out.rels[shape.label] = pa.table({"from": src, "to": dst, **arrays})
        return
    table = pa.table(arrays)
    out.nodes[shape.label] = table
    ids = table.column("id").combine_chunks()
    for owned in shape.owned:
        values = _column(shape, cols, owned.field, n)
        out.owners[owned.rel] = ids
        extra = {p: fn(_column(shape, cols, f, n)) for p, (f, fn) in owned.derived.items()}
        rels, distinct = owned_table(owned, ids if is_arrow(values) else cols["id"], values, extra)
        if rels is not None:
            out.rels[owned.rel] = rels
            out.owned.add(owned.rel)
            if distinct:
                out.single.add(owned.rel)


def _prop_array(shape: Shape, cols: Columns, prop: Prop, n: int, now: datetime) -> Any:
    """The Arrow column of property ``prop``: from Python values (converted as the shape
    says), from an Arrow column (cast to the property's type), or the model's default."""
    import pyarrow as pa

    name = shape.field_of(prop.name)
    kind = arrow_type(prop.type)
    if prop.name in shape.written:
        return pa.nulls(n, kind)
    values = cols.get(name)
    if values is None:  # one default for every record: one value, repeated
        value = [_default(shape, name)]
        if prop.name in shape.convert:
            value = shape.convert[prop.name](value)
        if prop.name in shape.stamped and value[0] is None:
            value = [now]
        if value[0] is None:
            return pa.nulls(n, kind)
        return arrow_column(value, prop.type).take(pa.array([0] * n, pa.int64()))
    if not is_arrow(values):
        values = _column(shape, cols, name, n)
        if prop.name in shape.convert:
            values = shape.convert[prop.name](values)
        if prop.name in shape.stamped:
            values = [now if v is None else v for v in values]
        return arrow_column(values, prop.type)
    if len(values) != n:
        raise BackendError(
            f"{shape.model.__name__} column {name!r} has {len(values)} values, not {n}"
        )
    if prop.name in shape.convert:
        raise BackendError(f"{shape.model.__name__} column {name!r} must be Python values")
    array: Any = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if prop.name in shape.stamped and array.null_count:
        array = array.fill_null(arrow_column([now], prop.type)[0].cast(array.type))
    return array.cast(kind)


def _strings(values: Any) -> Any:
    """An Arrow string array of ids (from a list or an Arrow column)."""
    import pyarrow as pa

    if is_arrow(values):
        return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return pa.array(values, pa.string())


def table_rows(table: Any, name: str) -> list[Row]:
    """Dict rows of a node or relationship table: timestamps as aware UTC, a relationship's
    ends as ``src``/``dst`` (the form the generated ``$rows`` statements take)."""
    try:
        props, rel = node_spec(name).all_props, False
    except KeyError:
        props, rel = rel_spec(name).props, True
    rows: list[Row] = table.to_pylist()
    stamps = [p.name for p in props if p.type is PropType.TIMESTAMP]
    for row in rows:
        for stamp in stamps:
            value = row.get(stamp)
            if value is not None:
                row[stamp] = value.replace(tzinfo=UTC)
        if rel:
            row["src"] = row.pop("from")
            row["dst"] = row.pop("to")
    return rows


def rows_table(name: str, rows: Sequence[Row]) -> Any:
    """The inverse of :func:`table_rows`: an Arrow table of dict rows of ``name``."""
    import pyarrow as pa

    try:
        spec = node_spec(name)
    except KeyError:
        rel = rel_spec(name)
        cols = {
            "from": pa.array([r["src"] for r in rows], pa.string()),
            "to": pa.array([r["dst"] for r in rows], pa.string()),
        }
        cols.update(
            {p.name: arrow_column([r.get(p.name) for r in rows], p.type) for p in rel.props}
        )
        return pa.table(cols)
    return pa.table(
        {p.name: arrow_column([r.get(p.name) for r in rows], p.type) for p in spec.all_props}
    )


def dedupe(rows: Iterable[Row], key: Callable[[Row], Any], what: str) -> list[Row]:
    """Drop exact duplicates; refuse two different rows for one key."""
    seen: dict[Any, Row] = {}
    for row in rows:
        k = key(row)
        if k in seen and seen[k] != row:
            raise BackendError(f"two different {what} records share the key {k!r} in one batch")
        seen[k] = row
    return list(seen.values())


def _check_shapes() -> None:
    """Every label and relationship type of the schema has a shape filling it."""
    labels = {s.label for s in SHAPES.values()}
    owned = {o.rel for s in SHAPES.values() for o in s.owned}
    missing = [n.label for n in NODES if n.label not in labels]
    missing += [r.type for r in RELS if r.type not in labels | owned]
    if missing:
        raise AssertionError(f"no row shape for {', '.join(missing)} (tatgraph/graph/rows.py)")


_check_shapes()
