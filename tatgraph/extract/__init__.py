"""Rule-based extraction of strike/retaliation events from Arabic news reports.

Offline, no models: a normaliser with an offset map (:mod:`.normalise`), lexicons kept
as data files (``tatgraph/data/lexicon``) matched clitic-aware together with the
gazetteer (:mod:`.lexicon`, :mod:`.matcher`), date phrases resolved against the
publication date (:mod:`.dates`), claimants (:mod:`.claims`), the segments of a
sentence that report one attack (:mod:`.segments`) with their figures (:mod:`.figures`)
and parties (:mod:`.roles`), event mentions (:mod:`.mentions`) and their assembly into a
report's events with claims, dates and stated response links (:mod:`.extractor`);
scoring against a hand coding (:mod:`.evaluate`) and the CLI commands (:mod:`.cli`).
Cross-report merging is :mod:`tatgraph.extract.resolve`. See ``docs/extraction.md``.

>>> from datetime import datetime, UTC
>>> meta = ReportMeta("r.txt", datetime(2021, 7, 4, tzinfo=UTC))
>>> [e.to_json()["kind"] for e in extract_text(
...     "تعرضت قاعدة التنف صباح أمس لهجوم بقذائف الهاون.", meta)]
['mortar_attack']
"""

from .extractor import ExtractedClaim, ExtractedEvent, extract_text
from .reports import ReportMeta, make_source, read_meta, read_report

__all__ = [
    "ExtractedClaim",
    "ExtractedEvent",
    "ReportMeta",
    "extract_text",
    "make_source",
    "read_meta",
    "read_report",
]
