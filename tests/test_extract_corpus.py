"""End to end on the development corpus (46 real reports read from ../shared/corpus).

Scored against tests/data/corpus_gold.yaml (offsets and coded facts only) with
:mod:`tatgraph.extract.evaluate`. The floors are a little under the figures measured when
they were set (bench/extract_accuracy.json): a change that makes extraction worse on real
reports fails here. Skipped, with the reason, only when the corpus folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tatgraph.extract import ExtractedEvent
from tatgraph.extract.evaluate import Evaluation, evaluate, extract_folder, read_gold
from tatgraph.extract.reports import read_meta

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
GOLD = Path(__file__).resolve().parent / "data" / "corpus_gold.yaml"


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not (CORPUS / "meta.yaml").is_file():
        pytest.skip(f"corpus not found at {CORPUS} (CI places ../shared beside the repo)")
    return CORPUS


@pytest.fixture(scope="module")
def predicted(corpus: Path) -> dict[str, list[ExtractedEvent]]:
    return extract_folder(corpus)


@pytest.fixture(scope="module")
def scores(predicted: dict[str, list[ExtractedEvent]]) -> Evaluation:
    return evaluate(predicted, read_gold(GOLD))


def test_gold_offsets_fit_the_texts_and_hash(corpus: Path) -> None:
    import hashlib

    import yaml

    doc = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    texts = {}
    for s in doc["sources"]:
        raw = (corpus / s["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == s["sha256"], s["file"]
        texts[s["id"]] = raw.decode("utf-8")
    spans = [(c["source"], c["quote"]) for e in doc["events"] for c in e["claims"]]
    spans += [(n["source"], n["quote"]) for n in doc["not_coded"]]
    for source, (start, end) in spans:
        assert 0 <= start < end <= len(texts[source])
    assert len(doc["events"]) == 78


def test_every_report_is_extracted_none_refused(predicted: dict[str, list[ExtractedEvent]]) -> None:
    assert len(predicted) == len(read_meta(CORPUS / "meta.yaml")) == 46
    undated = [f for f, m in read_meta(CORPUS / "meta.yaml").items() if m.published is None]
    assert len(undated) == 6
    assert all(predicted[f] for f in undated)  # each has events, some with open dates


def test_reports_without_an_incident_give_few_events(
    predicted: dict[str, list[ExtractedEvent]],
) -> None:
    empty = ["i19.txt", "i20.txt", "s14.txt", "s15.txt", "s16.txt"]
    assert sum(len(predicted[f]) for f in empty) <= FLOORS["events_in_empty_reports"]


FLOORS = {
    # measured (bench/extract_accuracy.json): 2026-12-03 0.595, 0.556, 0.641, 0.868, 0.736,
    # 0.811, 0.2 (1 of 5 stated links), 2 events in the five reports with no incident; after
    # the issue-10 accuracy rules 0.987, 1.0, 0.974, 1.0, 0.934, 0.961, 1.0 (5 of 5), 0 events.
    # The floors sit near the targets, not at the corpus figures: the rules were
    # written on this corpus, and a separate evaluation set is what they must hold on.
    "f1": 0.9,
    "precision": 0.9,
    "recall": 0.9,
    "date_accuracy": 0.95,
    "perpetrator_side_accuracy": 0.85,
    "target_side_accuracy": 0.85,
    "stated_links_found": 0.6,
    "events_in_empty_reports": 1,
}


def test_corpus_scores_stay_above_their_floors(scores: Evaluation) -> None:
    got = scores.as_dict()
    for key in (
        "f1",
        "precision",
        "recall",
        "date_accuracy",
        "perpetrator_side_accuracy",
        "target_side_accuracy",
        "stated_links_found",
    ):
        value = got[key]
        assert isinstance(value, float | int)
        assert value >= FLOORS[key], (key, {k: v for k, v in got.items() if k != "extra"})


def test_offsets_quote_the_reports(predicted: dict[str, list[ExtractedEvent]]) -> None:
    for name, events in predicted.items():
        text = (CORPUS / name).read_text(encoding="utf-8")
        for ev in events:
            for quote, start, end in ev.evidence:
                assert text[start:end] == quote
            for c in ev.claims:
                assert text[c.start : c.end] == c.quote
