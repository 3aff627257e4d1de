"""Benchmark: extraction accuracy on the corpus, the written set and the seeds (JSON).

Three sets, all of them developed on (the evaluation set that judges the extractor is
kept elsewhere): ``../shared/corpus`` (46 real reports, 6 without a publication date)
scored against ``tests/data/corpus_gold.yaml``; ``tests/data/written`` (20 reports the team
wrote for the genre, 2 undated) against its ``gold.yaml``; ``../shared/seeds`` against
``tatgraph/data/curated/seed_reports.yaml``. Prints precision, recall, F1 (site + kind +
date), date accuracy and perpetrator/target side accuracy on matched events, and the share
of stated response links found (see :mod:`tatgraph.extract.evaluate`), with the lists of
missed, extra and wrongly dated events when ``--details`` is given.

    python bench/bench_extract_accuracy.py [--corpus ../shared/corpus]
        [--written tests/data/written] [--seeds ../shared/seeds] [--details]
        [-o bench/extract_accuracy.json]

Targets (issue 10): corpus F1 >= 0.85, date accuracy >= 0.95, sides >= 0.85, stated links
found >= 0.6; seeds F1 >= 0.90. The written set has no target of its own: it is there to
show how far the rules carry beyond the corpus they were first written on.
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
    "written": {},
    "seeds": {"f1": 0.90},
}
GOLD = {
    "corpus": ROOT / "tests" / "data" / "corpus_gold.yaml",
    "written": ROOT / "tests" / "data" / "written" / "gold.yaml",
}


def score(name: str, folder: Path, details: bool) -> dict[str, object]:
    t0 = time.perf_counter()
    predicted = extract_folder(folder)
    seconds = time.perf_counter() - t0
    if name in GOLD:
        result = evaluate(predicted, read_gold(GOLD[name]))
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
    p.add_argument("--written", type=Path, default=ROOT / "tests" / "data" / "written")
    p.add_argument("--seeds", type=Path, default=shared / "seeds")
    p.add_argument("--details", action="store_true", help="list missed/extra/wrong events")
    p.add_argument("-o", "--output", type=Path, help="also write the JSON here")
    args = p.parse_args(argv)
    report: dict[str, object] = {}
    sets = (("corpus", args.corpus), ("written", args.written), ("seeds", args.seeds))
    for name, folder in sets:
        if not (folder / "meta.yaml").is_file():
            sys.exit(f"no reports at {folder} (its meta.yaml is missing)")
        report[name] = score(name, folder, args.details)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
