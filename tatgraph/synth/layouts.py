"""The CSV layouts ACLED has shipped, and one synthetic row rendered in any of them.

``current`` is the 31-column codebook layout; ``2020`` runs ``data_id`` ... ``iso3`` with
numeric inter codes and ``9-May-20`` dates; ``legacy`` has upper-case headers,
``ALLY_ACTOR_*`` columns and DD/MM/YYYY dates. Column names are ACLED's; the rows are ours.
"""

from __future__ import annotations

from datetime import date
from typing import Any

CURRENT = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
LAYOUT_2020 = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
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
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
]
LEGACY = [
    "ISO",
    "EVENT_ID_CNTY",
    "EVENT_ID_NO_CNTY",
    "EVENT_DATE",
    "YEAR",
    "TIME_PRECISION",
    "EVENT_TYPE",
    "SUB_EVENT_TYPE",
    "ACTOR1",
    "ALLY_ACTOR_1",
    "INTER1",
    "ACTOR2",
    "ALLY_ACTOR_2",
    "INTER2",
    "INTERACTION",
    "REGION",
    "COUNTRY",
    "ADMIN1",
    "ADMIN2",
    "ADMIN3",
    "LOCATION",
    "LATITUDE",
    "LONGITUDE",
    "GEO_PRECISION",
    "SOURCE",
    "SOURCE_SCALE",
    "NOTES",
    "FATALITIES",
    "",
]
LAYOUTS = {"current": CURRENT, "2020": LAYOUT_2020, "legacy": LEGACY}


INTER = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

COUNTRY = {"SYR": ("Syria", 760), "IRQ": ("Iraq", 368), "JOR": ("Jordan", 400)}
"""Country name and ISO 3166 numeric code of each iso3 code the generator uses."""


def long_date(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def render(fields: dict[str, Any], layout: str, data_id: int) -> list[str]:
    """The cells of one row in ``layout``."""
    day: date = fields["day"]
    a1, i1 = fields["actor1"]
    a2, i2 = fields["actor2"]
    iso3 = fields["iso3"]
    country, number = COUNTRY[iso3]
    numeric = layout != "current"
    inter1 = str(i1) if numeric else INTER.get(i1, "")
    inter2 = (str(i2) if numeric else INTER.get(i2, "")) if a2 else ("0" if numeric else "")
    values: dict[str, Any] = {
        "data_id": data_id,
        "event_id_cnty": fields["event_id_cnty"],
        "event_id_no_cnty": fields["event_id_cnty"][3:],
        "event_date": {
            "current": day.isoformat(),
            "2020": f"{day.day}-{day.strftime('%b-%y')}" if data_id % 2 else long_date(day),
            "legacy": day.strftime("%d/%m/%Y"),
        }[layout],
        "year": day.year,
        "time_precision": fields["time_precision"],
        "disorder_type": "Political violence"
        if fields["event_type"] != "Protests"
        else "Demonstrations",
        "event_type": fields["event_type"],
        "sub_event_type": fields["sub_event_type"],
        "actor1": a1,
        "assoc_actor_1": fields["assoc_actor_1"],
        "ally_actor_1": fields["assoc_actor_1"],
        "inter1": inter1,
        "actor2": a2,
        "assoc_actor_2": fields["assoc_actor_2"],
        "ally_actor_2": fields["assoc_actor_2"],
        "inter2": inter2,
        "interaction": f"{i1}{i2 if a2 else 0}"
        if numeric
        else f"{inter1}-{inter2 or 'Sole action'}",
        "civilian_targeting": "Civilian targeting" if i2 == 7 else "",
        "iso": number,
        "region": "Middle East",
        "country": country,
        "admin1": fields["admin1"],
        "admin2": "",
        "admin3": "",
        "location": fields["location"],
        "latitude": f"{fields['latitude']:.4f}",
        "longitude": f"{fields['longitude']:.4f}",
        "geo_precision": fields["geo_precision"],
        "source": fields["source"],
        "source_scale": "Local partner-Other",
        "notes": fields["notes"],
        "fatalities": fields["fatalities"],
        "tags": "",
        "timestamp": fields["timestamp"],
        "iso3": iso3,
        "": "",
    }
    return [str(values[h.lower()]) for h in LAYOUTS[layout]]
