"""Where the synthetic ACLED events happen: US/coalition bases, militia areas and homes,
made-up villages (:mod:`tatgraph.synth`)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

# (name as ACLED writes it, admin1, lat, lon, country) - US/coalition sites and militia areas
BASES = (
    ("Al Omar Oil Field", "Deir ez Zor", 35.151, 40.579, "SYR"),
    ("Conoco Gas Field", "Deir ez Zor", 35.341, 40.309, "SYR"),
    ("Shaddadi", "Al Hasakeh", 36.061, 40.731, "SYR"),
    ("Kharab al Jir", "Al Hasakeh", 36.898, 41.998, "SYR"),
    ("Al Tanf", "Homs", 33.506, 38.618, "SYR"),
    ("Ain al Asad Airbase", "Al Anbar", 33.786, 42.441, "IRQ"),
    ("Tower 22", "Mafraq", 33.32, 38.69, "JOR"),
)
MILITIA_AREAS = (
    ("Al Mayadin", "Deir ez Zor", 35.0196, 40.4517, "SYR"),
    ("Abu Kamal", "Deir ez Zor", 34.4528, 40.9186, "SYR"),
    ("Deir ez Zor", "Deir ez Zor", 35.3359, 40.1408, "SYR"),
    ("Al Quriyah", "Deir ez Zor", 34.96, 40.53, "SYR"),
    ("Hatla", "Deir ez Zor", 35.36, 40.19, "SYR"),
    ("Al Qaim", "Al Anbar", 34.37, 41.09, "IRQ"),
)
MILITIA_HOMES = (5, 1, 0, 2, 3, 4)
"""Each militia's home area (index into :data:`MILITIA_AREAS`, in :data:`MILITIAS` order):
Kataib Hezbollah in Al-Qaim, al-Nujaba in Abu Kamal, the Islamic Resistance in Al Mayadin..."""
REACH_KM = 150.0
"""A militia picks the base it fires at with weight ``exp(-km / REACH_KM)`` from home."""
HOME_SHARE = 0.7
"""Share of US answers that hit the attacking militia's home area."""
_SYLLABLES = ("Tal", "Abu", "Ain", "Khirbet", "Hawi", "Jadid", "Shaikh", "Umm", "Bir", "Kasra")
_ROOTS = ("Hamad", "Salim", "Nour", "Jurdi", "Hasan", "Baqqara", "Ghanem", "Shuheil", "Zir", "Ali")
_GOVERNORATES = (
    ("Deir ez Zor", 34.5, 35.6, 39.9, 41.0),
    ("Al Hasakeh", 35.9, 37.1, 40.3, 42.2),
    ("Ar Raqqa", 35.6, 36.3, 38.5, 39.6),
    ("Homs", 33.4, 34.8, 37.5, 39.0),
)


@dataclass(frozen=True)
class Place:
    """A location as ACLED writes it."""

    name: str
    admin1: str
    lat: float
    lon: float
    iso3: str


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places (km)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dl = math.radians(b.lon - a.lon)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(h, 1.0)))


def villages(rng: random.Random, n: int) -> list[Place]:
    """``n`` made-up villages spread over four governorates (distinct names)."""
    out = []
    for i in range(n):
        gov, la0, la1, lo0, lo1 = _GOVERNORATES[i % len(_GOVERNORATES)]
        name = f"{rng.choice(_SYLLABLES)} {rng.choice(_ROOTS)} {i}"
        out.append(
            Place(
                name, gov, round(rng.uniform(la0, la1), 4), round(rng.uniform(lo0, lo1), 4), "SYR"
            )
        )
    return out
