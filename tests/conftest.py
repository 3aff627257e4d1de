"""Shared fixtures: the backends under test, the bundled data, the seed reports.

Every test that takes ``factory`` or ``store`` runs on both backends: Ladybug in pytest's
``tmp_path``, Neo4j on the session's server (see ``neo4j_server.py``: ``NEO4J_URI``, or an
embedded server started with tools/neo4j on first use), whose database is emptied first.
"""

from __future__ import annotations

import os

# Rich fixes a console's width when COLUMNS is set as it is made, and reads the terminal
# otherwise: one width for the whole suite, whatever the terminal, the test order or the
# worker (subprocess tests that check wrapping pass their own COLUMNS).
os.environ["COLUMNS"] = "200"
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j_server import Neo4jForTests

from tatgraph.graph import open_store
from tatgraph.graph.store import GraphStore
from tatgraph.loaders.curated import CuratedLoad, bundled_sheets, load_sheets
from tatgraph.model import Dataset
from tatgraph.reference import Reference, load_reference

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

BACKENDS = ["ladybug", "neo4j"]


NEO4J = Neo4jForTests()


def neo4j_skip_reason() -> str | None:
    """Why the Neo4j cases are skipped, or ``None`` when a server is there (started on the
    first call if the suite runs its own). A server that fails to start is an error."""
    return NEO4J.skip_reason()


def pytest_report_header(config: pytest.Config) -> str:
    if os.environ.get("NEO4J_URI"):
        return f"neo4j: the server at NEO4J_URI={os.environ['NEO4J_URI']} (its database is wiped)"
    return "neo4j: an embedded server from tools/neo4j, started when a Neo4j test first runs"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (the default, see pyproject.toml): one worker per core, at most four; each
    starts its own Neo4j server. A server given in NEO4J_URI is one database that every
    Neo4j test empties, so then the tests take turns in one worker."""
    if os.environ.get("NEO4J_URI"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(4, cores or 1))


NEO4J_LINES: list[str] = []
"""The Neo4j summary line of each worker (see :func:`pytest_testnodedown`)."""


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker hands its Neo4j line to the controller, while its server still runs."""
    out = getattr(session.config, "workeroutput", None)
    if out is not None:
        out["neo4j"] = neo4j_line()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    line = getattr(node, "workeroutput", {}).get("neo4j")
    if line:
        NEO4J_LINES.append(line)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not hasattr(terminalreporter.config, "workerinput"):
        lines = NEO4J_LINES or [neo4j_line()]
        ran = [ln for ln in lines if ln != NO_NEO4J_TEST]
        for line in sorted(set(ran or lines)):
            n = lines.count(line)
            terminalreporter.write_line(line + (f" [{n} workers]" if n > 1 else ""))


NO_NEO4J_TEST = "Neo4j backend: no Neo4j test ran"


def neo4j_line() -> str:
    """What this process did with Neo4j, in one line."""
    if NEO4J.owned or os.environ.get("NEO4J_URI"):
        where = "started by this run with tools/neo4j" if NEO4J.owned else "at NEO4J_URI"
        try:
            return f"Neo4j backend tested against {NEO4J.version()} ({where})"
        except Exception as exc:  # the report must not hide the test results
            return f"Neo4j backend: could not ask the server for its version: {exc}"
    if NEO4J.failure:
        return f"Neo4j backend: the server did not start: {NEO4J.failure.splitlines()[0]}"
    if NEO4J.skipped:
        return NEO4J.skipped
    return NO_NEO4J_TEST


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the suite's own server, after the summary above asked it for its version."""
    NEO4J.stop()


class StoreFactory:
    """Opens (and reopens) the graph of one backend for one test."""

    def __init__(self, backend: str, tmp_path: Path) -> None:
        self.backend = backend
        self.uri = str(tmp_path / "graph.lbdb") if backend == "ladybug" else os.environ["NEO4J_URI"]

    def open(self) -> GraphStore:
        return open_store(self.uri)


@pytest.fixture(params=BACKENDS)
def factory(request: pytest.FixtureRequest, tmp_path: Path) -> StoreFactory:
    backend = str(request.param)
    if backend == "neo4j" and (reason := neo4j_skip_reason()):
        pytest.skip(reason)
    f = StoreFactory(backend, tmp_path)
    if backend == "neo4j":
        with f.open() as store:
            store.clear()
    return f


@pytest.fixture
def store(factory: StoreFactory) -> Iterator[GraphStore]:
    with factory.open() as s:
        yield s


@pytest.fixture(scope="session")
def reference() -> Reference:
    return load_reference()


@pytest.fixture(scope="session")
def curated(reference: Reference) -> CuratedLoad:
    return load_sheets(bundled_sheets(), reference=reference)


@pytest.fixture(scope="session")
def bundled(reference: Reference, curated: CuratedLoad) -> list[Dataset]:
    """The reference data and the curated seed events, as the demo writes them."""
    return [reference.dataset(), curated.dataset]


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed reports not found at {SEEDS} (CI places ../shared beside the repo)")
    return SEEDS
