"""Every statement the Neo4j backend can send, checked by Neo4j's own Cypher analyser.

No Neo4j server runs here, so the DDL, the generated writes and reads, and every named
query's Neo4j text go through ``@neo4j-cypher/language-support`` (tools/cypher-lint) with
the schema's labels, relationship types and property keys: zero diagnostics allowed.
"""

from __future__ import annotations

from typing import Any

import pytest
from cypher_lint import lint, lint_available

from tatgraph import queries
from tatgraph.graph.schema import NODES, RELS, neo4j_ddl
from tatgraph.graph.statements import Dialect, all_statements

GENERATED_PARAMS: dict[str, Any] = {"rows": [], "ids": [], "method": "x", "limit": 1, "prefix": "x"}
SAMPLE = {"string": "x", "list[string]": ["x"], "int": 1, "float": 1.0, "datetime": None}


def _lint_schema() -> dict[str, Any]:
    # src/dst are keys of the $rows maps the writes unwind; the analyser cannot tell map
    # keys from property keys, so they are declared too.
    props = sorted(
        {"id", "src", "dst"}
        | {p.name for n in NODES for p in n.props}
        | {p.name for r in RELS for p in r.props}
    )
    return {
        "labels": [n.label for n in NODES],
        "relationshipTypes": [r.type for r in RELS],
        "propertyKeys": props,
        "graphSchema": [{"from": r.src, "to": r.dst, "relType": r.type} for r in RELS],
    }


def neo4j_statements() -> list[tuple[str, str, dict[str, Any]]]:
    """(name, text, parameters) of everything the Neo4j backend may send."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    out += [(f"ddl:{i}", text, {}) for i, text in enumerate(neo4j_ddl())]
    out += [(name, text, GENERATED_PARAMS) for name, text in all_statements(Dialect.NEO4J).items()]
    for q in queries.registry().values():
        params = {p.name: SAMPLE.get(p.type, "x") for p in q.params}
        text = q.text(Dialect.NEO4J)
        out.append((f"query:{q.name}", text, params))
        out.append((f"explain:{q.name}", "EXPLAIN " + text, params))  # what read() sends first
    return out


@pytest.fixture(scope="module")
def results() -> dict[str, list[dict[str, Any]]]:
    reason = lint_available()
    if reason:
        pytest.skip(reason)
    return lint(neo4j_statements(), schema=_lint_schema())


def test_every_neo4j_statement_is_clean(results: dict[str, list[dict[str, Any]]]) -> None:
    dirty = {name: diags for name, diags in results.items() if diags}
    assert not dirty, "\n".join(
        f"{name}: {d.get('severity')}: {d.get('message')}" for name, ds in dirty.items() for d in ds
    )


def test_the_lint_covers_every_statement(results: dict[str, list[dict[str, Any]]]) -> None:
    names = set(results)
    assert {f"query:{q}" for q in queries.registry()} <= names
    assert sum(n.startswith("ddl:") for n in names) == len(neo4j_ddl())
    assert len(names) == len(neo4j_statements())


def test_the_lint_rejects_the_ladybug_dialect() -> None:
    """Negative control: our own Ladybug-only text must fail the Neo4j analyser."""
    reason = lint_available()
    if reason:
        pytest.skip(reason)
    ladybug = queries.get("chain_from").text(Dialect.LADYBUG)
    found = lint([("ladybug:chain_from", ladybug, {"id": "x"})], schema=_lint_schema())
    assert found["ladybug:chain_from"], "list_transform should be unknown to Neo4j"
