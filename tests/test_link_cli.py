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
    assert "22 events, 20 candidate pairs with reversed roles within 14.0 d; 10 link(s)" in (
        result.output
    )
    assert "ev_2023_03_24_conoco_rockets" in result.output
    assert "Dry run: nothing was written." in result.output
    assert _snapshot(hidden) == before


def test_link_writes_once_then_changes_nothing(hidden: str) -> None:
    first = runner.invoke(app, ["link", "-g", hidden], env=ENV)
    assert first.exit_code == 0, first.output
    assert "Wrote 10 new inferred link(s), rewrote 0 already stored" in first.output
    snap = _snapshot(hidden)
    second = runner.invoke(app, ["link", "-g", hidden], env=ENV)
    assert "Wrote 0 new inferred link(s), rewrote 10 already stored" in second.output
    assert _snapshot(hidden) == snap


def test_options_change_what_is_proposed(hidden: str) -> None:
    strict = runner.invoke(
        app, ["link", "-g", hidden, "--dry-run", "--min-confidence", "0.7", "--no-hawkes"], env=ENV
    )
    assert "; 7 link(s) at score confidence >= 0.7." in strict.output
    assert "Hawkes fit" not in strict.output
    short = runner.invoke(app, ["link", "-g", hidden, "--dry-run", "--window", "12h"], env=ENV)
    assert "within 12 h;" in short.output
    hawkes = runner.invoke(
        app, ["link", "-g", hidden, "--dry-run", "--confidence", "hawkes"], env=ENV
    )
    assert "; 7 link(s) at hawkes confidence >= 0.5." in hawkes.output


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
