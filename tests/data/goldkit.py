"""The helpers both hand-coded sets (``written/``, ``blind/``) build their gold with.

A set's ``build_gold.py`` makes one :class:`GoldKit` for its folder and source-id prefix and
codes every report with its functions: ``Q`` (a quote found from its first and last words;
it must be unique in the report), ``C`` (a claim), ``L`` (a response link), ``P`` (a
perpetrator), ``E`` (an event) and ``N`` (a passage deliberately not coded).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

Record = dict[str, Any]


class GoldKit:
    """Coding helpers for the reports of one folder, sources named ``{prefix}{file}``."""

    def __init__(self, folder: Path, prefix: str) -> None:
        self.folder = folder
        self.prefix = prefix
        self.texts: dict[str, str] = {}
        self.events: list[Record] = []
        self.not_coded: list[Record] = []

    def text(self, f: str) -> str:
        if f not in self.texts:
            self.texts[f] = (self.folder / f"{f}.txt").read_text(encoding="utf-8")
        return self.texts[f]

    def Q(self, f: str, a: str, b: str | None = None) -> list[int]:
        """[start, end) of the passage from ``a`` to ``b`` (or of ``a``) in report ``f``."""
        t = self.text(f)
        s = t.find(a)
        if s < 0 or t.find(a, s + 1) >= 0:
            sys.exit(f"{f}: anchor {'missing' if s < 0 else 'not unique'}: {a!r}")
        if b is None:
            return [s, s + len(a)]
        e = t.find(b, s)
        if e < 0:
            sys.exit(f"{f}: end anchor missing after start: {b!r}")
        return [s, e + len(b)]

    def C(
        self,
        f: str,
        claimant: str | None,
        a: str,
        b: str | None = None,
        *,
        killed: int | None = None,
        injured: int | None = None,
        munitions: dict[str, int] | None = None,
        responsibility: str | None = None,
        responsible: str | None = None,
        hedged: bool = False,
        note: str | None = None,
    ) -> Record:
        c: Record = {
            "source": f"{self.prefix}{f}",
            "claimant": claimant,
            "killed": killed,
            "injured": injured,
        }
        if munitions:
            c["munitions"] = munitions
        c.update(
            responsibility=responsibility,
            responsible=responsible,
            hedged=hedged,
            quote=self.Q(f, a, b),
        )
        if note:
            c["note"] = note
        return c

    def L(
        self,
        f: str,
        event: str,
        basis: str,
        cue: str | None,
        a: str,
        b: str | None = None,
        confidence: float | None = None,
    ) -> Record:
        return {
            "event": event,
            "basis": basis,
            "confidence": confidence
            if confidence is not None
            else (1.0 if basis == "stated" else 0.5),
            "cue": cue,
            "source": f"{self.prefix}{f}",
            "quote": self.Q(f, a, b),
        }

    @staticmethod
    def P(actor: str, basis: str) -> Record:
        return {"actor": actor, "basis": basis}

    def E(
        self,
        id: str,
        kind: str,
        site: str | None,
        gp: int,
        perps: list[Record],
        targets: list[str],
        summary: str,
        claims: list[Record],
        *,
        date: str | None = None,
        pod: str | None = None,
        start: str | None = None,
        end: str | None = None,
        precision: str | None = None,
        background: bool = False,
        responds_to: list[Record] | None = None,
        note: str | None = None,
    ) -> None:
        e: Record = {"id": id, "kind": kind}
        if date:
            e["date"] = date
            if pod:
                e["part_of_day"] = pod
        elif precision == "unknown":
            e["precision"] = "unknown"
        else:
            e.update(start=start, end=end, precision=precision)
        e.update(
            site=site,
            geo_precision=gp,
            perpetrators=perps,
            targets=targets,
            summary=summary,
            background=background,
            claims=claims,
        )
        if responds_to:
            e["responds_to"] = responds_to
        if note:
            e["note"] = note
        self.events.append(e)

    def N(self, f: str, a: str, b: str, reason: str) -> None:
        self.not_coded.append(
            {"source": f"{self.prefix}{f}", "quote": self.Q(f, a, b), "reason": reason}
        )
