"""Issue 11 on crafted exports (never real ACLED rows): every country, every codebook type,
legacy remote violence, interceptions, rows with several bad fields."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from acled_rows import LEGACY, write_export

from tatgraph import queries
from tatgraph.errors import Problem
from tatgraph.graph.store import GraphStore
from tatgraph.link.graphio import run_link
from tatgraph.loaders.acled.countries import default_table
from tatgraph.loaders.acled.kinds import default_rules
from tatgraph.loaders.acled.load import RejectsFile, load_acled
from tatgraph.loaders.acled.read import AcledReader
from tatgraph.loaders.acled.records import AcledRow
from tatgraph.reference import Reference

NAMES = Path(__file__).parent / "data" / "acled_country_names.tsv"


def read_all(reference: Reference, path: Path) -> tuple[AcledReader, list[AcledRow], list[Problem]]:
    reader = AcledReader(reference)
    rows: list[AcledRow] = []
    problems: list[Problem] = []
    for batch in reader.batches([path]):
        rows += batch.rows
        problems += batch.problems
    assert reader.tally.balanced, reader.tally
    return reader, rows, problems


def country_rows() -> list[dict[str, str]]:
    """One row per country name of ACLED's lists, at the principal place of its capital's
    zone (the spelling as ACLED writes it, no code: the name alone must decide)."""
    table = default_table()
    rows = []
    for line in NAMES.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        region, name, iso3 = line.split("\t")
        _, lat, lon = table.by_iso3[iso3].zones[0]
        rows.append(
            {
                "iso": "",
                "country": name,
                "admin1": "",
                "location": f"Crafted place of {name}",
                "latitude": f"{lat:.4f}",
                "longitude": f"{lon:.4f}",
                "region": region,
                "notes": "An airstrike hit a crafted target.",
            }
        )
    return rows


def test_one_row_from_every_country_loads_with_none_rejected(
    store: GraphStore, tmp_path: Path
) -> None:
    rows = country_rows()
    regions = Counter(r["region"] for r in rows)
    assert len(rows) >= 240  # every spelling of the list
    assert len(regions) >= 9  # every continent
    path = write_export(tmp_path / "world.csv", rows)
    with RejectsFile(tmp_path / "rejects.csv") as rejects:
        done = load_acled(store, [path], rejects=rejects)
    assert done.tally.rejected == 0, list(csv.reader((tmp_path / "rejects.csv").open()))
    assert done.tally.stored == len(rows)
    countries = store.read("MATCH (e:Event)-[:AT]->(s:Site) RETURN DISTINCT s.country AS c")
    assert len(countries) >= 240  # distinct ISO codes (a few spellings share one)


def test_every_codebook_type_has_its_documented_outcome(
    reference: Reference, tmp_path: Path
) -> None:
    """A crafted row per sub_event_type (current layout) and per legacy event_type (the
    layout without sub_event_type): a kind where the table gives one, a skip with the
    table's reason otherwise."""
    rules = default_rules()
    notes = "Militia rockets were intercepted over the base."  # a weapon for every rule
    current = [
        {"sub_event_type": sub, "event_type": "x", "notes": notes} for sub in rules.sub_event_types
    ]
    legacy = [{"event_type": et, "notes": notes} for et in rules.event_types]
    for path, wanted, field in (
        (write_export(tmp_path / "current.csv", current), rules.sub_event_types, "sub_event_type"),
        (write_export(tmp_path / "legacy.csv", legacy, LEGACY), rules.event_types, "event_type"),
    ):
        _, rows, problems = read_all(reference, path)
        assert len(rows) + len(problems) == len(wanted)
        stored = {r.line - 1: r.kind for r in rows}
        skipped = {(p.line or 0) - 1: p for p in problems}
        for n, (name, entry) in enumerate(wanted.items(), 1):
            if entry.skip is not None:
                p = skipped[n]
                assert (p.status, p.field, p.value) == ("skipped", field, name)
                assert p.reason == f"{field} {name!r}: {entry.skip}"
            else:
                types = ("x", name) if field == "sub_event_type" else (name, "")
                assert stored[n] is rules.choose(*types, notes, 8), name
                assert entry.kind is None or stored[n] is entry.kind


@pytest.mark.parametrize(
    ("notes", "kind"),
    [
        (
            "Unknown men set off a bomb near the market; the detonation wounded three.",
            "explosive_attack",
        ),
        ("A bomb blast killed eleven at a crafted checkpoint.", "explosive_attack"),
        ("Explosives were detonated under a crafted bridge.", "explosive_attack"),
        ("An air raid reportedly killed 20 militants in a crafted camp.", "airstrike"),
        ("Government forces shot down a crafted drone.", "intercept"),
    ],
)
def test_legacy_remote_violence_rows_are_strikes(
    reference: Reference, tmp_path: Path, notes: str, kind: str
) -> None:
    row = {
        "event_type": "Remote violence",
        "notes": notes,
        "event_date": "12/03/2016",
        "year": "2016",
    }
    path = write_export(tmp_path / "legacy.csv", [row], LEGACY)
    _, rows, problems = read_all(reference, path)
    assert problems == []
    assert rows[0].kind.value == kind


def test_legacy_seizures_and_defusals_stay_skipped(reference: Reference, tmp_path: Path) -> None:
    rows = [
        {"event_type": "Remote violence", "notes": "Police defused a crafted roadside bomb."},
        {"event_type": "Remote violence", "notes": "Troops seized a cache of crafted mortars."},
    ]
    _, stored, problems = read_all(reference, write_export(tmp_path / "l.csv", rows, LEGACY))
    assert stored == []
    assert [p.status for p in problems] == ["skipped", "skipped"]


INTERCEPTION = {
    "event_type": "Strategic developments",
    "sub_event_type": "Disrupted weapons use",
    "actor1": "Military Forces of the United States (2021-)",
    "inter1": "External/Other forces",
    "actor2": "Islamic Resistance in Iraq",
    "inter2": "Political militia",
    "country": "Iraq",
    "admin1": "Al Anbar",
    "location": "Ain al-Asad",
    "latitude": "33.7856",
    "longitude": "42.4412",
    "event_date": "2024-01-05",
    "notes": "US air defences shot down two drones launched at Ain al-Asad by the Islamic "
    "Resistance in Iraq.",
}
NEXT_DAY_MISSILES = {
    "sub_event_type": "Shelling/artillery/missile attack",
    "actor1": "Islamic Resistance in Iraq",
    "inter1": "Political militia",
    "actor2": "Military Forces of the United States (2021-)",
    "inter2": "External/Other forces",
    "location": "Ain al-Asad",
    "latitude": "33.7856",
    "longitude": "42.4412",
    "event_date": "2024-01-06",
    "timestamp": "1704600000",
    "notes": "The Islamic Resistance in Iraq fired missiles at Ain al-Asad air base.",
}


def test_an_interception_is_the_launchers_attack_on_the_defender(
    store: GraphStore, tmp_path: Path
) -> None:
    path = write_export(tmp_path / "i.csv", [INTERCEPTION, NEXT_DAY_MISSILES])
    load_acled(store, [path])
    roles = {(r["event"], r["role"], r["actor"]) for r in queries.run(store, "link_roles")}
    assert ("acled:TST1", "perpetrator", "islamic_resistance_iraq") in roles
    assert ("acled:TST1", "target", "us_forces") in roles  # who intercepted: the defender
    assert ("acled:TST1", "perpetrator", "us_forces") not in roles
    run = run_link(store, dry_run=True)
    answers = {(x.event, x.responds_to) for x in run.proposed}
    # the launcher's next attack on the same defender does not answer its own interception
    assert ("acled:TST2", "acled:TST1") not in answers


def test_a_row_with_several_bad_fields_reports_each(store: GraphStore, tmp_path: Path) -> None:
    bad = {
        "event_date": "2024-02-30",
        "fatalities": "many",
        "latitude": "95.5",
        "geo_precision": "7",
        "timestamp": "soon",
    }
    path = write_export(tmp_path / "b.csv", [bad, {}])
    out = tmp_path / "rejects.csv"
    with RejectsFile(out) as rejects:
        done = load_acled(store, [path], rejects=rejects)
    assert (done.tally.read, done.tally.stored, done.tally.rejected) == (2, 1, 1)
    lines = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted(r["field"] for r in lines) == [
        "event_date",
        "fatalities",
        "geo_precision",
        "latitude",
        "timestamp",
    ]
    assert {(r["line"], r["event_id_cnty"], r["status"]) for r in lines} == {
        ("2", "TST1", "rejected")
    }
    assert {r["field"]: r["reason"] for r in lines}["fatalities"] == "not a number"
    assert done.tally.reasons["rejected: fatalities: not a number"] == 1


# -- responses stated in the notes ---------------------------------------------------------
DRONES_ON_THE_BASE = {
    "sub_event_type": "Air/drone strike",
    "actor1": "Islamic Resistance in Iraq",
    "inter1": "Political militia",
    "actor2": "Military Forces of the United States (2021-)",
    "inter2": "External/Other forces",
    "location": "Ain al-Asad",
    "latitude": "33.7856",
    "longitude": "42.4412",
    "event_date": "2024-01-04",
    "timestamp": "1704400000",
    "notes": "Crafted: the Islamic Resistance in Iraq flew two drones into Ain al-Asad.",
}
ROCKETS_ELSEWHERE = {
    **DRONES_ON_THE_BASE,
    "sub_event_type": "Shelling/artillery/missile attack",
    "location": "Al Qaim",
    "latitude": "34.3687",
    "longitude": "41.0945",
    "notes": "Crafted: the same group fired rockets at a US post near Al Qaim.",
}
THE_ANSWER = {
    "sub_event_type": "Air/drone strike",
    "actor1": "Military Forces of the United States (2021-)",
    "inter1": "External/Other forces",
    "actor2": "Islamic Resistance in Iraq",
    "inter2": "Political militia",
    "location": "Jurf al-Sakhar",
    "latitude": "32.8897",
    "longitude": "44.1097",
    "admin1": "Babil",
    "event_date": "2024-01-05",
    "timestamp": "1704500000",
    "notes": "Crafted: US jets struck a militia depot at Jurf al-Sakhar in retaliation for the "
    "drone attack on Ain al-Asad on 4 January.",
}
NOTHING_TO_ANSWER = {
    **THE_ANSWER,
    "location": "Al Qaim",
    "latitude": "34.3687",
    "longitude": "41.0945",
    "admin1": "Al Anbar",
    "notes": "Crafted: US jets hit a militia truck in response to an attack on 1 December.",
}

STATED = (
    "MATCH (b:Event)-[r:RESPONDS_TO]->(a:Event) RETURN b.id AS b, a.id AS a, r.basis AS basis,"
    " r.cue AS cue, r.source AS source, r.lag_hours AS lag ORDER BY b.id, a.id"
)


def test_a_response_stated_in_the_notes_becomes_a_stated_link(
    store: GraphStore, tmp_path: Path
) -> None:
    path = write_export(
        tmp_path / "s.csv", [DRONES_ON_THE_BASE, ROCKETS_ELSEWHERE, THE_ANSWER, NOTHING_TO_ANSWER]
    )
    out = tmp_path / "rejects.csv"
    with RejectsFile(out) as rejects:
        done = load_acled(store, [path], rejects=rejects)
    assert (done.tally.stored, done.stated, done.unlinked) == (4, 1, 1)
    [link] = store.read(STATED)
    # the same day holds two attacks by that group on US forces: the cue's place and weapon
    # (a drone attack on Ain al-Asad) single out the first
    assert (link["b"], link["a"], link["basis"]) == ("acled:TST3", "acled:TST1", "stated")
    assert link["cue"] == "in retaliation for the drone attack on Ain al-Asad on 4 January"
    assert str(link["source"]).startswith("acled:export:")
    assert link["lag"] == 24.0
    [unlinked] = [
        r for r in csv.DictReader(out.open(encoding="utf-8")) if r["status"] == "unlinked"
    ]
    assert (unlinked["event_id_cnty"], unlinked["field"]) == ("TST4", "notes")
    assert unlinked["value"] == "in response to an attack on 1 December"
    assert "no stored event on 2023-12-01" in unlinked["reason"]
    # idempotent: the same export again changes no link
    again = load_acled(store, [path])
    assert again.stated == 1
    assert again.stats.created["RESPONDS_TO"] == 0
    assert store.read(STATED) == [link]


def test_a_cue_that_fits_several_events_is_reported_not_guessed(
    store: GraphStore, tmp_path: Path
) -> None:
    both = {
        **THE_ANSWER,
        "notes": "Crafted: jets struck in retaliation for the attacks of 4 January.",
    }
    vague = {**THE_ANSWER, "notes": "Crafted: US jets struck a depot in retaliation for attacks."}
    path = write_export(tmp_path / "v.csv", [DRONES_ON_THE_BASE, ROCKETS_ELSEWHERE, both, vague])
    out = tmp_path / "rejects.csv"
    with RejectsFile(out) as rejects:
        done = load_acled(store, [path], rejects=rejects)
    assert (done.stated, done.unlinked) == (0, 2)
    assert store.read(STATED) == []
    rows = [r for r in csv.DictReader(out.open(encoding="utf-8")) if r["status"] == "unlinked"]
    reasons = {r["event_id_cnty"]: r["reason"] for r in rows}
    assert "2 stored events on 2024-01-04 by the other side" in reasons["TST3"]
    assert "gives neither the day nor a place" in reasons["TST4"]


def test_a_cue_links_to_an_event_of_an_earlier_load(store: GraphStore, tmp_path: Path) -> None:
    load_acled(store, [write_export(tmp_path / "first.csv", [DRONES_ON_THE_BASE])])
    later = {**THE_ANSWER, "event_id_cnty": "TST9"}
    done = load_acled(store, [write_export(tmp_path / "second.csv", [later])])
    assert done.stated == 1
    assert [(r["b"], r["a"]) for r in store.read(STATED)] == [("acled:TST9", "acled:TST1")]


def test_a_cue_with_a_place_and_no_day_looks_back_thirty_days(
    store: GraphStore, tmp_path: Path
) -> None:
    """No day in the note: the named event started at most 30 days before the answer."""
    cue = "Crafted: US jets struck a depot in retaliation for the drone attack on Ain al-Asad."
    soon = {**THE_ANSWER, "event_date": "2024-01-20", "timestamp": "1705800000", "notes": cue}
    late = {**THE_ANSWER, "event_date": "2024-02-20", "timestamp": "1708500000", "notes": cue}
    path = write_export(tmp_path / "w.csv", [DRONES_ON_THE_BASE, soon, late])
    out = tmp_path / "rejects.csv"
    with RejectsFile(out) as rejects:
        done = load_acled(store, [path], rejects=rejects)
    assert (done.tally.stored, done.stated, done.unlinked) == (3, 1, 1)
    assert [(r["b"], r["a"]) for r in store.read(STATED)] == [("acled:TST2", "acled:TST1")]
    [unlinked] = [
        r for r in csv.DictReader(out.open(encoding="utf-8")) if r["status"] == "unlinked"
    ]
    assert unlinked["event_id_cnty"] == "TST3"
    assert "no stored event in the 30 days before" in unlinked["reason"]


def test_a_cue_never_names_an_event_outside_the_dyad(store: GraphStore, tmp_path: Path) -> None:
    """The day and the place fit, but the event on that day is between two other parties."""
    others = {
        **DRONES_ON_THE_BASE,
        "actor1": "Islamic State (Iraq)",
        "inter1": "Rebel group",
        "actor2": "Military Forces of Iraq (2022-)",
        "inter2": "State forces",
    }
    path = write_export(tmp_path / "d.csv", [others, THE_ANSWER])
    out = tmp_path / "rejects.csv"
    with RejectsFile(out) as rejects:
        done = load_acled(store, [path], rejects=rejects)
    assert (done.tally.stored, done.stated, done.unlinked) == (2, 0, 1)
    assert store.read(STATED) == []
    [unlinked] = [
        r for r in csv.DictReader(out.open(encoding="utf-8")) if r["status"] == "unlinked"
    ]
    assert "no stored event on 2024-01-04 by the other side" in unlinked["reason"]


def test_a_revised_row_withdraws_the_link_its_notes_no_longer_state(
    store: GraphStore, tmp_path: Path
) -> None:
    """A newer export revises the answer's notes: the old stated link goes, the new one (or
    none) is what the notes now state; another export's stated link stays."""
    other = {**THE_ANSWER, "event_id_cnty": "TST9", "timestamp": "1704500001"}
    load_acled(store, [write_export(tmp_path / "other.csv", [DRONES_ON_THE_BASE, other])])
    first = write_export(tmp_path / "v1.csv", [DRONES_ON_THE_BASE, ROCKETS_ELSEWHERE, THE_ANSWER])
    assert load_acled(store, [first]).stated == 1
    assert [(r["b"], r["a"]) for r in store.read(STATED)] == [
        ("acled:TST3", "acled:TST1"),
        ("acled:TST9", "acled:TST1"),
    ]
    rockets = {
        **THE_ANSWER,
        "notes": "Crafted: US jets struck a depot in retaliation for the rocket fire near Al Qaim "
        "on 4 January.",
    }
    second = write_export(tmp_path / "v2.csv", [DRONES_ON_THE_BASE, ROCKETS_ELSEWHERE, rockets])
    done = load_acled(store, [second])
    assert (done.stated, done.withdrawn) == (1, 1)
    assert [(r["b"], r["a"]) for r in store.read(STATED)] == [
        ("acled:TST3", "acled:TST2"),
        ("acled:TST9", "acled:TST1"),
    ]
    plain = {**THE_ANSWER, "notes": "Crafted: US jets struck a militia depot."}
    third = write_export(tmp_path / "v3.csv", [DRONES_ON_THE_BASE, ROCKETS_ELSEWHERE, plain])
    done = load_acled(store, [third])
    assert (done.stated, done.withdrawn) == (0, 1)
    assert [(r["b"], r["a"]) for r in store.read(STATED)] == [("acled:TST9", "acled:TST1")]
    assert load_acled(store, [third]).withdrawn == 0  # idempotent


def test_the_citation_manifest_and_cite(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tatgraph.cli import app

    path = write_export(
        tmp_path / "m.csv",
        [DRONES_ON_THE_BASE, THE_ANSWER, {"sub_event_type": "Arrests"}, {"fatalities": "x"}],
    )
    graph, manifest = tmp_path / "g.lbdb", tmp_path / "cite.json"
    args = ["load", "acled", str(path), "-g", str(graph), "--rejects", str(tmp_path / "r.csv")]
    args += ["--manifest", str(manifest), "--accessed", "2026-11-30"]
    runner = CliRunner()
    assert runner.invoke(app, args).exit_code == 0
    [entry] = json.loads(manifest.read_text(encoding="utf-8"))["exports"]
    assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry["accessed"] == "2026-11-30"
    assert entry["event_dates"] == ["2024-01-04", "2024-01-05"]
    assert entry["countries"] == ["IRQ"]
    assert entry["event_types"] == {"Explosions/Remote violence / Air/drone strike": 2}
    assert entry["rows"] == {"read": 4, "stored": 2, "skipped": 1, "rejected": 1}
    assert entry["timestamps"] == ["2024-01-04T20:26:40+00:00", "2024-01-06T00:13:20+00:00"]
    assert runner.invoke(app, args).exit_code == 0  # a reload replaces the entry
    assert len(json.loads(manifest.read_text(encoding="utf-8"))["exports"]) == 1
    shown = runner.invoke(app, ["cite", "--manifest", str(manifest)])
    assert shown.exit_code == 0
    assert "Armed Conflict Location & Event Data Project (ACLED)" in shown.output
    assert "Journal of Peace Research 47(5): 651-660" in shown.output
    assert f"SHA-256 {entry['sha256']}" in shown.output
    assert "accessed 2026-11-30" in shown.output
    assert "rows read 4: stored 2, skipped 1, rejected 1" in shown.output
    missing = runner.invoke(app, ["cite", "--manifest", str(tmp_path / "none.json")])
    assert missing.exit_code == 1
