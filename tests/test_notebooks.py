"""The example notebook runs top to bottom and shows what it promises.

The notebook is executed with nbclient in a temporary working directory, with its graph
(``TATGRAPH_NOTEBOOK_GRAPH``) in pytest's ``tmp_path``. Nothing is installed at test time:
the kernel is ipykernel's built-in ``python3`` kernel running this very interpreter (where
tatgraph is installed), whatever other ``python3`` kernelspecs the machine has.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

_DEV = "the notebook test needs the dev extra: pip install -e '.[dev]'"
nbformat = pytest.importorskip("nbformat", reason=_DEV)
nbclient = pytest.importorskip("nbclient", reason=_DEV)
pytest.importorskip("ipykernel", reason=_DEV)

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_explore.ipynb"
CELL_TIMEOUT = 120  # seconds, per cell
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def _kernel_manager() -> Any:
    """A manager for a ``python3`` kernel that runs this interpreter (``sys.executable``).

    ipykernel's own spec comes first (no kernelspec needs installing for it); an installed
    ``python3`` kernelspec is used only if it runs this interpreter too, since one for
    another Python would lack tatgraph.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from jupyter_client.manager import AsyncKernelManager

    this_python = {sys.executable, "python", "python3"}  # bare names mean sys.executable
    for specs in (KernelSpecManager(kernel_dirs=[]), KernelSpecManager()):
        try:
            argv = specs.get_kernel_spec("python3").argv
        except NoSuchKernel:
            continue
        if argv and argv[0] in this_python:
            return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)
    pytest.skip(
        "no python3 Jupyter kernel runs this interpreter; install one with "
        f"`{sys.executable} -m ipykernel install --user`"
    )


def _cell(nb: Any, tag: str) -> Any:
    found = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(found) == 1, f"expected one cell tagged {tag!r}, found {len(found)}"
    return found[0]


def _text(cell: Any) -> str:
    """Everything a reader sees in a cell's outputs, as text (plain and HTML)."""
    parts: list[str] = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif out["output_type"] == "error":
            parts.append("\n".join(out["traceback"]))
        else:
            data = out.get("data", {})
            parts.extend(str(data[m]) for m in ("text/plain", "text/html") if m in data)
    return "\n".join(parts)


def run_notebook(
    path: Path, root: Path, env: dict[str, str] | None = None
) -> tuple[Any, Path, Path]:
    """Execute the notebook at ``path`` in ``root/work`` with its graph at
    ``root/graph/<name>.lbdb`` (via TATGRAPH_NOTEBOOK_GRAPH) and ``env`` added to the
    kernel's environment; returns (the executed notebook, the graph path, the work dir)."""
    workdir = root / "work"
    workdir.mkdir()
    graph = root / "graph" / f"{path.stem}.lbdb"
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        km=_kernel_manager(),
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    # the kernel's own (inline) matplotlib backend, whatever MPLBACKEND the test run has
    base = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client.execute(
        cleanup_kc=True, env={**base, **(env or {}), "TATGRAPH_NOTEBOOK_GRAPH": str(graph)}
    )
    return nb, graph, workdir


def error_cells(nb: Any) -> list[str]:
    """Ids of the cells whose outputs include an error."""
    return [
        str(c.get("id"))
        for c in nb.cells
        if any(o["output_type"] == "error" for o in c.get("outputs", []))
    ]


def assert_committed_clean(path: Path) -> None:
    """The committed notebook has no outputs, no execution counts and no report text."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["nbformat"] == 4
    assert raw["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in raw["cells"] if c["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell["outputs"] == [], f"cell {cell.get('id')} has outputs: strip them"
        assert cell["execution_count"] is None, f"cell {cell.get('id')} has an execution count"
    assert not ARABIC.search(path.read_text(encoding="utf-8")), "no report text in the notebook"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, Path]:
    """The notebook after running it: (notebook, its graph file, its working directory)."""
    return run_notebook(NOTEBOOK, tmp_path_factory.mktemp("notebook"))


def test_committed_notebook_is_stripped() -> None:
    assert_committed_clean(NOTEBOOK)


def test_notebook_runs_without_errors(executed: tuple[Any, Path, Path]) -> None:
    nb, graph, workdir = executed
    assert error_cells(nb) == []
    assert graph.exists(), "the notebook must build its graph at TATGRAPH_NOTEBOOK_GRAPH"
    assert not (workdir / "tatgraph-out").exists()


def test_counts_show_the_bundled_events(executed: tuple[Any, Path, Path]) -> None:
    from tatgraph.loaders.curated import bundled_sheets, load_sheets
    from tatgraph.reference import load_reference

    # 22 with the coding sheet bundled today (as `tatgraph demo` reports)
    events = len(load_sheets(bundled_sheets(), reference=load_reference()).dataset.events)
    assert events > 0
    text = _text(_cell(executed[0], "counts"))
    assert f"{events} events" in text
    assert "RESPONDS_TO" in text


def test_named_and_adhoc_queries_show_rows(executed: tuple[Any, Path, Path]) -> None:
    nb = executed[0]
    assert "rocket_attack" in _text(_cell(nb, "by-kind"))
    adhoc = _text(_cell(nb, "adhoc"))
    assert "ev_2023_10_23_al_omar_drones" in adhoc
    assert "kharab" not in adhoc  # only events at the site passed as $site


def test_writes_are_refused(executed: tuple[Any, Path, Path]) -> None:
    text = _text(_cell(executed[0], "readonly"))
    assert "Refused" in text
    assert "NOT refused" not in text


def test_claims_and_figures_for_one_event(executed: tuple[Any, Path, Path]) -> None:
    nb = executed[0]
    claims = _text(_cell(nb, "claims"))
    assert "US Department of Defense" in claims
    assert "The New York Times" in claims
    figures = _text(_cell(nb, "figures"))
    assert "Kharab al-Jir" in figures
    assert "killed" in figures
    assert "injured" in figures


def test_chains_are_shown(executed: tuple[Any, Path, Path]) -> None:
    nb = executed[0]
    chains = _text(_cell(nb, "chains"))
    assert "Kharab al-Jir" in chains
    assert re.search(r"\b[1-9]\d* escalation chains\b", chains)
    summary = _text(_cell(nb, "chain-summary"))
    assert "Kharab al-Jir" in summary
    assert "Ayyash" in summary
