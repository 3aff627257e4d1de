"""The density view: events per period and lane, for selections too large for one marker each.

:func:`timeline_spans` reads every event of a window in one query (``timeline_events``);
:func:`density_figure` bins them by day, week, month, quarter or year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import queries
from ..graph.store import GraphStore
from .constants import BOTTOM_IN, DENSITY_LIMIT, LEFT_IN, RIGHT_IN, TOP_IN
from .events import (
    LANE_ORDER,
    UNIDENTIFIED,
    check_side,
    check_site,
    resolve_window,
    side_colour,
    side_label,
)


@dataclass(frozen=True)
class Span:
    """One event as the density view needs it: its window and its lane."""

    start: datetime
    end: datetime
    lane: str


def timeline_spans(
    store: GraphStore,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
) -> list[Span]:
    """Every event of the window (filters as in :func:`~tatgraph.viz.events.window_ids`), in
    one query whatever the size (the ``timeline_events`` named query)."""
    side = check_side(side)
    site = check_site(store, site)
    lo, hi = resolve_window(start, end)
    wanted = site.strip().casefold() if site is not None else None
    out = []
    for r in queries.run(store, "timeline_events", **{"from": lo, "to": hi}):
        if wanted is not None and wanted not in (
            str(r["site_id"]).casefold(),
            str(r["site"]).casefold(),
        ):
            continue
        sides = [x for x in r["sides"] if x is not None]
        ordered = [x for x in LANE_ORDER if x in sides] + sorted(set(sides) - set(LANE_ORDER))
        lane = ordered[0] if ordered else UNIDENTIFIED
        if side is not None and not (side in sides or (side == UNIDENTIFIED and not sides)):
            continue
        out.append(Span(r["start_utc"], r["end_utc"], lane))
    return out


PERIODS: tuple[tuple[str, int], ...] = (
    ("day", 1),
    ("week", 7),
    ("month", 30),
    ("quarter", 91),
    ("year", 365),
)
"""Bin widths of the density view (days), the finest giving at most :data:`MAX_BINS`."""
MAX_BINS = 400


def density_figure(spans: list[Span], *, title: str, width: float = 12.0) -> Figure:
    """Events per period in each lane, for selections too large for one marker per event.

    Each event counts once, spread evenly over its window (a month-precision event adds
    1/30 to each day of that month), so imprecise dates are not piled on a midpoint. The
    figure has a fixed size whatever the number of events. Response links are not drawn.
    """
    first = min(sp.start for sp in spans)
    days0 = first.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    starts = np.array([(sp.start - days0).total_seconds() / 86400 for sp in spans])
    ends = np.array([(sp.end - days0).total_seconds() / 86400 for sp in spans])
    ends = np.maximum(ends, starts + 1e-6)
    n_days = math.ceil(ends.max()) + 1
    period, step = next(((name, d) for name, d in PERIODS if n_days / d <= MAX_BINS), PERIODS[-1])
    lanes = [lane for lane in LANE_ORDER if any(sp.lane == lane for sp in spans)]
    lanes += sorted({sp.lane for sp in spans} - set(lanes))
    lane_of = np.array([lanes.index(sp.lane) for sp in spans])
    counts = np.vstack(
        [_per_day(starts[lane_of == k], ends[lane_of == k], n_days) for k in range(len(lanes))]
    )
    n_bins = math.ceil(n_days / step)
    padded = np.zeros((len(lanes), n_bins * step))
    padded[:, :n_days] = counts
    binned = padded.reshape(len(lanes), n_bins, step).sum(axis=2)

    lane_in = 0.85
    fig_h = TOP_IN + BOTTOM_IN * 0.6 + lane_in * len(lanes)
    fig = Figure(figsize=(width, fig_h))
    FigureCanvasAgg(fig)
    axes_h = lane_in * len(lanes)
    ax = fig.add_axes(
        (
            LEFT_IN / width,
            BOTTOM_IN * 0.6 / fig_h,
            (width - LEFT_IN - RIGHT_IN) / width,
            axes_h / fig_h,
        )
    )
    edges = [days0 + timedelta(days=b * step) for b in range(n_bins + 1)]
    x = mdates.date2num(edges)  # type: ignore[no-untyped-call]
    for k, lane in enumerate(lanes):
        top = len(lanes) - k
        peak = float(binned[k].max()) or 1.0
        heights = binned[k] / peak * 0.7
        ax.axhspan(top - 1, top, color="#f4f4f4" if k % 2 else "#fbfbfb", zorder=0, lw=0)
        ax.bar(
            x[:-1],
            heights,
            width=np.diff(x),
            bottom=top - 0.95,
            align="edge",
            color=side_colour(lane),
            lw=0,
            zorder=2,
        )
        ax.text(
            1.0,
            top - 0.12,
            f"max {peak:,.0f} / {period}",
            transform=ax.get_yaxis_transform(),
            ha="right",
            va="top",
            fontsize=7,
            color="#555555",
        )
    ax.set_yticks([len(lanes) - k - 0.5 for k in range(len(lanes))])
    ax.set_yticklabels([side_label(lane) for lane in lanes])
    for tick, lane in zip(ax.get_yticklabels(), lanes, strict=True):
        tick.set_color(side_colour(lane))
        tick.set_fontweight("bold")
    ax.set_ylim(0, len(lanes))
    ax.set_xlim(x[0], x[-1])
    ax.xaxis_date()
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labelsize=8)
    for side_name in ("top", "right", "left"):
        ax.spines[side_name].set_visible(False)
    ax.set_title(
        f"Events per {period} by perpetrator side, {title}: {len(spans):,} events\n"
        f"(density view above {DENSITY_LIMIT:,} events; narrow --from/--to for one marker "
        "per event and the response arrows)",
        fontsize=9,
        loc="left",
    )
    return fig


def _per_day(starts: Any, ends: Any, n_days: int) -> Any:
    """How much of the events falls on each day when each is spread evenly over its window
    ``[start, end)`` (days since the first midnight): exact, in O((n + days) log n).

    >>> [float(v) for v in _per_day(np.array([0.0, 1.0]), np.array([1.0, 3.0]), 3).round(2)]
    [1.0, 0.5, 0.5]
    """
    rate = 1.0 / (ends - starts)
    grid = np.arange(n_days + 1, dtype=float)

    def mass_from(edge: Any) -> Any:  # sum over events of rate * max(0, t - edge), t on grid
        order = np.argsort(edge)
        r, e = rate[order], edge[order]
        k = np.searchsorted(e, grid, side="right")
        cum_r = np.concatenate(([0.0], np.cumsum(r)))
        cum_re = np.concatenate(([0.0], np.cumsum(r * e)))
        return grid * cum_r[k] - cum_re[k]

    return np.diff(mass_from(starts) - mass_from(ends))


__all__ = ["MAX_BINS", "PERIODS", "Span", "density_figure", "timeline_spans"]
