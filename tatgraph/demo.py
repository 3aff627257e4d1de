"""The demo: build the embedded graph from the bundled data and show what is in it.

>>> import tempfile, os
>>> with build_graph(os.path.join(tempfile.mkdtemp(), "g.lbdb")) as store:
...     store.counts()["RESPONDS_TO"] > 0
True
"""

from __future__ import annotations

import shlex
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from . import queries
from .chains import Chain, load_chains
from .errors import InputError, TatgraphError
from .graph import open_store
from .graph import statements as st
from .graph.ladybug import is_ladybug_file
from .graph.store import GraphStore, WriteStats
from .loaders.curated import CuratedLoad, attach_quotes, bundled_sheets, load_sheets
from .model import DEFAULT_TZ, zone
from .reference import load_reference


@dataclass
class BuildReport:
    """What building the demo graph did."""

    load: CuratedLoad
    first: WriteStats
    unchanged_on_reload: bool
    quotes: int


def replace_demo_graph(path: Path, demo_sources: set[str], *, force: bool = False) -> None:
    """Delete the embedded graph at ``path`` so the demo can rebuild it, if that is safe.

    Only a tatgraph graph is ever deleted, and without ``force`` only one that holds nothing
    but what a demo writes (every Source in it is one of ``demo_sources``). A directory, any
    other file, or a graph with a researcher's own data is refused with an
    :class:`~tatgraph.errors.InputError` and left untouched.
    """
    if not path.exists() and not path.is_symlink():
        return
    where = str(path)
    if path.is_dir():
        raise InputError(
            "is a directory; the demo writes a graph file and never deletes a directory",
            file=where,
            hint=f"give a file path, e.g. -g {path / 'demo.lbdb'}",
        )
    if not is_ladybug_file(path):
        raise InputError(
            "exists and is not a tatgraph graph; the demo will not overwrite it",
            file=where,
            hint="give a new path, e.g. -g tatgraph-out/demo.lbdb",
        )
    if not force:
        foreign = _foreign_sources(path, demo_sources)
        if foreign:
            raise InputError(
                f"this graph holds data the demo did not write ({len(foreign)} source(s), "
                f"e.g. {foreign[0]!r}); the demo will not replace it",
                file=where,
                hint="give another path with -g, or add --force to replace this graph",
            )
    for p in (path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".lock")):
        if p.is_file():
            p.unlink()


def remove_graph(path: Path) -> None:
    """Delete the tatgraph graph at ``path`` (and its write-ahead log) if there is one, as the
    notebooks do before rebuilding theirs; a directory or any other file is refused."""
    replace_demo_graph(path, set(), force=True)


def _foreign_sources(path: Path, demo_sources: set[str]) -> list[str]:
    """Source ids in the graph at ``path`` that a demo does not write (all of them, as a
    one-item marker, when the file is a Ladybug database without the tatgraph schema)."""
    try:
        with open_store(path, read_only=True) as store:
            ids = [str(r["id"]) for r in store.read(st.node_ids("Source"))]
    except TatgraphError as exc:
        return [f"unreadable as a tatgraph graph: {exc}"]
    return [i for i in ids if i not in demo_sources]


def reports_load(folder: Path) -> CuratedLoad:
    """Extract the events of every ``*.txt`` report in ``folder`` (publication dates from its
    ``meta.yaml``) and merge them across reports, as ``tatgraph load reports`` does."""
    from .extract.pipeline import extract_reports, merge_reports

    files = sorted(folder.glob("*.txt"))
    if not files:
        raise InputError("no *.txt reports in this folder", file=str(folder))
    meta = folder / "meta.yaml"
    done = extract_reports(files, meta if meta.is_file() else None)
    return CuratedLoad(dataset=merge_reports(done), files=[str(p) for p in files])


def demo_load(
    *, reports_dir: Path | None = None, from_reports: Path | None = None
) -> tuple[CuratedLoad, int]:
    """What the demo writes besides the reference data: the curated coding of the seed
    reports (with ``reports_dir``, their quotes attached), or with ``from_reports`` the
    events extracted from the reports in that folder. Returns the load and the number of
    quotes attached."""
    if from_reports is not None:
        return reports_load(from_reports), 0
    load = load_sheets(bundled_sheets(), reference=load_reference())
    return load, attach_quotes(load, reports_dir) if reports_dir is not None else 0


def build_graph(
    graph: str | Path,
    *,
    reports_dir: Path | None = None,
    from_reports: Path | None = None,
    report: list[BuildReport] | None = None,
    prepared: tuple[CuratedLoad, int] | None = None,
) -> GraphStore:
    """Build the graph at ``graph`` (path or URI) from the bundled reference data and sheets.

    Loads everything twice and checks the second load changed nothing (the idempotence
    users rely on). With ``reports_dir`` the claims' quotes are filled from the reports.
    With ``from_reports`` the events come from extracting the Arabic reports in that folder
    instead of the curated coding (``prepared``: the result of :func:`demo_load`, when
    already computed). Returns the open store; append a :class:`BuildReport` to ``report``
    if given.
    """
    reference = load_reference()
    load, quotes = prepared or demo_load(reports_dir=reports_dir, from_reports=from_reports)
    store = open_store(graph)
    try:
        first = store.write([reference.dataset(), load.dataset])
        before = store.snapshot()
        store.write([reference.dataset(), load.dataset])
        unchanged = store.snapshot() == before
    except BaseException:
        store.close()
        raise
    if report is not None:
        report.append(BuildReport(load, first, unchanged, quotes))
    return store


def local_date(moment: datetime, *, end: bool = False, tz: str = DEFAULT_TZ) -> str:
    """Local calendar date of a UTC time; ``end`` treats it as an exclusive window end."""
    if end:
        moment -= timedelta(microseconds=1)
    return moment.astimezone(zone(tz)).date().isoformat()


def _table(title: str, rows: list[dict[str, object]], columns: list[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for _, header in columns:
        table.add_column(header, justify="right" if header == "events" else "left")
    for r in rows:
        table.add_row(*(str(r[key]) if r[key] is not None else "—" for key, _ in columns))
    return table


def summary(store: GraphStore) -> Group:
    """Rich renderable: counts by kind, side and site, and the date range."""
    span = queries.run(store, "date_range")[0]
    when = "no events"
    if span["events"]:
        first, last = local_date(span["first"]), local_date(span["last"], end=True)
        when = f"{span['events']} events, {first} to {last} (local dates)"
    by_kind = _table(
        "By kind", queries.run(store, "events_by_kind"), [("kind", "kind"), ("events", "events")]
    )
    by_side = _table(
        "By perpetrator side",
        queries.run(store, "events_by_side"),
        [("side", "side"), ("events", "events")],
    )
    by_site = _table(
        "By site",
        queries.run(store, "events_by_site"),
        [("site", "site"), ("admin1", "governorate"), ("events", "events")],
    )
    counts = store.counts()
    nodes = ", ".join(f"{counts[k]} {k}" for k in ("Event", "Actor", "Site", "Source", "Claim"))
    rels = ", ".join(f"{counts[k]} {k}" for k in ("RESPONDS_TO", "PERFORMED_BY", "AT", "ABOUT"))
    return Group(
        f"[bold]{when}[/bold]",
        f"nodes: {nodes}",
        f"relationships: {rels}",
        "",
        by_kind,
        "",
        by_side,
        "",
        by_site,
    )


def run_demo(
    console: Console,
    graph: str,
    *,
    reports_dir: Path | None,
    fresh: bool,
    from_reports: Path | None = None,
    force: bool = False,
) -> None:
    """Build the demo graph and print the summary, the chains and what to try next.

    ``graph`` is a file path (rebuilt from scratch when ``fresh``, if it is missing or holds
    only demo data, or with ``force`` any tatgraph graph: see :func:`replace_demo_graph`) or
    a Neo4j URI (loaded idempotently into whatever the database holds; a server database is
    never wiped here).
    """
    embedded = "://" not in graph or graph.startswith("ladybug://")
    reports: list[BuildReport] = []
    with console.status("building the graph from the bundled data..."):
        prepared = demo_load(reports_dir=reports_dir, from_reports=from_reports)
        if fresh and embedded:
            demo_sources = {s.id for s in prepared[0].dataset.sources}
            if from_reports is not None:  # a graph the curated demo wrote may be replaced too
                demo_sources |= {s.id for s in demo_load()[0].dataset.sources}
            replace_demo_graph(Path(graph.removeprefix("ladybug://")), demo_sources, force=force)
        store = build_graph(graph, prepared=prepared, report=reports)
    rep = reports[0]
    with store:
        console.rule("[bold]tatgraph demo[/bold]")
        ds = rep.load.dataset
        origin = (
            f"extracted from {len(rep.load.files)} report file(s) in {from_reports}"
            if from_reports is not None
            else f"from {len(rep.load.files)} coding sheet(s); {len(rep.load.not_coded)} "
            "passages are recorded as deliberately not coded"
        )
        console.print(
            f"Loaded {len(ds.sources)} reports, {len(ds.events)} events, {len(ds.claims)} "
            f"claims and {len(ds.links)} stated response links, {origin}."
        )
        check = (
            "[green]unchanged[/green]"
            if rep.unchanged_on_reload
            else "[red]CHANGED — please report this bug[/red]"
        )
        console.print(f"Loaded a second time to check idempotence: graph {check}.")
        if reports_dir is not None:
            console.print(f"Attached {rep.quotes} quotes from {reports_dir}.")
        console.print(Panel(summary(store), title="What is in the graph", expand=False))
        chains: list[Chain] = load_chains(store)
        console.rule(f"[bold]{len(chains)} escalation chains[/bold] (answered ⇒ response)")
        for chain in chains:
            console.print(chain)
            console.print()
    console.rule("[bold]Next[/bold]")
    where = f"{Path(graph).resolve()} (LadybugDB)" if embedded else f"{graph} (Neo4j)"
    console.print(f"The graph was written to [bold]{where}[/bold].")
    console.print("Try:")
    for line in next_steps(graph):
        console.print(f"  [cyan]{escape(line)}[/cyan]", soft_wrap=True)


def _command_prefix() -> tuple[str, str]:
    """How to call ``tatgraph`` and ``pip`` the way this run was started: plain names when
    the environment's ``bin`` is on ``PATH``, else their paths (``.venv/bin/tatgraph``)."""
    bin_dir = Path(sys.executable).parent
    on_path = shutil.which("tatgraph") == str(bin_dir / "tatgraph")
    if on_path:
        return "tatgraph", ""
    try:
        shown = bin_dir.relative_to(Path.cwd())
    except ValueError:
        shown = bin_dir
    return shlex.quote(str(shown / "tatgraph")), shlex.quote(str(shown)) + "/"


def next_steps(graph: str) -> list[str]:
    """The shell commands the demo suggests next, each runnable exactly as printed (a test
    runs them): quoted for the shell, on the graph just built, with the notebook line only
    when the notebooks are there (a source checkout)."""
    tatgraph, bin_prefix = _command_prefix()
    g = shlex.quote(graph)
    beside = (
        Path("march-2023-map.html")
        if "://" in graph
        else Path(graph).parent / "march-2023-map.html"
    )
    map_html = shlex.quote(str(beside))
    lines = [
        f"{tatgraph} cypher 'MATCH (e:Event)-[:AT]->(s:Site) RETURN s.name AS site, "
        f"count(e) AS events ORDER BY events DESC' --graph {g}",
        f"{tatgraph} query claims_for_event -p id=ev_2023_03_23_kharab_al_jir_drone --graph {g}",
        f"{tatgraph} chains --graph {g}",
        f"{tatgraph} viz map --chain ev_2023_03_23_kharab_al_jir_drone -o {map_html} --graph {g}",
        f"{tatgraph} queries   # the named query library",
    ]
    checkout = Path(__file__).resolve().parents[1]
    notebook = checkout / "notebooks" / "01_explore.ipynb"
    if notebook.is_file() and (checkout / "pyproject.toml").is_file():
        try:
            where = checkout.relative_to(Path.cwd())
        except ValueError:
            where = checkout
        nb = shlex.quote(str(where / "notebooks" / "01_explore.ipynb"))
        lines.append(
            f"{bin_prefix}pip install -q -e {shlex.quote(str(where) + '[notebooks]')} && "
            f"{bin_prefix}jupyter lab {nb}"
        )
    return lines
