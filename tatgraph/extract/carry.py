"""Who did it, carried across a report's events: a striking state named in another sentence.

Reports name the state that struck once («أعلنت القيادة المركزية شنّ غارات …») and then
tell where the strikes fell in sentences that name nobody («… بقصف جوي استهدف مقرّين في
القائم»). An event whose own sentences name no attacker takes the air power (a state's
forces, command or government) the report names for its other events of a compatible kind
against the same camp, when they all name the same one. Attacks by armed groups are not
carried: a report that names the group behind one attack often leaves another unclaimed.

>>> carry_perpetrators.__name__
'carry_perpetrators'
"""

from __future__ import annotations

from dataclasses import dataclass

from .assemble import Cluster, air_power, camp_of
from .lexicon import Lexicon
from .mentions import compatible


@dataclass
class Roles:
    """Perpetrator, how it is known, and targets of one event."""

    perpetrator: str | None
    how: str
    targets: list[str]
    carried: bool = False
    basis: str | None = None  # told in a sentence of its own (see .responsibility)


def _target_camp(lex: Lexicon, c: Cluster, r: Roles) -> str | None:
    if r.targets:
        return camp_of(lex, r.targets[0])
    host = lex.site_hosts.get(c.site) if c.site else None
    return camp_of(lex, host)


def carry_perpetrators(lex: Lexicon, clusters: list[Cluster], roles: list[Roles]) -> None:
    """Fill in, in place, the perpetrator of events that name none (module docstring)."""
    for i, (c, r) in enumerate(zip(clusters, roles, strict=True)):
        if r.perpetrator is not None:
            continue
        mine = _target_camp(lex, c, r)
        found: dict[str, str] = {}
        for j, (d, s) in enumerate(zip(clusters, roles, strict=True)):
            if j == i or s.perpetrator is None or s.carried or not air_power(lex, s.perpetrator):
                continue
            theirs = _target_camp(lex, d, s)
            if mine is None or theirs != mine or camp_of(lex, s.perpetrator) == mine:
                continue
            if compatible(c.kind(), d.kind()):
                found.setdefault(s.perpetrator, s.how)
        if len(found) == 1:
            ((perp, how),) = found.items()
            r.perpetrator, r.how, r.carried = perp, how, True
            r.targets = [t for t in r.targets if t != perp]


__all__ = ["Roles", "carry_perpetrators"]
