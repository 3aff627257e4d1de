"""The synthetic ACLED generator: deterministic, realistic enough, with known chains."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

from tatgraph.loaders.acled.read import AcledReader
from tatgraph.reference import Reference
from tatgraph.synth import CURRENT, main, truth_links, write_files


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


def test_command_line(tmp_path: Path, capsys: object) -> None:
    main(["--rows", "50", "--seed", "3", "-o", str(tmp_path / "x.csv"), "--layout", "2020"])
    text = (tmp_path / "x.csv").read_bytes()
    assert text.startswith(b"data_id,iso,event_id_cnty")
    assert b"\r\n" in text
    assert (tmp_path / "x.truth.csv").is_file()
