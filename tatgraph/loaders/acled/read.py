"""ACLED exports -> validated tatgraph records, streamed in batches.

The loader reads every layout ACLED has shipped (see docs/acled.md): the current 31 columns
(text inter codes, ISO dates), the 2020-era layout (``data_id``, ``iso3``, numeric inter
codes, dates like ``9-May-20`` or ``21 March 2020``) and older upper-case files with
``ALLY_ACTOR_*`` columns and ``DD/MM/YYYY`` dates. Each data row becomes exactly one of:

- an **Event** (``acled:<event_id_cnty>``) at a **Site**, with perpetrators and targets
  (**Actors**) and one **Claim** holding ACLED's fatality figure, ``IN`` the **Source** that
  stands for the export file;
- a **skipped** row (a well-formed event whose sub-event type has no tatgraph kind, e.g. a
  protest), with the reason;
- a **rejected** row (something in it is wrong), with the line, field, value and reason.

So ``read = stored + rejected + skipped`` always holds; nothing is dropped silently.

Rules (all in docs/acled.md):

- **kind**: from ``sub_event_type`` through ``kind_mappings.yaml``; where ACLED pools several
  of our kinds the notes decide (first weapon named: rocket, mortar, missile, else artillery;
  helicopter; a non-state actor's drone is a drone_attack, a state's an airstrike; a raid).
- **perpetrator/target**: ACLED says actor1/actor2 "do not imply direction". For one-sided
  kinds (remote violence, IEDs, intercepts, raids) actor1 and its associated actors are the
  perpetrators and actor2 and its associates the targets; a ground clash is two-sided
  violence, so every actor of both sides is a perpetrator and nobody is a target.
- **time**: ``time_precision`` 1 = that local day, 2 = the 7 days centred on the date,
  3 = the calendar month, in the country's time zone.
- **place**: a gazetteer site of the same name (within 50 km) or, failing that, the nearest
  one within ``match_km`` (5 km); otherwise a new site.

>>> from tatgraph.reference import load_reference
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "acled.csv"
>>> _ = path.write_text(
...     "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
...     "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,iso,country,admin1,location,"
...     "latitude,longitude,geo_precision,source,notes,fatalities,timestamp\\n"
...     "SYR1,2023-03-23,2023,1,Explosions/Remote violence,Air/drone strike,"
...     "Unidentified Armed Group (Syria),,Political militia,"
...     "Military Forces of the United States (2021-),,External/Other forces,760,Syria,"
...     "Deir ez Zor,Al Omar Oil Field,35.15,40.58,1,SOHR,A drone struck the base.,1,"
...     "1679900000\\n")
>>> reader = AcledReader(load_reference())
>>> batch = next(reader.batches([path]))
>>> row = batch.rows[0]
>>> row.event_id, row.kind.value, row.site_id, row.targets
('acled:SYR1', 'drone_attack', 'al_omar', ('us_forces',))
>>> row.perpetrators
(('acled:unidentified_armed_group_syria', 'reported'),)
>>> reader.tally.read, reader.tally.stored
(1, 1)
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import ValidationError

from ...errors import InputError
from ...model import Actor, Claim, Dataset, Event, Perpetrator, Site, Source, zone
from ...reference import Reference, data_path
from ...vocab import Kind, Precision
from .actors import ActorResolver, inter_code
from .csv import CsvTable, Record, RowProblem, clip, file_sha256

ACLED_ACTOR = Actor(
    id="acled",
    name="ACLED (Armed Conflict Location & Event Data)",
    aliases=("ACLED", "Armed Conflict Location & Event Data Project"),
    side="none",
    type="ngo",
    note="Claimant of the fatality figures loaded from ACLED exports (its own estimates).",
)
"""The claimant of every ACLED fatality claim."""

EVENT_PREFIX = "acled:"
"""Prefix of the ids of events loaded from ACLED (``acled:<event_id_cnty>``)."""

NAME_MATCH_KM = 50.0
"""A gazetteer site matched by name must lie within this distance of ACLED's point."""

REQUIRED = ("event_id_cnty", "event_date", "actor1", "location", "latitude", "longitude")
"""Columns without which no row of a file can be read (plus a type and a country column)."""

COUNTRIES: dict[str, tuple[str, str, str]] = {
    # alpha-3: (numeric ISO, English name, IANA zone) — the region ACLED files cover here
    "SYR": ("760", "Syria", "Asia/Damascus"),
    "IRQ": ("368", "Iraq", "Asia/Baghdad"),
    "JOR": ("400", "Jordan", "Asia/Amman"),
    "LBN": ("422", "Lebanon", "Asia/Beirut"),
    "TUR": ("792", "Turkey", "Europe/Istanbul"),
    "ISR": ("376", "Israel", "Asia/Jerusalem"),
    "PSE": ("275", "Palestine", "Asia/Gaza"),
    "IRN": ("364", "Iran", "Asia/Tehran"),
    "SAU": ("682", "Saudi Arabia", "Asia/Riyadh"),
    "YEM": ("887", "Yemen", "Asia/Aden"),
    "KWT": ("414", "Kuwait", "Asia/Kuwait"),
    "BHR": ("048", "Bahrain", "Asia/Bahrain"),
    "QAT": ("634", "Qatar", "Asia/Qatar"),
    "ARE": ("784", "United Arab Emirates", "Asia/Dubai"),
    "OMN": ("512", "Oman", "Asia/Muscat"),
    "EGY": ("818", "Egypt", "Africa/Cairo"),
    "CYP": ("196", "Cyprus", "Asia/Nicosia"),
}
_BY_NUMBER = {int(num): a3 for a3, (num, _, _) in COUNTRIES.items()}
_BY_NAME = {name.lower(): a3 for a3, (_, name, _) in COUNTRIES.items()} | {
    "türkiye": "TUR",
    "turkiye": "TUR",
    "palestinian territories": "PSE",
}

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
_GEO = {"1": 1, "2": 2, "3": 3}

# -- kinds --------------------------------------------------------------------------------
IMPORT_ONLY_KINDS: dict[str, Kind] = {
    "Government regains territory": Kind.GROUND_CLASH,
    "Non-state actor overtakes territory": Kind.GROUND_CLASH,
    "Suicide bomb": Kind.IED,
}
"""ACLED sub-event types read into a kind that does not map back to them (lossy)."""

LEGACY_BATTLES = ("battle-no change of territory", "battle-government regains territory")
KEYWORDS: dict[str, tuple[str, ...]] = {
    "rocket": ("rocket", "katyusha"),
    "mortar": ("mortar",),
    "missile": ("missile", "ballistic"),
    "helicopter": ("helicopter", "gunship", "apache"),
    "drone": ("drone", "uav", "quadcopter", "kamikaze", "loitering"),
    "raid": ("raid", "airdrop", "air-drop", "air drop", "heliborne", "landed"),
    "intercept": ("intercept", "shot down", "shoot down", "downed", "air defense", "air defence"),
    "ied": ("ied", "explosive device", "landmine", " mine", "roadside bomb"),
    "air": (
        "airstrike",
        "air strike",
        "warplane",
        "jet",
        "aircraft",
        "bombed",
        "drone",
        "helicopter",
    ),
    "shelling": ("shell", "artillery", "rocket", "mortar", "missile"),
}
"""Words in ACLED's notes that tell our kinds apart (lower case, matched as substrings)."""


def _position(notes: str, group: str) -> int:
    """Where the first word of ``group`` occurs in (lower-cased) ``notes``; -1 if none."""
    best = -1
    for word in KEYWORDS[group]:
        at = notes.find(word)
        if at >= 0 and (best < 0 or at < best):
            best = at
    return best


def _has(notes: str, group: str) -> bool:
    """Whether a word of ``group`` occurs in (lower-cased) ``notes``."""
    return any(word in notes for word in KEYWORDS[group])


def _first(notes: str, groups: Sequence[str]) -> str | None:
    """The group among ``groups`` whose word occurs first in ``notes``."""
    best: tuple[int, str] | None = None
    for group in groups:
        at = _position(notes, group)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, group)
    return best[1] if best else None


_STATE_INTER = (1, 8)
_NOTES_DECIDE = frozenset(
    (
        "Shelling/artillery/missile attack",
        "Air/drone strike",
        "Armed clash",
        "Disrupted weapons use",
    )
)
"""Sub-event types whose kind depends on the notes (not cached per type)."""


@cache
def acled_sub_event_kinds() -> dict[str, tuple[Kind, ...]]:
    """ACLED sub_event_type -> the tatgraph kinds that map to it (kind_mappings.yaml)."""
    with data_path("kind_mappings.yaml").open(encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    out: dict[str, list[Kind]] = {}
    for kind, entry in doc.items():
        out.setdefault(entry["acled"]["sub_event_type"], []).append(Kind(kind))
    return {sub: tuple(kinds) for sub, kinds in out.items()}


def choose_kind(event_type: str, sub_event_type: str, notes: str, inter1: int | None) -> Kind | str:
    """The tatgraph kind of an ACLED event, or the reason it has none (a str).

    >>> choose_kind("Explosions/Remote violence", "Shelling/artillery/missile attack",
    ...             "Militias fired mortars and rockets at the base", 3).value
    'mortar_attack'
    >>> choose_kind("Protests", "Peaceful protest", "", None)
    "sub_event_type 'Peaceful protest' (event_type 'Protests') has no tatgraph kind"
    """
    low = notes.lower()
    candidates = acled_sub_event_kinds().get(sub_event_type, ())
    chosen: Kind | None = None
    if sub_event_type == "Shelling/artillery/missile attack":
        first = _first(low, ("rocket", "mortar", "missile"))
        chosen = {
            "rocket": Kind.ROCKET_ATTACK,
            "mortar": Kind.MORTAR_ATTACK,
            "missile": Kind.MISSILE_STRIKE,
        }.get(first or "", Kind.ARTILLERY_SHELLING)
    elif sub_event_type == "Air/drone strike":
        if _has(low, "helicopter"):
            chosen = Kind.HELICOPTER_STRIKE
        elif inter1 not in _STATE_INTER and _has(low, "drone"):
            chosen = Kind.DRONE_ATTACK
        else:
            chosen = Kind.AIRSTRIKE
    elif sub_event_type == "Armed clash":
        chosen = Kind.RAID if _has(low, "raid") else Kind.GROUND_CLASH
    elif sub_event_type == "Disrupted weapons use":
        if not _has(low, "intercept"):
            return (
                "sub_event_type 'Disrupted weapons use' without an interception in the notes "
                "(e.g. a weapons seizure or a defused device) has no tatgraph kind"
            )
        chosen = Kind.INTERCEPT
    elif sub_event_type in IMPORT_ONLY_KINDS:
        return IMPORT_ONLY_KINDS[sub_event_type]
    elif len(candidates) == 1:
        chosen = candidates[0]
    elif not sub_event_type:
        return _legacy_kind(event_type, low, inter1)
    if chosen is None or chosen not in candidates:
        return f"sub_event_type {sub_event_type!r} (event_type {event_type!r}) has no tatgraph kind"
    return chosen


def _legacy_kind(event_type: str, low: str, inter1: int | None) -> Kind | str:
    """Files from before sub-event types: battles, and remote violence read from the notes."""
    kind = event_type.strip().lower()
    if kind.startswith("battle"):
        return Kind.RAID if _has(low, "raid") else Kind.GROUND_CLASH
    if kind == "remote violence":
        first = _first(low, ("ied", "air", "shelling"))
        if first == "ied":
            return Kind.IED
        if first == "air":
            return choose_kind("", "Air/drone strike", low, inter1)
        if first == "shelling":
            return choose_kind("", "Shelling/artillery/missile attack", low, inter1)
        return (
            "event_type 'Remote violence' (no sub_event_type) and the notes name no weapon "
            "we can map"
        )
    return f"event_type {event_type!r} (no sub_event_type) has no tatgraph kind"


# -- small parsers -------------------------------------------------------------------------
class RowError(ValueError):
    """A value in a row is wrong: the field, the offending value and why."""

    def __init__(self, field: str, value: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.value = value
        self.reason = reason


@cache
def parse_date(text: str) -> date:
    """An ACLED ``event_date`` in any layout ACLED has used.

    >>> parse_date("9-May-20"), parse_date("21 March 2020"), parse_date("23/03/2023")
    (datetime.date(2020, 5, 9), datetime.date(2020, 3, 21), datetime.date(2023, 3, 23))
    """
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
    """UTC window for an ACLED date and time_precision code in zone ``tz``.

    >>> s, e, p = window(date(2023, 3, 23), "2", "Asia/Damascus")
    >>> s.isoformat(), e.isoformat(), p.value
    ('2023-03-19T21:00:00+00:00', '2023-03-26T21:00:00+00:00', 'week')
    """
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


def parse_coordinate(text: str, limit: float) -> float:
    """A latitude (limit 90) or longitude (limit 180) in decimal degrees."""
    value = float(text.strip())
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise ValueError(f"outside -{limit:g}..{limit:g}")
    return value


def fold(text: str) -> str:
    """Casefold and strip accents and everything but letters and digits ("Deir ez-Zor" ->
    "deirezzor"); used to compare admin names."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if ch.isalnum() and not unicodedata.combining(ch))


_ARTICLES = frozenset(
    [
        "al",
        "el",
        "ad",
        "ash",
        "as",
        "at",
        "az",
        "ar",
        "an",
        "ath",
        "adh",
        "ed",
        "es",
        "et",
        "ez",
        "er",
        "en",
    ]
)


def place_key(name: str) -> str:
    """Match key of a place name: folded, words without Arabic articles ("Al-Omar" = "Omar").

    >>> place_key("Deir ez-Zor") == place_key("Deir-ez-Zor") == place_key("Deir ez Zor")
    True
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text.lower() if not unicodedata.combining(ch))
    text = text.replace("oilfield", "oil field")
    words = re.findall(r"[^\W_]+", text)
    return " ".join(w for w in words if w not in _ARTICLES)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


# -- sites ---------------------------------------------------------------------------------
class SiteResolver:
    """Matches ACLED locations to gazetteer sites, creating sites for the others."""

    def __init__(self, reference: Reference, match_km: float = 5.0) -> None:
        self.sites = list(reference.sites.values())
        self.match_km = match_km
        self.by_name: dict[str, list[Site]] = {}
        for site in self.sites:
            for name in (site.name, *site.aliases):
                key = place_key(name)
                if key and site not in self.by_name.setdefault(key, []):
                    self.by_name[key].append(site)
        self.admin1 = {fold(s.admin1): s.admin1 for s in self.sites if s.admin1}
        self.country = {s.id: s.country for s in self.sites}
        self._lat = np.array([s.lat for s in self.sites])
        self._lon = np.array([s.lon for s in self.sites])
        self._cache: dict[tuple[str, str, str, str, str], tuple[str, Site | None]] = {}

    def resolve(
        self, iso3: str, admin1: str, location: str, lat_text: str, lon_text: str
    ) -> tuple[str, Site | None]:
        """(site id, new Site record or None); raises :class:`RowError` for bad input."""
        key = (iso3, admin1, location, lat_text, lon_text)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(*key)
            self._cache[key] = hit
        return hit

    def _resolve(
        self, iso3: str, admin1: str, location: str, lat_text: str, lon_text: str
    ) -> tuple[str, Site | None]:
        lat = lon = None
        if lat_text.strip() or lon_text.strip():
            try:
                lat = parse_coordinate(lat_text, 90)
            except ValueError as exc:
                raise RowError("latitude", lat_text, f"not a latitude: {exc}") from None
            try:
                lon = parse_coordinate(lon_text, 180)
            except ValueError as exc:
                raise RowError("longitude", lon_text, f"not a longitude: {exc}") from None
        named = [s for s in self.by_name.get(place_key(location), []) if s.country == iso3]
        if lat is None or lon is None:
            if len(named) == 1:
                return named[0].id, None
            raise RowError(
                "latitude",
                lat_text,
                "no coordinates, and the location is not one gazetteer site by name",
            )
        if named:
            best = min(named, key=lambda s: km(lat, lon, s.lat, s.lon))
            if km(lat, lon, best.lat, best.lon) <= NAME_MATCH_KM:
                return best.id, None
        if self.sites:
            dist = _haversine_many(lat, lon, self._lat, self._lon)
            i = int(np.argmin(dist))
            if dist[i] <= self.match_km:
                return self.sites[i].id, None
        if not location.strip():
            raise RowError("location", location, "empty location name")
        slug = "_".join(re.findall(r"[a-z0-9]+", place_key(location)))[:60] or "place"
        site_id = f"acled:{iso3.lower()}:{slug}:{lat:.4f}_{lon:.4f}"
        admin = self.admin1.get(fold(admin1), " ".join(admin1.split()) or None)
        try:
            site = Site(
                id=site_id,
                name=" ".join(location.split())[:300],
                lat=lat,
                lon=lon,
                kind="town",
                admin1=admin,
                country=iso3,
                note="created by the ACLED loader from an ACLED location",
            )
        except ValidationError as exc:
            raise RowError(
                "location", location, f"cannot make a site: {exc.errors()[0]['msg']}"
            ) from None
        return site.id, site


def _haversine_many(lat: float, lon: float, lats: Any, lons: Any) -> Any:
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(1.0, a)))


# -- rows ----------------------------------------------------------------------------------
@dataclass(slots=True)
class AcledRow:
    """One ACLED row, mapped and validated: everything its records will hold."""

    event_id: str
    acled_id: str
    kind: Kind
    start: datetime
    end: datetime
    precision: Precision
    tz: str
    summary: str
    geo_precision: int
    killed: int | None
    first_reported: datetime | None
    site_id: str
    perpetrators: tuple[tuple[str, str], ...]
    targets: tuple[str, ...]
    claim_id: str
    claim_note: str | None
    site_country: str
    line: int
    file_index: int

    def event_row(self, now: datetime) -> dict[str, Any]:
        """Property row of the Event node (as :func:`~tatgraph.graph.store.batch_from_dataset`
        builds it from the model)."""
        k = self.killed
        return {
            "id": self.event_id,
            "kind": self.kind.value,
            "start_utc": self.start,
            "end_utc": self.end,
            "precision": self.precision.value,
            "tz": self.tz,
            "summary": self.summary,
            "geo_precision": self.geo_precision,
            "background": False,
            "munitions": None,
            "killed_low": k,
            "killed_best": k,
            "killed_high": k,
            "injured_low": None,
            "injured_best": None,
            "injured_high": None,
            "first_reported": self.first_reported,
            "recorded_at": now,
        }

    def claim_row(self) -> dict[str, Any]:
        """Property row of the Claim node."""
        return {
            "id": self.claim_id,
            "killed": self.killed,
            "injured": None,
            "munitions": None,
            "responsibility": None,
            "responsible": None,
            "hedged": False,
            "quote": None,
            "quote_start": None,
            "quote_end": None,
            "note": self.claim_note,
        }

    def models(self, source_id: str) -> tuple[Event, Claim]:
        """The same row as validated pydantic records (Event, Claim)."""
        claim = Claim(
            id=self.claim_id,
            event=self.event_id,
            source=source_id,
            claimant=ACLED_ACTOR.id,
            killed=self.killed,
            note=self.claim_note,
        )
        event = Event(
            id=self.event_id,
            kind=self.kind,
            start=self.start,
            end=self.end,
            precision=self.precision,
            tz=self.tz,
            summary=self.summary,
            site=self.site_id,
            geo_precision=self.geo_precision,
            perpetrators=tuple(Perpetrator(actor=a, basis=b) for a, b in self.perpetrators),
            targets=self.targets,
            killed_low=self.killed,
            killed_best=self.killed,
            killed_high=self.killed,
            first_reported=self.first_reported,
        )
        return event, claim


@dataclass
class Tally:
    """Rows read, stored, rejected and skipped (``read == stored + rejected + skipped``)."""

    read: int = 0
    stored: int = 0
    rejected: int = 0
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def balanced(self) -> bool:
        """Whether every row read is accounted for."""
        return self.read == self.stored + self.rejected + self.skipped


@dataclass
class AcledBatch:
    """Up to ``batch_size`` mapped rows of one file, with the records they need."""

    file: str
    source: Source
    rows: list[AcledRow]
    actors: list[Actor]
    sites: list[Site]
    problems: list[RowProblem]

    def dataset(self) -> Dataset:
        """The batch as validated model records (for :meth:`GraphStore.write`)."""
        ds = Dataset(actors=list(self.actors), sites=list(self.sites))
        if self.rows:
            ds.sources.append(self.source)
        for row in self.rows:
            event, claim = row.models(self.source.id)
            ds.events.append(event)
            ds.claims.append(claim)
        return ds


@dataclass
class Scope:
    """What the loaded exports cover: for pruning events that disappeared from them."""

    countries: set[str] = field(default_factory=set)
    start: datetime | None = None
    end: datetime | None = None

    def add(self, iso3: str, start: datetime, end: datetime) -> None:
        self.countries.add(iso3)
        self.start = start if self.start is None else min(self.start, start)
        self.end = end if self.end is None else max(self.end, end)


class IdSet:
    """A compact set of ids seen in this run: 64-bit hashes (and where each was seen).

    Holds 16 bytes per id in sorted NumPy chunks (merged as they grow), so a million-row
    export needs ~16 MB instead of a Python set of strings.
    """

    def __init__(self) -> None:
        self._keys: list[Any] = []
        self._where: list[Any] = []

    def __len__(self) -> int:
        return sum(len(k) for k in self._keys)

    @staticmethod
    def key(value: str) -> int:
        """The 64-bit hash of an id (the same in every process and run)."""
        return int.from_bytes(
            hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "little", signed=True
        )

    @classmethod
    def keys(cls, values: Sequence[str]) -> Any:
        """The hashes of ``values`` as an int64 array."""
        return np.fromiter((cls.key(v) for v in values), np.int64, len(values))

    def find(self, keys: Any) -> Any:
        """For each key: where it was seen (>= 0) or -1."""
        out = np.full(len(keys), -1, dtype=np.int64)
        for chunk, where in zip(self._keys, self._where, strict=True):
            pos = np.searchsorted(chunk, keys)
            pos[pos >= len(chunk)] = 0
            hit = chunk[pos] == keys
            out[hit] = where[pos[hit]]
        return out

    def add(self, keys: Any, where: Any) -> None:
        """Add keys (not already present) with their positions."""
        if len(keys) == 0:
            return
        order = np.argsort(keys, kind="stable")
        self._keys.append(np.asarray(keys, dtype=np.int64)[order])
        self._where.append(np.asarray(where, dtype=np.int64)[order])
        while len(self._keys) > 1 and len(self._keys[-1]) * 2 >= len(self._keys[-2]):
            k2, w2 = self._keys.pop(), self._where.pop()
            k1, w1 = self._keys.pop(), self._where.pop()
            k, w = np.concatenate([k1, k2]), np.concatenate([w1, w2])
            order = np.argsort(k, kind="stable")
            self._keys.append(k[order])
            self._where.append(w[order])

    def contains(self, value: str) -> bool:
        """Whether ``value`` was added."""
        return bool(self.find(np.array([self.key(value)], dtype=np.int64))[0] >= 0)


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
"""The codebook columns the loader reads, in the order :meth:`Columns.pick` returns them."""


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


_ID = re.compile(r"^[A-Za-z0-9_.:\-]{1,150}$")


class AcledReader:
    """Maps ACLED files to batches of validated rows; see the module docstring.

    One reader is one run: it remembers the actors and sites it has created, the event ids
    it has stored (duplicates are rejected, first occurrence wins) and the tally.
    """

    def __init__(
        self,
        reference: Reference,
        *,
        aliases: Mapping[str, str] | None = None,
        match_km: float = 5.0,
    ) -> None:
        self.reference = reference
        self.actors = ActorResolver(reference, aliases)
        self.sites = SiteResolver(reference, match_km)
        self.tally = Tally()
        self.scope = Scope()
        self.stored_ids = IdSet()
        self.protected_ids = IdSet()
        """Ids of rejected rows: their earlier versions are kept by ``--prune``."""
        self.files: list[str] = []
        self.fallback_lines: dict[str, int] = {}
        self._emitted_actors: set[str] = set(reference.actors) | {ACLED_ACTOR.id}
        self._emitted_sites: set[str] = set(reference.sites)
        self._kinds: dict[tuple[str, str], Kind | str] = {}
        self._countries: dict[tuple[str, str, str], str] = {}
        self._notes: dict[tuple[str, str, str, str], str] = {}
        self._dyads: dict[
            tuple[str, str, str, str, str, str, bool],
            tuple[tuple[tuple[str, str], ...], tuple[str, ...]],
        ] = {}

    def open(self, paths: Iterable[Path]) -> list[tuple[CsvTable, Columns]]:
        """Open every file and check its header first (nothing is read if one is unusable)."""
        opened = []
        for path in paths:
            table = CsvTable.open(Path(path))
            opened.append((table, check_header(table)))
        return opened

    def batches(self, paths: Iterable[Path], batch_size: int = 50_000) -> Iterator[AcledBatch]:
        """Read each file in turn and yield its rows in batches (never spanning files)."""
        for table, cols in self.open(paths):
            yield from self.file_batches(table, cols, batch_size)

    def file_batches(
        self, table: CsvTable, cols: Columns, batch_size: int = 50_000
    ) -> Iterator[AcledBatch]:
        """The batches of one opened file."""
        file_index = len(self.files)
        self.files.append(table.name)
        sha = file_sha256(table.path)
        source = _Published(table.path, sha)
        problems: list[RowProblem] = []
        rows: list[AcledRow] = []
        actors: list[Actor] = []
        sites: list[Site] = []
        records = mapped_problems = 0  # in the current batch

        def drain() -> list[RowProblem]:
            nonlocal records, mapped_problems
            # every record was read, and so was every row the CSV layer refused
            self.tally.read += records + len(problems) - mapped_problems
            out = problems[:]
            problems.clear()
            records = mapped_problems = 0
            return out

        for record in table.records(problems):
            records += 1
            try:
                row = self._map(record, cols, file_index, actors, sites)
            except RowError as exc:
                problems.append(
                    RowProblem(
                        table.name,
                        record.line,
                        record.row,
                        cols.get(record.cells, "event_id_cnty").strip() or None,
                        exc.field,
                        clip(exc.value),
                        exc.reason,
                        "skipped" if exc.field == "sub_event_type" else "rejected",
                    )
                )
                mapped_problems += 1
                continue
            rows.append(row)
            if len(rows) >= batch_size:
                source.seen(rows)
                yield self._finish(table.name, source, rows, actors, sites, drain())
                rows, actors, sites = [], [], []
        self.fallback_lines[table.name] = table.fallback_lines
        source.seen(rows)
        yield self._finish(table.name, source, rows, actors, sites, drain())

    def _finish(
        self,
        file: str,
        source: _Published,
        rows: list[AcledRow],
        actors: list[Actor],
        sites: list[Site],
        problems: list[RowProblem],
    ) -> AcledBatch:
        """Reject duplicate ids, update the tally and package the batch."""
        if rows:
            keys = IdSet.keys([r.event_id for r in rows])
            seen = self.stored_ids.find(keys)
            first: dict[int, int] = {}
            keep, kept_keys, where = [], [], []
            for i, row in enumerate(rows):
                k = int(keys[i])
                prior = int(seen[i]) if seen[i] >= 0 else first.get(k, -1)
                if prior >= 0:
                    f, line = divmod(prior, 1 << 40)
                    problems.append(
                        RowProblem(
                            file,
                            row.line,
                            None,
                            row.acled_id,
                            "event_id_cnty",
                            row.acled_id,
                            f"duplicate event_id_cnty: already read at {self.files[f]}:{line} "
                            "(the first occurrence is kept)",
                        )
                    )
                    continue
                pos = (row.file_index << 40) + row.line
                first[k] = pos
                keep.append(row)
                kept_keys.append(k)
                where.append(pos)
            self.stored_ids.add(np.array(kept_keys, dtype=np.int64), np.array(where))
            rows = keep
        rejected_ids = [p.event_id for p in problems if p.status == "rejected" and p.event_id]
        if rejected_ids:
            keys = IdSet.keys([EVENT_PREFIX + i for i in rejected_ids])
            self.protected_ids.add(keys, np.zeros(len(keys), dtype=np.int64))
        for p in problems:
            if p.status == "skipped":
                self.tally.skipped += 1
            else:
                self.tally.rejected += 1
            self.tally.reasons[_reason_key(p)] += 1
        self.tally.stored += len(rows)
        if rows:
            self.scope.countries.update(r.site_country for r in rows)
            self.scope.add(
                rows[0].site_country, min(r.start for r in rows), max(r.end for r in rows)
            )
        return AcledBatch(file, source.record(), rows, actors, sites, problems)

    # -- one row -----------------------------------------------------------------------------
    def _map(
        self,
        record: Record,
        cols: Columns,
        file_index: int,
        new_actors: list[Actor],
        new_sites: list[Site],
    ) -> AcledRow:
        cells = record.cells
        if cols.padded:
            cells = [*cells, ""]
        (
            acled_id,
            raw_date,
            year,
            precision_code,
            event_type,
            sub_event_type,
            actor1,
            assoc1,
            inter1,
            actor2,
            assoc2,
            inter2,
            iso3_text,
            iso_text,
            country,
            admin1,
            location,
            lat_text,
            lon_text,
            geo_text,
            source,
            scale,
            notes,
            raw_fatalities,
            civilian,
            tags,
            raw_ts,
        ) = cols.pick(cells)
        acled_id = acled_id.strip()
        if not (
            acled_id.isalnum() and acled_id.isascii() and len(acled_id) <= 150
        ) and not _ID.match(acled_id):
            raise RowError(
                "event_id_cnty",
                acled_id,
                "missing or not an id (letters, digits and _ . : - only, at most 150)",
            )
        kind = self._kind(event_type.strip(), sub_event_type.strip(), notes, inter1)
        iso3 = self._country(iso3_text, iso_text, country)
        try:
            day = parse_date(raw_date)
        except ValueError as exc:
            raise RowError("event_date", raw_date, str(exc)) from None
        year = year.strip()
        if year and year != str(day.year):
            raise RowError(
                "event_date",
                raw_date,
                f"the date's year {day.year} disagrees with the year column ({year}); "
                "is the date month-first?",
            )
        precision_code = precision_code.strip() if cols.has("time_precision") else "1"
        if precision_code not in PRECISIONS:
            raise RowError(
                "time_precision", precision_code, "must be 1 (day), 2 (week) or 3 (month)"
            )
        tz = COUNTRIES[iso3][2] if iso3 in COUNTRIES else "UTC"
        start, end, precision = window(day, precision_code, tz)
        geo_text = geo_text.strip() if cols.has("geo_precision") else "1"
        if geo_text not in _GEO:
            raise RowError("geo_precision", geo_text, "must be 1, 2 or 3")
        try:
            killed = parse_count(raw_fatalities)
        except ValueError as exc:
            raise RowError("fatalities", raw_fatalities, f"fatalities: {exc}") from None
        try:
            reported = parse_timestamp(raw_ts) if raw_ts else None
        except (ValueError, OverflowError, OSError) as exc:
            raise RowError("timestamp", raw_ts, f"not a Unix timestamp: {exc}") from None
        site_id, site = self.sites.resolve(iso3, admin1, location, lat_text, lon_text)
        if site is not None and site.id not in self._emitted_sites:
            self._emitted_sites.add(site.id)
            new_sites.append(site)
        key = (actor1, inter1, assoc1, actor2, inter2, assoc2, kind is Kind.GROUND_CLASH)
        dyad = self._dyads.get(key)
        if dyad is None:
            dyad = self._dyad(key, new_actors)
        event_id = EVENT_PREFIX + acled_id
        note_key = (source, scale, civilian, tags)
        note = self._notes.get(note_key)
        if note is None:
            note = self._notes[note_key] = _claim_note(*note_key)
            if len(self._notes) > 100_000:
                self._notes.clear()
        return AcledRow(
            event_id,
            acled_id,
            kind,
            start,
            end,
            precision,
            tz,
            _summary(notes, sub_event_type.strip() or event_type.strip(), location),
            _GEO[geo_text],
            killed,
            reported,
            site_id,
            dyad[0],
            dyad[1],
            event_id + ":fatalities",
            note,
            self.sites.country.get(site_id, iso3),
            record.line,
            file_index,
        )

    def _dyad(
        self, key: tuple[str, str, str, str, str, str, bool], new_actors: list[Actor]
    ) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
        """Perpetrators and targets of one combination of actor cells (remembered)."""
        actor1, inter1, assoc1, actor2, inter2, assoc2, clash = key
        side1 = self._side(actor1, inter1, "actor1", new_actors)
        side1 += self._assoc(assoc1, "assoc_actor_1", new_actors)
        side2 = self._side(actor2, inter2, "actor2", new_actors)
        side2 += self._assoc(assoc2, "assoc_actor_2", new_actors)
        targets: tuple[str, ...] = ()
        if clash:
            perps = _unique(side1 + side2)
        else:
            perps, targets = _unique(side1), _unique(side2)
        dyad = (tuple((a, "reported") for a in perps), targets)
        if len(self._dyads) > 100_000:
            self._dyads.clear()
        self._dyads[key] = dyad
        return dyad

    def _kind(self, event_type: str, sub_event_type: str, notes: str, inter1: str) -> Kind:
        key = (event_type, sub_event_type)
        kind = self._kinds.get(key)
        if kind is None:
            kind = choose_kind(event_type, sub_event_type, notes, inter_code(inter1))
            if sub_event_type in _NOTES_DECIDE or not sub_event_type:
                if not isinstance(kind, Kind):
                    raise RowError("sub_event_type", sub_event_type or event_type, kind)
                return kind
            self._kinds[key] = kind
        if not isinstance(kind, Kind):
            raise RowError("sub_event_type", sub_event_type or event_type, kind)
        return kind

    def _country(self, iso3_text: str, iso_text: str, country: str) -> str:
        key = (iso3_text, iso_text, country)
        hit = self._countries.get(key)
        if hit is None:
            hit = self._countries[key] = country_code(*key)
        if hit.startswith("!"):
            raise RowError(
                "country",
                country or iso_text or iso3_text,
                "unknown country (give an iso3 column, or a numeric iso code of the region)",
            )
        return hit

    def _side(self, name: str, inter: str, what: str, new_actors: list[Actor]) -> tuple[str, ...]:
        name = name.strip()
        if not name:
            return ()
        if len(name) > 500:
            raise RowError(what, name, "actor name longer than 500 characters")
        hit = self.actors.resolve(name, inter)
        if hit.record is not None and hit.id not in self._emitted_actors:
            self._emitted_actors.add(hit.id)
            new_actors.append(hit.record)
        return (hit.id,)

    def _assoc(self, value: str, what: str, new_actors: list[Actor]) -> tuple[str, ...]:
        out: tuple[str, ...] = ()
        for name in value.split(";"):
            out += self._side(name, "", what, new_actors)
        return out


def country_code(iso3: str, iso: str, country: str) -> str:
    """ISO alpha-3 of a row's country (from iso3, numeric iso or the name); "!" if unknown.

    >>> country_code("", "760", "Syria"), country_code("IRQ", "", ""), country_code("", "", "Mars")
    ('SYR', 'IRQ', '!')
    """
    iso3 = iso3.strip().upper()
    if re.fullmatch(r"[A-Z]{3}", iso3):
        return iso3
    iso = iso.strip()
    if iso.isdigit() and int(iso) in _BY_NUMBER:
        return _BY_NUMBER[int(iso)]
    if re.fullmatch(r"[A-Za-z]{3}", iso):
        return iso.upper()
    return _BY_NAME.get(country.strip().lower(), "!")


def _unique(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _summary(notes: str, what: str, location: str) -> str:
    text = notes.strip()
    if "  " in text or "\n" in text or "\r" in text or "\t" in text:
        text = " ".join(text.split())
    if not text:
        text = f"{what or 'Event'} at {' '.join(location.split()) or 'an unnamed place'} (ACLED)"
    return text if len(text) <= 1000 else text[:999] + "…"


def _claim_note(source: str, scale: str, civilian: str, tags: str) -> str:
    parts = ["ACLED fatality estimate"]
    for value, label in (
        (source, "sources"),
        (scale, "source scale"),
        (civilian, "civilian targeting"),
        (tags, "tags"),
    ):
        text = " ".join(value.split())
        if text:
            parts.append(f"{label}: {text}")
    return "; ".join(parts)


def _reason_key(problem: RowProblem) -> str:
    """A short reason for the tally (the field, and the first words of the reason)."""
    head = problem.reason.split(":")[0]
    if problem.field == "sub_event_type" and problem.value:
        head = f"no tatgraph kind for {problem.value!r}"
    return f"{problem.status}: {problem.field or 'csv'}: {head}"


class _Published:
    """The Source record of one export, its publication the latest row timestamp seen."""

    def __init__(self, path: Path, sha: str) -> None:
        self.path = path
        self.sha = sha
        self.latest: datetime | None = None
        self.latest_end: datetime | None = None

    def seen(self, rows: Sequence[AcledRow]) -> None:
        """Take the latest timestamp and window end of these rows into account."""
        stamps = [r.first_reported for r in rows if r.first_reported is not None]
        if stamps:
            latest = max(stamps)
            self.latest = latest if self.latest is None else max(self.latest, latest)
        if rows:
            end = max(r.end for r in rows)
            self.latest_end = end if self.latest_end is None else max(self.latest_end, end)

    def record(self) -> Source:
        published = self.latest or self.latest_end or datetime(1970, 1, 1, tzinfo=UTC)
        return Source(
            id=f"acled:export:{self.sha[:16]}",
            outlet="ACLED",
            published=published,
            published_basis="inferred",
            language="en",
            title=f"ACLED export {self.path.name}",
            file=self.path.name,
            sha256=self.sha,
        )


def read_acled(
    paths: Iterable[Path],
    reference: Reference,
    *,
    batch_size: int = 5_000,
    aliases: Mapping[str, str] | None = None,
) -> Iterator[tuple[Dataset, list[RowProblem]]]:
    """Validated :class:`Dataset` batches (and the rows not stored) for any backend.

    This is the plain record API (every record a pydantic model); the bulk path in
    :mod:`tatgraph.graph.bulk` writes the same rows without building the models.
    """
    reader = AcledReader(reference, aliases=aliases)
    for batch in reader.batches(paths, batch_size):
        yield batch.dataset(), batch.problems
