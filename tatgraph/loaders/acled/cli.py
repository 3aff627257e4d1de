"""``tatgraph load acled FILE...``: the command over :func:`.load.load_acled`.

Registered by ``tatgraph/cli.py`` as ``load_app.command("acled")(load_acled)``.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from ...cli_common import DEFAULT, GraphOpt, PasswordOpt, UserOpt, console, open_graph
from ...errors import InputError
from ...graph.write import WriteStats
from ...reference import load_reference
from .actors import load_aliases
from .cite import DEFAULT_MANIFEST, citation, read_manifest
from .load import LADYBUG_BATCH, AcledLoad, RejectsFile, check_inputs
from .load import load_acled as run_load
from .read import Progress as LoadProgress

DEFAULT_REJECTS = Path("tatgraph-out") / "acled-rejects.csv"


def load_acled(
    files: Annotated[
        list[Path], typer.Argument(help="ACLED export(s): CSV in any layout ACLED has used.")
    ],
    graph: GraphOpt = DEFAULT,
    rejects: Annotated[
        Path,
        typer.Option(
            help="CSV report of every row not stored (line, field, value, reason) and of "
            "stored events absent from these exports."
        ),
    ] = DEFAULT_REJECTS,
    prune: Annotated[
        bool,
        typer.Option(
            help="Delete stored ACLED events that these exports no longer contain (only "
            "within the exports' countries and date range)."
        ),
    ] = False,
    aliases: Annotated[
        list[Path] | None,
        typer.Option(help="YAML alias file(s): ACLED actor name -> actor id. Repeatable."),
    ] = None,
    actors: Annotated[
        list[Path] | None,
        typer.Option(help="Extra actor file(s) in the layout of tatgraph/data/actors.yaml."),
    ] = None,
    sites: Annotated[
        list[Path] | None,
        typer.Option(help="Extra gazetteer file(s) in the layout of tatgraph/data/sites.yaml."),
    ] = None,
    match_km: Annotated[
        float,
        typer.Option(help="Match a location to the nearest gazetteer site within this distance."),
    ] = 5.0,
    kinds: Annotated[
        Path | None,
        typer.Option(
            help="Kinds file (layout of tatgraph/data/acled_kinds.yaml): what each ACLED "
            "event type becomes; its entries replace the bundled ones."
        ),
    ] = None,
    countries: Annotated[
        Path | None,
        typer.Option(
            help="Country names file (layout of tatgraph/data/country_names.yaml): further "
            "names and old codes, added to the bundled ones."
        ),
    ] = None,
    manifest: Annotated[
        Path,
        typer.Option(
            help="Citation manifest to update (what ACLED asks you to cite: files and SHA-256, "
            "dates, countries, event types, access date, row counts); `tatgraph cite` prints it."
        ),
    ] = DEFAULT_MANIFEST,
    accessed: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="The date you downloaded the export(s), for the citation (default: each "
            "file's modification date).",
        ),
    ] = None,
    batch_size: Annotated[
        int | None,
        typer.Option(
            help=f"Rows per transaction (default {LADYBUG_BATCH:,} on Ladybug, 10,000 on "
            "Neo4j). When batches are copied in their own transactions (--no-staged, or a "
            "graph that holds ACLED events), fewer rows lower the peak memory and make the "
            "load slower (docs/acled.md, The bulk path)."
        ),
    ] = None,
    staged: Annotated[
        bool,
        typer.Option(
            help="Into an embedded graph without ACLED events: stage the new events in files "
            "beside the graph and copy each table once at the end (about a third of the "
            "memory; needs free disk of about a sixth of the export's size). --no-staged "
            "copies each batch in its own transaction, as loads into a graph with ACLED "
            "events do (docs/acled.md)."
        ),
    ] = True,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Load ACLED exports: every row is stored, skipped or rejected — with the reason.

    Rows whose sub-event type has no tatgraph kind (protests, arrests...) are skipped and
    bad rows rejected; both are listed in the --rejects file. Loading the same export twice
    changes nothing; a newer export updates revised events (--prune deletes the ones ACLED
    removed). Nothing is written if a file's header is not an ACLED header. Responses the
    notes state ("in retaliation for ...") become stated links to the one event they name,
    or are listed (status unlinked). Every load updates the citation manifest (--manifest).

    Examples:
      tatgraph load acled 2024-syria.csv --graph tatgraph-out/graph.lbdb
      tatgraph load acled 2024-syria.csv --accessed 2026-11-30 --rejects rejects.csv
      tatgraph load acled 2024-syria.csv --no-staged --batch-size 100000
    """
    reference = load_reference(sites, actors)
    alias_map: dict[str, str] = {}
    for path in aliases or []:
        alias_map.update(load_aliases(path, reference.actors))
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:,} rows"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    # a load that cannot start (a missing file, a header that is not ACLED's, a bad
    # --kinds file) is refused before a graph or a rejects file is created
    check_inputs(files, reference=reference, kinds=kinds, countries=countries)
    created = _absent_paths(graph, rejects)
    committed = False
    try:
        with open_graph(graph, user, password) as store, RejectsFile(rejects) as report, bar:
            task = bar.add_task("ACLED", total=None, rows=0)

            def advance(where: LoadProgress, stats: WriteStats) -> None:
                nonlocal committed
                committed = True
                bar.update(
                    task,
                    completed=where.bytes_read,
                    total=where.bytes_total,
                    rows=where.tally.read,
                    description=Path(where.file).name,
                )

            done = run_load(
                store,
                files,
                reference=reference,
                aliases=alias_map,
                match_km=match_km,
                batch_size=batch_size,
                rejects=report,
                prune=prune,
                progress=advance,
                kinds=kinds,
                countries=countries,
                manifest=manifest,
                accessed=accessed.date() if accessed else None,
                staged=staged,
                on_copy=lambda table: bar.update(task, description=f"copying {table}"),
            )
            location = store.location
    except BaseException:
        if not committed:  # nothing of the exports was stored: leave nothing behind
            for path in created:
                if path.is_file():
                    path.unlink()
        raise
    console.print(summary(done, location, rejects, prune))
    console.print(f"Citation manifest: {escape(str(manifest))} (print it: tatgraph cite)")


def _absent_paths(graph: str, rejects: Path) -> list[Path]:
    """The files a load would create that do not exist yet: an embedded graph (and its
    write-ahead log and lock) and the rejects file."""
    out = []
    if "://" not in graph or graph.startswith("ladybug://"):
        base = Path(graph.removeprefix("ladybug://"))
        out += [base, base.with_name(base.name + ".wal"), base.with_name(base.name + ".lock")]
    out.append(rejects)
    return [p for p in out if not p.exists() and not p.is_symlink()]


def summary(done: AcledLoad, location: str, rejects: Path, prune: bool) -> str:
    """The tally a load prints (``read = stored + rejected + skipped``)."""
    t, s = done.tally, done.stats
    lines = [
        f"Read {t.read:,} rows from {len(done.files)} file(s) into {escape(location)}:",
        f"  stored   {t.stored:>10,}  (events new {s.created['Event']:,}, updated "
        f"{s.updated['Event']:,}, unchanged {s.unchanged['Event']:,})",
        f"  skipped  {t.skipped:>10,}  (no tatgraph kind)",
        f"  rejected {t.rejected:>10,}",
        f"  read = stored + rejected + skipped: {t.read:,} = {t.stored:,} + {t.rejected:,} + "
        f"{t.skipped:,} " + ("[green]✓[/green]" if t.balanced else "[red]✗ MISMATCH[/red]"),
    ]
    if t.reasons:
        lines.append("  reasons (a rejected row is counted under each of its bad fields):")
    for reason, n in t.reasons.most_common(8):
        lines.append(f"    {n:>8,}  {escape(reason)}")
    if len(t.reasons) > 8:
        lines.append(f"    ... and {len(t.reasons) - 8:,} more reason(s): see the rejects file")
    for file, n in done.fallback_lines.items():
        if n:
            lines.append(
                f"  {n:,} line(s) of {escape(Path(file).name)} were not UTF-8 and were read as "
                "Windows-1252"
            )
    if done.stated or done.unlinked or done.withdrawn:
        lines.append(
            f"  responses stated in the notes: {done.stated:,} stated link(s)"
            + (
                f"; {done.unlinked:,} cue(s) name no single stored event (status 'unlinked')"
                if done.unlinked
                else ""
            )
            + (
                f"; {done.withdrawn:,} link(s) of an earlier load withdrawn (the revised notes "
                "no longer state them)"
                if done.withdrawn
                else ""
            )
        )
    if t.rejected or t.skipped or done.absent or done.unlinked:
        lines.append(
            f"Every row not stored, with line, field, value and reason: {escape(str(rejects))}"
        )
    if done.absent:
        if prune:
            lines.append(
                f"{done.absent:,} stored ACLED event(s) absent from these exports: pruned "
                f"{done.pruned:,}."
            )
        else:
            lines.append(
                f"{done.absent:,} stored ACLED event(s) inside these exports' countries and dates "
                "are absent from them: kept (listed in the rejects file; --prune deletes them)."
            )
    return "\n".join(lines)


def cite(
    manifest: Annotated[
        Path, typer.Option(help="The citation manifest `tatgraph load acled` wrote.")
    ] = DEFAULT_MANIFEST,
    graph: Annotated[
        str | None,
        typer.Option("--graph", "-g", help="Only the exports loaded into this graph."),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the manifest entries as JSON.")
    ] = False,
) -> None:
    """Print what to cite for the ACLED data in your graphs (ACLED's attribution policy).

    Every `tatgraph load acled` records, per export: the file and its SHA-256, the access
    date, the range of event dates and ACLED timestamps, the countries and event types, and
    the rows stored, skipped and rejected. No ACLED row is kept in the manifest.

    Examples:
      tatgraph load acled 2024-syria.csv --accessed 2026-11-30 && tatgraph cite
      tatgraph load acled 2024-syria.csv && tatgraph cite --graph tatgraph-out/graph.lbdb --json
    """
    entries = read_manifest(manifest)
    if not entries and not manifest.exists():
        raise InputError(
            "no citation manifest here",
            file=str(manifest),
            hint="load an ACLED export first (tatgraph load acled FILE), or give --manifest",
        )
    if graph is not None:
        entries = [e for e in entries if e.get("graph") == graph]
    if json_out:
        sys.stdout.write(json.dumps(entries, indent=2, ensure_ascii=False) + "\n")
        return
    sys.stdout.write(citation(entries) + "\n")
