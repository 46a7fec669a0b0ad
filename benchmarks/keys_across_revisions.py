"""Entity keys and canonical entities of this checkout next to an earlier revision's, on English corpora.

A change to how names are folded must leave the keys of English names where they were: stored
annotations keep their keys until they are annotated again. This reads BASIL's 150 articles and the
demo corpus with this checkout, then folds every entity name and mention, and runs the canonical pass,
once with REV's code and once with this checkout's, on the same entity lists. It also folds every
capitalised run of up to three words in PolNeAR's 924 articles (names and much else), as a wider check.

    python benchmarks/keys_across_revisions.py REV [--shared ../shared]

REV is any git revision (a commit before the change). Prints the counts; exits 1 when a key moved.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# Run once with each revision's package on the path: folds the names, re-keys the lists, canonicalises.
KEYED = """
import json, sys
from newsprism.annotate.canonical import canonicalise
from newsprism.annotate.entities import fold
data = json.load(open(sys.argv[1]))
out = {"folds": {n: fold(n) for n in data["names"]}, "groups": {}}
for corpus, lists in data["corpora"].items():
    keyed = [(a, [{**e, "key": fold(e["name"])} for e in ents]) for a, ents in lists]
    index = canonicalise(keyed)
    groups = {}
    for key, c in index.items():
        groups.setdefault(c.id, []).append(key)
    out["groups"][corpus] = sorted([c.id, c.name, c.type, sorted(groups[c.id])] for c in
                                   {c.id: c for c in index.values()}.values())
json.dump(out, open(sys.argv[2], "w"))
"""


def entity_lists(shared: Path) -> dict[str, list[tuple[str, list[dict[str, Any]]]]]:
    """BASIL and the demo corpus, annotated by this checkout."""
    from newsprism.annotate.runner import annotate
    from newsprism.evaluate.basil import load_basil, parse, read_corpus
    from newsprism.extract.runner import ingest
    from newsprism.settings import default_settings
    from newsprism.store import open_store

    articles = load_basil(shared / "data" / "basil")
    annotations, _ = read_corpus(articles, parse(articles))
    found = {"basil": [(a.id, [e.to_dict() for e in r.entities]) for a, r in zip(articles, annotations, strict=True)]}
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "demo.db") as store:
        settings = default_settings()
        ingest([str(REPO / "examples" / "demo")], store, settings, fetch_feed_pages=False)
        annotate(store, settings)
        found["demo"] = [(a, [e.to_dict() for e in ents]) for a, ents in store.iter_entity_lists()]
    return found


def capitalised_runs(shared: Path) -> set[str]:
    runs: set[str] = set()
    for path in sorted((shared / "data" / "polnear").rglob("*.txt")):
        runs.update(re.findall(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}", path.read_text(errors="replace")))
    return runs


def keyed(src: Path, data_file: Path, out_file: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    subprocess.run([sys.executable, "-c", KEYED, str(data_file), str(out_file)], env=env, check=True)
    result: dict[str, Any] = json.loads(out_file.read_text())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rev", help="the git revision to compare with, e.g. a commit before the change")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()

    corpora = entity_lists(args.shared)
    names = {n for lists in corpora.values() for _, ents in lists for e in ents
             for n in [e["name"], *(m["text"] for m in e["mentions"])]}
    runs = capitalised_runs(args.shared)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.rev, "src"], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive.stdout, check=True)
        data = tmp / "data.json"
        data.write_text(json.dumps({"names": sorted(names | runs), "corpora": corpora}))
        before = keyed(tmp / "src", data, tmp / "before.json")
        after = keyed(REPO / "src", data, tmp / "after.json")
    moved = [n for n in before["folds"] if before["folds"][n] != after["folds"][n]]
    print(f"names and mentions folded: {len(names)}; PolNeAR capitalised runs: {len(runs)}")
    print(f"keys that moved: {len(moved)} {moved[:10]}")
    for corpus in corpora:
        b, a = before["groups"][corpus], after["groups"][corpus]
        print(f"{corpus}: canonical entities {len(b)} -> {len(a)}; the same groups, names and types: {a == b}")
    return 1 if moved else 0


if __name__ == "__main__":
    raise SystemExit(main())
