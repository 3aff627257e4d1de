"""The time axis every view shares: a compressed time scale and rows that keep labels apart.

:class:`TimeScale` maps times to x positions, cutting long empty gaps short;
:func:`stack_rows` puts points that are too close on different rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class Segment:
    """A stretch of time drawn to scale; the scale jumps over the gaps between segments."""

    start: datetime
    end: datetime
    offset: float

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0


class TimeScale:
    """Maps times to an x position in compressed hours: gaps with no events are cut short.

    Times closer than ``gap`` (or joined by a ``span``, e.g. a response link) fall in one
    segment drawn to scale; each longer gap becomes a break ``break_hours`` wide.

    >>> from datetime import datetime, UTC
    >>> t = [datetime(2023, 3, 23, 12, tzinfo=UTC), datetime(2023, 3, 24, 12, tzinfo=UTC),
    ...      datetime(2023, 10, 23, 12, tzinfo=UTC)]
    >>> scale = TimeScale(t, pad_hours=6, break_hours=12)
    >>> len(scale.segments), scale.x(t[0]), scale.x(t[1]), scale.x(t[2])
    (2, 6.0, 30.0, 54.0)
    >>> scale.total
    60.0
    """

    def __init__(
        self,
        times: Sequence[datetime],
        *,
        spans: Iterable[tuple[datetime, datetime]] = (),
        gap: timedelta = timedelta(days=7),
        pad_hours: float = 6.0,
        break_hours: float | None = None,
    ) -> None:
        points = sorted(times)
        if not points:
            points = [datetime.now(UTC)]
        groups: list[list[datetime]] = [[points[0]]]
        for t in points[1:]:
            if t - groups[-1][-1] > gap:
                groups.append([t])
            else:
                groups[-1].append(t)
        bounds = [(g[0], g[-1]) for g in groups]
        for a, b in spans:  # merge the segments a span crosses
            lo, hi = min(a, b), max(a, b)
            hit = [i for i, (s, e) in enumerate(bounds) if e >= lo and s <= hi]
            if len(hit) > 1:
                merged = (bounds[hit[0]][0], bounds[hit[-1]][1])
                bounds = [*bounds[: hit[0]], merged, *bounds[hit[-1] + 1 :]]
        pad = timedelta(hours=pad_hours)
        longest = max((e - s).total_seconds() / 3600.0 + 2 * pad_hours for s, e in bounds)
        self.break_hours = max(6.0, 0.12 * longest) if break_hours is None else break_hours
        self.segments: list[Segment] = []
        offset = 0.0
        for s, e in bounds:
            seg = Segment(s - pad, e + pad, offset)
            self.segments.append(seg)
            offset += seg.hours + self.break_hours
        self.total = offset - self.break_hours
        self.longest = longest

    def x(self, t: datetime) -> float:
        """Position of ``t`` (compressed hours from the start of the first segment)."""
        for seg in self.segments:
            if t <= seg.end:
                return seg.offset + max(0.0, (t - seg.start).total_seconds() / 3600.0)
        last = self.segments[-1]
        return last.offset + last.hours

    @property
    def breaks(self) -> list[tuple[float, timedelta]]:
        """Centre of each break and the time it skips."""
        out = []
        for a, b in zip(self.segments, self.segments[1:], strict=False):
            out.append((a.offset + a.hours + self.break_hours / 2, b.start - a.end))
        return out

    def ticks(self, min_hours: float) -> list[tuple[float, str]]:
        """Tick positions and UTC labels, at least ``min_hours`` apart within a segment."""
        steps = (1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 2160, 4320, 8760)
        out: list[tuple[float, str]] = []
        for seg in self.segments:
            step = next((h for h in steps if h >= min_hours), steps[-1])
            first = seg.start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
            if step >= 24:
                first = first.replace(hour=0)
            fmt = "%Y-%m-%d" if step >= 24 else "%m-%d %H:%M"
            t, found = first, []
            while t <= seg.end:
                if t >= seg.start:
                    found.append((self.x(t), t.strftime(fmt)))
                t += timedelta(hours=step)
            if not found:  # a short segment still gets its date
                middle = seg.start + (seg.end - seg.start) / 2
                found.append((self.x(middle), middle.strftime("%Y-%m-%d")))
            out.extend(found)
        return out


def stack_rows(xs: Sequence[float], min_gap: float) -> list[int]:
    """Row per item so that items in one row are at least ``min_gap`` apart (greedy).

    >>> stack_rows([0, 0, 5, 100, 101], 50)
    [0, 1, 2, 0, 1]
    """
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    last: list[float] = []
    rows = [0] * len(xs)
    for i in order:
        for row, x in enumerate(last):
            if xs[i] - x >= min_gap:
                rows[i], last[row] = row, xs[i]
                break
        else:
            rows[i] = len(last)
            last.append(xs[i])
    return rows
