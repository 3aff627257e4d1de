"""Benchmark: extraction accuracy on the development corpus and on the seed reports (JSON).

Extracts ``../shared/corpus`` (46 real reports, 6 without a publication date) and scores it
against ``tests/data/corpus_gold.yaml``; extracts ``../shared/seeds`` and scores it against
``tatgraph/data/curated/seed_reports.yaml``. Prints precision, recall, F1 (site + kind +
date), date accuracy and perpetrator/target side accuracy on matched events, and the share
of stated response links found (see :mod:`tatgraph.extract.evaluate`), with the lists of
missed, extra and wrongly dated events when ``--details`` is given.

    python bench/bench_extract_accuracy.py [--corpus ../shared/corpus] [--seeds ../shared/seeds]
        [--details] [-o bench/extract_accuracy.json]

Targets (issue 10): corpus F1 >= 0.85, date accuracy >= 0.95, sides >= 0.85, stated links
found >= 0.6; seeds F1 >= 0.90.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tatgraph.extract.evaluate import evaluate, extract_folder, read_gold
from tatgraph.loaders.curated import load_sheets
from tatgraph.reference import data_path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "corpus": {
        "f1": 0.85,
        "date_accuracy": 0.95,
        "perpetrator_side_accuracy": 0.85,
        "target_side_accuracy": 0.85,
        "stated_links_found": 0.6,
    },
    "seeds": {"f1": 0.90},
}


def score(name: str, folder: Path, details: bool) -> dict[str, object]:
    t0 = time.perf_counter()
    predicted = extract_folder(folder)
    seconds = time.perf_counter() - t0
    if name == "corpus":
        result = evaluate(predicted, read_gold(ROOT / "tests" / "data" / "corpus_gold.yaml"))
    else:
        result = evaluate(predicted, load_sheets([data_path("curated/seed_reports.yaml")]))
    out = {k: v for k, v in result.as_dict().items() if details or not isinstance(v, list)}
    out["reports"] = len(predicted)
    out["extract_seconds"] = round(seconds, 3)
    out["targets"] = TARGETS[name]
    out["target_met"] = all(float(out[k]) >= v for k, v in TARGETS[name].items())  # type: ignore[arg-type]
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = ROOT.parent / "shared"
    p.add_argument("--corpus", type=Path, default=shared / "corpus")
    p.add_argument("--seeds", type=Path, default=shared / "seeds")
    p.add_argument("--details", action="store_true", help="list missed/extra/wrong events")
    p.add_argument("-o", "--output", type=Path, help="also write the JSON here")
    args = p.parse_args(argv)
    report: dict[str, object] = {}
    for name, folder in (("corpus", args.corpus), ("seeds", args.seeds)):
        if not (folder / "meta.yaml").is_file():
            sys.exit(f"no reports at {folder} (its meta.yaml is missing)")
        report[name] = score(name, folder, args.details)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
