"""Synthetic ACLED exports with known action-response chains (for scale tests and linking).

The generator writes rows in any of the layouts ACLED has shipped (``current``: the
31-column codebook layout; ``2020``: ``data_id`` ... ``iso3`` with numeric inter codes,
``9-May-20`` dates and CRLF; ``legacy``: upper-case headers, ``ALLY_ACTOR_*``, DD/MM/YYYY
dates, Windows-1252, a trailing empty column). The same seed gives the same events in every
layout, so loading any of them must give the same graph.

What it contains, day by day over 2017-2024 in eastern Syria (and a few in Iraq and Jordan):

- **chains**: an Iran-aligned militia attack on a US/coalition site (rockets, mortars,
  drones), the US answer (airstrikes on militia sites) 1-4 days later, the militia's
  counter-answer, and so on: 2 to 14 events, a tenth of chains at least 11 long. Every
  answer is written to the ground-truth file (``event_id_cnty,responds_to,chain,lag_days``).
  Answers land where the other side sits, as they do in this theatre: each militia has a
  home area (:data:`MILITIA_HOMES`) and fires at the bases within its reach (a base is
  picked with weight ``exp(-km / REACH_KM)`` from home), and the US answers at the
  attacking militia's home area (:data:`HOME_SHARE` of the time) or another militia area
  -- tens to hundreds of km from the attack it answers (a base in Jordan answered in
  Al-Qaim, 280 km away);
- **background**: ISIS IEDs and clashes with the SDF, Syrian army shelling, Turkish drone
  strikes, Israeli airstrikes, interceptions, and rows tatgraph does not load (protests,
  attacks on civilians, arrests), which the loader must report as skipped.

US forces often appear only as an associated actor of the "Global Coalition Against Daesh",
as in real ACLED data.

    python -m tatgraph.synth --rows 100000 --seed 7 -o acled.csv   # + acled.truth.csv

>>> import io
>>> out, truth = io.StringIO(), io.StringIO()
>>> stats = write(out, truth, rows=200, seed=1)
>>> stats.rows, out.getvalue().count("\\n") - 1 >= 200, stats.links > 0
(200, True, True)
"""

from __future__ import annotations

import argparse
import csv
import heapq
import math
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from ..loaders.acled.records import EVENT_PREFIX
from ..model import ResponseLink
from .layouts import CURRENT, LAYOUT_2020, LAYOUTS, LEGACY, long_date, render
from .places import (
    BASES,
    HOME_SHARE,
    MILITIA_AREAS,
    MILITIA_HOMES,
    REACH_KM,
    Place,
    distance_km,
    villages,
)

US = ("Military Forces of the United States (2021-)", 8)
COALITION = ("Global Coalition Against Daesh", 8)
MILITIAS = (
    ("Kataib Hezbollah", 3),
    ("Harakat Hezbollah al Nujaba", 3),
    ("Islamic Resistance in Iraq", 3),
    ("Liwa Fatemiyoun", 3),
    ("Unidentified Armed Group (Syria)", 3),
    ("Local Defense Forces", 3),
)
SDF = ("SDF: Syrian Democratic Forces", 2)
ISIS = ("Islamic State (Syria)", 2)
SYRIA = ("Military Forces of Syria (2000-2024)", 1)
TURKEY = ("Military Forces of Turkey (2016-)", 8)
ISRAEL = ("Military Forces of Israel (2022-)", 8)
CIVILIANS = ("Civilians (Syria)", 7)
PROTESTERS = ("Protesters (Syria)", 6)
TRIBES = ("Shaitat Tribal Militia (Syria)", 4)

START = date(2017, 1, 1)
END = date(2024, 12, 31)


@dataclass
class SynthStats:
    """What :func:`write` produced."""

    rows: int = 0
    links: int = 0
    chains: int = 0
    longest_chain: int = 0
    skipped_kind_rows: int = 0


@dataclass(order=True)
class _Pending:
    day: date
    seq: int
    chain: int = 0
    step: int = 0
    length: int = 0
    answers: str = ""
    answers_day: date = START
    militia: int = 0


class Generator:
    """Streams synthetic ACLED events in date order (see the module docstring)."""

    def __init__(self, rows: int, seed: int) -> None:
        self.rows = rows
        self.rng = random.Random(seed)
        self.villages = villages(self.rng, max(50, min(5000, rows // 100)))
        self.bases = [Place(*b) for b in BASES]
        self.areas = [Place(*a) for a in MILITIA_AREAS]
        self.reach = [
            [math.exp(-distance_km(self.areas[home], base) / REACH_KM) for base in self.bases]
            for home in MILITIA_HOMES
        ]
        self.next_id = 1
        self.stats = SynthStats()
        self.pending: list[_Pending] = []
        self._seq = 0

    def _id(self, iso3: str) -> str:
        self.next_id += 1
        return f"{iso3}{self.next_id + 10000}"

    def events(self) -> Iterator[tuple[dict[str, Any], tuple[str, str, int, int] | None]]:
        """(row fields, ground-truth link or None) until ``rows`` rows, in date order."""
        days = (END - START).days + 1
        per_day = self.rows / days
        produced = 0
        day = START
        while produced < self.rows:
            quota = int(per_day * (day - START).days + per_day) - produced
            if day >= END:
                quota = self.rows - produced
            for _ in range(max(0, quota)):
                if produced >= self.rows:
                    break
                yield self._one(day)
                produced += 1
            day = min(day + timedelta(days=1), END)

    def _one(self, day: date) -> tuple[dict[str, Any], tuple[str, str, int, int] | None]:
        rng = self.rng
        if self.pending and self.pending[0].day <= day:
            return self._respond(heapq.heappop(self.pending), day)
        r = rng.random()
        if r < 0.12:
            return self._start_chain(day)
        return self._background(day), None

    # -- chains ------------------------------------------------------------------------------
    def _start_chain(self, day: date) -> tuple[dict[str, Any], None]:
        rng = self.rng
        self.stats.chains += 1
        length = rng.randint(11, 14) if rng.random() < 0.1 else rng.randint(2, 8)
        militia = rng.randrange(len(MILITIAS))
        row = self._militia_attack(day, militia)
        self._schedule(day, self.stats.chains, 1, length, row["event_id_cnty"], militia)
        return row, None

    def _schedule(
        self, day: date, chain: int, step: int, length: int, answers: str, militia: int
    ) -> None:
        if step >= length:
            return
        self._seq += 1
        later = day + timedelta(days=self.rng.randint(1, 4))
        heapq.heappush(
            self.pending, _Pending(later, self._seq, chain, step, length, answers, day, militia)
        )

    def _respond(self, p: _Pending, day: date) -> tuple[dict[str, Any], tuple[str, str, int, int]]:
        row = (
            self._us_strike(day, p.militia) if p.step % 2 else self._militia_attack(day, p.militia)
        )
        link = (row["event_id_cnty"], p.answers, p.chain, (day - p.answers_day).days)
        self.stats.links += 1
        self.stats.longest_chain = max(self.stats.longest_chain, p.step + 1)
        self._schedule(day, p.chain, p.step + 1, p.length, row["event_id_cnty"], p.militia)
        return row, link

    def _militia_attack(self, day: date, militia: int) -> dict[str, Any]:
        rng = self.rng
        base = rng.choices(self.bases, weights=self.reach[militia])[0]
        weapon, sub = rng.choice(
            (
                ("rockets", "Shelling/artillery/missile attack"),
                ("mortar rounds", "Shelling/artillery/missile attack"),
                ("drones", "Air/drone strike"),
            )
        )
        n = rng.randint(1, 8)
        actor = MILITIAS[militia]
        target, assoc2 = (US, "") if rng.random() < 0.6 else (COALITION, US[0])
        killed = 0 if rng.random() < 0.85 else rng.randint(1, 3)
        notes = (
            f"On {long_date(day)}, {actor[0]} fired {n} {weapon} at the US-led coalition base at "
            f"{base.name}. {'No casualties were reported.' if not killed else f'{killed} killed.'}"
        )
        return self._row(
            day, base, "Explosions/Remote violence", sub, actor, "", target, assoc2, notes, killed
        )

    def _us_strike(self, day: date, militia: int) -> dict[str, Any]:
        rng = self.rng
        home = self.areas[MILITIA_HOMES[militia]]
        area = home if rng.random() < HOME_SHARE else rng.choice(self.areas)
        actor, assoc1 = (US, "") if rng.random() < 0.5 else (COALITION, US[0])
        killed = rng.choice((0, 0, 1, 2, 4, 7))
        notes = (
            f"On {long_date(day)}, US warplanes carried out airstrikes on positions of "
            f"{MILITIAS[militia][0]} near {area.name} in response to attacks on the "
            "coalition’s forces. "
            f"{killed} fighters were reported killed."
        )
        return self._row(
            day,
            area,
            "Explosions/Remote violence",
            "Air/drone strike",
            actor,
            assoc1,
            MILITIAS[militia],
            "",
            notes,
            killed,
        )

    # -- everything else -----------------------------------------------------------------------
    def _background(self, day: date) -> dict[str, Any]:
        rng = self.rng
        place = rng.choice(self.villages)
        r = rng.random()
        if r < 0.22:
            notes = f"An IED planted by ISIS cells exploded near an SDF patrol in {place.name}."
            return self._row(
                day,
                place,
                "Explosions/Remote violence",
                "Remote explosive/landmine/IED",
                ISIS,
                "",
                SDF,
                "",
                notes,
                rng.choice((0, 1, 2)),
            )
        if r < 0.40:
            notes = f"SDF fighters clashed with ISIS cells in {place.name}."
            return self._row(
                day,
                place,
                "Battles",
                "Armed clash",
                SDF,
                "",
                ISIS,
                "",
                notes,
                rng.choice((0, 1, 3)),
            )
        if r < 0.52:
            notes = f"Regime forces shelled villages around {place.name} with artillery."
            return self._row(
                day,
                place,
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
                SYRIA,
                "",
                SDF,
                "",
                notes,
                0,
            )
        if r < 0.58:
            notes = f"A Turkish drone struck an SDF vehicle near {place.name}."
            return self._row(
                day,
                place,
                "Explosions/Remote violence",
                "Air/drone strike",
                TURKEY,
                "",
                SDF,
                "",
                notes,
                rng.choice((0, 1, 2)),
            )
        if r < 0.62:
            area = rng.choice(self.areas)
            notes = f"Israeli jets struck Iran-backed militia depots near {area.name}."
            return self._row(
                day,
                area,
                "Explosions/Remote violence",
                "Air/drone strike",
                ISRAEL,
                "",
                MILITIAS[rng.randrange(len(MILITIAS))],
                "",
                notes,
                rng.choice((0, 2, 5)),
            )
        if r < 0.66:
            base = rng.choice(self.bases)
            notes = f"US air defences intercepted and shot down a drone approaching {base.name}."
            return self._row(
                day,
                base,
                "Strategic developments",
                "Disrupted weapons use",
                US,
                "",
                MILITIAS[rng.randrange(len(MILITIAS))],
                "",
                notes,
                0,
            )
        if r < 0.72:
            notes = f"Tribal fighters clashed with SDF members in {place.name}."
            return self._row(
                day, place, "Battles", "Armed clash", TRIBES, "", SDF, "", notes, rng.choice((0, 1))
            )
        self.stats.skipped_kind_rows += 1
        if r < 0.86:
            notes = f"Residents of {place.name} protested against SDF conscription."
            return self._row(
                day, place, "Protests", "Peaceful protest", PROTESTERS, "", ("", 0), "", notes, 0
            )
        if r < 0.94:
            notes = f"Unknown gunmen shot and killed a civilian in {place.name}."
            return self._row(
                day,
                place,
                "Violence against civilians",
                "Attack",
                ("Unidentified Armed Group (Syria)", 3),
                "",
                CIVILIANS,
                "",
                notes,
                1,
            )
        notes = f"SDF arrested suspected ISIS members in {place.name}."
        return self._row(
            day, place, "Strategic developments", "Arrests", SDF, "", ISIS, "", notes, 0
        )

    def _row(
        self,
        day: date,
        place: Place,
        event_type: str,
        sub: str,
        actor1: tuple[str, int],
        assoc1: str,
        actor2: tuple[str, int],
        assoc2: str,
        notes: str,
        killed: int,
    ) -> dict[str, Any]:
        rng = self.rng
        self.stats.rows += 1
        precision = 1 if rng.random() < 0.9 else rng.choice((2, 3))
        stamp = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
            days=rng.randint(2, 9), seconds=rng.randint(0, 86399)
        )
        return {
            "event_id_cnty": self._id(place.iso3),
            "day": day,
            "time_precision": precision,
            "event_type": event_type,
            "sub_event_type": sub,
            "actor1": actor1,
            "assoc_actor_1": assoc1,
            "actor2": actor2,
            "assoc_actor_2": assoc2,
            "iso3": place.iso3,
            "admin1": place.admin1,
            "location": place.name,
            "latitude": place.lat,
            "longitude": place.lon,
            "geo_precision": 1 if rng.random() < 0.8 else 2,
            "source": rng.choice(
                ("SOHR", "Deir Ezzor 24", "Syrian Observatory for Human Rights; SANA", "CENTCOM")
            ),
            "notes": notes,
            "fatalities": killed,
            "timestamp": int(stamp.timestamp()),
        }


def write(
    out: IO[str], truth: IO[str] | None, *, rows: int, seed: int, layout: str = "current"
) -> SynthStats:
    """Write ``rows`` synthetic rows (and the ground-truth links) to open text streams."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    gen = Generator(rows, seed)
    lineterminator = "\r\n" if layout != "current" else "\n"
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow(LAYOUTS[layout])
    truth_writer = csv.writer(truth, lineterminator="\n") if truth is not None else None
    if truth_writer is not None:
        truth_writer.writerow(["event_id_cnty", "responds_to", "chain", "lag_days"])
    for n, (fields, link) in enumerate(gen.events(), start=1):
        writer.writerow(render(fields, layout, n))
        if link is not None and truth_writer is not None:
            truth_writer.writerow(link)
    return gen.stats


def write_files(
    path: Path, *, rows: int, seed: int, layout: str = "current", truth: Path | None = None
) -> SynthStats:
    """Write an export to ``path`` and its ground truth to ``truth`` (default
    ``<stem>.truth.csv`` beside it)."""
    truth = truth or path.with_name(path.stem + ".truth.csv")
    encoding = "cp1252" if layout == "legacy" else "utf-8"
    with (
        path.open("w", encoding=encoding, newline="") as out,
        truth.open("w", encoding="utf-8", newline="") as tf,
    ):
        return write(out, tf, rows=rows, seed=seed, layout=layout)


def truth_links(path: Path) -> Iterator[ResponseLink]:
    """The ground-truth RESPONDS_TO links of a synthetic export (basis ``coded``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            yield ResponseLink(
                event=EVENT_PREFIX + rec["event_id_cnty"],
                responds_to=EVENT_PREFIX + rec["responds_to"],
                basis="coded",
                lag_hours=float(rec["lag_days"]) * 24.0,
                method="tatgraph.synth ground truth",
            )


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m tatgraph.synth --rows N --seed S -o out.csv``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True, help="number of data rows")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same file)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write")
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default="current")
    parser.add_argument("--truth", type=Path, default=None, help="ground-truth links file")
    args = parser.parse_args(argv)
    stats = write_files(
        args.output, rows=args.rows, seed=args.seed, layout=args.layout, truth=args.truth
    )
    sys.stdout.write(
        f"{stats.rows} rows ({stats.skipped_kind_rows} of kinds tatgraph skips), "
        f"{stats.chains} chains, {stats.links} ground-truth links, longest chain "
        f"{stats.longest_chain} events -> {args.output}\n"
    )


__all__ = [
    "CURRENT",
    "HOME_SHARE",
    "LAYOUTS",
    "LAYOUT_2020",
    "LEGACY",
    "MILITIAS",
    "MILITIA_AREAS",
    "MILITIA_HOMES",
    "REACH_KM",
    "Generator",
    "Place",
    "SynthStats",
    "distance_km",
    "main",
    "render",
    "truth_links",
    "write",
    "write_files",
]
