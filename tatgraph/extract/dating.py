"""What a report's relative dates are relative to, when its metadata gives no date.

Relative dates («أمس», «الأحد الماضي», «صباح اليوم») resolve against the publication day.
A report is never refused for lacking one; the reference is, in order:

1. the publication date of the metadata (``published``);
2. a publication date stated in the text: a labelled dateline («تم النشر», «تاريخ النشر»,
   «نشر في», «نشر بتاريخ», «آخر تحديث») followed by a date, else the earliest full date
   (day, month, year) standing on a line of its own among the first lines of the page
   (pages also show today's date in their header: the earliest is the article's);
3. the month of the metadata (``published: 2024-02``): relative dates cannot be resolved
   to a day, but every event lies in that month (precision ``month``);
4. nothing: only absolute dates resolve (a full date said of the event), and the other
   events keep an *open* date (no window, precision ``unknown``) with a note saying why.

>>> from datetime import UTC, datetime
>>> from tatgraph.extract.reports import ReportMeta
>>> ref = reference_of("تم النشر: 12 آذار 2020\\nقصف ...", ReportMeta("r.txt", None))
>>> ref.day, ref.basis
(datetime.date(2020, 3, 12), 'dateline')
>>> reference_of("قصف ...", ReportMeta("r.txt", None)).basis
'none'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import DEFAULT_TZ, zone
from .dates import DateRef, find_dates
from .lexicon import Lexicon, default_lexicon
from .matcher import tokenize
from .normalise import normalise
from .parts import size_warning
from .records import ExtractedEvent
from .reports import ReportMeta

LABELS = ("تم النشر", "تاريخ النشر", "نشر في", "نشر بتاريخ", "اخر تحديث", "تاريخ")
"""Words that introduce the publication date in a page's text (normalised)."""
HEAD_LINES = 8
"""How many of the first lines may hold a dateline."""


@dataclass(frozen=True)
class Reference:
    """The day relative dates resolve against, or the window the report lies in."""

    day: date | None
    basis: str  # publication | dateline | month | none
    period: tuple[date, date] | None = None
    note: str | None = None
    hour: int | None = None  # local hour of publication, when the metadata gives a time

    @property
    def year(self) -> int | None:
        """The year a date without one takes (from the day or the month)."""
        if self.day is not None:
            return self.day.year
        return self.period[0].year if self.period else None


def reference_of(
    text: str, meta: ReportMeta, *, lexicon: Lexicon | None = None, tz: str = DEFAULT_TZ
) -> Reference:
    """The reference for a report's relative dates (see the module docstring)."""
    if meta.published is not None:
        local = meta.published.astimezone(zone(tz))
        return Reference(local.date(), "publication", hour=local.hour if meta.has_time else None)
    found = dateline(text, lexicon=lexicon)
    if found is not None:
        return Reference(
            found,
            "dateline",
            note=f"no publication date in the metadata; the text's dateline {found} used",
        )
    if meta.period is not None:
        a = meta.period[0]
        return Reference(
            None,
            "month",
            period=meta.period,
            note=f"publication month only ({a:%Y-%m}): relative dates kept to that month",
        )
    return Reference(None, "none", note="no publication date in the metadata or the text")


def dateline(text: str, *, lexicon: Lexicon | None = None) -> date | None:
    """A publication date the page's text states, if any (see the module docstring)."""
    lex = lexicon or default_lexicon()
    lines = [ln for ln in text.splitlines()[: HEAD_LINES * 3] if ln.strip()][:HEAD_LINES]
    labelled: list[date] = []
    alone: list[date] = []
    for line in lines:
        norm = normalise(line).text.strip()
        dates = _full_dates(norm, lex)
        if not dates:
            continue
        if any(norm.startswith(lb) or f" {lb}" in norm[:40] for lb in LABELS):
            labelled.append(dates[0].first_day)
        covered = sum(d.end - d.start for d in dates)
        words = len(tokenize(norm))
        if words <= 8 or covered >= 0.5 * len(norm.replace(" ", "")):
            alone.append(dates[0].first_day)
    if labelled:
        return labelled[0]
    return min(alone) if alone else None


def _full_dates(norm: str, lex: Lexicon) -> list[DateRef]:
    tokens = tokenize(norm)
    return [
        d
        for d in find_dates(tokens, lex.find(tokens, norm), norm, None)
        if d.basis == "explicit" and d.first_day == d.last_day
    ]


def open_note(ref: Reference, phrases: list[str]) -> str:
    """Why an event's date stays open, naming the phrases that could not be resolved."""
    said = ", ".join(f"«{p}»" for p in dict.fromkeys(phrases)) if phrases else None
    why = ref.note or "no publication date"
    return f"{why}; not resolved: {said}" if said else f"{why}; the event has no date of its own"


def report_warnings(meta: ReportMeta, text: str, events: list[ExtractedEvent]) -> list[str]:
    """One line per thing a researcher should know about a report's dates and size:
    how a missing publication date was replaced, which events stay undated and why."""
    out: list[str] = []
    big = size_warning(text)
    if big:
        out.append(f"{meta.file}: {big}")
    if meta.published is None:
        ref = reference_of(text, meta)
        out.append(f"{meta.file}: {ref.note}")
    for ev in events:
        if not ev.dated:
            where = ev.site_name or "an unnamed place"
            out.append(f"{meta.file}: {ev.kind.value} at {where} left undated ({ev.date_note})")
    return out


__all__ = ["Reference", "dateline", "open_note", "reference_of", "report_warnings"]
