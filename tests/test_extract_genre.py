"""Rules for the genre of real reports (issue 10): one sentence written for each rule.

Every sentence here is ours; none is copied from a report (tests/test_no_report_text.py).
2024-01-10 is a Wednesday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tatgraph.extract import ExtractedEvent, ReportMeta, extract_text
from tatgraph.extract.dates import parse_dates

WED = datetime(2024, 1, 10, tzinfo=UTC)


def run(text: str, published: datetime = WED, has_time: bool = False) -> list[ExtractedEvent]:
    return extract_text(text, ReportMeta("t.txt", published, has_time=has_time, outlet="Reuters"))


def lines(events: list[ExtractedEvent]) -> list[str]:
    return [e.summary_line() for e in events]


# -- dates -------------------------------------------------------------------------------
def test_bare_ithnayn_is_the_number_two_not_monday() -> None:
    days = parse_dates("أصيب اثنين من الحراس في القصف", date(2024, 1, 10))
    assert days == []
    assert parse_dates("يوم الاثنين", date(2024, 1, 10))[0].first_day == date(2024, 1, 8)


def test_some_days_ago_is_the_week_before_publication() -> None:
    d = parse_dates("دوّت انفجارات قبل أيام", date(2024, 1, 10))[0]
    assert (d.first_day, d.last_day, d.basis) == (date(2024, 1, 3), date(2024, 1, 9), "recent")


def test_last_month_and_a_day_of_it() -> None:
    whole = parse_dates("تعرضت القاعدة الشهر الماضي لهجوم", date(2024, 1, 10))[0]
    assert (whole.first_day, whole.last_day) == (date(2023, 12, 1), date(2023, 12, 31))
    day = parse_dates("في الخامس من الشهر الجاري", date(2024, 1, 10))[0]
    assert day.first_day == date(2024, 1, 5)


def test_this_evening_in_a_morning_report_was_yesterday_evening() -> None:
    morning = datetime(2024, 1, 10, 6, 30, tzinfo=UTC)  # 09:30 in Damascus
    [ev] = run("سقطت صواريخ على قاعدة عين الأسد مساء اليوم.", morning, has_time=True)
    assert ev.date_start == date(2024, 1, 9)
    late = datetime(2024, 1, 10, 20, 0, tzinfo=UTC)
    [ev] = run("سقطت صواريخ على قاعدة عين الأسد مساء اليوم.", late, has_time=True)
    assert ev.date_start == date(2024, 1, 10)


def test_an_outlet_named_with_today_is_not_a_date() -> None:
    assert parse_dates("ونقلت وكالة بغداد اليوم عن مصدر", date(2024, 1, 10)) == []
    assert parse_dates("قال مصدر لبغداد اليوم إن", date(2024, 1, 10)) == []
    assert parse_dates("نقل موقع روسيا اليوم الخبر", date(2024, 1, 10)) == []
    assert len(parse_dates("سقطت قذيفة في بغداد اليوم", date(2024, 1, 10))) == 1
