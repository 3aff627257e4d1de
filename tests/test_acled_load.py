"""Loading ACLED exports into a graph: idempotence, revisions, pruning, failures, the CLI."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import StoreFactory
from typer.testing import CliRunner

from tatgraph.cli import app as cli_app
from tatgraph.errors import BackendError, InputError
from tatgraph.graph import ladybug as ladybug_backend
from tatgraph.graph import neo4j as neo4j_backend
from tatgraph.graph import open_store
from tatgraph.graph import statements as st
from tatgraph.graph.schema import node_spec
from tatgraph.graph.store import GraphStore
from tatgraph.loaders.acled.cli import load_acled as load_acled_command
from tatgraph.loaders.acled.load import REJECT_COLUMNS, RejectsFile, load_acled
from tatgraph.loaders.acled.read import read_acled
from tatgraph.loaders.acled.records import ACLED_ACTOR
from tatgraph.reference import Reference
from tatgraph.synth import write_files

CORPUS = Path(__file__).parent / "data" / "acled"
NOW = datetime(2025, 1, 1, tzinfo=UTC)
LATER = datetime(2025, 2, 1, tzinfo=UTC)


def events(store: GraphStore) -> dict[str, dict[str, Any]]:
    rows = store.read(
        "MATCH (e:Event)-[:AT]->(s:Site) OPTIONAL MATCH (c:Claim)-[:ABOUT]->(e) "
        "RETURN e.id AS id, e.kind AS kind, e.killed_best AS killed, s.id AS site, "
        "c.killed AS claimed"
    )
    return {r["id"]: r for r in rows}


def without(snapshot: dict[str, list[tuple[Any, ...]]], *labels: str) -> dict[str, Any]:
    return {k: v for k, v in snapshot.items() if k not in labels}


def test_loading_the_same_export_twice_changes_nothing(store: GraphStore, tmp_path: Path) -> None:
    write_files(tmp_path / "a.csv", rows=500, seed=3)
    first = load_acled(store, [tmp_path / "a.csv", CORPUS / "current.csv"], now=NOW, batch_size=120)
    snap = store.snapshot()
    again = load_acled(
        store, [tmp_path / "a.csv", CORPUS / "current.csv"], now=LATER, batch_size=77
    )
    assert store.snapshot() == snap
    assert first.stats.created["Event"] == first.tally.stored
    assert again.stats.created["Event"] == again.stats.updated["Event"] == 0
    assert again.stats.unchanged["Event"] == first.tally.stored
    assert sum(again.stats.rewired.values()) == 0
    assert again.absent == 0


def test_the_plain_record_path_gives_the_same_graph(
    factory: StoreFactory, reference: Reference, tmp_path: Path
) -> None:
    """read_acled (pydantic records, GraphStore.write) and load_acled (bulk) agree."""
    write_files(tmp_path / "a.csv", rows=300, seed=6)
    files = [tmp_path / "a.csv", CORPUS / "current.csv", CORPUS / "legacy_cp1252.csv"]
    with factory.open() as store:
        load_acled(store, files, reference=reference, batch_size=90)
        bulk = store.snapshot()
        store.clear()
        base = reference.dataset()
        base.actors.append(ACLED_ACTOR)
        store.write(base)
        for dataset, _ in read_acled(files, reference, batch_size=90):
            store.write(dataset)
        plain = store.snapshot()
    recorded_at = [p.name for p in node_spec("Event").all_props].index("recorded_at")
    for snap in (bulk, plain):
        snap["Event"] = [row[:recorded_at] + row[recorded_at + 1 :] for row in snap["Event"]]
    assert plain == bulk


def test_every_event_has_its_site_claim_and_source(store: GraphStore) -> None:
    load_acled(store, [CORPUS / "current.csv"], now=NOW)
    got = events(store)
    assert got["acled:SYR1003"] == {
        "id": "acled:SYR1003",
        "kind": "mortar_attack",
        "killed": 0,
        "site": "al_omar",
        "claimed": 0,
    }
    rows = store.read(
        "MATCH (c:Claim {id: 'acled:SYR1009:fatalities'})-[:`IN`]->(s:Source), "
        "(c)-[:BY]->(a:Actor) RETURN s.outlet AS outlet, s.file AS file, a.id AS claimant, "
        "c.note AS note"
    )
    assert rows == [
        {
            "outlet": "ACLED",
            "file": "current.csv",
            "claimant": "acled",
            "note": "ACLED fatality estimate; sources: CENTCOM; source scale: Other",
        }
    ]
    dyads = store.read(
        "MATCH (e:Event {id: 'acled:SYR1002'})-[:PERFORMED_BY]->(a:Actor) RETURN a.side AS side"
    )
    assert {r["side"] for r in dyads} == {"us_coalition"}


def test_newer_export_updates_revisions_and_prunes_deletions(
    store: GraphStore, tmp_path: Path
) -> None:
    header, *rows = (CORPUS / "current.csv").read_text(encoding="utf-8").splitlines()
    old = tmp_path / "old.csv"
    old.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    load_acled(store, [old], now=NOW)
    revised = [
        r.replace(",2,,1679900000", ",5,,1680000000") if r.startswith("SYR1001") else r
        for r in rows
        if not r.startswith("SYR1005")
    ]
    revised = [
        r.replace("Kataib Hezbollah", "Harakat Hezbollah al Nujaba")
        if r.startswith("SYR1001")
        else r
        for r in revised
    ]
    new = tmp_path / "new.csv"
    new.write_text("\n".join([header, *revised]) + "\n", encoding="utf-8")
    with RejectsFile(tmp_path / "rejects.csv") as report:
        kept = load_acled(store, [new], now=LATER, rejects=report)
    assert kept.stats.updated["Event"] == 1  # SYR1001: 5 killed now
    assert kept.stats.rewired["TARGETED"] == 1  # and a different target
    assert kept.stats.updated["Claim"] == 1
    assert kept.stats.rewired["IN"] == 6  # every claim now cites the newer export
    assert (kept.absent, kept.pruned) == (1, 0)
    got = events(store)
    assert got["acled:SYR1001"]["killed"] == got["acled:SYR1001"]["claimed"] == 5
    assert "acled:SYR1005" in got  # kept without --prune
    targets = store.read(
        "MATCH (:Event {id: 'acled:SYR1001'})-[:TARGETED]->(a:Actor) RETURN a.id AS id"
    )
    assert targets == [{"id": "harakat_al_nujaba"}]
    first_reported = store.read(
        "MATCH (e:Event {id: 'acled:SYR1001'}) RETURN e.first_reported AS t"
    )[0]["t"]
    assert first_reported == datetime.fromtimestamp(1679900000, UTC)  # the earliest is kept
    with (tmp_path / "rejects.csv").open(encoding="utf-8") as fh:
        absent = [r for r in csv.DictReader(fh) if r["status"] == "absent"]
    assert [r["event_id_cnty"] for r in absent] == ["SYR1005"]
    pruned = load_acled(store, [new], now=LATER, prune=True)
    assert (pruned.absent, pruned.pruned) == (1, 2)  # the event and its claim
    assert "acled:SYR1005" not in events(store)
    assert store.read("MATCH (c:Claim {id: 'acled:SYR1005:fatalities'}) RETURN c.id") == []


def test_rejected_rows_keep_their_stored_version_when_pruning(
    store: GraphStore, tmp_path: Path
) -> None:
    header, *rows = (CORPUS / "current.csv").read_text(encoding="utf-8").splitlines()
    load_acled(store, [CORPUS / "current.csv"], now=NOW)
    broken = [
        r.replace("2023-03-23,2023", "2023-02-30,2023") if r.startswith("SYR1002") else r
        for r in rows
    ]
    path = tmp_path / "broken.csv"
    path.write_text("\n".join([header, *broken]) + "\n", encoding="utf-8")
    done = load_acled(store, [path], now=LATER, prune=True)
    assert done.tally.rejected == 1
    assert done.absent == 0
    assert "acled:SYR1002" in events(store)


def test_prune_stays_inside_the_exports_scope(store: GraphStore) -> None:
    load_acled(store, [CORPUS / "current.csv", CORPUS / "layout_2020.csv"], now=NOW)
    done = load_acled(store, [CORPUS / "current.csv"], now=LATER, prune=True)
    assert done.absent == 0  # the 2020 events are outside the 2023 export's dates
    assert "acled:SYR2001" in events(store)


def fail_second_at_write(monkeypatch: pytest.MonkeyPatch, backend: str) -> Callable[[], None]:
    """Make the second write of AT relationships fail (Ladybug's COPY, Neo4j's UNWIND ...
    CREATE); returns the function that undoes it."""
    cls: Any
    if backend == "ladybug":
        cls, method, at = ladybug_backend._LadybugTx, "copy", "AT"
    else:
        cls, method, at = neo4j_backend._Neo4jTx, "run", st.create_rels("AT", st.Dialect.NEO4J)
    real = getattr(cls, method)
    calls = {"AT": 0}

    def flaky(self: Any, first: Any, *rest: Any) -> Any:
        if first == at:
            calls["AT"] += 1
            if calls["AT"] == 2:
                raise BackendError("disk full (injected)")
        return real(self, first, *rest)

    monkeypatch.setattr(cls, method, flaky)
    return lambda: monkeypatch.setattr(cls, method, real)


@pytest.mark.parametrize("reader_process", [False, True])
def test_a_failure_mid_load_leaves_no_half_batch_and_a_rerun_completes(
    factory: StoreFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader_process: bool
) -> None:
    """Copying batch by batch (``staged=False``; what every load into a graph with ACLED
    events does): a batch that fails leaves nothing, the ones before it stay whole."""
    write_files(tmp_path / "a.csv", rows=400, seed=9)
    undo = fail_second_at_write(monkeypatch, factory.backend)
    with factory.open() as store, pytest.raises(BackendError, match="injected"):
        load_acled(
            store,
            [tmp_path / "a.csv"],
            now=NOW,
            batch_size=100,
            reader_process=reader_process,
            staged=False,
        )
    undo()
    with factory.open() as store:
        got = events(store)
        # the first batch's 100 rows are stored whole (events and claims), the second not at all
        assert len(got) == store.counts()["Event"] == store.counts()["Claim"]
        assert 0 < len(got) <= 100
        assert all(r["claimed"] == r["killed"] for r in got.values())
        load_acled(store, [tmp_path / "a.csv"], now=NOW, batch_size=100)
        resumed = store.snapshot()
        store.clear()
        load_acled(store, [tmp_path / "a.csv"], now=NOW, batch_size=100)
        assert store.snapshot() == resumed


def test_rejects_file_accounts_for_every_row(store: GraphStore, tmp_path: Path) -> None:
    files = [CORPUS / n for n in ("bad_values.csv", "duplicates.csv", "quotes.csv", "current.csv")]
    with RejectsFile(tmp_path / "rejects.csv") as report:
        done = load_acled(store, files, now=NOW, rejects=report)
    with (tmp_path / "rejects.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == REJECT_COLUMNS
        lines = list(reader)
    t = done.tally
    assert t.read == 16 + 5 + 9 + 9
    assert t.read == t.stored + t.rejected + t.skipped
    assert len(lines) == t.rejected + t.skipped == report.count
    assert store.counts()["Event"] == t.stored
    first = lines[0]
    assert (first["line"], first["event_id_cnty"], first["field"], first["value"]) == (
        "2",
        "SYR5001",
        "event_date",
        "2023-13-45",
    )
    assert first["file"].endswith("bad_values.csv")
    assert first["status"] == "rejected"


def test_reader_process_gives_the_same_graph(factory: StoreFactory, tmp_path: Path) -> None:
    write_files(tmp_path / "a.csv", rows=300, seed=4)
    with factory.open() as store:
        threaded = load_acled(store, [tmp_path / "a.csv"], now=NOW, reader_process=False)
        snap = store.snapshot()
        store.clear()
        in_process = load_acled(store, [tmp_path / "a.csv"], now=NOW, reader_process=True)
        assert store.snapshot() == snap
    assert in_process.tally == threaded.tally


def test_reader_process_reports_input_errors(store: GraphStore) -> None:
    with pytest.raises(InputError, match="empty file"):
        load_acled(store, [CORPUS / "empty.csv"], reader_process=True)
    assert store.counts()["Event"] == 0


# -- the command ---------------------------------------------------------------------------
@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("acled")(load_acled_command)

    @app.command("noop")
    def noop() -> None:  # a second command makes "acled" a subcommand, as in the real CLI
        """Nothing."""

    return app


def test_command_prints_the_tally(app: typer.Typer, factory: StoreFactory, tmp_path: Path) -> None:
    graph, rejects = factory.uri, tmp_path / "r.csv"
    args = [
        "acled",
        str(CORPUS / "current.csv"),
        str(CORPUS / "bad_values.csv"),
        "-g",
        str(graph),
        "--rejects",
        str(rejects),
        "--manifest",
        str(tmp_path / "cite.json"),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())  # rich wraps long lines
    assert "Read 25 rows from 2 file(s)" in out
    assert "read = stored + rejected + skipped: 25 = 8 + 15 + 2 ✓" in out
    assert "skipped: sub_event_type 'Peaceful protest': a demonstration, not armed violence" in out
    assert "rejected: fatalities: not a number" in out  # the reason, not 'fatalities: fatalities'
    assert f"Every row not stored, with line, field, value and reason: {rejects}" in out
    again = CliRunner().invoke(app, args)
    assert "(events new 0, updated 0, unchanged 8)" in " ".join(again.output.split())


def test_command_refuses_a_file_that_is_not_an_export(app: typer.Typer, tmp_path: Path) -> None:
    graph = tmp_path / "g.lbdb"
    result = CliRunner().invoke(
        app,
        [
            "acled",
            str(CORPUS / "current.csv"),
            str(CORPUS / "missing_columns.csv"),
            "-g",
            str(graph),
        ],
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, InputError)
    assert "missing_columns.csv:1: not an ACLED export: missing column(s)" in str(result.exception)
    assert not graph.exists()  # nothing was written, not even current.csv: no graph at all


# -- issue 17: nothing left behind, rejects readable ---------------------------------------
@pytest.mark.parametrize("case", ["missing", "header", "kinds"])
def test_a_load_that_cannot_start_leaves_no_graph_and_no_rejects(
    app: typer.Typer, tmp_path: Path, case: str
) -> None:
    graph, rejects = tmp_path / "g.lbdb", tmp_path / "out" / "r.csv"
    export = CORPUS / "current.csv"
    extra: list[str] = []
    if case == "missing":
        export = tmp_path / "missing.csv"
    elif case == "header":
        export = tmp_path / "odd.csv"
        export.write_text('a,b\n"x\n', encoding="utf-8")
    else:
        (tmp_path / "k.yaml").write_text("sub_event_types:\n  Grenade: {kind: rockets}\n")
        extra = ["--kinds", str(tmp_path / "k.yaml")]
    args = ["acled", str(export), "-g", str(graph), "--rejects", str(rejects), *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert isinstance(result.exception, InputError)
    assert not graph.exists()
    assert not rejects.exists()
    assert list(tmp_path.glob("g.lbdb*")) == []
    # and a graph that does not exist is an error naming the path, not "0 row(s)"
    read = CliRunner().invoke(cli_app, ["query", "events_by_kind", "-g", str(graph)])
    assert read.exit_code == 1
    assert f"no graph at {graph}" in str(read.exception) + read.output
    assert not graph.exists()


def test_a_failed_load_keeps_an_existing_graph_and_rejects_file(
    app: typer.Typer, tmp_path: Path
) -> None:
    graph, rejects = tmp_path / "g.lbdb", tmp_path / "r.csv"
    ok = ["acled", str(CORPUS / "current.csv"), "-g", str(graph), "--rejects", str(rejects)]
    assert CliRunner().invoke(app, ok).exit_code == 0
    before = rejects.read_bytes()
    bad = ["acled", str(tmp_path / "missing.csv"), "-g", str(graph), "--rejects", str(rejects)]
    assert CliRunner().invoke(app, bad).exit_code == 1
    assert graph.exists()
    assert rejects.read_bytes() == before


def test_control_characters_are_escaped_in_the_rejects_file(
    store: GraphStore, tmp_path: Path
) -> None:
    text = (CORPUS / "current.csv").read_text(encoding="utf-8").splitlines()
    header, row = text[0], text[1]
    cells = row.split(",")
    nul = ",".join([cells[0] + "X", *cells[1:]]).replace(
        "Political violence", "Political\x00violence", 1
    )
    esc = ",".join([cells[0] + "Y", *cells[1:]]).replace("2023-03-23", "2023-03-\x1b23", 1)
    path = tmp_path / "ctl.csv"
    path.write_text("\n".join([header, nul, esc]) + "\n", encoding="utf-8")
    out = tmp_path / "rejects.csv"
    with RejectsFile(out) as rejects:
        done = load_acled(store, [path], rejects=rejects)
    assert done.tally.rejected == 2
    raw = out.read_bytes()
    assert b"\x00" not in raw
    assert b"\x1b" not in raw
    lines = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert "Political\\x00violence" in lines[0]["value"]
    assert lines[1]["value"] == "2023-03-\\x1b23"
    import pandas as pd

    frame = pd.read_csv(out)
    assert len(frame) == 2
    assert list(frame.columns) == list(REJECT_COLUMNS)


KILLED_LOAD = """
import os, signal, sys
from datetime import UTC, datetime
from tatgraph.graph import open_store, ladybug
from tatgraph.loaders.acled import load_acled

export, graph, when = sys.argv[1:4]
committed = []
real_copy = ladybug._LadybugTx.copy


def copy(self, table, data):
    real_copy(self, table, data)
    if when == "copy" and committed and table == "Claim":  # inside the second batch
        os.kill(os.getpid(), signal.SIGKILL)


def progress(where, stats):
    committed.append(where)
    if when == "commit":  # just after the first batch was committed
        os.kill(os.getpid(), signal.SIGKILL)


ladybug._LadybugTx.copy = copy
with open_store(graph) as store:
    load_acled(store, [export], now=datetime(2025, 1, 1, tzinfo=UTC), batch_size=100,
               progress=progress, staged=False)
"""


@pytest.mark.parametrize("when", ["copy", "commit"])
def test_a_killed_load_reruns_to_the_same_graph(tmp_path: Path, when: str) -> None:
    """Copying batch by batch (``staged=False``), the process is killed (SIGKILL) in the
    middle of a transaction, or just after a commit: the graph opens again, holds whole
    batches only, and the same load run again gives the graph a load that was never
    interrupted gives (a staged load killed while copying: tests/test_acled_staged.py)."""
    export = tmp_path / "a.csv"
    write_files(export, rows=500, seed=12)
    graph = tmp_path / "killed.lbdb"
    script = tmp_path / "kill.py"
    script.write_text(KILLED_LOAD, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(export), str(graph), when],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    with open_store(graph) as store:
        counts = store.counts()
        assert counts["Event"] == counts["Claim"] == counts["ABOUT"]
        assert 0 < counts["Event"] < 400
        assert counts["Event"] % 100 == 0 or counts["Event"] < 100
        load_acled(store, [export], now=NOW, batch_size=100)
        resumed = store.snapshot()
    with open_store(tmp_path / "clean.lbdb") as store:
        load_acled(store, [export], now=NOW, batch_size=100)
        assert store.snapshot() == resumed


def test_batch_size_help_states_the_default_the_loader_uses() -> None:
    from tatgraph.loaders.acled.load import LADYBUG_BATCH

    result = CliRunner().invoke(cli_app, ["load", "acled", "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert f"default {LADYBUG_BATCH:,} on Ladybug" in text
