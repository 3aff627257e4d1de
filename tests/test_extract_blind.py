"""The blind set (tests/data/blind: 24 reports the team wrote, scored once, never tuned on).

These tests check the record, never the extractor's score on it: the gold against the texts
(sha256, spans, counts), that ``gold.yaml`` is what ``build_gold.py`` builds, that the
checker and the builder say so when it is not, and that ``score.py`` works (run on the
written set, a development set, so that no test shows a figure of the blind set). The rule
that the set is in no benchmark and has no floors is checked here too
(tests/data/blind/README.md).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from gold_spans import checked_spans

from tatgraph.extract.evaluate import evaluate, extract_folder, read_gold

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "tests" / "data" / "blind"
GOLD = BLIND / "gold.yaml"


def _run(script: Path, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_gold_checker_passes_and_counts_the_set() -> None:
    done = _run(BLIND / "check_gold.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "24 sources, 78 events, 28 links, 27 not coded: OK" in done.stdout


def test_gold_is_what_the_builder_builds() -> None:
    done = _run(BLIND / "build_gold.py", "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "gold.yaml is what build_gold.py builds" in done.stdout


def test_every_quote_lies_inside_its_text_and_the_hashes_match() -> None:
    doc = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    spans = checked_spans(BLIND, doc)
    assert sorted(s["file"] for s in doc["sources"]) == [f"g{i:02d}.txt" for i in range(1, 25)]
    assert sorted(p.name for p in BLIND.glob("g[0-9]*.txt")) == [s["file"] for s in doc["sources"]]
    assert len(doc["events"]) == 78
    assert len(spans) == 163 + 28 + 27


def _copy_of_the_set(tmp_path: Path) -> Path:
    """A repository-shaped copy (scripts and their helpers, texts, gold, the package data they
    check against)."""
    for name in ("blind", "written"):
        shutil.copytree(ROOT / "tests" / "data" / name, tmp_path / "tests" / "data" / name)
    shutil.copy(ROOT / "tests" / "data" / "goldkit.py", tmp_path / "tests" / "data")
    shutil.copytree(ROOT / "tatgraph" / "data", tmp_path / "tatgraph" / "data")
    return tmp_path / "tests" / "data" / "blind"


def test_checker_names_a_span_outside_its_text_and_a_changed_text(tmp_path: Path) -> None:
    copy = _copy_of_the_set(tmp_path)
    doc = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    doc["events"][0]["claims"][0]["quote"] = [10, 99999]
    (copy / "gold.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    (copy / "g02.txt").write_text("changed", encoding="utf-8")
    done = _run(copy / "check_gold.py", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "outside text" in done.stdout
    assert "src_blind_g02: sha256 differs from g02.txt" in done.stdout


def test_builder_check_fails_when_the_gold_was_edited_by_hand(tmp_path: Path) -> None:
    copy = _copy_of_the_set(tmp_path)
    gold = copy / "gold.yaml"
    gold.write_text(gold.read_text(encoding="utf-8").replace("killed: 2", "killed: 3", 1), "utf-8")
    done = _run(copy / "build_gold.py", "--check", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "gold.yaml is NOT what build_gold.py builds" in done.stdout
    assert _run(copy / "build_gold.py", cwd=tmp_path).returncode == 0
    assert gold.read_bytes() == GOLD.read_bytes()


def test_scripts_run_nothing_on_import() -> None:
    """pytest imports every module under tests/ for its doctests: importing must be inert."""
    spec = importlib.util.spec_from_file_location("blind_build_gold", BLIND / "build_gold.py")
    assert spec is not None
    assert spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert builder.EVENTS == []
    assert builder.KIT.texts == {}


def test_score_script_prints_the_evaluation_of_the_checkout_it_imports(tmp_path: Path) -> None:
    """Run on the written set (a development set), so no blind figure is shown."""
    written = ROOT / "tests" / "data" / "written"
    out = tmp_path / "scores.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(BLIND / "score.py"), str(written), "--json", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    expected = evaluate(extract_folder(written), read_gold(written / "gold.yaml")).as_dict()
    assert f"tatgraph: {ROOT} @ " in done.stdout
    assert "reports: 20 " in done.stdout
    assert f"F1 {expected['f1']:.3f}" in done.stdout
    got = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert got["f1"] == expected["f1"]
    assert got["hung"] == []


def test_the_blind_set_is_in_no_benchmark_and_has_no_floors() -> None:
    mention = re.compile(r"data[/\"', ]+blind")
    users = [
        p.relative_to(ROOT).as_posix()
        for p in [*ROOT.glob("bench/*.py"), *ROOT.glob("tests/test_*.py")]
        if mention.search(p.read_text(encoding="utf-8"))
    ]
    assert sorted(users) == ["tests/test_extract_blind.py", "tests/test_extract_dedup.py"]
