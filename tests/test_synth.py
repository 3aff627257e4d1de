"""The synthetic ACLED generator: deterministic, realistic enough, with known chains."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

from tatgraph.loaders.acled.read import AcledReader
from tatgraph.reference import Reference
from tatgraph.synth import (
    CURRENT,
    MILITIA_AREAS,
    MILITIA_HOMES,
    MILITIAS,
    Place,
    distance_km,
    main,
    truth_links,
    write_files,
)


def test_same_seed_same_file(tmp_path: Path) -> None:
    a = write_files(tmp_path / "a.csv", rows=500, seed=1)
    write_files(tmp_path / "b.csv", rows=500, seed=1)
    write_files(tmp_path / "c.csv", rows=500, seed=2)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.truth.csv").read_bytes() == (tmp_path / "b.truth.csv").read_bytes()
    assert (tmp_path / "a.csv").read_bytes() != (tmp_path / "c.csv").read_bytes()
    assert a.rows == 500


def test_rows_sides_and_ground_truth(tmp_path: Path, reference: Reference) -> None:
    stats = write_files(tmp_path / "s.csv", rows=3000, seed=8)
    with (tmp_path / "s.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3000
    assert list(rows[0]) == CURRENT
    days = [date.fromisoformat(r["event_date"]) for r in rows]
    assert days == sorted(days)  # date order, as ACLED exports come
    by_id = {r["event_id_cnty"]: r for r in rows}
    assert len(by_id) == 3000
    links = list(truth_links(tmp_path / "s.truth.csv"))
    assert len(links) == stats.links > 100
    for link in links:  # every answer is later than what it answers, between the two camps
        later, earlier = (
            by_id[link.event.removeprefix("acled:")],
            by_id[link.responds_to.removeprefix("acled:")],
        )
        assert later["event_date"] >= earlier["event_date"]
        us = "Military Forces of the United States (2021-)"
        assert (us in (later["actor1"], later["assoc_actor_1"])) != (
            us in (earlier["actor1"], earlier["assoc_actor_1"])
        )
    chains = Counter(r["chain"] for r in csv.DictReader((tmp_path / "s.truth.csv").open()))
    assert max(chains.values()) + 1 >= 11  # some chains are at least 11 events long
    assert stats.longest_chain >= 11
    kinds = Counter(r["sub_event_type"] for r in rows)
    assert kinds["Peaceful protest"] > 0
    assert kinds["Armed clash"] > 0
    reader = AcledReader(reference)
    for _ in reader.batches([tmp_path / "s.csv"]):
        pass
    assert reader.tally.skipped == stats.skipped_kind_rows
    assert reader.tally.rejected == 0


def test_answers_land_where_the_other_side_sits(tmp_path: Path) -> None:
    """A US answer strikes the attacking militia's home area (most of the time), not the
    base it attacked: tens to hundreds of km away; a militia fires at bases in its reach."""
    write_files(tmp_path / "s.csv", rows=6000, seed=3)
    with (tmp_path / "s.csv").open(encoding="utf-8", newline="") as fh:
        by_id = {r["event_id_cnty"]: r for r in csv.DictReader(fh)}
    areas = {a[0] for a in MILITIA_AREAS}
    homes = {MILITIAS[m][0]: MILITIA_AREAS[h][0] for m, h in enumerate(MILITIA_HOMES)}
    at_home, km = [], []
    for link in truth_links(tmp_path / "s.truth.csv"):
        answer = by_id[link.event.removeprefix("acled:")]
        attack = by_id[link.responds_to.removeprefix("acled:")]
        place = (float(answer["latitude"]), float(answer["longitude"]))
        there = (float(attack["latitude"]), float(attack["longitude"]))
        km.append(distance_km(Place("", "", *place, ""), Place("", "", *there, "")))
        if answer["location"] in areas:  # a US answer
            at_home.append(answer["location"] == homes[answer["actor2"]])
    assert 0.65 < sum(at_home) / len(at_home) < 0.85  # HOME_SHARE, and chance for the rest
    km.sort()
    assert 50 < km[len(km) // 2] < 200  # median: the theatre's scale, not the same town
    assert km[9 * len(km) // 10] > 200  # a tenth lie more than 200 km away
    assert min(km) > 10


def test_command_line(tmp_path: Path, capsys: object) -> None:
    main(["--rows", "50", "--seed", "3", "-o", str(tmp_path / "x.csv"), "--layout", "2020"])
    text = (tmp_path / "x.csv").read_bytes()
    assert text.startswith(b"data_id,iso,event_id_cnty")
    assert b"\r\n" in text
    assert (tmp_path / "x.truth.csv").is_file()
