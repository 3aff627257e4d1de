"""The command line: the demo's content, read-only queries, and exact error output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import StoreFactory
from typer.testing import CliRunner

from tatgraph.cli import app, main

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    graph = tmp_path_factory.mktemp("demo") / "demo.lbdb"
    result = runner.invoke(app, ["demo", "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    return result.output, graph


def test_demo_summarises_and_checks_idempotence(demo_run: tuple[str, Path]) -> None:
    out, graph = demo_run
    assert "22 events, 2021-06-27 to 2023-10-23 (local dates)" in out
    assert "graph unchanged" in out
    assert "rocket_attack" in out
    assert "Al-Omar oil field" in out
    assert str(graph.resolve()) in out.replace("\n", "")


def _chain_block(out: str, start_marker: str) -> str:
    blocks = out.split("Chain of ")
    return next(b for b in blocks if start_marker in b.split("\n")[1])


def test_demo_shows_the_march_2023_chain(demo_run: tuple[str, Path]) -> None:
    block = _chain_block(demo_run[0], "Kharab al-Jir")
    lines = block.splitlines()
    strike = next(i for i, line in enumerate(lines) if "airstrike" in line)
    assert "Deir ez-Zor military airport" in lines[strike]
    for site in ("Al-Omar oil field", "Conoco gas field", "Al-Shaddadi base"):
        assert any(site in line and "rocket_attack" in line for line in lines[strike + 1 :]), site


def test_demo_shows_the_august_2022_chain(demo_run: tuple[str, Path]) -> None:
    block = _chain_block(demo_run[0], "Ayyash")
    assert "rocket_attack" in block
    assert "Conoco gas field" in block
    assert "Al-Omar oil field" in block
    assert "helicopter_strike" in block


def test_query_runs_read_only_with_parameters(demo_run: tuple[str, Path]) -> None:
    graph = demo_run[1]
    result = runner.invoke(
        app,
        [
            "cypher",
            "MATCH (s:Site {id: $id})<-[:AT]-(e:Event) RETURN count(e) AS n",
            "-p",
            "id=al_omar",
            "-f",
            "json",
            "--graph",
            str(graph),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"n": 6}


def test_named_query_from_the_cli(demo_run: tuple[str, Path]) -> None:
    result = runner.invoke(
        app,
        [
            "query",
            "chain_from",
            "-p",
            "id=ev_2023_03_23_kharab_al_jir_drone",
            "-f",
            "json",
            "--graph",
            str(demo_run[1]),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert max(r["steps"] for r in rows) == 2


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    import sys

    old = sys.argv
    sys.argv = ["tatgraph", *args]
    try:
        with pytest.raises(SystemExit) as info:
            main()
    finally:
        sys.argv = old
    code = info.value.code
    return int(code) if isinstance(code, int) else 1, capsys.readouterr().err


def test_write_query_is_refused_with_a_clear_error(
    demo_run: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run_main(
        ["cypher", "CREATE (e:Event {id: 'x'})", "--graph", str(demo_run[1])], capsys
    )
    assert code == 1
    assert err.strip() == (
        "error: this query writes (CREATE); queries here run read-only; use the "
        "loaders (tatgraph load ...) to change the graph"
    )


def test_bad_sheet_error_names_file_line_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "bad.yaml"
    sheet.write_text(
        "events:\n  - id: ev_x\n    kind: rockets\n    date: 2023-01-01\n    summary: x\n",
        encoding="utf-8",
    )
    code, err = run_main(
        ["load", "curated", str(sheet), "--graph", str(tmp_path / "g.lbdb")], capsys
    )
    assert code == 1
    lines = [line.replace(str(tmp_path) + "/", "") for line in err.strip().splitlines()]
    assert lines[0].startswith("error: bad.yaml:3: field 'kind': Input should be 'rocket_attack'")
    assert lines[-1] == "  hint: 1 problem(s); nothing was loaded — fix them and load again"
    assert not (tmp_path / "g.lbdb").exists()


def test_missing_graph_for_query(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_main(
        ["cypher", "MATCH (n:Event) RETURN n.id", "--graph", str(tmp_path / "none.lbdb")], capsys
    )
    assert code == 1
    assert "no graph at" in err
    assert "tatgraph demo" in err


def test_load_curated_twice_changes_nothing(factory: StoreFactory) -> None:
    from tatgraph.loaders.curated import bundled_sheets

    args = ["load", "curated", *map(str, bundled_sheets()), "--graph", factory.uri]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    with factory.open() as store:
        snap = store.snapshot()
    second = runner.invoke(app, args)
    assert "0 events new, 22 already present" in " ".join(second.output.split())
    with factory.open() as store:
        assert store.snapshot() == snap


def test_queries_and_schema_listings() -> None:
    listing = runner.invoke(app, ["queries"])
    assert "chain_from" in listing.output
    assert "id: string" in listing.output
    ddl = runner.invoke(app, ["schema", "--dialect", "neo4j"])
    assert "CREATE CONSTRAINT event_id IF NOT EXISTS" in ddl.output


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (e:Event {id: 'x'})",
        "MERGE (a:Actor {id: 'x'})",
        "MATCH (e:Event) SET e.kind = 'x'",
        "MATCH (c:Claim) DELETE c",
        "MATCH (e:Event) DETACH DELETE e",
        "CALL threads=1",
        "MATCH (n) RETURN n; CREATE (e:Event {id: 'x'})",
    ],
)
def test_cypher_refuses_every_kind_of_write(
    factory: StoreFactory, capsys: pytest.CaptureFixture[str], statement: str
) -> None:
    from tatgraph.demo import build_graph

    with build_graph(factory.uri) as store:
        before = store.snapshot()
    code, err = run_main(["cypher", statement, "--graph", factory.uri], capsys)
    assert code == 1
    assert err.startswith("error: ")
    assert "read-only" in err or "exactly one Cypher statement" in err
    with factory.open() as store:
        assert store.snapshot() == before


def test_named_query_parameter_errors(
    demo_run: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run_main(["query", "chain_from", "--graph", str(demo_run[1])], capsys)
    assert code == 1
    assert "query 'chain_from' needs parameter 'id' (string)" in err
    code, err = run_main(["query", "no_such_query", "--graph", str(demo_run[1])], capsys)
    assert code == 1
    assert "no query named 'no_such_query'; known queries:" in err


def test_query_docs_are_up_to_date() -> None:
    from tatgraph import queries

    docs = Path(__file__).resolve().parents[1] / "docs" / "queries.md"
    assert docs.read_text(encoding="utf-8") == queries.catalogue_markdown(), (
        "regenerate: tatgraph queries --markdown > docs/queries.md"
    )


def test_python_api_dataframe_and_networkx(demo_run: tuple[str, Path]) -> None:
    from tatgraph import queries
    from tatgraph.graph import open_store

    with open_store(demo_run[1], read_only=True) as store:
        df = queries.run_df(store, "events_by_kind")
        assert list(df.columns) == ["kind", "events"]
        assert int(df["events"].sum()) == 22
        graph = queries.run_graph(store, "chain_forward", id="ev_2022_08_23_ayyash_us_airstrikes")
    assert graph.has_edge("ev_2022_08_23_ayyash_us_airstrikes", "ev_2022_08_24_conoco_rockets")
    assert graph.number_of_nodes() == 5


def test_demo_can_be_built_from_the_reports(tmp_path: Path, seeds: Path) -> None:
    graph = tmp_path / "from-reports.lbdb"
    result = runner.invoke(
        app,
        ["demo", "--from-reports", str(seeds), "--graph", str(graph)],
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "extracted from 5 report file(s)" in out
    assert "graph unchanged" in out
    assert "Ayyash" in out
    assert "Al-Omar oil field" in out
    assert "escalation chains" in out
