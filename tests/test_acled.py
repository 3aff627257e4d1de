"""ACLED reader: layouts, mapping rules, and every kind of bad input (no database here)."""

from __future__ import annotations

import codecs
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from tatgraph.errors import InputError, Problem
from tatgraph.graph.rows import from_dataset
from tatgraph.loaders.acled.actors import ActorResolver, infer_side, load_aliases
from tatgraph.loaders.acled.codebook import parse_date, window
from tatgraph.loaders.acled.ids import IdSet
from tatgraph.loaders.acled.read import AcledReader, to_graph
from tatgraph.loaders.acled.records import AcledRow
from tatgraph.reference import Reference
from tatgraph.synth import write_files
from tatgraph.vocab import Kind, Side

CORPUS = Path(__file__).parent / "data" / "acled"
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def read(
    reference: Reference, *names: str | Path
) -> tuple[AcledReader, list[AcledRow], list[Problem]]:
    reader = AcledReader(reference)
    rows: list[AcledRow] = []
    problems: list[Problem] = []
    paths = [n if isinstance(n, Path) else CORPUS / n for n in names]
    for batch in reader.batches(paths, batch_size=4):
        rows += batch.rows
        problems += batch.problems
    assert reader.tally.balanced, reader.tally
    assert reader.tally.stored == len(rows)
    # one problem per bad field: a row with several has several, on its one line
    assert reader.tally.rejected + reader.tally.skipped == len({(p.file, p.line) for p in problems})
    return reader, rows, problems


def by_id(rows: list[AcledRow]) -> dict[str, AcledRow]:
    return {r.acled_id: r for r in rows}


# -- the current layout and the mapping rules ----------------------------------------------
def test_current_layout_kinds_sites_and_precision(reference: Reference) -> None:
    reader, rows, problems = read(reference, "current.csv")
    got = by_id(rows)
    assert {k: r.kind for k, r in got.items()} == {
        "SYR1001": Kind.AIRSTRIKE,  # a state's aircraft
        "SYR1002": Kind.AIRSTRIKE,
        "SYR1003": Kind.MORTAR_ATTACK,  # mortars named before rockets
        "SYR1004": Kind.GROUND_CLASH,
        "SYR1005": Kind.INTERCEPT,
        "SYR1008": Kind.AIRSTRIKE,
        "SYR1009": Kind.DRONE_ATTACK,  # a militia's drone
    }
    # gazetteer by name ("Al Mayadin", "Hajin"), by alias ("Al Omar Oil Field", "Tower 22")
    # and by distance ("Thiban village" 1 km from Dhiban); otherwise a new site
    assert got["SYR1001"].site_id == "al_mayadin"
    assert got["SYR1002"].site_id == "hajin"
    assert got["SYR1003"].site_id == "al_omar"
    assert got["SYR1004"].site_id == "dhiban"
    assert got["SYR1009"].site_id == "tower_22"
    assert got["SYR1008"].site_id == "acled:syr:khirbet_salim:35.6213_39.0447"
    assert (got["SYR1001"].precision.value, got["SYR1008"].precision.value) == ("day", "week")
    assert got["SYR1009"].precision.value == "month"
    assert got["SYR1009"].tz == "Asia/Amman"  # Jordan, from the numeric iso code 400
    assert [(p.record, p.status, p.field) for p in problems] == [
        ("SYR1006", "skipped", "sub_event_type"),  # a weapons seizure is not an intercept
        ("SYR1007", "skipped", "sub_event_type"),  # a protest
    ]
    assert "Peaceful protest" in problems[1].reason
    assert reader.tally.read == 9


def test_perpetrator_and_target_rule(reference: Reference) -> None:
    """One-sided kinds: actor1 + associates do it to actor2 + associates; a clash has no
    direction, so both sides are perpetrators and nobody is a target."""
    got = by_id(read(reference, "current.csv")[1])
    remote = got["SYR1003"]
    assert remote.perpetrators == (
        ("acled:unidentified_armed_group_syria", "reported"),
        ("harakat_al_nujaba", "reported"),
    )
    assert remote.targets == ("us_forces",)
    clash = got["SYR1004"]
    assert {a for a, _ in clash.perpetrators} == {"sdf", "acled:shaitat_tribal_militia_syria"}
    assert clash.targets == ()
    # Disrupted weapons use: actor1 (US) intercepted; the launcher (actor2) is the
    # perpetrator and the defender the target (the intercept convention)
    intercept = got["SYR1005"]
    assert intercept.kind is Kind.INTERCEPT
    assert intercept.perpetrators == (("acled:unidentified_armed_group_syria", "reported"),)
    assert intercept.targets == ("us_forces",)


def test_us_forces_found_among_associated_actors(reference: Reference) -> None:
    got = by_id(read(reference, "current.csv")[1])
    coalition = got["SYR1002"]
    assert [a for a, _ in coalition.perpetrators] == ["coalition_oir", "us_forces"]
    sides = {reference.actors[a].side for a, _ in coalition.perpetrators}
    assert sides == {Side.US_COALITION}
    rows = by_id(read(reference, "layout_2020.csv")[1])
    assert rows["IRQ2002"].targets == ("us_forces", "coalition_oir")


def test_new_actors_side_type_and_parent(reference: Reference) -> None:
    reader = AcledReader(reference)
    actors = {a.id: a for b in reader.batches([CORPUS / "current.csv"]) for a in b.actors}
    unit = actors["acled:military_forces_of_syria_air_force"]
    assert (unit.side, unit.part_of, unit.type.value) == (
        Side.SYRIAN_GOVERNMENT,
        ("syrian_army",),
        "state_military",
    )
    assert actors["acled:civilians_syria"].side is Side.NONE
    assert actors["acled:shaitat_tribal_militia_syria"].side is Side.TRIBAL
    assert actors["acled:shaitat_tribal_militia_syria"].type.value == "tribal_force"
    assert actors["acled:unidentified_armed_group_syria"].side is Side.UNKNOWN
    assert infer_side("Military Forces of Russia (2000-)", 8) is Side.RUSSIA
    assert infer_side("Some Local Group", None) is Side.UNKNOWN


def test_user_alias_file(reference: Reference, tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text('"Shaitat Tribal Militia (Syria)": arab_tribal_fighters\n', encoding="utf-8")
    aliases = load_aliases(path, reference.actors)
    resolver = ActorResolver(reference, aliases)
    hit = resolver.resolve("Shaitat Tribal Militia (Syria)", "4")
    assert (hit.id, hit.created) == ("arab_tribal_fighters", False)
    path.write_text("Someone: no_such_actor\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"aliases.yaml:1: field 'Someone': unknown actor id"):
        load_aliases(path, reference.actors)


def test_windows_per_time_precision() -> None:
    day = window(date(2023, 3, 23), "1", "Asia/Damascus")
    assert (day[0].isoformat(), day[1].isoformat()) == (
        "2023-03-22T21:00:00+00:00",
        "2023-03-23T21:00:00+00:00",
    )
    week = window(date(2023, 3, 23), "2", "Asia/Damascus")
    assert (week[1] - week[0]).days == 7
    assert week[0] < day[0]
    assert week[1] > day[1]
    month = window(date(2023, 2, 14), "3", "Asia/Baghdad")
    assert (month[0].isoformat(), month[1].isoformat()) == (
        "2023-01-31T21:00:00+00:00",
        "2023-02-28T21:00:00+00:00",
    )


def test_date_layouts() -> None:
    assert parse_date("2023-03-23") == date(2023, 3, 23)
    assert parse_date("9-May-20") == date(2020, 5, 9)
    assert parse_date("21 March 2020") == date(2020, 3, 21)
    assert parse_date("23/03/2017") == date(2017, 3, 23)
    assert parse_date("2023-03-23T00:00:00") == date(2023, 3, 23)
    with pytest.raises(ValueError, match="not a date"):
        parse_date("03/23/2023")


# -- other layouts and encodings -----------------------------------------------------------
def test_2020_layout(reference: Reference) -> None:
    got = by_id(read(reference, "layout_2020.csv")[1])
    assert got["SYR2001"].start.date() == date(2020, 5, 8)  # 9 May, local midnight in UTC
    assert got["SYR2001"].kind is Kind.AIRSTRIKE  # numeric inter code 8: a state's aircraft
    assert got["IRQ2002"].kind is Kind.ROCKET_ATTACK
    assert got["IRQ2002"].start.date() == date(2020, 3, 20)
    assert got["IRQ2002"].summary == 'Rockets hit the base; "no casualties", officials said.'
    assert got["IRQ2002"].site_id == "ain_al_asad"


def test_legacy_layout_cp1252_multiline_and_no_sub_event_type(reference: Reference) -> None:
    reader, rows, problems = read(reference, "legacy_cp1252.csv")
    got = by_id(rows)
    assert got["3001SYR"].kind is Kind.AIRSTRIKE  # "Remote violence" + "warplanes"
    assert got["3001SYR"].summary == (
        'US warplanes carried out an air strike on the town\'s edge; locals said "many" '
        "were hurt – Café owner."
    )
    assert got["3001SYR"].start.date() == date(2017, 3, 22)
    assert got["3002SYR"].kind is Kind.GROUND_CLASH
    assert ("us_forces", "reported") in got["3002SYR"].perpetrators  # from ALLY_ACTOR_1
    assert [(p.record, p.status) for p in problems] == [("3003SYR", "skipped")]
    assert reader.fallback_lines[str(CORPUS / "legacy_cp1252.csv")] == 1


def test_bom_utf16_and_mixed_encodings(reference: Reference) -> None:
    _, rows, _ = read(reference, "bom_utf8.csv", "utf16.tsv", "mixed_encoding.csv")
    got = by_id(rows)
    assert got["SYR4001"].summary == "Frappé"
    assert got["SYR4002"].kind is Kind.AIRSTRIKE  # UTF-16, tab separated
    assert got["SYR4003"].summary == "Café in UTF-8"
    assert got["SYR4004"].summary == "Café in cp1252"


# -- bad input: nothing is lost --------------------------------------------------------------
def test_bad_values_are_rejected_with_line_field_and_reason(reference: Reference) -> None:
    _, rows, problems = read(reference, "bad_values.csv")
    assert [r.acled_id for r in rows] == ["SYR5016"]
    found = [(p.line, p.record, p.field) for p in problems]
    assert found == [
        (2, "SYR5001", "event_date"),
        (3, "SYR5002", "event_date"),
        (4, "SYR5003", "event_date"),
        (5, "SYR5004", "event_date"),
        (6, "SYR5005", "fatalities"),
        (7, "SYR5006", "fatalities"),
        (8, "SYR5007", "fatalities"),
        (9, "SYR5008", "latitude"),
        (10, "SYR5009", "longitude"),
        (11, None, "event_id_cnty"),
        (12, "SYR5011", "time_precision"),
        (13, "SYR5012", "geo_precision"),
        (14, "SYR5013", "country"),
        (15, "SYR5014", "timestamp"),
        (16, "SYR5015", "latitude"),
    ]
    assert all(p.status == "rejected" for p in problems)
    assert problems[3].reason.startswith("the date's year 2022 disagrees with the year column")
    assert problems[4].value == "three"


def test_duplicate_ids_first_occurrence_wins(reference: Reference) -> None:
    _, rows, problems = read(reference, "duplicates.csv")
    assert [r.acled_id for r in rows] == ["SYR6001", "SYR6002", "SYR6003"]
    assert rows[1].killed == 2
    assert [(p.line, p.record, p.field) for p in problems] == [
        (4, "SYR6001", "event_id_cnty"),
        (5, "SYR6002", "event_id_cnty"),
    ]
    assert "duplicates.csv:3" in problems[1].reason


def test_quote_errors_cost_only_their_line(reference: Reference) -> None:
    _, rows, problems = read(reference, "quotes.csv")
    assert [r.acled_id for r in rows] == ["SYR7001", "SYR7003", "SYR7007", "SYR7009"]
    assert rows[-1].summary == 'multi-line notes with "doubled" quotes'
    reasons = {p.line or 0: p.reason for p in problems}
    assert sorted(reasons) == [3, 5, 6, 7, 9]
    assert reasons[3].startswith("a quote opened on this line is never closed")
    assert reasons[5].startswith("malformed CSV")
    assert reasons[6] == "10 cells but the header has 31"
    assert reasons[7] == "33 cells but the header has 31"
    assert "NUL" in reasons[9]


def test_enormous_field_is_rejected_and_reading_goes_on(
    reference: Reference, tmp_path: Path
) -> None:
    lines = (CORPUS / "header_only.csv").read_text(encoding="utf-8")
    row = (CORPUS / "bom_utf8.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    huge = row.replace("Frappé", "x" * 300_000)
    path = tmp_path / "huge.csv"
    path.write_text(
        lines + huge + "\n" + row.replace("SYR4001", "SYR4009") + "\n", encoding="utf-8"
    )
    _, rows, problems = read(reference, path)
    assert [r.acled_id for r in rows] == ["SYR4009"]
    assert (problems[0].field, problems[0].line) == ("notes", 2)
    assert "300,000 characters" in problems[0].reason
    assert problems[0].value is not None
    assert len(problems[0].value) < 300


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "empty file: no header row"),
        ("missing_columns.csv", "missing column(s) location, latitude, longitude"),
    ],
)
def test_unreadable_files_fail_before_anything_is_read(
    reference: Reference, name: str, message: str
) -> None:
    reader = AcledReader(reference)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(reader.batches([CORPUS / "current.csv", CORPUS / name]))
    assert reader.tally.read == 0  # the good file before it was not read either


def test_header_only_file_reads_nothing(reference: Reference) -> None:
    reader, rows, problems = read(reference, "header_only.csv")
    assert (reader.tally.read, rows, problems) == (0, [], [])


CELL = hs.text(hs.characters(codec="utf-8", exclude_characters="\r"), max_size=12)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=hs.lists(hs.lists(CELL, min_size=1, max_size=35), max_size=8))
def test_any_text_is_read_or_reported(
    reference: Reference, tmp_path: Path, cells: list[list[str]]
) -> None:
    """Whatever the bytes, every row is stored, rejected or skipped; nothing raises."""
    header = (CORPUS / "header_only.csv").read_text(encoding="utf-8")
    body = "".join(",".join(row) + "\n" for row in cells)
    path = tmp_path / "fuzz.csv"
    path.write_text(header + body, encoding="utf-8")
    reader = AcledReader(reference)
    for _ in reader.batches([path]):
        pass
    assert reader.tally.balanced


# -- the rows the bulk path writes are the rows the model would give -----------------------
def test_bulk_rows_equal_the_validated_model_rows(reference: Reference, tmp_path: Path) -> None:
    """The columns a batch hands to the graph give the rows its pydantic records give."""
    write_files(tmp_path / "s.csv", rows=600, seed=5)
    reader = AcledReader(reference)
    for batch in reader.batches([tmp_path / "s.csv", CORPUS / "current.csv"], batch_size=250):
        expected = from_dataset(batch.dataset(), now=NOW)  # pydantic-validated
        columns = to_graph(batch, NOW)
        assert set(columns.nodes) == set(expected.nodes)
        for name, table in expected.nodes.items():
            assert columns.nodes[name].equals(table), name
        assert set(columns.rels) == set(expected.rels)
        for name, table in expected.rels.items():
            assert columns.rels[name].equals(table), name
        assert set(columns.owners) == set(expected.owners)
        for name, owners in expected.owners.items():
            assert columns.owners[name].equals(owners), name
        if batch.rows:
            assert set(expected.nodes) >= {"Event", "Claim", "Source"}
            assert set(expected.rels) >= {"PERFORMED_BY", "AT", "ABOUT", "IN", "BY"}


def test_same_events_in_every_layout(reference: Reference, tmp_path: Path) -> None:
    rows = {}
    for layout in ("current", "2020", "legacy"):
        path = tmp_path / f"{layout}.csv"
        write_files(path, rows=400, seed=11, layout=layout)
        rows[layout] = read(reference, path)[1]
    plain = [
        (r.event_id, r.kind, r.start, r.end, r.site_id, r.perpetrators, r.targets, r.killed)
        for r in rows["current"]
    ]
    for layout in ("2020", "legacy"):
        other = [
            (r.event_id, r.kind, r.start, r.end, r.site_id, r.perpetrators, r.targets, r.killed)
            for r in rows[layout]
        ]
        if layout == "legacy":  # ids without the country prefix column: same ids here
            assert [o[0] for o in other] == [p[0] for p in plain]
        assert other == plain, layout
    assert all(r.first_reported is None for r in rows["legacy"])  # no timestamp column


def test_id_set() -> None:
    ids = IdSet()
    ids.add(IdSet.keys(["a", "b"]), [1, 2])
    ids.add(IdSet.keys(["c"]), [3])
    assert list(ids.find(IdSet.keys(["b", "x", "c"]))) == [2, -1, 3]
    assert ids.contains("a")
    assert not ids.contains("z")
    assert len(ids) == 3


def test_utf16_needs_its_bom(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "a,b\n".encode("utf-16-le"))
    from tatgraph.loaders.acled.csv import CsvTable

    assert CsvTable.open(path).header == ("a", "b")
