"""Curated coding sheets: validation errors name file, line and field; CSV equals YAML."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tatgraph.errors import InputError
from tatgraph.loaders.curated import CuratedLoad, load_sheets
from tatgraph.reference import Reference

SHEET = """\
sources:
  - id: src_test
    outlet: Test Outlet
    published: 2022-08-26
events:
  - id: ev_strike
    kind: airstrike
    start: 2022-08-23
    end: 2022-08-24
    precision: week
    site: ayyash
    perpetrators: [{actor: us_forces, basis: reported}]
    targets: [iran_backed_militias]
    summary: Strikes.
  - id: ev_rockets
    kind: rocket_attack
    date: 2022-08-24
    part_of_day: night
    site: conoco
    perpetrators: [{actor: iran_backed_militias, basis: suspected}]
    targets: [us_forces]
    summary: Rockets.
    claims:
      - source: src_test
        claimant: local_sources
        injured: 5
        munitions: {rockets: 3}
        quote: [10, 40]
      - source: src_test
        claimant: centcom
        injured: 3
    responds_to:
      - event: ev_strike
        basis: stated
        cue: ردت
        source: src_test
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(tmp_path: Path, reference: Reference, text: str, name: str = "sheet.yaml") -> CuratedLoad:
    return load_sheets([write(tmp_path, name, text)], reference=reference)


def error(tmp_path: Path, reference: Reference, text: str) -> str:
    with pytest.raises(InputError) as info:
        load(tmp_path, reference, text)
    return str(info.value).replace(str(tmp_path) + "/", "")


def test_good_sheet_loads_with_derived_fields(tmp_path: Path, reference: Reference) -> None:
    result = load(tmp_path, reference, SHEET)
    ds = result.dataset
    rockets = next(e for e in ds.events if e.id == "ev_rockets")
    assert (rockets.injured_low, rockets.injured_best, rockets.injured_high) == (3, 3, 5)
    assert rockets.munitions == {"rockets": 3}
    assert rockets.first_reported is not None
    assert rockets.first_reported.isoformat() == ("2022-08-26T00:00:00+00:00")
    (link,) = ds.links
    assert (link.event, link.responds_to, link.basis, link.cue) == (
        "ev_rockets",
        "ev_strike",
        "stated",
        "ردت",
    )
    # midpoints: the night of the 24th (01:00 on the 25th) minus the 23rd-24th window (00:00
    # on the 24th), local time
    assert link.lag_hours == 25.0
    assert link.method == "curated:sheet.yaml"


def test_unknown_kind_names_file_line_and_field(tmp_path: Path, reference: Reference) -> None:
    text = SHEET.replace("kind: rocket_attack", "kind: rockets")
    msg = error(tmp_path, reference, text)
    assert msg.splitlines()[0].startswith("sheet.yaml:16: field 'kind': Input should be ")
    assert "(got 'rockets')" in msg
    assert "nothing was loaded" in msg


def test_nested_claim_error_points_at_the_claim_line(tmp_path: Path, reference: Reference) -> None:
    text = SHEET.replace("injured: 5", "injured: five")
    msg = error(tmp_path, reference, text)
    assert msg.splitlines()[0].startswith("sheet.yaml:26: field 'claims[0].injured': ")


def test_every_problem_is_reported_at_once(tmp_path: Path, reference: Reference) -> None:
    text = SHEET.replace("site: ayyash", "site: atlantis").replace(
        "claimant: centcom", "claimant: nobody"
    )
    lines = error(tmp_path, reference, text).splitlines()
    assert "sheet.yaml:11: field 'site': unknown site id 'atlantis' (not in the gazetteer)" in lines
    assert "sheet.yaml:30: field 'claimant': unknown actor id 'nobody'" in lines


def test_unknown_field_and_section(tmp_path: Path, reference: Reference) -> None:
    text = SHEET.replace("    summary: Rockets.", "    summry: Rockets.") + "extras: []\n"
    lines = error(tmp_path, reference, text).splitlines()
    assert any(line.startswith("sheet.yaml:22: field 'summry': unknown field") for line in lines)
    assert any("field 'extras': unknown section" in line for line in lines)


def test_yaml_syntax_error_has_a_line(tmp_path: Path, reference: Reference) -> None:
    msg = error(tmp_path, reference, "sources:\n  - id: [unclosed\n")
    assert msg.startswith("sheet.yaml:3: not valid YAML")


def test_window_too_long_for_precision(tmp_path: Path, reference: Reference) -> None:
    text = SHEET.replace("precision: week", "precision: day")
    msg = error(tmp_path, reference, text)
    assert "too long for precision 'day'" in msg
    assert msg.startswith("sheet.yaml:6:")


def test_response_cannot_precede_what_it_answers(tmp_path: Path, reference: Reference) -> None:
    text = SHEET.replace("date: 2022-08-24", "date: 2022-08-20")
    msg = error(tmp_path, reference, text)
    assert "a response cannot precede what it answers" in msg


def test_duplicate_key_is_refused(tmp_path: Path, reference: Reference) -> None:
    text = SHEET.replace("    kind: airstrike\n", "    kind: airstrike\n    kind: raid\n")
    assert error(tmp_path, reference, text).startswith(
        "sheet.yaml:8: field 'kind': key 'kind' appears twice"
    )


EVENTS_CSV = """\
id,kind,date,part_of_day,start,end,precision,site,perpetrators,targets,summary
ev_strike,airstrike,,,2022-08-23,2022-08-24,week,ayyash,us_forces:reported,iran_backed_militias,Strikes.
ev_rockets,rocket_attack,2022-08-24,night,,,,conoco,iran_backed_militias:suspected,us_forces,Rockets.
"""
CLAIMS_CSV = """\
event,source,claimant,injured,munitions,quote_start,quote_end
ev_rockets,src_test,local_sources,5,rockets=3,10,40
ev_rockets,src_test,centcom,3,,,
"""
LINKS_CSV = """\
event,responds_to,basis,cue,source
ev_rockets,ev_strike,stated,ردت,src_test
"""
SOURCES_CSV = """\
id,outlet,published
src_test,Test Outlet,2022-08-26
"""


def test_csv_sheets_load_the_same_records_as_yaml(tmp_path: Path, reference: Reference) -> None:
    from_yaml = load(tmp_path, reference, SHEET).dataset
    paths = [
        write(tmp_path, name, text)
        for name, text in (
            ("events.csv", EVENTS_CSV),
            ("claims.csv", CLAIMS_CSV),
            ("links.csv", LINKS_CSV),
            ("sources.csv", SOURCES_CSV),
        )
    ]
    from_csv = load_sheets(paths, reference=reference).dataset
    assert from_csv.events == from_yaml.events
    assert from_csv.claims == from_yaml.claims
    assert from_csv.sources == from_yaml.sources
    assert [lk.model_copy(update={"method": None}) for lk in from_csv.links] == [
        lk.model_copy(update={"method": None}) for lk in from_yaml.links
    ]


def test_csv_error_names_the_row(tmp_path: Path, reference: Reference) -> None:
    bad = EVENTS_CSV.replace("rocket_attack,2022-08-24", "rocket_attack,2022-13-24")
    paths = [write(tmp_path, "events.csv", bad), write(tmp_path, "sources.csv", SOURCES_CSV)]
    with pytest.raises(InputError) as info:
        load_sheets(paths, reference=reference)
    first = str(info.value).replace(str(tmp_path) + "/", "").splitlines()[0]
    assert first == "events.csv:3: field 'date': not a date or ISO date-time: '2022-13-24'"


def test_csv_with_unknown_header_says_what_it_expects(tmp_path: Path, reference: Reference) -> None:
    path = write(tmp_path, "x.csv", "a,b\n1,2\n")
    with pytest.raises(InputError, match=r"cannot tell which sheet this is") as info:
        load_sheets([path], reference=reference)
    assert "events sheets need columns id, kind, summary" in str(info.value)


def test_csv_row_with_wrong_cell_count(tmp_path: Path, reference: Reference) -> None:
    path = write(tmp_path, "sources.csv", "id,outlet,published\nsrc_a,A\n")
    with pytest.raises(InputError, match=r"sources.csv:2: 2 cells but the header has 3"):
        load_sheets([path], reference=reference)


def test_bundled_sheet_codes_the_seed_reports(curated: CuratedLoad) -> None:
    ds = curated.dataset
    assert len(ds.sources) == 5
    assert len(ds.events) == 22
    assert {lk.basis for lk in ds.links} == {"stated", "coded"}
    assert all(0 < lk.confidence <= 1 for lk in ds.links)
    assert len(curated.not_coded) > 0
    # no report text in the repository: claims carry offsets, not quotes
    assert all(c.quote is None for c in ds.claims)
