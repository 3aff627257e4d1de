"""Distance evidence fitted on the graph (tatgraph.link.distfit): where it applies, what it
learns, and where the calibrated terms stay."""

from __future__ import annotations

import numpy as np
import pytest

from tatgraph.link import distfit, score
from tatgraph.link.candidates import CandidateIndex
from tatgraph.link.evaluate import seed_table
from tatgraph.link.infer import LinkParams, infer
from tatgraph.link.synthetic import SynthConfig, generate


def _precision_recall(found_i: np.ndarray, found_j: np.ndarray, syn: object) -> tuple[float, float]:
    n = len(syn.table)  # type: ignore[attr-defined]
    ti, tj = syn.truth()  # type: ignore[attr-defined]
    truth = ti.astype(np.int64) * n + tj
    hits = int(np.isin(found_i.astype(np.int64) * n + found_j, truth).sum())
    return hits / max(len(found_i), 1), hits / len(ti)


@pytest.fixture(scope="module")
def near() -> object:
    """Synthetic theatres whose answers land near what they answer."""
    return generate(SynthConfig(n_events=30_000, seed=7, placement="near"))


def test_where_answers_land_near_the_fitted_distance_finds_more_of_them(near: object) -> None:
    params = LinkParams(min_confidence=0.5)
    table = near.table  # type: ignore[attr-defined]
    fitted = infer(table, params)
    calibrated = infer(table, params, fit_distance=False)
    p_fit, r_fit = _precision_recall(fitted.i, fitted.j, near)
    p_cal, r_cal = _precision_recall(calibrated.i, calibrated.j, near)
    assert r_fit > r_cal + 0.1
    assert p_fit > p_cal
    # the link records the confidence it was proposed with
    assert np.allclose(fitted.parts["p_score"] * fitted.parts["p_order"], fitted.confidence)


def test_fitted_terms_fall_with_distance_on_near_answers(near: object) -> None:
    table = near.table  # type: ignore[attr-defined]
    scorer = score.Scorer(table)
    index = CandidateIndex.build(table, LinkParams())
    pairs_i, pairs_j = index.search(*index.bounds()[0])
    assert len(pairs_i) > distfit.MIN_PAIRS
    km = scorer.km(pairs_i, pairs_j)
    theatre = scorer.theatre[pairs_i]
    calibrated = scorer.calibrated_distance(km, theatre).astype(np.float64)
    logit = scorer.logit(pairs_i, pairs_j, table.t[pairs_i] - table.t[pairs_j])
    fit = distfit.fit(logit - calibrated, calibrated, km, theatre, min_pairs=500)
    assert fit.fitted.all()
    near_bin, far_bin = distfit.distance_bin(np.array([5.0, 150.0]))
    for c in (0, 1):
        assert fit.table[c, near_bin] > fit.table[c, far_bin] + 2.0
    # theatre-reach answers: place now says far more than the calibrated (flat) kernel
    flat = scorer.calibrated_distance(np.array([5.0, 150.0], np.float32), np.ones(2, bool))
    assert fit.table[1, near_bin] - fit.table[1, far_bin] > 3 * float(flat[0] - flat[1])


def test_a_crafted_sample_gives_the_ratio_of_its_distances() -> None:
    """Background pairs spread over 0-400 km, answers within 10 km; the other evidence
    leans the right way for each (calibrated distance term flat): the fitted term is high
    near and low far, and a bin no pair fell in (unknown site) keeps the calibrated term.
    Without other evidence the posterior weighs every pair alike and distance says
    nothing."""
    rng = np.random.default_rng(1)
    answers, background = 3000, 30000
    km = np.concatenate([rng.uniform(0, 10, answers), rng.uniform(0, 400, background)])
    theatre = np.ones(len(km), dtype=bool)
    rest = np.concatenate([rng.normal(0.0, 1.5, answers), rng.normal(-4.0, 1.5, background)])
    flat = np.zeros(len(km))
    fit = distfit.fit(rest, flat, km, theatre)
    assert fit.fitted.tolist() == [False, True]
    assert fit.pairs.tolist() == [0, len(km)]
    near_bin, far_bin, unknown = distfit.distance_bin(np.array([3.0, 300.0, np.nan]))
    assert fit.table[1, near_bin] > 2.0
    assert fit.table[1, far_bin] < -0.5
    # one step weighs pairs by the calibrated posterior; EM to its fixed point sharpens it
    sharp = distfit.fit(rest, flat, km, theatre, steps=50)
    assert sharp.table[1, far_bin] < fit.table[1, far_bin] - 1.0
    assert np.isnan(fit.table[1, unknown])
    blind = distfit.fit(np.full(len(km), -2.0), flat, km, theatre, steps=20)
    assert np.nanmax(np.abs(blind.table[1])) < 1e-6


def test_too_few_pairs_keep_the_calibrated_terms() -> None:
    """The seed graph (22 events, 28 candidate pairs) is scored as calibrated."""
    table, _known = seed_table()
    fitted = infer(table, LinkParams())
    calibrated = infer(table, LinkParams(), fit_distance=False)
    assert fitted.i.tolist() == calibrated.i.tolist()
    assert fitted.j.tolist() == calibrated.j.tolist()
    assert np.array_equal(fitted.confidence, calibrated.confidence)
    rng = np.random.default_rng(0)
    few = distfit.MIN_PAIRS - 1
    fit = distfit.fit(
        np.zeros(few), np.zeros(few), rng.uniform(0, 100, few), np.ones(few, dtype=bool)
    )
    assert not fit.fitted.any()
