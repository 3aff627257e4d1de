"""ACLED actor names -> tatgraph actors: the alias gazetteer, inter codes and new actors.

Resolution of one ACLED name (``actor1``, ``actor2`` or one ``;``-separated entry of
``assoc_actor_1``/``assoc_actor_2``):

1. The name is normalised: case and accents folded, punctuation dropped, and ACLED's
   period-of-rule brackets removed ("Military Forces of the United States (2021-)" ->
   "military forces of the united states"); brackets naming a place ("(Syria)") stay.
2. It is looked up among the aliases: the user's alias file (``--aliases``), the bundled
   ACLED names in :data:`ACLED_NAMES`, and every name and alias in ``actors.yaml``
   (plus ``--actors`` files).
3. Failing that, the part before the period bracket is looked up ("Military Forces of Syria
   (2000-2024) Air Force" -> "military forces of syria"): the unit becomes a **new actor**
   that is ``PART_OF`` the matched one and shares its side.
4. Anything else becomes a new actor with a stable id (``acled:`` + a slug of the name), its
   side inferred from the name (e.g. "Islamic State" -> isis, "Military Forces of Russia" ->
   russia) or, failing that, from the inter code (civilians, protesters and rioters ->
   ``none``), else ``unknown``.

>>> from tatgraph.reference import load_reference
>>> actors = ActorResolver(load_reference())
>>> actors.resolve("Military Forces of the United States (2021-)", "8").id
'us_forces'
>>> new = actors.resolve("Civilians (Syria)", "Civilians")
>>> new.id, new.side.value, new.created
('acled:civilians_syria', 'none', True)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError, Problem
from ...located import LocatedDict, load_yaml
from ...model import Actor, stable_id
from ...reference import Reference
from ...vocab import ActorType, Side

ACLED_NAMES: dict[str, str] = {
    "Military Forces of the United States": "us_forces",
    "Air Force of the United States": "us_forces",
    "Military Forces of the United States Air Force": "us_forces",
    "Military Forces of the United States Special Forces": "us_forces",
    "US Central Command": "centcom",
    "Government of the United States": "us_government",
    "Global Coalition Against Daesh": "coalition_oir",
    "Global Coalition against ISIS": "coalition_oir",
    "Operation Inherent Resolve": "coalition_oir",
    "CJTF-OIR: Combined Joint Task Force - Operation Inherent Resolve": "coalition_oir",
    "Military Forces of the United Kingdom": "uk_forces",
    "Military Forces of France": "french_forces",
    "SDF: Syrian Democratic Forces": "sdf",
    "Syrian Democratic Forces": "sdf",
    "YPG: People's Protection Units": "ypg",
    "DMC: Deir ez Zor Military Council": "deir_ez_zor_military_council",
    "Deir ez Zor Military Council": "deir_ez_zor_military_council",
    "Maghawir al Thawra": "maghawir_al_thawra",
    "Revolutionary Commando Army": "maghawir_al_thawra",
    "Military Forces of Syria": "syrian_army",
    "Government of Syria": "syrian_government",
    "NDF: National Defense Forces": "national_defense_forces",
    "National Defense Forces": "national_defense_forces",
    "Military Forces of Russia": "russian_forces",
    "Military Forces of Turkey": "turkish_forces",
    "Military Forces of Israel": "israel_forces",
    "Military Forces of Iran": "irgc",
    "Military Forces of Iran Islamic Revolutionary Guard Corps": "irgc",
    "Military Forces of Iran Islamic Revolutionary Guard Corps - Quds Force": "irgc_quds_force",
    "Government of Iran": "iran",
    "Islamic State (Syria)": "isis",
    "Islamic State (Iraq)": "isis",
    "IS: Islamic State": "isis",
    "Islamic State": "isis",
    "Hezbollah": "hezbollah",
    "Hezbollah (Lebanon)": "hezbollah",
    "Kataib Hezbollah": "kataib_hezbollah",
    "KH: Kataib Hezbollah": "kataib_hezbollah",
    "Harakat Hezbollah al Nujaba": "harakat_al_nujaba",
    "Kataib Sayyid al Shuhada": "kataib_sayyid_al_shuhada",
    "Asaib Ahl al Haq": "asaib_ahl_al_haq",
    "Kataib al Imam Ali": "kataib_imam_ali",
    "Liwa al Tufuf": "liwa_al_tufuf",
    "Fatemiyoun Brigade": "fatemiyoun",
    "Liwa Fatemiyoun": "fatemiyoun",
    "Zainabiyoun Brigade": "zainabiyoun",
    "Liwa Zainebiyoun": "zainabiyoun",
    "Liwa al Baqir": "liwa_al_baqir",
    "Local Defense Forces": "local_defense_forces",
    "PMF: Popular Mobilization Forces": "pmf",
    "Popular Mobilization Forces": "pmf",
    "Islamic Resistance in Iraq": "islamic_resistance_iraq",
    "Iran-backed militias": "iran_backed_militias",
    "Pro-Iran Militia": "iran_backed_militias",
}
"""ACLED spellings (brackets with years left out) of the actors in ``actors.yaml``.

ACLED writes state forces as "Military Forces of <country> (<years>)" and groups with an
acronym prefix ("SDF: Syrian Democratic Forces"); extend this with ``--aliases``.
"""

INTER_CODES: dict[str, int] = {
    "state forces": 1,
    "rebel group": 2,
    "rebel groups": 2,
    "political militia": 3,
    "political militias": 3,
    "identity militia": 4,
    "identity militias": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other forces": 8,
    "external forces": 8,
    "other forces": 8,
}
"""ACLED inter codes: the current text labels and (as digits) the 2020-era numbers."""

_SIDE_PATTERNS: tuple[tuple[re.Pattern[str], Side], ...] = tuple(
    (re.compile(p), side)
    for p, side in (
        (r"\bof the united states\b|\bunited states\b|\bcentcom\b", Side.US_COALITION),
        (r"\bcoalition\b|\bof the united kingdom\b|\bof france\b", Side.US_COALITION),
        (r"\bislamic state\b|\bisis\b|\bisil\b|\bdaesh\b", Side.ISIS),
        (r"\bsdf\b|\bsyrian democratic forces\b|\bypg\b|\basayish\b", Side.SDF),
        (
            r"hezbollah|hizbollah|\bkataib\b|fatemiyoun|zainabiyoun|zainebiyoun|nujaba"
            r"|popular mobili[sz]ation|\bpmf\b|\bhashd\b|iran backed|pro iran"
            r"|islamic resistance in iraq|revolutionary guard|quds force|\bof iran\b",
            Side.IRAN_ALIGNED,
        ),
        (
            r"\bof syria\b|\bgovernment of syria\b|national defen[cs]e forces",
            Side.SYRIAN_GOVERNMENT,
        ),
        (r"\bof russia\b|\bwagner\b", Side.RUSSIA),
        (r"\bof turkey\b|\bof turkiye\b", Side.TURKEY),
        (r"\bof israel\b", Side.ISRAEL),
        (r"\btribal\b|\btribe\b|\bclan\b", Side.TRIBAL),
    )
)
_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*(\d{4})?\s*\)")
_NOT_WORD = re.compile(r"[^0-9a-z()]+")


def normalise_name(name: str) -> str:
    """Fold an actor name for matching (case, accents, punctuation, period brackets).

    >>> normalise_name("Military Forces of Syria (2000-2024) Air Force")
    'military forces of syria air force'
    >>> normalise_name("YPG: People's Protection Units")
    'ypg people s protection units'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _YEARS.sub(" ", text)
    text = _NOT_WORD.sub(" ", text).replace("( ", "(").replace(" )", ")")
    return " ".join(text.split())


def base_name(name: str) -> str | None:
    """The part before ACLED's period bracket, if the name goes on after it (a unit)."""
    match = _YEARS.search(name)
    if match is None or not name[match.end() :].strip():
        return None
    return normalise_name(name[: match.start()])


def inter_code(value: str) -> int | None:
    """An inter code, numeric ("3") or textual ("Political militia"); None if empty/unknown.

    >>> inter_code("8"), inter_code("External/Other forces"), inter_code("")
    (8, 8, None)
    """
    text = value.strip().lower()
    if not text:
        return None
    if text.isdigit():
        code = int(text)
        return code if 0 < code <= 8 else None
    return INTER_CODES.get(text)


def infer_side(name: str, inter: int | None) -> Side:
    """The camp of an unknown actor: from its name, else from the inter code, else unknown."""
    key = normalise_name(name).replace("(", " ").replace(")", " ")
    for pattern, side in _SIDE_PATTERNS:
        if pattern.search(key):
            return side
    if inter in (5, 6, 7):
        return Side.NONE
    return Side.UNKNOWN


def infer_type(name: str, inter: int | None) -> ActorType:
    """The actor type of an unknown actor, from its inter code and name.

    ActorType has no value for unarmed people: civilians and protesters are typed
    ``anonymous_source`` (unnamed people) and rioters ``armed_group`` — see docs/acled.md.
    """
    key = normalise_name(name)
    if inter == 1:
        return ActorType.GOVERNMENT if key.startswith("government") else ActorType.STATE_MILITARY
    if inter == 8:
        if "coalition" in key:
            return ActorType.COALITION
        return ActorType.STATE_MILITARY if "forces of" in key else ActorType.ARMED_GROUP
    if inter == 3:
        return ActorType.MILITIA
    if inter == 4:
        return ActorType.TRIBAL_FORCE if re.search(r"tribal|tribe|clan", key) else ActorType.MILITIA
    if inter in (6, 7):
        return ActorType.ANONYMOUS_SOURCE
    return ActorType.ARMED_GROUP


def actor_id_for(name: str) -> str:
    """Stable id of a new actor named ``name`` (the same in every file and every run).

    >>> actor_id_for("Unidentified Armed Group (Syria)")
    'acled:unidentified_armed_group_syria'
    """
    slug = "_".join(re.findall(r"[a-z0-9]+", normalise_name(name)))
    if not slug:
        return stable_id("acled:actor", name)
    if len(slug) > 120:
        slug = f"{slug[:100]}_{stable_id('h', name)[2:10]}"
    return f"acled:{slug}"


@dataclass(frozen=True)
class ResolvedActor:
    """The actor an ACLED name stands for; ``created`` when it is new (see ``record``)."""

    id: str
    side: Side
    created: bool
    record: Actor | None = None


def load_aliases(path: Path, known: Iterable[str]) -> dict[str, str]:
    """Read a user alias file: a YAML mapping ``ACLED name: actor id``.

    Every actor id must exist (bundled or in an ``--actors`` file); problems are reported
    with the line.
    """
    doc = load_yaml(path)
    if not isinstance(doc, LocatedDict):
        raise InputError(
            "an alias file is a YAML mapping of ACLED names to actor ids",
            file=str(path),
            line=1,
            hint='e.g.  "Military Forces of the United States (2021-)": us_forces',
        )
    ids = set(known)
    out: dict[str, str] = {}
    problems = []
    for name, actor_id in doc.items():
        if not isinstance(actor_id, str) or actor_id not in ids:
            problems.append(
                Problem(str(path), doc.line_of(name), name, f"unknown actor id {actor_id!r}")
            )
            continue
        out[name] = actor_id
    if problems:
        raise InputError(problems=problems, hint="use ids from actors.yaml or an --actors file")
    return out


class ActorResolver:
    """Resolves ACLED names to actor ids, creating (and remembering) new actors."""

    def __init__(self, reference: Reference, aliases: Mapping[str, str] | None = None) -> None:
        self.reference = reference
        self.index: dict[str, str] = {}
        for actor in reference.actors.values():
            for name in (actor.name, *actor.aliases):
                self.index.setdefault(normalise_name(name), actor.id)
        for name, actor_id in ACLED_NAMES.items():
            if actor_id in reference.actors:
                self.index[normalise_name(name)] = actor_id
        for name, actor_id in (aliases or {}).items():
            self.index[normalise_name(name)] = actor_id
        self._cache: dict[str, ResolvedActor] = {}

    @property
    def seen(self) -> Mapping[str, ResolvedActor]:
        """The names resolved so far (an actor is made as the first mention of its name
        says)."""
        return self._cache

    def resolve(self, name: str, inter: str = "") -> ResolvedActor:
        """The actor for one ACLED name; ``inter`` is the row's inter code for it, if any."""
        hit = self._cache.get(name)
        if hit is not None:
            return hit
        key = normalise_name(name)
        actor_id = self.index.get(key)
        if actor_id is not None:
            known = self.reference.actors[actor_id]
            hit = ResolvedActor(actor_id, known.side, False)
        else:
            hit = self._new(name, inter_code(inter))
        self._cache[name] = hit
        return hit

    def _new(self, name: str, inter: int | None) -> ResolvedActor:
        parent_key = base_name(name)
        parent = self.index.get(parent_key) if parent_key else None
        side = self.reference.actors[parent].side if parent else infer_side(name, inter)
        actor_id = actor_id_for(name)
        record = Actor(
            id=actor_id,
            name=" ".join(name.split())[:300],
            side=side,
            type=infer_type(name, inter),
            part_of=(parent,) if parent and parent != actor_id else (),
            note="created by the ACLED loader from an ACLED actor name",
        )
        return ResolvedActor(record.id, side, True, record)
