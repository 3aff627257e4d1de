"""The extractor's confidence in each field of an event, for coding sheets.

A coder correcting a machine-made sheet should look first where the rules are least sure.
Each field gets a score in [0, 1] from what the text gave for it — not a calibrated
probability, an ordering of doubt:

- ``kind``: a named weapon or platform (0.9), an attack word with a weak hint (0.6), or
  the default for the parties (0.4);
- ``site``: a gazetteer site named (0.9), near it or a described base (0.7), a town of the
  place table (0.7), a region (0.4), none (0);
- ``date``: said of the event (0.9), in its sentence (0.75), from a linked event (0.6),
  the report's day (0.5), the report's month (0.3), open (0);
- ``perpetrator``: claimed (0.9), named (0.75), inferred from word order or the site's
  host (0.5), suspected (0.4), none (0);
- ``targets``: named (0.8), the site's host (0.6), none (0).
"""

from __future__ import annotations

from .assemble import Cluster
from .records import ExtractedEvent

DATE = {"stated": 0.9, "sentence": 0.75, "linked": 0.6, "report": 0.5, "open": 0.0}


def confidence_of(ev: ExtractedEvent, c: Cluster) -> dict[str, float]:
    """Per-field confidence of an extracted event (see the module docstring)."""
    strength = max((m.kind_strength for m in c.mentions), default=0)
    kind = 0.9 if strength >= 3 else 0.6 if strength else 0.4
    site = 0.0 if ev.site is None else {1: 0.9, 2: 0.7, 3: 0.4}.get(ev.geo_precision, 0.4)
    date = DATE.get(ev.date_basis, 0.5)
    if ev.precision.value == "month" and ev.date_basis == "report":
        date = 0.3
    how = {m.perpetrator_how for m in c.mentions if m.perpetrator == ev.perpetrator}
    if ev.perpetrator is None:
        perp = 0.0
    elif ev.perpetrator_basis == "suspected":
        perp = 0.4
    elif "claimed" in how:
        perp = 0.9
    elif "explicit" in how:
        perp = 0.75
    else:
        perp = 0.5
    named = any(m.targets and not m.hosted for m in c.mentions)
    targets = 0.0 if not ev.targets else 0.8 if named else 0.6
    return {
        "kind": kind,
        "site": site,
        "date": date,
        "perpetrator": perp,
        "targets": targets,
    }
