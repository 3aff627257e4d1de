"""The repository holds no report text: quotes are offsets, test sentences are our own.

Any run of eight words (harakat and tatweel ignored) shared with a seed or corpus report in
../shared fails this test, naming the file and the report. Eight words is long enough that
stock phrases (actor names, "US forces stationed at …") do not trip it, and short enough that
a copied sentence always does.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RUN = 8
ARABIC = re.compile("[\u0600-\u06ff]")
MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return WORD.findall(MARKS.sub("", unicodedata.normalize("NFC", text)))


def test_no_run_of_report_text_in_the_repository() -> None:
    reports = sorted(SHARED.glob("seeds/*.txt")) + sorted(SHARED.glob("corpus/*.txt"))
    if not reports:
        pytest.skip(f"no reports at {SHARED} (CI places ../shared beside the repository)")
    runs: dict[tuple[str, ...], str] = {}
    for report in reports:
        w = words(report.read_text(encoding="utf-8", errors="replace"))
        for i in range(len(w) - RUN + 1):
            run = tuple(w[i : i + RUN])
            if any(ARABIC.search(x) for x in run):
                runs.setdefault(run, report.name)
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found: list[str] = []
    for name in tracked:
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files (images) hold no report text
        if not ARABIC.search(text):
            continue
        w = words(text)
        for i in range(len(w) - RUN + 1):
            run = tuple(w[i : i + RUN])
            if run in runs:
                found.append(f"{name}: «{' '.join(run)}» (from {runs[run]})")
                break
    assert not found, "report text copied into the repository:\n" + "\n".join(found)
