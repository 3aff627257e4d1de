"""The event model: time windows, casualty ranges, claims and links."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tatgraph.graph.cypher_text import count_statements
from tatgraph.model import (
    Claim,
    Event,
    ResponseLink,
    Source,
    casualty_range,
    lag_hours,
    local_day_window,
    stable_id,
)
from tatgraph.vocab import PartOfDay

T0 = datetime(2023, 3, 23, 10, tzinfo=UTC)


def event(**kw: object) -> Event:
    data: dict[str, object] = {
        "id": "ev",
        "kind": "drone_attack",
        "start": T0,
        "end": T0 + timedelta(hours=1),
        "precision": "hour",
        "summary": "x",
    }
    data.update(kw)
    return Event.model_validate(data)


def claim(**kw: object) -> Claim:
    data: dict[str, object] = {"id": stable_id("clm", *kw.values()), "event": "ev", "source": "s"}
    data.update(kw)
    return Claim.model_validate(data)


def test_local_day_is_converted_to_utc_across_the_2022_zone_change() -> None:
    # Syria kept UTC+3 all year from late 2022; in summer 2021 it was also UTC+3, in winter +2
    assert local_day_window(date(2021, 6, 28))[0].isoformat() == "2021-06-27T21:00:00+00:00"
    assert local_day_window(date(2021, 1, 10))[0].isoformat() == "2021-01-09T22:00:00+00:00"
    assert local_day_window(date(2023, 1, 10))[0].isoformat() == "2023-01-09T21:00:00+00:00"


def test_night_runs_past_midnight() -> None:
    start, end = local_day_window(date(2022, 8, 24), part=PartOfDay.NIGHT)
    assert (end - start) == timedelta(hours=10)
    assert start.isoformat() == "2022-08-24T17:00:00+00:00"


def test_window_must_fit_the_precision() -> None:
    with pytest.raises(ValidationError, match="too long for precision 'hour'"):
        event(end=T0 + timedelta(hours=3))
    with pytest.raises(ValidationError, match="must be after start"):
        event(end=T0)


def test_naive_times_are_taken_as_utc() -> None:
    e = event(start=datetime(2023, 3, 23, 10), end=datetime(2023, 3, 23, 11))
    assert e.start == T0
    assert e.start.tzinfo is not None


def test_casualties_from_conflicting_claims() -> None:
    src = {"s": Source(id="s", outlet="o", published=T0)}
    claims = [
        claim(killed=7, injured=7, claimant="iranian_advisers"),
        claim(killed=11, claimant="sohr"),
        claim(killed=20, hedged=True, claimant="local_sources"),
        claim(killed=0, claimant="centcom"),
    ]
    e = event().with_claims(claims, src)
    assert (e.killed_low, e.killed_best, e.killed_high) == (0, 7, 20)
    assert (e.injured_low, e.injured_best, e.injured_high) == (7, 7, 7)
    assert e.first_reported == T0


def test_only_hedged_figures_still_give_a_range() -> None:
    e = event().with_claims([claim(killed=2, hedged=True)], {})
    assert (e.killed_low, e.killed_best, e.killed_high) == (2, 2, 2)


def test_no_figures_leave_casualties_unknown_not_zero() -> None:
    e = event().with_claims([claim(munitions={"drones": 2})], {})
    assert e.killed_best is None
    assert e.munitions == {"drones": 2}


def test_explicit_no_casualties_is_zero() -> None:
    e = event().with_claims([claim(killed=0, injured=0)], {})
    assert (e.killed_best, e.injured_high) == (0, 0)


def test_munitions_prefer_unhedged_counts() -> None:
    claims = [claim(munitions={"rockets": 9}, hedged=True), claim(munitions={"rockets": 4})]
    assert event().with_claims(claims, {}).munitions == {"rockets": 4}


def test_unknown_munition_type_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown munition type"):
        claim(munitions={"rockts": 2})


def test_link_cannot_point_at_itself() -> None:
    with pytest.raises(ValidationError, match="cannot respond to itself"):
        ResponseLink(event="a", responds_to="a", basis="stated")


def test_lag_is_midpoint_to_midpoint() -> None:
    a = event(id="a")
    b = event(id="b", start=T0 + timedelta(hours=12), end=T0 + timedelta(hours=13))
    assert lag_hours(b, a) == 12.0


def test_ids_are_stable_and_safe() -> None:
    assert stable_id("clm", "a", 1) == stable_id("clm", "a", 1) != stable_id("clm", "a", 2)
    with pytest.raises(ValidationError):
        event(id="bad id with spaces")


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1))
def test_casualty_range_is_ordered_and_uses_given_figures(figures: list[int]) -> None:
    low, best, high = casualty_range(figures)
    assert low <= best <= high
    assert best in figures


_ATOM = st.text(alphabet=st.characters(blacklist_characters=";'\"`/\\"), min_size=1).filter(
    lambda s: s.strip() != ""
)


@given(st.lists(_ATOM, min_size=1, max_size=5), st.text(alphabet="; \n", max_size=3))
def test_statement_count(parts: list[str], tail: str) -> None:
    assert count_statements(";".join(parts) + tail) == len(parts)


@given(st.text())
def test_statement_count_never_crashes(text: str) -> None:
    assert count_statements(text) >= 0


def test_every_kind_is_mapped_to_plover_and_acled() -> None:
    import yaml

    from tatgraph.reference import data_path
    from tatgraph.vocab import Kind

    mapping = yaml.safe_load(data_path("kind_mappings.yaml").read_text(encoding="utf-8"))
    assert set(mapping) == {k.value for k in Kind}
    for kind, entry in mapping.items():
        assert entry["plover"]["event_type"] == "ASSAULT", kind
        assert entry["acled"]["sub_event_type"], kind
