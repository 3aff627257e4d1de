"""Backend conformance: the same behaviour on every available backend.

Runs on LadybugDB and on Neo4j 5 (the suite's server, see conftest.py).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import StoreFactory

from tatgraph import queries
from tatgraph.errors import BackendError, QueryError, QueryTimeout, ReadOnlyViolation
from tatgraph.graph.statements import Dialect
from tatgraph.graph.store import GraphStore
from tatgraph.model import Claim, Dataset, Event, ResponseLink, Source

T0 = datetime(2022, 8, 23, 21, tzinfo=UTC)


def _event(eid: str, hours: int = 0, **kw: object) -> Event:
    data: dict[str, object] = {
        "id": eid,
        "kind": "rocket_attack",
        "start": T0 + timedelta(hours=hours),
        "end": T0 + timedelta(hours=hours + 1),
        "precision": "hour",
        "summary": f"test event {eid}",
    }
    data.update(kw)
    return Event.model_validate(data)


def test_upsert_is_idempotent(store: GraphStore, bundled: list[Dataset]) -> None:
    first = store.write(bundled)
    snap = store.snapshot()
    counts = store.counts()
    second = store.write(bundled)
    assert store.snapshot() == snap
    assert store.counts() == counts
    assert first.created["Event"] == counts["Event"] == 22
    assert second.created["Event"] == 0
    assert second.updated["Event"] == 22
    assert counts["RESPONDS_TO"] == 14


def test_update_keeps_created_only_fields_and_replaces_owned_relationships(
    store: GraphStore, bundled: list[Dataset]
) -> None:
    store.write(bundled)
    eid = "ev_2021_07_03_conoco_mortars"
    before = store.read("MATCH (e:Event {id: $id}) RETURN e.recorded_at AS t", {"id": eid})
    ev = next(e for e in bundled[1].events if e.id == eid)
    moved = ev.model_copy(update={"site": "al_omar", "summary": "recoded"})
    store.write(Dataset(events=[moved]))
    rows = store.read(
        "MATCH (e:Event {id: $id})-[:AT]->(s:Site) RETURN s.id AS site, e.summary AS summary",
        {"id": eid},
    )
    assert rows == [{"site": "al_omar", "summary": "recoded"}]
    after = store.read("MATCH (e:Event {id: $id}) RETURN e.recorded_at AS t", {"id": eid})
    assert after == before


def test_failed_batch_is_rolled_back(store: GraphStore, bundled: list[Dataset]) -> None:
    store.write(bundled)
    snap = store.snapshot()
    bad = Dataset(
        events=[_event("ev_new_ok")],
        claims=[Claim(id="clm_x", event="ev_new_ok", source="src_missing", killed=1)],
    )
    with pytest.raises(BackendError, match="src_missing"):
        store.write(bad)
    assert store.snapshot() == snap
    assert store.read("MATCH (e:Event {id: 'ev_new_ok'}) RETURN e.id AS id") == []


def test_earlier_batches_survive_a_later_failure(store: GraphStore) -> None:
    good = Dataset(events=[_event("ev_a")])
    bad = Dataset(events=[_event("ev_b", site="no_such_site")])
    with pytest.raises(BackendError, match="no_such_site"):
        store.write([good, bad])
    ids = store.read("MATCH (e:Event) RETURN e.id AS id ORDER BY id")
    assert ids == [{"id": "ev_a"}]


def test_persists_across_reopen(factory: StoreFactory, bundled: list[Dataset]) -> None:
    with factory.open() as store:
        store.write(bundled)
        snap = store.snapshot()
    with factory.open() as store:
        assert store.snapshot() == snap


def test_timestamps_round_trip_as_utc(store: GraphStore) -> None:
    store.write(Dataset(events=[_event("ev_t")]))
    row = store.read("MATCH (e:Event {id: 'ev_t'}) RETURN e.start_utc AS s, e.end_utc AS e")[0]
    assert row["s"] == T0
    assert row["s"].utcoffset() == timedelta(0)
    assert row["e"] == T0 + timedelta(hours=1)


def test_chain_traversal_follows_directed_responses(
    store: GraphStore, bundled: list[Dataset]
) -> None:
    store.write(bundled)
    rows = queries.run(store, "chain_from", id="ev_2022_08_23_ayyash_us_airstrikes")
    paths = {tuple(r["ids"]) for r in rows}
    assert (
        "ev_2022_08_23_ayyash_us_airstrikes",
        "ev_2022_08_24_conoco_rockets",
        "ev_2022_08_24_al_mayadin_us_helicopter_strikes",
    ) in paths
    assert max(r["steps"] for r in rows) == 2
    # directed: nothing answers the helicopter strikes, so no chain starts from them
    assert (
        queries.run(store, "chain_from", id="ev_2022_08_24_al_mayadin_us_helicopter_strikes") == []
    )


WRITE_FORMS = [
    "CREATE (e:Event {id: 'x'})",
    "MATCH (e:Event) SET e.kind = 'x'",
    "MATCH (e:Event) DETACH DELETE e",
    "MERGE (a:Actor {id: 'x'})",
    # forms that start with a reading clause, so the engine's own check must refuse them
    "MATCH (e:Event) WITH e LIMIT 1 SET e.summary = 'changed'",
    "MATCH (e:Event) SET e.summary = NULL",
    "UNWIND ['x'] AS i MERGE (:Actor {id: i, name: i})",
    "WITH 1 AS one CREATE (:Site {id: 'x'})",
    "MATCH (s:Site) WITH s LIMIT 1 CREATE (s)<-[:AT]-(:Event {id: 'x'})",
    "MATCH (e:Event)-[r:RESPONDS_TO]->() DELETE r",
    "OPTIONAL MATCH (a:Actor {id: 'us_forces'}) DETACH DELETE a",
    "MATCH (e:Event) WITH e LIMIT 1 CALL { WITH e SET e.kind = 'x' } RETURN 1",
]


@pytest.mark.parametrize("statement", WRITE_FORMS)
def test_reads_refuse_writes(store: GraphStore, bundled: list[Dataset], statement: str) -> None:
    store.write(bundled)
    snap = store.snapshot()
    with pytest.raises(ReadOnlyViolation):
        store.read(statement)
    assert store.snapshot() == snap


@pytest.mark.parametrize("statement", WRITE_FORMS[:2])
def test_a_refused_read_is_refused_again(store: GraphStore, statement: str) -> None:
    """The checks of a query's text are remembered, never their passing: a write asked for
    twice is refused twice, and a missing parameter is named each time."""
    for _ in range(2):
        with pytest.raises(ReadOnlyViolation):
            store.read(statement)
    for _ in range(2):
        with pytest.raises(QueryError, match=r"\$n but no value"):
            store.read("RETURN $n AS n")
    assert store.read("RETURN $n AS n", {"n": 3}) == [{"n": 3}]
    assert store.counts()["Event"] == 0


@pytest.mark.parametrize("n", [1, 100, 101, 2_000])
def test_reads_give_plain_values_whatever_the_number_of_rows(store: GraphStore, n: int) -> None:
    """Small results are read row by row, large ones column by column: the same values."""
    ints = list(range(1, n + 1))
    rows = store.read(
        "UNWIND $ints AS i "
        "RETURN i, i % 2 = 0 AS even, CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS maybe",
        {"ints": ints},
    )
    assert rows == [{"i": i, "even": i % 2 == 0, "maybe": None if i % 3 == 0 else i} for i in ints]
    floats = [i / 7 for i in range(1, n + 1)]
    rows = store.read("UNWIND $floats AS f RETURN f, f > 1.5 AS big", {"floats": floats})
    assert rows == [{"f": f, "big": f > 1.5} for f in floats]
    texts = [f"ب{i}" if i % 5 else "" for i in range(1, n + 1)]
    rows = store.read("UNWIND $texts AS s RETURN s, s ENDS WITH '7' AS seven", {"texts": texts})
    assert rows == [{"s": t, "seven": t.endswith("7")} for t in texts]


def test_reads_refuse_several_statements(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="exactly one"):
        store.read("MATCH (n:Event) RETURN n.id; CREATE (e:Event {id: 'x'})")
    assert store.counts()["Event"] == 0


def test_stated_link_is_never_overwritten_by_an_inferred_one(store: GraphStore) -> None:
    events = [_event("ev_1"), _event("ev_2", hours=5)]
    stated = ResponseLink(event="ev_2", responds_to="ev_1", basis="stated", cue="ردا على")
    store.write(Dataset(events=events, links=[stated]))
    inferred = ResponseLink(event="ev_2", responds_to="ev_1", basis="inferred", confidence=0.4)
    stats = store.write(Dataset(links=[inferred]))
    assert stats.skipped_links == 1
    rows = store.read("MATCH (:Event)-[r:RESPONDS_TO]->(:Event) RETURN r.basis AS b, r.cue AS c")
    assert rows == [{"b": "stated", "c": "ردا على"}]


def test_unknown_endpoint_names_the_missing_ids(store: GraphStore) -> None:
    link = ResponseLink(event="ev_x", responds_to="ev_y", basis="coded")
    with pytest.raises(BackendError, match=r"RESPONDS_TO names 1 Event id\(s\).*ev_x"):
        store.write(Dataset(links=[link]))


def test_conflicting_duplicates_in_one_batch_are_refused(store: GraphStore) -> None:
    src = Source(id="s", outlet="A", published=T0)
    other = src.model_copy(update={"outlet": "B"})
    with pytest.raises(BackendError, match="share the key"):
        store.write(Dataset(sources=[src, other]))


def test_every_named_query_runs(store: GraphStore, bundled: list[Dataset]) -> None:
    store.write(bundled)
    samples: dict[str, object] = {
        "id": "ev_2022_08_23_ayyash_us_airstrikes",
        "ids": ["ev_2023_03_23_kharab_al_jir_drone", "ev_2021_06_28_al_omar_rockets"],
        "site": "al_omar",
        "as_of": "2023-03-24",
    }
    actor_queries: dict[str, dict[str, object]] = {"actor_ancestors": {"id": "kataib_hezbollah"}}
    for name, q in queries.registry().items():
        params = actor_queries.get(name) or {
            p.name: samples[p.name] for p in q.params if p.required
        }
        rows = queries.run(store, name, **params)
        assert isinstance(rows, list), name
    ancestors = {r["id"] for r in queries.run(store, "actor_ancestors", id="kataib_hezbollah")}
    assert "axis_of_resistance" in ancestors


def test_a_read_stops_at_its_timeout(store: GraphStore, bundled: list[Dataset]) -> None:
    store.write(bundled)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"stopped after 0\.2 s"):
        store.read("MATCH (a)-[*1..30]-(b) RETURN count(*) AS n", timeout=0.2)
    assert time.monotonic() - started < 10  # stopped, not retried (Neo4j) nor run to the end
    # the store is usable afterwards, without a timeout
    assert store.read("MATCH (e:Event) RETURN count(e) AS n") == [{"n": 22}]


def test_clear_removes_everything(store: GraphStore, bundled: list[Dataset]) -> None:
    store.write(bundled)
    store.clear()
    assert set(store.counts().values()) == {0}


@pytest.mark.parametrize(
    "statement",
    [
        "EXPORT DATABASE '/tmp/tatgraph-export-test'",
        "CALL threads=1",
        "LOAD FROM '/etc/hostname' RETURN *",
        "COPY Event FROM '/tmp/x.csv'",
        "CREATE NODE TABLE X(id STRING, PRIMARY KEY(id))",
        "CALL project_graph('pg', ['Event'], ['RESPONDS_TO'])",
        "CALL db.createLabel('Sneaky')",
        "MATCH (n) WITH n LIMIT 1 CALL { CREATE (:Event {id: 'y'}) } RETURN 1",
    ],
)
def test_reads_refuse_side_effects(store: GraphStore, statement: str) -> None:
    """Clauses that touch files, settings or schema are refused before they reach the engine."""
    if store.dialect is Dialect.NEO4J and statement.startswith("CALL project_graph"):
        # Ladybug's graph projection (an in-memory side effect) is no procedure on Neo4j: it
        # is refused there as unknown, when Neo4j plans it, and nothing runs either
        with pytest.raises(QueryError, match="no procedure with the name `project_graph`"):
            store.read(statement)
    else:
        with pytest.raises(ReadOnlyViolation):
            store.read(statement)
    assert store.counts()["Event"] == 0
