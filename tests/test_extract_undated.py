"""Reports without a publication date, interceptions, places beyond the gazetteer, long texts.

Every sentence here was written for these tests (none comes from a real report).
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tatgraph.cli import app
from tatgraph.extract import ReportMeta, extract_text
from tatgraph.extract.dating import dateline, reference_of
from tatgraph.extract.parts import PART_CHARS, size_warning
from tatgraph.extract.records import ExtractedEvent
from tatgraph.extract.reports import meta_entry
from tatgraph.graph import open_store

UNDATED = ReportMeta("r.txt", None)
DATED = ReportMeta("r.txt", datetime(2024, 1, 10, tzinfo=UTC))
runner = CliRunner()


def one(text: str, meta: ReportMeta = DATED) -> ExtractedEvent:
    events = extract_text(text, meta)
    assert len(events) == 1, [e.summary_line() for e in events]
    return events[0]


# -- no publication date -----------------------------------------------------------------
def test_undated_report_keeps_absolute_dates_and_opens_relative_ones() -> None:
    text = (
        "سقطت أربعة صواريخ على قاعدة عين الأسد يوم 14 شباط 2022.\n"
        "وفي حادث آخر استهدفت طائرة مسيرة قاعدة التنف مساء أمس دون إصابات."
    )
    events = {e.site: e for e in extract_text(text, UNDATED)}
    assert events["ain_al_asad"].date_start == date(2022, 2, 14)
    tanf = events["al_tanf"]
    assert (tanf.start, tanf.end, tanf.date_start) == (None, None, None)
    assert (tanf.precision.value, tanf.date_basis) == ("unknown", "open")
    assert tanf.date_note is not None
    assert "«مساء أمس»" in tanf.date_note
    assert tanf.to_json()["date_start"] is None


def test_a_dateline_in_the_text_stands_in_for_the_publication_date() -> None:
    text = "تاريخ النشر: 12 آذار 2020\nقصفت طائرات مجهولة مواقع في البوكمال فجر أمس."
    assert dateline(text) == date(2020, 3, 12)
    ev = one(text, UNDATED)
    assert ev.date_start == date(2020, 3, 11)
    assert reference_of(text, UNDATED).basis == "dateline"


def test_the_earliest_head_date_is_the_articles_not_the_pages() -> None:
    text = "الجمعة 22 تشرين الثاني 2024\nالأحد 3 آذار 2024\nقصف صاروخي استهدف حقل العمر اليوم."
    assert dateline(text) == date(2024, 3, 3)


def test_a_publication_month_makes_a_month_window() -> None:
    meta = meta_entry({"file": "m.txt", "published": "2024-02"})
    assert meta.published is None
    assert meta.period == (date(2024, 2, 1), date(2024, 2, 29))
    ev = one("أفادت مصادر محلية بسقوط صاروخين على قاعدة الشدادي ليل السبت.", meta)
    assert (ev.date_start, ev.date_end, ev.precision.value) == (
        date(2024, 2, 1),
        date(2024, 2, 29),
        "month",
    )
    absolute = one("سقط صاروخان على قاعدة الشدادي في 9 شباط.", meta)
    assert absolute.date_start == date(2024, 2, 9)  # the month gives the missing year


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "dated.txt").write_text(
        "أعلنت القيادة المركزية أن ثلاثة صواريخ سقطت على حقل كونيكو مساء الأحد.", encoding="utf-8"
    )
    (tmp_path / "undated.txt").write_text(
        "قالت مصادر أمنية إن عبوة ناسفة استهدفت رتلا للتحالف الدولي قرب مدينة الرمادي صباح اليوم.",
        encoding="utf-8",
    )
    (tmp_path / "meta.yaml").write_text(
        "- file: dated.txt\n  outlet: Reuters\n  published: 2024-01-08\n"
        "- file: undated.txt\n  outlet: Anadolu\n  published_basis: 'unknown: no date'\n",
        encoding="utf-8",
    )
    return tmp_path


def test_extract_cli_extracts_every_report_and_says_which_dates_stayed_open(
    folder: Path,
) -> None:
    out = folder / "events.jsonl"
    files = [str(folder / "dated.txt"), str(folder / "undated.txt")]
    result = runner.invoke(
        app, ["extract", *files, "--meta", str(folder / "meta.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # rich wraps long lines
    assert "2 events from 2 report(s)" in text
    assert "warning: undated.txt: no publication date in the metadata or the text" in text
    assert "undated.txt: ied at Ramadi left undated" in text
    assert "«صباح اليوم»" in text
    assert "warning: dated.txt" not in text
    reports = {line.split('"report": "')[1].split('"')[0] for line in out.read_text().splitlines()}
    assert reports == {"dated.txt", "undated.txt"}


def test_load_reports_stores_an_event_with_an_open_date(folder: Path) -> None:
    graph = folder / "g.lbdb"
    files = [str(folder / "dated.txt"), str(folder / "undated.txt")]
    result = runner.invoke(
        app, ["load", "reports", *files, "--meta", str(folder / "meta.yaml"), "-g", str(graph)]
    )
    assert result.exit_code == 0, result.output
    with open_store(str(graph), read_only=True) as store:
        rows = store.read(
            "MATCH (e:Event)-[:AT]->(s:Site) WHERE e.start_utc IS NULL "
            "RETURN e.precision AS p, s.id AS site, s.lat AS lat"
        )
    assert rows == [{"p": "unknown", "site": "ramadi", "lat": pytest.approx(33.42, abs=0.01)}]


# -- interceptions -----------------------------------------------------------------------
def test_an_interception_is_an_intercept_event_against_the_defender() -> None:
    ev = one(
        "أسقطت الدفاعات الجوية الأمريكية طائرتين مسيرتين حاولتا استهداف قاعدة التنف فجر اليوم."
    )
    assert ev.kind.value == "intercept"
    assert ev.site == "al_tanf"
    assert ev.perpetrator is None
    assert ev.target_side == "us_coalition"
    assert ev.munitions == {"drones": 2, "intercepted": 2}


def test_interception_and_impacts_of_one_salvo_stay_one_event() -> None:
    events = extract_text(
        "سقطت ثلاثة صواريخ على قاعدة عين الأسد مساء الخميس، فيما اعترضت منظومة الدفاع "
        "صاروخين آخرين قبل وصولهما.",
        DATED,
    )
    assert len(events) == 1
    assert events[0].kind.value == "rocket_attack"
    assert events[0].munitions == {"intercepted": 2, "rockets": 3}


# -- places beyond the gazetteer ---------------------------------------------------------
def test_a_town_of_the_place_table_is_the_events_site_with_its_coordinates() -> None:
    ev = one("انفجرت عبوة ناسفة على رتل للتحالف الدولي في مدينة الديوانية صباح اليوم.")
    assert ev.site == "al_diwaniyah"
    assert ev.geo_precision == 2
    assert (round(ev.site_lat or 0, 1), round(ev.site_lon or 0, 1)) == (32.0, 44.9)
    assert ev.to_json()["lat"] == ev.site_lat


def test_place_names_match_with_the_article_and_need_a_place_word_when_common() -> None:
    assert one("قصفت مسيرة مقرا في بلدة الحرير شمال أربيل.").site == "harir"
    assert one("قصفت مسيرة مقرا في حرير.").site == "harir"
    assert all(e.site != "baghdad_madinah" for e in extract_text("قصفت مسيرة المدينة.", DATED))
    assert one("قال مصدر إن صاروخا سقط في الشمال مساء اليوم.").site is None  # "the north"


def test_a_description_of_one_known_base_is_that_base_near_precision() -> None:
    ev = one("أصيب متعاقد بعد سقوط صواريخ على قاعدة عراقية في كركوك تضم جنودا من التحالف.")
    assert (ev.site, ev.geo_precision) == ("k1_kirkuk", 2)
    assert ev.site_note is not None
    assert "كركوك" in ev.site_note
    bare = one("سقط صاروخ على حي سكني في مدينة كركوك.")
    assert bare.site == "kirkuk"  # a bare town stays the town


# -- long texts --------------------------------------------------------------------------
BLOCK = "\n".join(
    [
        "أفادت مصادر محلية بسقوط ثلاثة صواريخ على قاعدة حقل العمر ليل الأحد، دون وقوع إصابات.",
        "وقالت القيادة المركزية الأمريكية إن قواتها أسقطت طائرتين مسيرتين قرب قاعدة التنف.",
        "وردت القوات الأمريكية بقصف مدفعي استهدف مواقع في بلدة الميادين فجر الاثنين.",
        "ويتوقع مراقبون أن تتصاعد الهجمات على القواعد الأمريكية في الأيام المقبلة.",
    ]
    * 4
)


def _calls(text: str) -> int:
    """Python function calls one extraction makes (a count of work, not a timing)."""
    extract_text(text, DATED)  # warm the memo tables
    n = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal n
        n += event == "call"

    sys.setprofile(count)
    try:
        extract_text(text, DATED)
    finally:
        sys.setprofile(None)
    return n


def test_extraction_work_grows_linearly_with_the_text() -> None:
    small = BLOCK * 4
    large = BLOCK * 64  # several parts of PART_CHARS characters
    assert len(large) > 2 * PART_CHARS
    per_char_small = _calls(small) / len(small)
    per_char_large = _calls(large) / len(large)
    assert per_char_large < 1.5 * per_char_small  # quadratic rules gave 10x and more


def test_a_concatenated_feed_keeps_every_reports_events() -> None:
    one_copy = extract_text(BLOCK, DATED)
    parts = [BLOCK.replace("الأحد", day) for day in ("الأحد", "السبت", "الجمعة", "الخميس")]
    feed = ("\n" + "ـ" * 10 + "\n").join(p * 8 for p in parts)
    events = extract_text(feed, DATED)
    omar_days = {e.date_start for e in events if e.site == "al_omar"}
    assert len(omar_days) == 4
    assert len(events) >= 4 * (len(one_copy) - 1)


def test_very_large_inputs_get_a_warning() -> None:
    assert size_warning(BLOCK) is None
    warning = size_warning("ا" * 1_200_000)
    assert warning is not None
    assert "very large input (2.4 MB)" in warning


# -- coding sheets out of the extractor --------------------------------------------------
def test_extract_sheet_loads_back_as_curated_without_loss(folder: Path) -> None:
    from tatgraph.extract.pipeline import extract_reports
    from tatgraph.extract.resolve import ReportResult, resolve
    from tatgraph.loaders.curated import load_sheets

    (folder / "dated.txt").write_text(
        "أعلنت القيادة المركزية أن ثلاثة صواريخ سقطت على حقل كونيكو مساء الأحد دون إصابات. "
        "وردت القوات الأمريكية بقصف مدفعي على مواقع في بلدة الميادين رداً على الهجوم.",
        encoding="utf-8",
    )
    sheet = folder / "sheet.yaml"
    files = [str(folder / "dated.txt"), str(folder / "undated.txt")]
    meta = str(folder / "meta.yaml")
    result = runner.invoke(app, ["extract", *files, "--meta", meta, "--sheet", str(sheet)])
    assert result.exit_code == 0, result.output
    loaded = load_sheets([sheet]).dataset
    done = extract_reports([Path(f) for f in files], Path(meta), None, None)
    from tatgraph.extract.reports import make_source

    direct = resolve([ReportResult(make_source(m, t), evs) for _, m, t, evs in done])

    def plain(ds: object) -> dict[str, list[dict[str, object]]]:
        assert hasattr(ds, "events")
        strip = {"quote", "method"}  # quoted text comes back with --reports; method names the sheet
        return {
            kind: sorted(
                (
                    {k: v for k, v in r.model_dump().items() if k not in strip}
                    for r in getattr(ds, kind)
                ),
                key=str,
            )
            for kind in ("sources", "sites", "events", "claims", "links")
        }

    assert plain(loaded) == plain(direct)
    assert any(e.precision.value == "unknown" for e in loaded.events)
    assert any(s.id == "ramadi" for s in loaded.sites)
    assert loaded.links  # the stated response survives
    text = sheet.read_text(encoding="utf-8")
    assert "confidence:" in text
    assert "evidence:" in text
