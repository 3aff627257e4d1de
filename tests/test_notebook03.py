"""notebooks/03_bring_your_own_data.ipynb: an ACLED export and Arabic reports, end to end.

Executed like notebook 01 (kernel helpers from ``test_notebooks.py``), on each backend (a
graph in pytest's ``tmp_path``; the suite's Neo4j server as ``TATGRAPH_GRAPH``), with the
reports folder pointed at the seed reports.
"""

from __future__ import annotations

import re
from pathlib import Path

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

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_bring_your_own_data.ipynb"


@pytest.fixture(scope="module", params=BACKENDS)
def executed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, seeds: Path
) -> NotebookRun:
    return run_notebook(
        NOTEBOOK,
        tmp_path_factory.mktemp("notebook03"),
        {"TATGRAPH_REPORTS_DIR": str(seeds), "TATGRAPH_ACLED_CSV": ""},
        backend=request.param,
    )


def test_committed_notebook_is_stripped_and_holds_no_report_text() -> None:
    assert_committed_clean(NOTEBOOK)


def test_runs_without_errors(executed: NotebookRun) -> None:
    assert error_cells(executed.nb) == []
    assert executed.events() > 1000


def test_acled_tally_accounts_for_every_row(executed: NotebookRun) -> None:
    text = _text(_cell(executed[0], "acled-tally"))
    m = re.search(r"read (\d+) = stored (\d+) \+ rejected (\d+) \+ skipped (\d+)", text)
    assert m, text
    read, stored, rejected, skipped = map(int, m.groups())
    assert read == 2000
    assert read == stored + rejected + skipped
    assert stored > 1000


def test_second_acled_load_changes_nothing(executed: NotebookRun) -> None:
    assert "unchanged after a second load: True" in _text(_cell(executed[0], "acled-idempotent"))


def test_reports_become_events(executed: NotebookRun) -> None:
    text = _text(_cell(executed[0], "reports"))
    m = re.search(r"5 reports -> (\d+) events, (\d+) claims", text)
    assert m, text
    assert int(m.group(1)) >= 15


def test_chains_and_view(executed: NotebookRun) -> None:
    assert re.search(r"\d+ chains; longest has \d+ steps", _text(_cell(executed[0], "chains")))
    viz = _cell(executed[0], "viz")
    assert "wrote" in _text(viz)
    assert any("text/html" in o.get("data", {}) for o in viz.get("outputs", []))
