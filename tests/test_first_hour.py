"""The first hour of a new user: no data loss, clean errors instead of tracebacks.

Each test runs a command as a user types it and checks its exit code, its message and
that nothing the user owns was touched.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tatgraph.cli import main


def run_main(
    args: list[str], capsys: pytest.CaptureFixture[str], cwd: Path | None = None
) -> tuple[int, str, str]:
    old_argv, old_cwd = sys.argv, Path.cwd()
    sys.argv = ["tatgraph", *args]
    os.environ["COLUMNS"] = "200"
    try:
        if cwd is not None:
            os.chdir(cwd)
        with pytest.raises(SystemExit) as info:
            main()
    finally:
        sys.argv = old_argv
        os.chdir(old_cwd)
    code = info.value.code
    captured = capsys.readouterr()
    return (int(code) if isinstance(code, int) else 1), captured.out, captured.err


def test_demo_refuses_an_existing_directory_and_keeps_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "notes.txt").write_text("my field notes", encoding="utf-8")
    code, _, err = run_main(["demo", "-g", "data"], capsys, cwd=tmp_path)
    assert code == 1
    assert "data: is a directory; the demo writes a graph file" in err
    assert "hint: give a file path, e.g. -g data/demo.lbdb" in err
    assert (data / "notes.txt").read_text(encoding="utf-8") == "my field notes"


def test_demo_refuses_to_overwrite_a_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "important.csv"
    csv.write_text("event_id,date\n1,2024-01-01\n", encoding="utf-8")
    code, _, err = run_main(["demo", "-g", "important.csv"], capsys, cwd=tmp_path)
    assert code == 1
    assert "important.csv: exists and is not a tatgraph graph" in err
    assert csv.read_text(encoding="utf-8") == "event_id,date\n1,2024-01-01\n"


def test_demo_on_the_current_directory_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    code, _, err = run_main(["demo", "-g", "."], capsys, cwd=tmp_path)
    assert code == 1
    assert err.startswith("error: .: is a directory")
    assert "Traceback" not in err
    assert (tmp_path / "keep.txt").exists()


def test_demo_rebuilds_its_own_graph_but_not_one_with_a_researchers_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = tmp_path / "g.lbdb"
    assert run_main(["demo", "-g", str(graph)], capsys)[0] == 0
    assert run_main(["demo", "-g", str(graph)], capsys)[0] == 0  # its own graph: rebuilt

    sheet = tmp_path / "mine.yaml"
    sheet.write_text(
        "sources:\n  - id: src_my_notes\n    outlet: my field notes\n    published: 2024-01-02\n"
        "events:\n  - id: ev_mine\n    kind: rocket_attack\n    date: 2024-01-01\n"
        "    summary: my own coding\n",
        encoding="utf-8",
    )
    assert run_main(["load", "curated", str(sheet), "-g", str(graph)], capsys)[0] == 0
    code, _, err = run_main(["demo", "-g", str(graph)], capsys)
    assert code == 1
    assert "this graph holds data the demo did not write (1 source(s), e.g. 'src_my_notes')" in err
    assert "add --force to replace this graph" in err

    from tatgraph.graph import open_store

    with open_store(graph, read_only=True) as store:
        assert store.read("MATCH (e:Event {id: 'ev_mine'}) RETURN e.id AS id") == [
            {"id": "ev_mine"}
        ]
    assert run_main(["demo", "-g", str(graph), "--force"], capsys)[0] == 0
    with open_store(graph, read_only=True) as store:
        assert store.read("MATCH (e:Event {id: 'ev_mine'}) RETURN e.id AS id") == []


def test_no_command_opens_a_file_that_is_not_a_graph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "events.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    sheet = tmp_path / "s.yaml"
    sheet.write_text("events: []\n", encoding="utf-8")
    code, _, err = run_main(["load", "curated", str(sheet), "-g", str(csv)], capsys)
    assert code == 1
    assert "exists and is not a LadybugDB graph" in err
    assert csv.read_text(encoding="utf-8") == "a,b\n1,2\n"


def test_remove_graph_deletes_only_a_graph(tmp_path: Path) -> None:
    """The notebooks start from a fresh graph with remove_graph: it deletes a graph file
    and its side files, and refuses a directory or any other file."""
    from tatgraph.demo import remove_graph
    from tatgraph.errors import InputError
    from tatgraph.graph import open_store

    graph = tmp_path / "g.lbdb"
    with open_store(graph) as store:
        store.counts()
    remove_graph(graph)
    assert not graph.exists()
    assert not graph.with_name("g.lbdb.wal").exists()
    remove_graph(graph)  # nothing there: nothing to do
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(InputError, match="is a directory"):
        remove_graph(folder)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="is not a tatgraph graph"):
        remove_graph(sheet)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert sheet.read_text(encoding="utf-8") == "a,b\n"
