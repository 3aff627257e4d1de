"""Views of the demo graph: the chain HTML, filtered views, the timeline and the exports."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from tatgraph import queries
from tatgraph.demo import build_graph
from tatgraph.graph import open_store
from tatgraph.graph.store import GraphStore
from tatgraph.model import Claim, Dataset, Source
from tatgraph.viz import (
    VizError,
    chain_events,
    chain_html,
    export,
    lag_figure,
    save_timeline,
    subgraph_html,
    to_networkx,
    window_events,
)
from tatgraph.viz.events import resolve_window

AYYASH = "ev_2022_08_23_ayyash_us_airstrikes"
KHARAB = "ev_2023_03_23_kharab_al_jir_drone"
XSS_EVENT = "ev_2022_08_24_conoco_rockets"
XSS_QUOTE = "<script>alert(1)</script> and </script><b>bold</b> & more"
XSS_OUTLET = 'Outlet "<img src=x onerror=alert(2)>"'


@pytest.fixture(scope="module")
def graph_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo graph plus one synthetic claim whose quote and outlet are hostile HTML."""
    path = tmp_path_factory.mktemp("viz") / "g.lbdb"
    with build_graph(path) as store:
        store.write(
            Dataset(
                sources=[
                    Source(
                        id="src_hostile",
                        outlet=XSS_OUTLET,
                        published=datetime(2022, 8, 26, tzinfo=UTC),
                    )
                ],
                claims=[
                    Claim(
                        id="clm_hostile",
                        event=XSS_EVENT,
                        source="src_hostile",
                        claimant="al_akhbar",
                        injured=2,
                        quote=XSS_QUOTE,
                    )
                ],
            )
        )
    return path


@pytest.fixture(scope="module")
def store(graph_path: Path) -> Iterator[GraphStore]:
    """The graph opened read-only, as the CLI opens it."""
    with open_store(graph_path, read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def ayyash_html(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = chain_html(store, AYYASH, tmp_path_factory.mktemp("html") / "sub" / "chain.html")
    return out.read_text(encoding="utf-8")


def _data(page: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="viz-data">(.*?)</script>', page, re.S)
    assert m, "the page embeds its data as JSON"
    data: dict[str, Any] = json.loads(m.group(1))
    return data


class _Resources(HTMLParser):
    """Every script/stylesheet/image/frame reference and every inline <style> text."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.scripts = 0
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for name in ("src", "href", "data", "srcset"):
            if found.get(name) and tag in ("script", "link", "img", "iframe", "object", "embed"):
                self.refs.append(f"{tag} {name}={found[name]}")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


# --- the chain view --------------------------------------------------------------------


def test_chain_events_of_the_ayyash_chain(store: GraphStore) -> None:
    chain = chain_events(store, AYYASH)
    assert len(chain.events) == 5
    assert len(chain.links) == 5
    assert next(iter(chain.events)) == AYYASH  # earliest first
    assert chain.lanes() == ["us_coalition", "iran_aligned"]
    assert "airstrike at Ayyash" in chain.title
    # any member of the chain gives the same chain
    same = chain_events(store, "ev_2022_08_24_al_mayadin_us_helicopter_strikes")
    assert set(same.events) == set(chain.events)


def test_chain_html_is_self_contained(ayyash_html: str) -> None:
    parser = _Resources()
    parser.feed(ayyash_html)
    assert parser.refs == [], "scripts, styles and images must be inline"
    assert parser.scripts == 3  # data, vis-network, our code
    css = "\n".join(parser.styles)
    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", ayyash_html)
    assert "cdn.jsdelivr" not in ayyash_html
    assert "cdnjs" not in ayyash_html
    assert "bootstrap" not in ayyash_html.lower()
    assert "vis.Network" in ayyash_html  # vis-network itself is inlined
    assert "default-src 'none'" in ayyash_html  # and the page may not load anything else


def test_chain_layout_time_left_to_right_one_lane_per_side(
    store: GraphStore, ayyash_html: str
) -> None:
    data = _data(ayyash_html)
    assert data["options"]["physics"]["enabled"] is False
    nodes = {n["id"]: n for n in data["nodes"]}
    assert len(nodes) == 5
    assert all(n["physics"] is False for n in nodes.values())
    events = chain_events(store, AYYASH).events
    by_time = sorted(events, key=lambda i: events[i].midpoint)
    xs = [nodes[i]["x"] for i in by_time]
    assert xs == sorted(xs)
    assert nodes[AYYASH]["x"] < nodes["ev_2022_08_24_conoco_rockets"]["x"]
    assert nodes["ev_2022_08_24_conoco_rockets"]["x"] < nodes["ev_2022_08_25_conoco_rockets"]["x"]
    # each node lies inside the band of its perpetrators' side, coloured by that side
    lanes = {lane["label"]: lane for lane in data["layout"]["lanes"]}
    assert list(lanes) == ["US / coalition", "Iran-aligned"]
    for eid, ev in events.items():
        lane = lanes["US / coalition" if ev.lane == "us_coalition" else "Iran-aligned"]
        assert lane["top"] < nodes[eid]["y"] < lane["bottom"]
        assert nodes[eid]["color"]["background"] == lane["colour"]
    assert nodes[AYYASH]["color"]["background"] != nodes[XSS_EVENT]["color"]["background"]


def test_chain_sizes_and_edges(ayyash_html: str) -> None:
    data = _data(ayyash_html)
    nodes = {n["id"]: n for n in data["nodes"]}
    # 3 killed > 5 injured > nothing known
    heli, conoco, ayyash = (
        nodes["ev_2022_08_24_al_mayadin_us_helicopter_strikes"],
        nodes[XSS_EVENT],
        nodes[AYYASH],
    )
    assert heli["size"] > conoco["size"] > ayyash["size"]
    assert ayyash["shapeProperties"]["borderDashes"], "unknown casualties are drawn dashed"
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert len(edges) == 5
    # arrows run from the answered event to the response, labelled with the lag
    assert edges[(AYYASH, XSS_EVENT)]["label"] == "+23 h"
    assert edges[(AYYASH, "ev_2022_08_25_conoco_rockets")]["label"] == "+33 h"
    assert edges[(XSS_EVENT, "ev_2022_08_24_al_mayadin_us_helicopter_strikes")]["label"] == "+0 h"
    assert all(e["dashes"] is False for e in edges.values())  # all stated in this chain


def test_tooltips_show_window_site_munitions_and_claims(ayyash_html: str) -> None:
    nodes = {n["id"]: n for n in _data(ayyash_html)["nodes"]}
    tip = nodes[XSS_EVENT]["title"]
    assert "Conoco gas field" in tip
    assert "rocket attack" in tip
    assert "rockets: 3" in tip
    assert re.search(r"2022-08-2\d \d\d:\d\d–\d\d:\d\d", tip), "the date window"
    assert "<b>Al-Akhbar (Lebanon)</b> in Al-Akhbar, 2022-08-26" in tip  # claimant, outlet
    assert "4 claim(s)" in tip  # three coded from the report, plus the synthetic one


def test_report_text_is_escaped(ayyash_html: str) -> None:
    assert "<script>alert(1)" not in ayyash_html
    assert "<img src=x" not in ayyash_html
    assert "<b>bold</b>" not in ayyash_html
    tip = {n["id"]: n for n in _data(ayyash_html)["nodes"]}[XSS_EVENT]["title"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and &lt;/script&gt;&lt;b&gt;bold" in tip
    assert "&amp; more" in tip
    assert "&lt;img src=x onerror=alert(2)&gt;" in tip
    assert "&quot;" in tip  # quotes escaped too: safe inside attributes


def test_an_event_without_links_is_a_chain_of_one(store: GraphStore, tmp_path: Path) -> None:
    out = chain_html(store, "ev_2023_10_23_al_omar_drones", tmp_path / "one.html")
    data = _data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 1
    assert data["edges"] == []
    assert "answers nothing" in out.read_text(encoding="utf-8")


def test_unknown_event_is_refused_with_a_hint(store: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(VizError, match="no event with id 'ev_nope'") as err:
        chain_html(store, "ev_nope", tmp_path / "x.html")
    assert "tatgraph chains" in (err.value.hint or "")
    assert not (tmp_path / "x.html").exists()


def test_chain_over_budget_is_refused(store: GraphStore) -> None:
    with pytest.raises(VizError, match="6 events, more than the 4") as err:
        chain_events(store, KHARAB, max_nodes=4)
    assert "tatgraph viz graph" in (err.value.hint or "")


# --- filtered views --------------------------------------------------------------------


def test_window_days_are_local_and_the_end_day_is_included(store: GraphStore) -> None:
    one_day = window_events(store, "2023-03-24", "2023-03-24")
    assert sorted(one_day.events) == [
        "ev_2023_03_24_al_omar_rockets",
        "ev_2023_03_24_al_shaddadi_rockets",
        "ev_2023_03_24_conoco_rockets",
        "ev_2023_03_24_euphrates_east_bank_drones",
    ]
    assert one_day.links == []
    assert one_day.hidden_links == 4  # each answers the 23 March strike, outside the window
    assert any("4 response link(s)" in note for note in one_day.notes)
    two_days = window_events(store, "2023-03-23", "2023-03-24")
    assert len(two_days.events) == 6
    assert len(two_days.links) == 5


def test_window_filters_by_site_and_side(store: GraphStore) -> None:
    at_omar = window_events(store, site="Al-Omar oil field")
    assert len(at_omar.events) == 6
    assert {e.site_id for e in at_omar.events.values()} == {"al_omar"}
    assert set(window_events(store, site="al_omar").events) == set(at_omar.events)
    militia = window_events(store, "2022-08-01", "2022-08-31", side="iran_aligned")
    assert sorted(militia.events) == [
        "ev_2022_08_24_al_omar_rockets",
        "ev_2022_08_24_conoco_rockets",
        "ev_2022_08_25_conoco_rockets",
    ]
    unnamed = window_events(store, side="unidentified")
    assert len(unnamed.events) == 8
    assert all(not e.perpetrators for e in unnamed.events.values())


def test_subgraph_html_and_its_budget(store: GraphStore, tmp_path: Path) -> None:
    out = subgraph_html(store, "2023-03-23", "2023-03-24", path=tmp_path / "g.html")
    data = _data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 6
    assert len(data["edges"]) == 5
    with pytest.raises(VizError, match="22 events, more than the 10") as err:
        subgraph_html(store, path=tmp_path / "all.html", max_nodes=10)
    assert "--from/--to" in (err.value.hint or "")
    assert not (tmp_path / "all.html").exists()


@pytest.mark.parametrize(
    ("start", "end", "side", "message"),
    [
        ("24/03/2023", None, None, "cannot read '24/03/2023'"),
        ("2023-03-24", "2023-03-01", None, "empty time window"),
        (None, None, "militia", "unknown side 'militia'"),
    ],
)
def test_bad_filters_are_refused(
    store: GraphStore, start: str | None, end: str | None, side: str | None, message: str
) -> None:
    with pytest.raises(VizError, match=message):
        window_events(store, start, end, side=side)


def test_iso_times_are_utc_and_the_end_is_excluded() -> None:
    lo, hi = resolve_window("2023-03-23T17:00:00Z", "2023-03-24T03:00")
    assert lo == datetime(2023, 3, 23, 17, tzinfo=UTC)
    assert hi == datetime(2023, 3, 24, 3, tzinfo=UTC)


# --- the timeline ----------------------------------------------------------------------


def test_timeline_png_is_an_image_with_content(store: GraphStore, tmp_path: Path) -> None:
    from matplotlib import image

    out = save_timeline(store, tmp_path / "t.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = image.imread(out)
    height, width = pixels.shape[:2]
    assert width >= 1200
    assert height >= 600
    colours = {tuple(p) for p in pixels[::4, ::4].reshape(-1, pixels.shape[2]).tolist()}
    assert len(colours) > 50


def test_timeline_svg_has_lanes_sites_and_lags(store: GraphStore, tmp_path: Path) -> None:
    out = save_timeline(store, tmp_path / "t.svg", event_id=AYYASH)
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml")
    for text in ("US / coalition", "Iran-aligned", "Ayyash", "Conoco gas field", "+23 h", "+33 h"):
        assert text in svg, text
    assert "Kharab" not in svg  # only the chain asked for
    assert "<dc:date>" not in svg  # reproducible: no timestamp


def test_timeline_refuses_unknown_formats_and_empty_windows(
    store: GraphStore, tmp_path: Path
) -> None:
    with pytest.raises(VizError, match="image format"):
        save_timeline(store, tmp_path / "t.gif")
    with pytest.raises(VizError, match="no events"):
        save_timeline(store, tmp_path / "t.png", "1990-01-01", "1990-12-31")


def test_lag_figure_shows_each_dyad(store: GraphStore) -> None:
    fig = lag_figure(store)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "US / coalition → Iran-aligned (5)" in labels
    assert "Iran-aligned → US / coalition (4)" in labels


# --- exports ---------------------------------------------------------------------------


def test_to_networkx_has_events_links_and_attributes(store: GraphStore) -> None:
    g = to_networkx(store)
    assert g.number_of_nodes() == 22
    assert g.number_of_edges() == 14
    # RESPONDS_TO direction: the responding event points at the one it answers
    edge = g.edges[XSS_EVENT, AYYASH]
    assert edge["type"] == "RESPONDS_TO"
    assert edge["basis"] == "stated"
    assert edge["lag_hours"] == 23.0
    node = g.nodes[XSS_EVENT]
    assert node["kind"] == "rocket_attack"
    assert node["site_id"] == "conoco"
    assert node["side"] == "iran_aligned"
    assert node["start_utc"].endswith("Z")
    assert json.loads(node["munitions"]) == {"rockets": 3}
    assert node["claims"] == len(queries.run(store, "claims_for_event", id=XSS_EVENT)) == 4
    assert "killed_best" not in node  # unknown stays absent, not 0
    assert node["injured_best"] == 5
    assert to_networkx(store, site="al_omar").number_of_nodes() == 6


def test_graphml_round_trip(store: GraphStore, tmp_path: Path) -> None:
    out = export(store, tmp_path / "events.graphml")
    back = nx.read_graphml(out)
    assert back.number_of_nodes() == 22
    assert back.number_of_edges() == 14
    assert back.edges[XSS_EVENT, AYYASH]["lag_hours"] == 23.0
    assert back.nodes[XSS_EVENT]["injured_best"] == 5
    assert back.nodes[AYYASH]["background"] is True


def test_gexf_for_gephi_is_laid_out_and_coloured(store: GraphStore, tmp_path: Path) -> None:
    out = export(store, tmp_path / "events.xml", "gexf")
    back = nx.read_gexf(out)
    assert back.number_of_nodes() == 22
    assert back.number_of_edges() == 14
    viz = back.nodes[AYYASH]["viz"]
    assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (0x00, 0x72, 0xB2)
    later = back.nodes["ev_2022_08_25_conoco_rockets"]["viz"]["position"]
    assert later["x"] > viz["position"]["x"]  # time runs along x
    assert later["y"] != viz["position"]["y"]  # another side, another band


def test_json_is_node_link_data(store: GraphStore, tmp_path: Path) -> None:
    out = export(store, tmp_path / "events.json", side="iran_aligned")
    data = json.loads(out.read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="links")
    assert back.is_directed()
    assert back.number_of_nodes() == 8
    assert all(d["side"] == "iran_aligned" for _, d in back.nodes(data=True))
    with pytest.raises(VizError, match="no export format"):
        export(store, tmp_path / "events")


def test_every_public_name_of_viz_is_what_it_names_whatever_was_imported_first() -> None:
    """A submodule named like a function (``viz.export`` was both) replaces the function on
    the package once anything imports the submodule: ``from tatgraph.viz import export`` then
    gave a module. No public name may share its module's name."""
    import importlib

    import tatgraph.viz as viz

    for name in viz.__all__:
        importlib.import_module("tatgraph.viz." + viz._LAZY.get(name, "constants"))
    for name, module in viz._LAZY.items():
        assert name != module, f"tatgraph.viz.{name} is also a submodule's name"
        assert not inspect.ismodule(getattr(viz, name)), name
