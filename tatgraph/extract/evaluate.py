"""Score extracted events against a hand coding (event-level precision, recall, F1, dates).

A true event belongs to a report when the coding has a claim of it from that report's
source. A predicted event *matches* a true one of the same report when they are at the
same site (both unlocated counts) and of compatible kinds
(:func:`tatgraph.extract.mentions.compatible`); matching is one-to-one, greedy in text
order, preferring a candidate whose date is right. The *date is right* when the
predicted first local day falls inside the true window's local days. Two F1 scores:

- ``strict``: a match also needs the right date (the headline figure);
- ``loose``: site and kind only; ``date_accuracy`` is the share of these with the right date.

>>> s = Score(tp=4, predicted=5, true=5)
>>> round(s.precision, 2), round(s.recall, 2), round(s.f1, 2)
(0.8, 0.8, 0.8)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..loaders.curated import CuratedLoad
from ..model import Event, zone
from .extractor import ExtractedEvent, extract_text
from .mentions import compatible
from .reports import ReportMeta, read_meta, read_report


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


@dataclass
class Evaluation:
    """Scores over a set of reports, with what was missed and what was extra."""

    strict: Score
    loose: Score
    date_right: int
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong_date: list[str] = field(default_factory=list)

    @property
    def date_accuracy(self) -> float:
        return self.date_right / self.loose.tp if self.loose.tp else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "precision": round(self.strict.precision, 3),
            "recall": round(self.strict.recall, 3),
            "f1": round(self.strict.f1, 3),
            "loose_f1": round(self.loose.f1, 3),
            "date_accuracy": round(self.date_accuracy, 3),
            "predicted": self.strict.predicted,
            "true": self.strict.true,
            "matched": self.strict.tp,
            "missed": self.missed,
            "extra": self.extra,
            "wrong_date": self.wrong_date,
        }


def true_days(ev: Event) -> tuple[date, date]:
    """Local first and last day of a coded event's window."""
    z = zone(ev.tz)
    return ev.start.astimezone(z).date(), (ev.end - timedelta(microseconds=1)).astimezone(z).date()


def _date_right(p: ExtractedEvent, t: Event) -> bool:
    lo, hi = true_days(t)
    return lo <= p.date_start <= hi


def evaluate(predicted: dict[str, list[ExtractedEvent]], coding: CuratedLoad) -> Evaluation:
    """Score predictions (report file -> events) against a coding of the same reports."""
    file_of = {s.id: s.file for s in coding.dataset.sources if s.file}
    events = {e.id: e for e in coding.dataset.events}
    truth: dict[str, list[Event]] = defaultdict(list)
    for c in coding.dataset.claims:
        f = file_of.get(c.source)
        if f in predicted and events[c.event] not in truth[f]:
            truth[f].append(events[c.event])
    tp_s = tp_l = right = n_pred = n_true = 0
    missed: list[str] = []
    extra: list[str] = []
    wrong: list[str] = []
    for f, preds in sorted(predicted.items()):
        n_pred += len(preds)
        n_true += len(truth[f])
        used_l: set[int] = set()
        used_s: set[int] = set()
        for t in sorted(truth[f], key=lambda e: e.start):
            cands = [
                i for i, p in enumerate(preds) if p.site == t.site and compatible(p.kind, t.kind)
            ]
            loose = [i for i in cands if i not in used_l]
            loose.sort(key=lambda i: not _date_right(preds[i], t))
            if loose:
                used_l.add(loose[0])
                tp_l += 1
                if _date_right(preds[loose[0]], t):
                    right += 1
                else:
                    wrong.append(f"{f}: {t.id} dated {preds[loose[0]].date_start}")
            strict = [i for i in cands if i not in used_s and _date_right(preds[i], t)]
            if strict:
                used_s.add(strict[0])
                tp_s += 1
            else:
                missed.append(f"{f}: {t.id}")
        extra += [
            f"{f}: {p.date_start} {p.kind.value} @ {p.site}"
            for i, p in enumerate(preds)
            if i not in used_s
        ]
    return Evaluation(
        Score(tp_s, n_pred, n_true), Score(tp_l, n_pred, n_true), right, missed, extra, wrong
    )


def extract_folder(
    folder: Path, meta: dict[str, ReportMeta] | None = None, files: Iterable[str] = ()
) -> dict[str, list[ExtractedEvent]]:
    """Extract every report listed in ``folder/meta.yaml`` (or ``files``)."""
    meta = meta or read_meta(folder / "meta.yaml")
    names = list(files) or sorted(meta)
    return {n: extract_text(read_report(folder / n), meta[n]) for n in names}
