"""Every command takes the run's settings the same way: from --config, else from $NEWSPRISM_CONFIG, else the
packaged defaults; a bad or missing file stops any command with exit 2 and one line naming it.

Each command is run through both routes with a file whose settings change what that command computes, and
the two answers must be equal to each other and differ from the defaults' answer."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DEMO
from newsprism.cli import main
from newsprism.settings import ENV_VAR

# One unlisted setting, one out of range, one of the wrong type, one unknown section: each must stop a run.
BAD_FILES = {
    "unknown key": ("[stories]\nthresh = 0.5\n", "no setting 'thresh'"),
    "out of range": ("[ingest]\nbatch_size = 0\n", "batch_size must be 1 or more"),
    "negative size": ("[ingest]\nmax_item_bytes = -5\n", "max_item_bytes must be 1 or more"),
    "wrong type": ('[annotate]\nworkers = "all"\n', "workers must be a whole number"),
    "unknown section": ("[storiez]\nthreshold = 0.5\n", "unknown section [storiez]"),
    "not TOML": ("[stories\n", "not valid TOML"),
}

# Every command, as a user would type it after the store exists (ID and STORY are filled in).
COMMANDS = [
    ["ingest", "DEMO"], ["annotate"], ["run", "DEMO"], ["list"], ["show", "ID"], ["search", "harbour"],
    ["copies"], ["stories"], ["story", "STORY"], ["compare", "STORY"], ["export", "articles"],
    ["export", "copies"], ["export", "stories"], ["export", "comparisons"], ["report", "--out", "REPORT"],
    ["serve", "--port", "1"], ["demo"], ["eval", "extraction", "--data", "DATA"],
    ["eval", "quotes", "--data", "DATA"], ["eval", "copies", "--data", "DATA"], ["eval", "entities", "--data", "DATA"],
    ["eval", "dates", "--data", "DATA"], ["eval", "stories", "--data", "DATA"], ["eval", "loaded", "--data", "DATA"],
    ["eval", "compare", "--data", "DATA"], ["eval", "loaded-words", "--data", "DATA"],
    ["eval", "paraphrase", "--data", "DATA"], ["eval", "paraphrase-cuts", "--data", "DATA"],
    ["eval", "cues", "--data", "DATA"], ["eval", "facts", "--data", "DATA"], ["eval", "ner", "--data", "DATA"],
    ["eval", "ner-train", "--data", "DATA"], ["eval", "role-labels", "--data", "DATA", "--language", "ru"],
    ["eval", "worded-dates", "--data", "DATA"], ["eval", "similarity", "--data", "DATA"], ["watch", "DEMO", "--once"],
    ["spark", "DEMO", "--master", "local[1]"], ["load", "DIR"],
]


def test_the_matrix_names_every_command():
    listed = {(name,) for name, c in main.commands.items() if not hasattr(c, "commands")}
    listed |= {(name, sub) for name, c in main.commands.items() for sub, s in getattr(c, "commands", {}).items()
               if not s.hidden}
    covered = {tuple(a for a in command if a.islower() and not a.startswith("--"))[:2] for command in COMMANDS}
    covered = {c if c[0] in ("export", "eval") else c[:1] for c in covered}
    assert listed == covered


def run_cli(args: list[str], config: Path | None = None, via: str = "option"):
    """One invocation with ``config`` given by --config (``via`` "option") or by the environment ("env")."""
    env = {ENV_VAR: None}
    if config is not None and via == "env":
        env[ENV_VAR] = str(config)
    prefix = ["--config", str(config)] if config is not None and via == "option" else []
    return CliRunner().invoke(main, prefix + args, env=env)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus ingested and annotated once; each test copies it before changing it."""
    db = tmp_path_factory.mktemp("matrix") / "demo.db"
    assert run_cli(["ingest", str(DEMO), "--db", str(db), "--quiet", "--no-fetch-pages"]).exit_code == 0
    assert run_cli(["annotate", "--db", str(db), "--quiet"]).exit_code == 0
    return db


def fresh_copy(demo_store: Path, tmp_path: Path, name: str) -> str:
    target = tmp_path / f"{name}.db"
    shutil.copy(demo_store, target)
    return str(target)


def config_file(tmp_path: Path, text: str, name: str = "settings.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def filled(args: list[str], db: str | None, tmp_path: Path) -> list[str]:
    values = {"DEMO": str(DEMO), "ID": "0", "STORY": "0", "REPORT": str(tmp_path / "report"), "DATA": str(tmp_path),
              "DIR": str(tmp_path)}
    out = [values.get(a, a) for a in args]
    return out + (["--db", db] if db and args[0] not in ("demo", "eval") else [])


# -- a bad or missing file stops every command, by both routes ------------------------------------------
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
@pytest.mark.parametrize("via", ["option", "env"])
def test_every_command_refuses_a_bad_or_missing_config(command, via, tmp_path):
    db = str(tmp_path / "never-created.db")
    for name, (text, reason) in BAD_FILES.items():
        path = config_file(tmp_path, text, f"{name.replace(' ', '-')}.toml")
        result = run_cli(filled(command, db, tmp_path), path, via)
        assert result.exit_code == 2, (name, result.output)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and reason in lines[0] and str(path) in lines[0], (name, result.stderr)
    missing = run_cli(filled(command, db, tmp_path), tmp_path / "nonexistent.toml", via)
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    assert not Path(db).exists(), "a refused run must not create or touch the store"


def test_an_empty_environment_variable_means_no_file(tmp_path):
    result = CliRunner().invoke(main, ["list", "--db", str(tmp_path / "none.db")], env={ENV_VAR: ""})
    assert result.exit_code == 2 and "does not exist" in result.stderr and "config" not in result.stderr


def test_the_option_wins_over_the_environment(tmp_path):
    good = config_file(tmp_path, "[stories]\nthreshold = 0.5\n", "good.toml")
    bad = config_file(tmp_path, "[stories]\nthresh = 0.5\n", "bad.toml")
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(main, ["--config", str(good), "ingest", str(DEMO / "README.md"), "--db", db],
                                env={ENV_VAR: str(bad)})
    assert result.exit_code in (0, 1) and "thresh" not in result.stderr


# -- a valid file changes what each command computes, the same by both routes -------------------------
def both_routes(args_for, tmp_path: Path, text: str) -> tuple[str, str]:
    """The command's stdout under ``text`` given by --config and by the environment (each on its own store)."""
    path = config_file(tmp_path, text)
    outputs = []
    for via in ("option", "env"):
        result = run_cli(args_for(via), path, via)
        assert result.exit_code == 0, (via, result.output)
        outputs.append(result.stdout)
    return outputs[0], outputs[1]


def test_ingest_honours_the_file(demo_store, tmp_path):
    def args(via: str) -> list[str]:
        return ["ingest", str(DEMO), "--db", str(tmp_path / f"{via}.db"), "--json", "--no-fetch-pages"]

    small = "[ingest]\nmax_item_bytes = 100\n"
    path = config_file(tmp_path, small)
    reports = [json.loads(run_cli(args(via), path, via).stdout) for via in ("option", "env")]
    assert reports[0]["failed"] == reports[1]["failed"] > 0
    assert all("too large" in item["reason"] or "bytes" in item["reason"]
               for item in reports[0]["items"] if item["status"] == "failed")
    default = json.loads(run_cli(args("default") + []).stdout)
    assert default["failed"] == 0


def test_annotate_honours_the_file(demo_store, tmp_path):
    # No annotate setting changes what is read, only how (batches, processes): each route reads every article.
    text = "[annotate]\nbatch_size = 3\nworkers = 1\n"
    path = config_file(tmp_path, text)
    counts = []
    for via in ("option", "env"):
        db = fresh_copy(demo_store, tmp_path, via)
        result = run_cli(["annotate", "--db", db, "--force", "--json"], path, via)
        assert result.exit_code == 0, result.output
        counts.append(json.loads(result.stdout)["annotated"])
    assert counts[0] == counts[1] > 0


def test_copies_honour_the_file(demo_store, tmp_path):
    strict = "[copies]\nmin_shared_sentences = 1000\nmin_shared_chars = 1000000\n"

    def args(via: str) -> list[str]:
        return ["copies", "--db", fresh_copy(demo_store, tmp_path, via), "--json"]

    option, env = both_routes(args, tmp_path, strict)
    assert option == env and json.loads(option)["links"] == []
    assert json.loads(run_cli(args("default")).stdout)["links"]
    exported = [run_cli(["export", "copies", "--db", fresh_copy(demo_store, tmp_path, f"x-{via}")],
                        config_file(tmp_path, strict), via).stdout for via in ("option", "env")]
    assert exported == ["", ""]


# Every article its own story, save copies, which always join their source's.
APART = "[stories]\nlink_threshold = 1.0\nsecond_link_threshold = 1.0\nduplicate_threshold = 1.0\n"


def test_stories_story_and_export_honour_the_file(demo_store, tmp_path):
    def args(via: str) -> list[str]:
        return ["stories", "--db", fresh_copy(demo_store, tmp_path, via), "--json"]

    option, env = both_routes(args, tmp_path, APART)
    assert option == env
    apart, default = json.loads(option), json.loads(run_cli(args("default")).stdout)
    assert len(apart) > len(default)
    path = config_file(tmp_path, APART)
    for via in ("option", "env"):
        db = str(tmp_path / f"{via}.db")  # grouped by this route above
        story = apart[0]
        shown = json.loads(run_cli(["story", story["id"], "--db", db, "--json"], path, via).stdout)
        assert shown["articles"] == story["articles"]
        exported = run_cli(["export", "stories", "--db", db], path, via).stdout.splitlines()
        assert [json.loads(line)["id"] for line in exported] == [s["id"] for s in apart]


def test_compare_and_export_comparisons_honour_the_file(demo_store, tmp_path):
    short = "[compare]\ndigest_sentences = 1\n"
    default_db = fresh_copy(demo_store, tmp_path, "default")
    story = json.loads(run_cli(["stories", "--db", default_db, "--json"]).stdout)[0]["id"]

    def args(via: str) -> list[str]:
        return ["compare", story, "--db", fresh_copy(demo_store, tmp_path, via), "--json"]

    option, env = both_routes(args, tmp_path, short)
    assert option == env and len(json.loads(option)["digest"]) == 1
    assert len(json.loads(run_cli(args("default")).stdout)["digest"]) > 1
    path = config_file(tmp_path, short)
    for via in ("option", "env"):
        rows = run_cli(["export", "comparisons", "--db", fresh_copy(demo_store, tmp_path, f"x-{via}")],
                       path, via).stdout.splitlines()
        assert rows and all(len(json.loads(row)["digest"]) <= 1 for row in rows)


def test_report_honours_the_file(demo_store, tmp_path):
    short = "[compare]\ndigest_sentences = 1\n"
    pages = {}
    for via in ("option", "env", "default"):
        out = tmp_path / f"report-{via}"
        config = config_file(tmp_path, short) if via != "default" else None
        result = run_cli(["report", "--db", fresh_copy(demo_store, tmp_path, via), "--out", str(out)], config, via)
        assert result.exit_code == 0, result.output
        pages[via] = {p.name: p.read_text("utf-8") for p in sorted((out / "stories").glob("*.html"))}
    assert pages["option"] == pages["env"] and pages["option"] != pages["default"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("via", ["option", "env"])
def test_serve_honours_the_file(demo_store, tmp_path, via):
    db = fresh_copy(demo_store, tmp_path, via)
    path = config_file(tmp_path, "[compare]\ndigest_sentences = 1\n")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    args = [sys.executable, "-m", "newsprism"]
    if via == "option":
        args += ["--config", str(path)]
    else:
        env[ENV_VAR] = str(path)
    server = subprocess.Popen(args + ["serve", "--db", db, "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories", timeout=5) as reply:
                    listing = json.load(reply)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
        story = listing["stories"][0]["id"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories/{story}", timeout=10) as reply:
            page = json.load(reply)
        assert len(page["comparison"]["digest"]) == 1
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_demo_honours_the_file(compared_demo_db, tmp_path):
    def args(via: str) -> list[str]:
        return ["demo", "--db", str(tmp_path / f"{via}.db"), "--json"]

    option, env = both_routes(args, tmp_path, APART)
    assert option == env
    with_file = json.loads(option)
    default = json.loads(run_cli(["stories", "--db", str(compared_demo_db), "--json"]).stdout)
    assert len(with_file["stories"]) > len(default)


def test_run_honours_the_file(tmp_path):
    def args(via: str) -> list[str]:
        return ["run", str(DEMO), "--db", str(tmp_path / f"{via}.db"), "--json"]

    option, env = both_routes(args, tmp_path, APART)
    assert option == env
    default = json.loads(run_cli(args("default")).stdout)
    assert json.loads(option)["stories"] > default["stories"]


def test_eval_copies_and_eval_stories_honour_the_file(tmp_path):
    """A tiny ECB+-shaped corpus: two reports of one event sharing wire text, one of another event."""
    wire = ("Rescue teams reached the village of Osterby on Tuesday after floods cut the only road, officials said. "
            "More than two hundred homes were evacuated overnight as the river rose above its banks. ")
    docs = [
        {"doc": "1_1ecb", "topic": 1, "subtopic": "1ecb", "kind": "ecb", "text": wire + "Schools stayed closed."},
        {"doc": "1_2ecb", "topic": 1, "subtopic": "1ecb", "kind": "ecb", "text": wire + "Roads reopened at night."},
        {"doc": "1_3ecbplus", "topic": 1, "subtopic": "1ecbplus", "kind": "ecbplus",
         "text": "A wildfire near Lindholm forced two thousand people from their homes on Friday, firefighters said."},
    ]
    (tmp_path / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs), "utf-8")
    strict = "[copies]\nmin_shared_sentences = 1000\nmin_shared_chars = 1000000\n" + APART
    args = ["eval", "copies", "--data", str(tmp_path), "--json"]
    option, env = both_routes(lambda via: args, tmp_path, strict)
    assert json.loads(option)["links"] == json.loads(env)["links"] == 0
    assert json.loads(run_cli(args).stdout)["links"] >= 1
    grouped = ["eval", "stories", "--data", str(tmp_path), "--json", "--cache", str(tmp_path / "cache")]
    option, env = both_routes(lambda via: grouped, tmp_path, strict)
    assert json.loads(option)["params"] == json.loads(env)["params"]
    assert json.loads(option)["params"]["link_threshold"] == 1.0
    assert json.loads(run_cli(grouped).stdout)["params"]["link_threshold"] < 1.0
