"""Rules for the genre of real reports (issue 10): one sentence written for each rule.

Every sentence here is ours; none is copied from a report (tests/test_no_report_text.py).
2024-01-10 is a Wednesday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tatgraph.extract import ExtractedEvent, ReportMeta, extract_text
from tatgraph.extract.dates import parse_dates
from tatgraph.vocab import Kind

WED = datetime(2024, 1, 10, tzinfo=UTC)


def run(text: str, published: datetime = WED, has_time: bool = False) -> list[ExtractedEvent]:
    return extract_text(text, ReportMeta("t.txt", published, has_time=has_time, outlet="Reuters"))


def lines(events: list[ExtractedEvent]) -> list[str]:
    return [e.summary_line() for e in events]


# -- dates -------------------------------------------------------------------------------
def test_bare_ithnayn_is_the_number_two_not_monday() -> None:
    days = parse_dates("أصيب اثنين من الحراس في القصف", date(2024, 1, 10))
    assert days == []
    assert parse_dates("يوم الاثنين", date(2024, 1, 10))[0].first_day == date(2024, 1, 8)


def test_some_days_ago_is_the_week_before_publication() -> None:
    d = parse_dates("دوّت انفجارات قبل أيام", date(2024, 1, 10))[0]
    assert (d.first_day, d.last_day, d.basis) == (date(2024, 1, 3), date(2024, 1, 9), "recent")


def test_last_month_and_a_day_of_it() -> None:
    whole = parse_dates("تعرضت القاعدة الشهر الماضي لهجوم", date(2024, 1, 10))[0]
    assert (whole.first_day, whole.last_day) == (date(2023, 12, 1), date(2023, 12, 31))
    day = parse_dates("في الخامس من الشهر الجاري", date(2024, 1, 10))[0]
    assert day.first_day == date(2024, 1, 5)


def test_this_evening_in_a_morning_report_was_yesterday_evening() -> None:
    morning = datetime(2024, 1, 10, 6, 30, tzinfo=UTC)  # 09:30 in Damascus
    [ev] = run("سقطت صواريخ على قاعدة عين الأسد مساء اليوم.", morning, has_time=True)
    assert ev.date_start == date(2024, 1, 9)
    late = datetime(2024, 1, 10, 20, 0, tzinfo=UTC)
    [ev] = run("سقطت صواريخ على قاعدة عين الأسد مساء اليوم.", late, has_time=True)
    assert ev.date_start == date(2024, 1, 10)


def test_an_outlet_named_with_today_is_not_a_date() -> None:
    assert parse_dates("ونقلت وكالة بغداد اليوم عن مصدر", date(2024, 1, 10)) == []
    assert parse_dates("قال مصدر لبغداد اليوم إن", date(2024, 1, 10)) == []
    assert parse_dates("نقل موقع روسيا اليوم الخبر", date(2024, 1, 10)) == []
    assert len(parse_dates("سقطت قذيفة في بغداد اليوم", date(2024, 1, 10))) == 1


# -- sentences, clauses and who did it -----------------------------------------------------
def test_a_date_between_commas_does_not_cut_the_verb_from_its_object() -> None:
    [ev] = run("شنّت القوات الأمريكية، فجر الإثنين، غارات على مقرات لكتائب حزب الله في القائم.")
    assert (ev.perpetrator, ev.targets[0], ev.kind) == (
        "us_forces",
        "kataib_hezbollah",
        Kind.AIRSTRIKE,
    )
    assert ev.date_start == date(2024, 1, 8)


def test_a_fronted_cue_and_a_headline_joined_by_two_dots() -> None:
    text = (
        "ردّاً على هجوم قاعدة عين الأسد.. أمريكا تضرب فصيلاً في العراق\n"
        "قصفت طائرات أمريكية مساء الثلاثاء مقراً لكتائب حزب الله في القائم."
    )
    events = {e.kind: e for e in run(text)}
    strike, attack = events[Kind.AIRSTRIKE], events[Kind.ROCKET_ATTACK]
    assert (strike.site, attack.site) == ("al_qaim", "ain_al_asad")
    assert strike.responds_to == attack.id


def test_a_retaliatory_strike_with_its_own_day_answers_the_attack_before_it() -> None:
    text = (
        "قُتل جندي أمريكي في هجوم صاروخي على قاعدة التاجي يوم الإثنين.\n"
        "ونفذت الولايات المتحدة، الثلاثاء، ضربات انتقامية في العراق ضد جماعة مسلحة."
    )
    events = {e.kind: e for e in run(text)}
    strike, attack = events[Kind.AIRSTRIKE], events[Kind.ROCKET_ATTACK]
    assert strike.site is None
    assert strike.date_start == date(2024, 1, 9)
    assert strike.responds_to == attack.id


def test_a_photo_caption_is_no_event() -> None:
    assert run("غارات جوية - أرشيفية") == []


def test_the_user_of_the_site_hit_is_a_target_not_the_attacker() -> None:
    text = "قصفت طائرات أمريكية مساء الثلاثاء مخازن تستخدمها كتائب حزب الله في القائم."
    [ev] = run(text)
    assert ev.perpetrator == "us_forces"
    assert ev.targets == ["kataib_hezbollah"]
    [ev] = run("استهدفت مقاتلات أمريكية منشأة في البوكمال تُستخدم من قبل الحرس الثوري.")
    assert ev.perpetrator == "us_forces"
    assert ev.targets == ["irgc"]


def test_the_striking_state_is_carried_to_strikes_told_without_it() -> None:
    text = (
        "قال الجيش الأمريكي إنه هاجم مساء الأحد من الجو مخازن لكتائب حزب الله في العراق.\n"
        "وقال ضابط عراقي إن قصفاً جوياً استهدف مقرين للكتائب في مدينة القائم."
    )
    qaim = next(e for e in run(text) if e.site == "al_qaim")
    assert qaim.perpetrator == "us_forces"
    assert qaim.perpetrator_basis == "claimed"


def test_an_answer_to_attacks_in_general_links_to_no_event() -> None:
    text = (
        "سقط صاروخ على قاعدة حرير مساء الأحد.\n"
        "وقصفت طائرات أمريكية مساء الإثنين مقراً في القائم رداً على هجمات ضد قواتها."
    )
    assert all(e.responds_to is None for e in run(text))


def test_sites_described_as_used_for_attacks_are_not_an_attack() -> None:
    text = "قصفت طائرات أمريكية يوم الأحد مستودعات في القائم تستخدم لتنفيذ هجمات ضد التحالف."
    [ev] = run(text)
    assert ev.kind == Kind.AIRSTRIKE
    assert ev.site == "al_qaim"


# -- kinds -------------------------------------------------------------------------------
def test_drone_aviation_is_a_drone_and_its_hedged_owner_is_suspected() -> None:
    text = "تعرضت قاعدة التنف الشهر الماضي لهجوم بالطيران المسير يرجح أنه تابع لميليشيات إيرانية."
    [ev] = run(text)
    assert (ev.kind, ev.perpetrator, ev.perpetrator_basis) == (
        Kind.DRONE_ATTACK,
        "iran_backed_militias",
        "suspected",
    )
    assert (ev.date_start, ev.date_end) == (date(2023, 12, 1), date(2023, 12, 31))


def test_a_raid_told_elsewhere_as_flown_by_drones_is_one_drone_strike() -> None:
    text = (
        "قُتل ثلاثة في غارات على مقار الحشد الشعبي في جرف الصخر فجر الثلاثاء.\n"
        "وقالت مصادر إن طائرات يرجح أنها مسيرة نفذت الهجوم على مقار الحشد في جرف الصخر."
    )
    [ev] = run(text)
    assert (ev.kind, ev.site) == (Kind.DRONE_ATTACK, "jurf_al_sakhar")


def test_weapons_in_a_store_hit_are_not_the_weapon_used() -> None:
    text = "قصفت مقاتلات أمريكية الجمعة مرافق لتخزين الصواريخ والمسيرات في دير الزور."
    [ev] = run(text)
    assert ev.kind == Kind.AIRSTRIKE


# -- who did it --------------------------------------------------------------------------
def test_a_strike_attributed_to_a_state_with_nasaba() -> None:
    text = "دوت انفجارات في جرف الصخر جراء قصف نُسب للقوات الأمريكية استهدف مقار الحشد الشعبي."
    [ev] = run(text)
    assert ev.perpetrator == "us_forces"
    assert "pmf" in ev.targets


def test_what_is_coordinated_with_a_marked_target_is_a_target() -> None:
    text = "قصفت طائرات مسيرة نقاط الجيش العراقي والحشد الشعبي قرب جرف الصخر مساء الاثنين."
    [ev] = run(text)
    assert ev.perpetrator is None
    assert "pmf" in ev.targets


def test_a_habitual_attribution_names_nobody() -> None:
    text = (
        "قصفت طائرات مواقع الحشد في البوكمال مساء الأحد.\n"
        "وتتعرض المواقع بين الحين والآخر لغارات تنسب أحيانا لإسرائيل."
    )
    [ev] = run(text)
    assert ev.perpetrator is None


def test_the_owner_named_after_a_war_plane_is_the_attacker() -> None:
    text = "استهدفت المقاتلات من طراز إف 16 الأمريكية مساء الأحد مقرات لكتائب حزب الله في القائم."
    [ev] = run(text)
    assert ev.perpetrator == "us_forces"


def test_a_list_after_a_colon_is_not_a_speaker() -> None:
    text = (
        "قصفت طائرات أمريكية يوم الأحد 4 مقرات تابعة لكتائب حزب الله: 2 في القائم، "
        "و2 في البوكمال، وفق ما ذكر مسؤول أمريكي."
    )
    assert {e.perpetrator for e in run(text)} == {"us_forces"}


# -- places ------------------------------------------------------------------------------
def test_south_of_a_city_joins_the_site_named_near_it() -> None:
    text = (
        "قُتل خمسة في قصف أمريكي استهدف مقرات الحشد جنوب العاصمة بغداد فجر الثلاثاء.\n"
        "وقالت مصادر إن القصف الأمريكي استهدف مقرات الحشد في جرف الصخر."
    )
    [ev] = run(text)
    assert ev.site == "jurf_al_sakhar"


def test_a_governorate_joins_the_site_named_in_it() -> None:
    text = (
        "قصف أمريكي على مقرات الحشد في محافظة بابل فجر الثلاثاء.\n"
        "وأكدت مصادر أن القصف الأمريكي طال مقرات الحشد في جرف الصخر."
    )
    [ev] = run(text)
    assert ev.site == "jurf_al_sakhar"


def test_bases_of_militias_in_a_province_are_not_the_us_base_there() -> None:
    text = "قصفت مقاتلات أمريكية يوم الأحد قواعد لكتائب حزب الله في الأنبار."
    [ev] = run(text)
    assert ev.site == "gov_anbar"


# -- several events in one sentence ------------------------------------------------------
def test_strikes_in_two_countries_are_two_events_the_unnamed_place_placeless() -> None:
    text = "شنّت القوات الأمريكية مساء الأحد غارات على فصائل موالية لإيران في القائم وسوريا."
    events = run(text)
    assert sorted(str(e.site) for e in events) == ["None", "al_qaim"]
    text = "قصفت مقاتلات أمريكية مساء الأحد مقرات للفصائل في العراق وسوريا، خمسة منها في البوكمال."
    assert sorted(str(e.site) for e in run(text)) == ["None", "abu_kamal"]


def test_a_country_alone_keeps_a_strike_from_a_site_of_another_country() -> None:
    text = (
        "قصفت طائرات أمريكية مساء الأحد مقراً في البوكمال.\n"
        "وفي العراق، قالت مصادر إن الطائرات الأمريكية قصفت مخزناً للفصائل مساء الأحد."
    )
    assert sorted(str(e.site) for e in run(text)) == ["None", "abu_kamal"]


def test_an_attack_told_after_another_with_after_is_another_event() -> None:
    text = "واستهدفت الطائرات البوكمال فجراً بعد هجومين طالا حقل كونيكو وقاعدة الشدادي ليلاً."
    kinds = {e.site: e.kind for e in run(text)}
    assert kinds["abu_kamal"] == Kind.AIRSTRIKE
    assert kinds["conoco"] == kinds["al_shaddadi"] == Kind.ROCKET_ATTACK


def test_short_lines_after_a_colon_are_items_of_a_tally() -> None:
    text = (
        "تعرضت القواعد منذ تشرين الأول لأكثر من 50 هجوماً توزعت كالتالي:\n"
        "20 هجوماً على قاعدة حقل العمر\n"
        "هجومين على قاعدة تل بيدر\n"
    )
    assert run(text) == []


def test_an_undated_strike_given_as_a_reason_is_background() -> None:
    text = "تعيش القوات الأمريكية حالة استنفار على خلفية مقتل قائد إيراني في غارة أمريكية."
    assert run(text) == []


# -- explosions, drills and the other war ------------------------------------------------
def test_explosions_alone_make_no_event_and_drills_are_no_attack() -> None:
    assert run("وسُمع دوي انفجارات قوية في حقل العمر مساء السبت.") == []
    text = (
        "سقطت ثلاثة صواريخ على حقل العمر فجر الأحد.\n"
        "وقالت قسد إن انفجارات سمعت قبل أيام في الحقل ناتجة عن مناورات تدريبية."
    )
    [ev] = run(text)
    assert ev.date_start == date(2024, 1, 7)


def test_a_strike_of_a_state_keeps_its_kind_against_a_placeless_bomb() -> None:
    text = (
        "انفجار عبوة ناسفة... مقتل جنديين إسرائيليين\n"
        "دير الزور: 12 قتيلاً بالضربات الأمريكية على مواقع الفصائل مساء الأحد."
    )
    [ev] = run(text)
    assert (ev.kind, ev.perpetrator) == (Kind.AIRSTRIKE, "us_forces")


# -- back-references -----------------------------------------------------------------------
def test_forces_that_were_targeted_with_drones_are_the_target() -> None:
    [ev] = run("وقال مسؤول إن قوات أمريكية استُهدفت بطائرات مسيرة يوم الأحد ولم تقع إصابات.")
    assert ev.perpetrator is None
    assert ev.targets == ["us_forces"]


def test_the_attack_said_to_have_happened_at_a_base_is_placed_there() -> None:
    text = (
        "وفي الخامس من الشهر الجاري، قال مسؤول إن مسيرتين هاجمتا قوات أمريكية في سوريا.\n"
        "وأضاف المسؤول أن الهجوم وقع في قاعدة التنف."
    )
    [ev] = run(text)
    assert (ev.site, ev.date_start) == ("al_tanf", date(2024, 1, 5))


def test_an_undated_attack_told_next_at_the_same_base_is_of_the_same_days() -> None:
    text = (
        "وقبل أيام، استهدفت صواريخ قاعدة عين الأسد.\n"
        "كما هوجمت بمسيرة قاعدة أخرى غرب العراق يتمركز فيها جنود أمريكيون."
    )
    drone = next(e for e in run(text) if e.kind == Kind.DRONE_ATTACK)
    assert (drone.site, drone.date_start, drone.date_end) == (
        "ain_al_asad",
        date(2024, 1, 3),
        date(2024, 1, 9),
    )


def test_where_the_fire_came_from_is_not_where_it_fell() -> None:
    text = (
        "سقطت أربع قذائف في محيط حقل العمر مساء الإثنين.\n"
        "وأُطلقت القذائف من مدينة الميادين التي تتمركز فيها قوات النظام والميليشيات الإيرانية."
    )
    [ev] = run(text)
    assert ev.site == "al_omar"
    assert (ev.perpetrator, ev.perpetrator_basis) == ("iran_backed_militias", "suspected")


def test_where_a_condemnation_came_from_is_not_a_place_of_attack() -> None:
    text = "ولاقت الغارة الأمريكية على البوكمال فجر الإثنين إدانات من بغداد."
    assert [e.site for e in run(text)] == ["abu_kamal"]


# -- claims and accusations ----------------------------------------------------------------
def test_killed_by_the_fire_of_the_militias_names_the_militias() -> None:
    text = "قُتل جندي أمريكي في هجوم على قاعدة عين الأسد مساء الأحد بنيران الميليشيات."
    [ev] = run(text)
    assert ev.perpetrator == "iran_backed_militias"


def test_an_actor_said_not_to_be_able_is_not_the_attacker() -> None:
    text = "سقط عشرون صاروخاً على معسكر التاجي مساء الأحد، وقالت المصادر إن داعش لا تملك هذه القدرة."
    [ev] = run(text)
    assert ev.perpetrator is None


def test_a_group_adopting_the_attack_claims_it() -> None:
    text = (
        "قصفت مسيرة قاعدة حقل العمر مساء الأحد.\n"
        "وتبنت المقاومة الإسلامية في العراق قصف القاعدة في بيان."
    )
    [ev] = run(text)
    assert (ev.perpetrator, ev.perpetrator_basis) == ("islamic_resistance_iraq", "claimed")


def test_nobody_adopting_it_and_a_habitual_accusation_name_nobody() -> None:
    text = (
        "سقطت ثمانية صواريخ على قاعدة التاجي مساء الأحد.\n"
        "ولم يتبن أحد القصف حتى الآن، بينما واشنطن عادة تتهم فصائل موالية لإيران بمثله."
    )
    [ev] = run(text)
    assert ev.perpetrator is None


def test_a_salvo_of_eighteen_rockets_is_not_a_tally() -> None:
    [ev] = run("ونفذ مجهولون مساء الأحد الهجوم على قاعدة التاجي بـ18 صاروخاً.")
    assert (ev.site, ev.munitions) == ("al_taji", {"rockets": 18})


def test_drones_shot_down_and_a_rocket_attack_at_one_base_are_two_events() -> None:
    text = (
        "قصفت الطائرات البوكمال إثر هجوم على قاعدة الشدادي ليلة الثلاثاء، "
        "اعترضت خلاله الدفاعات مسيرتين.\n"
        "وقال البنتاغون إن تلك الضربات كانت رداً على قصف صاروخي استهدف عسكريين "
        "أمريكيين في الشدادي."
    )
    events = run(text)
    kinds = sorted(e.kind.value for e in events if e.site == "al_shaddadi")
    assert kinds == ["intercept", "rocket_attack"]
    strike = next(e for e in events if e.site == "abu_kamal")
    rockets = next(e for e in events if e.kind == Kind.ROCKET_ATTACK)
    assert strike.responds_to == rockets.id


def test_a_year_before_the_verb_is_not_a_tally() -> None:
    text = (
        "وفي الرابع من كانون الثاني/ يناير 2024، شنت طائرة أمريكية غارة على سيارة قيادي في الحشد."
    )
    [ev] = run(text)
    assert (ev.kind, ev.date_start) == (Kind.AIRSTRIKE, date(2024, 1, 4))


def test_an_area_read_as_the_us_base_there_is_not_where_the_us_struck() -> None:
    [ev] = run("ضربات أمريكية على مواقع للفصائل غرب العراق مساء الثلاثاء")
    assert ev.site is None
    [ev] = run("سقطت صواريخ على قاعدة تضم قوات أمريكية غرب العراق مساء الثلاثاء")
    assert ev.site == "ain_al_asad"


def test_a_cue_answering_no_attack_makes_the_attack_after_it_the_answer() -> None:
    text = (
        "وقالت المقاومة الإسلامية في العراق في بيان: ورداً على مجازر الاحتلال بحق أهلنا، "
        "هاجم مجاهدونا قاعدة الاحتلال قرب مطار أربيل بالطيران المسير مساء الأحد."
    )
    [ev] = run(text)
    assert (ev.site, ev.kind, ev.perpetrator_basis) == (
        "erbil_air_base",
        Kind.DRONE_ATTACK,
        "claimed",
    )
    assert ev.targets == ["us_forces"]


def test_a_civilian_airport_hit_does_not_by_itself_hit_the_base_beside_it() -> None:
    [ev] = run("استهدف قصف صاروخي مطار بغداد الدولي فجر الجمعة وتضررت طائرة مدنية.")
    assert ev.site == "victory_base"
    assert ev.targets == []


def test_a_foiled_attack_at_a_base_named_after_its_province() -> None:
    text = (
        "سقطت ثلاث قذائف على حقل العمر فجر الأربعاء.\n"
        "وكان التحالف قد قال أمس الثلاثاء إنه أحبط قصفاً صاروخياً استهدف موقعاً له في ريف "
        "دير الزور، وتحديداً قاعدة المنطقة الخضراء."
    )
    events = sorted(run(text), key=lambda e: e.date_start or date.min)
    assert [(e.site, e.date_start) for e in events] == [
        ("al_omar", date(2024, 1, 9)),
        ("al_omar", date(2024, 1, 10)),
    ]
    assert events[0].perpetrator is None


def test_a_shell_falling_on_the_helicopter_pad_is_no_helicopter_strike() -> None:
    text = (
        "سقطت ثلاث قذائف على حقل العمر فجر الأربعاء.\n"
        "وقال شاهد إن قذيفة منها ارتطمت بمربض الطائرات المروحية داخل الحقل."
    )
    [ev] = run(text)
    assert ev.kind == Kind.ROCKET_ATTACK


def test_the_strike_an_anniversary_commemorates_is_no_event() -> None:
    text = (
        "أُسقطت مسيرتان قرب قاعدة فكتوريا فجر اليوم.\n"
        "ويأتي الهجوم في الذكرى الثانية لاغتيال قائد فيلق القدس ونائبه بضربة أمريكية قرب "
        "مطار بغداد."
    )
    [ev] = run(text)
    assert ev.kind == Kind.INTERCEPT


def test_three_attacks_on_convoys_in_a_list_of_governorates() -> None:
    text = "وطالت أمس الإثنين، 3 هجمات قوافل التحالف في محافظات: ميسان، والديوانية، والنجف."
    events = run(text)
    assert sorted(e.site or "" for e in events) == ["al_diwaniyah", "gov_maysan", "najaf"]
    assert {(e.kind, e.date_start, e.targets[0]) for e in events} == {
        (Kind.IED, date(2024, 1, 8), "coalition_oir"),
    }


def test_the_owner_of_the_trucks_hit_is_the_target() -> None:
    text = "قرب الناصرية صباح اليوم انفجرت عبوة بقافلة شاحنات للوقود تابعة لقوات التحالف."
    [ev] = run(text)
    assert (ev.kind, ev.perpetrator, ev.targets) == (Kind.IED, None, ["coalition_oir"])


def test_neutral_forces_hit_are_targets_and_named_targets_come_first() -> None:
    [ev] = run("تعرضت قاعدة بلد لقصف صاروخي مساء الأحد أدى إلى إصابة جنديين عراقيين.")
    assert ev.targets[0] == "iraqi_security_forces"
    text = (
        "قصفت مسيرة حقل العمر مساء الأحد وقتل فيها سبعة مقاتلين من قوات سوريا الديمقراطية.\n"
        "وسمع دوي انفجار في قاعدة حقل العمر."
    )
    [ev] = run(text)
    assert ev.targets[0] == "sdf"


def test_a_speaker_that_says_it_fired_claims_the_fire() -> None:
    text = "وقال التحالف إنه أطلق ست قذائف مدفعية باتجاه الميادين مساء الأحد."
    [ev] = run(text)
    assert (ev.perpetrator, ev.perpetrator_basis) == ("coalition_oir", "claimed")


def test_forces_of_the_speaker_that_shot_a_drone_down_are_the_target() -> None:
    [ev] = run("ذكر الجيش الأمريكي في تغريدة أن قواته اعترضت يوم الثلاثاء مسيرة فوق سوريا.")
    assert (ev.kind, ev.perpetrator, ev.targets) == (Kind.INTERCEPT, None, ["us_forces"])


def test_the_state_whose_strike_made_a_martyr_struck() -> None:
    text = "ونعت الكتائب قائدها الذي استشهد بقصف الجيش الأمريكي لسيارته في بغداد مساء الأربعاء."
    [ev] = run(text)
    assert ev.perpetrator == "us_forces"


def test_the_embassy_hit_is_the_us_government() -> None:
    [ev] = run("سقطت ثلاثة صواريخ قرب السفارة الأمريكية في بغداد ليل الأحد.")
    assert ev.targets == ["us_government"]


def test_a_vow_kept_links_the_strikes_to_the_attack_vowed_for() -> None:
    text = (
        "قصفت مقاتلات أمريكية مساء الجمعة مخازن للحرس الثوري في دير الزور.\n"
        "وكان البيت الأبيض قد توعد بتوجيه ضربات انتقامية رداً على هجوم بطائرة مسيرة استهدف قاعدة "
        "في شمال شرق الأردن وقتل فيه جنود أمريكيون."
    )
    events = run(text, datetime(2024, 2, 3, tzinfo=UTC))
    strike = next(e for e in events if e.kind == Kind.AIRSTRIKE)
    tower = next(e for e in events if e.site == "tower_22")
    assert strike.responds_to == tower.id
    assert (tower.date_start, tower.date_end) == (date(2024, 1, 27), date(2024, 2, 2))


def test_attacks_said_to_be_earlier_are_not_the_attack_told_beside_them() -> None:
    text = (
        "قصفت فصائل عراقية قاعدة حقل كونيكو بصاروخين فجر اليوم، "
        "بعد هجومين سابقين على القاعدة نفسها فجر اليوم أيضاً."
    )
    assert [e.site for e in run(text)] == ["conoco", "conoco"]


def test_bases_hosting_us_forces_in_two_provinces_are_two_events() -> None:
    """Anbar has one US-hosting base in the gazetteer (Ain al-Asad), Erbil two (the airport
    and Harir): the second event stays at the town of Erbil, not a guess between them."""
    text = "وقصفت طهران بالصواريخ يوم الأربعاء قواعد أمريكية في محافظتي الأنبار وأربيل."
    assert sorted(e.site or "" for e in run(text)) == ["ain_al_asad", "erbil"]
