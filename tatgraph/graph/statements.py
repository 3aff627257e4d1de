"""Write statements, generated from the schema for each Cypher dialect.

The upsert algorithm is the same on every backend (see :mod:`tatgraph.graph.store`); only
the statement text differs: Ladybug binds the type of a ``$rows`` struct field from the
first row, so its statements ``CAST`` every value to the column type, while Neo4j takes
values as they come. Names come from :mod:`tatgraph.graph.schema`; values are always
``$parameters``.

>>> print(existing_ids("Site"))
UNWIND $ids AS i MATCH (n:`Site` {`id`: i}) RETURN n.`id` AS id
>>> print(create_nodes("Site", Dialect.NEO4J).split(" {")[0])
UNWIND $rows AS r CREATE (n:`Site`
"""

from __future__ import annotations

from enum import StrEnum

from .schema import Prop, node_spec, q, rel_spec


class Dialect(StrEnum):
    """The Cypher dialect a backend speaks."""

    LADYBUG = "ladybug"
    NEO4J = "neo4j"


def _value(prop: Prop, dialect: Dialect) -> str:
    ref = f"r.{q(prop.name)}"
    if dialect is Dialect.LADYBUG:
        return f"CAST({ref} AS {prop.type.value})"
    return ref


def existing_ids(label: str) -> str:
    """Ids (of ``$ids``) already stored under ``label``."""
    spec = node_spec(label)
    return f"UNWIND $ids AS i MATCH (n:{q(spec.label)} {{{q('id')}: i}}) RETURN n.{q('id')} AS id"


def any_id(label: str) -> str:
    """The id of one ``label`` node, if there is any (is the label empty?)."""
    return f"MATCH (n:{q(node_spec(label).label)}) RETURN n.{q('id')} AS id LIMIT 1"


def id_with_prefix(label: str) -> str:
    """The id of one ``label`` node whose id starts with ``$prefix``, if there is any."""
    spec = node_spec(label)
    return (
        f"MATCH (n:{q(spec.label)}) WHERE n.{q('id')} STARTS WITH $prefix "
        f"RETURN n.{q('id')} AS id LIMIT 1"
    )


def actor_sides() -> str:
    """The side of each actor of ``$ids``."""
    return (
        f"UNWIND $ids AS i MATCH (a:{q('Actor')} {{{q('id')}: i}}) "
        f"RETURN a.{q('id')} AS id, a.{q('side')} AS side"
    )


def events_of_actors(rel_type: str) -> str:
    """The events ``rel_type`` links to an actor of ``$ids``."""
    spec = rel_spec(rel_type)
    return (
        f"UNWIND $ids AS i MATCH (e:{q(spec.src)})-[:{q(spec.type)}]->(:{q(spec.dst)} "
        f"{{{q('id')}: i}}) RETURN DISTINCT e.{q('id')} AS id"
    )


def event_actor_sides(rel_type: str) -> str:
    """The side of every actor ``rel_type`` links each event of ``$ids`` to."""
    spec = rel_spec(rel_type)
    return (
        f"UNWIND $ids AS i MATCH (e:{q(spec.src)} {{{q('id')}: i}})-[:{q(spec.type)}]->"
        f"(a:{q(spec.dst)}) RETURN e.{q('id')} AS id, a.{q('side')} AS side"
    )


def set_event_sides(dialect: Dialect) -> str:
    """Write the derived sides of the events of ``$rows`` (``id`` and the two lists)."""
    spec = node_spec("Event")
    props = [p for p in spec.props if p.name in ("perpetrator_sides", "target_sides")]
    sets = ", ".join(f"e.{q(p.name)} = {_value(p, dialect)}" for p in props)
    return f"UNWIND $rows AS r MATCH (e:{q('Event')} {{{q('id')}: r.{q('id')}}}) SET {sets}"


def events_without_sides() -> str:
    """Ids of up to ``$n`` events lacking their derived sides (a graph written before
    they existed)."""
    return (
        f"MATCH (e:{q('Event')}) WHERE e.{q('perpetrator_sides')} IS NULL "
        f"OR e.{q('target_sides')} IS NULL RETURN e.{q('id')} AS id LIMIT 10000"
    )


def at_without_year() -> str:
    """One ``AT`` relationship of a dated event that lacks its derived ``year``, if any."""
    return (
        f"MATCH (e:{q('Event')})-[r:{q('AT')}]->(:{q('Site')}) WHERE r.{q('year')} IS NULL "
        f"AND e.{q('start_utc')} IS NOT NULL RETURN e.{q('id')} AS id LIMIT 1"
    )


def fill_at_years(dialect: Dialect) -> str:
    """Set the derived ``year`` of ``AT`` relationships that lack it (the UTC year the
    event starts in)."""
    year = (
        f"date_part('year', e.{q('start_utc')})"
        if dialect is Dialect.LADYBUG
        else f"e.{q('start_utc')}.year"
    )
    return (
        f"MATCH (e:{q('Event')})-[r:{q('AT')}]->(:{q('Site')}) WHERE r.{q('year')} IS NULL "
        f"AND e.{q('start_utc')} IS NOT NULL SET r.{q('year')} = {year}"
    )


def create_nodes(label: str, dialect: Dialect) -> str:
    """Create one node per row of ``$rows`` (rows must be new)."""
    spec = node_spec(label)
    fields = ", ".join(f"{q(p.name)}: {_value(p, dialect)}" for p in spec.all_props)
    return f"UNWIND $rows AS r CREATE (n:{q(spec.label)} {{{fields}}})"


def update_nodes(label: str, dialect: Dialect) -> str:
    """Overwrite the properties of existing nodes, except create-only ones."""
    spec = node_spec(label)
    sets = ", ".join(
        f"n.{q(p.name)} = {_value(p, dialect)}" for p in spec.props if not p.create_only
    )
    return f"UNWIND $rows AS r MATCH (n:{q(spec.label)} {{{q('id')}: r.{q('id')}}}) SET {sets}"


def delete_owned_rels(rel_type: str) -> str:
    """Delete the ``rel_type`` relationships leaving the owner nodes in ``$ids``."""
    spec = rel_spec(rel_type)
    return (
        f"UNWIND $ids AS i MATCH (a:{q(spec.src)} {{{q('id')}: i}})"
        f"-[e:{q(spec.type)}]->(:{q(spec.dst)}) DELETE e"
    )


def _endpoints(rel_type: str) -> str:
    spec = rel_spec(rel_type)
    return (
        f"MATCH (a:{q(spec.src)} {{{q('id')}: r.src}}) MATCH (b:{q(spec.dst)} {{{q('id')}: r.dst}})"
    )


def create_rels(rel_type: str, dialect: Dialect) -> str:
    """Create one relationship per row ``{src, dst, props...}`` of ``$rows``."""
    spec = rel_spec(rel_type)
    fields = ", ".join(f"{q(p.name)}: {_value(p, dialect)}" for p in spec.props)
    body = f" {{{fields}}}" if fields else ""
    return f"UNWIND $rows AS r {_endpoints(rel_type)} CREATE (a)-[:{q(spec.type)}{body}]->(b)"


def existing_rels(rel_type: str) -> str:
    """The (src, dst, basis) of ``$rows`` pairs already linked by ``rel_type``."""
    spec = rel_spec(rel_type)
    basis = f"e.{q('basis')}" if any(p.name == "basis" for p in spec.props) else "NULL"
    return (
        f"UNWIND $rows AS r MATCH (a:{q(spec.src)} {{{q('id')}: r.src}})"
        f"-[e:{q(spec.type)}]->(b:{q(spec.dst)} {{{q('id')}: r.dst}}) "
        f"RETURN a.{q('id')} AS src, b.{q('id')} AS dst, {basis} AS basis"
    )


def update_rels(rel_type: str, dialect: Dialect) -> str:
    """Overwrite the properties of existing ``rel_type`` relationships named in ``$rows``."""
    spec = rel_spec(rel_type)
    if not spec.props:
        raise ValueError(f"{rel_type} has no properties to update")
    sets = ", ".join(f"e.{q(p.name)} = {_value(p, dialect)}" for p in spec.props)
    return (
        f"UNWIND $rows AS r MATCH (a:{q(spec.src)} {{{q('id')}: r.src}})"
        f"-[e:{q(spec.type)}]->(b:{q(spec.dst)} {{{q('id')}: r.dst}}) SET {sets}"
    )


def count_nodes(label: str) -> str:
    """Number of nodes with ``label``."""
    return f"MATCH (n:{q(node_spec(label).label)}) RETURN count(n) AS n"


def count_rels(rel_type: str) -> str:
    """Number of ``rel_type`` relationships."""
    spec = rel_spec(rel_type)
    return f"MATCH (:{q(spec.src)})-[e:{q(spec.type)}]->(:{q(spec.dst)}) RETURN count(e) AS n"


def node_ids(label: str) -> str:
    """The ids of every ``label`` node, sorted."""
    return f"MATCH (n:{q(node_spec(label).label)}) RETURN n.{q('id')} AS id ORDER BY id"


def delete_nodes(label: str) -> str:
    """Delete every ``label`` node and its relationships."""
    return f"MATCH (n:{q(node_spec(label).label)}) DETACH DELETE n"


def count_nodes_with_prefix(label: str) -> str:
    """Number of ``label`` nodes whose id starts with ``$prefix``."""
    spec = node_spec(label)
    return f"MATCH (n:{q(spec.label)}) WHERE n.{q('id')} STARTS WITH $prefix RETURN count(n) AS n"


def delete_nodes_with_prefix(label: str) -> str:
    """Delete the ``label`` nodes whose id starts with ``$prefix``, with their relationships."""
    spec = node_spec(label)
    return f"MATCH (n:{q(spec.label)}) WHERE n.{q('id')} STARTS WITH $prefix DETACH DELETE n"


def delete_some_nodes(label: str) -> str:
    """Delete up to ``$limit`` ``label`` nodes with their relationships; returns ``deleted``."""
    return (
        f"MATCH (n:{q(node_spec(label).label)}) WITH n LIMIT $limit "
        "DETACH DELETE n RETURN count(*) AS deleted"
    )


def snapshot_nodes(label: str) -> str:
    """Every ``label`` node with all its properties, one column per property."""
    spec = node_spec(label)
    cols = ", ".join(f"n.{q(p.name)} AS {q(p.name)}" for p in spec.all_props)
    return f"MATCH (n:{q(spec.label)}) RETURN {cols} ORDER BY n.{q('id')}"


def snapshot_rels(rel_type: str) -> str:
    """Every ``rel_type`` relationship: source id, target id and all its properties."""
    spec = rel_spec(rel_type)
    cols = "".join(f", e.{q(p.name)} AS {q(p.name)}" for p in spec.props)
    return (
        f"MATCH (a:{q(spec.src)})-[e:{q(spec.type)}]->(b:{q(spec.dst)}) "
        f"RETURN a.{q('id')} AS src, b.{q('id')} AS dst{cols} ORDER BY src, dst"
    )


def fetch_nodes(label: str) -> str:
    """Every property of the ``label`` nodes whose ids are in ``$ids`` (bulk loads compare
    them with the incoming rows and rewrite only what changed)."""
    spec = node_spec(label)
    cols = ", ".join(f"n.{q(p.name)} AS {q(p.name)}" for p in spec.all_props)
    return f"UNWIND $ids AS i MATCH (n:{q(spec.label)} {{{q('id')}: i}}) RETURN {cols}"


def fetch_nodes_scanned(label: str) -> str:
    """Ladybug: :func:`fetch_nodes` for the ids in column ``i`` of the Arrow table ``$data``
    (scanning a table is cheaper than binding a list of a hundred thousand ids)."""
    spec = node_spec(label)
    cols = ", ".join(f"n.{q(p.name)} AS {q(p.name)}" for p in spec.all_props)
    return f"LOAD FROM $data MATCH (n:{q(spec.label)} {{{q('id')}: i}}) RETURN {cols}"


def fetch_owned_rels(rel_type: str) -> str:
    """The ``rel_type`` relationships leaving the nodes in ``$ids`` (their owners, for owned
    types), with their properties."""
    spec = rel_spec(rel_type)
    cols = "".join(f", e.{q(p.name)} AS {q(p.name)}" for p in spec.props)
    return (
        f"UNWIND $ids AS i MATCH (a:{q(spec.src)} {{{q('id')}: i}})"
        f"-[e:{q(spec.type)}]->(b:{q(spec.dst)}) RETURN a.{q('id')} AS src, b.{q('id')} AS dst"
        f"{cols}"
    )


def delete_nodes_by_id(label: str) -> str:
    """Delete the ``label`` nodes whose ids are in ``$ids``, with their relationships."""
    spec = node_spec(label)
    return f"UNWIND $ids AS i MATCH (n:{q(spec.label)} {{{q('id')}: i}}) DETACH DELETE n"


def rels_by_method(rel_type: str) -> str:
    """The (src, dst) of the ``rel_type`` relationships whose ``method`` is ``$method``."""
    spec = rel_spec(rel_type)
    return (
        f"MATCH (a:{q(spec.src)})-[e:{q(spec.type)}]->(b:{q(spec.dst)}) "
        f"WHERE e.{q('method')} = $method RETURN a.{q('id')} AS src, b.{q('id')} AS dst"
    )


def delete_rels_by_method(rel_type: str) -> str:
    """Delete the ``rel_type`` relationships of the ``$rows`` pairs ``{src, dst}`` whose
    ``method`` is ``$method`` (another method's relationship between them stays)."""
    spec = rel_spec(rel_type)
    return (
        f"UNWIND $rows AS r MATCH (a:{q(spec.src)} {{{q('id')}: r.src}})"
        f"-[e:{q(spec.type)}]->(b:{q(spec.dst)} {{{q('id')}: r.dst}}) "
        f"WHERE e.{q('method')} = $method DELETE e"
    )


def _in_scope() -> str:
    return (
        f"UNWIND $rows AS r MATCH (e:{q('Event')})-[:{q('AT')}]->(s:{q('Site')}) "
        f"WHERE e.{q('id')} STARTS WITH r.prefix AND s.{q('country')} IN r.countries "
        f"AND e.{q('start_utc')} >= r.since AND e.{q('start_utc')} < r.until "
    )


def events_in_scope() -> str:
    """Ids of the events whose id starts with ``r.prefix``, that started in [``r.since``,
    ``r.until``) at a site in one of ``r.countries`` (``$rows`` holds one map ``r``)."""
    return _in_scope() + f"RETURN DISTINCT e.{q('id')} AS id"


def count_events_in_scope() -> str:
    """How many events :func:`events_in_scope` would return."""
    return _in_scope() + "RETURN count(DISTINCT e) AS n"


def copy_from(table: str) -> str:
    """Ladybug bulk ``COPY`` of a node or relationship table from the Arrow table ``$data``
    (only rows known to be new: a duplicate primary key corrupts the process)."""
    try:
        name = node_spec(table).label
    except KeyError:
        name = rel_spec(table).type
    return f"COPY {q(name)} FROM $data"


def all_statements(dialect: Dialect) -> dict[str, str]:
    """Every generated statement a backend of ``dialect`` can send, by name.

    The Neo4j lint test runs each of these through Neo4j's own analyser.
    """
    from .schema import NODES, RELS

    out: dict[str, str] = {}
    for n in NODES:
        out[f"existing_ids:{n.label}"] = existing_ids(n.label)
        out[f"any_id:{n.label}"] = any_id(n.label)
        out[f"id_with_prefix:{n.label}"] = id_with_prefix(n.label)
        out[f"create_nodes:{n.label}"] = create_nodes(n.label, dialect)
        out[f"update_nodes:{n.label}"] = update_nodes(n.label, dialect)
        out[f"count_nodes:{n.label}"] = count_nodes(n.label)
        out[f"snapshot_nodes:{n.label}"] = snapshot_nodes(n.label)
        out[f"delete_nodes:{n.label}"] = delete_nodes(n.label)
        out[f"fetch_nodes:{n.label}"] = fetch_nodes(n.label)
        out[f"delete_nodes_by_id:{n.label}"] = delete_nodes_by_id(n.label)
        out[f"count_nodes_with_prefix:{n.label}"] = count_nodes_with_prefix(n.label)
        out[f"delete_nodes_with_prefix:{n.label}"] = delete_nodes_with_prefix(n.label)
        if dialect is Dialect.NEO4J:
            out[f"delete_some_nodes:{n.label}"] = delete_some_nodes(n.label)
        if dialect is Dialect.LADYBUG:
            out[f"copy_from:{n.label}"] = copy_from(n.label)
            out[f"fetch_nodes_scanned:{n.label}"] = fetch_nodes_scanned(n.label)
    for r in RELS:
        out[f"create_rels:{r.type}"] = create_rels(r.type, dialect)
        out[f"count_rels:{r.type}"] = count_rels(r.type)
        out[f"snapshot_rels:{r.type}"] = snapshot_rels(r.type)
        if dialect is Dialect.LADYBUG:
            out[f"copy_from:{r.type}"] = copy_from(r.type)
        out[f"fetch_owned_rels:{r.type}"] = fetch_owned_rels(r.type)
        if r.owner is not None:
            out[f"delete_owned_rels:{r.type}"] = delete_owned_rels(r.type)
        else:
            out[f"existing_rels:{r.type}"] = existing_rels(r.type)
            out[f"update_rels:{r.type}"] = update_rels(r.type, dialect)
            if any(p.name == "method" for p in r.props):
                out[f"rels_by_method:{r.type}"] = rels_by_method(r.type)
                out[f"delete_rels_by_method:{r.type}"] = delete_rels_by_method(r.type)
    out["actor_sides"] = actor_sides()
    out["set_event_sides"] = set_event_sides(dialect)
    out["events_without_sides"] = events_without_sides()
    out["fill_at_years"] = fill_at_years(dialect)
    out["at_without_year"] = at_without_year()
    for rel in ("PERFORMED_BY", "TARGETED"):
        out[f"events_of_actors:{rel}"] = events_of_actors(rel)
        out[f"event_actor_sides:{rel}"] = event_actor_sides(rel)
    out["events_in_scope"] = events_in_scope()
    out["count_events_in_scope"] = count_events_in_scope()
    return out
