"""Report files and their publication metadata (the ``meta.yaml`` layout of the seeds).

A META file is a YAML list with one entry per report::

    - file: 000_report.txt
      outlet: Al-Akhbar
      language: ar
      published: 2021-06-30            # a date, an ISO date-time with zone, or a month
      published_basis: inferred        # stated | inferred (free text starting so)

``published`` may be missing (the report is still extracted: see
:mod:`tatgraph.extract.dating`) or a month (``2024-02``: the report's window).

>>> m = meta_entry({"file": "a.txt", "outlet": "Arabi Post", "published": "2023-10-23T21:31:00Z"})
>>> m.published.isoformat(), m.has_time
('2023-10-23T21:31:00+00:00', True)
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..located import LocatedDict, LocatedList, load_yaml
from ..model import Source
from ..reference import Reference
from ..vocab import PublishedBasis


@dataclass(frozen=True)
class ReportMeta:
    """Publication metadata of one report."""

    file: str
    published: datetime | None
    has_time: bool = False
    outlet: str | None = None
    language: str = "ar"
    basis: PublishedBasis = PublishedBasis.STATED
    title: str | None = None
    url: str | None = None
    period: tuple[date, date] | None = None
    """Only a month is known (``published: 2024-02``): its first and last day."""


def parse_period(value: Any) -> tuple[date, date] | None:
    """A month written ``YYYY-MM`` -> its first and last day (None for anything else).

    >>> parse_period("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    if not isinstance(value, str):
        return None
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", value)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def parse_published(value: Any) -> tuple[datetime, bool]:
    """A publication date or date-time -> (aware UTC datetime, whether a time was given).

    >>> parse_published("2021-06-30")
    (datetime.datetime(2021, 6, 30, 0, 0, tzinfo=datetime.timezone.utc), False)
    """
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC), True
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=UTC), False
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return parse_published(date.fromisoformat(text))
            return parse_published(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    raise ValueError(
        f"not a date, ISO date-time or month: {value!r} (write e.g. 2023-10-23 or 2023-10)"
    )


def meta_entry(rec: Mapping[str, Any]) -> ReportMeta:
    """One META entry -> :class:`ReportMeta` (raises ``ValueError`` on a bad field)."""
    if not rec.get("file"):
        raise ValueError("each entry needs 'file' (the report's file name)")
    raw = rec.get("published")
    published: datetime | None = None
    has_time = False
    period = parse_period(raw)
    if raw not in (None, "") and period is None:
        published, has_time = parse_published(raw)
    basis_text = str(rec.get("published_basis") or "stated").strip().lower()
    basis = PublishedBasis.INFERRED if basis_text.startswith("infer") else PublishedBasis.STATED
    return ReportMeta(
        file=Path(str(rec["file"])).name,
        published=published,
        has_time=has_time,
        outlet=str(rec["outlet"]) if rec.get("outlet") else None,
        language=str(rec.get("language") or "ar"),
        basis=basis,
        title=str(rec["title"]) if rec.get("title") else None,
        url=str(rec["url"]) if rec.get("url") else None,
        period=period,
    )


def read_meta(path: Path) -> dict[str, ReportMeta]:
    """Read a META.yaml file: report file name -> metadata; errors name file:line."""
    doc = load_yaml(path)
    if not isinstance(doc, LocatedList):
        raise InputError(
            "a META file must be a YAML list of entries (file, outlet, published, ...)",
            file=str(path),
            line=1,
        )
    out: dict[str, ReportMeta] = {}
    for i, rec in enumerate(doc):
        if not isinstance(rec, LocatedDict):
            raise InputError("each entry must be a mapping", file=str(path), line=doc.line_of(i))
        try:
            meta = meta_entry(rec)
        except ValueError as exc:
            field = "published" if "date" in str(exc) else "file"
            raise InputError(
                str(exc), file=str(path), line=rec.line_of(field), field=field
            ) from exc
        out[meta.file] = meta
    return out


def read_report(path: Path) -> str:
    """The UTF-8 text of a report, with an error that says what to do otherwise."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", file=str(path), hint="save the report as UTF-8"
        ) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc


def outlet_actor(outlet: str | None, reference: Reference) -> str | None:
    """The actor id of a news outlet named in metadata ("Al-Akhbar" -> ``al_akhbar``).

    >>> from tatgraph.reference import load_reference
    >>> outlet_actor("Al-Rai al-Thaleth (agencies)", load_reference())
    'al_rai_al_thaleth'
    """
    if not outlet:
        return None
    key = (id(reference), outlet)
    if key not in _OUTLETS:
        want = _key(re.sub(r"\(.*?\)", "", outlet))
        _OUTLETS[key] = next(
            (
                actor.id
                for actor in reference.actors.values()
                if any(
                    _key(re.sub(r"\(.*?\)", "", n)) == want
                    for n in (actor.name, actor.name_ar or "", *actor.aliases)
                    if n
                )
            ),
            None,
        )
    return _OUTLETS[key]


_OUTLETS: dict[tuple[int, str], str | None] = {}


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def source_id(file: str) -> str:
    """Stable source id from a report file name.

    >>> source_id("000_adbe51a55e487881.txt")
    'src_000_adbe51a55e487881'
    """
    stem = Path(file).stem
    return "src_" + (re.sub(r"[^A-Za-z0-9_.:-]+", "_", stem).strip("_") or "report")[:180]


def make_source(meta: ReportMeta, text: str) -> Source:
    """The :class:`~tatgraph.model.Source` record of a report."""
    return Source(
        id=source_id(meta.file),
        outlet=meta.outlet or "unknown",
        published=meta.published,
        published_basis=meta.basis,
        language=meta.language if re.fullmatch(r"[a-z]{2,3}", meta.language) else "ar",
        title=meta.title,
        url=meta.url,
        file=meta.file,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
