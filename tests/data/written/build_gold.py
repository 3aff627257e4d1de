# ruff: noqa: E501  (coding data: one-line summaries and notes)
"""Build gold.yaml for the written set from anchor phrases (offsets computed, never typed).

Each quote is given as (first words, last words) of a passage of the report; the script finds
the passage (it must be unique), stores [start, end) code-point offsets, and checks every
event id, link target, site, actor and kind against the package's gazetteer, place table
and actors. Run from the repository root:

    python tests/data/written/build_gold.py          # writes tests/data/written/gold.yaml
    python tests/data/written/build_gold.py --check  # exit 1 if gold.yaml is not what it builds

Changes to the coding are made here (never in gold.yaml by hand), each with a comment
saying why (see README.md, "Review").
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/data
from goldkit import GoldKit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
META = {m["file"]: m for m in yaml.safe_load((HERE / "meta.yaml").read_text(encoding="utf-8"))}


KIT = GoldKit(HERE, "src_written_")
text, Q, C, L, P, E, N = KIT.text, KIT.Q, KIT.C, KIT.L, KIT.P, KIT.E, KIT.N
EVENTS, NOT_CODED = KIT.events, KIT.not_coded


# ---------------------------------------------------------------- h01 (published 2023-10-19 Thu)
E(
    "ev_h01_2023_10_18_al_tanf_drones",
    "drone_attack",
    "al_tanf",
    1,
    [P("islamic_resistance_iraq", "claimed")],
    ["us_forces", "coalition_oir"],
    "Two drones attacked al-Tanf on Wednesday; one was shot down, the other exploded inside, lightly wounding US and coalition personnel.",
    [
        C(
            "h01",
            "centcom",
            "أعلنت القيادة المركزية الأمريكية (سنتكوم)",
            "عادوا إلى مهامهم.",
            munitions={"drones": 2, "intercepted": 1},
            note="minor injuries, number not given",
        ),
        C(
            "h01",
            "islamic_resistance_iraq",
            "وتبنّت جماعة تطلق",
            "لم يؤكده الجانب الأمريكي.",
            responsibility="claimed",
            responsible="islamic_resistance_iraq",
            note="one statement claims both the al-Tanf and the Ain al-Asad attacks",
        ),
    ],
    date="2023-10-18",
)
E(
    "ev_h01_2023_10_19_ain_al_asad_intercept",
    "intercept",
    "ain_al_asad",
    1,
    [P("islamic_resistance_iraq", "claimed")],
    ["us_forces"],
    "Air defences at Ain al-Asad intercepted three drones at dawn before they reached the base; the militia claimed hits.",
    [
        C(
            "h01",
            "local_sources",
            "وفي العراق، قال مصدر أمني",
            "ولم يُسجَّل أي ضرر.",
            munitions={"drones": 3, "intercepted": 3},
            note="security source to a local agency",
        ),
        C(
            "h01",
            "islamic_resistance_iraq",
            "وتبنّت جماعة تطلق",
            "لم يؤكده الجانب الأمريكي.",
            responsibility="claimed",
            responsible="islamic_resistance_iraq",
            note="claims the drones hit their targets",
        ),
    ],
    date="2023-10-19",
    pod="dawn",
)
N("h01", "ويأتي ذلك وسط تصاعد", "«لن تتردد في حماية قواتها».", "context and a warning, no incident")

# ---------------------------------------------------------------- h02 (published 2024-01-29 Mon)
E(
    "ev_h02_2024_01_28_tower_22_drone",
    "drone_attack",
    "tower_22",
    1,
    [P("iran_backed_militias", "attributed")],
    ["us_forces"],
    "A drone struck the Tower 22 logistics post in north-east Jordan on Sunday, killing three US soldiers; wounded figures 25, then 34, maybe over 40.",
    [
        C(
            "h02",
            None,
            "قُتل ثلاثة عسكريين أمريكيين وأصيب عشرات",
            "في تشرين الأول الماضي.",
            killed=3,
            munitions={"drones": 1},
            note="'dozens' wounded",
        ),
        C(
            "h02",
            "centcom",
            "وقالت القيادة المركزية الأمريكية في بيانها الأول",
            "إلى 34 على الأقل",
            injured=34,
            note="first statement 25, raised to at least 34",
        ),
        C(
            "h02",
            "us_officials_anonymous",
            "بينما نقلت شبكة تلفزيونية",
            "بإصابات دماغية ارتجاجية.",
            note="wounded 'may exceed forty'",
        ),
        C(
            "h02",
            "us_government",
            "وحمّل الرئيس جو بايدن",
            "«في الوقت والطريقة التي نختارها».",
            responsibility="attributed",
            responsible="iran_backed_militias",
        ),
        C(
            "h02",
            None,
            "في المقابل، قال متحدث باسم الحكومة الأردنية",
            "عن هذه الرواية.",
            note="Jordanian government spokesman placed it at al-Tanf across the border (within 25 km); later walked back",
        ),
    ],
    date="2024-01-28",
    responds_to=[
        L(
            "h02",
            "ev_h02_2024_01_04_baghdad_us_drone_strike",
            "coded",
            None,
            "ويرى مراقبون أن الهجوم يأتي",
            "في الرابع من كانون الثاني الجاري.",
            0.4,
        )
    ],
)
E(
    "ev_h02_2024_01_28_al_shaddadi_drones",
    "drone_attack",
    "al_shaddadi",
    1,
    [P("islamic_resistance_iraq", "claimed")],
    ["us_forces"],
    "The Islamic Resistance in Iraq said it attacked the al-Shaddadi base with drones the same day (not confirmed).",
    [
        C(
            "h02",
            "islamic_resistance_iraq",
            "ولم تُشر «المقاومة الإسلامية في العراق»",
            "تأكيد مستقل لذلك.",
            responsibility="claimed",
            responsible="islamic_resistance_iraq",
            note="claim only",
        )
    ],
    date="2024-01-28",
)
E(
    "ev_h02_2024_01_04_baghdad_us_drone_strike",
    "airstrike",
    "baghdad",
    2,
    [P("us_forces", "reported")],
    ["harakat_al_nujaba", "pmf"],
    "A US drone strike on a PMF headquarters on Palestine Street in east Baghdad killed Nujaba commander Abu Taqwa on 4 January (context).",
    [C("h02", None, "ويرى مراقبون أن الهجوم يأتي", "في الرابع من كانون الثاني الجاري.", killed=1)],
    date="2024-01-04",
    background=True,
)
N(
    "h02",
    "في أول هجوم يوقع قتلى",
    "في تشرين الأول الماضي.",
    "the wave of attacks since October: aggregate",
)

# ---------------------------------------------------------------- h03 (published 2024-02-03 Sat)
tower_h03 = "ev_h03_2024_01_28_tower_22_drone"
cue_h03 = L(
    "h03",
    tower_h03,
    "stated",
    "رداً على",
    "نفذت القوات الأمريكية ليل الجمعة",
    "إلى فصائل مدعومة من طهران.",
)
E(
    "ev_h03_2024_02_02_al_qaim_us_airstrikes",
    "airstrike",
    "al_qaim",
    2,
    [P("us_forces", "claimed")],
    ["pmf", "irgc_quds_force"],
    "US strikes on Friday night hit areas of al-Qaim district on the Syrian border, killing 16 including civilians (Iraqi government).",
    [
        C(
            "h03",
            "centcom",
            "وذكرت القيادة المركزية الأمريكية أن طائرات",
            "مراكز قيادة ومخازن صواريخ ومسيّرات.",
            note="85 targets at seven sites in Iraq and Syria: the figure covers all sites, put here",
        ),
        C(
            "h03",
            "iraqi_government",
            "في العراق، قال المتحدث باسم القائد العام",
            "«انتهاك للسيادة العراقية».",
            killed=16,
            injured=25,
        ),
        C("h03", "pmf", "من جهتها، أعلنت هيئة الحشد الشعبي", "عناصرها في الضربات."),
    ],
    date="2024-02-02",
    pod="night",
    responds_to=[cue_h03],
)
E(
    "ev_h03_2024_02_02_al_mayadin_us_airstrikes",
    "airstrike",
    "al_mayadin",
    2,
    [P("us_forces", "claimed")],
    ["iran_backed_militias"],
    "US strikes hit headquarters and depots in al-Mayadin; SOHR counts at least 23 pro-Iran fighters killed in Syria.",
    [
        C(
            "h03",
            "sohr",
            "أما في سوريا، فأفاد المرصد السوري",
            "من دون أرقام.",
            killed=23,
            note="23 covers al-Mayadin and the Abu Kamal desert; put here",
        )
    ],
    date="2024-02-02",
    pod="night",
    responds_to=[cue_h03],
)
E(
    "ev_h03_2024_02_02_abu_kamal_us_airstrikes",
    "airstrike",
    "abu_kamal",
    2,
    [P("us_forces", "claimed")],
    ["iran_backed_militias"],
    "US strikes also hit sites in the desert around Abu Kamal.",
    [C("h03", "sohr", "أما في سوريا، فأفاد المرصد السوري", "من دون أرقام.")],
    date="2024-02-02",
    pod="night",
    responds_to=[cue_h03],
    note="'the Abu Kamal desert': the town with geo_precision 2 (al_qaim is within 25 km: one-to-one matching needs two predictions)",
)
E(
    tower_h03,
    "drone_attack",
    "tower_22",
    1,
    [P("iran_backed_militias", "attributed")],
    ["us_forces"],
    "The drone attack that killed three US soldiers in Jordan last Sunday, which Washington blamed on Iran-backed factions (context).",
    [
        C(
            "h03",
            None,
            "نفذت القوات الأمريكية ليل الجمعة",
            "إلى فصائل مدعومة من طهران.",
            killed=3,
            responsibility="attributed",
            responsible="iran_backed_militias",
        )
    ],
    date="2024-01-28",
    background=True,
    note="named only in the headline ('البرج 22'); 'in Jordan' in the body",
)
N("h03", "وقال البيت الأبيض", "«بدأ اليوم ولن ينتهي اليوم».", "threat of more strikes")

# ---------------------------------------------------------------- h04 (published 2023-11-13 Mon)
E(
    "ev_h04_2023_11_12_abu_kamal_us_airstrike",
    "airstrike",
    "abu_kamal",
    2,
    [P("us_forces", "claimed")],
    ["irgc"],
    "US jets struck an IRGC training facility near Abu Kamal on Sunday evening.",
    [
        C("h04", "us_dod", "شنّت مقاتلات أمريكية، مساء أمس الأحد", "في محيط مدينة الميادين."),
        C(
            "h04",
            "sohr",
            "وبحسب المرصد السوري لحقوق الإنسان، فإن ثمانية",
            "قُتلوا في الغارتين",
            killed=8,
            note="covers both strikes; put here",
        ),
        C(
            "h04",
            "local_sources",
            "بينما نفت مصادر مقربة",
            "كانت خالية.",
            killed=0,
            injured=0,
            note="sources close to the militias deny casualties (both strikes)",
        ),
    ],
    date="2023-11-12",
    pod="evening",
)
E(
    "ev_h04_2023_11_12_al_mayadin_us_airstrike",
    "airstrike",
    "al_mayadin",
    2,
    [P("us_forces", "claimed")],
    ["irgc"],
    "The same evening US jets struck an IRGC 'safe house' near al-Mayadin.",
    [C("h04", "us_dod", "شنّت مقاتلات أمريكية، مساء أمس الأحد", "في محيط مدينة الميادين.")],
    date="2023-11-12",
    pod="evening",
)
E(
    "ev_h04_2023_11_13_al_omar_rockets",
    "rocket_attack",
    "al_omar",
    1,
    [P("iran_backed_militias", "suspected")],
    ["coalition_oir"],
    "Rockets fell around the al-Omar field base at dawn, probably fired from militia areas west of the Euphrates, in answer to the US strikes (SOHR).",
    [
        C(
            "h04",
            "sohr",
            "وبعد ساعات، وتحديداً فجر اليوم الاثنين",
            "ولم ترد تقارير عن خسائر بشرية.",
            responsibility="suspected",
            responsible="iran_backed_militias",
            hedged=True,
        )
    ],
    date="2023-11-13",
    pod="dawn",
    responds_to=[
        L(
            "h04",
            "ev_h04_2023_11_12_abu_kamal_us_airstrike",
            "stated",
            "جاء رداً على",
            "وقال المرصد إن عدة صواريخ",
            "رداً على الغارات الأمريكية.",
            0.8,
        ),
        L(
            "h04",
            "ev_h04_2023_11_12_al_mayadin_us_airstrike",
            "stated",
            "جاء رداً على",
            "وقال المرصد إن عدة صواريخ",
            "رداً على الغارات الأمريكية.",
            0.8,
        ),
    ],
    note="answers both strikes; an extracted event has one responds_to, so at most one of the two links can be found",
)
E(
    "ev_h04_2023_11_08_deir_ez_zor_us_airstrike",
    "airstrike",
    "gov_deir_ez_zor",
    3,
    [P("us_forces", "reported")],
    ["irgc"],
    "US aircraft struck an IRGC weapons depot in the Deir ez-Zor countryside on 8 November (context).",
    [C("h04", None, "وكانت الطائرات الأمريكية قد ضربت", "منذ بدء التصعيد.")],
    date="2023-11-08",
    background=True,
)
N("h04", "وأضاف أوستن أن الضربات", "مع إيران.", "answer to attacks in general: no link coded")

# ---------------------------------------------------------------- h05 (undated)
E(
    "ev_h05_conoco_mortars",
    "mortar_attack",
    "conoco",
    1,
    [P("irgc", "suspected")],
    ["us_forces"],
    "Mortar rounds hit the US base at the Conoco gas field on Tuesday night: six (local sources) or four (SDF), no one hurt.",
    [
        C(
            "h05",
            None,
            "تعرضت القاعدة الأمريكية في حقل كونيكو",
            "طالت القواعد الأمريكية في المنطقة.",
        ),
        C(
            "h05",
            "local_sources",
            "وقالت مصادر محلية إن ست قذائف",
            "اندلاع حريق محدود",
            munitions={"mortar_rounds": 6},
        ),
        C(
            "h05",
            "sdf",
            "بينما قالت «قوات سوريا الديمقراطية»",
            "ولم يُصب أحد بأذى.",
            killed=0,
            injured=0,
            munitions={"mortar_rounds": 4},
        ),
        C(
            "h05",
            "local_sources",
            "وبحسب المصادر ذاتها، يُرجَّح",
            "هي من نفذت القصف.",
            responsibility="suspected",
            responsible="irgc",
            hedged=True,
        ),
    ],
    precision="unknown",
    note="undated page, weekday only ('ليل الثلاثاء'): open date",
)
E(
    "ev_h05_hatla_us_artillery",
    "artillery_shelling",
    "hatla",
    2,
    [P("us_forces", "reported")],
    ["irgc"],
    "US forces answered with artillery fire on the launch points around Hatla.",
    [C("h05", None, "وردّت القوات الأمريكية بقصف مدفعي", "عن حجم الخسائر.")],
    precision="unknown",
    responds_to=[
        L(
            "h05",
            "ev_h05_conoco_mortars",
            "stated",
            "وردّت",
            "وردّت القوات الأمريكية بقصف مدفعي",
            "عن حجم الخسائر.",
        )
    ],
    note="open date (follows the undated mortar attack); Hatla is ~11 km from Conoco (same place for scoring)",
)
E(
    "ev_h05_2023_06_29_conoco_intercept",
    "intercept",
    "conoco",
    1,
    [],
    ["coalition_oir"],
    "Two drones aimed at the Conoco base were shot down on 29 June 2023 (context).",
    [
        C(
            "h05",
            "coalition_oir",
            "ويشار إلى أن القاعدة ذاتها",
            "قبل بلوغ هدفهما.",
            munitions={"drones": 2, "intercepted": 2},
        )
    ],
    date="2023-06-29",
    background=True,
)

# ---------------------------------------------------------------- h06 (published 2024-01-21 Sun)
E(
    "ev_h06_2024_01_20_ain_al_asad_missiles",
    "missile_strike",
    "ain_al_asad",
    1,
    [P("islamic_resistance_iraq", "claimed"), P("iran_backed_militias", "attributed")],
    ["us_forces", "iraqi_security_forces"],
    "Ballistic missiles and rockets hit Ain al-Asad on Saturday evening; most intercepted, US personnel checked for brain injury, one Iraqi soldier hurt.",
    [
        C(
            "h06",
            "centcom",
            "أعلنت القيادة المركزية الأمريكية أن قاعدة عين الأسد",
            "سقط عدد منها داخل القاعدة.",
            responsibility="attributed",
            responsible="iran_backed_militias",
            note="'most' intercepted",
        ),
        C(
            "h06",
            "centcom",
            "وأضافت القيادة أن عدداً",
            "جندي عراقي واحد على الأقل.",
            injured=1,
            note="one Iraqi soldier; US personnel under evaluation",
        ),
        C(
            "h06",
            "local_sources",
            "في المقابل، قال مصدر في الأجهزة الأمنية",
            "وألحقت أضراراً بمبنيين",
            munitions={"missiles": 9},
        ),
        C(
            "h06",
            "islamic_resistance_iraq",
            "في حين تحدثت «المقاومة الإسلامية في العراق»",
            "«رشقات بعشرات الصواريخ».",
            responsibility="claimed",
            responsible="islamic_resistance_iraq",
        ),
    ],
    date="2024-01-20",
    pod="evening",
)
soleimani = "ev_h06_2020_01_03_victory_base_us_airstrike"
E(
    "ev_h06_2020_01_08_ain_al_asad_iran_missiles",
    "missile_strike",
    "ain_al_asad",
    1,
    [P("irgc", "reported")],
    ["us_forces"],
    "The IRGC fired more than ten missiles at Ain al-Asad and Erbil airport on 8 January 2020 after Soleimani's killing (context).",
    [
        C(
            "h06",
            None,
            "ففي الثامن من كانون الثاني/يناير 2020",
            "شُخّصوا لاحقاً بإصابات دماغية.",
            killed=0,
            munitions={"missiles": 10},
            note="'more than ten' over both sites; 'more than a hundred' later diagnosed with brain injuries",
        )
    ],
    date="2020-01-08",
    background=True,
    responds_to=[
        L(
            "h06",
            soleimani,
            "stated",
            "رداً على",
            "ففي الثامن من كانون الثاني/يناير 2020",
            "قبل ذلك بخمسة أيام.",
        )
    ],
)
E(
    "ev_h06_2020_01_08_erbil_air_base_iran_missiles",
    "missile_strike",
    "erbil_air_base",
    1,
    [P("irgc", "reported")],
    ["us_forces"],
    "The same salvo targeted Erbil airport (context).",
    [C("h06", None, "ففي الثامن من كانون الثاني/يناير 2020", "قبل ذلك بخمسة أيام.")],
    date="2020-01-08",
    background=True,
    responds_to=[
        L(
            "h06",
            soleimani,
            "stated",
            "رداً على",
            "ففي الثامن من كانون الثاني/يناير 2020",
            "قبل ذلك بخمسة أيام.",
        )
    ],
)
E(
    soleimani,
    "airstrike",
    "victory_base",
    2,
    [P("us_forces", "reported")],
    ["irgc_quds_force"],
    "The US strike near Baghdad airport that killed Quds Force commander Soleimani five days earlier (context).",
    [
        C("h06", None, "رداً على اغتيال قاسم سليماني", "قبل ذلك بخمسة أيام.", killed=1)
    ],  # h06 reworded (an 8-word stock phrase of a corpus report)
    date="2020-01-03",
    background=True,
    note="date from 'five days before' 8 January 2020",
)

# ---------------------------------------------------------------- h07 (published 2021-07-08 Thu)
E(
    "ev_h07_2021_07_07_ain_al_asad_rockets",
    "rocket_attack",
    "ain_al_asad",
    1,
    [P("iran_backed_militias", "suspected")],
    ["coalition_oir"],
    "Fourteen rockets hit in and around Ain al-Asad on Wednesday afternoon, lightly wounding two; fired from a truck near Hit.",
    [
        C(
            "h07",
            "coalition_oir",
            "أصيب شخصان بجروح طفيفة",
            "داخل القاعدة وفي محيطها.",
            injured=2,
            munitions={"rockets": 14},
        ),
        C(
            "h07",
            "iraqi_government",
            "وذكرت خلية الإعلام الأمني العراقية",
            "عثرت عليها لاحقاً.",
            note="launch truck found near Hit (~40 km away): origin, not the scene",
        ),
        C(
            "h07",
            None,
            "ولم تعلن أي جهة مسؤوليتها، غير أن",
            "تقف وراء الهجوم.",
            responsibility="suspected",
            responsible="iran_backed_militias",
            hedged=True,
        ),
    ],
    date="2021-07-07",
    pod="afternoon",
)
E(
    "ev_h07_2021_07_06_erbil_air_base_drone",
    "drone_attack",
    "erbil_air_base",
    1,
    [],
    ["coalition_oir"],
    "An explosive-laden drone targeted Erbil international airport, where coalition forces are based, on Tuesday night; no injuries.",
    [
        C(
            "h07",
            None,
            "إذ استهدفت طائرة مسيّرة محمّلة بالمتفجرات",
            "من دون أن تسفر عن إصابات",
            injured=0,
            munitions={"drones": 1},
        )
    ],
    date="2021-07-06",
    pod="night",
)
E(
    "ev_h07_2021_07_05_us_embassy_intercept",
    "intercept",
    "us_embassy_baghdad",
    1,
    [],
    ["us_government"],
    "C-RAM shot down a drone flying over the US embassy compound in Baghdad on Monday.",
    [
        C(
            "h07",
            None,
            "فيما أسقطت منظومة «سي-رام»",
            "مجمع السفارة الأمريكية في بغداد.",
            munitions={"drones": 1, "intercepted": 1},
        )
    ],
    date="2021-07-05",
)
E(
    "ev_h07_2021_06_28_border_us_airstrikes",
    "airstrike",
    "syria_iraq_border_abu_kamal",
    2,
    [P("us_forces", "reported")],
    ["kataib_sayyid_al_shuhada"],
    "US strikes at dawn on 28 June on faction positions at the Syria-Iraq border near al-Qaim killed four Kataib Sayyid al-Shuhada members (context).",
    [C("h07", "pmf", "وكانت الفصائل قد توعدت بالثأر", "بحسب الحشد الشعبي.", killed=4)],
    date="2021-06-28",
    pod="dawn",
    background=True,
    note="factions vowed revenge; the report does not say the July attacks answer it: no link",
)
N(
    "h07",
    "وهذا ثالث حادث خلال أيام قليلة",
    "وهذا ثالث حادث خلال أيام قليلة",
    "count of incidents (each coded separately)",
)

# ---------------------------------------------------------------- h08 (published 2023-12-26 Tue 10:00 local)
erbil_h08 = "ev_h08_2023_12_25_erbil_air_base_drone"
cue_h08 = L(
    "h08",
    erbil_h08,
    "stated",
    "في رد على",
    "أعلن وزير الدفاع الأمريكي لويد أوستن",
    "أحدهم في حالة حرجة.",
)
E(
    erbil_h08,
    "drone_attack",
    "erbil_air_base",
    1,
    [P("kataib_hezbollah", "claimed")],
    ["us_forces"],
    "A drone hit a building at Erbil air base on Monday morning, wounding three US service members, one critically; Kataib Hezbollah claimed it.",
    [
        C(
            "h08",
            "us_dod",
            "أعلن وزير الدفاع الأمريكي لويد أوستن",
            "أحدهم في حالة حرجة.",
            injured=3,
        ),
        C(
            "h08",
            "kataib_hezbollah",
            "وكانت «كتائب حزب الله» قد أعلنت مسؤوليتها",
            "هجوم أربيل",
            responsibility="claimed",
            responsible="kataib_hezbollah",
        ),
        C(
            "h08",
            "local_sources",
            "الذي قالت مصادر كردية",
            "أصابت مبنى داخل القاعدة.",
            munitions={"drones": 1},
        ),
    ],
    date="2023-12-25",
    pod="morning",
)
E(
    "ev_h08_2023_12_25_al_hillah_us_airstrike",
    "airstrike",
    "al_hillah",
    2,
    [P("us_forces", "claimed")],
    ["pmf", "kataib_hezbollah"],
    "Late on Monday night US strikes hit a PMF headquarters in Hillah; one killed and 18 wounded (security sources, over all sites).",
    [
        C(
            "h08",
            "us_dod",
            "أعلن وزير الدفاع الأمريكي لويد أوستن",
            "أحدهم في حالة حرجة.",
            note="three facilities: statement covers the Jurf al-Sakhar strikes too",
        ),
        C(
            "h08",
            "local_sources",
            "وقالت مصادر أمنية عراقية إن الغارات",
            "وإصابة 18 آخرين.",
            killed=1,
            injured=18,
            note="figures cover all sites; put here",
        ),
        C("h08", "pmf", "أما الحشد الشعبي فقال في بيان", "من دون أن يحدد عددهم.", killed=1),
    ],
    date="2023-12-25",
    pod="night",
    responds_to=[cue_h08],
)
E(
    "ev_h08_2023_12_25_jurf_al_sakhar_us_airstrikes",
    "airstrike",
    "jurf_al_sakhar",
    1,
    [P("us_forces", "claimed")],
    ["kataib_hezbollah"],
    "The same strikes hit two sites in Jurf al-Sakhar in northern Babil.",
    [C("h08", "local_sources", "وقالت مصادر أمنية عراقية إن الغارات", "شمالي المحافظة")],
    date="2023-12-25",
    pod="night",
    responds_to=[cue_h08],
)
N("h08", "ودانت الحكومة العراقية", "توسيع رقعة الصراع.", "reactions, no incident")

# ---------------------------------------------------------------- h09 (published 2020-06-17 Wed)
E(
    "ev_h09_2020_06_16_victory_base_rockets",
    "rocket_attack",
    "victory_base",
    1,
    [],
    ["us_forces"],
    "Katyusha rockets fell on Victory base by Baghdad airport on Tuesday evening: three inside and no casualties (security media cell), or two hits and one intercepted (US official).",
    [
        C("h09", None, "سقطت صواريخ من نوع كاتيوشا", "على المصالح الأمريكية في العراق."),
        C(
            "h09",
            "iraqi_government",
            "وقالت خلية الإعلام الأمني في بيان مقتضب",
            "من دون أن تسفر عن خسائر بشرية",
            killed=0,
            injured=0,
            munitions={"rockets": 3},
        ),
        C(
            "h09",
            "us_officials_anonymous",
            "فيما قال مسؤول أمريكي لوكالة أنباء غربية",
            "اعترضت صاروخاً ثالثاً.",
            munitions={"rockets": 3, "intercepted": 1},
        ),
    ],
    date="2020-06-16",
    pod="evening",
)
E(
    "ev_h09_2020_06_17_abu_ghurayb_convoy_ied",
    "ied",
    "abu_ghurayb",
    2,
    [],
    ["coalition_oir"],
    "An IED hit a convoy of an Iraqi company carrying coalition logistics on the highway in Abu Ghraib this morning, damaging a truck.",
    [
        C(
            "h09",
            "local_sources",
            "وفي تطور منفصل، انفجرت صباح اليوم",
            "بحسب مصدر في الشرطة.",
            munitions={"vehicles_destroyed": 1},
            note="police source; one truck damaged",
        )
    ],
    date="2020-06-17",
    pod="morning",
)
E(
    "ev_h09_balad_air_base_rockets",
    "rocket_attack",
    "balad_air_base",
    1,
    [],
    ["us_forces"],
    "Two rockets fell on the runway of Balad air base, home to US contractors, a few days before (context).",
    [
        C(
            "h09",
            None,
            "وكانت قاعدة بلد الجوية شمالي بغداد",
            "سقطا على مدرج الطائرات.",
            munitions={"rockets": 2},
        )
    ],
    start="2020-06-10",
    end="2020-06-17",
    precision="week",
    background=True,
    note="'days ago': the week up to publication; targets are US contractors (coded us_forces)",
)

# ---------------------------------------------------------------- h10 (published 2019-12-30 Mon)
k1 = "ev_h10_2019_12_27_k1_rockets"
cue_h10 = L(
    "h10",
    k1,
    "stated",
    "في رد على",
    "شنّت الطائرات الأمريكية، أمس الأحد",
    "مقتل متعاقد مدني أمريكي.",
)
E(
    "ev_h10_2019_12_29_al_qaim_us_airstrikes",
    "airstrike",
    "al_qaim",
    2,
    [P("us_forces", "claimed")],
    ["kataib_hezbollah"],
    "US aircraft struck Kataib Hezbollah sites (brigades 45 and 46) in al-Qaim district on Sunday; PMF: 25 killed, 51 wounded.",
    [
        C(
            "h10",
            None,
            "شنّت الطائرات الأمريكية، أمس الأحد",
            "مقتل متعاقد مدني أمريكي.",
            note="five sites, three in western Iraq",
        ),
        C("h10", "us_dod", "وقال المتحدث باسم وزارة الدفاع الأمريكية", "مخازن أسلحة ومراكز قيادة"),
        C("h10", "pmf", "وأعلن الحشد الشعبي أن الغارات", "وإصابة 51 آخرين.", killed=25, injured=51),
    ],
    date="2019-12-29",
    responds_to=[cue_h10],
)
E(
    "ev_h10_2019_12_29_abu_kamal_us_airstrikes",
    "airstrike",
    "abu_kamal",
    2,
    [P("us_forces", "claimed")],
    ["kataib_hezbollah"],
    "The same day US strikes hit a Kataib Hezbollah site near Abu Kamal in Syria.",
    [
        C(
            "h10",
            None,
            "شنّت الطائرات الأمريكية، أمس الأحد",
            "مقتل متعاقد مدني أمريكي.",
            note="two sites in eastern Syria",
        ),
        C("h10", "local_sources", "أما في الجانب السوري", "من دون تفاصيل عن الخسائر."),
    ],
    date="2019-12-29",
    responds_to=[cue_h10],
    note="al_qaim is within 25 km: one-to-one matching needs two predictions",
)
E(
    k1,
    "rocket_attack",
    "k1_kirkuk",
    1,
    [P("kataib_hezbollah", "attributed")],
    ["us_forces", "iraqi_security_forces"],
    "More than 30 rockets hit K1 base near Kirkuk on Friday evening, killing a US contractor and wounding four US troops and two Iraqis.",
    [
        C(
            "h10",
            None,
            "في رد على هجوم صاروخي استهدف قبل يومين",
            "مقتل متعاقد مدني أمريكي.",
            killed=1,
        ),
        C(
            "h10",
            "us_dod",
            "مؤكداً أن الكتائب تتحمل مسؤولية",
            "واثنين من أفراد القوات العراقية.",
            injured=6,
            munitions={"rockets": 30},
            responsibility="attributed",
            responsible="kataib_hezbollah",
            note="'more than 30' rockets; 4 US + 2 Iraqi wounded",
        ),
    ],
    date="2019-12-27",
    pod="evening",
)
N("h10", "وتوعدت الكتائب بالرد", "إلى ضبط النفس.", "threat and reaction")

# ---------------------------------------------------------------- h11 (published 2024-02-08 Thu)
mashtal = "ev_h11_2024_02_07_baghdad_us_drone_strike"
E(
    mashtal,
    "airstrike",
    "baghdad",
    2,
    [P("us_forces", "claimed")],
    ["kataib_hezbollah"],
    "A US drone hit a car in Baghdad's Mashtal district on Wednesday evening, killing Kataib Hezbollah commander Abu Baqir al-Saadi (three dead per Iraqi sources).",
    [
        C(
            "h11",
            "local_sources",
            "قُتل قيادي كبير في «كتائب حزب الله»",
            "مسؤولان أمنيان عراقيان.",
            killed=1,
        ),
        C(
            "h11",
            "centcom",
            "وأكدت القيادة المركزية الأمريكية تنفيذ الضربة",
            "بين المدنيين.",
            killed=1,
            note="no sign of civilian casualties",
        ),
        C(
            "h11",
            "local_sources",
            "غير أن مصادر أمنية عراقية أكدت",
            "قرب موقع الاستهداف.",
            killed=3,
        ),
    ],
    date="2024-02-07",
    pod="evening",
    responds_to=[
        L(
            "h11",
            "ev_h11_tower_22_drone",
            "stated",
            "رداً على",
            "وأكدت القيادة المركزية الأمريكية تنفيذ الضربة",
            "أواخر الشهر الماضي.",
        )
    ],
)
E(
    "ev_h11_tower_22_drone",
    "drone_attack",
    "tower_22",
    1,
    [],
    ["us_forces"],
    "The attack on the Tower 22 site in Jordan late last month (context).",
    [C("h11", "centcom", "رداً على الهجوم بالطائرة المسيّرة", "أواخر الشهر الماضي.")],
    start="2024-01-01",
    end="2024-01-31",
    precision="month",
    background=True,
    note="'late last month': the month (public record 2024-01-28)",
)
E(
    "ev_h11_2024_02_07_harir_base_drone",
    "drone_attack",
    "harir_base",
    1,
    [P("islamic_resistance_iraq", "claimed")],
    ["us_forces"],
    "Later the same night the Islamic Resistance in Iraq said it attacked Harir air base with a drone to avenge al-Saadi (no US comment).",
    [
        C(
            "h11",
            "islamic_resistance_iraq",
            "وفي وقت لاحق من الليلة ذاتها",
            "على هذا الإعلان.",
            responsibility="claimed",
            responsible="islamic_resistance_iraq",
            munitions={"drones": 1},
        )
    ],
    date="2024-02-07",
    pod="night",
    responds_to=[
        L(
            "h11",
            mashtal,
            "stated",
            "ثأراً لمقتل",
            "وفي وقت لاحق من الليلة ذاتها",
            "على هذا الإعلان.",
        )
    ],
)

# ---------------------------------------------------------------- h12 (published 2024-02-20; no incident)
N("h12", "لم تُسجَّل منذ أكثر من أسبوعين", "في بغداد بحذر.", "no attacks; a suspension announcement")
N(
    "h12",
    "وبحسب إحصاء لوزارة الدفاع الأمريكية",
    "والتنف وحقل العمر.",
    "tally of 165 attacks at several bases: aggregate",
)
N("h12", "ويرى باحثون", "على الأراضي العراقية.", "analysis and a threat")
N("h12", "في المقابل، حذّر مسؤول في البنتاغون", "خلال الأسابيع المقبلة.", "warning, talks")

# ---------------------------------------------------------------- h13 (published 2023-10-27 Fri)
abk13 = "ev_h13_2023_10_27_abu_kamal_us_airstrikes"
E(
    abk13,
    "airstrike",
    "abu_kamal",
    2,
    [P("us_forces", "claimed")],
    ["irgc"],
    "Two US F-16s struck two IRGC facilities near Abu Kamal at dawn on Friday, one a weapons and ammunition depot; two killed per a militia source.",
    [
        C("h13", "us_dod", "أعلنت وزارة الدفاع الأمريكية أن مقاتلتين", "منذ 17 تشرين الأول."),
        C(
            "h13",
            "sohr",
            "وقال المرصد السوري لحقوق الإنسان إن الغارات",
            "من دون أن تُعرف حصيلة الضحايا",
        ),
        C("h13", "local_sources", "في حين قال مصدر في إحدى المجموعات", "إن عنصرين قُتلا.", killed=2),
    ],
    date="2023-10-27",
    pod="dawn",
    responds_to=[
        L(
            "h13",
            "ev_h13_2023_10_18_al_tanf_drones",
            "coded",
            None,
            "وكانت إحدى أبرز تلك الهجمات",
            "بحسب البنتاغون.",
            0.5,
        )
    ],
    note="stated answer to the attacks since 17 October in general (not coded as stated); al-Tanf is one of them",
)
E(
    "ev_h13_2023_10_18_al_tanf_drones",
    "drone_attack",
    "al_tanf",
    1,
    [],
    ["us_forces"],
    "Two drones attacked al-Tanf on 18 October, lightly wounding US soldiers (context).",
    [C("h13", "us_dod", "وكانت إحدى أبرز تلك الهجمات", "بحسب البنتاغون.", munitions={"drones": 2})],
    date="2023-10-18",
    background=True,
)
E(
    "ev_h13_2023_10_27_al_omar_drone",
    "drone_attack",
    "al_omar",
    1,
    [],
    ["us_forces"],
    "Hours after the strikes a drone of unknown origin targeted the US base at the al-Omar field (local sources).",
    [
        C(
            "h13",
            "local_sources",
            "وبعد ساعات من الغارات",
            "من دون ورود معلومات عن إصابات.",
            munitions={"drones": 1},
        )
    ],
    date="2023-10-27",
    responds_to=[
        L("h13", abk13, "coded", None, "وبعد ساعات من الغارات", "في محيط حقل العمر النفطي", 0.5)
    ],
)

# ---------------------------------------------------------------- h14 (published 2021-05-25 Tue)
E(
    "ev_h14_2021_05_25_diwaniyah_convoy_ied",
    "ied",
    "al_diwaniyah",
    2,
    [P("qasim_al_jabbarin", "claimed")],
    ["coalition_oir"],
    "An IED hit a convoy of an Iraqi company contracted by the coalition near Diwaniyah on Tuesday morning: one truck disabled; no injuries or two drivers hurt.",
    [
        C(
            "h14",
            "iraqi_government",
            "استهدفت عبوة ناسفة صباح اليوم الثلاثاء",
            "عدم وقوع إصابات.",
            killed=0,
            injured=0,
            munitions={"vehicles_destroyed": 1},
        ),
        C("h14", "local_sources", "لكن مصدراً في شرطة محافظة القادسية", "مستشفى قريب.", injured=2),
        C(
            "h14",
            "qasim_al_jabbarin",
            "وتبنّت جماعة «قاصم الجبارين»",
            "لحظة التفجير",
            responsibility="claimed",
            responsible="qasim_al_jabbarin",
        ),
    ],
    date="2021-05-25",
    pod="morning",
)
E(
    "ev_h14_2021_05_24_nasiriyah_convoy_ied",
    "ied",
    "nasiriyah",
    2,
    [],
    ["coalition_oir"],
    "Another IED hit a convoy carrying coalition equipment near Nasiriyah in Dhi Qar on Monday evening; no casualties reported; unclaimed.",
    [C("h14", None, "وجاء الانفجار بعد ساعات من هجوم مماثل", "عن خسائر بشرية.")],
    date="2021-05-24",
    pod="evening",
)
N("h14", "وتتكرر هذه الهجمات", "على أضرار مادية.", "recurring attacks: aggregate")

# ---------------------------------------------------------------- h15 (published 2023-10-25 Wed)
E(
    "ev_h15_2023_10_24_harir_base_intercept",
    "intercept",
    "harir_base",
    1,
    [P("iran_backed_militias", "suspected")],
    ["us_forces"],
    "Coalition air defences shot down an explosive drone heading for Harir air base late on Tuesday night; believed launched from faction-held areas in the Nineveh plain.",
    [
        C(
            "h15",
            "kurdistan_region_security",
            "أعلن جهاز مكافحة الإرهاب في إقليم كردستان",
            "لم يسفر عن أي أضرار.",
            munitions={"drones": 1, "intercepted": 1},
        ),
        C(
            "h15",
            "local_sources",
            "ويُعتقد أن المسيّرة التي أُسقطت قرب حرير",
            "إيرانية الصنع.",
            responsibility="suspected",
            responsible="iran_backed_militias",
            hedged=True,
            note="hedged origin: areas where armed factions are deployed",
        ),
    ],
    date="2023-10-24",
    pod="night",
)
E(
    "ev_h15_2023_10_24_ain_al_asad_intercept",
    "intercept",
    "ain_al_asad",
    1,
    [P("islamic_resistance_iraq", "claimed")],
    ["us_forces"],
    "The Islamic Resistance said two of its drones hit Ain al-Asad on Tuesday; a US official said both were intercepted and no one was hurt.",
    [
        C(
            "h15",
            "islamic_resistance_iraq",
            "وفي بيان منفصل، قالت «المقاومة الإسلامية في العراق»",
            "«أصابتا أهدافهما إصابة مباشرة».",
            munitions={"drones": 2},
            responsibility="claimed",
            responsible="islamic_resistance_iraq",
        ),
        C(
            "h15",
            "us_officials_anonymous",
            "إلا أن مسؤولاً عسكرياً أمريكياً",
            "وإن أحداً لم يُصب.",
            injured=0,
            munitions={"drones": 2, "intercepted": 2},
        ),
    ],
    date="2023-10-24",
    note="conflicting accounts; coded intercept (the defender's account); drone_attack is compatible",
)
N("h15", "ومنذ أسبوع، تشهد القواعد", "في حربها على غزة.", "near-daily attacks: aggregate")

# ---------------------------------------------------------------- h16 (published 2024-08-06 Tue)
jurf16 = "ev_h16_2024_07_30_jurf_al_sakhar_us_strike"
E(
    "ev_h16_2024_08_05_ain_al_asad_rockets",
    "rocket_attack",
    "ain_al_asad",
    1,
    [P("iran_backed_militias", "suspected")],
    ["us_forces"],
    "Two Katyusha rockets were fired at Ain al-Asad on Monday evening, wounding five US service members and two contractors.",
    [
        C(
            "h16",
            "us_dod",
            "أُصيب خمسة عسكريين أمريكيين ومتعاقدان",
            "حالة أحد المصابين خطيرة.",
            injured=7,
            note="5 service members + 2 contractors",
        ),
        C(
            "h16",
            "local_sources",
            "وقال مسؤولان أمنيان عراقيان",
            "في منطقة صحراوية.",
            munitions={"rockets": 2},
        ),
        C(
            "h16",
            "us_officials_anonymous",
            "لكن مسؤولاً أمريكياً قال",
            "يقف وراءه.",
            responsibility="suspected",
            responsible="iran_backed_militias",
            hedged=True,
        ),
    ],
    date="2024-08-05",
    pod="evening",
    responds_to=[
        L(
            "h16",
            jurf16,
            "stated",
            "جاء رداً على",
            "وقال مصدر مقرب من الفصائل العراقية",
            "من عناصر كتائب حزب الله.",
            0.8,
        )
    ],
)
E(
    jurf16,
    "airstrike",
    "jurf_al_sakhar",
    1,
    [P("us_forces", "reported")],
    ["kataib_hezbollah"],
    "A US strike on a site in Jurf al-Sakhar on 30 July killed four Kataib Hezbollah members preparing to launch drones (context).",
    [
        C(
            "h16",
            "local_sources",
            "وقال مصدر مقرب من الفصائل العراقية",
            "من عناصر كتائب حزب الله.",
            killed=4,
        ),
        C("h16", "us_government", "وكانت واشنطن قد قالت آنذاك", "تشكل تهديداً لقواتها."),
    ],
    date="2024-07-30",
    background=True,
    note="kind airstrike: the weapon is not named ('ضربة')",
)
N("h16", "ويأتي الهجوم في ظل مخاوف", "في العراق وسوريا.", "context")

# ---------------------------------------------------------------- h17 (published 2024-01-09 Tue)
conoco17 = "ev_h17_2024_01_08_conoco_mortars"
E(
    conoco17,
    "mortar_attack",
    "conoco",
    1,
    [P("iran_backed_militias", "reported")],
    ["us_forces"],
    "Pro-Iran groups fired four mortar rounds at the Conoco gas field base on Monday evening, three landing around it; no damage (SDF source).",
    [
        C(
            "h17",
            "sohr",
            "استهدفت مجموعات موالية لإيران، مساء أمس الاثنين",
            "المرصد السوري لحقوق الإنسان.",
            munitions={"mortar_rounds": 4},
            responsibility="attributed",
            responsible="iran_backed_militias",
        ),
        C("h17", "sdf", "إلا أن مصدراً في «قوات سوريا الديمقراطية»", "أي أضرار داخل القاعدة."),
    ],
    date="2024-01-08",
    pod="evening",
)
E(
    "ev_h17_al_mayadin_coalition_artillery",
    "artillery_shelling",
    "al_mayadin",
    1,
    [P("coalition_oir", "reported")],
    ["iran_backed_militias"],
    "In response the coalition shelled the groups' positions inside al-Mayadin with heavy artillery from its al-Omar base, wounding three (SOHR).",
    [C("h17", "sohr", "ورداً على ذلك، قصفت قوات التحالف الدولي", "بحسب المرصد.", injured=3)],
    start="2024-01-08",
    end="2024-01-09",
    precision="week",
    responds_to=[
        L(
            "h17",
            conoco17,
            "stated",
            "ورداً على ذلك",
            "ورداً على ذلك، قصفت قوات التحالف الدولي",
            "بحسب المرصد.",
        )
    ],
    note="time not given: the evening of the mortars or the night after; fired from al-Omar (~18 km, same place for scoring)",
)
E(
    "ev_h17_2024_01_09_al_shaddadi_intercept",
    "intercept",
    "al_shaddadi",
    1,
    [],
    ["us_forces"],
    "Air defences shot down a drone approaching the al-Shaddadi base at dawn.",
    [
        C(
            "h17",
            "local_sources",
            "وفي سياق متصل، أسقطت الدفاعات الجوية",
            "جاءت من جهة الجنوب.",
            munitions={"drones": 1, "intercepted": 1},
        )
    ],
    date="2024-01-09",
    pod="dawn",
)
N("h17", "وتشهد مناطق شرق الفرات", "وردود الأخير عليها.", "context")

# ---------------------------------------------------------------- h18 (published 2022-01-12 Wed)
E(
    "ev_h18_2022_01_11_al_shaddadi_patrol_ied",
    "ied",
    "al_shaddadi",
    2,
    [P("isis", "suspected")],
    ["coalition_oir", "sdf"],
    "A roadside IED hit a joint coalition-SDF patrol about 5 km from the al-Shaddadi base on Tuesday morning, wounding two SDF members; IS cells suspected.",
    [
        C(
            "h18",
            "sdf_media_center",
            "انفجرت عبوة ناسفة صباح أمس الثلاثاء",
            "المركز الإعلامي للقوات.",
            injured=2,
        ),
        C(
            "h18",
            "sohr",
            "وأشار المرصد السوري لحقوق الإنسان",
            "الهجوم حتى الآن.",
            responsibility="suspected",
            responsible="isis",
            hedged=True,
        ),
    ],
    date="2022-01-11",
    pod="morning",
)
E(
    "ev_h18_2022_01_11_kharab_al_jir_intercept",
    "intercept",
    "kharab_al_jir",
    1,
    [],
    ["us_forces"],
    "In the evening air defences at Kharab al-Jir shot down a drone before it reached its target (local sources).",
    [
        C(
            "h18",
            "local_sources",
            "وفي المساء، دوّت صافرات الإنذار",
            "قبل أن تبلغ هدفها.",
            munitions={"drones": 1, "intercepted": 1},
        )
    ],
    date="2022-01-11",
    pod="evening",
)
E(
    "ev_h18_2021_12_hasakah_ied",
    "ied",
    "al_hasakah_city",
    2,
    [],
    ["us_forces"],
    "A similar IED hit a US military vehicle near al-Hasakah city last month, without casualties (context).",
    [
        C(
            "h18",
            None,
            "إذ انفجرت الشهر الماضي عبوة مماثلة",
            "من دون وقوع إصابات.",
            killed=0,
            injured=0,
        )
    ],
    start="2021-12-01",
    end="2021-12-31",
    precision="month",
    background=True,
)

# ---------------------------------------------------------------- h19 (published 2024-03-14 Thu)
omar19 = "ev_h19_2024_02_04_al_omar_drone"
E(
    omar19,
    "drone_attack",
    "al_omar",
    1,
    [P("iran_backed_militias", "attributed"), P("islamic_resistance_iraq", "claimed")],
    ["sdf"],
    "On 4 February a drone hit a training ground inside the al-Omar field base, killing six SDF commandos; the SDF blamed Iran-backed militias (context).",
    [
        C(
            "h19",
            "sdf",
            "وكان آخر هجوم دامٍ قد وقع",
            "بالوقوف وراءه.",
            killed=6,
            responsibility="attributed",
            responsible="iran_backed_militias",
        ),
        C(
            "h19",
            "islamic_resistance_iraq",
            "وقد تبنّت «المقاومة الإسلامية في العراق» الهجوم لاحقاً.",
            responsibility="claimed",
            responsible="islamic_resistance_iraq",
        ),
    ],
    date="2024-02-04",
    background=True,
    responds_to=[
        L(
            "h19",
            "ev_h19_2024_01_28_tower_22_drone",
            "coded",
            None,
            "وجاء ذلك الهجوم بعد أسبوع",
            "برد قاسٍ على الفصائل.",
            0.3,
        )
    ],
)
E(
    "ev_h19_2024_01_28_tower_22_drone",
    "drone_attack",
    "tower_22",
    1,
    [],
    ["us_forces"],
    "The strike that killed three US soldiers at Tower 22 in Jordan on 28 January (context).",
    [C("h19", None, "وجاء ذلك الهجوم بعد أسبوع", "برد قاسٍ على الفصائل.", killed=3)],
    date="2024-01-28",
    background=True,
)
N("h19", "تعيش القواعد الأمريكية", "بالصواريخ والطائرات المسيّرة.", "months of attacks: aggregate")
N("h19", "ويعزو محللون", "حقلي العمر وكونيكو.", "analysis, patrols")

# ---------------------------------------------------------------- h20 (undated)
jurf20 = "ev_h20_jurf_al_sakhar_us_drone_strike"
E(
    "ev_h20_victory_base_drones",
    "drone_attack",
    "victory_base",
    1,
    [P("islamic_resistance_iraq", "claimed")],
    ["us_forces"],
    "Two explosive drones attacked the military part of Baghdad airport at dawn on Wednesday; one shot down, the other fell in an empty yard.",
    [
        C(
            "h20",
            "local_sources",
            "تعرض مطار بغداد الدولي، فجر الأربعاء",
            "من دون أن تسبب أضراراً.",
            munitions={"drones": 2, "intercepted": 1},
        ),
        C(
            "h20",
            "islamic_resistance_iraq",
            "وتبنّت «المقاومة الإسلامية في العراق» الهجوم",
            "قبل ذلك بيوم واحد",
            responsibility="claimed",
            responsible="islamic_resistance_iraq",
        ),
    ],
    precision="unknown",
    responds_to=[
        L(
            "h20",
            jurf20,
            "stated",
            "جاء رداً على",
            "وتبنّت «المقاومة الإسلامية في العراق» الهجوم",
            "عناصر من «كتائب حزب الله».",
            0.8,
        )
    ],
    note="undated page, weekday only: open date; 'a logistics support centre' at the airport (BDSC is beside Victory)",
)
E(
    jurf20,
    "airstrike",
    "jurf_al_sakhar",
    1,
    [P("us_forces", "attributed")],
    ["kataib_hezbollah"],
    "A day earlier, per the militia, a US drone struck a car in Jurf al-Sakhar believed to carry Kataib Hezbollah members; Washington did not confirm.",
    [
        C(
            "h20",
            "islamic_resistance_iraq",
            "إنه جاء رداً على ضربة أمريكية",
            "تنفيذ تلك الضربة.",
            responsibility="attributed",
            responsible="us_forces",
        )
    ],
    precision="unknown",
    background=True,
    note="open date: a day before an undated attack",
)
E(
    "ev_h20_2021_03_03_ain_al_asad_rockets",
    "rocket_attack",
    "ain_al_asad",
    1,
    [],
    ["us_forces"],
    "Ten rockets fell on Ain al-Asad on 3 March 2021; a US civilian contractor died of a heart attack while sheltering (context).",
    [
        C(
            "h20",
            None,
            "ومن أبرزها سقوط عشرة صواريخ",
            "أثناء احتمائه من القصف.",
            killed=1,
            munitions={"rockets": 10},
            note="the contractor died of a heart attack",
        )
    ],
    date="2021-03-03",
    background=True,
)


# ---------------------------------------------------------------- write + check
def build() -> str:
    """The gold file's text, after checking every id, site, actor, kind and span."""
    EVENTS.sort(key=lambda e: e["id"][3:6])  # by report, stable within a report
    ids = [e["id"] for e in EVENTS]
    assert len(ids) == len(set(ids)), "duplicate event ids"
    data = ROOT / "tatgraph" / "data"
    sites = {s["id"] for s in yaml.safe_load((data / "sites.yaml").read_text(encoding="utf-8"))}
    places = {
        ln.split("\t")[0]
        for ln in (data / "places.tsv").read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    }
    actors = {a["id"] for a in yaml.safe_load((data / "actors.yaml").read_text(encoding="utf-8"))}
    kinds = {
        "rocket_attack", "mortar_attack", "drone_attack", "missile_strike", "artillery_shelling",
        "airstrike", "helicopter_strike", "ground_clash", "raid", "ied", "intercept",
        "explosive_attack",
    }  # fmt: skip
    for e in EVENTS:
        assert e["kind"] in kinds, e["id"]
        assert e["site"] is None or e["site"] in sites or e["site"] in places, (e["id"], e["site"])
        for p in e["perpetrators"]:
            assert p["actor"] in actors, (e["id"], p)
        for t in e["targets"]:
            assert t in actors, (e["id"], t)
        rep = e["id"].split("_")[1]
        for c in e["claims"]:
            assert c["source"] == f"src_written_{rep}", (e["id"], c["source"])
            assert c["claimant"] is None or c["claimant"] in actors, (e["id"], c["claimant"])
            assert c["responsible"] is None or c["responsible"] in actors
            s, t_ = c["quote"]
            assert 0 <= s < t_ <= len(text(rep)), (e["id"], c["quote"])
        for lk in e.get("responds_to", []):
            assert lk["event"] in ids, (e["id"], lk["event"])
            assert lk["event"].split("_")[1] == rep
    sources = []
    for f in sorted(META):
        m = META[f]
        src = {
            "id": f"src_written_{f[:-4]}",
            "file": f,
            "sha256": hashlib.sha256((HERE / f).read_bytes()).hexdigest(),
            "outlet": m["outlet"],
            "language": "ar",
        }
        if m.get("published"):
            src["published"] = m["published"]
            src["published_basis"] = "stated" if m["published_basis"] == "stated" else "inferred"
        sources.append(src)
    header = (HERE / "gold_header.txt").read_text(encoding="utf-8")
    n_bg = sum(e["background"] for e in EVENTS)
    n_open = sum(e.get("precision") == "unknown" for e in EVENTS)
    header = header.format(n=len(EVENTS), bg=n_bg, open=n_open, nc=len(NOT_CODED))
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
    links = sum(len(e.get("responds_to", [])) for e in EVENTS)
    n_bg = sum(e["background"] for e in EVENTS)
    print(f"{len(EVENTS)} events ({n_bg} background), {len(NOT_CODED)} not coded, {links} links")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
