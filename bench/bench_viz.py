"""Benchmark: `tatgraph viz timeline` on large graphs (prints JSON).

Builds a graph from ``--rows`` synthetic ACLED rows (``python -m tatgraph.synth``), then
times the timeline of the whole graph (the density view above 1,500 events) and of one
week (one marker per event), each in a fresh process so the peak RSS is the command's own.

    python bench/bench_viz.py [--rows 200000] [--work DIR] [-o bench/viz.json]

Target (issue 17, item 8): 168k events drew a 1,800 x 199,597 px PNG in 460 s and 5.9 GB;
the timeline of any selection must stay a bounded image, in well under a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import struct
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


def png_size(path: Path) -> list[int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return [int(width), int(height)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--work", type=Path, default=None, help="folder for the graph")
    parser.add_argument("-o", "--output", type=Path, default=None, help="JSON file to write")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench_viz_"))
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
    count = subprocess.run(
        [
            tatgraph,
            "cypher",
            "MATCH (e:Event) RETURN count(e) AS n",
            "-f",
            "json",
            "-g",
            str(graph),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    events = json.loads(count.stdout)["n"]
    results: dict[str, object] = {
        "benchmark": "viz_timeline",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.python_version()}",
        "events": events,
    }
    for name, extra in (
        ("whole_graph", []),
        ("one_week", ["--from", "2021-03-01", "--to", "2021-03-07"]),
    ):
        out = work / f"{name}.png"
        wall, rss = run([tatgraph, "viz", "timeline", *extra, "-o", str(out), "-g", str(graph)])
        results[name] = {
            "seconds": round(wall, 2),
            "peak_rss_mib": round(rss),
            "png_px": png_size(out),
        }
    text = json.dumps(results, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
