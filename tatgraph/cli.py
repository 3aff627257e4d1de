"""The ``tatgraph`` command: a thin layer over the library.

Every command takes ``--graph`` (a file path for the embedded LadybugDB graph, or a
``bolt://``/``neo4j://`` URI for Neo4j; default ``tatgraph-out/graph.lbdb`` or
``$TATGRAPH_GRAPH``). Neo4j credentials come from ``--user``/``--password`` or
``NEO4J_USER``/``NEO4J_PASSWORD``. Domain errors become one red message and exit code 1
in :func:`main`, the only place that handles them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from . import __version__, queries
from .cli_common import (
    DEFAULT,
    DEFAULT_TIMEOUT,
    DialectName,
    GraphOpt,
    OutputFormat,
    PasswordOpt,
    TimeoutOpt,
    UserOpt,
    console,
    err_console,
    open_graph,
    print_rows,
)
from .errors import QueryError, TatgraphError, file_access_error
from .extract.cli import extract, load_reports
from .graph.schema import ladybug_ddl, neo4j_ddl
from .link.cli import escalation, link
from .loaders.acled.cli import cite, load_acled
from .viz.cli import viz_app

app = typer.Typer(
    name="tatgraph",
    help="A temporal event graph of strikes and retaliations, for conflict researchers.\n\n"
    "Start with:  tatgraph demo",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
load_app = typer.Typer(
    help="Load data into the graph (idempotent: loading twice changes nothing).",
    no_args_is_help=True,
)
app.add_typer(load_app, name="load")
app.add_typer(viz_app, name="viz")
app.command("link")(link)
app.command("escalation")(escalation)
app.command("extract")(extract)
app.command("cite")(cite)
load_app.command("reports")(load_reports)
load_app.command("acled")(load_acled)


def _split_param(text: str) -> tuple[str, str]:
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise QueryError(f"bad parameter {text!r}: write NAME=VALUE, e.g. -p id=ev_1")
    return name.strip(), raw


def _json_or_text(name: str, raw: str) -> Any:
    """A ``-p`` value: JSON when it parses as a scalar or a flat list of scalars, else text."""
    try:
        value = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        return raw
    scalar = (str, int, float, bool, type(None))
    if isinstance(value, scalar) or (
        isinstance(value, list) and all(isinstance(v, scalar) for v in value)
    ):
        return value
    raise QueryError(
        f"-p {name}: nested JSON (objects, lists of lists) is not supported as a parameter; "
        "give a number, true/false, text or a flat list such as [1, 2]"
    )


@app.command()
def demo(
    graph: Annotated[
        str, typer.Option("--graph", "-g", help="Where to write the demo graph.")
    ] = str(Path("tatgraph-out") / "demo.lbdb"),
    reports: Annotated[
        Path | None,
        typer.Option(help="Folder with the seed report texts, to attach each claim's quote."),
    ] = None,
    keep: Annotated[
        bool,
        typer.Option(help="Keep an existing demo graph instead of rebuilding it from scratch."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace an existing tatgraph graph at --graph even if it holds data the demo "
            "did not write (a directory or any other file is never replaced).",
        ),
    ] = False,
    from_reports: Annotated[
        Path | None,
        typer.Option(
            help="Build the events by extracting the Arabic reports (*.txt + meta.yaml) in this "
            "folder instead of using the curated coding."
        ),
    ] = None,
) -> None:
    """Build the embedded graph from the bundled data and show what it holds.

    Prints a summary (events by kind, side and site; the date range) and every escalation
    chain, then where the graph was written and what to try next. An existing graph at
    --graph is rebuilt only if it holds nothing but demo data (or with --force); a
    directory or any other file is refused and left as it is.

    Examples:
      tatgraph demo --reports ../shared/seeds
      tatgraph demo --from-reports ../shared/seeds -g tatgraph-out/from-reports.lbdb
    """
    from .demo import run_demo

    run_demo(
        console,
        graph,
        reports_dir=reports,
        fresh=not keep,
        from_reports=from_reports,
        force=force,
    )


@load_app.command("curated")
def load_curated(
    sheets: Annotated[
        list[Path],
        typer.Argument(
            help="Coding sheets (.yaml/.yml, or .csv events/claims/links/sources sheets)."
        ),
    ],
    graph: GraphOpt = DEFAULT,
    reports: Annotated[
        Path | None,
        typer.Option(help="Folder with the report texts, to attach each claim's quote."),
    ] = None,
    sites: Annotated[
        list[Path] | None,
        typer.Option(help="Extra gazetteer file(s) in the layout of tatgraph/data/sites.yaml."),
    ] = None,
    actors: Annotated[
        list[Path] | None,
        typer.Option(help="Extra actor file(s) in the layout of tatgraph/data/actors.yaml."),
    ] = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Validate curated coding sheets and load them, with the reference data, into the graph.

    Nothing is written if any sheet has a problem; every problem is listed with its
    file:line and field.

    Example:  tatgraph load curated my_events.yaml --graph tatgraph-out/graph.lbdb
    """
    from .loaders.curated import attach_quotes, load_sheets
    from .reference import load_reference

    reference = load_reference(sites, actors)
    load = load_sheets(sheets, reference=reference)
    quotes = attach_quotes(load, reports) if reports else 0
    with open_graph(graph, user, password) as store:
        stats = store.write([reference.dataset(), load.dataset])
        ds = load.dataset
        console.print(
            f"Loaded {len(ds.events)} events, {len(ds.claims)} claims, {len(ds.links)} links "
            f"and {len(ds.sources)} sources from {len(sheets)} sheet(s) into {store.location}: "
            f"{stats.created['Event']} events new, {stats.present('Event')} already present."
        )
        if load.not_coded:
            console.print(f"{len(load.not_coded)} passages recorded as deliberately not coded.")
        if stats.skipped_links:
            console.print(
                f"{stats.skipped_links} link(s) left as they were: a stronger basis "
                "(stated > coded > inferred) is already stored."
            )
        if reports:
            console.print(f"Attached {quotes} quotes from {reports}.")


ParamOpt = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="A parameter NAME=VALUE. Repeatable."),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A named query (see: tatgraph queries).")],
    param: ParamOpt = None,
    fmt: FormatOpt = OutputFormat.TABLE,
    graph: GraphOpt = DEFAULT,
    user: UserOpt = None,
    password: PasswordOpt = None,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
) -> None:
    """Run a named analysis from the query library and print its rows.

    Parameters are converted to the types the query declares (dates as ISO text).
    A query is stopped after --timeout seconds (default 60).

    Examples:
      tatgraph query events_by_kind -f json -g tatgraph-out/demo.lbdb
      tatgraph query chain_from -p id=ev_2022_08_23_ayyash_us_airstrikes -g tatgraph-out/demo.lbdb
    """
    params = dict(_split_param(p) for p in param or [])
    with open_graph(graph, user, password, read_only=True) as store:
        rows = queries.execute(store, name, params, timeout=timeout)
    print_rows(rows, fmt)


@app.command()
def cypher(
    statement: Annotated[str, typer.Argument(help="One Cypher statement; $name for values.")],
    param: ParamOpt = None,
    fmt: FormatOpt = OutputFormat.TABLE,
    graph: GraphOpt = DEFAULT,
    user: UserOpt = None,
    password: PasswordOpt = None,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
) -> None:
    """Run your own Cypher, read-only: anything that writes is refused and nothing changes.

    -p values are read as JSON when they parse (numbers, flat lists, true/false), else as
    text. Put the statement in single quotes so that the shell leaves $names alone. A query
    is stopped after --timeout seconds (default 60).

    Examples:
      tatgraph cypher 'MATCH (e:Event) RETURN e.kind, count(*) AS n' -g tatgraph-out/demo.lbdb
      tatgraph cypher 'MATCH (s:Site {id: $id}) RETURN s' -p id=al_omar -g tatgraph-out/demo.lbdb
    """
    params = {k: _json_or_text(k, v) for k, v in map(_split_param, param or [])}
    with open_graph(graph, user, password, read_only=True) as store:
        rows = store.read(statement, params, timeout=timeout)
    print_rows(rows, fmt)


@app.command("queries")
def list_queries(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the catalogue as Markdown (docs/queries.md).")
    ] = False,
) -> None:
    """List the named queries: what each answers, its parameters and an example."""
    if markdown:
        sys.stdout.write(queries.catalogue_markdown())
        return
    table = Table(show_edge=False, show_lines=True)
    for col in ("name", "parameters", "what it answers / example"):
        table.add_column(col)
    for q in queries.registry().values():
        params = "\n".join(
            f"{p.name}: {p.type}" + ("" if p.required else f" = {p.default}") for p in q.params
        )
        example = "\n".join(f"[cyan]{escape(e)}[/cyan]" for e in q.examples)
        table.add_row(
            q.name, params or "—", escape(q.description) + ("\n" + example if example else "")
        )
    console.print(table)


@app.command()
def chains(
    graph: GraphOpt = DEFAULT,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Print every escalation chain (events joined by RESPONDS_TO links).

    Example:  tatgraph chains --graph tatgraph-out/demo.lbdb
    """
    from .chains import load_chains

    with open_graph(graph, user, password, read_only=True) as store:
        found = load_chains(store)
    if not found:
        console.print("No response links in this graph yet.")
    for chain in found:
        console.print(chain)
        console.print()


@app.command()
def stats(
    graph: GraphOpt = DEFAULT,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Summarise the graph: events by kind, side and site, the date range and counts."""
    from .demo import summary

    with open_graph(graph, user, password, read_only=True) as store:
        console.print(summary(store))


@app.command()
def schema(
    dialect: Annotated[DialectName, typer.Option(help="Which backend's DDL.")] = DialectName.NEO4J,
) -> None:
    """Print the schema DDL (Neo4j constraints/indexes or Ladybug tables)."""
    for stmt in neo4j_ddl() if dialect is DialectName.NEO4J else ladybug_ddl():
        sys.stdout.write(stmt + ";\n")


def _version(value: bool) -> None:
    if value:
        console.print(f"tatgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """tatgraph: action -> response -> counter-response chains in a graph database."""


def main() -> None:
    """Console entry point: run the app, turning domain errors into a clean exit.

    This is also the one place where a file that cannot be written or read (an output path
    that is a folder, a read-only place, a full disk) becomes a clean error.
    """
    try:
        try:
            app()
        except OSError as exc:
            raise file_access_error(exc) from exc
    except TatgraphError as exc:
        err_console.print(f"[bold red]error:[/bold red] {escape(exc.message)}")
        if exc.hint:
            err_console.print(f"  hint: {escape(exc.hint)}")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
