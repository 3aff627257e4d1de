"""The extraction lexicons (``tatgraph/data/lexicon/*.yaml``) and the gazetteer, as one matcher.

Every entry is normalised like the reports and added to one :class:`PhraseMatcher` under a
category, so a report is scanned once for weapons, attack words, numbers, casualty words,
claimants, response cues, hedges, date words, sites and actors together.

>>> lex = default_lexicon()
>>> from tatgraph.extract.normalise import normalise
>>> from tatgraph.extract.matcher import tokenize
>>> text = normalise("استهدفت حقلي كونيكو بثلاثة صواريخ").text
>>> [(m.category, m.value) for m in lex.find(tokenize(text), text)
...  if m.category in ("trigger", "number", "site")]
[('trigger', 'attack'), ('site', 'conoco'), ('number', 3)]
>>> lex.sense_of(lex.find(tokenize(text), text)[-1]).kind
<Kind.ROCKET_ATTACK: 'rocket_attack'>
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..model import Site
from ..reference import Reference, load_reference
from ..vocab import Kind, PartOfDay, SiteKind
from .matcher import Match, PhraseMatcher, Token, Variants, strip_article
from .normalise import normalise

FILES = (
    "variants",
    "weapons",
    "triggers",
    "numbers",
    "casualties",
    "claims",
    "responses",
    "modality",
    "dates",
    "places",
)
_STOP = frozenset({"من", "دون", "بدون", "ب", "في", "عن", "علي"})


@dataclass(frozen=True)
class Place:
    """Where a site id is: a gazetteer site or a row of the place table (``places.tsv``)."""

    id: str
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None
    kind: str  # a gazetteer site kind, or "town" / "region" for the place table
    table: bool = False  # from the place table (GeoNames), not the gazetteer


@dataclass(frozen=True)
class WeaponSense:
    """What a weapon word says: kind, munition type, strength, platform, grammatical number."""

    kind: Kind | None
    munition: str | None
    strength: int
    platform: bool
    number: str
    generic: bool = False  # «غارة», «ضربة جوية»: an air strike by any aircraft, drones too


def lexicon_dir() -> Path:
    """Folder of the bundled lexicon files."""
    return Path(str(resources.files("tatgraph") / "data" / "lexicon"))


def norm(text: str) -> str:
    """Normalised form of a lexicon entry."""
    return normalise(str(text)).text.strip()


def dual_forms(phrase: str, *, construct: bool = True) -> list[str]:
    """Dual forms of a normalised singular noun phrase.

    >>> dual_forms("قاعده")
    ['قاعدتين', 'قاعدتان', 'قاعدتي', 'قاعدتا']
    >>> dual_forms("طائره مسيره")
    ['طائرتين مسيرتين', 'طائرتان مسيرتان']
    """
    words = phrase.split()
    out = []
    for ending in ("ين", "ان"):
        duals = []
        done = False
        for w in words:
            if done or w in _STOP:
                done = True
                duals.append(w)
            else:
                duals.append((w[:-1] + "ت" if w.endswith("ه") else w) + ending)
        out.append(" ".join(duals))
    if construct and len(words) == 1:
        w = words[0]
        if w.endswith("ه"):
            out += [w[:-1] + "تي", w[:-1] + "تا"]
        else:
            out.append(w + "ي")
    return out


def _construct_duals(phrase: str) -> list[str]:
    """«قذيفتا هاون», «قذيفتي هاون»: a dual head noun before its genitive.

    >>> _construct_duals("قذيفه هاون")
    ['قذيفتا هاون', 'قذيفتي هاون']
    """
    words = phrase.split()
    if len(words) < 2:
        return []
    head = words[0]
    stem = head[:-1] + "ت" if head.endswith("ه") else head
    return [" ".join([stem + end, *words[1:]]) for end in ("ا", "ي")]


@dataclass
class Lexicon:
    """All lexicons and the gazetteer, ready to match."""

    matcher: PhraseMatcher
    reference: Reference
    weapon_senses: list[WeaponSense] = field(default_factory=list)
    site_hosts: dict[str, str] = field(default_factory=dict)
    province_names: dict[str, list[str]] = field(default_factory=dict)  # gov_* -> names
    weak_sites: frozenset[str] = frozenset()
    needs_context: frozenset[str] = frozenset()
    platform_actors: frozenset[str] = frozenset()
    heads: dict[str, str] = field(default_factory=dict)
    site_names: dict[str, str] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    place_words: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    statements: frozenset[str] = frozenset()  # «إدانات من بغداد»: a statement, not a scene
    civil_names: frozenset[str] = frozenset()  # civilian airports the gazetteer puts at a base

    def site_record(self, site: str) -> Site | None:
        """A :class:`~tatgraph.model.Site` for a place-table id (to store with its events);
        None for gazetteer ids (the reference has those) and unknown ids."""
        p = self.places.get(site)
        if p is None:
            return None
        return Site(
            id=p.id,
            name=p.name,
            lat=p.lat,
            lon=p.lon,
            kind=SiteKind.TOWN if p.kind == "town" else SiteKind.REGION,
            admin1=p.admin1,
            country=p.country,
            note="From the place table (GeoNames, CC BY 4.0).",
        )

    def place(self, site: str) -> Place | None:
        """The gazetteer site or place-table row of a site id."""
        found = self.places.get(site)
        if found is not None:
            return found
        s = self.reference.sites.get(site)
        if s is None:
            return None
        return Place(s.id, s.name, s.lat, s.lon, s.country, s.admin1, s.kind.value)

    def find(self, tokens: list[Token], text: str) -> list[Match]:
        """Every lexicon and gazetteer phrase in the tokens (see :class:`PhraseMatcher`);
        «بعدما» ("after") is not «بـ» + «عدم» ("absence") with an accusative alef."""
        return [
            m
            for m in self.matcher.find(tokens, text)
            if not (m.category in ("negators", "cas_neg") and tokens[m.first].text in AFTER)
        ]

    def sense_of(self, match: Match) -> WeaponSense:
        """The weapon sense of a ``weapon`` match."""
        assert isinstance(match.value, int)
        return self.weapon_senses[match.value]

    def canon(self, word: str) -> str:
        """Canonical spelling of a normalised word."""
        return self.matcher.variants.canon(word)


AFTER = frozenset({"بعدما", "وبعدما", "فبعدما"})


def _read(folder: Path, name: str) -> dict[str, Any]:
    path = folder / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read lexicon: {exc}", file=str(path)) from exc
    if not isinstance(data, dict):
        raise InputError("a lexicon file must be a mapping", file=str(path), line=1)
    return data


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [norm(value)]
    return [norm(v) for v in value if v is not None]


def _add_all(m: PhraseMatcher, phrases: Iterable[str], category: str, value: object) -> None:
    for p in phrases:
        m.add(p, category, value, article_free=True)


def load_lexicon(folder: Path | None = None, reference: Reference | None = None) -> Lexicon:
    """Read the lexicon files in ``folder`` (default: the bundled ones) and the gazetteer."""
    folder = folder or lexicon_dir()
    ref = reference or load_reference()
    data = {name: _read(folder, name) for name in FILES}
    var = data["variants"]
    variants = Variants(
        {norm(k): norm(v) for k, v in (var.get("substrings") or {}).items()},
        {norm(k): norm(v) for k, v in (var.get("tokens") or {}).items()},
    )
    m = PhraseMatcher(variants)
    lex = Lexicon(matcher=m, reference=ref)
    _weapons(lex, data["weapons"])
    for cls, words in data["triggers"].items():
        _add_all(m, _words(words), "trigger", cls)
    _numbers(m, data["numbers"])
    _casualties(m, data["casualties"])
    _claims(lex, data["claims"])
    for cls, words in data["responses"].items():
        _add_all(m, _words(words), "cue", cls)
    for cls, words in data["modality"].items():
        _add_all(m, _words(words), cls, cls)
    _dates(m, data["dates"])
    _places(lex, data["places"])
    return lex


def _weapons(lex: Lexicon, doc: dict[str, Any]) -> None:
    for key, spec in doc.items():
        kind_name = spec.get("kind", key) if isinstance(spec, dict) else key
        kind = Kind(kind_name) if kind_name else None
        munition = spec.get("munition")
        platform = bool(spec.get("platform", False))

        def sense(
            strength: int,
            number: str,
            kind: Kind | None = kind,
            munition: str | None = munition,
            platform: bool = platform,
            generic: bool = False,
        ) -> int:
            lex.weapon_senses.append(
                WeaponSense(kind, munition, strength, platform, number, generic)
            )
            return len(lex.weapon_senses) - 1

        for key, generic in (("nouns", False), ("generic_nouns", True)):
            for pair in spec.get(key) or []:
                sg, pl = norm(pair[0]), norm(pair[1])
                lex.matcher.add(sg, "weapon", sense(3, "sg", generic=generic), article_free=True)
                lex.matcher.add(pl, "weapon", sense(3, "pl", generic=generic), article_free=True)
                for d in dual_forms(sg, construct=False) + _construct_duals(sg):
                    dual = sense(3, "dual", generic=generic)
                    lex.matcher.add(d, "weapon", dual, article_free=True)
        for w in _words(spec.get("words")):
            lex.matcher.add(w, "weapon", sense(3, "word"), article_free=True)
        for w in _words(spec.get("generic_words")):
            lex.matcher.add(w, "weapon", sense(3, "word", generic=True), article_free=True)
        for w in _words(spec.get("adjectives")):
            lex.matcher.add(w, "weapon", sense(1, "word"), article_free=True)


def _numbers(m: PhraseMatcher, doc: dict[str, Any]) -> None:
    for value, words in (doc.get("cardinals") or {}).items():
        for w in _words(words):
            m.add(w, "number", int(value))
    _add_all(m, _words(doc.get("vague")), "vague", None)
    _add_all(m, _words(doc.get("approximate")), "approx", None)
    for pair in doc.get("people") or []:
        sg, pl = norm(pair[0]), norm(pair[1])
        m.add(sg, "people", "sg", article_free=True)
        m.add(pl, "people", "pl", article_free=True)
        for d in dual_forms(sg, construct=False):
            m.add(d, "people", "dual", article_free=True)


def _casualties(m: PhraseMatcher, doc: dict[str, Any]) -> None:
    for what in ("killed", "injured"):
        spec = doc.get(what) or {}
        _add_all(m, _words(spec.get("nouns")), what, "noun")
        _add_all(m, _words(spec.get("verbs")), what, "verb")
    cats = {
        "hit_not_injury": "hit_not_injury",
        "both": "cas_both",
        "negators": "cas_neg",
        "material_only": "material_only",
        "limit_verbs": "limit_verb",
        "material_words": "material_word",
        "blockers": "cas_blocker",
        "destroy_verbs": "destroy",
        "vehicles": "vehicle",
        "breakdown": "breakdown",
    }
    for key, cat in cats.items():
        _add_all(m, _words(doc.get(key)), cat, key)


def _claims(lex: Lexicon, doc: dict[str, Any]) -> None:
    m = lex.matcher
    for actor, words in (doc.get("claimants") or {}).items():
        for w in _words(words):
            m.add(w, "actor", str(actor))
    for w in _words(doc.get("anaphoric")):
        m.add(w, "anaphoric", "anaphoric")
    for key in ("continuation", "first_person", "claim_verbs", "deny_verbs", "announce"):
        _add_all(m, _words(doc.get(key)), key, key)
    _add_all(m, _words(doc.get("attribution")), "attribution", "attribution")
    for actor, words in (doc.get("nisba") or {}).items():
        for w in _words(words):
            m.add(w, "nisba", str(actor))
    lex.platform_actors = frozenset(doc.get("platform_actors") or ())


def _dates(m: PhraseMatcher, doc: dict[str, Any]) -> None:
    for value, words in (doc.get("weekdays") or {}).items():
        for w in _words(words):
            m.add(w, "weekday", int(value))
            m.add("يوم " + w, "weekday", int(value))
    for value, words in (doc.get("months") or {}).items():
        for w in _words(words):
            m.add(w, "month", int(value))
    for part, words in (doc.get("parts_of_day") or {}).items():
        for w in _words(words):
            m.add(w, "pod", PartOfDay(part))
    for value, words in (doc.get("relative") or {}).items():
        for w in _words(words):
            m.add(w, "rel_day", int(value))
    for key in ("past", "future", "current", "recent", "ago", "clock", "am", "pm"):
        for w in _words(doc.get(key)):
            m.add(w, "date_" + key, key)
    for key in ("day_units", "week_units"):
        for w in _words(doc.get(key)):
            m.add(w, "date_unit", key)
    _add_all(m, _words(doc.get("outlet_names")), "outlet_name", "outlet_name")
    _add_all(m, _words(doc.get("media_heads")), "media_head", "media_head")


def _places(lex: Lexicon, doc: dict[str, Any]) -> None:
    m, ref = lex.matcher, lex.reference
    # gazetteer first: its names win over the helper lists
    for site in ref.sites.values():
        lex.site_names[site.id] = site.name
        for name in (site.name_ar, *site.aliases):
            if name:
                m.add(norm(name), "site", site.id)
    for actor in ref.actors.values():
        for name in (actor.name_ar, actor.name, *actor.aliases):
            if name:
                m.add(norm(name), "actor", actor.id)
                words = norm(name).split()
                if len(words) >= 2 and words[0].startswith("ال"):  # "جماعات مدعومة من إيران"
                    m.add(" ".join(strip_article(w) for w in words), "actor", actor.id)
    for site_id, names in (doc.get("extra_sites") or {}).items():
        for w in _words(names):
            m.add(w, "site", str(site_id))
    for site_id, names in (doc.get("us_presence_regions") or {}).items():
        for w in _words(names):
            m.add(w, "us_region", str(site_id))
    for w in _words(doc.get("heads")):
        sg = lex.canon(w)
        lex.heads[sg] = sg
        if " " not in w:
            for d in dual_forms(w):
                lex.heads[lex.canon(d)] = sg
    for key in ("regions", "near", "origin"):
        _add_all(m, _words(doc.get(key)), "place_" + key, key)
    for w in _words(doc.get("elsewhere")):
        m.add(w, "elsewhere", "elsewhere")
    for code, names in (doc.get("countries") or {}).items():
        _add_all(m, _words(names), "country", str(code))
    for key in ("convoy", "stationed", "held_by", "stores"):
        _add_all(m, _words(doc.get(key)), key, key)
    for site_id, names in (doc.get("base_descriptions") or {}).items():
        for w in _words(names):
            m.add(w, "base_area", str(site_id))
    lex.place_words = frozenset(lex.canon(w) for w in _words(doc.get("place_words")))
    lex.statements = frozenset(lex.canon(w) for w in _words(doc.get("statements")))
    lex.civil_names = frozenset(
        " ".join(lex.canon(x) for x in w.split()) for w in _words(doc.get("civil_names"))
    )
    lex.common_words = frozenset(lex.canon(w) for w in _words(doc.get("common_words")))
    _place_table(lex)
    lex.needs_context = frozenset(lex.canon(w) for w in _words(doc.get("needs_context")))
    lex.weak_sites = frozenset(doc.get("weak_sites") or ())
    for actor, sites in (doc.get("site_hosts") or {}).items():
        for s in sites:
            lex.site_hosts[str(s)] = str(actor)
    _province_bases(lex, ref)


def _province_bases(lex: Lexicon, ref: Reference) -> None:
    """«قاعدة تستضيف قوات أمريكية في محافظة كركوك»: a base described by its province is
    the one base there that hosts US forces, when the gazetteer knows exactly one (Kirkuk:
    K-1; Anbar: Ain al-Asad); not in a province with two (Erbil: the airport and Harir)."""
    hosting: dict[tuple[str, str], list[str]] = {}
    for site in ref.sites.values():
        if site.kind.value == "base" and lex.site_hosts.get(site.id) == "us_forces":
            hosting.setdefault((site.country or "", site.admin1 or ""), []).append(site.id)
    for pid, names in lex.province_names.items():
        place = lex.places[pid]
        bases = hosting.get((place.country or "", place.admin1 or ""), [])
        if len(bases) == 1:
            for w in names:
                for form in (w, "محافظه " + w, "في " + w, "في محافظه " + w):
                    lex.matcher.add(form, "base_area", bases[0])


def _place_table(lex: Lexicon) -> None:
    """Towns and governorates of ``tatgraph/data/places.tsv`` (GeoNames, CC BY 4.0), each
    name with and without its article («حرير», «الحرير»)."""
    path = Path(str(resources.files("tatgraph") / "data" / "places.tsv"))
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the place table: {exc.strerror}", file=str(path)) from exc
    rows = [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != 8:
            raise InputError("a place row needs 8 tab-separated fields", file=str(path), line=n)
        pid, name, names, lat, lon, country, admin1, kind = row
        lex.places[pid] = Place(
            pid, name, float(lat), float(lon), country, admin1 or None, kind, table=True
        )
        lex.site_names.setdefault(pid, name)
        if kind == "region":
            lex.province_names[pid] = names.split("|")
        for w in names.split("|"):
            lex.matcher.add(w, "place", pid)
            lex.matcher.add(strip_article(w) if w.startswith("ال") else "ال" + w, "place", pid)


@cache
def default_lexicon() -> Lexicon:
    """The bundled lexicons and gazetteer, loaded once per process."""
    return load_lexicon()
