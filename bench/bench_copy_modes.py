"""Benchmark: what Ladybug's ``COPY`` costs, by how a load splits it into transactions.

Issue 15 asks the ACLED load to take at most 2x the raw ``COPY`` of its rows and at most
1 GiB (writer + reader) at 1M rows. This benchmark isolates the engine's part: it reads a
synthetic export once (untimed) into the graph's node and relationship tables, a segment
per ``--segment-rows`` rows as the loader's batches are, saves each segment's tables as
Parquet, and then copies them into a fresh graph in each of these ways, each in its own
process (peak RSS per mode; every table is read from its Parquet file just before its
``COPY`` and released after it, so no mode holds more input than one table):

- ``one_copy``: each table copied once, whole, all in one transaction (the raw ``COPY``
  of ``bench_acled.py``);
- ``segments_one_txn``: a ``COPY`` per table per segment, all in one transaction;
- ``segments_committed``: a transaction per segment (what the loader does, without its
  Python: reading, mapping, id look-ups);
- ``table_per_txn``: each table copied once, whole, in a transaction of its own (possible
  only once every segment is read: nothing overlaps with reading);
- ``table_segment_per_txn``: a transaction per table per segment;
- ``segments_one_txn_pool_512``: as ``segments_one_txn`` with the buffer pool capped at
  512 MiB (does a transaction's data spill to disk?);
- ``one_copy_parquet`` and ``table_per_txn_parquet``: as ``one_copy`` and
  ``table_per_txn``, but the engine reads each table from one Parquet file itself
  (``COPY ... FROM '<file>'``) instead of from an Arrow table handed over by Python;
- ``table_per_txn_segment_files``: as ``table_per_txn_parquet``, but each table from its
  segments' files (a ``COPY`` per file, one transaction per table).

Peak RSS is the phase process's own high-water mark (``VmHWM``): ``ru_maxrss`` of a
child starts at its parent's size when it was spawned (Linux keeps it across ``exec``), so
the export is read and prepared in a process of its own too. Every mode ends with the same
graph (the node and relationship counts are checked against
the input's). Writes JSON (stdout and ``--out``); a Markdown table on stderr.

    python bench/bench_copy_modes.py --rows 1000000 --out bench/copy_modes.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tatgraph.graph import open_store
from tatgraph.graph.ladybug import LadybugStore
from tatgraph.graph.rows import from_dataset
from tatgraph.graph.staged import copy_file
from tatgraph.graph.store import GraphStore
from tatgraph.graph.write import Writer
from tatgraph.loaders.acled import ACLED_ACTOR, AcledReader
from tatgraph.loaders.acled.read import to_graph
from tatgraph.reference import load_reference
from tatgraph.synth import write_files

sys.path.insert(0, str(Path(__file__).parent))
from bench_acled import NOW, cpu_s, fresh, log, machine, own_peak_mib, run_phase

NODE_ORDER = ("Actor", "Site", "Source", "Event", "Claim")
MODES = (
    "one_copy",
    "segments_one_txn",
    "segments_committed",
    "table_per_txn",
    "table_segment_per_txn",
    "segments_one_txn_pool_512",
    "one_copy_parquet",
    "table_per_txn_parquet",
    "table_per_txn_segment_files",
)


def prepare(csv_path: Path, out: Path, segment_rows: int) -> dict[str, Any]:
    """The export's node and relationship tables, a Parquet file per segment and table
    (``seg000/`` ...) and a file per table (``whole/``)."""
    import pyarrow.parquet as pq

    reader = AcledReader(load_reference())
    (out / "whole").mkdir(parents=True, exist_ok=True)
    writers: dict[str, Any] = {}
    rows: dict[str, int] = {}
    segments = 0
    source = None
    for i, batch in enumerate(reader.batches([csv_path], segment_rows)):
        graph = to_graph(batch, NOW)
        seg = out / f"seg{i:03d}"
        seg.mkdir(parents=True, exist_ok=True)
        for name, table in [*graph.nodes.items(), *graph.rels.items()]:
            if name == "Source":  # every batch repeats the export's row: the last one stays
                source = table
                continue
            if table.num_rows:
                pq.write_table(table, seg / f"{name}.parquet")
                if name not in writers:
                    writers[name] = pq.ParquetWriter(
                        out / "whole" / f"{name}.parquet", table.schema
                    )
                writers[name].write_table(table)
                rows[name] = rows.get(name, 0) + table.num_rows
        segments = i + 1
    for writer in writers.values():
        writer.close()
    if source is not None:
        pq.write_table(source, out / "seg000" / "Source.parquet")
        pq.write_table(source, out / "whole" / "Source.parquet")
        rows["Source"] = source.num_rows
    return {"segments": segments, "rows": rows}


def _tables(seg: Path) -> list[str]:
    names = {p.stem for p in seg.glob("*.parquet")}
    nodes = [n for n in NODE_ORDER if n in names]
    return nodes + sorted(names - set(nodes))


def _plan(mode: str, work: Path) -> list[list[tuple[str, list[Path]]]]:
    """The transactions of ``mode``: each a list of ``(table, parquet files)`` copies."""
    segs = sorted(work.glob("seg[0-9]*"))
    per_seg = [[(name, [seg / f"{name}.parquet"]) for name in _tables(seg)] for seg in segs]
    names = [n for n in NODE_ORDER if any((s / f"{n}.parquet").exists() for s in segs)]
    names += sorted({p.stem for s in segs for p in s.glob("*.parquet")} - set(names))
    whole = [
        (n, [s / f"{n}.parquet" for s in segs if (s / f"{n}.parquet").exists()]) for n in names
    ]
    if mode in ("one_copy_parquet", "table_per_txn_parquet"):
        files = [(n, [work / "whole" / f"{n}.parquet"]) for n, _ in whole]
        return [files] if mode == "one_copy_parquet" else [[copy] for copy in files]
    if mode == "one_copy":
        return [whole]
    if mode in ("segments_one_txn", "segments_one_txn_pool_512"):
        return [[copy for seg in per_seg for copy in seg]]
    if mode == "segments_committed":
        return per_seg
    if mode in ("table_per_txn", "table_per_txn_segment_files"):
        return [[copy] for copy in whole]
    if mode == "table_segment_per_txn":
        return [[copy] for seg in per_seg for copy in seg]
    raise ValueError(mode)


class _PoolStore(LadybugStore):
    """An embedded store with its buffer pool capped (``pool_mib``)."""

    pool_mib = 512

    def _open(self, ladybug: Any, read_only: bool) -> None:
        self._db = ladybug.Database(
            str(self.path), read_only=read_only, buffer_pool_size=self.pool_mib << 20
        )
        self._conn = ladybug.Connection(self._db)


def phase(mode: str, work: Path, graph: Path) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fresh(graph)
    store: GraphStore
    if mode.endswith("_pool_512"):
        store = _PoolStore(graph)
        store.ensure_schema()
    else:
        store = open_store(graph)
    with store:
        base = load_reference().dataset()
        base.actors.append(ACLED_ACTOR)
        Writer(store).write(from_dataset(base, now=NOW))
        rss_before = own_peak_mib()
        plan = _plan(mode, work)
        t, cpu0 = time.perf_counter(), cpu_s(resource.RUSAGE_SELF)
        error = None
        commits: list[float] = []
        try:
            for copies in plan:

                def txn(tx: Any, copies: list[tuple[str, list[Path]]] = copies) -> None:
                    for name, files in copies:
                        if mode.endswith(("_parquet", "_files")):
                            for f in files:
                                statement = copy_file(name, f)
                                if statement is None:
                                    raise ValueError(f"cannot name {f} in a COPY statement")
                                tx.run(statement)
                            continue
                        table = pa.concat_tables([pq.read_table(f) for f in files])
                        tx.copy(name, table)
                        del table

                store.transaction(txn)
                commits.append(round(time.perf_counter() - t, 2))
        except Exception as exc:  # recorded: the capped pool is expected to refuse
            error = f"{type(exc).__name__}: {exc}"
        wall = time.perf_counter() - t
        cpu = cpu_s(resource.RUSAGE_SELF) - cpu0
        counts = store.counts() if error is None else {}
    return {
        "mode": mode,
        "transactions": len(plan),
        "copies": sum(
            len(files) if mode.endswith(("_parquet", "_files")) else 1
            for copies in plan
            for _, files in copies
        ),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "peak_rss_mib": own_peak_mib(),
        "rss_before_copy_mib": rss_before,
        "committed_at_s": commits,
        "error": error,
        "counts": counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--segment-rows", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--mode", action="append", choices=MODES, help="(repeatable; all)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench_copy_"))
    if args.phase == "prepare":
        csv_path = work / "acled.csv"
        write_files(csv_path, rows=args.rows, seed=args.seed)
        log(f"{args.rows:,} synthetic rows written")
        print(json.dumps(prepare(csv_path, work, args.segment_rows)))
        return
    if args.phase:
        print(json.dumps(phase(args.phase, work, work / f"{args.phase}.lbdb")))
        return
    work.mkdir(parents=True, exist_ok=True)
    sizes = ["--rows", str(args.rows), "--segment-rows", str(args.segment_rows)]
    prepared = run_phase(
        [*sizes, "--seed", str(args.seed), "--workdir", str(work), "--phase", "prepare"], __file__
    )
    log(f"{prepared['segments']} segments prepared: {prepared['rows']}")
    load_at_start = os.getloadavg()
    results = []
    for mode in args.mode or MODES:
        result = run_phase(["--workdir", str(work), "--phase", mode], __file__)
        results.append(result)
        fresh(work / f"{mode}.lbdb")
        log(row(result))
    # the reference data (sites, actors) is in every graph besides the input's rows
    expected = prepared["rows"]
    graphs = [r["counts"] for r in results if r["error"] is None]
    for r in results:
        if r["error"] is None:
            r["same_graph"] = r["counts"] == graphs[0] and all(
                r["counts"].get(k, 0) >= v for k, v in expected.items()
            )
    text = json.dumps(
        {
            "machine": machine(load_at_start),
            "rows": args.rows,
            "segment_rows": args.segment_rows,
            "prepared": prepared,
            "modes": results,
        },
        indent=2,
    )
    print(text)
    log("| mode | transactions | COPY statements | wall | CPU | peak RSS | note |")
    for r in results:
        log(row(r))
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


def row(r: dict[str, Any]) -> str:
    """One Markdown row."""
    note = r["error"][:60] if r["error"] else ""
    return (
        f"| {r['mode']} | {r['transactions']} | {r['copies']} | {r['wall_s']:.1f} s | "
        f"{r['cpu_s']:.1f} s | {r['peak_rss_mib']:,.0f} MiB | {note} |"
    )


if __name__ == "__main__":
    main()
