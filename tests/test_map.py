"""The escalation map (``tatgraph viz map``) and the GIS / data-frame exports, without a browser.

What the page is given to draw: the demo chain's sites, areas and arrows, the events the map
cannot place (counted, with the reason), the undated ones (counted), hostile text (escaped
in the page), the density view above the detail limit (totals that add up, a size that does
not grow with the events), and the GeoJSON / Parquet exports read back.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tatgraph import queries
from tatgraph.cli import app
from tatgraph.demo import build_graph
from tatgraph.graph import open_store
from tatgraph.graph.store import GraphStore
from tatgraph.model import Claim, Dataset, Event, Perpetrator, Source
from tatgraph.viz import VizError, map_html, map_view, write_geojson, write_parquet
from tatgraph.viz.geo import Projection, basemap
from tatgraph.viz.mapdensity import MAX_BINS, density_payload
from tatgraph.viz.mapselect import MapEvent, Selection, select_events

KHARAB = "ev_2023_03_23_kharab_al_jir_drone"
DEZ = "ev_2023_03_23_deir_ez_zor_airport_us_airstrikes"
EUPHRATES = "ev_2023_03_24_euphrates_east_bank_drones"
PATROL = "ev_2022_08_20_unlocated_syrian_russian_patrol_mortars"
HOSTILE_EVENT = "ev_2023_03_24_conoco_rockets"
HOSTILE_QUOTE = "</script><script>alert(1)</script><img src=x onerror=alert(2)> & more"
UNDATED = "ev_my_undated_rockets_al_omar"

runner = CliRunner()


@pytest.fixture(scope="module")
def graph_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo graph, one hostile claim on the chain, and one event nobody could date."""
    path = tmp_path_factory.mktemp("map") / "g.lbdb"
    with build_graph(path) as store:
        store.write(
            Dataset(
                sources=[
                    Source(
                        id="src_m",
                        outlet="Test <b>outlet</b>",
                        published=datetime(2023, 3, 25, tzinfo=UTC),
                    )
                ],
                events=[
                    Event(
                        id=UNDATED,
                        kind="rocket_attack",
                        precision="unknown",
                        summary="rockets at the oil field on a day no report gives",
                        site="al_omar",
                        perpetrators=(Perpetrator(actor="iran_backed_militias"),),
                    )
                ],
                claims=[
                    Claim(
                        id="clm_m_hostile",
                        event=HOSTILE_EVENT,
                        source="src_m",
                        injured=3,
                        quote=HOSTILE_QUOTE,
                    )
                ],
            )
        )
    return path


@pytest.fixture(scope="module")
def store(graph_path: Path) -> Iterator[GraphStore]:
    with open_store(graph_path, read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def chain(store: GraphStore) -> dict[str, Any]:
    return map_view(store, chain=KHARAB).data


def page_data(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
    assert m, "the page carries its data as JSON"
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def test_the_demo_chain_is_drawn_across_its_sites(chain: dict[str, Any]) -> None:
    assert chain["mode"] == "detail"
    events = {e["id"]: e for e in chain["events"]}
    assert len(events) == 6
    assert len(chain["links"]) == 5
    sites = [s["name"] for s in chain["sites"]]
    assert "Kharab al-Jir base" in sites
    assert "Deir ez-Zor military airport" in sites
    # every link has a curve between two different sites, bent, with its lag and basis
    for link in chain["links"]:
        assert link["d"].startswith("M")
        assert "Q" in link["d"]
        assert link["basis"] in ("stated", "coded", "inferred")
        assert link["lag"]
    first = next(lk for lk in chain["links"] if chain["events"][lk["from"]]["id"] == KHARAB)
    assert chain["events"][first["to"]]["id"] == DEZ
    # points only for events at their site; 'near' is a circle, 'region' the governorate
    assert events[KHARAB]["geo"] == 1
    assert events[KHARAB]["area"] is None
    near = events[DEZ]["area"]
    assert near["kind"] == "near"
    assert near["r"] == pytest.approx(Projection().km(25.0), abs=0.1)
    region = events[EUPHRATES]["area"]
    assert region["kind"] == "region"
    assert basemap().areas[region["area"]].name == "Deir ez-Zor"
    assert chain["base"]["areas"][region["area"]]["name"] == "Deir ez-Zor"


def test_site_positions_follow_their_coordinates(chain: dict[str, Any], store: GraphStore) -> None:
    proj = Projection()
    rows = queries.run(store, "event_places", ids=[KHARAB])
    x, y = proj.xy(rows[0]["lon"], rows[0]["lat"])
    kharab = next(s for s in chain["sites"] if s["id"] == "kharab_al_jir")
    assert (kharab["x"], kharab["y"]) == (pytest.approx(x, abs=0.1), pytest.approx(y, abs=0.1))
    assert kharab["admin1"] == "Al-Hasakeh"
    # north is up and east is right: Kharab al-Jir lies north-east of Deir ez-Zor airport
    dez = next(s for s in chain["sites"] if s["id"] == "deir_ez_zor_airport")
    assert kharab["x"] > dez["x"]
    assert kharab["y"] < dez["y"]


def test_the_page_is_offline_small_and_escapes_report_text(
    store: GraphStore, tmp_path: Path
) -> None:
    out = map_html(store, tmp_path / "m" / "map.html", chain=KHARAB)
    html = out.read_text(encoding="utf-8")
    assert out.stat().st_size < 2_000_000
    assert "default-src 'none'" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "https://" not in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # SVG namespace
    # the hostile quote ends no element early and is kept whole in the data
    assert "<img src=x" not in html
    assert html.count("</script>") == 2
    data = page_data(html)
    claims = next(e for e in data["events"] if e["id"] == HOSTILE_EVENT)["claims"]
    assert HOSTILE_QUOTE in [c["quote"] for c in claims]
    assert "Test <b>outlet</b>" in [c["outlet"] for c in claims]
    # the attribution is on the page
    assert "Natural Earth" in html


def test_claims_come_side_by_side_with_their_figures(
    chain: dict[str, Any], store: GraphStore
) -> None:
    dez = next(e for e in chain["events"] if e["id"] == DEZ)
    expected = queries.run(store, "claims_for_event", id=DEZ)
    assert [(c["outlet"], c["killed"], c["injured"]) for c in dez["claims"]] == [
        (r["outlet"], r["killed"], r["injured"]) for r in expected
    ]
    assert len(dez["claims"]) >= 2


def test_events_the_map_cannot_place_are_counted_and_said(store: GraphStore) -> None:
    data = map_view(store, "2022-08-20", "2022-08-20").data
    patrol = next(e for e in data["events"] if e["id"] == PATROL)
    assert patrol["site"] is None
    assert patrol["unplaced"] == "no site recorded"
    assert data["unplaced"] == {"without a site": 1}
    assert any("1 event(s) are not on the map (1 without a site)" in n for n in data["notes"])


def test_undated_events_are_counted_not_dropped(store: GraphStore) -> None:
    whole = select_events(store)
    assert whole.undated == 1
    assert UNDATED not in whole.ids
    assert any("1 event(s) of this selection have no date" in n for n in whole.notes)
    assert select_events(store, site="al_omar").undated == 1
    assert select_events(store, site="conoco").undated == 0
    assert select_events(store, side="iran_aligned").undated == 1
    assert select_events(store, side="us_coalition").undated == 0


def test_filters_and_their_errors(store: GraphStore) -> None:
    us = select_events(store, side="us_coalition")
    assert us.rows
    assert all("us_coalition" in r.sides for r in us.rows)
    assert (
        select_events(store, site="Al-Omar oil field").ids
        == select_events(store, site="al_omar").ids
    )
    part = select_events(store, "2023-03-24", "2023-03-24", chain=KHARAB)
    assert KHARAB not in part.ids
    assert len(part.rows) == 4
    assert "(4 in this selection)" in part.title
    assert any("outside this selection" in n for n in part.notes)
    with pytest.raises(VizError, match="no event with id 'ev_nope'"):
        select_events(store, chain="ev_nope")
    with pytest.raises(VizError, match="has no date"):
        select_events(store, chain=UNDATED)
    with pytest.raises(VizError, match="did you mean al_omar"):
        select_events(store, site="al_omr")
    with pytest.raises(VizError, match="unknown side"):
        select_events(store, side="martians")


def test_above_the_detail_limit_the_map_counts_per_site_and_period(store: GraphStore) -> None:
    view = map_view(store, detail_limit=5)
    data = view.data
    assert data["mode"] == "density"
    assert data["total"] == 22
    assert "Density view: 22 events are more than the 5" in data["notes"][0]
    on_map = sum(s["total"] for s in data["sites"]) + sum(r["total"] for r in data["regions"])
    assert on_map + sum(data["unplaced"].values()) == data["total"]
    assert sum(sum(lane) for lane in data["strip"]) == data["total"]
    # each site's per-period counts add up to its total
    for s in data["sites"]:
        assert sum(s["c"][2::3]) == s["total"]
        assert all(0 <= b < data["bins"] for b in s["c"][0::3])
    # the region-precision event of the chain shades Deir ez-Zor governorate, not a point
    assert "Deir ez-Zor" in [r["name"] for r in data["regions"]]
    # arrows sum the links between two sites
    assert sum(f["total"] for f in data["flows"]) == len(view.selection.links)
    assert data["bins"] <= MAX_BINS
    assert "<tr><th>site</th>" in view.html


def _rows(n: int, sites: int, days: float = 1000.0) -> list[MapEvent]:
    t0 = datetime(2018, 1, 1, tzinfo=UTC)
    gap = days * 24 / n
    return [
        MapEvent(
            id=f"ev_{i}",
            kind="rocket_attack",
            start=t0 + timedelta(hours=gap * i),
            end=t0 + timedelta(hours=gap * i + 24),
            precision="day",
            tz="UTC",
            geo_precision=1 + (i % 3 == 0),
            site_id=f"s{i % sites}",
            site=f"site {i % sites}",
            lat=33.0 + (i % sites) * 0.05,
            lon=38.0 + (i % sites) * 0.04,
            sides=(("iran_aligned",), ("us_coalition",), ())[i % 3],
        )
        for i in range(n)
    ]


def test_the_density_page_does_not_grow_with_the_events() -> None:
    # the same 1,000 days and 60 sites with 20 times more events: about the same page
    sizes = []
    for n in (2_000, 40_000):
        rows = _rows(n, 60)
        rows[0] = MapEvent(**{**rows[0].__dict__, "lat": None, "lon": None})
        data = density_payload(Selection("test", rows, []), limit=300)
        assert data["total"] == n
        assert data["unplaced"] == {"at a site without coordinates": 1}
        assert sum(s["total"] for s in data["sites"]) == n - 1
        assert data["period"] == "week"
        sizes.append(len(json.dumps(data)))
    assert sizes[1] < sizes[0] * 1.3
    assert sizes[1] < 1_000_000


def test_notebook_view_is_a_sandboxed_frame(store: GraphStore) -> None:
    view = map_view(store, chain=KHARAB)
    frame = view._repr_html_()
    assert frame.startswith('<iframe sandbox="allow-scripts" srcdoc="')
    assert "allow-same-origin" not in frame
    # the whole page is inside the attribute, quotes and brackets escaped
    assert "<script" not in frame
    assert "&lt;script" in frame
    assert repr(view).startswith("MapView(6 events, 5 links, 6 sites: Chain of 6 events")


def test_cli_writes_the_map_and_refuses_typos(graph_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "chain.html"
    result = runner.invoke(
        app, ["viz", "map", "--chain", KHARAB, "-o", str(out), "-g", str(graph_path)]
    )
    assert result.exit_code == 0, result.output
    assert page_data(out.read_text(encoding="utf-8"))["mode"] == "detail"
    dense = tmp_path / "dense.html"
    args = ["viz", "map", "--detail-limit", "3", "-o", str(dense), "-g", str(graph_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert page_data(dense.read_text(encoding="utf-8"))["mode"] == "density"
    # what the page notes is said on the terminal too
    said = " ".join(result.output.split())
    assert "Density view: 22 events are more than the 3" in said
    assert "1 event(s) of this selection have no date" in said
    result = runner.invoke(
        app, ["viz", "map", "--site", "conoko", "-o", str(out), "-g", str(graph_path)]
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, VizError)
    assert "did you mean conoco" in str(result.exception)


def test_geojson_round_trip(store: GraphStore, tmp_path: Path) -> None:
    path = write_geojson(store, tmp_path / "events.geojson", "2023-03-23", "2023-03-24")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    events = {f["id"]: f for f in data["features"] if f["properties"]["feature"] == "event"}
    links = [f for f in data["features"] if f["properties"]["feature"] == "response"]
    assert set(events) == set(select_events(store, "2023-03-23", "2023-03-24").ids)
    kharab = events[KHARAB]
    place = queries.run(store, "event_places", ids=[KHARAB])[0]
    assert kharab["geometry"] == {"type": "Point", "coordinates": [place["lon"], place["lat"]]}
    assert kharab["properties"]["geo_precision"] == 1
    assert kharab["properties"]["start_utc"] == "2023-03-23T10:00:00Z"
    assert kharab["properties"]["side"] == "iran_aligned"
    assert events[EUPHRATES]["properties"]["geo_precision"] == 3
    assert len(links) == 5
    first = next(f for f in links if f["properties"]["responds_to"] == KHARAB)
    assert first["geometry"]["type"] == "LineString"
    assert first["geometry"]["coordinates"][0] == [place["lon"], place["lat"]]
    assert first["properties"]["from_site"] == "kharab_al_jir"


def test_geojson_event_without_a_site_has_no_geometry(store: GraphStore, tmp_path: Path) -> None:
    path = write_geojson(store, tmp_path / "aug.geojson", "2022-08-20", "2022-08-20")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    patrol = next(f for f in features if f["id"] == PATROL)
    assert patrol["geometry"] is None
    assert patrol["properties"]["lat"] is None


def test_parquet_round_trip(store: GraphStore, tmp_path: Path) -> None:
    folder = write_parquet(store, tmp_path / "tables")
    events = pq.read_table(folder / "events.parquet").to_pylist()
    claims = pq.read_table(folder / "claims.parquet").to_pylist()
    links = pq.read_table(folder / "links.parquet").to_pylist()
    dated = select_events(store)
    assert sorted(e["id"] for e in events) == sorted(dated.ids)
    kharab = next(e for e in events if e["id"] == KHARAB)
    assert kharab["start_utc"] == datetime(2023, 3, 23, 10, tzinfo=UTC)
    assert kharab["site_id"] == "kharab_al_jir"
    assert math.isclose(kharab["lat"], queries.run(store, "event_places", ids=[KHARAB])[0]["lat"])
    mine = [c for c in claims if c["event"] == HOSTILE_EVENT]
    assert HOSTILE_QUOTE in [c["quote"] for c in mine]
    assert kharab["claims"] == len([c for c in claims if c["event"] == KHARAB])
    assert len(links) == len(dated.links)
    assert {(lk["event"], lk["responds_to"]) for lk in links} == {
        (lk.event, lk.responds_to) for lk in dated.links
    }


def test_cli_exports_geojson_and_parquet(graph_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.geojson"
    result = runner.invoke(app, ["viz", "export", "-o", str(out), "-g", str(graph_path)])
    assert result.exit_code == 0, result.output
    assert "1 event(s) have no date" in " ".join(result.output.split())
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    folder = tmp_path / "t"
    args = ["viz", "export", "--format", "parquet", "-o", str(folder), "-g", str(graph_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "claims.parquet",
        "events.parquet",
        "links.parquet",
    ]
    # a file where the folder should be is refused clearly
    args = ["viz", "export", "--format", "parquet", "-o", str(out), "-g", str(graph_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert isinstance(result.exception, VizError)
    assert "is a file; parquet export writes three tables into a folder" in str(result.exception)


def test_the_bundled_basemap_is_small_credited_and_fits_together() -> None:
    path = Path(__file__).resolve().parents[1] / "tatgraph" / "data" / "basemap.json"
    assert path.stat().st_size < 300_000
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "Natural Earth (public domain)" in raw["attribution"]
    assert raw["source"]["script"] == "tools/make_basemap.py"
    assert len(raw["source"]["sha256"]) == 64
    base = basemap()
    names = {(a.country, a.name) for a in base.areas}
    for wanted in (
        ("SYR", "Deir ez-Zor"),
        ("IRQ", "Al Anbar"),
        ("JOR", "Mafraq"),
        ("LBN", "Beirut"),
    ):
        assert wanted in names
    # known places fall in the right province, the sea in none
    assert base.area_at(36.29, 33.51).name == "Damascus"  # type: ignore[union-attr]
    assert base.area_at(44.37, 33.31).country == "IRQ"  # type: ignore[union-attr]
    assert base.area_at(34.0, 34.5) is None  # the Mediterranean off Lebanon
