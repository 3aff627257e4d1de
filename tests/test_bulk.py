"""The writer: the same graph as GraphStore.write, one transaction per batch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pytest
from conftest import StoreFactory

from tatgraph.errors import BackendError
from tatgraph.graph import statements as st
from tatgraph.graph.rows import from_dataset
from tatgraph.graph.schema import node_spec
from tatgraph.graph.store import GraphStore
from tatgraph.graph.write import Writer, delete_ids, prefetch
from tatgraph.model import Dataset, Event, ResponseLink, Site

NOW = datetime(2025, 1, 1, tzinfo=UTC)
T0 = datetime(2022, 8, 23, 21, tzinfo=UTC)


def _event(eid: str, hours: int = 0, **kw: Any) -> Event:
    data: dict[str, Any] = {
        "id": eid,
        "kind": "rocket_attack",
        "start": T0 + timedelta(hours=hours),
        "end": T0 + timedelta(hours=hours + 1),
        "precision": "hour",
        "summary": f"event {eid}",
    }
    data.update(kw)
    return Event.model_validate(data)


def test_bulk_writes_the_same_graph_as_the_upsert(
    factory: StoreFactory, bundled: list[Dataset]
) -> None:
    with factory.open() as store:
        store.write(bundled)
        expected = store.snapshot()
        store.clear()
        writer = Writer(store)
        for ds in bundled:
            writer.write(from_dataset(ds, now=NOW))
        assert _without_recorded_at(store.snapshot()) == _without_recorded_at(expected)
        assert writer.stats.created["Event"] == 22
        again = Writer(store)
        for ds in bundled:
            again.write(from_dataset(ds, now=NOW))
        assert _without_recorded_at(store.snapshot()) == _without_recorded_at(expected)
        assert sum(again.stats.created.values()) == 0
        assert again.stats.unchanged["Event"] == 22


def _without_recorded_at(snap: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    out = dict(snap)
    at = [p.name for p in node_spec("Event").all_props].index("recorded_at")
    out["Event"] = [row[:at] + row[at + 1 :] for row in snap["Event"]]
    return out


def test_changed_records_are_rewritten_and_their_relationships_rewired(
    store: GraphStore, bundled: list[Dataset]
) -> None:
    writer = Writer(store)
    writer.write(from_dataset(bundled[0], now=NOW))
    writer.write(from_dataset(Dataset(events=[_event("a", site="al_omar"), _event("b")])))
    before = store.read("MATCH (e:Event {id: 'a'}) RETURN e.recorded_at AS t")
    moved = writer.write(
        from_dataset(Dataset(events=[_event("a", site="conoco", summary="moved"), _event("b")]))
    )
    assert (moved.updated["Event"], moved.unchanged["Event"]) == (1, 1)
    assert moved.rewired["AT"] == 1
    rows = store.read("MATCH (e:Event {id: 'a'})-[:AT]->(s:Site) RETURN s.id AS s, e.summary AS x")
    assert rows == [{"s": "conoco", "x": "moved"}]
    assert store.read("MATCH (e:Event {id: 'a'}) RETURN e.recorded_at AS t") == before


def test_merge_policy_keeps_the_earliest_value(store: GraphStore) -> None:
    writer = Writer(store, merge={"Event": {"first_reported": "min"}})
    writer.write(from_dataset(Dataset(events=[_event("a", first_reported=T0)])))
    later = writer.write(
        from_dataset(Dataset(events=[_event("a", first_reported=T0 + timedelta(days=3))]))
    )
    assert later.unchanged["Event"] == 1
    got = store.read("MATCH (e:Event {id: 'a'}) RETURN e.first_reported AS t")
    assert got == [{"t": T0}]


def test_a_batch_naming_a_missing_node_writes_nothing(store: GraphStore) -> None:
    writer = Writer(store)
    with pytest.raises(BackendError, match="no_such_site"):
        writer.write(
            from_dataset(Dataset(events=[_event("ok"), _event("bad", site="no_such_site")]))
        )
    assert store.counts()["Event"] == 0


@pytest.mark.parametrize("factory", ["ladybug"], indirect=True)  # COPY is Ladybug's
def test_copy_inside_a_transaction_is_rolled_back(factory: StoreFactory) -> None:
    site = Site(id="x", name="X", lat=35.0, lon=40.0, kind="town", country="SYR")
    table = from_dataset(Dataset(sites=[site])).nodes["Site"]
    with factory.open() as store:

        def work(tx: Any) -> None:
            tx.copy("Site", table)
            assert len(tx.run(st.existing_ids("Site"), {"ids": ["x"]})) == 1
            raise RuntimeError("stop")

        with pytest.raises(RuntimeError, match="stop"):
            store.transaction(work)
        assert store.counts()["Site"] == 0


def test_links_keep_the_stronger_basis(store: GraphStore) -> None:
    writer = Writer(store)
    events = [_event("a"), _event("b", 5)]
    writer.write(from_dataset(Dataset(events=events)))
    stated = ResponseLink(event="b", responds_to="a", basis="stated", cue="ردّت")
    inferred = ResponseLink(event="b", responds_to="a", basis="inferred", confidence=0.4)
    assert writer.write(from_dataset(Dataset(links=[stated]))).created["RESPONDS_TO"] == 1
    weaker = writer.write(from_dataset(Dataset(links=[inferred])))
    assert weaker.skipped_links == 1
    rows = store.read("MATCH (:Event)-[r:RESPONDS_TO]->(:Event) RETURN r.basis AS b, r.cue AS c")
    assert rows == [{"b": "stated", "c": "ردّت"}]
    same = writer.write(from_dataset(Dataset(links=[stated])))
    assert same.unchanged["RESPONDS_TO"] == 1


def test_duplicate_rows_in_one_batch(store: GraphStore) -> None:
    writer = Writer(store)
    twice = writer.write(from_dataset(Dataset(events=[_event("a"), _event("a")])))
    assert twice.created["Event"] == 1
    with pytest.raises(BackendError, match="two different Event records share the key 'b'"):
        writer.write(from_dataset(Dataset(events=[_event("b"), _event("b", 2)])))


def test_deleting_by_id(store: GraphStore) -> None:
    Writer(store).write(from_dataset(Dataset(events=[_event(f"p{i}") for i in range(5)])))
    assert delete_ids(store, ["Event"], [["p0", "p1", "missing"]]) == 2
    assert store.counts()["Event"] == 3


def test_prefetch_passes_errors_on() -> None:
    def items() -> Any:
        yield 1
        raise ValueError("broken input")

    got: list[int] = []
    with pytest.raises(ValueError, match="broken input"):
        got.extend(prefetch(items()))
    assert got == [1]


class _Counting:
    """A store whose transactions count the statements that look ids up."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.lookups = 0

    @property
    def dialect(self) -> st.Dialect:
        return self.store.dialect

    def transaction(self, work: Any) -> Any:
        outer = self

        def counted(tx: Any) -> Any:
            real_run, real_scan = tx.run, tx.scan

            def run(query: str, params: Any = None) -> Any:
                outer.lookups += "MATCH (n:`Event` {`id`: i})" in query
                return real_run(query, params)

            def scan(query: str, data: Any) -> Any:
                outer.lookups += "MATCH (n:`Event`" in query
                return real_scan(query, data)

            tx.run, tx.scan = run, scan
            return work(tx)

        return self.store.transaction(counted)


def test_ids_known_new_are_not_looked_up_and_the_rest_are(store: GraphStore) -> None:
    """A fresh graph, then a new id prefix (a new export scope): no look-ups; ids written
    before (by this writer or another) are looked up and left unchanged."""
    site = Site(id="s", name="S", lat=35.0, lon=40.0, kind="town", country="SYR")
    syr = [_event(f"acled:SYR{i}", i, site="s") for i in range(5)]
    irq = [_event(f"acled:IRQ{i}", i, site="s") for i in range(5)]
    counting = _Counting(store)
    writer = Writer(counting, new_ids=("Event",))
    writer.write(from_dataset(Dataset(sites=[site], events=syr), now=NOW))
    assert counting.lookups == 0  # the graph held no event
    writer.write(from_dataset(Dataset(events=irq[:3]), now=NOW))
    assert counting.lookups == 0  # no stored id starts with acled:IRQ
    again = writer.write(from_dataset(Dataset(events=irq), now=NOW))
    assert counting.lookups == 1  # irq[:3] were written by this writer: looked up
    assert (again.created["Event"], again.unchanged["Event"]) == (2, 3)
    later = Writer(_Counting(store), new_ids=("Event",))
    stats = later.write(from_dataset(Dataset(events=syr + irq), now=NOW))
    assert stats.unchanged["Event"] == 10
    assert stats.created["Event"] == 0
    assert store.counts()["Event"] == 10
    # every stored event is one the first writer wrote; not so for the later one
    assert (writer.new_ids.was_empty("Event"), later.new_ids.was_empty("Event")) == (True, False)


def test_relationship_tables_made_here_skip_only_the_checks_they_need_not(
    store: GraphStore,
) -> None:
    """Batches made by graph.rows say which relationship tables are the batch's own; a
    hand-made batch naming a missing node still fails whole."""
    site = Site(id="s", name="S", lat=35.0, lon=40.0, kind="town", country="SYR")
    batch = from_dataset(Dataset(sites=[site], events=[_event("e1", site="s")]), now=NOW)
    assert "AT" in batch.owned
    assert "AT" in batch.single
    batch.rels["AT"] = batch.rels["AT"].set_column(0, "from", pa.array(["ghost"]))
    batch.owned, batch.single = set(), set()
    with pytest.raises(BackendError, match="ghost"):
        Writer(store).write(batch)
    assert store.counts()["Event"] == 0
