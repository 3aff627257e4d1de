"""The escalation map in a real browser: headless Chromium (Debian's, driven by Playwright).

Opened from a file:// URL with networking off, the map of the demo's March 2023 chain must
draw its markers, areas and arrows, show at any slider position exactly the events whose
windows have started, request nothing beyond the file, log no errors, render a non-blank
picture, and show a hostile quote as text. The density view is checked the same way.

Needs /usr/bin/chromium and the ``playwright`` package of the dev extra (no browser download).
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
from tatgraph.viz import map_view

sync_api = web.require()
KHARAB = "ev_2023_03_23_kharab_al_jir_drone"
HOSTILE_EVENT = "ev_2023_03_24_conoco_rockets"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """The chain map (one synthetic claim quoting a script injection) and a density view."""
    root = tmp_path_factory.mktemp("mapbrowser")
    with build_graph(root / "g.lbdb") as store:
        store.write(web.hostile_claim(HOSTILE_EVENT, datetime(2023, 3, 25, tzinfo=UTC)))
        chain = map_view(store, chain=KHARAB)
        dense = map_view(store, detail_limit=5)
        return {
            "chain": (chain.save(root / "chain.html"), chain.data),
            "density": (dense.save(root / "density.html"), dense.data),
        }


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from web.launch(sync_api)


def _open(browser: Any, path: Path, data: dict[str, Any]) -> Iterator[Visit]:
    yield from web.visit(browser, path, viewport=(1300, 900), data=data)


@pytest.fixture(scope="module")
def chain(browser: Any, pages: dict[str, tuple[Path, dict[str, Any]]]) -> Iterator[Visit]:
    yield from _open(browser, *pages["chain"])


@pytest.fixture(scope="module")
def density(browser: Any, pages: dict[str, tuple[Path, dict[str, Any]]]) -> Iterator[Visit]:
    yield from _open(browser, *pages["density"])


def _shown(page: Any, selector: str) -> int:
    return int(
        page.evaluate(
            "sel => [...document.querySelectorAll(sel)].filter(n => "
            "getComputedStyle(n).display !== 'none').length",
            selector,
        )
    )


def test_the_chain_is_drawn_across_its_sites(chain: Visit) -> None:
    page = chain.page
    page.evaluate("tatmap.setTime(tatmap.last)")
    state = page.evaluate("tatmap.state()")
    # six events: four at their site (markers), one near a site, one only in its region
    assert state["markers"] == 4
    assert _shown(page, "#sites .marker") == 4
    assert state["arrows"] == 5
    assert _shown(page, "#arrows g[data-link]") == 5
    assert _shown(page, "#areas > circle.near") == 1
    assert _shown(page, "#areas > path.region") == 1
    assert sorted(state["visible"]) == sorted(e["id"] for e in chain.data["events"])
    assert _shown(page, "#list tbody tr") == 6
    labels = page.evaluate("[...document.querySelectorAll('#sites text')].map(t => t.textContent)")
    assert "Kharab al-Jir base" in labels


def test_the_slider_shows_exactly_the_events_whose_windows_have_started(chain: Visit) -> None:
    page, events = chain.page, chain.data["events"]
    moments = sorted({e["start"] for e in events} | {e["end"] for e in events})
    probes = sorted({t + d for t in moments for d in (-1, 0, 1)} | {moments[0] - 3_600_000})
    for t in probes:
        page.evaluate("t => tatmap.setTime(t)", t)
        shown = page.evaluate("tatmap.visible()")
        assert shown == [e["id"] for e in events if e["start"] <= t], t
        assert _shown(page, "#list tbody tr") == len(shown)
    # a sliding window of 6 hours: started, and not ended more than 6 hours ago
    width = 6 * 3_600_000
    page.evaluate("w => tatmap.setMode('window', w)", width)
    for t in probes:
        page.evaluate("t => tatmap.setTime(t)", t)
        expected = [e["id"] for e in events if e["start"] <= t and e["end"] > t - width]
        assert page.evaluate("tatmap.visible()") == expected, t
    page.evaluate("tatmap.setMode('cumulative')")
    # the slider itself: dragged to its start nothing is in view, at its end everything
    page.evaluate(
        "v => { const s = document.getElementById('slider'); s.value = v; "
        "s.dispatchEvent(new Event('input')); }",
        "0",
    )
    state = page.evaluate("tatmap.state()")
    assert state["visible"] == [e["id"] for e in events if e["start"] <= state["t"]]
    page.evaluate(
        "() => { const s = document.getElementById('slider'); s.value = s.max; "
        "s.dispatchEvent(new Event('input')); }"
    )
    assert len(page.evaluate("tatmap.visible()")) == 6


def test_step_and_play_move_through_the_windows(chain: Visit) -> None:
    page = chain.page
    page.evaluate("tatmap.setTime(tatmap.first - 1)")
    assert page.evaluate("tatmap.visible()") == []
    page.click("#fwd")
    assert page.evaluate("tatmap.visible()") == [KHARAB]
    page.select_option("#speed", "3")
    page.click("#play")
    page.wait_for_function("() => tatmap.visible().length === 6", timeout=15_000)
    # it plays on through the last window's end, then stops by itself
    page.wait_for_function(
        "() => document.getElementById('play').textContent.endsWith('Play')", timeout=15_000
    )
    assert page.evaluate("tatmap.state().t") == page.evaluate("tatmap.last")


def test_clicking_an_event_shows_its_claims_and_chain(chain: Visit) -> None:
    page = chain.page
    page.evaluate("tatmap.setTime(tatmap.last)")
    page.click(f"#list tbody tr[data-event='{HOSTILE_EVENT}']")
    details = page.inner_text("#details")
    event = next(e for e in chain.data["events"] if e["id"] == HOSTILE_EVENT)
    assert _shown(page, "#details .claim") == len(event["claims"])
    assert "Its chain: 6 events" in details
    assert "Conoco gas field" in details
    # the hostile quote is text, not markup
    quotes = page.evaluate("[...document.querySelectorAll('#details q')].map(q => q.textContent)")
    assert HOSTILE_QUOTE in quotes
    assert page.evaluate("document.querySelectorAll('#details script, #details img').length") == 0
    assert chain.dialogs == []
    # the chain list selects another event
    page.click("#details ol.chain li:not(.me) >> nth=0")
    assert HOSTILE_EVENT not in page.inner_text("#details h2")


def test_hovering_an_arrow_gives_lag_and_confidence(chain: Visit) -> None:
    page = chain.page
    page.evaluate("tatmap.setTime(tatmap.last)")
    box = page.evaluate(
        "() => { const p = document.querySelector('#arrows path.arrow');"
        " const q = p.getPointAtLength(p.getTotalLength() / 2); const m = p.getScreenCTM();"
        " return {x: q.x * m.a + q.y * m.c + m.e, y: q.x * m.b + q.y * m.d + m.f}; }"
    )
    page.mouse.move(box["x"], box["y"])
    page.wait_for_selector("#tip", state="visible", timeout=5_000)
    tip = page.inner_text("#tip")
    assert "lag" in tip
    assert "confidence" in tip
    assert "answers" in tip


def test_chain_page_is_offline_and_error_free(chain: Visit) -> None:
    assert chain.console_errors == []
    assert chain.page_errors == []
    assert chain.failed == []
    assert len(chain.requests) == 1
    assert chain.requests[0].startswith("file://")


def test_screenshot_is_not_blank(chain: Visit) -> None:
    from matplotlib import image

    chain.page.evaluate("tatmap.setTime(tatmap.last)")
    png = chain.page.locator("#map").screenshot()
    pixels = image.imread(io.BytesIO(png), format="png")
    rgb = pixels[:, :, :3].reshape(-1, 3)
    colours = {tuple(p) for p in rgb[::3].tolist()}
    assert len(colours) > 100, "the map shows land, sea, borders, markers, arrows and text"
    # not one flat colour: the sea, the land and the markers differ
    assert float(rgb.std(axis=0).mean()) > 0.03


def _density_counts(data: dict[str, Any], hi: int) -> dict[str, int]:
    out = {}
    for s in data["sites"]:
        n = sum(
            c for b, _, c in zip(s["c"][0::3], s["c"][1::3], s["c"][2::3], strict=True) if b < hi
        )
        if n:
            out[s["id"]] = n
    return out


def test_density_view_counts_per_site_and_period(density: Visit) -> None:
    page, data = density.page, density.data
    assert page.evaluate("document.body.dataset.mode") == "density"
    page.evaluate("tatmap.setTime(tatmap.last)")
    state = page.evaluate("tatmap.state()")
    assert state["events"] == data["total"]
    assert state["markers"] == len([s for s in data["sites"] if s["total"]])
    assert state["regions"] == len(data["regions"])
    assert state["arrows"] == len(data["flows"])
    assert page.evaluate("tatmap.counts()") == _density_counts(data, data["bins"])
    # at the end of each busy period exactly the events of the periods so far
    busy = sorted({b for s in data["sites"] for b in s["c"][0::3]})
    for b in busy:
        page.evaluate("t => tatmap.setTime(t)", data["t0"] + (b + 1) * data["step"])
        assert page.evaluate("tatmap.counts()") == _density_counts(data, b + 1)
        started = sum(lane[i] for lane in data["strip"] for i in range(b + 1))
        assert page.evaluate("tatmap.state().events") == started
    page.evaluate("tatmap.setTime(tatmap.last)")
    page.click("#list tbody tr >> nth=0")
    assert "tatgraph viz map --site" in page.inner_text("#details")
    assert density.console_errors == []
    assert density.page_errors == []
    assert len(density.requests) == 1
