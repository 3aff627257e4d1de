"""Controlled vocabularies.

Every categorical field in the model takes one of these values, so a query for
``kind = 'rocket_attack'`` finds all rocket attacks whichever loader produced them.
The mapping of each :class:`Kind` to PLOVER and ACLED categories lives in
``tatgraph/data/kind_mappings.yaml`` and is documented in ``docs/vocabulary.md``.

>>> Kind("rocket_attack") is Kind.ROCKET_ATTACK
True
>>> Side.US_COALITION.value
'us_coalition'
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum


class Kind(StrEnum):
    """What kind of violent event it was (one per event)."""

    ROCKET_ATTACK = "rocket_attack"
    MORTAR_ATTACK = "mortar_attack"
    DRONE_ATTACK = "drone_attack"
    MISSILE_STRIKE = "missile_strike"
    ARTILLERY_SHELLING = "artillery_shelling"
    AIRSTRIKE = "airstrike"
    HELICOPTER_STRIKE = "helicopter_strike"
    GROUND_CLASH = "ground_clash"
    RAID = "raid"
    IED = "ied"
    INTERCEPT = "intercept"
    EXPLOSIVE_ATTACK = "explosive_attack"
    """An explosion or strike whose weapon is a grenade or bomb, or is not named (ACLED's
    *Grenade*, unspecified remote violence)."""


class Side(StrEnum):
    """The camp an actor belongs to. ``none`` marks non-parties (monitors, media, sources)."""

    IRAN_ALIGNED = "iran_aligned"
    US_COALITION = "us_coalition"
    SYRIAN_GOVERNMENT = "syrian_government"
    RUSSIA = "russia"
    SDF = "sdf"
    TURKEY = "turkey"
    ISRAEL = "israel"
    ISIS = "isis"
    TRIBAL = "tribal"
    NONE = "none"
    UNKNOWN = "unknown"


class ActorType(StrEnum):
    """What sort of actor it is."""

    STATE_MILITARY = "state_military"
    COMMAND = "command"
    GOVERNMENT = "government"
    COALITION = "coalition"
    MILITIA = "militia"
    ALLIANCE = "alliance"
    ARMED_GROUP = "armed_group"
    TRIBAL_FORCE = "tribal_force"
    NGO = "ngo"
    MEDIA = "media"
    ANONYMOUS_SOURCE = "anonymous_source"


class SiteKind(StrEnum):
    """What sort of place a site is."""

    BASE = "base"
    OIL_GAS_FIELD = "oil_gas_field"
    TOWN = "town"
    CITY = "city"
    AIRPORT = "airport"
    BORDER_AREA = "border_area"
    REGION = "region"
    FACILITY = "facility"


class Precision(StrEnum):
    """How precisely an event's time is known (UCDP ``date_prec``, ACLED ``time_precision``).

    The event's window ``[start, end]`` must not be longer than :attr:`max_span`.
    """

    HOUR = "hour"
    PART_OF_DAY = "part_of_day"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"
    """The date is open: no window at all (a report with no date the extractor could use)."""

    @property
    def max_span(self) -> timedelta:
        """Longest window this precision allows (a night may run 18:00-06:00: 12 hours).

        ``unknown`` allows no window (its events have no start and end).
        """
        return _MAX_SPAN[self]


_MAX_SPAN = {
    Precision.HOUR: timedelta(hours=1),
    Precision.PART_OF_DAY: timedelta(hours=12),
    # 25 hours: a local calendar day across a daylight-saving change.
    Precision.DAY: timedelta(hours=25),
    Precision.WEEK: timedelta(days=7, hours=1),
    Precision.MONTH: timedelta(days=31, hours=1),
    Precision.YEAR: timedelta(days=366, hours=1),
    Precision.UNKNOWN: timedelta(0),
}


class PartOfDay(StrEnum):
    """Parts of a local day, as news reports give them (فجر، صباح، ظهر، مساء، ليل)."""

    DAWN = "dawn"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"

    @property
    def hours(self) -> tuple[int, int]:
        """Local (start hour, end hour); the night runs past midnight (end hour > 24)."""
        return _PART_OF_DAY_HOURS[self]


_PART_OF_DAY_HOURS = {
    PartOfDay.DAWN: (3, 7),
    PartOfDay.MORNING: (6, 12),
    PartOfDay.AFTERNOON: (12, 18),
    PartOfDay.EVENING: (17, 23),
    PartOfDay.NIGHT: (20, 30),
}


class PerpetratorBasis(StrEnum):
    """On what basis an actor is linked to an event as its perpetrator.

    ``claimed``: the actor itself claimed it. ``attributed``: a party or official names it.
    ``suspected``: hedged attribution ("likely", "believed to be"). ``reported``: neutral
    reporting of who acted (e.g. "US forces struck").
    """

    CLAIMED = "claimed"
    ATTRIBUTED = "attributed"
    SUSPECTED = "suspected"
    REPORTED = "reported"


class Responsibility(StrEnum):
    """What one statement (a Claim) says about who did it."""

    CLAIMED = "claimed"
    ATTRIBUTED = "attributed"
    SUSPECTED = "suspected"
    DENIED = "denied"


class LinkBasis(StrEnum):
    """Why a RESPONDS_TO link exists.

    ``stated``: a report says so. ``coded``: a human coder's judgement with no statement.
    ``inferred``: proposed by the linker, with a confidence score.
    """

    STATED = "stated"
    CODED = "coded"
    INFERRED = "inferred"


class PublishedBasis(StrEnum):
    """Whether a source's publication time is stated in it or inferred by a coder."""

    STATED = "stated"
    INFERRED = "inferred"


MUNITION_TYPES: tuple[str, ...] = (
    "rockets",
    "mortar_rounds",
    "drones",
    "missiles",
    "artillery_shells",
    "bombs",
    "vehicles_destroyed",
    "intercepted",
)
"""Keys allowed in a ``munitions`` mapping (counts of what was fired or destroyed).

``intercepted`` counts the munitions of the event shot down or intercepted before impact
(see ``intercept`` in docs/vocabulary.md)."""
