"""Golden tests on the five real seed articles, read in place from ../shared.

The expectations name lines by number (no article text is copied here): the
headline line, the furniture lines with the reason they must be removed for,
and the metadata a reader recovers. Every other non-empty line is reporting and
must survive cleaning unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from newsprism.extract.article import build_article
from newsprism.schema import RawItem
from newsprism.settings import Settings

SEEDS = {
    "000_f323afc459058d37.txt": {
        "title_line": 1,
        "furniture": {11: "subscribe", 12: "credit line", 14: "author bio"},
        "author": "David Wyatt", "outlet": "Buna Times", "credits": ["korrespondent"],
    },
    "001_2e59dbd7b5cc53a0.txt": {
        "title_line": 1, "lede": True,
        "furniture": {8: "stray", 10: "stray", 12: "stray", 14: "stray", 16: "stray", 18: "subscribe"},
        "author": None, "outlet": "Ukrainska Pravda", "credits": [],
    },
    "002_4186c03791c7da8f.txt": {
        "title_line": 1,
        "furniture": {3: "repeated section label", 7: "byline", 9: "repeated section label", 25: "credit line",
                      27: "", 28: ""},
        "author": "Davide Falcioni", "outlet": "Fan Page IT", "credits": ["Fan Page IT"],
    },
    "003_a17827a6f56f6749.txt": {
        "title_line": 1,
        "furniture": {3: "byline", 31: "related-article link", 33: "related-article", 34: "related-article",
                      35: "related-article", 36: "related-article", 37: "related-article", 38: "related-article",
                      39: "related-article", 40: "related-article", 43: "subscribe"},
        "author": "Elizabeth Smith", "outlet": None, "credits": [],
    },
    "004_2c70a767ab1c3b23.txt": {
        "title_line": 5,
        "furniture": {1: "page furniture", 2: "page furniture", 3: "repeated section label", 7: "stray",
                      8: "photo credit", 9: "page furniture", 10: "short interface fragment", 11: "page furniture",
                      12: "page furniture", 30: "repeated section label"},
        "author": None, "outlet": None, "credits": [],
    },
}


@pytest.fixture(scope="module")
def seeds_dir() -> Path:
    return shared_path("corpus", "seeds")


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_cleaning(seeds_dir: Path, settings: Settings, name: str) -> None:
    spec = SEEDS[name]
    path = seeds_dir / name
    lines = path.read_text("utf-8").split("\n")
    article = build_article(RawItem(origin=str(path), content=path.read_bytes(), format="text"), settings)
    paragraphs = set(article.text.split("\n\n"))
    removed = {seg.text: seg.reason for seg in article.removed}

    assert article.title == lines[spec["title_line"] - 1].strip()
    for number, reason in spec["furniture"].items():
        line = lines[number - 1].strip()
        assert line not in paragraphs, f"{name}:{number} is furniture but was kept"
        assert removed.get(line, "").startswith(reason), f"{name}:{number} removed as {removed.get(line)!r}"
    # A headline line is removed (it is the title); a lede used as the title stays in the text.
    reporting = [
        (n, line.strip()) for n, line in enumerate(lines, start=1)
        if line.strip() and (n != spec["title_line"] or spec.get("lede")) and n not in spec["furniture"]
    ]
    assert reporting
    for number, line in reporting:
        assert line in paragraphs, f"{name}:{number} is reporting but was removed ({removed.get(line)})"
    assert article.author == spec["author"]
    assert article.outlet == spec["outlet"]
    assert list(article.credits) == spec["credits"]
    assert article.language == "en"


# The Kremlin spokesman's statement that no one is being forced, as three outlets rendered it.
STATEMENT_LINES = {"000_f323afc459058d37.txt": 7, "001_2e59dbd7b5cc53a0.txt": 5, "003_a17827a6f56f6749.txt": 19}


@pytest.mark.parametrize("name", sorted(STATEMENT_LINES))
def test_seed_statement_is_quoted_and_attributed_to_the_spokesman(seeds_dir: Path, settings: Settings, name: str) -> None:
    from newsprism.annotate.annotator import Annotator

    path = seeds_dir / name
    line = path.read_text("utf-8").split("\n")[STATEMENT_LINES[name] - 1].strip()
    article = build_article(RawItem(origin=str(path), content=path.read_bytes(), format="text"), settings)
    (annotations,) = list(Annotator().annotate([(article.text, article.language, article.published)]))
    start = article.text.index(line)
    end = start + len(line)
    inside = [q for q in annotations.quotes if start <= q.start and q.end <= end and q.kind != "indirect"]
    assert inside, f"{name}:{STATEMENT_LINES[name]}: no quote found on the statement's line"
    assert all("Peskov" in (q.speaker or "") for q in inside), [q.speaker for q in inside]
