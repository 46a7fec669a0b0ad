"""The command line, run in-process through click's runner."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from conftest import DEMO, REPO
from newsprism.cli import main

ARTICLE = (
    "Lighthouse keepers return to Skerry Point\n\nBy Ana Brix\n\n"
    "The coast authority said on Monday that two keepers would live at the Skerry Point lighthouse again "
    "from June, forty years after it was automated.\n\nSupport The Coast Weekly or become a member!\n"
)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_ingest_list_show_search_export(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, "utf-8")
    db = str(tmp_path / "s.db")
    result = invoke("ingest", str(src), "--db", db, "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["added"] == 1 and summary["failed"] == 0
    article_id = summary["items"][0]["article_id"]

    listed = json.loads(invoke("list", "--db", db, "--json").stdout)
    assert listed[0]["id"] == article_id and listed[0]["outlet"] == "The Coast Weekly"

    shown = invoke("show", article_id[:6], "--db", db)
    assert shown.exit_code == 0
    assert "Skerry Point lighthouse" in shown.stdout and "subscribe, share or donate prompt" in shown.stdout

    found = json.loads(invoke("search", "lighthouse", "--db", db, "--json").stdout)
    assert found[0]["id"] == article_id

    exported = invoke("export", "articles", "--db", db).stdout.strip().split("\n")
    record = json.loads(exported[0])
    for key in ("id", "origin", "url", "outlet", "title", "author", "published", "language", "text", "removed"):
        assert key in record
    assert record["author"] == "Ana Brix" and record["origin"] == str(src)
    assert {"text", "reason"} <= set(record["removed"][0])

    again = json.loads(invoke("ingest", str(src), "--db", db, "--json").stdout)
    assert again["unchanged"] == 1 and again["added"] == 0


def test_exit_codes(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE, "utf-8")
    db = str(tmp_path / "s.db")
    assert invoke("ingest", str(good), "--db", db, "--quiet").exit_code == 0
    partly = invoke("ingest", str(good), str(tmp_path / "missing.txt"), "--db", db)
    assert partly.exit_code == 1
    assert "missing.txt: no such file or directory" in partly.stderr
    usage = invoke("ingest", "--db", db)  # no SOURCE
    assert usage.exit_code == 2
    bad_store = invoke("ingest", str(good), "--db", str(tmp_path / "nowhere" / "s.db"))
    assert bad_store.exit_code == 2 and "does not exist" in bad_store.stderr
    assert "Traceback" not in bad_store.stderr
    missing = invoke("show", "abc", "--db", db)
    assert missing.exit_code == 2 and "no article with id" in missing.stderr
    no_store = invoke("list", "--db", str(tmp_path / "none.db"))
    assert no_store.exit_code == 2 and "run 'newsprism ingest" in no_store.stderr


def test_demo_command(tmp_path):
    result = invoke("demo", "--db", str(tmp_path / "demo.db"), "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    expected = json.loads((REPO / "examples" / "demo-expected.json").read_text("utf-8"))
    assert summary["articles"] == len(expected["articles"]) and summary["failed"] == 0
    assert summary["removed_by_reason"]
    # The main job ends with each story compared across its outlets.
    assert sorted(st["articles"] for st in summary["stories"]) == sorted(len(e["articles"]) for e in expected["events"])
    assert sum(st["disagreements"] for st in summary["stories"]) == len(expected["contradictions"])


def _all_commands() -> list[tuple[str, ...]]:
    """Every command and subcommand the CLI lists, read from the click group itself (an old name kept
    as a hidden alias is left out: its help is its new name's)."""
    import click

    found: list[tuple[str, ...]] = []
    for name, command in sorted(main.commands.items()):
        if isinstance(command, click.Group):
            found.extend((name, sub) for sub, c in sorted(command.commands.items()) if not c.hidden)
        else:
            found.append((name,))
    return found


def test_every_command_has_help_and_an_example():
    commands = _all_commands()
    assert ("compare",) in commands and ("export", "comparisons") in commands and ("eval", "loaded") in commands
    for command in commands:
        text = invoke(*command, "--help").stdout
        assert re.search(r"Examples?:", text) and f"newsprism {' '.join(command)}" in text, command


def test_readme_commands_match_ci():
    readme = (REPO / "README.md").read_text("utf-8")
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    test_command = re.search(r"<!-- test-command -->\s*```(?:bash|sh)?\n(.+?)\n```", readme, re.S)
    assert test_command, "README must show the test command in a marked block"
    assert test_command.group(1).strip() in ci
    for command in _all_commands():
        assert f"newsprism {' '.join(command)}" in readme, command
