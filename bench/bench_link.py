"""Benchmark: the link inference core on synthetic events with known chains.

Generates N events in memory (:mod:`tatgraph.link.synthetic`: a marked two-sided Hawkes
cluster process per theatre, so every true response link is known), then times the
inference core -- candidate search with reversed roles, scoring, selection -- without any
database. Reports time against the 20 s target for a million events, precision and recall
of the proposed links, the share of true links among the candidates, peak memory, and a
Hawkes EM fit on one theatre (its recovered branching ratios against the generator's).

    python bench/bench_link.py --events 1000000 [--repeat 3] [--min-confidence 0.5]

Prints JSON; exits 1 when the best core time exceeds --target seconds.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time

import numpy as np

from tatgraph.link.hawkes import fit_hawkes
from tatgraph.link.infer import LinkParams, candidate_pairs, infer
from tatgraph.link.synthetic import SynthConfig, generate, theatre_times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--min-confidence", type=float, default=0.5)
    parser.add_argument("--target", type=float, default=20.0, help="Seconds allowed (core).")
    parser.add_argument(
        "--region",
        type=float,
        nargs=4,
        metavar=("LAT0", "LAT1", "LON0", "LON1"),
        default=SynthConfig().region,
        help="Box the theatres are drawn in (default: the Middle East; wider is sparser).",
    )
    args = parser.parse_args()

    t0 = time.perf_counter()
    cfg = SynthConfig(n_events=args.events, seed=args.seed, region=tuple(args.region))
    syn = generate(cfg)
    generate_s = time.perf_counter() - t0
    params = LinkParams(min_confidence=args.min_confidence)

    times, search_times = [], []
    found = None
    pairs = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    for _ in range(args.repeat):
        start = time.perf_counter()
        pairs = candidate_pairs(syn.table, params)
        mid = time.perf_counter()
        found = infer(syn.table, params, pairs=pairs)
        end = time.perf_counter()
        search_times.append(mid - start)
        times.append(end - start)
    assert found is not None

    n = len(syn.table)
    ti, tj = syn.truth()
    truth = ti * np.int64(n) + tj
    hits = int(np.isin(found.i * np.int64(n) + found.j, truth).sum())
    covered = float(np.isin(truth, pairs[0] * np.int64(n) + pairs[1]).mean())

    theatre = int(np.bincount(syn.theatre).argmax())
    th_times, th_dims = theatre_times(syn, theatre)
    h0 = time.perf_counter()
    fit = fit_hawkes(th_times, th_dims, start=0.0, end=syn.horizon_hours)
    hawkes_s = time.perf_counter() - h0

    best = min(times)
    report = {
        "events": n,
        "region": list(cfg.region),
        "true_links": len(ti),
        "generate_seconds": round(generate_s, 2),
        "core_seconds": {
            "best": round(best, 2),
            "median": round(statistics.median(times), 2),
            "candidate_search_best": round(min(search_times), 2),
        },
        "target_seconds": args.target,
        "within_target": best <= args.target,
        "candidates": len(pairs[0]),
        "candidates_per_event": round(len(pairs[0]) / max(n, 1), 2),
        "true_links_among_candidates": round(covered, 4),
        "min_confidence": args.min_confidence,
        "proposed": len(found),
        "precision": round(hits / max(len(found), 1), 4),
        "recall": round(hits / max(len(ti), 1), 4),
        "mean_confidence_of_proposed": round(float(found.confidence.mean()), 4)
        if len(found)
        else None,
        "hawkes_one_theatre": {
            "events": len(th_times),
            "seconds": round(hawkes_s, 2),
            "branching_fitted": [[round(float(x), 3) for x in row] for row in fit.alpha],
            "branching_true": [
                [cfg.follow_up, cfg.branching],
                [cfg.branching, cfg.follow_up],
            ],
            "mean_lag_hours_fitted": round(fit.mean_lag_hours, 2),
            "mean_lag_hours_true": cfg.lag_mean_hours,
        },
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0 if report["within_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
