"""Derived properties (docs/data-model.md): the sides stored on each event and the year stored
on each AT relationship always say what the relationships and actors say, whoever wrote
them, and graphs written before they existed get them when opened."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conftest import StoreFactory

from tatgraph import queries
from tatgraph.graph import open_store
from tatgraph.graph.store import GraphStore
from tatgraph.loaders.acled import load_acled
from tatgraph.model import Actor, Dataset
from tatgraph.reference import Reference
from tatgraph.synth import write_files

NOW = datetime(2025, 1, 1, tzinfo=UTC)

DYADS_BY_JOIN = """
MATCH (e:Event)
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(a:Actor)
OPTIONAL MATCH (e)-[:TARGETED]->(t:Actor)
WITH DISTINCT e.id AS event, coalesce(a.side, 'unidentified') AS p,
     coalesce(t.side, 'unidentified') AS t
RETURN p, t, count(*) AS events
"""
"""The dyad counts joined from the relationships (what dyad_counts read before)."""


def dyads(store: GraphStore) -> dict[tuple[str, str], int]:
    return {
        (r["perpetrator_side"], r["target_side"]): r["events"]
        for r in queries.run(store, "dyad_counts")
    }


def joined(store: GraphStore) -> dict[tuple[str, str], int]:
    return {(r["p"], r["t"]): r["events"] for r in store.read(DYADS_BY_JOIN)}


def site_years(store: GraphStore) -> dict[tuple[str, Any], int]:
    return {
        (r["site_id"], r["year"]): r["events"] for r in queries.run(store, "events_by_site_year")
    }


def site_years_joined(store: GraphStore) -> Counter[tuple[str, Any]]:
    rows = store.read("MATCH (e:Event)-[:AT]->(s:Site) RETURN s.id AS site, e.start_utc AS t")
    return Counter((r["site"], r["t"].year if r["t"] else None) for r in rows)


def test_an_acled_load_stores_what_the_joins_say(factory: StoreFactory, tmp_path: Path) -> None:
    write_files(tmp_path / "a.csv", rows=1500, seed=4)
    with factory.open() as store:
        load_acled(store, [tmp_path / "a.csv"], now=NOW, batch_size=400)
        got = dyads(store)
        assert got == joined(store)
        assert len(got) > 5
        assert site_years(store) == site_years_joined(store)


def test_a_side_change_reaches_every_event_of_the_actor(
    factory: StoreFactory, reference: Reference, tmp_path: Path
) -> None:
    """An actor stored again with another side: its stored events list the new side."""
    write_files(tmp_path / "a.csv", rows=800, seed=5)
    with factory.open() as store:
        load_acled(store, [tmp_path / "a.csv"], now=NOW)
        before = dyads(store)
        sdf = reference.actors["sdf"]
        store.write(Dataset(actors=[Actor(**{**sdf.model_dump(), "side": "tribal"})]))
        after = dyads(store)
        assert after == joined(store)
        assert after != before
        assert not any("sdf" in pair for pair in after)


def test_a_graph_without_derived_values_gets_them_when_opened(
    factory: StoreFactory, tmp_path: Path
) -> None:
    write_files(tmp_path / "a.csv", rows=600, seed=6)
    with factory.open() as store:
        load_acled(store, [tmp_path / "a.csv"], now=NOW)
        expected = (dyads(store), site_years(store))
        store.transaction(
            lambda tx: tx.run(
                "MATCH (e:Event) SET e.perpetrator_sides = NULL, e.target_sides = NULL"
            )
        )
        store.transaction(lambda tx: tx.run("MATCH (:Event)-[r:AT]->(:Site) SET r.year = NULL"))
        assert store.needs_backfill()
    with factory.open() as store:
        assert not store.needs_backfill()
        assert (dyads(store), site_years(store)) == expected


def test_an_embedded_graph_from_before_gets_the_new_columns(tmp_path: Path) -> None:
    """A Ladybug graph whose tables lack the derived columns (written by an earlier
    tatgraph) is given them — and their values — when opened, even read-only."""
    write_files(tmp_path / "a.csv", rows=600, seed=7)
    graph = tmp_path / "old.lbdb"
    with open_store(graph) as store:
        load_acled(store, [tmp_path / "a.csv"], now=NOW)
        expected = (dyads(store), site_years(store))

        def drop(tx: Any) -> None:
            tx.run("ALTER TABLE Event DROP perpetrator_sides")
            tx.run("ALTER TABLE Event DROP target_sides")
            tx.run("ALTER TABLE AT DROP year")

        store.transaction(drop)
    with open_store(graph, read_only=True) as store:
        assert (dyads(store), site_years(store)) == expected
