"""The ACLED loader's staged layout (tatgraph/graph/staged.py, the default into an embedded
graph without ACLED events) gives the graph that copying batch by batch (``staged=False``,
``--no-staged``) gives, and a staged load stopped while it copies reruns to that graph."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from acled_rows import write_export
from conftest import StoreFactory
from test_acled_crafted import DRONES_ON_THE_BASE, NOTHING_TO_ANSWER, ROCKETS_ELSEWHERE, THE_ANSWER
from typer.testing import CliRunner

from tatgraph.cli import app as cli_app
from tatgraph.errors import BackendError
from tatgraph.graph import open_store, staged
from tatgraph.graph.ladybug import LadybugStore
from tatgraph.graph.rows import from_dataset
from tatgraph.graph.write import Writer
from tatgraph.loaders.acled.load import RejectsFile, load_acled
from tatgraph.model import Actor, Dataset, Event
from tatgraph.reference import Reference
from tatgraph.synth import write_files

CORPUS = Path(__file__).parent / "data" / "acled"
NOW = datetime(2025, 1, 1, tzinfo=UTC)
LATER = datetime(2025, 1, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("staged") / "a.csv"
    write_files(path, rows=900, seed=21)
    return path


def clean_graph(path: Path, files: list[Path]) -> dict[str, list[tuple[Any, ...]]]:
    with open_store(path) as store:
        load_acled(store, files, now=NOW, batch_size=200, staged=False)
        return store.snapshot()


def test_a_staged_load_gives_the_graph_of_the_usual_load(export: Path, tmp_path: Path) -> None:
    stated = [DRONES_ON_THE_BASE, ROCKETS_ELSEWHERE, THE_ANSWER, NOTHING_TO_ANSWER]
    files = [export, CORPUS / "current.csv", CORPUS / "bad_values.csv", CORPUS / "duplicates.csv"]
    files.append(write_export(tmp_path / "stated.csv", stated))
    with open_store(tmp_path / "usual.lbdb") as store, RejectsFile(tmp_path / "u.csv") as rej:
        usual = load_acled(store, files, now=NOW, batch_size=200, rejects=rej, staged=False)
        expected = store.snapshot()
    copied: list[str] = []
    graph = tmp_path / "staged.lbdb"
    with open_store(graph) as store, RejectsFile(tmp_path / "s.csv") as rej:
        done = load_acled(
            store,
            files,
            now=NOW,
            batch_size=200,
            rejects=rej,
            on_copy=copied.append,
        )
        assert store.snapshot() == expected
    assert done.tally == usual.tally
    assert done.stats.created == usual.stats.created
    assert done.stated == usual.stated > 0  # the stated links go in after the copy
    assert (tmp_path / "s.csv").read_bytes() == (tmp_path / "u.csv").read_bytes()
    assert copied[:2] == ["Event", "Claim"]
    assert "ABOUT" in copied
    assert not staged.marker_path(str(graph)).exists()
    assert not staged.stage_dir(str(graph)).exists()


def test_a_load_into_a_graph_with_acled_events_is_not_staged(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = tmp_path / "g.lbdb"
    with open_store(graph) as store:
        load_acled(store, [CORPUS / "current.csv"], now=NOW, staged=False)

        def no_stage(*args: object) -> None:
            raise AssertionError("staged a load into a graph that holds ACLED events")

        monkeypatch.setattr("tatgraph.loaders.acled.load.Stage", no_stage)
        load_acled(store, [CORPUS / "current.csv", export], now=NOW)
        both = store.snapshot()
    assert both == clean_graph(tmp_path / "clean.lbdb", [CORPUS / "current.csv", export])


def test_staged_or_not_the_graph_is_the_same_on_either_backend(
    factory: StoreFactory, export: Path, tmp_path: Path
) -> None:
    with factory.open() as store:
        load_acled(store, [export], now=NOW, batch_size=300)
        graph = store.snapshot()
        if not isinstance(store, LadybugStore):  # Neo4j is never staged
            store.clear()
            load_acled(store, [export], now=NOW, batch_size=300, staged=False)
            assert store.snapshot() == graph
            return
    assert graph == clean_graph(tmp_path / "clean.lbdb", [export])


STOPPED_LOAD = """
import os, signal, sys
from datetime import UTC, datetime
from tatgraph.graph import open_store, ladybug
from tatgraph.loaders.acled import load_acled

export, graph = sys.argv[1:3]
real_run = ladybug._LadybugTx.run


def run(self, query, params=None):
    if query.startswith("COPY `Claim` FROM '"):  # the events are in, the claims not yet
        os.kill(os.getpid(), signal.SIGKILL)
    return real_run(self, query, params)


ladybug._LadybugTx.run = run
with open_store(graph) as store:
    load_acled(store, [export], now=datetime(2025, 1, 1, tzinfo=UTC), batch_size=200)
"""


@pytest.mark.parametrize("again_staged", [True, False])
def test_a_staged_load_killed_while_copying_reruns_to_the_same_graph(
    export: Path, tmp_path: Path, again_staged: bool
) -> None:
    """Killed (SIGKILL) after the events were copied and before the claims: the graph
    holds events without claims and the marker; the next load, staged or not, deletes the
    staged events and loads again, ending with the graph of an uninterrupted load."""
    graph = tmp_path / "killed.lbdb"
    script = tmp_path / "stop.py"
    script.write_text(STOPPED_LOAD, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(export), str(graph)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert staged.marker_path(str(graph)).exists()
    with open_store(graph) as store:
        counts = store.counts()
        assert counts["Event"] > 0
        assert counts["Claim"] == 0
        load_acled(store, [export], now=NOW, batch_size=200, staged=again_staged)
        resumed = store.snapshot()
    assert not staged.marker_path(str(graph)).exists()
    assert not staged.stage_dir(str(graph)).exists()
    assert resumed == clean_graph(tmp_path / "clean.lbdb", [export])


@pytest.mark.parametrize("flag", ["--staged", "--no-staged"])
def test_the_command_loads_staged_or_not(export: Path, tmp_path: Path, flag: str) -> None:
    graph = tmp_path / "g.lbdb"
    args = ["load", "acled", str(export), "-g", str(graph), flag]
    args += ["--rejects", str(tmp_path / "r.csv"), "--manifest", str(tmp_path / "m.json")]
    result = CliRunner().invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    with open_store(graph, read_only=True) as store:
        counts = store.counts()
    with open_store(tmp_path / "clean.lbdb") as store:
        load_acled(store, [export], now=NOW)
        assert store.counts() == counts


def test_a_full_disk_while_staging_is_a_clear_error_and_leaves_no_files(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.parquet as pq

    def full(self: object, table: object, row_group_size: object = None) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq.ParquetWriter, "write_table", full)
    graph = tmp_path / "g.lbdb"
    with open_store(graph) as store:
        with pytest.raises(BackendError, match="could not write the staged rows") as err:
            load_acled(store, [export], now=NOW)
        assert "free some space" in (err.value.hint or "")
        assert store.counts()["Event"] == 0
    assert not staged.stage_dir(str(graph)).exists()
    assert not staged.marker_path(str(graph)).exists()


def test_a_graph_whose_path_has_a_quote_is_staged_through_arrow(
    export: Path, tmp_path: Path
) -> None:
    """The engine reads a staged file itself only when its path can stand in the statement;
    otherwise the file is read into Arrow and copied from there: the same graph."""
    graph = tmp_path / "it's here" / "g.lbdb"
    assert staged.copy_file("Event", staged.stage_dir(str(graph)) / "Event.parquet") is None
    with open_store(graph) as store:
        load_acled(store, [export], now=NOW, batch_size=200)
        got = store.snapshot()
    assert got == clean_graph(tmp_path / "clean.lbdb", [export])


def test_files_of_a_load_stopped_while_staging_are_removed_by_the_next_load(
    export: Path, tmp_path: Path
) -> None:
    graph = tmp_path / "g.lbdb"
    left = staged.stage_dir(str(graph))
    left.mkdir(parents=True)
    (left / "Event.parquet").write_bytes(b"half a file")
    with open_store(graph) as store:
        load_acled(store, [export], now=NOW, staged=False)
    assert not left.exists()


def test_a_side_change_after_events_were_staged_reaches_them(
    reference: Reference, tmp_path: Path
) -> None:
    """An actor's side changes in a later batch than its staged events: the writer's own
    refresh cannot see them (they are not in the graph yet), so the end of the staged load
    writes their sides again."""
    sdf = reference.actors["sdf"]
    event = Event.model_validate(
        {
            "id": "ev_staged_1",
            "kind": "rocket_attack",
            "start": NOW,
            "end": LATER,
            "precision": "hour",
            "summary": "crafted",
            "site": "conoco",
            "perpetrators": [{"actor": "sdf"}],
            "targets": ["us_forces"],
        }
    )
    sides = "MATCH (e:Event {id: $id}) RETURN e.perpetrator_sides AS p"
    graph = tmp_path / "g.lbdb"
    with open_store(graph) as store:
        stage = staged.Stage(str(graph), "ev_")
        writer = Writer(staged.StagingStore(store, stage))
        writer.write(from_dataset(reference.dataset(), now=NOW))
        writer.write(from_dataset(Dataset(events=[event]), now=NOW))
        tribal = Actor(**{**sdf.model_dump(), "side": "tribal"})
        writer.write(from_dataset(Dataset(actors=[tribal]), now=NOW))
        assert store.counts()["Event"] == 0  # staged, not in the graph yet
        staged.finish(writer, store, stage, None)
        assert store.read(sides, {"id": "ev_staged_1"}) == [{"p": ["tribal"]}]
