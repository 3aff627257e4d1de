"""Score the extractor of a tatgraph checkout on the blind set (or another folder of reports).

Uses whichever ``tatgraph`` is importable, so choose the checkout with PYTHONPATH. From the
repository root, to score this checkout:

    python tests/data/blind/score.py

and to score another checkout (its own .venv, or this one's):

    PYTHONPATH=/path/to/checkout python tests/data/blind/score.py [FOLDER] [--gold GOLD]
        [--details] [--dump] [--json OUT.json] [--timeout 60] [--exclude g04.txt ...]

FOLDER (default: this script's folder) holds meta.yaml and the report texts; GOLD (default:
FOLDER/gold.yaml) is in the layout of tests/data/corpus_gold.yaml. Scoring is
tatgraph.extract.evaluate.evaluate + read_gold (match = site within 25 km + compatible kind,
strict also the right date). --details lists misses, extras, wrong dates, wrong sides and
missed stated links; --dump prints every extracted event per report. On the blind set, do
not read them while developing the extractor (README.md).

A report whose extraction runs longer than --timeout seconds (wall clock) is stopped and
counts as extracted with no events (its true events are misses); it is named in the output.
--exclude leaves reports out of the scoring altogether (their truths are not counted).
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import tatgraph
from tatgraph.extract.evaluate import evaluate, read_gold
from tatgraph.extract.extractor import ExtractedEvent, extract_text
from tatgraph.extract.reports import read_meta, read_report


class Hung(Exception):
    """A report's extraction ran over the timeout."""


def _alarm(signum: int, frame: object) -> None:
    raise Hung


def extract_all(
    folder: Path, timeout: float, exclude: set[str]
) -> tuple[dict[str, list[ExtractedEvent]], list[str]]:
    """Extract every report of folder/meta.yaml; reports over ``timeout`` s yield no events."""
    meta = read_meta(folder / "meta.yaml")
    out: dict[str, list[ExtractedEvent]] = {}
    hung: list[str] = []
    signal.signal(signal.SIGALRM, _alarm)
    for name in sorted(meta):
        if name in exclude:
            continue
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            out[name] = extract_text(read_report(folder / name), meta[name])
        except Hung:
            out[name] = []
            hung.append(name)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return out, hung


def checkout() -> str:
    root = Path(tatgraph.__file__).resolve().parents[1]
    try:
        rev = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        rev = "(not a git checkout)"
    return f"{root} @ {rev[:90]}"


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("folder", nargs="?", type=Path, default=Path(__file__).resolve().parent)
    p.add_argument("--gold", type=Path)
    p.add_argument("--details", action="store_true")
    p.add_argument("--dump", action="store_true")
    p.add_argument("--json", type=Path)
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per report (wall clock)")
    p.add_argument("--exclude", nargs="*", default=[], help="report files left out of scoring")
    a = p.parse_args(argv)
    gold = a.gold or a.folder / "gold.yaml"
    if not (a.folder / "meta.yaml").is_file():
        sys.exit(f"{a.folder}: no meta.yaml")
    t0 = time.process_time()
    predicted, hung = extract_all(a.folder, a.timeout, set(a.exclude))
    cpu = time.process_time() - t0
    ev = evaluate(predicted, read_gold(gold))
    d = ev.as_dict()
    print(f"tatgraph: {checkout()}")
    print(
        f"reports: {len(predicted)}  gold: {gold}  extraction CPU {cpu:.1f}s"
        + (f"  excluded: {' '.join(sorted(a.exclude))}" if a.exclude else "")
    )
    if hung:
        print(f"STOPPED after {a.timeout:.0f}s, scored as no events: {' '.join(hung)}")
    print(
        f"events: true {d['true']}, predicted {d['predicted']}, matched strict {d['matched']}, "
        f"matched loose {d['matched_loose']}"
    )
    print(
        f"P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}   "
        f"(loose F1 {d['loose_f1']:.3f})"
    )
    print(
        f"date accuracy {d['date_accuracy']:.3f}  "
        f"perpetrator side {d['perpetrator_side_accuracy']:.3f}  "
        f"target side {d['target_side_accuracy']:.3f}"
    )
    print(f"stated links found {ev.links_found}/{ev.links_true} ({d['stated_links_found']:.3f})")
    if a.details:
        details = {
            "missed": ev.missed,
            "extra": ev.extra,
            "wrong_date": ev.wrong_date,
            "wrong_side": ev.wrong_side,
            "links_missed": ev.links_missed,
        }
        for key, lines in details.items():
            print(f"-- {key} ({len(lines)})")
            for line in lines:
                print(f"   {line}")
    if a.dump:
        for f, evs in sorted(predicted.items()):
            print(f"== {f}")
            for e in evs:
                print(
                    f"   {e.id}: {e.kind.value if e.kind else None} {e.date_start}"
                    f"{'..' + str(e.date_end) if e.date_end and e.date_end != e.date_start else ''}"
                    f" [{e.precision.value}] @ {e.site} | {e.perpetrator}({e.perpetrator_side})"
                    f" -> {e.targets}({e.target_side}) | answers {e.responds_to}"
                    f"{' bg' if e.background else ''}"
                )
    if a.json:
        d["checkout"] = checkout()
        d["hung"] = hung
        d["excluded"] = sorted(a.exclude)
        a.json.write_text(json.dumps(d, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
