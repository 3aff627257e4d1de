"""The countries an ACLED row may name, and the time zone its dates are read in.

ACLED gives a row's country three ways, depending on the codebook era: an ``iso3`` column
(alpha-3), a numeric ``iso`` column (ISO 3166-1 numeric), or only the English ``country``
name. :class:`CountryTable` answers all three for every ISO 3166-1 country (and Kosovo):
the codes and zones come from ``tatgraph/data/countries.tsv`` (built by
``tools/build_countries.py`` from the ``iso3166`` package and the tz database), the names
ACLED writes besides the ISO ones ("Democratic Republic of Congo", "eSwatini", "Ivory
Coast", "Palestine", old names) from ``tatgraph/data/country_names.yaml``. Names are
compared folded (:func:`fold_name`): case, accents, punctuation, "&", "the", "St.".

In a country with several time zones a row's dates are read in the zone whose principal
place (the tz database's) is nearest to the row's point; without a point, in the capital's.

>>> t = default_table()
>>> t.code("", "760", ""), t.code("IRQ", "", ""), t.code("", "", "Côte d’Ivoire")
('SYR', 'IRQ', 'CIV')
>>> t.code("", "", "Democratic Republic of Congo"), t.zone("COD", -11.7, 27.5)
('COD', 'Africa/Lubumbashi')
>>> try:
...     t.code("", "", "Mars")
... except InputError as exc:
...     print(exc.field, exc.value)
country Mars
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ...errors import InputError
from ...reference import data_path

_ALPHA3 = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True)
class Country:
    """One country: ISO alpha-3, numeric code and English name, its IANA zones.

    ``zones`` holds (zone, latitude, longitude) of each zone's principal place, the
    capital's zone first.
    """

    iso3: str
    number: int
    name: str
    zones: tuple[tuple[str, float, float], ...]

    @property
    def tz(self) -> str:
        """The capital's zone."""
        return self.zones[0][0]


def fold_name(name: str) -> str:
    """A country name folded for comparison.

    >>> fold_name("Côte d’Ivoire") == fold_name("COTE D'IVOIRE") == fold_name("Cote dIvoire")
    True
    >>> fold_name("St. Kitts & Nevis") == fold_name("Saint Kitts and Nevis")
    True
    >>> fold_name("The Gambia") == fold_name("Gambia")
    True
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’‘`´]", "", text).replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text)
    words = ["saint" if w == "st" else w for w in words]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def name_variants(name: str) -> tuple[str, ...]:
    """An ISO name, its turned-around form ("Korea, Republic of" -> "Republic of Korea") and
    the name without a bracketed part ("Saint Martin (French part)" -> "Saint Martin").

    >>> name_variants("Congo, Democratic Republic of the")
    ('Congo, Democratic Republic of the', 'Democratic Republic of the Congo')
    >>> name_variants("Falkland Islands (Malvinas)")
    ('Falkland Islands (Malvinas)', 'Falkland Islands')
    """
    out = [name]
    head, comma, tail = name.partition(", ")
    if comma:
        out.append(f"{tail} {head}")
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if bare and bare != name:
        out.append(bare)
    return tuple(out)


class CountryTable:
    """Country codes and zones by alpha-3, numeric code or name.

    ``names`` maps further names to alpha-3 codes, ``codes`` old alpha-3 codes to current
    ones (see ``country_names.yaml``).
    """

    def __init__(
        self,
        countries: Iterable[Country],
        names: Mapping[str, str] | None = None,
        codes: Mapping[str, str] | None = None,
    ) -> None:
        self.by_iso3 = {c.iso3: c for c in countries}
        self.by_number = {c.number: c.iso3 for c in self.by_iso3.values()}
        self.codes = {old.upper(): new for old, new in (codes or {}).items()}
        self.by_name: dict[str, str] = {}
        for c in self.by_iso3.values():
            for variant in name_variants(c.name):
                self.by_name.setdefault(fold_name(variant), c.iso3)
        for name, iso3 in (names or {}).items():
            self.by_name[fold_name(name)] = iso3
        self._near: dict[tuple[str, float, float], str] = {}

    def __len__(self) -> int:
        return len(self.by_iso3)

    def __contains__(self, iso3: object) -> bool:
        return iso3 in self.by_iso3

    def code(self, iso3: str, iso: str, country: str) -> str:
        """ISO alpha-3 of a row's country, from its ``iso3``, ``iso`` or ``country`` cell.

        The first cell that names a known country decides (an alpha-3 code, a numeric code,
        then the name). Raises :class:`~tatgraph.errors.InputError` (field ``country``) when
        none does.
        """
        for text in (iso3, iso):
            value = text.strip()
            if _ALPHA3.fullmatch(value):
                alpha3 = value.upper()
                alpha3 = self.codes.get(alpha3, alpha3)
                if alpha3 in self.by_iso3:
                    return alpha3
            elif value.isdigit() and int(value) in self.by_number:
                return self.by_number[int(value)]
        found = self.by_name.get(fold_name(country)) if country.strip() else None
        if found is not None:
            return found
        given = [f"{n} {v.strip()!r}" for n, v in (("iso3", iso3), ("iso", iso)) if v.strip()]
        raise InputError(
            "unknown country"
            + (f" (and no country known by {', '.join(given)})" if given and country else ""),
            field="country",
            value=country.strip() or iso.strip() or iso3.strip(),
            hint="add the name to a copy of tatgraph/data/country_names.yaml and pass it "
            "with --countries",
        )

    def zone(self, iso3: str, lat: float | None = None, lon: float | None = None) -> str:
        """The IANA zone dates in ``iso3`` are read in: the zone whose principal place is
        nearest to (``lat``, ``lon``) where the country has several, else the capital's
        (UTC for a code not in the table)."""
        found = self.by_iso3.get(iso3)
        if found is None:
            return "UTC"
        if len(found.zones) == 1 or lat is None or lon is None:
            return found.zones[0][0]
        key = (iso3, round(lat, 1), round(lon, 1))
        hit = self._near.get(key)
        if hit is None:
            hit = self._near[key] = min(found.zones, key=lambda z: _km2(lat, lon, z[1], z[2]))[0]
        return hit

    def zone_at(self, iso3: str, lat_text: str, lon_text: str) -> str:
        """:meth:`zone` at a row's coordinate cells (read only where the country has several
        zones; a bad coordinate gives the capital's zone and is reported by :mod:`.places`)."""
        found = self.by_iso3.get(iso3)
        if found is None or len(found.zones) == 1:
            return found.zones[0][0] if found is not None else "UTC"
        try:
            return self.zone(iso3, float(lat_text), float(lon_text))
        except ValueError:
            return found.zones[0][0]

    def with_names(self, path: Path) -> CountryTable:
        """This table plus the names and codes of a file in the layout of
        ``country_names.yaml`` (validated: every code must be in the table)."""
        names, codes = read_names(path, self)
        table = CountryTable(self.by_iso3.values(), codes={**self.codes, **codes})
        table.by_name = {**self.by_name, **{fold_name(n): c for n, c in names.items()}}
        return table


def _km2(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Squared equirectangular distance (enough to order a handful of zone places)."""
    dlon = (lon2 - lon1 + 180.0) % 360.0 - 180.0
    x = dlon * math.cos(math.radians((lat1 + lat2) / 2))
    return x * x + (lat2 - lat1) ** 2


def read_countries(path: Path) -> list[Country]:
    """The rows of a file in the layout of ``countries.tsv``."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#") or line.startswith("iso3\t"):
            continue
        try:
            iso3, _alpha2, numeric, name, zone_cells = line.split("\t")
            zones = []
            for cell in zone_cells.split(";"):
                tz, _, point = cell.partition("@")
                lat, lon = point.split(",")
                zones.append((tz, float(lat), float(lon)))
            out.append(Country(iso3, int(numeric), name, tuple(zones)))
        except ValueError as exc:
            raise InputError(f"bad country row: {exc}", file=str(path), line=number) from None
    return out


def read_names(
    path: Path, table: CountryTable | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """(names, codes) of a file in the layout of ``country_names.yaml``; every target code
    must be a country of ``table`` (when given)."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read country names: {exc}", file=str(path)) from None
    if not isinstance(doc, dict) or set(doc) - {"names", "codes"}:
        raise InputError(
            "expected a mapping with 'names' and/or 'codes'",
            file=str(path),
            hint="names: {Ivory Coast: CIV}  codes: {ROM: ROU}",
        )
    out: list[dict[str, str]] = []
    for section in ("names", "codes"):
        entries = doc.get(section) or {}
        if not isinstance(entries, dict):
            raise InputError(f"'{section}' must be a mapping", file=str(path), field=section)
        checked: dict[str, str] = {}
        for key, code in entries.items():
            if not isinstance(key, str) or not isinstance(code, str) or not key.strip():
                raise InputError(
                    f"{section}: {key!r}: {code!r} is not a name and an alpha-3 code",
                    file=str(path),
                    field=section,
                    value=str(key),
                )
            if table is not None and code not in table:
                raise InputError(
                    f"{section}: {key!r} maps to {code!r}, which is not an ISO 3166-1 alpha-3 code",
                    file=str(path),
                    field=section,
                    value=code,
                )
            checked[key] = code
        out.append(checked)
    return out[0], out[1]


@cache
def default_table() -> CountryTable:
    """The bundled table: every ISO 3166-1 country, with ACLED's names."""
    countries = read_countries(data_path("countries.tsv"))
    base = CountryTable(countries)
    names, codes = read_names(data_path("country_names.yaml"), base)
    return CountryTable(countries, names, codes)
