"""Roles, weapons, counter-fire and relative-date rules (issue 10), on sentences written here."""

from __future__ import annotations

from datetime import UTC, datetime

from tatgraph.extract import extract_text
from tatgraph.extract.records import ExtractedEvent
from tatgraph.extract.reports import ReportMeta

META = ReportMeta("r.txt", datetime(2024, 1, 10, tzinfo=UTC))


def events(text: str) -> list[ExtractedEvent]:
    return extract_text(text, META)


def one(text: str) -> ExtractedEvent:
    found = events(text)
    assert len(found) == 1, [e.summary_line() for e in found]
    return found[0]


def test_an_accuser_is_a_speaker_and_the_accused_is_attributed() -> None:
    ev = one("اتهمت وزارة الدفاع الأمريكية كتائب حزب الله بالوقوف وراء الهجوم على قاعدة التنف أمس.")
    assert (ev.perpetrator, ev.perpetrator_basis) == ("kataib_hezbollah", "attributed")
    assert ev.claims[0].claimant == "us_dod"


def test_a_habitual_accusation_names_nobody() -> None:
    ev = one(
        "سقط صاروخان على قاعدة عين الأسد فجر اليوم، وتتهم واشنطن غالباً فصائل موالية لإيران "
        "بتنفيذ هجمات مماثلة."
    )
    assert ev.perpetrator is None


def test_a_hedged_origin_makes_the_holders_suspected() -> None:
    ev = one(
        "سقطت خمس قذائف في محيط حقل العمر، "
        "وأطلقت القذائف من مناطق تسيطر عليها الميليشيات الإيرانية."
    )
    assert (ev.perpetrator, ev.perpetrator_basis) == ("iran_backed_militias", "suspected")
    assert ev.target_side == "us_coalition"


def test_aircraft_believed_to_belong_to_a_party_make_it_the_suspected_attacker() -> None:
    ev = one("قصفت طائرات حربية يعتقد أنها تابعة للتحالف مخازن ذخيرة في البوكمال فجر اليوم.")
    assert ev.perpetrator_side == "us_coalition"
    assert ev.perpetrator_basis == "suspected"


def test_forces_stationed_at_a_base_are_the_attackers_not_the_target() -> None:
    ev = one(
        "قصفت القوات الأمريكية المتمركزة في حقل العمر مواقع في بلدة الميادين بالمدفعية فجر اليوم."
    )
    assert (ev.site, ev.perpetrator, ev.kind.value) == (
        "al_mayadin",
        "us_forces",
        "artillery_shelling",
    )
    target = one("انفجرت طائرة مسيرة مساء أمس قرب الجنود الأمريكيين الذين يتمركزون عند مطار أربيل.")
    assert (target.site, target.perpetrator, target.target_side) == (
        "erbil_air_base",
        None,
        "us_coalition",
    )


def test_the_owner_of_a_convoy_is_the_target_and_a_convoy_attack_is_an_ied() -> None:
    ev = one("استهدف هجوم رتلاً للتحالف الدولي في محافظة بابل صباح اليوم دون إصابات.")
    assert ev.kind.value == "ied"
    assert ev.perpetrator is None
    assert ev.target_side == "us_coalition"
    assert ev.site == "gov_babil"


def test_an_interception_announced_by_the_defender_is_not_its_attack() -> None:
    ev = one("أعلن الجيش الأمريكي أن قواته أسقطت طائرة مسيرة إيرانية الصنع قرب قاعدة التنف اليوم.")
    assert ev.kind.value == "intercept"
    assert ev.perpetrator is None  # "Iranian-made" says where it was made, not who flew it
    assert ev.target_side == "us_coalition"


def test_helicopter_words_and_strikes_on_launchers() -> None:
    heli = one("استهدفت طائرة هليكوبتر أمريكية راجمة صواريخ قرب بلدة الميادين فجر اليوم.")
    assert (heli.kind.value, heli.perpetrator) == ("helicopter_strike", "us_forces")
    apache = one("قصفت مروحيات أباتشي أمريكية منصة لإطلاق الصواريخ قرب مدينة الميادين ليل أمس.")
    assert apache.kind.value == "helicopter_strike"
    vehicles = one("دمرت غارة أمريكية ثلاث عربات إطلاق صواريخ في بلدة الميادين صباح اليوم.")
    assert vehicles.kind.value == "airstrike"
    assert vehicles.munitions == {"vehicles_destroyed": 3}


def test_counter_fire_toward_the_source_of_fire_answers_the_attack() -> None:
    found = events(
        "سقطت ثمانية صواريخ على قاعدة العمر مساء اليوم، وردت القوات الأمريكية بست قذائف "
        "مدفعية باتجاه مصدر النيران في الميادين."
    )
    attack = next(e for e in found if e.site == "al_omar")
    answer = next(e for e in found if e.site == "al_mayadin")
    assert answer.responds_to == attack.id
    assert answer.munitions == {"artillery_shells": 6}


def test_a_date_relative_to_another_event() -> None:
    found = events(
        "قصفت الطائرات الأمريكية مواقع في مدينة البوكمال بعد يومين من الهجوم على قاعدة التنف "
        "يوم الأحد الماضي."
    )
    days = {e.site: (str(e.date_start), e.date_basis) for e in found}
    assert days == {"al_tanf": ("2024-01-07", "stated"), "abu_kamal": ("2024-01-09", "linked")}


def test_the_owner_of_what_was_hit_is_a_target_not_the_aircrafts_owner() -> None:
    ev = one(
        "قالت مصادر محلية إن الغارات استهدفت مخازن صواريخ تابعة لميليشيا فاطميون قرب "
        "الميادين مساء الاثنين."
    )
    assert ev.perpetrator is None
    assert ev.targets == ["fatemiyoun"]
    hedged = one(
        "قصفت طائرات مسيرة يرجح أنها تابعة للتحالف الدولي مساء الاثنين مقرات لميليشيا "
        "النجباء في مدينة الميادين."
    )
    assert (hedged.perpetrator, hedged.perpetrator_basis) == ("coalition_oir", "suspected")


def test_war_planes_told_beside_an_attack_on_us_forces_are_not_its_weapon() -> None:
    # the planes are the other side's earlier strikes; the armed groups have no air force
    ev = one("هاجمت فصائل مسلحة قاعدة حرير بعد يوم من غارات نفذتها طائرات حربية على مواقعها.")
    assert (ev.site, ev.target_side) == ("harir_base", "us_coalition")
    assert ev.kind.value == "rocket_attack"


def test_a_us_strike_told_with_an_attack_on_a_us_base_is_not_placed_at_that_base() -> None:
    found = events(
        "سقط صاروخان على قاعدة عين الأسد مساء أمس، "
        "وجاء الهجوم بعد غارات جوية أمريكية على مواقع الفصائل."
    )
    by_kind = {e.kind.value: e for e in found}
    assert by_kind["rocket_attack"].site == "ain_al_asad"
    assert by_kind["airstrike"].perpetrator_side == "us_coalition"
    assert by_kind["airstrike"].site is None
