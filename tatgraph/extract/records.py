"""The records extraction produces: one event of one report and its claims (JSON-ready)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..model import zone
from ..vocab import Kind, Precision


@dataclass
class ExtractedClaim:
    """What one claimant says about one event in one sentence of the report."""

    claimant: str | None
    killed: int | None
    injured: int | None
    munitions: dict[str, int]
    hedged: bool
    responsibility: str | None
    responsible: str | None
    quote: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "claimant": self.claimant,
            "killed": self.killed,
            "injured": self.injured,
            "munitions": dict(self.munitions),
            "hedged": self.hedged,
            "responsibility": self.responsibility,
            "responsible": self.responsible,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class ExtractedEvent:
    """One event of one report, with its claims and the evidence for it."""

    id: str
    report: str
    kind: Kind
    site: str | None
    site_name: str | None
    geo_precision: int
    perpetrator: str | None
    perpetrator_basis: str | None
    perpetrator_side: str
    targets: list[str]
    target_side: str
    start: datetime | None
    end: datetime | None
    precision: Precision
    date_basis: str
    tz: str
    munitions: dict[str, int]
    claims: list[ExtractedClaim]
    responds_to: str | None
    response_cue: str | None
    background: bool
    evidence: list[tuple[str, int, int]]
    site_lat: float | None = None
    site_lon: float | None = None
    confidence: dict[str, float] = field(default_factory=dict)
    date_note: str | None = None
    site_note: str | None = None
    country: str | None = None  # the country a placeless event is said to be in (not output)

    @property
    def target(self) -> str | None:
        return self.targets[0] if self.targets else None

    @property
    def dated(self) -> bool:
        """False for an open date (``precision`` unknown: no window could be established)."""
        return self.start is not None and self.end is not None

    @property
    def date_start(self) -> date | None:
        return None if self.start is None else self.start.astimezone(zone(self.tz)).date()

    @property
    def date_end(self) -> date | None:
        if self.end is None:
            return None
        return (self.end - timedelta(microseconds=1)).astimezone(zone(self.tz)).date()

    def summary_line(self) -> str:
        """One line for logs and doctests."""
        mun = " ".join(f"{k}={v}" for k, v in sorted(self.munitions.items()))
        claims = "; ".join(
            " ".join(
                [str(c.claimant)]
                + [
                    f"{w}={getattr(c, w)}"
                    for w in ("killed", "injured")
                    if getattr(c, w) is not None
                ]
            )
            for c in self.claims
        )
        day = self.date_start.isoformat() if self.date_start else "undated"
        parts = [day, self.kind.value, "@", str(self.site)]
        if mun:
            parts.append(mun)
        return " ".join(parts) + f" (claims: {claims})"

    def to_json(self) -> dict[str, Any]:
        """The JSON line ``tatgraph extract`` writes for this event."""
        return {
            "id": self.id,
            "report": self.report,
            "kind": self.kind.value,
            "perpetrator": self.perpetrator,
            "perpetrator_basis": self.perpetrator_basis,
            "perpetrator_side": self.perpetrator_side,
            "target": self.target,
            "targets": list(self.targets),
            "target_side": self.target_side,
            "site": self.site,
            "site_name": self.site_name,
            "geo_precision": self.geo_precision,
            "site_note": self.site_note,
            "lat": self.site_lat,
            "lon": self.site_lon,
            "date_start": _iso(self.date_start),
            "date_end": _iso(self.date_end),
            "start": _iso(self.start),
            "end": _iso(self.end),
            "precision": self.precision.value,
            "date_basis": self.date_basis,
            "date_note": self.date_note,
            "munitions": dict(self.munitions),
            "claims": [c.to_json() for c in self.claims],
            "responds_to": self.responds_to,
            "response_cue": self.response_cue,
            "background": self.background,
            "evidence": [{"quote": q, "start": s, "end": e} for q, s, e in self.evidence],
            "confidence": dict(self.confidence),
        }


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


__all__ = ["ExtractedClaim", "ExtractedEvent"]
