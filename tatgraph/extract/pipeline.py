"""The report pipeline as library steps, shared by ``tatgraph extract``, ``tatgraph load
reports`` and the demo.

1. :func:`report_metas` pairs each report file with its publication metadata (a META.yaml,
   or a date given for every report not listed);
2. :func:`extract_reports` reads each report and extracts its events
   (:func:`~tatgraph.extract.extractor.extract_text`), leaving out empty reports with a
   warning;
3. :func:`merge_reports` merges the events of all reports into one
   :class:`~tatgraph.model.Dataset` (:func:`~tatgraph.extract.resolve.resolve`);
4. :func:`load_reports` writes that dataset, after the reference data it names, to a store.

Warnings go to ``warn`` (one line each, without the ``warning:`` prefix); the CLI prints
them on stderr.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "r.txt").write_text("قصفت طائرات أمريكية موقعا قرب البوكمال أمس الأحد.",
...                                   encoding="utf-8")
>>> done = extract_reports([folder / "r.txt"], published="2024-02-05")
>>> [(d.path.name, len(d.events)) for d in done]
[('r.txt', 1)]
>>> len(merge_reports(done).sources)
1
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError
from ..graph.store import GraphStore, WriteStats
from ..located import check_input_file
from ..model import Dataset
from ..reference import Reference, load_reference
from .dating import report_warnings
from .extractor import extract_text
from .records import ExtractedEvent
from .reports import ReportMeta, make_source, meta_entry, read_meta, read_report
from .resolve import ReportResult, resolve


class ExtractedReport(NamedTuple):
    """One report read and extracted: its file, metadata, text and events."""

    path: Path
    meta: ReportMeta
    text: str
    events: list[ExtractedEvent]


def _to_stderr(line: str) -> None:
    sys.stderr.write(f"warning: {line}\n")


def report_metas(
    reports: Sequence[Path],
    meta: Path | None = None,
    published: str | None = None,
    outlet: str | None = None,
) -> list[tuple[Path, ReportMeta]]:
    """Each report with its metadata; a report no metadata dates is extracted all the same
    (see :mod:`tatgraph.extract.dating`)."""
    listed = read_meta(meta) if meta else {}
    out: list[tuple[Path, ReportMeta]] = []
    for path in reports:
        check_input_file(path, what="a report file")
        found = listed.get(path.name)
        if found is None and published is not None:
            try:
                found = meta_entry({"file": path.name, "published": published, "outlet": outlet})
            except ValueError as exc:
                raise InputError(
                    str(exc), file="--published", hint="e.g. --published 2023-10-23"
                ) from exc
        out.append((path, found or ReportMeta(path.name, None, outlet=outlet)))
    return out


def extract_reports(
    reports: Sequence[Path],
    meta: Path | None = None,
    published: str | None = None,
    outlet: str | None = None,
    *,
    warn: Callable[[str], None] = _to_stderr,
) -> list[ExtractedReport]:
    """Read and extract every report (see :func:`report_metas`). An empty report (no text
    but white space) is left out with a warning: there is nothing in it to store or cite."""
    out = []
    for path, m in report_metas(reports, meta, published, outlet):
        text = read_report(path)
        if not text.strip():
            warn(f"{path}: the report is empty (no text): nothing extracted, no Source stored")
            continue
        events = extract_text(text, m)
        for warning in report_warnings(m, text, events):
            warn(warning)
        out.append(ExtractedReport(path, m, text, events))
    return out


def merge_reports(
    done: Sequence[ExtractedReport], *, reference: Reference | None = None
) -> Dataset:
    """One Source per report and its events merged across reports (one Event per incident,
    one Claim per claimant statement), as :func:`~tatgraph.extract.resolve.resolve` does."""
    results = [ReportResult(make_source(d.meta, d.text), d.events) for d in done]
    return resolve(results, reference=reference)


def load_reports(
    store: GraphStore, dataset: Dataset, *, reference: Reference | None = None
) -> WriteStats:
    """Write the reference data (actors and sites the events name), then ``dataset``, each in
    its own transaction; returns what the dataset's write created and found present.
    Idempotent: writing the same reports again changes nothing."""
    store.write((reference or load_reference()).dataset())
    return store.write(dataset)


__all__ = ["ExtractedReport", "extract_reports", "load_reports", "merge_reports", "report_metas"]
