"""The layout reads as the pipeline: checked on the import graph of the package itself."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsprism"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
# The stage packages, in pipeline order.
STAGES = ("sources", "extract", "annotate", "copies", "stories", "compare")
# Modules that may run a stage (and so read or write the store): the chain, the surfaces, the demo,
# the watcher, the pipeline on Spark.
CALLERS = ("newsprism.pipeline", "newsprism.demo", "newsprism.cli", "newsprism.__main__", "newsprism.watch",
           "newsprism.spark")


def part(name: str) -> str:
    """The top-level package or module of newsprism a module belongs to ("" for the package itself)."""
    return name.split(".")[1] if "." in name else ""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """Every newsprism module ``name`` imports, at its top or inside a function."""
    path = MODULES[name]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in MODULES else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def test_no_import_cycle_inside_the_package():
    # Depth-first search with colours: grey on the stack, black done.
    colour: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        colour[node] = "grey"
        for target in sorted(GRAPH[node]):
            if colour.get(target) == "grey":
                cycle = trail[trail.index(target):] + [target] if target in trail else [node, target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in colour:
                visit(target, trail + [target])
        colour[node] = "black"

    for name in sorted(GRAPH):
        if name not in colour:
            visit(name, [name])


def test_nothing_imports_the_cli_back():
    for name, targets in GRAPH.items():
        if not name.startswith(("newsprism.cli", "newsprism.__main__")):
            assert not {t for t in targets if t.startswith("newsprism.cli")}, name
        elif name.startswith("newsprism.cli.") and name != "newsprism.cli._util":
            # A command module leans on the shared helpers only, never on another command module.
            assert {t for t in targets if t.startswith("newsprism.cli")} <= {"newsprism.cli._util"}, name


def test_stages_are_chained_only_by_their_callers():
    runners = {name for name in MODULES if name.endswith(".runner")}
    assert {r.split(".")[1] for r in runners} == {"extract", "annotate", "copies", "stories", "compare"}
    for name, targets in GRAPH.items():
        called = {t for t in targets if t in runners}
        if name.startswith(CALLERS):
            continue
        assert not called, f"{name} runs another stage ({', '.join(sorted(called))}); only callers chain stages"


def test_only_runners_and_the_read_model_touch_the_store():
    allowed = ("newsprism.store", "newsprism.stage", "newsprism.views", "newsprism.web") + CALLERS
    for name, targets in GRAPH.items():
        if "newsprism.store" in targets or "newsprism.store.sqlite" in targets:
            assert name.endswith(".runner") or name.startswith(allowed), f"{name} reads the store"


def test_stages_never_read_the_environment():
    for name, path in MODULES.items():
        if part(name) in STAGES + ("pipeline", "stage", "views"):
            text = path.read_text("utf-8")
            assert "os.environ" not in text and "getenv" not in text, name


def test_stage_packages_import_only_earlier_stages():
    order = {stage: k for k, stage in enumerate(STAGES)}
    for name, targets in GRAPH.items():
        stage = part(name)
        if stage not in order:
            continue
        for target in targets:
            other = part(target)
            if other in order and other != stage and not name.endswith(".runner"):
                assert order[other] < order[stage], f"{name} imports the later stage {target}"


def test_the_architecture_page_matches_the_code():
    """Every path in the page's table exists; every top-level part of the package has a row; a stage
    package's row names each of its modules."""
    rows = [line for line in DOCS.read_text("utf-8").splitlines() if line.startswith("| `")]
    assert rows, "the page has its table of where things live"
    described: set[str] = set()
    for row in rows:
        first, *rest = re.findall(r"`([a-z_/.]+)`", row.split("|")[1]), row.split("|")[2]
        path = first[0]
        assert (PACKAGE / path).exists(), f"docs/architecture.md names {path}, which does not exist"
        described.add(path)
        if path.endswith("/"):
            named = set(re.findall(r"`([a-z_]+\.py)`", rest[0]))
            for module in named:
                assert (PACKAGE / path / module).exists(), f"docs/architecture.md names {path}{module}"
            if path.rstrip("/") in STAGES:
                present = {p.name for p in (PACKAGE / path).glob("*.py") if p.name != "__init__.py"}
                assert named == present, f"{path}: the page names {sorted(named)}, the code has {sorted(present)}"
    top = {p.name + ("/" if p.is_dir() else "") for p in PACKAGE.iterdir()
           if (p.suffix in (".py", ".toml") and p.name not in ("__init__.py", "__main__.py"))
           or (p.is_dir() and (p / "__init__.py").exists())}
    assert top == described, f"missing from the page: {sorted(top - described)}; gone from the code: " \
                             f"{sorted(described - top)}"


def test_the_command_starts_without_loading_the_stages():
    """`newsprism --help` or `list` need no numpy, spaCy or stage logic (the store reads and writes the stages'
    records, which are light): those load when a command runs a stage."""
    probe = ("import sys, newsprism.cli; "
             "print(sorted(m for m in ('numpy', 'spacy', 'newsprism.compare.story', 'newsprism.copies.finder', "
             "'newsprism.annotate.nlp', 'newsprism.views', 'newsprism.pipeline') if m in sys.modules))")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)})
    assert found.stdout.strip() == "[]", found.stdout
