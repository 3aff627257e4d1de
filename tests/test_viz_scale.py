"""The timeline stays readable and bounded at any size (168k events drew a 199,597 px PNG
in 460 s and 5.9 GB before the density view existed)."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.patches import FancyArrowPatch
from typer.testing import CliRunner

from tatgraph.cli import app
from tatgraph.demo import build_graph
from tatgraph.graph import open_store
from tatgraph.synth import write_files
from tatgraph.viz import chain_events, save_timeline
from tatgraph.viz.constants import DENSITY_LIMIT
from tatgraph.viz.density import Span, _per_day, density_figure
from tatgraph.viz.timeline import MAX_ROWS, ROW_IN, timeline_figure


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


@given(
    st.lists(
        st.tuples(st.floats(0, 300), st.floats(0.01, 60)),
        min_size=1,
        max_size=60,
    )
)
@settings(max_examples=60, deadline=None)
def test_each_event_counts_once_spread_over_its_window(windows: list[tuple[float, float]]) -> None:
    starts = np.array([s for s, _ in windows])
    ends = starts + np.array([d for _, d in windows])
    per_day = _per_day(starts, ends, int(np.ceil(ends.max())) + 1)
    assert per_day.sum() == pytest.approx(len(windows), rel=1e-9, abs=1e-9)
    assert (per_day >= -1e-9).all()
    # a day no window touches gets nothing
    for day, value in enumerate(per_day):
        touched = ((starts < day + 1) & (ends > day)).any()
        if not touched:
            assert value == pytest.approx(0.0, abs=1e-9)


def test_the_density_view_has_a_fixed_size_whatever_the_count(tmp_path: Path) -> None:
    t0 = datetime(2017, 1, 1, tzinfo=UTC)
    lanes = ["us_coalition", "iran_aligned", "unidentified"]
    sizes = []
    for n in (2_000, 50_000):
        spans = [
            Span(t0 + timedelta(hours=7 * i), t0 + timedelta(hours=7 * i + 24), lanes[i % 3])
            for i in range(n)
        ]
        fig = density_figure(spans, title="test")
        sizes.append(tuple(fig.get_size_inches()))
    assert sizes[0] == sizes[1]


@pytest.fixture(scope="module")
def large_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large")
    export = folder / "acled.csv"
    write_files(export, rows=DENSITY_LIMIT + 900, seed=11, layout="current", truth=None)
    graph = folder / "g.lbdb"
    args = ["load", "acled", str(export), "-g", str(graph), "--rejects", str(folder / "r.csv")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return graph


def test_a_timeline_of_thousands_of_events_is_a_bounded_image(
    large_graph: Path, tmp_path: Path
) -> None:
    with open_store(large_graph, read_only=True) as store:
        n = int(store.read("MATCH (e:Event) RETURN count(e) AS n")[0]["n"])
        assert n > DENSITY_LIMIT
        out = save_timeline(store, tmp_path / "t.png")
    width, height = png_size(out)
    assert width == 1800
    assert height < 2000


def test_busy_lanes_do_not_grow_the_figure_without_bound() -> None:
    from tatgraph.viz.events import EventSet, VizEvent

    t0 = datetime(2023, 3, 24, tzinfo=UTC)
    events = {
        f"ev_{i}": VizEvent(
            id=f"ev_{i}",
            kind="rocket_attack",
            start=t0,
            end=t0 + timedelta(days=1),
            precision="day",
            tz="UTC",
            summary="x",
            background=False,
            site_id=None,
            site=None,
            perpetrators=(("a", "iran_aligned"),),
            targets=(),
            killed=None,
            injured=None,
            munitions={},
            claims=(),
            claim_count=0,
        )
        for i in range(60)
    }
    fig = timeline_figure(EventSet("same day", events, []))
    # 60 events on one day in one lane: at most MAX_ROWS rows tall
    assert fig.get_size_inches()[1] < ROW_IN * (MAX_ROWS + 1) + 3


def test_responses_over_the_same_span_fan_out(tmp_path: Path) -> None:
    with build_graph(tmp_path / "g.lbdb") as store:
        chain = chain_events(store, "ev_2023_03_23_kharab_al_jir_drone")
    fig = timeline_figure(chain)
    drawn = [
        (t.xyann[0], t.xy[0], t.arrow_patch.get_connectionstyle().rad)  # type: ignore[attr-defined]
        for t in fig.axes[0].texts
        if isinstance(getattr(t, "arrow_patch", None), FancyArrowPatch)
    ]
    assert len(drawn) == len(chain.links)
    # the four attacks of 2023-03-24 answer the same strike at the same time: arrows over the
    # same span bend visibly apart instead of lying on one another
    same_span = [
        (a, b)
        for i, a in enumerate(drawn)
        for b in drawn[i + 1 :]
        if abs(a[0] - b[0]) < 1e-6 and abs(a[1] - b[1]) < 1e-6
    ]
    assert len(same_span) >= 3
    assert all(abs(a[2] - b[2]) >= 0.1 for a, b in same_span)
