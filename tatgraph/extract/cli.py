"""Commands ``tatgraph extract`` and ``tatgraph load reports`` (registered by tatgraph/cli.py).

Both read UTF-8 report files and their publication metadata: a META.yaml in the seed
layout (``--meta``), or ``--published`` (and ``--outlet``) for reports it does not list.
Domain errors are raised as :class:`~tatgraph.errors.InputError`; ``tatgraph.cli.main``
turns them into one clean message and exit code 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..cli_common import DEFAULT, GraphOpt, PasswordOpt, UserOpt, console, err_console, open_graph
from ..reference import load_reference
from .pipeline import extract_reports, merge_reports
from .pipeline import load_reports as pipeline_load
from .sheet import sheet_for_reports, write_sheet

ReportsArg = Annotated[
    list[Path], typer.Argument(help="Report text files (UTF-8), e.g. reports/*.txt.")
]
MetaOpt = Annotated[
    Path | None,
    typer.Option(
        "--meta",
        help="META.yaml: a list of {file, outlet, published, language, published_basis}.",
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        help="Publication date (YYYY-MM-DD, or ISO date-time) of reports not in --meta.",
    ),
]
OutletOpt = Annotated[str | None, typer.Option("--outlet", help="Outlet of reports not in --meta.")]


def _warn(line: str) -> None:
    err_console.print(f"warning: {line}", markup=False, highlight=False)


def extract(
    reports: ReportsArg,
    meta: MetaOpt = None,
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the JSON lines here (default: stdout)."),
    ] = None,
    sheet: Annotated[
        Path | None,
        typer.Option("--sheet", help="Also write a coding sheet to correct and load curated."),
    ] = None,
) -> None:
    """Extract strike and retaliation events from Arabic reports, as JSON lines.

    One line per event of each report (its mentions merged): kind, perpetrator and
    target with their sides, site, local dates and precision, munitions, every
    claimant's figures with the quoted sentence and its character offsets, the stated
    response link, and the evidence spans. Offsets index the original text.

    Example:

        tatgraph extract reports/*.txt --meta reports/meta.yaml -o events.jsonl

        tatgraph extract reports/*.txt --meta reports/meta.yaml --sheet sheet.yaml -o ev.jsonl
    """
    done = extract_reports(reports, meta, published, outlet, warn=_warn)
    if sheet is not None:
        write_sheet(sheet, sheet_for_reports(done))
    lines = [
        json.dumps(ev.to_json(), ensure_ascii=False) for _, _, _, events in done for ev in events
    ]
    body = "".join(line + "\n" for line in lines)
    if output is None:
        sys.stdout.write(body)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(body, encoding="utf-8")
    where = f" to {output}" if output else ""
    err_console.print(f"{len(lines)} events from {len(done)} report(s){where}.")


def load_reports(
    reports: ReportsArg,
    meta: MetaOpt = None,
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    graph: GraphOpt = DEFAULT,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Extract events from Arabic reports and load them, merged across reports, into the graph.

    Each report becomes a Source; each claimant's statement a Claim; mentions of one
    incident in several reports (same site, compatible kind, overlapping dates) one
    Event whose casualty range is recomputed from every claim. Idempotent: loading the
    same reports again changes nothing.

    Example:

        tatgraph load reports reports/*.txt --meta reports/meta.yaml -g tatgraph-out/graph.lbdb
    """
    reference = load_reference()
    done = extract_reports(reports, meta, published, outlet, warn=_warn)
    dataset = merge_reports(done, reference=reference)
    with open_graph(graph, user, password) as store:
        stats = pipeline_load(store, dataset, reference=reference)
        console.print(
            f"Loaded {len(dataset.events)} events, {len(dataset.claims)} claims, "
            f"{len(dataset.links)} stated links and {len(dataset.sources)} sources from "
            f"{len(done)} report(s) into {store.location}: {stats.created['Event']} events new, "
            f"{stats.present('Event')} already present."
        )
