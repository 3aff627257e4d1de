"""End to end on the five seed reports (read from ../shared/seeds, never copied here).

Scored against the hand coding in tatgraph/data/curated/seed_reports.yaml with
:mod:`tatgraph.extract.evaluate`: a match is the same report, the same site, a compatible
kind and a date inside the coded window.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tatgraph.extract import ExtractedEvent
from tatgraph.extract.evaluate import evaluate, extract_folder
from tatgraph.loaders.curated import CuratedLoad


@pytest.fixture(scope="module")
def predicted(seeds: Path) -> dict[str, list[ExtractedEvent]]:
    return extract_folder(seeds)


def by_site(events: list[ExtractedEvent], site: str) -> list[ExtractedEvent]:
    return [e for e in events if e.site == site]


def test_event_level_scores(
    predicted: dict[str, list[ExtractedEvent]], curated: CuratedLoad
) -> None:
    ev = evaluate(predicted, curated)
    scores = ev.as_dict()
    assert ev.strict.f1 >= 0.85, scores
    assert ev.strict.precision >= 0.85, scores
    assert ev.date_accuracy >= 0.9, scores


def test_every_offset_quotes_the_report(
    predicted: dict[str, list[ExtractedEvent]], seeds: Path
) -> None:
    for name, events in predicted.items():
        text = (seeds / name).read_text(encoding="utf-8")
        for e in events:
            for c in e.claims:
                assert text[c.start : c.end] == c.quote
            for quote, start, end in e.evidence:
                assert text[start:end] == quote


def test_august_2022_salvos(predicted: dict[str, list[ExtractedEvent]]) -> None:
    events = predicted["002_b5ae0a7a763e0ffc.txt"]
    conoco = sorted(by_site(events, "conoco"), key=lambda e: str(e.start))
    assert [(e.date_start, e.munitions.get("rockets")) for e in conoco] == [
        (date(2022, 8, 24), 3),
        (date(2022, 8, 25), 2),
    ]
    (omar,) = by_site(events, "al_omar")
    assert omar.munitions == {"rockets": 7}
    (ayyash,) = by_site(events, "ayyash")
    assert ayyash.kind.value == "airstrike"
    assert ayyash.background
    assert omar.responds_to == ayyash.id
    (heli,) = by_site(events, "al_mayadin")
    assert heli.kind.value == "helicopter_strike"
    centcom = [c for c in heli.claims if c.claimant == "centcom"]
    assert centcom
    assert centcom[0].killed == 3
    assert heli.responds_to in {e.id for e in [*conoco, omar]}
    (badia,) = by_site(events, "syrian_badia")
    assert badia.kind.value == "drone_attack"
    assert badia.claims[0].injured == 2


def test_march_2023_drone_and_answer(predicted: dict[str, list[ExtractedEvent]]) -> None:
    events = predicted["001_9228b5cfbff1ef4a.txt"]
    (drone,) = by_site(events, "kharab_al_jir")
    assert drone.kind.value == "drone_attack"
    assert drone.date_start == date(2023, 3, 23)
    pentagon = [c for c in drone.claims if c.claimant == "us_dod" and c.killed is not None]
    assert (pentagon[0].killed, pentagon[0].injured) == (1, 6)
    (strike,) = by_site(events, "deir_ez_zor_airport")
    assert strike.responds_to == drone.id
    assert any(c.killed == 7 and c.injured == 7 for c in strike.claims)
    friday = {e.site: e.munitions for e in events if e.date_start == date(2023, 3, 24)}
    assert friday["al_omar"] == {"rockets": 4}
    assert friday["conoco"] == {"rockets": 8}
    assert friday["euphrates_east_bank_deir_ez_zor"] == {"drones": 5}
    assert all(e.site != "al_tanf" for e in events)  # Russian overflights, "20 times"


def test_june_2021_rockets_and_the_sunday_strike(
    predicted: dict[str, list[ExtractedEvent]],
) -> None:
    events = predicted["000_adbe51a55e487881.txt"]
    (rockets,) = by_site(events, "al_omar")
    assert rockets.date_start == date(2021, 6, 28)
    (border,) = by_site(events, "syria_iraq_border_abu_kamal")
    assert border.date_start == date(2021, 6, 27)
    assert border.background
    assert rockets.responds_to == border.id
    figures = {c.claimant: (c.killed, c.injured) for c in rockets.claims if c.claimant}
    assert figures["coalition_oir"] == (None, 0)
    assert figures["sdf_media_center"] == (0, 0)


def test_july_2021_dates(predicted: dict[str, list[ExtractedEvent]]) -> None:
    events = predicted["003_0007e7e83e7deb5a.txt"]
    assert {e.site: (e.kind.value, e.date_start) for e in events} == {
        "conoco": ("mortar_attack", date(2021, 7, 3)),
        "al_omar": ("rocket_attack", date(2021, 7, 4)),
    }
    (conoco,) = by_site(events, "conoco")
    assert any(c.claimant == "us_dod" and (c.killed, c.injured) == (0, 0) for c in conoco.claims)


def test_october_2023_claims_and_traps(predicted: dict[str, list[ExtractedEvent]]) -> None:
    events = predicted["004_acd604f23db3c241.txt"]
    kinds = sorted((str(e.site), e.kind.value) for e in events)
    assert kinds == [
        ("al_omar", "drone_attack"),
        ("al_omar", "ground_clash"),
        ("al_shaddadi", "drone_attack"),
        ("al_tanf", "intercept"),  # "destroyed two drones before they reached their targets"
    ]
    omar = next(e for e in events if e.site == "al_omar" and e.kind.value == "drone_attack")
    assert (omar.perpetrator, omar.perpetrator_basis) == ("islamic_resistance_iraq", "claimed")
    claimants = {c.claimant for c in omar.claims}
    assert {"sohr", "al_mayadeen_tv", "sputnik", "islamic_resistance_iraq"} <= claimants
    assert all(e.site != "al_mayadin" for e in events)  # the TV channel, not the town
    assert all(e.date_start == date(2023, 10, 23) for e in events)
