"""Score extracted events against a hand coding (event-level precision, recall, F1, dates).

The truth is a coding sheet: the seed sheet (:class:`~tatgraph.loaders.curated.CuratedLoad`)
or a gold file in the same layout read by :func:`read_gold` (the corpus gold holds open
dates and place-table sites, which it reads without a graph's validation). A true event
belongs to a report when the coding has a claim of it from that report's source.

A predicted event *matches* a true one of the same report when they are at the same place
(the same site, or sites within :data:`NEAR_KM` of each other; both unlocated counts) and
of compatible kinds (:func:`tatgraph.extract.mentions.compatible`); matching is one-to-one,
greedy in the truth's date order, preferring a candidate whose date is right. The *date is
right* when the predicted first local day falls inside the true window's local days (an
open true date wants an open prediction). Scores:

- ``strict`` (precision, recall, F1): a match also needs the right date (the headline);
- ``loose``: place and kind only; ``date_accuracy``, ``perpetrator_side_accuracy`` and
  ``target_side_accuracy`` are shares of these (a side is that of the first perpetrator
  or target, ``unknown`` when none is named);
- ``links_found``: of the true *stated* links whose two events both matched, the share the
  extractor also stated between the two matched predictions.

>>> s = Score(tp=4, predicted=5, true=5)
>>> round(s.precision, 2), round(s.recall, 2), round(s.f1, 2)
(0.8, 0.8, 0.8)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..loaders.curated import CuratedLoad
from ..located import load_yaml
from ..model import DEFAULT_TZ, Event, local_day_window, zone
from ..reference import Reference
from ..vocab import Kind, PartOfDay
from .assemble import km
from .extractor import ExtractedEvent, extract_text
from .lexicon import Lexicon, default_lexicon
from .mentions import compatible
from .reports import ReportMeta, read_meta, read_report

NEAR_KM = 25.0
"""Two sites this close are one place for scoring (a town and the base beside it)."""


@dataclass(frozen=True)
class Score:
    """Counts and the ratios built from them."""

    tp: int
    predicted: int
    true: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Truth:
    """One coded event of one report, as scoring needs it."""

    id: str
    report: str
    kind: Kind
    site: str | None
    days: tuple[date, date] | None  # local first and last day; None = open date
    perpetrator_side: str
    target_side: str


@dataclass(frozen=True)
class TruthLink:
    """A coded RESPONDS_TO link told by one report."""

    report: str
    event: str
    responds_to: str
    basis: str


@dataclass
class Evaluation:
    """Scores over a set of reports, with what was missed and what was extra."""

    strict: Score
    loose: Score
    date_right: int
    perpetrator_right: int = 0
    target_right: int = 0
    links_true: int = 0
    links_found: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong_date: list[str] = field(default_factory=list)
    wrong_side: list[str] = field(default_factory=list)
    links_missed: list[str] = field(default_factory=list)

    def _share(self, n: int) -> float:
        return n / self.loose.tp if self.loose.tp else 1.0

    @property
    def date_accuracy(self) -> float:
        return self._share(self.date_right)

    @property
    def perpetrator_side_accuracy(self) -> float:
        return self._share(self.perpetrator_right)

    @property
    def target_side_accuracy(self) -> float:
        return self._share(self.target_right)

    @property
    def links_recall(self) -> float:
        return self.links_found / self.links_true if self.links_true else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "precision": round(self.strict.precision, 3),
            "recall": round(self.strict.recall, 3),
            "f1": round(self.strict.f1, 3),
            "loose_f1": round(self.loose.f1, 3),
            "date_accuracy": round(self.date_accuracy, 3),
            "perpetrator_side_accuracy": round(self.perpetrator_side_accuracy, 3),
            "target_side_accuracy": round(self.target_side_accuracy, 3),
            "stated_links_found": round(self.links_recall, 3),
            "predicted": self.strict.predicted,
            "true": self.strict.true,
            "matched": self.strict.tp,
            "matched_loose": self.loose.tp,
            "stated_links": self.links_true,
            "missed": self.missed,
            "extra": self.extra,
            "wrong_date": self.wrong_date,
            "wrong_side": self.wrong_side,
            "links_missed": self.links_missed,
        }


# -- the truth ---------------------------------------------------------------------------
def true_days(ev: Event) -> tuple[date, date] | None:
    """Local first and last day of a coded event's window (None for an open date)."""
    if ev.start is None or ev.end is None:
        return None
    z = zone(ev.tz)
    return ev.start.astimezone(z).date(), (ev.end - timedelta(microseconds=1)).astimezone(z).date()


def _side(ref: Reference, actor: str | None) -> str:
    found = ref.actors.get(actor) if actor else None
    return found.side.value if found else "unknown"


def truth_from_curated(
    coding: CuratedLoad, reference: Reference | None = None
) -> tuple[list[Truth], list[TruthLink]]:
    """The events and links of a loaded coding sheet, per report file."""
    ref = reference or default_lexicon().reference
    file_of = {s.id: s.file for s in coding.dataset.sources if s.file}
    events = {e.id: e for e in coding.dataset.events}
    out: list[Truth] = []
    seen: set[tuple[str, str]] = set()
    for c in coding.dataset.claims:
        f = file_of.get(c.source)
        if f is None or (f, c.event) in seen:
            continue
        seen.add((f, c.event))
        e = events[c.event]
        perp = e.perpetrators[0].actor if e.perpetrators else None
        out.append(
            Truth(
                e.id,
                f,
                e.kind,
                e.site,
                true_days(e),
                _side(ref, perp),
                _side(ref, e.targets[0] if e.targets else None),
            )
        )
    links = [
        TruthLink(file_of[lk.source], lk.event, lk.responds_to, lk.basis.value)
        for lk in coding.dataset.links
        if lk.source in file_of
    ]
    return out, links


def _day(value: Any) -> date | datetime:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def _gold_days(rec: Mapping[str, Any]) -> tuple[date, date] | None:
    tz = str(rec.get("tz") or DEFAULT_TZ)
    if rec.get("date") is not None:
        day = _day(rec["date"])
        day = day.date() if isinstance(day, datetime) else day
        if rec.get("part_of_day"):
            s, e = local_day_window(day, part=PartOfDay(rec["part_of_day"]), tz=tz)
            z = zone(tz)
            return s.astimezone(z).date(), (e - timedelta(microseconds=1)).astimezone(z).date()
        return day, day
    if rec.get("precision") == "unknown":
        return None
    a, b = _day(rec["start"]), _day(rec["end"])
    return (
        a.date() if isinstance(a, datetime) else a,
        b.date() if isinstance(b, datetime) else b,
    )


def read_gold(
    path: Path, reference: Reference | None = None
) -> tuple[list[Truth], list[TruthLink]]:
    """Events and links of a gold file in the coding-sheet layout (see the module docstring)."""
    ref = reference or default_lexicon().reference
    doc = load_yaml(path)
    file_of = {str(s["id"]): str(s["file"]) for s in doc.get("sources") or []}
    out: list[Truth] = []
    links: list[TruthLink] = []
    for e in doc.get("events") or []:
        perps = e.get("perpetrators") or []
        targets = e.get("targets") or []
        reports = dict.fromkeys(file_of[str(c["source"])] for c in e.get("claims") or [])
        for f in reports:
            out.append(
                Truth(
                    str(e["id"]),
                    f,
                    Kind(e["kind"]),
                    e.get("site"),
                    _gold_days(e),
                    _side(ref, perps[0]["actor"] if perps else None),
                    _side(ref, targets[0] if targets else None),
                )
            )
        for lk in e.get("responds_to") or []:
            links.append(
                TruthLink(
                    file_of[str(lk["source"])], str(e["id"]), str(lk["event"]), str(lk["basis"])
                )
            )
    return out, links


# -- matching ----------------------------------------------------------------------------
def same_place(lex: Lexicon, a: str | None, b: str | None) -> bool:
    """Same site, both unlocated, or two sites within :data:`NEAR_KM`."""
    if a is None or b is None:
        return a is b
    return a == b or km(lex, a, b) <= NEAR_KM


def _date_right(p: ExtractedEvent, t: Truth) -> bool:
    if t.days is None:
        return p.date_start is None
    return p.date_start is not None and t.days[0] <= p.date_start <= t.days[1]


def evaluate(
    predicted: dict[str, list[ExtractedEvent]],
    coding: CuratedLoad | tuple[list[Truth], list[TruthLink]],
    *,
    lexicon: Lexicon | None = None,
) -> Evaluation:
    """Score predictions (report file -> events) against a coding of the same reports."""
    lex = lexicon or default_lexicon()
    truths, links = truth_from_curated(coding) if isinstance(coding, CuratedLoad) else coding
    truth: dict[str, list[Truth]] = defaultdict(list)
    for t in truths:
        if t.report in predicted:
            truth[t.report].append(t)
    ev = Evaluation(Score(0, 0, 0), Score(0, 0, 0), 0)
    tp_s = tp_l = n_pred = n_true = 0
    matched: dict[tuple[str, str], ExtractedEvent] = {}
    for f, preds in sorted(predicted.items()):
        n_pred += len(preds)
        n_true += len(truth[f])
        used_l: set[int] = set()
        used_s: set[int] = set()
        order = sorted(truth[f], key=lambda t: (t.days is None, t.days or (date.min, date.min)))
        for t in order:
            cands = [
                i
                for i, p in enumerate(preds)
                if same_place(lex, p.site, t.site) and compatible(p.kind, t.kind)
            ]
            loose = [i for i in cands if i not in used_l]
            loose.sort(key=lambda i: (not _date_right(preds[i], t), preds[i].site != t.site))
            if loose:
                p = preds[loose[0]]
                used_l.add(loose[0])
                matched[(f, t.id)] = p
                tp_l += 1
                if _date_right(p, t):
                    ev.date_right += 1
                else:
                    ev.wrong_date.append(f"{f}: {t.id} dated {p.date_start}")
                ev.perpetrator_right += p.perpetrator_side == t.perpetrator_side
                ev.target_right += p.target_side == t.target_side
                if (p.perpetrator_side, p.target_side) != (t.perpetrator_side, t.target_side):
                    ev.wrong_side.append(
                        f"{f}: {t.id} {p.perpetrator_side}->{p.target_side}"
                        f" (coded {t.perpetrator_side}->{t.target_side})"
                    )
            strict = [i for i in cands if i not in used_s and _date_right(preds[i], t)]
            if strict:
                used_s.add(strict[0])
                tp_s += 1
            else:
                ev.missed.append(f"{f}: {t.id}")
        ev.extra += [
            f"{f}: {p.date_start} {p.kind.value} @ {p.site}"
            for i, p in enumerate(preds)
            if i not in used_s
        ]
    for lk in links:
        if lk.basis != "stated" or lk.report not in predicted:
            continue
        ev.links_true += 1
        later = matched.get((lk.report, lk.event))
        earlier = matched.get((lk.report, lk.responds_to))
        if later is not None and earlier is not None and later.responds_to == earlier.id:
            ev.links_found += 1
        else:
            ev.links_missed.append(f"{lk.report}: {lk.event} -> {lk.responds_to}")
    ev.strict, ev.loose = Score(tp_s, n_pred, n_true), Score(tp_l, n_pred, n_true)
    return ev


def extract_folder(
    folder: Path, meta: dict[str, ReportMeta] | None = None, files: Iterable[str] = ()
) -> dict[str, list[ExtractedEvent]]:
    """Extract every report listed in ``folder/meta.yaml`` (or ``files``)."""
    meta = meta or read_meta(folder / "meta.yaml")
    names = list(files) or sorted(meta)
    return {n: extract_text(read_report(folder / n), meta[n]) for n in names}
