"""Build ``tatgraph/data/countries.tsv``: every ISO 3166-1 country with its IANA time zones.

One row per country: alpha-3, alpha-2, numeric code, English short name, and the time
zones the tz database lists for it, each with the coordinates of its principal place
(``Europe/Moscow@55.7558,37.6173``), the country's main zone (its capital's) first. The
ACLED loader reads dates in the zone of the row's country; in a country with several zones
it takes the zone whose principal place is nearest to the row's point.

Sources (facts, not code):

- ISO 3166-1 codes and names: the ``iso3166`` package (MIT licence), 2.x or 3.x, which also
  carries Kosovo's user-assigned code (XK / XKX / 983) as ACLED uses it;
- time zones: ``zone.tab`` of the tz database (public domain), as shipped by the ``tzdata``
  package (a tatgraph dependency).

ACLED's own spellings and older names are kept by hand in ``tatgraph/data/country_names.yaml``,
not here. ``iso3166`` is needed only to run this script, not at run time::

    .venv/bin/pip install 'iso3166>=2,<4'
    .venv/bin/python tools/build_countries.py          # rewrites tatgraph/data/countries.tsv

``tests/test_acled_countries.py`` checks the file against the installed packages when they are
present.
"""

from __future__ import annotations

import argparse
import re
from importlib import metadata, resources
from pathlib import Path

import iso3166

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tatgraph" / "data" / "countries.tsv"

MAIN_ZONE = {
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "FM": "Pacific/Pohnpei",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "UZ": "Asia/Tashkent",
}
"""Countries whose capital's zone is not the first ``zone.tab`` lists for them."""

EXTRA_ZONES = {
    "XK": [("Europe/Belgrade", "+4450+02030")],  # Kosovo is not in zone.tab; Pristina's zone
    "BV": [("Europe/Oslo", "+5955+01045")],  # Bouvet Island: uninhabited, Norwegian
    "HM": [("Indian/Kerguelen", "-4921+07013")],  # Heard and McDonald Islands: uninhabited
}
"""Countries ``zone.tab`` has no zone for, with the zone of the state that holds them."""

_COORD = re.compile(r"^([+-]\d{2,3})(\d{2})(\d{2})?([+-]\d{3})(\d{2})(\d{2})?$")


def degrees(text: str) -> tuple[float, float]:
    """ISO 6709 ``+DDMM+DDDMM`` (or with seconds) as decimal degrees."""
    m = _COORD.match(text)
    if m is None:
        raise ValueError(f"bad coordinates {text!r}")
    d1, m1, s1, d2, m2, s2 = m.groups()

    def one(d: str, mins: str, secs: str | None) -> float:
        sign = -1 if d.startswith("-") else 1
        return sign * (abs(int(d)) + int(mins) / 60 + int(secs or 0) / 3600)

    return round(one(d1, m1, s1), 4), round(one(d2, m2, s2), 4)


def zones() -> dict[str, list[tuple[str, str]]]:
    """alpha-2 -> [(zone, ISO 6709 point)] in ``zone.tab`` order."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    out: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, coords, tz = line.split("\t")[:3]
        out.setdefault(code, []).append((tz, coords))
    for code, extra in EXTRA_ZONES.items():
        out.setdefault(code, extra)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=OUT, help="where to write (default: %(default)s)"
    )
    out = parser.parse_args(argv).out
    by_code = zones()
    rows = []
    for c in sorted(iso3166.countries, key=lambda c: c.alpha3):
        found = by_code.get(c.alpha2)
        if not found:
            raise SystemExit(f"no time zone for {c.alpha2} {c.name}: add it to EXTRA_ZONES")
        main_zone = MAIN_ZONE.get(c.alpha2, found[0][0])
        ordered = sorted(found, key=lambda z: z[0] != main_zone)
        cells = ";".join(f"{tz}@{lat},{lon}" for tz, (lat, lon) in _points(ordered))
        rows.append("\t".join([c.alpha3, c.alpha2, c.numeric, c.apolitical_name, cells]))
    header = [
        "# Every ISO 3166-1 country: alpha-3, alpha-2, numeric, English short name, IANA time",
        "# zones (the capital's first) with the coordinates of each zone's principal place.",
        f"# Built by tools/build_countries.py from iso3166 {metadata.version('iso3166')} (MIT)",
        f"# and the tz database {_tz_version()} zone.tab (public domain). Do not edit by hand.",
        "iso3\talpha2\tnumeric\tname\tzones",
    ]
    out.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} countries -> {out}")


def _points(found: list[tuple[str, str]]) -> list[tuple[str, tuple[float, float]]]:
    return [(tz, degrees(coords)) for tz, coords in found]


def _tz_version() -> str:
    import tzdata

    return str(tzdata.IANA_VERSION)


if __name__ == "__main__":
    main()
