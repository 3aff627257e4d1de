"""``tatgraph link`` and ``tatgraph escalation`` through a local typer app."""

from __future__ import annotations

import json

import pytest
import typer
from conftest import StoreFactory
from typer.testing import CliRunner

from tatgraph.graph import open_store
from tatgraph.link.cli import escalation, link
from tatgraph.model import Dataset

app = typer.Typer()
app.command("link")(link)
app.command("escalation")(escalation)
runner = CliRunner()
ENV = {"COLUMNS": "240"}


@pytest.fixture
def hidden(factory: StoreFactory, bundled: list[Dataset]) -> str:
    """A graph (on each backend) with the seed events but without their stated/coded links."""
    reference, curated = bundled
    with factory.open() as store:
        store.write([reference, curated.model_copy(update={"links": []})])
    return factory.uri


@pytest.fixture
def full(factory: StoreFactory, bundled: list[Dataset]) -> str:
    """A graph (on each backend) with the seed events and their links."""
    with factory.open() as store:
        store.write(bundled)
    return factory.uri


def _snapshot(path: str) -> dict[str, list[tuple[object, ...]]]:
    with open_store(path) as store:
        return store.snapshot()


def test_dry_run_prints_the_links_and_writes_nothing(hidden: str) -> None:
    before = _snapshot(hidden)
    result = runner.invoke(app, ["link", "-g", hidden, "--dry-run"], env=ENV)
    assert result.exit_code == 0, result.output
    assert (
        "22 events, 17 candidate pairs with reversed roles within 14.0 d (5 of them dated to "
        "overlapping windows); 13 link(s)"
    ) in result.output
    assert "order 'unknown': the two events' dates overlap" in result.output
    assert "ev_2023_03_24_conoco_rockets" in result.output
    assert "Dry run: nothing was written." in result.output
    assert _snapshot(hidden) == before


def test_link_writes_once_then_changes_nothing(hidden: str) -> None:
    first = runner.invoke(app, ["link", "-g", hidden], env=ENV)
    assert first.exit_code == 0, first.output
    assert "Wrote 13 new inferred link(s), rewrote 0 already stored" in first.output
    snap = _snapshot(hidden)
    second = runner.invoke(app, ["link", "-g", hidden], env=ENV)
    assert "Wrote 0 new inferred link(s), rewrote 13 already stored" in second.output
    assert _snapshot(hidden) == snap


def test_options_change_what_is_proposed(hidden: str) -> None:
    strict = runner.invoke(
        app, ["link", "-g", hidden, "--dry-run", "--min-confidence", "0.7", "--no-hawkes"], env=ENV
    )
    assert "; 6 link(s) at score confidence >= 0.7." in strict.output
    assert "Hawkes fit" not in strict.output
    short = runner.invoke(app, ["link", "-g", hidden, "--dry-run", "--window", "12h"], env=ENV)
    assert "within 12 h (" in short.output
    hawkes = runner.invoke(
        app, ["link", "-g", hidden, "--dry-run", "--confidence", "hawkes"], env=ENV
    )
    assert "; 11 link(s) at hawkes confidence >= 0.3." in hawkes.output


def test_stated_links_are_untouched_and_explained_events_skipped(full: str) -> None:
    before = _snapshot(full)["RESPONDS_TO"]
    result = runner.invoke(app, ["link", "-g", full], env=ENV)
    assert "0 link(s)" in result.output
    assert _snapshot(full)["RESPONDS_TO"] == before
    more = runner.invoke(app, ["link", "-g", full, "--also-explained"], env=ENV)
    assert "Wrote 1 new inferred link(s)" in more.output
    after = _snapshot(full)["RESPONDS_TO"]
    assert set(before) < set(after)


def test_bad_window_is_refused(hidden: str) -> None:
    result = runner.invoke(app, ["link", "-g", hidden, "--window", "soon"], env=ENV)
    assert result.exit_code == 2
    assert "is not a duration" in result.output


def test_escalation_tables_and_json(full: str) -> None:
    result = runner.invoke(app, ["escalation", "-g", full], env=ENV)
    assert result.exit_code == 0, result.output
    assert "Chains" in result.output
    assert "us_coalition → iran_aligned → us_coalition" in result.output
    assert "Dyads (answered side → answering side)" in result.output
    data = json.loads(runner.invoke(app, ["escalation", "-g", full, "-f", "json"]).output)
    assert len(data["chains"]) == 3
    assert {d["answered_side"] for d in data["dyads"]} == {"us_coalition", "iran_aligned"}
    coded = runner.invoke(app, ["escalation", "-g", full, "--basis", "coded", "-f", "json"])
    assert sum(c["links"] for c in json.loads(coded.output)["chains"]) == 5
    hawkes = runner.invoke(app, ["escalation", "-g", full, "--hawkes"], env=ENV)
    assert "Hawkes: kernel mean lag" in hawkes.output


def test_escalation_on_a_graph_without_links(hidden: str) -> None:
    result = runner.invoke(app, ["escalation", "-g", hidden], env=ENV)
    assert result.exit_code == 0
    assert "No response links match; nothing to measure." in result.output


def test_escalation_fit_prints_the_model_and_its_goodness_of_fit(full: str) -> None:
    result = runner.invoke(app, ["escalation", "-g", full, "--fit"], env=ENV)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Hawkes model: branching ratio (row side → column side)" in out
    assert "Goodness of fit (22 events, dates as windows: 10 draw(s) of the times)" in out
    assert "time-rescaling residuals: KS statistic" in out
    assert "held-out log-likelihood, last" in out
    data = json.loads(runner.invoke(app, ["escalation", "-g", full, "--fit", "-f", "json"]).output)
    good = data["goodness_of_fit"]
    assert good["events"] == 22
    assert 0.0 <= good["ks_pvalue"] <= 1.0
    assert good["train_events"] + good["test_events"] <= 22
    assert data["hawkes"]["mean_lag_hours"] > 0


def test_evaluate_hides_the_stated_links_and_scores_three_methods(full: str) -> None:
    before = _snapshot(full)
    result = runner.invoke(app, ["link", "--evaluate", "-g", full], env=ENV)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "22 events; hidden and scored against: 14 links (9 stated, 5 coded)" in out
    assert "14 of them among the linker's candidate pairs" in out
    for method in ("tatgraph link", "nearest reversed dyad", "Hawkes attribution"):
        assert method in out
    for column in ("precision", "recall", "F1", "Brier", "ECE"):
        assert column in out
    assert "Nothing was written." in out
    assert _snapshot(full) == before


def test_evaluate_needs_stated_links(hidden: str) -> None:
    result = runner.invoke(app, ["link", "--evaluate", "-g", hidden], env=ENV)
    assert result.exit_code == 1
    assert "Nothing to evaluate: the graph holds no stated or coded links" in result.output
