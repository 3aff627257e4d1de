"""The Arabic extractor on short sentences written for these tests: one rule or trap each.

Publication dates are chosen so relative dates are easy to check by hand: 2024-01-10 is a
Wednesday.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

import pytest

from tatgraph.extract import ExtractedEvent, ReportMeta, extract_text
from tatgraph.extract.dates import parse_dates
from tatgraph.extract.lexicon import default_lexicon
from tatgraph.extract.matcher import tokenize
from tatgraph.extract.normalise import normalise
from tatgraph.vocab import Kind

WED = datetime(2024, 1, 10, tzinfo=UTC)


def run(
    text: str, published: datetime = WED, outlet: str | None = "Reuters"
) -> list[ExtractedEvent]:
    return extract_text(text, ReportMeta("t.txt", published, outlet=outlet))


def one(text: str, published: datetime = WED) -> ExtractedEvent:
    events = run(text, published)
    assert len(events) == 1, [e.summary_line() for e in events]
    return events[0]


def found(text: str, *categories: str) -> list[tuple[str, object]]:
    lex = default_lexicon()
    norm = normalise(text).text
    return [
        (m.category, m.value)
        for m in lex.find(tokenize(norm), norm)
        if not categories or m.category in categories
    ]


# -- normaliser ----------------------------------------------------------------------------
def test_normaliser_folds_and_strips() -> None:
    raw = "«الأمِيرِكيّة» إلى مُسيَّرةٍ قتلى آذار ٢٣ ـــ ةً"
    assert normalise(raw).text == "الاميركيه الي مسيره قتلي اذار 23  ه"


def test_normaliser_offsets_point_at_the_original_word() -> None:
    raw = "قصفت «المقاتلاتُ» حقلَ العُمر"
    n = normalise(raw)
    start = n.text.index("حقل العمر")
    a, b = n.span(start, start + len("حقل العمر"))
    assert raw[a:b] == "حقلَ العُمر"


def test_normaliser_composes_decomposed_hamza() -> None:
    raw = "ا" + "\u0654" + "طلق"  # alef + combining hamza above, as some keyboards write it
    n = normalise(raw)
    assert n.text == "اطلق"
    assert n.quote(0, len(n.text)) == raw
    assert unicodedata.normalize("NFC", raw) != raw


# -- clitics and spelling variants --------------------------------------------------------
def test_clitics_are_stripped_for_names_and_numbers() -> None:
    assert ("actor", "us_forces") in found("وصلت للقوات الأمريكية تعزيزات", "actor")
    assert ("number", 8) in found("قصفوا الموقع بثمانية صواريخ", "number")
    assert ("site", "al_shaddadi") in found("مرت القافلة والشدادي خلفها", "site")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("القوات الأميركية", "القوات الأمريكية"),
        ("قوات سورية الديمقراطية", "قوات سوريا الديمقراطية"),
        ("الميليشيات الإيرانية", "المليشيات الإيرانية"),
    ],
)
def test_spelling_variants_name_the_same_actor(a: str, b: str) -> None:
    assert found(a, "actor") == found(b, "actor") != []


def test_duals_of_places_and_weapons() -> None:
    ev = run("استهدفت الفصائل حقلَي كونيكو والعمر يوم الثلاثاء.")
    assert sorted(str(e.site) for e in ev) == ["al_omar", "conoco"]
    both = run("قصفت الفصائل قاعدتَي العمر وكونيكو بصواريخ يوم الثلاثاء.")
    assert sorted(str(e.site) for e in both) == ["al_omar", "conoco"]
    assert one("سقطت مسيّرتان على قاعدة التنف يوم الاثنين.").munitions == {"drones": 2}
    assert one("سقطت قذيفتا هاون قرب قاعدة الشدادي أمس.").munitions == {"mortar_rounds": 2}


def test_weekday_spellings_and_alef_maqsura() -> None:
    a = one("قصفت طائرات أمريكية مواقع في البوكمال يوم الإثنين، ما أدى إلى سقوط 4 قتلى.")
    b = one("قصفت طائرات أمريكية مواقع في البوكمال يوم الاثنين، ما أدى إلى سقوط 4 قتلي.")
    assert a.date_start == b.date_start == date(2024, 1, 8)
    assert a.claims[0].killed == b.claims[0].killed == 4


# -- dates ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "first", "part"),
    [
        ("الأحد الماضي", "2024-01-07", None),
        ("يوم الأربعاء", "2024-01-10", None),
        ("الأربعاء الماضي", "2024-01-03", None),
        ("أمس", "2024-01-09", None),
        ("أول أمس", "2024-01-08", None),
        ("فجر اليوم", "2024-01-10", "dawn"),
        ("مساء أمس الثلاثاء", "2024-01-09", "evening"),
        ("صباح الاثنين", "2024-01-08", "morning"),
        ("ليل الأحد-الاثنين", "2024-01-07", "night"),
        ("ليلة السبت على الأحد", "2024-01-06", "night"),
        ("منذ ثلاثة أيام", "2024-01-07", None),
        ("منذ يومين", "2024-01-08", None),
        ("في 8 كانون الثاني/يناير الجاري", "2024-01-08", None),
        ("في 29 كانون الأول الماضي", "2023-12-29", None),
        ("يوم 5 أيلول 2023", "2023-09-05", None),
        ("في 3 حزيران", "2023-06-03", None),
        ("في 14 تشرين الأول 2023", "2023-10-14", None),
        ("2023/12/31", "2023-12-31", None),
        # «N من <month>» and ordinal days («الثاني من …»)
        ("وفي 6 من كانون الثاني الحالي", "2024-01-06", None),
        ("في الـ 19 من نوفمبر الماضي", "2023-11-19", None),
        ("في الثاني من كانون الثاني", "2024-01-02", None),
        ("منذ العاشر من أيلول 2023", "2023-09-10", None),
        ("في 7 آب من عام 2022", "2022-08-07", None),
    ],
)
def test_date_phrases_resolve_against_publication(
    phrase: str, first: str, part: str | None
) -> None:
    (d,) = parse_dates(phrase, date(2024, 1, 10))
    assert d.first_day.isoformat() == first
    assert (d.part.value if d.part else None) == part


def test_month_only_and_recent_are_windows() -> None:
    (month,) = parse_dates("في آذار عام 2023", date(2024, 1, 10))
    assert (month.first_day, month.last_day) == (date(2023, 3, 1), date(2023, 3, 31))
    (recent,) = parse_dates("مؤخراً", date(2024, 1, 10))
    assert (recent.first_day, recent.last_day) == (date(2024, 1, 4), date(2024, 1, 10))


def test_a_bare_month_word_is_not_a_date() -> None:
    assert parse_dates("زار الأب ابنه", date(2024, 1, 10)) == []


def test_an_ordinal_is_a_day_only_before_min_and_a_month() -> None:
    assert parse_dates("أطلقوا الجيل الثالث من الصواريخ", date(2024, 1, 10)) == []
    (month,) = parse_dates("في تشرين الأول من عام 2022", date(2024, 1, 10))
    assert (month.first_day, month.last_day) == (date(2022, 10, 1), date(2022, 10, 31))


def test_each_date_goes_to_the_event_it_describes() -> None:
    events = run(
        "استهدفت الفصائل قاعدة التنف بثلاثة صواريخ يوم الاثنين، "
        "بعد غارة أمريكية على البوكمال الأحد الماضي."
    )
    days = {str(e.site): e.date_start for e in events}
    assert days == {"al_tanf": date(2024, 1, 8), "abu_kamal": date(2024, 1, 7)}


def test_clock_time_narrows_the_day_to_an_hour() -> None:
    ev = one("قال البنتاغون إن طائرة مسيرة ضربت قاعدة التنف أمس عند الساعة 1:30 مساءً.")
    assert ev.precision.value == "hour"
    assert ev.start is not None
    assert ev.start.isoformat() == "2024-01-09T10:00:00+00:00"  # 13:00 Damascus


def test_undated_event_takes_the_reports_dated_event() -> None:
    events = run(
        "سقطت صواريخ على حقل العمر مساء الاثنين. "
        "وفي سياق متصل استهدفت طائرة مسيرة قاعدة الشدادي وأصابت جنديين."
    )
    assert {str(e.site): e.date_start for e in events} == {
        "al_omar": date(2024, 1, 8),
        "al_shaddadi": date(2024, 1, 8),
    }


# -- kinds and munitions --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("سقطت ثلاث قذائف هاون على قاعدة التنف أمس.", Kind.MORTAR_ATTACK),
        ("أطلقت الفصائل صاروخين باليستيين على قاعدة عين الأسد أمس.", Kind.MISSILE_STRIKE),
        ("شنت مقاتلات أمريكية غارات على البوكمال أمس.", Kind.AIRSTRIKE),
        ("استهدفت مروحيات أمريكية مواقع في الميادين أمس.", Kind.HELICOPTER_STRIKE),
        ("قصفت المدفعية مواقع في بلدة هجين أمس.", Kind.ARTILLERY_SHELLING),
        ("اندلعت اشتباكات عنيفة في بلدة ذيبان أمس.", Kind.GROUND_CLASH),
        ("انفجرت عبوة ناسفة بدورية قرب الشدادي أمس.", Kind.IED),
        ("نفذت قوات التحالف عملية إنزال جوي في بلدة البصيرة أمس.", Kind.RAID),
    ],
)
def test_weapons_give_the_kind(text: str, kind: Kind) -> None:
    assert one(text).kind is kind


def test_a_drone_that_fires_rockets_is_a_drone_attack() -> None:
    assert one("استهدفت طائرة مسيرة قاعدة التنف بصاروخين أمس.").kind is Kind.DRONE_ATTACK


def test_times_are_not_munitions() -> None:
    ev = one("حلقت طائرات روسية فوق التنف أكثر من 20 مرة، ثم سقط صاروخ على القاعدة أمس.")
    assert ev.munitions == {"rockets": 1}


# -- claims --------------------------------------------------------------------------------
def test_each_claimant_keeps_its_own_figures() -> None:
    ev = one(
        "قالت القيادة المركزية الأمريكية إن الهجوم على قاعدة التنف أمس لم يسفر عن إصابات. "
        "لكن المرصد السوري لحقوق الإنسان قال إن هجوم التنف أدى إلى إصابة 3 جنود. "
        "وأكدت قوات سوريا الديمقراطية أن الهجوم على التنف أسفر عن مقتل جندي."
    )
    figures = {c.claimant: (c.killed, c.injured) for c in ev.claims}
    assert figures == {"centcom": (None, 0), "sohr": (None, 3), "sdf": (1, None)}


@pytest.mark.parametrize(
    ("tail", "killed", "injured"),
    [
        ("من دون وقوع إصابات", None, 0),
        ("ولم تسفر عن خسائر بشرية", 0, 0),
        ("واقتصرت الأضرار على الماديات", 0, 0),
        ("دون توفر معلومات عن عدد الضحايا", None, None),
        ("ما أدى إلى مقتل ثلاثة عناصر وإصابة خمسة آخرين", 3, 5),
        ("وأسفر عن جرح جنديين", None, 2),
        ("وأدى إلى إصابة القاعدة إصابة مباشرة", None, None),
    ],
)
def test_casualty_figures_and_negations(tail: str, killed: int | None, injured: int | None) -> None:
    ev = one(f"سقطت صواريخ على قاعدة الشدادي أمس، {tail}.")
    assert (ev.claims[0].killed, ev.claims[0].injured) == (killed, injured)


def test_pentagon_and_local_sources_are_claimants() -> None:
    ev = one(
        "أفادت مصادر محلية بسقوط صواريخ على حقل كونيكو أمس. "
        "وقال البنتاغون إن الصواريخ سقطت في محيط كونيكو."
    )
    assert [c.claimant for c in ev.claims] == ["local_sources", "us_dod"]


def test_claimed_attributed_suspected_and_denied_stay_apart() -> None:
    claimed = one("أعلنت المقاومة الإسلامية في العراق مسؤوليتها عن استهداف قاعدة حرير أمس.")
    assert (claimed.perpetrator, claimed.perpetrator_basis) == (
        "islamic_resistance_iraq",
        "claimed",
    )
    attributed = one("قال المرصد السوري إن كتائب حزب الله قصفت حقل العمر بصاروخين أمس.")
    assert attributed.perpetrator == "kataib_hezbollah"
    assert attributed.claims[0].responsibility == "attributed"
    suspected = one(
        "سقطت صواريخ على حقل العمر أمس، ويعتقد أن الميليشيات الإيرانية تقف وراء الهجوم."
    )
    assert [c.responsibility for c in suspected.claims if c.responsible] in (["suspected"], [])
    denied = one("سقط صاروخ على قاعدة عين الأسد أمس، ونفت كتائب حزب الله أي علاقة لها بالهجوم.")
    assert denied.perpetrator is None
    assert [c.responsibility for c in denied.claims] == [None, "denied"]


def test_nobody_claiming_is_not_a_claim() -> None:
    ev = one("سقط صاروخ على قاعدة عين الأسد أمس، ولم تعلن أي جهة مسؤوليتها عن الهجوم.")
    assert ev.perpetrator is None


def test_first_person_statement_is_a_claim_by_the_speaker() -> None:
    ev = one("وقالت كتائب سيد الشهداء: مجاهدونا استهدفوا قاعدة التنف بطائرة مسيرة فجر اليوم.")
    assert (ev.perpetrator, ev.perpetrator_basis) == ("kataib_sayyid_al_shuhada", "claimed")


# -- not events ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "يتوقع مراقبون أن تستهدف الفصائل قاعدة التنف في الأيام المقبلة.",
        "قد تشن الميليشيات هجمات جديدة على حقل العمر.",
        "تخطط الفصائل لاستهداف قاعدة الشدادي بطائرات مسيرة.",
        "هددت الفصائل بقصف قاعدة التنف إذا استمرت الغارات.",
        "تعرضت قاعدة الشدادي لهجمات أكثر من مرة خلال العام الماضي.",
        "لم تشهد قاعدة التنف أي هجمات منذ أشهر.",
        "حلقت طائرات مسيرة أمريكية فوق حقل العمر طوال الليل.",
        "نظم أهالي البوكمال مسيرة احتجاجية يوم الجمعة.",
        "بثت قناة الميادين تقريراً مصوراً عن الأوضاع.",
        "يبلغ القائد من العمر خمسين عاماً.",
    ],
)
def test_forecasts_threats_habits_overflights_and_traps_are_not_events(text: str) -> None:
    assert run(text) == []


def test_hedged_sentence_adds_a_hedged_claim_but_no_event() -> None:
    assert run("يرجح أن صواريخ سقطت قرب قاعدة التنف.") == []
    ev = one(
        "سقطت صواريخ على قاعدة التنف أمس. "
        "ويُرجَّح أن الهجوم نُفّذ بثلاثة صواريخ، وتشير الأنباء الأولية إلى سقوط 5 قتلى."
    )
    hedged = [c for c in ev.claims if c.hedged]
    assert hedged
    assert hedged[0].killed == 5


def test_mayadeen_channel_is_a_claimant_and_mayadin_town_a_place() -> None:
    ev = one("قالت قناة الميادين إن غارة أمريكية استهدفت بلدة الميادين فجر اليوم.")
    assert ev.site == "al_mayadin"
    assert ev.claims[0].claimant == "al_mayadeen_tv"


def test_iraqi_hezbollah_is_kataib_hezbollah() -> None:
    assert found('قصف "حزب الله" العراقي القاعدة', "actor") == [("actor", "kataib_hezbollah")]
    assert found("قصف حزب الله اللبناني القاعدة", "actor") == [("actor", "hezbollah")]


def test_omar_needs_a_head_noun() -> None:
    assert one("قصفت الفصائل القاعدة الأمريكية في العمر أمس.").site == "al_omar"
    assert run("تقدم القائد في العمر وقصفت الفصائل مواقع مجهولة.") == [] or all(
        e.site != "al_omar" for e in run("تقدم القائد في العمر وقصفت الفصائل مواقع مجهولة.")
    )


# -- response cues ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "قصفت طائرات أمريكية مواقع في البوكمال فجر اليوم رداً على هجوم بطائرة مسيرة "
        "استهدف قاعدة التنف أمس.",
        "استهدفت طائرة مسيرة قاعدة التنف أمس. وردت القوات الأمريكية بقصف مواقع في "
        "البوكمال فجر اليوم.",
        "استهدفت طائرة مسيرة قاعدة التنف أمس. "
        "وقالت القوات الأمريكية إنها قصفت مواقع في البوكمال فجر اليوم في إطار الدفاع عن النفس.",
        "قصفت طائرات أمريكية مواقع في البوكمال فجر اليوم انتقاماً لهجوم بطائرة مسيرة "
        "على قاعدة التنف أمس.",
    ],
)
def test_response_cues_link_the_answer_to_the_attack(text: str) -> None:
    events = {str(e.site): e for e in run(text)}
    assert set(events) == {"al_tanf", "abu_kamal"}
    assert events["abu_kamal"].responds_to == events["al_tanf"].id
    assert events["abu_kamal"].response_cue
    assert events["al_tanf"].responds_to is None


def test_answered_attack_told_only_with_its_answer_is_background() -> None:
    events = {
        str(e.site): e
        for e in run(
            "ردت الفصائل على غارة أمريكية على البوكمال الأحد الماضي باستهداف قاعدة التنف "
            "بثلاثة صواريخ أمس."
        )
    }
    assert events["abu_kamal"].background
    assert not events["al_tanf"].background
    assert events["al_tanf"].responds_to == events["abu_kamal"].id


# -- output ----------------------------------------------------------------------------------
def test_json_line_has_every_field_and_offsets_into_the_original() -> None:
    text = "أفادت «مصادر محليّة» بسقوط ثلاثة صواريخ على حقل العمر ليل الأحد، دون إصابات."
    (ev,) = run(text)
    row = ev.to_json()
    for key in (
        "id", "report", "kind", "perpetrator", "perpetrator_side", "target", "target_side",
        "site", "site_name", "date_start", "date_end", "precision", "munitions", "claims",
        "responds_to", "response_cue", "background", "evidence",
    ):  # fmt: skip
        assert key in row
    assert row["munitions"] == {"rockets": 3}
    assert row["date_start"] == "2024-01-07"
    assert row["target"] == "us_forces"
    assert row["target_side"] == "us_coalition"
    for item in [*row["claims"], *row["evidence"]]:
        assert text[item["start"] : item["end"]] == item["quote"]
    assert row["claims"][0]["injured"] == 0


def test_ids_are_stable() -> None:
    text = "سقط صاروخان على قاعدة التنف أمس."
    assert run(text)[0].id == run(text)[0].id
    assert run(text)[0].id.startswith("ev_2024_01_09_al_tanf_rocket_attack_")


def test_a_placeless_attack_in_another_war_is_not_an_event() -> None:
    assert run("قصفت طائرات إسرائيلية مبنى في غزة أمس، ما أدى إلى مقتل 12 شخصاً.") == []
    (patrol,) = run("قتل جندي سوري بهجوم بقذائف الهاون على دورية مشتركة مساء الأحد.")
    assert patrol.site is None
    assert patrol.claims[0].killed == 1


def test_a_party_announcing_an_attack_on_the_other_camp_claims_it() -> None:
    ev = one("أعلنت المقاومة الإسلامية في العراق، في بيان، استهداف قاعدة عين الأسد بصواريخ أمس.")
    assert (ev.perpetrator, ev.perpetrator_basis) == ("islamic_resistance_iraq", "claimed")
    hit = one("أعلنت القيادة المركزية الأمريكية تعرض قاعدة التنف لهجوم بطائرة مسيرة أمس.")
    assert hit.perpetrator is None


@pytest.mark.parametrize("lead", ["اقرأ أيضاً:", "اقرأ/ي أيضًا |", "شاهد أيضا -"])
def test_a_related_article_line_is_not_part_of_the_report(lead: str) -> None:
    text = (
        "قصفت طائرات مسيرة قاعدة عين الأسد الجوية فجر اليوم دون إصابات.\n"
        f"{lead} غارات جوية على مواقع في البوكمال بعد هجوم صاروخي على حقل العمر\n"
        "وقال مسؤول إن الهجوم لم يوقع خسائر."
    )
    evs = run(text)
    assert [(e.kind, e.site) for e in evs] == [(Kind.DRONE_ATTACK, "ain_al_asad")]
    related = text.index(lead)
    assert all(not (related <= a < text.index("\n", related)) for _, a, _ in evs[0].evidence)
