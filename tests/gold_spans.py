"""The quoted spans of a team-written gold file (tests/data/written, tests/data/blind)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

Span = tuple[str, tuple[int, int]]


def checked_spans(folder: Path, doc: dict[str, Any]) -> list[Span]:
    """Every (source id, (start, end)) the gold quotes: claims, links and passages not coded.

    Asserts that each source file in ``folder`` has the SHA-256 the gold gives it and that
    every span lies inside its source's text."""
    lengths = {}
    for s in doc["sources"]:
        raw = (folder / s["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == s["sha256"], s["file"]
        lengths[s["id"]] = len(raw.decode("utf-8"))
    spans = [(c["source"], c["quote"]) for e in doc["events"] for c in e["claims"]]
    spans += [(lk["source"], lk["quote"]) for e in doc["events"] for lk in e.get("responds_to", [])]
    spans += [(n["source"], n["quote"]) for n in doc["not_coded"]]
    for source, (start, end) in spans:
        assert 0 <= start < end <= lengths[source], (source, start, end)
    return spans
