# ruff: noqa: E501  (coding data: one-line summaries and notes)
"""Build gold.yaml for the blind set (g01..g24) from anchor phrases (offsets computed, never typed).

Each quote is given as (first words, last words) of a passage of the report; the script finds
the passage (it must be unique), stores [start, end) code-point offsets, and checks every
event id, link target, site, actor, kind, munition key, part of day and that a dated id
carries its date, against the package's gazetteer, place table and actors. Run from the
repository root:

    python tests/data/blind/build_gold.py          # writes tests/data/blind/gold.yaml
    python tests/data/blind/build_gold.py --check  # exit 1 if gold.yaml is not what it builds

The coding is one function per report, run only by ``build()`` (nothing runs on import).
It was written before the set was scored and is kept as it was: see README.md.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/data
from goldkit import GoldKit, Record

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SRC = "src_blind_"  # source ids: src_blind_g01 ...


KIT = GoldKit(HERE, "src_blind_")
text, Q, C, L, P, E, N = KIT.text, KIT.Q, KIT.C, KIT.L, KIT.P, KIT.E, KIT.N
EVENTS, NOT_CODED = KIT.events, KIT.not_coded


IRI = "islamic_resistance_iraq"
IBM = "iran_backed_militias"


# ---------------------------------------------------------------- g01 (published 2023-10-26 Thu)
def _g01() -> None:
    E(
        "ev_g01_2023_10_25_al_shaddadi_drones",
        "drone_attack",
        "al_shaddadi",
        1,
        [P(IRI, "claimed")],
        ["us_forces"],
        "The Islamic Resistance in Iraq says it hit the al-Shaddadi base with two drones on Wednesday evening; residents heard at least one blast around 20:00.",
        [
            C(
                "g01",
                IRI,
                "أعلنت «المقاومة الإسلامية في العراق»، في بيان مقتضب",
                'أصابتا أهدافهما "بشكل مباشر".',
                munitions={"drones": 2},
                responsibility="claimed",
                responsible=IRI,
            ),
            C(
                "g01",
                "local_sources",
                "في حين تحدث سكان في بلدة الشدادي",
                "قرابة الثامنة مساءً.",
                note="residents heard at least one explosion",
            ),
        ],
        date="2023-10-25",
        pod="evening",
    )
    E(
        "ev_g01_2023_10_25_rumalyn_drone",
        "drone_attack",
        "rumalyn",
        1,
        [P(IRI, "claimed")],
        ["us_forces"],
        "The same statement claims a third drone against the Rumalyn airfield at about the same time (not confirmed).",
        [
            C(
                "g01",
                IRI,
                "وأضاف البيان أن طائرة مسيّرة ثالثة",
                "في أقصى شمال شرقي سوريا.",
                munitions={"drones": 1},
                responsibility="claimed",
                responsible=IRI,
            )
        ],
        date="2023-10-25",
        pod="evening",
        note="'at about the same time' as the Wednesday-evening attack",
    )
    N("g01", "وهذا ثالث إعلان من نوعه", "في قطاع غزة.", "earlier claims this week: aggregate")


# ---------------------------------------------------------------- g02 (published 2024-01-21 Sun 09:40 Baghdad)
def _g02() -> None:
    erbil02 = "ev_g02_2023_12_25_erbil_air_base_drone"
    E(
        "ev_g02_2024_01_20_ain_al_asad_missiles",
        "missile_strike",
        "ain_al_asad",
        1,
        [P(IRI, "claimed"), P(IBM, "attributed")],
        ["us_forces", "iraqi_security_forces"],
        "Ballistic missiles and Katyusha rockets were fired at Ain al-Asad on Saturday evening; most were intercepted, some hit; US personnel checked for TBI, one (CENTCOM) or two (Iraqi officer) Iraqi soldiers wounded.",
        [
            C(
                "g02",
                None,
                "تعرضت قاعدة عين الأسد الجوية في ناحية البغدادي",
                "وبيان للقيادة المركزية الأمريكية.",
            ),
            C(
                "g02",
                "centcom",
                "وقالت القيادة المركزية (سنتكوم)",
                "أصيب بجروح.",
                injured=1,
                responsibility="attributed",
                responsible=IBM,
                note="most intercepted, some hit inside; US personnel evaluated for TBI (number not given); at least one Iraqi wounded",
            ),
            C(
                "g02",
                "us_officials_anonymous",
                "وفي واشنطن، قال مسؤول أمريكي",
                "بأضرار طفيفة.",
                note="at least four US service members under medical evaluation (not counted as injured)",
            ),
            C(
                "g02",
                "iraqi_government",
                "من جانبه، قال قائممقام قضاء هيت",
                'بسقوط ضحايا مدنيين".',
                note="Hit district administrator: no civilian victims reported",
            ),
            C(
                "g02",
                "iraqi_security_forces",
                "وفي رواية مختلفة، قال ضابط",
                "نُقلا إلى المستشفى.",
                injured=2,
                munitions={"missiles": 17, "intercepted": 13},
                note="officer of the Jazira operations command; 'صاروخاً' counts ballistic missiles and rockets together; the launcher truck is the origin, not the site",
            ),
            C(
                "g02",
                IRI,
                "وتبنّى الهجومَ فصيلُ",
                "نوع السلاح المستخدم.",
                responsibility="claimed",
                responsible=IRI,
            ),
            C(
                "g02",
                "iraqi_government",
                "وأدان المتحدث باسم الحكومة العراقية",
                "لتصفية الحسابات.",
                note="government spokesman condemns",
            ),
        ],
        date="2024-01-20",
        pod="evening",
        note="ballistic missiles and rockets: kind of the heavier, named-first weapon (missile_strike); 18:30 local",
    )
    E(
        erbil02,
        "drone_attack",
        "erbil_air_base",
        1,
        [P("kataib_hezbollah", "claimed")],
        ["us_forces"],
        "A drone attack on Erbil air base on 25 December, claimed by Kataib Hezbollah, wounded three US service members (context).",
        [
            C(
                "g02",
                None,
                "ويعيد الهجوم إلى الأذهان",
                "تبنّته «كتائب حزب الله»",
                injured=3,
                munitions={"drones": 1},
                responsibility="claimed",
                responsible="kataib_hezbollah",
            )
        ],
        date="2023-12-25",
        background=True,
    )
    E(
        "ev_g02_2023_12_25_babil_us_airstrikes",
        "airstrike",
        "gov_babil",
        3,
        [P("us_forces", "claimed")],
        ["kataib_hezbollah"],
        "Hours after the Erbil drone attack, US air strikes hit three Kataib Hezbollah facilities in Babil province in answer to it (context).",
        [C("g02", None, "لترد واشنطن بعد ساعات", "رداً على ذلك الهجوم.")],
        start="2023-12-25",
        end="2023-12-26",
        precision="week",
        background=True,
        responds_to=[
            L(
                "g02",
                erbil02,
                "stated",
                "رداً على",
                "ويعيد الهجوم إلى الأذهان",
                "رداً على ذلك الهجوم.",
            )
        ],
        note="'hours after' an attack on 25 December: the 25th or the 26th; three facilities in a governorate: one event, geo 3",
    )


# ---------------------------------------------------------------- g03 (published 2023-11-21 Tue)
def _g03() -> None:
    E(
        "ev_g03_2023_11_21_harir_base_intercept",
        "intercept",
        "harir_base",
        1,
        [P(IRI, "claimed")],
        ["coalition_oir"],
        "Coalition air defences shot down an explosive drone heading for Harir base at 04:50, a few km from the base; no losses.",
        [
            C(
                "g03",
                "kurdistan_region_security",
                "أعلن جهاز مكافحة الإرهاب في إقليم كوردستان",
                "باشرت جمع حطامها لفحصه.",
                killed=0,
                injured=0,
                munitions={"drones": 1, "intercepted": 1},
                note="Kurdistan Region counter-terrorism service",
            ),
            C(
                "g03",
                IRI,
                "وتبنّت «المقاومة الإسلامية في العراق» الهجومين",
                '"أصابت أهدافها بدقة".',
                responsibility="claimed",
                responsible=IRI,
                note="one of two statements; claims hits",
            ),
        ],
        date="2023-11-21",
        pod="dawn",
    )
    E(
        "ev_g03_2023_11_19_erbil_air_base_drones",
        "drone_attack",
        "erbil_air_base",
        1,
        [P(IRI, "claimed")],
        ["coalition_oir"],
        "Two drones approached the coalition base at Erbil airport on Sunday night: one shot down, the other exploded on empty ground inside the perimeter, hurting nobody.",
        [
            C(
                "g03",
                "local_sources",
                "ويأتي الحادث بعد أقل من 48 ساعة",
                'من دون أن تصيب أحداً".',
                killed=0,
                injured=0,
                munitions={"drones": 2, "intercepted": 1},
                note="source in the Peshmerga ministry",
            ),
            C(
                "g03",
                IRI,
                "وتبنّت «المقاومة الإسلامية في العراق» الهجومين",
                '"أصابت أهدافها بدقة".',
                responsibility="claimed",
                responsible=IRI,
                note="the other of two statements",
            ),
        ],
        date="2023-11-19",
        pod="night",
        note="'ليل الأحد' from a Tuesday page: the night of Sunday 19 November",
    )
    E(
        "ev_g03_2021_02_15_erbil_air_base_rockets",
        "rocket_attack",
        "erbil_air_base",
        2,
        [],
        ["coalition_oir", "us_forces"],
        "On the evening of 15 February 2021 rockets fell around Erbil airport and nearby districts, killing a foreign civilian contractor of the coalition and wounding others including a US soldier (context).",
        [
            C(
                "g03",
                None,
                "ففي مساء الخامس عشر من شباط 2021",
                "«سرايا أولياء الدم».",
                killed=1,
                note="wounded not counted ('others'); claimed by 'Saraya Awliya al-Dam', which is not in the actor table",
            )
        ],
        date="2021-02-15",
        pod="evening",
        background=True,
        note="perpetrators empty: the claiming group has no actor id; 'around the airport and nearby districts': geo 2",
    )
    N("g03", "وقال محافظ أربيل", 'من خارج حدود الإقليم".', "condemnation; no incident")
    N(
        "g03",
        "من جهتها، اكتفت وزارة الدفاع الأمريكية",
        "دون الخوض في تفاصيل.",
        "'several attacks' in recent days: aggregate",
    )


# ---------------------------------------------------------------- g04 (militia statements dated 2023-11-23 Thu)
def _g04() -> None:
    jurf04 = "ev_g04_2023_11_22_jurf_al_sakhar_us_strike"
    E(
        "ev_g04_2023_11_23_al_omar_drones",
        "drone_attack",
        "al_omar",
        1,
        [P(IRI, "claimed")],
        ["us_forces"],
        "The Islamic Resistance in Iraq says it struck the US base at the al-Omar field with a swarm of drones at dawn on Thursday, in revenge for the US strike on Jurf al-Nasr.",
        [
            C(
                "g04",
                IRI,
                "انتقاماً لدماء شهدائنا الأبرار",
                "وقد أصابت أهدافها بشكل مباشر.",
                responsibility="claimed",
                responsible=IRI,
                note="'a swarm' of drones, number not given",
            )
        ],
        date="2023-11-23",
        pod="dawn",
        responds_to=[
            L(
                "g04",
                jurf04,
                "stated",
                "انتقاماً لدماء",
                "انتقاماً لدماء شهدائنا الأبرار",
                "فجر أمس الأربعاء،",
            )
        ],
    )
    E(
        jurf04,
        "airstrike",
        "jurf_al_sakhar",
        1,
        [P("us_forces", "attributed")],
        [IRI],
        "The 'US aggression' on the group's positions at Jurf al-Nasr at dawn on Wednesday, which killed some of its members (context).",
        [
            C(
                "g04",
                IRI,
                "انتقاماً لدماء شهدائنا الأبرار",
                "فجر أمس الأربعاء،",
                responsibility="attributed",
                responsible="us_forces",
                note="dead not counted ('our martyrs')",
            )
        ],
        date="2023-11-22",
        pod="dawn",
        background=True,
        note="'جرف النصر' is the PMF name of Jurf al-Sakhar; weapon not named ('العدوان'): airstrike",
    )
    E(
        "ev_g04_2023_11_23_al_shaddadi_rockets",
        "rocket_attack",
        "al_shaddadi",
        1,
        [P(IRI, "claimed")],
        ["us_forces"],
        "A second statement claims a rocket salvo on the US base at al-Shaddadi at noon the same day.",
        [
            C(
                "g04",
                IRI,
                "بعون الله وتوفيقه",
                "بفضل الله تعالى.",
                responsibility="claimed",
                responsible=IRI,
            )
        ],
        date="2023-11-23",
        pod="afternoon",
        note="'in answer to the Zionist massacres in Gaza': no incident told, no link",
    )
    N("g04", "وإننا نؤكد أن عملياتنا", "لن تذهب هدراً.", "threat")


# ---------------------------------------------------------------- g05 (live page, last update 2024-01-24 Wed 14:20 Baghdad; entries newest first)
def _g05() -> None:
    jurf05 = "ev_g05_2024_01_24_jurf_al_sakhar_us_strikes"
    ain05 = "ev_g05_2024_01_20_ain_al_asad_rockets"

    def cent05() -> Record:
        return C(
            "g05",
            "centcom",
            "القيادة المركزية الأمريكية تعلن أن قواتها",
            "مساء السبت الماضي.",
            note="three facilities, not named: the statement covers all three sites",
        )

    def link05() -> Record:
        return L(
            "g05",
            ain05,
            "stated",
            "رداً على",
            "القيادة المركزية الأمريكية تعلن أن قواتها",
            "مساء السبت الماضي.",
        )

    def gov05() -> Record:
        return C(
            "g05",
            "iraqi_government",
            "الحكومة العراقية تدين الضربات",
            '"الإجراءات القانونية اللازمة".',
            note="condemns the strikes (all sites)",
        )

    E(
        jurf05,
        "airstrike",
        "jurf_al_sakhar",
        1,
        [P("us_forces", "claimed")],
        ["kataib_hezbollah", "pmf"],
        "US strikes after midnight hit two Kataib Hezbollah headquarters in Jurf al-Sakhar (PMF brigade 47 site): 1 killed 2 wounded (PMF) or 2 dead 4 wounded (Hilla hospital).",
        [
            C(
                "g05",
                "local_sources",
                "سكان في ناحية جرف الصخر",
                "في أجواء المنطقة.",
                note="residents: explosions at 00:50",
            ),
            C(
                "g05",
                "local_sources",
                "مصدر أمني عراقي: الضربات طالت",
                "على الحدود مع سوريا.",
                note="Iraqi security source: two HQs in Jurf al-Sakhar and a PMF site near al-Qaim",
            ),
            cent05(),
            C("g05", "us_dod", "وزير الدفاع الأمريكي: استهدفنا", "مزيد من الإجراءات."),
            C(
                "g05",
                "pmf",
                "هيئة الحشد الشعبي: مقتل أحد منتسبينا",
                "في جرف الصخر.",
                killed=1,
                injured=2,
            ),
            C(
                "g05",
                "local_sources",
                "مصدر طبي في مستشفى الحلة العام",
                "نُقلوا من جرف الصخر.",
                killed=2,
                injured=4,
                note="hospital source; all fighters",
            ),
            gov05(),
        ],
        date="2024-01-24",
        responds_to=[link05()],
        note="explosions at 00:50 on the 24th: the date, no part of day (a 'night' window would be the night after)",
    )
    E(
        "ev_g05_2024_01_24_al_qaim_us_strike",
        "airstrike",
        "al_qaim",
        2,
        [P("us_forces", "claimed")],
        ["pmf"],
        "The same night's strikes hit a PMF site near the al-Qaim district on the Syrian border.",
        [
            C("g05", "local_sources", "مصدر أمني عراقي: الضربات طالت", "على الحدود مع سوريا."),
            cent05(),
            gov05(),
        ],
        date="2024-01-24",
        responds_to=[link05()],
    )
    E(
        "ev_g05_2024_01_24_anbar_us_strike",
        "airstrike",
        "gov_anbar",
        3,
        [P("us_forces", "claimed")],
        ["kataib_hezbollah"],
        "The third site struck lies in the Anbar desert; it was empty and nobody was hurt (PMF source).",
        [
            C(
                "g05",
                "pmf",
                "مصدر في الحشد طلب عدم ذكر اسمه",
                "لأنه كان خالياً.",
                killed=0,
                injured=0,
                note="anonymous PMF source",
            ),
            cent05(),
            gov05(),
        ],
        date="2024-01-24",
        responds_to=[link05()],
        note="'in the desert of Anbar province': the governorate, geo 3; target per CENTCOM (Kataib Hezbollah and other groups)",
    )
    E(
        ain05,
        "rocket_attack",
        "ain_al_asad",
        1,
        [],
        ["us_forces"],
        "The 'rocket attack' on Ain al-Asad on Saturday evening that CENTCOM says the strikes answer (context).",
        [cent05()],
        date="2024-01-20",
        pod="evening",
        background=True,
        note="'الهجوم الصاروخي' from a Wednesday page: Saturday 20 January; weapon class not more precise (ballistic missiles in the public record)",
    )
    E(
        "ev_g05_2024_01_24_ain_al_asad_intercept",
        "intercept",
        "ain_al_asad",
        1,
        [P(IRI, "claimed")],
        ["us_forces"],
        "Air defences at Ain al-Asad shot down a drone in the morning before it reached the base; the militia claims its drones hit Ain al-Asad in answer to the night's strikes.",
        [
            C(
                "g05",
                "iraqi_security_forces",
                "مصدر في قيادة عمليات الأنبار",
                "ولا أضرار.",
                munitions={"drones": 1, "intercepted": 1},
                note="Anbar operations command source",
            ),
            C(
                "g05",
                IRI,
                "«المقاومة الإسلامية في العراق» تعلن في بيان",
                '"أصابت أهدافها".',
                responsibility="claimed",
                responsible=IRI,
                note="claims drones on Ain al-Asad and Harir, hits",
            ),
        ],
        date="2024-01-24",
        pod="morning",
        responds_to=[
            L(
                "g05",
                jurf05,
                "stated",
                "رداً على العدوان",
                "«المقاومة الإسلامية في العراق» تعلن في بيان",
                '"أصابت أهدافها".',
            )
        ],
        note="the claimed attack on Ain al-Asad today and the downed drone: one incident; answers the night's strikes (Jurf al-Sakhar, the first and main site, coded)",
    )
    E(
        "ev_g05_2024_01_24_harir_base_drones",
        "drone_attack",
        "harir_base",
        1,
        [P(IRI, "claimed")],
        ["us_forces"],
        "The militia also claims a drone attack on Harir base in Erbil the same day (claim only).",
        [
            C(
                "g05",
                IRI,
                "«المقاومة الإسلامية في العراق» تعلن في بيان",
                '"أصابت أهدافها".',
                responsibility="claimed",
                responsible=IRI,
            )
        ],
        date="2024-01-24",
        responds_to=[
            L(
                "g05",
                jurf05,
                "stated",
                "رداً على العدوان",
                "«المقاومة الإسلامية في العراق» تعلن في بيان",
                '"أصابت أهدافها".',
            )
        ],
        note="no time given; before the 13:10 entry",
    )
    N("g05", "لم يصدر حتى الآن", "أعلنت عنهما الفصائل.", "no US comment")


# ---------------------------------------------------------------- g06 (published 2023-04-05 Wed; analysis, no new incident)
def _g06() -> None:
    kj06 = "ev_g06_2023_03_23_kharab_al_jir_drone"
    dz06 = "ev_g06_2023_03_23_deir_ez_zor_us_airstrike"

    def dod06() -> Record:
        return C("g06", "us_dod", "وفي الليلة ذاتها نفّذت مقاتلات أمريكية", "تتبع لتلك الجماعات.")

    def link06() -> Record:
        return L(
            "g06",
            kj06,
            "stated",
            "رداً على الهجوم",
            "وفي الليلة ذاتها نفّذت مقاتلات أمريكية",
            "تتبع لتلك الجماعات.",
        )

    E(
        kj06,
        "drone_attack",
        "kharab_al_jir",
        1,
        [P(IBM, "attributed")],
        ["us_forces"],
        "On 23 March a drone hit a maintenance facility at Kharab al-Jir near Rmeilan, killing a US contractor and wounding five service members and another contractor (context).",
        [
            C(
                "g06",
                "us_dod",
                "بدأت الجولة في الثالث والعشرين من آذار",
                "مرتبطة بالحرس الثوري.",
                killed=1,
                injured=6,
                munitions={"drones": 1},
                responsibility="attributed",
                responsible=IBM,
                note="drone assessed Iranian-made; blamed on IRGC-linked groups",
            )
        ],
        date="2023-03-23",
        background=True,
    )
    E(
        dz06,
        "airstrike",
        "deir_ez_zor_city",
        1,
        [P("us_forces", "claimed")],
        [IBM],
        "The same night US jets struck in answer; SOHR names a weapons depot inside Deir ez-Zor city and counts 19 dead across the sites (context).",
        [
            dod06(),
            C(
                "g06",
                "sohr",
                "وتحدث المرصد السوري لحقوق الإنسان",
                "لم تُصدر واشنطن أي حصيلة.",
                killed=19,
                note="19 covers the three sites; put here",
            ),
        ],
        date="2023-03-23",
        pod="night",
        background=True,
        responds_to=[link06()],
    )
    E(
        "ev_g06_2023_03_23_al_mayadin_us_airstrikes",
        "airstrike",
        "al_mayadin",
        2,
        [P("us_forces", "claimed")],
        [IBM],
        "Two other sites struck in the al-Mayadin desert the same night (context).",
        [
            dod06(),
            C("g06", "sohr", "وتحدث المرصد السوري لحقوق الإنسان", "لم تُصدر واشنطن أي حصيلة."),
        ],
        date="2023-03-23",
        pod="night",
        background=True,
        responds_to=[link06()],
        note="'two other sites in the al-Mayadin desert': one event, geo 2",
    )
    E(
        "ev_g06_2023_03_24_al_omar_rockets",
        "rocket_attack",
        "al_omar",
        1,
        [],
        ["us_forces"],
        "The next morning ten rockets fell around the US base at the al-Omar field, lightly wounding one US soldier (context).",
        [
            C(
                "g06",
                "us_dod",
                "ولم يتأخر الرد المقابل",
                "بحسب البنتاغون.",
                injured=1,
                munitions={"rockets": 10},
            )
        ],
        date="2023-03-24",
        pod="morning",
        background=True,
        responds_to=[
            L(
                "g06",
                dz06,
                "stated",
                "الرد المقابل",
                "ولم يتأخر الرد المقابل",
                "بحسب البنتاغون.",
                0.8,
            )
        ],
        note="answers the US strikes (Deir ez-Zor, the first named, coded); perpetrators not named",
    )
    E(
        "ev_g06_2022_08_ayyash_us_airstrikes",
        "airstrike",
        "ayyash",
        2,
        [P("us_forces", "reported")],
        [IBM],
        "In August last year US aircraft struck sites in the Ayyash area used by pro-Iran groups (context).",
        [C("g06", None, "ويستشهد الباحث بسابقة الصيف الماضي", "لم توقع خسائر تُذكر.")],
        start="2022-08-01",
        end="2022-08-31",
        precision="month",
        background=True,
        note="'last summer, in August' on an April 2023 page: August 2022",
    )
    N("g06", "يقول باحث في مركز دراسات", 'مضطراً إلى خطوة أكبر".', "analysis")
    N(
        "g06",
        "غير أن مسؤولاً سابقاً في التحالف",
        "في غضون ساعات.",
        "dozens of attacks since 2021: aggregate",
    )


# ---------------------------------------------------------------- g07 (published 2021-06-29 Tue; headline 7 dead, lead 5)
def _g07() -> None:
    erbil07 = "ev_g07_2021_04_erbil_air_base_drone"
    ak07 = "ev_g07_2021_06_27_abu_kamal_us_airstrikes"
    omar07 = "ev_g07_2021_06_28_al_omar_rockets"

    def dod07() -> Record:
        return C(
            "g07",
            "us_dod",
            "وقال المتحدث باسم وزارة الدفاع الأمريكية",
            "في نيسان الماضي.",
            note="two facilities near Abu Kamal, a third near al-Qaim",
        )

    def link07() -> Record:
        return L(
            "g07",
            erbil07,
            "stated",
            "رداً على",
            "وقال المتحدث باسم وزارة الدفاع الأمريكية",
            "في نيسان الماضي.",
            0.8,
        )

    E(
        ak07,
        "airstrike",
        "abu_kamal",
        2,
        [P("us_forces", "claimed")],
        ["kataib_hezbollah", "kataib_sayyid_al_shuhada"],
        "US jets struck two operations and weapons-storage facilities near Abu Kamal on Sunday night; the dead are 7 (headline), at least 5 (lead, both sides) or at least 6 on the Syrian side (SOHR).",
        [
            C(
                "g07",
                None,
                "مقتل 7 مقاتلين بغارات أمريكية",
                "على حقل العمر",
                killed=7,
                note="headline: seven dead on the border (all sites); put here",
            ),
            C(
                "g07",
                None,
                "قُتل خمسة مقاتلين على الأقل",
                "منذ تولي الرئيس جو بايدن منصبه.",
                killed=5,
                note="lead: at least five dead on both sides of the border; put here",
            ),
            dod07(),
            C(
                "g07",
                "sohr",
                "أما المرصد السوري لحقوق الإنسان",
                "لوجود جرحى في حالات خطرة.",
                killed=6,
            ),
        ],
        date="2021-06-27",
        pod="night",
        responds_to=[link07()],
    )
    E(
        "ev_g07_2021_06_27_al_qaim_us_airstrike",
        "airstrike",
        "al_qaim",
        2,
        [P("us_forces", "claimed")],
        ["kataib_hezbollah", "kataib_sayyid_al_shuhada"],
        "A third facility inside Iraq near al-Qaim was struck the same night; the PMF mourns four fighters guarding the border strip.",
        [
            dod07(),
            C("g07", "pmf", "وفي العراق، نعت هيئة الحشد الشعبي", 'ضد أي دولة مجاورة".', killed=4),
            C(
                "g07",
                "iraqi_government",
                "وعلى الصعيد السياسي، اعتبرت الحكومة العراقية",
                '"كل الخيارات القانونية"،',
                note="condemns the strikes",
            ),
        ],
        date="2021-06-27",
        pod="night",
        responds_to=[link07()],
    )
    E(
        erbil07,
        "drone_attack",
        "erbil_air_base",
        1,
        [P(IBM, "attributed")],
        ["us_forces"],
        "The attack on Erbil airport last April, one of the militia drone attacks the Pentagon says the strikes answer (context).",
        [dod07()],
        start="2021-04-01",
        end="2021-04-30",
        precision="month",
        background=True,
        note="'last April' on a June page; a drone attack per the sentence (14 April 2021 in the public record)",
    )
    E(
        omar07,
        "rocket_attack",
        "al_omar",
        1,
        [],
        ["us_forces"],
        "US forces at the al-Omar field came under rocket fire on Monday evening, in answer to the Abu Kamal strikes per SOHR; no injuries (coalition).",
        [
            C(
                "g07",
                None,
                "ولم يمض يوم حتى تعرضت",
                "رداً على الغارات على البوكمال.",
                note="the outlet, with SOHR's reading of the motive",
            ),
            C(
                "g07",
                "coalition_oir",
                "وقال متحدث باسم التحالف الدولي",
                "لم يسفر عن إصابات،",
                killed=0,
                injured=0,
            ),
        ],
        date="2021-06-28",
        pod="evening",
        responds_to=[
            L(
                "g07",
                ak07,
                "stated",
                "رداً على الغارات",
                "ولم يمض يوم حتى تعرضت",
                "رداً على الغارات على البوكمال.",
                0.8,
            )
        ],
    )
    E(
        "ev_g07_2021_06_28_al_mayadin_us_artillery",
        "artillery_shelling",
        "al_mayadin",
        2,
        [P("us_forces", "claimed")],
        [],
        "US forces answered with artillery fire on the rocket launch points around al-Mayadin.",
        [C("g07", "coalition_oir", "وقال متحدث باسم التحالف الدولي", "في محيط الميادين.")],
        date="2021-06-28",
        responds_to=[
            L("g07", omar07, "stated", "ردّت", "وقال متحدث باسم التحالف الدولي", "في محيط الميادين.")
        ],
        note="time not given (the same evening in all likelihood); no target actor named (launch points)",
    )
    N("g07", "وأصدرت «كتائب سيد الشهداء»", 'لن تمر دون حساب".', "threat of revenge")


# ---------------------------------------------------------------- g08 (undated page)
def _g08() -> None:
    E(
        "ev_g08_al_shaddadi_convoy_ied",
        "ied",
        "al_shaddadi",
        2,
        [P(IBM, "suspected")],
        ["us_forces"],
        "A roadside bomb hit a six-vehicle US convoy about 10 km north of the al-Shaddadi base on Thursday morning, damaging one vehicle; no one hurt (SDF).",
        [
            C(
                "g08",
                None,
                "استهدفت عبوة ناسفة صباح الخميس",
                "من الاقتراب لساعات.",
                note="correspondent: one armoured vehicle damaged; no information on injuries",
            ),
            C("g08", "sdf", "وقال مصدر عسكري في «قسد»", "تقف وراء التفجير.", killed=0, injured=0),
            C(
                "g08",
                "local_sources",
                "ولم تتبنَّ أي جهة الهجوم حتى الآن",
                "مع حوادث سابقة.",
                responsibility="suspected",
                responsible=IBM,
                hedged=True,
            ),
        ],
        precision="unknown",
        note="undated page, weekday only ('صباح الخميس'): open date",
    )
    E(
        "ev_g08_tal_baydar_intercept",
        "intercept",
        "tal_baydar",
        1,
        [],
        ["coalition_oir"],
        "Coalition air defences shot down an unidentified drone over the Tal Baydar base the same evening.",
        [
            C(
                "g08",
                None,
                "وفي سياق منفصل، أسقطت الدفاعات الجوية",
                "في أرض زراعية.",
                munitions={"drones": 1, "intercepted": 1},
            )
        ],
        precision="unknown",
        note="the evening of the same undated Thursday: open date",
    )
    E(
        "ev_g08_al_shaddadi_earlier_convoy_ied",
        "ied",
        "al_shaddadi",
        2,
        [],
        ["coalition_oir"],
        "Another coalition convoy was hit by a similar bomb on the same road weeks earlier, without losses (context).",
        [
            C(
                "g08",
                None,
                "إذ تعرض رتل آخر لتفجير مشابه",
                "من دون أن يسفر عن خسائر.",
                killed=0,
                injured=0,
            )
        ],
        precision="unknown",
        background=True,
        note="'weeks ago' on an undated page: open date",
    )


# ---------------------------------------------------------------- g09 (undated page; full dates in the text)
def _g09() -> None:
    sol09 = "ev_g09_2020_01_03_victory_base_us_drone_strike"
    usoff09 = ("وحمّل مسؤولون أمريكيون", "اللذين تختارهما.")
    E(
        "ev_g09_2022_01_03_bdsc_intercept",
        "intercept",
        "baghdad_diplomatic_support_center",
        1,
        [P(IBM, "attributed")],
        ["us_forces"],
        "C-RAM shot down two explosive drones approaching the Baghdad Diplomatic Support Center at dawn on 3 January 2022; wreckage marked as revenge for Soleimani.",
        [
            C(
                "g09",
                "coalition_oir",
                "أعلن مسؤول في التحالف الدولي",
                "سقط في محيط المطار.",
                killed=0,
                injured=0,
                munitions={"drones": 2, "intercepted": 2},
            ),
            C(
                "g09",
                None,
                "وأظهرت صور تداولها ناشطون",
                "في الثالث من كانون الثاني 2020.",
                note="inscription on the wreckage: revenge for Soleimani and al-Muhandis",
            ),
            C(
                "g09",
                "us_officials_anonymous",
                *usoff09,
                responsibility="attributed",
                responsible=IBM,
            ),
        ],
        date="2022-01-03",
        pod="dawn",
        responds_to=[
            L(
                "g09",
                sol09,
                "stated",
                "انتقاماً لمقتل",
                "وأظهرت صور تداولها ناشطون",
                "في الثالث من كانون الثاني 2020.",
                0.8,
            )
        ],
        note="undated page, but the text gives the full date",
    )
    E(
        "ev_g09_2022_01_04_ain_al_asad_intercept",
        "intercept",
        "ain_al_asad",
        1,
        [P(IBM, "attributed")],
        ["us_forces"],
        "The next day two similar drones were shot down over Ain al-Asad before entering its airspace.",
        [
            C(
                "g09",
                "iraqi_security_forces",
                "وفي اليوم التالي، أُسقطت طائرتان",
                "قبل أن تدخلا أجواء القاعدة.",
                munitions={"drones": 2, "intercepted": 2},
                note="Iraqi security official",
            ),
            C(
                "g09",
                "us_officials_anonymous",
                *usoff09,
                responsibility="attributed",
                responsible=IBM,
            ),
        ],
        date="2022-01-04",
    )
    E(
        sol09,
        "airstrike",
        "victory_base",
        2,
        [P("us_forces", "reported")],
        ["irgc_quds_force", "pmf"],
        "The US drone strike near Baghdad airport that killed Qasem Soleimani and Abu Mahdi al-Muhandis on 3 January 2020 (context).",
        [C("g09", None, "وأظهرت صور تداولها ناشطون", "في الثالث من كانون الثاني 2020.", killed=2)],
        date="2020-01-03",
        background=True,
        note="'near the airport': the Baghdad airport complex, geo 2",
    )
    N(
        "g09",
        "ولم تتبنَّ أي جهة معروفة المحاولتين",
        '"الثأر مستمر".',
        "no claim; an obscure group's video",
    )


# ---------------------------------------------------------------- g10 (undated page)
def _g10() -> None:
    E(
        "ev_g10_us_embassy_baghdad_rockets",
        "rocket_attack",
        "us_embassy_baghdad",
        2,
        [P(IBM, "suspected")],
        ["us_government"],
        "Two Katyusha rockets fell in the Green Zone near the US embassy on Sunday evening and a third was intercepted; no injuries.",
        [
            C(
                "g10",
                "local_sources",
                "سقط صاروخان من نوع كاتيوشا مساء الأحد",
                "وعليها صاروخان لم ينطلقا.",
                killed=0,
                injured=0,
                munitions={"rockets": 3, "intercepted": 1},
                note="Iraqi police source; the launcher found in al-Amin is the origin, not the site",
            ),
            C(
                "g10",
                "iraqi_security_forces",
                "ولم تعلن أي جهة مسؤوليتها",
                'جولة الحوار مع واشنطن".',
                responsibility="suspected",
                responsible=IBM,
                hedged=True,
            ),
        ],
        precision="unknown",
        note="undated page, weekday only ('مساء الأحد'): open date; near the embassy: geo 2",
    )
    E(
        "ev_g10_2023_12_08_us_embassy_baghdad_rockets",
        "rocket_attack",
        "us_embassy_baghdad",
        1,
        [],
        ["us_government"],
        "The embassy compound was hit by several rockets on 8 December 2023, some inside its perimeter, without casualties (context).",
        [
            C(
                "g10",
                None,
                "وكان مجمع السفارة قد تعرض",
                "من دون تسجيل خسائر بشرية.",
                killed=0,
                injured=0,
            )
        ],
        date="2023-12-08",
        background=True,
    )


# ---------------------------------------------------------------- g11 (published 2024-02-12 Mon)
def _g11() -> None:
    E(
        "ev_g11_2024_02_11_muwaffaq_salti_drone",
        "drone_attack",
        "muwaffaq_salti",
        1,
        [P(IRI, "claimed")],
        ["us_forces"],
        "The Islamic Resistance in Iraq claims a drone attack on Muwaffaq Salti air base on Sunday; a Jordanian military source denies any attack.",
        [
            C(
                "g11",
                IRI,
                "بيان نشرته «المقاومة الإسلامية في العراق»",
                "بطائرة مسيّرة،",
                munitions={"drones": 1},
                responsibility="claimed",
                responsible=IRI,
                note="'for Gaza'; claims a hit",
            ),
            C(
                "g11",
                "local_sources",
                "نفى مصدر عسكري أردني",
                'لم تتعرض لأي اعتداء".',
                note="Jordanian military source (no actor id): denies that any attack took place",
            ),
        ],
        date="2024-02-11",
        note="claim only, denied; target: the base, which hosts US aircraft",
    )
    E(
        "ev_g11_2024_02_10_tower_22_intercept",
        "intercept",
        "tower_22",
        1,
        [],
        ["us_forces"],
        "US air defences shot down a drone heading for Tower 22 on Saturday night, probably launched from Iraq; no damage.",
        [
            C(
                "g11",
                "us_officials_anonymous",
                "في المقابل، قال مسؤول أمريكي",
                "من الأراضي العراقية.",
                munitions={"drones": 1, "intercepted": 1},
                note="'probably launched from Iraqi territory': origin, no actor",
            )
        ],
        date="2024-02-10",
        pod="night",
    )
    E(
        "ev_g11_2024_01_tower_22_attack",
        "rocket_attack",
        "tower_22",
        1,
        [],
        ["us_forces"],
        "The attack that killed three US soldiers at Tower 22 late last month (context).",
        [C("g11", None, "ويخضع البرج 22 لإجراءات", "أواخر الشهر الماضي.", killed=3)],
        start="2024-01-01",
        end="2024-01-31",
        precision="month",
        background=True,
        note="weapon not stated ('الهجوم'): rocket_attack by the corpus convention for bases (a drone on 28 January 2024 in the public record)",
    )


# ---------------------------------------------------------------- g12 (published 2024-07-28 Sun 10:05 local)
def _g12() -> None:
    hiri12 = "ev_g12_2024_07_27_al_hiri_airstrikes"

    def out12() -> Record:
        return C("g12", None, "شنّت طائرات حربية مجهولة الهوية", "ومصادر محلية.")

    def sana12() -> Record:
        return C(
            "g12",
            "sana",
            "في حين اتهمت وكالة الأنباء السورية",
            '"مواقع مدنية".',
            responsibility="attributed",
            responsible="us_forces",
        )

    E(
        hiri12,
        "airstrike",
        "al_hiri",
        1,
        [P("coalition_oir", "suspected"), P("us_forces", "attributed")],
        [IBM, "fatemiyoun"],
        "Unidentified jets struck pro-Iran militia positions in al-Hiri in the night of Saturday to Sunday: 9 dead (SOHR, both sites) or 4 Fatemiyoun dead (local sources).",
        [
            out12(),
            C(
                "g12",
                "sohr",
                "وقال المرصد إن الغارات",
                "وسيارتين رباعيتي الدفع.",
                killed=9,
                responsibility="suspected",
                responsible="coalition_oir",
                hedged=True,
                note="nine dead incl. three non-Syrians, both sites; put here",
            ),
            C(
                "g12",
                "local_sources",
                "غير أن مصادر محلية في البوكمال",
                "ومنعت الاقتراب منها.",
                killed=4,
                note="all Fatemiyoun",
            ),
            sana12(),
        ],
        date="2024-07-27",
        pod="night",
        note="'ليل السبت - الأحد': the night of Saturday 27 July",
    )
    E(
        "ev_g12_2024_07_27_hamdan_airport_airstrikes",
        "airstrike",
        "hamdan_airport",
        2,
        [P("coalition_oir", "suspected"), P("us_forces", "attributed")],
        [IBM],
        "The same raids hit positions around Hamdan airport east of Abu Kamal.",
        [
            out12(),
            C(
                "g12",
                "sohr",
                "وقال المرصد إن الغارات",
                "وسيارتين رباعيتي الدفع.",
                responsibility="suspected",
                responsible="coalition_oir",
                hedged=True,
            ),
            sana12(),
        ],
        date="2024-07-27",
        pod="night",
        note="'in the vicinity of Hamdan airport': geo 2",
    )
    E(
        "ev_g12_2024_07_28_conoco_rockets",
        "rocket_attack",
        "conoco",
        1,
        [P(IBM, "suspected")],
        ["us_forces"],
        "Three rockets fell around the US base at the Conoco gas field at dawn on Sunday in answer to the raids, probably fired from militia areas west of the Euphrates; no injuries reported.",
        [
            C(
                "g12",
                "sohr",
                "وفي تطور لاحق، سقطت فجر اليوم الأحد",
                "ولم ترد أنباء عن إصابات.",
                munitions={"rockets": 3},
                responsibility="suspected",
                responsible=IBM,
                hedged=True,
                note="'قذائف صاروخية': rockets; hedged origin",
            )
        ],
        date="2024-07-28",
        pod="dawn",
        responds_to=[
            L(
                "g12",
                hiri12,
                "stated",
                "رداً على الغارات",
                "وفي تطور لاحق، سقطت فجر اليوم الأحد",
                "ولم ترد أنباء عن إصابات.",
                0.8,
            )
        ],
        note="answers the night's raids (al-Hiri, the first named, coded)",
    )
    E(
        "ev_g12_2024_07_26_al_omar_intercept",
        "intercept",
        "al_omar",
        1,
        [],
        ["us_forces"],
        "Two days earlier air defences at the al-Omar base shot down an explosive drone trying to approach it (SDF sources).",
        [
            C(
                "g12",
                "sdf",
                "وكانت الدفاعات الجوية في قاعدة حقل العمر",
                "في «قوات سوريا الديمقراطية».",
                munitions={"drones": 1, "intercepted": 1},
            )
        ],
        date="2024-07-26",
        note="'two days ago' on a Sunday page: Friday 26 July; a news item with its own source, not background",
    )
    N("g12", "ويرى متابعون", "نحو مواجهة أوسع.", "context")


# ---------------------------------------------------------------- g13 (published 2021-05-27 Thu 11:30 Baghdad)
def _g13() -> None:
    E(
        "ev_g13_2021_05_26_qadisiyah_convoy_ied",
        "ied",
        "gov_al_qadisiyah",
        3,
        [],
        ["coalition_oir"],
        "A roadside bomb hit a convoy of an Iraqi haulier contracted by the coalition on the international highway in Diwaniyah province on Wednesday morning; one vehicle damaged, no casualties.",
        [
            C(
                "g13",
                "iraqi_security_forces",
                "أعلنت خلية الإعلام الأمني، اليوم الخميس",
                "من دون خسائر بشرية.",
                killed=0,
                injured=0,
                note="Security Media Cell",
            ),
            C(
                "g13",
                "local_sources",
                "وقال ضابط في شرطة الديوانية",
                "فتحت تحقيقاً في الحادثتين.",
                note="police officer to a local agency: logistics equipment from Umm Qasr to a coalition base in Baghdad",
            ),
        ],
        date="2021-05-26",
        pod="morning",
        note="'the international highway in the Diwaniyah province sector': the governorate (al-Qadisiyah), geo 3",
    )
    E(
        "ev_g13_2021_05_26_nasiriyah_convoy_ied",
        "ied",
        "nasiriyah",
        2,
        [],
        ["coalition_oir"],
        "A second bomb hit a vehicle of a similar convoy near Nasiriyah the same evening, lightly wounding the driver.",
        [
            C(
                "g13",
                "iraqi_security_forces",
                "وأضافت الخلية في بيان أن عبوة ثانية",
                'بجروح طفيفة".',
                injured=1,
            )
        ],
        date="2021-05-26",
        pod="evening",
    )
    E(
        "ev_g13_2021_05_08_ain_al_asad_drone",
        "drone_attack",
        "ain_al_asad",
        1,
        [],
        ["us_forces"],
        "An explosive drone hit Ain al-Asad on 8 May, damaging a hangar without injuries (context).",
        [
            C(
                "g13",
                None,
                "وتأتي الهجمات بعد نحو ثلاثة أسابيع",
                "من دون إصابات.",
                injured=0,
                munitions={"drones": 1},
            )
        ],
        date="2021-05-08",
        background=True,
        note="told as a sequence only, different kind and side of nobody's answer: no link",
    )
    N(
        "g13",
        "ولم تتبنَّ أي جهة الهجومين",
        "على مواقع التواصل الاجتماعي.",
        "dozens of similar convoy attacks: aggregate",
    )


# ---------------------------------------------------------------- g14 (published 2022-08-25 Thu)
def _g14() -> None:
    con14 = "ev_g14_2022_08_24_conoco_rockets"
    ayy14 = "ev_g14_2022_08_23_ayyash_us_airstrikes"
    tanf14 = "ev_g14_2022_08_15_al_tanf_drones"
    cent14 = ("أعلنت القيادة المركزية الأمريكية أن ثلاثة", "على غارات أمريكية في ريف دير الزور.")

    def dod14() -> Record:
        return C(
            "g14",
            "us_dod",
            "وفي إفادة صحفية، قال نائب المتحدث",
            '"لا تريد صراعاً مع إيران".',
            responsibility="suspected",
            responsible=IBM,
            hedged=True,
        )

    def seq14() -> Record:
        return L("g14", ayy14, "coded", None, *cent14, confidence=0.5)

    E(
        con14,
        "rocket_attack",
        "conoco",
        1,
        [P(IBM, "suspected")],
        ["us_forces"],
        "Rockets hit the US position at the Conoco gas field on Wednesday evening, less than a day after US strikes; three US service members wounded across the two sites.",
        [
            C(
                "g14",
                "centcom",
                *cent14,
                injured=3,
                note="three wounded across Conoco and al-Omar (one minor, back on duty); put here",
            ),
            dod14(),
        ],
        date="2022-08-24",
        pod="evening",
        responds_to=[seq14()],
    )
    E(
        "ev_g14_2022_08_24_al_omar_rockets",
        "rocket_attack",
        "al_omar",
        1,
        [P(IBM, "suspected")],
        ["us_forces"],
        "The same rocket attack hit the US position at the al-Omar oil field.",
        [C("g14", "centcom", *cent14), dod14()],
        date="2022-08-24",
        pod="evening",
        responds_to=[seq14()],
    )
    E(
        "ev_g14_2022_08_24_al_busayrah_us_helicopters",
        "helicopter_strike",
        "al_busayrah",
        2,
        [P("us_forces", "claimed")],
        [IBM],
        "Apache helicopters chased the attackers near al-Busayrah, destroying three vehicles and launch equipment and killing two or three suspects (four in a later statement); pro-militia pages say three farm workers were killed.",
        [
            C(
                "g14",
                "centcom",
                "وأوضحت القيادة في بيانها أن القوات الأمريكية",
                "المشتبه بتنفيذهم الهجوم.",
                killed=2,
                munitions={"vehicles_destroyed": 3},
                note="'two or three' killed",
            ),
            C("g14", "centcom", "ثم رفعت القيادة في بيان لاحق", "إلى أربعة.", killed=4),
            C(
                "g14",
                "local_sources",
                "وعلى الجانب الآخر، زعمت صفحات محلية",
                "ولم تؤكدها أي جهة مستقلة.",
                killed=3,
                note="pro-militia local pages: three farm workers killed (unverified)",
            ),
        ],
        date="2022-08-24",
        pod="evening",
        responds_to=[
            L(
                "g14",
                con14,
                "stated",
                "ردّت على الفور",
                "وأوضحت القيادة في بيانها أن القوات الأمريكية",
                "المشتبه بتنفيذهم الهجوم.",
            )
        ],
        note="answers the rocket attack (Conoco, the first named, coded); targets: the suspects, whom the Pentagon believes Iran-backed",
    )
    E(
        ayy14,
        "airstrike",
        "ayyash",
        2,
        [P("us_forces", "claimed")],
        [IBM],
        "On Tuesday evening US jets struck IRGC-linked depots around Ayyash in answer to the 15 August drone attack on al-Tanf; SOHR counts six dead; Iran denies any link to the sites.",
        [
            C("g14", "us_dod", "وكان الرئيس جو بايدن قد أمر", "من دون أن يوقع إصابات."),
            C("g14", "sohr", "في المقابل، قال المرصد السوري", "بينهم سوريون وأفغان،", killed=6),
            C(
                "g14",
                "iran",
                "فيما نفى المتحدث باسم وزارة الخارجية الإيرانية",
                '"اعتداءً على سيادة سوريا".',
                note="Iran denies any link with the sites struck",
            ),
        ],
        date="2022-08-23",
        pod="evening",
        responds_to=[
            L(
                "g14",
                tanf14,
                "stated",
                "رداً على هجوم",
                "وكان الرئيس جو بايدن قد أمر",
                "من دون أن يوقع إصابات.",
            )
        ],
        note="the day before publication's main news, with its own figures: not background",
    )
    E(
        tanf14,
        "drone_attack",
        "al_tanf",
        1,
        [],
        ["us_forces"],
        "The drone attack on al-Tanf on 15 August, without injuries (context).",
        [C("g14", "us_dod", "وكان الرئيس جو بايدن قد أمر", "من دون أن يوقع إصابات.", injured=0)],
        date="2022-08-15",
        background=True,
    )
    N(
        "g14",
        "وأشار المرصد إلى أن مروحيات أمريكية",
        "في محيط الحقلين.",
        "helicopters overflying: no strike told",
    )


# ---------------------------------------------------------------- g15 (published 2021-04-19 Mon)
def _g15() -> None:
    E(
        "ev_g15_2021_04_18_balad_air_base_rockets",
        "rocket_attack",
        "balad_air_base",
        1,
        [],
        ["us_forces"],
        "Four (Security Media Cell) or five (police) Katyusha rockets hit Balad air base on Sunday evening, wounding two Iraqi contractors.",
        [
            C(
                "g15",
                "iraqi_security_forces",
                "سقطت أربعة صواريخ من نوع كاتيوشا",
                "بحثاً عن المنفذين.",
                injured=2,
                munitions={"rockets": 4},
                note="two Iraqi contractors wounded; fired from farmland east of the base (origin)",
            ),
            C(
                "g15",
                "local_sources",
                "بينما قال مصدر في الشرطة المحلية",
                "السياج الأمني للقاعدة.",
                munitions={"rockets": 5},
            ),
        ],
        date="2021-04-18",
        pod="evening",
        note="an Iraqi base hosting US contractors: target us_forces as the genre's intended target (no US troops named)",
    )
    E(
        "ev_g15_2021_04_14_erbil_air_base_drone",
        "drone_attack",
        "erbil_air_base",
        1,
        [],
        ["coalition_oir"],
        "An explosive drone attacked the coalition base at Erbil airport last Wednesday evening (context).",
        [
            C(
                "g15",
                None,
                "ويأتي الهجوم بعد أيام من استهداف",
                "مساء الأربعاء الماضي.",
                munitions={"drones": 1},
            )
        ],
        date="2021-04-14",
        pod="evening",
        background=True,
        note="'last Wednesday' on a Monday page: 14 April; a sequence of two attacks on the same side: no link",
    )
    N("g15", "وتتعرض قاعدة بلد منذ أشهر", "ومحاسبتها.", "repeated attacks: aggregate")


# ---------------------------------------------------------------- g16 (published 2023-12-11 Mon)
def _g16() -> None:
    con16 = "ev_g16_2023_12_09_conoco_rockets"
    E(
        "ev_g16_2023_12_10_al_omar_drones",
        "drone_attack",
        "al_omar",
        1,
        [P(IRI, "claimed"), P(IBM, "attributed")],
        ["coalition_oir", "sdf"],
        "Two explosive drones targeted the coalition base at the al-Omar field on Sunday evening: one shot down, the other exploded on empty ground; no injuries, a small fire.",
        [
            C(
                "g16",
                "sdf",
                "أعلنت «قوات سوريا الديمقراطية» (قسد)",
                "قرب السور الخارجي للقاعدة.",
                munitions={"drones": 2, "intercepted": 1},
            ),
            C(
                "g16",
                "deir_ez_zor_military_council",
                "وقال المتحدث باسم مجلس دير الزور العسكري",
                'التابعة للحرس الثوري".',
                killed=0,
                injured=0,
                responsibility="attributed",
                responsible=IBM,
                note="the drones come from the west bank where IRGC-run militias are",
            ),
            C(
                "g16",
                IRI,
                "وفي بيان منفصل، تبنّت",
                'ضد الوجود الأمريكي في المنطقة".',
                responsibility="claimed",
                responsible=IRI,
            ),
        ],
        date="2023-12-10",
        pod="evening",
    )
    E(
        con16,
        "rocket_attack",
        "conoco",
        1,
        [],
        ["coalition_oir"],
        "Two days earlier four rockets were fired at the Conoco gas field base, all landing outside it (local sources).",
        [
            C(
                "g16",
                "local_sources",
                "وكانت قاعدة حقل كونيكو للغاز",
                "بحسب مصادر محلية.",
                munitions={"rockets": 4},
            )
        ],
        date="2023-12-09",
        note="'two days ago' on a Monday page: Saturday 9 December; 'قذائف صاروخية' counted as rockets",
    )
    E(
        "ev_g16_2023_12_09_khasham_coalition_artillery",
        "artillery_shelling",
        "khasham",
        1,
        [P("coalition_oir", "claimed"), P("us_forces", "attributed")],
        ["local_defense_forces"],
        "After the Conoco attack the coalition shelled militia positions in Khasham: 2 Local Defence Forces dead and 3 wounded (local sources) or 3 dead incl. a commander (SOHR); SANA says homes were hit, which the coalition denies.",
        [
            C(
                "g16",
                "local_sources",
                "وعقب ذلك الهجوم، ردّت قوات التحالف",
                "وإصابة ثلاثة آخرين.",
                killed=2,
                injured=3,
            ),
            C(
                "g16",
                "sohr",
                "غير أن المرصد السوري لحقوق الإنسان أفاد",
                "من داخل قاعدة كونيكو نفسها.",
                killed=3,
                note="fired from the Conoco base (origin)",
            ),
            C(
                "g16",
                "sana",
                "ونقلت وكالة سانا الرسمية",
                "منازل مدنيين في خشام،",
                responsibility="attributed",
                responsible="us_forces",
                note="says civilian homes were shelled",
            ),
            C(
                "g16",
                "coalition_oir",
                "وهو ما نفاه متحدث باسم التحالف",
                'نقاط إطلاق القذائف".',
                responsibility="claimed",
                responsible="coalition_oir",
                note="denies civilian targets: only launch points",
            ),
            C(
                "g16",
                "local_sources",
                "وقال أحد سكان خشام لمراسلنا",
                "حتى صباح اليوم.",
                note="resident: shells fell on the edge of town near a militia HQ",
            ),
        ],
        start="2023-12-09",
        end="2023-12-10",
        precision="week",
        responds_to=[
            L(
                "g16",
                con16,
                "stated",
                "ردّت",
                "وعقب ذلك الهجوم، ردّت قوات التحالف",
                "وإصابة ثلاثة آخرين.",
            )
        ],
        note="'after that attack', time not given: the Saturday or the Sunday",
    )
    N("g16", "وقال مسؤول في الإدارة الذاتية", "على ضفتي الفرات.", "statement")
    N("g16", "ويشهد ريف دير الزور منذ أسابيع", "خطوط تماس دائمة.", "context")


# ---------------------------------------------------------------- g17 (published 2024-02-08 Thu)
def _g17() -> None:
    t17 = "ev_g17_2024_01_tower_22_drone"
    usoff17 = ("وقال مسؤول أمريكي، تحدث شرط", '"الرد لم ينتهِ بعد".')
    E(
        "ev_g17_2024_02_07_baghdad_us_drone_strike",
        "airstrike",
        "baghdad",
        2,
        [P("us_forces", "claimed")],
        ["kataib_hezbollah"],
        "A US drone strike on a car in Mashtal, east Baghdad, on Wednesday evening killed a senior Kataib Hezbollah commander and two companions (4 dead, 3 wounded per PMF sources).",
        [
            C("g17", None, "قُتل قيادي بارز في «كتائب حزب الله» العراقية", "على أرضها.", killed=3),
            C(
                "g17",
                "centcom",
                "وقالت القيادة المركزية الأمريكية في بيان",
                'إصابات بين المدنيين".',
                note="a commander killed (total not given); 21:30 local; no sign of civilian harm",
            ),
            C(
                "g17",
                "iraqi_government",
                "في المقابل، قال الناطق باسم القائد العام",
                'إنهاء مهمة التحالف".',
                note="spokesman of the commander-in-chief",
            ),
            C(
                "g17",
                "pmf",
                "أما مصادر في الحشد الشعبي",
                "ثلاثة أشخاص آخرون بجروح.",
                killed=4,
                injured=3,
                note="anonymous PMF sources; a civilian driver among the dead",
            ),
            C("g17", "us_officials_anonymous", *usoff17),
        ],
        date="2024-02-07",
        pod="evening",
        responds_to=[L("g17", t17, "stated", "الرد على", *usoff17, confidence=0.8)],
        note="Mashtal district of Baghdad: the city, geo 2. CENTCOM's 'answer to attacks on US personnel' is general: not coded",
    )
    E(
        t17,
        "drone_attack",
        "tower_22",
        1,
        [],
        ["us_forces"],
        "The drone attack on Tower 22 late last month that killed three US soldiers (context).",
        [C("g17", "us_officials_anonymous", *usoff17, killed=3)],
        start="2024-01-01",
        end="2024-01-31",
        precision="month",
        background=True,
    )
    N("g17", "وتجمّع عشرات من أنصار الفصائل", "قبل أن تفرّقهم القوات الأمنية.", "protest")
    N(
        "g17",
        "وكانت «كتائب حزب الله» قد أعلنت",
        "مواصلة هجماتها.",
        "suspension of operations: no incident",
    )


# ---------------------------------------------------------------- g18 (published 2023-11-15 Wed 16:45 local)
def _g18() -> None:
    E(
        "ev_g18_2023_11_15_kharab_al_jir_intercept",
        "intercept",
        "kharab_al_jir",
        1,
        [P(IRI, "claimed")],
        ["us_forces"],
        "The militia claims a direct drone hit on Kharab al-Jir at noon; local sources say air defences downed the drone before it reached the base.",
        [
            C(
                "g18",
                IRI,
                "أعلنت «المقاومة الإسلامية في العراق» أنها استهدفت",
                '"حققت إصابة مباشرة".',
                munitions={"drones": 1},
                responsibility="claimed",
                responsible=IRI,
            ),
            C(
                "g18",
                "local_sources",
                "لكن مصادر محلية في ريف رميلان",
                "من منطقة زراعية قريبة.",
                munitions={"drones": 1, "intercepted": 1},
            ),
            C(
                "g18",
                "local_sources",
                "وقال أحد سكان قرية مجاورة",
                "لنحو نصف ساعة.",
                note="resident heard a blast in the air",
            ),
        ],
        date="2023-11-15",
        pod="afternoon",
    )
    E(
        "ev_g18_2023_11_15_al_shaddadi_rockets",
        "rocket_attack",
        "al_shaddadi",
        1,
        [P(IRI, "claimed")],
        ["us_forces"],
        "Hours earlier the same group claimed two rockets on al-Shaddadi base, which fell around it without damage (activists).",
        [
            C(
                "g18",
                IRI,
                "وكان الفصيل ذاته قد أعلن قبل ساعات",
                "جنوب الحسكة،",
                munitions={"rockets": 2},
                responsibility="claimed",
                responsible=IRI,
            ),
            C("g18", "local_sources", "قال ناشطون إنهما سقطا", "دون أن يسببا أضراراً."),
        ],
        date="2023-11-15",
        note="'hours before' a claim of the same afternoon: the same day",
    )
    N(
        "g18",
        "ولم يصدر تعليق من القيادة المركزية الأمريكية",
        "منذ منتصف تشرين الأول.",
        "aggregate count",
    )


# ---------------------------------------------------------------- g19 (published 2023-11-07 Tue; briefing on Monday)
def _g19() -> None:
    figs19 = ("وأوضحت أن الهجوم الأول وقع السبت", "لم يسفر عن إصابات.")
    resp19 = ("وحين سُئلت عن الجهة المسؤولة", "تعدّ رداً جديداً.")
    E(
        "ev_g19_2023_11_04_ain_al_asad_drone",
        "drone_attack",
        "ain_al_asad",
        1,
        [P(IRI, "claimed"), P(IBM, "suspected")],
        ["us_forces"],
        "On Saturday a one-way drone fell inside Ain al-Asad without exploding, no injuries (Pentagon); the militia claims two drones hit.",
        [
            C(
                "g19",
                "us_dod",
                *figs19,
                killed=0,
                injured=0,
                munitions={"drones": 1},
                note="the drone fell inside the base without exploding",
            ),
            C(
                "g19",
                "us_dod",
                *resp19,
                responsibility="suspected",
                responsible=IBM,
                hedged=True,
                note="'the fingerprints of Iran-backed groups' (all the attacks)",
            ),
            C(
                "g19",
                IRI,
                "في المقابل، قالت «المقاومة الإسلامية في العراق»",
                "أصابتا أهدافهما.",
                munitions={"drones": 2},
                responsibility="claimed",
                responsible=IRI,
            ),
        ],
        date="2023-11-04",
    )
    E(
        "ev_g19_2023_11_05_al_shaddadi_rockets",
        "rocket_attack",
        "al_shaddadi",
        1,
        [P(IBM, "suspected")],
        ["us_forces"],
        "On Sunday several rockets targeted al-Shaddadi base without damage or injuries (Pentagon).",
        [
            C("g19", "us_dod", *figs19, killed=0, injured=0),
            C("g19", "us_dod", *resp19, responsibility="suspected", responsible=IBM, hedged=True),
        ],
        date="2023-11-05",
    )
    E(
        "ev_g19_2023_11_06_al_tanf_intercept",
        "intercept",
        "al_tanf",
        1,
        [],
        ["us_forces"],
        "US air defences shot down a drone approaching the al-Tanf garrison on Monday morning.",
        [
            C(
                "g19",
                "us_dod",
                "وأضافت أن الدفاعات الجوية الأمريكية أسقطت",
                "في جنوب شرقي سوريا.",
                munitions={"drones": 1, "intercepted": 1},
            )
        ],
        date="2023-11-06",
        pod="morning",
        note="the attribution answer speaks of 'the attacks' of the weekend: not extended to this one",
    )
    E(
        "ev_g19_2023_10_27_abu_kamal_us_airstrikes",
        "airstrike",
        "abu_kamal",
        2,
        [P("us_forces", "claimed")],
        ["irgc"],
        "Two US F-16s struck two facilities of the IRGC and affiliated groups near Abu Kamal at dawn on 27 October (context).",
        [C("g19", "us_dod", "وذكّرت المتحدثة بأن مقاتلتين أمريكيتين", '"وجّهت رسالة واضحة".')],
        date="2023-10-27",
        pod="dawn",
        background=True,
        note="two facilities near the town: one event, geo 2",
    )
    N(
        "g19",
        "قالت نائبة المتحدث باسم وزارة الدفاع",
        "إلى 40 هجوماً على الأقل.",
        "40 attacks since 17 October: aggregate (the two weekend attacks are coded from the next paragraph)",
    )
    N(
        "g19",
        "ووفق أرقام البنتاغون",
        "منذ منتصف الشهر الماضي.",
        "46 wounded since mid-October: aggregate",
    )


# ---------------------------------------------------------------- g20 (published 2021-10-21 Thu)
def _g20() -> None:
    tad20 = "ev_g20_2021_10_13_tadmur_israeli_airstrike"
    axis20 = ("وفي المقابل، تبنّت جهة تطلق على نفسها", "أجواء منطقة التنف.")
    E(
        "ev_g20_2021_10_20_al_tanf_drones",
        "drone_attack",
        "al_tanf",
        1,
        [P("axis_of_resistance", "claimed"), P("iran", "suspected")],
        ["us_forces", "maghawir_al_thawra"],
        "Several explosive drones hit the al-Tanf garrison on Wednesday afternoon (five, two inside, per Maghawir al-Thawra); no US casualties; US officials believe Iran directed it; claimed by the 'Syria allies operations room' as revenge for a strike near Palmyra.",
        [
            C("g20", None, "استهدف هجوم بعدة طائرات مسيّرة مفخخة", "منذ سنوات."),
            C(
                "g20",
                "us_dod",
                "وقال مسؤولون في وزارة الدفاع الأمريكية",
                "عن هجوم وشيك.",
                killed=0,
                injured=0,
                note="no US casualties; some personnel moved beforehand",
            ),
            C("g20", "centcom", "وأكد متحدث باسم القيادة المركزية", 'في الوقت والمكان المناسبين".'),
            C(
                "g20",
                "us_officials_anonymous",
                "ونقلت وسائل إعلام أمريكية",
                "من الأراضي العراقية.",
                responsibility="suspected",
                responsible="iran",
                hedged=True,
                note="Iran 'directed and resourced' it; drones likely launched from Iraq (origin)",
            ),
            C(
                "g20",
                "maghawir_al_thawra",
                "من جهته، قال قيادي في «جيش مغاوير الثورة»",
                "في صفوف مقاتلي الفصيل.",
                munitions={"drones": 5},
                note="two fell inside and damaged buildings; no casualties among the faction's fighters",
            ),
            C(
                "g20",
                "local_sources",
                "وأفاد ناشطون في مخيم الركبان",
                "فوق المنطقة بعد الهجوم.",
                note="activists in Rukban camp heard explosions",
            ),
            C(
                "g20",
                "axis_of_resistance",
                *axis20,
                responsibility="claimed",
                responsible="axis_of_resistance",
                note="'operations room of Syria's allies': coded as the axis_of_resistance alliance",
            ),
        ],
        date="2021-10-20",
        pod="afternoon",
        responds_to=[L("g20", tad20, "stated", "رداً على الغارة", *axis20)],
    )
    E(
        tad20,
        "airstrike",
        "tadmur",
        2,
        [P("israel_forces", "attributed")],
        ["syrian_army"],
        "The Israeli strike near Palmyra on 13 October that killed two Syrian soldiers and wounded three (context).",
        [
            C(
                "g20",
                "axis_of_resistance",
                *axis20,
                killed=2,
                injured=3,
                responsibility="attributed",
                responsible="israel_forces",
            )
        ],
        date="2021-10-13",
        background=True,
        note="'sites near the city of Tadmur': geo 2",
    )
    N("g20", "ويرى مراقبون أن الهجوم يعكس", "من دون الدخول في مواجهة مباشرة.", "analysis")


# ---------------------------------------------------------------- g21 (published 2019-12-30 Mon)
def _g21() -> None:
    k1_21 = "ev_g21_2019_12_27_k1_kirkuk_rockets"
    dod21 = ("وقالت وزارة الدفاع الأمريكية في بيان", "في محيط البوكمال.")
    why21 = ("وأكد البيان أن الغارات جاءت", "وعنصرين من القوات العراقية.")
    E(
        "ev_g21_2019_12_29_al_qaim_us_airstrikes",
        "airstrike",
        "al_qaim",
        2,
        [P("us_forces", "claimed")],
        ["kataib_hezbollah", "pmf"],
        "US F-15s struck three Kataib Hezbollah sites in the al-Qaim area on Sunday evening: 25 dead and 51 wounded in both countries (PMF), 19 bodies at the al-Qaim hospital (security source).",
        [
            C(
                "g21",
                "pmf",
                "ارتفعت حصيلة الغارات الجوية الأمريكية",
                "منذ سنوات.",
                killed=25,
                injured=51,
                note="covers both countries; put here",
            ),
            C(
                "g21",
                "us_dod",
                *dod21,
                note="five sites: three in Iraq (al-Qaim area), two in Syria (around Abu Kamal)",
            ),
            C(
                "g21",
                "iraqi_government",
                "وفي أول رد رسمي، قال رئيس حكومة تصريف الأعمال",
                '"اعتداء غير مقبول ستكون له عواقب خطيرة".',
                note="caretaker prime minister: warned half an hour before; condemns",
            ),
            C(
                "g21",
                "kataib_hezbollah",
                "من جهتها، أكدت «كتائب حزب الله»",
                '"الرد سيكون قاسياً جداً".',
                note="brigades 45 and 46 headquarters hit; a field commander among the dead",
            ),
            C(
                "g21",
                "local_sources",
                "وبحسب مصدر أمني عراقي في قضاء القائم",
                'من تحت الأنقاض".',
                killed=19,
                note="bodies at the local hospital",
            ),
        ],
        date="2019-12-29",
        pod="evening",
        responds_to=[L("g21", k1_21, "stated", "رداً على هجوم", *why21)],
    )
    E(
        "ev_g21_2019_12_29_abu_kamal_us_airstrikes",
        "airstrike",
        "abu_kamal",
        2,
        [P("us_forces", "claimed")],
        ["kataib_hezbollah"],
        "Two of the five sites struck the same evening were around Abu Kamal in Syria; SOHR counts at least six dead.",
        [
            C("g21", "us_dod", *dod21),
            C(
                "g21",
                "sohr",
                "أما المرصد السوري لحقوق الإنسان، فقال",
                "ستة من عناصرها على الأقل.",
                killed=6,
            ),
        ],
        date="2019-12-29",
        pod="evening",
        responds_to=[L("g21", k1_21, "stated", "رداً على هجوم", *why21)],
    )
    E(
        k1_21,
        "rocket_attack",
        "k1_kirkuk",
        2,
        [],
        ["us_forces"],
        "The rocket attack on Friday on an Iraqi base near Kirkuk hosting US forces: a US civilian contractor killed, four US service members and two Iraqi personnel wounded; over thirty rockets (context).",
        [
            C(
                "g21",
                "us_dod",
                *why21,
                killed=1,
                injured=6,
                note="a US contractor killed; 4 US service members + 2 Iraqi personnel wounded",
            ),
            C(
                "g21",
                "us_officials_anonymous",
                "وأشار مسؤول أمريكي إلى أن",
                "في ذلك الهجوم.",
                munitions={"rockets": 30},
                note="'more than thirty'",
            ),
        ],
        date="2019-12-27",
        background=True,
        note="'an Iraqi military base near Kirkuk hosting US forces': K-1, geo 2 (the corpus convention for a described base)",
    )
    E(
        "ev_g21_2019_12_09_victory_base_rockets",
        "rocket_attack",
        "victory_base",
        2,
        [],
        ["us_forces", "iraqi_security_forces"],
        "On 9 December four rockets hit a base near Baghdad airport hosting US troops, wounding five Iraqi counter-terrorism personnel (context).",
        [
            C(
                "g21",
                None,
                "ففي التاسع من كانون الأول الجاري",
                "اثنان منهم بجروح بليغة.",
                injured=5,
                munitions={"rockets": 4},
            )
        ],
        date="2019-12-09",
        background=True,
        note="'a base near Baghdad international airport hosting US troops': the airport complex, geo 2",
    )
    N(
        "g21",
        "ويأتي هذا التصعيد بعد شهرين",
        "لم تتبنَّ أي جهة معظمها.",
        "more than ten attacks in two months: aggregate",
    )
    N(
        "g21",
        "وفي واشنطن، قال وزير الخارجية الأمريكي",
        '"عاجزة عن حماية أبنائها".',
        "statements, alert, call for a vote",
    )


# ---------------------------------------------------------------- g22 (published 2022-03-09 Wed)
def _g22() -> None:
    E(
        "ev_g22_2022_03_08_al_hasakah_convoy_ied",
        "ied",
        "al_hasakah_city",
        2,
        [],
        ["coalition_oir"],
        "A roadside bomb hit a vehicle of a coalition convoy on a side road south of al-Hasakah on Tuesday evening; damage, no injuries.",
        [
            C(
                "g22",
                "local_sources",
                "انفجرت عبوة ناسفة، مساء أمس الثلاثاء",
                "وأغلقت الطريق لساعات.",
                killed=0,
                injured=0,
                note="Asayish (internal security) source; convoy from al-Shaddadi to Qasrak",
            )
        ],
        date="2022-03-08",
        pod="evening",
        note="south of al-Hasakah city: geo 2",
    )
    E(
        "ev_g22_2022_03_qasrak_mortars",
        "mortar_attack",
        "qasrak",
        1,
        [P(IBM, "suspected")],
        ["coalition_oir"],
        "Last week two mortar rounds fell near the helipad of the Qasrak base; SOHR suspected pro-Iran groups (context).",
        [
            C(
                "g22",
                "sohr",
                "وكانت قاعدة قسرك نفسها",
                "وراء القصف.",
                munitions={"mortar_rounds": 2},
                responsibility="suspected",
                responsible=IBM,
                hedged=True,
            )
        ],
        start="2022-03-02",
        end="2022-03-08",
        precision="week",
        background=True,
        note="'last week' on a Wednesday page: the seven days before publication",
    )
    N("g22", "وتعد الطرق الفرعية", "المزدحم.", "context")


# ---------------------------------------------------------------- g23 (published 2020-01-09 Thu 08:30 Baghdad)
def _g23() -> None:
    sol23 = "ev_g23_2020_01_03_victory_base_us_drone_strike"
    lead23 = ("لا تزال الروايات متضاربة", "قاسم سليماني.")
    joc23 = ("وأعلنت قيادة العمليات المشتركة العراقية", "في صفوف القوات العراقية.")

    def link23() -> Record:
        return L("g23", sol23, "stated", "انتقاماً لمقتل", *lead23)

    E(
        "ev_g23_2020_01_08_ain_al_asad_missiles",
        "missile_strike",
        "ain_al_asad",
        1,
        [P("irgc", "claimed")],
        ["us_forces"],
        "IRGC ballistic missiles hit Ain al-Asad in the early hours of Wednesday in revenge for Soleimani: 17 missiles (Iraqi JOC); Iranian media claim 80 US dead, Trump says no American was harmed.",
        [
            C(
                "g23",
                None,
                *lead23,
                note="IRGC missile attack on Ain al-Asad and Erbil in the early hours of Wednesday",
            ),
            C(
                "g23",
                "irgc",
                "وقال الحرس الثوري في بيان",
                "أصابت القاعدة،",
                responsibility="claimed",
                responsible="irgc",
                note="'dozens of surface-to-surface missiles'",
            ),
            C(
                "g23",
                "iran",
                "وزعمت وسائل إعلام إيرانية",
                '"جندياً أمريكياً"،',
                killed=80,
                note="Iranian media, coded as Iran",
            ),
            C(
                "g23",
                "us_government",
                "وهي رواية سارع الرئيس الأمريكي",
                "على منشآت القاعدة.",
                killed=0,
                injured=0,
                note="'no American was harmed'",
            ),
            C(
                "g23",
                "iraqi_security_forces",
                *joc23,
                munitions={"missiles": 17},
                note="22 missiles 01:45-02:15: 17 on Ain al-Asad (two unexploded), 5 on Erbil; no Iraqi casualties",
            ),
        ],
        date="2020-01-08",
        responds_to=[link23()],
        note="01:45-02:15 local: the date, no part of day",
    )
    E(
        "ev_g23_2020_01_08_erbil_air_base_missiles",
        "missile_strike",
        "erbil_air_base",
        1,
        [P("irgc", "claimed")],
        ["us_forces", "coalition_oir"],
        "Five of the missiles hit the coalition headquarters at Erbil airport; no victims (Kurdistan official), one fell 30 km west of the city.",
        [
            C("g23", None, *lead23),
            C("g23", "iraqi_security_forces", *joc23, munitions={"missiles": 5}),
            C(
                "g23",
                "kurdistan_region_security",
                "وفي أربيل، قال مسؤول أمني",
                "غربي المدينة.",
                killed=0,
                note="'no victims'; one missile fell about 30 km west of the city",
            ),
        ],
        date="2020-01-08",
        responds_to=[link23()],
    )
    E(
        "ev_g23_2020_01_08_us_embassy_baghdad_rockets",
        "rocket_attack",
        "us_embassy_baghdad",
        2,
        [],
        ["us_government"],
        "Late on Wednesday evening two Katyusha rockets fell in the Green Zone about 100 m from the US embassy, without injuries.",
        [
            C(
                "g23",
                "iraqi_security_forces",
                "وفي وقت متأخر من مساء أمس",
                "ولم تتبنَّ أي جهة إطلاقهما.",
                injured=0,
                munitions={"rockets": 2},
                note="Security Media Cell",
            )
        ],
        date="2020-01-08",
        pod="evening",
        note="~100 m from the embassy: geo 2",
    )
    E(
        sol23,
        "airstrike",
        "victory_base",
        2,
        [P("us_forces", "reported")],
        ["irgc_quds_force", "pmf"],
        "The US drone strike on the Baghdad airport road that killed Soleimani and al-Muhandis on the 3rd (context).",
        [C("g23", None, "وكان سليماني قد قُتل", "في العراق وإيران.", killed=2)],
        date="2020-01-03",
        background=True,
        note="on the Baghdad airport road: the airport complex, geo 2",
    )
    N(
        "g23",
        "وقال رئيس حكومة تصريف الأعمال",
        "أماكن وجود القوات الأمريكية.",
        "advance warning: no incident",
    )


# ---------------------------------------------------------------- g24 (published 2022-01-06 Thu 11:20 local)
def _g24() -> None:
    omar24 = "ev_g24_2022_01_05_al_omar_rockets"
    art24 = ('وقال التحالف إن "عناصر مرتبطة بإيران"', "باتجاه نقطة الإطلاق.")
    E(
        omar24,
        "rocket_attack",
        "al_omar",
        1,
        [P(IBM, "suspected")],
        ["us_forces", "coalition_oir"],
        "Eight rockets fell around the US base at the al-Omar field on Wednesday morning, lightly wounding some personnel (3 per local sources; only material damage per SOHR).",
        [
            C(
                "g24",
                "coalition_oir",
                "سقطت ثمانية صواريخ صباح أمس الأربعاء",
                "باتجاه نقطة الإطلاق.",
                munitions={"rockets": 8},
                responsibility="suspected",
                responsible=IBM,
                hedged=True,
                note="minor injuries, number not given; fired from the al-Mayadin area west of the Euphrates (origin)",
            ),
            C(
                "g24",
                "local_sources",
                "وبحسب مصادر محلية، أصيب ثلاثة جنود",
                "لتلقي العلاج،",
                injured=3,
            ),
            C(
                "g24",
                "sohr",
                "بينما قال المرصد السوري لحقوق الإنسان إن الخسائر",
                '"اقتصرت على أضرار مادية".',
                killed=0,
                injured=0,
            ),
        ],
        date="2022-01-05",
        pod="morning",
    )
    E(
        "ev_g24_2022_01_05_al_mayadin_coalition_artillery",
        "artillery_shelling",
        "al_mayadin",
        2,
        [P("coalition_oir", "claimed")],
        [IBM],
        "The coalition answered with six artillery rounds at the launch point, on the outskirts of al-Mayadin per the correspondent.",
        [
            C("g24", "coalition_oir", *art24, munitions={"artillery_shells": 6}),
            C("g24", None, "وأفاد مراسلنا بأن القصف المدفعي", "تلاها تحليق لطائرات استطلاع."),
        ],
        date="2022-01-05",
        responds_to=[L("g24", omar24, "stated", "ردّت", *art24)],
        note="time not given beyond the day of the rockets",
    )
    E(
        "ev_g24_2022_01_03_dhiban_coalition_helicopters",
        "helicopter_strike",
        "dhiban",
        2,
        [P("coalition_oir", "claimed")],
        [],
        "Two days before, coalition helicopters struck rocket launchers primed to fire in the desert of Dhiban, north of the al-Omar field (pre-emptive strike).",
        [
            C(
                "g24",
                "coalition_oir",
                "وقبل ذلك بيومين، نفّذت مروحيات التحالف",
                '"إجراء وقائي للدفاع عن النفس".',
            )
        ],
        date="2022-01-03",
        note="'two days before' the Wednesday attack: Monday 3 January; no target actor named (launchers)",
    )
    N(
        "g24",
        "وقال مصدر في «قسد» لمراسلنا",
        "وعملوا على تفكيكها.",
        "launcher found and dismantled: no attack",
    )
    N(
        "g24",
        "ويتزامن التصعيد مع الذكرى",
        "في العراق وسوريا.",
        "several attempts in recent days: aggregate",
    )


# ---------------------------------------------------------------- write + check
REPORTS: tuple[Callable[[], None], ...] = (
    _g01, _g02, _g03, _g04, _g05, _g06, _g07, _g08, _g09, _g10, _g11, _g12,
    _g13, _g14, _g15, _g16, _g17, _g18, _g19, _g20, _g21, _g22, _g23, _g24,
)  # fmt: skip
POD = {"dawn", "morning", "afternoon", "evening", "night"}
MUNITIONS = {
    "rockets", "mortar_rounds", "drones", "missiles", "artillery_shells", "bombs",
    "vehicles_destroyed", "intercepted",
}  # fmt: skip
BASES = {"claimed", "attributed", "suspected", "reported"}
RESP = {None, "claimed", "attributed", "suspected", "denied"}
KINDS = {
    "rocket_attack", "mortar_attack", "drone_attack", "missile_strike", "artillery_shelling",
    "airstrike", "helicopter_strike", "ground_clash", "raid", "ied", "intercept",
    "explosive_attack",
}  # fmt: skip


def _check(data: Path) -> None:
    """Every id, site, actor, kind, key and span of the coding, against the package data."""
    ids = [e["id"] for e in EVENTS]
    assert len(ids) == len(set(ids)), "duplicate event ids"
    sites = {s["id"] for s in yaml.safe_load((data / "sites.yaml").read_text(encoding="utf-8"))}
    places = {
        ln.split("\t")[0]
        for ln in (data / "places.tsv").read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    }
    actors = {a["id"] for a in yaml.safe_load((data / "actors.yaml").read_text(encoding="utf-8"))}
    for e in EVENTS:
        assert e["kind"] in KINDS, e["id"]
        assert e["site"] in sites or e["site"] in places, (e["id"], e["site"])
        assert e["geo_precision"] in (1, 2, 3), e["id"]
        assert e.get("part_of_day") in POD | {None}, e["id"]
        for p in e["perpetrators"]:
            assert p["actor"] in actors, (e["id"], p)
            assert p["basis"] in BASES, (e["id"], p)
        for t in e["targets"]:
            assert t in actors, (e["id"], t)
        rep = e["id"].split("_")[1]
        if "date" in e:
            day = e["date"].replace("-", "_")
            assert e["id"].startswith(f"ev_{rep}_{day}_"), (e["id"], e["date"])
        for c in e["claims"]:
            assert c["source"] == f"{SRC}{rep}", (e["id"], c["source"])
            assert c["claimant"] is None or c["claimant"] in actors, (e["id"], c["claimant"])
            assert c["responsible"] is None or c["responsible"] in actors
            assert c["responsibility"] in RESP, (e["id"], c["responsibility"])
            assert (c["responsibility"] is None) == (c["responsible"] is None), e["id"]
            assert set(c.get("munitions", {})) <= MUNITIONS, (e["id"], c.get("munitions"))
            s, t_ = c["quote"]
            assert 0 <= s < t_ <= len(text(rep)), (e["id"], c["quote"])
        for lk in e.get("responds_to", []):
            assert lk["event"] in ids, (e["id"], lk["event"])
            assert lk["event"].split("_")[1] == rep
            assert lk["basis"] in ("stated", "coded"), (e["id"], lk["basis"])
            assert (lk["basis"] == "coded") == (lk["cue"] is None), (e["id"], lk["cue"])


def _counts() -> dict[str, int]:
    links = [lk for e in EVENTS for lk in e.get("responds_to", [])]
    return {
        "n": len(EVENTS),
        "bg": sum(e["background"] for e in EVENTS),
        "open": sum(e.get("precision") == "unknown" for e in EVENTS),
        "nc": len(NOT_CODED),
        "stated": sum(lk["basis"] == "stated" for lk in links),
        "coded": sum(lk["basis"] == "coded" for lk in links),
        "claims": sum(len(e["claims"]) for e in EVENTS),
    }


def build() -> str:
    """The gold file's text: runs the coding, checks it, and writes it out as YAML."""
    EVENTS.clear()
    NOT_CODED.clear()
    for report in REPORTS:
        report()
    EVENTS.sort(key=lambda e: e["id"][3:6])  # by report, stable within a report
    _check(ROOT / "tatgraph" / "data")
    meta = {m["file"]: m for m in yaml.safe_load((HERE / "meta.yaml").read_text(encoding="utf-8"))}
    sources = []
    for f in sorted(meta):
        m = meta[f]
        src = {
            "id": f"{SRC}{f[:-4]}",
            "file": f,
            "sha256": hashlib.sha256((HERE / f).read_bytes()).hexdigest(),
            "outlet": m["outlet"],
            "language": "ar",
        }
        if m.get("published"):
            src["published"] = m["published"]
            src["published_basis"] = "stated" if m["published_basis"] == "stated" else "inferred"
        sources.append(src)
    header = (HERE / "gold_header.txt").read_text(encoding="utf-8").format(**_counts())
    body = yaml.safe_dump(
        {"sources": sources, "events": EVENTS, "not_coded": NOT_CODED},
        allow_unicode=True,
        sort_keys=False,
        width=110,
    )
    return header + "\n" + body


def main(argv: list[str]) -> int:
    built, path = build(), HERE / "gold.yaml"
    if "--check" in argv:
        same = path.is_file() and path.read_text(encoding="utf-8") == built
        print(f"{path.name} {'is' if same else 'is NOT'} what build_gold.py builds")
        return 0 if same else 1
    path.write_text(built, encoding="utf-8")
    print(
        "{n} events ({bg} background, {open} open), {claims} claims, {nc} not coded, "
        "links: {stated} stated + {coded} coded".format(**_counts())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
