"""The README's Python API example runs as written, on the demo corpus."""

from __future__ import annotations

import contextlib
import io
import re
import shutil

from conftest import DEMO, REPO


def test_the_python_api_example_runs(tmp_path, monkeypatch):
    readme = (REPO / "README.md").read_text("utf-8")
    code = re.search(r"## Python API.*?```python\n(.*?)```", readme, re.S)
    assert code, "the README has a Python API example"
    monkeypatch.chdir(tmp_path)
    shutil.copytree(DEMO, tmp_path / "clips")
    (tmp_path / "export.jsonl").write_text("", "utf-8")
    (tmp_path / "my-settings.toml").write_text("[stories]\nidle_days = 14\n", "utf-8")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code.group(1), "README.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert lines[0].split()[0].isdigit() and int(lines[0].split()[0]) > 0  # articles added
    assert len(lines) > 2  # one line per story, with its first digest sentence
