"""End to end on the written set (tests/data/written: 20 reports the team wrote for the genre).

The second development set beside the corpus: its texts are ours, so they live in the
repository with their gold (tests/data/written/README.md). The gold is built from anchor
phrases by ``build_gold.py`` and checked by ``check_gold.py``; these tests run both as a
user would, then hold the extractor to floors a little under the figures measured when they
were set (bench/extract_accuracy.json).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from gold_spans import checked_spans

from tatgraph.extract import ExtractedEvent
from tatgraph.extract.evaluate import Evaluation, evaluate, extract_folder, read_gold
from tatgraph.extract.reports import read_meta

ROOT = Path(__file__).resolve().parents[1]
WRITTEN = ROOT / "tests" / "data" / "written"
GOLD = WRITTEN / "gold.yaml"


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(WRITTEN / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def predicted() -> dict[str, list[ExtractedEvent]]:
    return extract_folder(WRITTEN)


@pytest.fixture(scope="module")
def scores(predicted: dict[str, list[ExtractedEvent]]) -> Evaluation:
    return evaluate(predicted, read_gold(GOLD))


def test_gold_checker_passes() -> None:
    done = _run("check_gold.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "gold.yaml: OK" in done.stdout


def test_gold_is_what_the_builder_builds() -> None:
    done = _run("build_gold.py", "--check")
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_quote_lies_inside_its_text_and_the_hashes_match() -> None:
    doc = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    assert checked_spans(WRITTEN, doc)
    assert len(doc["sources"]) == 20
    assert len(doc["events"]) == 56


def test_checker_names_a_span_outside_its_text(tmp_path: Path) -> None:
    for f in WRITTEN.iterdir():
        if f.suffix in (".txt", ".yaml"):
            (tmp_path / f.name).write_bytes(f.read_bytes())
    doc = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    doc["events"][0]["claims"][0]["quote"] = [10, 99999]
    (tmp_path / "gold.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    (tmp_path / "h02.txt").write_text("changed", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("check_gold", WRITTEN / "check_gold.py")
    assert spec is not None
    assert spec.loader is not None
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    found = checker.problems(tmp_path)
    assert any("outside text" in p for p in found), found
    assert any("sha256 differs from h02.txt" in p for p in found), found


def test_every_report_is_extracted_the_undated_too(
    predicted: dict[str, list[ExtractedEvent]],
) -> None:
    meta = read_meta(WRITTEN / "meta.yaml")
    assert len(predicted) == len(meta) == 20
    undated = sorted(f for f, m in meta.items() if m.published is None)
    assert undated == ["h05.txt", "h20.txt"]
    assert all(predicted[f] for f in undated)


def test_offsets_quote_the_reports(predicted: dict[str, list[ExtractedEvent]]) -> None:
    for name, events in predicted.items():
        text = (WRITTEN / name).read_text(encoding="utf-8")
        for ev in events:
            for quote, start, end in ev.evidence:
                assert text[start:end] == quote
            for c in ev.claims:
                assert text[c.start : c.end] == c.quote


FLOORS = {
    # measured (bench/extract_accuracy.json): 2026-12-07, before the corpus tuning 0.618,
    # after it 0.637 (P 0.632, R 0.643, dates 0.895, sides 0.684/0.789, links 2 of 17);
    # after the second round of issue 10 (rules for the genre, written against this set and
    # the corpus) 0.829 (P 0.836, R 0.821, dates 1.0, sides 0.870/0.761, links 8 of 17).
    # This set is now developed on: the floors guard against regressions, they are not an
    # estimate of quality on unseen reports.
    "f1": 0.78,
    "precision": 0.78,
    "recall": 0.78,
    "date_accuracy": 0.95,
    "perpetrator_side_accuracy": 0.8,
    "target_side_accuracy": 0.7,
    "stated_links_found": 0.35,
}


def test_written_scores_stay_above_their_floors(scores: Evaluation) -> None:
    got = scores.as_dict()
    low = {k: got[k] for k, floor in FLOORS.items() if float(got[k]) < floor}  # type: ignore[arg-type]
    assert not low, (low, {k: v for k, v in got.items() if k != "extra"})
