"""The event model: what tatgraph stores, validated with pydantic v2.

Nodes: :class:`Event`, :class:`Actor`, :class:`Site`, :class:`Source` (a report) and
:class:`Claim` (what one claimant says about one event in one source). The action-response
chain is a :class:`ResponseLink` from the responding event to the event it answers.

Time is a window ``[start, end)`` in UTC with a :class:`~tatgraph.vocab.Precision`, plus the
IANA time zone the event is dated in (reports give local dates). Casualties are
low/best/high, derived from the claims by :func:`casualty_range` — never one report's
figure silently.

>>> from datetime import date
>>> start, end = local_day_window(date(2021, 6, 28), tz="Asia/Damascus")
>>> start.isoformat(), end.isoformat()
('2021-06-27T21:00:00+00:00', '2021-06-28T21:00:00+00:00')
>>> casualty_range([3, 7, 11])
(3, 7, 11)
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from .vocab import (
    MUNITION_TYPES,
    ActorType,
    Kind,
    LinkBasis,
    PartOfDay,
    PerpetratorBasis,
    Precision,
    PublishedBasis,
    Responsibility,
    Side,
    SiteKind,
)

DEFAULT_TZ = "Asia/Damascus"
"""Time zone assumed for local dates when a record does not say otherwise."""

Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:\-]+$")]
"""Stable identifiers: ASCII letters, digits and ``_ . : -`` (safe in URLs, files and queries)."""


def _not_a_bool(value: object) -> object:
    """pydantic reads ``true`` as 1 for an int field; a count or offset is never yes/no."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, not {str(value).lower()}")
    return value


Int = Annotated[int, BeforeValidator(_not_a_bool)]
"""An integer field that refuses ``true``/``false`` instead of storing them as 1/0."""
Count = Annotated[Int, Field(ge=0, le=1_000_000)]


def stable_id(prefix: str, *parts: object) -> str:
    """A short id that is the same every time for the same parts (idempotent loads).

    >>> stable_id("clm", "src_1", "ev_1", "centcom") == stable_id("clm", "src_1", "ev_1", "centcom")
    True
    >>> stable_id("clm", "a").startswith("clm_")
    True
    """
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


def as_utc(value: datetime) -> datetime:
    """Return an aware UTC datetime; naive values are taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def zone(tz: str) -> ZoneInfo:
    """Look up an IANA time zone, with an error that says what to write instead."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {tz!r}; use an IANA name like 'Asia/Damascus'"
        ) from exc


def local_day_window(
    day: date, *, part: PartOfDay | None = None, tz: str = DEFAULT_TZ
) -> tuple[datetime, datetime]:
    """UTC window of a local calendar day, or of one part of it.

    >>> s, e = local_day_window(date(2023, 3, 23), part=PartOfDay.NIGHT, tz="Asia/Damascus")
    >>> s.isoformat(), e.isoformat()
    ('2023-03-23T17:00:00+00:00', '2023-03-24T03:00:00+00:00')
    """
    z = zone(tz)
    if part is None:
        start = datetime.combine(day, time(0), tzinfo=z)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=z)
    else:
        h0, h1 = part.hours
        midnight = datetime.combine(day, time(0))
        start = (midnight + timedelta(hours=h0)).replace(tzinfo=z)
        end = (midnight + timedelta(hours=h1)).replace(tzinfo=z)
    return start.astimezone(UTC), end.astimezone(UTC)


class Record(BaseModel):
    """Base for every stored record: strict about unknown fields, immutable once built."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Actor(Record):
    """A party, command, group or claimant (e.g. CENTCOM, Kata'ib Hezbollah, SOHR)."""

    id: Id
    name: str = Field(min_length=1, description="Canonical English name.")
    name_ar: str | None = Field(default=None, description="Canonical Arabic name.")
    aliases: tuple[str, ...] = Field(default=(), description="Spelling variants, any script.")
    side: Side = Field(description="Camp the actor belongs to; 'none' for non-parties.")
    type: ActorType
    part_of: tuple[Id, ...] = Field(default=(), description="Parent actors (PART_OF edges).")
    note: str | None = None

    @model_validator(mode="after")
    def _not_own_parent(self) -> Self:
        if self.id in self.part_of:
            raise ValueError(f"actor {self.id!r} cannot be part of itself")
        return self


class Site(Record):
    """A place events happen at: a base, an oil or gas field, a town, a border area..."""

    id: Id
    name: str = Field(min_length=1)
    name_ar: str | None = None
    aliases: tuple[str, ...] = ()
    lat: float = Field(ge=-90, le=90, description="WGS84 latitude.")
    lon: float = Field(ge=-180, le=180, description="WGS84 longitude.")
    kind: SiteKind
    admin1: str | None = Field(default=None, description="Governorate / province.")
    country: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code.")
    note: str | None = None


class Source(Record):
    """One report (article, statement, dataset row batch) that claims come from."""

    id: Id
    outlet: str = Field(min_length=1)
    published: datetime | None = Field(
        default=None, description="Publication time, UTC (None: the report gives none)."
    )
    published_basis: PublishedBasis = PublishedBasis.STATED
    language: str = Field(default="ar", pattern=r"^[a-z]{2,3}$")
    title: str | None = None
    url: str | None = None
    file: str | None = Field(default=None, description="File name of the report text.")
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")

    @field_validator("published")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else as_utc(value)


class Claim(Record):
    """What one claimant says about one event in one source.

    ``killed``/``injured`` are ``None`` when the statement gives no figure and ``0`` for an
    explicit "no casualties". ``quote_start``/``quote_end`` are character offsets into the
    source text (end exclusive); ``quote`` holds the text when it may be stored.
    """

    id: Id
    event: Id
    source: Id
    claimant: Id | None = Field(default=None, description="Actor making the statement.")
    killed: Count | None = None
    injured: Count | None = None
    munitions: dict[str, Count] = Field(default_factory=dict)
    responsibility: Responsibility | None = None
    responsible: Id | None = Field(default=None, description="Actor named as responsible.")
    hedged: bool = Field(default=False, description="Unconfirmed, initial or 'likely'.")
    quote: str | None = None
    quote_start: Int | None = Field(default=None, ge=0)
    quote_end: Int | None = Field(default=None, ge=0)
    note: str | None = None

    @field_validator("munitions")
    @classmethod
    def _known_munitions(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(MUNITION_TYPES))
        if unknown:
            raise ValueError(
                f"unknown munition type(s) {', '.join(unknown)}; use: {', '.join(MUNITION_TYPES)}"
            )
        return value

    @model_validator(mode="after")
    def _offsets(self) -> Self:
        if (self.quote_start is None) != (self.quote_end is None):
            raise ValueError("give both quote_start and quote_end, or neither")
        start, end = self.quote_start, self.quote_end
        if start is not None and end is not None and end <= start:
            raise ValueError("quote_end must be greater than quote_start")
        if self.responsible is not None and self.responsibility is None:
            raise ValueError("'responsible' needs 'responsibility' (claimed, attributed, ...)")
        return self


class Perpetrator(Record):
    """An actor linked to an event as (one of) its perpetrators, and on what basis."""

    actor: Id
    basis: PerpetratorBasis = PerpetratorBasis.REPORTED


class Event(Record):
    """One violent incident at one site in one time window.

    The casualty and munition fields are *derived* from the event's claims (see
    :meth:`with_claims`); loaders set them through that method, not by hand.

    An event whose date nobody could establish (a report with no date the extractor could
    use) has an *open* date: ``start`` and ``end`` are None and ``precision`` is
    ``unknown``. Queries over time windows leave such events out; they are still stored,
    with their site, parties and claims.
    """

    id: Id
    kind: Kind
    start: datetime | None = Field(default=None, description="Window start, UTC (inclusive).")
    end: datetime | None = Field(default=None, description="Window end, UTC (exclusive).")
    precision: Precision
    tz: str = Field(default=DEFAULT_TZ, description="IANA zone the event is dated in.")
    summary: str = Field(min_length=1, max_length=1000)
    site: Id | None = None
    geo_precision: Int = Field(
        default=1, ge=1, le=3, description="ACLED: 1 site, 2 near, 3 region."
    )
    perpetrators: tuple[Perpetrator, ...] = ()
    targets: tuple[Id, ...] = ()
    background: bool = Field(default=False, description="Only mentioned as context.")
    munitions: dict[str, Count] = Field(default_factory=dict)
    killed_low: Count | None = None
    killed_best: Count | None = None
    killed_high: Count | None = None
    injured_low: Count | None = None
    injured_best: Count | None = None
    injured_high: Count | None = None
    first_reported: datetime | None = Field(default=None, description="Earliest source, UTC.")
    recorded_at: datetime | None = Field(default=None, description="When coded/recorded, UTC.")

    @field_validator("first_reported", "recorded_at")
    @classmethod
    def _utc_optional(cls, value: datetime | None) -> datetime | None:
        return None if value is None else as_utc(value)

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)
        return value

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else as_utc(value)

    @model_validator(mode="after")
    def _window(self) -> Self:
        self._check_window()
        self._check_figures()
        return self

    def _check_window(self) -> None:
        if self.precision is Precision.UNKNOWN:
            if self.start is not None or self.end is not None:
                raise ValueError("precision 'unknown' is for open dates: give no start or end")
            return
        if self.start is None or self.end is None:
            raise ValueError(
                "give start and end (or precision 'unknown' for a date nobody could establish)"
            )
        if self.end <= self.start:
            raise ValueError(f"end ({self.end.isoformat()}) must be after start")
        span = self.end - self.start
        if span > self.precision.max_span:
            raise ValueError(
                f"a {span} window is too long for precision '{self.precision}' "
                f"(at most {self.precision.max_span}); use a coarser precision"
            )

    def _check_figures(self) -> None:
        for low, best, high, what in (
            (self.killed_low, self.killed_best, self.killed_high, "killed"),
            (self.injured_low, self.injured_best, self.injured_high, "injured"),
        ):
            present = [v for v in (low, best, high) if v is not None]
            if present and len(present) != 3:
                raise ValueError(f"{what}_low/best/high must be all set or all empty")
            if (
                low is not None
                and best is not None
                and high is not None
                and not (low <= best <= high)
            ):
                raise ValueError(f"{what}: need low <= best <= high")

    @property
    def dated(self) -> bool:
        """Whether the event has a time window (False for an open date)."""
        return self.start is not None and self.end is not None

    def window(self) -> tuple[datetime, datetime]:
        """``(start, end)``; raises ``ValueError`` for an event with an open date."""
        if self.start is None or self.end is None:
            raise ValueError(f"event {self.id!r} has an open date (precision 'unknown')")
        return self.start, self.end

    @property
    def midpoint(self) -> datetime:
        """Middle of the time window (used for lags between events)."""
        start, end = self.window()
        return start + (end - start) / 2

    @property
    def local_start(self) -> datetime:
        """Window start in the event's own time zone (what reports call the date)."""
        return self.window()[0].astimezone(zone(self.tz))

    def with_claims(self, claims: Iterable[Claim], sources: dict[str, Source]) -> Event:
        """Return a copy with casualties, munitions and first_reported derived from claims.

        Rules (documented in docs/data-model.md):
        - unhedged figures give low = min, best = median (lower), high = max;
        - a hedged figure only raises ``high``; with only hedged figures, low = best = 0
          is not assumed — low and best take the hedged minimum and median;
        - munitions per type take the largest unhedged count (hedged counts if none);
        - first_reported is the earliest publication time of the claims' sources.
        """
        mine = [c for c in claims if c.event == self.id]
        killed = _figures(mine, "killed")
        injured = _figures(mine, "injured")
        published = [
            p
            for c in mine
            if c.source in sources and (p := sources[c.source].published) is not None
        ]
        return self.model_copy(
            update={
                "killed_low": killed[0],
                "killed_best": killed[1],
                "killed_high": killed[2],
                "injured_low": injured[0],
                "injured_best": injured[1],
                "injured_high": injured[2],
                "munitions": _munitions(mine) or dict(self.munitions),
                "first_reported": min(published) if published else self.first_reported,
            }
        )


def casualty_range(figures: Sequence[int]) -> tuple[int, int, int]:
    """Low, best and high of several claimants' figures (UCDP convention).

    best is the lower median, so it is always a figure somebody actually gave.

    >>> casualty_range([7])
    (7, 7, 7)
    >>> casualty_range([0, 3, 5, 7])
    (0, 3, 7)
    """
    if not figures:
        raise ValueError("casualty_range needs at least one figure")
    return min(figures), statistics.median_low(figures), max(figures)


def _figures(claims: Sequence[Claim], field: str) -> tuple[int | None, int | None, int | None]:
    firm = [getattr(c, field) for c in claims if not c.hedged and getattr(c, field) is not None]
    hedged = [getattr(c, field) for c in claims if c.hedged and getattr(c, field) is not None]
    if firm:
        low, best, high = casualty_range(firm)
        return low, best, max([high, *hedged])
    if hedged:
        return casualty_range(hedged)
    return None, None, None


def _munitions(claims: Sequence[Claim]) -> dict[str, int]:
    out: dict[str, int] = {}
    for hedged_pass in (False, True):
        for claim in claims:
            if claim.hedged != hedged_pass:
                continue
            for kind, count in claim.munitions.items():
                if hedged_pass and kind in out:
                    continue
                out[kind] = max(out.get(kind, 0), count)
    return dict(sorted(out.items()))


class ResponseLink(Record):
    """``event`` RESPONDS_TO ``responds_to``: the later event answers the earlier one."""

    event: Id = Field(description="The responding (later) event.")
    responds_to: Id = Field(description="The event it answers (earlier).")
    basis: LinkBasis
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    lag_hours: float | None = Field(
        default=None,
        description="Hours from the answered event to this one: midpoint to midpoint, or for "
        "an inferred link the lag expected from the two windows given the link's order.",
    )
    lag_min_hours: float | None = Field(
        default=None, ge=0.0, description="Shortest lag the two time windows allow, hours."
    )
    lag_max_hours: float | None = Field(
        default=None, ge=0.0, description="Longest lag the two time windows allow, hours."
    )
    order_known: bool | None = Field(
        default=None,
        description="Whether the dates order the two events (False: their windows overlap, "
        "and the direction is inferred).",
    )
    cue: str | None = Field(default=None, max_length=200, description="Cue words, as written.")
    method: str | None = Field(default=None, description="Who/what made the link, and version.")
    components: dict[str, float] = Field(
        default_factory=dict,
        description="Score components of an inferred link (name -> value in [0, 1]).",
    )
    source: Id | None = Field(default=None, description="Source that states the link.")
    quote_start: Int | None = Field(default=None, ge=0)
    quote_end: Int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _not_self(self) -> Self:
        if self.event == self.responds_to:
            raise ValueError(f"event {self.event!r} cannot respond to itself")
        return self


def lag_hours(later: Event, earlier: Event) -> float:
    """Hours from the earlier event's window midpoint to the later one's.

    >>> from datetime import datetime, UTC
    >>> a = Event(id="a", kind="airstrike", start=datetime(2021, 6, 27, tzinfo=UTC),
    ...           end=datetime(2021, 6, 28, tzinfo=UTC), precision="day", summary="x")
    >>> b = a.model_copy(update={"id": "b", "start": datetime(2021, 6, 28, tzinfo=UTC),
    ...                          "end": datetime(2021, 6, 29, tzinfo=UTC)})
    >>> lag_hours(b, a)
    24.0
    """
    return round((later.midpoint - earlier.midpoint).total_seconds() / 3600.0, 2)


class Dataset(BaseModel):
    """A bundle of records to write together (what a loader yields, batch by batch)."""

    model_config = ConfigDict(extra="forbid")

    actors: list[Actor] = Field(default_factory=list)
    sites: list[Site] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    links: list[ResponseLink] = Field(default_factory=list)

    def __len__(self) -> int:
        return sum(
            len(x)
            for x in (self.actors, self.sites, self.sources, self.events, self.claims, self.links)
        )

    def extend(self, other: Dataset) -> None:
        """Append every record of ``other`` to this dataset."""
        self.actors.extend(other.actors)
        self.sites.extend(other.sites)
        self.sources.extend(other.sources)
        self.events.extend(other.events)
        self.claims.extend(other.claims)
        self.links.extend(other.links)
