"""The citation manifest of ACLED loads: what ACLED's attribution policy asks a researcher to
cite, written by every ``tatgraph load acled`` and printed by ``tatgraph cite``.

ACLED asks users to name ACLED as the source of the data, with the date the data were
accessed, and to cite the dataset's article (:data:`ACLED_REFERENCE`). For each export a
load read, the manifest keeps the file's name, size and SHA-256 (so a reader can tell the
exact export), the access date (``--accessed``; by default the file's modification date,
as the download date), the range of its event dates, its countries and its event types,
the range of ACLED's row timestamps, and how many rows were stored, skipped and rejected.
The manifest holds no ACLED row: tatgraph never redistributes ACLED data.

The manifest is JSON (``tatgraph-out/acled-citation.json`` unless ``--manifest`` says
otherwise), one entry per (graph, export); loading an export again replaces its entry.

>>> facts = ExportFacts("a.csv", "ab" * 32, 10, "2024-05-01", "2024-01-05", "2024-01-31")
>>> facts.rows.update(read=3, stored=2, skipped=1)
>>> text = citation([facts.entry("g.lbdb")]).splitlines()
>>> text[0]
'Armed Conflict Location & Event Data Project (ACLED); https://acleddata.com'
>>> text[4], text[-1]
('  events 2024-01-05 to 2024-01-31', '  rows read 3: stored 2, skipped 1, rejected 0')
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...model import zone
from .records import RowTable

FORMAT = "tatgraph-acled-citation/1"
"""The manifest's ``format`` value."""

DEFAULT_MANIFEST = Path("tatgraph-out") / "acled-citation.json"

ACLED_SOURCE = "Armed Conflict Location & Event Data Project (ACLED); https://acleddata.com"
"""How ACLED asks to be named as the source."""

ACLED_REFERENCE = (
    "Raleigh, Clionadh, Andrew Linke, Håvard Hegre and Joakim Karlsen. 2010. "
    '"Introducing ACLED: An Armed Conflict Location and Event Dataset." '
    "Journal of Peace Research 47(5): 651-660."
)
"""The article ACLED asks users to cite."""


@dataclass
class ExportFacts:
    """What one load read from one export (gathered row by row)."""

    file: str
    sha256: str
    size: int
    accessed: str
    first_day: str | None = None
    last_day: str | None = None
    first_timestamp: datetime | None = None
    last_timestamp: datetime | None = None
    countries: set[str] = field(default_factory=set)
    event_types: Counter[str] = field(default_factory=Counter)
    rows: Counter[str] = field(default_factory=Counter)
    """read, stored, skipped, rejected."""

    def add_rows(self, rows: RowTable) -> None:
        """Take stored rows into account."""
        import numpy as np
        import pyarrow.compute as pc

        if not len(rows):
            return
        starts = np.asarray(rows.column("start").cast("int64"))
        ends = np.asarray(rows.column("end").cast("int64"))
        first, last = int(np.argmin(starts)), int(np.argmax(ends))
        tz = rows.column("tz")
        lo = _local_day(int(starts[first]), tz[first].as_py())
        hi = _local_day(int(ends[last]) - 1, tz[last].as_py())
        self.first_day = lo if self.first_day is None else min(self.first_day, lo)
        self.last_day = hi if self.last_day is None else max(self.last_day, hi)
        self.countries.update(pc.unique(rows.column("site_country")).to_pylist())
        types = rows.data.group_by(["event_type", "sub_event_type"]).aggregate([([], "count_all")])
        for event_type, sub, n in zip(
            *(types.column(i).to_pylist() for i in range(3)), strict=True
        ):
            self.event_types[" / ".join(t for t in (event_type, sub) if t)] += n
        stamps = pc.min_max(rows.column("first_reported")).as_py()
        if stamps["min"] is not None:
            a, b = stamps["min"].astimezone(UTC), stamps["max"].astimezone(UTC)
            self.first_timestamp = (
                a if self.first_timestamp is None else min(self.first_timestamp, a)
            )
            self.last_timestamp = b if self.last_timestamp is None else max(self.last_timestamp, b)

    def entry(self, graph: str, loaded: datetime | None = None) -> dict[str, Any]:
        """The manifest entry of this export loaded into ``graph``."""
        stamps = [t.isoformat() for t in (self.first_timestamp, self.last_timestamp) if t]
        return {
            "graph": graph,
            "file": Path(self.file).name,
            "path": self.file,
            "sha256": self.sha256,
            "bytes": self.size,
            "accessed": self.accessed,
            "loaded": (loaded or datetime.now(UTC)).isoformat(timespec="seconds"),
            "event_dates": [self.first_day, self.last_day] if self.first_day else [],
            "timestamps": stamps,
            "countries": sorted(self.countries),
            "event_types": dict(sorted(self.event_types.items())),
            "rows": {k: self.rows.get(k, 0) for k in ("read", "stored", "skipped", "rejected")},
        }


def _local_day(micros: int, tz: str) -> str:
    """The local date (in ``tz``) of a UTC instant given in microseconds since 1970."""
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)
    return moment.astimezone(zone(tz)).date().isoformat()


def access_date(path: Path, given: date | None = None) -> str:
    """The access date of an export: ``given``, else the file's modification date."""
    if given is not None:
        return given.isoformat()
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()


def read_manifest(path: Path) -> list[dict[str, Any]]:
    """The entries of a manifest (none when the file does not exist)."""
    if not path.exists():
        return []
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the citation manifest: {exc}", file=str(path)) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(
            f"not a tatgraph ACLED citation manifest (no format {FORMAT!r})", file=str(path)
        )
    entries = doc.get("exports")
    if not isinstance(entries, list):
        raise InputError("the manifest has no 'exports' list", file=str(path))
    return entries


def update_manifest(path: Path, entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``entries`` to the manifest at ``path`` (an entry of the same graph and export is
    replaced) and write it atomically; returns every entry."""
    new = list(entries)
    keys = {(e["graph"], e["sha256"]) for e in new}
    kept = [e for e in read_manifest(path) if (e.get("graph"), e.get("sha256")) not in keys]
    every = kept + new
    doc = {
        "format": FORMAT,
        "source": ACLED_SOURCE,
        "reference": ACLED_REFERENCE,
        "note": "ACLED asks to be named as the source, with the access date; tatgraph never "
        "redistributes ACLED rows (this manifest holds none).",
        "exports": every,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return every


def citation(entries: Sequence[dict[str, Any]]) -> str:
    """The text ``tatgraph cite`` prints for manifest entries."""
    lines = [ACLED_SOURCE, f"Cite: {ACLED_REFERENCE}", ""]
    if not entries:
        lines.append("No ACLED export has been loaded (the manifest has no entries).")
    for e in entries:
        rows = e.get("rows", {})
        dates = e.get("event_dates") or []
        stamps = e.get("timestamps") or []
        types = e.get("event_types", {})
        lines += [
            f"Export {e.get('file')} (SHA-256 {e.get('sha256')}, {e.get('bytes', 0):,} bytes), "
            f"accessed {e.get('accessed')}, loaded into {e.get('graph')} on {e.get('loaded')}",
            "  events "
            + (f"{dates[0]} to {dates[-1]}" if dates else "(none stored)")
            + (f"; ACLED timestamps {stamps[0]} to {stamps[-1]}" if stamps else ""),
            f"  countries ({len(e.get('countries', []))}): {', '.join(e.get('countries', []))}",
            f"  event types ({len(types)}): "
            + "; ".join(f"{name} ({n:,})" for name, n in types.items()),
            f"  rows read {rows.get('read', 0):,}: stored {rows.get('stored', 0):,}, skipped "
            f"{rows.get('skipped', 0):,}, rejected {rows.get('rejected', 0):,}",
        ]
    return "\n".join(lines)
