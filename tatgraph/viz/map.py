"""The escalation map: one self-contained HTML page (and the same view in notebooks).

Sites on a basemap of Syria, Iraq, Jordan, Lebanon and their neighbours (Natural Earth,
bundled), markers sized by events and coloured by the sides that hit them, events known
only roughly drawn as the area they stand for, response arrows between sites; a slider and
a play button over the events' time windows, a time strip and a list of the events in view,
all in sync; clicking an event shows its claims side by side and its chain. Above
``detail_limit`` events (default :data:`~tatgraph.viz.constants.NODE_BUDGET`) the page is the
density view of :mod:`tatgraph.viz.mapdensity` instead: counts per site and period.

The page is plain SVG with a small script of our own (``templates/map_*.js``): no library,
no tiles, nothing fetched (a Content-Security-Policy forbids it). Report text is passed as
JSON and put on the page with ``textContent`` only.

>>> import tempfile, os
>>> from pathlib import Path
>>> from tatgraph.demo import build_graph
>>> tmp = Path(tempfile.mkdtemp())
>>> with build_graph(tmp / "g.lbdb") as store:
...     view = map_view(store, chain="ev_2023_03_23_kharab_al_jir_drone")
...     out = view.save(tmp / "map.html")
...     dense = map_view(store, detail_limit=10)
>>> repr(view).split(":")[0]
'MapView(6 events, 5 links, 6 sites'
>>> view.data["title"].split(" on ")[0]
'Chain of 6 events from drone attack at Kharab al-Jir base'
>>> text = out.read_text(encoding="utf-8")
>>> "Content-Security-Policy" in text, "https://" in text, out.stat().st_size < 2_000_000
(True, False, True)
>>> view._repr_html_().startswith('<iframe sandbox="allow-scripts" srcdoc="')
True
>>> repr(dense).split(":")[0]
'MapView(density view of 22 events at 11 sites'
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .. import __version__
from ..errors import VizError
from ..graph.store import GraphStore
from .constants import NODE_BUDGET
from .mapdata import detail_payload
from .mapdensity import density_payload
from .mapselect import Selection, select_events

HEIGHT_PX = 600
"""Height of the map (and of the details panel beside it)."""


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``<``, ``>`` or ``&``).

    >>> script_json({"q": "</script><b>&"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


SCRIPTS = {"detail": "map_detail.js", "density": "map_density.js"}
"""The page script of each mode; ``map_common.js`` (basemap, zoom, tooltips, playback)
comes first, and both run inside one function scope."""


def _asset(name: str) -> str:
    text = (resources.files("tatgraph.viz") / "templates" / name).read_text(encoding="utf-8")
    closing = "</style" if name.endswith(".css") else "</script" if name.endswith(".js") else ""
    if closing and closing in text.lower():  # would end the inline element early
        raise VizError(f"the map's {name} cannot be inlined safely")
    return text


def page_script(mode: str) -> str:
    """The page's script for a mode: the common part and the mode's own, in one scope."""
    common, own = _asset("map_common.js"), _asset(SCRIPTS[mode])
    return f'(function () {{\n"use strict";\n{common}\n{own}\n}})();\n'


@cache
def _template() -> Any:
    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(_asset("map.html"))


def render_map(data: dict[str, Any], *, height: int = HEIGHT_PX) -> str:
    """The complete page for a payload from :mod:`.mapdata` or :mod:`.mapdensity`."""
    css = _asset("map.css").replace("{{ height }}", str(int(height)))
    return str(
        _template().render(
            title=data["title"],
            notes=data["notes"],
            attribution=data["attribution"],
            version=__version__,
            css=Markup(css),
            mode=data["mode"],
            js=Markup(page_script(data["mode"])),
            data_json=Markup(script_json(data)),
        )
    )


@dataclass
class MapView:
    """A rendered map: ``.html`` is the page, ``.save(path)`` writes it, and in Jupyter it
    shows itself inline (a sandboxed ``iframe`` holding the page, so the page's own
    Content-Security-Policy applies and report text cannot reach the notebook)."""

    selection: Selection
    data: dict[str, Any]
    height: int = HEIGHT_PX

    @property
    def html(self) -> str:
        """The self-contained HTML page."""
        return render_map(self.data, height=self.height)

    def save(self, path: str | Path = "map.html") -> Path:
        """Write the page to ``path`` (folders are created); returns the path."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.html, encoding="utf-8")
        return out

    def _repr_html_(self) -> str:
        frame_height = self.height + 360  # controls, legend, strip and part of the list
        return (
            f'<iframe sandbox="allow-scripts" srcdoc="{html.escape(self.html, quote=True)}" '
            f'title="{html.escape(self.data["title"], quote=True)}" '
            f'style="width: 100%; height: {frame_height}px; border: 1px solid #ddd"></iframe>'
        )

    def __repr__(self) -> str:
        if self.data["mode"] == "density":
            return (
                f"MapView(density view of {self.data['total']} events at "
                f"{len(self.data['sites'])} sites: {self.data['title']})"
            )
        return (
            f"MapView({len(self.data['events'])} events, {len(self.data['links'])} links, "
            f"{len(self.data['sites'])} sites: {self.data['title']})"
        )


def map_view(
    store: GraphStore,
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
    chain: str | None = None,
    detail_limit: int | None = NODE_BUDGET,
    height: int = HEIGHT_PX,
) -> MapView:
    """The escalation map of a selection, ready to show in a notebook or to save.

    The selection is that of :func:`~tatgraph.viz.mapselect.select_events`: events that
    started in ``[start, end]`` (a bare end date includes that local day), at ``site``
    (id or name), with a perpetrator on ``side``, or the chain of the event ``chain``
    (narrowed by the others when given). Up to ``detail_limit`` events (``None``: any
    number) are drawn one by one; above it the map counts them per site and period.
    Raises :class:`VizError` for an unknown chain event, site or side.
    """
    chosen = select_events(store, start, end, site=site, side=side, chain=chain)
    if detail_limit is not None and len(chosen.rows) > detail_limit:
        data = density_payload(chosen, limit=detail_limit)
    else:
        data = detail_payload(store, chosen)
    return MapView(chosen, data, height)


def map_html(
    store: GraphStore,
    path: str | Path = "map.html",
    start: datetime | date | str | None = None,
    end: datetime | date | str | None = None,
    *,
    site: str | None = None,
    side: str | None = None,
    chain: str | None = None,
    detail_limit: int | None = NODE_BUDGET,
) -> Path:
    """Write the escalation map of a selection (see :func:`map_view`) as one HTML file."""
    view = map_view(store, start, end, site=site, side=side, chain=chain, detail_limit=detail_limit)
    return view.save(path)


__all__ = [
    "HEIGHT_PX",
    "SCRIPTS",
    "MapView",
    "map_html",
    "map_view",
    "page_script",
    "render_map",
    "script_json",
]
