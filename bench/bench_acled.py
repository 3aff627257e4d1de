"""Benchmark: ACLED bulk load (parse -> validate -> store) against the raw Ladybug COPY.

For each size it generates a synthetic export (``tatgraph.synth``, seeded) and, each phase in
its own process so peak RSS is measured per phase:

1. **end to end**: ``load_acled`` into a fresh embedded graph (reading, mapping, validation,
   the new rows staged in Parquet files and each table copied once at the end — the
   loader's default; with ``--no-staged`` existence checks and a COPY per batch, one
   transaction each, as into a graph that holds ACLED events), timed;
2. **raw COPY**: the same node and relationship rows, prepared as Arrow tables beforehand
   (untimed), copied into another fresh graph in one transaction (timed);
3. **queries** on the loaded graph, after adding the ground-truth RESPONDS_TO links: median
   of 20 runs of a 10-hop RESPONDS_TO chain, of the named queries ``events_by_site_year``
   and ``dyad_counts`` (checked once against the same counts joined from the relationships).

Every phase records wall time and CPU time (user + system; the load's main and reader
processes apart) and the load average, so runs on a shared machine can be judged by CPU; a
staged load also its reading and copying phases, and the bound parallel reading could reach
(``two_core_bound_s``: the reading's CPU over two cores, plus the copy as it is). The same
run can take a fifth longer or shorter from one hour to the next on a shared machine:
``--pairs N`` loads and copies raw N times in turns (the analyses after the first load
only) and reports the median ratio beside each pair's.
Targets (issue 15, 2-core machine, idle): 1M rows end to end <= 2x the raw COPY; peak RSS of
main + reader <= 1 GiB at 1M; dyad counts <= 300 ms, events per site per year <= 100 ms,
10-hop chain <= 2 ms at 1M events. Writes JSON (stdout and ``--out``) and a table of the
figures the README shows (stderr).

    python bench/bench_acled.py --rows 100000 --rows 1000000 --rows 2500000 --pairs 3 \
        --out bench/acled.json
    python bench/bench_acled.py --no-staged --rows 100000 --rows 1000000 --rows 2500000 \
        --out bench/acled_batches.json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from peakmem import hwm_mib

from tatgraph import queries
from tatgraph.graph import open_store
from tatgraph.graph.rows import from_dataset
from tatgraph.graph.staged import stage_dir
from tatgraph.graph.store import GraphStore
from tatgraph.graph.write import Writer
from tatgraph.loaders.acled import ACLED_ACTOR, AcledReader, load_acled
from tatgraph.loaders.acled.read import to_graph
from tatgraph.model import Dataset
from tatgraph.reference import load_reference
from tatgraph.synth import truth_links, write_files

NOW = datetime(2025, 1, 1, tzinfo=UTC)
CHAIN_10 = "MATCH (a:Event {id: $id})<-[:RESPONDS_TO*10..10]-(b:Event) RETURN b.id AS id"
SITE_YEAR_JOIN = (
    "MATCH (e:Event)-[:AT]->(s:Site) "
    "RETURN s.id AS site, date_part('year', e.start_utc) AS year, count(*) AS events"
)
"""Events per site per year joined from the events (what the benchmark timed before)."""
TARGETS = {
    "ratio_e2e_to_raw": 2.0,
    "peak_rss_mib_main_plus_reader_at_1m": 1024,
    "dyad_counts_median_ms_at_1m": 300,
    "site_year_median_ms_at_1m": 100,
    "chain10_median_ms_at_1m": 2.0,
}


def fresh(path: Path) -> Path:
    """Remove a graph and its side files."""
    for p in path.parent.glob(path.name + "*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    return path


def cpu_s(who: int) -> float:
    """User + system CPU seconds of this process (RUSAGE_SELF) or its waited-for children."""
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def own_peak_mib() -> float:
    """This process's own peak resident size (:func:`hwm_mib`): ``ru_maxrss`` of a spawned
    process starts at its parent's size at the spawn (Linux keeps it across ``exec``)."""
    found = hwm_mib()
    return peak_rss_mib() if found is None else round(found, 1)


def children_rss_mib() -> float:
    """Peak RSS of the waited-for children (the reader process): at least the spawning
    process's size at the spawn, which at the load's start (about 250 MiB) is below the
    reader's own peak (checked against its ``VmHWM``: 517 MiB both at 1M rows)."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def median_ms(store: GraphStore, query: str, params: list[dict[str, Any]], runs: int = 20) -> float:
    times = []
    for i in range(runs):
        t = time.perf_counter()
        store.read(query, params[i % len(params)])
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 3)


def named_ms(store: GraphStore, name: str, runs: int = 20) -> tuple[float, float]:
    """Median wall and CPU milliseconds of a named query."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), cpu_s(resource.RUSAGE_SELF)
        queries.run(store, name)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((cpu_s(resource.RUSAGE_SELF) - c) * 1000)
    return round(statistics.median(wall), 3), round(statistics.median(cpu), 3)


def log(text: str) -> None:
    """Progress on stderr (the result goes to stdout)."""
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {text}\n")
    sys.stderr.flush()


def phase_e2e(
    csv_path: Path, graph: Path, truth: Path, staged: bool, analyses: bool = True
) -> dict[str, Any]:
    fresh(graph)
    with open_store(graph) as store:
        load_before = os.getloadavg()[0]
        t = time.perf_counter()
        cpu0, kids0 = cpu_s(resource.RUSAGE_SELF), cpu_s(resource.RUSAGE_CHILDREN)
        staged_mib: list[float] = []
        read_phase: list[float] = []  # wall and CPU when the copy of the staged files began

        def on_copy(table: str) -> None:  # the staged files' size, once they are complete
            if not staged_mib:
                read_phase.extend((time.perf_counter() - t, cpu_s(resource.RUSAGE_SELF) - cpu0))
                files = stage_dir(str(graph)).glob("*.parquet")
                staged_mib.append(round(sum(f.stat().st_size for f in files) / 2**20, 1))

        done = load_acled(store, [csv_path], now=NOW, staged=staged, on_copy=on_copy)
        e2e = time.perf_counter() - t
        cpu_main = cpu_s(resource.RUSAGE_SELF) - cpu0
        cpu_reader = cpu_s(resource.RUSAGE_CHILDREN) - kids0
        log(f"end to end: {done.tally.read:,} rows in {e2e:.1f} s")
        rss_load = own_peak_mib()
        worker_rss = children_rss_mib()
        if not analyses:  # a further pair (--pairs): the load's figures only
            return {
                "e2e_s": round(e2e, 2),
                **_phases(read_phase, e2e, cpu_main),
                "e2e_cpu_s": round(cpu_main + cpu_reader, 2),
                "load_average_before_e2e": round(load_before, 2),
                "peak_rss_mib": rss_load,
            }
        links = list(truth_links(truth))
        t = time.perf_counter()
        writer = Writer(store)
        for lo in range(0, len(links), 100_000):
            writer.write(from_dataset(Dataset(links=links[lo : lo + 100_000]), now=NOW))
        link_s = time.perf_counter() - t
        log(f"{len(links):,} ground-truth links in {link_s:.1f} s")
        starts = chain_starts(truth, 11)[:20]
        chain = median_ms(store, CHAIN_10, [{"id": s} for s in starts])
        hops = len(store.read(CHAIN_10, {"id": starts[0]})) if starts else 0
        site_year, site_year_cpu = named_ms(store, "events_by_site_year")
        dyads, dyads_cpu = named_ms(store, "dyad_counts")
        joined = store.read(SITE_YEAR_JOIN)
        by_join = {(r["site"], r["year"]): r["events"] for r in joined}
        by_name = {
            (r["site_id"], r["year"]): r["events"]
            for r in queries.run(store, "events_by_site_year")
        }
        counts = store.counts()
    return {
        "staged": staged,
        "staged_files_mib": staged_mib[0] if staged_mib else None,
        "e2e_s": round(e2e, 2),
        **_phases(read_phase, e2e, cpu_main),
        "e2e_cpu_main_s": round(cpu_main, 2),
        "e2e_cpu_reader_s": round(cpu_reader, 2),
        "e2e_cpu_s": round(cpu_main + cpu_reader, 2),
        "load_average_before_e2e": round(load_before, 2),
        "rows_per_s": round(done.tally.read / e2e),
        "tally": {
            "read": done.tally.read,
            "stored": done.tally.stored,
            "rejected": done.tally.rejected,
            "skipped": done.tally.skipped,
        },
        "peak_rss_mib": rss_load,
        "reader_worker_peak_rss_mib": worker_rss,
        "links": len(links),
        "link_load_s": round(link_s, 2),
        "chain10_starts": len(starts),
        "chain10_rows_first_start": hops,
        "chain10_median_ms": chain,
        "site_year_median_ms": site_year,
        "site_year_median_cpu_ms": site_year_cpu,
        "site_year_equals_join": by_join == by_name,
        "dyad_counts_median_ms": dyads,
        "dyad_counts_median_cpu_ms": dyads_cpu,
        "counts": {k: counts[k] for k in ("Event", "Claim", "Actor", "Site", "RESPONDS_TO")},
    }


def _phases(read_phase: list[float], e2e: float, cpu_main: float) -> dict[str, Any]:
    """A staged load's two phases: reading (up to the copy of the staged files; the reader
    and the staging writes, one process) and copying (to the end of the load), wall and CPU;
    and ``two_core_bound_s``, the least the load could take with its reading spread evenly
    over both cores and its copy unchanged (what parallel reading could reach at best)."""
    if not read_phase:
        return {}
    read_s, read_cpu = read_phase
    return {
        "read_phase_s": round(read_s, 2),
        "read_phase_cpu_s": round(read_cpu, 2),
        "copy_phase_s": round(e2e - read_s, 2),
        "copy_phase_cpu_s": round(cpu_main - read_cpu, 2),
        "two_core_bound_s": round(read_cpu / 2 + (e2e - read_s), 2),
    }


def _pair(e2e: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """One end-to-end load and the raw COPY after it: their times and ratios."""
    pair = {
        "e2e_s": e2e["e2e_s"],
        "raw_copy_s": raw["raw_copy_s"],
        "ratio_e2e_to_raw": round(e2e["e2e_s"] / raw["raw_copy_s"], 2),
        "load_average_before_e2e": e2e["load_average_before_e2e"],
    }
    if "two_core_bound_s" in e2e:
        pair["two_core_bound_s"] = e2e["two_core_bound_s"]
        pair["ratio_two_core_bound_to_raw"] = round(e2e["two_core_bound_s"] / raw["raw_copy_s"], 2)
    return pair


def phase_raw(csv_path: Path, graph: Path) -> dict[str, Any]:
    import pyarrow as pa

    fresh(graph)
    reference = load_reference()
    reader = AcledReader(reference)
    parts: dict[str, list[Any]] = defaultdict(list)
    for batch in reader.batches([csv_path], 100_000):
        ab = to_graph(batch, NOW)
        for name, table in [*ab.nodes.items(), *ab.rels.items()]:
            parts[name].append(table)
    tables = {name: pa.concat_tables(ts) for name, ts in parts.items()}
    # every batch repeats the export's Source row (its latest publication): keep the last
    tables["Source"] = parts["Source"][-1]
    with open_store(graph) as store:
        base = reference.dataset()
        base.actors.append(ACLED_ACTOR)
        Writer(store).write(from_dataset(base, now=NOW))
        order = ("Actor", "Site", "Source", "Event", "Claim")
        rel_order = [n for n in tables if n not in order]
        t = time.perf_counter()
        cpu0 = cpu_s(resource.RUSAGE_SELF)

        def work(tx: Any) -> None:
            for name in [*order, *rel_order]:
                if name in tables and tables[name].num_rows:
                    tx.copy(name, tables[name])

        store.transaction(work)
        raw = time.perf_counter() - t
        raw_cpu = cpu_s(resource.RUSAGE_SELF) - cpu0
        log(f"raw COPY of {sum(t.num_rows for t in tables.values()):,} rows in {raw:.1f} s")
        rows = sum(t.num_rows for t in tables.values())
    return {
        "raw_copy_s": round(raw, 2),
        "raw_copy_cpu_s": round(raw_cpu, 2),
        "raw_rows": rows,
        "raw_peak_rss_mib": own_peak_mib(),
    }


def chain_starts(truth: Path, min_events: int) -> list[str]:
    """First events of ground-truth chains with at least ``min_events`` events."""
    by_chain: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with truth.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            by_chain[rec["chain"]].append((rec["event_id_cnty"], rec["responds_to"]))
    out: list[str] = []
    for links in by_chain.values():
        if len(links) + 1 >= min_events:
            answered = {a for _, a in links}
            responders = {r for r, _ in links}
            first = sorted(answered - responders)
            out.extend(f"acled:{f}" for f in first)
    return sorted(out)


def run_phase(args: list[str], script: str = __file__) -> dict[str, Any]:
    """Run ``script`` with ``args`` in a process of its own; the JSON its last line prints."""
    out = subprocess.run(
        [sys.executable, script, *args], stdout=subprocess.PIPE, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"phase {args[:2]} failed (exit code {out.returncode})")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="sizes (repeatable)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--no-staged", action="store_true", help="copy batch by batch (load_acled(staged=False))"
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=1,
        help="end-to-end and raw COPY runs per size, taken in turns (the first with the "
        "analyses); with more than one, the median ratio is reported beside each pair's",
    )
    parser.add_argument("--phase", choices=("e2e", "raw"), help=argparse.SUPPRESS)
    parser.add_argument("--no-analyses", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--graph", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--truth", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "e2e":
        e2e = phase_e2e(args.csv, args.graph, args.truth, not args.no_staged, not args.no_analyses)
        print(json.dumps(e2e))
        return
    if args.phase == "raw":
        print(json.dumps(phase_raw(args.csv, args.graph)))
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench_acled_"))
    work.mkdir(parents=True, exist_ok=True)
    runs = []
    load_at_start = os.getloadavg()
    for n in args.rows or [100_000]:
        csv_path, truth = work / f"acled_{n}.csv", work / f"acled_{n}.truth.csv"
        t = time.perf_counter()
        stats = write_files(csv_path, rows=n, seed=args.seed, truth=truth)
        gen_s = time.perf_counter() - t
        log(f"{n:,} synthetic rows written in {gen_s:.0f} s")
        e2e_args = [
            "--phase",
            "e2e",
            "--csv",
            str(csv_path),
            "--graph",
            str(work / f"e2e_{n}.lbdb"),
        ]
        e2e_args += ["--truth", str(truth), *(["--no-staged"] if args.no_staged else [])]
        raw_args = [
            "--phase",
            "raw",
            "--csv",
            str(csv_path),
            "--graph",
            str(work / f"raw_{n}.lbdb"),
        ]
        e2e, raw = run_phase(e2e_args), run_phase(raw_args)
        pairs = [_pair(e2e, raw)]
        for _ in range(args.pairs - 1):
            pairs.append(_pair(run_phase([*e2e_args, "--no-analyses"]), run_phase(raw_args)))
        run = {
            "rows": n,
            "file_mib": round(csv_path.stat().st_size / 2**20, 1),
            "generate_s": round(gen_s, 1),
            "synthetic": {
                "chains": stats.chains,
                "links": stats.links,
                "longest": stats.longest_chain,
            },
            **e2e,
            **raw,
            "ratio_e2e_to_raw": round(e2e["e2e_s"] / raw["raw_copy_s"], 2),
            "ratio_cpu_e2e_to_raw": round(e2e["e2e_cpu_s"] / raw["raw_copy_cpu_s"], 2),
            "ratio_two_core_bound_to_raw": (
                round(e2e["two_core_bound_s"] / raw["raw_copy_s"], 2)
                if "two_core_bound_s" in e2e
                else None
            ),
            "peak_rss_mib_main_plus_reader": round(
                e2e["peak_rss_mib"] + e2e["reader_worker_peak_rss_mib"], 1
            ),
        }
        if len(pairs) > 1:
            run["pairs"] = pairs
            run["ratio_e2e_to_raw_median"] = statistics.median(p["ratio_e2e_to_raw"] for p in pairs)
        runs.append(run)
        log(summary(run))
        for p in work.glob(f"*_{n}.lbdb*"):
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    result = {
        "machine": machine(load_at_start),
        "targets": TARGETS,
        "runs": runs,
    }
    text = json.dumps(result, indent=2)
    print(text)
    log(
        "| rows | end to end | raw COPY | ratio | peak RSS (main + reader) | dyad counts | "
        "events per site per year | 10-hop chain | load average |"
    )
    for run in runs:
        log(summary(run))
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


def summary(run: dict[str, Any]) -> str:
    """One row of the README's performance table (Markdown)."""
    median = run.get("ratio_e2e_to_raw_median")
    pairs = f"; median of {len(run['pairs'])} pairs {median:.2f}×" if median else ""
    return (
        f"| {run['rows']:,} | {run['e2e_s']:.1f} s (CPU {run['e2e_cpu_main_s']:.1f} + "
        f"{run['e2e_cpu_reader_s']:.1f} s) | {run['raw_copy_s']:.1f} s (CPU "
        f"{run['raw_copy_cpu_s']:.1f} s) | {run['ratio_e2e_to_raw']:.2f}× (CPU "
        f"{run['ratio_cpu_e2e_to_raw']:.2f}×{pairs}) | {run['peak_rss_mib']:,.0f} + "
        f"{run['reader_worker_peak_rss_mib']:,.0f} MiB | {run['dyad_counts_median_ms']:.0f} ms | "
        f"{run['site_year_median_ms']:.0f} ms | {run['chain10_median_ms']:.1f} ms | "
        f"load {run['load_average_before_e2e']:.1f} |"
    )


def machine(load_at_start: tuple[float, float, float]) -> dict[str, Any]:
    """The machine's facts for a benchmark's JSON (the load average now and at the start)."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "ladybug": _version("ladybug"),
        "load_average_at_start": load_at_start,
        "load_average_at_end": os.getloadavg(),
    }


def _version(module: str) -> str:
    from importlib.metadata import version

    return version(module)


if __name__ == "__main__":
    main()
