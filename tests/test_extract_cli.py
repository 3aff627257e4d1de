"""``tatgraph extract`` and ``tatgraph load reports`` through a local typer app.

The main CLI registers these functions itself; here a small app wraps them the same way,
and :func:`run_main` turns domain errors into output as ``tatgraph.cli.main`` does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from conftest import StoreFactory
from typer.testing import CliRunner, Result

from tatgraph.errors import TatgraphError
from tatgraph.extract.cli import extract, load_reports

app = typer.Typer()
app.command("extract")(extract)
load_app = typer.Typer()
load_app.command("reports")(load_reports)
app.add_typer(load_app, name="load")
runner = CliRunner()

REPORT = (
    "أفادت مصادر محلية بسقوط ثلاثة صواريخ على حقل كونيكو ليل الأحد، دون وقوع إصابات. "
    "وردت القوات الأمريكية بقصف مدفعي على مواقع في بلدة الميادين فجر الاثنين."
)
OTHER = "قال البنتاغون إن صواريخ سقطت داخل حقل كونيكو مساء الأحد وأصيب جندي أمريكي بجروح طفيفة."


def run_main(args: list[str]) -> tuple[int, str]:
    """Exit code and output, with domain errors reported as tatgraph.cli.main does."""
    result: Result = runner.invoke(app, args)
    if isinstance(result.exception, TatgraphError):
        return 1, f"error: {result.exception}"
    return result.exit_code, result.output


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "meta.yaml").write_text(
        "- file: a.txt\n  outlet: Al-Akhbar\n  published: 2024-01-08\n  published_basis: inferred\n"
        "- file: b.txt\n  outlet: Reuters\n  published: 2024-01-08T06:00:00Z\n",
        encoding="utf-8",
    )
    return tmp_path


def test_extract_writes_json_lines(reports: Path) -> None:
    out = reports / "out" / "events.jsonl"
    code, text = run_main(
        ["extract", str(reports / "a.txt"), "--meta", str(reports / "meta.yaml"), "-o", str(out)]
    )
    assert code == 0, text
    assert "2 events from 1 report(s)" in text
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_site = {r["site"]: r for r in rows}
    assert set(by_site) == {"conoco", "al_mayadin"}
    rockets = by_site["conoco"]
    assert (rockets["kind"], rockets["date_start"], rockets["munitions"]) == (
        "rocket_attack",
        "2024-01-07",
        {"rockets": 3},
    )
    assert rockets["claims"][0]["claimant"] == "local_sources"
    assert rockets["claims"][0]["injured"] == 0
    assert by_site["al_mayadin"]["responds_to"] == rockets["id"]
    assert by_site["al_mayadin"]["response_cue"] == "وردت"[1:]
    for r in rows:
        for item in r["claims"] + r["evidence"]:
            assert REPORT[item["start"] : item["end"]] == item["quote"]


def test_extract_with_published_for_a_single_report(reports: Path) -> None:
    code, text = run_main(["extract", str(reports / "a.txt"), "--published", "2024-01-08"])
    assert code == 0
    first = json.loads(next(line for line in text.splitlines() if line.startswith("{")))
    assert first["report"] == "a.txt"
    assert first["date_start"] == "2024-01-07"


def test_extract_without_a_publication_date_still_extracts(reports: Path) -> None:
    code, text = run_main(["extract", str(reports / "a.txt")])
    assert code == 0
    flat = " ".join(text.split())
    assert "warning: a.txt: no publication date in the metadata or the text" in flat
    assert "left undated" in flat  # its weekdays cannot be resolved without a date
    assert '"date_start": null' in flat


def test_extract_rejects_a_bad_date_and_non_utf8(reports: Path) -> None:
    code, text = run_main(["extract", str(reports / "a.txt"), "--published", "yesterday"])
    assert code == 1
    assert text.startswith("error: --published: not a date, ISO date-time or month: 'yesterday'")
    bad = reports / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    code, text = run_main(["extract", str(bad), "--published", "2024-01-08"])
    assert (code, text) == (
        1,
        f"error: {bad}: not UTF-8 text (byte 0)\n  hint: save the report as UTF-8",
    )


def test_load_reports_merges_across_reports_and_is_idempotent(
    reports: Path, factory: StoreFactory
) -> None:
    graph = factory.uri
    args = [
        "load", "reports", str(reports / "a.txt"), str(reports / "b.txt"),
        "--meta", str(reports / "meta.yaml"), "-g", str(graph),
    ]  # fmt: skip
    code, first = run_main(args)
    assert code == 0, first
    assert "Loaded 2 events, 3 claims, 1 stated links and 2 sources from 2 report(s)" in first
    code, second = run_main(args)
    assert code == 0
    assert "0 events new, 2 already present" in second.replace("\n", "")
    with factory.open() as store:
        rows = store.read(
            "MATCH (e:Event)-[:AT]->(s:Site {id: 'conoco'}) "
            "RETURN e.injured_low AS lo, e.injured_high AS hi, e.munitions AS m"
        )
    assert rows == [{"lo": 0, "hi": 1, "m": '{"rockets": 3}'}]
