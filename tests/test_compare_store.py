"""The comparison as a stage of the store: stored per story, reused while nothing changes,
exported, shown in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsprism.cli import main
from newsprism.compare.runner import run_compare
from newsprism.extract.runner import ingest
from newsprism.pipeline import update
from newsprism.settings import Settings, default_settings, load_settings
from newsprism.store import Store, open_store

REPORTS = [
    ("Harbour Daily", "Velmar approves container terminal",
     ["The port authority of Velmar approved a new container terminal on Tuesday.",
      "The terminal will cost 40 million euros, the authority said.",
      "Fishermen protested outside the town hall during the vote.",
      "\"Nobody is being forced to sell their land,\" Mayor Ilse Varga said."]),
    ("Coast Radio", "Port authority backs Velmar terminal",
     ["Velmar's port authority on Tuesday gave its approval to a new container terminal.",
      "The terminal will cost 45 million euros, the authority said.",
      "\"Nobody is forced to sell any land,\" Mayor Ilse Varga told reporters."]),
]


def compare_all(store: Store, settings: Settings | None = None) -> tuple[int, bool]:
    """The stories brought up to date, then compared: (stories compared now, whether any was)."""
    settings = settings or default_settings()
    update(store, settings, "stories")
    return run_compare(store, settings)


def _corpus(tmp_path: Path) -> str:
    lines = [json.dumps({"url": f"https://{outlet.split()[0].lower()}.example/terminal", "outlet": outlet,
                         "title": title, "published": "2024-03-05", "text": "\n\n".join(paragraphs)})
             for outlet, title, paragraphs in REPORTS]
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return str(path)


def test_comparisons_are_stored_and_reused_until_something_changes(tmp_path):
    db = tmp_path / "c.db"
    with open_store(db) as store:
        ingest([_corpus(tmp_path)], store, default_settings())
        assert compare_all(store) == (1, True)
        (story,) = store.stories()
        stored = store.comparison(story.id)
        assert stored is not None and stored.story == story.id
        assert compare_all(store) == (0, False)  # nothing changed
        # Other settings make a new comparison.
        assert compare_all(store, load_settings(compare={"digest_sentences": 1})) == (1, True)
        assert len(store.comparison(story.id).digest) <= 1
        assert store.integrity_ok()


def test_a_changed_outlet_name_is_compared_again(tmp_path):
    """The comparison shows outlet names: renaming one (re-ingested metadata, same text) must show."""
    db = tmp_path / "c.db"
    with open_store(db) as store:
        ingest([_corpus(tmp_path)], store, default_settings())
        assert compare_all(store) == (1, True)
        article = next(a for a in store.iter_articles() if a.outlet == "Coast Radio")
        with store.transaction():
            store.conn.execute("UPDATE articles SET outlet = ? WHERE id = ?", ("Coast Radio FM", article.id))
        assert compare_all(store) == (1, True)
        (story,) = store.stories()
        assert "Coast Radio FM" in {o.outlet for o in store.comparison(story.id).outlets}
        assert compare_all(store) == (0, False)


def test_compare_command_and_export(tmp_path):
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", _corpus(tmp_path), "--db", db, "--quiet"]).exit_code == 0
    listed = json.loads(runner.invoke(main, ["stories", "--db", db, "--json"]).stdout)
    story_id = listed[0]["id"]

    shown = runner.invoke(main, ["compare", story_id[:10], "--db", db], terminal_width=160)
    assert shown.exit_code == 0, shown.output
    for section in ("outlets", "digest", "statements carried by two outlets or more", "disagreements", "timeline"):
        assert section in shown.stdout
    assert "Harbour Daily" in shown.stdout and "Coast Radio" in shown.stdout

    as_json = json.loads(runner.invoke(main, ["compare", story_id, "--db", db, "--json"]).stdout)
    assert as_json["story"] == story_id and {o["outlet"] for o in as_json["outlets"]} == {"Harbour Daily",
                                                                                           "Coast Radio"}
    out = tmp_path / "comparisons.jsonl"
    exported = runner.invoke(main, ["export", "comparisons", "--db", db, "--out", str(out)])
    assert exported.exit_code == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["story"] for r in rows] == [story_id]
    assert set(rows[0]) == {"story", "outlets", "statements", "facts", "disagreements", "framing", "timeline",
                            "digest", "notes"}


def test_compare_names_the_fix_for_a_wrong_story_id(tmp_path):
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    runner.invoke(main, ["ingest", _corpus(tmp_path), "--db", db, "--quiet"])
    result = runner.invoke(main, ["compare", "story-nope", "--db", db])
    assert result.exit_code == 2
    assert "no story with id" in result.stderr and "newsprism stories" in result.stderr


def test_compare_on_an_empty_store_exports_nothing(tmp_path):
    db = str(tmp_path / "empty.db")
    with open_store(db):
        pass
    result = CliRunner().invoke(main, ["export", "comparisons", "--db", db])
    assert result.exit_code == 0 and result.stdout == ""
