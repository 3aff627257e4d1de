"""Benchmark: the link inference core on synthetic events with known chains.

Generates N events in memory (:mod:`tatgraph.link.synthetic`: a marked two-sided Hawkes
cluster process per theatre, so every true response link is known), then runs the
inference core -- candidate search with reversed roles, scoring, ordering, selection --
without any database. Reports:

- **CPU time** of the core (user + system of this process, best and median of
  ``--repeat`` runs; the machine is shared, so wall-clock time is reported but not
  targeted) split into search / score / select, against ``--target-cpu`` seconds;
- **peak memory**: of the core alone (the kernel's high-water mark, reset after the events
  are generated) and of the whole process up to the end of the timed runs (events and
  core), against ``--target-mib``; the evaluation that follows (coverage, other
  thresholds, the oracle) is reported apart;
- the load average before and after (how busy the machine was);
- precision and recall of the proposed links at several thresholds, the share of true
  links among the candidates, and beside them the **oracle**: the Hawkes posterior with
  the generator's true parameters (:mod:`tatgraph.link.oracle`), time only and time and
  place -- the ceiling on this data.

    python bench/bench_link.py --events 1000000 --repeat 3 --out bench/link.json

Prints JSON (and writes it to ``--out``); exits 1 when the best core CPU time or the
process's peak memory exceeds its target.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from peakmem import hwm_mib

from tatgraph.link.candidates import candidate_pairs
from tatgraph.link.infer import LinkParams, infer
from tatgraph.link.oracle import TheatrePosterior, true_model
from tatgraph.link.params import DEFAULT_MIN_CONFIDENCE
from tatgraph.link.synthetic import PLACEMENTS, SynthConfig, generate

THRESHOLDS = (0.3, 0.5, 0.7)


def _reset_hwm() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _pr(i: np.ndarray, j: np.ndarray, truth: np.ndarray, n: int, true: int) -> dict[str, float]:
    hits = int(np.isin(i.astype(np.int64) * n + j, truth).sum())
    return {
        "proposed": len(i),
        "precision": round(hits / max(len(i), 1), 4),
        "recall": round(hits / max(true, 1), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE)
    parser.add_argument("--target-cpu", type=float, default=6.0, help="CPU seconds (core).")
    parser.add_argument("--target-mib", type=float, default=1536.0, help="Peak MiB (process).")
    parser.add_argument("--no-oracle", action="store_true", help="Skip the oracle.")
    parser.add_argument("--out", type=Path, help="Also write the JSON here.")
    parser.add_argument(
        "--region",
        type=float,
        nargs=4,
        metavar=("LAT0", "LAT1", "LON0", "LON1"),
        default=SynthConfig().region,
        help="Box the theatres are drawn in (default: the Middle East; wider is sparser).",
    )
    parser.add_argument(
        "--placement",
        choices=PLACEMENTS,
        default="theatre",
        help="Where the generator puts answers: theatre (by reach, the default) or near "
        "(the earlier generator: near the trigger).",
    )
    args = parser.parse_args()
    load_before = os.getloadavg()

    t0 = time.process_time()
    cfg = SynthConfig(
        n_events=args.events, seed=args.seed, region=tuple(args.region), placement=args.placement
    )
    syn = generate(cfg)
    generate_cpu = time.process_time() - t0
    after_generate = hwm_mib()
    params = LinkParams(min_confidence=args.min_confidence)

    cpu, wall, stages = [], [], []
    found = None
    core_peak = None
    for k in range(args.repeat):
        reset = _reset_hwm()
        w0, c0 = time.perf_counter(), time.process_time()
        found = infer(syn.table, params)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
        stages.append(found.seconds)
        if k == 0 and reset:
            core_peak = hwm_mib()
    assert found is not None
    best = int(np.argmin(cpu))
    peak_core = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    n = len(syn.table)
    ti, tj = syn.truth()
    truth = ti.astype(np.int64) * n + tj
    ci, cj = candidate_pairs(syn.table, params)
    loose = syn.table.end[cj] > syn.table.start[ci]
    codes = np.concatenate([ci * np.int64(n) + cj, cj[loose] * np.int64(n) + ci[loose]])
    covered = float(np.isin(truth, codes).mean())
    del ci, cj, codes
    by_threshold = {}
    for th in THRESHOLDS:
        at = found if th == args.min_confidence else infer(syn.table, LinkParams(min_confidence=th))
        by_threshold[f"{th:g}"] = _pr(at.i, at.j, truth, n, len(ti))
    oracle = {}
    if not args.no_oracle:
        for name, space in (("time", False), ("time_and_place", True)):
            post = TheatrePosterior(syn, true_model(syn, space=space))
            for th in THRESHOLDS:
                oi, oj, _ = post.attribution(th)
                oracle[f"{name} {th:g}"] = _pr(oi, oj, truth, n, len(ti))
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {
        "events": n,
        "region": list(cfg.region),
        "placement": cfg.placement,
        "true_links": len(ti),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "generate_cpu_seconds": round(generate_cpu, 2),
        "core_cpu_seconds": {
            "best": round(cpu[best], 2),
            "median": round(statistics.median(cpu), 2),
            "stages_of_best": {k: round(v, 2) for k, v in stages[best].items()},
            "target": args.target_cpu,
        },
        "core_wall_seconds": {
            "best": round(min(wall), 2),
            "median": round(statistics.median(wall), 2),
        },
        "memory_mib": {
            "after_generating": round(after_generate, 1) if after_generate else None,
            "core_peak": round(core_peak, 1) if core_peak else None,
            "process_peak_through_core": round(peak_core, 1),
            "target_process_peak_through_core": args.target_mib,
            "process_peak_with_evaluation": round(peak_after, 1),
        },
        "candidates": found.candidates,
        "candidates_per_event": round(found.candidates / max(n, 1), 2),
        "candidates_with_overlapping_windows": found.unordered,
        "true_links_among_candidates": round(covered, 4),
        "min_confidence": args.min_confidence,
        "proposed": len(found),
        "mean_confidence_of_proposed": round(float(found.confidence.mean()), 4)
        if len(found)
        else None,
        "by_threshold": by_threshold,
        "oracle_hawkes_true_parameters": oracle,
    }
    report["within_target"] = cpu[best] <= args.target_cpu and peak_core <= args.target_mib
    text = json.dumps(report, indent=2)
    sys.stdout.write(text + "\n")
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0 if report["within_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
