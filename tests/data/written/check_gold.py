"""Check gold.yaml against the texts of the written set.

The sha256 of every text, every quote span inside its text and on word edges, ids unique,
link targets in the same report and not later, every event claimed by its report, date
windows no longer than their precision, cues as written. With --show, prints each quote's
first and last words for eyeballing. Exit status 1 when anything is wrong.

    python tests/data/written/check_gold.py [--show]
"""

from __future__ import annotations

import hashlib
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
EDGE = re.compile(r"[\s«»().,،؛:\"'!?؟-]")
LIMIT = {"week": 8, "month": 31, "year": 366}


def _day(v: object) -> date:
    return date.fromisoformat(str(v)[:10])


def problems(folder: Path = HERE, show: bool = False) -> list[str]:
    """Every problem of ``folder/gold.yaml`` against the texts beside it ([] when none)."""
    doc: dict[str, Any] = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    found: list[str] = []
    texts: dict[str, str] = {}
    for s in doc["sources"]:
        raw = (folder / s["file"]).read_bytes()
        if hashlib.sha256(raw).hexdigest() != s["sha256"]:
            found.append(f"{s['id']}: sha256 differs from {s['file']}")
        texts[s["id"]] = raw.decode("utf-8")

    def span(where: str, src: str, q: list[int]) -> None:
        t = texts[src]
        a, b = q
        if not (0 <= a < b <= len(t)):
            found.append(f"{where}: span {q} outside text of length {len(t)}")
            return
        if a > 0 and not EDGE.match(t[a - 1]):
            found.append(f"{where}: span starts inside a word: …{t[a - 3 : a + 10]!r}")
        if b < len(t) and not EDGE.match(t[b]) and not EDGE.match(t[b - 1]):
            found.append(f"{where}: span ends inside a word: {t[b - 10 : b + 3]!r}…")
        if show:
            words = t[a:b].split()
            print(f"  {where}: [{a},{b}) {' '.join(words[:4])} … {' '.join(words[-3:])}")

    ids = [e["id"] for e in doc["events"]]
    if len(ids) != len(set(ids)):
        found.append("duplicate event ids")
    by_id = {e["id"]: e for e in doc["events"]}
    for e in doc["events"]:
        if show:
            print(e["id"])
        srcs = {c["source"] for c in e["claims"]}
        if not srcs:
            found.append(f"{e['id']}: no claim (the scorer would not see it)")
        for i, c in enumerate(e["claims"]):
            span(f"{e['id']} claim {i}", c["source"], c["quote"])
        if "date" in e:
            _day(e["date"])
        elif e.get("precision") != "unknown":
            if _day(e["start"]) > _day(e["end"]):
                found.append(f"{e['id']}: start after end")
            if (_day(e["end"]) - _day(e["start"])).days >= LIMIT[e["precision"]]:
                found.append(f"{e['id']}: window longer than its precision")
        for lk in e.get("responds_to") or []:
            tgt = by_id.get(lk["event"])
            if tgt is None:
                found.append(f"{e['id']}: link to unknown {lk['event']}")
                continue
            if lk["source"] not in srcs or lk["source"] not in {c["source"] for c in tgt["claims"]}:
                found.append(f"{e['id']}: link source {lk['source']} does not tell both events")
            if lk["basis"] == "stated" and not lk.get("cue"):
                found.append(f"{e['id']}: stated link without cue")
            if lk.get("cue") and lk["cue"] not in texts[lk["source"]]:
                found.append(f"{e['id']}: cue {lk['cue']!r} not in the text")
            span(f"{e['id']} link", lk["source"], lk["quote"])
            if "date" in e and "date" in tgt and _day(tgt["date"]) > _day(e["date"]):
                found.append(f"{e['id']}: answers a later event")
    for i, n in enumerate(doc.get("not_coded") or []):
        span(f"not_coded {i}", n["source"], n["quote"])
    return found


def main(argv: list[str]) -> int:
    found = problems(show="--show" in argv)
    print("gold.yaml: " + ("OK" if not found else f"{len(found)} problem(s)"))
    for p in found:
        print("  " + p)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
