"""The columnar fast path reads exactly what the row path reads: records, rejects, the tally
and the graph (tatgraph/loaders/acled/lines.py and columnar.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from acled_rows import write_export
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from tatgraph.errors import InputError, Problem
from tatgraph.graph import open_store
from tatgraph.loaders.acled.csv import CsvTable, Record
from tatgraph.loaders.acled.kinds import KindRules, default_rules
from tatgraph.loaders.acled.lines import fast_csv, line_blocks
from tatgraph.loaders.acled.load import RejectsFile, load_acled
from tatgraph.loaders.acled.read import AcledReader
from tatgraph.reference import Reference, load_reference
from tatgraph.synth import write_files

CORPUS = Path(__file__).parent / "data" / "acled"
NOW = datetime(2025, 1, 1, tzinfo=UTC)

Outcome = tuple[str, Any]


def row_path_records(table: CsvTable) -> list[Outcome]:
    """Every record and problem of the row path, in the order it gives them."""
    problems: list[Problem] = []
    out: list[Outcome] = []
    for record in table.records(problems):
        out.extend(("problem", p) for p in problems)
        problems.clear()
        out.append(("record", tuple(record)))
    out.extend(("problem", p) for p in problems)
    return out


def fast_path_records(table: CsvTable, block_bytes: int) -> list[Outcome]:
    """The same, from the fast path's blocks (the simple lines' table and the others)."""
    out: list[Outcome] = []
    for block in line_blocks(table, block_bytes):
        items: list[tuple[int, Outcome]] = []
        columns = [block.table.column(n).to_pylist() for n in block.table.column_names]
        for k, (line, row) in enumerate(
            zip(block.lines.tolist(), block.rows.tolist(), strict=False)
        ):
            items.append((line, ("record", (line, row, [c[k] for c in columns]))))
        for line, got in block.others:
            if isinstance(got, Record):
                items.append((line, ("record", tuple(got))))
            else:
                items.append((line, ("problem", got)))
        items.sort(key=lambda item: item[0])  # stable: a line's outcomes keep their order
        out.extend(outcome for _, outcome in items)
    return out


def same_records(path: Path, **limits: int) -> None:
    row = CsvTable.open(path, **limits)
    expected = row_path_records(row)
    for block_bytes in (7, 300, 1 << 20):
        fast = CsvTable.open(path, **limits)
        assert fast_csv(fast)
        assert fast_path_records(fast, block_bytes) == expected, block_bytes
        assert fast.fallback_lines == row.fallback_lines


@pytest.mark.parametrize(
    "name", sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".csv" and p.stat().st_size)
)
def test_the_malformed_corpus_reads_the_same_records_both_ways(name: str) -> None:
    same_records(CORPUS / name)


def test_utf16_files_take_the_row_path() -> None:
    assert not fast_csv(CsvTable.open(CORPUS / "utf16.tsv"))


PIECES = [
    b"SYR1",
    b"x",
    b"",
    b",",
    b";",
    b'"',
    b'""',
    b'"q, r"',
    b'"a ""b"" c"',
    b'"two\nlines"',
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"\t",
    b"\x00",
    b"\xe9t\xe9",
    b"caf\xc3\xa9",
    b"\xff",
    b"y" * 40,
    b",,,,\n",
]


def test_a_place_first_named_in_a_row_of_no_known_country_keeps_the_next_rows_country(
    reference: Reference, tmp_path: Path
) -> None:
    """A row of an unknown country and a row of a known one naming the same new place: the
    known row's place and time zone are its own country's (a case random rows found: the
    fast path once took the place from the first row, whose country it read as another)."""
    base = {k: v[0] for k, v in CELLS.items()}
    new = {"location": "Somewhere New", "admin1": "Al Anbar"}
    rows = [
        {**base, "event_id_cnty": "IRQ1"},
        {**base, "event_id_cnty": "SYR1", "iso": "760", "country": "Syria"},
        {**base, **new, "event_id_cnty": "IRQ2", "iso": "", "country": "Atlantis"},
        {**base, **new, "event_id_cnty": "IRQ3"},
    ]
    path = write_export(tmp_path / "place.csv", rows)
    same_reading(reference, [path], batch=7)
    [*_, last] = [r for b in read(reference, [path], 7)["batches"] for r in b[1]]
    assert (last.acled_id, last.tz) == ("IRQ3", "Asia/Baghdad")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=hs.sampled_from([b"id,b,c\n", b"\xef\xbb\xbfid,b,c,\n", b"\n id,b,,c\r\n", b"id;b;c\n"]),
    rows=hs.lists(hs.lists(hs.sampled_from(PIECES), max_size=8), max_size=25),
    limits=hs.sampled_from([{}, {"max_field_chars": 30, "max_record_lines": 3}]),
)
def test_any_bytes_read_the_same_records_both_ways(
    tmp_path: Path, header: bytes, rows: list[list[bytes]], limits: dict[str, int]
) -> None:
    """Quotes opened and never closed, records over several lines, stray carriage returns,
    NUL bytes, Windows-1252 lines, blank lines, wrong cell counts, enormous cells: the fast
    path gives every record and every problem of the row path, with its line and row."""
    path = tmp_path / "fuzz.csv"
    delimiter = b";" if header.startswith(b"id;") else b","
    path.write_bytes(header + b"".join(delimiter.join(r) + b"\n" for r in rows))
    try:
        CsvTable.open(path, **limits)
    except InputError:
        return  # no header: neither path reads the file
    same_records(path, **limits)


# -- rows, problems, the tally and the graph --------------------------------------------------
def read(reference: Reference, paths: list[Path], batch: int, **kw: Any) -> dict[str, Any]:
    """Everything a reader hands on, batch by batch, and what it knows at the end."""
    reader = AcledReader(reference, **kw)
    batches = [
        (b.file, b.rows, b.problems, b.source) for b in reader.batches(paths, batch_size=batch)
    ]
    actors, sites = {}, {}
    for b in AcledReader(reference, **kw).batches(paths, batch_size=batch):
        actors.update({a.id: a for a in b.actors})
        sites.update({s.id: s for s in b.sites})
    return {
        "batches": batches,
        "actors": actors,
        "sites": sites,
        "tally": reader.tally,
        "scope": reader.scope,
        "exports": [e.entry("g", NOW) for e in reader.exports],
        "cue_rows": reader.cue_rows,
        "unlinked": ("".join(reader.unlinked), reader.unlinked_count),
        "fallback": reader.fallback_lines,
        "protected": len(reader.protected_ids),
        "stored": len(reader.stored_ids),
    }


def same_reading(reference: Reference, paths: list[Path], batch: int = 50, **kw: Any) -> None:
    row = read(reference, paths, batch, fast=False, **kw)
    fast = read(reference, paths, batch, fast=True, **kw)
    for key in row:
        assert fast[key] == row[key], key
    assert row["tally"].balanced


def corpus_files() -> list[Path]:
    out = []
    for path in sorted(CORPUS.iterdir()):
        try:
            AcledReader(load_reference()).open([path])
        except InputError:
            continue  # empty, or not an export: neither path reads it
        out.append(path)
    return out


def test_the_malformed_corpus_loads_the_same_both_ways(tmp_path: Path) -> None:
    """The acceptance test of the fast path: the tally, every line of the rejects file, the
    citation manifest and the graph are those of the row path."""
    files = corpus_files()
    assert len(files) >= 9
    got = {}
    for fast in (False, True):
        rejects = tmp_path / f"rejects-{fast}.csv"
        with open_store(tmp_path / f"g-{fast}.lbdb") as store, RejectsFile(rejects) as out:
            done = load_acled(store, files, now=NOW, batch_size=7, rejects=out, fast=fast)
            got[fast] = (
                done.tally,
                [{**e, "graph": None} for e in done.exports],
                done.stated,
                done.unlinked,
                rejects.read_text(encoding="utf-8"),
                store.snapshot(),
            )
    assert got[True] == got[False]
    tally = got[True][0]
    assert tally.rejected > 20
    assert tally.skipped
    assert tally.balanced


def test_synthetic_exports_read_the_same_both_ways(reference: Reference, tmp_path: Path) -> None:
    paths = []
    for layout in ("current", "2020", "legacy"):
        path = tmp_path / f"{layout}.csv"
        write_files(path, rows=1500, seed=11, layout=layout)
        paths.append(path)
    same_reading(reference, [paths[0]], batch=333)
    same_reading(reference, paths, batch=1000)  # the same ids again: duplicates


def test_crafted_rows_read_the_same_both_ways(reference: Reference, tmp_path: Path) -> None:
    """Countries by name, every codebook type with notes that decide kinds, interceptions,
    response cues, actors listed together, odd whitespace, long notes, bad values."""
    rows: list[dict[str, str]] = []
    for name, _entry in default_rules().sub_event_types.items():
        for notes in NOTES:
            rows.append({"sub_event_type": name, "notes": notes, "inter1": "Political militia"})
    for name in default_rules().event_types:
        rows.append({"event_type": name, "sub_event_type": "", "notes": "A bomb blast; rockets."})
    rows += [
        {
            "country": "Democratic Republic of Congo",
            "iso": "",
            "location": "Kisangani",
            "latitude": "0.5153",
            "longitude": "25.1911",
        },
        {"country": "Côte d’Ivoire", "iso": "", "latitude": "5.36", "longitude": "-4.0083"},
        {"assoc_actor_1": "Global Coalition Against Daesh; Hezbollah;  "},
        {"actor1": "X" * 600},
        {"notes": "  two  spaces\tand a tab  "},
        {"notes": "Long " * 300},
        {"notes": ""},
        {"event_date": "5 January 2024"},
        {"event_date": "2024-02-30", "fatalities": "many"},
        {"year": "2023"},
        {"time_precision": " 2 "},
        {"time_precision": "3", "event_date": "2024-01-31"},
        {"timestamp": "1704500000000"},
        {"timestamp": "2024-01-05T10:00:00Z"},
        {"timestamp": "0"},
        {"fatalities": "3.0"},
        {"fatalities": "-1"},
        {"latitude": "", "longitude": "", "location": "Ain al-Asad"},
        {"latitude": "", "longitude": ""},
        {"event_id_cnty": " TST77 "},
        {"event_id_cnty": "bad id!"},
        {"country": "Atlantis", "iso": "", "latitude": "95"},
        {"sub_event_type": "Invented type"},
        DRONES,
        ANSWER,
    ]
    path = write_export(tmp_path / "crafted.csv", rows)
    same_reading(reference, [path], batch=40)
    same_reading(reference, [path], batch=10_000)


NOTES = [
    "Militias fired rockets, then mortars at the base.",
    "A drone struck the convoy; helicopter gunships followed.",
    "Fighters raided the village after an air raid.",
    "Air defences intercepted two drones over the base.",
    "Forces seized a weapons cache; one device detonated.",
    "ÉCLATS: A MISSILE HIT THE DEPOT. İNTERCEPTED LATER.",
    "An IED blast; jets then struck. Shelling went on.",
    "Kelvin K: nothing; chlorine gas used in shells by aircraft",
    "",
]

DRONES = {
    "actor1": "Islamic Resistance in Iraq",
    "inter1": "Political militia",
    "actor2": "Military Forces of the United States (2021-)",
    "inter2": "External/Other forces",
    "location": "Ain al-Asad",
    "latitude": "33.7856",
    "longitude": "42.4412",
    "event_date": "2024-01-04",
    "notes": "Crafted: two drones flew into Ain al-Asad.",
}
ANSWER = {
    "location": "Jurf al-Sakhar",
    "latitude": "32.8897",
    "longitude": "44.1097",
    "admin1": "Babil",
    "notes": "Crafted: jets struck a depot in retaliation for the drone attack on Ain al-Asad "
    "on 4 January, two days after the raid.",
}


def test_kinds_given_as_data_read_the_same_both_ways(reference: Reference, tmp_path: Path) -> None:
    """A kinds file replacing entries and keyword groups (one with a word the vectorised
    search cannot take: the row path's patterns decide there)."""
    rows = [
        {"sub_event_type": s, "notes": n}
        for s in ("Shelling/artillery/missile attack", "Air/drone strike", "Armed clash", "Grenade")
        for n in NOTES
    ]
    path = write_export(tmp_path / "k.csv", rows)
    for words in ("[rocket, grad]", "[rocket, 'grad-']"):
        kinds = tmp_path / "kinds.yaml"
        kinds.write_text(
            f"sub_event_types:\n  Grenade: {{rule: shelling}}\nkeywords:\n  rocket: {words}\n",
            encoding="utf-8",
        )
        same_reading(reference, [path], batch=9, kinds=KindRules.from_yaml(kinds))


CELLS = {
    "event_id_cnty": ["SYR1", "SYR2", "SYR1", "", "x y", "IRQ9"],
    "event_date": ["2024-01-05", "2024-1-5", "05/01/2024", "2024-02-30", "9-May-20", ""],
    "year": ["", "2024", "2020", " 2024"],
    "sub_event_type": [
        "Air/drone strike",
        "Armed clash",
        "Peaceful protest",
        "Disrupted weapons use",
        "Shelling/artillery/missile attack",
        "Unknown",
    ],
    "actor1": ["Kataib Hezbollah", "Military Forces of Syria (2000-2024) Air Force", ""],
    "inter1": ["Political militia", "State forces", "3", ""],
    "assoc_actor_1": ["", "Hezbollah; Liwa Fatemiyoun", ";", "New Group (Iraq); Civilians (Iraq)"],
    "actor2": [
        "Military Forces of the United States (2021-)",
        "Civilians (Iraq)",
        "New Group (Iraq)",
    ],
    "inter2": ["External/Other forces", "Civilians", "Rebel group", ""],
    "iso": ["368", "760", "", "999"],
    "country": ["Iraq", "Syria", "Atlantis", ""],
    "location": ["Al Qaim", "Ain al-Asad", "Somewhere New", "Somewhere-New", "somewhere new", ""],
    "admin1": ["Al Anbar", "Anbar", ""],
    "latitude": ["34.3687", "33.7856", "", "95", "x"],
    "longitude": ["41.0945", "42.4412", "", "40.1"],
    "geo_precision": ["1", "2", "7", ""],
    "time_precision": ["1", "2", "3", "0"],
    "notes": [*NOTES, "In response to the attack on Al Qaim on 3 January, jets struck."],
    "fatalities": ["0", "12", "", "x", "1e3"],
    "timestamp": ["1704500000", "", "soon", "99999999999999"],
}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=hs.lists(
        hs.fixed_dictionaries({k: hs.sampled_from(v) for k, v in CELLS.items()}),
        min_size=1,
        max_size=30,
    )
)
def test_any_rows_read_the_same_both_ways(
    reference: Reference, tmp_path: Path, rows: list[dict[str, str]]
) -> None:
    """Rows mixing good and bad values of every column: the same stored rows, problems and
    tally both ways — also where an actor or a new site is named differently in different
    rows (it is made as its first mention in the file says, whatever order the fast path
    maps the rows in)."""
    path = write_export(tmp_path / "any.csv", rows)
    same_reading(reference, [path], batch=7)
