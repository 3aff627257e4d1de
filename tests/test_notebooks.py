"""The example notebook runs top to bottom and shows what it promises.

The notebook is executed with nbclient in a temporary working directory, once per backend:
with its graph (``TATGRAPH_NOTEBOOK_GRAPH``) in pytest's ``tmp_path``, and with
``TATGRAPH_GRAPH`` pointing at the suite's Neo4j server. Nothing is installed at test time:
the kernel is ipykernel's built-in ``python3`` kernel running this very interpreter (where
tatgraph is installed), whatever other ``python3`` kernelspecs the machine has.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from conftest import BACKENDS, neo4j_skip_reason

from tatgraph.graph import open_store

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
    stream = None  # consecutive chunks of one stream are one text, as Jupyter shows them
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream" and out.get("name") == stream:
            parts[-1] += out["text"]
            continue
        stream = out.get("name") if out["output_type"] == "stream" else None
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif out["output_type"] == "error":
            parts.append("\n".join(out["traceback"]))
        else:
            data = out.get("data", {})
            parts.extend(str(data[m]) for m in ("text/plain", "text/html") if m in data)
    return "\n".join(parts)


class NotebookRun(NamedTuple):
    """An executed notebook: the notebook, its graph, its working directory, the backend."""

    nb: Any
    graph: str
    """The graph file (Ladybug), or the Neo4j URI given as TATGRAPH_GRAPH."""
    workdir: Path
    backend: str

    @property
    def views(self) -> Path:
        """Where notebook 02 writes its views: beside the graph file, or under tatgraph-out."""
        if self.backend == "neo4j":
            return self.workdir / "tatgraph-out" / "views"
        return Path(self.graph).parent / "views"

    def events(self) -> int:
        """The events in the graph the notebook built."""
        with open_store(self.graph, read_only=self.backend == "ladybug") as store:
            return store.counts()["Event"]


def run_notebook(
    path: Path, root: Path, env: dict[str, str] | None = None, backend: str = "ladybug"
) -> NotebookRun:
    """Execute the notebook at ``path`` in ``root/work`` with ``env`` added to the kernel's
    environment. On Ladybug its graph is ``root/graph/<name>.lbdb`` (TATGRAPH_NOTEBOOK_GRAPH);
    on Neo4j it is the suite's server, emptied first and given as TATGRAPH_GRAPH."""
    workdir = root / "work"
    workdir.mkdir()
    # the kernel's own (inline) matplotlib backend, whatever MPLBACKEND the test run has
    if backend == "neo4j" and (reason := neo4j_skip_reason()):  # (starts the server)
        pytest.skip(reason)
    drop = ("MPLBACKEND", "TATGRAPH_GRAPH", "TATGRAPH_NOTEBOOK_GRAPH")
    base = {k: v for k, v in os.environ.items() if k not in drop}
    if backend == "neo4j":
        graph = os.environ["NEO4J_URI"]
        with open_store(graph) as store:
            store.clear()
        base["TATGRAPH_GRAPH"] = graph
    else:
        graph = str(root / "graph" / f"{path.stem}.lbdb")
        base["TATGRAPH_NOTEBOOK_GRAPH"] = graph
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        km=_kernel_manager(),
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute(cleanup_kc=True, env={**base, **(env or {})})
    return NotebookRun(nb, graph, workdir, backend)


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


@pytest.fixture(scope="module", params=BACKENDS)
def executed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> NotebookRun:
    """The notebook after running it on each backend."""
    return run_notebook(NOTEBOOK, tmp_path_factory.mktemp("notebook"), backend=request.param)


def test_committed_notebook_is_stripped() -> None:
    assert_committed_clean(NOTEBOOK)


def test_notebook_runs_without_errors(executed: NotebookRun) -> None:
    assert error_cells(executed.nb) == []
    assert executed.events() == 22, "the notebook must build its graph where it is told"
    assert not (executed.workdir / "tatgraph-out").exists()
    build = _text(_cell(executed.nb, "build"))
    assert f"({executed.backend} backend)" in build
    assert "Loading the data a second time changed nothing: True" in build


def test_counts_show_the_bundled_events(executed: NotebookRun) -> None:
    from tatgraph.loaders.curated import bundled_sheets, load_sheets
    from tatgraph.reference import load_reference

    # 22 with the coding sheet bundled today (as `tatgraph demo` reports)
    events = len(load_sheets(bundled_sheets(), reference=load_reference()).dataset.events)
    assert events > 0
    text = _text(_cell(executed[0], "counts"))
    assert f"{events} events" in text
    assert "RESPONDS_TO" in text


def test_named_and_adhoc_queries_show_rows(executed: NotebookRun) -> None:
    nb = executed[0]
    assert "rocket_attack" in _text(_cell(nb, "by-kind"))
    adhoc = _text(_cell(nb, "adhoc"))
    assert "ev_2023_10_23_al_omar_drones" in adhoc
    assert "kharab" not in adhoc  # only events at the site passed as $site


def test_writes_are_refused(executed: NotebookRun) -> None:
    text = _text(_cell(executed[0], "readonly"))
    assert "Refused" in text
    assert "NOT refused" not in text


def test_claims_and_figures_for_one_event(executed: NotebookRun) -> None:
    nb = executed[0]
    claims = _text(_cell(nb, "claims"))
    assert "US Department of Defense" in claims
    assert "The New York Times" in claims
    figures = _text(_cell(nb, "figures"))
    assert "Kharab al-Jir" in figures
    assert "killed" in figures
    assert "injured" in figures


def test_chains_are_shown(executed: NotebookRun) -> None:
    nb = executed[0]
    chains = _text(_cell(nb, "chains"))
    assert "Kharab al-Jir" in chains
    assert re.search(r"\b[1-9]\d* escalation chains\b", chains)
    summary = _text(_cell(nb, "chain-summary"))
    assert "Kharab al-Jir" in summary
    assert "Ayyash" in summary
