"""Evaluation against reference links (issue 12): the metrics mean what they say."""

from __future__ import annotations

import numpy as np
import pytest

from tatgraph.link.assess import assess
from tatgraph.link.baselines import hawkes_fit, nearest_reversed
from tatgraph.link.evaluate import seed_recovery, seed_table
from tatgraph.link.infer import LinkParams
from tatgraph.link.metrics import brier, expected_calibration_error


def _reference() -> list[tuple[int, int]]:
    table, links = seed_table()
    index = {e: k for k, e in enumerate(table.ids)}
    return [(index[x.event], index[x.responds_to]) for x in links]


def test_seed_table_agrees_with_seed_recovery() -> None:
    table, _ = seed_table()
    result = assess(table, _reference(), LinkParams())
    ours = result.methods[0]
    recovered = seed_recovery(LinkParams()).metrics
    assert (ours.hits, ours.proposed, ours.true) == (
        recovered.hits,
        recovered.predicted,
        recovered.true,
    )
    assert result.covered == 14  # every hidden link is a candidate pair


def test_a_yes_no_method_has_brier_and_ece_equal_to_its_error_rate() -> None:
    """The heuristic gives 1 to its links and 0 elsewhere: each wrong pair costs 1."""
    table, _ = seed_table()
    result = assess(table, _reference(), LinkParams(), hawkes=False)
    heuristic = next(m for m in result.methods if m.name == "nearest reversed dyad")
    errors = (heuristic.proposed - heuristic.hits) + (heuristic.true - heuristic.hits)
    assert heuristic.brier == pytest.approx(errors / result.pairs)
    assert heuristic.ece == pytest.approx(errors / result.pairs)


def test_the_heuristic_answers_the_nearest_earlier_reversed_dyad() -> None:
    table, _ = seed_table()
    i, j = nearest_reversed(table, 336.0)
    pairs = {(table.ids[a], table.ids[b]) for a, b in zip(i.tolist(), j.tolist(), strict=True)}
    # the unnamed rockets of 24 March 2023 answer the US strikes of the night before
    assert (
        "ev_2023_03_24_conoco_rockets",
        "ev_2023_03_23_deir_ez_zor_airport_us_airstrikes",
    ) in pairs
    # the week-later rockets of 4 July 2021: the nearest reversed dyad is the artillery
    assert (
        "ev_2021_07_04_al_omar_rockets",
        "ev_2021_06_28_al_mayadin_coalition_artillery",
    ) in pairs
    assert (table.t[i] > table.t[j]).all()


def test_metrics_by_hand() -> None:
    conf = np.array([0.9, 0.8, 0.1, 0.2])
    labels = np.array([True, False, False, True])
    assert brier(conf, labels) == pytest.approx((0.01 + 0.64 + 0.01 + 0.64) / 4)
    # bands [0.1, 0.2): 0.1 vs 0; [0.2, 0.3): 0.2 vs 1; [0.8, 0.9): 0.8 vs 0; [0.9, 1]: 0.9 vs 1
    assert expected_calibration_error(conf, labels) == pytest.approx((0.1 + 0.8 + 0.8 + 0.1) / 4)


def test_hawkes_probabilities_do_not_depend_on_the_event_order() -> None:
    table, _ = seed_table()
    fit = hawkes_fit(table)
    order = np.arange(len(table))[::-1]
    shuffled = type(table)(
        ids=[table.ids[k] for k in order],
        t=table.t[order],
        half=table.half[order],
        lat=table.lat[order],
        lon=table.lon[order],
        kind=table.kind[order],
        perp=table.perp[order],
        target=table.target[order],
        killed=table.killed[order],
        injured=table.injured[order],
        munitions=table.munitions[order],
        actors=table.actors,
        two_sided=table.two_sided[order],
    )
    again = hawkes_fit(shuffled)
    np.testing.assert_allclose(again.fit.alpha, fit.fit.alpha)
    assert again.fit.beta == pytest.approx(fit.fit.beta)
