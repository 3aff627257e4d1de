"""One ACLED row -> one validated :class:`~.records.AcledRow`, or the reason it is not one.

:meth:`RowMapper.map` reads the cells of one CSV record (:mod:`.csv`, :mod:`.codebook`) and
decides everything the row's records will hold:

- **kind**: :mod:`.kinds` (a row whose type has no tatgraph kind is out of scope: skipped);
- **perpetrator/target**: ACLED says actor1/actor2 "do not imply direction". For one-sided
  kinds (remote violence, IEDs, intercepts, raids) actor1 and its associated actors are the
  perpetrators and actor2 and its associates the targets; a ground clash is two-sided
  violence, so every actor of both sides is a perpetrator and nobody is a target
  (:mod:`.actors` resolves each name);
- **time**: ``time_precision`` 1 = that local day, 2 = the 7 days centred on the date,
  3 = the calendar month, in the country's time zone (:mod:`.countries`);
- **place**: :mod:`.places`.

Any bad value raises :class:`~tatgraph.errors.InputError` with the field, the value and
the reason (:class:`~tatgraph.errors.OutOfScope` for a row outside tatgraph's domain); the
reader places it at its file and line. One mapper serves one run and remembers what it
decided per distinct combination of cells (kinds, countries, actor pairs, claim notes),
and which actors and sites it has created.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ...errors import InputError
from ...model import Actor, Site
from ...reference import Reference
from ...vocab import Kind
from .actors import ActorResolver, inter_code
from .codebook import (
    GEO_PRECISIONS,
    PRECISIONS,
    Columns,
    check_id,
    parse_count,
    parse_date,
    parse_timestamp,
    window,
)
from .countries import CountryTable, default_table
from .csv import Record
from .cues import Cue, Lexicon, default_lexicon, place_cues, read_cues
from .kinds import KindRules, default_rules
from .places import SiteResolver
from .records import ACLED_ACTOR, EVENT_PREFIX, AcledRow, Dyad

DyadKey = tuple[str, str, str, str, str, str, bool, bool]
"""Actor cells (actor1, inter1, assoc1, actor2, inter2, assoc2), clash, swap."""

_CACHE_LIMIT = 100_000


class RowMapper:
    """Maps the cells of ACLED rows to :class:`AcledRow` records; see the module docstring."""

    def __init__(
        self,
        reference: Reference,
        *,
        aliases: Mapping[str, str] | None = None,
        match_km: float = 5.0,
        kinds: KindRules | None = None,
        countries: CountryTable | None = None,
    ) -> None:
        self.actors = ActorResolver(reference, aliases)
        self.sites = SiteResolver(reference, match_km)
        self.kinds = kinds or default_rules()
        self.countries = countries or default_table()
        self.lexicon: Lexicon = default_lexicon()
        self._emitted_actors: set[str] = set(reference.actors) | {ACLED_ACTOR.id}
        self._emitted_sites: set[str] = set(reference.sites)
        self._kinds: dict[tuple[str, str], Kind | InputError] = {}
        self._countries: dict[tuple[str, str, str], str | InputError] = {}
        self._notes: dict[tuple[str, str, str, str], str] = {}
        self._dyads: dict[DyadKey, Dyad] = {}
        self._places: dict[tuple[str, str, str, str, str], tuple[str, Site | None, str, str]] = {}

    def map(
        self,
        record: Record,
        cols: Columns,
        file_index: int,
        new_actors: list[Actor],
        new_sites: list[Site],
    ) -> AcledRow:
        """The row of ``record``; actors and sites it creates are appended to the lists."""
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
        # the kind first: a row outside tatgraph's domain is skipped whatever else it holds
        kind = self._kind(event_type.strip(), sub_event_type.strip(), notes, inter1)
        bad: list[InputError] = []  # every bad field of the row, reported together
        try:
            acled_id = check_id(acled_id)
        except ValueError as exc:
            bad.append(InputError(str(exc), field="event_id_cnty", value=acled_id.strip()))
        iso3 = ""
        try:
            iso3 = self.country(iso3_text, iso_text, country)
        except InputError as exc:
            bad.append(exc)
        day = None
        try:
            day = parse_date(raw_date)
        except ValueError as exc:
            bad.append(InputError(str(exc), field="event_date", value=raw_date))
        year = year.strip()
        if day is not None and year and year != str(day.year):
            bad.append(
                InputError(
                    f"the date's year {day.year} disagrees with the year column ({year}); "
                    "is the date month-first?",
                    field="event_date",
                    value=raw_date,
                )
            )
        precision_code = precision_code.strip() if cols.has("time_precision") else "1"
        if precision_code not in PRECISIONS:
            bad.append(
                InputError(
                    "must be 1 (day), 2 (week) or 3 (month)",
                    field="time_precision",
                    value=precision_code,
                )
            )
        geo_text = geo_text.strip() if cols.has("geo_precision") else "1"
        if geo_text not in GEO_PRECISIONS:
            bad.append(InputError("must be 1, 2 or 3", field="geo_precision", value=geo_text))
        killed = None
        try:
            killed = parse_count(raw_fatalities)
        except ValueError as exc:
            bad.append(InputError(str(exc), field="fatalities", value=raw_fatalities))
        reported = None
        try:
            reported = parse_timestamp(raw_ts) if raw_ts else None
        except (ValueError, OverflowError, OSError) as exc:
            bad.append(InputError(f"not a Unix timestamp: {exc}", field="timestamp", value=raw_ts))
        site_id, site = "", None
        if iso3:
            try:
                site_id, site = self.sites.resolve(iso3, admin1, location, lat_text, lon_text)
            except InputError as exc:
                bad.append(exc)
        else:
            bad.extend(self.sites.check_coordinates(lat_text, lon_text))
        dyad: Dyad | None = None
        # in Disrupted weapons use ACLED's actor1 disrupted the weapon: the launcher (actor2)
        # is the perpetrator, the defender the target (docs/vocabulary.md, ``intercept``)
        swap = kind is Kind.INTERCEPT and sub_event_type.strip() == "Disrupted weapons use"
        key = (actor1, inter1, assoc1, actor2, inter2, assoc2, kind is Kind.GROUND_CLASH, swap)
        try:
            dyad = self.dyad(key, new_actors)
        except InputError as exc:
            bad.append(exc)
        if bad or day is None or dyad is None:
            raise InputError(problems=[p for e in bad for p in e.problems])
        tz = self.countries.zone_at(iso3, lat_text, lon_text)
        start, end, precision = window(day, precision_code, tz)
        self.emit_site(site, new_sites)
        event_id = EVENT_PREFIX + acled_id
        note = self.note(source, scale, civilian, tags)
        return AcledRow(
            event_id,
            acled_id,
            kind,
            start,
            end,
            precision,
            tz,
            summary(notes, sub_event_type.strip() or event_type.strip(), location),
            GEO_PRECISIONS[geo_text],
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
            self.cues(notes, day),
            event_type.strip(),
            sub_event_type.strip(),
        )

    def prime(self, record: Record, cols: Columns) -> None:
        """Resolve the actors and the place of one record as :meth:`map` would, without
        mapping it. An actor or a new site is made as its first mention says (an inter
        code, a spelling): the fast path, which maps rows out of order, primes the first
        mentions in file order first."""
        cells = [*record.cells, ""] if cols.padded else record.cells
        got = cols.pick(cells)
        event_type, sub, actor1, assoc1, inter1, actor2, assoc2, inter2 = got[4:12]
        iso3_text, iso_text, country, admin1, location, lat_text, lon_text = got[12:19]
        try:
            self._kind(event_type.strip(), sub.strip(), got[22], inter1)
        except InputError:
            return  # skipped or unknown: the row path stops at the kind
        for name, inter in mentions(actor1, inter1, assoc1, actor2, inter2, assoc2):
            if len(name) > 500:
                break  # the row path stops at an enormous name
            self.actors.resolve(name, inter)
        try:
            iso3 = self.country(iso3_text, iso_text, country)
            self.sites.resolve(iso3, admin1, location, lat_text, lon_text)
        except InputError:
            return

    def cues(self, notes: str, day: date) -> tuple[Cue, ...]:
        """The response cues of a row's notes (:mod:`.cues`); ``day`` is the row's date."""
        raw = read_cues(notes, self.lexicon)
        return tuple(place_cues(raw, day, self.lexicon)) if raw[1] else ()

    def emit_site(self, site: Site | None, new_sites: list[Site]) -> None:
        """Append a new site to ``new_sites`` the first time a stored row names it."""
        if site is not None and site.id not in self._emitted_sites:
            self._emitted_sites.add(site.id)
            new_sites.append(site)

    def place(
        self, iso3: str, admin1: str, location: str, lat: str, lon: str
    ) -> tuple[str, Site | None, str, str]:
        """(site id, new Site record or None, time zone, country) of a row's place cells
        (remembered); the site id is empty when the site resolver refuses them (the row
        path reports why)."""
        key = (iso3, admin1, location, lat, lon)
        found = self._places.get(key)
        if found is None:
            try:
                site_id, site = self.sites.resolve(*key)
            except InputError:
                site_id, site = "", None
            zone = self.countries.zone_at(iso3, lat, lon)
            found = self._places[key] = (site_id, site, zone, self.sites.country.get(site_id, iso3))
        return found

    def note(self, source: str, scale: str, civilian: str, tags: str) -> str:
        """The claim note of these cells (remembered)."""
        key = (source, scale, civilian, tags)
        found = self._notes.get(key)
        if found is None:
            found = self._notes[key] = claim_note(*key)
            if len(self._notes) > _CACHE_LIMIT:
                self._notes.clear()
        return found

    def dyad(self, key: DyadKey, new_actors: list[Actor]) -> Dyad:
        """Perpetrators and targets of one combination of actor cells (remembered; new
        actors appended to ``new_actors`` when first seen); see :data:`DyadKey`."""
        return self._dyads.get(key) or self._dyad(key, new_actors)

    def _dyad(self, key: DyadKey, new_actors: list[Actor]) -> Dyad:
        """Perpetrators and targets of one combination of actor cells (remembered); ``swap``:
        actor2's side did it to actor1's (an interception)."""
        actor1, inter1, assoc1, actor2, inter2, assoc2, clash, swap = key
        side1 = self._side(actor1, inter1, "actor1", new_actors)
        side1 += self._assoc(assoc1, "assoc_actor_1", new_actors)
        side2 = self._side(actor2, inter2, "actor2", new_actors)
        side2 += self._assoc(assoc2, "assoc_actor_2", new_actors)
        if swap:
            side1, side2 = side2, side1
        targets: tuple[str, ...] = ()
        if clash:
            perps = _unique(side1 + side2)
        else:
            perps, targets = _unique(side1), _unique(side2)
        dyad = (tuple((a, "reported") for a in perps), targets)
        if len(self._dyads) > _CACHE_LIMIT:
            self._dyads.clear()
        self._dyads[key] = dyad
        return dyad

    def _kind(self, event_type: str, sub_event_type: str, notes: str, inter1: str) -> Kind:
        """The row's kind (remembered per type, except where the notes decide)."""
        key = (event_type, sub_event_type)
        hit = self._kinds.get(key)
        if hit is None:
            if sub_event_type in self.kinds.notes_decide or not sub_event_type:
                return self.kinds.choose(event_type, sub_event_type, notes, inter_code(inter1))
            try:
                hit = self.kinds.choose(event_type, sub_event_type, notes, inter_code(inter1))
            except InputError as exc:
                hit = exc
            self._kinds[key] = hit
        if isinstance(hit, InputError):
            raise hit.with_traceback(None)  # the remembered refusal, raised afresh
        return hit

    def country(self, iso3_text: str, iso_text: str, country: str) -> str:
        """The row's ISO alpha-3 (remembered per combination of country cells)."""
        key = (iso3_text, iso_text, country)
        hit = self._countries.get(key)
        if hit is None:
            try:
                hit = self.countries.code(*key)
            except InputError as exc:
                hit = exc
            self._countries[key] = hit
        if isinstance(hit, InputError):
            raise hit.with_traceback(None)
        return hit

    def _side(self, name: str, inter: str, what: str, new_actors: list[Actor]) -> tuple[str, ...]:
        name = name.strip()
        if not name:
            return ()
        if len(name) > 500:
            raise InputError("actor name longer than 500 characters", field=what, value=name)
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


def mentions(
    actor1: str, inter1: str, assoc1: str, actor2: str, inter2: str, assoc2: str
) -> list[tuple[str, str]]:
    """The actor names of a row (stripped, with the inter code each is resolved with), in
    the order :meth:`RowMapper.map` resolves them."""
    out = [(actor1.strip(), inter1)]
    out += [(n.strip(), "") for n in assoc1.split(";")]
    out += [(actor2.strip(), inter2)]
    out += [(n.strip(), "") for n in assoc2.split(";")]
    return [(n, i) for n, i in out if n]


def _unique(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def summary(notes: str, what: str, location: str) -> str:
    """The event's summary: ACLED's notes (whitespace folded, at most 1,000 characters), or
    "<type> at <location> (ACLED)" when there are none."""
    text = notes.strip()
    if "  " in text or "\n" in text or "\r" in text or "\t" in text:
        text = " ".join(text.split())
    if not text:
        text = f"{what or 'Event'} at {' '.join(location.split()) or 'an unnamed place'} (ACLED)"
    return text if len(text) <= 1000 else text[:999] + "…"


def claim_note(source: str, scale: str, civilian: str, tags: str) -> str:
    """The note of ACLED's fatality claim: its sources, source scale, civilian targeting,
    tags."""
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
