"""One incident told twice in a report becomes one event.

Reports tell their main incident several times: in the headline, in the lead, in a
source's words, with the town in one sentence and the governorate in another. The
assembly (:mod:`.assemble`) keeps such mentions apart when their places differ; this last
step merges two events of one report (of one part of a long text: :mod:`.parts` keeps
parts apart) when they are *the same incident*:

- kinds one attack may be reported as (:func:`.mentions.compatible`; drones shot down
  are not a rocket attack),
- the same first local day (or both dates open),
- the same place: the same site, both unlocated, a governorate and a place inside it, or
  two sites within :data:`NEAR_KM` (a town and the base or border crossing beside it),
- sides that do not disagree (a known perpetrator side, or target side, differs), and
- neither answers the other (a stated response link keeps them apart).

The merged event keeps the more precise site and the narrower date window, and gathers
the claims, evidence, targets and munitions of both; links to the dropped event point to
the one kept.
"""

from __future__ import annotations

import math

from ..vocab import Kind
from .assemble import across_border, km
from .lexicon import Lexicon
from .mentions import compatible
from .records import ExtractedEvent

NEAR_KM = 15.0
"""Two sites this close are one place for one incident (a town and the base beside it)."""


def _inside(lex: Lexicon, region: str, site: str) -> bool:
    """Whether ``region`` is a governorate/province that holds ``site``."""
    r, s = lex.place(region), lex.place(site)
    return (
        r is not None
        and s is not None
        and r.kind == "region"
        and s.kind != "region"
        and r.country == s.country
        and bool(r.admin1)
        and r.admin1 == s.admin1
    )


def same_place(lex: Lexicon, a: str | None, b: str | None) -> bool:
    """Same site, both unlocated, a region holding the other, or sites within NEAR_KM."""
    if a is None or b is None:
        return a is b
    if a == b or _inside(lex, a, b) or _inside(lex, b, a):
        return True
    return km(lex, a, b) <= NEAR_KM and not across_border(lex, a, b)


def _sides_agree(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """Known sides do not differ (a target side read off the site's host is not known)."""

    def agree(x: str, y: str) -> bool:
        return x == y or "unknown" in (x, y)

    def hit(e: ExtractedEvent) -> str:
        return e.target_side if e.confidence.get("targets", 0.8) >= 0.8 else "unknown"

    return agree(a.perpetrator_side, b.perpetrator_side) and agree(hit(a), hit(b))


def _same_weapon(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """Drones shot down are not the rockets told at the same base («هجومين … أسقطت الدفاعات
    طائرتين مسيرتين» and «هجوم صاروخي على … الشدادي»): an interception is the rocket or
    mortar attack told beside it only when rockets or shells were intercepted."""
    for x, y in ((a, b), (b, a)):
        fired = set(x.munitions) & {"rockets", "mortar_rounds", "missiles", "artillery_shells"}
        indirect = y.kind in (Kind.ROCKET_ATTACK, Kind.MORTAR_ATTACK, Kind.ARTILLERY_SHELLING)
        if x.kind is Kind.INTERCEPT and indirect and not fired:
            return False
    return True


def same_incident(
    lex: Lexicon, a: ExtractedEvent, b: ExtractedEvent, placeless: bool = False
) -> bool:
    """Whether two events of one report are one incident told twice (module docstring);
    with ``placeless``, an unlocated event is the located one too (see merge_duplicates)."""
    unlocated = placeless and (a.site is None) != (b.site is None)
    if unlocated:  # said to be in a country: a site of that country
        bare, sited = (a, b) if a.site is None else (b, a)
        where = lex.place(sited.site) if sited.site else None
        unlocated = where is not None and where.country == bare.country and bare.dated
    return (
        compatible(a.kind, b.kind)
        and _same_weapon(a, b)
        and a.date_start == b.date_start
        and (unlocated or same_place(lex, a.site, b.site))
        and (
            a.site is not None
            or b.site is not None
            or None in (a.country, b.country)
            or a.country == b.country
        )
        and _sides_agree(a, b)
        and a.responds_to != b.id
        and b.responds_to != a.id
    )


def _rank(lex: Lexicon, ev: ExtractedEvent) -> tuple[int, int, int]:
    """Which of two events to keep: a located, precise, well-attested one."""
    place = lex.place(ev.site) if ev.site else None
    region = place is None or place.kind == "region"
    return (int(region), ev.geo_precision, -len(ev.evidence))


def _width(ev: ExtractedEvent) -> float:
    if ev.start is None or ev.end is None:
        return math.inf
    return (ev.end - ev.start).total_seconds()


def _absorb(keep: ExtractedEvent, drop: ExtractedEvent) -> None:
    if _width(drop) < _width(keep):
        keep.start, keep.end = drop.start, drop.end
        keep.precision, keep.date_basis, keep.date_note = (
            drop.precision,
            drop.date_basis,
            drop.date_note,
        )
    if keep.perpetrator is None and drop.perpetrator is not None:
        keep.perpetrator, keep.perpetrator_basis = drop.perpetrator, drop.perpetrator_basis
        keep.perpetrator_side = drop.perpetrator_side
    keep.targets += [t for t in drop.targets if t not in keep.targets and t != keep.perpetrator]
    if keep.target_side == "unknown" and drop.target_side != "unknown":
        keep.target_side = drop.target_side
    for k, v in drop.munitions.items():
        keep.munitions[k] = max(keep.munitions.get(k, 0), v)
    keep.munitions = dict(sorted(keep.munitions.items()))
    keep.claims += drop.claims
    seen = {(s, e) for _, s, e in keep.evidence}
    keep.evidence = sorted(
        keep.evidence + [x for x in drop.evidence if (x[1], x[2]) not in seen],
        key=lambda x: x[1],
    )
    if keep.responds_to is None and drop.responds_to is not None:
        keep.responds_to, keep.response_cue = drop.responds_to, drop.response_cue
    keep.background = keep.background and drop.background


def answers(events: list[ExtractedEvent], first: str, second: str) -> bool:
    """Whether the event ``first`` already answers ``second``, directly or along a chain."""
    by_id = {e.id: e for e in events}
    seen: set[str] = set()
    at: str | None = first
    while at is not None and at not in seen:
        if at == second:
            return True
        seen.add(at)
        ev = by_id.get(at)
        at = ev.responds_to if ev is not None else None
    return False


def merge_duplicates(
    events: list[ExtractedEvent],
    lex: Lexicon,
    apart: set[frozenset[str]] | None = None,
) -> list[ExtractedEvent]:
    """The events of one report with each incident told twice merged into one (pairs of
    ids in ``apart`` the report itself told apart: «بعد هجومين سابقين»)."""
    out: list[ExtractedEvent] = []
    renamed: dict[str, str] = {}
    apart = apart or set()
    for placeless in (False, True):
        # then an unlocated event joins the located one of that day and kind: «غارات على
        # مواقع في العراق وسوريا» is the strikes whose places the report names
        pending, out = (events, []) if not placeless else (out, [])
        for ev in sorted(pending, key=lambda e: e.site is None) if placeless else pending:
            twin = next(
                (
                    k
                    for k in out
                    if same_incident(lex, k, ev, placeless)
                    and frozenset((k.id, ev.id)) not in apart
                    and (not placeless or not ev.background or k.background)
                ),
                None,
            )
            if twin is None:
                out.append(ev)
                continue
            keep, drop = (twin, ev) if _rank(lex, twin) <= _rank(lex, ev) else (ev, twin)
            _absorb(keep, drop)
            if drop.id != keep.id:
                renamed[drop.id] = keep.id
            if keep is ev:
                out[out.index(twin)] = ev
    order = {id(e): i for i, e in enumerate(events)}
    out.sort(key=lambda e: order[id(e)])
    for ev in out:
        seen = {ev.id}
        while ev.responds_to in renamed and ev.responds_to not in seen:
            seen.add(ev.responds_to)
            ev.responds_to = renamed[ev.responds_to]
        if ev.responds_to == ev.id:
            ev.responds_to, ev.response_cue = None, None
    return out


__all__ = ["NEAR_KM", "answers", "merge_duplicates", "same_incident", "same_place"]
