"""ACLED locations -> gazetteer sites (or new sites), and the geography that matches them.

A row's place is a gazetteer site of the same name (within :data:`NAME_MATCH_KM` of
ACLED's point) or, failing that, the nearest site within ``match_km`` (5 km by default);
otherwise the loader makes a new site with a stable id from the location's name and
coordinates (``acled:syr:khirbet_salim:35.6213_39.0447``). Names are compared folded, with
Arabic articles dropped (:func:`place_key`).

>>> place_key("Deir ez-Zor") == place_key("Deir-ez-Zor") == place_key("Deir ez Zor")
True
>>> round(km(35.15, 40.58, 35.15, 40.68), 1)
9.1
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Any

import numpy as np
from pydantic import ValidationError

from ...errors import InputError
from ...model import Site
from ...reference import Reference

NAME_MATCH_KM = 50.0
"""A gazetteer site matched by name must lie within this distance of ACLED's point."""


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


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """Match key of a place name: folded, words without Arabic articles ("Al-Omar" = "Omar")."""
    if name.isascii():  # nothing to decompose, no combining marks
        text = name.lower()
    else:
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
        self._made: dict[str, Site] = {}
        """New sites by id: the first record made for an id stands for every location that
        comes to the same id (the same name, folded, at the same point)."""

    @staticmethod
    def check_coordinates(lat_text: str, lon_text: str) -> list[InputError]:
        """The problems of a row's coordinate cells (for a row whose site cannot be resolved
        because its country is unknown: its other faults are still reported)."""
        out = []
        for text, limit, field, what in (
            (lat_text, 90, "latitude", "latitude"),
            (lon_text, 180, "longitude", "longitude"),
        ):
            if not text.strip():
                continue
            try:
                parse_coordinate(text, limit)
            except ValueError as exc:
                out.append(InputError(f"not a {what}: {exc}", field=field, value=text))
        return out

    def known(self, key: tuple[str, str, str, str, str]) -> bool:
        """Whether the place of these cells was resolved already."""
        return key in self._cache

    def resolve(
        self, iso3: str, admin1: str, location: str, lat_text: str, lon_text: str
    ) -> tuple[str, Site | None]:
        """(site id, new Site record or None); raises :class:`~tatgraph.errors.InputError` for
        a bad coordinate or location."""
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
                raise InputError(
                    f"not a latitude: {exc}", field="latitude", value=lat_text
                ) from None
            try:
                lon = parse_coordinate(lon_text, 180)
            except ValueError as exc:
                raise InputError(
                    f"not a longitude: {exc}", field="longitude", value=lon_text
                ) from None
        named = [s for s in self.by_name.get(place_key(location), []) if s.country == iso3]
        if lat is None or lon is None:
            if len(named) == 1:
                return named[0].id, None
            raise InputError(
                "no coordinates, and the location is not one gazetteer site by name",
                field="latitude",
                value=lat_text,
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
            raise InputError("empty location name", field="location", value=location)
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
            raise InputError(
                f"cannot make a site: {exc.errors()[0]['msg']}", field="location", value=location
            ) from None
        site = self._made.setdefault(site.id, site)
        return site.id, site


def _haversine_many(lat: float, lon: float, lats: Any, lons: Any) -> Any:
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(1.0, a)))
