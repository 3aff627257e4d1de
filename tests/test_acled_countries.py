"""The country table of the ACLED loader: every ISO 3166-1 country, ACLED's names, zones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tatgraph.errors import InputError
from tatgraph.loaders.acled.countries import default_table, fold_name, read_countries

ROOT = Path(__file__).resolve().parents[1]
NAMES = ROOT / "tests" / "data" / "acled_country_names.tsv"


def acled_names() -> list[tuple[str, str, str]]:
    rows = []
    for line in NAMES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            region, name, iso3 = line.split("\t")
            rows.append((region, name, iso3))
    return rows


def test_every_country_of_acleds_lists_resolves_to_its_code() -> None:
    table = default_table()
    rows = acled_names()
    assert len({r[0] for r in rows}) >= 10
    assert len(rows) > 240
    found = {name: table.by_name.get(fold_name(name)) for _, name, _ in rows}
    assert found == {name: iso3 for _, name, iso3 in rows}
    for _, name, iso3 in rows:
        assert table.code("", "", name) == iso3


def test_named_spellings_from_the_issue() -> None:
    table = default_table()
    for name, iso3 in [
        ("Democratic Republic of Congo", "COD"),
        ("eSwatini", "SWZ"),
        ("Palestine", "PSE"),
        ("Kosovo", "XKX"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("COTE D'IVOIRE", "CIV"),
        ("Swaziland", "SWZ"),
        ("Zaire", "COD"),
        ("Burma", "MMR"),
        ("Türkiye", "TUR"),
    ]:
        assert table.code("", "", name) == iso3, name


def test_every_iso_country_by_alpha3_numeric_and_name() -> None:
    table = default_table()
    countries = read_countries(ROOT / "tatgraph" / "data" / "countries.tsv")
    assert len(countries) >= 249
    for c in countries:
        assert table.code(c.iso3, "", "") == c.iso3
        assert table.code(c.iso3.lower(), "", "") == c.iso3
        assert table.code("", str(c.number), "") == c.iso3
        assert table.code("", f"{c.number:03d}", "") == c.iso3
        assert table.code("", "", c.name) == c.iso3


def test_every_zone_exists() -> None:
    for c in read_countries(ROOT / "tatgraph" / "data" / "countries.tsv"):
        for tz, lat, lon in c.zones:
            ZoneInfo(tz)
            assert -90 <= lat <= 90
            assert -180 <= lon <= 180


def test_zone_of_a_country_with_several_is_the_nearest() -> None:
    table = default_table()
    assert table.zone("RUS") == "Europe/Moscow"
    assert table.zone("RUS", 43.1, 131.9) == "Asia/Vladivostok"
    assert table.zone("UKR", 44.95, 34.1) == "Europe/Simferopol"
    assert table.zone("UKR", 50.45, 30.52) == "Europe/Kyiv"
    assert table.zone("USA", 34.05, -118.24) == "America/Los_Angeles"
    assert table.zone("COD", -4.3, 15.3) == "Africa/Kinshasa"
    assert table.zone("SYR", 35.3, 40.1) == "Asia/Damascus"
    assert table.zone("ZZZ") == "UTC"


def test_old_codes_and_unknown_numbers_fall_through_to_the_name() -> None:
    table = default_table()
    assert table.code("ROM", "", "") == "ROU"
    assert table.code("", "0", "Kosovo") == "XKX"
    assert table.code("QQQ", "", "Iraq") == "IRQ"


def test_unknown_country_names_the_value_and_the_fix() -> None:
    with pytest.raises(InputError) as info:
        default_table().code("QQQ", "", "Atlantis")
    err = info.value
    assert (err.field, err.value) == ("country", "Atlantis")
    assert "iso3 'QQQ'" in err.reason
    assert err.hint is not None
    assert "country_names.yaml" in err.hint


def test_own_names_file_is_validated(tmp_path: Path) -> None:
    good = tmp_path / "names.yaml"
    good.write_text("names:\n  Bir Tawil: EGY\ncodes:\n  BTW: SDN\n", encoding="utf-8")
    table = default_table().with_names(good)
    assert table.code("", "", "Bir Tawil") == "EGY"
    assert table.code("BTW", "", "") == "SDN"
    assert table.code("", "", "Syria") == "SYR"
    bad = tmp_path / "bad.yaml"
    bad.write_text("names:\n  Bir Tawil: XYZ\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        default_table().with_names(bad)
    assert info.value.file == str(bad)
    assert info.value.value == "XYZ"
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("countries:\n  - Bir Tawil\n", encoding="utf-8")
    with pytest.raises(InputError, match="'names' and/or 'codes'"):
        default_table().with_names(wrong)


def _table(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    return [x for x in lines if x.startswith("#")], [
        x.split("\t") for x in lines if x and not x.startswith("#")
    ]


def test_countries_tsv_is_what_the_script_builds(tmp_path: Path) -> None:
    """The committed table is the script's output. iso3166 is pinned in the dev extra; the
    zones come from the installed tzdata, which may be newer than the one the table was built
    from: then the codes and names must still match, and the zones are compared only when
    both name the same tz database release."""
    import tzdata

    script = ROOT / "tools" / "build_countries.py"
    out = tmp_path / "countries.tsv"
    subprocess.run(
        [sys.executable, str(script), "--out", str(out)], check=True, capture_output=True
    )
    built_head, built = _table(out.read_text(encoding="utf-8"))
    kept_head, kept = _table((ROOT / "tatgraph" / "data" / "countries.tsv").read_text("utf-8"))
    assert [row[:4] for row in built] == [row[:4] for row in kept]
    assert len(kept) >= 249
    if any(f"tz database {tzdata.IANA_VERSION} " in line for line in kept_head):
        assert (built_head, built) == (kept_head, kept)
