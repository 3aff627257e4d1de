"""``tatgraph viz``: the commands write what they say, read-only, with helpful errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tatgraph.demo import build_graph
from tatgraph.viz import VizError
from tatgraph.viz.cli import viz_app

runner = CliRunner()
AYYASH = "ev_2022_08_23_ayyash_us_airstrikes"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("vizcli") / "demo.lbdb"
    build_graph(path).close()
    return str(path)


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    """The viz commands mounted the way tatgraph/cli.py mounts them."""
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        """tatgraph."""

    root.add_typer(viz_app, name="viz")
    return root


def test_help_lists_commands_with_examples(app: typer.Typer) -> None:
    result = runner.invoke(app, ["viz", "--help"])
    assert result.exit_code == 0, result.output
    for command in ("chain", "graph", "timeline", "export"):
        assert command in result.output
    for command in ("chain", "graph", "timeline", "export"):
        sub = runner.invoke(app, ["viz", command, "--help"])
        assert sub.exit_code == 0, sub.output
        assert f"tatgraph viz {command} " in sub.output, f"{command} --help shows an example"


def test_chain_command_writes_html(app: typer.Typer, graph: str, tmp_path: Path) -> None:
    out = tmp_path / "views" / "chain.html"
    result = runner.invoke(app, ["viz", "chain", AYYASH, "-o", str(out), "-g", graph])
    assert result.exit_code == 0, result.output
    assert "Wrote the chain of" in result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('"from":') == 5  # five response arrows
    assert "Chain of 5 events" in page


def test_graph_command_filters(graph: str, tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    args = ["graph", "--from", "2023-03-23", "--to", "2023-03-24", "--side", "us_coalition"]
    result = runner.invoke(viz_app, [*args, "-o", str(out), "-g", graph])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "ev_2023_03_23_deir_ez_zor_airport_us_airstrikes" in page
    assert "ev_2023_03_23_kharab_al_jir_drone" not in page  # an Iran-aligned attack


def test_graph_command_refuses_a_hairball(graph: str, tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    result = runner.invoke(viz_app, ["graph", "--max-nodes", "5", "-o", str(out), "-g", graph])
    assert result.exit_code == 1
    assert isinstance(result.exception, VizError)
    assert "22 events, more than the 5" in str(result.exception)
    assert "hint:" in str(result.exception)
    assert not out.exists()


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_timeline_command(graph: str, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"timeline.{suffix}"
    result = runner.invoke(
        viz_app, ["timeline", "--from", "2022-08-01", "-o", str(out), "-g", graph]
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in data
    if suffix == "svg":
        assert b"Ayyash" in data
        assert b"Abu Kamal" not in data  # 2021 is before --from


def test_timeline_of_a_chain(graph: str, tmp_path: Path) -> None:
    out = tmp_path / "chain.svg"
    result = runner.invoke(viz_app, ["timeline", "--chain", AYYASH, "-o", str(out), "-g", graph])
    assert result.exit_code == 0, result.output
    assert b"Conoco gas field" in out.read_bytes()


@pytest.mark.parametrize(
    ("args", "name", "check"),
    [
        (["--format", "graphml"], "events.graphml", b"<graphml"),
        ([], "events.gexf", b"<gexf"),
        (["-f", "json", "--site", "conoco"], "conoco.json", b'"links"'),
    ],
)
def test_export_command(
    graph: str, tmp_path: Path, args: list[str], name: str, check: bytes
) -> None:
    out = tmp_path / name
    result = runner.invoke(viz_app, ["export", *args, "-o", str(out), "-g", graph])
    assert result.exit_code == 0, result.output
    assert check in out.read_bytes()
    if name.endswith(".json"):
        data = json.loads(out.read_text(encoding="utf-8"))
        assert {n["site_id"] for n in data["nodes"]} == {"conoco"}


def test_export_command_rejects_unknown_format(graph: str, tmp_path: Path) -> None:
    result = runner.invoke(viz_app, ["export", "-f", "dot", "-o", str(tmp_path / "x"), "-g", graph])
    assert result.exit_code == 2  # usage error from the option's choices
    assert "graphml" in result.output


def test_unknown_event_is_one_error(graph: str, tmp_path: Path) -> None:
    result = runner.invoke(
        viz_app, ["chain", "ev_missing", "-o", str(tmp_path / "c.html"), "-g", graph]
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, VizError)
    assert "no event with id 'ev_missing'" in str(result.exception)


def test_commands_leave_the_graph_unchanged(graph: str, tmp_path: Path) -> None:
    from tatgraph.graph import open_store

    with open_store(graph, read_only=True) as store:
        before = store.snapshot()
    runner.invoke(viz_app, ["chain", AYYASH, "-o", str(tmp_path / "c.html"), "-g", graph])
    runner.invoke(viz_app, ["export", "-o", str(tmp_path / "e.json"), "-g", graph])
    with open_store(graph, read_only=True) as store:
        assert store.snapshot() == before


def test_registering_the_commands_is_cheap() -> None:
    """Importing the commands loads no plotting library (every `tatgraph` run imports them)."""
    import subprocess
    import sys

    code = (
        "import sys, tatgraph.viz.cli; "
        "print(sorted(m for m in ('matplotlib', 'pyvis', 'networkx', 'IPython') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
