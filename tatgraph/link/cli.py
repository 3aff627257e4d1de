"""``tatgraph link`` and ``tatgraph escalation``: thin commands over :mod:`tatgraph.link`.

The main CLI registers them (``app.command("link")(link)``,
``app.command("escalation")(escalation)``); they use the shared options of
:mod:`tatgraph.cli_common`.
"""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..cli_common import DEFAULT, GraphOpt, PasswordOpt, UserOpt, console, open_graph, plain
from ..vocab import LinkBasis
from .graphio import (
    EscalationReport,
    GraphAssessment,
    LinkRun,
    escalation_report,
    evaluate_graph,
    run_link,
)
from .infer import LinkParams
from .measures import side_name
from .params import DEFAULT_MIN_CONFIDENCE

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hdw]?)\s*$", re.IGNORECASE)
_UNIT_HOURS = {"": 1.0, "h": 1.0, "d": 24.0, "w": 168.0}


def parse_window(text: str) -> float:
    """A window such as ``336``, ``72h``, ``14d`` or ``2w`` in hours.

    >>> parse_window("14d"), parse_window("72h"), parse_window("36")
    (336.0, 72.0, 36.0)
    """
    m = _DURATION.match(text)
    if not m or float(m.group(1)) <= 0:
        raise typer.BadParameter(
            f"{text!r} is not a duration; write hours (72 or 72h), days (14d) or weeks (2w)"
        )
    return float(m.group(1)) * _UNIT_HOURS[m.group(2).lower()]


class ConfidenceSource(StrEnum):
    SCORE = "score"
    HAWKES = "hawkes"


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _hours(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f} h" if abs(value) < 48 else f"{value / 24:.1f} d"


def _span(low: float | None, high: float | None) -> str:
    """A lag range such as ``0–24 h`` or ``1.0–2.5 d``."""
    if low is None or high is None:
        return "—"
    if high < 48:
        return f"{low:.0f}–{high:.0f} h"
    return f"{low / 24:.1f}–{high / 24:.1f} d"


def link(
    graph: GraphOpt = DEFAULT,
    window: Annotated[
        str,
        typer.Option(
            "--window", "-w", help="How far back an answered event may lie: 72h, 14d, 2w."
        ),
    ] = "14d",
    min_confidence: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Propose only links at least this confident."),
    ] = DEFAULT_MIN_CONFIDENCE,
    max_links: Annotated[
        int, typer.Option(min=1, help="At most this many links per answering event.")
    ] = 3,
    confidence: Annotated[
        ConfidenceSource,
        typer.Option(help="The link's confidence: calibrated score or Hawkes probability."),
    ] = ConfidenceSource.SCORE,
    hawkes: Annotated[
        bool,
        typer.Option(help="Fit the Hawkes model and record its probability on each link."),
    ] = True,
    also_explained: Annotated[
        bool,
        typer.Option(help="Also propose links for events that already answer something."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be added; write nothing.")
    ] = False,
    evaluate: Annotated[
        bool,
        typer.Option(
            "--evaluate",
            help="Hide the graph's stated and coded links, infer, and score the links (and "
            "two baselines) against them: precision, recall, F1, Brier score, calibration "
            "error. Writes nothing.",
        ),
    ] = False,
    show: Annotated[int, typer.Option(min=0, help="List at most this many links (0: all).")] = 25,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Infer RESPONDS_TO links (basis 'inferred') between events whose roles are reversed.

    Each event may answer earlier events within the window that hit its perpetrator's
    party and were carried out by the party it hits (an empty role matches nobody; a clash
    hits each of its parties); candidates are scored on lag, distance, actor evidence and
    kind, calibrated to a probability. Distance counts by the answer's reach: clashes,
    raids and shelling land near what they answer, air, drone, rocket and missile answers
    anywhere in the theatre. When two events' dated windows overlap, the order is unknown:
    such a link says so (order unknown, lag range) and its confidence carries the doubt;
    with nothing to say which came first, neither direction is proposed. Stated and coded
    links are never changed. Running it twice changes nothing. See docs/linking.md.

    Examples:
      tatgraph link --dry-run -g tatgraph-out/demo.lbdb
      tatgraph link --window 7d --min-confidence 0.6 -g tatgraph-out/demo.lbdb
      tatgraph link --evaluate -g tatgraph-out/demo.lbdb
    """
    params = LinkParams(
        window_hours=parse_window(window),
        min_confidence=min_confidence,
        max_links=max_links,
        confidence=confidence.value,
        also_explained=also_explained,
    )
    if evaluate:
        with open_graph(graph, user, password, read_only=True) as store:
            try:
                result = evaluate_graph(store, params, hawkes=hawkes)
            except ValueError as exc:
                console.print(f"Nothing to evaluate: {escape(str(exc))}.")
                raise typer.Exit(1) from exc
        _print_assessment(result)
        return
    with open_graph(graph, user, password, read_only=dry_run) as store:
        run = run_link(store, params, dry_run=dry_run, hawkes=hawkes)
    _print_run(run, params, dry_run=dry_run, show=show)


def _print_assessment(result: GraphAssessment) -> None:
    a = result.assessment
    hidden = ", ".join(f"{count} {basis}" for basis, count in result.by_basis.items())
    console.print(
        f"{a.events} events; hidden and scored against: {a.reference} links ({hidden}); "
        f"{a.covered} of them among the linker's candidate pairs; threshold "
        f"{a.threshold:g}."
        + (
            f" {result.left_out} link(s) naming an undated event left out."
            if result.left_out
            else ""
        )
    )
    table = Table(show_edge=False)
    for col in ("method", "proposed", "true", "precision", "recall", "F1", "Brier", "ECE"):
        table.add_column(col, justify="left" if col == "method" else "right")
    for m in a.methods:
        table.add_row(
            escape(m.name),
            str(m.proposed),
            str(m.hits),
            f"{m.precision:.2f}",
            f"{m.recall:.2f}",
            f"{m.f1:.2f}",
            f"{m.brier:.3f}",
            f"{m.ece:.3f}",
        )
    console.print(table)
    console.print(
        f"Brier score and ECE (expected calibration error, 10 bands) over {a.pairs} scored "
        "pairs: the linker's candidates, every proposed pair and every hidden link. "
        "Nothing was written."
    )


def _print_run(run: LinkRun, params: LinkParams, *, dry_run: bool, show: int) -> None:
    unordered, undecided = run.inferred.unordered, run.inferred.undecided
    console.print(
        f"{run.events} events, {run.candidates} candidate pairs with reversed roles within "
        f"{_hours(params.window_hours)} ({unordered} of them dated to overlapping windows); "
        f"{len(run.proposed)} link(s) at {params.confidence} confidence >= "
        f"{params.min_confidence:g}."
    )
    if undecided:
        console.print(
            f"{undecided} pair(s) dated to overlapping windows with nothing to say which came "
            "first: not proposed either way."
        )
    if run.proposed:
        table = Table(show_edge=False)
        for col in (
            "event",
            "answers",
            "lag (range)",
            "order",
            "confidence",
            "lag·dist·actor·kind",
            "hawkes",
        ):
            table.add_column(col)
        listed = run.proposed if show == 0 else run.proposed[:show]
        for x in listed:
            c = x.components
            parts = "·".join(f"{c.get(k, 0.0):.2f}" for k in ("lag", "distance", "actor", "kind"))
            hawkes = f"{c['p_hawkes']:.2f}" if "p_hawkes" in c else "—"
            order = "dates" if x.order_known else f"unknown, p {c.get('p_order', 0.0):.2f}"
            table.add_row(
                escape(x.event),
                escape(x.responds_to),
                f"{_hours(x.lag_hours)} ({_span(x.lag_min_hours, x.lag_max_hours)})",
                order,
                f"{x.confidence:.2f}",
                parts,
                hawkes,
            )
        console.print(table)
        if any(not x.order_known for x in run.proposed):
            console.print(
                "order 'unknown': the two events' dates overlap, so either may have come "
                "first; the direction and p are inferred from what else each answers."
            )
        if len(listed) < len(run.proposed):
            console.print(f"… and {len(run.proposed) - len(listed)} more (--show 0 lists all).")
    if dry_run:
        console.print("Dry run: nothing was written.")
    elif run.written is not None:
        created = run.written.created.get("RESPONDS_TO", 0)
        updated = run.written.updated.get("RESPONDS_TO", 0)
        console.print(
            f"Wrote {created} new inferred link(s), rewrote {updated} already stored "
            f"({params.method})."
        )
        if run.kept:
            console.print(f"{run.kept} left as they were: a stated or coded link holds the pair.")
    if run.stale:
        console.print(
            f"{len(run.stale)} inferred link(s) stored by an earlier run were not proposed "
            "this time; they are kept."
        )
    if run.hawkes is not None:
        fit = run.hawkes
        console.print(
            f"Hawkes fit: mean response lag {fit.mean_lag_hours:.1f} h, spectral radius "
            f"{fit.spectral_radius:.2f} ({'converged' if fit.converged else 'not converged'} "
            f"after {fit.iterations} EM iterations in all, dates drawn within their windows)."
        )


def escalation(
    graph: GraphOpt = DEFAULT,
    min_confidence: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Use links at least this confident.")
    ] = 0.0,
    basis: Annotated[
        list[LinkBasis] | None,
        typer.Option(help="Use only links of this basis (repeatable; default: all)."),
    ] = None,
    hawkes: Annotated[
        bool, typer.Option(help="Also fit the Hawkes model: branching ratios per dyad.")
    ] = False,
    fit: Annotated[
        bool,
        typer.Option(
            "--fit",
            help="Fit the Hawkes model and test its fit: time-rescaling residuals (KS test) "
            "and held-out log-likelihood against constant rates.",
        ),
    ] = False,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ReportFormat.TABLE
    ),
    limit: Annotated[int, typer.Option(min=0, help="Show at most this many chains (0: all).")] = 20,
    user: UserOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Escalation measures per chain and per dyad: lengths, durations, lags, intensity steps.

    Intensity is a PLOVER-mode base per kind plus casualties and munitions (log scale); a
    step up or down by more than 1.0 is an escalation or de-escalation (docs/linking.md).

    With --fit the Hawkes model (one dimension per perpetrator side, dates as windows) is
    fitted on every event and its fit is tested (docs/linking.md, "Goodness of fit").

    Examples:
      tatgraph escalation -g tatgraph-out/demo.lbdb
      tatgraph escalation --basis stated --basis coded --hawkes -f json -g tatgraph-out/demo.lbdb
      tatgraph escalation --fit -g tatgraph-out/demo.lbdb
    """
    bases = [b.value for b in basis] if basis else None
    with open_graph(graph, user, password, read_only=True) as store:
        report = escalation_report(
            store, min_confidence=min_confidence, bases=bases, hawkes=hawkes, fit=fit
        )
    if fmt is ReportFormat.JSON:
        sys.stdout.write(json.dumps(plain(report.as_dict()), ensure_ascii=False) + "\n")
        return
    _print_report(report, limit)
    if fit:
        _print_fit(report)


def _print_fit(report: EscalationReport) -> None:
    fit, good = report.hawkes, report.goodness
    if fit is None:
        console.print("Hawkes model: fewer than two dated events, nothing to fit.")
        return
    sides = [side_name(c) for c in fit.labels]
    table = Table(title="Hawkes model: branching ratio (row side → column side)", show_edge=False)
    table.add_column("side")
    table.add_column("background / day")
    for side in sides:
        table.add_column(escape(side))
    for k, side in enumerate(sides):
        table.add_row(
            escape(side),
            f"{fit.mu[k] * 24:.3f}",
            *(f"{x:.2f}" for x in fit.alpha[k]),
        )
    console.print(table)
    console.print(
        f"Kernel mean lag {fit.mean_lag_hours:.1f} h, spectral radius {fit.spectral_radius:.2f}"
        f" ({'converged' if fit.converged else 'not converged'})."
    )
    if good is None:
        console.print("Goodness of fit: fewer than four events, no test.")
        return
    verdict = "consistent with" if good.ks_pvalue >= 0.05 else "not consistent with"
    console.print(
        f"Goodness of fit ({good.events} events, dates as windows: {good.imputations} "
        f"draw(s) of the times):\n"
        f"  time-rescaling residuals: KS statistic {good.ks_statistic:.3f}, p = "
        f"{good.ks_pvalue:.3g} over {good.residuals} residuals ({verdict} Exp(1) at 5%)\n"
        f"  held-out log-likelihood, last {good.test_events} events (fitted on the first "
        f"{good.train_events}): Hawkes {good.ll_hawkes:.3f} vs constant rates "
        f"{good.ll_poisson:.3f} nats per event ({good.ll_gain:+.3f})"
    )


def _print_report(report: EscalationReport, limit: int) -> None:
    if not report.chains:
        console.print("No response links match; nothing to measure.")
        return
    chains = Table(title="Chains", show_edge=False)
    for col in (
        "first event",
        "events",
        "steps",
        "duration",
        "median lag",
        "up/level/down",
        "peak",
        "net",
        "sides along the longest path",
    ):
        chains.add_column(col)
    shown = report.chains if limit == 0 else report.chains[:limit]
    for c in shown:
        row = c.row()
        chains.add_row(
            escape(c.first_event),
            str(c.events),
            str(c.length),
            _hours(c.duration_hours),
            _hours(row["lag_median"]),
            f"{c.escalations}/{c.level}/{c.de_escalations}",
            f"{c.peak_intensity:.1f}",
            f"{c.net_change:+.1f}",
            escape(" → ".join(c.path_sides)),
        )
    console.print(chains)
    if len(shown) < len(report.chains):
        console.print(f"… and {len(report.chains) - len(shown)} more chains (--limit 0).")
    dyads = Table(title="Dyads (answered side → answering side)", show_edge=False)
    for col in ("dyad", "links", "lag min/median/max", "mean change", "up/level/down", "hawkes"):
        dyads.add_column(col)
    for d in report.dyads:
        row = d.row()
        dyads.add_row(
            escape(f"{d.answered_side} → {d.answering_side}"),
            str(row["links"]),
            f"{_hours(row['lag_min'])} / {_hours(row['lag_median'])} / {_hours(row['lag_max'])}",
            f"{row['mean_change']:+.2f}",
            f"{row['escalations']}/{row['level']}/{row['de_escalations']}",
            "—" if row["hawkes_branching"] is None else f"{row['hawkes_branching']:.2f}",
        )
    console.print(dyads)
    if report.hawkes is not None:
        fit = report.hawkes
        console.print(
            f"Hawkes: kernel mean lag {fit.mean_lag_hours:.1f} h, spectral radius "
            f"{fit.spectral_radius:.2f}; 'hawkes' is the expected number of answers one event "
            "of the answered side directly triggers on the answering side."
        )
