"""Property tests: any text, however odd, extracts without crashing and offsets stay honest."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tatgraph.extract import ReportMeta, extract_text
from tatgraph.extract.normalise import normalise

META = ReportMeta("p.txt", datetime(2023, 3, 24, 21, 30, tzinfo=UTC), has_time=True)

# Words the extractor reacts to, mixed with arbitrary Unicode so rules actually fire.
WORDS = [
    "قصفت", "صواريخ", "بثلاثة", "حقل", "العمر", "كونيكو", "والشدادي", "مسيّرتين", "أمس",
    "الأحد", "الماضي", "ليل", "الخميس", "-الجمعة", "رداً", "على", "قتلى", "7", "إصابة",
    "من", "دون", "قالت", "القيادة", "المركزية", "الأمريكية", "«", "»", "،", ".", ":", "\n-",
    "قناة", "الميادين", "يتوقع", "أن", "قد", "ـــ", "ً", "ّ", "آذار", "2023", "/", "ردّت",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=60).map(" ".join),
)


@given(texts)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_text_never_crashes_and_offsets_point_inside(text: str) -> None:
    for ev in extract_text(text, META):
        assert ev.start is not None
        assert ev.end is not None
        assert ev.start < ev.end
        assert ev.date_start is not None
        assert ev.date_end is not None
        assert ev.date_start <= ev.date_end
        spans = [(c.quote, c.start, c.end) for c in ev.claims] + list(ev.evidence)
        for quote, start, end in spans:
            assert 0 <= start <= end <= len(text)
            assert text[start:end] == quote
        assert ev.to_json()["id"] == ev.id


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_normaliser_offset_map_is_monotonic_and_in_range(text: str) -> None:
    n = normalise(text)
    assert len(n.origin) == len(n.text) + 1
    assert n.origin[-1] == len(text)
    assert all(0 <= o <= len(text) for o in n.origin)
    assert all(a <= b for a, b in zip(n.origin, n.origin[1:], strict=False))
    for i in range(len(n.text) + 1):
        for j in range(i, min(len(n.text), i + 5) + 1):
            a, b = n.span(i, j)
            assert 0 <= a <= b <= len(text)
