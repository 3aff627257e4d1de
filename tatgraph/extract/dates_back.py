"""Written-out days and dates that point back at the day last named (for :mod:`.dates`).

- «الحادي عشر», «العشرين», «التاسع والعشرين»: ordinal days past the tenth;

- «في اليوم نفسه», «في الليلة ذاتها»: that day (the night of it);
- «قبل ذلك بخمسة أيام», «بعد ذلك بيومين», «قبل ذلك بيوم واحد»: counted from it.

Without a day named before, neither is a date; in an undated report, a day counted from a
relative day is as unresolved as that day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol, TypeVar

from ..vocab import PartOfDay, Precision
from .matcher import Match, Token


class Day(Protocol):
    """A date phrase as these rules read it (:class:`.dates.DateRef`)."""

    @property
    def first(self) -> int: ...
    @property
    def last(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def first_day(self) -> date: ...
    @property
    def part(self) -> PartOfDay | None: ...
    @property
    def basis(self) -> str: ...


D = TypeVar("D", bound=Day)
D_co = TypeVar("D_co", bound=Day, covariant=True)


class Scanner(Protocol[D_co]):
    """What these rules use of the date scanner of :mod:`.dates`."""

    tokens: list[Token]

    def word(self, i: int) -> str: ...
    def get(self, i: int, category: str) -> Match | None: ...
    def make(
        self,
        first: int,
        last: int,
        day0: date,
        day1: date,
        precision: Precision,
        basis: str,
        part: PartOfDay | None = None,
    ) -> D_co: ...


ORDINAL_DAYS = {
    w: n
    for n, w in enumerate(
        (
            "الاول",
            "الثاني",
            "الثالث",
            "الرابع",
            "الخامس",
            "السادس",
            "السابع",
            "الثامن",
            "التاسع",
            "العاشر",
        ),
        start=1,
    )
}
"""Ordinal day words (normalised) of «في الثالث من كانون الثاني»."""
TENS_DAYS = {"العشرين": 20, "الثلاثين": 30, "والعشرين": 20, "والثلاثين": 30}
"""Ordinal tens: «العشرين», «التاسع والعشرين», «الحادي والثلاثين» (with «الحادي» for one)."""
SAME = frozenset({"نفسه", "ذاته", "نفسها", "ذاتها", "عينه", "عينها"})
"""After «اليوم»/«الليلة»: the day the report last named («في اليوم نفسه»)."""


def ordinal(sc: Scanner[D], i: int) -> tuple[int | None, int]:
    """An ordinal day at i: «الثالث», «الحادي عشر», «العشرين», «التاسع والعشرين»."""
    word, nxt = sc.tokens[i].text, sc.word(i + 1)
    if word in TENS_DAYS and not word.startswith("و"):
        return TENS_DAYS[word], i + 1
    unit = 1 if word == "الحادي" else ORDINAL_DAYS.get(word)
    if unit is None:
        return None, i
    if nxt in ("عشر", "عشره"):
        return 10 + unit, i + 2
    if nxt in TENS_DAYS and nxt.startswith("و"):
        return TENS_DAYS[nxt] + unit, i + 2
    return (unit, i + 1) if word != "الحادي" else (None, i)


def same_day(sc: Scanner[D], found: D, prev: D | None) -> D | None:
    """«في اليوم نفسه», «الليلة ذاتها»: the day last named (None when there is none)."""
    if prev is None or sc.word(found.last) not in SAME:
        return None
    night = "ليل" in found.text
    part = PartOfDay.NIGHT if night else prev.part
    precision = Precision.PART_OF_DAY if part else Precision.DAY
    day = prev.first_day
    return sc.make(found.first, found.last + 1, day, day, precision, prev.basis, part)


def since_then(sc: Scanner[D], i: int, prev: D | None) -> D | None:
    """«قبل ذلك بخمسة أيام», «بعد ذلك بيومين»: counted from the day last named."""
    before = sc.word(i).removeprefix("و")
    if prev is None or before not in ("قبل", "بعد") or sc.word(i + 1) != "ذلك":
        return None
    j, n = i + 2, None
    num = sc.get(j, "number")
    if num is not None and num.prefix.endswith("ب"):
        assert isinstance(num.value, int)
        n, j = num.value, num.last
    unit = sc.get(j, "date_unit")
    if unit is None or (n is None and not sc.tokens[j].text.startswith("ب")):
        return None
    if n is None:
        n = 2 if sc.tokens[j].text.endswith(("ين", "ان")) else 1
    days = n * (7 if unit.value == "week_units" else 1)
    last = unit.last + (sc.word(unit.last) in ("واحد", "واحده"))
    day = prev.first_day + timedelta(days=days if before == "بعد" else -days)
    return sc.make(i, last, day, day, Precision.DAY, prev.basis)


__all__ = ["ORDINAL_DAYS", "TENS_DAYS", "ordinal", "same_day", "since_then"]
