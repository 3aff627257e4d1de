"""One incident told twice in a report is one event (extract/dedup.py); sentences written here."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tatgraph.extract import extract_text
from tatgraph.extract.dedup import merge_duplicates, same_incident, same_place
from tatgraph.extract.lexicon import default_lexicon
from tatgraph.extract.records import ExtractedEvent
from tatgraph.extract.reports import ReportMeta
from tatgraph.vocab import Kind, Precision

META = ReportMeta("r.txt", datetime(2024, 3, 6, 12, tzinfo=UTC))
LEX = default_lexicon()


def event(id: str, kind: Kind, site: str | None, day: int = 4, **kw: object) -> ExtractedEvent:
    start = datetime(2024, 3, day, tzinfo=UTC) - timedelta(hours=2)
    base = ExtractedEvent(
        id=id,
        report="r.txt",
        kind=kind,
        site=site,
        site_name=None,
        geo_precision=2,
        perpetrator=None,
        perpetrator_basis=None,
        perpetrator_side="unknown",
        targets=["us_forces"],
        target_side="us_coalition",
        start=start,
        end=start + timedelta(days=1),
        precision=Precision.DAY,
        date_basis="stated",
        tz="Asia/Damascus",
        munitions={},
        claims=[],
        responds_to=None,
        response_cue=None,
        background=False,
        evidence=[("x", 0, 1)],
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_headline_with_the_governorate_and_lead_with_the_town_are_one_event() -> None:
    found = extract_text(
        "انفجار عبوة ناسفة بقافلة للتحالف في محافظة ذي قار. وقال مصدر أمني إن عبوة ناسفة "
        "انفجرت صباح اليوم على رتل للتحالف الدولي في مدينة الناصرية دون إصابات.",
        META,
    )
    assert [(e.kind, e.site) for e in found] == [(Kind.IED, "nasiriyah")]
    assert len(found[0].evidence) == 2  # both tellings kept as evidence


def test_convoys_hit_in_two_governorates_stay_two_events() -> None:
    found = extract_text(
        "انفجرت عبوة ناسفة صباح اليوم على رتل للتحالف في محافظة الديوانية، كما انفجرت عبوة "
        "أخرى على رتل ثان في محافظة ذي قار.",
        META,
    )
    assert len(found) == 2


def test_places_of_one_incident() -> None:
    assert same_place(LEX, "gov_babil", "jurf_al_sakhar")  # the governorate holds the town
    assert same_place(LEX, "abu_kamal", "syria_iraq_border_abu_kamal")  # the crossing beside it
    assert same_place(LEX, None, None)
    assert not same_place(LEX, "gov_anbar", "jurf_al_sakhar")  # another governorate
    assert not same_place(LEX, "al_omar", "al_mayadin")  # 18 km apart: two places
    assert not same_place(LEX, "ain_al_asad", None)


def test_what_keeps_two_tellings_apart() -> None:
    a = event("a", Kind.ROCKET_ATTACK, "ain_al_asad")
    assert same_incident(LEX, a, event("b", Kind.MORTAR_ATTACK, "ain_al_asad"))
    assert not same_incident(LEX, a, event("b", Kind.ROCKET_ATTACK, "ain_al_asad", day=5))
    assert not same_incident(LEX, a, event("b", Kind.AIRSTRIKE, "ain_al_asad"))
    other_side = event("b", Kind.ROCKET_ATTACK, "ain_al_asad", target_side="iran_aligned")
    assert not same_incident(LEX, a, other_side)
    answer = event("b", Kind.ROCKET_ATTACK, "ain_al_asad", responds_to="a")
    assert not same_incident(LEX, a, answer)


def test_the_merged_event_keeps_the_precise_site_and_both_facts() -> None:
    region = event(
        "r",
        Kind.AIRSTRIKE,
        "gov_babil",
        geo_precision=3,
        perpetrator="us_forces",
        perpetrator_side="us_coalition",
        munitions={"missiles": 2},
        targets=["pmf"],
        target_side="iran_aligned",
    )
    town = event("t", Kind.AIRSTRIKE, "jurf_al_sakhar", targets=["kataib_hezbollah"])
    town.target_side = "iran_aligned"
    later = event("l", Kind.DRONE_ATTACK, "al_tanf", responds_to="r", target_side="unknown")
    (kept, answer) = merge_duplicates([region, town, later], LEX)
    assert (kept.id, kept.site, kept.perpetrator) == ("t", "jurf_al_sakhar", "us_forces")
    assert kept.targets == ["kataib_hezbollah", "pmf"]
    assert kept.munitions == {"missiles": 2}
    assert answer.responds_to == "t"  # the link follows the event kept


def test_merging_twins_that_share_an_id_or_answer_each_other_ends() -> None:
    """Two tellings of one incident with the same id, each named as the other's answer,
    once looped for ever (the renaming mapped an id to itself)."""
    one = event("same", Kind.ROCKET_ATTACK, "al_omar", responds_to="strike")
    two = event("same", Kind.ROCKET_ATTACK, "al_omar")
    strike = event("strike", Kind.AIRSTRIKE, "al_mayadin", responds_to="same")
    strike.perpetrator, strike.perpetrator_side = "us_forces", "us_coalition"
    merged = merge_duplicates([one, two, strike], LEX)
    assert sorted(e.id for e in merged) == ["same", "strike"]
    assert all(e.responds_to != e.id for e in merged)


SHARED = Path(__file__).resolve().parents[2] / "shared"
WRITTEN = Path(__file__).resolve().parent / "data" / "written"
BLIND = Path(__file__).resolve().parent / "data" / "blind"


def test_every_report_extracts_with_unique_ids_and_no_chain_closing_on_itself() -> None:
    """Every corpus, seed, written and blind report (a written one once looped for ever).

    Only ids and termination are checked: the blind set is never scored here (its README)."""
    shared = sorted(SHARED.glob("corpus/*.txt")) + sorted(SHARED.glob("seeds/*.txt"))
    if not shared:
        pytest.skip(f"no reports at {SHARED} (CI places ../shared beside the repository)")
    reports = shared + sorted(WRITTEN.glob("h[0-9]*.txt")) + sorted(BLIND.glob("g[0-9]*.txt"))
    assert len(reports) == len(shared) + 20 + 24
    for report in reports:
        name, text = report.name, report.read_text(encoding="utf-8")
        events = extract_text(text, ReportMeta(name, datetime(2024, 3, 6, 12, tzinfo=UTC)))
        ids = [e.id for e in events]
        assert len(ids) == len(set(ids)), name
        by_id = {e.id: e for e in events}
        for e in events:
            seen, at = set(), e.id
            while at in by_id and at not in seen:
                seen.add(at)
                at = by_id[at].responds_to  # type: ignore[assignment]
            assert at not in seen, f"{name}: the chain from {e.id} closes on itself"
