"""Benchmark: the generic upsert path (MATCH...SET + CREATE, one transaction per batch).

Writes N synthetic events (each with a site, a perpetrator, a target, one claim and, for
most, a RESPONDS_TO link to an earlier event) into a fresh embedded graph, loads the same
data again (the idempotent no-op path), and times a 10-hop chain query. Prints JSON.

    python bench/bench_upsert.py --events 20000 --batch 5000 [--graph /tmp/bench.lbdb]

This measures the foundation's upsert path, not the bulk COPY path (see the ACLED issue).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tatgraph import queries
from tatgraph.demo import remove_graph
from tatgraph.graph import open_store
from tatgraph.model import Claim, Dataset, Event, Perpetrator, ResponseLink, Source
from tatgraph.reference import load_reference

T0 = datetime(2020, 1, 1, tzinfo=UTC)
SITES = ["al_omar", "conoco", "al_shaddadi", "kharab_al_jir", "al_tanf", "ayyash"]
SIDES = [("iran_backed_militias", "us_forces"), ("us_forces", "iran_backed_militias")]


def batches(n: int, size: int) -> list[Dataset]:
    src = Source(id="src_bench", outlet="bench", published=T0)
    out: list[Dataset] = []
    for lo in range(0, n, size):
        ds = Dataset(sources=[src] if lo == 0 else [])
        for i in range(lo, min(n, lo + size)):
            perp, target = SIDES[i % 2]
            start = T0 + timedelta(hours=6 * i)
            ds.events.append(
                Event(
                    id=f"ev_{i}",
                    kind="rocket_attack" if i % 2 == 0 else "airstrike",
                    start=start,
                    end=start + timedelta(hours=1),
                    precision="hour",
                    summary=f"synthetic event {i}",
                    site=SITES[i % len(SITES)],
                    perpetrators=(Perpetrator(actor=perp, basis="reported"),),
                    targets=(target,),
                )
            )
            ds.claims.append(
                Claim(id=f"clm_{i}", event=f"ev_{i}", source="src_bench", killed=i % 3)
            )
            if i > 0 and i % 10 != 0:  # chains of 10 events
                ds.links.append(
                    ResponseLink(event=f"ev_{i}", responds_to=f"ev_{i - 1}", basis="coded")
                )
        out.append(ds)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--graph", type=Path, default=None)
    args = parser.parse_args()
    graph = args.graph or Path(tempfile.mkdtemp()) / "bench.lbdb"
    remove_graph(graph)
    data = batches(args.events, args.batch)
    with open_store(graph) as store:
        store.write(load_reference().dataset())
        t = time.perf_counter()
        store.write(data)
        first = time.perf_counter() - t
        t = time.perf_counter()
        store.write(data)
        again = time.perf_counter() - t
        lat = []
        for k in range(20):
            q0 = time.perf_counter()
            rows = queries.run(store, "chain_from", id=f"ev_{10 * k}")
            lat.append((time.perf_counter() - q0) * 1000)
            assert max(r["steps"] for r in rows) == 9
        counts = store.counts()
    result = {
        "events": args.events,
        "batch": args.batch,
        "first_load_s": round(first, 2),
        "events_per_s": round(args.events / first),
        "reload_s": round(again, 2),
        "chain_9_hops_median_ms": round(statistics.median(lat), 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "counts": {k: counts[k] for k in ("Event", "Claim", "RESPONDS_TO", "AT")},
    }
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
