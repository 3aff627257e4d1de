"""notebooks/02_chains_and_lags.ipynb runs top to bottom and shows the views it promises.

Executed like notebook 01 (see ``test_notebooks.py``, whose kernel helpers this reuses):
nbclient, ipykernel's ``python3`` kernel on this interpreter, a temporary working directory,
and the graph at ``TATGRAPH_NOTEBOOK_GRAPH`` in pytest's ``tmp_path``, then again with
``TATGRAPH_GRAPH`` pointing at the suite's Neo4j server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import BACKENDS
from test_notebooks import (
    NotebookRun,
    _cell,
    _text,
    assert_committed_clean,
    error_cells,
    run_notebook,
)

_DEV = "the notebook test needs the dev extra: pip install -e '.[dev]'"
nbformat = pytest.importorskip("nbformat", reason=_DEV)
nbclient = pytest.importorskip("nbclient", reason=_DEV)

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_chains_and_lags.ipynb"


@pytest.fixture(scope="module", params=BACKENDS)
def executed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> NotebookRun:
    """The notebook after running it on each backend."""
    return run_notebook(NOTEBOOK, tmp_path_factory.mktemp("notebook02"), backend=request.param)


def _images(cell: Any) -> int:
    return sum("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def test_committed_notebook_is_stripped() -> None:
    assert_committed_clean(NOTEBOOK)


def test_notebook_runs_without_errors(executed: NotebookRun) -> None:
    assert error_cells(executed.nb) == []
    assert executed.events() == 22, "the notebook must build its graph where it is told"
    assert executed.views.is_dir()


def test_chains_are_listed(executed: NotebookRun) -> None:
    text = _text(_cell(executed[0], "chains"))
    assert "3 escalation chains" in text
    assert "Ayyash" in text


def test_chain_view_is_written_and_shown_inline(executed: NotebookRun) -> None:
    nb = executed.nb
    page = executed.views / "chain_ayyash.html"
    assert page.exists()
    shown = _text(_cell(nb, "chain-view"))
    assert "<iframe srcdoc=" in shown
    assert "Chain of 5 events from airstrike at Ayyash" in shown


def test_window_view_and_refusal(executed: NotebookRun) -> None:
    text = _text(_cell(executed[0], "window"))
    assert "march_2023.html" in text
    assert "Refused: this selection has 22 events, more than the 10" in text


def test_lags_are_tabled_and_plotted(executed: NotebookRun) -> None:
    nb = executed[0]
    lags = _text(_cell(nb, "lags"))
    assert "us_coalition -> iran_aligned" in lags
    assert "5 links" in lags
    assert _images(_cell(nb, "lag-plot")) == 1
    assert _images(_cell(nb, "basis-plot")) == 1


def test_timeline_and_exports(executed: NotebookRun) -> None:
    nb, views = executed.nb, executed.views
    assert _images(_cell(nb, "timeline")) == 1
    assert (views / "timeline.png").stat().st_size > 10_000
    assert "Ayyash" in (views / "timeline.svg").read_text(encoding="utf-8")
    assert "22 events, 14 links" in _text(_cell(nb, "export"))
    for fmt in ("graphml", "gexf", "json"):
        assert (views / f"events.{fmt}").exists()


def test_map_is_shown_inline_and_saved(executed: NotebookRun) -> None:
    nb = executed.nb
    cell = _cell(nb, "map")
    text = _text(cell)
    assert "MapView(6 events, 5 links, 6 sites" in text
    # shown as a sandboxed frame holding the whole offline page
    html = next(
        out["data"]["text/html"]
        for out in cell["outputs"]
        if out["output_type"] == "execute_result"
    )
    assert html.startswith('<iframe sandbox="allow-scripts" srcdoc="')
    assert "Content-Security-Policy" in html
    page = executed.views / "map_march_2023.html"
    assert "Chain of 6 events from drone attack at Kharab al-Jir base" in page.read_text(
        encoding="utf-8"
    )


def test_gis_and_table_exports(executed: NotebookRun) -> None:
    nb, views = executed.nb, executed.views
    assert (views / "events.geojson").exists()
    assert sorted(p.name for p in (views / "tables").iterdir()) == [
        "claims.parquet",
        "events.parquet",
        "links.parquet",
    ]
    assert "claims.parquet, events.parquet, links.parquet" in _text(_cell(nb, "export"))
