"""Cross-report resolution: one incident told by several reports is one Event."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tatgraph.extract import ReportMeta, extract_text, make_source
from tatgraph.extract.resolve import ReportResult, resolve
from tatgraph.model import Dataset


def report(name: str, text: str, day: int = 8, outlet: str = "Reuters") -> ReportResult:
    meta = ReportMeta(name, datetime(2024, 1, day, tzinfo=UTC), outlet=outlet)
    return ReportResult(make_source(meta, text), extract_text(text, meta))


A = report("a.txt", "قالت مصادر محلية إن ثلاثة صواريخ سقطت على قاعدة التنف مساء الأحد، دون إصابات.")
B = report(
    "b.txt",
    "أعلن البنتاغون أن صاروخين سقطا قرب قاعدة التنف الأحد الماضي وأصيب جنديان بجروح طفيفة.",
    day=9,
)
C = report("c.txt", "قالت القيادة المركزية إن طائرة مسيرة استهدفت قاعدة التنف مساء الأحد.")


def test_one_incident_in_two_reports_is_one_event_with_both_claims() -> None:
    ds = resolve([A, B])
    (event,) = ds.events
    assert (event.site, event.kind.value) == ("al_tanf", "rocket_attack")
    assert {c.source for c in ds.claims} == {"src_a", "src_b"}
    assert {(c.claimant, c.injured) for c in ds.claims} == {("local_sources", 0), ("us_dod", 2)}
    assert (event.injured_low, event.injured_best, event.injured_high) == (0, 0, 2)
    assert event.munitions == {"rockets": 3}
    assert event.first_reported == datetime(2024, 1, 8, tzinfo=UTC)
    assert all(c.event == event.id for c in ds.claims)


def test_precise_window_wins() -> None:
    (event,) = resolve([A, B]).events
    assert event.precision.value == "part_of_day"  # "مساء الأحد" beats "الأحد الماضي"


def test_incompatible_kinds_stay_apart() -> None:
    ds = resolve([A, C])
    assert sorted(e.kind.value for e in ds.events) == ["drone_attack", "rocket_attack"]


def test_other_days_stay_apart() -> None:
    later = report("d.txt", "سقطت ثلاثة صواريخ على قاعدة التنف مساء الأربعاء.", day=11)
    assert len(resolve([A, later]).events) == 2


def test_events_of_one_report_never_merge() -> None:
    one = report(
        "e.txt",
        "سقطت ثلاثة صواريخ على حقل كونيكو ليل الأحد، وصاروخان صباح الاثنين.",
        day=9,
    )
    assert len(one.events) == 2
    assert len(resolve([one]).events) == 2


def test_unlocated_events_never_merge() -> None:
    text = "قتل جندي سوري بهجوم بقذائف الهاون على دورية مشتركة مساء الأحد."
    x, y = report("x.txt", text), report("y.txt", text)
    assert [e.site for e in x.events] == [None]
    assert len(resolve([x, y]).events) == 2


def test_stated_links_point_at_the_merged_events() -> None:
    answer = report(
        "f.txt",
        "شنت طائرات أمريكية غارات على البوكمال فجر الاثنين رداً على هجوم صاروخي استهدف "
        "قاعدة التنف مساء الأحد.",
        day=8,
    )
    ds = resolve([A, B, answer])
    tanf = next(e for e in ds.events if e.site == "al_tanf")
    strike = next(e for e in ds.events if e.site == "abu_kamal")
    (link,) = ds.links
    assert (link.event, link.responds_to, link.basis.value) == (strike.id, tanf.id, "stated")
    assert link.lag_hours is not None
    assert link.lag_hours > 0
    assert link.cue == "رداً على"


def test_ids_are_stable_and_order_free() -> None:
    assert [e.id for e in resolve([A, B]).events] == [e.id for e in resolve([B, A]).events]


WORDS = [
    "سقطت", "صواريخ", "ثلاثة", "على", "قاعدة", "التنف", "حقل", "العمر", "مساء", "الأحد",
    "طائرة", "مسيرة", "قتل", "جنديان", "رداً", "قالت", "القيادة", "المركزية", "غارات",
    "البوكمال", "أمس", "،", ".", "دون", "إصابات", "الأمريكية", "7",
]  # fmt: skip


@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join), max_size=4))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_reports_resolve_to_a_valid_dataset(texts: list[str]) -> None:
    results = [report(f"r{i}.txt", t, day=8 + i) for i, t in enumerate(texts)]
    ds = resolve(results)
    Dataset.model_validate(ds.model_dump())  # every record passes the model's checks
    events = {e.id for e in ds.events}
    assert len(events) == len(ds.events)
    assert all(c.event in events for c in ds.claims)
    assert all(link.event in events and link.responds_to in events for link in ds.links)
