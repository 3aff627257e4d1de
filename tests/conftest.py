"""Shared fixtures: the backends under test, the bundled data, the seed reports."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tatgraph.graph import open_store
from tatgraph.graph.store import GraphStore
from tatgraph.loaders.curated import CuratedLoad, bundled_sheets, load_sheets
from tatgraph.model import Dataset
from tatgraph.reference import Reference, load_reference

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

BACKENDS = ["ladybug", "neo4j"]


def neo4j_skip_reason() -> str | None:
    if not os.environ.get("NEO4J_URI"):
        return (
            "Neo4j backend not tested: NEO4J_URI is not set (start one with "
            "`docker compose up -d`, then NEO4J_URI=bolt://localhost:7687 plus "
            "NEO4J_USER/NEO4J_PASSWORD; the suite wipes that database)"
        )
    return None


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
