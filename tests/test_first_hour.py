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


@pytest.fixture(scope="module")
def demo_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tatgraph.demo import build_graph

    graph = tmp_path_factory.mktemp("first_hour") / "demo.lbdb"
    build_graph(graph).close()
    return graph


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (
            "RETURN " + "(" * 1000 + "1" + ")" * 1000 + " AS x",
            "the query nests brackets 1000 deep (at most 32 allowed)",
        ),
        ("RETURN " + "(" * 5000 + " AS x", "the query nests brackets 5000 deep"),
        (
            "RETURN " + "CASE WHEN true THEN " * 2000 + "1" + " END" * 2000 + " AS x",
            "the query nests CASE 2000 deep (at most 10 allowed)",
        ),
        ("RETURN " + "[" * 500 + "1" + "]" * 500 + " AS x", "nests brackets 500 deep"),
        ("RETURN '" + "x" * 200_000 + "' AS x", "characters long (at most 100,000 allowed)"),
    ],
    ids=["nested-1000", "parens-5000", "case-2000", "lists-500", "200k-chars"],
)
def test_hostile_cypher_is_refused_before_the_engine_sees_it(
    demo_graph: Path, capsys: pytest.CaptureFixture[str], statement: str, message: str
) -> None:
    code, _, err = run_main(["cypher", statement, "-g", str(demo_graph)], capsys)
    assert code == 1
    assert message in err
    assert "refuses it before the engine parses it" in err


def test_a_runaway_pattern_stops_at_the_timeout(
    demo_graph: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(
        [
            "cypher",
            "MATCH (a)-[*1..30]-(b) RETURN count(*) AS n",
            "-g",
            str(demo_graph),
            "--timeout",
            "0.5",
        ],
        capsys,
    )
    assert code == 1
    assert "the query was stopped after 0.5 s (its timeout)" in err


def test_the_store_stops_a_named_query_at_its_timeout(demo_graph: Path) -> None:
    from tatgraph.errors import QueryTimeout
    from tatgraph.graph import open_store

    with open_store(demo_graph, read_only=True) as store:
        with pytest.raises(QueryTimeout):
            store.read("MATCH (a)-[*1..30]-(b) RETURN count(*) AS n", timeout=0.2)
        # the connection is usable afterwards, without a timeout
        assert store.read("MATCH (e:Event) RETURN count(e) AS n")[0]["n"] == 22


def test_a_missing_parameter_is_named(demo_graph: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(
        ["cypher", "MATCH (s:Site {id: $id})<-[:AT]-(e:Event) RETURN e.id", "-g", str(demo_graph)],
        capsys,
    )
    assert code == 1
    assert "0 row" not in out
    assert "the query uses $id but no value was given for it; pass -p id=VALUE" in err


@pytest.mark.parametrize("value", ['{"a": {"b": 1}}', "[[1, 2], [3]]"])
def test_nested_json_parameters_are_a_clean_error(
    demo_graph: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code, _, err = run_main(
        ["cypher", "RETURN $v AS v", "-p", f"v={value}", "-g", str(demo_graph)], capsys
    )
    assert code == 1
    assert "-p v: nested JSON (objects, lists of lists) is not supported" in err
    assert "Traceback" not in err


def test_json_too_deep_to_parse_is_taken_as_text(
    demo_graph: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    value = "[" * 100_000 + "]" * 100_000
    code, out, err = run_main(
        ["cypher", "RETURN size($v) AS n", "-p", f"v={value}", "-f", "json", "-g", str(demo_graph)],
        capsys,
    )
    assert (code, err) == (0, "")
    assert out.strip() == '{"n": 200000}'


def test_a_graph_left_mid_checkpoint_opens_for_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A writer killed mid-checkpoint leaves a graph Ladybug will not open read-only
    ("checkpoint recovery is pending", reproduced by kill -9 during CHECKPOINT); reads
    complete the recovery the engine's way (one read-write open) instead of failing."""
    import ladybug

    from tatgraph.demo import build_graph

    graph = tmp_path / "g.lbdb"
    build_graph(graph).close()
    real = ladybug.Database
    opened: list[bool] = []

    def database(path: str, read_only: bool = False) -> object:
        opened.append(read_only)
        if read_only and opened.count(True) == 1:
            raise RuntimeError(
                "Runtime exception: Cannot open database in read-only mode while checkpoint "
                "recovery is pending. If another process is checkpointing, retry after it "
                "finishes; otherwise reopen in read-write mode to complete recovery before "
                "reopening read-only."
            )
        return real(path, read_only=read_only)

    monkeypatch.setattr(ladybug, "Database", database)
    code, out, err = run_main(
        ["cypher", "MATCH (e:Event) RETURN count(e) AS n", "-f", "json", "-g", str(graph)], capsys
    )
    assert (code, err) == (0, "")
    assert out.strip() == '{"n": 22}'
    assert opened == [True, False, True]


def test_a_full_disk_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tatgraph.errors import BackendError
    from tatgraph.graph import ladybug as lb

    class FullDisk:
        def execute(self, query: str, params: object = None) -> object:
            raise RuntimeError("IO exception: Cannot write to file: No space left on device")

    with pytest.raises(BackendError) as info:
        lb._execute(FullDisk(), "CREATE (:Event {id: 'x'})", None)
    assert info.value.message == (
        "the disk is full: Ladybug could not write (the batch was rolled back)"
    )
    assert info.value.hint is not None
    assert "rerun the same load and it completes where it stopped" in info.value.hint


SHEET_HEAD = "sources:\n  - id: s1\n    outlet: me\n    published: 2022-01-02\nevents:\n"


@pytest.mark.parametrize(
    ("event", "line", "field", "value"),
    [
        ("    date: 2022-02-30\n", 9, "date", "2022-02-30"),
        ("    date: 2022-13-45\n", 9, "date", "2022-13-45"),
        (
            "    start: 2022-01-01T25:00:00Z\n    end: 2022-01-02T01:00:00Z\n    precision: hour\n",
            9,
            "start",
            "2022-01-01T25:00:00Z",
        ),
    ],
    ids=["feb-30", "month-13", "hour-25"],
)
def test_an_impossible_unquoted_date_names_file_line_and_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    event: str,
    line: int,
    field: str,
    value: str,
) -> None:
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text(
        SHEET_HEAD + "  - id: ev_a\n    kind: rocket_attack\n    summary: x\n" + event,
        encoding="utf-8",
    )
    code, _, err = run_main(["load", "curated", "sheet.yaml", "-g", "g.lbdb"], capsys, tmp_path)
    assert code == 1
    assert err.startswith(
        f"error: sheet.yaml:{line}: field '{field}': not a date or ISO date-time: '{value}'"
    )
    assert not (tmp_path / "g.lbdb").exists()


def test_true_is_not_a_casualty_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text(
        SHEET_HEAD + "  - id: ev_a\n    kind: rocket_attack\n    summary: x\n"
        "    date: 2022-01-01\n    claims:\n      - source: s1\n        killed: true\n",
        encoding="utf-8",
    )
    code, _, err = run_main(["load", "curated", "sheet.yaml", "-g", "g.lbdb"], capsys, tmp_path)
    assert code == 1
    assert "sheet.yaml:12: field 'claims[0].killed': Value error, expected a number, not true" in (
        err.replace("\n", " ")
    )


def test_a_duplicate_event_id_names_both_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "sheet.yaml"
    event = "  - id: ev_a\n    kind: rocket_attack\n    summary: x\n    date: 2022-01-01\n"
    sheet.write_text(SHEET_HEAD + event + event, encoding="utf-8")
    code, _, err = run_main(["load", "curated", "sheet.yaml", "-g", "g.lbdb"], capsys, tmp_path)
    assert code == 1
    assert err.startswith(
        "error: sheet.yaml:10: field 'id': event id 'ev_a' is defined twice (first at sheet.yaml:6)"
    )
    assert "{" not in err


@pytest.mark.parametrize(
    ("output", "message", "hint"),
    [
        ("adir", "adir: Is a directory", "give a file path, not a folder"),
        ("/proc/self/no/such/view.html", "No such file or directory", "check the path"),
        ("/dev/full", "No space left on device", "the disk is full"),
    ],
    ids=["directory", "unwritable-place", "full-disk"],
)
def test_an_output_that_cannot_be_written_is_a_clean_error(
    demo_graph: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    output: str,
    message: str,
    hint: str,
) -> None:
    (tmp_path / "adir").mkdir()
    args = ["viz", "chain", "ev_2022_08_23_ayyash_us_airstrikes", "-g", str(demo_graph)]
    code, _, err = run_main([*args, "-o", output], capsys, tmp_path)
    assert code == 1
    assert err.startswith("error: ")
    assert message in err
    assert f"hint: {hint}" in err
    assert "Traceback" not in err


def test_extract_to_a_directory_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "adir").mkdir()
    report = tmp_path / "r.txt"
    report.write_text("قصفت طائرات أمريكية موقعا قرب البوكمال أمس الأحد.", encoding="utf-8")
    code, _, err = run_main(
        ["extract", "r.txt", "--published", "2024-02-05", "-o", "adir"], capsys, tmp_path
    )
    assert code == 1
    assert err.startswith("error: adir: Is a directory")


def test_long_ids_are_wrapped_not_cut_and_the_table_says_how_to_get_one_per_line(
    demo_graph: Path,
) -> None:
    import subprocess

    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "tatgraph"),
            "cypher",
            "MATCH (e:Event) RETURN e.id AS id, e.summary AS summary ORDER BY id LIMIT 3",
            "-g",
            str(demo_graph),
        ],
        env={**os.environ, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "…" not in done.stdout
    cells = "".join(line.split("│")[0].strip() for line in done.stdout.splitlines()[2:])
    assert "ev_2021_06_27_syria_iraq_border_us_airstrikes" in cells
    assert "add -f csv or -f json for one row per line" in done.stderr.replace("\n", " ")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_control_characters_from_sources_still_make_readable_xml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    import networkx as nx

    sheet = tmp_path / "events.csv"
    sheet.write_text(
        "id,kind,summary,date\nev_ctl,rocket_attack,two rockets\x01 hit\x0b the base,2023-05-01\n",
        encoding="utf-8",
    )
    graph = tmp_path / "g.lbdb"
    assert run_main(["load", "curated", str(sheet), "-g", str(graph)], capsys)[0] == 0
    out = tmp_path / f"events.{fmt}"
    code, _, err = run_main(
        ["viz", "export", "--format", fmt, "-o", str(out), "-g", str(graph)], capsys
    )
    assert (code, err) == (0, "")
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    g = read(out)
    assert g.nodes["ev_ctl"]["summary"] == "two rockets\\x01 hit\\x0b the base"


@pytest.mark.parametrize(
    ("content", "message", "hint"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "is an Excel workbook (.xlsx) or another ZIP", "in Excel"),
        (b"\x1f\x8b\x08\x00\x00\x00", "is compressed (gzip), not text", "gunzip it first"),
        (None, "is a directory, not", "name the files inside it"),
    ],
    ids=["xlsx", "gzip", "directory"],
)
@pytest.mark.parametrize(
    "command", [["load", "curated"], ["load", "acled"], ["extract", "--published", "2024-01-01"]]
)
def test_inputs_that_are_not_text_are_named_for_what_they_are(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    message: str,
    hint: str,
    command: list[str],
) -> None:
    target = tmp_path / "export.csv"
    if content is None:
        target.mkdir()
    else:
        target.write_bytes(content)
    args = [*command, "export.csv"]
    if command[0] == "load":
        args += ["-g", "g.lbdb"]
    code, _, err = run_main(args, capsys, tmp_path)
    assert code == 1
    assert err.startswith(f"error: export.csv: {message}")
    assert f"hint: {hint}" in err
    assert "Traceback" not in err


def test_exit_codes_are_as_documented(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "unreadable.csv").write_bytes(b"\xff\xfe\x00\x01")
    # bad input: 1, one line and a hint, no usage box
    code, _, err = run_main(["load", "curated", "unreadable.csv", "-g", "g.lbdb"], capsys, tmp_path)
    assert code == 1
    assert err.startswith("error: unreadable.csv: ")
    assert "Usage:" not in err
    # a command line that cannot be parsed: 2 with the usage
    code, _, err = run_main(["load", "acled"], capsys, tmp_path)
    assert code == 2
    assert "load acled [OPTIONS] {files}..." in err


@pytest.mark.parametrize("command", ["graph", "timeline", "export"])
def test_an_unknown_site_is_refused_not_drawn_empty(
    command: str, demo_graph: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / {"graph": "v.html", "timeline": "t.png", "export": "g.graphml"}[command]
    code, _, err = run_main(
        ["viz", command, "-g", str(demo_graph), "--site", "al omar", "-o", str(out)], capsys
    )
    assert code == 1
    assert "no event in this graph is at a site named 'al omar'" in err
    assert "did you mean al_omar?" in err
    assert "tatgraph query events_by_site" in err
    assert not out.exists()


def test_a_site_given_by_its_name_still_selects_its_events(
    demo_graph: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "v.html"
    args = ["viz", "graph", "-g", str(demo_graph), "--site", "al-omar OIL field", "-o", str(out)]
    code, _, _ = run_main(args, capsys)
    assert code == 0
    assert "Al-Omar oil field" in out.read_text(encoding="utf-8")


def test_an_empty_report_is_reported_and_not_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text(
        "قصفت طائرات أمريكية موقعا قرب البوكمال أمس الأحد.", encoding="utf-8"
    )
    args = ["load", "reports", "empty.txt", "blank.txt", "r.txt", "--published", "2024-02-05"]
    code, out, err = run_main([*args, "-g", "g.lbdb"], capsys, tmp_path)
    assert code == 0, err
    flat = " ".join(err.split())
    for name in ("empty.txt", "blank.txt"):
        assert f"warning: {name}: the report is empty (no text): nothing extracted" in flat
    assert "1 sources from 1 report(s)" in " ".join(out.split())
