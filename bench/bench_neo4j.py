"""Benchmark: the same synthetic ACLED export loaded into Neo4j and into Ladybug, same run.

For each size (default 100,000 rows, ``tatgraph.synth``, seeded) and each backend:

1. **load**: ``load_acled`` end to end into an empty graph (Ladybug: a new file, bulk
   ``COPY``; Neo4j: the emptied database over Bolt, ``UNWIND`` batches of 10,000 rows in
   managed write transactions), wall time and CPU time — of this process and its reader
   process, and for Neo4j of the server process too (read from /proc), since wall time is
   unreliable on a shared machine;
2. **reload**: the same export again (nothing changes; every row is compared);
3. the ground-truth ``RESPONDS_TO`` links of the export, then the **queries**: median of 20
   runs of a 10-hop chain (``MATCH (a:Event {id: $id})<-[:RESPONDS_TO*10..10]-(b:Event)``,
   the same text on both engines, from the first events of 20 chains of 11+ events) and of
   the named ``dyad_counts`` query.

Neo4j is the server at ``NEO4J_URI`` (its database is wiped!) or, without it, one started
with ``tools/neo4j/start`` (embedded Neo4j community, 1 GiB heap, 256 MiB page cache) and
stopped at the end. The JSON (stdout and ``--out``) has every figure, the Neo4j/Ladybug
ratios, and the load average before and after (the machine is shared).

    python bench/bench_neo4j.py --out bench/neo4j.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_acled import chain_starts

from tatgraph import queries
from tatgraph.graph import open_store
from tatgraph.graph.rows import from_dataset
from tatgraph.graph.store import GraphStore
from tatgraph.graph.write import Writer
from tatgraph.loaders.acled import load_acled
from tatgraph.model import Dataset
from tatgraph.synth import truth_links, write_files

NOW = datetime(2025, 1, 1, tzinfo=UTC)
TOOLS = Path(__file__).resolve().parents[1] / "tools" / "neo4j"
CHAIN_10 = "MATCH (a:Event {id: $id})<-[:RESPONDS_TO*10..10]-(b:Event) RETURN b.id AS id"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(text: str) -> None:
    sys.stderr.write(f"[bench_neo4j] {text}\n")
    sys.stderr.flush()


def cpu_of(pid: int | None) -> float:
    """User + system CPU seconds of process ``pid`` (when None: this process and its ended
    children, i.e. the ACLED reader process of inputs over 32 MB)."""
    if pid is None:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def timed(work: Callable[[], Any], server_pid: int | None) -> tuple[Any, dict[str, float]]:
    """Run ``work``; its result and wall, client CPU and (for Neo4j) server CPU seconds."""
    wall, client = time.perf_counter(), cpu_of(None)
    server = cpu_of(server_pid) if server_pid else 0.0
    result = work()
    out = {
        "wall_s": round(time.perf_counter() - wall, 2),
        "client_cpu_s": round(cpu_of(None) - client, 2),
    }
    if server_pid:
        out["server_cpu_s"] = round(cpu_of(server_pid) - server, 2)
    return result, out


def median_ms(work: Callable[[Any], Any], args: list[Any], runs: int = 20) -> float:
    times = []
    for i in range(runs):
        t = time.perf_counter()
        work(args[i % len(args)])
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def measure(
    store: GraphStore, csv_path: Path, truth: Path, server_pid: int | None
) -> dict[str, Any]:
    done, load = timed(lambda: load_acled(store, [csv_path], now=NOW), server_pid)
    log(f"{store.dialect.value}: load {load}")
    again, reload = timed(lambda: load_acled(store, [csv_path], now=NOW), server_pid)
    log(f"{store.dialect.value}: reload {reload}")
    assert again.stats.created["Event"] == again.stats.updated["Event"] == 0
    links = list(truth_links(truth))

    def write_links() -> None:
        writer = Writer(store)
        for lo in range(0, len(links), 100_000):
            writer.write(from_dataset(Dataset(links=links[lo : lo + 100_000]), now=NOW))

    _, link_load = timed(write_links, server_pid)
    starts = chain_starts(truth, 11)[:20]
    store.read(CHAIN_10, {"id": starts[0]})  # warm the plan cache, as a session would
    queries.run(store, "dyad_counts")
    chain = median_ms(lambda s: store.read(CHAIN_10, {"id": s}), starts)
    dyads = median_ms(lambda _: queries.run(store, "dyad_counts"), [None])
    log(f"{store.dialect.value}: 10-hop chain {chain} ms, dyad_counts {dyads} ms")
    counts = store.counts()
    return {
        "load": load,
        "rows_per_s": round(done.tally.read / load["wall_s"]),
        "reload": reload,
        "links": len(links),
        "link_load": link_load,
        "chain10_median_ms": chain,
        "chain10_rows_first_start": len(store.read(CHAIN_10, {"id": starts[0]})),
        "dyad_counts_median_ms": dyads,
        "tally": {"read": done.tally.read, "stored": done.tally.stored},
        "counts": {k: counts[k] for k in ("Event", "Claim", "Actor", "Site", "RESPONDS_TO")},
    }


@contextmanager
def neo4j_server(work: Path) -> Iterator[tuple[str, int | None, str]]:
    """(URI, server pid or None, how it was started): NEO4J_URI, or tools/neo4j started in
    ``work`` and stopped afterwards."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"], None, "the server at NEO4J_URI"
        return
    folder = work / "neo4j"
    out = subprocess.run(
        [str(TOOLS / "start"), str(folder)], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"tools/neo4j/start failed:\n{out.stderr}")
    saved = {k: os.environ.get(k) for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
    exports = dict(  # export NAME=value, shell-quoted
        shlex.split(line)[-1].partition("=")[::2] for line in out.stdout.splitlines() if line
    )
    if "NEO4J_URI" not in exports:
        raise SystemExit(f"tools/neo4j/start printed no NEO4J_URI:\n{out.stdout}{out.stderr}")
    os.environ.update(exports)
    try:
        pid = int((folder / "pid").read_text())
        yield os.environ["NEO4J_URI"], pid, "tools/neo4j (embedded, -Xmx1g, page cache 256m)"
    finally:
        subprocess.run([str(TOOLS / "stop"), str(folder)], capture_output=True, check=False)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def neo4j_version() -> str:
    """The server's name, version and edition (dbms.components is no read-only query for
    tatgraph's read path: Neo4j plans it as a DBMS procedure)."""
    from neo4j import GraphDatabase

    auth = (os.environ["NEO4J_USER"], os.environ["NEO4J_PASSWORD"])
    with GraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth) as driver:
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition RETURN *"
        )
    return f"{records[0]['name']} {records[0]['versions'][0]} {records[0]['edition']}"


def ratios(neo: dict[str, Any], lb: dict[str, Any]) -> dict[str, float]:
    """Neo4j / Ladybug for each figure (above 1: Neo4j is slower)."""
    return {
        "load_wall": round(neo["load"]["wall_s"] / lb["load"]["wall_s"], 2),
        "load_cpu_client_plus_server": round(
            (neo["load"]["client_cpu_s"] + neo["load"]["server_cpu_s"])
            / lb["load"]["client_cpu_s"],
            2,
        ),
        "reload_wall": round(neo["reload"]["wall_s"] / lb["reload"]["wall_s"], 2),
        "chain10": round(neo["chain10_median_ms"] / lb["chain10_median_ms"], 2),
        "dyad_counts": round(neo["dyad_counts_median_ms"] / lb["dyad_counts_median_ms"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_neo4j_"))
    load_before = os.getloadavg()
    runs = []
    try:
        with neo4j_server(work) as (uri, pid, how):
            for n in args.rows or [100_000]:
                csv_path, truth = work / f"acled_{n}.csv", work / f"acled_{n}.truth.csv"
                write_files(csv_path, rows=n, seed=args.seed, truth=truth)
                log(f"{n:,} rows generated")
                with open_store(work / f"g_{n}.lbdb") as lb:
                    ladybug = measure(lb, csv_path, truth, None)
                with open_store(uri) as neo:
                    neo.clear()
                    server_version = neo4j_version()
                    neo4j = measure(neo, csv_path, truth, pid)
                    neo.clear()
                assert ladybug["counts"] == neo4j["counts"], (ladybug["counts"], neo4j["counts"])
                runs.append(
                    {
                        "rows": n,
                        "ladybug": ladybug,
                        "neo4j": neo4j,
                        "neo4j_over_ladybug": ratios(neo4j, ladybug),
                    }
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "ladybug": package_version("ladybug"),
            "neo4j_driver": package_version("neo4j"),
            "neo4j_server": server_version,
            "neo4j_started_by": how,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "runs": runs,
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
