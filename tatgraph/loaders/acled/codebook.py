"""ACLED's codebook as the loader reads it: the columns, and the parsers of single values.

Every layout ACLED has shipped (see docs/acled.md) names its columns after the codebook,
give or take case and old names (``ALLY_ACTOR_1`` = ``assoc_actor_1``, folded by
:mod:`.csv`). :class:`Columns` finds the :data:`FIELDS` the loader reads in one file's header
and :func:`check_header` refuses a file that is not an export. The parsers read one cell
each and raise ``ValueError`` saying why a value is wrong; the row mapping (:mod:`.row`)
turns that into an :class:`~tatgraph.errors.InputError` naming the field and the value.

>>> parse_date("9-May-20"), parse_date("21 March 2020"), parse_date("23/03/2023")
(datetime.date(2020, 5, 9), datetime.date(2020, 3, 21), datetime.date(2023, 3, 23))
>>> s, e, p = window(date(2023, 3, 23), "2", "Asia/Damascus")
>>> s.isoformat(), e.isoformat(), p.value
('2023-03-19T21:00:00+00:00', '2023-03-26T21:00:00+00:00', 'week')
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from operator import itemgetter

from ...errors import InputError
from ...model import zone
from ...vocab import Precision
from .csv import CsvTable

FIELDS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "iso3",
    "iso",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "civilian_targeting",
    "tags",
    "timestamp",
)
"""The codebook columns the loader reads, in the order :attr:`Columns.pick` returns them."""

REQUIRED = ("event_id_cnty", "event_date", "actor1", "location", "latitude", "longitude")
"""Columns without which no row of a file can be read (plus a type and a country column)."""

DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d-%B-%Y",
    "%d %b %Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%b %d, %Y",
)
"""Accepted ``event_date`` layouts; slashed dates are day first (ACLED's older files)."""

PRECISIONS = {"1": Precision.DAY, "2": Precision.WEEK, "3": Precision.MONTH}
"""``time_precision`` codes: 1 = that local day, 2 = the 7 days centred on it, 3 = the month."""

GEO_PRECISIONS = {"1": 1, "2": 2, "3": 3}
"""``geo_precision`` codes: 1 = the place itself, 2 = near it, 3 = its region."""

_ID = re.compile(r"^[A-Za-z0-9_.:\-]{1,150}$")


class Columns:
    """Where each codebook column is in one file's header (absent columns read as empty)."""

    def __init__(self, header: Sequence[str]) -> None:
        self.index = {name: i for i, name in enumerate(header)}
        width = len(header)  # absent columns point at an extra empty cell (see padded)
        self.pick = itemgetter(*(self.index.get(f, width) for f in FIELDS))
        self.padded = any(f not in self.index for f in FIELDS)
        """Whether rows need the extra empty cell before :attr:`pick`."""

    def get(self, cells: list[str], name: str) -> str:
        """The cell of column ``name`` (empty when the file has no such column)."""
        i = self.index.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    def has(self, name: str) -> bool:
        """Whether the file has column ``name``."""
        return name in self.index


def check_header(table: CsvTable) -> Columns:
    """The file's columns, or an :class:`InputError` naming what an ACLED export lacks."""
    cols = Columns(table.header)
    missing = [c for c in REQUIRED if not cols.has(c)]
    if not (cols.has("sub_event_type") or cols.has("event_type")):
        missing.append("sub_event_type")
    if not any(cols.has(c) for c in ("iso3", "iso", "country")):
        missing.append("country")
    if missing:
        raise InputError(
            f"not an ACLED export: missing column(s) {', '.join(missing)}",
            file=table.name,
            line=table.header_lines,
            hint="expected the ACLED codebook columns (event_id_cnty, event_date, "
            "sub_event_type, actor1, ..., latitude, longitude, fatalities); nothing from "
            "this file was loaded",
        )
    return cols


def check_id(text: str) -> str:
    """An ``event_id_cnty``: letters, digits and ``_ . : -``, at most 150 characters."""
    value = text.strip()
    if (value.isalnum() and value.isascii() and len(value) <= 150) or _ID.match(value):
        return value
    raise ValueError("missing or not an id (letters, digits and _ . : - only, at most 150)")


@cache
def parse_date(text: str) -> date:
    """An ACLED ``event_date`` in any layout ACLED has used."""
    value = text.strip()
    if len(value) > 10 and value[:4].isdigit() and value[4] == "-":
        value = value[:10]  # an ISO date-time: keep the date
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError("not a date in a known layout (e.g. 2023-03-23, 23/03/2023, 9-May-20)")


@cache
def window(day: date, precision: str, tz: str) -> tuple[datetime, datetime, Precision]:
    """UTC window for an ACLED date and ``time_precision`` code in zone ``tz``."""
    prec = PRECISIONS[precision]
    if prec is Precision.DAY:
        first, last = day, day + timedelta(days=1)
    elif prec is Precision.WEEK:
        first, last = day - timedelta(days=3), day + timedelta(days=4)
    else:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1)
    z = zone(tz)
    start = datetime.combine(first, time(0), tzinfo=z).astimezone(UTC)
    end = datetime.combine(last, time(0), tzinfo=z).astimezone(UTC)
    if end - start > prec.max_span:  # cannot happen for 1-3; kept as the model's invariant
        raise ValueError(f"window too long for {prec}")
    return start, end, prec


def parse_count(text: str) -> int | None:
    """Fatalities: a whole number 0..1,000,000 (``3.0`` accepted), empty = unknown."""
    value = text.strip()
    if not value:
        return None
    try:
        number = float(value) if not value.isdigit() else int(value)
    except ValueError:
        raise ValueError("not a number") from None
    if isinstance(number, float) and (not math.isfinite(number) or not number.is_integer()):
        raise ValueError("not a whole number")
    count = int(number)
    if not 0 <= count <= 1_000_000:
        raise ValueError("must be between 0 and 1,000,000")
    return count


def parse_timestamp(text: str) -> datetime | None:
    """ACLED's ``timestamp`` (Unix seconds; milliseconds and ISO text also read)."""
    value = text.strip()
    if not value:
        return None
    if value.isdigit():
        number = int(value)
        if number > 10**11:
            number //= 1000
        if not 0 < number < 4_102_444_800:  # before 2100
            raise ValueError("out of range")
        return datetime.fromtimestamp(number, UTC)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
