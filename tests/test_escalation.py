"""Escalation measures: intensity, steps, chains and dyads (seed data, hand-checked)."""

from __future__ import annotations

import numpy as np
import pytest

from tatgraph.graph.store import GraphStore
from tatgraph.link.evaluate import seed_table
from tatgraph.link.graphio import escalation_report
from tatgraph.link.measures import (
    BASE_INTENSITY,
    ChainMeasures,
    chain_measures,
    dyad_measures,
    intensities,
    intensity,
    link_rows,
    step_kind,
)
from tatgraph.link.table import KINDS
from tatgraph.model import Dataset
from tatgraph.vocab import Kind


def test_intensity_formula() -> None:
    assert intensity("airstrike") == 6.0
    # 7 killed (log2 8 = 3), 7 injured (0.25 * 3), 7 rockets (0.25 * 3)
    assert intensity("airstrike", killed=7, injured=7, munitions=7) == 6.0 + 3.0 + 0.75 + 0.75
    assert intensity("intercept", killed=None) == 1.0
    assert set(BASE_INTENSITY) == set(Kind)
    assert BASE_INTENSITY[Kind.INTERCEPT] < BASE_INTENSITY[Kind.ROCKET_ATTACK]
    assert BASE_INTENSITY[Kind.ROCKET_ATTACK] < BASE_INTENSITY[Kind.AIRSTRIKE]


def test_vectorised_intensity_matches_the_scalar_one() -> None:
    table, _ = seed_table()
    values = intensities(table)
    for k in range(len(table)):
        killed = None if np.isnan(table.killed[k]) else float(table.killed[k])
        injured = None if np.isnan(table.injured[k]) else float(table.injured[k])
        want = intensity(KINDS[table.kind[k]], killed, injured, float(table.munitions[k]))
        assert values[k] == pytest.approx(want)


@pytest.mark.parametrize(
    ("answered", "answer", "kind"),
    [(3.0, 4.0, "level"), (3.0, 4.01, "escalation"), (6.0, 3.5, "de-escalation"), (5, 5, "level")],
)
def test_step_kinds(answered: float, answer: float, kind: str) -> None:
    assert step_kind(answered, answer) == kind


def _seed_chains() -> list[ChainMeasures]:
    table, links = seed_table()
    rows = link_rows(table, [(x.event, x.responds_to, x.basis.value, x.confidence) for x in links])
    return chain_measures(table, rows)


def test_seed_chains() -> None:
    chains = {c.first_event: c for c in _seed_chains()}
    assert set(chains) == {
        "ev_2021_06_27_syria_iraq_border_us_airstrikes",
        "ev_2022_08_23_ayyash_us_airstrikes",
        "ev_2023_03_23_kharab_al_jir_drone",
    }
    march = chains["ev_2023_03_23_kharab_al_jir_drone"]
    assert (march.events, march.links, march.length) == (6, 5, 2)
    # drone 10:00-11:00 UTC on the 23rd; rockets reported for the 24th, 14:00-02:00 UTC
    assert march.duration_hours == 30.5
    assert march.lags == [11.5, 19.0, 19.0, 19.0, 19.0]
    assert march.path_sides == ["iran_aligned", "us_coalition", "unidentified"]
    # the US strikes (7 killed, 7 injured) escalate the drone attack; every answer de-escalates
    assert (march.escalations, march.de_escalations, march.level) == (1, 4, 0)
    assert march.peak_intensity == 9.75
    assert march.bases == {"coded": 4, "stated": 1}
    august = chains["ev_2022_08_23_ayyash_us_airstrikes"]
    assert august.path_sides == ["us_coalition", "iran_aligned", "us_coalition"]
    assert august.duration_hours == 33.0
    june = chains["ev_2021_06_27_syria_iraq_border_us_airstrikes"]
    assert june.duration_hours == 168.0
    assert june.lags == [0.0, 32.0, 144.0, 168.0]


def test_seed_dyads() -> None:
    table, links = seed_table()
    rows = link_rows(table, [(x.event, x.responds_to, x.basis.value, x.confidence) for x in links])
    dyads = {(d.answered_side, d.answering_side): d.row() for d in dyad_measures(table, rows)}
    assert set(dyads) == {
        ("us_coalition", "iran_aligned"),
        ("us_coalition", "unidentified"),
        ("iran_aligned", "us_coalition"),
    }
    militia = dyads[("us_coalition", "iran_aligned")]
    assert militia["links"] == 5
    assert (militia["lag_min"], militia["lag_median"], militia["lag_max"]) == (23.0, 32.0, 168.0)
    us = dyads[("iran_aligned", "us_coalition")]
    assert us["lag_median"] == 0.0
    assert us["escalations"] == 3


def test_filters_by_basis_and_confidence() -> None:
    table, links = seed_table()
    raw = [(x.event, x.responds_to, x.basis.value, x.confidence) for x in links]
    assert len(link_rows(table, raw, bases=["stated"])) == 9
    assert len(link_rows(table, raw, bases=["coded"])) == 5
    assert link_rows(table, raw, min_confidence=1.01) == []
    outside = [("not_an_event", raw[0][1], "stated", 1.0)]
    assert link_rows(table, outside) == []


def test_escalation_report_from_the_graph(store: GraphStore, bundled: list[Dataset]) -> None:
    store.write(bundled)
    report = escalation_report(store, hawkes=True)
    assert [c.first_event for c in report.chains] == [c.first_event for c in _seed_chains()]
    assert report.hawkes is not None
    data = report.as_dict()
    assert set(data) == {"chains", "dyads", "hawkes"}
    assert all(d.row()["hawkes_branching"] is not None for d in report.dyads)
    only_coded = escalation_report(store, bases=["coded"])
    assert sum(c.links for c in only_coded.chains) == 5
