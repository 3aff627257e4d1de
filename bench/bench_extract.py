"""Benchmark: Arabic report extraction speed on one core (prints JSON).

Reports of 1-2 KB are made by cutting the seed reports (``--reports DIR``, default
../shared/seeds, with its meta.yaml) at paragraph ends; without them, by joining short
sentences written for this benchmark. Each report is extracted ``--repeat`` times after
one warm-up pass (lexicons load once per process; the matcher memoises words).

    python bench/bench_extract.py [--reports ../shared/seeds] [--size 1500] [--repeat 20]
    python bench/bench_extract.py --large 0.27,0.54,1.1,2.2,5    # one report of N MB each

Targets: at least 200 reports/s for 1-2 KB reports (issue 4); time linear in the size of
one report, a 1 MB report in under 5 s and a 5 MB one in under 30 s (issue 17). A large
report is the available reports joined (a concatenated feed), repeated to the size.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tatgraph.extract import ReportMeta, extract_text, read_meta
from tatgraph.extract.lexicon import default_lexicon

SENTENCES = [
    "أفادت مصادر محلية بسقوط ثلاثة صواريخ على قاعدة حقل العمر ليل الأحد، دون وقوع إصابات.",
    "وقالت القيادة المركزية الأمريكية في بيان إن قواتها أسقطت طائرتين مسيرتين قرب قاعدة التنف.",
    "وردت القوات الأمريكية بقصف مدفعي استهدف مواقع في بلدة الميادين فجر الاثنين.",
    "وذكر المرصد السوري لحقوق الإنسان أن الغارات أسفرت عن مقتل خمسة عناصر من الميليشيات.",
    "ويتوقع مراقبون أن تتصاعد الهجمات على القواعد الأمريكية في الأيام المقبلة.",
    "وكانت طائرة مسيرة قد ضربت حقل كونيكو مساء السبت وجرح فيها جنديان.",
    "وأعلنت المقاومة الإسلامية في العراق مسؤوليتها عن استهداف قاعدة الشدادي بصاروخين.",
    "في حين حلقت طائرات استطلاع فوق المنطقة طوال الليل وسط استنفار أمني.",
]


def seed_reports(folder: Path, size: int) -> list[tuple[str, ReportMeta]]:
    meta = read_meta(folder / "meta.yaml")
    out: list[tuple[str, ReportMeta]] = []
    for name, m in sorted(meta.items()):
        cur = ""
        for para in (folder / name).read_text(encoding="utf-8").split("\n"):
            cur += para + "\n"
            if len(cur.encode()) >= size:
                out.append((cur, m))
                cur = ""
        if cur.strip():
            out.append((cur, m))
    return out


def synthetic_reports(size: int, n: int = 40) -> list[tuple[str, ReportMeta]]:
    rng = random.Random(4)
    meta = ReportMeta("synthetic.txt", datetime(2024, 1, 10, tzinfo=UTC))
    out = []
    for _ in range(n):
        text = ""
        while len(text.encode()) < size:
            text += rng.choice(SENTENCES) + " "
        out.append((text, meta))
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    p.add_argument("--reports", type=Path, default=default)
    p.add_argument("--size", type=int, default=1500, help="target bytes per report")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--large", help="comma-separated sizes in MB: time one report of each size")
    args = p.parse_args(argv)
    if args.large:
        large(args.reports, [float(x) for x in args.large.split(",")])
        return
    t0 = time.perf_counter()
    default_lexicon()
    load_s = time.perf_counter() - t0
    if (args.reports / "meta.yaml").is_file():
        reports, source = seed_reports(args.reports, args.size), str(args.reports)
    else:
        reports, source = synthetic_reports(args.size), "synthetic"
    t0 = time.perf_counter()
    events = sum(len(extract_text(t, m)) for t, m in reports)
    cold_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for text, m in reports:
            extract_text(text, m)
    dt = time.perf_counter() - t0
    n = len(reports) * args.repeat
    json.dump(
        {
            "source": source,
            "reports": len(reports),
            "avg_bytes": round(sum(len(t.encode()) for t, _ in reports) / len(reports)),
            "events_per_pass": events,
            "repeat": args.repeat,
            "reports_per_s": round(n / dt, 1),
            "ms_per_report": round(1000 * dt / n, 2),
            "first_pass_reports_per_s": round(len(reports) / cold_s, 1),
            "lexicon_load_s": round(load_s, 3),
            "python": platform.python_version(),
            "target_met": n / dt >= 200,
        },
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")


def large(folder: Path, sizes_mb: list[float]) -> None:
    """Time one report of each size (MB), built by joining the reports of ``folder``."""
    default_lexicon()
    if (folder / "meta.yaml").is_file():
        unit = "\n".join(t for t, _ in seed_reports(folder, 1500))
    else:
        unit = "\n".join(t for t, _ in synthetic_reports(1500))
    meta = ReportMeta("large.txt", datetime(2024, 1, 10, tzinfo=UTC))
    rows = []
    for mb in sizes_mb:
        want = int(mb * 1e6)
        text = (unit + "\n") * (want // len((unit + "\n").encode()) + 1)
        text = text.encode()[:want].decode(errors="ignore")
        t0 = time.perf_counter()
        events = extract_text(text, meta)
        dt = time.perf_counter() - t0
        rows.append(
            {
                "mb": round(len(text.encode()) / 1e6, 2),
                "seconds": round(dt, 2),
                "mb_per_s": round(len(text.encode()) / 1e6 / dt, 3),
                "events": len(events),
            }
        )
    ok = all(
        r["seconds"] < (5 if r["mb"] <= 1.05 else 30 if r["mb"] <= 5.05 else 1e9) for r in rows
    )
    json.dump(
        {
            "source": str(folder),
            "large": rows,
            "python": platform.python_version(),
            "target_met": ok,
        },
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
