"""Kinds one attack may be reported as: rockets or mortars, a drone or its interception,
a jet or a helicopter strike, a clash or a raid.

>>> from tatgraph.vocab import Kind
>>> compatible(Kind.ROCKET_ATTACK, Kind.MORTAR_ATTACK)
True
>>> compatible(Kind.DRONE_ATTACK, Kind.AIRSTRIKE)
False
"""

from __future__ import annotations

from ..vocab import Kind


def compatible(k1: Kind | None, k2: Kind | None) -> bool:
    """Kinds that reports mix up for one attack (or that say nothing) are compatible.

    An interception is compatible with the drones, rockets, missiles or mortars it stops.
    """
    if k1 is None or k2 is None or k1 == k2:
        return True
    if Kind.INTERCEPT in (k1, k2):
        other = k2 if k1 is Kind.INTERCEPT else k1
        return KIND_GROUP.get(other) in ("drone", "indirect")
    return KIND_GROUP.get(k1, k1.value) == KIND_GROUP.get(k2, k2.value)


KIND_GROUP = {
    Kind.ROCKET_ATTACK: "indirect",
    Kind.MORTAR_ATTACK: "indirect",
    Kind.ARTILLERY_SHELLING: "indirect",
    Kind.MISSILE_STRIKE: "indirect",
    Kind.AIRSTRIKE: "air",
    Kind.HELICOPTER_STRIKE: "air",
    Kind.DRONE_ATTACK: "drone",
    Kind.INTERCEPT: "drone",
    Kind.GROUND_CLASH: "ground",
    Kind.RAID: "ground",
}
"""Groups of kinds one attack may be reported as (rockets or mortars, a drone or its
interception, a jet or a helicopter strike); see :func:`compatible` for interceptions."""


__all__ = ["KIND_GROUP", "compatible"]
