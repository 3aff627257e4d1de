"""An event's kind, decided over all its mentions, and where a US strike cannot be.

- the kind said (:func:`.assemble.event_kind`), else a default for the genre
  (:func:`default_kind`);
- a state's armed drone that strikes («بطائرة مسيّرة أمريكية») is an air strike
  (docs/vocabulary.md: a drone used up as the munition is a drone attack);
- a US air strike is never placed at a base its own camp holds (:func:`own_base`), unless
  the place is named by a civilian airport (:func:`civil`).
"""

from __future__ import annotations

from ..vocab import Kind
from .analysis import Analysis
from .assemble import Cluster, air_power, camp_of, event_kind
from .lexicon import Lexicon


def kind_of(a: Analysis, c: Cluster, perp: str | None, targets: list[str]) -> Kind:
    """The kind of the event of cluster ``c`` (module docstring)."""
    lex = a.lexicon
    on_us = bool(targets) and camp_of(lex, targets[0]) == "us"
    groundborne = on_us and not air_power(lex, perp)
    kind = event_kind(c, groundborne) or default_kind(
        lex, perp, targets, any(m.convoy for m in c.mentions)
    )
    if kind is Kind.DRONE_ATTACK and air_power(lex, perp) and not on_us:
        kind = Kind.AIRSTRIKE  # a state's armed drone fires and returns: an air strike
    return kind


def own_base(lex: Lexicon, perp: str | None, site: str | None) -> bool:
    """Whether a US-side air power strikes a base its own camp holds (never, in this genre:
    the base named with a US strike is where the attack it answers fell)."""
    host = lex.site_hosts.get(site) if site else None
    return air_power(lex, perp) and camp_of(lex, perp) == "us" and camp_of(lex, host) == "us"


def civil(a: Analysis, c: Cluster) -> bool:
    """The cluster's site is named only by a civilian airport («قرب مطار بغداد الدولي»): a
    place a strike may hit, not the base the gazetteer puts beside it."""
    hits = [
        h
        for h in a.sites
        if h.site == c.site and any(m.start <= h.start < m.end for m in c.mentions)
    ]
    return bool(hits) and all(h.civil for h in hits)


def default_kind(lex: Lexicon, perp: str | None, targets: list[str], convoy: bool = False) -> Kind:
    """Kind of an attack no weapon word typed: a state's or the coalition's strike is an
    air strike; an attack on a convoy is a roadside IED; armed groups fighting on the ground
    (tribes, the SDF, IS) clash; other attacks, mostly on bases, are rockets (the commonest
    indirect fire there)."""
    if convoy and not air_power(lex, perp):
        return Kind.IED
    if air_power(lex, perp) or (perp is None and any(camp_of(lex, t) == "axis" for t in targets)):
        return Kind.AIRSTRIKE
    actor = lex.reference.actors.get(perp) if perp else None
    if actor is not None and actor.side.value in ("tribal", "sdf", "isis"):
        return Kind.GROUND_CLASH
    return Kind.ROCKET_ATTACK


__all__ = ["civil", "default_kind", "kind_of", "own_base"]
