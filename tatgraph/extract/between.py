"""Dates between the events of one report: one event's date told from another's.

- «قصفت … بعد يومين من الهجوم على X»: the event told before «بعد N (أيام|ساعات) من»
  happened that long after the one told right after it (:func:`relative_dates`);
- the undated end of a stated response link takes the other end's day; but an attack a
  kept vow answers («وكانت الإدارة قد توعّدت بالرد على الهجوم …»), told with no
  day of its own, lies in the week up to the strikes (:func:`answered_before`);
- an undated event told right after a dated one at the same place, in the next sentence,
  is of the same days («وقبل أيام سقطت صواريخ على عين الأسد. كما هوجمت بمسيرة قاعدة أخرى
  غرب العراق»).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..model import zone
from ..vocab import Precision
from .analysis import Analysis
from .assemble import Cluster, window
from .counting import number_at
from .dates import DateRef
from .matcher import strip_article

Window = tuple[datetime | None, datetime | None, Precision, str]
"""UTC start and end, precision and date basis of one event."""

AFTER = frozenset({"بعد", "عقب", "اثر", "غداه"})
UNITS = {"يوم": 1, "يومين": 2, "ايام": 1, "اسبوع": 7, "اسبوعين": 14, "ساعات": 0, "ساعه": 0}
UNITS |= {"ساعتين": 0, "ساعتان": 0, "يومان": 2}


def relative_dates(a: Analysis, clusters: list[Cluster]) -> list[tuple[int, int, int]]:
    """«قصفت … بعد يومين من الهجوم على X»: (later cluster, earlier cluster, days after).

    The event told before «بعد N (أيام|ساعات) من» happened that long after the one told
    right after it; hours count as the same day.
    """
    where = {id(m): k for k, c in enumerate(clusters) for m in c.mentions}
    mentions = [m for c in clusters for m in c.mentions]
    out: list[tuple[int, int, int]] = []
    for i in range(len(a.tokens) - 3):
        if strip_article(a.word(i)) not in AFTER:
            continue
        j, n = i + 1, 1
        num = number_at(a, j)
        if num is not None:
            words = a.cat_at(j, "number")
            n, j = num, (words.last if words is not None else j + 1)
        unit = strip_article(a.word(j))
        if unit not in UNITS or a.word(j + 1) != "من":
            continue
        days = UNITS[unit] * (n if unit == "ايام" else 1)
        pos = a.tokens[i].start
        before = [m for m in mentions if m.sentence == a.sentence_of[i] and m.start < pos]
        after = [m for m in mentions if m.sentence == a.sentence_of[i] and m.start >= pos]
        if before and after:
            later, earlier = where[id(before[-1])], where[id(after[0])]
            if later != earlier:
                out.append((later, earlier, days))
    return out


def dates_between(
    a: Analysis,
    clusters: list[Cluster],
    links: dict[int, tuple[int, str | None]],
    dates: dict[int, Window],
    tz: str,
) -> None:
    """Fill in, in place, the dates one event's date gives another (module docstring)."""
    for i, j, days in relative_dates(a, clusters):  # "بعد يومين من الهجوم على X"
        known = dates.get(j)
        if (
            known is not None
            and known[0] is not None
            and dates.get(i, (None,) * 4)[3]
            in (
                None,
                "sentence",
            )
        ):
            day = known[0].astimezone(zone(tz)).date() + timedelta(days=days)
            ref_day = DateRef(0, 0, 0, 0, "", day, day, Precision.DAY, "relative")
            s, e, p = window(ref_day, tz)
            dates[i] = (s, e, p, "linked")
    for _ in range(2):  # undated ends of a stated link take the other end's day
        for i, (j, _cue) in links.items():
            for undated, dated in ((j, i), (i, j)):
                known = dates.get(dated)
                if undated not in dates and known is not None and known[0] is not None:
                    day = known[0].astimezone(zone(tz)).date()
                    hour = next((m.hour for m in clusters[undated].mentions if m.hour), None)
                    ref_day = DateRef(0, 0, 0, 0, "", day, day, Precision.DAY, "relative")
                    s, e, p = window(ref_day, tz, hour)
                    dates[undated] = (s, e, p, "linked")
    _next_sentence(clusters, dates)


def answered_before(
    vows: dict[int, int], clusters: list[Cluster], dates: dict[int, Window], tz: str
) -> None:
    """The attack a kept vow answers (answer -> answered, :func:`.extractor._vows_kept`),
    with no date of its own, lies in the week up to the first strike that kept the vow:
    retaliation vowed and then carried out comes days later, not the same day."""
    first: dict[int, datetime] = {}
    for i, j in vows.items():
        later = dates.get(i)
        if later is not None and later[0] is not None and j in dates:
            first[j] = min(first.get(j, later[0]), later[0])
    for j, start in first.items():
        if any(m.date is not None for m in clusters[j].mentions):
            continue
        last = start.astimezone(zone(tz)).date()
        week = DateRef(0, 0, 0, 0, "", last - timedelta(days=6), last, Precision.WEEK, "recent")
        s, e, p = window(week, tz)
        dates[j] = (s, e, p, "linked")


def _next_sentence(clusters: list[Cluster], dates: dict[int, Window]) -> None:
    for i, c in enumerate(clusters):
        if i in dates or c.site is None:
            continue
        first = min(m.sentence for m in c.mentions)
        for j, d in enumerate(clusters):
            known = dates.get(j)
            if (
                j != i
                and known is not None
                and known[0] is not None
                and known[3] in ("stated", "sentence")
                and d.site == c.site
                and any(m.sentence == first - 1 for m in d.mentions)
            ):
                dates[i] = (known[0], known[1], known[2], "sentence")
                break


__all__ = ["Window", "answered_before", "dates_between", "relative_dates"]
