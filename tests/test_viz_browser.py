"""The chain view in a real browser: headless Chromium (Debian's, driven by Playwright).

The page is opened from a file:// URL with networking switched off in the browser; it must
draw what the graph holds (vis-network's own data), log no errors, request nothing beyond
the file itself, render a non-blank picture, and show hostile report text as text.

Needs /usr/bin/chromium (``apt-get install chromium``; CI installs it) and the ``playwright``
Python package from the dev extra — no browser download.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import browser as web
import pytest
from browser import HOSTILE_QUOTE, Visit

from tatgraph.demo import build_graph
from tatgraph.viz import chain_html

sync_api = web.require()
AYYASH = "ev_2022_08_23_ayyash_us_airstrikes"
HOSTILE_EVENT = "ev_2022_08_24_conoco_rockets"


@pytest.fixture(scope="module")
def chain_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Ayyash chain, with one synthetic claim whose quote is a script injection."""
    root = tmp_path_factory.mktemp("browser")
    with build_graph(root / "g.lbdb") as store:
        store.write(web.hostile_claim(HOSTILE_EVENT, datetime(2022, 8, 26, tzinfo=UTC)))
        return chain_html(store, AYYASH, root / "chain.html")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from web.launch(sync_api)


@pytest.fixture(scope="module")
def visit(browser: Any, chain_file: Path) -> Iterator[Visit]:
    yield from web.visit(browser, chain_file, viewport=(1280, 800), settle_ms=300)


def test_draws_the_five_events_and_five_links(visit: Visit) -> None:
    assert visit.page.evaluate("network.body.data.nodes.length") == 5
    assert visit.page.evaluate("network.body.data.edges.length") == 5
    assert AYYASH in visit.page.evaluate("network.body.data.nodes.getIds()")
    # physics is off: what is drawn sits where the layout put it (time left to right)
    xs = visit.page.evaluate(
        "ids => { const p = network.getPositions(ids); return ids.map(i => p[i].x); }",
        [AYYASH, HOSTILE_EVENT, "ev_2022_08_25_conoco_rockets"],
    )
    assert xs == sorted(xs)
    assert xs[0] < xs[2]


def test_no_errors_and_no_network(visit: Visit, chain_file: Path) -> None:
    assert visit.console_errors == []
    assert visit.page_errors == []
    assert visit.failed == []
    assert visit.requests == [chain_file.resolve().as_uri()]


def test_screenshot_is_not_blank(visit: Visit) -> None:
    from matplotlib import image

    png = visit.page.locator("#network").screenshot()
    pixels = image.imread(io.BytesIO(png), format="png")
    rgb = pixels[:, :, :3].reshape(-1, 3)
    colours = {tuple(p) for p in rgb[::3].tolist()}
    assert len(colours) > 100, "the canvas shows lanes, nodes, arrows and text"
    non_white = float((rgb.sum(axis=1) < 2.9).mean())
    assert non_white > 0.02


def test_hostile_quote_is_shown_as_text(visit: Visit) -> None:
    text = visit.page.evaluate(
        "id => network.body.data.nodes.get(id).title.textContent", HOSTILE_EVENT
    )
    assert HOSTILE_QUOTE in text
    injected = visit.page.evaluate(
        "id => network.body.data.nodes.get(id).title.querySelectorAll('script, img').length",
        HOSTILE_EVENT,
    )
    assert injected == 0
    # hover the node so that vis-network puts the tooltip into the page
    point = visit.page.evaluate(
        """id => {
            const p = network.canvasToDOM(network.getPositions([id])[id]);
            const r = document.getElementById('network').getBoundingClientRect();
            return {x: p.x + r.left, y: p.y + r.top};
        }""",
        HOSTILE_EVENT,
    )
    visit.page.mouse.move(point["x"], point["y"])
    visit.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    shown = visit.page.inner_text("div.vis-tooltip")
    assert "<script>alert(1)</script>" in shown
    assert "Conoco gas field" in shown
    assert visit.dialogs == []
