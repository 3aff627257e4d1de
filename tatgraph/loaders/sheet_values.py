"""The values of a coding sheet that need more than a type: event windows, publication
times and quote offsets (read by :mod:`tatgraph.loaders.curated`).

Each raises :class:`ValueError` with the reason; the sheet reader places it (file, line,
field).

>>> event_window({"date": "2021-06-28"})["start"].isoformat()
'2021-06-27T21:00:00+00:00'
>>> published_at("2022-01-02").isoformat(), quote_offsets([3, 9])
('2022-01-02T00:00:00+00:00', (3, 9))
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..model import DEFAULT_TZ, local_day_window, zone
from ..vocab import PartOfDay, Precision


def parse_when(value: Any) -> date | datetime:
    """A YAML date/datetime or ISO text -> date (whole day) or datetime."""
    if isinstance(value, date):  # datetime is a date too
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"not a date or ISO date-time: {value!r}")


def local_time(value: date | datetime, tz: str, *, end: bool = False) -> datetime:
    """Local date/datetime -> aware datetime; a whole-day ``end`` runs to the next midnight."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone(tz))
    day = value + timedelta(days=1) if end else value
    return datetime.combine(day, time(0), tzinfo=zone(tz))


def event_window(rec: Mapping[str, Any]) -> dict[str, Any]:
    """Event time fields of a sheet record -> start/end/precision/tz for the model."""
    tz = str(rec.get("tz") or DEFAULT_TZ)
    if rec.get("date") not in (None, ""):
        if any(rec.get(k) not in (None, "") for k in ("start", "end")):
            raise ValueError("give either 'date' or 'start'/'end', not both")
        when = parse_when(rec["date"])
        day = when.date() if isinstance(when, datetime) else when
        part = rec.get("part_of_day") or None
        pod = PartOfDay(part) if part else None
        start, end = local_day_window(day, part=pod, tz=tz)
        precision = Precision.PART_OF_DAY if pod else Precision.DAY
        return {"start": start, "end": end, "precision": precision, "tz": tz}
    if str(rec.get("precision") or "") == Precision.UNKNOWN.value:
        if any(rec.get(k) not in (None, "") for k in ("start", "end")):
            raise ValueError("precision 'unknown' is for open dates: give no start or end")
        return {"start": None, "end": None, "precision": Precision.UNKNOWN, "tz": tz}
    if rec.get("start") in (None, "") or rec.get("end") in (None, ""):
        raise ValueError(
            "give 'date' (with optional 'part_of_day'), both 'start' and 'end', "
            "or 'precision: unknown' for a date nobody could establish"
        )
    if rec.get("precision") in (None, ""):
        raise ValueError("a 'start'/'end' window needs a 'precision'")
    start = local_time(parse_when(rec["start"]), tz)
    end = local_time(parse_when(rec["end"]), tz, end=True)
    return {
        "start": start.astimezone(UTC),
        "end": end.astimezone(UTC),
        "precision": Precision(rec["precision"]),
        "tz": tz,
    }


def published_at(value: Any) -> datetime:
    """A source's publication: a bare date means 00:00 UTC that day."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=UTC)
    if isinstance(value, str):
        return published_at(datetime.fromisoformat(value.replace("Z", "+00:00")))
    raise ValueError(f"not a date or ISO date-time: {value!r}")


def quote_offsets(value: Any) -> tuple[int | None, int | None]:
    if value in (None, ""):
        return None, None
    if isinstance(value, list | tuple) and len(value) == 2:
        return int(value[0]), int(value[1])
    raise ValueError("quote must be [start, end] character offsets")
