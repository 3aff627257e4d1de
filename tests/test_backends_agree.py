"""Ladybug and Neo4j hold the same graph and answer every named query with the same rows.

Each case loads the same input into both backends (the bundled coding plus inferred links;
an ACLED export through the bulk path, COPY on Ladybug and UNWIND on Neo4j; the seed
reports through extraction), then compares every node and relationship with all its
properties, and the rows of every query in the library, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import StoreFactory, neo4j_skip_reason

from tatgraph import queries
from tatgraph.extract.pipeline import extract_reports, load_reports, merge_reports
from tatgraph.graph import open_store
from tatgraph.graph.schema import NODES
from tatgraph.graph.store import GraphStore
from tatgraph.link.graphio import run_link
from tatgraph.link.infer import LinkParams
from tatgraph.loaders.acled.load import load_acled
from tatgraph.model import Dataset
from tatgraph.synth import write_files

CORPUS = Path(__file__).parent / "data" / "acled"
NOW = datetime(2025, 1, 1, tzinfo=UTC)

Load = Callable[[GraphStore], None]

UNORDERED = {"link_roles"}
"""Queries without ORDER BY (the reason is in the query's file): compared as sorted rows."""


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[GraphStore, GraphStore]]:
    """An empty Ladybug graph and the emptied Neo4j database, open side by side."""
    if reason := neo4j_skip_reason():
        pytest.skip(reason)
    ladybug = StoreFactory("ladybug", tmp_path).open()
    neo4j = StoreFactory("neo4j", tmp_path).open()
    neo4j.clear()
    try:
        yield ladybug, neo4j
    finally:
        ladybug.close()
        neo4j.close()


def without_recorded_at(snapshot: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    """The snapshot without the load time (``recorded_at``, set when a node is created)."""
    out: dict[str, Any] = dict(snapshot)
    for spec in NODES:
        names = [p.name for p in spec.all_props]
        if "recorded_at" in names:
            k = names.index("recorded_at")
            out[spec.label] = sorted(
                (row[:k] + row[k + 1 :] for row in snapshot[spec.label]), key=repr
            )
    return out


def sample_params(store: GraphStore) -> dict[str, Any]:
    """Values for every query parameter, taken from the graph: the event that starts the
    most responses, the busiest site, a middle date, the actor with the most ancestors."""
    first = store.read(
        "MATCH (e:Event)<-[:RESPONDS_TO]-(:Event) RETURN e.id AS id, count(*) AS n "
        "ORDER BY n DESC, id LIMIT 1"
    ) or store.read("MATCH (e:Event) RETURN e.id AS id ORDER BY id LIMIT 1")
    ids = [r["id"] for r in store.read("MATCH (e:Event) RETURN e.id AS id ORDER BY id LIMIT 40")]
    site = store.read(
        "MATCH (s:Site)<-[:AT]-(:Event) RETURN s.id AS id, count(*) AS n "
        "ORDER BY n DESC, id LIMIT 1"
    )
    actor = store.read(
        "MATCH (a:Actor)-[:PART_OF]->(:Actor) RETURN a.id AS id, count(*) AS n "
        "ORDER BY n DESC, id LIMIT 1"
    )
    times = store.read("MATCH (e:Event) RETURN min(e.start_utc) AS lo, max(e.start_utc) AS hi")[0]
    middle = times["lo"] + (times["hi"] - times["lo"]) / 2
    return {
        "id": first[0]["id"],
        "ids": ids,
        "site": site[0]["id"],
        "as_of": middle,
        "actor": actor[0]["id"] if actor else "us_forces",
    }


def assert_same_answers(ladybug: GraphStore, neo4j: GraphStore) -> int:
    """Every named query (required parameters from the graph, optional ones left out) gives
    the same rows, in the same order, on both backends; returns the rows compared."""
    samples = sample_params(ladybug)
    assert sample_params(neo4j) == samples
    compared, differ = 0, {}
    for name, q in queries.registry().items():
        params = {p.name: samples[p.name] for p in q.params if p.required}
        if name == "actor_ancestors":
            params = {"id": samples["actor"]}
        want = queries.run(ladybug, name, **params)
        got = queries.run(neo4j, name, **params)
        if name in UNORDERED:
            want, got = sorted(want, key=repr), sorted(got, key=repr)
        if got != want:
            first = next(
                (k for k, (a, b) in enumerate(zip(want, got, strict=False)) if a != b),
                min(len(want), len(got)),
            )
            differ[name] = (len(want), len(got), want[first : first + 1], got[first : first + 1])
        compared += len(want)
    assert not differ, "\n".join(f"{k}: {v}" for k, v in differ.items())
    return compared


def load_both(pair: tuple[GraphStore, GraphStore], load: Load) -> None:
    for store in pair:
        load(store)
    ladybug, neo4j = pair
    assert without_recorded_at(neo4j.snapshot()) == without_recorded_at(ladybug.snapshot())
    assert assert_same_answers(ladybug, neo4j) > 0


def test_the_demo_graph_with_inferred_links(
    pair: tuple[GraphStore, GraphStore], bundled: list[Dataset]
) -> None:
    def load(store: GraphStore) -> None:
        store.write(bundled)
        run = run_link(store, LinkParams(also_explained=True))
        assert run.written is not None
        assert run.written.created["RESPONDS_TO"] > 0

    load_both(pair, load)


def test_an_acled_export_through_the_bulk_path(
    pair: tuple[GraphStore, GraphStore], tmp_path: Path
) -> None:
    write_files(tmp_path / "a.csv", rows=600, seed=11)
    files = [tmp_path / "a.csv", CORPUS / "current.csv", CORPUS / "legacy_cp1252.csv"]

    def load(store: GraphStore) -> None:
        load_acled(store, files, now=NOW, batch_size=250)

    load_both(pair, load)


def test_the_seed_reports_through_extraction(
    pair: tuple[GraphStore, GraphStore], seeds: Path
) -> None:
    dataset = merge_reports(extract_reports(sorted(seeds.glob("*.txt")), seeds / "meta.yaml"))
    assert dataset.events

    def load(store: GraphStore) -> None:
        load_reports(store, dataset)

    load_both(pair, load)


def test_a_routing_uri_reads_what_a_direct_one_wrote(pair: tuple[GraphStore, GraphStore]) -> None:
    """neo4j:// (routing: READ transactions to readers, writes to the leader) sees the
    graph written over bolt://, on the suite's single server as on a cluster."""
    _, neo4j = pair
    neo4j.write(Dataset())
    uri = neo4j.location.replace("bolt://", "neo4j://", 1)
    with open_store(uri) as routed:
        assert routed.counts() == neo4j.counts()
