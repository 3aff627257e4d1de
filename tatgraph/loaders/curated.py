"""Curated coding sheets (YAML or CSV) -> validated records.

A coding sheet is what a researcher writes by hand: sources, events with their claims and
stated response links, and optionally extra actors and sites. YAML holds everything in one
file (see ``tatgraph/data/curated/seed_reports.yaml``); CSV sheets hold one record type
each, recognised by their header (see docs/coding-sheets.md).

Loading is all-or-nothing per call: every problem in every file is collected and reported
with ``file:line`` and field, and nothing is yielded until the sheets are clean — so a
record is either stored or its file's problems are reported, never dropped silently.

>>> from tatgraph.loaders.curated import load_sheets, bundled_sheets
>>> result = load_sheets(bundled_sheets())
>>> len(result.dataset.events) > 10
True
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Problem
from ..located import (
    LocatedDict,
    LocatedList,
    check_input_file,
    load_yaml,
    problems_from_validation,
)
from ..model import (
    Actor,
    Claim,
    Dataset,
    Event,
    ResponseLink,
    Site,
    Source,
    lag_hours,
    stable_id,
)
from ..reference import Reference, load_reference
from .sheet_values import event_window, published_at, quote_offsets

YAML_SECTIONS = ("sources", "events", "actors", "sites", "not_coded")


@dataclass(frozen=True)
class NotCoded:
    """A passage a coder deliberately did not code as an event, and why."""

    source: str
    quote_start: int | None
    quote_end: int | None
    reason: str


@dataclass
class CuratedLoad:
    """Everything read from a set of coding sheets."""

    dataset: Dataset
    not_coded: list[NotCoded] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def bundled_sheets() -> list[Path]:
    """The coding sheets shipped with tatgraph (``tatgraph/data/curated``)."""
    folder = Path(str(resources.files("tatgraph") / "data" / "curated"))
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".csv"))


# -- building records --------------------------------------------------------------------
class _Builder:
    """Collects records and located problems from any number of sheets."""

    def __init__(self, reference: Reference) -> None:
        self.ref = reference
        self.problems: list[Problem] = []
        self.ds = Dataset()
        self.not_coded: list[NotCoded] = []
        self.link_lines: list[tuple[ResponseLink, LocatedDict]] = []
        self.event_lines: dict[str, LocatedDict] = {}
        self.claim_lines: dict[str, LocatedDict] = {}
        self.first_seen: dict[tuple[str, str], LocatedDict] = {}

    def fail(self, rec: LocatedDict, key: str | None, message: str) -> None:
        line = rec.line_of(key) if key else rec.line
        self.problems.append(Problem(rec.file, line, key, message))

    def new_id(self, kind: str, record_id: str, rec: LocatedDict) -> bool:
        """Whether ``record_id`` is the first ``kind`` of that id; reports a repeat where it
        stands, naming where the first one is."""
        first = self.first_seen.setdefault((kind, record_id), rec)
        if first is rec:
            return True
        self.fail(
            rec,
            "id" if "id" in rec else None,
            f"{kind} id {record_id!r} is defined twice (first at {first.file}:{first.line})",
        )
        return False

    def _model(
        self, cls: type[Any], rec: LocatedDict, data: dict[str, Any], prefix: str = ""
    ) -> Any:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(problems_from_validation(exc, rec, prefix=prefix))
            return None

    def source(self, rec: LocatedDict) -> None:
        data = dict(rec)
        try:
            # a report with no date at all is a source too (its events then have open dates)
            raw = rec.get("published")
            data["published"] = None if raw in (None, "") else published_at(raw)
        except ValueError as exc:
            self.fail(rec, "published", str(exc))
            return
        src = self._model(Source, rec, data)
        if src is not None and self.new_id("source", src.id, rec):
            self.ds.sources.append(src)

    def actor(self, rec: LocatedDict) -> None:
        actor = self._model(Actor, rec, dict(rec))
        if actor is not None and self.new_id("actor", actor.id, rec):
            self.ds.actors.append(actor)

    def site(self, rec: LocatedDict) -> None:
        site = self._model(Site, rec, dict(rec))
        if site is not None and self.new_id("site", site.id, rec):
            self.ds.sites.append(site)

    def event(self, rec: LocatedDict) -> None:
        data = {
            k: v
            for k, v in rec.items()
            if k
            not in (
                "date",
                "part_of_day",
                "claims",
                "responds_to",
                "start",
                "end",
                "precision",
                "tz",
                "extraction",  # a machine-made sheet's notes for the coder (not stored)
            )
        }
        try:
            data.update(event_window(rec))
        except ValueError as exc:
            self.fail(rec, "date" if "date" in rec else "start", str(exc))
            return
        event = self._model(Event, rec, data)
        if event is None or not self.new_id("event", event.id, rec):
            return
        self.event_lines[event.id] = rec
        claims = []
        for i, claim_rec in enumerate(rec.get("claims") or []):
            claim = self.claim(event.id, claim_rec, prefix=f"claims[{i}].")
            if claim is not None:
                claims.append(claim)
        self.ds.events.append(event)
        self.ds.claims.extend(claims)
        for i, link_rec in enumerate(rec.get("responds_to") or []):
            self.link(event.id, link_rec, prefix=f"responds_to[{i}].")

    def claim(self, event_id: str, rec: LocatedDict, *, prefix: str = "") -> Claim | None:
        data = {k: v for k, v in rec.items() if k != "quote"}
        try:
            data["quote_start"], data["quote_end"] = quote_offsets(rec.get("quote"))
        except (ValueError, TypeError) as exc:
            self.fail(rec, "quote", str(exc))
            return None
        data.setdefault("event", event_id)
        data.setdefault(
            "id",
            stable_id(
                "clm",
                event_id,
                data.get("source"),
                data.get("claimant"),
                data["quote_start"],
                data["quote_end"],
                data.get("killed"),
                data.get("injured"),
            ),
        )
        claim: Claim | None = self._model(Claim, rec, data, prefix=prefix)
        if claim is None or not self.new_id("claim", claim.id, rec):
            return None
        self.claim_lines[claim.id] = rec
        return claim

    def link(self, event_id: str, rec: LocatedDict, *, prefix: str = "") -> None:
        data = {k: v for k, v in rec.items() if k not in ("quote", "event")}
        try:
            data["quote_start"], data["quote_end"] = quote_offsets(rec.get("quote"))
        except (ValueError, TypeError) as exc:
            self.fail(rec, "quote", str(exc))
            return
        data["event"] = event_id
        data["responds_to"] = rec.get("event") if "event" in rec else rec.get("responds_to")
        data.setdefault("method", f"curated:{Path(rec.file).name}")
        link = self._model(ResponseLink, rec, data, prefix=prefix)
        if link is not None:
            self.link_lines.append((link, rec))

    def not_coded_entry(self, rec: LocatedDict) -> None:
        try:
            start, end = quote_offsets(rec.get("quote"))
        except (ValueError, TypeError) as exc:
            self.fail(rec, "quote", str(exc))
            return
        if not rec.get("source") or not rec.get("reason"):
            self.fail(rec, None, "a not_coded entry needs 'source' and 'reason'")
            return
        self.not_coded.append(NotCoded(str(rec["source"]), start, end, str(rec["reason"])))

    # -- cross-record checks ------------------------------------------------------------
    def finish(self) -> Dataset:
        events = {e.id: e for e in self.ds.events}
        sources = {s.id: s for s in self.ds.sources}
        sites = set(self.ref.sites) | {s.id for s in self.ds.sites}
        actors = set(self.ref.actors) | {a.id for a in self.ds.actors}
        for e in self.ds.events:
            rec = self.event_lines[e.id]
            if e.site is not None and e.site not in sites:
                self.fail(rec, "site", f"unknown site id {e.site!r} (not in the gazetteer)")
            for p in e.perpetrators:
                if p.actor not in actors:
                    self.fail(rec, "perpetrators", f"unknown actor id {p.actor!r}")
            for t in e.targets:
                if t not in actors:
                    self.fail(rec, "targets", f"unknown actor id {t!r}")
        for c in self.ds.claims:
            rec = self.claim_lines[c.id]
            if c.event not in events:
                self.fail(rec, "event", f"claim is about unknown event {c.event!r}")
            if c.source not in sources:
                self.fail(rec, "source", f"unknown source {c.source!r}")
            for key, who in (("claimant", c.claimant), ("responsible", c.responsible)):
                if who is not None and who not in actors:
                    self.fail(rec, key, f"unknown actor id {who!r}")
        for a in self.ds.actors:
            for parent in a.part_of:
                if parent not in actors:
                    self.problems.append(
                        Problem("<actors>", None, "part_of", f"{a.id}: unknown parent {parent!r}")
                    )
        links = []
        for link, rec in self.link_lines:
            later, earlier = events.get(link.event), events.get(link.responds_to)
            if earlier is None:
                self.fail(rec, "event", f"responds to unknown event {link.responds_to!r}")
                continue
            if link.source is not None and link.source not in sources:
                self.fail(rec, "source", f"unknown source {link.source!r}")
            if (
                later is not None
                and later.dated
                and earlier.dated
                and later.window()[1] <= earlier.window()[0]
            ):
                self.fail(
                    rec,
                    "event",
                    f"{link.event} ends before {link.responds_to} starts: "
                    "a response cannot precede what it answers",
                )
                continue
            if later is not None and later.dated and earlier.dated:
                link = link.model_copy(update={"lag_hours": lag_hours(later, earlier)})
            links.append(link)
        self.ds.links = links
        claims_by_event: dict[str, list[Claim]] = {}
        for c in self.ds.claims:
            claims_by_event.setdefault(c.event, []).append(c)
        self.ds.events = [
            e.with_claims(claims_by_event.get(e.id, []), sources) for e in self.ds.events
        ]
        return self.ds


# -- readers -----------------------------------------------------------------------------
def _read_yaml(path: Path, b: _Builder) -> None:
    doc = load_yaml(path)
    if not isinstance(doc, LocatedDict):
        raise InputError(
            f"a coding sheet must be a mapping with sections {', '.join(YAML_SECTIONS)}",
            file=str(path),
            line=1,
        )
    for key in doc:
        if key not in YAML_SECTIONS:
            b.fail(doc, key, f"unknown section; expected one of {', '.join(YAML_SECTIONS)}")
    handlers = {
        "sources": b.source,
        "actors": b.actor,
        "sites": b.site,
        "events": b.event,
        "not_coded": b.not_coded_entry,
    }
    for section, handle in handlers.items():
        items = doc.get(section)
        if items is None:
            continue
        if not isinstance(items, LocatedList):
            b.fail(doc, section, "must be a list")
            continue
        for i, rec in enumerate(items):
            if not isinstance(rec, LocatedDict):
                b.problems.append(
                    Problem(str(path), items.line_of(i), section, "each entry must be a mapping")
                )
                continue
            handle(rec)


CSV_SHEETS: dict[str, tuple[str, ...]] = {
    "events": ("id", "kind", "summary"),
    "links": ("event", "responds_to", "basis"),
    "claims": ("event", "source"),
    "sources": ("id", "outlet", "published"),
}
"""CSV sheet types and the columns that identify each, tried in this order
(see docs/coding-sheets.md)."""


def _csv_kind(header: Sequence[str], path: Path) -> str:
    cols = set(header)
    for kind, required in CSV_SHEETS.items():
        if set(required) <= cols:
            return kind
    raise InputError(
        f"cannot tell which sheet this is from its header ({', '.join(header)})",
        file=str(path),
        line=1,
        hint="; ".join(f"{k} sheets need columns {', '.join(v)}" for k, v in CSV_SHEETS.items()),
    )


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _csv_value(col: str, value: str) -> Any:
    """Cell text -> the structure a YAML sheet would have."""
    value = value.strip()
    if value == "":
        return None
    if col == "perpetrators":
        out = []
        for item in _split(value):
            actor, _, basis = item.partition(":")
            out.append({"actor": actor.strip(), "basis": basis.strip() or "reported"})
        return out
    if col == "targets":
        return _split(value)
    if col == "munitions":
        pairs = (item.partition("=") for item in _split(value))
        return {k.strip(): v.strip() for k, _, v in pairs}
    if col in ("aliases", "part_of"):
        return _split(value)
    return value


def _read_csv(path: Path, b: _Builder) -> None:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise InputError("empty CSV file (no header row)", file=str(path), line=1)
            header = [h.strip() for h in header]
            kind = _csv_kind(header, path)
            rows = list(reader)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", file=str(path), hint="save the sheet as UTF-8 CSV"
        ) from exc
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=str(path)) from exc
    for n, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            b.problems.append(
                Problem(str(path), n, None, f"{len(row)} cells but the header has {len(header)}")
            )
            continue
        rec = LocatedDict()
        rec.file, rec.line, rec.key_lines = str(path), n, {}
        for col, cell in zip(header, row, strict=True):
            value = _csv_value(col, cell)
            if value is not None:
                rec[col] = value
                rec.key_lines[col] = n
        if kind == "events":
            b.event(rec)
        elif kind == "sources":
            b.source(rec)
        elif kind == "claims":
            if "quote_start" in rec or "quote_end" in rec:
                rec["quote"] = [rec.pop("quote_start", None), rec.pop("quote_end", None)]
            event_id = str(rec.pop("event"))
            claim = b.claim(event_id, rec)
            if claim is not None:
                b.ds.claims.append(claim)
        else:
            if "quote_start" in rec or "quote_end" in rec:
                rec["quote"] = [rec.pop("quote_start", None), rec.pop("quote_end", None)]
            event_id = str(rec.pop("event"))
            b.link(event_id, rec)


def load_sheets(paths: Iterable[Path], *, reference: Reference | None = None) -> CuratedLoad:
    """Read and validate coding sheets; raise :class:`InputError` listing every problem."""
    paths = [Path(p) for p in paths]
    b = _Builder(reference or load_reference())
    for path in paths:
        check_input_file(path, what="a coding sheet")
        if path.suffix.lower() in (".yaml", ".yml"):
            _read_yaml(path, b)
        elif path.suffix.lower() == ".csv":
            _read_csv(path, b)
        else:
            raise InputError("unsupported sheet type; use .yaml, .yml or .csv", file=str(path))
    if not b.problems:
        b.finish()
    if b.problems:
        raise InputError(
            problems=b.problems,
            hint=f"{len(b.problems)} problem(s); nothing was loaded — fix them and load again",
        )
    return CuratedLoad(dataset=b.ds, not_coded=b.not_coded, files=[str(p) for p in paths])


def attach_quotes(load: CuratedLoad, reports_dir: Path) -> int:
    """Fill each claim's ``quote`` from the report files in ``reports_dir``.

    Verifies each source's ``sha256`` first (offsets are only meaningful for the exact
    text they were coded on). Returns the number of quotes attached.
    """
    texts: dict[str, str] = {}
    for src in load.dataset.sources:
        if src.file is None:
            continue
        path = reports_dir / src.file
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if src.sha256 and hashlib.sha256(raw).hexdigest() != src.sha256:
            raise InputError(
                f"{path.name} differs from the text source {src.id} was coded on (sha256)",
                file=str(path),
                hint="offsets would point at the wrong text; recode the source",
            )
        texts[src.id] = raw.decode("utf-8")
    attached = 0
    claims = []
    for c in load.dataset.claims:
        text = texts.get(c.source)
        if text is not None and c.quote_start is not None and c.quote_end is not None:
            if c.quote_end > len(text):
                raise InputError(
                    f"claim {c.id}: quote offsets run past the end of {c.source}",
                    file=str(reports_dir),
                )
            c = c.model_copy(update={"quote": text[c.quote_start : c.quote_end]})
            attached += 1
        claims.append(c)
    load.dataset.claims = claims
    return attached
