"""Date phrases in Arabic reports, resolved against the publication date.

Handles what news reports write:

- weekdays with or without «الماضي» («الأحد الماضي», «يوم الإثنين»);
- «أمس», «اليوم», «أول أمس»;
- parts of the day («فجر اليوم الجمعة», «صباح يوم الأربعاء الماضي», «ليل الأربعاء»,
  «ليل الخميس-الجمعة»);
- «منذ N أيام», and «مؤخراً» (the week up to publication);
- absolute dates with standard, Levantine and Maghrebi month names
  («23 أكتوبر/تشرين الأول 2023», «9 آذار/مارس الجاري», «حزيران عام 2021»);
- numeric dates («2023/10/23») and clock times («الساعة 1:38 مساءً»).

A weekday with no «الماضي» is the latest such day on or before the publication date; with
«الماضي» the latest one strictly before it. A month without a year is the latest one not
after publication.

Without a reference day (a report with no publication date) only absolute dates resolve
(a month without a year takes ``year`` when one is known); relative phrases are read, so
they are not mistaken for something else, and listed as *open* instead.

>>> from datetime import date
>>> [(d.text, d.first_day.isoformat(), d.part.value) for d in parse_dates(
...     "قصفت الطائرات ليل الثلاثاء ومساء الخميس", date(2022, 8, 26))]
[('ليل الثلاثاء', '2022-08-23', 'night'), ('مساء الخميس', '2022-08-25', 'evening')]
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from ..vocab import PartOfDay, Precision
from .dates_back import ORDINAL_DAYS, TENS_DAYS, ordinal, same_day, since_then
from .lexicon import Lexicon, default_lexicon
from .matcher import Match, Token, is_number, tokenize
from .normalise import normalise


@dataclass(frozen=True)
class DateRef:
    """One date phrase: where it is and the local days it means.

    ``first_day``..``last_day`` are inclusive local dates; ``part`` narrows a single day to
    a part of it and ``hour`` to one hour. ``basis`` says how it was read: ``explicit``
    (a calendar date), ``relative`` (weekday, yesterday…), ``recent`` («مؤخراً»: the week
    up to publication), ``clock`` (a time with no day of its own).
    """

    first: int
    last: int
    start: int
    end: int
    text: str
    first_day: date
    last_day: date
    precision: Precision
    basis: str
    part: PartOfDay | None = None
    hour: int | None = None
    future: bool = False


def _weekday_on_or_before(ref: date, weekday: int, *, strictly: bool = False) -> date:
    back = (ref.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return ref - timedelta(days=back)


def _month_year(month: int, ref: date, *, past: bool = False) -> int:
    """Year of the latest ``month`` not after ``ref`` (strictly before its month if past)."""
    year = ref.year
    if month > ref.month or (past and month == ref.month):
        year -= 1
    return year


class _Scanner:
    """Reads date phrases token by token from the lexicon matches."""

    def __init__(
        self,
        tokens: list[Token],
        matches: list[Match],
        text: str,
        ref: date | None,
        year: int | None = None,
        hour: int | None = None,
    ) -> None:
        self.tokens, self.text = tokens, text
        self.open = ref is None
        self.year = year
        self.hour = hour
        # without a reference day the patterns still run (on a stand-in day) so that the
        # phrases they read are known; find_dates then keeps only the absolute ones
        self.ref = ref or date(year or 2000, 12, 31)
        self.at: dict[int, list[Match]] = {}
        for m in matches:
            if m.category in _DATE_CATS:
                self.at.setdefault(m.first, []).append(m)

    def get(self, i: int, category: str) -> Match | None:
        for m in self.at.get(i, ()):
            if m.category == category:
                return m
        return None

    def digit(self, i: int) -> int | None:
        if 0 <= i < len(self.tokens) and is_number(self.tokens[i].text):
            return int(self.tokens[i].text)
        return None

    def gap(self, i: int) -> str:
        """Text between token i-1 and token i."""
        return self.text[self.tokens[i - 1].end : self.tokens[i].start]

    def make(
        self,
        first: int,
        last: int,
        day0: date,
        day1: date,
        precision: Precision,
        basis: str,
        part: PartOfDay | None = None,
        hour: int | None = None,
        future: bool = False,
    ) -> DateRef:
        a, b = self.tokens[first].start, self.tokens[last - 1].end
        a += min((len(m.prefix) for m in self.at.get(first, ())), default=0)
        return DateRef(
            first, last, a, b, self.text[a:b], day0, day1, precision, basis, part, hour, future
        )

    def outlet_tokens(self) -> set[int]:
        """Tokens of outlet names holding a date word («لوكالة بغداد اليوم»): after a media
        word, with the proclitic «لـ», or first on a line."""
        out: set[int] = set()
        for ms in self.at.values():
            for m in ms:
                if m.category != "outlet_name":
                    continue
                line_start = m.first == 0 or "\n" in self.gap(m.first)
                head = any(x.category == "media_head" for x in self.at.get(m.first - 1, ()))
                if head or line_start or m.prefix.endswith("ل"):
                    out.update(range(m.first, m.last))
        return out

    # -- patterns ----------------------------------------------------------------------
    def numeric(self, i: int) -> DateRef | None:
        a, b, c = self.digit(i), self.digit(i + 1), self.digit(i + 2)
        if a is None or b is None or c is None:
            return None
        seps = {self.gap(i + 1).strip(), self.gap(i + 2).strip()}
        if len(seps) != 1 or seps.pop() not in ("/", "-", "."):
            return None
        y, mo, d = (a, b, c) if a > 31 else (c, b, a)
        try:
            day = date(y, mo, d)
        except ValueError:
            return None
        return self.make(i, i + 3, day, day, Precision.DAY, "explicit")

    def months(self, i: int) -> tuple[int, int] | None:
        """Month name(s) at i (``آذار/مارس``): (month, next token index)."""
        m = self.get(i, "month")
        if m is None:
            return None
        nxt = m.last
        other = self.get(nxt, "month")
        if other is not None and other.value == m.value and "/" in self.gap(nxt) + "/":
            nxt = other.last
        assert isinstance(m.value, int)
        return m.value, nxt

    def year_after(self, j: int) -> tuple[int | None, int, str]:
        """A year, «الجاري» or «الماضي» after a month: (year, next index, flag)."""
        if j + 1 < len(self.tokens) and self.tokens[j].text == "من":
            j += self.tokens[j + 1].text in ("عام", "سنه", "العام")  # «من عام 2019»
        if j < len(self.tokens) and self.tokens[j].text in ("عام", "سنه", "لعام", "العام"):
            y = self.digit(j + 1)
            if y is not None and 1900 <= y <= 2100:
                return y, j + 2, ""
        y = self.digit(j)
        if y is not None and 1900 <= y <= 2100:
            return y, j + 1, ""
        for flag in ("current", "past"):
            m = self.get(j, "date_" + flag)
            if m is not None:
                return None, m.last, flag
        return None, j, ""

    def day_number(self, i: int) -> tuple[int | None, int]:
        """A day of the month at i («4», «الثالث»), then an optional «من»: (day, next index).

        An ordinal day needs the «من» («الثالث من كانون الثاني»), so that the ordinal of a
        month name («تشرين الأول») is not read as a day.
        """
        d = self.digit(i)
        j = i + 1
        written = d is None and i < len(self.tokens)
        if written:
            d, j = ordinal(self, i)
        if d is None:
            return None, i
        if j < len(self.tokens) and self.tokens[j].text == "من":
            return d, j + 1
        return (None, i) if written else (d, j)

    def word(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def absolute(self, i: int) -> DateRef | None:
        first = i
        wd = self.get(i, "weekday")
        if wd is not None:
            i = wd.last
        d, after = self.day_number(i)
        if d is not None and 1 <= d <= 31 and (mo := self.months(after)) is not None:
            month, j = mo
            year, k, flag = self.year_after(j)
            basis = "explicit"
            if year is None:
                year = self.ref.year if flag == "current" else _month_year(month, self.ref)
                if flag == "past":
                    year = _month_year(month, self.ref, past=True)
                if self.open:
                    year, basis = self.year or year, "explicit" if self.year else "no_year"
            try:
                day = date(year, month, d)
            except ValueError:
                return None
            return self.make(first, k, day, day, Precision.DAY, basis)
        if wd is not None:
            return None
        mo = self.months(i)
        if mo is None:
            return None
        month, j = mo
        year, k, flag = self.year_after(j)
        if (
            year is None
            and not flag
            and "/" not in self.text[self.tokens[i].start : self.tokens[j - 1].end]
        ):
            return None  # a bare month name ("آب" is also "father"): not a date
        basis = "explicit"
        if year is None:
            year = (
                self.ref.year
                if flag == "current"
                else _month_year(month, self.ref, past=flag == "past")
            )
            if self.open:
                year, basis = self.year or year, "explicit" if self.year else "no_year"
        last = calendar.monthrange(year, month)[1]
        return self.make(
            first, k, date(year, month, 1), date(year, month, last), Precision.MONTH, basis
        )

    def month_relative(self, i: int) -> DateRef | None:
        """«الشهر الماضي», «الشهر الجاري» and a day of them («العاشر من الشهر الماضي»)."""
        d, j = self.day_number(i)
        if j >= len(self.tokens) or self.tokens[j].text not in ("الشهر", "شهر"):
            return None
        flag = self.get(j + 1, "date_past") or self.get(j + 1, "date_current")
        if flag is None:
            return None
        first = self.ref.replace(day=1)
        if flag.category == "date_past":
            first = (first - timedelta(days=1)).replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        if d is None:
            return self.make(i, flag.last, first, last, Precision.MONTH, "relative")
        if not 1 <= d <= last.day:
            return None
        day = first.replace(day=d)
        return self.make(i, flag.last, day, day, Precision.DAY, "relative")

    def relative(self, i: int) -> DateRef | None:
        first = i
        part: PartOfDay | None = None
        pod = self.get(i, "pod")
        if pod is not None:
            assert isinstance(pod.value, PartOfDay)
            part, i = pod.value, pod.last
        day: date | None = None
        future = False
        today = False
        rel = self.get(i, "rel_day")
        if rel is not None:
            today = rel.value == 0
            assert isinstance(rel.value, int)
            day = self.ref - timedelta(days=rel.value)
            if "ليل" in self.text[rel.start : rel.end] and rel.value == 1:
                part = part or PartOfDay.NIGHT
            i = rel.last
        wd = self.get(i, "weekday")
        if wd is not None:
            assert isinstance(wd.value, int)
            i = wd.last
            past = self.get(i, "date_past")
            fut = self.get(i, "date_future")
            if fut is not None:
                future, i = True, fut.last
                ahead = (wd.value - self.ref.weekday()) % 7 or 7
                wday = self.ref + timedelta(days=ahead)
            else:
                if past is not None:
                    i = past.last
                wday = _weekday_on_or_before(self.ref, wd.value, strictly=past is not None)
            if day is None or day.weekday() != wd.value:
                day, today = wday, False
            # "ليل الخميس-الجمعة", "ليلة الخميس على الجمعة": the night of the first day
            j = i + 1 if i < len(self.tokens) and self.tokens[i].text == "علي" else i
            nxt = self.get(j, "weekday")
            if nxt is not None and nxt.value == (wd.value + 1) % 7 and j > first:
                part, i = part or PartOfDay.NIGHT, nxt.last
        if day is None:
            return None
        if part is None and (pod2 := self.get(i, "pod")) is not None:
            assert isinstance(pod2.value, PartOfDay)
            part, i = pod2.value, pod2.last
        if today and part is not None and self.hour is not None and part.hours[0] > self.hour:
            day -= timedelta(days=1)  # "مساء اليوم" in a morning report: written yesterday
        precision = Precision.PART_OF_DAY if part else Precision.DAY
        return self.make(first, i, day, day, precision, "relative", part=part, future=future)

    def ago(self, i: int) -> DateRef | None:
        if self.get(i, "date_ago") is None:
            return None
        j = i + 1
        n: int | None = self.digit(j)
        num = self.get(j, "number")
        if n is None and num is not None:
            assert isinstance(num.value, int)
            n = num.value
        if n is not None:
            j = num.last if num is not None and self.digit(j) is None else j + 1
        unit = self.get(j, "date_unit")
        if unit is None:
            return None
        word = self.tokens[j].text
        if n is None and word in ("ايام", "اسابيع"):  # "قبل أيام": some days before
            span = 7 if word == "ايام" else 28
            return self.make(
                i,
                unit.last,
                self.ref - timedelta(days=span),
                self.ref - timedelta(days=1),
                Precision.WEEK if span == 7 else Precision.MONTH,
                "recent",
            )
        count = n if n is not None else (2 if word.endswith(("ين", "ان")) else 1)
        if unit.value == "week_units":
            day0 = self.ref - timedelta(days=7 * count)
            return self.make(
                i, unit.last, day0, day0 + timedelta(days=6), Precision.WEEK, "relative"
            )
        day = self.ref - timedelta(days=count)
        return self.make(i, unit.last, day, day, Precision.DAY, "relative")

    def recent(self, i: int) -> DateRef | None:
        m = self.get(i, "date_recent")
        if m is None:
            return None
        return self.make(
            i, m.last, self.ref - timedelta(days=6), self.ref, Precision.WEEK, "recent"
        )

    def clock(self, i: int) -> DateRef | None:
        if self.get(i, "date_clock") is None:
            return None
        j = i + 1
        if j < len(self.tokens) and self.tokens[j].text == "ال":
            j += 1
        if j >= len(self.tokens):
            return None
        raw = self.tokens[j].text
        hour_text = raw.split(":")[0].split(".")[0]
        if not is_number(hour_text) or int(hour_text) > 24:
            return None
        hour = int(hour_text) % 24
        k = j + 1
        if (pm := self.get(k, "date_pm")) is not None or (pm := self.get(k, "pod")) is not None:
            if hour < 12 and pm.value not in (PartOfDay.DAWN, PartOfDay.MORNING):
                hour += 12
            k = pm.last
        elif (am := self.get(k, "date_am")) is not None:
            k = am.last
        return self.make(i, k, self.ref, self.ref, Precision.HOUR, "clock", hour=hour)


_DATE_CATS = frozenset(
    {
        "weekday",
        "month",
        "pod",
        "rel_day",
        "date_past",
        "date_future",
        "date_current",
        "date_recent",
        "date_ago",
        "date_unit",
        "date_clock",
        "date_am",
        "date_pm",
        "number",
        "outlet_name",
        "media_head",
    }
)


def find_dates(
    tokens: list[Token],
    matches: list[Match],
    text: str,
    ref: date | None,
    *,
    year: int | None = None,
    unresolved: list[DateRef] | None = None,
    hour: int | None = None,
) -> list[DateRef]:
    """Every date phrase in a tokenised normalised text, resolved against ``ref``.

    With ``ref`` None only absolute dates are returned (a missing year is ``year``); the
    relative phrases that could not be resolved go to ``unresolved`` when given. ``hour``
    (the local hour of publication) puts a part of "today" not yet begun on the day before.
    """
    sc = _Scanner(tokens, matches, text, ref, year, hour)
    named = sc.outlet_tokens()
    out: list[DateRef] = []
    prev: DateRef | None = None  # the day last named (for «اليوم نفسه», «قبل ذلك بيومين»)
    i = 0
    while i < len(tokens):
        found = None
        if (
            i in sc.at
            or is_number(tokens[i].text)
            or tokens[i].text in ORDINAL_DAYS
            or tokens[i].text in TENS_DAYS
            or tokens[i].text in ("الشهر", "الحادي")
            or (i + 1 < len(tokens) and tokens[i + 1].text == "ذلك")
        ):
            found = since_then(sc, i, prev)
            patterns = (sc.numeric, sc.absolute, sc.month_relative, sc.relative, sc.ago)
            for pattern in (*patterns, sc.recent, sc.clock):
                if found is not None:
                    break
                found = pattern(i)
            if found is not None and found.basis == "relative" and found.first_day == sc.ref:
                found = same_day(sc, found, prev) or found
        if found is not None and named.intersection(range(found.first, found.last)):
            found = None  # "وكالة بغداد اليوم": an outlet's name
        if found is not None:
            if found.precision in (Precision.DAY, Precision.PART_OF_DAY, Precision.HOUR):
                prev = found if found.basis != "clock" else prev
            if ref is None and found.basis not in ("explicit", "clock"):
                if unresolved is not None:
                    unresolved.append(found)
            else:
                out.append(found)
            i = max(found.last, i + 1)
        else:
            i += 1
    return out


def parse_dates(text: str, ref: date, lexicon: Lexicon | None = None) -> list[DateRef]:
    """Date phrases of a raw text (normalised here), resolved against ``ref``.

    >>> [(d.first_day.isoformat(), d.precision.value) for d in parse_dates(
    ...     "في 9 آذار/مارس الجاري وفي حزيران عام 2021", date(2023, 3, 24))]
    [('2023-03-09', 'day'), ('2021-06-01', 'month')]
    >>> parse_dates("الأحد الماضي", date(2021, 6, 30))[0].first_day
    datetime.date(2021, 6, 27)
    """
    lex = lexicon or default_lexicon()
    norm = normalise(text).text
    tokens = tokenize(norm)
    return find_dates(tokens, lex.find(tokens, norm), norm, ref)
