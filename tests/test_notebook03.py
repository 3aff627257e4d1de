"""notebooks/03_bring_your_own_data.ipynb: an ACLED export and Arabic reports, end to end.

Executed like notebook 01 (kernel helpers from ``test_notebooks.py``), with the graph in
pytest's ``tmp_path`` and the reports folder pointed at the seed reports.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from test_notebooks import ARABIC, CELL_TIMEOUT, _cell, _kernel_manager, _text

_DEV = "the notebook test needs the dev extra: pip install -e '.[dev]'"
nbformat = pytest.importorskip("nbformat", reason=_DEV)
nbclient = pytest.importorskip("nbclient", reason=_DEV)

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_bring_your_own_data.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> tuple[Any, Path]:
    root = tmp_path_factory.mktemp("notebook03")
    workdir = root / "work"
    workdir.mkdir()
    graph = root / "graph" / "notebook03.lbdb"
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        km=_kernel_manager(),
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "TATGRAPH_ACLED_CSV")}
    env.update({"TATGRAPH_NOTEBOOK_GRAPH": str(graph), "TATGRAPH_REPORTS_DIR": str(seeds)})
    client.execute(cleanup_kc=True, env=env)
    return nb, graph


def test_committed_notebook_is_stripped_and_holds_no_report_text() -> None:
    raw = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == []
            assert cell["execution_count"] is None
    assert not ARABIC.search(NOTEBOOK.read_text(encoding="utf-8"))


def test_runs_without_errors(executed: tuple[Any, Path]) -> None:
    nb, graph = executed
    errors = [
        c.get("id")
        for c in nb.cells
        if any(o["output_type"] == "error" for o in c.get("outputs", []))
    ]
    assert errors == []
    assert graph.exists()


def test_acled_tally_accounts_for_every_row(executed: tuple[Any, Path]) -> None:
    text = _text(_cell(executed[0], "acled-tally"))
    m = re.search(r"read (\d+) = stored (\d+) \+ rejected (\d+) \+ skipped (\d+)", text)
    assert m, text
    read, stored, rejected, skipped = map(int, m.groups())
    assert read == 2000
    assert read == stored + rejected + skipped
    assert stored > 1000


def test_second_acled_load_changes_nothing(executed: tuple[Any, Path]) -> None:
    assert "unchanged after a second load: True" in _text(_cell(executed[0], "acled-idempotent"))


def test_reports_become_events(executed: tuple[Any, Path]) -> None:
    text = _text(_cell(executed[0], "reports"))
    m = re.search(r"5 reports -> (\d+) events, (\d+) claims", text)
    assert m, text
    assert int(m.group(1)) >= 15


def test_chains_and_view(executed: tuple[Any, Path]) -> None:
    assert re.search(r"\d+ chains; longest has \d+ steps", _text(_cell(executed[0], "chains")))
    viz = _cell(executed[0], "viz")
    assert "wrote" in _text(viz)
    assert any("text/html" in o.get("data", {}) for o in viz.get("outputs", []))
