"""Benchmark: `tatgraph viz map` on large graphs (prints JSON).

Builds a graph from ``--rows`` synthetic ACLED rows (``python -m tatgraph.synth``) and infers
response links (``tatgraph link``), then writes the map of the whole graph (the density view,
far above the 300-event detail limit), of a few days (each event drawn, with its claims) and
of a month drawn event by event (``--detail-limit 2000``), each in a fresh process so the
peak RSS is the command's own; it reports seconds, peak RSS, events and the page's size.

    python bench/bench_map.py [--rows 200000] [--work DIR] [-o bench/map.json]

Target (issue 16): the page of the demo graph stays under 2 MB; the page of any selection
stays bounded (the density view's size depends on sites and periods, not events).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BIN = Path(sys.executable).parent


def run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one command in a child process of its own."""
    t0 = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        err = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"{' '.join(args)} failed: {err}")
    return wall, usage.ru_maxrss / 1024


def page_facts(path: Path) -> dict[str, object]:
    """Mode and event count the page was given, and its size."""
    html = path.read_text(encoding="utf-8")
    m = re.search(r'id="map-data">(.*?)</script>', html, re.S)
    data = json.loads(m.group(1)) if m else {}
    events = data.get("total") if data.get("mode") == "density" else len(data.get("events", []))
    return {"mode": data.get("mode"), "events": events, "mb": round(path.stat().st_size / 1e6, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--work", type=Path, default=None, help="folder for the graph")
    parser.add_argument("-o", "--output", type=Path, default=None, help="JSON file to write")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench_map_"))
    work.mkdir(parents=True, exist_ok=True)
    export, graph = work / "acled.csv", work / "g.lbdb"
    tatgraph = str(BIN / "tatgraph")
    if not graph.exists():
        subprocess.run(
            [sys.executable, "-m", "tatgraph.synth", "--rows", str(args.rows), "-o", str(export)],
            check=True,
            capture_output=True,
        )
        load = [tatgraph, "load", "acled", str(export), "-g", str(graph)]
        subprocess.run([*load, "--rejects", str(work / "rejects.csv")], check=True)
        subprocess.run([tatgraph, "link", "-g", str(graph)], check=True, capture_output=True)
    results: dict[str, object] = {
        "benchmark": "viz_map",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.python_version()}",
        "rows": args.rows,
    }
    for name, extra in (
        ("whole_graph_density", []),
        ("three_days_detail", ["--from", "2021-03-01", "--to", "2021-03-03"]),
        (
            "one_month_detail",
            ["--from", "2021-03-01", "--to", "2021-03-31", "--detail-limit", "5000"],
        ),
    ):
        out = work / f"{name}.html"
        wall, rss = run([tatgraph, "viz", "map", *extra, "-o", str(out), "-g", str(graph)])
        results[name] = {"seconds": round(wall, 2), "peak_rss_mib": round(rss), **page_facts(out)}
    text = json.dumps(results, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
