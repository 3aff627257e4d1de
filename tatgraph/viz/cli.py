"""``tatgraph viz``: chain views, filtered graph views, timelines and exports from the CLI.

Registered in ``tatgraph/cli.py`` with ``app.add_typer(viz_app, name="viz")``. Every command
opens the graph read-only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..cli_common import DEFAULT, GraphOpt, PasswordOpt, UserOpt, console, open_graph
from .constants import NODE_BUDGET, ExportFormat

# The drawing modules (matplotlib, pyvis, networkx) are imported inside the commands, so
# that registering these commands does not slow down every other ``tatgraph`` command.

viz_app = typer.Typer(
    help="Draw the graph: interactive chain views and maps (HTML), timelines (PNG/SVG), "
    "exports for Gephi, GIS and data frames.\n\nStart with:  tatgraph viz chain "
    "ev_2022_08_23_ayyash_us_airstrikes -g tatgraph-out/demo.lbdb",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="First day (YYYY-MM-DD, a local day in Asia/Damascus) or a UTC time (ISO).",
        show_default=False,
    ),
]
ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to",
        help="Last day, included (YYYY-MM-DD), or an ISO time, excluded.",
        show_default=False,
    ),
]
SiteOpt = Annotated[
    str | None, typer.Option("--site", help="Only events at this site (id or name).")
]
SideOpt = Annotated[
    str | None,
    typer.Option(
        "--side",
        help="Only events with a perpetrator on this side (e.g. iran_aligned, us_coalition; "
        "'unidentified' for none named).",
    ),
]


def _done(path: Path, what: str) -> None:
    console.print(f"Wrote {escape(what)} to [bold]{escape(str(path))}[/bold]")


@viz_app.command("chain")
def chain_cmd(
    event_id: Annotated[str, typer.Argument(help="An event of the chain (see: tatgraph chains).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "chain.html"
    ),
    graph: GraphOpt = DEFAULT,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Write the chain an event belongs to as one interactive HTML file (works offline).

    Time runs left to right, one lane per perpetrator side; hover for dates, munitions
    and every claim with its claimant, outlet and quote.

    Example:
      tatgraph viz chain ev_2022_08_23_ayyash_us_airstrikes -o chain.html -g tatgraph-out/demo.lbdb
    """
    from .chain import chain_html

    with open_graph(graph, user, password, read_only=True) as store:
        out = chain_html(store, event_id, output)
    _done(out, f"the chain of {event_id}")


@viz_app.command("graph")
def graph_cmd(
    start: FromOpt = None,
    end: ToOpt = None,
    site: SiteOpt = None,
    side: SideOpt = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "graph.html"
    ),
    max_nodes: Annotated[
        int, typer.Option(help="Refuse selections with more events than this.")
    ] = NODE_BUDGET,
    graph: GraphOpt = DEFAULT,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Write the events of a period (and the responses among them) as interactive HTML.

    Examples (on the demo graph):
      tatgraph viz graph --from 2023-03-23 --to 2023-03-24 -o graph.html -g tatgraph-out/demo.lbdb
      tatgraph viz graph --site al_omar --side iran_aligned -g tatgraph-out/demo.lbdb
    """
    from .chain import subgraph_html

    with open_graph(graph, user, password, read_only=True) as store:
        out = subgraph_html(
            store, start, end, site=site, side=side, path=output, max_nodes=max_nodes
        )
    _done(out, "the selected events")


@viz_app.command("timeline")
def timeline_cmd(
    start: FromOpt = None,
    end: ToOpt = None,
    site: SiteOpt = None,
    side: SideOpt = None,
    event: Annotated[
        str | None,
        typer.Option("--chain", help="Draw only the chain of this event instead."),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Image to write: .png, .svg or .pdf.")
    ] = Path("timeline.png"),
    graph: GraphOpt = DEFAULT,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Draw a swimlane timeline (one lane per side, arrows for responses) as PNG or SVG.

    Examples (on the demo graph):
      tatgraph viz timeline --from 2022-08-01 -o timeline.svg -g tatgraph-out/demo.lbdb
      tatgraph viz timeline --chain ev_2023_03_23_kharab_al_jir_drone -g tatgraph-out/demo.lbdb
    """
    from .timeline import save_timeline

    with open_graph(graph, user, password, read_only=True) as store:
        out = save_timeline(store, output, start, end, site=site, side=side, event_id=event)
    _done(out, "the timeline")


@viz_app.command("map")
def map_cmd(
    start: FromOpt = None,
    end: ToOpt = None,
    site: SiteOpt = None,
    side: SideOpt = None,
    chain: Annotated[
        str | None,
        typer.Option("--chain", help="Only the chain of this event (see: tatgraph chains)."),
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "map.html"
    ),
    detail_limit: Annotated[
        int,
        typer.Option(
            "--detail-limit",
            help="Draw each event up to this many; above it the map counts events per site "
            "and period (density view).",
        ),
    ] = NODE_BUDGET,
    graph: GraphOpt = DEFAULT,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Write the escalation map: sites, areas and response arrows, played over time (HTML).

    One self-contained file (basemap and script inlined; works offline). A slider and a
    play button run over the events' time windows; the map, a time strip and the list of
    events in view follow it; click an event for its claims side by side and its chain.
    Above --detail-limit events the map shows counts per site and period instead.

    Examples (on the demo graph):
      tatgraph viz map --chain ev_2023_03_23_kharab_al_jir_drone -g tatgraph-out/demo.lbdb
      tatgraph viz map --from 2022-08-01 --to 2022-08-31 -o aug.html -g tatgraph-out/demo.lbdb
    """
    from .map import map_view

    with open_graph(graph, user, password, read_only=True) as store:
        view = map_view(
            store, start, end, site=site, side=side, chain=chain, detail_limit=detail_limit
        )
    out = view.save(output)
    _done(out, f"the map ({view.data['title']}; {out.stat().st_size / 1e6:.2f} MB)")
    for note in view.data["notes"]:
        console.print(f"  {escape(note)}")


@viz_app.command("export")
def export_cmd(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="File to write (.graphml, .gexf, .json, .geojson), or a folder for parquet.",
        ),
    ],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="File format (default: from the file name)."),
    ] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    site: SiteOpt = None,
    side: SideOpt = None,
    graph: GraphOpt = DEFAULT,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Export events and RESPONDS_TO links: GraphML, GEXF (Gephi), JSON, GeoJSON, Parquet.

    GeoJSON holds events (points at their sites) and response links (lines) as features
    with their properties; parquet writes events.parquet, claims.parquet and
    links.parquet into the folder given with -o.

    Examples:
      tatgraph viz export --format gexf -o events.gexf -g tatgraph-out/demo.lbdb
      tatgraph viz export --format geojson -o events.geojson -g tatgraph-out/demo.lbdb
      tatgraph viz export --format parquet -o tables -g tatgraph-out/demo.lbdb
    """
    from .exports import export
    from .mapselect import undated_count

    with open_graph(graph, user, password, read_only=True) as store:
        out = export(store, output, fmt, start, end, site=site, side=side)
        undated = undated_count(store, site=site, side=side)
    _done(out, "the events and response links")
    if undated:
        console.print(
            f"Note: {undated} event(s) have no date (precision unknown) and are not in the "
            "export; list them with `tatgraph query undated_events`."
        )


__all__ = ["viz_app"]
