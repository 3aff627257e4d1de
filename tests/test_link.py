"""Inferred links: role reversal, windows, time order, stated links, the graph round trip."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_queries import covers  # the query library's record of which tests check what

from tatgraph import queries
from tatgraph.graph.store import GraphStore
from tatgraph.link.evaluate import seed_table
from tatgraph.link.graphio import read_table, run_link
from tatgraph.link.infer import LinkParams, candidate_pairs, infer
from tatgraph.link.table import ActorIndex, EventTable
from tatgraph.model import Dataset, ResponseLink
from tatgraph.reference import Reference

T0 = datetime(2023, 3, 1, tzinfo=UTC)
OMAR = (35.15, 40.58)
CONOCO = (35.42, 40.25)
TANF = (33.5, 38.65)


Row = tuple[str, float, str, list[str], list[str], tuple[float, float] | None]


def _table(
    reference: Reference,
    rows: Sequence[tuple[str, float, str, list[str], list[str], tuple[float, float] | None]],
) -> EventTable:
    """Events (id, hours after T0, kind, perpetrators, targets, site) with 1-hour windows."""
    return EventTable.build(
        ids=[r[0] for r in rows],
        starts=[T0 + timedelta(hours=r[1]) for r in rows],
        ends=[T0 + timedelta(hours=r[1] + 1) for r in rows],
        coords=[r[5] for r in rows],
        kinds=[r[2] for r in rows],
        perpetrators=[r[3] for r in rows],
        targets=[r[4] for r in rows],
        killed=[None] * len(rows),
        injured=[None] * len(rows),
        munitions=[{}] * len(rows),
        actors=ActorIndex.from_actors(reference.actors.values()),
    )


def _pairs(table: EventTable, params: LinkParams | None = None) -> set[tuple[str, str]]:
    i, j = candidate_pairs(table, params or LinkParams())
    return {(table.ids[a], table.ids[b]) for a, b in zip(i.tolist(), j.tolist(), strict=True)}


def test_roles_must_be_reversed_through_the_hierarchy_and_sides(reference: Reference) -> None:
    table = _table(
        reference,
        [
            ("strike", 0, "airstrike", ["us_forces"], ["kataib_hezbollah"], OMAR),
            # Kata'ib Hezbollah's parent alliance answers, hitting CENTCOM (part of US forces)
            ("answer", 20, "rocket_attack", ["islamic_resistance_iraq"], ["centcom"], CONOCO),
            ("unnamed", 22, "drone_attack", [], ["us_forces"], OMAR),  # nobody named
            ("same_roles", 24, "airstrike", ["us_forces"], ["pmf"], OMAR),  # not reversed
            ("other_war", 26, "ground_clash", ["sdf"], ["us_forces"], OMAR),  # SDF: wrong side
            ("nobody", 28, "ied", [], [], OMAR),  # neither role named: never linked
        ],
    )
    pairs = _pairs(table)
    assert ("answer", "strike") in pairs
    assert ("unnamed", "strike") in pairs
    assert ("same_roles", "strike") not in pairs
    assert ("other_war", "strike") not in pairs
    assert not any("nobody" in p for p in pairs)
    # the US strike on the PMF answers the alliance's rockets (roles reversed again)
    assert ("same_roles", "answer") in pairs
    found = infer(table, LinkParams(min_confidence=0.0))
    actor = {
        (table.ids[a], table.ids[b]): v
        for a, b, v in zip(found.i, found.j, found.parts["actor"], strict=True)
    }
    assert actor[("answer", "strike")] == pytest.approx(0.9)  # one PART_OF hop on each side
    assert actor[("unnamed", "strike")] == pytest.approx(np.sqrt(0.3 * 1.0))


def test_window_bounds_the_lag(reference: Reference) -> None:
    table = _table(
        reference,
        [
            ("strike", 0, "airstrike", ["us_forces"], ["iran_backed_militias"], OMAR),
            ("day_six", 6 * 24, "rocket_attack", ["iran_backed_militias"], ["us_forces"], OMAR),
            ("day_eight", 8 * 24, "rocket_attack", ["iran_backed_militias"], ["us_forces"], OMAR),
        ],
    )
    week = LinkParams(window_hours=7 * 24)
    assert _pairs(table, week) == {("day_six", "strike")}
    assert _pairs(table, LinkParams(window_hours=9 * 24)) == {
        ("day_six", "strike"),
        ("day_eight", "strike"),
    }
    assert _pairs(table, LinkParams(window_hours=24)) == set()


def test_far_sites_need_a_coarser_cell(reference: Reference) -> None:
    table = _table(
        reference,
        [
            ("strike", 0, "airstrike", ["us_forces"], ["iran_backed_militias"], (35.0, 40.0)),
            ("far", 10, "rocket_attack", ["iran_backed_militias"], ["us_forces"], (35.0, 47.5)),
        ],
    )
    assert _pairs(table, LinkParams(cell_degrees=2.0)) == set()
    assert _pairs(table, LinkParams(cell_degrees=5.0)) == {("far", "strike")}


def _brute_force(table: EventTable, window: float) -> set[tuple[str, str]]:
    """Every reversed-role pair in the window, by definition (no index, no caps)."""
    ps, ts = table.role_sides("perp"), table.role_sides("target")

    def sides(row: np.ndarray) -> set[int]:
        return {int(s) for s in row if s >= 0}

    out = set()
    for i in range(len(table)):
        for j in range(len(table)):
            lag = table.t[i] - table.t[j]
            if i == j or lag < 0 or lag > window:
                continue
            state = []
            for a, b in ((sides(ts[j]), sides(ps[i])), (sides(ps[j]), sides(ts[i]))):
                state.append("wild" if not a or not b else ("match" if a & b else "clash"))
            if "clash" not in state and "match" in state:
                out.add((table.ids[i], table.ids[j]))
    return out


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_candidates_equal_the_definition(reference: Reference, seed: int) -> None:
    """With a cell covering the globe and no cap, the index finds exactly the definition."""
    rng = np.random.default_rng(seed)
    pool = ["us_forces", "centcom", "kataib_hezbollah", "pmf", "sdf", "isis", "sohr"]
    rows = []
    for k in range(60):
        perps = list(rng.choice(pool, size=int(rng.integers(0, 3)), replace=False))
        targets = list(rng.choice(pool, size=int(rng.integers(0, 3)), replace=False))
        site = (
            None if rng.random() < 0.2 else (float(rng.uniform(30, 37)), float(rng.uniform(36, 44)))
        )
        rows.append((f"e{k}", float(rng.integers(0, 400)), "rocket_attack", perps, targets, site))
    table = _table(reference, rows)
    params = LinkParams(window_hours=72, cell_degrees=180.0, max_candidates=10_000)
    assert _pairs(table, params) == _brute_force(table, 72)
    # with the default cells every pair found is a true candidate, and every one whose
    # sites are within one cell (or unknown) is found
    small = _pairs(table, LinkParams(window_hours=72, max_candidates=10_000))
    truth = _brute_force(table, 72)
    assert small <= truth
    index = {e: k for k, e in enumerate(table.ids)}

    def near(pair: tuple[str, str]) -> bool:
        a, b = index[pair[0]], index[pair[1]]
        if np.isnan(table.lat[a]) or np.isnan(table.lat[b]):
            return True
        return bool(abs(table.lat[a] - table.lat[b]) < 2 and abs(table.lon[a] - table.lon[b]) < 2)

    assert {p for p in truth if near(p)} <= small


def test_no_self_links_no_later_links_and_no_cycles(reference: Reference) -> None:
    """Day-precision data has many simultaneous events; links still respect time order."""
    rng = np.random.default_rng(7)
    pool = ["us_forces", "kataib_hezbollah", "iran_backed_militias", "coalition_oir"]
    rows = []
    for k in range(150):
        perp, target = rng.choice(pool, size=2, replace=False)
        rows.append(
            (f"e{k}", 24.0 * float(rng.integers(0, 30)), "rocket_attack", [perp], [target], OMAR)
        )
    table = _table(reference, rows)
    found = infer(table, LinkParams(min_confidence=0.0, max_links=5))
    assert len(found) > 100
    assert (found.i != found.j).all()
    assert (table.t[found.i] >= table.t[found.j]).all()
    graph = nx.DiGraph(zip(found.i.tolist(), found.j.tolist(), strict=True))
    assert nx.is_directed_acyclic_graph(graph)
    assert np.bincount(found.i).max() <= 5


def test_ties_go_from_the_unexplained_to_the_explained_event(reference: Reference) -> None:
    """The seed's 2021-06-28 exchange: rockets and artillery reported for the same evening."""
    table, _ = seed_table()
    found = infer(table, LinkParams(min_confidence=0.3))
    pairs = {(table.ids[a], table.ids[b]) for a, b in zip(found.i, found.j, strict=True)}
    rockets, artillery = (
        "ev_2021_06_28_al_omar_rockets",
        "ev_2021_06_28_al_mayadin_coalition_artillery",
    )
    assert (artillery, rockets) in pairs  # the rockets continue an earlier chain
    assert (rockets, artillery) not in pairs


def test_scores_are_probabilities(reference: Reference) -> None:
    table, _ = seed_table()
    found = infer(table, LinkParams(min_confidence=0.0))
    for name in ("lag", "distance", "actor", "kind", "rivals", "score", "p_score"):
        values = found.parts[name]
        assert ((values >= 0.0) & (values <= 1.0)).all(), name
    assert ((found.confidence >= 0.0) & (found.confidence <= 1.0)).all()


def test_stated_links_are_neither_duplicated_nor_reversed() -> None:
    table, links = seed_table()
    existing = [(x.event, x.responds_to, x.basis.value) for x in links]
    answering = {x.event for x in links}
    stated = {(x.event, x.responds_to) for x in links}
    found = infer(table, LinkParams(min_confidence=0.0), existing)
    pairs = {(table.ids[a], table.ids[b]) for a, b in zip(found.i, found.j, strict=True)}
    assert not pairs & stated
    assert not pairs & {(b, a) for a, b in stated}
    assert not {a for a, _ in pairs} & answering  # explained events get no inferred link
    more = infer(table, LinkParams(min_confidence=0.0, also_explained=True), existing)
    more_pairs = {(table.ids[a], table.ids[b]) for a, b in zip(more.i, more.j, strict=True)}
    assert not more_pairs & stated
    assert {a for a, _ in more_pairs} & answering


@covers("link_events", "link_roles", "link_actors")
def test_table_from_the_graph_equals_the_table_from_records(
    store: GraphStore, bundled: list[Dataset]
) -> None:
    store.write(bundled)
    from_graph = read_table(store)
    from_records, _ = seed_table()
    order = [from_records.ids.index(e) for e in from_graph.ids]
    assert from_graph.ids == [from_records.ids[k] for k in order]
    for column in ("t", "half", "lat", "lon", "killed", "injured", "munitions"):
        np.testing.assert_array_equal(
            getattr(from_graph, column), getattr(from_records, column)[order], err_msg=column
        )
    np.testing.assert_array_equal(from_graph.kind, from_records.kind[order])
    assert from_graph.actors.ids == from_records.actors.ids
    np.testing.assert_array_equal(from_graph.perp, from_records.perp[order])
    np.testing.assert_array_equal(from_graph.target, from_records.target[order])


def _links(store: GraphStore) -> list[dict[str, object]]:
    return queries.run(store, "link_existing")


@covers("link_existing")
def test_link_is_idempotent_and_leaves_stated_links_alone(
    store: GraphStore, bundled: list[Dataset]
) -> None:
    store.write(bundled)
    stated_before = [r for r in _links(store) if r["basis"] != "inferred"]
    params = LinkParams(also_explained=True)
    first = run_link(store, params)
    assert first.written is not None
    assert first.written.created["RESPONDS_TO"] == len(first.proposed)
    assert len(first.proposed) >= 1
    snap = store.snapshot()
    second = run_link(store, params)
    assert store.snapshot() == snap
    assert second.written is not None
    assert second.written.created["RESPONDS_TO"] == 0
    links = _links(store)
    assert [r for r in links if r["basis"] != "inferred"] == stated_before
    inferred = [r for r in links if r["basis"] == "inferred"]
    assert len(inferred) == len(first.proposed)
    for r in inferred:
        assert r["method"] == params.method
        assert 0.0 <= float(str(r["confidence"])) <= 1.0
        assert "p_hawkes" in str(r["components"])
        assert "distance" in str(r["components"])


def test_link_recovers_hidden_seed_links_in_the_graph(
    store: GraphStore, bundled: list[Dataset]
) -> None:
    reference, curated = bundled
    store.write([reference, curated.model_copy(update={"links": []})])
    run = run_link(store, LinkParams())
    true = {(x.event, x.responds_to) for x in curated.links}
    found = {(x.event, x.responds_to) for x in run.proposed}
    assert len(found & true) >= 9
    assert len(found - true) <= 1
    rows = {(r["event"], r["responds_to"]): r for r in _links(store)}
    assert set(rows) == found
    one = next(x for x in run.proposed if x.lag_hours)
    row = rows[(one.event, one.responds_to)]
    assert row["lag_hours"] == one.lag_hours
    assert row["confidence"] == one.confidence


def test_a_stated_link_added_later_wins_over_an_inferred_one(
    store: GraphStore, bundled: list[Dataset]
) -> None:
    reference, curated = bundled
    store.write([reference, curated.model_copy(update={"links": []})])
    run = run_link(store, LinkParams())
    pair = run.proposed[0]
    stated = ResponseLink(event=pair.event, responds_to=pair.responds_to, basis="stated", cue="ردا")
    store.write(Dataset(links=[stated]))
    again = run_link(store, LinkParams())
    assert (pair.event, pair.responds_to) not in {(x.event, x.responds_to) for x in again.proposed}
    row = next(
        r for r in _links(store) if (r["event"], r["responds_to"]) == (pair.event, pair.responds_to)
    )
    assert row["basis"] == "stated"
    assert row["components"] is None
