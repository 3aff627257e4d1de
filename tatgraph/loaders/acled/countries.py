"""The countries an ACLED row may name, and the time zone its dates are read in.

ACLED gives a row's country three ways, depending on the codebook era: an ``iso3`` column
(alpha-3), a numeric ``iso`` column (ISO 3166-1 numeric), or only the English ``country``
name. :class:`CountryTable` answers all three from one table of :class:`Country` entries;
:data:`COUNTRIES` is the table the loader uses (the region the bundled data covers).

>>> COUNTRIES.code("", "760", "Syria"), COUNTRIES.code("IRQ", "", ""), COUNTRIES.zone("JOR")
('SYR', 'IRQ', 'Asia/Amman')
>>> try:
...     COUNTRIES.code("", "", "Mars")
... except InputError as exc:
...     print(exc.field, exc.value)
country Mars
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ...errors import InputError

_ALPHA3 = re.compile(r"[A-Z]{3}")
_ALPHA3_ANY_CASE = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True)
class Country:
    """One country: ISO alpha-3 and numeric codes, English name, IANA zone."""

    iso3: str
    number: int
    name: str
    tz: str


class CountryTable:
    """Country codes and zones by alpha-3, numeric code or name (``aliases``: other names)."""

    def __init__(
        self, countries: Iterable[Country], aliases: Mapping[str, str] | None = None
    ) -> None:
        self.by_iso3 = {c.iso3: c for c in countries}
        self.by_number = {c.number: c.iso3 for c in self.by_iso3.values()}
        self.by_name = {c.name.lower(): c.iso3 for c in self.by_iso3.values()}
        self.by_name.update({name.lower(): iso3 for name, iso3 in (aliases or {}).items()})

    def code(self, iso3: str, iso: str, country: str) -> str:
        """ISO alpha-3 of a row's country, from its ``iso3``, ``iso`` or ``country`` cell.

        An alpha-3 code is taken as given (any country); a numeric code or a name must be in
        the table. Raises :class:`~tatgraph.errors.InputError` (field ``country``) otherwise.
        """
        alpha3 = iso3.strip().upper()
        if _ALPHA3.fullmatch(alpha3):
            return alpha3
        number = iso.strip()
        if number.isdigit() and int(number) in self.by_number:
            return self.by_number[int(number)]
        if _ALPHA3_ANY_CASE.fullmatch(number):
            return number.upper()
        found = self.by_name.get(country.strip().lower())
        if found is None:
            raise InputError(
                "unknown country (give an iso3 column, or a numeric iso code of the region)",
                field="country",
                value=country or iso or iso3,
            )
        return found

    def zone(self, iso3: str) -> str:
        """The IANA zone dates in ``iso3`` are read in (UTC for a country not in the table)."""
        found = self.by_iso3.get(iso3)
        return found.tz if found is not None else "UTC"


COUNTRIES = CountryTable(
    [
        Country("SYR", 760, "Syria", "Asia/Damascus"),
        Country("IRQ", 368, "Iraq", "Asia/Baghdad"),
        Country("JOR", 400, "Jordan", "Asia/Amman"),
        Country("LBN", 422, "Lebanon", "Asia/Beirut"),
        Country("TUR", 792, "Turkey", "Europe/Istanbul"),
        Country("ISR", 376, "Israel", "Asia/Jerusalem"),
        Country("PSE", 275, "Palestine", "Asia/Gaza"),
        Country("IRN", 364, "Iran", "Asia/Tehran"),
        Country("SAU", 682, "Saudi Arabia", "Asia/Riyadh"),
        Country("YEM", 887, "Yemen", "Asia/Aden"),
        Country("KWT", 414, "Kuwait", "Asia/Kuwait"),
        Country("BHR", 48, "Bahrain", "Asia/Bahrain"),
        Country("QAT", 634, "Qatar", "Asia/Qatar"),
        Country("ARE", 784, "United Arab Emirates", "Asia/Dubai"),
        Country("OMN", 512, "Oman", "Asia/Muscat"),
        Country("EGY", 818, "Egypt", "Africa/Cairo"),
        Country("CYP", 196, "Cyprus", "Asia/Nicosia"),
    ],
    aliases={"Türkiye": "TUR", "Turkiye": "TUR", "Palestinian Territories": "PSE"},
)
"""The countries of the region the bundled gazetteer covers."""
