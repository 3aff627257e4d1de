"""Shared fixtures: the backends under test, the bundled data, the seed reports.

Every test that takes ``factory`` or ``store`` runs on both backends: Ladybug in pytest's
``tmp_path``, Neo4j on the session's server (see ``neo4j_server.py``: ``NEO4J_URI``, or an
embedded server started with tools/neo4j on first use), whose database is emptied first.
"""

from __future__ import annotations

import os
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


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if NEO4J.owned or os.environ.get("NEO4J_URI"):
        where = "started by this run with tools/neo4j" if NEO4J.owned else "at NEO4J_URI"
        try:
            line = f"Neo4j backend tested against {NEO4J.version()} ({where})"
        except Exception as exc:  # the report must not hide the test results
            line = f"Neo4j backend: could not ask the server for its version: {exc}"
    elif NEO4J.failure:
        line = f"Neo4j backend: the server did not start: {NEO4J.failure.splitlines()[0]}"
    elif NEO4J.skipped:
        line = NEO4J.skipped
    else:
        line = "Neo4j backend: no Neo4j test ran"
    terminalreporter.write_line(line)


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
