"""Pieces every ``tatgraph`` command shares: graph/credential options, output, consoles.

Command modules (``tatgraph/cli.py`` and the per-area ``*/cli.py`` modules it registers)
import these instead of redefining them.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .graph import DEFAULT_GRAPH, open_store
from .graph.store import GraphStore

console = Console()
err_console = Console(stderr=True)

GraphOpt = Annotated[
    str,
    typer.Option(
        "--graph",
        "-g",
        envvar="TATGRAPH_GRAPH",
        show_default=True,
        help="Graph file (LadybugDB) or bolt:// / neo4j:// URI (Neo4j 5).",
    ),
]
UserOpt = Annotated[str | None, typer.Option(envvar="NEO4J_USER", help="Neo4j user.")]
PasswordOpt = Annotated[
    str | None,
    typer.Option(
        envvar="NEO4J_PASSWORD",
        help="Neo4j password (prefer the env variable).",
        show_default=False,
    ),
]
DEFAULT = str(DEFAULT_GRAPH)
DEFAULT_TIMEOUT = 60.0
"""Seconds a researcher's query may run before it is stopped (``--timeout``)."""
TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.001,
        help="Stop the query after this many seconds (a runaway pattern such as "
        "MATCH (a)-[*1..30]-(b) otherwise runs unbounded).",
    ),
]


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class DialectName(StrEnum):
    NEO4J = "neo4j"
    LADYBUG = "ladybug"


def open_graph(
    graph: str, user: str | None, password: str | None, *, read_only: bool = False
) -> GraphStore:
    return open_store(graph, user=user, password=password, read_only=read_only)


def plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def print_rows(rows: list[dict[str, Any]], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.JSON:
        for row in rows:
            sys.stdout.write(json.dumps(plain(row), ensure_ascii=False) + "\n")
        return
    if fmt is OutputFormat.CSV:
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow(
                    {
                        k: json.dumps(plain(v), ensure_ascii=False)
                        if isinstance(v, list | dict)
                        else plain(v)
                        for k, v in row.items()
                    }
                )
        return
    table = Table(show_edge=False)
    for col in rows[0] if rows else []:
        table.add_column(escape(col), overflow="fold")  # wrap long ids, never cut them (…)
    for row in rows:
        table.add_row(*(escape("" if v is None else str(plain(v))) for v in row.values()))
    console.print(table)
    natural = console.measure(table, options=console.options.update_width(100_000)).maximum
    if rows and natural > console.width:
        err_console.print(
            "(the table is wider than the terminal, so long values are wrapped: "
            "add -f csv or -f json for one row per line)",
            highlight=False,
        )
    console.print(f"[dim]{len(rows)} row(s)[/dim]")
