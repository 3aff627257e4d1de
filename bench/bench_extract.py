"""Benchmark: Arabic report extraction speed on one core (prints JSON).

Reports of 1-2 KB are made by cutting the seed reports (``--reports DIR``, default
../shared/seeds, with its meta.yaml) at paragraph ends; without them, by joining short
sentences written for this benchmark. Each report is extracted ``--repeat`` times after
one warm-up pass (lexicons load once per process; the matcher memoises words).

    python bench/bench_extract.py [--reports ../shared/seeds] [--size 1500] [--repeat 20]

Target (issue 4): at least 200 reports/s for 1-2 KB reports.
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
    args = p.parse_args(argv)
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


if __name__ == "__main__":
    main()
