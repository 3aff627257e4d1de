"""Neo4j as a researcher deploys it: the launcher, URI schemes (Aura/cluster), a server that
goes away in the middle of a load, and the READ access mode of the query path.

The tests that stop and restart the server need the suite's own one (tools/neo4j); they are
skipped when NEO4J_URI names an outside server.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import NEO4J, neo4j_skip_reason
from neo4j_server import TOOLS, Launcher

from tatgraph.errors import ConnectionFailed, ReadOnlyViolation
from tatgraph.graph import neo4j as neo4j_backend
from tatgraph.graph import open_store
from tatgraph.graph.neo4j import Neo4jStore
from tatgraph.graph.store import GraphStore
from tatgraph.loaders.acled.load import load_acled
from tatgraph.synth import write_files

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOW = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def neo4j() -> Iterator[GraphStore]:
    """The suite's Neo4j database, emptied."""
    if reason := neo4j_skip_reason():
        pytest.skip(reason)
    with open_store(os.environ["NEO4J_URI"]) as store:
        store.clear()
        yield store


@pytest.fixture
def server(neo4j: GraphStore) -> Launcher:
    """The suite's own server, which a test may stop and start again (same port and data)."""
    if NEO4J.launcher is None:
        pytest.skip("stopping the server needs the suite's own (NEO4J_URI names another one)")
    return NEO4J.launcher


def store_for(retry_seconds: float) -> Neo4jStore:
    return Neo4jStore(
        os.environ["NEO4J_URI"],
        user=os.environ["NEO4J_USER"],
        password=os.environ["NEO4J_PASSWORD"],
        retry_seconds=retry_seconds,
    )


# -- the launcher ----------------------------------------------------------------------------
def test_the_launcher_pins_the_version_docker_compose_runs() -> None:
    pom = (TOOLS / "pom.xml").read_text(encoding="utf-8")
    pinned = re.search(r"<neo4j.version>([\d.]+)</neo4j.version>", pom)
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    image = compose["services"]["neo4j"]["image"]
    assert pinned is not None
    assert image == f"neo4j:{pinned.group(1)}-community"


@pytest.mark.parametrize("script", ["start", "stop"])
def test_the_scripts_say_how_to_use_them(script: str) -> None:
    bare = subprocess.run([TOOLS / script], capture_output=True, text=True, check=False)
    assert bare.returncode == 2
    assert f"tools/neo4j/{script} /tmp/neo4j" in bare.stderr
    helped = subprocess.run([TOOLS / script, "--help"], capture_output=True, text=True, check=False)
    assert helped.returncode == 0
    assert helped.stderr == bare.stderr


def test_start_then_eval_then_the_demo_on_neo4j(server: Launcher, neo4j: GraphStore) -> None:
    """The README's Neo4j steps as typed: start (here: already running, so it only prints the
    variables again), eval, and the demo writing to "$NEO4J_URI"."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "200"
    line = f'eval "$(tools/neo4j/start {server.folder})" && tatgraph demo -g "$NEO4J_URI"'
    done = subprocess.run(
        ["bash", "-c", line], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert "already running" in done.stderr
    assert f"The graph was written to {os.environ['NEO4J_URI']} (Neo4j)." in done.stdout
    assert neo4j.counts()["Event"] == 22


def test_the_suite_runs_the_pinned_release(server: Launcher) -> None:
    assert NEO4J.version() == "Neo4j Kernel 5.26.16 community"
    assert server.version == NEO4J.version()


# -- URI schemes: one server, a cluster, Aura ------------------------------------------------
@pytest.mark.parametrize("scheme", ["bolt", "neo4j", "bolt+ssc", "neo4j+ssc"])
def test_every_scheme_writes_and_reads(server: Launcher, bundled: Any, scheme: str) -> None:
    """Routing (neo4j://) and TLS with a self-signed certificate (+ssc, the launcher makes
    one) write in managed transactions and read in READ transactions, as on Aura."""
    uri = os.environ["NEO4J_URI"].replace("bolt://", f"{scheme}://", 1)
    with open_store(uri) as store:
        store.write(bundled)
        assert store.counts()["Event"] == 22
        assert store.read("MATCH (e:Event) RETURN count(e) AS n") == [{"n": 22}]


def test_an_untrusted_certificate_is_named(server: Launcher) -> None:
    uri = os.environ["NEO4J_URI"].replace("bolt://", "neo4j+s://", 1)
    with pytest.raises(ConnectionFailed, match="TLS certificate this machine does not trust") as e:
        open_store(uri)
    assert "neo4j+ssc://" in str(e.value)


def test_a_server_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(ConnectionFailed, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:9"):
        open_store("bolt://127.0.0.1:9", user="neo4j", password="irrelevant")


def test_reads_run_in_read_access_mode(
    neo4j: GraphStore, bundled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the EXPLAIN check out of the way, the server itself refuses a write on the read
    path: the transaction is a READ one (on a cluster: routed to a reader)."""
    import neo4j as driver

    neo4j.write(bundled)
    snap = neo4j.snapshot()
    real_init = driver.ResultSummary.__init__

    def says_read_only(self: Any, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        self.query_type = "r"

    monkeypatch.setattr(driver.ResultSummary, "__init__", says_read_only)
    with pytest.raises(ReadOnlyViolation, match="access mode"):
        neo4j.read("MATCH (e:Event) WITH e LIMIT 1 SET e.summary = 'changed'")
    assert neo4j.snapshot() == snap


def test_opening_creates_the_missing_constraints_and_indexes(neo4j: GraphStore) -> None:
    from neo4j import GraphDatabase

    from tatgraph.graph.schema import neo4j_ddl

    auth = (os.environ["NEO4J_USER"], os.environ["NEO4J_PASSWORD"])
    with GraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth) as driver:
        driver.execute_query("DROP INDEX event_kind")
        driver.execute_query("DROP CONSTRAINT claim_id")
        with open_store(os.environ["NEO4J_URI"]):
            pass
        names = {r["name"] for r in driver.execute_query("SHOW INDEXES YIELD name").records}
    assert {"event_kind", "claim_id"} <= names
    assert len(names) >= len(neo4j_ddl())


def test_clearing_a_graph_larger_than_one_transaction(
    neo4j: GraphStore, bundled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """clear() deletes in transactions of CLEAR_BATCH nodes (10,000: a million nodes overflow
    the transaction memory of a 1 GiB heap); here 7, so every label takes several."""
    monkeypatch.setattr(neo4j_backend, "CLEAR_BATCH", 7)
    neo4j.write(bundled)
    assert neo4j.counts()["Claim"] > 7
    neo4j.clear()
    assert set(neo4j.counts().values()) == {0}


# -- a server that goes away in the middle of a load --------------------------------------------
def stop_before_transaction(
    monkeypatch: pytest.MonkeyPatch, number: int, then: Callable[[], None]
) -> list[int]:
    """Run ``then`` just before the store's ``number``-th write transaction (the first is
    the reference data, the second the first batch); returns the transaction counter."""
    real = Neo4jStore._transaction
    count = [0]

    def counting(self: Neo4jStore, work: Any) -> Any:
        count[0] += 1
        if count[0] == number:
            then()
        return real(self, work)

    monkeypatch.setattr(Neo4jStore, "_transaction", counting)
    return count


def clean_load(path: Path) -> dict[str, Any]:
    """The graph a load of ``path`` into an empty database gives."""
    with store_for(30) as store:
        store.clear()
        load_acled(store, [path], now=NOW, batch_size=100)
        return store.snapshot()


def test_a_load_that_loses_the_server_fails_cleanly_and_a_rerun_waits_for_it(
    server: Launcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server stops between two batches of a load that retries for 2 s: the load stops
    with a clear error and the batch rolled back whole. A store that retries for longer,
    used while the server is still starting again, waits for it (the driver's managed
    transactions retry a lost server), finds the first batch stored whole, and the rerun
    completes the same graph as one uninterrupted load."""
    write_files(tmp_path / "a.csv", rows=400, seed=5)
    patient = store_for(retry_seconds=300)
    starting = threading.Thread(target=server.start)
    try:
        stop_before_transaction(monkeypatch, 3, server.stop)  # reference, batch 1, |stop|
        with (
            store_for(retry_seconds=2) as hasty,
            pytest.raises(ConnectionFailed, match="during a write") as lost,
        ):
            load_acled(hasty, [tmp_path / "a.csv"], now=NOW, batch_size=100)
        assert "the batch was rolled back; rerun the load" in str(lost.value)
        monkeypatch.undo()
        starting.start()  # Bolt answers again about 10 s later
        counts = patient.counts()  # waits for the server
        # the first batch is stored whole (events with their claims), the second not at all
        assert 0 < counts["Event"] == counts["Claim"] <= 100
        load_acled(patient, [tmp_path / "a.csv"], now=NOW, batch_size=100)
        resumed = patient.snapshot()
    finally:
        patient.close()
        if starting.ident is None:  # failed before the restart: make sure the server runs
            server.start()
        else:
            starting.join()
    assert clean_load(tmp_path / "a.csv") == resumed
