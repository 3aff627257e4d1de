"""Interactive chain view: one self-contained HTML file (vis-network via pyvis, no CDN).

Time runs left to right (a node's x is fixed by the middle of its time window, physics
off), one lane per perpetrator side, colour by side, size by casualties, arrows from the
answered event to the response labelled with the lag. Tooltips give the date window, site,
kind, munitions and every claim (claimant, outlet, figures, quote). All report text is
HTML-escaped before it reaches the page.

>>> import tempfile, os
>>> from pathlib import Path
>>> from tatgraph.demo import build_graph
>>> tmp = Path(tempfile.mkdtemp())
>>> with build_graph(tmp / "g.lbdb") as store:
...     out = chain_html(store, "ev_2022_08_23_ayyash_us_airstrikes", tmp / "chain.html")
>>> text = out.read_text(encoding="utf-8")
>>> "https://" in text.split('<script type="application/json"')[0]
False
"""

from __future__ import annotations

import html
import json
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network

from .. import __version__
from ..graph.store import GraphStore
from .events import (
    NODE_BUDGET,
    EventSet,
    VizError,
    VizEvent,
    VizLink,
    chain_events,
    lag_text,
    node_size,
    side_colour,
    side_label,
    window_events,
)
from .scale import TimeScale, stack_rows

PX_WIDTH = 1100.0
"""Target width, in drawing units, of the longest stretch of time in a view."""
ROW_HEIGHT = 70.0
LANE_PAD = 45.0
MIN_NODE_GAP = 150.0
"""Nodes of one lane closer than this (drawing units) go on separate rows of the lane."""
HEIGHT_PX = 640


def _e(value: Any) -> str:
    """HTML-escape any value for a tooltip (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def _figure(triple: tuple[int, int, int] | None) -> str:
    if triple is None:
        return "unknown"
    low, best, high = triple
    return str(best) if low == high else f"{best} ({low}–{high})"


def _munitions(munitions: dict[str, int]) -> str:
    return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(munitions.items()))


def tooltip_html(event: VizEvent) -> str:
    """The HTML of an event's tooltip; every piece of report text is escaped.

    >>> from datetime import datetime, UTC
    >>> from tatgraph.viz.events import VizClaim
    >>> claim = VizClaim("SOHR", "Outlet <b>", None, 1, None, {}, None, None, False,
    ...                  "<script>alert(1)</script>")
    >>> ev = VizEvent("ev_1", "rocket_attack", datetime(2023, 3, 23, 21, tzinfo=UTC),
    ...               datetime(2023, 3, 24, 21, tzinfo=UTC), "day", "Asia/Damascus", "x & y",
    ...               False, "conoco", "Conoco", (), (), None, None, {}, (claim,), 1)
    >>> text = tooltip_html(ev)
    >>> "<script>" in text, "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    (False, True)
    """
    who = ", ".join(f"{a} ({side_label(s)})" for a, s in event.perpetrators) or "not named"
    whom = ", ".join(f"{a} ({side_label(s)})" for a, s in event.targets) or "not named"
    rows = [
        ("when", f"{event.when} ({event.tz}; {event.precision})"),
        ("site", event.site or "unknown"),
        ("kind", event.kind.replace("_", " ")),
        ("by", who),
        ("against", whom),
        ("killed", _figure(event.killed)),
        ("injured", _figure(event.injured)),
    ]
    if event.munitions:
        rows.append(("munitions", _munitions(event.munitions)))
    if event.background:
        rows.append(("note", "mentioned only as background in the reports"))
    parts = [
        f"<h3>{_e(event.kind.replace('_', ' '))} — {_e(event.site or 'unknown site')}</h3>",
        "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows) + "</dl>",
        f"<p>{_e(event.summary)}</p>",
    ]
    if event.claims:
        items = []
        for c in event.claims:
            figures = [
                f"{what} {n}"
                for what, n in (("killed", c.killed), ("injured", c.injured))
                if n is not None
            ]
            if c.munitions:
                figures.append(_munitions(c.munitions))
            if c.responsibility:
                figures.append(f"responsibility {c.responsibility}: {c.responsible or '?'}")
            if c.hedged:
                figures.append("hedged")
            published = f", {c.published:%Y-%m-%d}" if c.published else ""
            line = f"<b>{_e(c.claimant or 'unnamed claimant')}</b> in {_e(c.outlet)}{_e(published)}"
            if figures:
                line += ": " + _e("; ".join(figures))
            if c.quote:
                line += f'<q dir="auto">{_e(c.quote)}</q>'
            items.append(f"<li>{line}</li>")
        parts.append(f"<b>{len(event.claims)} claim(s)</b><ol>{''.join(items)}</ol>")
    parts.append(f"<small>{_e(event.id)}</small>")
    return "".join(parts)


def link_tooltip_html(link: VizLink, answered: VizEvent, responding: VizEvent) -> str:
    """The HTML of a response arrow's tooltip (escaped like :func:`tooltip_html`)."""
    rows = [
        ("response", f"{responding.kind.replace('_', ' ')} at {responding.site or '?'}"),
        ("answers", f"{answered.kind.replace('_', ' ')} at {answered.site or '?'}"),
        ("lag", lag_text(link.lag_hours) + " (window midpoints)"),
        ("basis", link.basis),
        ("confidence", "?" if link.confidence is None else f"{link.confidence:.2f}"),
    ]
    if link.cue:
        rows.append(("cue", link.cue))
    if link.source:
        rows.append(("source", link.source))
    return "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows) + "</dl>"


def _layout(events: EventSet) -> tuple[dict[str, tuple[float, float]], dict[str, Any]]:
    """Node positions and the background drawing (lanes, ticks, breaks)."""
    evs = list(events.events.values())
    spans = [
        (events.events[lk.responds_to].midpoint, events.events[lk.event].midpoint)
        for lk in events.links
    ]
    scale = TimeScale([e.midpoint for e in evs], spans=spans)
    px = min(40.0, PX_WIDTH / max(scale.longest, 1.0))
    pos: dict[str, tuple[float, float]] = {}
    lanes = []
    top = 0.0
    for lane in events.lanes():
        members = [e for e in evs if e.lane == lane]
        xs = [scale.x(e.midpoint) * px for e in members]
        rows = stack_rows(xs, MIN_NODE_GAP)
        for e, x, row in zip(members, xs, rows, strict=True):
            pos[e.id] = (round(x, 1), round(top + LANE_PAD + row * ROW_HEIGHT, 1))
        bottom = top + 2 * LANE_PAD + max(rows, default=0) * ROW_HEIGHT
        lanes.append(
            {"label": side_label(lane), "colour": side_colour(lane), "top": top, "bottom": bottom}
        )
        top = bottom
    right = scale.total * px
    ticks = [
        {"x": round(x * px, 1), "label": label}
        for x, label in scale.ticks(MIN_NODE_GAP / px)
        if x * px <= right
    ]
    breaks = [{"x": round(x * px, 1), "label": f"{skipped.days} d"} for x, skipped in scale.breaks]
    layout = {
        "left": -180.0,
        "right": right + 60.0,
        "top": 0.0,
        "bottom": top,
        "lanes": lanes,
        "ticks": ticks,
        "breaks": breaks,
    }
    return pos, layout


def build_network(events: EventSet) -> tuple[Network, dict[str, Any]]:
    """The pyvis network of an event set (fixed positions, physics off) and its layout."""
    pos, layout = _layout(events)
    net = Network(directed=True, height=f"{HEIGHT_PX}px", width="100%", cdn_resources="in_line")
    for ev in events.events.values():
        colour = side_colour(ev.lane)
        x, y = pos[ev.id]
        unknown = ev.killed is None and ev.injured is None
        net.add_node(
            ev.id,
            label=ev.label,
            title=tooltip_html(ev),
            x=x,
            y=y,
            physics=False,
            size=node_size(ev.killed_best, ev.injured_best),
            color={
                "background": colour,
                "border": "#333333" if unknown else colour,
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
            borderWidth=2 if unknown else 1,
            shapeProperties={"borderDashes": [4, 3] if unknown else False},
            opacity=0.55 if ev.background else 1.0,
            font={"size": 12, "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"},
        )
    vertical: dict[str, int] = {}
    for lk in events.links:
        answered, responding = events.events[lk.responds_to], events.events[lk.event]
        smooth: dict[str, Any] | None = None
        if abs(pos[lk.event][0] - pos[lk.responds_to][0]) < MIN_NODE_GAP / 3:
            # (nearly) simultaneous: bow the arrow sideways, clear of the events stacked
            # between the two ends
            i = vertical[lk.event] = vertical.get(lk.event, -1) + 1
            smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.35 + 0.2 * i}
        net.add_edge(
            lk.responds_to,
            lk.event,
            id=f"{lk.event}->{lk.responds_to}",
            label=lag_text(lk.lag_hours),
            title=link_tooltip_html(lk, answered, responding),
            dashes=lk.basis != "stated",
            width=1 + 2 * (lk.confidence if lk.confidence is not None else 0.5),
            color={"color": "#555555", "highlight": "#000000", "hover": "#000000"},
            **({"smooth": smooth} if smooth else {}),
        )
    net.options = {  # a plain dict: pyvis passes it to vis-network as it is
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True},
        "nodes": {"shape": "dot"},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
            "smooth": {
                "enabled": True,
                "type": "cubicBezier",
                "forceDirection": "horizontal",
                "roundness": 0.6,
            },
            "font": {"size": 11, "align": "top", "strokeWidth": 3},
        },
    }
    return net, layout


@cache
def _vis_js() -> str:
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    try:
        text = lib.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VizError(
            "vis-network is missing from the installed pyvis",
            hint="reinstall it: pip install 'pyvis==0.3.2'",
        ) from None
    if "</script" in text.lower():  # cannot happen with 9.1.2; would end the inline script
        raise VizError("the bundled vis-network script cannot be inlined safely")
    return text


@cache
def _template() -> Any:
    env = Environment(autoescape=True, keep_trailing_newline=True)
    source = (resources.files("tatgraph.viz") / "templates" / "chain.html").read_text(
        encoding="utf-8"
    )
    return env.from_string(source)


def _script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element (no '<', '>' or '&' characters)."""
    text = json.dumps(data, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_html(events: EventSet) -> str:
    """The complete, self-contained HTML page of an event set."""
    net, layout = build_network(events)
    nodes, edges, _, _, _, options = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options), "layout": layout}
    rows = [
        {
            "when": ev.when,
            "side": side_label(ev.lane),
            "kind": ev.kind.replace("_", " "),
            "site": ev.site or "",
            "killed": _figure(ev.killed) if ev.killed else "",
            "injured": _figure(ev.injured) if ev.injured else "",
            "id": ev.id,
        }
        for ev in events.events.values()
    ]
    legend = [{"label": side_label(s), "colour": side_colour(s)} for s in events.lanes()]
    return str(
        _template().render(
            title=events.title,
            notes=events.notes,
            rows=rows,
            legend_lanes=legend,
            height=HEIGHT_PX,
            version=__version__,
            data_json=Markup(_script_json(data)),
            vis_js=Markup(_vis_js()),
        )
    )


def _write(text: str, path: str | Path) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def chain_html(store: GraphStore, event_id: str, path: str | Path = "chain.html") -> Path:
    """Write the chain ``event_id`` belongs to as one offline HTML file; returns its path.

    Raises :class:`~tatgraph.viz.events.VizError` for an unknown event or a chain of more
    than :data:`~tatgraph.viz.events.NODE_BUDGET` events.
    """
    return _write(render_html(chain_events(store, event_id)), path)


def subgraph_html(
    store: GraphStore,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
    path: str | Path = "graph.html",
    max_nodes: int = NODE_BUDGET,
) -> Path:
    """Write the events that started in ``[start, end]`` (and their links) as HTML.

    ``site`` (id or name) and ``side`` (e.g. ``iran_aligned``, or ``unidentified``) filter
    the events; dates follow :func:`~tatgraph.viz.events.resolve_window` (a bare end date
    includes that local day). Refuses (``VizError`` with a hint) above ``max_nodes`` events.
    """
    events = window_events(store, start, end, site=site, side=side, max_nodes=max_nodes)
    return _write(render_html(events), path)


__all__ = [
    "build_network",
    "chain_html",
    "link_tooltip_html",
    "render_html",
    "subgraph_html",
    "tooltip_html",
]
