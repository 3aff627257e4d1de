"""notebooks/03_bring_your_own_data.ipynb: an ACLED export and Arabic reports, end to end.

Executed like notebook 01 (kernel helpers from ``test_notebooks.py``), with the graph in
pytest's ``tmp_path`` and the reports folder pointed at the seed reports.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_notebooks import _cell, _text, assert_committed_clean, error_cells, run_notebook

_DEV = "the notebook test needs the dev extra: pip install -e '.[dev]'"
nbformat = pytest.importorskip("nbformat", reason=_DEV)
nbclient = pytest.importorskip("nbclient", reason=_DEV)

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_bring_your_own_data.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> tuple[Any, Path]:
    nb, graph, _ = run_notebook(
        NOTEBOOK,
        tmp_path_factory.mktemp("notebook03"),
        {"TATGRAPH_REPORTS_DIR": str(seeds), "TATGRAPH_ACLED_CSV": ""},
    )
    return nb, graph


def test_committed_notebook_is_stripped_and_holds_no_report_text() -> None:
    assert_committed_clean(NOTEBOOK)


def test_runs_without_errors(executed: tuple[Any, Path]) -> None:
    nb, graph = executed
    assert error_cells(nb) == []
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
