"""Coding sheets out of the extractor: machine-assisted coding with nothing lost.

``tatgraph extract REPORTS --sheet out.yaml`` writes the extracted events, merged across
reports exactly as ``tatgraph load reports`` merges them (:func:`tatgraph.extract.resolve.resolve`),
in the curated coding-sheet layout (docs/coding-sheets.md): sources, the place-table sites
the events use, events with their windows (or ``precision: unknown``), sites, parties,
claims with character offsets, and stated links. A researcher corrects it and loads it
with ``tatgraph load curated out.yaml``; the records loaded are the ones ``load reports``
would write (claims keep offsets; their quoted text comes back with ``--reports DIR``).

Each event also carries an ``extraction`` block the loader ignores: the extractor's
confidence per field (:mod:`.confidence`), the evidence offsets per report, how the date
was found and any note on the date or the site, so the coder knows where to look first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from ..model import Dataset, Event
from ..vocab import Precision
from .pipeline import ExtractedReport, merge_reports
from .records import ExtractedEvent
from .reports import make_source

HEADER = """\
# tatgraph coding sheet made by `tatgraph extract --sheet` (machine-extracted: check it).
# Correct what is wrong, then load it: tatgraph load curated THIS_FILE -g GRAPH
# Each event's `extraction` block (confidence per field 0-1, evidence offsets, date basis
# and notes) is for the coder and is not loaded. Offsets are [start, end) characters of
# the report file named in `sources`. Layout: docs/coding-sheets.md.
"""


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _event(ev: Event, extraction: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": ev.id, "kind": ev.kind.value}
    if ev.precision is Precision.UNKNOWN:
        out["precision"] = "unknown"
    else:
        out |= {"start": _when(ev.start), "end": _when(ev.end), "precision": ev.precision.value}
    out |= {
        "tz": ev.tz,
        "site": ev.site,
        "geo_precision": ev.geo_precision,
        "perpetrators": [{"actor": p.actor, "basis": p.basis.value} for p in ev.perpetrators],
        "targets": list(ev.targets),
        "summary": ev.summary,
        "background": ev.background,
    }
    if extraction:
        out["extraction"] = extraction
    return out


def sheet_of(
    dataset: Dataset, extracted: Sequence[tuple[str, ExtractedEvent]] = ()
) -> dict[str, Any]:
    """The sheet (a YAML-ready mapping) of a resolved dataset.

    ``extracted`` pairs each report's source id with one of its
    :class:`~tatgraph.extract.records.ExtractedEvent`; their confidence, evidence and
    notes go into the ``extraction`` block of the event they were merged into (found
    through the claims they share).
    """
    owner = {(c.source, c.quote_start, c.quote_end): c.event for c in dataset.claims}
    notes: dict[str, dict[str, Any]] = {}
    for source, ev in extracted:
        target = next(
            (owner[k] for c in ev.claims if (k := (source, c.start, c.end)) in owner), None
        )
        if target is None:
            continue
        block = notes.setdefault(target, {"reports": []})
        entry: dict[str, Any] = {
            "source": source,
            "confidence": dict(ev.confidence),
            "date_basis": ev.date_basis,
            "evidence": [[s, e] for _, s, e in ev.evidence],
        }
        for key in ("date_note", "site_note"):
            if getattr(ev, key):
                entry[key] = getattr(ev, key)
        block["reports"].append(entry)
    claims: dict[str, list[dict[str, Any]]] = {}
    for c in dataset.claims:
        rec: dict[str, Any] = {
            "source": c.source,
            "claimant": c.claimant,
            "killed": c.killed,
            "injured": c.injured,
            "munitions": dict(c.munitions),
            "responsibility": c.responsibility.value if c.responsibility else None,
            "responsible": c.responsible,
            "hedged": c.hedged,
        }
        if c.quote_start is not None and c.quote_end is not None:
            rec["quote"] = [c.quote_start, c.quote_end]
        if c.note:
            rec["note"] = c.note
        claims.setdefault(c.event, []).append(rec)
    links: dict[str, list[dict[str, Any]]] = {}
    for lk in dataset.links:
        rec = {
            "event": lk.responds_to,
            "basis": lk.basis.value,
            "confidence": lk.confidence,
            "cue": lk.cue,
            "source": lk.source,
            "method": lk.method,
        }
        if lk.quote_start is not None and lk.quote_end is not None:
            rec["quote"] = [lk.quote_start, lk.quote_end]
        links.setdefault(lk.event, []).append(rec)
    events = []
    for event in dataset.events:
        rec = _event(event, notes.get(event.id, {}))
        rec["claims"] = claims.get(event.id, [])
        if event.id in links:
            rec["responds_to"] = links[event.id]
        events.append(rec)
    sources = [s.model_dump(mode="json", exclude_none=True) for s in dataset.sources]
    sites = [s.model_dump(mode="json", exclude_none=True) for s in dataset.sites]
    doc: dict[str, Any] = {"sources": sources}
    if sites:
        doc["sites"] = sites
    doc["events"] = events
    return doc


def sheet_for_reports(done: Sequence[ExtractedReport]) -> dict[str, Any]:
    """The sheet of extracted reports, merged as ``load reports`` merges them."""
    dataset = merge_reports(done)
    pairs = [(make_source(d.meta, d.text).id, ev) for d in done for ev in d.events]
    return sheet_of(dataset, pairs)


def write_sheet(path: Path, doc: dict[str, Any]) -> None:
    """Write a sheet made by :func:`sheet_of` (with its header)."""
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")


__all__ = ["sheet_for_reports", "sheet_of", "write_sheet"]
