"""Benchmark: response links against known links -- the seed graph and synthetic data.

1. **Seed graph** (what ``tatgraph demo`` builds: the curated coding of the seed reports,
   22 events, 9 stated and 5 coded links): ``tatgraph link --evaluate`` -- the links are
   hidden, the linker and two baselines (nearest reversed dyad, Hawkes attribution) run on
   the events, and each is scored against the hidden links; also the linker's precision and
   recall over a range of thresholds.
2. **Synthetic data** (:mod:`tatgraph.link.synthetic`, true links known): the same table,
   with the Hawkes model fitted per theatre as the Hawkes baseline and the oracle -- the
   Hawkes posterior with the generator's true parameters, time only and time and place
   (:mod:`tatgraph.link.oracle`) -- and the linker's precision and recall at thresholds
   from 0.3 to 0.7. ``--placement`` says where the generator puts answers: ``theatre`` (the default:
   by the kind's reach at the other side's sites, the data the score is calibrated on) or
   ``near`` (the earlier generator, every answer near its trigger: the data issue 12's
   synthetic target, 0.76 / 0.33, was measured on); give both to run both.
3. **A synthetic ACLED export** (``python -m tatgraph.synth``, its chains known from
   ``<export>.truth.csv``): loaded with ``tatgraph load acled``, then the table of
   ``tatgraph link --evaluate`` against the ground-truth links (no Hawkes baseline: the
   export is one long theatre).

    python bench/bench_link_eval.py --events 100000 1000000 --export-rows 100000 \
        --out bench/link_eval.json
    python bench/bench_link_eval.py --events 1000000 --placement near theatre \
        --export-rows 0 --out bench/link_eval_placement.json

Prints JSON (and writes it to ``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from tatgraph.demo import build_graph
from tatgraph.graph import open_store
from tatgraph.link.assess import Method, assess
from tatgraph.link.evaluate import REFERENCE_CONFIG, seed_recovery
from tatgraph.link.graphio import evaluate_graph, read_table
from tatgraph.link.infer import LinkParams, infer
from tatgraph.link.oracle import TheatrePosterior, fitted_model, true_model
from tatgraph.link.params import DEFAULT_MIN_CONFIDENCE
from tatgraph.link.synthetic import PLACEMENTS, SynthConfig, Synthetic, generate
from tatgraph.synth import truth_links, write_files

SEED_THRESHOLDS = (0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)
EXPORT_THRESHOLDS = (0.1, 0.2, 0.3, 0.5)
SYNTHETIC_THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7)


def seed_graph(threshold: float) -> dict[str, object]:
    """The evaluation on the demo graph, as ``tatgraph link --evaluate`` computes it."""
    with tempfile.TemporaryDirectory() as tmp, build_graph(Path(tmp) / "demo.lbdb") as store:
        result = evaluate_graph(store, LinkParams(min_confidence=threshold))
    out = result.assessment.as_dict()
    out["hidden_by_basis"] = result.by_basis
    return out


def _curve_row(threshold: float, proposed: int, hits: int, true: int) -> dict[str, object]:
    return {
        "threshold": threshold,
        "proposed": proposed,
        "true_among_proposed": hits,
        "precision": round(hits / max(proposed, 1), 4),
        "recall": round(hits / max(true, 1), 4),
    }


def seed_curve() -> list[dict[str, object]]:
    """The linker's precision and recall on the seed, threshold by threshold."""
    rows = []
    for th in SEED_THRESHOLDS:
        m = seed_recovery(LinkParams(min_confidence=th)).metrics
        rows.append(_curve_row(th, m.predicted, m.hits, m.true))
    return rows


def linker_curve(syn: Synthetic) -> list[dict[str, object]]:
    """The linker's precision and recall on synthetic data, threshold by threshold."""
    n = len(syn.table)
    ti, tj = syn.truth()
    truth = ti.astype(np.int64) * n + tj
    rows = []
    for th in SYNTHETIC_THRESHOLDS:
        found = infer(syn.table, LinkParams(min_confidence=th))
        hits = int(np.isin(found.i.astype(np.int64) * n + found.j, truth).sum())
        rows.append(_curve_row(th, len(found), hits, len(ti)))
    return rows


def synthetic(events: int, threshold: float, placement: str = "theatre") -> dict[str, object]:
    cfg = (
        REFERENCE_CONFIG
        if events == REFERENCE_CONFIG.n_events
        else SynthConfig(n_events=events, seed=1)
    )
    cfg = replace(cfg, placement="near" if placement == "near" else "theatre")
    syn = generate(cfg)
    extra = []
    started = time.process_time()
    fitted = TheatrePosterior(syn, fitted_model(syn))
    fi, fj, _ = fitted.attribution(threshold)
    extra.append(Method("Hawkes fitted per theatre", fi, fj, fitted.probability))
    fit_cpu = time.process_time() - started
    oracles = (("oracle: true Hawkes, time", False), ("oracle: true Hawkes, time+place", True))
    for name, space in oracles:
        post = TheatrePosterior(syn, true_model(syn, space=space))
        for th in sorted({threshold, 0.5}):
            oi, oj, _ = post.attribution(th)
            label = name if th == threshold else f"{name} at {th:g}"
            extra.append(Method(label, oi, oj, post.probability))
    result = assess(syn.table, syn.truth(), LinkParams(min_confidence=threshold),
                    hawkes=False, extra=extra)  # fmt: skip
    out = result.as_dict()
    out["config"] = {
        "n_events": cfg.n_events,
        "seed": cfg.seed,
        "region": list(cfg.region),
        "placement": cfg.placement,
    }
    out["tatgraph_link_by_threshold"] = linker_curve(syn)
    out["hawkes_per_theatre_fit_cpu_seconds"] = round(fit_cpu, 1)
    return out


def synth_export(rows: int, seed: int) -> dict[str, object]:
    """A ``tatgraph.synth`` export loaded with ``tatgraph load acled``, scored against its
    ground truth at several thresholds."""
    with tempfile.TemporaryDirectory() as tmp:
        export, graph = Path(tmp) / "export.csv", Path(tmp) / "export.lbdb"
        stats = write_files(export, rows=rows, seed=seed)
        tatgraph = Path(sys.executable).with_name("tatgraph")
        load = [str(tatgraph), "load", "acled", str(export), "-g", str(graph)]
        load += ["--rejects", str(Path(tmp) / "rejects.csv")]
        load += ["--manifest", str(Path(tmp) / "manifest.json")]
        subprocess.run(load, check=True, stdout=subprocess.DEVNULL)
        with open_store(str(graph)) as store:
            table = read_table(store)
        index = {e: k for k, e in enumerate(table.ids)}
        truth = [
            (index[x.event], index[x.responds_to])
            for x in truth_links(export.with_name("export.truth.csv"))
            if x.event in index and x.responds_to in index
        ]
    out: dict[str, object] = {"rows": rows, "seed": seed, "truth_links": stats.links}
    runs = []
    for th in EXPORT_THRESHOLDS:
        result = assess(table, truth, LinkParams(min_confidence=th), hawkes=False)
        runs.append(result.as_dict())
    out["by_threshold"] = runs
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="examples:\n" + __doc__.split("\n\n")[-2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--events", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--export-seed", type=int, default=7)
    parser.add_argument(
        "--placement",
        nargs="+",
        choices=PLACEMENTS,
        default=["theatre"],
        help="Where the synthetic generator puts answers: theatre (by reach, the default) "
        "or near (the earlier generator: near the trigger); both runs both.",
    )
    parser.add_argument("--out", type=Path, help="Also write the JSON here.")
    args = parser.parse_args()
    load_before = os.getloadavg()
    report: dict[str, object] = {
        "seed_graph": seed_graph(args.min_confidence),
        "seed_graph_at_0.5": seed_graph(0.5),
        "seed_threshold_curve": seed_curve(),
        "synthetic": [
            synthetic(n, args.min_confidence, placement)
            for placement in args.placement
            for n in args.events
        ],
        "synth_export": synth_export(args.export_rows, args.export_seed)
        if args.export_rows
        else None,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    text = json.dumps(report, indent=2)
    sys.stdout.write(text + "\n")
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
