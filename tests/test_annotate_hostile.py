"""``newsprism annotate`` on articles whose metadata is at the edge of what is valid: one article's
fault is that article's failure, never the run's (real store, real model)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsprism.cli import main


def test_dates_at_the_ends_of_the_calendar_do_not_stop_annotate(tmp_path: Path) -> None:
    records = [
        {"url": "https://a.example/1", "title": "Old", "published": "0001-01-01", "outlet": "Old",
         "text": "The minister said yesterday that the talks would resume. He spoke last month."},
        {"url": "https://a.example/2", "title": "Far", "published": "9999-12-31", "outlet": "Far",
         "text": "The minister said the talks would resume next Monday, and again next year."},
        {"url": "https://a.example/3", "title": "Plain", "published": "2024-05-02", "outlet": "Plain",
         "text": "The minister said yesterday that the talks would resume in Geneva next week."},
    ]
    source = tmp_path / "edge.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(source), "--db", db, "-q"]).exit_code == 0
    result = runner.invoke(main, ["annotate", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["annotated"] == 3
    shown = runner.invoke(main, ["list", "--db", db, "--json"])
    assert shown.exit_code == 0


def test_a_fault_reading_one_article_becomes_its_reported_failure() -> None:
    from newsprism.annotate.annotator import annotate_or_report, is_current

    text = "First sentence. Second one."
    # Not a parse: reading it fails inside the annotator, as an unforeseen fault would.
    result = annotate_or_report(text, "en", doc="not a parse", published=None)
    assert result.failure is not None and "Error" in result.failure
    assert result.sentences == ((0, 15), (16, 27))
    assert not is_current(result.text_hash, text, None)  # read again on the next run
