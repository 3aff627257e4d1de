"""notebooks/02_chains_and_lags.ipynb runs top to bottom and shows the views it promises.

Executed like notebook 01 (see ``test_notebooks.py``, whose kernel helpers this reuses):
nbclient, ipykernel's ``python3`` kernel on this interpreter, a temporary working directory,
and the graph at ``TATGRAPH_NOTEBOOK_GRAPH`` in pytest's ``tmp_path``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from test_notebooks import ARABIC, CELL_TIMEOUT, _cell, _kernel_manager, _text

_DEV = "the notebook test needs the dev extra: pip install -e '.[dev]'"
nbformat = pytest.importorskip("nbformat", reason=_DEV)
nbclient = pytest.importorskip("nbclient", reason=_DEV)

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_chains_and_lags.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, Path]:
    """The notebook after running it: (notebook, its graph file, its working directory)."""
    root = tmp_path_factory.mktemp("notebook02")
    workdir = root / "work"
    workdir.mkdir()
    graph = root / "graph" / "notebook02.lbdb"
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        km=_kernel_manager(),
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    # the kernel's own (inline) matplotlib backend, whatever MPLBACKEND the test run has
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client.execute(cleanup_kc=True, env={**env, "TATGRAPH_NOTEBOOK_GRAPH": str(graph)})
    return nb, graph, workdir


def _images(cell: Any) -> int:
    return sum("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def test_committed_notebook_is_stripped() -> None:
    raw = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert raw["nbformat"] == 4
    assert raw["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in raw["cells"] if c["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell["outputs"] == [], f"cell {cell.get('id')} has outputs: strip them"
        assert cell["execution_count"] is None, f"cell {cell.get('id')} has an execution count"
    assert not ARABIC.search(NOTEBOOK.read_text(encoding="utf-8")), "no report text in the notebook"


def test_notebook_runs_without_errors(executed: tuple[Any, Path, Path]) -> None:
    nb, graph, workdir = executed
    errors = [
        c.get("id")
        for c in nb.cells
        if any(o["output_type"] == "error" for o in c.get("outputs", []))
    ]
    assert errors == []
    assert graph.exists(), "the notebook must build its graph at TATGRAPH_NOTEBOOK_GRAPH"
    assert not (workdir / "tatgraph-out").exists()


def test_chains_are_listed(executed: tuple[Any, Path, Path]) -> None:
    text = _text(_cell(executed[0], "chains"))
    assert "3 escalation chains" in text
    assert "Ayyash" in text


def test_chain_view_is_written_and_shown_inline(executed: tuple[Any, Path, Path]) -> None:
    nb, graph = executed[0], executed[1]
    page = graph.parent / "views" / "chain_ayyash.html"
    assert page.exists()
    shown = _text(_cell(nb, "chain-view"))
    assert "<iframe srcdoc=" in shown
    assert "Chain of 5 events from airstrike at Ayyash" in shown


def test_window_view_and_refusal(executed: tuple[Any, Path, Path]) -> None:
    text = _text(_cell(executed[0], "window"))
    assert "march_2023.html" in text
    assert "Refused: this selection has 22 events, more than the 10" in text


def test_lags_are_tabled_and_plotted(executed: tuple[Any, Path, Path]) -> None:
    nb = executed[0]
    lags = _text(_cell(nb, "lags"))
    assert "us_coalition -> iran_aligned" in lags
    assert "5 links" in lags
    assert _images(_cell(nb, "lag-plot")) == 1
    assert _images(_cell(nb, "basis-plot")) == 1


def test_timeline_and_exports(executed: tuple[Any, Path, Path]) -> None:
    nb, graph = executed[0], executed[1]
    assert _images(_cell(nb, "timeline")) == 1
    views = graph.parent / "views"
    assert (views / "timeline.png").stat().st_size > 10_000
    assert "Ayyash" in (views / "timeline.svg").read_text(encoding="utf-8")
    assert "22 events, 14 links" in _text(_cell(nb, "export"))
    for fmt in ("graphml", "gexf", "json"):
        assert (views / f"events.{fmt}").exists()
