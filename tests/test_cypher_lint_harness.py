"""Prove the offline Cypher lint harness can fail, and that it passes valid Neo4j 5 Cypher.

A lint check that never reports anything would make "zero diagnostics" meaningless, so every
class of problem the backend tests rely on gets a known-bad statement here.
"""

from __future__ import annotations

from typing import Any

import pytest
from cypher_lint import Diagnostic, lint, lint_available

ROWS: dict[str, Any] = {"rows": [{"id": "e1", "kind": "strike"}]}

VALID: dict[str, tuple[str, dict[str, Any]]] = {
    "unwind_set": ("UNWIND $rows AS r MATCH (e:Event {id: r.id}) SET e.kind = r.kind", ROWS),
    "constraint": (
        "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE",
        {},
    ),
    "var_length_path": (
        "MATCH p=(a:Event)-[:RESPONDS_TO*1..10]->(b:Event) "
        "RETURN [n IN nodes(p) | n.id] AS ids, "
        "duration.inSeconds(a.start, b.start).seconds / 3600.0 AS h",
        {},
    ),
    "temporal_builtins": (
        "MERGE (e:Event {id: $id}) "
        "ON CREATE SET e.created = datetime(), e.day = date($day) "
        "SET e.kind = coalesce($kind, e.kind), e.seen = datetime.fromepochmillis($ms) "
        "RETURN e.id AS id, toLower(e.kind) AS kind, size(labels(e)) AS n",
        {"id": "e1", "day": "2024-01-02", "kind": None, "ms": 0},
    ),
    "subquery_and_aggregates": (
        "MATCH (a:Event) WHERE a.start >= datetime($since) "
        "CALL (a) { MATCH (a)<-[:RESPONDS_TO]-(b:Event) RETURN count(b) AS responses } "
        "RETURN a.id AS id, responses, collect { MATCH (a)-->(x) RETURN x.id } AS out "
        "ORDER BY responses DESC LIMIT $limit",
        {"since": "2024-01-01T00:00:00Z", "limit": 10},
    ),
}

INVALID: dict[str, tuple[str, dict[str, Any]]] = {
    "syntax_error": ("MATCH (n:Event RETURN n", {}),
    "undefined_param": ("MATCH (e:Event {id: $id}) WHERE e.kind = $kind RETURN e", {"id": 1}),
    "ladybug_list_transform": ("UNWIND $rows AS r RETURN list_transform(r.ids, 'x') AS ids", ROWS),
    "ladybug_to_epoch_ms": ("MATCH (e:Event) RETURN to_epoch_ms(e.start) AS ms", {}),
    "ladybug_date_part": ("MATCH (e:Event) RETURN date_part('year', e.start) AS y", {}),
    "unknown_procedure": ("CALL apoc.help('x') YIELD name RETURN name", {}),
    "type_error": ("MATCH (e:Event) RETURN toUpper(1) AS k", {}),
    "wrong_arity": ("MATCH (e:Event) RETURN duration.inSeconds(e.start) AS d", {}),
    "undefined_variable": ("MATCH (e:Event) RETURN x", {}),
    "cypher25_only_let": ("MATCH (e:Event) LET k = e.kind RETURN k", {}),
}


@pytest.fixture(scope="module")
def results() -> dict[str, list[Diagnostic]]:
    """Lint every statement of this module in one Node.js run."""
    reason = lint_available()
    if reason is not None:
        pytest.skip(reason)
    cases = {**VALID, **INVALID}
    return lint([(name, query, params) for name, (query, params) in cases.items()])


def _messages(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(f"{d['severity']}: {d['message']} [{d['offending']!r}]" for d in diagnostics)


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_neo4j5_statement_is_clean(results: dict[str, list[Diagnostic]], name: str) -> None:
    assert results[name] == [], _messages(results[name])


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_statement_is_reported(results: dict[str, list[Diagnostic]], name: str) -> None:
    assert any(d["severity"] == "error" for d in results[name]), _messages(results[name])


def test_undefined_parameter_names_the_parameter(results: dict[str, list[Diagnostic]]) -> None:
    diagnostics = results["undefined_param"]
    assert [d["offending"] for d in diagnostics] == ["$kind"], _messages(diagnostics)
    assert diagnostics[0]["message"] == "Parameter $kind is not defined."


@pytest.mark.parametrize("function", ["list_transform", "to_epoch_ms", "date_part"])
def test_ladybug_function_is_unknown(results: dict[str, list[Diagnostic]], function: str) -> None:
    diagnostics = results[f"ladybug_{function}"]
    assert any(d["offending"] == function for d in diagnostics), _messages(diagnostics)


def test_syntax_error_position(results: dict[str, list[Diagnostic]]) -> None:
    first = results["syntax_error"][0]
    assert (first["line"], first["column"], first["offending"]) == (1, 16, "RETURN")


def test_unknown_label_with_schema() -> None:
    reason = lint_available()
    if reason is not None:
        pytest.skip(reason)
    schema = {"labels": ["Event"], "relationshipTypes": ["RESPONDS_TO"]}
    out = lint(
        [
            ("ok", "MATCH (a:Event)-[:RESPONDS_TO]->(b:Event) RETURN b", {}),
            ("typo", "MATCH (a:Evnt)-[:RESPONDS]->(b:Event) RETURN b", {}),
        ],
        schema,
    )
    assert out["ok"] == []
    assert sorted(d["offending"] for d in out["typo"]) == ["Evnt", "RESPONDS"]


def test_bad_input_raises() -> None:
    reason = lint_available()
    if reason is not None:
        pytest.skip(reason)
    with pytest.raises(RuntimeError, match="duplicate name"):
        lint([("same", "RETURN 1", {}), ("same", "RETURN 2", {})])
