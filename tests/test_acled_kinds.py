"""ACLED types -> kinds: every value of the codebook's lists, the rules, user tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from tatgraph.errors import InputError, OutOfScope
from tatgraph.loaders.acled.kinds import KindRules, choose_kind, default_rules
from tatgraph.vocab import Kind

CODEBOOK_SUB_EVENT_TYPES = {
    # The 25 sub-event types of the ACLED codebook (2019 on), by event type.
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}

LEGACY_EVENT_TYPES = [
    # event_type values of the layouts before sub-event types (ACLED versions 1-8)
    "Battle-No change of territory",
    "Battle-Government regains territory",
    "Battle-Non-state actor overtakes territory",
    "Remote violence",
    "Violence against civilians",
    "Riots/Protests",
    "Strategic development",
    "Non-violent activity by a conflict actor",
    "Headquarters or base established",
    "Non-violent transfer of territory",
]

EXPECTED = {
    "Armed clash": "rule clash",
    "Government regains territory": "kind ground_clash",
    "Non-state actor overtakes territory": "kind ground_clash",
    "Chemical weapon": "rule chemical",
    "Air/drone strike": "rule air",
    "Suicide bomb": "kind ied",
    "Shelling/artillery/missile attack": "rule shelling",
    "Remote explosive/landmine/IED": "kind ied",
    "Grenade": "kind explosive_attack",
    "Disrupted weapons use": "rule disrupted",
    "Battle-No change of territory": "rule clash",
    "Battle-Government regains territory": "rule clash",
    "Battle-Non-state actor overtakes territory": "rule clash",
    "Remote violence": "rule remote_violence",
}
"""Types that become a kind (the others are skipped, each with its reason)."""

NOTES = [
    "",
    "rockets",
    "mortar rounds",
    "a missile",
    "shelling",
    "a helicopter",
    "a drone",
    "jets",
    "a raid",
    "fighting",
    "intercepted a drone",
    "a bomb blast",
    "police seized weapons",
]


def test_every_codebook_value_is_mapped_or_skipped_with_its_reason() -> None:
    rules = default_rules()
    subs = [s for group in CODEBOOK_SUB_EVENT_TYPES.values() for s in group]
    assert len(subs) == 25
    assert sorted(rules.sub_event_types) == sorted(subs)
    for event_type, group in CODEBOOK_SUB_EVENT_TYPES.items():
        for sub in group:
            entry = rules.sub_event_types[sub]
            assert entry.describe() == EXPECTED.get(sub, f"skip {entry.skip}"), sub
            if sub not in EXPECTED:
                assert entry.skip is not None
                assert len(entry.skip) > 10
                with pytest.raises(OutOfScope) as info:
                    rules.choose(event_type, sub, "militants fired rockets", 2)
                assert info.value.reason == f"sub_event_type {sub!r}: {entry.skip}"
                assert info.value.status == "skipped"
    for event_type in [*LEGACY_EVENT_TYPES, *CODEBOOK_SUB_EVENT_TYPES]:
        entry = rules.event_types[event_type]
        want = EXPECTED.get(event_type)
        if event_type in CODEBOOK_SUB_EVENT_TYPES:  # a current type with no sub-event type
            by_rule = {
                "Battles": "rule clash",
                "Explosions/Remote violence": "rule remote_violence",
            }
            want = by_rule.get(event_type)
        assert entry.describe() == (want or f"skip {entry.skip}"), event_type


def test_every_kind_chosen_maps_back_or_is_documented_import_only() -> None:
    rules = default_rules()
    for sub in rules.sub_event_types:
        for text in NOTES:
            for inter in (1, 3, 8, None):
                try:
                    kind = rules.choose("x", sub, text, inter)
                except OutOfScope:
                    continue
                allowed = rules.mapped_back.get(sub, ())
                assert kind in allowed or sub in rules.import_only or sub == "Chemical weapon", (
                    sub,
                    text,
                    kind,
                )
    assert rules.import_only == {
        "Government regains territory": Kind.GROUND_CLASH,
        "Non-state actor overtakes territory": Kind.GROUND_CLASH,
        "Suicide bomb": Kind.IED,
    }
    assert rules.mapped_back["Grenade"] == (Kind.EXPLOSIVE_ATTACK,)


@pytest.mark.parametrize(
    ("notes", "kind"),
    [
        ("On 3 May, the detonation of a bomb near the market killed two.", Kind.EXPLOSIVE_ATTACK),
        ("A bomb blast killed eleven people in the town centre.", Kind.EXPLOSIVE_ATTACK),
        ("Explosives were detonated next to a checkpoint.", Kind.EXPLOSIVE_ATTACK),
        ("An air raid reportedly killed 20 militants near the river.", Kind.AIRSTRIKE),
        ("Unknown men threw a grenade at a police post.", Kind.EXPLOSIVE_ATTACK),
        ("A roadside bomb struck a patrol.", Kind.IED),
        ("A landmine exploded under a truck.", Kind.IED),
        ("Militants shelled the village with mortars.", Kind.MORTAR_ATTACK),
        ("Government forces shelled the outskirts.", Kind.ARTILLERY_SHELLING),
        ("A helicopter gunship fired on a convoy.", Kind.HELICOPTER_STRIKE),
        ("Air defences shot down a drone over the base.", Kind.INTERCEPT),
        ("Unidentified attackers struck the camp.", Kind.EXPLOSIVE_ATTACK),
    ],
)
def test_legacy_remote_violence_is_a_strike(notes: str, kind: Kind) -> None:
    assert choose_kind("Remote violence", "", notes, 2) is kind


@pytest.mark.parametrize(
    "notes",
    [
        "Police seized a cache of explosives in a house.",
        "Security forces found an explosive device and defused it.",
        "Army engineers dismantled a car bomb.",
        "Soldiers found an IED and destroyed it in a controlled explosion.",
    ],
)
def test_seizures_and_defusals_are_skipped(notes: str) -> None:
    with pytest.raises(OutOfScope, match="seizure or a defused device"):
        choose_kind("Remote violence", "", notes, 1)


def test_word_starts_only() -> None:
    # "mine" as in a gold mine, "fighters", "raid" inside "air raid", "grad" in "graduate"
    assert (
        choose_kind("", "Armed clash", "Fighters clashed after an air raid", 2) is Kind.GROUND_CLASH
    )
    assert choose_kind("", "Armed clash", "Troops raided a hideout", 1) is Kind.RAID
    notes = "Gunmen attacked workers at a gold mine; a blast followed"
    assert choose_kind("Remote violence", "", notes, 3) is Kind.EXPLOSIVE_ATTACK


def test_air_and_drone_by_actor() -> None:
    assert choose_kind("", "Air/drone strike", "a drone struck a base", 3) is Kind.DRONE_ATTACK
    assert choose_kind("", "Air/drone strike", "a drone struck a car", 1) is Kind.AIRSTRIKE
    assert choose_kind("", "Air/drone strike", "jets bombed a depot", None) is Kind.AIRSTRIKE


def test_disrupted_weapons_use() -> None:
    assert choose_kind("", "Disrupted weapons use", "shot down two drones", 1) is Kind.INTERCEPT
    assert choose_kind("", "Disrupted weapons use", "air defences engaged a missile", 1) is (
        Kind.INTERCEPT
    )
    with pytest.raises(OutOfScope, match="no interception"):
        choose_kind("", "Disrupted weapons use", "police seized rifles", 1)


def test_chemical_weapon_by_delivery() -> None:
    assert choose_kind("", "Chemical weapon", "a helicopter dropped chlorine", 1) is (
        Kind.HELICOPTER_STRIKE
    )
    assert choose_kind("", "Chemical weapon", "rockets carrying sarin", 1) is Kind.ROCKET_ATTACK
    assert choose_kind("", "Chemical weapon", "gas was used", 1) is Kind.EXPLOSIVE_ATTACK


def test_unknown_types_are_rejected_not_skipped() -> None:
    with pytest.raises(InputError) as info:
        choose_kind("Battles", "Pillow fight", "", 1)
    assert not isinstance(info.value, OutOfScope)
    assert (info.value.field, info.value.value) == ("sub_event_type", "Pillow fight")
    with pytest.raises(InputError, match="no sub_event_type and no event_type"):
        choose_kind("", "", "rockets", 1)


def test_own_table_replaces_entries(tmp_path: Path) -> None:
    own = tmp_path / "kinds.yaml"
    own.write_text(
        "sub_event_types:\n"
        "  Attack: {kind: raid, note: our project counts attacks on civilians}\n"
        "  Pillow fight: {skip: not violent}\n"
        "keywords:\n"
        "  rocket: [rocket, grad]\n",
        encoding="utf-8",
    )
    rules = KindRules.from_yaml(own)
    assert rules.choose("Violence against civilians", "Attack", "", 2) is Kind.RAID
    with pytest.raises(OutOfScope, match="not violent"):
        rules.choose("", "Pillow fight", "", 2)
    assert rules.choose("", "Shelling/artillery/missile attack", "grad fire", 2) is (
        Kind.ROCKET_ATTACK
    )
    assert rules.choose("", "Grenade", "", 2) is Kind.EXPLOSIVE_ATTACK  # the rest unchanged


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("sub_event_types:\n  Attack: {kind: rockets}\n", 2, "unknown kind 'rockets'"),
        ("sub_event_types:\n  Attack: {rule: guess}\n", 2, "unknown rule 'guess'"),
        ("sub_event_types:\n  Attack: {kind: raid, skip: no}\n", 2, "exactly one of"),
        ("sub_event_types:\n  Attack: {}\n", 2, "exactly one of"),
        ("sub_event_types:\n  Attack: {kind: raid, why: x}\n", 2, "unknown key(s) why"),
        ("sub_event_types:\n  Attack: raid\n", 2, "expected {kind"),
        ("\nkeywords:\n  rockets: [rocket]\n", 3, "unknown keyword group 'rockets'"),
        ("keywords:\n  rocket: []\n", 2, "must be a list of words"),
        ("kinds:\n  a: b\n", 1, "unknown key(s): kinds"),
        ("sub_event_types: [\n", 2, "not valid YAML"),
    ],
)
def test_own_table_errors_name_file_line_and_entry(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    own = tmp_path / "kinds.yaml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        KindRules.from_yaml(own)
    assert info.value.file == str(own)
    assert info.value.line == line
    assert message in info.value.reason
