"""Crafted ACLED rows for the tests (never real ACLED rows): a row is the current layout's
cells with defaults, and :func:`write_export` writes rows as an export file."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from tatgraph.synth import layouts

CURRENT = list(layouts.CURRENT)
"""The columns of the current ACLED layout (the synthetic generator's, one list)."""

LEGACY = [
    "GWNO",
    "EVENT_ID_CNTY",
    "EVENT_ID_NO_CNTY",
    "EVENT_DATE",
    "YEAR",
    "TIME_PRECISION",
    "EVENT_TYPE",
    "ACTOR1",
    "ALLY_ACTOR_1",
    "INTER1",
    "ACTOR2",
    "ALLY_ACTOR_2",
    "INTER2",
    "INTERACTION",
    "COUNTRY",
    "ADMIN1",
    "ADMIN2",
    "ADMIN3",
    "LOCATION",
    "LATITUDE",
    "LONGITUDE",
    "GEO_PRECISION",
    "SOURCE",
    "NOTES",
    "FATALITIES",
]
"""The columns of the layouts before sub-event types (upper case, ``ALLY_ACTOR_*``)."""

DEFAULTS = {
    "event_date": "2024-01-05",
    "year": "2024",
    "time_precision": "1",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "actor1": "Military Forces of the United States (2021-)",
    "inter1": "External/Other forces",
    "actor2": "Kataib Hezbollah",
    "inter2": "Political militia",
    "iso": "368",
    "country": "Iraq",
    "admin1": "Al Anbar",
    "location": "Al Qaim",
    "latitude": "34.3687",
    "longitude": "41.0945",
    "geo_precision": "1",
    "source": "Crafted test source",
    "source_scale": "Other",
    "notes": "Crafted test row.",
    "fatalities": "0",
    "timestamp": "1704500000",
}
"""Cells of a crafted row unless a test gives them."""


def write_export(
    path: Path, rows: Iterable[Mapping[str, str]], columns: list[str] | None = None
) -> Path:
    """Write crafted rows (cells by lower-case column name, over :data:`DEFAULTS`)."""
    cols = columns or CURRENT
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(cols)
        for n, given in enumerate(rows, 1):
            cells = {**DEFAULTS, "event_id_cnty": f"TST{n}", **given}
            out.writerow([cells.get(c.lower(), "") for c in cols])
    return path
