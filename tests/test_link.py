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
from tatgraph.link import score
from tatgraph.link.candidates import candidate_pairs
from tatgraph.link.evaluate import seed_table
from tatgraph.link.graphio import read_table, run_link
from tatgraph.link.infer import LinkParams, infer
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
    # one PART_OF hop on each side; an unnamed role is no evidence either way
    assert actor[("answer", "strike")] == pytest.approx(score.RELATED_EVIDENCE)
    assert actor[("unnamed", "strike")] == pytest.approx(np.sqrt(score.UNNAMED_EVIDENCE))


def test_a_responder_must_have_been_hit(reference: Reference) -> None:
    """Issue 12: an empty role matches nobody; a clash hits each of its parties only."""
    table = _table(
        reference,
        [
            # ACLED's clash: both parties perpetrators, no target
            ("clash", 0, "ground_clash", ["pmf", "isis"], [], OMAR),
            ("coalition_on_is", 20, "airstrike", ["coalition_oir"], ["isis"], OMAR),
            ("pmf_on_is", 22, "artillery_shelling", ["pmf"], ["isis"], OMAR),
            ("is_on_pmf", 24, "ied", ["isis"], ["pmf"], OMAR),
            ("army_is_clash", 30, "ground_clash", ["iraqi_security_forces", "isis"], [], OMAR),
            ("unknown_on_us", 40, "rocket_attack", [], ["us_forces"], CONOCO),
            ("us_answers", 50, "airstrike", ["us_forces"], ["kataib_hezbollah"], CONOCO),
            ("us_on_nobody", 60, "airstrike", ["us_forces"], [], CONOCO),
            ("kh_on_us", 70, "rocket_attack", ["kataib_hezbollah"], ["us_forces"], CONOCO),
        ],
    )
    assert table.two_sided.tolist() == [True, False, False, False, True] + [False] * 4
    pairs = _pairs(table)
    assert ("coalition_on_is", "clash") not in pairs  # the coalition was not in the clash
    assert ("pmf_on_is", "clash") in pairs  # the PMF was
    assert ("is_on_pmf", "clash") in pairs  # and so was IS
    # IS, shelled by the PMF, then fights the Iraqi army: not an answer to the PMF
    assert ("army_is_clash", "pmf_on_is") not in pairs
    assert ("army_is_clash", "clash") not in pairs  # IS hits the army, the PMF is not hit
    # an unnamed attacker of a known target may be answered by that target
    assert ("us_answers", "unknown_on_us") in pairs
    # a strike naming no target answers nothing, and nothing answers it
    assert not any("us_on_nobody" in p for p in pairs)
    assert ("kh_on_us", "us_answers") in pairs
    found = infer(table, LinkParams(min_confidence=0.0))
    hit = {(table.ids[a], table.ids[b]) for a, b in zip(found.i, found.j, strict=True)}
    assert hit <= pairs | {(b, a) for a, b in pairs}


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


KHARAB_AL_JIR = (36.898, 41.998)
DEIR_EZ_ZOR_AIRPORT = (35.285, 40.176)


def test_an_air_answer_243_km_away_is_proposed(reference: Reference) -> None:
    """A drone hits a US base; 12 hours later US aircraft strike the attackers' depot 243 km
    away. An airstrike is aimed at the other side's assets wherever they are in the theatre:
    proposed at the default threshold. A ground raid that far away is not: ground answers
    are fought where the sides meet."""
    rows: list[Row] = [
        ("drone", 0, "drone_attack", ["kataib_hezbollah"], ["us_forces"], KHARAB_AL_JIR),
        ("strikes", 12, "airstrike", ["us_forces"], ["kataib_hezbollah"], DEIR_EZ_ZOR_AIRPORT),
    ]
    table = _table(reference, rows)
    km = score.haversine_km(table.lat[:1], table.lon[:1], table.lat[1:], table.lon[1:])[0]
    assert km == pytest.approx(243, abs=1)
    found = infer(table, LinkParams())
    assert [(table.ids[a], table.ids[b]) for a, b in zip(found.i, found.j, strict=True)] == [
        ("strikes", "drone")
    ]
    assert found.confidence[0] >= LinkParams().min_confidence
    assert found.parts["distance"][0] == pytest.approx(np.exp(-((km / score.THEATRE_KM) ** 2)))
    raid = _table(reference, [rows[0], ("raid", 12, "raid", *rows[1][3:])])
    assert len(infer(raid, LinkParams())) == 0
    assert len(infer(raid, LinkParams(min_confidence=0.0))) == 1  # a candidate, scored low


def _brute_force(table: EventTable, window: float) -> set[tuple[str, str]]:
    """Every candidate pair by definition (no index, no caps): a party the earlier event
    hit made the later one (or its perpetrator is unnamed), and the later event hits the
    earlier perpetrator (or that one is unnamed); empty targets never match; not both
    wildcards. Equal midpoints: the pair once, as (later index, earlier index)."""
    ps, ts = table.role_parties("perp"), table.role_parties("target")

    def parties(row: np.ndarray) -> set[int]:
        named = {int(s) for s in row if s >= 0}
        return named or {-1}

    def rows(e: int) -> set[tuple[int, int]]:
        out = {(p, t) for p in parties(ps[e]) for t in parties(ts[e])}
        return {(p, t) for p, t in out if p != t} if table.two_sided[e] else out

    out = set()
    for i in range(len(table)):
        for j in range(len(table)):
            lag = table.t[i] - table.t[j]
            if i == j or lag < 0 or lag > window or (lag == 0 and i < j):
                continue
            for pi, ti in rows(i):
                for pj, tj in rows(j):
                    if ti < 0 or tj < 0 or (pi < 0 and pj < 0):
                        continue
                    if (pi < 0 or pi == tj) and (pj < 0 or pj == ti):
                        out.add((table.ids[i], table.ids[j]))
    return out


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_candidates_equal_the_definition(reference: Reference, seed: int) -> None:
    """With a cell covering the globe and no cap, the index finds exactly the definition."""
    rng = np.random.default_rng(seed)
    pool = [
        "us_forces",
        "centcom",
        "kataib_hezbollah",
        "pmf",
        "sdf",
        "isis",
        "iraqi_security_forces",
        "sohr",
    ]
    rows = []
    for k in range(60):
        perps = list(rng.choice(pool, size=int(rng.integers(0, 3)), replace=False))
        targets = list(rng.choice(pool, size=int(rng.integers(0, 3)), replace=False))
        site = (
            None if rng.random() < 0.2 else (float(rng.uniform(30, 37)), float(rng.uniform(36, 44)))
        )
        kind = "ground_clash" if rng.random() < 0.2 else "rocket_attack"
        rows.append((f"e{k}", float(rng.integers(0, 400)), kind, perps, targets, site))
    table = _table(reference, rows)
    assert table.two_sided.any()
    params = LinkParams(window_hours=72, cell_degrees=180.0, max_candidates=10_000)
    assert _pairs(table, params) == _brute_force(table, 72)
    small_chunks = candidate_pairs(table, params, chunk_rows=7)
    assert {(table.ids[a], table.ids[b]) for a, b in zip(*small_chunks, strict=True)} == (
        _brute_force(table, 72)
    )
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
    # issue 12: no proposed link whose responder the answered event never hit
    found = infer(table, LinkParams(window_hours=72, min_confidence=0.0, max_links=50))
    ps, ts = table.role_parties("perp"), table.role_parties("target")
    for a, b in zip(found.i.tolist(), found.j.tolist(), strict=True):
        responders = {int(x) for x in ps[a] if x >= 0}
        hit = {int(x) for x in ts[b] if x >= 0}
        assert hit, (table.ids[a], table.ids[b])  # the answered event hit someone
        assert not responders or responders & hit, (table.ids[a], table.ids[b])


def test_no_self_links_no_later_links_and_no_cycles(reference: Reference) -> None:
    """Many events share a window; links whose order is known point back, the others are
    marked as such, and no cycle forms."""
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
    known = found.order_known
    assert 0 < known.sum() < len(known)
    assert (table.start[found.i[known]] >= table.end[found.j[known]]).all()
    overlap = ~known
    assert (table.start[found.i[overlap]] < table.end[found.j[overlap]]).all()
    assert (found.parts["p_order"][known] == 1.0).all()
    assert (found.parts["p_order"][overlap] < 1.0).all()
    graph = nx.DiGraph(zip(found.i.tolist(), found.j.tolist(), strict=True))
    assert nx.is_directed_acyclic_graph(graph)
    assert np.bincount(found.i).max() <= 5


def test_same_window_direction_follows_the_chain_and_the_order_stays_unknown(
    reference: Reference,
) -> None:
    """The seed's 2021-06-28 exchange: rockets and artillery reported for the same evening.
    The rockets answer the border strikes of the day before, so the artillery more likely
    answers them than the reverse -- but the dates do not order them, and the link says so."""
    table, _ = seed_table()
    found = infer(table, LinkParams(min_confidence=0.3))
    pairs = zip(found.i.tolist(), found.j.tolist(), strict=True)
    rows = {(table.ids[a], table.ids[b]): k for k, (a, b) in enumerate(pairs)}
    rockets, artillery = (
        "ev_2021_06_28_al_omar_rockets",
        "ev_2021_06_28_al_mayadin_coalition_artillery",
    )
    k = rows[(artillery, rockets)]
    assert (rockets, artillery) not in rows
    assert not found.order_known[k]
    assert 0.5 < found.parts["p_order"][k] < 0.8
    assert found.confidence[k] == pytest.approx(
        found.parts["p_score"][k] * found.parts["p_order"][k]
    )
    assert (found.lag_min[k], found.lag_max[k]) == (0.0, 6.0)  # the same 6-hour evening
    assert found.lag_hours[k] == pytest.approx(2.0)  # expected, given that order


def test_same_day_events_with_no_lead_either_way_are_not_linked(reference: Reference) -> None:
    """Two events of the same day, roles reversed, nothing else: either may have come first,
    and nothing says which. Neither direction is proposed, at any threshold; the evaluation
    scores both ways, each with the order's probability 0.5."""
    day = [
        ("shelling", 0, "artillery_shelling", ["us_forces"], ["kataib_hezbollah"], OMAR),
        ("rockets", 0, "rocket_attack", ["kataib_hezbollah"], ["us_forces"], OMAR),
    ]
    table = EventTable.build(
        ids=[r[0] for r in day],
        starts=[T0] * 2,
        ends=[T0 + timedelta(hours=24)] * 2,
        coords=[r[5] for r in day],
        kinds=[r[2] for r in day],
        perpetrators=[r[3] for r in day],
        targets=[r[4] for r in day],
        killed=[None] * 2,
        injured=[None] * 2,
        munitions=[{}] * 2,
        actors=ActorIndex.from_actors(reference.actors.values()),
    )
    found = infer(table, LinkParams(min_confidence=0.0))
    assert len(found) == 0
    assert (found.unordered, found.undecided) == (1, 1)
    every = infer(table, LinkParams(), every_pair=True)
    assert len(every) == 2  # both ways, for the evaluation
    assert not every.order_known.any()
    assert every.parts["p_order"] == pytest.approx([0.5, 0.5])
    assert (every.confidence <= 0.5).all()
    assert every.lag_min.tolist() == [0.0, 0.0]
    assert every.lag_max.tolist() == [24.0, 24.0]


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
    assert len(found & true) >= 8
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
