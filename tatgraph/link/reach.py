"""How far an answer lands from what it answers: the *reach* of the answer's kind.

A retaliation is aimed at the other party's assets, and those sit wherever that party
keeps them in the theatre. Where the answer lands therefore depends on how it is
delivered:

- **local** answers are fought where the two parties meet: ground clashes, raids,
  artillery shelling across a front, IEDs on the routes the enemy uses, an intercept over
  the base that was attacked, a grenade. They land near what they answer (a few km to a
  few tens of km).
- **theatre** answers reach across the theatre: airstrikes, helicopter strikes, drones,
  missiles, rockets and mortars are aimed at the other side's bases and depots wherever
  they are. Militia rockets hit a US base 50-150 km from the depot the US struck; the US
  answers a drone attack on a base in Jordan with strikes on the attackers' depots in
  Al-Qaim or Al-Bukamal, 200-300 km away.

The linker's distance component (:mod:`.score`) reads the class of the *answering* event;
the synthetic generator (:mod:`.synthetic`) places answers by the same classes.

>>> from tatgraph.vocab import Kind
>>> reach_of(Kind.AIRSTRIKE), reach_of(Kind.GROUND_CLASH)
('theatre', 'local')
>>> [KINDS[k].value for k in range(len(KINDS)) if THEATRE_REACH[k]][:3]
['rocket_attack', 'mortar_attack', 'drone_attack']
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..vocab import Kind
from .table import KINDS

THEATRE_KINDS = frozenset(
    {
        Kind.AIRSTRIKE,
        Kind.HELICOPTER_STRIKE,
        Kind.DRONE_ATTACK,
        Kind.MISSILE_STRIKE,
        Kind.ROCKET_ATTACK,
        Kind.MORTAR_ATTACK,
    }
)
"""Kinds aimed at the other side's assets wherever they are in the theatre."""

THEATRE_REACH: NDArray[np.bool_] = np.array([k in THEATRE_KINDS for k in KINDS], dtype=bool)
"""``THEATRE_REACH[kind code]``: whether that kind reaches across the theatre."""


def reach_of(kind: Kind | str) -> str:
    """``'theatre'`` or ``'local'`` (see the module docstring)."""
    return "theatre" if Kind(kind) in THEATRE_KINDS else "local"
