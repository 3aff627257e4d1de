"""The curated coding of the five seed reports, checked against the reports themselves.

The reports are read from ../shared/seeds (never copied into the repository).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tatgraph.loaders.curated import CuratedLoad, attach_quotes, bundled_sheets, load_sheets
from tatgraph.reference import Reference

ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


@pytest.fixture
def quoted(seeds: Path, reference: Reference) -> CuratedLoad:
    load = load_sheets(bundled_sheets(), reference=reference)
    attach_quotes(load, seeds)
    return load


def test_sources_match_the_seed_files(seeds: Path, curated: CuratedLoad) -> None:
    for src in curated.dataset.sources:
        assert src.file is not None
        data = (seeds / src.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == src.sha256, src.file


def test_every_claim_quote_lies_in_its_report(quoted: CuratedLoad) -> None:
    claims = quoted.dataset.claims
    assert len(claims) == 53
    assert all(c.quote for c in claims)


# number-word stems (the quote may say "بسبع" or "خمسة" rather than "7"/"5"); 2 is often a
# dual noun ending in -ين/-ان ("صاروخين", "مسيرتين")
NUMBER_STEMS = {
    2: ("اثن", "ين", "ان"),
    3: ("ثلاث",),
    4: ("اربع", "أربع"),
    5: ("خمس",),
    6: ("ست",),
    7: ("سبع",),
    8: ("ثمان",),
    9: ("تسع",),
    10: ("عشر",),
}
HARAKAT = dict.fromkeys(range(0x064B, 0x0653))


def test_claimed_figures_appear_in_their_quotes(quoted: CuratedLoad) -> None:
    """Every figure above 1 is written, as digits or a number word, in its quoted clause."""
    missing = []
    for c in quoted.dataset.claims:
        assert c.quote is not None
        text = c.quote.translate(ARABIC_DIGITS).translate(HARAKAT)
        for value in (c.killed, c.injured, *c.munitions.values()):
            if value is None or value <= 1:
                continue
            if str(value) in text or any(s in text for s in NUMBER_STEMS.get(value, ())):
                continue
            missing.append((c.event, value))
    assert missing == []


def test_changed_report_is_detected(tmp_path: Path, seeds: Path, reference: Reference) -> None:
    from tatgraph.errors import InputError

    for p in seeds.glob("*.txt"):
        (tmp_path / p.name).write_bytes(p.read_bytes() + b"\nedited")
    load = load_sheets(bundled_sheets(), reference=reference)
    with pytest.raises(InputError, match="differs from the text"):
        attach_quotes(load, tmp_path)


def test_the_seed_incidents_are_coded(curated: CuratedLoad) -> None:
    events = {e.id: e for e in curated.dataset.events}
    expect = {
        "ev_2023_03_23_kharab_al_jir_drone": ("drone_attack", "kharab_al_jir", "2023-03-23"),
        "ev_2023_03_24_al_omar_rockets": ("rocket_attack", "al_omar", "2023-03-24"),
        "ev_2023_03_24_conoco_rockets": ("rocket_attack", "conoco", "2023-03-24"),
        "ev_2023_03_24_al_shaddadi_rockets": ("rocket_attack", "al_shaddadi", "2023-03-24"),
        "ev_2022_08_23_ayyash_us_airstrikes": ("airstrike", "ayyash", "2022-08-23"),
        "ev_2022_08_24_al_mayadin_us_helicopter_strikes": (
            "helicopter_strike",
            "al_mayadin",
            "2022-08-24",
        ),
        "ev_2021_06_28_al_omar_rockets": ("rocket_attack", "al_omar", "2021-06-28"),
        "ev_2023_10_23_al_omar_drones": ("drone_attack", "al_omar", "2023-10-23"),
    }
    for eid, (kind, site, day) in expect.items():
        e = events[eid]
        assert (e.kind, e.site, e.local_start.date().isoformat()) == (kind, site, day), eid
    kharab = events["ev_2023_03_23_kharab_al_jir_drone"]
    assert (kharab.killed_best, kharab.injured_best) == (1, 6)
    omar = events["ev_2023_03_24_al_omar_rockets"]
    assert omar.munitions == {"rockets": 4}
