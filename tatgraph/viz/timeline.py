"""Static charts (matplotlib, Agg): the swimlane timeline and the response-lag plot.

The timeline has one lane per perpetrator side, a marker per event at the middle of its time
window (colour by side, area by casualties, hollow when the casualties are unknown), the
site beside it, and an arrow from each answered event to its response, labelled with the
lag. Quiet stretches longer than a week are cut short and marked ``≈ N d``, so episodes
years apart stay readable on one axis.

Figures are built without pyplot (no global state, no display needed) and save as PNG, SVG
or PDF.

>>> import tempfile, os
>>> from pathlib import Path
>>> from tatgraph.demo import build_graph
>>> tmp = Path(tempfile.mkdtemp())
>>> with build_graph(tmp / "g.lbdb") as store:
...     out = save_timeline(store, tmp / "timeline.svg")
>>> "Al-Omar oil field" in out.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import queries
from ..graph.store import GraphStore
from .constants import BOTTOM_IN, DENSITY_LIMIT, LEFT_IN, RIGHT_IN, TOP_IN
from .density import Span, density_figure, timeline_spans
from .events import (
    EventSet,
    VizError,
    VizEvent,
    chain_events,
    lag_text,
    node_size,
    side_colour,
    side_label,
    window_events,
)
from .scale import TimeScale, stack_rows

LABEL_LIMIT = 80
"""Above this many events the timeline leaves out site and lag labels (they would overlap)."""
MAX_ROWS = 8
"""Rows per lane at most: busier moments overlap in the last row instead of growing the
figure without bound."""
FORMATS = ("png", "svg", "pdf")
ROW_IN = 0.5
"""Height of one row of a lane, in inches."""


def timeline_figure(events: EventSet, *, width: float = 12.0, labels: bool | None = None) -> Figure:
    """The swimlane timeline of an event set, as a matplotlib Figure (Agg canvas).

    ``labels`` (site names and lags) default to on up to :data:`LABEL_LIMIT` events.
    """
    evs = list(events.events.values())
    show_labels = len(evs) <= LABEL_LIMIT if labels is None else labels
    spans = [
        (events.events[lk.responds_to].midpoint, events.events[lk.event].midpoint)
        for lk in events.links
    ]
    scale = TimeScale([e.midpoint for e in evs], spans=spans)
    axes_w = max(width - LEFT_IN - RIGHT_IN, 2.0)
    x_pad = max(scale.total * 0.02, 1.0)
    x_range = scale.total + 2 * x_pad
    per_inch = x_range / axes_w
    label_gap = per_inch * (1.25 if show_labels else 0.12)

    lanes = events.lanes()
    pos: dict[str, tuple[float, float]] = {}
    bands: list[tuple[str, float, float]] = []
    top = 0.0
    for lane in lanes:
        members = [e for e in evs if e.lane == lane]
        xs = [scale.x(e.midpoint) for e in members]
        rows = [min(r, MAX_ROWS - 1) for r in stack_rows(xs, label_gap)]
        for e, x, row in zip(members, xs, rows, strict=True):
            pos[e.id] = (x, -(top + row + 0.5))
        height = max(rows, default=0) + 1.0
        bands.append((lane, -top, -(top + height)))
        top += height

    y_range = top + 0.2
    axes_h = ROW_IN * y_range
    fig_h = axes_h + TOP_IN + BOTTOM_IN
    fig = Figure(figsize=(width, fig_h))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((LEFT_IN / width, BOTTOM_IN / fig_h, axes_w / width, axes_h / fig_h))
    inch = (1.0 / per_inch, ROW_IN)  # inches per data unit, x and y

    def bend(a: tuple[float, float], b: tuple[float, float], rad: float) -> tuple[float, float]:
        """Middle of matplotlib's arc3 curve from a to b (computed in inches)."""
        (x1, y1), (x2, y2) = (a[0] * inch[0], a[1] * inch[1]), (b[0] * inch[0], b[1] * inch[1])
        mx, my = (x1 + x2) / 2 + 0.5 * rad * (y2 - y1), (y1 + y2) / 2 - 0.5 * rad * (x2 - x1)
        return mx / inch[0], my / inch[1]

    for i, (lane, hi, lo) in enumerate(bands):
        ax.axhspan(lo, hi, color="#f4f4f4" if i % 2 else "#fbfbfb", zorder=0, lw=0)
        ax.axhspan(lo, hi, xmin=0, xmax=0.004, color=side_colour(lane), zorder=1, lw=0)
    ax.set_yticks([(hi + lo) / 2 for _, hi, lo in bands])
    ax.set_yticklabels([side_label(lane) for lane, _, _ in bands])
    for tick, (lane, _, _) in zip(ax.get_yticklabels(), bands, strict=True):
        tick.set_color(side_colour(lane))
        tick.set_fontweight("bold")
    ax.set_ylim(-top - 0.1, 0.1)
    ax.set_xlim(-x_pad, scale.total + x_pad)

    ticks = scale.ticks(per_inch * 1.1)
    ax.set_xticks([x for x, _ in ticks])
    ax.set_xticklabels([label for _, label in ticks], rotation=30, ha="right", fontsize=8)
    ax.set_xlabel("time (UTC); quiet gaps cut short (≈)", fontsize=8, color="#555555")
    ax.grid(axis="x", color="#e4e4e4", lw=0.6, zorder=0)
    for x, skipped in scale.breaks:
        ax.axvline(x, color="#999999", lw=0.9, ls=(0, (4, 3)), zorder=1)
        ax.annotate(
            f"≈ {skipped.days} d",
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color="#777777",
        )
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)

    same_span: dict[tuple[int, int], int] = {}
    placed_labels: list[tuple[float, float]] = []  # lag labels drawn so far (inches)
    for lk in events.links:
        (x0, y0), (x1, y1) = pos[lk.responds_to], pos[lk.event]
        answered, responding = events.events[lk.responds_to], events.events[lk.event]
        chord = math.hypot((x1 - x0) * inch[0], (y1 - y0) * inch[1])
        # bow (nearly) simultaneous arrows well clear of the stack; keep long arcs flat
        rad = -0.45 if abs(x1 - x0) < label_gap / 3 else -min(0.18, 0.3 / max(chord, 0.01))
        # arrows over (nearly) the same span would lie on one another and read as one thick
        # band: fan each further one out a little more
        span = (round(x0 * inch[0] * 4), round(x1 * inch[0] * 4))
        rank = same_span.get(span, 0)
        same_span[span] = rank + 1
        rad -= 0.12 * rank
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#444444",
                "lw": 0.6 + (lk.confidence if lk.confidence is not None else 0.5),
                "linestyle": "-" if lk.basis == "stated" else (0, (3, 2)),
                "connectionstyle": f"arc3,rad={rad}",
                "shrinkA": _radius(answered.killed_best, answered.injured_best),
                "shrinkB": _radius(responding.killed_best, responding.injured_best) + 1,
                "mutation_scale": 9,
            },
            zorder=2,
        )
        at = bend((x0, y0), (x1, y1), rad)
        if show_labels and _free(placed_labels, (at[0] * inch[0], at[1] * inch[1])):
            ax.text(
                *at,
                lag_text(lk.lag_hours),
                fontsize=6.5,
                color="#333333",
                ha="center",
                va="center",
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )

    by_style: dict[tuple[str, bool, float], list[VizEvent]] = {}
    for e in evs:
        unknown = e.killed is None and e.injured is None
        by_style.setdefault((e.lane, unknown, 0.55 if e.background else 1.0), []).append(e)
    for (lane, unknown, alpha), members in by_style.items():
        colour = side_colour(lane)
        ax.scatter(
            [pos[e.id][0] for e in members],
            [pos[e.id][1] for e in members],
            s=[(2 * _radius(e.killed_best, e.injured_best)) ** 2 for e in members],
            facecolors="white" if unknown else colour,
            edgecolors=colour,
            linewidths=1.6,
            alpha=alpha,
            zorder=3,
        )
    placed_sites: list[tuple[float, float]] = []
    for e in evs if show_labels else ():
        x, y = pos[e.id]
        r = _radius(e.killed_best, e.injured_best)
        if not _free(placed_sites, (x * inch[0], y * inch[1] - (r + 6) / 72)):
            continue  # another label already stands there (a busy day): leave this one out
        ax.annotate(
            e.site or "unknown site",
            (x, y),
            xytext=(0, -r - 1),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=7,
            zorder=4,
        )

    title = f"Events and responses — {events.title}"
    if not show_labels:
        title += " (labels left out: too many events)"
    ax.set_title(title, fontsize=10, loc="left")
    handles: list[Any] = [
        Line2D([], [], ls="", marker="o", ms=7, color=side_colour(lane), label=side_label(lane))
        for lane in lanes
    ]
    handles += [
        Line2D([], [], ls="", marker="o", ms=7, mfc="white", mec="#555555", label="casualties ?"),
        Line2D([], [], ls="", marker="o", ms=10, color="#999999", label="size: killed, injured"),
        Line2D([], [], color="#444444", label="stated response"),
        Line2D([], [], color="#444444", ls=(0, (3, 2)), label="coded/inferred"),
    ]
    fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.01),
        ncol=min(len(handles), 6),
        fontsize=8,
        frameon=False,
    )
    return fig


def _free(placed: list[tuple[float, float]], at: tuple[float, float]) -> bool:
    """Whether a small label centred at ``at`` (inches) keeps clear of those ``placed``;
    if so it is added to them."""
    if any(abs(at[0] - x) < 0.55 and abs(at[1] - y) < 0.16 for x, y in placed):
        return False
    placed.append(at)
    return True


def _radius(killed: int | None, injured: int | None) -> float:
    """Marker radius in points: 0.4 × :func:`~tatgraph.viz.events.node_size` (4 to 20 pt)."""
    return 0.4 * node_size(killed, injured)


def lag_figure(store: GraphStore, *, min_confidence: float = 0.0, width: float = 8.0) -> Figure:
    """Response lags per directed dyad (answered side → responding side), one dot per link.

    Reads the ``response_lags`` named query; the bar marks each dyad's median lag.
    """
    rows = queries.run(store, "response_lags", min_confidence=min_confidence)
    fig = Figure(figsize=(width, 1.4 + 0.6 * max(len(rows), 1)), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    for i, r in enumerate(rows):
        lags = sorted(float(v) for v in r["lags"] if v is not None)
        if not lags:
            continue
        jitter = [((k % 5) - 2) * 0.06 for k in range(len(lags))]
        ax.scatter(
            lags,
            [i + j for j in jitter],
            s=36,
            color=side_colour(r["responding_side"]),
            edgecolors="white",
            zorder=3,
        )
        median = lags[(len(lags) - 1) // 2]
        ax.plot([median, median], [i - 0.3, i + 0.3], color="#222222", lw=2, zorder=4)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(
        [
            f"{side_label(r['answered_side'])} → {side_label(r['responding_side'])} ({r['links']})"
            for r in rows
        ],
        fontsize=8,
    )
    ax.invert_yaxis()
    ax.set_xlabel("response lag, hours (window midpoints); bar: median", fontsize=8)
    ax.grid(axis="x", color="#e4e4e4", lw=0.6)
    ax.set_title(
        f"Response lags by dyad (links with confidence ≥ {min_confidence:g})",
        fontsize=10,
        loc="left",
    )
    if not rows:
        ax.text(0.5, 0.5, "no response links", transform=ax.transAxes, ha="center")
    return fig


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Save a figure; the format comes from the suffix (.png, .svg or .pdf)."""
    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise VizError(
            f"cannot tell the image format from {out.name!r}",
            hint="end the file name in .png, .svg or .pdf",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    # keep SVG text as text (searchable, editable) and the files reproducible
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "tatgraph"}):
        metadata: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {}
        fig.savefig(out, format=fmt, dpi=dpi, metadata=metadata)
    return out


def save_timeline(
    store: GraphStore,
    path: str | Path = "timeline.png",
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
    event_id: str | None = None,
    width: float = 12.0,
) -> Path:
    """Draw the timeline of a window (or of the chain of ``event_id``) and save it.

    The filters are those of :func:`~tatgraph.viz.events.window_events`; any size works:
    labels are left out above :data:`LABEL_LIMIT` events, and above :data:`DENSITY_LIMIT`
    the figure becomes the :func:`density_figure` (events per period and lane).
    """
    if event_id is not None:
        events = chain_events(store, event_id, max_nodes=None)
        if len(events.events) > DENSITY_LIMIT:
            spans = [Span(e.start, e.end, e.lane) for e in events.events.values()]
            return save_figure(density_figure(spans, title=events.title, width=width), path)
        return save_figure(timeline_figure(events, width=width), path)
    spans = timeline_spans(store, start, end, site=site, side=side)
    if not spans:
        raise VizError("no events to draw", hint="widen --from/--to or drop --site/--side")
    if len(spans) > DENSITY_LIMIT:
        lo, hi = min(sp.start for sp in spans), max(sp.end for sp in spans)
        title = f"{lo.date().isoformat()} to {hi.date().isoformat()}"
        return save_figure(density_figure(spans, title=title, width=width), path)
    events = window_events(store, start, end, site=site, side=side, max_nodes=None, claims=False)
    return save_figure(timeline_figure(events, width=width), path)


__all__ = [
    "DENSITY_LIMIT",
    "FORMATS",
    "LABEL_LIMIT",
    "MAX_ROWS",
    "Span",
    "density_figure",
    "lag_figure",
    "save_figure",
    "save_timeline",
    "timeline_figure",
    "timeline_spans",
]
