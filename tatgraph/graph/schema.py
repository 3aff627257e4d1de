"""The graph schema, in one place, and the DDL both backends are built from.

Every label, relationship type and property the graph may hold is declared here once.
:func:`ladybug_ddl` turns it into typed ``CREATE NODE/REL TABLE`` statements and
:func:`neo4j_ddl` into uniqueness constraints and indexes (``IF NOT EXISTS``), so the two
backends cannot drift apart. Statement builders elsewhere take names only from these specs,
never from data (:func:`q` refuses anything but a plain identifier).

>>> ladybug_ddl()[0].startswith("CREATE NODE TABLE IF NOT EXISTS `Event`")
True
>>> neo4j_ddl()[0]
'CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:`Event`) REQUIRE n.`id` IS UNIQUE'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class PropType(StrEnum):
    """Property types, named as Ladybug's DDL spells them."""

    STRING = "STRING"
    INT64 = "INT64"
    DOUBLE = "DOUBLE"
    BOOLEAN = "BOOLEAN"
    TIMESTAMP = "TIMESTAMP"
    STRING_LIST = "STRING[]"


@dataclass(frozen=True)
class Prop:
    """One property. ``create_only`` properties are set when a record is first stored and
    never changed by a later load (e.g. ``recorded_at``), which keeps reloads idempotent.
    ``derived`` properties are not in the records: the writers compute them from the rest
    of the graph (docs/data-model.md, *Derived properties*) so that analyses need no join."""

    name: str
    type: PropType = PropType.STRING
    indexed: bool = False
    create_only: bool = False
    derived: bool = False


@dataclass(frozen=True)
class NodeSpec:
    """A node label keyed by the string property ``id``."""

    label: str
    props: tuple[Prop, ...]

    @property
    def key(self) -> str:
        return "id"

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return (Prop("id"), *self.props)


@dataclass(frozen=True)
class RelSpec:
    """A relationship type between two labels, at most one per (source, target) pair.

    ``owner`` says which end's record the relationship belongs to: when that record is
    stored again, its relationships of this type are replaced by the ones it now names.
    ``None`` means the relationship is a record of its own (RESPONDS_TO).
    """

    type: str
    src: str
    dst: str
    props: tuple[Prop, ...] = ()
    owner: str | None = "src"


S, INT, D, B, T, L = (
    PropType.STRING,
    PropType.INT64,
    PropType.DOUBLE,
    PropType.BOOLEAN,
    PropType.TIMESTAMP,
    PropType.STRING_LIST,
)

NODES: tuple[NodeSpec, ...] = (
    NodeSpec(
        "Event",
        (
            Prop("kind", S, indexed=True),
            Prop("start_utc", T, indexed=True),
            Prop("end_utc", T),
            Prop("precision", S),
            Prop("tz", S),
            Prop("summary", S),
            Prop("geo_precision", INT),
            Prop("background", B),
            Prop("munitions", S),  # JSON object, e.g. {"rockets": 4}
            Prop("killed_low", INT),
            Prop("killed_best", INT),
            Prop("killed_high", INT),
            Prop("injured_low", INT),
            Prop("injured_best", INT),
            Prop("injured_high", INT),
            Prop("first_reported", T),
            Prop("recorded_at", T, create_only=True),
            Prop("perpetrator_sides", L, derived=True),
            Prop("target_sides", L, derived=True),
        ),
    ),
    NodeSpec(
        "Actor",
        (
            Prop("name", S, indexed=True),
            Prop("name_ar", S),
            Prop("aliases", L),
            Prop("side", S, indexed=True),
            Prop("type", S),
            Prop("note", S),
        ),
    ),
    NodeSpec(
        "Site",
        (
            Prop("name", S, indexed=True),
            Prop("name_ar", S),
            Prop("aliases", L),
            Prop("lat", D),
            Prop("lon", D),
            Prop("kind", S),
            Prop("admin1", S),
            Prop("country", S),
            Prop("note", S),
        ),
    ),
    NodeSpec(
        "Source",
        (
            Prop("outlet", S, indexed=True),
            Prop("published", T, indexed=True),
            Prop("published_basis", S),
            Prop("language", S),
            Prop("title", S),
            Prop("url", S),
            Prop("file", S),
            Prop("sha256", S),
        ),
    ),
    NodeSpec(
        "Claim",
        (
            Prop("killed", INT),
            Prop("injured", INT),
            Prop("munitions", S),  # JSON object
            Prop("responsibility", S),
            Prop("responsible", S),
            Prop("hedged", B),
            Prop("quote", S),
            Prop("quote_start", INT),
            Prop("quote_end", INT),
            Prop("note", S),
        ),
    ),
)

RELS: tuple[RelSpec, ...] = (
    RelSpec("PERFORMED_BY", "Event", "Actor", (Prop("basis", S),)),
    RelSpec("TARGETED", "Event", "Actor"),
    RelSpec("AT", "Event", "Site", (Prop("year", INT, derived=True),)),
    RelSpec(
        "RESPONDS_TO",
        "Event",
        "Event",
        (
            Prop("basis", S),
            Prop("confidence", D),
            Prop("lag_hours", D),
            Prop("lag_min_hours", D),
            Prop("lag_max_hours", D),
            Prop("order_known", B),
            Prop("cue", S),
            Prop("method", S),
            Prop("components", S),  # JSON object: an inferred link's score parts
            Prop("source", S),
            Prop("quote_start", INT),
            Prop("quote_end", INT),
        ),
        owner=None,
    ),
    RelSpec("ABOUT", "Claim", "Event"),
    RelSpec("IN", "Claim", "Source"),
    RelSpec("BY", "Claim", "Actor"),
    RelSpec("PART_OF", "Actor", "Actor"),
)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
LINK_BASIS_RANK = {"inferred": 1, "coded": 2, "stated": 3}
"""A link of lower rank never overwrites one of higher rank (stated links stay stated)."""


def node_spec(label: str) -> NodeSpec:
    """The spec of a node label; raises ``KeyError`` naming the known labels."""
    for spec in NODES:
        if spec.label == label:
            return spec
    raise KeyError(f"unknown node label {label!r}; known: {', '.join(n.label for n in NODES)}")


def rel_spec(rel_type: str) -> RelSpec:
    """The spec of a relationship type; raises ``KeyError`` naming the known types."""
    for spec in RELS:
        if spec.type == rel_type:
            return spec
    raise KeyError(f"unknown relationship {rel_type!r}; known: {', '.join(r.type for r in RELS)}")


def q(name: str) -> str:
    """Backtick-quote an identifier from the schema (``IN`` and ``end`` are reserved words)."""
    if not _NAME.match(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return f"`{name}`"


def ladybug_ddl() -> list[str]:
    """Typed table DDL for Ladybug, node tables first."""
    out = []
    for n in NODES:
        cols = ", ".join(f"{q(p.name)} {p.type.value}" for p in n.all_props)
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {q(n.label)}({cols}, PRIMARY KEY({q('id')}))")
    for r in RELS:
        cols = "".join(f", {q(p.name)} {p.type.value}" for p in r.props)
        out.append(
            f"CREATE REL TABLE IF NOT EXISTS {q(r.type)}(FROM {q(r.src)} TO {q(r.dst)}{cols})"
        )
    return out


def neo4j_ddl() -> list[str]:
    """Uniqueness constraints on every ``id`` and range indexes on the indexed properties."""
    out = []
    for n in NODES:
        out.append(
            f"CREATE CONSTRAINT {n.label.lower()}_id IF NOT EXISTS "
            f"FOR (n:{q(n.label)}) REQUIRE n.{q('id')} IS UNIQUE"
        )
    for n in NODES:
        for p in n.props:
            if p.indexed:
                out.append(
                    f"CREATE INDEX {n.label.lower()}_{p.name} IF NOT EXISTS "
                    f"FOR (n:{q(n.label)}) ON (n.{q(p.name)})"
                )
    out.append(
        "CREATE INDEX responds_to_basis IF NOT EXISTS "
        f"FOR ()-[r:{q('RESPONDS_TO')}]-() ON (r.{q('basis')})"
    )
    return out
