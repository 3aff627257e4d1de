"""The score: bounds, calibration on fresh synthetic data, and the evaluation numbers.

The numbers asserted here are the ones reported in docs/linking.md.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tatgraph.link import score
from tatgraph.link.evaluate import (
    REFERENCE_CONFIG,
    expected_calibration_error,
    fit_calibration,
    labelled_candidates,
    reliability,
    seed_recovery,
    synthetic_recovery,
)
from tatgraph.link.infer import LinkParams
from tatgraph.link.synthetic import SynthConfig, generate

finite = st.floats(min_value=0.0, max_value=1e7, allow_nan=False)
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(lag=finite, km=st.one_of(finite, st.just(float("nan"))), actor=unit, kind=unit)
def test_every_score_is_in_the_unit_interval(
    lag: float, km: float, actor: float, kind: float
) -> None:
    parts = score.components_from_values(
        lag_hours=np.array([lag]), km=np.array([km]), actor=np.array([actor]), kind=np.array([kind])
    )
    for name, value in parts.items():
        assert 0.0 <= value[0] <= 1.0, name
    assert 0.0 <= score.confidence(parts)[0] <= 1.0
    assert 0.0 <= score.raw_score(parts)[0] <= 1.0


def test_more_evidence_never_lowers_the_confidence() -> None:
    base = {
        "lag_hours": np.array([24.0]),
        "km": np.array([50.0]),
        "actor": np.array([0.5]),
        "kind": np.array([0.6]),
    }
    c0 = score.confidence(score.components_from_values(**base))[0]
    for name, better in (("lag_hours", 2.0), ("km", 5.0), ("actor", 1.0), ("kind", 1.0)):
        c1 = score.confidence(score.components_from_values(**(base | {name: np.array([better])})))[
            0
        ]
        assert c1 > c0, name


@pytest.fixture(scope="module")
def fresh() -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Labelled candidates from a synthetic set the coefficients were not fitted on."""
    return labelled_candidates(generate(SynthConfig(n_events=60_000, seed=99)))


def test_confidence_is_calibrated_on_fresh_synthetic_data(
    fresh: tuple[dict[str, np.ndarray], np.ndarray],
) -> None:
    parts, labels = fresh
    conf = score.confidence(parts)
    assert expected_calibration_error(conf, labels) < 0.02
    for low, high, count, share in reliability(conf, labels, bins=5):
        if count >= 500:
            assert low - 0.05 <= share <= high + 0.05, (low, high, share)


def test_stored_coefficients_are_what_the_reference_configuration_gives() -> None:
    refit = fit_calibration(generate(REFERENCE_CONFIG))
    for name, value in score.COEF.items():
        assert refit[name] == pytest.approx(value, abs=0.01), name


def test_seed_recovery_numbers() -> None:
    """docs/linking.md: hidden seed links recovered at the default threshold and others.

    The issue-12 target, precision >= 0.9 at recall >= 0.8, is met at the default (0.3):
    12 of 13 proposed links are true, 12 of the 14 hidden links found."""
    default = seed_recovery(LinkParams())
    m = default.metrics
    assert (m.hits, m.predicted, m.true) == (12, 13, 14)
    assert m.precision >= 0.9
    assert m.recall >= 0.8
    # missed: two answers a week after the border strikes of June 2021, where the
    # coalition's artillery of the evening after them is nearer in time and place
    assert set(default.missed) == {
        ("ev_2021_07_03_conoco_mortars", "ev_2021_06_27_syria_iraq_border_us_airstrikes"),
        ("ev_2021_07_04_al_omar_rockets", "ev_2021_06_27_syria_iraq_border_us_airstrikes"),
    }
    # the one wrong link: rockets of the 25th answering the helicopter strikes of the evening
    # before (the report ties them to the strikes of 22-24 August, also proposed)
    assert default.spurious == (
        ("ev_2022_08_25_conoco_rockets", "ev_2022_08_24_al_mayadin_us_helicopter_strikes"),
    )
    # the same from 0.1 to 0.35; a stricter threshold loses the answers 89 and 243 km away
    for threshold, want in ((0.1, (12, 13)), (0.35, (12, 13)), (0.5, (10, 11))):
        got = seed_recovery(LinkParams(min_confidence=threshold)).metrics
        assert (got.hits, got.predicted) == want, threshold
    hawkes = seed_recovery(LinkParams(confidence="hawkes"))
    assert (hawkes.metrics.hits, hawkes.metrics.predicted) == (9, 11)


def test_synthetic_recovery_at_the_reference_density() -> None:
    syn = generate(SynthConfig(n_events=50_000, seed=5))
    metrics, found = synthetic_recovery(syn, LinkParams())
    assert metrics.precision > 0.47
    assert metrics.recall > 0.58
    # calibrated: the mean confidence of what is proposed is close to its precision
    assert abs(float(found.confidence.mean()) - metrics.precision) < 0.05
